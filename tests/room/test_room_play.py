"""Scripted seats over real websockets play a room to the end: every decision the host
acknowledged is in the session file once, in order; resent decisions are not applied twice;
the file replays to the same hashes; the debrief reaches every seat."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect

from game.room.bot import SeatBot
from game.workshop import sessionfile
from game.workshop.replay import replay
from tests.room.conftest import run

PATHS = (
    "self_employ",
    "day_labour",
    "job_search",
    "self_employ",
    "retrain",
    "self_employ",
    "day_labour",
    "migrate",
)


def person_commands(path) -> dict[int, list[tuple[int, dict]]]:
    out: dict[int, list] = {}
    for e in sessionfile.load(path).entries:
        if e["k"] == "cmd" and e["by"] == "p":
            out.setdefault(e["s"], []).append((e["m"], e["cmd"]))
    return out


def test_eight_seats_play_six_months_and_nothing_is_lost_or_doubled(room_factory):
    room = room_factory(towns=2, seats=4, months=6)
    bots = [
        SeatBot(room.url, room.code, f"Student {i}", path=PATHS[i], resend=(i % 2 == 0))
        for i in range(8)
    ]

    async def play_all():
        await asyncio.gather(*(b.play() for b in bots))

    run(play_all())
    recorded = person_commands(room.path)
    assert sorted(b.seat for b in bots) == list(range(8))
    for b in bots:
        assert b.debrief is not None, b.name
        assert b.months_ended == list(range(6)), b.name
        ours = [(m, {k: v for k, v in c.items()}) for m, c in b.applied]
        theirs = [
            (m, {k: v for k, v in c.items() if k != "household"})
            for m, c in recorded.get(b.seat, [])
        ]
        # what the file holds has the command's default fields too: compare what was sent
        assert len(ours) == len(theirs), b.name
        for (m1, sent), (m2, kept) in zip(ours, theirs, strict=True):
            assert m1 == m2
            assert all(kept[k] == v for k, v in sent.items()), (sent, kept)
    resenders = [b for b in bots if b.resend and b.applied]
    assert resenders and all(b.duplicates == len(b.applied) for b in resenders)
    assert any(b.applied for b in bots if not b.resend)
    assert replay(room.path).exact


def test_a_seat_ends_the_month_only_once_and_the_month_waits_for_everyone(room_factory):
    room = room_factory(seats=2, months=3)

    async def scenario():
        async with connect(room.url) as a, connect(room.url) as b:
            for ws, name in ((a, "A"), (b, "B")):
                await ws.send(
                    json.dumps({"type": "join", "protocol": 1, "code": room.code, "name": name})
                )
                assert json.loads(await ws.recv())["type"] == "welcome"
                assert json.loads(await ws.recv())["type"] == "view"
            await a.send(json.dumps({"type": "end_month", "ref": 1, "month": 0}))
            ack = json.loads(await a.recv())
            assert ack["applied"] and ack["waiting_for"] == 1
            await a.send(json.dumps({"type": "end_month", "ref": 2, "month": 0}))
            again = json.loads(await a.recv())
            assert again["type"] == "ack" and again["applied"] is False
            assert room.game.ws.month == 0  # B has not ended it
            await b.send(json.dumps({"type": "end_month", "ref": 3, "month": 0}))
            while True:
                m = json.loads(await b.recv())
                if m["type"] == "view" and m["view"]["month"] == 1:
                    break
            assert room.game.ws.month == 1

    run(scenario())
