"""Step 9, sources: the glossary (characters and pinyin) and every source of the numbers."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from functools import partial

import pygame

from game.i18n import t
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.common import Tall, text_piece
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel


class SourcesTab(TabPanel):
    key = "sources"

    def _columns(self, r: pygame.Rect) -> list[tuple]:
        """The two lists' panels, what they hold and where they scroll."""
        left = pygame.Rect(r.x, r.y, int(r.w * 0.55) - self.px(8), r.h)
        right = pygame.Rect(left.right + self.px(16), r.y, r.right - left.right - self.px(16), r.h)
        out = []
        for box, key, icon, painter in (
            (left, "glossary", "book", self._paint_glossary),
            (right, "sources", "handshake", self._paint_sources),
        ):
            inner = box.inflate(-self.px(28), -self.px(24))
            view = pygame.Rect(
                inner.x, inner.y + self.px(34), inner.w - self.px(10), inner.h - self.px(34)
            )
            out.append((box, inner, key, icon, painter, view))
        return out

    def warm(self, r: pygame.Rect) -> Iterator[None]:
        """The lists' lines wrapped ahead, a few at a time (remembered by the line breaker,
        `fonts.wrap`): wrapping them was ~3/4 of the step's first build, 25-35 ms."""
        for _box, _inner, _key, _icon, painter, view in self._columns(r):
            yield from painter(view.w)

    def build(self, layer: pygame.Surface, r: pygame.Rect) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        for box, inner, key, icon, painter, view in self._columns(r):
            draw_panel(layer, box, pal, sc)
            mp.draw_heading(
                layer,
                inner,
                t(f"debrief.{key}.heading"),
                pal,
                sc,
                icon=icon,
                right=t("debrief.scroll_hint"),
            )
            yield
            surf = yield from painter(view.w)
            self.add_scroller(key, view, surf)

    def _paint_glossary(self, width: int) -> Generator[None, None, Tall]:
        """The glossary as a tall list (a pause after every few terms)."""
        pal, sc = self.pal, self.scale
        hz_size = tx.SIZE_TITLE * sc * 1.2
        py_size = tx.SIZE_BODY * sc
        size = tx.SIZE_SMALL * sc + 2
        line_h = int(tx.font(int(round(size)), cjk=True).get_linesize() * 1.12)
        amber, text, dim = rgb(pal.amber), rgb(pal.text), rgb(pal.text_dim)
        pieces = []
        y = 0
        for i, term in enumerate(self.scene.terms):
            if i % 2 == 1:
                yield
            head = tx.render(term.hanzi, hz_size, amber, bold=True)
            reading = term.reading()  # (in Chinese in full-width brackets)
            py = tx.render(reading, py_size, text, bold=False)
            hh = head.get_height()
            pieces.append(
                (0, y, hh, text_piece(partial(tx.render, term.hanzi, hz_size, amber, True)))
            )
            pieces.append(
                (
                    head.get_width() + self.px(12),
                    y + hh - py.get_height() - self.px(2),
                    py.get_height(),
                    text_piece(partial(tx.render, reading, py_size, text, False)),
                )
            )
            y += hh
            meaning = term.meaning()  # (none where it only repeats the characters)
            if meaning:
                pieces.append(
                    (
                        0,
                        y,
                        line_h,
                        text_piece(partial(tx.fit_text, meaning, width, size, text, True)),
                    )
                )
                y += line_h
            for line in mp.wrap_lines(term.text, width - self.px(12), size):
                pieces.append(
                    (0, y, line_h, text_piece(partial(tx.fit_text, line, width, size, dim)))
                )
                y += line_h
            y += self.px(12)
        return Tall(width, y, pieces)

    def _paint_sources(self, width: int) -> Generator[None, None, Tall]:
        """Every source, as a tall list (a pause after every few lines)."""
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
        dot, radius, indent = rgb(pal.text_dim), max(2, self.px(2)), self.px(14)
        pieces = []
        y = 0
        for head, items, colour in blocks:
            pieces.append(
                (
                    0,
                    y,
                    line_h,
                    text_piece(partial(tx.fit_text, head, width, size, rgb(pal.amber), True)),
                )
            )
            y += line_h
            for n, item in enumerate(items):
                if n % 6 == 5:
                    yield
                for k, ln in enumerate(mp.wrap_lines(item, width - indent, size)):
                    if k == 0:  # a bullet before each item
                        pieces.append(
                            (0, y, line_h, partial(_bullet, dot, radius, self.px(4), line_h // 2))
                        )
                    pieces.append(
                        (
                            indent,
                            y,
                            line_h,
                            text_piece(partial(tx.fit_text, ln, width - indent, size, colour)),
                        )
                    )
                    y += line_h
            y += line_h
        return Tall(width, y, pieces)


def _bullet(colour, radius: int, dx: int, dy: int, target: pygame.Surface, x: int, y: int) -> None:
    pygame.draw.circle(target, colour, (x + dx, y + dy), radius)
