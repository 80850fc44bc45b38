"""A seat in a room, played from the desktop game: what the browser page shows (the household
and its money, the month's choices, end month with the timer and who is still deciding, the
month's account and causes, the debrief at the end), drawn with the game's widgets.

Everything on it comes from the host's `view` (docs/protocol.md, game/room/seatview.py) through
the `SeatClient` (game/room/client.py), read once a frame with `poll()`: a frame never waits on
the network. A dropped connection says so in the status line and the buttons that send stay
off until the seat is back; a room that cannot be joined shows why, and Back returns to the
join screen. Names and plans are plain text: every text goes through `wrap_html`, which escapes.
"""

from __future__ import annotations

import time
from typing import Any

import pygame

from game import i18n
from game.i18n import t
from game.room.client import SeatClient
from game.ui.scene import Scene
from game.ui.scenes import remote_panels as panels
from game.ui.scenes.title_backdrop import menu_background


class RemoteSeatScene(Scene):
    route = "remote_seat"
    default_focus = "end"

    def __init__(self, app: Any, client: SeatClient, **_: Any) -> None:
        super().__init__(app)
        self.client = client
        self.view: dict | None = None
        self.state = "connecting"  # online, offline, failed
        self.failure = ""
        self.tab = "paths"
        self.notice = ""
        self.deadline_at: float | None = None
        self.pending: dict[str, str] = {}  # ref -> what it was ("end_month", "command", ...)
        self.values: dict[str, str] = {}  # what was typed in the number fields
        self.status_label = None
        self._status = ""
        self._fresh = False

    # ---- the network, read once a frame -----------------------------------------------------
    def update(self, dt: float) -> None:
        changed = False
        for ev in self.client.poll():
            changed = self.on_event(ev.kind, ev.data) or changed
        if changed:
            self._build()
            if self._fresh:
                self._fresh = False
                self.focus.focus_name("end") or self.focus.focus_name("choice:0")
        self._refresh_status()

    def on_event(self, kind: str, d: dict) -> bool:
        """One thing the host (or the connection) said; True when the screen must be rebuilt."""
        if kind == "view":
            first = self.view is None
            self.view = d["view"]
            self._fresh = first  # focus the month's main button, not the Leave of before
            secs = self.view.get("deadline_seconds")
            self.deadline_at = None if secs is None else time.monotonic() + float(secs)
            return True
        if kind == "online":
            if self.state == "offline":
                self.notice = t("remote.back_online")
            self.state = "online"
            return True
        if kind == "offline":
            self.state = "offline"
            return True
        if kind == "failed":
            self.state, self.failure = "failed", d.get("code", "unreachable")
            return True
        if kind == "ack":
            what = self.pending.pop(str(d.get("ref")), "")
            if what == "end_month" and self.view is not None:
                self.view["ended"] = True
                self.view["waiting_for"] = int(d.get("waiting_for") or 0)
                return True
            if d.get("duplicate"):  # sent twice across a lost connection: ask where it stands
                self.client.send({"type": "view"})
            return False
        if kind == "refused":
            self.pending.pop(str(d.get("ref")), None)
            self.notice = " ".join(str(r.get("text", "")) for r in d.get("reasons", []))
            return True
        if kind == "error":
            self.pending.pop(str(d.get("ref")), None)
            if d.get("code") != "rate_limited":
                self.notice = t("remote.not_taken")
            return True
        if kind == "notice":
            key = d.get("key")
            self.notice = t(key) if key and i18n.has_key(key) else str(d.get("text", ""))
            return True
        return False

    # ---- sending ----------------------------------------------------------------------------------
    def send_command(self, command: dict) -> None:
        v = self.view
        if v is None:
            return
        ref = self.client.command(command, after=int(v.get("accepted", 0)))
        self._sent(ref, "command")

    def _sent(self, ref: str | None, what: str) -> None:
        if ref is None:
            self.notice = t("room.conn.offline")
        else:
            self.pending[ref] = what
            self.notice = ""
        self._build()

    def can_act(self) -> bool:
        v = self.view
        return bool(
            self.state == "online" and v and not v["ended"] and not v["over"] and not v["paused"]
        )

    # ---- layout ---------------------------------------------------------------------------------
    def _teardown(self) -> None:  # keep typed numbers across a rebuild
        for e in self._elements:
            name = self.name_of(e)
            if name and name.startswith("field:"):
                self.values[name] = e.get_text()
        super()._teardown()

    def build(self) -> None:
        self.status_label = None
        safe = self.safe_rect
        if self.state == "failed":
            panels.build_failed(self, safe)
            return
        if self.view is None:
            panels.build_waiting(self, safe)
            return
        if self.view["over"]:
            panels.build_debrief(self, safe)
            return
        panels.build_month(self, safe)

    def _refresh_status(self) -> None:
        if self.status_label is None:
            return
        text = self.status_text()
        if text != self._status:
            self._status = text
            self.status_label.set_text(text)

    def status_text(self) -> str:
        """The line beside End month: the connection, the timer, who is still deciding."""
        v = self.view
        if self.state == "offline":
            return t("room.conn.offline")
        if v is None:
            return t("remote.connecting")
        parts = []
        if v["paused"]:
            parts.append(t("room.month.paused"))
        if v["ended"]:
            parts.append(t("room.month.waiting", n=v.get("waiting_for", 0)))
        if self.deadline_at is not None and not v["paused"]:
            left = max(0, int(round(self.deadline_at - time.monotonic())))
            parts.append(t("room.month.deadline", seconds=left))
        return "  ·  ".join(parts)

    def draw_background(self, surface: pygame.Surface) -> None:
        surface.blit(menu_background(self.size), (0, 0))

    # ---- input ------------------------------------------------------------------------------------
    def on_button(self, name: str, element) -> None:
        panels.on_button(self, name)

    def on_text(self, name: str, text: str) -> None:
        self.values[name] = text
        action = {"field:price": "price", "field:hours": "hours", "field:repay": "repay"}
        if name in action:
            panels.on_button(self, action[name])

    def on_back(self) -> None:
        if self.state == "failed":
            self.leave()
            return
        if self.view is not None and self.view["over"]:
            self.leave(home=True)
            return
        self.app.confirm(
            t("remote.leave"), t("remote.leave_confirm"), lambda: self.leave(home=True)
        )

    def leave(self, home: bool = False) -> None:
        self.client.close()
        if home:
            self.app.go_home()
        else:
            self.app.pop()


__all__ = ["RemoteSeatScene"]
