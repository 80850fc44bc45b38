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
from game.ui.scenes.remote_panels import Heading
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
            self._fresh = (
                self._fresh or first
            )  # focus the month's main button, not the Leave of before
            secs = self.view.get("deadline_seconds")
            self.deadline_at = None if secs is None else time.monotonic() + float(secs)
            return True
        if kind == "online":
            if self.state == "offline":
                self.notice = t("remote.back_online")
                self._fresh = True  # End month is usable again: the keyboard goes back to it
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
            self.notice = i18n.then(*(str(r.get("text", "")) for r in d.get("reasons", [])))
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
            build_failed(self, safe)
            return
        if self.view is None:
            build_waiting(self, safe)
            return
        if self.view["over"]:
            build_debrief(self, safe)
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


# ---- the screens before and after the months ---------------------------------------------------
def build_waiting(scene: Any, safe: pygame.Rect) -> None:
    w = min(scene.px(720), safe.w)
    rect = pygame.Rect(safe.centerx - w // 2, safe.y + safe.h // 3, w, scene.px(120))
    panels.box(scene, rect, [t("remote.connecting"), scene.client.target.address])
    panels.footer(scene, safe, None)


def build_failed(scene: Any, safe: pygame.Rect) -> None:
    w = min(scene.px(760), safe.w)
    x = safe.centerx - w // 2
    title_h = scene.text_h("title", bold=True)
    y = safe.y + safe.h // 4
    scene.label(pygame.Rect(x, y, w, title_h), t("remote.failed.title"), cls="title")
    y += title_h + scene.px(panels.GAP)
    code = scene.failure if i18n.has_key(f"remote.failed.{scene.failure}") else "unreachable"
    text = t(f"remote.failed.{code}", address=scene.client.target.address)
    panels.box(scene, pygame.Rect(x, y, w, scene.px(130)), [text])
    bh = scene.px(44)
    scene.button(
        pygame.Rect(x, safe.bottom - bh, scene.px(220), bh),
        t("remote.back"),
        "back",
        cls="primary",
    )
    scene.default_focus = "back"


def build_debrief(scene: Any, safe: pygame.Rect) -> None:
    v = scene.view
    d = v.get("debrief") or {}
    e = d.get("ending") or {}
    head_h = scene.text_h("title", bold=True)
    scene.label(
        pygame.Rect(safe.x, safe.y, safe.w, head_h),
        t("room.debrief.title", name=v["household"]["name"]),
        cls="title",
    )
    top = safe.y + head_h + scene.px(panels.GAP)
    foot = safe.bottom - scene.px(44) - scene.px(panels.GAP)
    half = (safe.w - scene.px(panels.GAP)) // 2
    left = pygame.Rect(safe.x, top, half, foot - top)
    right = pygame.Rect(
        left.right + scene.px(panels.GAP), top, safe.w - half - scene.px(panels.GAP), left.h
    )
    incomes = d.get("incomes") or []
    debts = float(e.get("informal_debt_yuan", 0)) + float(e.get("loan_yuan", 0))
    lines = [
        panels.fact(t("room.debrief.now"), d.get("status_text", "")),
        panels.fact(t("room.debrief.cash"), i18n.yuan(e.get("cash_yuan", 0))),
        panels.fact(t("room.debrief.debts"), i18n.yuan(debts)),
        panels.fact(t("room.debrief.net"), i18n.yuan(e.get("net_worth_yuan", 0))),
        panels.fact(
            t("room.debrief.income"),
            i18n.yuan(
                e.get("mean_own_income_yuan_per_month", e.get("mean_income_yuan_per_month", 0))
            ),
        ),
        panels.fact(t("room.debrief.former"), i18n.yuan(e.get("former_wage_yuan_per_month", 0))),
        panels.fact(t("room.debrief.profit"), i18n.yuan(e.get("total_profit_yuan", 0))),
        "",
        Heading(t("room.debrief.plan")),
        d.get("strategy") or t("room.debrief.no_plan"),
    ]
    if incomes:
        lines[6:6] = [panels.fact(t("remote.months_played"), str(len(incomes)))]
    panels.box(scene, left, lines)
    questions = [Heading(t("room.debrief.questions"))] + [
        "\u2022 " + t(f"room.debrief.q{i}") for i in (1, 2, 3)
    ]
    decided = [Heading(t("room.decisions.title"))] + [
        panels.fact(t("room.decisions.month", month=x["month"] + 1), x["text"])
        for x in d.get("decisions", [])
    ]
    panels.box(scene, right, questions + [""] + decided)
    panels.footer(scene, safe, ("home", t("remote.home"), True, None), leave=False)
    scene.default_focus = "home"


__all__ = ["RemoteSeatScene"]
