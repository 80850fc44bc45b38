"""Tab 4, the argument: the essay's panels (Loubere 2016, paraphrased) with the player's
numbers, PANELS_PER_PAGE to a page."""

from __future__ import annotations

import pygame

from game.i18n import t
from game.ui.scenes import month_panels as mp
from game.ui.scenes.debrief_tabs.common import PANELS_PER_PAGE
from game.ui.widgets import text as tx
from game.ui.widgets.palette import mix, rgb
from game.ui.widgets.panel import draw_panel


class ArgumentTab:
    """Mixed into DebriefScene: draws the argument tab (uses the scene's px, pal, button, _chart ...)."""

    def pages(self) -> int:
        return (len(self.panels) + PANELS_PER_PAGE - 1) // PANELS_PER_PAGE

    def _build_argument(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        bh = self.px(36)
        by = r.bottom - bh
        bw = self.px(170)
        self.button(
            pygame.Rect(r.x, by, bw, bh),
            t("debrief.button.prev"),
            "prev",
            shortcut=pygame.K_p,
            enabled=self.arg_page > 0,
        )
        self.button(
            pygame.Rect(r.right - bw, by, bw, bh),
            t("debrief.button.next"),
            "next",
            shortcut=pygame.K_n,
            enabled=self.arg_page < self.pages() - 1,
        )
        page = tx.fit_text(
            t("debrief.page", n=self.arg_page + 1, total=self.pages()),
            r.w // 3,
            tx.SIZE_BODY * sc,
            rgb(pal.text_dim),
        )
        layer.blit(page, (r.centerx - page.get_width() // 2, by + (bh - page.get_height()) // 2))
        caution_h = self.px(48)
        mp.draw_paragraph(
            layer,
            r.x,
            by - caution_h,
            r.w,
            t("debrief.arg.caution"),
            tx.SIZE_SMALL * sc + 1,
            rgb(pal.text_dim),
            max_lines=2,
            line_gap=1.15,
        )
        area = pygame.Rect(r.x, r.y, r.w, by - caution_h - self.px(12) - r.y)
        shown = self.panels[self.arg_page * PANELS_PER_PAGE : (self.arg_page + 1) * PANELS_PER_PAGE]
        gap = self.px(16)
        pw = (area.w - gap * (PANELS_PER_PAGE - 1)) // PANELS_PER_PAGE
        for i, p in enumerate(shown):
            box = pygame.Rect(area.x + i * (pw + gap), area.y, pw, area.h)
            self._paint_panel(layer, box, p, self.arg_page * PANELS_PER_PAGE + i + 1)

    def _paint_panel(self, layer: pygame.Surface, box: pygame.Rect, p: dict, number: int) -> None:
        pal, sc = self.pal, self.scale
        draw_panel(layer, box, pal, sc)
        inner = box.inflate(-self.px(32), -self.px(28))
        num = tx.fit_text(f"{number}", self.px(40), tx.SIZE_BIG * sc, rgb(pal.amber), bold=True)
        layer.blit(num, inner.topleft)
        tx_x = inner.x + num.get_width() + self.px(12)
        size_t = tx.SIZE_TITLE * sc
        y = mp.draw_paragraph(
            layer,
            tx_x,
            inner.y,
            inner.right - tx_x,
            p["title"],
            size_t,
            rgb(pal.text),
            bold=True,
            max_lines=2,
            line_gap=1.1,
        )
        y = max(y, inner.y + num.get_height()) + self.px(8)
        size = tx.SIZE_BODY * sc
        line = int(tx.font(int(round(size))).get_linesize() * 1.3)
        cite_h = self.px(22)
        numbers_lines = mp.wrap_lines(p["numbers"], inner.w - self.px(22), size)
        box_h = self.px(30) + line * len(numbers_lines)
        claim_room = inner.bottom - cite_h - box_h - self.px(16) - y
        y = mp.draw_paragraph(
            layer,
            inner.x,
            y,
            inner.w,
            p["claim"],
            size,
            rgb(pal.text),
            max_lines=max(1, claim_room // line),
            line_gap=1.3,
        )
        nb = pygame.Rect(
            inner.x, y + self.px(10), inner.w, min(box_h, inner.bottom - cite_h - self.px(18) - y)
        )
        pygame.draw.rect(layer, mix(pal.panel, pal.amber, 0.12), nb, border_radius=self.px(6))
        pygame.draw.rect(
            layer,
            rgb(pal.amber),
            (nb.x, nb.y, self.px(5), nb.h),
            border_top_left_radius=self.px(6),
            border_bottom_left_radius=self.px(6),
        )
        label = tx.fit_text(
            t("debrief.arg.yours"),
            nb.w - self.px(22),
            tx.SIZE_SMALL * sc,
            rgb(pal.amber),
            bold=True,
        )
        layer.blit(label, (nb.x + self.px(14), nb.y + self.px(6)))
        mp.draw_paragraph(
            layer,
            nb.x + self.px(14),
            nb.y + self.px(6) + label.get_height(),
            nb.w - self.px(22),
            p["numbers"],
            size,
            rgb(pal.text),
            max_lines=max(1, (nb.h - self.px(26)) // line),
            line_gap=1.3,
        )
        cite = tx.fit_text(
            t("debrief.arg.cite", cite=p["cite"]), inner.w, tx.SIZE_SMALL * sc, rgb(pal.text_dim)
        )
        layer.blit(cite, (inner.x, inner.bottom - cite.get_height()))
