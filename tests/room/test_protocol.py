"""Message checks without a network: what `parse` refuses and how, and host messages that a
browser's JSON.parse always reads."""

from __future__ import annotations

import json

import numpy as np
import pytest

from game.room.protocol import SEAT_COMMANDS, ProtocolError, dumps, parse


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (b"{}", "not_text"),
        ("{", "not_json"),
        ("[1]", "not_object"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"type": "join", "protocol": 1, "code": "X", "name": "  \\n "}', "bad_field"),
        ('{"type": "rejoin", "protocol": 0, "token": "t"}', "protocol_version"),
        ('{"type": "command", "command": {"command": "event_payment"}}', "unknown_command"),
        ('{"type": "command", "command": {"command": "set_hours", "hours": true}}', "bad_field"),
        ('{"type": "command", "command": {"command": "set_price", "price_yuan": 1e999}}',
         "bad_field"),
        ('{"type": "command", "command": {"command": "take_job", "boss": 1}}', "bad_field"),
        ('{"type": "end_month", "month": -1}', "bad_field"),
        ('{"type": "lang", "lang": "fr"}', "bad_field"),
        ('{"type": "ping", "ref": [1]}', "bad_field"),
    ],
)  # fmt: skip
def test_bad_messages_are_refused_with_a_code(frame, code):
    with pytest.raises(ProtocolError) as err:
        parse(frame)
    assert err.value.code == code


def test_a_good_command_is_typed_and_the_household_left_to_the_host():
    msg = parse(json.dumps({"type": "command", "ref": "c1", "after": 2, "command": {
        "command": "open_business", "trade": 1, "lot": 4, "capital_yuan": 20000}}))  # fmt: skip
    assert msg.ref == "c1" and msg.data["after"] == 2 and msg.data["household"] is None
    assert msg.data["command"] == {
        "command": "open_business", "trade": 1, "lot": 4, "capital_yuan": 20000.0}  # fmt: skip
    assert "schedule_change" not in SEAT_COMMANDS and "choose_path" in SEAT_COMMANDS


def test_host_messages_are_strict_json():
    text = dumps("view", view={"a": float("nan"), "b": [np.float64(np.inf), np.int64(3)]})
    assert json.loads(text) == {"type": "view", "view": {"a": None, "b": [None, 3]}}
    assert "NaN" not in text and "Infinity" not in text
