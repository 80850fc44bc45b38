"""Views: small frozen records of the town built by the core for every reader above it (the
screens, the debrief, the report, a remote seat). Readers never import a rule or read a state
array: what they show is computed here by the core's own functions, so a screen cannot drift
from the rules (architecture.md, practice 14). Views are plain data and serialise to JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from game.core.commands import PRICE_CAP_TIMES_START
from game.core.rules import business, choice, household, informal, labour
from game.core.state import Status

if TYPE_CHECKING:
    from game.core.engine import Engine


class View:
    """Every view serialises to JSON as it is (what a remote seat will receive)."""

    def to_dict(self) -> dict:
        """Plain JSON types (a tuple becomes a list)."""
        fields = asdict(cast(Any, self))  # every view is a dataclass
        return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}


@dataclass(frozen=True)
class Household(View):
    """One household as it stands: who they are, their money, their work and their business.
    Numbers are plain Python numbers of the state's values (`float(...)` of each)."""

    household: int
    month: int  # the town's month (0 = the first, not yet played)
    status: str  # Status name in lower case: "laid_off", "self_employed", ...
    # who they are
    surname: int  # index into names.SURNAMES
    given_name: int  # index into names.GIVEN
    age: float
    female: bool
    education: int  # 0 primary, 1 middle school, 2 high school or more
    dependants: int
    children_in_school: int
    has_migrant_member: bool
    former_job: int  # index into names.FORMER_JOBS
    former_wage: float  # yuan/month before the layoff
    years_in_plant: int
    health: float  # 1 well, lower after untreated illness or going without
    skill: tuple[float, ...]  # per trade
    # money and the state's help
    cash: float
    informal_debt: float
    ui_months_left: int  # unemployment insurance months still to come
    retrain_months_left: int
    pay_school_fees: bool
    see_doctor: bool
    # the subsidised loan
    loan_principal: float
    loan_due_month: int
    loan_trade: int  # the trade the loan paid for (-1: none)
    guarantor: int  # the household that stood guarantor (-1: none)
    cert_ready_month: int
    blacklisted: bool
    in_arrears: bool
    # the business
    plans_business: bool
    planned_trade: int
    trade: int  # -1: no business
    lot: int  # -1: a side street (or no business)
    price: float
    hours: float
    capital: float  # equipment and stock, sold at salvage on closing
    months_open: int
    in_agreement: bool

    @property
    def has_loan(self) -> bool:
        return self.loan_principal > 0


def household_view(eng: Engine, h: int) -> Household:
    st = eng.state
    return Household(
        household=int(h),
        month=int(st.month),
        status=Status(st.status[h]).name.lower(),
        surname=int(st.surname[h]),
        given_name=int(st.given_name[h]),
        age=float(st.age[h]),
        female=bool(st.female[h]),
        education=int(st.education[h]),
        dependants=int(st.dependants[h]),
        children_in_school=int(st.children_in_school[h]),
        has_migrant_member=bool(st.has_migrant_member[h]),
        former_job=int(st.former_job[h]),
        former_wage=float(st.former_wage[h]),
        years_in_plant=int(st.years_in_plant[h]),
        health=float(st.health[h]),
        skill=tuple(float(x) for x in st.skill[h]),
        cash=float(st.cash[h]),
        informal_debt=float(st.informal_debt[h]),
        ui_months_left=int(st.ui_months_left[h]),
        retrain_months_left=int(st.retrain_months_left[h]),
        pay_school_fees=bool(st.pay_school_fees[h]),
        see_doctor=bool(st.see_doctor[h]),
        loan_principal=float(st.loan_principal[h]),
        loan_due_month=int(st.loan_due_month[h]),
        loan_trade=int(st.loan_trade[h]),
        guarantor=int(st.guarantor[h]),
        cert_ready_month=int(st.cert_ready_month[h]),
        blacklisted=bool(st.blacklisted[h]),
        in_arrears=bool(st.in_arrears[h]),
        plans_business=bool(st.plans_business[h]),
        planned_trade=int(st.planned_trade[h]),
        trade=int(st.trade[h]),
        lot=int(st.lot[h]),
        price=float(st.price[h]),
        hours=float(st.hours[h]),
        capital=float(st.capital[h]),
        months_open=int(st.months_open[h]),
        in_agreement=bool(st.in_agreement[h]),
    )


@dataclass(frozen=True)
class Market(View):
    """One trade's market as the month opens: its costs, last month's going price, and its
    price agreement."""

    trade: int
    unit_cost: float
    start_price: float
    start_up: float  # what opening costs
    going_price: float  # last month's typical price (0: nobody sold)
    sellers: int  # households trading in it now
    min_price: float  # the lowest an owner asks: unit cost and a minimal markup
    max_price: float  # the most anyone would pay (SetPrice's cap)
    agreement_active: bool
    agreement_floor: float
    agreement_cooldown: int  # months before a new agreement can be proposed
    proposed_floor: float  # the floor an agreement proposed now would set (ProposeAgreement)
    agreement_hold_share: float  # the share of sellers that must join for it to hold


def market(eng: Engine, t: int) -> Market:
    st, ta, b = eng.state, eng.trade_arrays, eng.params.behaviour
    unit, start = float(ta["unit_cost"][t]), float(ta["start_price"][t])
    return Market(
        trade=int(t),
        unit_cost=unit,
        start_price=start,
        start_up=float(ta["start_up"][t]),
        going_price=float(st.going_price[t]),
        sellers=int(((st.status == Status.SELF_EMPLOYED) & (st.trade == t)).sum()),
        min_price=unit * (1.0 + eng.params.market.min_markup),
        max_price=PRICE_CAP_TIMES_START * start,
        agreement_active=bool(st.agreement_active[t]),
        agreement_floor=float(st.agreement_floor[t]),
        agreement_cooldown=int(st.agreement_cooldown[t]),
        proposed_floor=float(st.going_price[t]) * (1.0 + b.agreement_markup),
        agreement_hold_share=1.0 - b.agreement_collapse_share,
    )


@dataclass(frozen=True)
class Business(View):
    """A household's business as its owner sees it at the start of a month."""

    trade: int
    price: float
    going_price: float  # last month's typical price in the trade (0: nobody sold)
    unit_cost: float
    start_price: float
    start_up: float
    min_price: float  # the lowest price the owner would ask (unit cost and a minimal markup)
    max_price: float  # the most anyone would pay (the SetPrice command's cap)
    profit: float  # last month's
    profit_avg: float  # smoothed over about three months (what the bank looks at)
    months_open: int
    sold_out: bool  # last month customers wanted more than the hours could make
    hours: float
    full_hours: float


def business_view(eng: Engine, h: int) -> Business | None:
    """Household `h`'s business, or None if it has none."""
    st = eng.state
    if st.status[h] != Status.SELF_EMPLOYED or st.trade[h] < 0:
        return None
    m = market(eng, int(st.trade[h]))
    return Business(
        trade=m.trade,
        price=float(st.price[h]),
        going_price=m.going_price,
        unit_cost=m.unit_cost,
        start_price=m.start_price,
        start_up=m.start_up,
        min_price=m.min_price,
        max_price=m.max_price,
        profit=float(st.profit[h]),
        profit_avg=float(st.profit_avg[h]),
        months_open=int(st.months_open[h]),
        sold_out=bool(st.capacity_bound[h]),
        hours=float(st.hours[h]),
        full_hours=float(eng.params.behaviour.full_hours_per_month),
    )


@dataclass(frozen=True)
class Town(View):
    """What the whole town is as it stands (not a history: that is the metrics)."""

    month: int
    soe_workers_at_start: int
    n_trades: int


def town(eng: Engine) -> Town:
    st = eng.state
    return Town(int(st.month), int(st.soe_workers_at_start), int(st.n_trades))


@dataclass(frozen=True)
class Budget(View):
    """A household's money as it stands: what living costs, what lenders would still lend."""

    living_cost_yuan: float  # a month's living costs for the worker, spouse and dependants
    informal_room_yuan: float  # what relatives and moneylenders would still lend
    informal_limit_yuan: float
    start_up_informal_room_yuan: float  # the part of that they would put into a business
    spouse_income_yuan: float
    on_minimum_living_guarantee: bool
    minimum_living_guarantee_line_yuan: float  # the household's dibao line (all members)


@dataclass(frozen=True)
class PathPreview(View):
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


@dataclass(frozen=True)
class SpendingOutlook(View):
    """What the household will spend next month (the core's spending rule, household.py)."""

    living_cost_yuan: float  # its essentials
    next_month_yuan: float  # essentials plus part of last month's income above them
    last_income_yuan: float
    propensity: float  # the share of income above living costs it spends
    # spent from cash on top, booked with the living costs: the trades' `remittance_share`s of
    # the money sent home (household.house_building_share)
    house_building_yuan: float


def spending_outlook(eng: Engine, h: int) -> SpendingOutlook:
    p, st = eng.params, eng.state
    essentials, extra = household.wanted_spending(p, st)
    with_loan = st.loan_principal[h] > 0
    inc = p.income
    # the money sent home this month, as the income rule counts it (a migrated worker's pay
    # held back by the city employer sends nothing)
    own = st.status[h] == Status.MIGRATED and st.wage_arrears_left[h] <= 0
    remit = (int(st.has_migrant_member[h]) + int(own)) * household.remittance_unit(p, st.month)
    return SpendingOutlook(
        living_cost_yuan=float(essentials[h]),
        next_month_yuan=float(essentials[h] + extra[h]),
        last_income_yuan=float(st.income_last[h]),
        propensity=float(
            inc.propensity_to_consume_with_loan if with_loan else inc.propensity_to_consume
        ),
        house_building_yuan=float(household.house_building_share(p) * remit),
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
    remit = household.remittance_unit(p, st.month)
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
