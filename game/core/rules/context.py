"""What one month's rules share: the month's random streams, the town's books (every yuan that
moves, between which sectors) and the notes the explanation is built from. Made fresh each
month by the engine."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from game.core.rules.books import FLOWS, FlowRow  # FLOWS: read from here by the rules
from game.core.state import TownState

# One random stream per subsystem (architecture.md practice 2), derived from the run's
# SeedSequence and the month, so a player's choice never shifts another subsystem's draws and
# a save needs only the seed and the month to continue bit-identically.
STREAMS = (
    "setup",
    "layoffs",
    "health",
    "jobs",
    "choice",
    "finance",
    "exit",
    "agreements",
    "market",
    "events",
    "labour",
)


class MonthStreams(dict):
    """The month's generators, made on first use (a month touches only some subsystems, and
    making a generator costs more than most of its draws).

    `np.random.default_rng(SeedSequence(seed, spawn_key=(i, month + 1)))`, bit for bit, but
    cheaper: with `reuse` (an engine's own dict, one generator per subsystem kept across its
    months) the generator of a subsystem is re-seeded in place (`pcg64_state`) instead of
    built anew, which is most of what a month at 500 households spent on its streams."""

    def __init__(self, seed: int, month: int, reuse: dict | None = None) -> None:
        super().__init__()
        self.seed, self.month, self.reuse = seed, month, reuse
        # A batch's seed words for this town and month, one row per stream (`stream_words`).
        self.words: np.ndarray | None = None

    def __missing__(self, name: str) -> np.random.Generator:
        i = STREAMS.index(name)
        gen = self.reuse.get(name) if self.reuse is not None else None
        if gen is None:
            gen = np.random.default_rng(
                np.random.SeedSequence(self.seed, spawn_key=(i, self.month + 1))
            )
            if self.reuse is not None:
                self.reuse[name] = gen
        elif self.words is not None:
            gen.bit_generator.state = pcg64_state_of_words(self.words[i])
        else:
            gen.bit_generator.state = pcg64_state(self.seed, (i, self.month + 1))
        self[name] = gen
        return gen


def month_streams(seed: int, month: int, reuse: dict | None = None) -> MonthStreams:
    return MonthStreams(seed, month, reuse)


# numpy's SeedSequence (numpy/random/bit_generator.pyx, O'Neill's seed_seq hash) and PCG64's
# seeding (pcg64.h: pcg_setseq_128_srandom_r), in plain integers: numpy builds a SeedSequence
# object and a bit generator for every stream, which cost more than this arithmetic.
# tests/core/test_streams.py checks them against numpy on many seeds.
_M32 = 0xFFFFFFFF
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645
_M128 = (1 << 128) - 1


def _words32(x: int) -> list[int]:
    out = [x & _M32]
    x >>= 32
    while x:
        out.append(x & _M32)
        x >>= 32
    return out


@functools.lru_cache(maxsize=4096)  # a batch of towns: one entry per seed
def _seed_pool(seed: int, n_spawn_words: int) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
    """The part of SeedSequence's hash that depends on the seed alone (the pool after mixing
    the first four entropy words), kept per seed: (pool, hash constant, entropy words left)."""
    run = _words32(seed)
    if n_spawn_words and len(run) < 4:
        run += [0] * (4 - len(run))
    h, pool = _INIT_A, []
    for i in range(4):
        v = (run[i] if i < len(run) else 0) ^ h
        h = (h * _MULT_A) & _M32
        v = (v * h) & _M32
        pool.append(v ^ (v >> 16))
    for src in range(4):
        for dst in range(4):
            if src != dst:
                v = pool[src] ^ h
                h = (h * _MULT_A) & _M32
                v = (v * h) & _M32
                r = (_MIX_L * pool[dst] - _MIX_R * (v ^ (v >> 16))) & _M32
                pool[dst] = r ^ (r >> 16)
    return tuple(pool), h, tuple(run[4:])


def seed_words(seed: int, spawn_key: tuple[int, ...]) -> list[int]:
    """`SeedSequence(seed, spawn_key=spawn_key).generate_state(4, np.uint64)` as ints."""
    spawn = [w for k in spawn_key for w in _words32(k)]
    pool_t, h, rest = _seed_pool(seed, len(spawn))
    pool = list(pool_t)
    for word in (*rest, *spawn):
        for dst in range(4):
            v = word ^ h
            h = (h * _MULT_A) & _M32
            v = (v * h) & _M32
            r = (_MIX_L * pool[dst] - _MIX_R * (v ^ (v >> 16))) & _M32
            pool[dst] = r ^ (r >> 16)
    hb, out = _INIT_B, []
    for i in range(8):
        v = pool[i % 4] ^ hb
        hb = (hb * _MULT_B) & _M32
        v = (v * hb) & _M32
        out.append(v ^ (v >> 16))
    return [out[2 * i] | (out[2 * i + 1] << 32) for i in range(4)]


def pcg64_state(seed: int, spawn_key: tuple[int, ...]) -> dict:
    """The `bit_generator.state` of `PCG64(SeedSequence(seed, spawn_key=spawn_key))`."""
    return pcg64_state_of_words(seed_words(seed, spawn_key))


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
    entries: np.ndarray = field(default_factory=lambda: np.zeros(0, "i4"))
    subsidised_entries: np.ndarray = field(
        default_factory=lambda: np.zeros(0, "i4")
    )  # opened on the loan
    exits: np.ndarray = field(default_factory=lambda: np.zeros(0, "i4"))
    defaults: np.ndarray = field(default_factory=lambda: np.zeros(0, "i4"))
    guarantor_calls: np.ndarray = field(default_factory=lambda: np.zeros(0, "i4"))
    matured: np.ndarray = field(default_factory=lambda: np.zeros(0, "i4"))
    # Household-level notes for the explanation (indices of households this happened to).
    notes: dict[str, np.ndarray] = field(default_factory=dict)
    pools: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pool_sources: dict[str, np.ndarray] = field(default_factory=dict)
    health_bills: np.ndarray = field(default_factory=lambda: np.zeros(0))
    school_fees: np.ndarray = field(default_factory=lambda: np.zeros(0))
    living_costs: np.ndarray = field(default_factory=lambda: np.zeros(0))
    income: np.ndarray = field(default_factory=lambda: np.zeros(0))
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
    if flows.__class__ is FlowRow:  # a town of a batch: its row of the batch's books
        flows.books.book(flows.r, flow, float(yuan))
        return
    frm, to = FLOWS[flow]
    ctx.flows[flow] = ctx.flows.get(flow, 0.0) + float(yuan)
    stocks = st.sector_cash
    if frm in stocks:
        stocks[frm] -= float(yuan)
    if to in stocks:
        stocks[to] += float(yuan)


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
    if isinstance(idx, slice) and isinstance(amounts, np.ndarray) and amounts.shape == cash.shape:
        cash += amounts
        total = float(amounts.sum())
    elif isinstance(idx, np.ndarray) and idx.ndim == 1 and idx.dtype != bool:
        # The common case (an index array): its shape is the amounts' shape, no gather needed.
        amounts = np.asarray(amounts, "f8")
        if amounts.shape != idx.shape:
            amounts = np.broadcast_to(amounts, idx.shape)
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


def stream_words(seeds: np.ndarray, month: int) -> np.ndarray:
    """`seed_words(seed, (i, month + 1))` for every seed (each below 2**32) and every stream i
    at once, as an array (seeds, streams, 4) of uint64: a batch of towns seeds its month's
    generators with a few hundred numpy calls instead of a Python loop per town and stream.
    The same arithmetic as `seed_words`; 32-bit products fit in uint64, and a difference that
    wraps below zero wraps by 2**64, a multiple of 2**32, so the low 32 bits are right."""
    m32 = np.uint64(_M32)
    run = np.asarray(seeds, "u8")
    if (run > _M32).any():
        raise ValueError("stream_words takes seeds below 2**32")
    zero = np.zeros_like(run)
    h = _INIT_A
    pool: list[np.ndarray] = []
    for word in (run, zero, zero, zero):  # the seed as 4 words (padded: there is a spawn key)
        v = word ^ np.uint64(h)
        h = (h * _MULT_A) & _M32
        v = (v * np.uint64(h)) & m32
        pool.append(v ^ (v >> np.uint64(16)))

    for src in range(4):
        for dst in range(4):
            if src != dst:
                h = _mix_words(pool, dst, pool[src], h)
    # Every stream of every seed: (seeds, streams) arrays from here on.
    k = len(STREAMS)
    pool = [np.repeat(x[:, None], k, axis=1) for x in pool]
    streams = np.broadcast_to(np.arange(k, dtype="u8"), pool[0].shape)
    for word in (streams, np.broadcast_to(np.uint64(month + 1), pool[0].shape)):
        for dst in range(4):
            h = _mix_words(pool, dst, word, h)
    hb, out = _INIT_B, []
    for i in range(8):
        v = pool[i % 4] ^ np.uint64(hb)
        hb = (hb * _MULT_B) & _M32
        v = (v * np.uint64(hb)) & m32
        out.append(v ^ (v >> np.uint64(16)))
    return np.stack([out[2 * i] | (out[2 * i + 1] << np.uint64(32)) for i in range(4)], axis=-1)


def _mix_words(pool: list[np.ndarray], dst: int, word: np.ndarray, h: int) -> int:
    """One step of SeedSequence's mixing (`seed_words`' inner loop) on arrays of 32-bit words."""
    m32 = np.uint64(_M32)
    v = word ^ np.uint64(h)
    h = (h * _MULT_A) & _M32
    v = (v * np.uint64(h)) & m32
    r: np.ndarray = np.uint64(_MIX_L) * pool[dst] - np.uint64(_MIX_R) * (v ^ (v >> np.uint64(16)))
    r &= m32
    pool[dst] = r ^ (r >> np.uint64(16))
    return h


def pcg64_state_of_words(w) -> dict:
    """`pcg64_state` from the four words `seed_words` gives."""
    w0, w1, w2, w3 = (int(x) for x in w)
    init_state = (w0 << 64) | w1
    inc = ((((w2 << 64) | w3) << 1) | 1) & _M128
    state = (inc + init_state) & _M128
    state = (state * _PCG_MULT + inc) & _M128
    return {
        "bit_generator": "PCG64",
        "state": {"state": state, "inc": inc},
        "has_uint32": 0,
        "uinteger": 0,
    }
