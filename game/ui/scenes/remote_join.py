"""Join a room: the address and code the projector shows, the student's name and plan in one
line. `python main.py join CODE|ADDRESS` opens it filled in (or skips it when this computer
already holds a seat in that room); Join opens the seat's screen (remote_seat.py), which says
what went wrong if the room cannot be reached, and Back there returns here with nothing lost.
"""

from __future__ import annotations

from typing import Any

import pygame

from game import i18n
from game.i18n import t
from game.room.client import SeatClient, TargetError, default_store, parse_target
from game.ui.scene import Scene
from game.ui.scenes.title_backdrop import menu_background

NAME_MAX, PLAN_MAX = 40, 200  # the host's limits (docs/protocol.md)
FIELDS = ("address", "code", "name", "strategy")


class JoinScene(Scene):
    route = "join"
    default_focus = "name"

    def __init__(self, app: Any, address: str = "", code: str = "", **_: Any) -> None:
        super().__init__(app)
        self.values = {"address": address, "code": code, "name": "", "strategy": ""}
        self.error = ""

    def _teardown(self) -> None:  # keep what was typed across a rebuild
        for e in self._elements:
            name = self.name_of(e)
            if name in FIELDS:
                self.values[name] = e.get_text()
        super()._teardown()

    def _build(self) -> None:
        super()._build()
        # The focus ring on a field gives it the keyboard: a student who types their name at
        # once saw the name field ringed and nothing in it (it needed a click first).
        self._sync_field_focus()

    def build(self) -> None:
        # the keyboard goes to the first field still to fill (the name, when the command line
        # gave the address and code; the one a refusal is about, after one)
        self.default_focus = next(
            (f for f in ("address", "code", "name") if not self.values[f].strip()), "join"
        )
        safe = self.safe_rect
        w = min(self.px(720), safe.w)
        x = safe.centerx - w // 2
        y = safe.y + self.px(8)
        title_h = self.text_h("title", bold=True)
        self.label(pygame.Rect(x, y, w, title_h), t("room.join.title"), cls="title")
        y += title_h + self.px(8)
        intro_h = self.text_h("body") * 2 + self.px(12)
        self.text_box(pygame.Rect(x, y, w, intro_h), self.wrap_html(t("remote.join_intro"), w))
        y += intro_h + self.px(8)
        field_h = self.px(40)
        label_h = self.text_h("small")
        for name, key, limit in (
            ("address", "remote.join_address", 120),
            ("code", "room.join.code", 16),
            ("name", "room.join.name", NAME_MAX),
            ("strategy", "room.join.strategy", PLAN_MAX),
        ):
            self.label(pygame.Rect(x, y, w, label_h), t(key), cls="small")
            y += label_h + self.px(2)
            self.text_field(
                pygame.Rect(x, y, w, field_h), self.values[name], name, max_length=limit
            )
            y += field_h + self.px(10)
        if self.error:
            err_h = self.text_h("body") * 2 + self.px(8)
            self.text_box(pygame.Rect(x, y, w, err_h), self.wrap_html(self.error, w), cls="error")
            y += err_h
        bh = self.px(44)
        by = max(y + self.px(8), safe.bottom - bh)
        self.button(
            pygame.Rect(x, by, self.px(180), bh),
            t("remote.back"),
            "back",
            shortcut=pygame.K_ESCAPE,
        )
        self.button(
            pygame.Rect(x + w - self.px(220), by, self.px(220), bh),
            t("room.join.button"),
            "join",
            cls="primary",
        )

    def draw_background(self, surface: pygame.Surface) -> None:
        surface.blit(menu_background(self.size), (0, 0))

    def on_text(self, name: str, text: str) -> None:
        self.values[name] = text
        following = {"address": "code", "code": "name", "name": "strategy"}
        if name in following:
            self.focus.focus_name(following[name])
            self._sync_field_focus()
        else:
            self.join()

    def on_button(self, name: str, element) -> None:
        if name == "join":
            self.join()
        elif name == "back":
            self.on_back()

    def join(self) -> None:
        """Check what was typed, then open the seat's screen, which connects."""
        for e in self._elements:
            if self.name_of(e) in FIELDS:
                self.values[self.name_of(e)] = e.get_text()
        v = self.values
        try:
            target = parse_target(v["address"], v["code"])
        except TargetError:
            return self._refuse(t("remote.join_bad_address"))
        if not target.code:
            return self._refuse(t("remote.join_need_code"))
        if not " ".join(v["name"].split()):
            return self._refuse(t("remote.join_need_name"))
        self.error = ""
        self._build()
        open_seat(self.app, target, v["name"].strip(), v["strategy"].strip())

    def _refuse(self, message: str) -> None:
        self.error = message
        self._build()


def open_seat(app: Any, target, name: str = "", strategy: str = "") -> None:
    """Connect as the seat and show its screen (a kept token rejoins that seat)."""
    client = SeatClient(target, name, strategy, i18n.get_language(), default_store())
    app.open("remote_seat", client=client.start())


def start_join(app: Any, args: Any) -> None:
    """The `join` command's hook: the join screen filled in from the command line; straight
    to the seat when this computer already holds one in that room."""
    text = getattr(args, "room", "") or ""
    try:
        target = parse_target(text, getattr(args, "code", "") or "")
    except TargetError:
        app.open("join", address=text)
        return
    app.open("join", address=target.address, code=target.code)
    if target.code and default_store().get(target):
        open_seat(app, target)
