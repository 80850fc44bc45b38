"""A phase's discussion questions, one at a time, with a field for a written answer: the
numbers across the top (a dot on those answered), the question large, the student's answer
below it. Used by "How did it feel", the argument's real-world page and "What next": each of
those panels keeps one `QuestionsView` (which question shows is the scene's `q_index`, so the
place is kept when the step is built again)."""

from __future__ import annotations

import pygame

from game.debrief import reflection
from game.i18n import t
from game.ui.scenes import rows as mp
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel


class QuestionsView:
    """A phase's questions inside a panel (`panel` makes the buttons and the field)."""

    def __init__(self, panel) -> None:
        self.panel = panel
        self.q_ids: dict[str, str] = {}  # button name -> question id
        self.item_ids: tuple[str, ...] = ()  # every question of the view

    def written(self) -> tuple:
        answers = reflection.data(self.panel.session)["answers"]
        return tuple(answers.get(qid) for qid in self.item_ids)

    def answered(self) -> set[str]:
        """The question buttons whose question has a written answer (read as it is typed)."""
        answers = reflection.data(self.panel.session)["answers"]
        return {name for name, qid in self.q_ids.items() if qid in answers}

    def build(
        self,
        layer: pygame.Surface,
        r: pygame.Rect,
        view: str,
        items: list[dict],
        title: str,
        intro: str,
    ) -> None:
        """The questions `items` ({id, text, core}) in the box `r`; `view` keeps the place."""
        panel = self.panel
        scene = panel.scene
        pal, sc = panel.pal, panel.scale
        self.q_ids = {}
        self.item_ids = tuple(q["id"] for q in items)
        draw_panel(layer, r, pal, sc)
        inner = r.inflate(-panel.px(36), -panel.px(28))
        ts = tx.fit_text(title, inner.w, tx.SIZE_BIG * sc, rgb(pal.text), bold=True)
        layer.blit(ts, inner.topleft)
        y = inner.y + ts.get_height() + panel.px(2)
        y = mp.draw_paragraph(
            layer, inner.x, y, inner.w, intro, tx.SIZE_BODY * sc, rgb(pal.amber), max_lines=2
        ) + panel.px(6)
        if not items:
            return
        k = max(0, min(scene.q_index.get(view, 0), len(items) - 1))
        scene.q_index[view] = k
        answers = reflection.data(panel.session)["answers"]
        bw, bh, gap = panel.px(44), panel.px(34), panel.px(8)
        for i, q in enumerate(items):
            name = f"q_{view}_{i}"
            panel.button(
                pygame.Rect(inner.x + i * (bw + gap), y, bw, bh),
                str(i + 1),
                name,
                lambda view=view, i=i: self.show_question(view, i),
                cls="primary" if i == k else "menu",
                tooltip=q["text"],
            )
            self.q_ids[name] = q["id"]
        count_x = inner.x + len(items) * (bw + gap) + panel.px(8)
        count_rect = pygame.Rect(count_x, y, inner.right - count_x, bh)
        count_size = tx.SIZE_SMALL * sc + 1
        longest = t("debrief.answers.count", n=10, wanted=reflection.ANSWERS_WANTED)  # 2 digits
        if tx.text_width(longest, int(round(count_size))) > count_rect.w:
            # no room beside the numbers (large text): on its own line under them
            line_h = tx.font_for(longest, int(round(count_size))).get_linesize()
            count_rect = pygame.Rect(inner.x, y + bh + panel.px(4), inner.w, line_h)
            y += line_h + panel.px(4)

        def count(surface: pygame.Surface) -> None:  # live: it changes as the student types
            n = len(reflection.data(panel.session)["answers"])
            text = t("debrief.answers.count", n=n, wanted=reflection.ANSWERS_WANTED)
            colour = pal.teal if n >= reflection.ANSWERS_WANTED else pal.text_dim
            cs = tx.fit_text(text, count_rect.w, count_size, rgb(colour))
            surface.blit(
                cs, (count_rect.right - cs.get_width(), count_rect.centery - cs.get_height() // 2)
            )

        panel.live.append(count)
        y += bh + panel.px(12)
        q = items[k]
        if q["core"]:
            y = panel.field_label(layer, inner.x, y, inner.w, t("debrief.answers.core"))
        # the question whole, large where the answer's box keeps room to write (120 px), else
        # in smaller type with a smaller box
        label_h = tx.font(int(round(tx.SIZE_SMALL * sc + 1)), True).get_linesize()
        for size_q, keep in ((tx.SIZE_TITLE * sc, 120), (tx.SIZE_BODY * sc, 60)):
            line = int(tx.font_for(q["text"], int(round(size_q))).get_linesize() * 1.2)
            lines = len(mp.wrap_lines(q["text"], inner.w, size_q))
            if lines * line + panel.px(8) + label_h + panel.px(keep) <= inner.bottom - y:
                break
        y = mp.draw_paragraph(
            layer, inner.x, y, inner.w, q["text"], size_q, rgb(pal.text), line_gap=1.2
        ) + panel.px(8)
        y = panel.field_label(layer, inner.x, y, inner.w, t("debrief.answers.label"))
        box = pygame.Rect(inner.x, y, inner.w, max(panel.px(60), inner.bottom - y))

        def keep(text: str, qid: str = q["id"]) -> None:
            reflection.set_answer(panel.session, qid, text)

        panel.text_field(
            box,
            f"answer_{view}",
            answers.get(q["id"], ""),
            keep,
            placeholder=t("debrief.answers.placeholder"),
        )

    def show_question(self, view: str, index: int) -> None:
        """Question `index` of the view (its button pressed)."""
        self.panel.scene.writing.save()
        self.panel.scene.q_index[view] = index
        self.panel.rebuild()


def paint_plan(panel, layer: pygame.Surface, x: int, y: int, width: int, size: float) -> int:
    """The plan the student wrote before the first month, quoted (or that there was none);
    returns the y below it."""
    plan = reflection.data(panel.session)["strategy"]
    return mp.draw_paragraph(
        layer,
        x,
        y,
        width,
        t("debrief.strategy.quoted", text=plan) if plan else t("debrief.strategy.none"),
        size,
        rgb(panel.pal.text if plan else panel.pal.text_dim),
        max_lines=5,
    )
