"""A seat at the table: one household, the town it lives in, and the only door to act on it.

A player (a person at the screen, a scripted strategy, a replay) reads the town through its
seat and submits its decisions there. The seat checks every command before it reaches the
engine and keeps a log of any the town refused, so a strategy that tries something the rules
forbid is caught by the tests instead of silently doing nothing.

A seat sits on a `GameSession` (so decisions are recorded for the debrief and scenario events
reach the player) or on a bare `Engine` (the debrief's counterfactual runs, the benchmarks).

`Business` is a small frozen record of the household's business and its trade. It reads the
state here because `game.core.views` has no business or market view yet; when it has, this is
the one function to switch over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.core import views
from game.core.commands import Command
from game.core.state import Status

if TYPE_CHECKING:
    from game.core.engine import Engine

# The likeliness labels `Engine.guarantor_candidates` gives, best first.
LIKELINESS = ("likely", "unsure", "unlikely")


@dataclass(frozen=True)
class Business:
    """The household's business as its owner sees it at the start of a month."""

    trade: int
    price: float
    going_price: float  # last month's typical price in the trade (0: nobody sold)
    unit_cost: float
    start_price: float
    start_up: float
    min_price: float  # the lowest price the owner would ask (unit cost and a minimal markup)
    max_price: float  # the most anyone would pay (the SetPrice command's cap)
    profit: float  # last month's
    profit_avg: float  # smoothed over about three months (what the bank looks at)
    months_open: int
    sold_out: bool  # last month customers wanted more than the hours could make
    hours: float
    full_hours: float


@dataclass
class Seat:
    engine: Engine
    household: int
    session: Any = None  # a GameSession, when the run has one
    refused: list[dict] = field(default_factory=list)  # commands the town refused, with why

    @classmethod
    def of(cls, session: Any) -> Seat:
        return cls(session.engine, int(session.player), session)

    # ---- reading ----------------------------------------------------------------------
    @property
    def month(self) -> int:
        return self.engine.month

    @property
    def months(self) -> int:
        return self.engine.params.months

    def facts(self) -> dict:
        return self.engine.player_facts(self.household)

    def budget(self) -> views.Budget:
        return views.budget(self.engine, self.household)

    def preview(self) -> views.PathPreview:
        return views.path_preview(self.engine, self.household)

    def status(self) -> str:
        return Status(self.engine.state.status[self.household]).name.lower()

    def start_up_cost(self, trade: int) -> float:
        return float(self.engine.trade_arrays["start_up"][trade])

    def skill(self, trade: int) -> float:
        return float(self.engine.state.skill[self.household, trade])

    def in_default(self) -> bool:
        """The household's subsidised loan fell due unpaid: the state marks it in arrears at
        the default and never clears the mark (the borrower does not pay the bank back later;
        its guarantor, the guarantee fund and the bank covered the gap; it stays blacklisted)."""
        return bool(self.engine.state.in_arrears[self.household])

    def guarantors(self, k: int = 4) -> list[dict]:
        """The relatives and neighbours the household could ask, likeliest first."""
        cands = self.engine.guarantor_candidates(self.household, k)
        return sorted(cands, key=lambda c: (LIKELINESS.index(c["likely"]), -c["trust"]))

    def free_lot(self) -> int:
        """The first free lot on the street (-1: none; the business opens in a side street)."""
        lots = views.free_lots(self.engine)
        return lots[0] if lots else -1

    def business(self) -> Business | None:
        eng, h = self.engine, self.household
        st, ta = eng.state, eng.trade_arrays
        if st.status[h] != Status.SELF_EMPLOYED or st.trade[h] < 0:
            return None
        t = int(st.trade[h])
        unit = float(ta["unit_cost"][t])
        start = float(ta["start_price"][t])
        return Business(
            trade=t,
            price=float(st.price[h]),
            going_price=float(st.going_price[t]),
            unit_cost=unit,
            start_price=start,
            start_up=float(ta["start_up"][t]),
            min_price=unit * (1.0 + eng.params.market.min_markup),
            max_price=4.0 * start,
            profit=float(st.profit[h]),
            profit_avg=float(st.profit_avg[h]),
            months_open=int(st.months_open[h]),
            sold_out=bool(st.capacity_bound[h]),
            hours=float(st.hours[h]),
            full_hours=float(eng.params.behaviour.full_hours_per_month),
        )

    # ---- acting -----------------------------------------------------------------------
    def allowed(self, cmd: Command) -> bool:
        return not cmd.validate(self.engine)

    def submit(self, cmd: Command) -> bool:
        """Apply a decision now (through the session when there is one). False, with the
        reasons logged in `refused`, if the town's rules do not allow it."""
        reasons = cmd.validate(self.engine)
        if reasons:
            self.refused.append({"month": self.month, "command": cmd.kind, "reasons": reasons})
            return False
        if self.session is not None:
            self.session.submit(cmd)
        else:
            self.engine.submit(cmd)
        return True

    @property
    def last_outcome(self) -> dict:
        return self.engine.outcomes[-1] if self.engine.outcomes else {}


__all__ = ["Business", "LIKELINESS", "Seat"]
