"""What the laid-off do next (the four measures of the 2016 guidelines, and day labour), how a
trade is chosen, how a business is financed and opened, and how it closes."""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules import finance
from game.core.rules.context import MonthContext, pay
from game.core.rules.household import living_cost, outside_option, status_in
from game.core.rules.setup import LOTS_KEPT_FOR_PLAYERS
from game.core.state import Cert, Status, TownState

SEEKING = (Status.LAID_OFF, Status.JOB_SEARCH, Status.DAY_LABOUR)
# Informal lenders (family, moneylenders) put up only part of what they would lend for
# living costs when it is for a start-up (assumption: a quarter).
START_UP_INFORMAL_SHARE = 0.25


def retirement_eligible(p: Params, st: TownState, idx: np.ndarray) -> np.ndarray:
    """Internal retirement: only within 5 years of the statutory age (men 60, women workers
    50: State Council 1978 No.104; Xinhua 2016), and only for those laid off from the firm."""
    pol = p.policy
    age_ret = np.where(st.female[idx], pol.retirement_age_women, pol.retirement_age_men)
    return (st.age[idx] >= age_ret - pol.internal_retirement_years_before) & (
        st.laid_off_month[idx] >= 0
    )


def offer_probability(p: Params, st: TownState, idx: np.ndarray) -> np.ndarray:
    """Monthly chance of a wage-job offer: lower for women, the less educated and the over-40s
    (Appleton et al. 2002), and falling with how many in town look for work."""
    b = p.behaviour
    f = np.where(st.female[idx], b.offer_factor_women, 1.0)
    f = f * np.where(st.age[idx] > 40, b.offer_factor_over_40, 1.0)
    f = f * np.asarray(b.offer_factor_by_education)[st.education[idx]]
    f = f * np.where(st.retrained[idx], p.policy.retraining_offer_boost, 1.0)
    seekers = status_in(
        st.status, (Status.LAID_OFF, Status.JOB_SEARCH, Status.DAY_LABOUR, Status.RETRAINING)
    ).mean()
    demand = float(np.clip(1.0 - 1.5 * seekers, 0.25, 1.0))
    return np.clip(b.job_offer_rate_per_month * f * demand, 0.0, 1.0)


def job_market(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Offers to job seekers (day labourers look at half the rate); a few wage jobs end."""
    rng = ctx.rng["jobs"]
    u, u2 = rng.random(st.n), rng.random(st.n)
    ai = ~st.is_player
    seek = np.flatnonzero(status_in(st.status, (Status.JOB_SEARCH, Status.DAY_LABOUR)))
    prob = offer_probability(p, st, seek) * np.where(st.status[seek] == Status.DAY_LABOUR, 0.5, 1.0)
    prob = prob + p.policy.public_employment_jobs_share  # what-if: public jobs for the laid-off
    hired = seek[u[seek] < prob]
    _set_status(st, hired, Status.WAGE_JOB)
    ctx.note("job_offer", hired)
    # A wage job can end (assumption: 1% a month).
    lost = np.flatnonzero((st.status == Status.WAGE_JOB) & (u2 < 0.01) & ai)
    _set_status(st, lost, Status.JOB_SEARCH)
    # Retraining courses end; the course raises later offer odds.
    course = st.status == Status.RETRAINING
    st.retrain_months_left[course] -= 1
    done = np.flatnonzero(course & (st.retrain_months_left <= 0))
    st.retrained[done] = True
    _set_status(st, done, Status.JOB_SEARCH)
    ctx.note("retraining_done", done)


def _set_status(st: TownState, idx: np.ndarray, status: Status) -> None:
    st.status[idx] = status
    st.status_months[idx] = 0


def choose_paths(p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]) -> None:
    """AI households without work act on their plans now and then. Options: internal
    retirement if eligible, a business (the state's favoured answer), migration, retraining,
    job search; day labour once savings and insurance run thin."""
    b, pol = p.behaviour, p.policy
    rng = ctx.rng["choice"]
    u_act, u_path = rng.random(st.n), rng.random(st.n)
    acting = np.flatnonzero(
        status_in(st.status, SEEKING)
        & ~st.is_player
        & ~st.plans_business
        & (u_act < b.decision_rate_per_month)
    )
    if acting.size == 0:
        return
    retire = acting[retirement_eligible(p, st, acting) & (u_path[acting] < 0.6)]
    _set_status(st, retire, Status.RETIRED)
    rest = np.setdiff1d(acting, retire, assume_unique=True)

    # Appeal of a business: what neighbours seem to earn (lagged, noisy) against the yardstick.
    seen = np.max(st.observed_profit) if st.n_trades else 0.0
    lure = 1.0 / (1.0 + np.exp(-b.profit_weight * np.log(max(seen, 1.0) / outside_option(p))))
    # The campaign for entrepreneurship (and its loan) is aimed at the laid-off; others in
    # town start businesses far less often (assumption: a tenth as often).
    p_business = b.entry_propensity * lure * np.where(st.blacklisted[rest], 0.2, 1.0)
    p_business = p_business * np.where(st.laid_off_month[rest] >= 0, 1.0, 0.1)
    p_migrate = np.full(rest.size, b.migration_propensity if pol.migration_enabled else 0.0)
    # Migration grows more tempting as the pot empties and insurance ends.
    stress = np.clip(1.0 - st.cash[rest] / (6.0 * living_cost(p, st)[rest]), 0.0, 1.0)
    p_migrate = p_migrate * (0.5 + stress) * np.where(st.dependants[rest] >= 3, 0.5, 1.0)
    p_retrain = np.where(st.retrained[rest], 0.0, b.retraining_propensity)
    u = u_path[rest]
    c1 = p_business
    c2 = c1 + p_migrate
    c3 = c2 + p_retrain
    plan = rest[u < c1]
    migrate = rest[(u >= c1) & (u < c2)]
    retrain = rest[(u >= c2) & (u < c3)]
    search = rest[u >= c3]
    st.plans_business[plan] = True
    st.planned_trade[plan] = choose_trades(p, st, ctx, plan, ta)
    _set_status(st, migrate, Status.MIGRATED)
    ctx.note("migrated", migrate)
    _set_status(st, retrain, Status.RETRAINING)
    st.retrain_months_left[retrain] = pol.retraining_months
    # Searching: the laid-off register; when insurance has ended, day labour pays the bills.
    to_day = search[
        (st.ui_months_left[search] <= 0) & (st.cash[search] < 3 * living_cost(p, st)[search])
    ]
    _set_status(st, to_day, Status.DAY_LABOUR)
    to_search = search[st.status[search] == Status.LAID_OFF]
    _set_status(st, to_search, Status.JOB_SEARCH)


def choose_trades(
    p: Params, st: TownState, ctx: MonthContext, who: np.ndarray, ta: dict[str, np.ndarray]
) -> np.ndarray:
    """Logit over trades: skill fit + lagged, noisy incumbent profit + the share of peers
    already in the trade (herding: Garcia-Diaz & Moreno-Monroy 2012). Gumbel-max draws."""
    b = p.behaviour
    if who.size == 0:
        return np.zeros(0, "i1")
    rng = ctx.rng["choice"]
    k = st.n_trades
    n_sellers = np.bincount(st.trade[st.status == Status.SELF_EMPLOYED].astype("i8"), minlength=k)
    herd = n_sellers / max(n_sellers.sum(), 1)
    noise = rng.lognormal(0.0, b.profit_noise_sd, (who.size, k))
    seen = np.maximum(st.observed_profit[None, :] * noise, 100.0)
    v = (
        b.skill_weight * st.skill[who]
        + b.profit_weight * np.log(seen / outside_option(p))
        + b.herding_weight * herd[None, :]
    )
    # What the household could possibly raise: its savings, the loan ceiling, informal credit.
    reach = np.maximum(st.cash[who], 0.0) + (
        p.policy.loan_ceiling_yuan if p.policy.loans_enabled else 0.0
    )
    reach = (
        reach
        + START_UP_INFORMAL_SHARE
        * p.income.informal_limit_months_of_living
        * living_cost(p, st)[who]
    )
    v = np.where(ta["start_up"][None, :] > reach[:, None], -np.inf, v)
    if ctx.blocked_trade >= 0:
        v[:, ctx.blocked_trade] = -np.inf
    g = rng.gumbel(size=(who.size, k))
    choice = np.argmax(v + g, axis=1)
    none = ~np.isfinite(v).any(axis=1)
    return np.where(none, -1, choice).astype("i1")


def finance_and_open(
    p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]
) -> None:
    """Households planning a business raise the money: savings first; else the subsidised
    loan (certificate, then a guarantor); else informal lenders for a small gap. Those who
    cannot give up the plan and search for work instead."""
    planners = np.flatnonzero(st.plans_business & ~st.is_player)
    blocked = (st.planned_trade[planners] == ctx.blocked_trade) if ctx.blocked_trade >= 0 else False
    drop = (st.planned_trade[planners] < 0) | blocked
    st.plans_business[planners[drop]] = False
    planners = planners[~drop]
    if planners.size == 0:
        return
    t = st.planned_trade[planners].astype("i8")
    cost = ta["start_up"][t]
    reserve = 2.0 * living_cost(p, st)[planners]
    own = np.maximum(st.cash[planners] - reserve, 0.0)
    gap = np.maximum(cost - own, 0.0)
    informal_room = np.maximum(
        START_UP_INFORMAL_SHARE
        * p.income.informal_limit_months_of_living
        * living_cost(p, st)[planners]
        - st.informal_debt[planners],
        0.0,
    )

    self_funded = gap <= 0
    # The subsidised loan needs proof of laid-off status: only the laid-off can get it.
    can_borrow = (
        finance.lending_open(p, st)
        & ~st.blacklisted[planners]
        & (st.age[planners] <= 60)
        & (st.laid_off_month[planners] >= 0)
    )
    wants_loan = ~self_funded & can_borrow
    informal_ok = ~self_funded & ~can_borrow & (gap <= informal_room)

    # Certificates: apply if none; wait while pending; give up if refused.
    need_cert = wants_loan & (st.cert[planners] == Cert.NONE)
    finance.apply_for_certificate(p, st, planners[need_cert])
    refused = wants_loan & (st.cert[planners] == Cert.REFUSED)
    ready = wants_loan & (st.cert[planners] == Cert.GRANTED)
    loan_amount = np.minimum(gap, p.policy.loan_ceiling_yuan)
    top_up = gap - loan_amount  # beyond the ceiling: informal lenders, if they will
    ready &= top_up <= informal_room
    borrowers = planners[ready]
    guar = finance.seek_guarantors(p, st, ctx, borrowers)
    got = guar != -1
    ctx.note("guarantor_refused", borrowers[~got])
    lenders_ok = ready.copy()
    lenders_ok[ready] = got
    finance.disburse(
        p, st, ctx, planners[lenders_ok], loan_amount[lenders_ok], np.maximum(guar[got], -1)
    )
    st.loan_trade[planners[lenders_ok]] = t[lenders_ok]
    top = np.where(lenders_ok, top_up, 0.0) + np.where(informal_ok, gap, 0.0)
    pay(st.cash, ctx, planners, top, "informal_borrowing")
    st.informal_debt[planners] += top

    opening = self_funded | lenders_ok | informal_ok
    open_business(p, st, ctx, planners[opening], t[opening], ta)
    # Give up: refused a certificate, or no way to raise the money; some try again later.
    give_up = refused | (~self_funded & ~can_borrow & ~informal_ok)
    give_up |= ~opening & (ctx.rng["choice"].random(st.n)[planners] < 0.15)
    quit_ = planners[give_up & ~opening]
    st.plans_business[quit_] = False
    ctx.note("gave_up_business", quit_)
    blocked = planners[refused]
    ctx.note("certificate_barrier", blocked)


def open_business(
    p: Params,
    st: TownState,
    ctx: MonthContext,
    who: np.ndarray,
    t: np.ndarray,
    ta: dict[str, np.ndarray],
    lots: np.ndarray | None = None,
) -> None:
    """Pay the start-up cost, take a free lot on the street, set a price near the going one."""
    if who.size == 0:
        return
    pay(st.cash, ctx, who, -ta["start_up"][t], "start_up_costs")
    st.plans_business[who] = False
    _set_status(st, who, Status.SELF_EMPLOYED)
    st.trade[who] = t
    going = np.where(st.going_price[t] > 0, st.going_price[t], ta["start_price"][t])
    # Newcomers undercut the going price a little to win customers (assumption).
    st.price[who] = np.maximum(going * 0.97, ta["unit_cost"][t] * (1 + p.behaviour.min_markup))
    burden = st.female[who] & (
        st.dependants[who] >= 2
    )  # heavy family duties cut hours (de Mel et al.)
    st.hours[who] = p.behaviour.full_hours_per_month * np.where(burden, 0.75, 1.0)
    st.months_open[who] = 0
    st.appeal[who] = -0.3  # customers do not know the new shop yet
    st.capital[who] = ta["start_up"][t]
    st.below_outside_months[who] = 0
    st.businesses_opened[who] += 1
    st.in_agreement[who] = False
    st.lot[who] = lots if lots is not None else take_lots(st, who.size)
    np.add.at(ctx.entries, t, 1)
    ctx.note("opened_business", who)


def free_lots(st: TownState) -> np.ndarray:
    used = st.lot[(st.status == Status.SELF_EMPLOYED) & (st.lot >= 0)]
    free = np.ones(st.n_lots, bool)
    free[used] = False
    return np.flatnonzero(free)


def take_lots(st: TownState, k: int) -> np.ndarray:
    """AI newcomers take the free lots in street order, empty lots before shuttered ones,
    leaving a couple for the players; the rest open in side streets (lot -1)."""
    free = free_lots(st)
    order = np.lexsort((free, st.lot_last_trade[free] >= 0))
    free = free[order][: max(free.size - LOTS_KEPT_FOR_PLAYERS, 0)]
    out = np.full(k, -1, "i2")
    out[: min(k, free.size)] = free[:k]
    return out


def exits(p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]) -> None:
    """Closing: a small hazard rising with the firm's age (SAIC 2013), hopeless cash (cannot
    cover next month's rent and lenders say no), or months below the outside option. The
    player closes only by choice, or when the pot is empty and lenders refuse."""
    b = p.behaviour
    rng = ctx.rng["exit"]
    u1, u2 = rng.random(st.n), rng.random(st.n)
    j = np.flatnonzero(st.status == Status.SELF_EMPLOYED)
    t = st.trade[j].astype("i8")
    hazard_year = np.asarray(b.exit_hazard_by_year)
    year = np.minimum(st.months_open[j] // 12, hazard_year.size - 1)
    hazard = 1.0 - (1.0 - hazard_year[year]) ** (1.0 / 12.0)
    below = st.profit[j] < outside_option(p)
    st.below_outside_months[j] = np.where(below, st.below_outside_months[j] + 1, 0)
    limit = p.income.informal_limit_months_of_living * living_cost(p, st)[j]
    hopeless = (st.cash[j] < ta["rent"][t]) & (st.informal_debt[j] >= limit * 0.999)
    # Borrowers hang on longer: closing turns a loan into a default (assumption: half as likely).
    p_tired = b.exit_probability_when_below * np.where(st.loan_principal[j] > 0, 0.5, 1.0)
    tired = (st.below_outside_months[j] >= b.months_below_outside_before_exit) & (u2[j] < p_tired)
    ai = ~st.is_player[j]
    close = hopeless | (ai & ((u1[j] < hazard) | tired))
    close_business(p, st, ctx, j[close], ta)
    ctx.note("closed_hopeless", j[close & hopeless])


def close_business(
    p: Params, st: TownState, ctx: MonthContext, who: np.ndarray, ta: dict[str, np.ndarray]
) -> None:
    if who.size == 0:
        return
    t = st.trade[who].astype("i8")
    salvage = st.capital[who] * p.behaviour.salvage_share
    pay(st.cash, ctx, who, salvage, "salvage")
    lots = st.lot[who]
    st.lot_last_trade[lots[lots >= 0]] = t[lots >= 0]
    np.add.at(ctx.exits, t, 1)
    st.trade[who] = -1
    st.lot[who] = -1
    st.capital[who] = 0.0
    st.in_agreement[who] = False
    st.profit[who] = 0.0
    st.revenue[who] = 0.0
    st.sales_units[who] = 0.0
    _set_status(st, who, Status.DAY_LABOUR)
    ctx.note("closed_business", who)
