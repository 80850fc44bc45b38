"""A phase's discussion questions, one at a time, with a field for a written answer: the
numbers across the top (a dot on those answered), the question large, the student's answer
below it. Used by "How did it feel", the argument's real-world page and "What next"."""

from __future__ import annotations

import pygame

from game.debrief import reflection
from game.i18n import t
from game.ui.scenes import month_panels as mp
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel


class QuestionsView:
    """Mixed into DebriefScene."""

    def marked_names(self) -> set[str]:
        return getattr(self, "_marks", set())

    def answered_names(self) -> set[str]:
        """The question buttons whose question has a written answer (read as it is typed)."""
        answers = reflection.data(self.session)["answers"]
        return {name for name, qid in getattr(self, "_q_ids", {}).items() if qid in answers}

    def _build_questions(
        self,
        layer: pygame.Surface,
        r: pygame.Rect,
        view: str,
        items: list[dict],
        title: str,
        intro: str,
    ) -> None:
        """The questions `items` ({id, text, core}) in the box `r`; `view` keeps the place."""
        pal, sc = self.pal, self.scale
        self._marks = set()
        self._q_ids = {}
        draw_panel(layer, r, pal, sc)
        inner = r.inflate(-self.px(36), -self.px(28))
        ts = tx.fit_text(title, inner.w, tx.SIZE_BIG * sc, rgb(pal.text), bold=True)
        layer.blit(ts, inner.topleft)
        y = inner.y + ts.get_height() + self.px(2)
        y = mp.draw_paragraph(
            layer, inner.x, y, inner.w, intro, tx.SIZE_BODY * sc, rgb(pal.amber), max_lines=2
        ) + self.px(6)
        if not items:
            return
        k = max(0, min(self.q_index.get(view, 0), len(items) - 1))
        self.q_index[view] = k
        answers = reflection.data(self.session)["answers"]
        bw, bh, gap = self.px(44), self.px(34), self.px(8)
        for i, q in enumerate(items):
            name = f"q_{view}_{i}"
            self.button(
                pygame.Rect(inner.x + i * (bw + gap), y, bw, bh),
                str(i + 1),
                name,
                cls="primary" if i == k else "menu",
                tooltip=q["text"],
            )
            self._q_ids[name] = q["id"]
        count_x = inner.x + len(items) * (bw + gap) + self.px(8)
        count_rect = pygame.Rect(count_x, y, inner.right - count_x, bh)

        def count(surface: pygame.Surface) -> None:  # live: it changes as the student types
            n = len(reflection.data(self.session)["answers"])
            text = t("debrief.answers.count", n=n, wanted=reflection.ANSWERS_WANTED)
            colour = pal.teal if n >= reflection.ANSWERS_WANTED else pal.text_dim
            cs = tx.fit_text(text, count_rect.w, tx.SIZE_SMALL * sc + 1, rgb(colour))
            surface.blit(
                cs, (count_rect.right - cs.get_width(), count_rect.centery - cs.get_height() // 2)
            )

        self.live.append(count)
        y += bh + self.px(12)
        q = items[k]
        if q["core"]:
            y = self.field_label(layer, inner.x, y, inner.w, t("debrief.answers.core"))
        size_q = tx.SIZE_TITLE * sc
        line = int(tx.font(int(round(size_q))).get_linesize() * 1.2)
        room = max(1, (inner.bottom - y - self.px(120)) // line)
        y = mp.draw_paragraph(
            layer,
            inner.x,
            y,
            inner.w,
            q["text"],
            size_q,
            rgb(pal.text),
            max_lines=min(4, room),
            line_gap=1.2,
        ) + self.px(8)
        y = self.field_label(layer, inner.x, y, inner.w, t("debrief.answers.label"))
        box = pygame.Rect(inner.x, y, inner.w, max(self.px(60), inner.bottom - y))

        def keep(text: str, qid: str = q["id"]) -> None:
            reflection.set_answer(self.session, qid, text)

        self.text_field(
            box,
            f"answer_{view}",
            answers.get(q["id"], ""),
            keep,
            placeholder=t("debrief.answers.placeholder"),
        )

    def _paint_plan(self, layer: pygame.Surface, x: int, y: int, width: int, size: float) -> int:
        """The plan the student wrote before the first month, quoted (or that there was none);
        returns the y below it."""
        plan = reflection.data(self.session)["strategy"]
        return mp.draw_paragraph(
            layer,
            x,
            y,
            width,
            t("debrief.strategy.quoted", text=plan) if plan else t("debrief.strategy.none"),
            size,
            rgb(self.pal.text if plan else self.pal.text_dim),
            max_lines=5,
        )

    def _on_question_button(self, name: str) -> bool:
        """q_<view>_<i>: show question i of the view."""
        if not name.startswith("q_"):
            return False
        view, _, index = name[2:].rpartition("_")
        self.save_written()
        self.q_index[view] = int(index)
        self._rebuild_keep_focus()
        return True
