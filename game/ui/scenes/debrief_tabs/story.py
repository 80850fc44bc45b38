"""Step 3, your story: the household's beats (or every decision) as a scrolling timeline,
where it ended (unemployment insurance apart from the business's profit), and its income or
money chart."""

from __future__ import annotations

from collections.abc import Generator, Iterator

import pygame

from game import i18n
from game.debrief import story
from game.i18n import t
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel

# The chart's lines get at least this many lines of text of height before the sentence
# that tells the end takes room above it.
MIN_PLOT_LINES = 6


class StoryTab(TabPanel):
    key = "story"

    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.show_all = False  # every decision, not only the beats
        self.chart_key = "income"  # or "money"

    def state(self) -> tuple:
        return (self.show_all, self.chart_key)

    def marked(self) -> set[str]:
        return {f"chart_{self.chart_key}"}

    def toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.scene.scroll_at["story"] = 0
        self.rebuild()

    def show_chart(self, key: str) -> None:
        self.chart_key = key
        self.rebuild()

    def build(self, layer: pygame.Surface, r: pygame.Rect) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        left = pygame.Rect(r.x, r.y, int(r.w * 0.5) - self.px(8), r.h)
        right = pygame.Rect(left.right + self.px(16), r.y, r.right - left.right - self.px(16), r.h)
        draw_panel(layer, left, pal, sc)
        inner = left.inflate(-self.px(32), -self.px(24))
        heading = t("debrief.story.all" if self.show_all else "debrief.story.heading")
        mp.draw_heading(layer, inner, heading, pal, sc, icon="book", right=t("debrief.scroll_hint"))
        bh = self.px(36)
        self.button(
            pygame.Rect(inner.x, inner.bottom - bh, inner.w, bh),
            t("debrief.button.beats" if self.show_all else "debrief.button.every"),
            "every",
            self.toggle_all,
            shortcut=pygame.K_d,
        )
        lst = pygame.Rect(
            inner.x,
            inner.y + self.px(34),
            inner.w - self.px(10),
            inner.h - self.px(34) - bh - self.px(10),
        )
        items = (
            [(m.month, m.text, m.tone, m.decision) for m in self.scene.moments]
            if self.show_all
            else [(b.month, b.text, b.tone, b.tone == "accent") for b in self.scene.beats]
        )
        yield
        surf = yield from self._paint_list(items, lst.w)
        self.add_scroller("story", lst, surf)
        yield
        # facts and the chart
        e = self.scene.ended
        facts = [
            (t("ending.row.status"), mp.status_text(e["status"]), pal.amber, None),
            (
                t("ending.row.net_worth"),
                i18n.yuan(e["net_worth_yuan"]),
                pal.teal if e["net_worth_yuan"] >= 0 else pal.brick,
                None,
            ),
            (
                t("debrief.fact.income_share"),
                i18n.percent(e["income_vs_former_wage"]),
                pal.teal if e["income_vs_former_wage"] >= 1 else pal.brick,
                # the state's part of that income, apart from the business's
                t(
                    "debrief.fact.insurance_part",
                    share=i18n.percent(self.scene.income["insurance_share"]),
                )
                if self.scene.income["insurance"] > 0.5
                else None,
            ),
        ]
        small = tx.SIZE_SMALL * sc
        tile_w = (right.w - (len(facts) - 1) * self.px(12)) // len(facts)
        # each label on the lines it needs (large text): the tiles as tall as the tallest
        labels = [mp.wrap_lines(f[0], tile_w - self.px(20), small) for f in facts]
        line_h = tx.font_for(facts[0][0], int(round(small))).get_linesize()
        tile_h = self.px(64) + (line_h if any(f[3] for f in facts) else 0)
        tile_h += (max(len(lines) for lines in labels) - 1) * line_h
        for i, (_label, value, colour, note) in enumerate(facts):
            tile = pygame.Rect(right.x + i * (tile_w + self.px(12)), right.y, tile_w, tile_h)
            draw_panel(layer, tile, pal, sc)
            vy = mp.draw_paragraph(
                layer,
                tile.x + self.px(10),
                tile.y + self.px(8),
                tile.w - self.px(20),
                facts[i][0],
                small,
                rgb(pal.text_dim),
                line_gap=1,
            )
            vs = tx.fit_text(
                value, tile.w - self.px(20), tx.SIZE_TITLE * sc * 1.1, rgb(colour), bold=True
            )
            layer.blit(vs, (tile.x + self.px(10), vy))
            if note:
                ns = tx.fit_text(note, tile.w - self.px(20), small, rgb(pal.text_dim))
                layer.blit(ns, (tile.x + self.px(10), vy + vs.get_height()))
        yield
        sent_y = right.y + tile_h + self.px(10)
        bh = self.px(36)
        by = right.bottom - bh
        sent_end = sent_y
        spec = (
            story.income_chart(self.session)
            if self.chart_key == "income"
            else story.money_chart(self.session)
        )
        if by - sent_y > self.px(280) and self._room_for_sentence(
            pygame.Rect(right.x, sent_y, right.w, by - sent_y), spec, e["sentence"]
        ):  # the end in a sentence too, when the chart keeps room for its lines
            sent_end = mp.draw_paragraph(
                layer,
                right.x,
                sent_y,
                right.w,
                e["sentence"],
                tx.SIZE_SMALL * sc + 1,
                rgb(pal.text),
                max_lines=3,
                line_gap=1.2,
            )
        half = (right.w - self.px(12)) // 2
        self.button(
            pygame.Rect(right.x, by, half, bh),
            t("debrief.button.income"),
            "chart_income",
            lambda: self.show_chart("income"),
            shortcut=pygame.K_i,
        )
        self.button(
            pygame.Rect(right.x + half + self.px(12), by, half, bh),
            t("debrief.button.money"),
            "chart_money",
            lambda: self.show_chart("money"),
            shortcut=pygame.K_m,
        )
        self.chart(self._chart_rect(right.x, sent_end, right.w, by), spec)

    def _chart_rect(self, x: int, top: int, w: int, buttons_y: int) -> pygame.Rect:
        return pygame.Rect(x, top + self.px(6), w, buttons_y - self.px(10) - top - self.px(6))

    def _room_for_sentence(self, room: pygame.Rect, spec: dict, sentence: str) -> bool:
        """The chart under the sentence keeps a plot of several lines of text (at 1024x600
        with large text the sentence left the income chart's lines ~10 px)."""
        size = tx.SIZE_SMALL * self.scale + 1
        lines = min(3, len(mp.wrap_lines(sentence, room.w, size)))
        line_h = tx.font_for(sentence, int(round(size))).get_linesize()
        below = room.y + lines * int(line_h * 1.2)
        chart = self.line_chart(self._chart_rect(room.x, below, room.w, room.bottom), spec)
        return chart.plot_rect().h >= MIN_PLOT_LINES * line_h

    def _paint_list(
        self, items: list[tuple[int, str, str, bool]], width: int
    ) -> Generator[None, None, pygame.Surface]:
        """Month label, a dot, the text (wrapped): a timeline as one tall surface (a pause
        after every few rows)."""
        pal, sc = self.pal, self.scale
        size = tx.SIZE_SMALL * sc + 2
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.15)
        label_w = self.px(118)
        text_w = width - label_w - self.px(22)
        rows = []
        for n, (m, text, tone, dec) in enumerate(items):
            if n % 12 == 11:
                yield
            rows.append((m, mp.wrap_lines(text, text_w, size, bold=dec), tone, dec))
        total = sum(len(lines) * line_h + self.px(6) for _m, lines, _t, _d in rows) + self.px(4)
        surf = pygame.Surface((width, max(1, total)), pygame.SRCALPHA)
        y = 0
        x_line = label_w + self.px(6)
        pygame.draw.line(surf, rgb(pal.border), (x_line, 0), (x_line, total), max(1, self.px(2)))
        last = None
        for n, (month, lines, tone, dec) in enumerate(rows):
            if n % 12 == 11:
                yield
            colour = mp.tone_colour(pal, tone)
            if month != last:
                label = story.month_label(self.session, month)
                surf.blit(
                    tx.fit_text(
                        label, label_w - self.px(4), size - 1, rgb(pal.text_dim), bold=True
                    ),
                    (0, y),
                )
                last = month
            radius = max(3, self.px(5)) if dec else max(2, self.px(3))
            pygame.draw.circle(surf, colour, (x_line, y + line_h // 2), radius)
            for line in lines:
                surf.blit(
                    tx.fit_text(line, text_w, size, colour if dec else rgb(pal.text), bold=dec),
                    (x_line + self.px(14), y),
                )
                y += line_h
            y += self.px(6)
        if not rows:
            surf.blit(
                tx.fit_text(t("debrief_summary.empty"), width, size, rgb(pal.text_dim)), (0, 0)
            )
        return surf
