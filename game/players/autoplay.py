"""The autoplay's player: what `python main.py play --autoplay` decides, behind the one player
protocol (`protocol.Player`).

The bot in game/ui/autoplay.py plays through the screens: it asks this player what to do and
carries the answer out with the clicks and keys a person would use. The same player plays the
same household without the screens (`play(session, AutoplayPlayer())`): it is the scripted
entrepreneur (`PathPlayer`, self-employment in the first trade, opening as soon as it can)
with the autoplay's own answers where a person at the screen chooses:

- an event: the first choice that keeps the household on its path and leaves its loan to the
  loan-due screen (no path change, no closing, no extension), so a demonstration run shows
  that screen;
- a loan falling due: repay if it can, else extend, else let it fall into arrears;
- a guarantor: the likeliest first;
- a trade: the first on the street it can afford (the noodle stall in the built-ins).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from game.players.seat import Seat
from game.players.strategies import PathPlayer

# An event's effects the autoplay leaves alone (see the module's docstring).
STAYS_CLEAR_OF = frozenset({"choose_path", "close_business", "extend_loan"})
# A loan falling due: the answers, the one it prefers first.
DUE_ANSWERS = ("repay", "extend", "let_it")


@dataclass
class AutoplayPlayer(PathPlayer):
    path: str = "self_employ"
    trade: int | None = 0
    entry_month: int = 0

    def choose(self, seat: Seat | None, event: Any) -> int:
        """The index of the event's choice (`seat` is not needed: the effects say it)."""
        for i, choice in enumerate(event.choices):
            kinds = {effect.get("command") for effect in choice.effects}
            if not kinds & STAYS_CLEAR_OF:
                return i
        return 0

    @staticmethod
    def answer_due(possible: Sequence[str]) -> str | None:
        """Of the loan-due answers open now, the one to give."""
        return next((a for a in DUE_ANSWERS if a in possible), None)

    @staticmethod
    def guarantors_in_order(chances: Sequence[float]) -> list[int]:
        """The candidates to ask, the likeliest first (indices into `chances`)."""
        return sorted(range(len(chances)), key=lambda i: -chances[i])

    def trade_to_open(self, affordable: Sequence[int]) -> int | None:
        """Of the trades it can afford (their indices), the one to open."""
        if not affordable:
            return None
        return self.trade if self.trade in affordable else affordable[0]


__all__ = ["AutoplayPlayer", "DUE_ANSWERS", "STAYS_CLEAR_OF"]
