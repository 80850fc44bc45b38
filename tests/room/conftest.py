"""A real room on localhost for each test: a workshop session with its file in tmp_path, the
host serving from a thread, clients over real websockets."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.room.adapter import RoomGame
from game.room.host import Host
from game.room.seats import Seats
from game.room.threaded import ThreadedHost
from game.workshop.session import WorkshopSession


@dataclass
class Room:
    host: Host
    game: RoomGame
    seats: Seats
    port: int
    path: Path
    facilitator: str
    threaded: ThreadedHost

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def code(self) -> str:
        return self.seats.code


def open_room(
    path: Path,
    *,
    towns: int = 1,
    seats: int = 4,
    months: int = 4,
    away: float = 3600.0,
    timer: int = 0,
) -> Room:
    ws = WorkshopSession.new(
        "steel_town_2016",
        towns=towns,
        seats=seats,
        seed=11,
        path=path,
        months=months,
        timer_seconds=timer,
    )
    held = Seats(len(ws.seats), path.with_name(path.name + ".room"))
    token = held.new_facilitator_token()
    game = RoomGame(ws, held, away_seconds=away)
    host = Host(game, held, token, "http://127.0.0.1/?code=" + held.code)
    threaded = ThreadedHost(host)
    port = threaded.start()
    return Room(host, game, held, port, path, token, threaded)


def close_room(room: Room) -> None:
    room.threaded.stop()
    room.game.ws.close()


@pytest.fixture
def room_factory(tmp_path):
    rooms: list[Room] = []

    def make(**kw) -> Room:
        room = open_room(tmp_path / f"room{len(rooms)}.session", **kw)
        rooms.append(room)
        return room

    yield make
    for r in rooms:
        close_room(r)


def run(coro, timeout: float = 300):
    """Run a test's client side (a generous guard, not a timing assertion)."""

    async def guarded():
        async with asyncio.timeout(timeout):
            return await coro

    return asyncio.run(guarded())
