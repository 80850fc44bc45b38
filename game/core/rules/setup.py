"""The town at month 0: who lives there, what they earn, which shops are already open."""

from __future__ import annotations

import numpy as np

from game.core import names
from game.core.params import Params
from game.core.rules.household import living_cost, trade_pools
from game.core.state import Cert, Status, TownState


def lots_for(n_households: int) -> int:
    # One main street of up to 40 lots (what the street view can show well); a small town gets
    # about one lot per 12 households (assumption).
    return int(np.clip(round(n_households / 12), 16, 40))


# Shops already open at the start take at most this share of the main street's lots: the
# rest trade in side streets, so the street has room for the newcomers the player watches.
INCUMBENT_LOT_SHARE = 0.4
# AI newcomers leave this many lots free for the players' own shops.
LOTS_KEPT_FOR_PLAYERS = 2


def skill_matrix(p: Params, female: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Skill fit per trade in [0, 1]. The laid-off share the same few skills (evidence.md
    claim 7): everyone can cook and sell a little, mill men fix machines, women sew and care."""
    groups = list(p.town.skill_groups)
    n = female.size
    strength = p.town.common_skill_strength
    base = rng.random((n, len(groups)), dtype=np.float32) * (1.0 - strength)
    common = {
        "cooking": strength,
        "selling": 0.75 * strength,
        "care": 0.35 * strength,
        "mechanical": 0.3 * strength,
        "construction": 0.15 * strength,
    }
    for g, name in enumerate(groups):
        base[:, g] += common.get(name, 0.2 * strength)
        if name in ("mechanical", "construction"):
            base[:, g] += np.where(female, 0.0, 0.3 * strength)
        if name == "care":
            base[:, g] += np.where(female, 0.3 * strength, 0.0)
    base = np.clip(base, 0.0, 1.0)
    by_trade = np.zeros((n, len(p.trades)), "f4")
    for t, trade in enumerate(p.trades):
        g = groups.index(trade.skill_group) if trade.skill_group in groups else None
        by_trade[:, t] = base[:, g] if g is not None else 0.2
    return by_trade


def build_town(p: Params, rng: np.random.Generator) -> TownState:
    n = int(p.town.households)
    st = TownState.empty(n, len(p.trades), lots_for(n))
    tp, inc = p.town, p.income

    st.female = rng.random(n) < tp.female_share
    st.age = np.clip(rng.normal(tp.age_mean_years, tp.age_sd_years, n), 22, 75).astype("f4")
    edu = np.asarray(tp.education_shares, float)
    st.education = np.searchsorted(np.cumsum(edu / edu.sum()), rng.random(n), side="right").clip(
        0, 2
    )
    st.dependants = np.clip(rng.poisson(tp.dependants_mean, n), 0, 5)
    st.children_in_school = np.minimum(st.dependants, rng.integers(0, 3, n))
    st.surname = rng.integers(0, len(names.SURNAMES), n)
    st.given_name = rng.integers(0, len(names.GIVEN), n)
    st.former_job = rng.integers(0, len(names.FORMER_JOBS), n)
    st.has_migrant_member = rng.random(n) < tp.migrant_member_share
    st.skill = skill_matrix(p, st.female, rng)

    # Occupations at the start, by shares of the town.
    u = rng.random(n)
    cut = np.cumsum([tp.soe_share, tp.wage_job_share, tp.retired_share])
    status = np.full(n, Status.DAY_LABOUR, "i1")
    status[u < cut[2]] = Status.RETIRED
    status[u < cut[1]] = Status.WAGE_JOB
    status[u < cut[0]] = Status.SOE_WORKER
    st.status = status
    st.age = np.where(status == Status.RETIRED, np.maximum(st.age, 58), st.age)
    st.years_in_plant = np.where(status == Status.SOE_WORKER, rng.integers(5, 30, n), 0)
    st.former_wage = np.where(status == Status.SOE_WORKER, inc.soe_wage_yuan_per_month, 0.0)
    st.laid_off_month = -1
    st.status_months = rng.integers(0, 120, n)

    st.trade = -1
    st.lot = -1
    st.guarantor = -1
    st.planned_trade = -1
    st.cert = Cert.NONE
    st.health = 1.0
    st.trust = 1.0
    st.pay_school_fees = True
    st.see_doctor = True

    living = living_cost(p, st)
    savings_months = rng.lognormal(np.log(tp.savings_months_of_wage), 0.6, n)
    st.cash = savings_months * np.maximum(st.former_wage, living)

    # Businesses already open: before the layoffs each trade held about as many sellers as its
    # spending could keep at a healthy profit (a town near its old balance; assumption).
    remit = np.where(
        st.has_migrant_member,
        inc.migrant_wage_yuan_per_month * inc.remittance_share_of_migrant_wage,
        0.0,
    )
    start_income = (
        np.select(
            [status == Status.SOE_WORKER, status == Status.WAGE_JOB, status == Status.RETIRED],
            [inc.soe_wage_yuan_per_month, inc.wage_job_yuan_per_month, inc.pension_yuan_per_month],
            inc.day_labour_yuan_per_day * inc.day_labour_days_per_month,
        )
        + remit
    )
    st.income_last = start_income
    spend = living + inc.propensity_to_consume * np.maximum(start_income - living, 0.0)
    pools = trade_pools(
        p, n, float(spend.sum()), float(remit.sum()), int((status == Status.SOE_WORKER).sum())
    )[0]
    margin = np.array([1.0 - t.unit_cost_yuan / t.start_price_yuan for t in p.trades])
    rent = np.array([t.rent_yuan_per_month for t in p.trades])
    outside = p.behaviour.outside_option_weight * pools / 20_000.0
    sustainable = np.maximum(
        pools * margin / (tp.healthy_profit_yuan_per_month + rent) - outside, 0.0
    )
    per_trade = np.floor(tp.incumbent_fill * sustainable + rng.random(len(p.trades))).astype(int)
    # Salop's t is set so the start price is the going price for the sellers already open.
    st.reference_sellers[:] = np.maximum(per_trade, 1.0)
    candidates = np.flatnonzero((status == Status.WAGE_JOB) | (status == Status.DAY_LABOUR))
    owners = rng.permutation(candidates)[: per_trade.sum()]
    owners.sort()
    trade = np.repeat(np.arange(len(p.trades)), per_trade)[: owners.size]
    trade = rng.permutation(trade)
    status[owners] = Status.SELF_EMPLOYED
    st.status = status
    st.trade[owners] = trade
    start_price = np.array([t.start_price_yuan for t in p.trades], "f4")
    start_cost = np.array([t.start_up_cost_yuan for t in p.trades], "f4")
    st.price[owners] = start_price[trade] * rng.uniform(0.97, 1.06, owners.size)
    st.hours[owners] = p.behaviour.full_hours_per_month
    st.months_open[owners] = rng.integers(6, 96, owners.size)
    st.capital[owners] = start_cost[trade]
    st.appeal[owners] = rng.normal(0.0, 0.15, owners.size)
    free_lots = rng.permutation(st.n_lots)
    k = min(owners.size, int(st.n_lots * INCUMBENT_LOT_SHARE))
    st.lot[owners[:k]] = free_lots[:k]
    st.going_price[:] = start_price
    st.observed_profit[:] = p.income.soe_wage_yuan_per_month
    st.soe_workers_at_start = int((status == Status.SOE_WORKER).sum())
    return st
