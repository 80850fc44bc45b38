"""The town at month 0: who lives there, what they earn, which shops are already open."""

from __future__ import annotations

import numpy as np

from game.core import names
from game.core.params import Params
from game.core.rules.codes import S
from game.core.rules.household import trade_pools
from game.core.rules.informal import living_cost
from game.core.rules.market import outside_pull, shares, trade_arrays
from game.core.state import Cert, Status, TownState


def lots_for(n_households: int) -> int:
    # One main street of up to 40 lots (what the street view can show well); a small town gets
    # about one lot per 12 households (assumption).
    return int(np.clip(round(n_households / 12), 16, 40))


# Shops already open at the start take at most this share of the main street's lots: the
# rest trade in side streets, so the street has room for the newcomers the player watches.
INCUMBENT_LOT_SHARE = 0.4
# Shops differ in their corner, their name, their regulars: incumbents' standing with customers
# is spread this much (logit units; calibrated so that 7-10% of businesses close a year in a
# calm town, docs/evidence.md#firm-death: some old shops earn less than day labour would).
INCUMBENT_APPEAL_SD = 0.5
# Owners already in business differ in how good they are at it: skill from this to 1
# (assumption; the persistent difference between good and poor shops, calibrated with the exit
# rule so that 7-10% of businesses close a year in a calm town: docs/evidence.md#firm-death).
INCUMBENT_SKILL = 0.2
# The town's casual work before the layoffs is at least what this share of households would
# find (a town with no day labourers still has some casual work: assumption).
MIN_DAY_LABOUR_SHARE = 0.02


def skill_matrix(p: Params, female: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Skill fit per trade in [0, 1]. The laid-off share the same few skills (docs/evidence.md
    #claim-7): everyone can cook and sell a little, mill men fix machines, women sew and care."""
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
        if trade.skill_group in groups:
            by_trade[:, t] = base[:, groups.index(trade.skill_group)]
        else:
            by_trade[:, t] = 0.2
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
    st.spouse_income = np.where(
        rng.random(n) < tp.spouse_earner_share, inc.spouse_wage_yuan_per_month, 0.0
    )
    st.skill = skill_matrix(p, st.female, rng)

    # Occupations at the start, by shares of the town.
    u = rng.random(n)
    cut = np.cumsum([tp.soe_share, tp.wage_job_share, tp.retired_share])
    status = np.full(n, Status.DAY_LABOUR, "i1")
    status[u < cut[2]] = Status.RETIRED
    status[u < cut[1]] = Status.WAGE_JOB
    status[u < cut[0]] = Status.SOE_WORKER
    st.status = status
    st.age = np.where(status == S.RETIRED, np.maximum(st.age, 58), st.age)
    st.years_in_plant = np.where(status == S.SOE_WORKER, rng.integers(5, 30, n), 0)
    st.former_wage = np.where(status == S.SOE_WORKER, inc.soe_wage_yuan_per_month, 0.0)
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

    # Businesses already open: before the layoffs each trade held about as many sellers as its
    # spending could keep at a healthy profit (a town near its old balance; assumption).
    remit = np.where(
        st.has_migrant_member,
        inc.migrant_wage_yuan_per_month * inc.remittance_share_of_migrant_wage,
        0.0,
    )
    own_wage = np.select(
        [status == S.SOE_WORKER, status == S.WAGE_JOB, status == S.RETIRED],
        [inc.soe_wage_yuan_per_month, inc.wage_job_yuan_per_month, inc.pension_yuan_per_month],
        inc.day_labour_yuan_per_day * inc.day_labour_days_per_month,
    )
    # Savings in months of the worker's own wage (or of living costs, if more).
    st.cash = savings_months * np.maximum(own_wage, living)
    start_income = own_wage + remit + st.spouse_income
    st.income_last = start_income
    spend = living + inc.propensity_to_consume * np.maximum(start_income - living, 0.0)
    building = sum(t.remittance_share for t in p.trades) * float(remit.sum())
    pools = trade_pools(p, n, float(spend.sum()), building, int((status == S.SOE_WORKER).sum()))[0]
    margin = np.array([1.0 - t.unit_cost_yuan / t.start_price_yuan for t in p.trades])
    rent = np.array([t.rent_yuan_per_month for t in p.trades])
    # A trade held about as many sellers as its spending could keep at a healthy profit - or
    # at what a seller can make working flat out, where that is less (a motor-taxi carries only
    # so many rides a day).
    flat_out = np.array(
        [t.units_per_hour * (t.start_price_yuan - t.unit_cost_yuan) for t in p.trades]
    )
    healthy = np.minimum(
        tp.healthy_profit_yuan_per_month, flat_out * p.behaviour.full_hours_per_month - rent
    )
    sustainable = np.maximum(
        pools * margin / (np.maximum(healthy, 1.0) + rent) - outside_pull(p, pools), 0.0
    )
    per_trade = np.floor(tp.incumbent_fill * sustainable + rng.random(len(p.trades))).astype(int)
    candidates = np.flatnonzero((status == S.WAGE_JOB) | (status == S.DAY_LABOUR))
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
    st.appeal[owners] = rng.normal(0.0, INCUMBENT_APPEAL_SD, owners.size)
    st.skill[owners, trade] = rng.uniform(INCUMBENT_SKILL, 1.0, owners.size)
    lots = rng.permutation(st.n_lots)
    k = min(owners.size, int(st.n_lots * INCUMBENT_LOT_SHARE))
    st.lot[owners[:k]] = lots[:k]
    st.going_price[:] = start_price
    _calibrate_market(p, st, owners, pools)

    st.soe_workers_at_start = int((status == S.SOE_WORKER).sum())
    st.wage_jobs_at_start = int((status == S.WAGE_JOB).sum())
    st.spending_at_start = float(pools.sum())
    st.pool_last[:] = pools
    labourers = max(int((status == S.DAY_LABOUR).sum()), MIN_DAY_LABOUR_SHARE * n)
    st.day_labour_days_at_start = float(labourers * inc.day_labour_days_per_month)
    st.sector_cash["lenders"] = inc.lenders_capital_yuan_per_household * n
    st.sector_cash["fund"] = p.policy.guarantee_fund_yuan_per_household * n
    return st


def _calibrate_market(p: Params, st: TownState, owners: np.ndarray, pools: np.ndarray) -> None:
    """Before the layoffs the town is in its old balance: each trade's logit weight on price is
    derived so that the start price is the sellers' own best response at their shares (Lerner:
    margin = 1 / (1 + sigma (1 - share))); what each incumbent sells then is what it has come to
    expect, and what neighbours see it earn."""
    ta = trade_arrays(p)
    t = st.trade[owners].astype("i8")
    st.price_sensitivity[:] = 1.0
    share, outside = shares(p, st, owners, t, st.price[owners].astype("f8"), pools, ta)
    n_t = np.bincount(t, minlength=st.n_trades)
    mean_share = np.bincount(t, weights=share, minlength=st.n_trades) / np.maximum(n_t, 1)
    lone = 1.0 / (1.0 + outside)
    s = np.where(n_t > 0, mean_share, lone)
    margin = 1.0 - ta["unit_cost"] / ta["start_price"]
    st.price_sensitivity[:] = (1.0 / np.clip(margin, 0.02, 0.98) - 1.0) / np.maximum(1.0 - s, 0.05)
    share, _ = shares(p, st, owners, t, st.price[owners].astype("f8"), pools, ta)
    revenue = pools[t] * share
    st.usual_revenue[owners] = revenue
    profit = revenue * (1.0 - ta["unit_cost"][t] / st.price[owners]) - ta["rent"][t]
    st.profit[owners] = profit
    st.profit_avg[owners] = profit
    st.expected_profit[owners] = profit
    typical = np.bincount(t, weights=profit, minlength=st.n_trades) / np.maximum(n_t, 1)
    empty = pools * margin * lone - ta["rent"]
    st.observed_profit[:] = np.where(n_t > 0, typical, empty)
