"""Step 8, what next: the questions of "what if" and "what next" to answer in writing, and the
hand-in: the student's name, the strategy written at the start, and how far the written work
has got (guesses, explanation, verdicts, answers) before the report is exported."""

from __future__ import annotations

from collections.abc import Iterator

import pygame

from game.debrief import questions, reflection
from game.i18n import t
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.scenes.debrief_tabs.questions_view import QuestionsView
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel


class NextTab(TabPanel):
    key = "next"

    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.questions = QuestionsView(self)

    def state(self) -> tuple:
        return (self.scene.q_index.get("next", 0),)

    def answered(self) -> set[str]:
        return self.questions.answered()

    def written(self) -> tuple:
        return self.questions.written() + (reflection.data(self.session)["name"],)

    def build(self, layer: pygame.Surface, r: pygame.Rect) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        left = pygame.Rect(r.x, r.y, int(r.w * 0.6), r.h)
        right = pygame.Rect(left.right + self.px(16), r.y, r.right - left.right - self.px(16), r.h)
        items = self.next_items()
        sec = self.scene.sections["what_next"]
        self.questions.build(layer, left, "next", items, t("debrief.next.title"), sec["intro"])
        yield
        draw_panel(layer, right, pal, sc)
        inner = right.inflate(-self.px(28), -self.px(24))
        y = inner.y + mp.draw_heading(
            layer, inner, t("debrief.handin.heading"), pal, sc, icon="book"
        )
        y = self.field_label(layer, inner.x, y, inner.w, t("debrief.handin.name"))
        field_h = self.px(36)

        def keep(text: str) -> None:
            reflection.set_name(self.session, text)

        self.text_field(
            pygame.Rect(inner.x, y, inner.w, field_h),
            "name",
            reflection.data(self.session)["name"],
            keep,
            multiline=False,
            placeholder=t("debrief.handin.name_placeholder"),
            limit=reflection.NAME_MAX,
        )
        y += field_h + self.px(12)
        size = tx.SIZE_SMALL * sc + 2
        # the bar's buttons by their words, not W and V: on this step, with its boxes, a
        # letter pressed goes into a box (`DebriefScene.key_types`); at the bottom, on its lines
        export = t(
            "debrief.handin.export",
            export=t("debrief.button.export"),
            export_to=t("debrief.button.export_to"),
        )
        step = int(tx.font_for(export, int(round(size))).get_linesize() * 1.25)
        export_y = inner.bottom - len(mp.wrap_lines(export, inner.w, size)) * step
        mp.draw_paragraph(layer, inner.x, export_y, inner.w, export, size, rgb(pal.amber))
        checklist = pygame.Rect(inner.x, y, inner.w, export_y - self.px(6) - y)

        def progress(surface: pygame.Surface) -> None:  # live: it ticks as the student writes
            self._paint_checklist(surface, checklist, size)

        self.live.append(progress)

    def _paint_checklist(self, surface: pygame.Surface, r: pygame.Rect, size: float) -> None:
        pal = self.pal
        prog = reflection.progress(
            self.session, self.scene.prediction_keys, [p["key"] for p in self.scene.panels]
        )
        rows = [
            (
                t("debrief.handin.strategy" if prog["strategy"] else "debrief.handin.no_strategy"),
                prog["strategy"],
            ),
            (
                t("debrief.handin.guesses", n=prog["guesses"], total=prog["guesses_total"]),
                prog["guesses"] == prog["guesses_total"],
            ),
            (
                t(
                    "debrief.handin.explanation"
                    if prog["explanation"]
                    else "debrief.handin.no_explanation"
                ),
                prog["explanation"],
            ),
            (
                t("debrief.handin.verdicts", n=prog["verdicts"], total=prog["verdicts_total"]),
                prog["verdicts"] == prog["verdicts_total"],
            ),
            (
                t("debrief.handin.answers", n=prog["answers"], wanted=prog["answers_wanted"]),
                prog["answers"] >= prog["answers_wanted"],
            ),
        ]
        y = r.y
        for text, done in rows:
            if y > r.bottom - self.px(18):
                break
            colour = rgb(pal.teal if done else pal.text_dim)
            pygame.draw.circle(
                surface,
                colour,
                (r.x + self.px(6), y + self.px(10)),
                self.px(5),
                0 if done else max(1, self.px(2)),
            )
            y = mp.draw_paragraph(
                surface,
                r.x + self.px(20),
                y,
                r.w - self.px(20),
                text,
                size,
                rgb(pal.text),
                max_lines=2,
            ) + self.px(4)

    def next_items(self) -> list[dict]:
        """The questions answered here: what if, then what next."""
        return questions.phase(self.session, "what_if") + questions.phase(self.session, "what_next")
