"""Step 4, the town: a button per curve (sellers, price, margin, churn, defaults, arrears,
status, agreement), its help text and the chart."""

from __future__ import annotations

import pygame

from game.i18n import t
from game.ui.scenes import month_panels as mp
from game.ui.scenes.debrief_tabs.common import TOWN_KEYS
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel


class TownTab:
    """Mixed into DebriefScene: draws the town tab (uses the scene's px, pal, button, _chart ...)."""

    def _build_town(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        side_w = max(self.px(230), int(r.w * 0.2))
        bh, gap = self.px(34), self.px(6)
        y = r.y
        for spec in self.town:
            key = spec["key"]
            self.button(
                pygame.Rect(r.x, y, side_w, bh),
                t(f"debrief.townbtn.{key}"),
                f"town_{key}",
                shortcut=TOWN_KEYS.get(key),
                cls="menu",
                tooltip=spec["help"],
            )
            y += bh + gap
        spec = next((c for c in self.town if c["key"] == self.town_chart), self.town[0])
        box = pygame.Rect(r.x, y + self.px(6), side_w, r.bottom - y - self.px(6))
        if box.h > self.px(48):
            draw_panel(layer, box, pal, sc)
            mp.draw_paragraph(
                layer,
                box.x + self.px(12),
                box.y + self.px(10),
                box.w - self.px(24),
                spec["help"],
                tx.SIZE_SMALL * sc + 1,
                rgb(pal.text_dim),
                max_lines=max(1, (box.h - self.px(20)) // self.px(19)),
                line_gap=1.2,
            )
        chart_rect = pygame.Rect(r.x + side_w + self.px(16), r.y, r.w - side_w - self.px(16), r.h)
        self._chart(chart_rect, spec)

    def _on_town_button(self, name: str) -> None:
        if name.startswith("town_"):
            self.town_chart = name[5:]
            self._rebuild_keep_focus()
