"""Step 9, sources: the glossary (characters and pinyin) and every source of the numbers."""

from __future__ import annotations

from collections.abc import Generator, Iterator

import pygame

from game.i18n import t
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel


class SourcesTab(TabPanel):
    key = "sources"

    def build(self, layer: pygame.Surface, r: pygame.Rect) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        left = pygame.Rect(r.x, r.y, int(r.w * 0.55) - self.px(8), r.h)
        right = pygame.Rect(left.right + self.px(16), r.y, r.right - left.right - self.px(16), r.h)
        for box, key, icon, painter in (
            (left, "glossary", "book", self._paint_glossary),
            (right, "sources", "handshake", self._paint_sources),
        ):
            draw_panel(layer, box, pal, sc)
            inner = box.inflate(-self.px(28), -self.px(24))
            mp.draw_heading(
                layer,
                inner,
                t(f"debrief.{key}.heading"),
                pal,
                sc,
                icon=icon,
                right=t("debrief.scroll_hint"),
            )
            view = pygame.Rect(
                inner.x, inner.y + self.px(34), inner.w - self.px(10), inner.h - self.px(34)
            )
            yield
            surf = yield from painter(view.w)
            self.add_scroller(key, view, surf)

    def _paint_glossary(self, width: int) -> Generator[None, None, pygame.Surface]:
        """The glossary as one tall surface (a pause after every few terms)."""
        pal, sc = self.pal, self.scale
        hz_size = tx.SIZE_TITLE * sc * 1.2
        size = tx.SIZE_SMALL * sc + 2
        line_h = int(tx.font(int(round(size)), cjk=True).get_linesize() * 1.12)
        rows = []
        for i, term in enumerate(self.scene.terms):
            if i % 2 == 1:
                yield
            head = tx.render(term.hanzi, hz_size, rgb(pal.amber), bold=True)
            py = tx.render(term.pinyin, tx.SIZE_BODY * sc, rgb(pal.text), bold=False)
            text_lines = mp.wrap_lines(term.text, width - self.px(12), size)
            rows.append((head, py, term.term, text_lines))
        total = sum(h.get_height() + line_h * (1 + len(tl)) + self.px(12) for h, _p, _t, tl in rows)
        surf = pygame.Surface((width, max(1, total)), pygame.SRCALPHA)
        y = 0
        for head, py, term, text_lines in rows:
            surf.blit(head, (0, y))
            surf.blit(
                py,
                (
                    head.get_width() + self.px(12),
                    y + head.get_height() - py.get_height() - self.px(2),
                ),
            )
            y += head.get_height()
            surf.blit(tx.fit_text(term, width, size, rgb(pal.text), bold=True), (0, y))
            y += line_h
            for line in text_lines:
                surf.blit(tx.fit_text(line, width, size, rgb(pal.text_dim)), (0, y))
                y += line_h
            y += self.px(12)
        return surf

    def _paint_sources(self, width: int) -> Generator[None, None, pygame.Surface]:
        """Every source, as one tall surface (a pause after every few lines)."""
        pal, sc = self.pal, self.scale
        size = tx.SIZE_SMALL * sc + 1
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.15)
        blocks: list[tuple[str, list[str], tuple]] = []
        src = self.scene.sources
        if src["references"]:
            blocks.append((t("debrief.sources.references"), src["references"], rgb(pal.text)))
        blocks.append(
            (
                t("debrief.sources.numbers"),
                [
                    t(
                        "debrief.sources.line",
                        source=g["source"],
                        n=len(g["numbers"]),
                        fields=", ".join(n["path"] for n in g["numbers"][:4])
                        + (" \u2026" if len(g["numbers"]) > 4 else ""),
                    )
                    for g in src["cited"]
                ],
                rgb(pal.text),
            )
        )
        if src["assumptions"]:
            blocks.append(
                (
                    t("debrief.sources.assumptions_title", n=len(src["assumptions"])),
                    [", ".join(n["path"] for n in src["assumptions"])],
                    rgb(pal.text_dim),
                )
            )
        lines: list[tuple[str, tuple, bool, bool]] = []
        for head, items, colour in blocks:
            lines.append((head, rgb(pal.amber), True, False))
            for n, item in enumerate(items):
                if n % 6 == 5:
                    yield
                for k, ln in enumerate(mp.wrap_lines(item, width - self.px(14), size)):
                    lines.append((ln, colour, False, k == 0))
            lines.append(("", colour, False, False))
        surf = pygame.Surface((width, max(1, line_h * len(lines))), pygame.SRCALPHA)
        y = 0
        for n, (text, colour, bold, bullet) in enumerate(lines):
            if n % 20 == 19:
                yield
            if text:
                if bullet:
                    pygame.draw.circle(
                        surf, rgb(pal.text_dim), (self.px(4), y + line_h // 2), max(2, self.px(2))
                    )
                surf.blit(
                    tx.fit_text(
                        text, width - (0 if bold else self.px(14)), size, colour, bold=bold
                    ),
                    (0 if bold else self.px(14), y),
                )
            y += line_h
        return surf
