"""Tab 5, talk about it: the discussion questions by section, and predict-then-reveal
(guess the price curve, then see it)."""

from __future__ import annotations

import pygame

from game.debrief import questions
from game.i18n import t
from game.ui.scenes import month_panels as mp
from game.ui.scenes.debrief_tabs.common import GUESS_KEYS
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel


class DiscussTab:
    """Mixed into DebriefScene: draws the discuss tab (uses the scene's px, pal, button, _chart ...)."""

    def _build_discuss(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        sec = self.sections[self.section]
        bh = self.px(36)
        by = r.bottom - bh
        bw = self.px(170)
        self.button(
            pygame.Rect(r.x, by, bw, bh),
            t("debrief.button.prev_q"),
            "prev",
            shortcut=pygame.K_p,
            enabled=self.section > 0,
        )
        self.button(
            pygame.Rect(r.right - bw, by, bw, bh),
            t("debrief.button.next_q"),
            "next",
            shortcut=pygame.K_n,
            enabled=self.section < len(self.sections) - 1,
        )
        page = tx.fit_text(
            t("debrief.page", n=self.section + 1, total=len(self.sections)),
            r.w // 3,
            tx.SIZE_BODY * sc,
            rgb(pal.text_dim),
        )
        layer.blit(page, (r.centerx - page.get_width() // 2, by + (bh - page.get_height()) // 2))
        box = pygame.Rect(r.x, r.y, r.w, by - self.px(12) - r.y)
        draw_panel(layer, box, pal, sc)
        inner = box.inflate(-self.px(40), -self.px(28))
        ts = tx.fit_text(sec["title"], inner.w, tx.SIZE_BIG * sc, rgb(pal.text), bold=True)
        layer.blit(ts, inner.topleft)
        y = inner.y + ts.get_height() + self.px(2)
        y = mp.draw_paragraph(
            layer, inner.x, y, inner.w, sec["intro"], tx.SIZE_BODY * sc, rgb(pal.amber)
        ) + self.px(8)
        if sec["key"] == "predict":
            self._build_predict(layer, pygame.Rect(inner.x, y, inner.w, inner.bottom - y))
            return
        size = tx.SIZE_TITLE * sc
        for i, q in enumerate(sec["questions"]):
            num = tx.fit_text(f"{i + 1}.", self.px(40), size, rgb(pal.amber), bold=True)
            layer.blit(num, (inner.x, y))
            y = mp.draw_paragraph(
                layer,
                inner.x + self.px(40),
                y,
                inner.w - self.px(40),
                q,
                size,
                rgb(pal.text),
                max_lines=4,
                line_gap=1.25,
            ) + self.px(14)
            if y > inner.bottom - self.px(20):
                break

    def _build_predict(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        p = self.prediction
        y = mp.draw_paragraph(
            layer,
            r.x,
            r.y,
            r.w,
            p["question"],
            tx.SIZE_TITLE * sc,
            rgb(pal.text),
            bold=True,
            max_lines=3,
        ) + self.px(8)
        bh, gap = self.px(40), self.px(10)
        col_w = min(self.px(380), int(r.w * 0.38))
        for i, ch in enumerate(p["choices"]):
            rect = pygame.Rect(r.x, y + i * (bh + gap), col_w, bh)
            chosen = self.guess == ch["key"]
            self.button(
                rect,
                ch["label"],
                f"guess_{ch['key']}",
                shortcut=GUESS_KEYS[i],
                cls="primary" if chosen else "menu",
            )
        chart_x = r.x + col_w + self.px(24)
        if self.guess is None:
            hint = t("debrief.predict.hint")
            mp.draw_paragraph(
                layer, chart_x, y, r.right - chart_x, hint, tx.SIZE_BODY * sc, rgb(pal.text_dim)
            )
            return
        right = p["answer"] == self.guess
        verdict = (
            t("debrief.predict.right")
            if right
            else t("debrief.predict.wrong", guess=t(f"debrief.predict.{self.guess}"))
        )
        y2 = mp.draw_paragraph(
            layer,
            chart_x,
            y,
            r.right - chart_x,
            verdict + " " + p["reveal"],
            tx.SIZE_BODY * sc,
            rgb(pal.teal if right else pal.amber),
            bold=True,
            max_lines=3,
        )
        chart_rect = pygame.Rect(
            chart_x, y2 + self.px(6), r.right - chart_x, r.bottom - y2 - self.px(6)
        )
        tr = self.session.params.trades[p["trade"]]
        self._chart(
            chart_rect,
            {
                "title": t("debrief.predict.chart", trade=p["trade_name"]),
                "y_format": "yuan",
                "x_start": 0,
                "include_zero": False,
                "y_label": t("charts.unit.price"),
                "series": [
                    {
                        "name": t("debrief.predict.your_guess"),
                        "values": questions.guess_curve(p, self.guess),
                        "colour": "#A9B0BC",
                    },
                    {
                        "name": p["trade_label"],
                        "values": p["prices"],
                        "is_player": True,
                        "icon": tr.icon,
                    },
                ],
            },
        )
