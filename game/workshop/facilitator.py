"""The facilitator's controls on a workshop: seats taken and handed back, pause and resume,
the timer, policy levers and town events (from the next month, in one town or all), private
numbers shown or hidden on the dashboard, the end. `WorkshopSession` checks an action here,
carries it out here, then records it."""

from __future__ import annotations

import time
from typing import Any

from game.workshop import levers
from game.workshop.header import MAX_TIMER_SECONDS
from game.workshop.result import OK, Result, fail
from game.workshop.seats import going_on_player


def carry_out(ws: Any, a: dict) -> None:
    """Do a checked action."""
    kind = a.get("a")
    seats = ws._seats_of(a.get("s"))
    town_list = range(len(ws.towns)) if a.get("town") is None else [int(a["town"])]
    if kind in ("take", "free"):
        s = seats[0]
        s.occupied = kind == "take"
        s.done = False
        s.player = None if s.occupied else going_on_player(s.run, s.spec.script)
        if "name" in a:
            s.spec.name = a["name"]
        if "strategy" in a:
            s.spec.strategy = a["strategy"]
        if "name" in a or "strategy" in a:
            s.run.reflection = {
                **s.run.reflection,
                "name": s.spec.name,
                "strategy": s.spec.strategy,
            }
    elif kind == "pause":
        if not ws.paused:
            ws.paused_at = time.monotonic()
        ws.paused = True
    elif kind == "resume":
        if ws.paused and ws.paused_at is not None:  # the pause does not eat the month's time
            ws.month_opened_at += time.monotonic() - ws.paused_at
        ws.paused, ws.paused_at = False, None
    elif kind == "timer":
        ws.timer_seconds = int(a["seconds"])
    elif kind in ("reveal", "hide"):
        for s in seats:
            s.revealed = kind == "reveal"
    elif kind == "end":
        ws.ended = True
    elif kind in ("lever", "event"):
        make = levers.lever_change if kind == "lever" else levers.event_change
        for k in town_list:
            eng = ws.towns[k]
            eng.schedule_change(make(eng, a[kind], eng.month + 1))


def check(ws: Any, a: dict) -> Result:
    """OK, or why the facilitator cannot do `a` now."""
    kind = a.get("a")
    if kind in ("take", "free", "reveal", "hide"):
        s = a.get("s")
        if s is None and kind in ("reveal", "hide"):
            return OK
        checked = ws._check_seat(s)
        if isinstance(checked, Result):
            return checked
        if kind == "take" and checked.occupied or kind == "free" and not checked.occupied:
            return fail("seat_already", name=checked.name)
        if kind == "take" and not all(isinstance(a.get(k, ""), str) for k in ("name", "strategy")):
            return fail("unknown_action")
        return OK
    if kind in ("pause", "resume", "end"):
        return OK
    if kind == "timer":
        sec = a.get("seconds")
        if isinstance(sec, bool) or not isinstance(sec, int) or not 0 <= sec <= MAX_TIMER_SECONDS:
            return fail("bad_timer", most=MAX_TIMER_SECONDS)
        return OK
    if kind in ("lever", "event"):
        known = levers.LEVERS if kind == "lever" else levers.TOWN_EVENTS
        if a.get(kind) not in known:
            return fail(
                "unknown_lever" if kind == "lever" else "unknown_event_kind",
                known=", ".join(known),
            )
        town = a.get("town")
        if town is not None and (
            isinstance(town, bool) or not isinstance(town, int) or not 0 <= town < len(ws.towns)
        ):
            return fail("unknown_town", n=len(ws.towns))
        if ws.month + 1 >= ws.months:
            return fail("too_late")
        return OK
    return fail("unknown_action")


__all__ = ["carry_out", "check"]
