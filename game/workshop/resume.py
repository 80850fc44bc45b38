"""Resuming a session from its file: the records a person or the facilitator made are made
again, in order; the session makes the rest itself (the scripted seats decide again, the
months resolve) and `WorkshopSession._record` checks each against the file. When the file
runs out, the session appends from there: a session killed mid-month goes on where it stood.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from game.workshop.result import Result
from game.workshop.sessionfile import SessionFileError

# Records a person or the facilitator makes; the rest (scripted seats' commands, month ends)
# the session makes itself.
INPUTS = {"cmd_p", "ev_p", "done", "fac", "resolve"}


def catch_up(ws: Any, entries: list[dict]) -> None:
    """Play `entries` (a loaded file's records) again on a fresh session. Raises
    SessionFileError where the game and the file part."""
    ws._expect = deque({k: v for k, v in e.items() if k != "c"} for e in entries)
    while ws._expect:
        entry = ws._expect[0]
        kind = entry["k"] + ("_" + entry["by"] if entry["k"] in ("cmd", "ev") else "")
        if kind not in INPUTS:
            raise ws._mismatch(entry)
        result = _dispatch(ws, entry)
        if ws._expect and ws._expect[0] is entry:
            ws._expect.clear()
            why = result.message if not result.ok else ""
            raise SessionFileError(
                f"the session file does not match the game at month {int(entry.get('m', 0)) + 1}"
                + (f": {why}" if why else "")
            )


def _dispatch(ws, e: dict) -> Result:
    k = e["k"]
    try:
        if k == "cmd":
            return ws.submit(int(e["s"]), {**e["cmd"], "household": ws.seat(int(e["s"])).household})
        if k == "ev":
            return ws.choose_event(int(e["s"]), str(e["id"]), int(e["i"]))
        if k == "done":
            return ws.end_month(int(e["s"]))
        if k == "resolve":
            return ws.resolve(force=bool(e.get("force")))
        return ws._facilitate(e)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise SessionFileError(f"a record of the session file is damaged ({exc})") from None


__all__ = ["INPUTS", "catch_up"]
