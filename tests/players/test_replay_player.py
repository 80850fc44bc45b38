"""A replay is a player like the others (game/players/replay.py): the decisions and event
choices of a recorded run, made again through a seat in a fresh run of the same scenario and
seed, give the same town - every household's bytes - and the same decisions."""

from __future__ import annotations

import pytest

from game.players import AutoplayPlayer, PathPlayer, ReplayPlayer, new_session, play
from game.scenario.loader import builtin_names


def played(scenario: str, seed: int, player):
    s = new_session(scenario, seed=seed)
    play(s, player)
    return s


@pytest.mark.parametrize("scenario", builtin_names())
def test_a_replayed_run_ends_in_the_same_town(scenario):
    for seed, player in ((3, PathPlayer("self_employ", entry_month=3)), (8, AutoplayPlayer())):
        first = played(scenario, seed, player)
        again = played(scenario, seed, ReplayPlayer.of(first))
        assert again.engine.state_hash() == first.engine.state_hash()
        assert again.engine.command_log == first.engine.command_log
        assert [(d.month, d.key) for d in again.decisions] == [
            (d.month, d.key) for d in first.decisions
        ]


def test_an_event_choices_commands_are_not_made_twice():
    # A run whose event choices moved money: replaying its log as it stands, with the choices
    # answered too, would apply those effects twice; the replay takes them out.
    first = played("steel_town_2016", 1, PathPlayer("self_employ"))
    chosen = [d for d in first.decisions if d.key == "decision.event"]
    assert chosen
    rp = ReplayPlayer.of(first)
    again = played("steel_town_2016", 1, rp)
    assert again.engine.state_hash() == first.engine.state_hash()
    assert not any(rp.commands.values())  # every recorded command was made, once
