"""Step 1, how did it feel: feelings before any numbers (the questions, a written answer), and
beside them the strategy the student wrote at the start and the road the debrief takes."""

from __future__ import annotations

import pygame

from game.debrief import questions
from game.i18n import t
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.scenes.debrief_tabs.questions_view import QuestionsView, paint_plan
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel

ROAD = ("feelings", "guess", "story", "explain", "argument", "difference", "next")


class FeelingsTab(TabPanel):
    key = "feelings"

    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.questions = QuestionsView(self)

    def state(self) -> tuple:
        return (self.scene.q_index.get("feelings", 0),)

    def answered(self) -> set[str]:
        return self.questions.answered()

    def written(self) -> tuple:
        return self.questions.written()

    def build(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        gap = self.space("xl")
        left = pygame.Rect(r.x, r.y, int(r.w * 0.62), r.h)
        right = pygame.Rect(left.right + gap, r.y, r.right - left.right - gap, r.h)
        sec = self.scene.sections["feelings"]
        self.questions.build(
            layer,
            left,
            "feelings",
            questions.phase(self.session, "feelings"),
            sec["title"],
            sec["intro"],
        )
        draw_panel(layer, right, pal, sc)
        inner = right.inflate(-self.px(28), -self.px(24))
        y = mp.draw_heading(layer, inner, t("debrief.strategy.heading"), pal, sc, icon="book")
        y += inner.y
        y = paint_plan(self, layer, inner.x, y, inner.w, tx.SIZE_BODY * sc) + self.space("l")
        y = (
            mp.draw_heading(
                layer,
                pygame.Rect(inner.x, y, inner.w, inner.bottom - y),
                t("debrief.road.heading"),
                pal,
                sc,
                icon="handshake",
            )
            + y
        )
        # the road, whole: where the panel is too short (large text) it scrolls
        room = pygame.Rect(inner.x, y, inner.w, max(1, inner.bottom - y))
        road = self._road(room.w)
        if road.get_height() > room.h:
            room.w -= self.px(10)  # the scroll bar's place
            road = self._road(room.w)
        self.add_scroller("road", room, road)

    def _road(self, width: int) -> pygame.Surface:
        """The steps of the debrief, the one showing in amber, each on the lines it needs."""
        pal, size = self.pal, tx.SIZE_SMALL * self.scale + 1
        texts = [t(f"debrief.road.{tab}") for tab in ROAD]
        step = int(tx.font_for(texts[0], int(round(size))).get_linesize() * 1.15)
        n = sum(len(mp.wrap_lines(text, width, size)) for text in texts)
        surf = pygame.Surface((width, max(1, n * step)), pygame.SRCALPHA)
        y = 0
        for i, text in enumerate(texts):
            colour = rgb(pal.amber if i == 0 else pal.text_dim)
            y = mp.draw_paragraph(surf, 0, y, width, text, size, colour, line_gap=1.15)
        return surf
