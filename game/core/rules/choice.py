"""What the laid-off do next (the four measures of the 2016 guidelines, and day labour), how a
trade is chosen, and how a business is financed and opened."""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules import finance, informal
from game.core.rules.business import open_business, outside_option
from game.core.rules.codes import C, S
from game.core.rules.context import MonthContext, clip, indices, self_employed
from game.core.rules.household import set_status, status_in
from game.core.rules.informal import living_cost
from game.core.state import Status, TownState

SEEKING = (Status.LAID_OFF, Status.JOB_SEARCH, Status.DAY_LABOUR)
# Informal lenders (family, moneylenders) put up only part of what they would lend for
# living costs when it is for a start-up (assumption: a quarter).
START_UP_INFORMAL_SHARE = 0.25
# Planners keep two months of living costs back from their savings, and put at most this share
# of the rest into a business (a household does not stake all it has: assumption). The rest of
# the start-up cost must be borrowed: that is what the subsidised loan is for.
RESERVE_MONTHS = 2.0
SAVINGS_AT_RISK = 0.5
# Those who cannot finance their plan this month give it up with this chance (assumption).
GIVE_UP_RATE = 0.15
# Blacklisted borrowers and households not laid off start businesses far less often (the
# campaign and its loan are aimed at the laid-off: assumption).
BLACKLISTED_ENTRY = 0.2
NOT_LAID_OFF_ENTRY = 0.1
# A trade the household could not finance weighs this much less in its choice (logit units;
# assumption).
UNREACHABLE_PENALTY = 1.0
# Households in a wage job think about a business of their own this much less often than those
# without work (assumption).
EMPLOYED_LOOKING = 0.1
# Internal retirement is taken by most who can (assumption).
RETIRE_TAKE_UP = 0.6


def retirement_eligible(p: Params, st: TownState, idx: np.ndarray) -> np.ndarray:
    """Internal retirement: only within 5 years of the statutory age (men 60, women workers
    50: docs/evidence.md#retirement-age, #internal-retirement), and only for those laid off
    from the firm."""
    pol = p.policy
    age_ret = np.where(st.female[idx], pol.retirement_age_women, pol.retirement_age_men)
    return (st.age[idx] >= age_ret - pol.internal_retirement_years_before) & (
        st.laid_off_month[idx] >= 0
    )


def can_take_loan(p: Params, st: TownState, idx: np.ndarray) -> np.ndarray:
    """Who the bank would lend to now: lending open, laid off (the certificate is proof of it),
    not blacklisted, within the age limit, and no subsidised loan still running."""
    if not finance.lending_open(p, st):
        return np.zeros(np.size(idx), bool)
    return (
        ~st.blacklisted[idx]
        & (st.age[idx] <= p.policy.loan_age_limit_years)
        & (st.laid_off_month[idx] >= 0)
        & (st.loan_principal[idx] <= 0)
    )


def migrate(p: Params, st: TownState, ctx: MonthContext, who: np.ndarray) -> np.ndarray:
    """Send the worker to the city: the fare and the first weeks are paid from cash (or
    borrowed); those who cannot raise them stay. Returns who left."""
    if who.size == 0:
        return who
    paid = informal.pay_if_affordable(
        p, st, ctx, who, p.income.migration_cost_yuan, "migration_costs"
    )
    gone = who[paid]
    set_status(st, gone, Status.MIGRATED)
    st.wage_arrears_left[gone] = 0
    ctx.note("migrated", gone)
    return gone


def split_by_draw(
    rest: np.ndarray,
    u: np.ndarray,
    p_business: np.ndarray,
    p_migrate: np.ndarray,
    p_retrain: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Who of `rest` plans a business, leaves, retrains or searches, by each one's uniform draw
    `u` against the cumulative odds (the town's rule and the batch's share this)."""
    c1 = p_business
    c2 = c1 + p_migrate
    c3 = c2 + p_retrain
    return rest[u < c1], rest[(u >= c1) & (u < c2)], rest[(u >= c2) & (u < c3)], rest[u >= c3]


def choose_paths(p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]) -> None:
    """AI households without work act on their plans now and then. Options: internal
    retirement if eligible, a business (the state's favoured answer), migration, retraining,
    job search; day labour once savings and insurance run thin."""
    b, pol = p.behaviour, p.policy
    rng = ctx.rng["choice"]
    u_act, u_path = rng.random((2, st.n))  # (two rows of one call: the draws of two calls)
    free = ~(st.is_player | st.plans_business)  # AI households without a plan yet
    # (the draws compared for the households they concern: the same households, in order)
    seeking = indices(status_in(st.status, SEEKING) & free)
    acting = seeking[u_act[seeking] < b.decision_rate_per_month]
    # The sellers in each trade (the herd both choices see: no one opens or closes here).
    n_sellers = np.bincount(st.trade[self_employed(st)].astype("i8"), minlength=st.n_trades)
    # Day labour's yardstick (`business.outside_option`, by the town's day labourers) for the
    # lure and the trade chosen, worked out once while the labourers stay the same.
    yardstick = outside_option(p, st)
    _employed_consider_business(p, st, ctx, ta, u_act, u_path, free, n_sellers, yardstick)
    if acting.size == 0:
        return
    retiring = retirement_eligible(p, st, acting) & (u_path[acting] < RETIRE_TAKE_UP)
    retire = acting[retiring]
    set_status(st, retire, Status.RETIRED)
    rest = acting[~retiring] if retire.size else acting  # sorted, as acting is
    if retire.size:  # (a day labourer who retired leaves day labour)
        yardstick = outside_option(p, st)

    p_business = (
        b.entry_propensity
        * business_lure(p, st, yardstick)
        * np.where(st.blacklisted[rest], BLACKLISTED_ENTRY, 1.0)
    )
    p_business = p_business * np.where(st.laid_off_month[rest] >= 0, 1.0, NOT_LAID_OFF_ENTRY)
    p_business = p_business * b.entry_after_failure ** st.businesses_opened[rest].astype("f8")
    p_migrate = np.full(rest.size, b.migration_propensity if pol.migration_enabled else 0.0)
    # Migration grows more tempting as the pot empties and insurance ends.
    stress = clip(
        1.0 - st.cash[rest] / (b.migration_stress_months * living_cost(p, st)[rest]), 0.0, 1.0
    )
    p_migrate = p_migrate * (0.5 + stress) * np.where(st.dependants[rest] >= 3, 0.5, 1.0)
    p_retrain = np.where(st.retrained[rest], 0.0, b.retraining_propensity)
    plan, leave, retrain, search = split_by_draw(
        rest, u_path[rest], p_business, p_migrate, p_retrain
    )
    if plan.size:
        st.plans_business[plan] = True
        st.planned_trade[plan] = choose_trades(p, st, ctx, plan, ta, n_sellers, yardstick)
    if leave.size:
        migrate(p, st, ctx, leave)
        stayed = leave[st.status[leave] != S.MIGRATED]  # none of them had migrated before
        search = np.sort(np.concatenate([search, stayed]))  # two disjoint sorted sets: a union
    set_status(st, retrain, Status.RETRAINING)
    st.retrain_months_left[retrain] = pol.retraining_months
    # Searching: the laid-off register; when insurance has ended and savings run thin, day
    # labour pays the bills.
    thin = (st.ui_months_left[search] <= 0) & (
        st.cash[search] < b.day_labour_cash_months * living_cost(p, st)[search]
    )
    to_day = search[thin & (st.status[search] != S.DAY_LABOUR)]
    set_status(st, to_day, Status.DAY_LABOUR)
    to_search = search[st.status[search] == S.LAID_OFF]
    set_status(st, to_search, Status.JOB_SEARCH)


def _employed_consider_business(p: Params, st: TownState, ctx: MonthContext, ta: dict,
                                u_act: np.ndarray, u_path: np.ndarray, free: np.ndarray,
                                n_sellers: np.ndarray, yardstick: float) -> None:  # fmt: skip
    """Now and then a household in a wage job plans a business of its own (the town's ordinary
    churn of small firms); it keeps the job until the business opens. (`free`: the AI
    households without a plan; `n_sellers`: each trade's sellers; `yardstick`: day labour's
    month, `business.outside_option`.)"""
    b = p.behaviour
    rate = b.decision_rate_per_month * EMPLOYED_LOOKING
    employed = indices((st.status == S.WAGE_JOB) & free)
    who = employed[u_act[employed] < rate]
    if who.size == 0:
        return
    lure = b.entry_propensity * business_lure(p, st, yardstick) * NOT_LAID_OFF_ENTRY
    p_business = lure * b.entry_after_failure ** st.businesses_opened[who].astype("f8")
    plan = who[u_path[who] < p_business]
    st.plans_business[plan] = True
    st.planned_trade[plan] = choose_trades(p, st, ctx, plan, ta, n_sellers, yardstick)


def business_lure(p: Params, st: TownState, outside: float | None = None) -> float:
    """How tempting a business looks: what neighbours seem to earn in the best-paying trade
    (lagged, noisy) against what day labour would bring, through a logistic. (`outside`:
    `business.outside_option`, when the caller has it.)"""
    b = p.behaviour
    seen = st.observed_profit.max() if st.n_trades else 0.0
    yardstick = max(outside_option(p, st) if outside is None else outside, 1.0)
    return float(1.0 / (1.0 + np.exp(-b.profit_weight * np.log(max(seen, 1.0) / yardstick))))


def reach(p: Params, st: TownState, who: np.ndarray) -> np.ndarray:
    """What each household could possibly raise for a start-up: savings, the loan if the bank
    would lend to it, and a share of what informal lenders would lend."""
    loan = np.where(can_take_loan(p, st, who), p.policy.loan_ceiling_yuan, 0.0)
    informal_part = START_UP_INFORMAL_SHARE * informal.room(p, st, who)
    own = np.maximum(st.cash[who] - RESERVE_MONTHS * living_cost(p, st)[who], 0.0)
    return SAVINGS_AT_RISK * own + loan + informal_part


def choose_trades(p: Params, st: TownState, ctx: MonthContext, who: np.ndarray,
                  ta: dict[str, np.ndarray], n_sellers: np.ndarray | None = None,
                  outside: float | None = None) -> np.ndarray:  # fmt: skip
    """Logit over trades: skill fit + lagged, noisy incumbent profit + the share of peers
    already in the trade (herding: Garcia-Diaz & Moreno-Monroy 2012). Gumbel-max draws.
    (`n_sellers`: each trade's sellers, when the caller has counted them; `outside`:
    `business.outside_option`, when the caller has it.)"""
    b = p.behaviour
    if who.size == 0:
        return np.zeros(0, "i1")
    rng = ctx.rng["choice"]
    k = st.n_trades
    if n_sellers is None:
        n_sellers = np.bincount(st.trade[st.status == S.SELF_EMPLOYED].astype("i8"), minlength=k)
    herd = n_sellers / max(n_sellers.sum(), 1)
    noise = rng.lognormal(0.0, b.profit_noise_sd, (who.size, k))
    seen = np.maximum(st.observed_profit[None, :] * noise, 100.0)
    yardstick = max(outside_option(p, st) if outside is None else outside, 1.0)
    v = (
        b.skill_weight * st.skill[who]
        + b.profit_weight * np.log(seen / yardstick)
        + b.herding_weight * herd[None, :]
    )
    # A trade beyond what the household could raise weighs less: some aim lower, most keep
    # to what they know and try to raise the money (and give up if they cannot).
    v = np.where(ta["start_up"][None, :] > reach(p, st, who)[:, None], v - UNREACHABLE_PENALTY, v)
    if ctx.blocked_trade >= 0:
        v[:, ctx.blocked_trade] = -np.inf
    g = rng.gumbel(size=(who.size, k))
    choice = np.argmax(v + g, axis=1)
    none = ~np.isfinite(v).any(axis=1)
    return np.where(none, -1, choice).astype("i1")


def finance_and_open(
    p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]
) -> None:
    """Households planning a business raise the start-up cost: savings first; else the
    subsidised loan if the bank will lend (certificate, then a guarantor), with informal
    lenders beyond the ceiling; else informal lenders for a small gap. Those who cannot give
    up the plan now and then."""
    planners = indices(st.plans_business & ~st.is_player)
    blocked = (st.planned_trade[planners] == ctx.blocked_trade) if ctx.blocked_trade >= 0 else False
    drop = (st.planned_trade[planners] < 0) | blocked
    st.plans_business[planners[drop]] = False
    planners = planners[~drop]
    if planners.size == 0:
        return
    t = st.planned_trade[planners].astype("i8")
    cost = ta["start_up"][t]
    own = SAVINGS_AT_RISK * np.maximum(
        st.cash[planners] - RESERVE_MONTHS * living_cost(p, st)[planners], 0.0
    )
    informal_room = np.maximum(START_UP_INFORMAL_SHARE * informal.room(p, st, planners), 0.0)
    self_funded = own >= cost
    can_borrow = can_take_loan(p, st, planners) & ~self_funded
    informal_ok = ~self_funded & ~can_borrow & (cost - own <= informal_room)

    # Certificates: apply if none; wait while pending; give up if refused.
    need_cert = can_borrow & (st.cert[planners] == C.NONE)
    if need_cert.any():
        finance.apply_for_certificate(p, st, planners[need_cert])
    refused = can_borrow & (st.cert[planners] == C.REFUSED)
    ready = can_borrow & (st.cert[planners] == C.GRANTED)
    loan_amount = clip(cost - own, 0.0, p.policy.loan_ceiling_yuan)
    top_up = np.maximum(cost - own - loan_amount, 0.0)  # beyond the ceiling: informal lenders
    ready &= (top_up <= informal_room) & (loan_amount >= 1.0)
    lent = ready.copy()
    if ready.any():
        borrowers = planners[ready]
        guar = finance.seek_guarantors(p, st, ctx, borrowers)
        got = guar != -1
        ctx.note("guarantor_refused", borrowers[~got])
        lent[ready] = got
        if got.any():
            finance.disburse(
                p, st, ctx, planners[lent], loan_amount[lent], np.maximum(guar[got], -1)
            )
            st.loan_trade[planners[lent]] = t[lent]
    top = np.where(lent, top_up, 0.0) + np.where(informal_ok, cost - own, 0.0)
    has_top = top > 0
    got_top = informal.borrow(p, st, ctx, planners[has_top], top[has_top])
    short_top = np.zeros(planners.size, bool)
    short_top[indices(has_top)[got_top < top[has_top] - 0.5]] = True

    opening = (self_funded | lent | informal_ok) & ~(informal_ok & short_top)
    opening &= st.cash[planners] >= cost - 0.5
    open_business(p, st, ctx, planners[opening], t[opening], ta)
    # Give up: refused a certificate, or no way to raise the money; some try again later.
    give_up = refused | (~self_funded & ~can_borrow & ~informal_ok)
    give_up |= ~opening & (ctx.rng["choice"].random(st.n)[planners] < GIVE_UP_RATE)
    quit_ = planners[give_up & ~opening]
    st.plans_business[quit_] = False
    ctx.note("gave_up_business", quit_)
    ctx.note("certificate_barrier", planners[refused])


__all__ = [
    "START_UP_INFORMAL_SHARE",
    "can_take_loan",
    "choose_paths",
    "choose_trades",
    "finance_and_open",
    "migrate",
    "reach",
    "retirement_eligible",
]
