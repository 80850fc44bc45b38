"""An event of the scenario, as a dialog over the month: what happened (naming the people), and
two or three choices, each with the consequence the household knows before choosing.

Opened as `app.open("event", session=session, event=event)` for an event in
`session.pending_events`; a choice goes through `session.choose(event, i)`. It fades in and
cannot be dismissed with Esc: the household has to answer (keys 1, 2, 3, or a click).

No choice has the focus when it opens, so Enter - pressed to leave the screen before -
never answers for the player; and for a moment after it opens it takes no input at all.
"""

from __future__ import annotations

import pygame

from game.i18n import t
from game.ui.focus import ACTIVATE_KEYS
from game.ui.scene import Scene
from game.ui.scenes import rows as mp
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel

LAYER = 40
KEYS = (pygame.K_1, pygame.K_2, pygame.K_3)
READY_AFTER_S = 0.6  # input while the event fades in is taken for the screen before's


class EventScene(Scene):
    modal = True
    fade_in = 0.3

    def __init__(self, app, session, event, **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self.event = event
        self.shown = session.show_event(event)
        self.default_focus = ""  # nothing focused: Enter is not an answer
        self.age = 0.0
        self._picture: pygame.Surface | None = None
        self._box: pygame.Rect | None = None
        self._ahead: tuple | None = None  # (look, the box painted) before it opens

    def paint_ahead(self) -> None:
        """The box's picture and its buttons' places, painted before the screen opens (the
        month paints them in the frame before the one that shows it)."""
        self._ahead = (mp.modal_look(self), self._paint_box())

    def build(self) -> None:
        painted, self._ahead = mp.take_painted(self, self._ahead), None
        box, surf, self._labels = painted or self._paint_box()
        self._box = box
        for i, (c, (rect, _lines, _h)) in enumerate(
            zip(self.shown.choices, self._labels, strict=True)
        ):
            mp.modal_button(
                self,
                rect,
                "",
                f"choice_{i}",
                shortcut=KEYS[i] if i < len(KEYS) else None,
                tooltip=c.consequence,
            )
        self._picture = surf
        mp.modal_picture(self, box, self._picture)

    def _paint_box(self) -> tuple[pygame.Rect, pygame.Surface, list]:
        """The box, its picture, and each choice's button: (rect, label lines, line height)."""
        w, h = self.size
        pal, sc = self.pal, self.scale
        labels = []
        pad = self.px(28)
        bw = min(self.px(760), w - 2 * self.px(48))
        inner_w = bw - 2 * pad
        body = tx.SIZE_BODY * sc
        title = self.shown.title or t("event.title")
        text_lines = mp.wrap_lines(self.shown.text, inner_w, body + 1)
        line_h = int(tx.font_for(self.shown.text, int(round(body + 1))).get_linesize() * 1.3)
        button_w = self.px(270)
        cons_w = inner_w - button_w - self.px(20)
        choice_hs = []
        small = tx.SIZE_SMALL * sc + 1
        small_h = int(tx.font(int(round(small))).get_linesize() * 1.2)
        label_w = button_w - self.px(56)
        label_h = int(tx.font(int(round(body))).get_linesize() * 1.1)
        for c in self.shown.choices:
            n = len(mp.wrap_lines(c.consequence, cons_w, small))
            k = len(mp.wrap_lines(c.label, label_w, body)[:3])
            choice_hs.append(max(self.px(48), n * small_h + self.px(12), k * label_h + self.px(16)))
        title_h = self.px(44)
        height = (
            pad
            + self.px(22)
            + title_h
            + len(text_lines) * line_h
            + self.px(20)
            + self.px(24)
            + sum(choice_hs)
            + self.px(12) * (len(choice_hs) - 1)
            + pad
        )
        height = min(height, h - 2 * self.px(24))
        box = pygame.Rect(0, 0, bw, height)
        box.center = (w // 2, h // 2)
        surf = pygame.Surface(box.size, pygame.SRCALPHA)
        draw_panel(surf, surf.get_rect(), pal, sc, shadow=False)
        pygame.draw.rect(
            surf,
            rgb(pal.amber),
            (0, 0, box.w, self.px(6)),
            border_top_left_radius=self.px(8),
            border_top_right_radius=self.px(8),
        )
        y = pad
        when = mp.calendar(self.session, self.session.month)
        kicker = tx.fit_text(
            t("event.kicker", when=when), inner_w, tx.SIZE_SMALL * sc, rgb(pal.amber), bold=True
        )
        surf.blit(kicker, (pad, y))
        y += self.px(22)
        ts = tx.fit_text(title, inner_w, tx.SIZE_BIG * sc, rgb(pal.text), bold=True)
        surf.blit(ts, (pad, y))
        y += title_h
        for line in text_lines:
            surf.blit(tx.fit_text(line, inner_w, body + 1, rgb(pal.text)), (pad, y))
            y += line_h
        y += self.px(20)
        hint = tx.fit_text(
            t("event.choose"), inner_w, tx.SIZE_SMALL * sc, rgb(pal.text_dim), bold=True
        )
        surf.blit(hint, (pad, y))
        y += self.px(24)
        for c, ch in zip(self.shown.choices, choice_hs, strict=True):
            rect = pygame.Rect(box.x + pad, box.y + y, button_w, ch)
            # the label is drawn by the scene (wrapped, up to 3 lines): pygame_gui buttons do not wrap
            labels.append((rect, mp.wrap_lines(c.label, label_w, body)[:3], label_h))
            mp.draw_paragraph(
                surf,
                pad + button_w + self.px(20),
                y + self.px(6),
                cons_w,
                c.consequence,
                small,
                rgb(pal.text_dim),
                line_gap=1.2,
            )
            y += ch + self.px(12)
        return box, surf, labels

    _labels: list

    def _draw_labels(self, surface: pygame.Surface) -> None:
        colour = rgb(self.pal.text)
        size = tx.SIZE_BODY * self.scale
        for rect, lines, line_h in self._labels:
            top = rect.centery - len(lines) * line_h // 2
            text_w = rect.w - self.px(56)
            for k, line in enumerate(lines):
                ts = tx.fit_text(line, text_w, size, colour)
                surface.blit(
                    ts, ts.get_rect(midtop=(rect.x + self.px(16) + text_w // 2, top + k * line_h))
                )

    def draw_background(self, surface: pygame.Surface) -> None:
        pass

    def draw_on_widgets(self, surface: pygame.Surface) -> None:
        self._draw_labels(surface)

    def update(self, dt: float) -> None:
        self.age += dt
        if self.closing_step():
            return
        self.let_below_work_ahead()  # the month's next street, a piece a frame

    @property
    def ready(self) -> bool:
        return self.age >= READY_AFTER_S

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and (not self.ready or event.key in ACTIVATE_KEYS):
            focused = self.focus.focused
            if not self.ready or focused is None:
                return True  # swallowed: Enter with no choice focused answers nothing
        return super().handle_event(event)

    def on_button(self, name: str, element) -> None:
        if not name.startswith("choice_") or not self.ready or self.closing:
            return
        i = int(name.split("_")[1])
        problems = self.session.choose(self.event, i)
        if problems:
            self.session.autosave()
            if self.app.top is self:
                self.app.pop()
            self.app.message(t("event.problem.title"), "\n".join(problems))
            return
        # the answer is kept even if the player quits now: saved in the next frame, then the
        # month takes the answer under this dialog, which closes once it has (a frame each)
        self.close_when_below_ready(chores=[self.session.autosave])

    def on_back(self) -> None:
        pass  # the household has to answer


__all__ = ["EventScene"]
