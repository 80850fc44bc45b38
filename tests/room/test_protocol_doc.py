"""docs/protocol.md is enough to write a client: its minimal client, run as written against a
real host, plays every month to the debrief."""

from __future__ import annotations

import re
from pathlib import Path

from tests.room.conftest import run

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def minimal_client_source() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## A minimal client") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_documented_client_plays_a_room_to_its_debrief(room_factory):
    room = room_factory(seats=2, months=3)
    scope: dict = {}
    exec(compile(minimal_client_source(), str(DOC), "exec"), scope)  # noqa: S102 - our own doc
    debrief = run(scope["play"](url=room.url, code=room.code), timeout=300)
    assert debrief is not None and debrief["ending"]["months_played"] == 3
    assert room.game.ws.over


def test_every_message_type_the_host_knows_is_documented():
    from game.room import protocol  # noqa: PLC0415

    text = DOC.read_text(encoding="utf-8")
    kinds = {
        *protocol.OPENING,
        *protocol.SEAT_MESSAGES,
        "control",
        "welcome",
        "view",
        "ack",
        "refused",
        "error",
        "pong",
        "notice",
        "dashboard",
    }
    for kind in kinds:
        assert f"`{kind}`" in text, kind
    for cmd in protocol.SEAT_COMMANDS:
        assert f"`{cmd}`" in text, cmd
