"""`paths` steps its plays as batches of towns (`game.paths.play_runs`): every play's town,
account, decisions, events and detail row are those of the same play alone
(`game.paths.play_one`, a lone session), in small towns of a few months."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.core.batch import Batch
from game.paths import path_player, play_one, play_runs, run_chunks, strategies
from game.players import PlayResult, new_session, play
from game.players.play import play_together
from game.session import GameSession, load_scenario, player_profile


def small(name: str, households: int = 150, months: int = 8):
    sc = load_scenario(name)
    p = sc.params
    return sc, replace(p, months=months, town=replace(p.town, households=households))


@pytest.mark.parametrize("name", ["steel_town_2016", "xiagang_1998"])
def test_a_batch_of_plays_writes_the_rows_of_the_plays_alone(name):
    """Two runs' plays in one batch (the steel town's events; Xiagang's player laid off in a
    later wave, whose plays wait at the mill): the detail rows of each play alone."""
    sc, params = small(name)
    every = strategies(len(params.trades), (1, 3))
    specs = every[:5] + every[5::3]  # every other path, and a third of the businesses
    got = play_runs(sc, params, 5, [0, 1], specs)
    want = [play_one(sc, params, 5, run, spec) for run in (0, 1) for spec in specs]
    assert got == want
    assert any(r["taken"] for r in got)


def test_a_play_that_cannot_be_taken_ends_at_once_and_reads_its_town_then():
    """The tutorial's household is too young to retire: that play ends in month 0 with the
    town as it was then, while the batch steps the other plays' towns to the end."""
    sc, params = small("tutorial", months=6)
    specs = [("retire", -1, -1), ("job_search", -1, -1)]
    got = play_runs(sc, params, 2, [0], specs)
    assert got == [play_one(sc, params, 2, 0, spec) for spec in specs]
    assert not got[0]["taken"] and got[0]["note"] and got[1]["taken"]


def test_sessions_played_together_keep_what_each_session_alone_keeps():
    """Each session of a batch: the town's state hash every month, the month's accounts, the
    decisions, the events shown and the refusals of the same play alone."""
    sc, params = small("steel_town_2016", months=10)
    sc = replace(sc, params=params)
    specs = [("self_employ", 0, 1), ("self_employ", 2, 3), ("migrate", -1, -1)]
    batch = Batch(params, [3] * len(specs), players=(0,), player_profile=player_profile(sc.player))
    sessions = [GameSession(sc, e, 3) for e in batch.engines]
    for s in sessions:
        s.autosave_enabled = False
    players = [path_player(spec) for spec in specs]
    results: dict[int, PlayResult] = {}
    play_together(sessions, players, batch.end_month, results.__setitem__)
    assert any(s.shown_event_ids for s in sessions)  # the scenario's events came
    for i, spec in enumerate(specs):
        alone = new_session(sc, 3, params)
        result = play(alone, path_player(spec))
        together = sessions[i]
        assert together.engine.hashes == alone.engine.hashes
        assert together.book == alone.book
        assert [tuple(d) for d in together.decisions] == [tuple(d) for d in alone.decisions]
        assert together.shown_event_ids == alone.shown_event_ids
        assert results[i].seat.refused == result.seat.refused
        assert (results[i].months_played, results[i].months_in_arrears) == (
            result.months_played,
            result.months_in_arrears,
        )


def test_runs_are_split_into_batches_of_about_a_hundred_towns_and_one_per_worker():
    assert run_chunks(20, 26, 1) == [range(0, 3), range(3, 6), range(6, 9), range(9, 12),
                                     range(12, 15), range(15, 18), range(18, 20)]  # fmt: skip
    assert run_chunks(2, 26, 2) == [range(0, 1), range(1, 2)]
    assert run_chunks(1, 200, 4) == [range(0, 1)]  # a run's plays stay together
    chunks = run_chunks(37, 10, 2)
    assert [r for c in chunks for r in c] == list(range(37))
    assert max(len(c) for c in chunks) * 10 <= 100
