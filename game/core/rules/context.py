"""What one month's rules share: the month's random streams, the money ledger and the notes
the explanation is built from. Made fresh each month by the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

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
)


class MonthStreams(dict):
    """The month's generators, made on first use (a month touches only some subsystems, and
    making a generator costs more than most of its draws)."""

    def __init__(self, seed: int, month: int) -> None:
        super().__init__()
        self.seed, self.month = seed, month

    def __missing__(self, name: str) -> np.random.Generator:
        i = STREAMS.index(name)
        gen = np.random.default_rng(
            np.random.SeedSequence(self.seed, spawn_key=(i, self.month + 1))
        )
        self[name] = gen
        return gen


def month_streams(seed: int, month: int) -> MonthStreams:
    return MonthStreams(seed, month)


@dataclass
class MonthContext:
    month: int
    n: int
    n_trades: int
    rng: MonthStreams
    # Every change to household cash is booked here by category (yuan, signed: + into households).
    ledger: dict[str, float] = field(default_factory=dict)
    entries: np.ndarray = field(default_factory=lambda: np.zeros(0, "i4"))
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
    # Counterfactual switch (the debrief): AI households may not enter this trade (-1: none).
    blocked_trade: int = -1

    def __post_init__(self) -> None:
        t = self.n_trades
        self.entries = np.zeros(t, "i4")
        self.exits = np.zeros(t, "i4")
        self.defaults = np.zeros(t, "i4")
        self.guarantor_calls = np.zeros(t, "i4")
        self.matured = np.zeros(t, "i4")
        self.income = np.zeros(self.n, "f8")

    def book(self, category: str, amount: float) -> None:
        self.ledger[category] = self.ledger.get(category, 0.0) + float(amount)

    def note(self, key: str, idx: np.ndarray) -> None:
        idx = np.asarray(idx, "i8").ravel()
        if key in self.notes:
            self.notes[key] = np.concatenate([self.notes[key], idx])
        else:
            self.notes[key] = idx


def pay(st_cash: np.ndarray, ctx: MonthContext, idx, amounts, category: str) -> None:
    """Move money into (+) or out of (-) households' cash and book it. `idx` may be a boolean
    mask, an index array or a slice; amounts broadcast."""
    if (
        isinstance(idx, slice)
        and isinstance(amounts, np.ndarray)
        and amounts.shape == st_cash.shape
    ):
        st_cash += amounts  # the common case: one amount per household
        ctx.book(category, amounts.sum())
        return
    amounts = np.broadcast_to(np.asarray(amounts, "f8"), st_cash[idx].shape)
    st_cash[idx] += amounts
    ctx.book(category, amounts.sum())
