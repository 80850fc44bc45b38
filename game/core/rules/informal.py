"""Informal credit: relatives lend a little without interest, moneylenders lend more at a price,
and both stop (docs/evidence.md#informal-kin, #informal-rate-market). Lenders are a sector with finite money: when
the town's lenders have lent what they have, nobody gets more. Past a limit they write the
debt down and lend no more. Every household's bill in a month is paid from its cash and then,
where lenders still will, from borrowing - never from money that appears from nowhere."""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules.context import MonthContext, book, indices, kept, move_cash, pay, size_key
from game.core.state import TownState


def living_cost(p: Params, st: TownState) -> np.ndarray:
    """The household's monthly living costs (the worker, spouse and dependants). Dependants do
    not change during a run, so the array is kept on the state and reused (read-only)."""
    inc = p.income
    kept_ = st.__dict__
    cached = kept_.get("_living_cost")
    # (asked ~20 times a month: the same parameters object and the same households' sizes as
    # when last checked, the month's `size_key` memo, say the key is unchanged)
    sizes = kept_.get("_size_key")
    if cached is not None and cached[2] is inc and sizes is not None and cached[3] is sizes:
        if sizes[0] == st.month and sizes[1] is st.dependants:
            return cached[1]
    # Keyed by the parameters and the dependants column itself (a test may set dependants).
    key = _living_key(p, st)
    if cached is None or cached[0] != key:
        # float() first: an int parameter times an int8 column would wrap around in numpy 2.
        arr = float(inc.living_cost_yuan_per_month) + float(
            inc.living_cost_per_dependant_yuan_per_month
        ) * st.dependants.astype("f8")
        arr.flags.writeable = False
    else:
        arr = cached[1]
    kept_["_living_cost"] = (key, arr, inc, kept_.get("_size_key"))
    return arr


def _living_key(p: Params, st: TownState) -> tuple:
    """What the living costs (and the arrays kept from them) are made from."""
    inc = p.income
    return (
        inc.living_cost_yuan_per_month,
        inc.living_cost_per_dependant_yuan_per_month,
        *size_key(st),
    )


# Relatives lend less to a household whose income does not cover its living costs (they
# expect to be repaid): down to this share of the full limit (assumption).
LOW_INCOME_LIMIT_SHARE = 0.5


def limit(p: Params, st: TownState) -> np.ndarray:
    """What lenders will lend a household in all: months of its living costs, less for a
    household whose income last month fell short of them."""
    key = (st.month, id(p), id(st.income_last))  # income_last changes only as the month ends
    cached = st.__dict__.get("_informal_limit")
    if cached is None or cached[0] != key:
        living = living_cost(p, st)
        standing = np.minimum(
            np.maximum(st.income_last / np.maximum(living, 1.0), LOW_INCOME_LIMIT_SHARE), 1.0
        )
        arr = p.income.informal_limit_months_of_living * living * standing
        arr.flags.writeable = False
        cached = (key, arr)
        st.__dict__["_informal_limit"] = cached
    return cached[1]


def room(p: Params, st: TownState, idx=slice(None)) -> np.ndarray:
    """What lenders would still lend each household now (its limit, less what it owes, while
    the town's lenders have money)."""
    left = np.maximum(limit(p, st)[idx] - st.informal_debt[idx], 0.0)
    return np.minimum(left, max(st.sector_cash["lenders"], 0.0))


def room_of(p: Params, st: TownState, h: int) -> float:
    """`room(p, st, np.array([h]))[0]` for one household (the same numpy operations on its
    values, without making arrays: a player's facts read it every month)."""
    left = np.maximum(limit(p, st)[h] - st.informal_debt[h], 0.0)
    return float(np.minimum(left, max(st.sector_cash["lenders"], 0.0)))


def borrow(p: Params, st: TownState, ctx: MonthContext, idx, wanted: np.ndarray) -> np.ndarray:
    """Lend up to `wanted` to each household in `idx` (an index array), within each one's room
    and the lenders' money (shared pro rata when it runs short). Returns what each got."""
    idx = np.asarray(idx)
    wanted = np.maximum(np.asarray(wanted, "f8"), 0.0)
    if idx.size == 0 or not wanted.any():
        return np.zeros(idx.size)
    own_room = np.maximum(limit(p, st)[idx] - st.informal_debt[idx], 0.0)
    got = np.minimum(wanted, own_room)
    money = max(st.sector_cash["lenders"], 0.0)
    total = float(got.sum())
    if total > money:
        got = got * (money / total) if total > 0 else got
    pay(st, ctx, idx, got, "informal_borrowing")
    np.add.at(st.informal_debt, idx, got)
    ctx.note("borrowed_informally", idx[got > 0])
    return got


def each(amounts, shape: tuple[int, ...]) -> np.ndarray:
    """A fresh float array of `shape` holding `amounts` (one per household, or one for all):
    `np.broadcast_to(amounts, shape).copy()`, without broadcast_to's machinery."""
    a = np.asarray(amounts, "f8")
    if a.shape == shape:
        return a.copy()
    if a.ndim == 0:
        return np.full(shape, a)
    return np.broadcast_to(a, shape).copy()


def pay_bill(
    p: Params, st: TownState, ctx: MonthContext, idx, amounts, flow: str, borrow_ok: bool = True
) -> np.ndarray:
    """Pay a bill (amounts >= 0 per household in `idx`, an index array) from cash, borrowing the
    rest where lenders will. Returns what each could NOT pay (the caller decides what that
    means: an eviction, a child out of school, a default)."""
    idx = np.asarray(idx)
    amounts = each(amounts, idx.shape)
    if idx.size == 0:
        return amounts
    short = np.maximum(amounts - np.maximum(st.cash[idx], 0.0), 0.0)
    if borrow_ok and short.any():
        need = indices(short > 0)
        short[need] -= borrow(p, st, ctx, idx[need], short[need])
    paid = amounts - short
    pay(st, ctx, idx, -paid, flow)
    return short


def pay_if_affordable(
    p: Params, st: TownState, ctx: MonthContext, idx, amounts, flow: str
) -> np.ndarray:
    """Pay a bill that must be paid whole (a hospital stay, a school year) by households that
    can raise it from cash and lenders. Returns a mask over `idx` of those who paid; the rest
    pay nothing (and keep anything lenders gave them when the lenders ran out of money)."""
    idx = np.asarray(idx)
    amounts = each(amounts, idx.shape)
    if idx.size == 0:
        return np.zeros(0, bool)
    cash = np.maximum(st.cash[idx], 0.0)
    can = cash + room(p, st, idx) >= amounts - 1e-6
    need = can & (cash < amounts)
    if need.any():
        borrow(p, st, ctx, idx[need], amounts[need] - cash[need])
    paid = can & (st.cash[idx] >= amounts - 1e-6)
    pay(st, ctx, idx[paid], -amounts[paid], flow)
    return paid


def interest_and_repayment(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Monthly: interest on the part beyond what relatives lend free, paid from cash or added to
    the debt; repayment from cash beyond a two-month reserve; past the write-off multiple the
    lenders give up on the excess (a loss to them, not a payment) and the household is at its
    limit for good."""
    inc = p.income
    living = living_cost(p, st)
    months = inc.informal_interest_free_months_of_living
    free = kept(st, "_interest_free", (months, *_living_key(p, st)), lambda: months * living)
    owed = np.subtract(st.informal_debt, free)  # (in place from here: no temporaries)
    np.maximum(owed, 0.0, out=owed)
    owed *= inc.informal_rate_per_month
    paid = np.minimum(owed, np.maximum(st.cash, 0.0))
    pay(st, ctx, slice(None), -paid, "informal_interest")
    st.informal_debt += np.subtract(owed, paid, out=owed)  # unpaid interest adds to the debt

    reserve = kept(st, "_repay_reserve", _living_key(p, st), lambda: 2.0 * living)
    repay = np.subtract(st.cash, reserve)
    np.minimum(repay, st.informal_debt, out=repay)
    np.maximum(repay, 0.0, out=repay)
    pay(st, ctx, slice(None), -repay, "informal_repaid")
    st.informal_debt -= repay

    cap = inc.informal_write_off_multiple * limit(p, st)
    over = st.informal_debt > cap
    if over.any():
        lost = st.informal_debt[over] - limit(p, st)[over]
        st.informal_debt[over] -= lost
        ctx.written_off += float(lost.sum())
        st.informal_written_off += float(lost.sum())
        ctx.note("informal_written_off", indices(over))


__all__ = [
    "borrow",
    "book",
    "interest_and_repayment",
    "limit",
    "living_cost",
    "move_cash",
    "pay_bill",
    "room",
    "room_of",
]
