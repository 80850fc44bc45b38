"""Kill -9 the host at a random month and resume it: every seat rejoins with its token, every
decision acknowledged before the kill is in the session file exactly once, and the room plays
on to the debrief with a file that replays hash by hash."""

from __future__ import annotations

import asyncio
import random

import pytest

from game.room.bot import SeatBot
from game.workshop.replay import replay
from tests.room.conftest import run
from tests.room.hostproc import HostProcess, free_port, months_on_file, room_args
from tests.room.test_room_play import person_commands

MONTHS = 6
SEATS = 3


def assert_acked_on_file(bots, path) -> None:
    recorded = person_commands(path)
    for b in bots:
        kept = recorded.get(b.seat, [])
        months = [m for m, _c in kept]
        assert len(months) == len(set(months)), f"{b.name}: a month's decision applied twice"
        it = iter(kept)
        for month, cmd in b.applied:  # in order, each one found once
            assert any(m == month and all(c.get(k) == v for k, v in cmd.items()) for m, c in it), (
                f"{b.name}: month {month} {cmd} acknowledged but not on file"
            )


@pytest.mark.parametrize("trial", [0, 1])
def test_kill_nine_at_a_random_month_and_resume(tmp_path, trial):
    rng = random.Random(1000 + trial)
    kill_at = rng.randint(1, MONTHS - 2)
    session = tmp_path / "room.session"
    port = free_port()
    args = room_args(session, port, seats=SEATS, months=MONTHS, seed=5)
    host = HostProcess(tmp_path, args)
    host.start()
    code = host.code
    url = f"ws://127.0.0.1:{port}/ws"
    bots = [
        SeatBot(url, code, f"S{i}", path=p, resend=i == 0, hold_at=kill_at)
        for i, p in enumerate(("self_employ", "day_labour", "job_search"))
    ]

    async def scenario():
        players = asyncio.gather(*(b.play(timeout=600) for b in bots))
        # The room plays to `kill_at`, where every seat decides but none ends the month (on a
        # fast machine the room would otherwise finish before the kill); the host dies there.
        while not all(b.held == kill_at and not b._pending for b in bots):
            await asyncio.sleep(0.05)
        assert months_on_file(session) == kill_at
        seats_before = [b.seat for b in bots]
        host.kill9()
        assert_acked_on_file(bots, session)  # nothing acknowledged is lost by the kill
        for b in bots:
            b.hold_at = None  # after the restart, the seats play on
        await asyncio.to_thread(host.start, ["--resume", str(session)])
        await players
        return seats_before

    try:
        seats_before = run(scenario(), timeout=900)
    finally:
        host.stop()
    assert host.code == code  # the same room: the code on the projector still works
    for b, seat in zip(bots, seats_before, strict=True):
        assert b.seat == seat and b.connections >= 2 and b.debrief is not None
        assert b.months_ended[-1] == MONTHS - 1
    assert_acked_on_file(bots, session)
    assert months_on_file(session) == MONTHS
    assert replay(session).exact
