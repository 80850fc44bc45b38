"""Step 5, explain it: the student's own explanation of why the household ended where it did,
written after seeing what happened and before the essay's argument is shown (Kolb: the student
forms the concept). Beside it, the strategy written at the start and the questions to think with.
"""

from __future__ import annotations

from collections.abc import Iterator

import pygame

from game.debrief import questions, reflection
from game.i18n import t
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.scenes.debrief_tabs.questions_view import paint_plan
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel


class ExplainTab(TabPanel):
    key = "explain"

    def written(self) -> tuple:
        return (reflection.data(self.session)["explanation"],)

    def build(self, layer: pygame.Surface, r: pygame.Rect) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        left = pygame.Rect(r.x, r.y, int(r.w * 0.4), r.h)
        right = pygame.Rect(left.right + self.px(16), r.y, r.right - left.right - self.px(16), r.h)
        for box in (left, right):
            draw_panel(layer, box, pal, sc)
        inner = left.inflate(-self.px(28), -self.px(24))
        y = inner.y + mp.draw_heading(
            layer, inner, t("debrief.strategy.heading"), pal, sc, icon="book"
        )
        size = tx.SIZE_SMALL * sc + 2
        y = paint_plan(self, layer, inner.x, y, inner.w, size) + self.px(12)
        y += mp.draw_heading(
            layer,
            pygame.Rect(inner.x, y, inner.w, self.px(30)),
            t("debrief.explain.think"),
            pal,
            sc,
            icon="handshake",
        )
        for q in questions.phase(self.session, "happened"):
            if q["id"] == "guess.assumed" or y > inner.bottom - self.px(24):
                continue
            y = mp.draw_paragraph(
                layer,
                inner.x,
                y,
                inner.w,
                "\u2022 " + q["text"],
                size,
                rgb(pal.text_dim),
                max_lines=4,
            ) + self.px(6)
        yield
        inner = right.inflate(-self.px(28), -self.px(24))
        y = inner.y + mp.draw_heading(
            layer, inner, t("debrief.explain.heading"), pal, sc, icon="house"
        )
        y = mp.draw_paragraph(
            layer,
            inner.x,
            y,
            inner.w,
            t("debrief.explain.prompt"),
            tx.SIZE_BODY * sc,
            rgb(pal.amber),
            max_lines=3,
        ) + self.px(8)
        note_h = self.px(26)

        def keep(text: str) -> None:
            reflection.set_explanation(self.session, text)

        self.text_field(
            pygame.Rect(inner.x, y, inner.w, inner.bottom - y - note_h),
            "explanation",
            reflection.data(self.session)["explanation"],
            keep,
            placeholder=t("debrief.explain.placeholder"),
        )
        note = pygame.Rect(inner.x, inner.bottom - note_h + self.px(6), inner.w, note_h)

        def whether_open(surface: pygame.Surface) -> None:  # live: it opens as the student types
            done = reflection.explained(self.session)
            text = t("debrief.explain.open" if done else "debrief.explain.closed")
            colour = rgb(pal.teal if done else pal.text_dim)
            surface.blit(tx.fit_text(text, note.w, tx.SIZE_SMALL * sc + 1, colour), note.topleft)

        self.live.append(whether_open)
