"""A message or a yes/no question over the current screen; it fades in, Esc closes it.

    app.message(title, body)                      # one "OK" button
    app.confirm(title, body, on_yes=callback)     # "Yes" / "Cancel"
    DialogScene(app, title, body, buttons=[DialogButton("save", "Save", on_save, primary=True),
                                           DialogButton("cancel", "Cancel")])

A button closes the dialog, then calls its callback (which may open another screen).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.i18n import t
from game.plaintext import calm
from game.ui import fonts
from game.ui.scene import Scene

DIALOG_LAYER = 40  # above any screen's own panels
MAX_BODY_LINES = 40  # a dialog is read, not scrolled: longer messages are cut with "..."
MAX_BODY_CHARS = 6_000


@dataclass
class DialogButton:
    name: str
    text: str
    callback: Callable[[], None] | None = None
    primary: bool = False
    cancel: bool = False  # what Esc does


class DialogScene(Scene):
    modal = True
    fade_in = 0.18
    # buttons whose answer closes it only once the screen below has built what it shows next
    # (Scene.close_when_below_ready: the loan office's messages, the business path's "yes")
    waits_on: tuple[str, ...] = ()

    def __init__(
        self,
        app,
        title: str,
        body: str,
        buttons: list[DialogButton] | None = None,
        width: int = 560,
    ) -> None:
        super().__init__(app)
        self.title = calm(title)
        self.body = calm(_short(body))
        self.buttons = buttons or [DialogButton("ok", t("dialog.ok"), primary=True, cancel=True)]
        self.width = width
        self.result: str | None = None
        self._frames = 0  # updates seen (the first is the frame that opened it)
        primary = next((b for b in self.buttons if b.primary), self.buttons[0])
        self.default_focus = primary.name

    @classmethod
    def message(cls, app, title: str, body: str, on_close=None) -> DialogScene:
        return cls(
            app,
            title,
            body,
            [DialogButton("ok", t("dialog.ok"), on_close, primary=True, cancel=True)],
        )

    @classmethod
    def confirm(
        cls,
        app,
        title: str,
        body: str,
        on_yes,
        yes: str | None = None,
        no: str | None = None,
        on_no=None,
        focus: str = "no",
    ) -> DialogScene:
        """A question before something that cannot be undone: Cancel has the focus, so Enter
        (or a key held down from the screen before) never says yes by itself. `focus="yes"`
        only where nothing is lost (quitting a game that is saved)."""
        scene = cls(
            app,
            title,
            body,
            [
                DialogButton("yes", yes or t("dialog.yes"), on_yes, primary=True),
                DialogButton("no", no or t("dialog.cancel"), on_no, cancel=True),
            ],
        )
        scene.default_focus = focus
        return scene

    def build(self) -> None:
        w, h = self.size
        self.veil(DIALOG_LAYER)
        pad, gap = self.px(24), self.px(16)
        body_font = fonts.for_text(self.body, self.font_px("body"))  # (Chinese terms too)
        line_h = int(body_font.get_linesize() * 1.35)
        title_h = self.text_h("heading", bold=True)
        button_h = self.px(40)
        widths = [self._button_w(b) for b in self.buttons]
        needed = sum(widths) + gap * (len(widths) - 1) + 2 * pad
        # A long text first gets a wider box (never narrower than its buttons need, so none is
        # cut off at large text); if it is still taller than the window, the body scrolls
        # (wrapped clear of the scroll bar) and the buttons stay below it.
        for wide in (self.width, 760, 960):
            width = min(max(self.px(wide), needed), w - 2 * self.px(24))
            rows = self._rows(widths, width - 2 * pad, gap)
            buttons_h = len(rows) * button_h + (len(rows) - 1) * self.px(10)
            chrome = pad + title_h + self.px(12) + self.extra_height() + self.px(20)
            chrome += buttons_h + pad
            room = h - 2 * self.px(24) - chrome  # for the body
            lines = wrap_body(self.body, body_font, width - 2 * pad - self.px(8))
            if len(lines) * line_h + self.px(8) <= room:
                break
        inner = width - 2 * pad
        body_h = max(line_h, len(lines) * line_h + self.px(8))
        if body_h > room:
            lines = wrap_body(self.body, body_font, inner - self.px(8) - self.px(24))
            body_h = max(line_h, room)
        height = chrome + body_h
        rect = pygame.Rect(0, 0, width, height)
        rect.center = (w // 2, h // 2)
        # A square box: a rounded pygame_gui panel is drawn at 4x (50-110 ms per dialog).
        box = self.panel(rect, cls="dialog_box", layer=DIALOG_LAYER + 2)
        self.box = box
        container = box.get_container()
        self.label(
            pygame.Rect(pad, pad, inner, title_h), self.title, cls="heading", container=container
        )
        # The body goes in already broken into lines (Chinese line-breaking rules, no
        # hyphens): pygame_gui's own wrapping would hyphenate Chinese and English alike.
        body_html = "<br>".join(html.escape(line) for line in lines)
        self.text_box(
            pygame.Rect(pad, pad + title_h + self.px(12), inner, body_h),
            body_html,
            container=container,
        )
        y = height - pad - buttons_h
        for row in rows:  # each row right-aligned, the buttons in their given order
            x = width - pad - sum(widths[i] for i in row) - gap * (len(row) - 1)
            for i in row:
                button = self.buttons[i]
                self.button(
                    pygame.Rect(x, y, widths[i], button_h),
                    button.text,
                    button.name,
                    cls="primary" if button.primary else None,
                    container=container,
                    shortcut=pygame.K_ESCAPE if button.cancel else None,
                )
                x += widths[i] + gap
            y += button_h + self.px(10)

    def _button_w(self, button: DialogButton) -> int:
        font = fonts.get(self.font_px("heading" if button.primary else "body"), bold=button.primary)
        cap_w = self.px(72) if button.cancel else 0
        return max(self.px(112), font.size(button.text)[0] + self.px(40) + cap_w)

    @staticmethod
    def _rows(widths: list[int], room: int, gap: int) -> list[list[int]]:
        """Buttons on one row if they fit, else as many rows as needed (the last buttons,
        Cancel among them, stay together on the bottom row)."""
        rows: list[list[int]] = [[]]
        used = 0
        for i in reversed(range(len(widths))):
            if rows[0] and used + gap + widths[i] > room:
                rows.insert(0, [])
                used = 0
            rows[0].insert(0, i)
            used += widths[i] + (gap if len(rows[0]) > 1 else 0)
        return rows

    def extra_height(self) -> int:
        """Room a subclass needs between the text and the buttons (a line to type in)."""
        return 0

    def on_button(self, name: str, element) -> None:
        for button in self.buttons:
            if button.name == name:
                self.close(button)
                return

    def on_back(self) -> None:
        cancel = next((b for b in self.buttons if b.cancel), None)
        if cancel is not None:
            self.close(cancel)

    def close(self, button: DialogButton) -> None:
        self.result = button.name
        if button.name in self.waits_on:
            self.close_when_below_ready(then=button.callback)  # (closing_step closes it)
            return
        if self.app.top is self:
            self.app.pop()
        if button.callback is not None:
            button.callback()

    def draw_background(self, surface: pygame.Surface) -> None:
        pass  # the screen below shows through the dim overlay

    def update(self, dt: float) -> None:
        """From the frame after the one that opened it: the screen below may use the frames
        the player spends reading to prepare what comes next (`work_ahead`)."""
        if self.closing_step():
            return
        self._frames += 1
        if self._frames > 1:
            self.let_below_work_ahead()


def wrap_body(text: str, font, width: int) -> list[str]:
    """The body's lines: the game's line breaker, then any line still too wide (a file's path
    has no spaces to break at) broken after a "/", "-", "_" or "." that fits, else after the
    last character that fits. Every character shows as it is: pygame_gui, given the wide line,
    broke the report's path with dashes that are not in the file's name, and the text box then
    scrolled its last line out of sight."""
    out = []
    for line in fonts.wrap(text, font, width):
        while len(line) > 1 and font.size(line)[0] > width:
            fits = [i for i in range(1, len(line)) if font.size(line[:i])[0] <= width] or [1]
            at = [i for i in fits if line[i - 1] in "/-_."]
            cut = at[-1] if at else fits[-1]
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def _short(body: str) -> str:
    """At most MAX_BODY_LINES lines and MAX_BODY_CHARS characters (20,000 problems in one
    message took a dialog minutes and gigabytes to lay out)."""
    lines = body[: MAX_BODY_CHARS + 1].split("\n")
    cut = len(body) > MAX_BODY_CHARS or len(lines) > MAX_BODY_LINES
    return "\n".join(lines[:MAX_BODY_LINES]) + ("\n..." if cut else "")
