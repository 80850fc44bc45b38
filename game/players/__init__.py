"""Players: anything that plays a household, behind one protocol (`protocol.Player`).

A player reads the town through its `Seat` (the household, its business, what each path would
bring) and submits the month's commands there; when a scenario event comes, it picks a choice.
`PathPlayer` is the scripted one, parameterised by path x trade x entry month (for the `paths`
command, the debrief's other paths, the benchmarks and the tests); `AutoplayPlayer` is what
`play --autoplay` decides (the bot in game/ui/autoplay.py carries it out through the screens);
`ReplayPlayer` makes a recorded run's decisions again; `play` runs any player through a whole
run. No pygame here.
"""

from __future__ import annotations

from game.players.autoplay import AutoplayPlayer
from game.players.play import PlayResult, new_session, play
from game.players.protocol import Player
from game.players.replay import ReplayPlayer
from game.players.seat import Business, Seat
from game.players.strategies import ENTRY_MONTHS, OTHER_PATHS, PathPlayer, path_players

__all__ = [
    "AutoplayPlayer",
    "Business",
    "ENTRY_MONTHS",
    "OTHER_PATHS",
    "PathPlayer",
    "PlayResult",
    "Player",
    "ReplayPlayer",
    "Seat",
    "new_session",
    "path_players",
    "play",
]
