"""What one month's rules share: the month's random streams, the town's books (every yuan that
moves, between which sectors) and the notes the explanation is built from. Made fresh each
month by the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.core.rules.books import FLOWS, FlowRow  # FLOWS: read from here by the rules

# The month's streams live in rules/streams.py; the rules and the engine read them from here.
from game.core.rules.streams import STREAMS as STREAMS
from game.core.rules.streams import MonthStreams, kept_half
from game.core.rules.streams import month_streams as month_streams
from game.core.rules.streams import pcg64_state as pcg64_state
from game.core.rules.streams import seed_words as seed_words
from game.core.rules.streams import stream_words as stream_words
from game.core.state import TownState


def trade_column(p, attr: str) -> np.ndarray:
    """`np.array([getattr(t, attr) for t in p.trades])`, made once per parameter set and kept
    on the (frozen) parameters: the rules read these every month. Read-only."""
    trades = p.trades
    key = tuple(map(id, trades))
    cache = p.__dict__.get("_trade_columns")
    if cache is None or cache[0] != key:
        cache = (key, {})
        object.__setattr__(p, "_trade_columns", cache)
    col = cache[1].get(attr)
    if col is None:
        col = np.array([getattr(t, attr) for t in trades])
        col.flags.writeable = False
        cache[1][attr] = col
    return col


# The ufunc `np.clip` ends in for a float array and two bounds: called directly, without
# np.clip's dispatch (a few microseconds a call, ~20 calls a month). The same values.
_CLIP = np._core.umath.clip  # type: ignore[attr-defined]
_F8 = np.dtype("f8")
_I8 = np.dtype("i8")  # (the one native int64 dtype: `is` where == converts its operand)


def clip(a: np.ndarray, lo, hi) -> np.ndarray:
    """`np.clip(a, lo, hi)` for a float array and two bounds (else np.clip itself)."""
    if a.__class__ is np.ndarray and a.dtype.kind == "f" and lo is not None and hi is not None:
        return _CLIP(a, lo, hi)
    return np.clip(a, lo, hi)


def indices(mask: np.ndarray) -> np.ndarray:
    """`np.flatnonzero(mask)` of a 1-D mask, without its ravel and dispatch."""
    return mask.nonzero()[0] if mask.ndim == 1 else np.flatnonzero(mask)


def skip_draws(gen: np.random.Generator, count: int) -> None:
    """`gen.random(count)` with the values unread: the stream moved on as if they were drawn,
    without drawing them (PCG64's `advance`: a double is one 64-bit output). `advance` also
    drops a kept half of an output (`integers` of 32 bits keeps one); where one may be kept,
    or its flag cannot be read, the doubles are drawn instead."""
    kept = kept_half(gen)
    if kept is not None and kept[0] == 0 and isinstance(gen.bit_generator, np.random.PCG64):
        gen.bit_generator.advance(count)
    else:
        gen.random(count)


# From this many households on, `self_employed` also checks whether its last households are
# still the sellers when the status column has changed (below, that check costs more than
# the answer).
KEEP_SELLERS_FROM = 4096
_SELF_EMPLOYED = 7  # Status.SELF_EMPLOYED (rules/codes.py: S), as a plain int


def self_employed(st: TownState) -> np.ndarray:
    """`indices(st.status == S.SELF_EMPLOYED)` (read-only). A town asks this ~10 times a month
    (a big one ~25) and its sellers change only when businesses open or close: the last answer
    is given again while the status column holds the same bytes as when it was given (a copy
    of 1 byte a household, compared at memcmp speed: in a small town a tenth of the two numpy
    calls that find them), or else, in a big town, while every household in it is still
    self-employed and no other is (the same indices, then), at a third of the cost of
    finding them."""
    status = st.status
    last = st.__dict__.get("_self_employed")
    if last is not None and last[0] is status:
        j = last[1]
        now = status.tobytes()
        if now == last[2]:
            return j
        big = status.size >= KEEP_SELLERS_FROM
        if big and (status[j] == _SELF_EMPLOYED).all():
            if np.count_nonzero(status == _SELF_EMPLOYED) == j.size:
                st.__dict__["_self_employed"] = (status, j, now)
                return j
    else:
        now = status.tobytes()
    j = indices(status == _SELF_EMPLOYED)
    j.flags.writeable = False
    st.__dict__["_self_employed"] = (status, j, now)
    return j


def size_key(st: TownState) -> tuple[int, int]:
    """What says the households' sizes are those an array kept on the state was made from:
    the town's size and its dependants in all (dependants do not change during a run; a
    player's profile may set them as the engine is made, which then forgets this). Worked out
    once a month (a sum over every household)."""
    dep = st.dependants
    memo = st.__dict__.get("_size_key")
    if memo is None or memo[0] != st.month or memo[1] is not dep:
        memo = (st.month, dep, (st.n, int(dep.sum())))
        st.__dict__["_size_key"] = memo
    return memo[2]


def kept(st: TownState, name: str, key: tuple, make) -> np.ndarray:
    """A per-household array that changes only when `key` does (made by `make()`), kept on
    the state and reused month after month (read-only): the town's constants a rule reads
    every month, such as what depends on the household's size alone."""
    cached = st.__dict__.get(name)
    if cached is None or cached[0] != key:
        arr = make()
        arr.flags.writeable = False
        cached = (key, arr)
        st.__dict__[name] = cached
    return cached[1]


@dataclass
class MonthContext:
    month: int
    n: int
    n_trades: int
    rng: MonthStreams
    # The town's books for the month: yuan per named flow (always >= 0; direction in FLOWS).
    flows: dict[str, float] | FlowRow = field(default_factory=dict)
    # The players' own accounts: household -> {line: signed yuan}, every change to their cash.
    lines: dict[int, dict[str, float]] = field(default_factory=dict)
    players: np.ndarray = field(default_factory=lambda: np.zeros(0, "i8"))
    # Counts per trade and the households' income, made in __post_init__ (not arguments: a
    # context is made for every town every month, and each default would be made then dropped).
    entries: np.ndarray = field(init=False)
    subsidised_entries: np.ndarray = field(init=False)  # opened on the loan
    exits: np.ndarray = field(init=False)
    defaults: np.ndarray = field(init=False)
    guarantor_calls: np.ndarray = field(init=False)
    matured: np.ndarray = field(init=False)
    # Household-level notes for the explanation (indices of households this happened to).
    notes: dict[str, np.ndarray] = field(default_factory=dict)
    pools: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pool_sources: dict[str, np.ndarray] = field(default_factory=dict)
    health_bills: np.ndarray = field(default_factory=lambda: np.zeros(0))
    school_fees: np.ndarray = field(default_factory=lambda: np.zeros(0))
    living_costs: np.ndarray = field(default_factory=lambda: np.zeros(0))
    income: np.ndarray = field(init=False)
    laid_off_now: int = 0
    fund_paid: float = 0.0
    written_off: float = 0.0
    renewed: int = 0  # loans repaid and borrowed again this month
    # Scheduled changes that took effect as the month opened (what players are told).
    announcements: list[dict] = field(default_factory=list)
    # Counterfactual switch (the debrief): AI households may not enter this trade (-1: none).
    blocked_trade: int = -1
    # Same-shocks mode (a workshop): these households share one draw per stream and month
    # (illness, injury), from a stream of `shared_seed` apart from the town's (empty: off).
    shared_draws: np.ndarray = field(default_factory=lambda: np.zeros(0, "i8"))
    shared_seed: int = 0
    # What neighbours saw as the month ended (market.observe): the sellers, their prices and
    # each trade's median price, which the month's tables read again if nothing changed.
    observed_prices: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    # The sellers' desperation as the agreements read it (the sellers, their stress): reprice
    # and exits, which follow with no cash, loan or seller changed, read it again.
    seller_stress: tuple[np.ndarray, np.ndarray] | None = None

    def __post_init__(self) -> None:
        t = self.n_trades
        self.entries = np.zeros(t, "i4")
        self.subsidised_entries = np.zeros(t, "i4")
        self.exits = np.zeros(t, "i4")
        self.defaults = np.zeros(t, "i4")
        self.guarantor_calls = np.zeros(t, "i4")
        self.matured = np.zeros(t, "i4")
        self.income = np.zeros(self.n, "f8")

    def share_draw(self, name: str, u: np.ndarray) -> np.ndarray:
        """`u`, the month's uniform draws of stream `name` for every household, with the
        same-shocks households given one draw in common (the town's stream is drawn as always,
        so the rest of the town meets the same luck with the mode on or off)."""
        if self.shared_draws.size:
            ss = np.random.SeedSequence(
                self.shared_seed, spawn_key=(5000, STREAMS.index(name), self.month + 1)
            )
            u[self.shared_draws] = np.random.default_rng(ss).random()
        return u

    def note(self, key: str, idx: np.ndarray) -> None:
        if idx.__class__ is not np.ndarray or idx.dtype is not _I8 or idx.ndim != 1:
            idx = np.asarray(idx, "i8").ravel()
        if key in self.notes:
            self.notes[key] = np.concatenate([self.notes[key], idx])
        else:
            self.notes[key] = idx


def book(st: TownState, ctx: MonthContext, flow: str, yuan: float) -> None:
    """Record `yuan` (>= 0) moving along a named flow, and move it between the sector stocks
    the town keeps (households' cash is moved by the caller, in the `cash` column)."""
    if yuan == 0.0:
        return
    flows = ctx.flows
    yuan = float(yuan)
    if flows.__class__ is FlowRow:  # a town of a batch: its row of the batch's books
        flows.books.book(flows.r, flow, yuan)  # type: ignore[union-attr]
        return
    frm, to = FLOWS[flow]
    alone: dict[str, float] = flows  # type: ignore[assignment]  # a town alone: a plain dict
    alone[flow] = alone.get(flow, 0.0) + yuan
    stocks = st.sector_cash
    if frm in stocks:
        stocks[frm] -= yuan
    if to in stocks:
        stocks[to] += yuan


def _player_lines(ctx: MonthContext, idx, amounts, n: int, line: str) -> None:
    """Add each player's share of a cash change to its own account (players are few; runs
    without players skip this)."""
    delta = np.zeros(n)
    if isinstance(idx, slice) or np.asarray(idx).dtype == bool:
        delta[idx] += amounts
    else:
        np.add.at(delta, np.asarray(idx), amounts)
    for h in ctx.players:
        a = float(delta[int(h)])
        if a != 0.0:
            acc = ctx.lines.setdefault(int(h), {})
            acc[line] = acc.get(line, 0.0) + a


def move_cash(st: TownState, ctx: MonthContext, idx, amounts, line: str) -> float:
    """Change households' cash (+ in) without booking a flow; returns the signed total. For the
    few places where one flow's payers and payees are both households (spending in town)."""
    cash = st.cash
    if (
        idx.__class__ is np.ndarray
        and amounts.__class__ is np.ndarray
        and amounts.dtype is _F8
        and idx.dtype.kind == "i"
        and amounts.shape == idx.shape
        and idx.ndim == 1
    ):
        # The common case (an index array, one float per household): the branch below with
        # its conversions skipped.
        np.add.at(cash, idx, amounts)  # one household may appear twice (a guarantor)
        total = float(amounts.sum())
    elif isinstance(idx, slice) and isinstance(amounts, np.ndarray) and amounts.shape == cash.shape:
        cash += amounts
        total = float(amounts.sum())
    elif isinstance(idx, np.ndarray) and idx.ndim == 1 and idx.dtype != bool:
        # The common case (an index array): its shape is the amounts' shape, no gather needed.
        amounts = np.asarray(amounts, "f8")
        if amounts.shape != idx.shape:
            amounts = (
                np.full(idx.shape, amounts)
                if amounts.ndim == 0
                else np.broadcast_to(amounts, idx.shape)
            )
        np.add.at(cash, idx, amounts)  # one household may appear twice (a guarantor)
        total = float(amounts.sum())
    else:
        where = idx if isinstance(idx, slice) else np.asarray(idx)
        amounts = np.broadcast_to(np.asarray(amounts, "f8"), cash[where].shape)
        if isinstance(where, slice) or where.dtype == bool:
            cash[where] += amounts
        else:
            np.add.at(cash, where, amounts)  # one household may appear twice (a guarantor)
        total = float(amounts.sum())
    if ctx.players.size:
        _player_lines(ctx, idx, np.asarray(amounts), st.n, line)
    return total


def pay(st: TownState, ctx: MonthContext, idx, amounts, flow: str, line: str | None = None) -> None:
    """Move money into (+) or out of (-) households' cash along one named flow. `idx` may be a
    boolean mask, an index array or a slice; amounts broadcast. The flow's direction is fixed
    (FLOWS): amounts must have its sign (into households >= 0, out of households <= 0)."""
    total = move_cash(st, ctx, idx, amounts, line or flow)
    frm, to = FLOWS[flow]
    if to == "households" and frm != "households":
        book(st, ctx, flow, total)
    elif frm == "households" and to != "households":
        book(st, ctx, flow, -total)
    else:
        book(st, ctx, flow, abs(total))


def pay_each(st: TownState, ctx: MonthContext, flows: dict[str, np.ndarray]) -> np.ndarray:
    """Pay several flows into every household at once (one amount per household per flow, all
    >= 0, all from outside households): one change to the cash column, each flow booked.
    Returns the total each household received."""
    total = np.zeros(st.n)
    for flow, amounts in flows.items():
        total += amounts
        book(st, ctx, flow, float(amounts.sum()))
        if ctx.players.size:
            _player_lines(ctx, slice(None), amounts, st.n, flow)
    st.cash += total
    return total
