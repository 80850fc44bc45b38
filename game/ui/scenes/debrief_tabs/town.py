"""Step 4, the town: a button per curve (sellers, price, margin, churn, defaults, arrears,
status, agreement), its help text and the chart."""

from __future__ import annotations

import pygame

from game import i18n
from game.i18n import t
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.common import TOWN_KEYS
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel


class TownTab(TabPanel):
    key = "town"

    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.chart_key = "sellers"  # the curve showing

    def state(self) -> tuple:
        return (self.chart_key,)

    def marked(self) -> set[str]:
        return {f"town_{self.chart_key}"}

    def show_curve(self, key: str) -> None:
        self.chart_key = key
        self.rebuild()

    def build(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        curves = self.scene.town
        side_w = max(self.px(230), int(r.w * 0.2))
        bh, gap = self.px(34), self.space("s")
        y = r.y
        for spec in curves:
            key = spec["key"]
            self.button(
                pygame.Rect(r.x, y, side_w, bh),
                t(f"debrief.townbtn.{key}"),
                f"town_{key}",
                lambda key=key: self.show_curve(key),
                shortcut=TOWN_KEYS.get(key),
                cls="menu",
                tooltip=spec["help"],
            )
            y += bh + gap
        spec = next((c for c in curves if c["key"] == self.chart_key), curves[0])
        box = pygame.Rect(r.x, y + self.space("s"), side_w, r.bottom - y - self.space("s"))
        if box.h > self.px(48):  # what the curve shows, whole: it scrolls where it must
            draw_panel(layer, box, pal, sc)
            room = pygame.Rect(
                box.x + self.space("l"),
                box.y + self.px(10),
                box.w - self.space("xxl"),
                box.h - self.px(20),
            )
            self.add_scroller("help", room, self._help(help_text(spec), room.w))
        chart_rect = pygame.Rect(
            r.x + side_w + self.space("xl"), r.y, r.w - side_w - self.space("xl"), r.h
        )
        self.chart(chart_rect, spec)

    def _help(self, text: str, width: int) -> pygame.Surface:
        size = tx.SIZE_SMALL * self.scale + 1
        step = int(tx.font_for(text, int(round(size))).get_linesize() * 1.2)
        surf = pygame.Surface(
            (width, max(1, step * len(mp.wrap_lines(text, width, size)))), pygame.SRCALPHA
        )
        mp.draw_paragraph(surf, 0, 0, width, text, size, rgb(self.pal.text_dim), line_gap=1.2)
        return surf


def help_text(spec: dict) -> str:
    """The curve's help; where one line lies exactly on another (every default called its
    guarantor), say so: the chart shows only the top one."""
    series = spec.get("series", [])
    values = [list(x.get("values", [])) for x in series]
    hidden = [
        x["name"]
        for i, x in enumerate(series)
        if any(values[i]) and any(values[i] == v for v in values[i + 1 :])
    ]
    if not hidden:
        return spec["help"]
    return i18n.then(spec["help"], t("debrief.town.lines_overlap", names=i18n.listing(hidden)))
