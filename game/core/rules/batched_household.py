"""The household's pot for every town of a batch at once (see rules/batched.py for the rules
of byte-identity): `household.household_budget`, `household.health_and_school` and
`informal.interest_and_repayment`, with informal lenders (`informal.borrow`,
`informal.pay_if_affordable`) lending within each town's own lenders' money."""

from __future__ import annotations

from operator import attrgetter, is_

import numpy as np

from game.core.rules import household, informal
from game.core.rules.batched import (
    Batch,
    book_rows,
    credit_players,
    note,
    pay_segments,
    segment_sums,
    segments,
)
from game.core.rules.context import kept, size_key, trade_column

# Each town's sector stocks, read for every town in C (`lenders_money`).
_STOCKS = attrgetter("state.sector_cash")


def flat_limit(batch: Batch) -> np.ndarray:
    """`informal.limit` of every household of the batch, made once a month: a rule's flat
    state is made afresh each time, which loses the limit's own cache on a state (the limit
    reads last month's income, which changes only as the month ends)."""
    p = batch.engines[0].params
    cached = batch.__dict__.get("_flat_limit")
    if cached is None or cached[0] != batch.month or cached[1] is not p:
        cached = (batch.month, p, informal.limit(p, batch.flat_state()))
        batch.__dict__["_flat_limit"] = cached
    return cached[2]


def town_incomes(batch: Batch) -> np.ndarray | None:
    """Every town's `ctx.income` as rows of one (runs, n) array, when each town's income is
    still the row `batched.incomes` gave it (else None)."""
    kept = batch.__dict__.get("_town_incomes")
    if kept is None:
        return None
    total, rows = kept
    if any(e.ctx.income is not row for e, row in zip(batch.engines, rows, strict=True)):
        return None
    return total


def lenders_money(batch: Batch) -> np.ndarray:
    """Each town's `max(state.sector_cash["lenders"], 0.0)`: read from the batch's books at
    once while every town's stocks are its row of them (as they are through a month)."""
    books = batch.books
    rows = getattr(batch, "stock_rows", None)  # (the rows the batch gave its towns)
    if rows is not None and all(map(is_, map(_STOCKS, batch.engines), rows)):
        money = books.stocks[:, books.sector_index["lenders"]]
        return np.where(0.0 > money, 0.0, money)  # max(x, 0.0): a -0.0 stays -0.0
    return np.array([max(e.state.sector_cash["lenders"], 0.0) for e in batch.engines])


def borrow(batch: Batch, idx: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """`informal.borrow` for households `idx` (flat, sorted) of every town: each town's lenders
    share out their own money. Returns what each got."""
    cols = batch.columns
    wanted = np.maximum(np.asarray(wanted, "f8"), 0.0)
    bounds = segments(batch, idx)
    run = batch.run[idx]
    asking = np.bincount(run[wanted != 0], minlength=batch.runs) > 0
    if not asking.any():
        return np.zeros(idx.size)
    lending = asking.tolist()
    limit = flat_limit(batch)
    own_room = np.maximum(limit[idx] - cols["informal_debt"][idx], 0.0)
    got = np.where(asking[run], np.minimum(wanted, own_room), 0.0)
    # each town's lenders share out their own money: asked for more, each gets its share
    money = lenders_money(batch)
    total = segment_sums(got, bounds)
    short = asking & (total > money) & (total > 0)
    if short.any():
        share = money / np.where(short, total, 1.0)
        got = np.where(short[run], got * share[run], got)
    pay_segments(batch, idx, bounds, got, "informal_borrowing", skip=lending)
    lent = asking[run]
    np.add.at(cols["informal_debt"], idx[lent], got[lent])
    note(batch, "borrowed_informally", None, idx[got > 0], only=lending)
    return got


def pay_if_affordable(batch: Batch, idx: np.ndarray, amounts, flow: str) -> np.ndarray:
    """`informal.pay_if_affordable` for households `idx` (flat, sorted) of every town."""
    cols = batch.columns
    amounts = np.broadcast_to(np.asarray(amounts, "f8"), idx.shape).copy()
    bounds = segments(batch, idx)
    billed = [z > a for a, z in bounds]
    if not any(billed):
        return np.zeros(idx.size, bool)
    cash = np.maximum(cols["cash"][idx], 0.0)
    limit = flat_limit(batch)
    left = np.maximum(limit[idx] - cols["informal_debt"][idx], 0.0)
    room = np.minimum(left, lenders_money(batch)[batch.run[idx]])
    can = cash + room >= amounts - 1e-6
    need = can & (cash < amounts)
    if need.any():
        borrow(batch, idx[need], amounts[need] - cash[need])
    paid = can & (cols["cash"][idx] >= amounts - 1e-6)
    payers = idx[paid]
    pay_segments(batch, payers, segments(batch, payers), -amounts[paid], flow, skip=billed)
    return paid


def household_budget(batch: Batch) -> None:
    e0 = batch.engines[0]
    p, cols = e0.params, batch.columns
    flat = batch.flat_state()
    essentials, extra = household.wanted_spending(p, flat)
    cash_col = cols["cash"]
    short = np.flatnonzero(cash_col < essentials)
    if short.size:
        borrow(batch, short, essentials[short] - np.maximum(cash_col[short], 0.0))
    cash = np.maximum(cash_col, 0.0)
    spend_ess = np.minimum(essentials, cash)
    spend = spend_ess + np.minimum(extra, cash - spend_ess)
    remittances = np.concatenate([e.ctx.pool_sources["remittances"] for e in batch.engines])
    build = np.minimum(trade_column(p, "remittance_share").sum() * remittances, cash - spend)
    spent = spend + build
    cash_col -= spent  # move_cash over every household: no flow booked here
    shape = (batch.runs, -1)
    spent_rt, spend_rt = spent.reshape(shape), spend.reshape(shape)
    spend_sum, build_sum = spend_rt.sum(axis=1), build.reshape(shape).sum(axis=1)
    spent_sum = spent_rt.sum(axis=1)
    if batch.with_players:
        credit_players(batch, batch.with_players, None, -spent, "living_costs")
    # each town's one-value arrays: rows of (runs, 1) arrays (the values `np.array([x])` holds)
    totals = zip(spend_sum[:, None], build_sum[:, None], spent_sum[:, None], spent_rt, strict=True)
    for e, (spend_r, build_r, spent_r, living) in zip(batch.engines, totals, strict=True):
        ctx = e.ctx
        sources = ctx.pool_sources
        sources["spend_total"] = spend_r
        sources["building_total"] = build_r
        sources["households_spent"] = spent_r
        ctx.living_costs = living
    hardship = np.where(essentials > 0, 1.0 - spend_ess / np.maximum(essentials, 1e-9), 0.0)
    cols["hardship"][...] = hardship
    went = hardship > 0.01
    some = np.asarray(went.reshape(shape).any(axis=1)).tolist()
    if any(some):
        winter = household.month_of_year(p, batch.month) in household.WINTER_MONTHS
        inc = p.income
        loss = inc.hardship_health_loss * hardship * (inc.winter_hardship_factor if winter else 1.0)
        health = cols["health"]
        health[...] = np.where(went, np.maximum(health - loss, inc.health_floor), health)
        note(batch, "went_without", went.reshape(shape), only=some)


def health_and_school(batch: Batch) -> None:
    e0 = batch.engines[0]
    p, cols = e0.params, batch.columns
    inc = p.income
    n = e0.state.n
    u = np.empty((batch.runs, n))
    for r, e in enumerate(batch.engines):
        e.ctx.share_draw("health", e.ctx.rng["health"].random(out=u[r]))  # in place
    flat = batch.flat_state()
    yearly = inc.hospitalisation_rate_per_person_year
    rate = kept(  # (kept as `household.health_and_school` keeps it: a power per household)
        flat,
        "_hospital_rate",
        (yearly, *size_key(flat)),
        lambda: 1.0 - (1.0 - yearly) ** (household.members(flat) / 12.0),
    )
    ill = u.ravel() < rate
    bill = inc.hospital_bill_yuan * inc.out_of_pocket_share
    want = np.flatnonzero(ill & cols["see_doctor"])
    paid = pay_if_affordable(batch, want, bill, "doctor_bills")
    treated = np.zeros(ill.size, bool)
    treated[want[paid]] = True
    untreated = ill & ~treated
    health = cols["health"]
    health[untreated] = np.maximum(
        health[untreated] - inc.untreated_illness_health_loss, inc.health_floor
    )
    health[~ill] = np.minimum(health[~ill] + inc.health_recovery_per_month, 1.0)
    cols["sick"][...] = ill
    bills = np.where(treated, bill, 0.0).reshape(batch.runs, n)
    for r, e in enumerate(batch.engines):
        e.ctx.health_bills = bills[r]
    shape = (batch.runs, n)
    note(batch, "ill", ill.reshape(shape))
    note(batch, "no_money_for_doctor", (ill & cols["see_doctor"] & ~treated).reshape(shape))
    fees = np.zeros((batch.runs, n))
    if household.month_of_year(p, batch.month) == inc.school_fee_month_of_year:
        school_fees(batch, fees.ravel())
    for e, row in zip(batch.engines, fees, strict=True):  # (no fees: every town's zeros)
        e.ctx.school_fees = row


def school_fees(batch: Batch, fees: np.ndarray) -> None:
    """`household.school_fees` in the school year's first month, every town at once: fees
    paid whole (with what lenders lend) or the child leaves school; `fees`: what each paid."""
    cols, inc = batch.columns, batch.engines[0].params.income
    kids, willing = cols["children_in_school"], cols["pay_school_fees"]
    due = kids > 0
    want = np.flatnonzero(due & willing)
    amount = kids[want] * float(inc.school_fee_yuan_per_child)
    paid = pay_if_affordable(batch, want, amount, "school_fees")
    paying, cant = want[paid], want[~paid]
    fees[paying] = amount[paid]
    skipped = np.flatnonzero(due & ~willing)
    kids[skipped] = 0  # the child leaves school to help at home
    kids[cant] = 0
    note(batch, "school_fees_paid", None, paying)
    note(batch, "school_dropout", None, skipped)
    note(batch, "school_unaffordable", None, cant)


def interest_and_repayment(batch: Batch) -> None:
    e0 = batch.engines[0]
    p, cols = e0.params, batch.columns
    inc = p.income
    flat = batch.flat_state()
    shape = (batch.runs, -1)
    living = informal.living_cost(p, flat)
    months = inc.informal_interest_free_months_of_living
    living_key = informal._living_key(p, flat)  # (kept as `informal.interest_and_repayment` does)
    free = kept(flat, "_interest_free", (months, *living_key), lambda: months * living)
    debt, cash = cols["informal_debt"], cols["cash"]
    owed = np.maximum(debt - free, 0.0) * inc.informal_rate_per_month
    paid = np.minimum(owed, np.maximum(cash, 0.0))
    cash -= paid
    book_rows(batch, "informal_interest", (-paid).reshape(shape), sign=-1.0)
    debt += owed - paid
    reserve = kept(flat, "_repay_reserve", living_key, lambda: 2.0 * living)
    repay = np.clip(np.minimum(cash - reserve, debt), 0.0, None)
    cash -= repay
    book_rows(batch, "informal_repaid", (-repay).reshape(shape), sign=-1.0)
    debt -= repay
    limit = flat_limit(batch)
    cap = inc.informal_write_off_multiple * limit
    over = debt > cap
    if over.any():
        idx = np.flatnonzero(over)
        lost = debt[idx] - limit[idx]
        debt[idx] -= lost
        some = []
        for e, (a, z) in zip(batch.engines, segments(batch, idx), strict=True):
            some.append(z > a)
            if z > a:
                total = float(lost[a:z].sum())
                e.ctx.written_off += total
                e.state.informal_written_off += total
        note(batch, "informal_written_off", None, idx, only=some)
