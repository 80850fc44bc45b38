"""Views: small frozen records of the town built by the core for every reader above it (the
screens, the debrief, the report, a remote seat). Readers never import a rule or read a state
array: what they show is computed here by the core's own functions, so a screen cannot drift
from the rules (architecture.md, practice 14). Views are plain data and serialise to JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.core.rules import business, choice, household, informal, labour
from game.core.state import Status

if TYPE_CHECKING:
    from game.core.engine import Engine


@dataclass(frozen=True)
class Budget:
    """A household's money as it stands: what living costs, what lenders would still lend."""

    living_cost_yuan: float  # a month's living costs for the worker, spouse and dependants
    informal_room_yuan: float  # what relatives and moneylenders would still lend
    informal_limit_yuan: float
    start_up_informal_room_yuan: float  # the part of that they would put into a business
    spouse_income_yuan: float
    on_minimum_living_guarantee: bool
    minimum_living_guarantee_line_yuan: float  # the household's dibao line (all members)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class PathPreview:
    """What a household can know of each path now, from the same functions the month uses."""

    job_offer_per_month: float  # chance of a wage-job offer this month while searching
    job_offer_after_course: float  # the same after a retraining course
    job_offer_while_day_labour: float  # a day labourer looks less
    day_labour_days: float  # days of casual work one more labourer would find this month
    day_labour_wage_yuan: float
    day_labour_pay_yuan: float  # days x wage x the worker's health
    day_labourers: int
    job_seekers: int
    remittance_yuan_per_month: float  # what a migrant sends home
    migration_cost_yuan: float
    migrant_family_spending_share: float  # what the family at home spends of its living costs
    retirement_eligible: bool
    businesses_in_town: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SpendingOutlook:
    """What the household will spend next month (the core's spending rule, household.py)."""

    living_cost_yuan: float  # its essentials
    next_month_yuan: float  # essentials plus part of last month's income above them
    last_income_yuan: float
    propensity: float  # the share of income above living costs it spends


def spending_outlook(eng: Engine, h: int) -> SpendingOutlook:
    p, st = eng.params, eng.state
    essentials, extra = household.wanted_spending(p, st)
    with_loan = st.loan_principal[h] > 0
    inc = p.income
    return SpendingOutlook(
        living_cost_yuan=float(essentials[h]),
        next_month_yuan=float(essentials[h] + extra[h]),
        last_income_yuan=float(st.income_last[h]),
        propensity=float(
            inc.propensity_to_consume_with_loan if with_loan else inc.propensity_to_consume
        ),
    )


def budget(eng: Engine, h: int) -> Budget:
    p, st = eng.params, eng.state
    idx = np.array([h])
    living = float(informal.living_cost(p, st)[h])
    room = float(informal.room(p, st, idx)[0])
    line = p.income.minimum_living_guarantee_yuan_per_person_per_month * float(
        household.members(st)[h]
    )
    return Budget(
        living_cost_yuan=living,
        informal_room_yuan=room,
        informal_limit_yuan=float(informal.limit(p, st)[h]),
        start_up_informal_room_yuan=choice.START_UP_INFORMAL_SHARE * room,
        spouse_income_yuan=float(st.spouse_income[h]),
        on_minimum_living_guarantee=bool(st.on_dibao[h]),
        minimum_living_guarantee_line_yuan=line,
    )


def path_preview(eng: Engine, h: int) -> PathPreview:
    p, st = eng.params, eng.state
    idx = np.array([h])
    offer = float(labour.offer_probability(p, st, idx)[0])
    boost = 1.0 if st.retrained[h] else p.policy.retraining_offer_boost
    labourers = int((st.status == Status.DAY_LABOUR).sum())
    joining = 0 if st.status[h] == Status.DAY_LABOUR else 1
    days, wage = labour.day_labour_terms(p, st, st.month, labourers + joining)
    pool = np.flatnonzero(st.status == Status.DAY_LABOUR)
    weights = labour.day_labour_weight(p, st, np.union1d(pool, idx))
    mean_w = float(weights.mean())
    days = days * float(labour.day_labour_weight(p, st, idx)[0]) / mean_w if mean_w > 0 else 0.0
    inc = p.income
    remit = (
        inc.migrant_wage_yuan_per_month
        * inc.remittance_share_of_migrant_wage
        * household.remittance_index(p, st.month)
    )
    seeking = household.status_in(
        st.status, (Status.LAID_OFF, Status.JOB_SEARCH, Status.DAY_LABOUR, Status.RETRAINING)
    )
    return PathPreview(
        job_offer_per_month=offer,
        job_offer_after_course=min(1.0, offer * boost),
        job_offer_while_day_labour=offer * labour.DAY_LABOUR_SEARCH,
        day_labour_days=float(days),
        day_labour_wage_yuan=float(wage),
        day_labour_pay_yuan=float(days * wage * st.health[h]),
        day_labourers=labourers,
        job_seekers=int(seeking.sum()),
        remittance_yuan_per_month=float(remit),
        migration_cost_yuan=float(inc.migration_cost_yuan),
        migrant_family_spending_share=household.MIGRANT_FAMILY_SPENDING,
        retirement_eligible=bool(choice.retirement_eligible(p, st, idx)[0]),
        businesses_in_town=int((st.status == Status.SELF_EMPLOYED).sum()),
    )


def free_lots(eng: Engine) -> list[int]:
    """The street's lots nobody trades on now, in street order."""
    return [int(x) for x in business.free_lots(eng.state)]


def outside_option_yuan(eng: Engine) -> float:
    """What a month of day labour would bring now: the yardstick owners hold their business to."""
    return float(business.outside_option(eng.params, eng.state))


def insurance_months_if_laid_off(eng: Engine, h: int) -> int:
    """Months of unemployment insurance household `h` would get if laid off now (a player a
    scenario keeps at the firm until a later wave)."""
    years = eng.state.years_in_plant[h : h + 1]
    return int(household.insurance_months(eng.params, years)[0])
