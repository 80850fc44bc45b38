"""`choice.choose_paths` for every town of a batch at once (see rules/batched.py for the rules
of byte-identity): the month's two draws from each town's own generator, who acts and what
each chooses element-wise over the flat columns, migration's fare paid within each town's own
lenders' money; a trade's choice draws from each town's own generator, sized by how many of
that town chose a business."""

from __future__ import annotations

from operator import attrgetter

import numpy as np

from game.core.rules import batched_household, business, finance
from game.core.rules import choice as rule
from game.core.rules.batched import (
    Batch,
    business_lures,
    note,
    outside_options,
    pay_segments,
    segment_sums,
    segments,
    stacked,
)
from game.core.rules.batched_business import take_lots
from game.core.rules.batched_labour import uniforms
from game.core.rules.codes import S
from game.core.rules.household import status_in
from game.core.rules.informal import living_cost
from game.core.rules.market import burdened
from game.core.rules.streams import below_rows
from game.core.state import Cert, Status

_SUSPENDED = attrgetter("state.lending_suspended")  # (read for every town in C)


def _plan(batch: Batch, plan: np.ndarray) -> None:
    """Households `plan` (flat, sorted) plan a business: `choice.choose_trades` for every town
    at once. Each town draws its own noise and Gumbel variates (in its order, its sizes); the
    logit itself is element-wise, each row given its own town's profits, yardstick, herd and
    blocked trade."""
    cols = batch.columns
    cols["plans_business"][plan] = True
    if plan.size == 0:
        return
    e0 = batch.engines[0]
    ta, b = e0.trade_arrays, e0.params.behaviour
    k = e0.state.n_trades
    run = batch.run[plan]
    towns = np.unique(run).tolist()
    noise, gumbel = [], []
    yardstick = np.maximum(outside_options(batch), 1.0)
    for r, local in zip(towns, _split_towns(batch, plan, towns), strict=True):
        e = batch.engines[r]
        rng = e.ctx.rng["choice"]
        noise.append(rng.lognormal(0.0, b.profit_noise_sd, (local.size, k)))
        gumbel.append(rng.gumbel(size=(local.size, k)))
    engines = batch.engines
    observed = stacked([e.state.observed_profit for e in engines])
    sellers = np.flatnonzero(cols["status"] == S.SELF_EMPLOYED)
    n_sellers = np.bincount(
        batch.run[sellers] * k + cols["trade"][sellers].astype("i8"), minlength=batch.runs * k
    ).reshape(batch.runs, k)
    herd = n_sellers / np.maximum(n_sellers.sum(axis=1), 1)[:, None]
    seen = np.maximum(observed[run] * np.concatenate(noise), 100.0)
    v = (
        b.skill_weight * batch.skill[plan]
        + b.profit_weight * np.log(seen / yardstick[run][:, None])
        + b.herding_weight * herd[run]
    )
    v = np.where(ta["start_up"][None, :] > _reach(batch, plan)[:, None], v - UNREACHABLE, v)
    blocked = np.array([e.ctx.blocked_trade for e in engines])[run]
    rows = np.flatnonzero(blocked >= 0)
    v[rows, blocked[rows]] = -np.inf
    choice = np.argmax(v + np.concatenate(gumbel), axis=1)
    none = ~np.isfinite(v).any(axis=1)
    cols["planned_trade"][plan] = np.where(none, -1, choice).astype("i1")


UNREACHABLE = rule.UNREACHABLE_PENALTY


def _split_towns(batch: Batch, idx: np.ndarray, towns: list[int]) -> list[np.ndarray]:
    """The sorted flat indices `idx` of each town in `towns` (the towns present in idx)."""
    cut = np.searchsorted(idx, batch.offsets).tolist()
    return [idx[cut[r] : cut[r + 1]] for r in towns]


def _means(batch: Batch, who: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the flat households `who` could put into a start-up, each with its own town's
    lenders and bank: cash beyond the reserve, what informal lenders would still lend, and
    whether the bank would lend (`choice.reach`, `choice.finance_and_open`)."""
    e0 = batch.engines[0]
    p, cols, run = e0.params, batch.columns, batch.run[who]
    flat = batch.flat_state()
    spare = np.maximum(cols["cash"][who] - rule.RESERVE_MONTHS * living_cost(p, flat)[who], 0.0)
    lenders = batched_household.lenders_money(batch)
    left = np.maximum(batched_household.flat_limit(batch)[who] - cols["informal_debt"][who], 0.0)
    room = np.minimum(left, lenders[run])
    # finance.lending_open of every town (each town's policy.loans_enabled: `loans_offered`)
    pol = p.policy
    if pol.loan_ceiling_yuan > 0:
        lending = batch.loans_offered() & ~np.array(list(map(_SUSPENDED, batch.engines)), bool)
    else:
        lending = np.zeros(batch.runs, bool)
    can_take = lending[run] & (
        ~cols["blacklisted"][who]
        & (cols["age"][who] <= p.policy.loan_age_limit_years)
        & (cols["laid_off_month"][who] >= 0)
        & (cols["loan_principal"][who] <= 0)
    )
    return spare, room, can_take


def _reach(batch: Batch, who: np.ndarray) -> np.ndarray:
    """`choice.reach` of the flat households `who`."""
    spare, room, can_take = _means(batch, who)
    loan = np.where(can_take, batch.engines[0].params.policy.loan_ceiling_yuan, 0.0)
    return rule.SAVINGS_AT_RISK * spare + loan + rule.START_UP_INFORMAL_SHARE * room


def choose_paths(batch: Batch) -> None:
    e0 = batch.engines[0]
    p = e0.params
    b, pol = p.behaviour, p.policy
    cols = batch.columns
    ua, up = uniforms(batch, "choice", 2)  # each town's two rows of draws, in its order
    free = ~cols["is_player"] & ~cols["plans_business"]
    acting = np.flatnonzero(
        status_in(cols["status"], rule.SEEKING) & free & (ua < b.decision_rate_per_month)
    )

    # choice._employed_consider_business
    rate = b.decision_rate_per_month * rule.EMPLOYED_LOOKING
    who = np.flatnonzero((cols["status"] == S.WAGE_JOB) & free & (ua < rate))
    if who.size:
        lure = business_lures(batch)
        p_business = b.entry_propensity * lure[batch.run[who]] * rule.NOT_LAID_OFF_ENTRY
        p_business = p_business * b.entry_after_failure ** cols["businesses_opened"][who].astype(
            "f8"
        )
        _plan(batch, who[up[who] < p_business])
    if acting.size == 0:
        return
    flat = batch.flat_state()
    retiring = rule.retirement_eligible(p, flat, acting) & (up[acting] < rule.RETIRE_TAKE_UP)
    retire = acting[retiring]
    cols["status"][retire] = Status.RETIRED
    cols["status_months"][retire] = 0
    rest = acting[~retiring]
    # The lure after the retirements (they change the day labourers behind the yardstick).
    lure = business_lures(batch)
    living = living_cost(p, flat)

    p_business = (
        b.entry_propensity
        * lure[batch.run[rest]]
        * np.where(cols["blacklisted"][rest], rule.BLACKLISTED_ENTRY, 1.0)
    )
    p_business = p_business * np.where(
        cols["laid_off_month"][rest] >= 0, 1.0, rule.NOT_LAID_OFF_ENTRY
    )
    p_business = p_business * b.entry_after_failure ** cols["businesses_opened"][rest].astype("f8")
    p_migrate = np.full(rest.size, b.migration_propensity if pol.migration_enabled else 0.0)
    stress = np.clip(
        1.0 - cols["cash"][rest] / (b.migration_stress_months * living[rest]), 0.0, 1.0
    )
    p_migrate = p_migrate * (0.5 + stress) * np.where(cols["dependants"][rest] >= 3, 0.5, 1.0)
    p_retrain = np.where(cols["retrained"][rest], 0.0, b.retraining_propensity)
    plan, leave, retrain, search = rule.split_by_draw(
        rest, up[rest], p_business, p_migrate, p_retrain
    )
    if plan.size:
        _plan(batch, plan)
    if leave.size:
        _migrate(batch, leave)
        stayed = leave[cols["status"][leave] != S.MIGRATED]
        search = np.sort(np.concatenate([search, stayed]))
    cols["status"][retrain] = Status.RETRAINING
    cols["status_months"][retrain] = 0
    cols["retrain_months_left"][retrain] = pol.retraining_months
    thin = (cols["ui_months_left"][search] <= 0) & (
        cols["cash"][search] < b.day_labour_cash_months * living[search]
    )
    to_day = search[thin & (cols["status"][search] != S.DAY_LABOUR)]
    cols["status"][to_day] = Status.DAY_LABOUR
    cols["status_months"][to_day] = 0
    to_search = search[cols["status"][search] == S.LAID_OFF]
    cols["status"][to_search] = Status.JOB_SEARCH
    cols["status_months"][to_search] = 0


def _migrate(batch: Batch, leave: np.ndarray) -> None:
    """`choice.migrate` of the households `leave` (flat, sorted) of every town: the fare paid
    whole from cash or each town's lenders, or the household stays."""
    cost = batch.engines[0].params.income.migration_cost_yuan
    leaving = [z > a for a, z in segments(batch, leave)]
    paid = batched_household.pay_if_affordable(batch, leave, cost, "migration_costs")
    gone = leave[paid]
    cols = batch.columns
    cols["status"][gone] = Status.MIGRATED
    cols["status_months"][gone] = 0
    cols["wage_arrears_left"][gone] = 0
    note(batch, "migrated", None, gone, only=leaving)


def finance_and_open(batch: Batch) -> None:
    """`choice.finance_and_open` for every town: who can pay, borrow or must give up, worked
    out element-wise; a guarantor's answer, the loan, informal lenders and the opening itself
    stay each town's own calls (in the town's order), as do the give-up draws."""
    e0 = batch.engines[0]
    p, ta, cols = e0.params, e0.trade_arrays, batch.columns
    run = batch.run
    planners = np.flatnonzero(cols["plans_business"] & ~cols["is_player"])
    blocked_trade = np.array([e.ctx.blocked_trade for e in batch.engines])[run[planners]]
    planned = cols["planned_trade"][planners]
    drop = (planned < 0) | ((blocked_trade >= 0) & (planned == blocked_trade))
    cols["plans_business"][planners[drop]] = False
    planners = planners[~drop]
    if planners.size == 0:
        return
    bounds = segments(batch, planners)
    active = [z > a for a, z in bounds]  # a town without planners leaves the rule here
    t = cols["planned_trade"][planners].astype("i8")
    cost = ta["start_up"][t]
    cash = cols["cash"]
    spare, room, can_take = _means(batch, planners)
    own = rule.SAVINGS_AT_RISK * spare
    informal_room = np.maximum(rule.START_UP_INFORMAL_SHARE * room, 0.0)
    self_funded = own >= cost
    can_borrow = can_take & ~self_funded
    informal_ok = ~self_funded & ~can_borrow & (cost - own <= informal_room)

    cert = cols["cert"]
    need_cert = planners[can_borrow & (cert[planners] == Cert.NONE)]
    cert[need_cert] = Cert.PENDING  # finance.apply_for_certificate
    cols["cert_ready_month"][need_cert] = batch.month + p.policy.certificate_delay_months
    refused = can_borrow & (cert[planners] == Cert.REFUSED)
    ready = can_borrow & (cert[planners] == Cert.GRANTED)
    loan_amount = np.clip(cost - own, 0.0, p.policy.loan_ceiling_yuan)
    top_up = np.maximum(cost - own - loan_amount, 0.0)
    ready &= (top_up <= informal_room) & (loan_amount >= 1.0)
    lent = ready.copy()
    if ready.any():
        lent[ready] = _guarantors_and_loans(batch, planners[ready], loan_amount[ready], t[ready])
    top = np.where(lent, top_up, 0.0) + np.where(informal_ok, cost - own, 0.0)
    has_top = top > 0
    short_top = np.zeros(planners.size, bool)
    want = np.flatnonzero(has_top)  # each town's lenders asked for the top-ups at once
    got_top = batched_household.borrow(batch, planners[want], top[want])
    short_top[want[got_top < top[want] - 0.5]] = True
    opening = (self_funded | lent | informal_ok) & ~(informal_ok & short_top)
    opening &= cash[planners] >= cost - 0.5
    _open_businesses(batch, planners[opening], t[opening])
    # each town with planners draws a row (in place: the numbers random(n) gives), read at
    # its planners (the towns are of one size: a planner's flat row is its place in `drawn`)
    drawn = np.empty((batch.runs, batch.engines[0].state.n))
    for e, row, on in zip(batch.engines, drawn, active, strict=True):
        if on:
            e.ctx.rng["choice"].random(out=row)
    u = drawn.ravel()[planners]
    give_up = refused | (~self_funded & ~can_borrow & ~informal_ok)
    give_up |= ~opening & (u < rule.GIVE_UP_RATE)
    quit_ = planners[give_up & ~opening]
    cols["plans_business"][quit_] = False
    note(batch, "gave_up_business", None, quit_, only=active)
    note(batch, "certificate_barrier", None, planners[refused], only=active)


def _guarantors_and_loans(
    batch: Batch, borrowers: np.ndarray, amount: np.ndarray, t: np.ndarray
) -> np.ndarray:
    """`finance.seek_guarantors` and `finance.disburse` for the borrowers (flat, sorted) of
    every town: each town's two draws from its own stream; returns who got the loan."""
    e0 = batch.engines[0]
    p, cols, n = e0.params, batch.columns, e0.state.n
    flat = batch.flat_state()
    offset = batch.offsets[batch.run[borrowers]]
    mine = borrowers - offset
    bounds = segments(batch, borrowers)
    asking = [z > a for a, z in bounds]
    # each asking town's two draws, rows of two arrays (the towns are of one size), read at
    # its borrowers
    picks, drawn = np.empty((batch.runs, n), "i8"), np.empty((batch.runs, n))
    gens = [
        e.ctx.rng["finance"] if on else None for e, on in zip(batch.engines, asking, strict=True)
    ]
    below_rows(gens, n, picks)  # `rng.integers(0, n, n)` of each asking town, at once
    for rng, row in zip(gens, drawn, strict=True):
        if rng is not None:
            rng.random(out=row)
    asked, u = picks.ravel()[borrowers], drawn.ravel()[borrowers]
    asked = np.where(asked == mine, (asked + 1) % n, asked)
    willing = finance.guarantor_willingness(p, flat, asked + offset)
    willing = willing * finance.borrower_standing(p, flat, borrowers)
    yes = (u < willing) & ~cols["is_player"][asked + offset]
    guar = (
        np.full(borrowers.size, -2) if not p.policy.guarantor_required else np.where(yes, asked, -1)
    )
    got = guar != -1
    note(batch, "guarantor_refused", None, borrowers[~got], only=asking)
    # finance.disburse, in the towns where someone got the loan
    who, amount, guarantor = borrowers[got], amount[got], np.maximum(guar[got], -1)
    if np.any(cols["loan_principal"][who] > 0):
        raise ValueError("one subsidised loan at a time: settle the old loan first")
    lending = segments(batch, who)
    some = [z > a for a, z in lending]
    pay_segments(batch, who, lending, amount, "loan_disbursed", skip=some)
    lent = segment_sums(amount, lending).tolist()  # each town's sum, as alone
    for e, total, on in zip(batch.engines, lent, some, strict=True):
        if on:
            e.state.loan_books["disbursed"] += total
    cols["loan_renewals"][who] = 0
    cols["loan_principal"][who] = amount
    cols["loan_due_month"][who] = batch.month + p.policy.loan_term_months
    cols["loan_extended"][who] = False
    cols["guarantor"][who] = guarantor
    note(batch, "loan_disbursed", None, who, only=some)
    cols["loan_trade"][who] = t[got]
    return got


def _open_businesses(batch: Batch, who: np.ndarray, t: np.ndarray) -> None:
    """`business.open_business` for the households `who` (flat, sorted) of every town, with
    the trade's start-up kit and a lot from each town's own street."""
    e0 = batch.engines[0]
    p, ta, cols, k = e0.params, e0.trade_arrays, batch.columns, e0.state.n_trades
    bounds = segments(batch, who)
    some = [z > a for a, z in bounds]
    if not any(some):
        return
    flat = batch.flat_state()
    g = batch.run[who] * k + t
    spend = ta["start_up"][t]
    pay_segments(batch, who, bounds, -spend, "equipment_bought", skip=some)
    cols["plans_business"][who] = False
    cols["status"][who] = Status.SELF_EMPLOYED
    cols["status_months"][who] = 0
    cols["trade"][who] = t
    going_price = stacked([e.state.going_price for e in batch.engines]).ravel()[g]
    going = np.where(going_price > 0, going_price, ta["start_price"][t])
    cols["price"][who] = np.maximum(
        going * business.NEWCOMER_PRICE, ta["unit_cost"][t] * (1 + p.market.min_markup)
    )
    cols["hours"][who] = p.behaviour.full_hours_per_month * np.where(
        burdened(flat, who), p.behaviour.burden_hours_share, 1.0
    )
    cols["months_open"][who] = 0
    cols["appeal"][who] = business.NEWCOMER_APPEAL
    cols["capital"][who] = spend
    cols["usual_revenue"][who] = 0.0
    cols["profit_avg"][who] = 0.0
    observed = stacked([e.state.observed_profit for e in batch.engines]).ravel()
    cols["expected_profit"][who] = observed[g]
    cols["below_outside_months"][who] = 0
    cols["businesses_opened"][who] += 1
    cols["in_agreement"][who] = False
    cols["lot"][who] = take_lots(batch, who)
    runs = batch.runs
    entries = np.bincount(g, minlength=runs * k).reshape(runs, k)
    loaned = cols["loan_principal"][who] > 0
    subsidised = np.bincount(g[loaned], minlength=runs * k).reshape(runs, k)
    for r, e in enumerate(batch.engines):
        if some[r]:
            e.ctx.entries += entries[r]
            e.ctx.subsidised_entries += subsidised[r]
    note(batch, "opened_business", None, who, only=some)
