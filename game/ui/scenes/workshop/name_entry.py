"""Who sits down: when the facilitator hands a scripted seat to a person mid-game, the person's
name is asked (prefilled with the seat's name; Enter or "Take the seat" confirms, Esc keeps
the seat scripted). The name goes into the session file, the seat views and the class report.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.i18n import t
from game.ui.scenes.dialog import DialogButton, DialogScene
from game.workshop.seats import NAME_MAX


class SeatNameScene(DialogScene):
    """One line to type a name in, then `on_take(name)`."""

    def __init__(self, app, seat_number: int, name: str, on_take: Callable[[str], None]) -> None:
        buttons = [
            DialogButton("take", t("wsui.name.take"), primary=True),
            DialogButton("cancel", t("dialog.cancel"), cancel=True),
        ]
        super().__init__(
            app, t("wsui.name.title", n=seat_number), t("wsui.name.body"), buttons, 560
        )
        self.typed = name
        self.on_take = on_take
        self.entry = None
        self.default_focus = "seat_name"

    def build(self) -> None:
        super().build()
        # The line sits between the text and the buttons (the room extra_height keeps).
        box, pad = self.box, self.px(24)
        rect = pygame.Rect(pad, 0, box.rect.w - 2 * pad, self.px(40))
        rect.bottom = box.rect.h - pad - self.px(40) - self.px(16)
        self.entry = self.text_field(
            rect, self.typed, "seat_name", max_length=NAME_MAX, container=box.get_container()
        )

    def extra_height(self) -> int:
        return self.px(40) + self.px(16)

    def on_text(self, name: str, text: str) -> None:
        self.take()

    def on_button(self, name: str, element) -> None:
        if name == "take":
            self.take()
        else:
            super().on_button(name, element)

    def take(self) -> None:
        name = (self.entry.get_text() if self.entry is not None else self.typed).strip()
        if self.app.top is self:
            self.app.pop()
        self.on_take(name or self.typed)


__all__ = ["SeatNameScene"]
