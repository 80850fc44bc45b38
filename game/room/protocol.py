"""The messages of the room's websocket (docs/protocol.md), checked before anything acts.

Every client message is one JSON object in a text frame with a `type`. `parse` turns a frame
into a `Message` or raises `ProtocolError` with a code and a plain message for the client;
nothing a client sends reaches the session unchecked: the fields' types here, then the rules
of the town in the core (through the workshop session).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from typing import Any

from game.core.commands import COMMANDS
from game.room.limits import MAX_NAME_CHARS, MAX_STRATEGY_CHARS, plain_text

PROTOCOL_VERSION = 1
LANGUAGES = ("en", "zh")
# What a seat may ask for itself; event payments and schedule changes come from the scenario.
SEAT_COMMANDS = tuple(sorted(k for k in COMMANDS if k not in ("event_payment", "schedule_change")))
OPENING = ("join", "rejoin", "watch", "facilitate")
SEAT_MESSAGES = ("command", "end_month", "choose", "view", "lang", "ping")
WATCH_MESSAGES = ("view", "lang", "ping")
FACILITATOR_MESSAGES = ("control", "view", "lang", "ping")
MAX_REF_CHARS = 64
MAX_TEXT_FIELD = 200


class ProtocolError(Exception):
    """A message the host will not act on. `code` is stable (clients switch on it)."""

    def __init__(self, code: str, message: str, ref: Any = None) -> None:
        super().__init__(message)
        self.code, self.message, self.ref = code, message, ref


@dataclass(frozen=True)
class Message:
    type: str
    ref: str | int | None
    data: dict


def _ref(d: dict) -> str | int | None:
    ref = d.get("ref")
    if ref is None or (isinstance(ref, int) and not isinstance(ref, bool) and abs(ref) < 2**53):
        return ref
    if isinstance(ref, str) and len(ref) <= MAX_REF_CHARS:
        return ref
    raise ProtocolError(
        "bad_field", f"ref must be a string of at most {MAX_REF_CHARS} characters or a whole number"
    )


def _whole(d: dict, key: str, ref: Any, *, required: bool = True, lo: int = 0) -> int | None:
    v = d.get(key)
    if v is None and not required:
        return None
    if not isinstance(v, int) or isinstance(v, bool) or not (lo <= v < 2**31):
        raise ProtocolError("bad_field", f"{key} must be a whole number from {lo}", ref)
    return v


def parse(frame: str | bytes) -> Message:
    if not isinstance(frame, str):
        raise ProtocolError("not_text", "send JSON text frames, not binary ones")
    try:
        d = json.loads(frame)
    except (ValueError, RecursionError):
        raise ProtocolError("not_json", "the message is not JSON") from None
    if not isinstance(d, dict):
        raise ProtocolError("not_object", "a message is a JSON object with a type")
    ref = _ref(d)
    kind = d.get("type")
    if not isinstance(kind, str) or kind not in (*OPENING, *SEAT_MESSAGES, "control"):
        raise ProtocolError("unknown_type", f"unknown message type {str(kind)[:40]!r}", ref)
    check = _CHECKS.get(kind)
    data = check(d, ref) if check else {}
    if "lang" in d and kind in (*OPENING, "lang"):
        lang = d.get("lang")
        if lang not in LANGUAGES:
            raise ProtocolError("bad_field", f"lang must be one of {', '.join(LANGUAGES)}", ref)
        data["lang"] = lang
    return Message(kind, ref, data)


def _opening(d: dict, ref: Any) -> None:
    if d.get("protocol") != PROTOCOL_VERSION:
        raise ProtocolError(
            "protocol_version",
            f"this host speaks protocol {PROTOCOL_VERSION}; the client sent "
            f"{str(d.get('protocol'))[:20]}",
            ref,
        )


def _join(d: dict, ref: Any) -> dict:
    _opening(d, ref)
    name = plain_text(d.get("name"), MAX_NAME_CHARS)
    if not name:
        raise ProtocolError("bad_field", "name: write the name the class will see", ref)
    return {
        "code": d.get("code"),
        "name": name,
        "strategy": plain_text(d.get("strategy", ""), MAX_STRATEGY_CHARS),
        "seat": _whole(d, "seat", ref, required=False),
    }


def _token(d: dict, ref: Any, key: str = "token") -> dict:
    _opening(d, ref)
    token = d.get(key)
    if not isinstance(token, str) or not 0 < len(token) <= 200:
        raise ProtocolError("bad_field", f"{key} must be the token the host gave", ref)
    return {key: token}


def _watch(d: dict, ref: Any) -> dict:
    _opening(d, ref)
    return {"code": d.get("code")}


def _command(d: dict, ref: Any) -> dict:
    cmd = d.get("command")
    if not isinstance(cmd, dict):
        raise ProtocolError("bad_field", "command must be an object with a command name", ref)
    kind = cmd.get("command")
    if kind not in SEAT_COMMANDS:
        raise ProtocolError(
            "unknown_command",
            f"unknown command {str(kind)[:40]!r}; one of {', '.join(SEAT_COMMANDS)}",
            ref,
        )
    out: dict = {"command": kind}
    known = {f.name: f.type for f in fields(COMMANDS[kind])}
    for key, value in cmd.items():
        if key in ("command", "household"):
            continue  # the host fills in the seat's own household
        if key not in known:
            raise ProtocolError("bad_field", f"{kind} has no field {str(key)[:40]!r}", ref)
        out[key] = _typed(kind, key, known[key], value, ref)
    after = _whole(d, "after", ref, required=False)
    return {"command": out, "household": cmd.get("household"), "after": after}


def _typed(kind: str, key: str, typ: str, value: Any, ref: Any) -> Any:
    if typ == "int" and isinstance(value, int) and not isinstance(value, bool):
        if abs(value) < 2**31:
            return value
    elif typ == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value) and abs(value) < 1e12:
            return float(value)
    elif typ == "bool" and isinstance(value, bool):
        return value
    elif typ == "str" and isinstance(value, str) and len(value) <= MAX_TEXT_FIELD:
        return value
    raise ProtocolError("bad_field", f"{kind}.{key} must be a {_TYPE_WORD.get(typ, typ)}", ref)


_TYPE_WORD = {"int": "whole number", "float": "number", "bool": "true or false", "str": "string"}


def _end_month(d: dict, ref: Any) -> dict:
    return {"month": _whole(d, "month", ref)}


def _choose(d: dict, ref: Any) -> dict:
    event = d.get("event")
    if not isinstance(event, str) or not 0 < len(event) <= MAX_TEXT_FIELD:
        raise ProtocolError("bad_field", "event must be the id of an event shown", ref)
    return {"event": event, "choice": _whole(d, "choice", ref)}


def _control(d: dict, ref: Any) -> dict:
    action = d.get("action")
    if not isinstance(action, str) or len(action) > 40:
        raise ProtocolError("bad_field", "action must name a facilitator's control", ref)
    args = {k: v for k, v in d.items() if k not in ("type", "ref", "action")}
    if len(json.dumps(args)) > 2000:
        raise ProtocolError("bad_field", "the control's arguments are too long", ref)
    return {"action": action, "args": args}


_CHECKS = {
    "join": _join,
    "rejoin": _token,
    "watch": _watch,
    "facilitate": lambda d, ref: _token(d, ref, "token"),
    "command": _command,
    "end_month": _end_month,
    "choose": _choose,
    "control": _control,
}


def dumps(message_type: str, /, **fields_: Any) -> str:
    """A host message as JSON text. NaN and infinities (a ratio over an empty town) become
    null: a client's JSON.parse would refuse the whole message."""
    msg = {"type": message_type, **fields_}
    try:
        return json.dumps(msg, ensure_ascii=False, allow_nan=False, default=_plain)
    except ValueError:
        return json.dumps(_finite(msg), ensure_ascii=False, allow_nan=False, default=_plain)


def _finite(x: Any) -> Any:
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_finite(v) for v in x]
    if hasattr(x, "item"):
        return _finite(x.item())
    return x


def _plain(value: Any) -> Any:
    """numpy scalars and the like in a view: their plain Python value."""
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"{type(value).__name__} is not JSON")
