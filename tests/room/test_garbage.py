"""Clients that send garbage, flood, send frames too big, or vanish mid-frame cost the others
nothing: the host answers each with an error or closes that one connection, and an honest
seat still joins and plays its month."""

from __future__ import annotations

import asyncio
import json
import random
import socket

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from game.room import limits
from game.room.bot import SeatBot
from tests.room.conftest import run

GARBAGE = [
    "not json",
    "[]",
    "42",
    "null",
    '{"type": 7}',
    '{"type": "join"}',
    '{"type": "join", "protocol": 2, "code": "X", "name": "n"}',
    '{"type": "join", "protocol": 1, "code": 5, "name": ["x"]}',
    '{"type": "rejoin", "protocol": 1, "token": {"a": 1}}',
    '{"type": "command", "command": {"command": "set_price", "price_yuan": "cheap"}}',
    '{"type": "facilitate", "protocol": 1, "token": "guess"}',
    '{"type": "watch", "protocol": 1, "code": "AAAAAA"}',
    "[" * 5000 + "]" * 5000,
    '{"type": "end_month", "month": 1e308}',
    '{"type": "\\ud800"}',
    '{"ref": ' + "9" * 400 + ', "type": "ping"}',
]


def fuzz_lines(rng: random.Random, n: int) -> list[str]:
    """Random mutations of honest messages: fields dropped, retyped, swapped, cut short."""
    honest = [
        {"type": "join", "protocol": 1, "code": "ABCDEF", "name": "x", "strategy": "y"},
        {
            "type": "command",
            "after": 0,
            "command": {"command": "open_business", "trade": 0, "lot": 1},
        },
        {"type": "choose", "event": "e", "choice": 0},
        {"type": "end_month", "month": 0},
        {"type": "control", "action": "pause"},
    ]
    values = [None, True, -1, 2**40, 1.5, float("nan"), "", "x" * 300, [], {}, [1, {"a": []}]]
    out = []
    for _ in range(n):
        msg = dict(rng.choice(honest))
        key = rng.choice(list(msg))
        action = rng.randrange(4)
        if action == 0:
            msg.pop(key)
        elif action == 1:
            msg[key] = rng.choice(values)
        elif action == 2:
            msg[rng.choice(["extra", "household", "type"])] = rng.choice(values)
        text = json.dumps(msg, allow_nan=True)
        if action == 3:
            text = text[: rng.randrange(len(text))]
        out.append(text)
    return out


async def send_garbage(url: str, frames: list, read: bool = True) -> list[dict]:
    answers = []
    async with connect(url, max_size=2**22) as ws:
        for frame in frames:
            await ws.send(frame)
            if read:
                try:
                    answers.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
                except (TimeoutError, ConnectionClosed):
                    break
    return answers


async def honest_seat_plays(room) -> bool:
    """After the trouble, a well-behaved seat joins and plays the room to its debrief."""
    bot = SeatBot(room.url, room.code, "honest")
    await bot.play()
    return bot.debrief is not None


def test_garbage_gets_errors_and_the_room_plays_on(room_factory):
    room = room_factory(seats=2, months=2)
    rng = random.Random(12)
    frames = GARBAGE + fuzz_lines(rng, 300) + [b"\x00\xff binary"]

    async def scenario():
        answers = await send_garbage(room.url, frames)
        assert answers, "the host answered nothing"
        assert all(a["type"] in ("error", "pong", "welcome", "view", "dashboard") for a in answers)
        assert not any(a["type"] == "welcome" and a.get("role") == "facilitator" for a in answers)
        bots = [SeatBot(room.url, room.code, f"honest {i}") for i in range(2)]
        await asyncio.gather(*(b.play() for b in bots))
        return bots

    bots = run(scenario())
    assert all(b.debrief is not None for b in bots)


def test_a_frame_too_big_closes_only_that_connection(room_factory):
    room = room_factory(seats=1, months=2)

    async def scenario():
        async with connect(room.url, max_size=None) as big:
            await big.send("x" * (limits.MAX_MESSAGE_BYTES + 1))
            try:
                await asyncio.wait_for(big.recv(), 10)
            except ConnectionClosed as exc:
                assert exc.rcvd is not None and exc.rcvd.code == 1009
            else:
                raise AssertionError("a frame above the limit was read")
        return await honest_seat_plays(room)

    assert run(scenario())


def test_a_flood_is_cut_off_and_others_are_served(room_factory):
    room = room_factory(seats=1, months=2)

    async def scenario():
        async with connect(room.url) as flood:
            try:
                for _ in range(limits.DROPS_BEFORE_CLOSE + int(limits.RATE_BURST) + 200):
                    await flood.send('{"type": "ping"}')
                async for _ in flood:
                    pass
            except ConnectionClosed:
                pass
            assert flood.close_code == 1008
        return await honest_seat_plays(room)

    assert run(scenario())


def test_a_client_vanishing_mid_frame_or_mid_handshake_costs_nothing(room_factory):
    room = room_factory(seats=1, months=2)
    for partial in (
        b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n",  # cut in the headers
        b"POST / HTTP/1.1\r\nContent-Length: 9999\r\n\r\nabc",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello to a plain port
    ):
        with socket.create_connection(("127.0.0.1", room.port), timeout=10) as s:
            s.sendall(partial)

    async def half_frame():
        async with connect(room.url) as ws:
            transport = ws.transport
            # a masked text frame header that promises 1000 bytes, then 10 of them
            transport.write(bytes([0x81, 0xFE, 0x03, 0xE8, 1, 2, 3, 4]) + b"0123456789")
            transport.abort()
        return await honest_seat_plays(room)

    assert run(half_frame())


def test_one_address_cannot_take_every_connection(room_factory):
    room = room_factory(seats=1, months=2)

    async def scenario():
        held = [await connect(room.url) for _ in range(limits.MAX_PER_ADDRESS)]
        try:
            async with connect(room.url) as extra:
                try:
                    await asyncio.wait_for(extra.recv(), 10)
                except ConnectionClosed:
                    pass
                assert extra.close_code == 1013
        finally:
            for ws in held:
                await ws.close()
        return await honest_seat_plays(room)

    assert run(scenario())
