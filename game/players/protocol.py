"""The one protocol for anything that plays a household (a person through the screens, a
scripted strategy, a replay)."""

from __future__ import annotations

from typing import Any, Protocol

from game.players.seat import Seat


class Player(Protocol):
    def act(self, seat: Seat) -> None:
        """The month's decisions, submitted through the seat before the month is resolved."""

    def choose(self, seat: Seat, event: Any) -> int:
        """The index of the choice to take in a scenario event."""


__all__ = ["Player"]
