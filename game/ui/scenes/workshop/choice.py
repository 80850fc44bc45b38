"""A modal list of choices over the dashboard (which rule to change, which town, which seat):
one button per option, in columns when they do not fit one; keys 1-9 pick the first nine,
Esc cancels. Every option's text is plain (a seat's name is what the facilitator typed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.i18n import t
from game.ui import fonts
from game.ui.scene import Scene
from game.ui.scenes.dialog import DIALOG_LAYER

DIGITS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6, pygame.K_7,
          pygame.K_8, pygame.K_9)  # fmt: skip


@dataclass
class Option:
    name: str
    text: str
    tip: str = ""
    enabled: bool = True


class ChoiceScene(Scene):
    modal = True
    fade_in = 0.12

    def __init__(
        self,
        app,
        title: str,
        options: list[Option],
        on_choose: Callable[[str], None],
        body: str = "",
    ) -> None:
        super().__init__(app)
        self.title = title
        self.body = body
        self.options = options
        self.on_choose = on_choose
        first = next((o for o in options if o.enabled), None)
        self.default_focus = first.name if first else "cancel"

    def build(self) -> None:
        w, h = self.size
        self.veil(DIALOG_LAYER)  # the shared dimmed window, taking clicks outside the box
        pad, gap = self.px(24), self.px(8)
        button_h = self.px(38)
        title_h = self.text_h("heading", bold=True)
        body_h = 0
        max_w = w - 2 * self.px(32)
        rows_room = h - 2 * self.px(32) - 2 * pad - title_h - self.px(12) - button_h - gap * 2
        if self.body:  # wrapped at the box's narrowest: it may only get wider
            font = fonts.for_text(self.body, self.font_px("body"))
            lines = fonts.wrap(self.body, font, self.px(420) - 2 * pad - self.px(16))
            body_h = len(lines) * font.get_linesize() + self.px(12)
            rows_room -= body_h + self.px(8)
        per_col = max(1, rows_room // (button_h + gap))
        cols = -(-len(self.options) // per_col)
        col_w = min(self.px(420), (max_w - 2 * pad - (cols - 1) * gap) // max(1, cols))
        rows = min(len(self.options), per_col)
        width = max(self.px(420), cols * col_w + (cols - 1) * gap + 2 * pad)
        height = 2 * pad + title_h + self.px(12) + body_h + rows * (button_h + gap) + button_h
        if self.body:
            height += self.px(8)
        rect = pygame.Rect(0, 0, min(width, max_w), height)
        rect.center = (w // 2, h // 2)
        box = self.panel(rect, cls="dialog_box", layer=DIALOG_LAYER + 2)
        c = box.get_container()
        inner = rect.w - 2 * pad
        self.label(pygame.Rect(pad, pad, inner, title_h), self.title, cls="heading", container=c)
        y0 = pad + title_h + self.px(12)
        if self.body:
            self.text_box(
                pygame.Rect(pad, y0, inner, body_h), self.wrap_html(self.body, inner), container=c
            )
            y0 += body_h + self.px(8)
        for i, opt in enumerate(self.options):
            col, row = divmod(i, per_col)
            self.button(
                pygame.Rect(
                    pad + col * (col_w + gap), y0 + row * (button_h + gap), col_w, button_h
                ),
                opt.text,
                opt.name,
                shortcut=DIGITS[i] if i < len(DIGITS) else None,
                tooltip=opt.tip or None,
                enabled=opt.enabled,
                container=c,
            )
        cancel_w = self.px(160)
        self.button(
            pygame.Rect(rect.w - pad - cancel_w, height - pad - button_h, cancel_w, button_h),
            t("dialog.cancel"),
            "cancel",
            shortcut=pygame.K_ESCAPE,
            container=c,
        )

    def draw_background(self, surface: pygame.Surface) -> None:
        pass

    def on_button(self, name: str, element) -> None:
        self.app.pop()
        if name != "cancel":
            self.on_choose(name)

    def on_back(self) -> None:
        self.app.pop()


__all__ = ["ChoiceScene", "Option"]
