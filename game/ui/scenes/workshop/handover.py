"""The hand-over screen between two seats (hot-seat): "pass the laptop to Li Hua". It shows
nothing of any household, so the next person sees only their own once they start their turn.

Keys: Enter starts the turn, K skips a seat whose person is away (it stays waiting: the timer
or the facilitator ends its month), D or Esc goes back to the dashboard."""

from __future__ import annotations

import pygame

from game.i18n import t
from game.ui import fonts, scenes, theme
from game.ui.scene import Scene
from game.ui.scenes.workshop.room import Room
from game.ui.widgets.text import fit_text


def back_to_dashboard(app) -> None:
    """Close the workshop screens above the dashboard (a turn, a hand-over, their dialogs)."""
    while len(app.stack) > 1 and getattr(app.top, "route", "") != "workshop_dashboard":
        app.pop()


def hand_on(app, room: Room, after: int | None) -> None:
    """After a seat's turn: the next seat's hand-over, or (every seat has ended the month) the
    month resolves and the dashboard shows it."""
    nxt = room.next_seat(after)
    if nxt is not None and not room.ws.paused:
        scene = HandoverScene(app, room=room, seat=nxt)
        if getattr(app.top, "route", "") in ("workshop_seat", "workshop_handover"):
            app.replace(scene)
        else:
            app.push(scene)
        return
    result = None
    if nxt is None and not room.ws.over and not room.ws.waiting():
        result = room.resolve()  # before the dashboard is built again: it shows the new month
    back_to_dashboard(app)
    if result is not None and not result.ok:
        app.message(t("wsui.dash.cannot"), result.message)


class HandoverScene(Scene):
    route = "workshop_handover"
    default_focus = "start"

    def __init__(self, app, room: Room, seat: int, **_kwargs) -> None:
        super().__init__(app)
        self.room = room
        self.seat = seat
        self._texts: list[tuple[pygame.Surface, tuple[int, int]]] = []
        self._clock: tuple[str, pygame.Surface] | None = None
        self._clock_pos = (0, 0)

    @property
    def name(self) -> str:
        return self.room.ws.seat(self.seat).name

    def build(self) -> None:
        ws, safe = self.room.ws, self.safe_rect
        s = ws.seat(self.seat)
        cx = safe.centerx
        width = min(safe.w, self.px(900))
        self._texts = []
        y = safe.y + safe.h // 5

        def line(text: str, role: str, colour: str, bold: bool = False, gap: int = 12) -> None:
            nonlocal y
            surf = fit_text(text, width, self.font_px(role), theme.colour(colour), bold=bold)
            self._texts.append((surf, (cx - surf.get_width() // 2, y)))
            y += surf.get_height() + self.px(gap)

        line(t("wsui.handover.pass"), "heading", "text_dim")
        line(self.name, "title", "accent", bold=True, gap=20)
        where = t("wsui.handover.where", month=ws.month + 1, months=ws.months)
        if len(ws.towns) > 1:
            where = t("wsui.handover.where_town", town=s.town + 1, month=ws.month + 1,
                      months=ws.months)  # fmt: skip
        line(where, "body", "text")
        line(t("wsui.handover.private", name=self.name), "body", "text_dim", gap=24)
        if ws.paused:
            line(t("wsui.handover.paused"), "body", "warn")
        self._clock_pos = (cx, y)
        y += self.text_h("heading") + self.px(24)
        bw, bh = min(width, self.px(460)), self.px(48)
        self.button(
            pygame.Rect(cx - bw // 2, y, bw, bh),
            t("wsui.handover.start", name=self.name),
            "start",
            cls="primary",
            enabled=not ws.paused,
            tooltip=t("wsui.handover.paused") if ws.paused else None,
        )
        y += bh + self.px(12)
        small = (bw - self.px(12)) // 2
        self.button(pygame.Rect(cx - bw // 2, y, small, self.px(40)), t("wsui.handover.skip"),
                    "skip", shortcut=pygame.K_k, tooltip=t("wsui.handover.skip_tip", name=self.name),
                    enabled=len(ws.waiting()) > 1)  # fmt: skip
        self.button(pygame.Rect(cx + bw // 2 - small, y, small, self.px(40)),
                    t("wsui.handover.dashboard"), "dashboard", shortcut=pygame.K_d)  # fmt: skip

    def update(self, dt: float) -> None:
        if self.room.tick():  # the timer ran out while the laptop was being passed
            back_to_dashboard(self.app)
            return
        if self.room.ws.over or self.seat not in self.room.ws.waiting():
            back_to_dashboard(self.app)

    def draw_background(self, surface: pygame.Surface) -> None:
        surface.fill(theme.colour("bg"))
        for surf, pos in self._texts:
            surface.blit(surf, pos)
        text = self.room.clock_text()
        if self._clock is None or self._clock[0] != text:
            self._clock = (text, fonts.render(text, self.font_px("heading"), theme.colour("text")))
        surf = self._clock[1]
        surface.blit(surf, (self._clock_pos[0] - surf.get_width() // 2, self._clock_pos[1]))

    def on_button(self, name: str, element) -> None:
        if name == "start":
            self.room.turn = self.seat
            self.app.replace(self._turn())
        elif name == "skip":
            hand_on(self.app, self.room, after=self.seat)
        elif name == "dashboard":
            back_to_dashboard(self.app)

    def _turn(self) -> Scene:
        # by its route (the seat's screen hands on back through this module: no cycle)
        return scenes.resolve("workshop_seat")(self.app, room=self.room, seat=self.seat)

    def on_back(self) -> None:
        back_to_dashboard(self.app)


__all__ = ["HandoverScene", "back_to_dashboard", "hand_on"]
