"""A dropped connection keeps the seat; a seat whose holder stays away is played by its script
so the month does not wait for it; the holder comes back with the token and has it again."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect

from tests.room.conftest import run


async def join(url: str, code: str, name: str):
    ws = await connect(url)
    await ws.send(json.dumps({"type": "join", "protocol": 1, "code": code, "name": name}))
    welcome = json.loads(await ws.recv())
    return ws, welcome


async def view_of_month(ws, month: int) -> dict:
    while True:
        m = json.loads(await ws.recv())
        if m["type"] == "view" and m["view"]["month"] == month:
            return m["view"]


def test_an_absent_holder_is_played_by_the_script_until_they_return(room_factory):
    room = room_factory(seats=2, months=4, away=0.5)

    async def scenario():
        a, wa = await join(room.url, room.code, "Away")
        b, _wb = await join(room.url, room.code, "Here")
        await a.close()  # A's phone goes to sleep before ending the month
        await b.send(json.dumps({"type": "end_month", "month": 0}))
        view = await view_of_month(b, 1)  # the month went on without waiting for A
        assert view["month"] == 1
        assert not room.game.ws.seat(wa["seat"]).occupied  # its script played month 1
        # A comes back from another device with the token: the seat is A's again
        a2 = await connect(room.url)
        await a2.send(json.dumps({"type": "rejoin", "protocol": 1, "token": wa["token"]}))
        assert json.loads(await a2.recv())["seat"] == wa["seat"]
        back = await view_of_month(a2, 1)
        assert back["occupied"] and back["name"] == "Away"
        assert room.game.ws.seat(wa["seat"]).occupied
        await a2.close()
        await b.close()

    run(scenario())
    kinds = [c["a"] for c in room.game.ws.changes]
    assert kinds.count("free") == 1 and kinds.count("take") == 3  # A, B, A again


def test_a_month_with_every_holder_gone_waits_for_people(room_factory):
    room = room_factory(seats=1, months=3, away=0.2)

    async def scenario():
        a, _w = await join(room.url, room.code, "Gone")
        await a.close()
        for _ in range(20):  # ticks come every half second; the month must not move
            await asyncio.sleep(0.1)
        return room.game.ws.month

    assert run(scenario()) == 0
