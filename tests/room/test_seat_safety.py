"""Seats and safety: a seat is claimed with the code and held by its token; a seat acts only
for its own household and sees only its own numbers; the projector needs the code and the
facilitator's controls the facilitator's token; names are plain text."""

from __future__ import annotations

import json

from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from game.room.host import _same_machine
from game.room.limits import plain_text
from tests.room.conftest import run


async def opened(url: str, hello: dict) -> tuple:
    ws = await connect(url)
    await ws.send(json.dumps({"protocol": 1, **hello}))
    first = json.loads(await ws.recv())
    return ws, first


async def next_of(ws, kind: str) -> dict:
    while True:
        m = json.loads(await ws.recv())
        if m["type"] == kind:
            return m


def test_a_seat_needs_the_code_and_then_its_token(room_factory):
    room = room_factory(seats=2, months=2)

    async def scenario():
        ws, m = await opened(room.url, {"type": "join", "code": "WRONG1", "name": "A"})
        assert m["type"] == "error" and m["code"] == "bad_code"
        await ws.close()
        ws, m = await opened(room.url, {"type": "join", "code": room.code.lower(), "name": "A"})
        assert m["type"] == "welcome" and m["token"]
        token, seat = m["token"], m["seat"]
        await ws.close()
        ws, m = await opened(room.url, {"type": "rejoin", "token": token})
        assert m["type"] == "welcome" and m["seat"] == seat and "token" not in m
        await ws.close()
        ws, m = await opened(room.url, {"type": "rejoin", "token": token[:-1] + "x"})
        assert m["type"] == "error" and m["code"] == "bad_token"
        await ws.close()
        # the last seat, then none
        ws, m = await opened(room.url, {"type": "join", "code": room.code, "name": "B"})
        assert m["type"] == "welcome"
        await ws.close()
        ws, m = await opened(room.url, {"type": "join", "code": room.code, "name": "C"})
        assert m["type"] == "error" and m["code"] == "no_free_seat"
        await ws.close()

    run(scenario())
    saved = room.seats.path.read_text()
    assert "token" in saved and all(len(h.token_hash) == 64 for h in room.seats.holders.values())


def test_a_seat_acts_only_for_itself_and_sees_only_its_household(room_factory):
    room = room_factory(seats=2, months=2)
    other = room.game.household_of(1)

    async def scenario():
        ws, m = await opened(room.url, {"type": "join", "code": room.code, "name": "A"})
        view = (await next_of(ws, "view"))["view"]
        assert view["household_index"] == room.game.household_of(0) != other
        await ws.send(
            json.dumps(
                {
                    "type": "command",
                    "ref": 1,
                    "command": {"command": "choose_path", "path": "day_labour", "household": other},
                }
            )
        )
        m = await next_of(ws, "error")
        assert m["code"] == "not_your_household" and m["ref"] == 1
        await ws.send(json.dumps({"type": "control", "ref": 2, "action": "reveal"}))
        assert (await next_of(ws, "error"))["code"] == "not_allowed"
        await ws.close()
        watch, m = await opened(room.url, {"type": "watch", "code": room.code})
        assert m["type"] == "welcome" and m["qr_svg"].startswith("data:image/svg+xml")
        dash = (await next_of(watch, "dashboard"))["view"]
        assert all(s["private"] is None for s in dash["seats"])
        await watch.send(json.dumps({"type": "command", "command": {"command": "take_job"}}))
        assert (await next_of(watch, "error"))["code"] == "not_allowed"
        await watch.close()
        return view

    view = run(scenario())
    text = json.dumps(view)
    assert "guarantors" in view["loan"]  # other households appear only as names to ask
    assert str(room.game.ws.seat(1).name) not in text


def test_the_facilitator_token_opens_the_controls(room_factory):
    room = room_factory(seats=1, months=3)

    async def scenario():
        ws, m = await opened(room.url, {"type": "facilitate", "token": "not it"})
        assert m["code"] == "bad_token"
        await ws.close()
        fac, m = await opened(room.url, {"type": "facilitate", "token": room.facilitator})
        assert m["type"] == "welcome" and m["role"] == "facilitator" and m["code"] == room.code
        await fac.send(json.dumps({"type": "control", "ref": "p", "action": "pause"}))
        assert (await next_of(fac, "ack"))["ref"] == "p"
        assert room.game.ws.paused
        await fac.send(json.dumps({"type": "control", "ref": "r", "action": "reveal"}))
        await next_of(fac, "ack")
        dash = (await next_of(fac, "dashboard"))["view"]
        while dash["paused"] is False or any(s["private"] is None for s in dash["seats"]):
            dash = (await next_of(fac, "dashboard"))["view"]
        await fac.send(json.dumps({"type": "control", "ref": "x", "action": "explode"}))
        assert (await next_of(fac, "refused"))["ref"] == "x"
        await fac.close()

    run(scenario())


def test_controls_only_from_the_hosts_own_machine():
    class Fake:
        def __init__(self, remote, local):
            self.remote_address, self.local_address = (remote, 1), (local, 2)

    assert _same_machine(Fake("127.0.0.1", "127.0.0.1"))
    assert _same_machine(Fake("192.168.1.5", "192.168.1.5"))
    assert not _same_machine(Fake("192.168.1.23", "192.168.1.5"))


def test_names_are_plain_text():
    assert plain_text("Li\u202e Hua\n<b>x</b>\x00\t", 40) == "Li Hua <b>x</b>"
    assert plain_text("  ", 40) == "" and plain_text(None, 40) == ""
    assert plain_text("名" * 100, 40) == "名" * 40


def test_a_page_from_another_site_cannot_open_the_rooms_websocket(room_factory):
    # A site a student has open in another tab could otherwise reach the room through
    # their browser; the room's own page (same host and port) and origin-less clients can.
    room = room_factory(seats=2, months=2)

    async def scenario():
        try:
            await connect(room.url, origin="http://evil.example")
        except InvalidStatus as exc:
            assert exc.response.status_code == 403
        else:
            raise AssertionError("a foreign page opened the websocket")
        ws, m = await opened_from(room.url, room.http, room.code)
        assert m["type"] == "welcome"
        await ws.close()

    run(scenario())


async def opened_from(url: str, origin: str, code: str) -> tuple:
    ws = await connect(url, origin=origin)
    await ws.send(json.dumps({"protocol": 1, "type": "join", "code": code, "name": "A"}))
    return ws, json.loads(await ws.recv())
