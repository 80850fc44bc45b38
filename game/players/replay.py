"""A replay: a player that makes again the decisions a recorded run made.

    rp = ReplayPlayer.of(session)         # what the household did, month by month
    play(new_session(..., seed=same), rp)  # the same run again, through the same door

Same scenario + seed + decisions + event choices = the same run (game/session.py), so a replay
through a seat ends in the recorded run's bytes; the tests hold it to that. The engine's log
holds the player's commands *and* the commands its event choices stood for: when the replay
answers an event it takes those out of the month's list, so nothing is applied twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.core.commands import command_from_dict, command_to_dict
from game.players.seat import Seat
from game.scenario.events import choice_commands


@dataclass
class ReplayPlayer:
    commands: dict[int, list[dict]]  # month -> the commands made in it (as the log keeps them)
    choices: dict[tuple[int, str], int]  # (month, event id) -> the choice taken
    unavailable: list = field(default_factory=list)  # (the play loop asks every player)

    @classmethod
    def of(cls, session: Any) -> ReplayPlayer:
        """The decisions of a run so far (a GameSession, finished or not)."""
        commands: dict[int, list[dict]] = {}
        for entry in session.engine.command_log:
            cmd = {k: v for k, v in entry.items() if k != "month"}
            commands.setdefault(int(entry["month"]), []).append(cmd)
        choices = {
            (d.month, str(d.values["event"])): int(d.values["choice"])
            for d in session.decisions
            if d.key == "decision.event"
        }
        return cls(commands, choices)

    def act(self, seat: Seat) -> None:
        for cmd in self.commands.pop(seat.month, []):
            if not seat.submit(command_from_dict(cmd)):
                raise ValueError(f"the replayed run refused {cmd} in month {seat.month}")

    def choose(self, seat: Seat, event: Any) -> int:
        index = self.choices.get((seat.month, event.id), 0)
        # The choice's own commands are applied by the session: drop them from the month's list.
        todo = self.commands.get(seat.month, [])
        params = seat.engine.params
        for cmd in choice_commands(event.choices[index], seat.household, params):
            done = command_to_dict(cmd)
            if done in todo:
                todo.remove(done)
        return index


__all__ = ["ReplayPlayer"]
