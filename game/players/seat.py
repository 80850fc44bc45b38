"""A seat at the table: one household, the town it lives in, and the only door to act on it.

A player (a person at the screen, a scripted strategy, a replay) reads the town through its
seat and submits its decisions there. The seat checks every command before it reaches the
engine and keeps a log of any the town refused, so a strategy that tries something the rules
forbid is caught by the tests instead of silently doing nothing.

A seat sits on a `GameSession` (so decisions are recorded for the debrief and scenario events
reach the player) or on a bare `Engine` (the debrief's counterfactual runs, the benchmarks).

What the seat shows are the core's views (game/core/views.py): the household, its business,
its budget and what each path would bring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.core import neighbours, views
from game.core.commands import Command

if TYPE_CHECKING:
    from game.core.engine import Engine

LIKELINESS = neighbours.LIKELINESS  # a candidate's likeliness labels, best first


Business = views.Business  # the household's business as its owner sees it


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
        return self.view().status

    def start_up_cost(self, trade: int) -> float:
        return views.market(self.engine, trade).start_up

    def skill(self, trade: int) -> float:
        return self.view().skill[trade]

    def in_default(self) -> bool:
        """The household's subsidised loan fell due unpaid: the state marks it in arrears at
        the default and never clears the mark (the borrower does not pay the bank back later;
        its guarantor, the guarantee fund and the bank covered the gap; it stays blacklisted)."""
        return self.view().in_arrears

    def guarantors(self, k: int = 4) -> list[dict]:
        """The relatives and neighbours the household could ask, likeliest first."""
        cands = neighbours.guarantor_candidates(self.engine, self.household, k)
        return sorted(
            (c.to_dict() for c in cands), key=lambda c: (LIKELINESS.index(c["likely"]), -c["trust"])
        )

    def free_lot(self) -> int:
        """The first free lot on the street (-1: none; the business opens in a side street)."""
        lots = views.free_lots(self.engine)
        return lots[0] if lots else -1

    def business(self) -> Business | None:
        return views.business_view(self.engine, self.household)

    def view(self) -> views.Household:
        return views.household_view(self.engine, self.household)

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
