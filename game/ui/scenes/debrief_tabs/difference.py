"""Step 7, what if: the counterfactual runs as bars (net worth against the student's) and
cards (a sentence and a sparkline each), repainted as more runs finish; the student's guesses
about them at the top, the what-if questions at the end."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pygame

from game import i18n
from game.debrief import counterfactual as cf
from game.debrief import questions, story
from game.i18n import t
from game.ui import theme
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.common import LUCK_COLOUR, PATH_COLOUR, WORLD_COLOUR, Tall
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.widgets import text as tx
from game.ui.widgets.palette import mix, rgb
from game.ui.widgets.panel import draw_panel


class DifferenceTab(TabPanel):
    key = "difference"

    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.areas: dict[str, pygame.Rect] = {}  # "bars", "cards"
        self.findings: list[dict] = []
        self.card_cache: dict[tuple, pygame.Surface] = {}
        self.luck_at: dict[str, pygame.Rect] = {}  # Other luck's label, range and ends, painted
        self.painted_for: tuple | None = None  # what the bars and cards showing were painted from

    def on_show(self) -> None:
        self.repaint()  # the runs may have moved on while another step showed

    def follow_runs(self, job_changed: bool, settled: bool) -> None:
        if job_changed:
            self.repaint()

    def paint_key(self) -> tuple:
        scene = self.scene
        return (scene.runs_version, scene.job_state(), scene.guess_choices(), theme.palette_name())

    def build(self, layer: pygame.Surface, r: pygame.Rect) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        left = pygame.Rect(r.x, r.y, int(r.w * 0.44), r.h)
        right = pygame.Rect(left.right + self.px(16), r.y, r.right - left.right - self.px(16), r.h)
        draw_panel(layer, left, pal, sc)
        draw_panel(layer, right, pal, sc)
        bars = left.inflate(-self.px(28), -self.px(24))
        # the bars' heading stays put; what is under it scrolls where it must (large text)
        head = mp.draw_heading(layer, bars, t("debrief.cf.bars"), pal, sc, icon="house")
        self.areas = {
            "bars": pygame.Rect(bars.x, bars.y + head, bars.w, bars.h - head),
            "cards": right.inflate(-self.px(28), -self.px(24)),
        }
        inner = self.areas["cards"]
        mp.draw_heading(
            layer,
            inner,
            t("debrief.cf.heading"),
            pal,
            sc,
            icon="coin",
            right=t("debrief.scroll_hint"),
        )
        cards = pygame.Rect(
            inner.x, inner.y + self.px(34), inner.w - self.px(10), inner.h - self.px(34)
        )
        self.add_scroller("cards", cards, pygame.Surface((1, 1), pygame.SRCALPHA))
        self.add_scroller(
            "bars", self.areas["bars"].copy(), pygame.Surface((1, 1), pygame.SRCALPHA)
        )
        self.painted_for = None
        # The bars and cards are painted as the runs finish (repaint), and when the step shows
        # if they moved on since. Built ahead, the cards are painted a piece at a time now and
        # the step shows in a frame.
        results = self.scene.results()
        width = self.scrollers["cards"].rect.w
        if results and self.scene.rebuildable:
            for f in cf.findings(self.session, self.scene.actual, results):
                yield
                key = (f["key"], width, theme.palette_name(), f["sentence"])
                if key not in self.card_cache:
                    self.card_cache[key] = self._paint_card(width, f)
        yield
        self.repaint()

    def repaint(self) -> None:
        """Bars and cards from the runs finished so far (called again as more finish)."""
        if "cards" not in self.scrollers or self.painted_for == self.paint_key():
            return
        self.painted_for = self.paint_key()
        scene = self.scene
        results = scene.results()
        findings = cf.findings(self.session, scene.actual, results) if results else []
        self.findings = findings
        bars = self.scrollers["bars"]
        bars.surface = self._paint_bars(self.areas["bars"], findings, results)
        bars.rect.w = bars.surface.get_width()
        bars.offset = scene.scroll_at.get("bars", bars.offset)
        bars.scroll(0)
        sc_ = self.scrollers["cards"]
        offset = scene.scroll_at.get("cards", sc_.offset)
        sc_.surface = self._paint_cards(sc_.rect.w, findings)
        sc_.offset = offset
        sc_.scroll(0)

    def _paint_bars(self, r: pygame.Rect, findings: list[dict], results: dict) -> pygame.Surface:
        """The bars as tall as they need: where the panel is shorter (large text) the step
        scrolls them like the cards, with room kept for the scroll bar."""
        surf = self._bars_picture(r, r.w, findings, results)
        if surf.get_height() > r.h:
            surf = self._bars_picture(r, r.w - self.px(12), findings, results)
        return surf

    def _bar_rows(self, findings: list[dict]) -> list[tuple]:
        pal = self.pal
        rows = [
            (t("debrief.cf.actual"), self.scene.actual["final"]["net_worth"], rgb(pal.amber), None)
        ]
        for f in findings:
            if f["kind"] == "luck":
                rows.append((f["short"], None, rgb(LUCK_COLOUR), (f["low"], f["high"])))
            elif f["available"]:
                colour = PATH_COLOUR if f["kind"] == "path" else WORLD_COLOUR
                rows.append((f["short"], f["net_worth"], rgb(colour), None))
        return rows

    def _bars_picture(
        self, area: pygame.Rect, width: int, findings: list[dict], results: dict
    ) -> pygame.Surface:
        pal, sc = self.pal, self.scale
        surf = pygame.Surface((width, max(area.h, self.px(900))), pygame.SRCALPHA)
        y = 0
        size = tx.SIZE_SMALL * sc + 1
        if not self.scene.rebuildable:
            y = mp.draw_paragraph(
                surf, 0, y, width, t("debrief.cf.cannot_rebuild"), size, rgb(pal.text_dim)
            )
            return surf.subsurface((0, 0, width, min(surf.get_height(), y))).copy()
        rows = self._bar_rows(findings)
        values = [v for _l, v, _c, rng in rows if v is not None] + [
            x for *_r, rng in rows if rng for x in rng
        ]
        lo, hi = min(values + [0.0]), max(values + [0.0])
        span = (hi - lo) or 1.0
        # the labels' column: as wide as the longest label (up to 45%), so none is shrunk;
        # where that leaves the bars too little room (large text), each label goes above its bar
        longest = max(
            tx.text_width(label, int(round(size)), i == 0) for i, (label, *_) in enumerate(rows)
        )
        value_pad = self.px(8) + max(
            tx.text_width(i18n.yuan(v), int(round(size - 1)), True)
            for _l, v, *_ in rows
            if v is not None
        )
        label_w = min(longest + self.px(4), int(width * 0.45))
        stacked = width - label_w - self.px(8) - 2 * value_pad < self.px(100)
        bar_x = 0 if stacked else label_w + self.px(8)
        plot_x, plot_w = bar_x + value_pad, max(self.px(40), width - bar_x - 2 * value_pad)
        if stacked:
            label_w = width

        def px(v: float) -> int:
            return plot_x + int((v - lo) / span * plot_w)

        n_rows = len(rows) + 1
        decomp = (
            cf.decomposition(self.scene.actual, results)
            if results and self.scene.job_state()[0] == "done"
            else []
        )
        decomp_h = (self.px(36) + self.px(22) * len(decomp)) if decomp else 0
        avail = area.h - y - self.px(84) - decomp_h
        row_h = max(self.px(22), min(self.px(34), avail // max(n_rows, 1)))
        yy = y + self.px(4)
        zero = px(0.0)
        axis = pygame.Rect(zero, yy, 0, 0)  # the zero line, over the bars' rows
        for i, (label, v, colour, rng) in enumerate(rows):
            ls = tx.fit_text(label, label_w, size, rgb(pal.text), bold=i == 0)
            if stacked:
                surf.blit(ls, (0, yy))
                yy += ls.get_height()
            if rng is not None:
                top = yy
                yy = self._range_row(surf, yy, row_h, ls, rng, colour, px, stacked, bar_x, size)
                axis.union_ip(pygame.Rect(zero, top, 1, row_h))  # not through its words
                continue
            if not stacked:
                surf.blit(ls, (label_w - ls.get_width(), yy + (row_h - ls.get_height()) // 2))
            bh = int(row_h * 0.62)
            x = px(v)
            rect = pygame.Rect(min(x, zero), yy + (row_h - bh) // 2, max(2, abs(x - zero)), bh)
            pygame.draw.rect(surf, colour, rect, border_radius=max(1, self.px(2)))
            vs = tx.fit_text(
                i18n.yuan(v), value_pad - self.px(4), size - 1, rgb(pal.text), bold=i == 0
            )
            vx = rect.right + self.px(4) if v >= 0 else rect.x - self.px(4) - vs.get_width()
            surf.blit(vs, (vx, yy + (row_h - vs.get_height()) // 2))
            axis.union_ip(pygame.Rect(zero, yy, 1, row_h))
            yy += row_h
        axis_bottom = yy
        pygame.draw.line(
            surf, rgb(pal.axis), axis.topleft, (zero, axis.bottom), max(1, pal.line_width)
        )
        z = tx.fit_text(i18n.yuan(0), self.px(60), size - 2, rgb(pal.text_dim))
        surf.blit(z, (zero - z.get_width() // 2, axis_bottom + self.px(2)))
        y = self._legend(surf, axis_bottom + z.get_height() + self.px(8), width, size - 1)
        replay = results.get("replay")
        if replay is not None:
            ok = cf.replay_matches(self.scene.job.spec, replay)
            note = t("debrief.cf.check_ok" if ok else "debrief.cf.check_bad")
            y = mp.draw_paragraph(
                surf, 0, y, width, note, size - 1, rgb(pal.teal if ok else pal.brick), line_gap=1.15
            )
        if decomp:
            y += self.px(8)
            # (on the lines it needs: each row is a world with one thing otherwise, against
            # the household's own end, and the heading says so; shrunk it was hard to read)
            y = mp.draw_paragraph(
                surf, 0, y, width, t("debrief.decomp.title"), size, rgb(pal.amber), True, None, 1.15
            )
            y += self.px(4)
            for d in decomp:
                amount = (
                    ("\u00b1" + i18n.yuan(abs(d["amount"])))
                    if d["key"] == "luck"
                    else story.signed_yuan(d["amount"])
                )
                v = tx.fit_text(amount, self.px(100), size, rgb(pal.text), bold=True)
                surf.blit(v, (width - v.get_width(), y))
                surf.blit(
                    tx.fit_text(
                        t(f"debrief.decomp.short.{d['key']}"),
                        width - self.px(110),
                        size,
                        rgb(pal.text),
                    ),
                    (0, y),
                )
                y += self.px(22)
        return surf.subsurface((0, 0, width, min(surf.get_height(), y + self.px(4)))).copy()

    def _range_row(
        self, surf, yy: int, row_h: int, label, rng, colour, px, stacked: bool, bar_x: int, size
    ) -> int:
        """Other luck: a range from the worst to the best of the town's other draws, its two
        ends written beside it where they fit, else under its label where they fit there,
        else under the range: never on the bar. Returns the y below the row."""
        width = surf.get_width()
        label_w = width if stacked else bar_x - self.px(8)
        a, b = px(rng[0]), px(rng[1])
        text = f"{i18n.yuan(rng[0])} \u2013 {i18n.yuan(rng[1])}"
        vs = tx.fit_text(text, width, size - 2, rgb(self.pal.text_dim))
        right, left = max(a, b) + self.px(6), min(a, b) - self.px(6) - vs.get_width()
        beside = right if right + vs.get_width() <= width else left if left >= bar_x else None
        by_label = beside is None and not stacked and vs.get_width() <= label_w
        h = row_h
        bar_top = yy
        # where the label (stacked: drawn above already), the range and its ends went
        at = {"label": label.get_rect(topleft=(0, yy - label.get_height()))}
        if not stacked:
            under = vs.get_height() if by_label else 0
            h = max(row_h, label.get_height() + under)
            top = yy + (h - label.get_height() - under) // 2
            at["label"] = surf.blit(label, (label_w - label.get_width(), top))
            bar_top = yy + (h - row_h) // 2
            if by_label:
                at["ends"] = surf.blit(vs, (label_w - vs.get_width(), top + label.get_height()))
        bh = int(row_h * 0.62)
        by = bar_top + (row_h - bh) // 2
        pygame.draw.rect(
            surf, colour, (min(a, b), by + bh // 3, max(2, abs(b - a)), max(2, bh // 3))
        )
        line_w = max(2, self.px(2))
        for x in (a, b):
            pygame.draw.line(surf, colour, (x, by), (x, by + bh), line_w)
        at["range"] = pygame.Rect(min(a, b) - line_w // 2, by, abs(b - a) + line_w, bh + 1)
        if beside is not None:
            at["ends"] = surf.blit(vs, (beside, bar_top + (row_h - vs.get_height()) // 2))
        elif not by_label:  # centred under the range, inside the panel
            x = (a + b - vs.get_width()) // 2
            at["ends"] = surf.blit(vs, (max(0, min(width - vs.get_width(), x)), yy + h))
            h += vs.get_height()
        self.luck_at = at
        return yy + h

    def _legend(self, surf: pygame.Surface, y: int, width: int, size: float) -> int:
        """The colours' key, item after item, on as many lines as the words need."""
        x, line_h = 0, 0
        box, gap = self.px(12), self.px(16)
        for colour, key in (
            (self.pal.amber, "debrief.cf.legend.you"),
            (PATH_COLOUR, "debrief.cf.legend.path"),
            (WORLD_COLOUR, "debrief.cf.legend.world"),
            (LUCK_COLOUR, "debrief.cf.legend.luck"),
        ):
            ls = tx.fit_text(t(key), width - box - self.px(4), size, rgb(self.pal.text_dim))
            item_w = box + self.px(4) + ls.get_width()
            if x and x + item_w > width:
                x, y = 0, y + line_h + self.px(4)
            line_h = max(ls.get_height(), box)
            pygame.draw.rect(surf, rgb(colour), (x, y + (ls.get_height() - box) // 2, box, box))
            surf.blit(ls, (x + box + self.px(4), y))
            x += item_w + gap
        return y + line_h + self.px(8)

    def _paint_cards(self, width: int, findings: list[dict]) -> Tall:
        pieces = [self._guesses_note(width)]
        state = self.scene.job_state()
        if not self.scene.rebuildable:
            pieces.append(self._note(width, t("debrief.cf.cannot_rebuild")))
        elif not findings:
            key = "debrief.cf.waiting" if state[0] == "running" else "debrief.cf.none"
            pieces.append(self._note(width, t(key)))
        kept: dict[tuple, pygame.Surface] = {}  # only the cards shown now (a finding's
        for f in findings:  # sentence changes as more runs finish: the old card goes)
            key = (f["key"], width, theme.palette_name(), f["sentence"])
            card = self.card_cache.get(key)
            if card is None:
                card = self._paint_card(width, f)
            kept[key] = card
            pieces.append(card)
        self.card_cache = kept
        if findings and state[0] == "done":
            salvage = i18n.percent(self.session.params.behaviour.salvage_share)
            pieces.append(self._note(width, t("debrief.decomp.note", salvage=salvage)))
        talk = [t("debrief.cf.talk")] + [
            "\u2022 " + q["text"] for q in questions.phase(self.session, "what_if")
        ]
        pieces.append(self._note(width, "\n".join(talk)))
        gap = self.px(12)
        total = sum(p.get_height() for p in pieces) + gap * max(0, len(pieces) - 1)
        # the cards and notes one under another, blitted as they scroll into view (not copied
        # into one more picture of them all)
        laid = []
        y = 0
        for p in pieces:
            laid.append((0, y, p.get_height(), partial(_blit, p)))
            y += p.get_height() + gap
        return Tall(width, total, laid)

    def _guesses_note(self, width: int) -> pygame.Surface:
        """The student's guesses about these runs, beside what the runs say."""
        lines = [t("debrief.cf.your_guesses")]
        for p in self.scene.preds:
            if p["key"] not in ("best_path", "no_loans") or not p["locked"]:
                continue
            lines.append(t("debrief.cf.guessed", question=p["question"], guess=p["guess"]))
            if p["answer_label"]:
                lines.append(t("debrief.cf.answer", answer=p["answer_label"]))
        return self._note(width, "\n".join(lines), colour=self.pal.amber)

    def _note(self, width: int, text: str, colour=None) -> pygame.Surface:
        size = tx.SIZE_SMALL * self.scale + 2
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.2)
        parts = text.split("\n")
        lines = [ln for part in parts for ln in mp.wrap_lines(part, width, size)]
        surf = pygame.Surface((width, line_h * len(lines) + self.px(4)), pygame.SRCALPHA)
        y = 0
        for part in parts:
            y = mp.draw_paragraph(
                surf, 0, y, width, part, size, rgb(colour or self.pal.text_dim), line_gap=1.2
            )
        return surf

    def _paint_card(self, width: int, f: dict) -> pygame.Surface:
        pal, sc = self.pal, self.scale
        spark_w = self.px(132)
        text_w = width - spark_w - self.px(40)
        size = tx.SIZE_SMALL * sc + 2
        lines = mp.wrap_lines(f["sentence"], text_w, size)
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.18)
        title_size = tx.SIZE_BODY * sc
        titles = mp.wrap_lines(f["title"], text_w, title_size, True)  # long trades wrap
        title_step = tx.font_for(f["title"], int(round(title_size)), True).get_linesize()
        title_h = title_step * len(titles) + self.px(4)
        h = max(self.px(24) + title_h + line_h * len(lines), self.px(96))
        surf = pygame.Surface((width, h), pygame.SRCALPHA)
        fill = mix(pal.panel, pal.background, 0.5)
        pygame.draw.rect(surf, fill, surf.get_rect(), border_radius=self.px(6))
        colour = rgb(
            LUCK_COLOUR
            if f["kind"] == "luck"
            else PATH_COLOUR
            if f["kind"] == "path"
            else WORLD_COLOUR
        )
        pygame.draw.rect(
            surf,
            colour,
            (0, 0, self.px(5), h),
            border_top_left_radius=self.px(6),
            border_bottom_left_radius=self.px(6),
        )
        x = self.px(16)
        for i, title in enumerate(titles):
            surf.blit(
                tx.fit_text(title, text_w, title_size, rgb(pal.text), bold=True),
                (x, self.px(10) + i * title_step),
            )
        y = self.px(10) + title_h
        for line in lines:
            surf.blit(
                tx.fit_text(line, text_w, size, rgb(pal.text if f["available"] else pal.text_dim)),
                (x, y),
            )
            y += line_h
        spark = pygame.Rect(width - spark_w - self.px(12), self.px(14), spark_w, h - self.px(28))
        self._sparkline(surf, spark, f)
        return surf

    def _sparkline(self, surf: pygame.Surface, r: pygame.Rect, f: dict) -> None:
        pal = self.pal
        actual = [v for v in f["actual_series"] if v is not None]
        others = f["series"] if f["kind"] == "luck" else ([f["series"]] if f["available"] else [])
        allv = actual + [v for s in others for v in s if v is not None]
        if not allv or len(actual) < 2:
            return
        lo, hi = min(allv + [0.0]), max(allv + [0.0])
        span = (hi - lo) or 1.0
        n = max(len(actual), max((len(s) for s in others), default=0))

        def pts(vals):
            return [
                (r.x + i * r.w / max(n - 1, 1), r.bottom - (v - lo) / span * r.h)
                for i, v in enumerate(vals)
                if v is not None
            ]

        pygame.draw.rect(
            surf, rgb(pal.chart_bg), r.inflate(self.px(6), self.px(6)), border_radius=self.px(4)
        )
        zy = r.bottom - (0 - lo) / span * r.h
        pygame.draw.line(surf, rgb(pal.grid), (r.x, zy), (r.right, zy), 1)
        for s in others:
            p = pts(s)
            if len(p) > 1:
                pygame.draw.lines(
                    surf,
                    rgb(PATH_COLOUR if f["kind"] != "luck" else LUCK_COLOUR),
                    False,
                    p,
                    max(1, self.px(2)),
                )
        p = pts(actual)
        pygame.draw.lines(surf, rgb(pal.amber), False, p, max(2, self.px(3)))


def _blit(picture: pygame.Surface, target: pygame.Surface, x: int, y: int) -> None:
    target.blit(picture, (x, y))
