"""The debrief (design.md "Debrief"): what happened to the household and the town, why, what
else could have happened, and how it connects to the essay's argument. Six tabs:

1 Your story      the story in a few sentences with the household's numbers (D: every decision
                  and what followed), where it ended, income against the former wage (I) or
                  cash and debts (M)
2 The town        sellers, price and margin per trade (the player's trade highlighted), openings
                  and closings, defaults and guarantors called, arrears, households by status,
                  the share of sellers in a working price agreement
3 What if         counterfactual runs of the same seed (game/debrief/counterfactual.py): other
                  paths, no neighbour following into the trade, no loans in the town, other
                  luck; a bar chart and one plain sentence each. They run in the background
                  (a child process) while the player reads: a progress line, X cancels, R
                  runs them again
4 The argument    eight panels paraphrasing Loubere 2016 with the player's numbers (P/N pages)
5 Talk about it   discussion questions in the facilitated order, with predict-then-reveal:
                  guess the price curve (A-D), then see it (P/N sections)
6 Sources         the glossary (characters, pinyin: Noto Sans SC) and every source of the numbers

E exports the report (HTML + JSON) to the documents folder, F to a chosen folder; T goes to
the title; Esc back. PgUp/PgDn and the mouse wheel scroll long lists.

Opened as `app.open("debrief", session=session)` (from the ending, or for a loaded save).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pygame
import pygame_gui

from game import i18n
from game.debrief import argument, glossary, questions, story
from game.debrief import counterfactual as cf
from game.i18n import t
from game.ui import theme
from game.ui.scene import Scene
from game.ui.scenes import month_panels as mp
from game.ui.widgets import text as tx
from game.ui.widgets.chart import LineChart
from game.ui.widgets.palette import get_palette, mix, rgb
from game.ui.widgets.panel import draw_panel

log = logging.getLogger(__name__)

TABS = ("story", "town", "difference", "argument", "discuss", "sources")
TAB_KEYS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6)
TOWN_KEYS = {"sellers": pygame.K_s, "price": pygame.K_p, "margin": pygame.K_m, "churn": pygame.K_o,
             "defaults": pygame.K_d, "arrears": pygame.K_a, "status": pygame.K_h, "agreement": pygame.K_g}
GUESS_KEYS = (pygame.K_a, pygame.K_b, pygame.K_c, pygame.K_d)
PANELS_PER_PAGE = 2
PATH_COLOUR = "#56B4E9"
WORLD_COLOUR = "#009E73"
LUCK_COLOUR = "#999999"


class Scroller:
    """A tall picture shown through a window, scrolled by the wheel or Page Up/Down."""

    def __init__(self, rect: pygame.Rect, surface: pygame.Surface) -> None:
        self.rect = rect
        self.surface = surface
        self.offset = 0

    @property
    def limit(self) -> int:
        return max(0, self.surface.get_height() - self.rect.h)

    def scroll(self, dy: int) -> None:
        self.offset = max(0, min(self.limit, self.offset + int(dy)))

    def draw(self, target: pygame.Surface, pal, scale: float) -> None:
        h = min(self.rect.h, self.surface.get_height() - self.offset)
        if h > 0:
            target.blit(self.surface, self.rect.topleft, pygame.Rect(0, self.offset, self.rect.w, h))
        if self.limit:
            bar_w = max(3, round(4 * scale))
            track = pygame.Rect(self.rect.right + round(4 * scale), self.rect.y, bar_w, self.rect.h)
            pygame.draw.rect(target, rgb(pal.border), track, border_radius=bar_w // 2)
            size = max(round(24 * scale), int(self.rect.h * self.rect.h / self.surface.get_height()))
            y = self.rect.y + int((self.rect.h - size) * self.offset / self.limit)
            pygame.draw.rect(target, rgb(pal.text_dim), (track.x, y, bar_w, size), border_radius=bar_w // 2)


class DebriefScene(Scene):
    fade_in = 0.3
    default_focus = "tab_story"

    def __init__(self, app, session, tab: str = "story", start_runs: bool = True, **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self.tab = tab if tab in TABS else "story"
        self.default_focus = f"tab_{self.tab}"
        spec = cf.spec_from_session(session)
        self.focus_trade = cf.focus_trade(session, session.player, spec)
        self.actual = cf.actual_outcome(session, spec)
        self.beats = story.beats(session, self.focus_trade)
        self.moments = story.timeline(session)
        self.ended = story.where_ended(session)
        self.town = story.town_curves(session, self.focus_trade)
        self.panels = argument.panels(session, self.focus_trade)
        self.sections = questions.sections(session)
        self.prediction = questions.prediction(session, self.focus_trade)
        self.terms = glossary.terms()
        self.sources = glossary.sources(session)
        # what the player is looking at
        self.story_chart = "income"
        self.show_all = False
        self.town_chart = "sellers"
        self.arg_page = 0
        self.section = 0
        self.guess: str | None = None
        self.scroll_at: dict[str, int] = {}
        # the counterfactual runs
        self.rebuildable = cf.rebuildable(spec)
        self.job: cf.CounterfactualJob | None = None
        self._job_state: tuple | None = None
        self._card_cache: dict[tuple, pygame.Surface] = {}
        self._findings: list[dict] = []
        self._bars: pygame.Surface | None = None
        if start_runs and self.rebuildable:
            self.start_runs()
        # export
        self.export_status: tuple[str, str] | None = None  # (tone, text)
        self._export_thread: threading.Thread | None = None
        self._export_result: tuple[str, str] | None = None
        self.file_dialog = None
        # drawn things
        self._layer: pygame.Surface | None = None
        self.charts: list[LineChart] = []
        self.scrollers: dict[str, Scroller] = {}
        self._diff_rects: dict[str, pygame.Rect] = {}
        self._progress_rect: pygame.Rect | None = None

    # ---- the counterfactual runs --------------------------------------------------------------
    def start_runs(self) -> None:
        self.job = cf.CounterfactualJob(self.session).start()
        self._card_cache.clear()

    def job_state(self) -> tuple:
        j = self.job
        if j is None:
            return ("none", 0)
        return ("running" if j.running else ("cancelled" if j.cancelled else ("failed" if j.error else "done")),
                len(j.results))

    @property
    def pal(self):
        return get_palette(theme.palette_name())

    # ---- layout -------------------------------------------------------------------------------
    def build(self) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        w, h = self.size
        safe = self.safe_rect
        self.charts = []
        self.scrollers = {}
        self._diff_rects = {}
        layer = pygame.Surface((w, h))
        layer.fill(rgb(pal.background))
        # heading
        title = tx.fit_text(t("debrief.heading", name=s.player_name()), safe.w, tx.SIZE_BIG * sc * 1.1,
                            rgb(pal.text), bold=True)
        layer.blit(title, safe.topleft)
        sub = t("debrief.subtitle", title=s.title(), months=i18n.months(s.month),
                when=story.calendar(s, max(s.month - 1, 0)))
        sub_s = tx.fit_text(sub, safe.w, tx.SIZE_BODY * sc, rgb(pal.amber), bold=True)
        layer.blit(sub_s, (safe.x, safe.y + title.get_height()))
        # tabs
        top = safe.y + title.get_height() + sub_s.get_height() + self.px(8)
        bh, gap = self.px(40), self.px(8)
        tab_w = (safe.w - gap * (len(TABS) - 1)) // len(TABS)
        for i, tab in enumerate(TABS):
            r = pygame.Rect(safe.x + i * (tab_w + gap), top, tab_w, bh)
            self.button(r, t(f"debrief.tabbtn.{tab}"), f"tab_{tab}", shortcut=TAB_KEYS[i],
                        tooltip=t(f"debrief.tab.{tab}"))
        # the bottom bar
        fh = self.px(44)
        fy = safe.bottom - fh
        self.button(pygame.Rect(safe.x, fy, self.px(150), fh), t("debrief.button.back"), "back",
                    shortcut=pygame.K_ESCAPE)
        right = safe.right
        bw = self.px(190)
        self.button(pygame.Rect(right - bw, fy, bw, fh), t("debrief.button.title"), "title", shortcut=pygame.K_t)
        right -= bw + gap
        bw = self.px(236)
        self.button(pygame.Rect(right - bw, fy, bw, fh), t("debrief.button.export"), "export", cls="primary",
                    shortcut=pygame.K_e, tooltip=t("debrief.export.tip", folder=str(_documents())))
        right -= bw + gap
        bw = self.px(150)
        self.button(pygame.Rect(right - bw, fy, bw, fh), t("debrief.button.export_to"), "export_to",
                    shortcut=pygame.K_f, tooltip=t("debrief.export.to_tip"))
        right -= bw + gap
        mid_x = safe.x + self.px(150) + gap
        # Cancel and Run again share a place; shown or hidden as the runs go (never a rebuild).
        bw = self.px(150)
        job_rect = pygame.Rect(right - bw, fy, bw, fh)
        self.button(job_rect, t("debrief.button.cancel"), "cancel", shortcut=pygame.K_x,
                    tooltip=t("debrief.cancel.tip"))
        self.button(job_rect, t("debrief.button.rerun"), "rerun", shortcut=pygame.K_r)
        right -= bw + gap
        self._job_state = self.job_state()
        self._sync_job_buttons()
        self._progress_rect = pygame.Rect(mid_x, fy, max(0, right - mid_x), fh)
        # the tab's content
        content = pygame.Rect(safe.x, top + bh + self.px(16), safe.w, fy - self.px(16) - (top + bh + self.px(16)))
        getattr(self, f"_build_{self.tab}")(layer, content)
        self._layer = layer.convert() if pygame.display.get_surface() is not None else layer

    def _content_font(self) -> float:
        return tx.SIZE_BODY * self.scale

    # ---- 1 the story ------------------------------------------------------------------------
    def _build_story(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        left = pygame.Rect(r.x, r.y, int(r.w * 0.5) - self.px(8), r.h)
        right = pygame.Rect(left.right + self.px(16), r.y, r.right - left.right - self.px(16), r.h)
        draw_panel(layer, left, pal, sc)
        inner = left.inflate(-self.px(32), -self.px(24))
        heading = t("debrief.story.all" if self.show_all else "debrief.story.heading")
        mp.draw_heading(layer, inner, heading, pal, sc, icon="book", right=t("debrief.scroll_hint"))
        bh = self.px(36)
        self.button(pygame.Rect(inner.x, inner.bottom - bh, inner.w, bh),
                    t("debrief.button.beats" if self.show_all else "debrief.button.every"), "every",
                    shortcut=pygame.K_d)
        lst = pygame.Rect(inner.x, inner.y + self.px(34), inner.w - self.px(10), inner.h - self.px(34) - bh - self.px(10))
        items = ([(m.month, m.text, m.tone, m.decision) for m in self.moments] if self.show_all
                 else [(b.month, b.text, b.tone, b.tone == "accent") for b in self.beats])
        surf = self._paint_list(items, lst.w)
        self._add_scroller("story", lst, surf)
        # facts and the chart
        e = self.ended
        facts = [(t("ending.row.status"), mp.status_text(e["status"]), pal.amber),
                 (t("ending.row.net_worth"), i18n.yuan(e["net_worth_yuan"]),
                  pal.teal if e["net_worth_yuan"] >= 0 else pal.brick),
                 (t("debrief.fact.income_share"), i18n.percent(e["income_vs_former_wage"]),
                  pal.teal if e["income_vs_former_wage"] >= 1 else pal.brick)]
        tile_h = self.px(64)
        tile_w = (right.w - 2 * self.px(12)) // 3
        for i, (label, value, colour) in enumerate(facts):
            tile = pygame.Rect(right.x + i * (tile_w + self.px(12)), right.y, tile_w, tile_h)
            draw_panel(layer, tile, pal, sc)
            ls = tx.fit_text(label, tile.w - self.px(20), tx.SIZE_SMALL * sc, rgb(pal.text_dim))
            layer.blit(ls, (tile.x + self.px(10), tile.y + self.px(8)))
            vs = tx.fit_text(value, tile.w - self.px(20), tx.SIZE_TITLE * sc * 1.1, rgb(colour), bold=True)
            layer.blit(vs, (tile.x + self.px(10), tile.y + self.px(8) + ls.get_height()))
        sent_y = right.y + tile_h + self.px(10)
        sent_end = mp.draw_paragraph(layer, right.x, sent_y, right.w, e["sentence"], tx.SIZE_SMALL * sc + 1,
                                     rgb(pal.text), max_lines=3, line_gap=1.2)
        bh = self.px(36)
        by = right.bottom - bh
        half = (right.w - self.px(12)) // 2
        self.button(pygame.Rect(right.x, by, half, bh), t("debrief.button.income"), "chart_income",
                    shortcut=pygame.K_i)
        self.button(pygame.Rect(right.x + half + self.px(12), by, half, bh), t("debrief.button.money"), "chart_money",
                    shortcut=pygame.K_m)
        chart_rect = pygame.Rect(right.x, sent_end + self.px(6), right.w, by - self.px(10) - sent_end - self.px(6))
        spec = story.income_chart(self.session) if self.story_chart == "income" else story.money_chart(self.session)
        self._chart(chart_rect, spec)

    def _paint_list(self, items: list[tuple[int, str, str, bool]], width: int) -> pygame.Surface:
        """Month label, a dot, the text (wrapped): a timeline as one tall surface."""
        pal, sc = self.pal, self.scale
        size = tx.SIZE_SMALL * sc + 2
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.15)
        label_w = self.px(118)
        text_w = width - label_w - self.px(22)
        rows = [(m, mp.wrap_lines(text, text_w, size, bold=dec), tone, dec) for m, text, tone, dec in items]
        total = sum(len(lines) * line_h + self.px(6) for _m, lines, _t, _d in rows) + self.px(4)
        surf = pygame.Surface((width, max(1, total)), pygame.SRCALPHA)
        y = 0
        x_line = label_w + self.px(6)
        pygame.draw.line(surf, rgb(pal.border), (x_line, 0), (x_line, total), max(1, self.px(2)))
        last = None
        for month, lines, tone, dec in rows:
            colour = mp.tone_colour(pal, tone)
            if month != last:
                label = story.month_label(self.session, month)
                surf.blit(tx.fit_text(label, label_w - self.px(4), size - 1, rgb(pal.text_dim), bold=True), (0, y))
                last = month
            radius = max(3, self.px(5)) if dec else max(2, self.px(3))
            pygame.draw.circle(surf, colour, (x_line, y + line_h // 2), radius)
            for line in lines:
                surf.blit(tx.fit_text(line, text_w, size, colour if dec else rgb(pal.text), bold=dec),
                          (x_line + self.px(14), y))
                y += line_h
            y += self.px(6)
        if not rows:
            surf.blit(tx.fit_text(t("debrief_summary.empty"), width, size, rgb(pal.text_dim)), (0, 0))
        return surf

    # ---- 2 the town -------------------------------------------------------------------------
    def _build_town(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        side_w = max(self.px(230), int(r.w * 0.2))
        bh, gap = self.px(34), self.px(6)
        y = r.y
        for spec in self.town:
            key = spec["key"]
            self.button(pygame.Rect(r.x, y, side_w, bh), t(f"debrief.townbtn.{key}"), f"town_{key}",
                        shortcut=TOWN_KEYS.get(key), cls="menu", tooltip=spec["help"])
            y += bh + gap
        spec = next((c for c in self.town if c["key"] == self.town_chart), self.town[0])
        box = pygame.Rect(r.x, y + self.px(6), side_w, r.bottom - y - self.px(6))
        if box.h > self.px(48):
            draw_panel(layer, box, pal, sc)
            mp.draw_paragraph(layer, box.x + self.px(12), box.y + self.px(10), box.w - self.px(24), spec["help"],
                              tx.SIZE_SMALL * sc + 1, rgb(pal.text_dim),
                              max_lines=max(1, (box.h - self.px(20)) // self.px(19)), line_gap=1.2)
        chart_rect = pygame.Rect(r.x + side_w + self.px(16), r.y, r.w - side_w - self.px(16), r.h)
        self._chart(chart_rect, spec)

    # ---- 3 what made the difference ---------------------------------------------------------------
    def _build_difference(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        left = pygame.Rect(r.x, r.y, int(r.w * 0.44), r.h)
        right = pygame.Rect(left.right + self.px(16), r.y, r.right - left.right - self.px(16), r.h)
        draw_panel(layer, left, pal, sc)
        draw_panel(layer, right, pal, sc)
        self._diff_rects = {"bars": left.inflate(-self.px(28), -self.px(24)),
                            "cards": right.inflate(-self.px(28), -self.px(24))}
        inner = self._diff_rects["cards"]
        mp.draw_heading(layer, inner, t("debrief.cf.heading"), pal, sc, icon="coin", right=t("debrief.scroll_hint"))
        self.scrollers["cards"] = Scroller(pygame.Rect(inner.x, inner.y + self.px(34), inner.w - self.px(10),
                                                       inner.h - self.px(34)), pygame.Surface((1, 1), pygame.SRCALPHA))
        self.scrollers["cards"].offset = self.scroll_at.get("cards", 0)
        self._paint_difference()

    def _results(self) -> dict[str, dict]:
        return self.job.snapshot() if self.job is not None else {}

    def _paint_difference(self) -> None:
        """Bars and cards from the runs finished so far (called again as more finish)."""
        if "cards" not in self.scrollers:
            return
        results = self._results()
        findings = cf.findings(self.session, self.actual, results) if results else []
        self._findings = findings
        self._bars = self._paint_bars(self._diff_rects["bars"], findings, results)
        sc_ = self.scrollers["cards"]
        sc_.surface = self._paint_cards(sc_.rect.w, findings)
        sc_.scroll(0)

    def _paint_bars(self, r: pygame.Rect, findings: list[dict], results: dict) -> pygame.Surface:
        pal, sc = self.pal, self.scale
        surf = pygame.Surface(r.size, pygame.SRCALPHA)
        y = mp.draw_heading(surf, surf.get_rect(), t("debrief.cf.bars"), pal, sc, icon="house")
        size = tx.SIZE_SMALL * sc + 1
        if not self.rebuildable:
            mp.draw_paragraph(surf, 0, y, r.w, t("debrief.cf.cannot_rebuild"), size, rgb(pal.text_dim))
            return surf
        rows = [(t("debrief.cf.actual"), self.actual["final"]["net_worth"], rgb(pal.amber), None)]
        for f in findings:
            if f["kind"] == "luck":
                rows.append((f["short"], None, rgb(LUCK_COLOUR), (f["low"], f["high"])))
            elif f["available"]:
                rows.append((f["short"], f["net_worth"], rgb(PATH_COLOUR if f["kind"] == "path" else WORLD_COLOUR), None))
        values = [v for _l, v, _c, rng in rows if v is not None] + [x for *_r, rng in rows if rng for x in rng]
        lo, hi = min(values + [0.0]), max(values + [0.0])
        span = (hi - lo) or 1.0
        label_w = int(r.w * 0.34)
        bar_x, bar_w = label_w + self.px(8), r.w - label_w - self.px(8)
        value_pad = self.px(66)
        plot_x, plot_w = bar_x + value_pad, max(self.px(40), bar_w - 2 * value_pad)

        def px(v: float) -> int:
            return plot_x + int((v - lo) / span * plot_w)

        n_rows = len(rows) + 1
        decomp = cf.decomposition(self.actual, results) if results and self.job_state()[0] == "done" else []
        decomp_h = (self.px(36) + self.px(22) * len(decomp)) if decomp else 0
        avail = r.h - y - self.px(84) - decomp_h
        row_h = max(self.px(22), min(self.px(34), avail // max(n_rows, 1)))
        y0 = y + self.px(4)
        zero = px(0.0)
        for i, (label, v, colour, rng) in enumerate(rows):
            yy = y0 + i * row_h
            ls = tx.fit_text(label, label_w, size, rgb(pal.text), bold=i == 0)
            surf.blit(ls, (label_w - ls.get_width(), yy + (row_h - ls.get_height()) // 2))
            bh = int(row_h * 0.62)
            by = yy + (row_h - bh) // 2
            if rng is not None:
                a, b = px(rng[0]), px(rng[1])
                pygame.draw.rect(surf, colour, (min(a, b), by + bh // 3, max(2, abs(b - a)), max(2, bh // 3)))
                for x in (a, b):
                    pygame.draw.line(surf, colour, (x, by), (x, by + bh), max(2, self.px(2)))
                text = f"{i18n.yuan(rng[0])} \u2013 {i18n.yuan(rng[1])}"
                vs = tx.fit_text(text, bar_w, size - 2, rgb(pal.text_dim))
                tx_x = max(a, b) + self.px(6)
                if tx_x + vs.get_width() > r.w:
                    tx_x = min(a, b) - self.px(6) - vs.get_width()
                surf.blit(vs, (max(bar_x, tx_x), yy + (row_h - vs.get_height()) // 2))
                continue
            x = px(v)
            rect = pygame.Rect(min(x, zero), by, max(2, abs(x - zero)), bh)
            pygame.draw.rect(surf, colour, rect, border_radius=max(1, self.px(2)))
            vs = tx.fit_text(i18n.yuan(v), value_pad - self.px(4), size - 1, rgb(pal.text), bold=i == 0)
            vx = rect.right + self.px(4) if v >= 0 else rect.x - self.px(4) - vs.get_width()
            surf.blit(vs, (vx, yy + (row_h - vs.get_height()) // 2))
        axis_bottom = y0 + len(rows) * row_h
        pygame.draw.line(surf, rgb(pal.axis), (zero, y0), (zero, axis_bottom), max(1, pal.line_width))
        z = tx.fit_text(i18n.yuan(0), self.px(60), size - 2, rgb(pal.text_dim))
        surf.blit(z, (zero - z.get_width() // 2, axis_bottom + self.px(2)))
        # the legend and the check
        ly = axis_bottom + z.get_height() + self.px(8)
        lx = 0
        for colour, key in ((pal.amber, "debrief.cf.legend.you"), (PATH_COLOUR, "debrief.cf.legend.path"),
                            (WORLD_COLOUR, "debrief.cf.legend.world"), (LUCK_COLOUR, "debrief.cf.legend.luck")):
            pygame.draw.rect(surf, rgb(colour), (lx, ly + self.px(4), self.px(12), self.px(12)))
            ls = tx.fit_text(t(key), r.w // 4 - self.px(20), size - 1, rgb(pal.text_dim))
            surf.blit(ls, (lx + self.px(16), ly))
            lx += r.w // 4
        y = ly + self.px(24)
        replay = results.get("replay")
        if replay is not None:
            ok = cf.replay_matches(self.job.spec, replay)
            note = t("debrief.cf.check_ok" if ok else "debrief.cf.check_bad")
            y = mp.draw_paragraph(surf, 0, y, r.w, note, size - 1, rgb(pal.teal if ok else pal.brick),
                                  max_lines=2, line_gap=1.15)
        if decomp:
            y += self.px(8)
            surf.blit(tx.fit_text(t("debrief.decomp.title"), r.w, size, rgb(pal.amber), bold=True), (0, y))
            y += self.px(24)
            for d in decomp:
                amount = ("\u00b1" + i18n.yuan(abs(d["amount"]))) if d["key"] == "luck" else story.signed_yuan(d["amount"])
                v = tx.fit_text(amount, self.px(100), size, rgb(pal.text), bold=True)
                surf.blit(v, (r.w - v.get_width(), y))
                surf.blit(tx.fit_text(t(f"debrief.decomp.short.{d['key']}"), r.w - self.px(110), size,
                                      rgb(pal.text)), (0, y))
                y += self.px(22)
        return surf

    def _paint_cards(self, width: int, findings: list[dict]) -> pygame.Surface:
        pieces = []
        state = self.job_state()
        if not self.rebuildable:
            pieces.append(self._note(width, t("debrief.cf.cannot_rebuild")))
        elif not findings:
            key = "debrief.cf.waiting" if state[0] == "running" else "debrief.cf.none"
            pieces.append(self._note(width, t(key)))
        for f in findings:
            key = (f["key"], width, theme.palette_name(), f["sentence"])
            card = self._card_cache.get(key)
            if card is None:
                card = self._paint_card(width, f)
                self._card_cache[key] = card
            pieces.append(card)
        if findings and state[0] == "done":
            pieces.append(self._note(width, t("debrief.decomp.note")))
        gap = self.px(12)
        total = sum(p.get_height() for p in pieces) + gap * max(0, len(pieces) - 1)
        surf = pygame.Surface((width, max(1, total)), pygame.SRCALPHA)
        y = 0
        for p in pieces:
            surf.blit(p, (0, y))
            y += p.get_height() + gap
        return surf

    def _note(self, width: int, text: str) -> pygame.Surface:
        size = tx.SIZE_SMALL * self.scale + 2
        lines = mp.wrap_lines(text, width, size)
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.2)
        surf = pygame.Surface((width, line_h * len(lines) + self.px(4)), pygame.SRCALPHA)
        mp.draw_paragraph(surf, 0, 0, width, text, size, rgb(self.pal.text_dim), line_gap=1.2)
        return surf

    def _paint_card(self, width: int, f: dict) -> pygame.Surface:
        pal, sc = self.pal, self.scale
        spark_w = self.px(132)
        text_w = width - spark_w - self.px(40)
        size = tx.SIZE_SMALL * sc + 2
        lines = mp.wrap_lines(f["sentence"], text_w, size)
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.18)
        title_h = tx.font(int(round(tx.SIZE_BODY * sc)), True).get_linesize() + self.px(4)
        h = max(self.px(24) + title_h + line_h * len(lines), self.px(96))
        surf = pygame.Surface((width, h), pygame.SRCALPHA)
        fill = mix(pal.panel, pal.background, 0.5)
        pygame.draw.rect(surf, fill, surf.get_rect(), border_radius=self.px(6))
        colour = rgb(LUCK_COLOUR if f["kind"] == "luck" else PATH_COLOUR if f["kind"] == "path" else WORLD_COLOUR)
        pygame.draw.rect(surf, colour, (0, 0, self.px(5), h), border_top_left_radius=self.px(6),
                         border_bottom_left_radius=self.px(6))
        x = self.px(16)
        surf.blit(tx.fit_text(f["title"], text_w, tx.SIZE_BODY * sc, rgb(pal.text), bold=True), (x, self.px(10)))
        y = self.px(10) + title_h
        for line in lines:
            surf.blit(tx.fit_text(line, text_w, size, rgb(pal.text if f["available"] else pal.text_dim)), (x, y))
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
            return [(r.x + i * r.w / max(n - 1, 1), r.bottom - (v - lo) / span * r.h) for i, v in enumerate(vals)
                    if v is not None]

        pygame.draw.rect(surf, rgb(pal.chart_bg), r.inflate(self.px(6), self.px(6)), border_radius=self.px(4))
        zy = r.bottom - (0 - lo) / span * r.h
        pygame.draw.line(surf, rgb(pal.grid), (r.x, zy), (r.right, zy), 1)
        for s in others:
            p = pts(s)
            if len(p) > 1:
                pygame.draw.lines(surf, rgb(PATH_COLOUR if f["kind"] != "luck" else LUCK_COLOUR), False, p,
                                  max(1, self.px(2)))
        p = pts(actual)
        pygame.draw.lines(surf, rgb(pal.amber), False, p, max(2, self.px(3)))

    # ---- 4 the argument ---------------------------------------------------------------------
    def pages(self) -> int:
        return (len(self.panels) + PANELS_PER_PAGE - 1) // PANELS_PER_PAGE

    def _build_argument(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        bh = self.px(36)
        by = r.bottom - bh
        bw = self.px(170)
        self.button(pygame.Rect(r.x, by, bw, bh), t("debrief.button.prev"), "prev", shortcut=pygame.K_p,
                    enabled=self.arg_page > 0)
        self.button(pygame.Rect(r.right - bw, by, bw, bh), t("debrief.button.next"), "next", shortcut=pygame.K_n,
                    enabled=self.arg_page < self.pages() - 1)
        page = tx.fit_text(t("debrief.page", n=self.arg_page + 1, total=self.pages()), r.w // 3, tx.SIZE_BODY * sc,
                           rgb(pal.text_dim))
        layer.blit(page, (r.centerx - page.get_width() // 2, by + (bh - page.get_height()) // 2))
        caution_h = self.px(48)
        mp.draw_paragraph(layer, r.x, by - caution_h, r.w, t("debrief.arg.caution"), tx.SIZE_SMALL * sc + 1,
                          rgb(pal.text_dim), max_lines=2, line_gap=1.15)
        area = pygame.Rect(r.x, r.y, r.w, by - caution_h - self.px(12) - r.y)
        shown = self.panels[self.arg_page * PANELS_PER_PAGE:(self.arg_page + 1) * PANELS_PER_PAGE]
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
        y = mp.draw_paragraph(layer, tx_x, inner.y, inner.right - tx_x, p["title"], size_t, rgb(pal.text), bold=True,
                              max_lines=2, line_gap=1.1)
        y = max(y, inner.y + num.get_height()) + self.px(8)
        size = tx.SIZE_BODY * sc
        line = int(tx.font(int(round(size))).get_linesize() * 1.3)
        cite_h = self.px(22)
        numbers_lines = mp.wrap_lines(p["numbers"], inner.w - self.px(22), size)
        box_h = self.px(30) + line * len(numbers_lines)
        claim_room = inner.bottom - cite_h - box_h - self.px(16) - y
        y = mp.draw_paragraph(layer, inner.x, y, inner.w, p["claim"], size, rgb(pal.text),
                              max_lines=max(1, claim_room // line), line_gap=1.3)
        nb = pygame.Rect(inner.x, y + self.px(10), inner.w, min(box_h, inner.bottom - cite_h - self.px(18) - y))
        pygame.draw.rect(layer, mix(pal.panel, pal.amber, 0.12), nb, border_radius=self.px(6))
        pygame.draw.rect(layer, rgb(pal.amber), (nb.x, nb.y, self.px(5), nb.h), border_top_left_radius=self.px(6),
                         border_bottom_left_radius=self.px(6))
        label = tx.fit_text(t("debrief.arg.yours"), nb.w - self.px(22), tx.SIZE_SMALL * sc, rgb(pal.amber), bold=True)
        layer.blit(label, (nb.x + self.px(14), nb.y + self.px(6)))
        mp.draw_paragraph(layer, nb.x + self.px(14), nb.y + self.px(6) + label.get_height(), nb.w - self.px(22),
                          p["numbers"], size, rgb(pal.text), max_lines=max(1, (nb.h - self.px(26)) // line),
                          line_gap=1.3)
        cite = tx.fit_text(t("debrief.arg.cite", cite=p["cite"]), inner.w, tx.SIZE_SMALL * sc, rgb(pal.text_dim))
        layer.blit(cite, (inner.x, inner.bottom - cite.get_height()))

    # ---- 5 talk about it ----------------------------------------------------------------------
    def _build_discuss(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        sec = self.sections[self.section]
        bh = self.px(36)
        by = r.bottom - bh
        bw = self.px(170)
        self.button(pygame.Rect(r.x, by, bw, bh), t("debrief.button.prev_q"), "prev", shortcut=pygame.K_p,
                    enabled=self.section > 0)
        self.button(pygame.Rect(r.right - bw, by, bw, bh), t("debrief.button.next_q"), "next", shortcut=pygame.K_n,
                    enabled=self.section < len(self.sections) - 1)
        page = tx.fit_text(t("debrief.page", n=self.section + 1, total=len(self.sections)), r.w // 3,
                           tx.SIZE_BODY * sc, rgb(pal.text_dim))
        layer.blit(page, (r.centerx - page.get_width() // 2, by + (bh - page.get_height()) // 2))
        box = pygame.Rect(r.x, r.y, r.w, by - self.px(12) - r.y)
        draw_panel(layer, box, pal, sc)
        inner = box.inflate(-self.px(40), -self.px(28))
        ts = tx.fit_text(sec["title"], inner.w, tx.SIZE_BIG * sc, rgb(pal.text), bold=True)
        layer.blit(ts, inner.topleft)
        y = inner.y + ts.get_height() + self.px(2)
        y = mp.draw_paragraph(layer, inner.x, y, inner.w, sec["intro"], tx.SIZE_BODY * sc, rgb(pal.amber)) + self.px(8)
        if sec["key"] == "predict":
            self._build_predict(layer, pygame.Rect(inner.x, y, inner.w, inner.bottom - y))
            return
        size = tx.SIZE_TITLE * sc
        for i, q in enumerate(sec["questions"]):
            num = tx.fit_text(f"{i + 1}.", self.px(40), size, rgb(pal.amber), bold=True)
            layer.blit(num, (inner.x, y))
            y = mp.draw_paragraph(layer, inner.x + self.px(40), y, inner.w - self.px(40), q, size, rgb(pal.text),
                                  max_lines=4, line_gap=1.25) + self.px(14)
            if y > inner.bottom - self.px(20):
                break

    def _build_predict(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        p = self.prediction
        y = mp.draw_paragraph(layer, r.x, r.y, r.w, p["question"], tx.SIZE_TITLE * sc, rgb(pal.text), bold=True,
                              max_lines=3) + self.px(8)
        bh, gap = self.px(40), self.px(10)
        col_w = min(self.px(380), int(r.w * 0.38))
        for i, ch in enumerate(p["choices"]):
            rect = pygame.Rect(r.x, y + i * (bh + gap), col_w, bh)
            chosen = self.guess == ch["key"]
            self.button(rect, ch["label"], f"guess_{ch['key']}", shortcut=GUESS_KEYS[i],
                        cls="primary" if chosen else "menu")
        chart_x = r.x + col_w + self.px(24)
        if self.guess is None:
            hint = t("debrief.predict.hint")
            mp.draw_paragraph(layer, chart_x, y, r.right - chart_x, hint, tx.SIZE_BODY * sc, rgb(pal.text_dim))
            return
        right = p["answer"] == self.guess
        verdict = t("debrief.predict.right") if right else t("debrief.predict.wrong",
                                                              guess=t(f"debrief.predict.{self.guess}"))
        y2 = mp.draw_paragraph(layer, chart_x, y, r.right - chart_x, verdict + " " + p["reveal"], tx.SIZE_BODY * sc,
                               rgb(pal.teal if right else pal.amber), bold=True, max_lines=3)
        chart_rect = pygame.Rect(chart_x, y2 + self.px(6), r.right - chart_x, r.bottom - y2 - self.px(6))
        tr = self.session.params.trades[p["trade"]]
        self._chart(chart_rect, {"title": t("debrief.predict.chart", trade=p["trade_name"]), "y_format": "yuan",
                                 "x_start": 0, "include_zero": False, "y_label": t("charts.unit.price"),
                                 "series": [{"name": t("debrief.predict.your_guess"),
                                             "values": questions.guess_curve(p, self.guess), "colour": "#A9B0BC"},
                                            {"name": p["trade_label"], "values": p["prices"], "is_player": True,
                                             "icon": tr.icon}]})

    # ---- 6 sources and glossary -----------------------------------------------------------------
    def _build_sources(self, layer: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        left = pygame.Rect(r.x, r.y, int(r.w * 0.55) - self.px(8), r.h)
        right = pygame.Rect(left.right + self.px(16), r.y, r.right - left.right - self.px(16), r.h)
        for box, key, icon, painter in ((left, "glossary", "book", self._paint_glossary),
                                        (right, "sources", "handshake", self._paint_sources)):
            draw_panel(layer, box, pal, sc)
            inner = box.inflate(-self.px(28), -self.px(24))
            mp.draw_heading(layer, inner, t(f"debrief.{key}.heading"), pal, sc, icon=icon,
                            right=t("debrief.scroll_hint"))
            view = pygame.Rect(inner.x, inner.y + self.px(34), inner.w - self.px(10), inner.h - self.px(34))
            self._add_scroller(key, view, painter(view.w))

    def _paint_glossary(self, width: int) -> pygame.Surface:
        pal, sc = self.pal, self.scale
        hz_size = tx.SIZE_TITLE * sc * 1.2
        size = tx.SIZE_SMALL * sc + 2
        line_h = int(tx.font(int(round(size)), cjk=True).get_linesize() * 1.12)
        rows = []
        for term in self.terms:
            head = tx.render(term.hanzi, hz_size, rgb(pal.amber), bold=True)
            py = tx.render(term.pinyin, tx.SIZE_BODY * sc, rgb(pal.text), bold=False)
            text_lines = mp.wrap_lines(term.text, width - self.px(12), size)
            rows.append((head, py, term.term, text_lines))
        total = sum(h.get_height() + line_h * (1 + len(tl)) + self.px(12) for h, _p, _t, tl in rows)
        surf = pygame.Surface((width, max(1, total)), pygame.SRCALPHA)
        y = 0
        for head, py, term, text_lines in rows:
            surf.blit(head, (0, y))
            surf.blit(py, (head.get_width() + self.px(12), y + head.get_height() - py.get_height() - self.px(2)))
            y += head.get_height()
            surf.blit(tx.fit_text(term, width, size, rgb(pal.text), bold=True), (0, y))
            y += line_h
            for line in text_lines:
                surf.blit(tx.fit_text(line, width, size, rgb(pal.text_dim)), (0, y))
                y += line_h
            y += self.px(12)
        return surf

    def _paint_sources(self, width: int) -> pygame.Surface:
        pal, sc = self.pal, self.scale
        size = tx.SIZE_SMALL * sc + 1
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.15)
        blocks: list[tuple[str, list[str], tuple]] = []
        src = self.sources
        if src["references"]:
            blocks.append((t("debrief.sources.references"), src["references"], rgb(pal.text)))
        blocks.append((t("debrief.sources.numbers"), [
            t("debrief.sources.line", source=g["source"], n=len(g["numbers"]),
              fields=", ".join(n["path"] for n in g["numbers"][:4]) + (" \u2026" if len(g["numbers"]) > 4 else ""))
            for g in src["cited"]], rgb(pal.text)))
        if src["assumptions"]:
            blocks.append((t("debrief.sources.assumptions_title", n=len(src["assumptions"])),
                           [", ".join(n["path"] for n in src["assumptions"])], rgb(pal.text_dim)))
        lines: list[tuple[str, tuple, bool, bool]] = []
        for head, items, colour in blocks:
            lines.append((head, rgb(pal.amber), True, False))
            for item in items:
                for k, ln in enumerate(mp.wrap_lines(item, width - self.px(14), size)):
                    lines.append((ln, colour, False, k == 0))
            lines.append(("", colour, False, False))
        surf = pygame.Surface((width, max(1, line_h * len(lines))), pygame.SRCALPHA)
        y = 0
        for text, colour, bold, bullet in lines:
            if text:
                if bullet:
                    pygame.draw.circle(surf, rgb(pal.text_dim), (self.px(4), y + line_h // 2), max(2, self.px(2)))
                surf.blit(tx.fit_text(text, width - (0 if bold else self.px(14)), size, colour, bold=bold),
                          (0 if bold else self.px(14), y))
            y += line_h
        return surf

    # ---- shared pieces ----------------------------------------------------------------------------
    def _chart(self, rect: pygame.Rect, spec: dict) -> None:
        if rect.h < self.px(80) or rect.w < self.px(120):
            return
        series = [dict(s) for s in spec["series"]]
        chart = LineChart(rect, series, title=spec.get("title", ""), y_label=spec.get("y_label", ""),
                          y_format=spec.get("y_format", "number"), x_start=spec.get("x_start", 0),
                          include_zero=spec.get("include_zero", True), scale=self.scale, palette=self.pal)
        self.charts.append(chart)

    def _add_scroller(self, key: str, rect: pygame.Rect, surf: pygame.Surface) -> None:
        s = Scroller(rect, surf)
        s.offset = min(self.scroll_at.get(key, 0), s.limit)
        self.scrollers[key] = s

    def scroll(self, dy: int, pos=None) -> bool:
        targets = [s for s in self.scrollers.values() if pos is None or s.rect.collidepoint(pos)]
        for s in targets:
            s.scroll(dy)
        for k, s in self.scrollers.items():
            self.scroll_at[k] = s.offset
        return bool(targets)

    # ---- per frame --------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        state = self.job_state()
        if state != self._job_state:
            # A run finished, or all, or they stopped: no rebuild (a key pressed now must not be
            # lost, and a frame must stay cheap); the cards and bars repaint, the buttons swap.
            self._job_state = state
            self._sync_job_buttons()
            if self.tab == "difference":
                self._paint_difference()
        if self._export_result is not None:
            tone, text = self._export_result
            self._export_result = None
            self.export_status = (tone, text)
            if tone == "good":
                self.app.message(t("debrief.export.done_title"), text)

    def _sync_job_buttons(self) -> None:
        """Cancel while the runs go; Run again after a cancel or a failure; neither when done."""
        state = self._job_state[0] if self._job_state else "none"
        want = {"cancel": state == "running", "rerun": state in ("cancelled", "failed")}
        focused = self.focus.focused.name if self.focus.focused is not None else None
        for el in self._elements:
            name = self.name_of(el)
            if name in want and bool(el.visible) != want[name]:
                (el.show if want[name] else el.hide)()
        if focused in want and not want[focused]:
            other = "rerun" if focused == "cancel" else "cancel"
            if not (want[other] and self.focus.focus_name(other)):
                self.focus.focus_name(f"tab_{self.tab}")

    def _rebuild_keep_focus(self) -> None:
        focused = self.focus.focused.name if self.focus.focused else None
        self._build()
        if focused:
            self.focus.focus_name(focused)

    def draw_background(self, surface: pygame.Surface) -> None:
        if self._layer is not None:
            surface.blit(self._layer, (0, 0))
        for chart in self.charts:
            chart.draw(surface)
        for s in self.scrollers.values():
            s.draw(surface, self.pal, self.scale)
        if self.tab == "difference" and "bars" in self._diff_rects and getattr(self, "_bars", None) is not None:
            surface.blit(self._bars, self._diff_rects["bars"].topleft)
        self._draw_progress(surface)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        """Which tab, chart and page are showing: an amber mark (the focus outline may be elsewhere)."""
        active = {f"tab_{self.tab}", f"town_{self.town_chart}", f"chart_{self.story_chart}"}
        amber = rgb(self.pal.amber)
        for el in self._elements:
            name = self.name_of(el)
            if name not in active or not el.visible:
                continue
            r = el.rect
            if name.startswith("tab_"):
                bar = pygame.Rect(r.x + self.px(12), r.bottom - self.px(6), r.w - self.px(24), self.px(4))
            else:
                bar = pygame.Rect(r.x + self.px(5), r.y + self.px(7), self.px(5), r.h - self.px(14))
            pygame.draw.rect(surface, amber, bar, border_radius=max(1, self.px(2)))
        super().draw_overlay(surface)

    def _draw_progress(self, surface: pygame.Surface) -> None:
        r = self._progress_rect
        if r is None or r.w < self.px(60):
            return
        pal, sc = self.pal, self.scale
        size = tx.SIZE_SMALL * sc + 1
        state = self.job_state()
        text, colour, frac = None, rgb(pal.text_dim), None
        if self._export_thread is not None and self._export_thread.is_alive():
            text, colour = t("debrief.export.writing"), rgb(pal.amber)
        elif state[0] == "running" and self.job is not None:
            frac = self.job.progress
            text = t("debrief.cf.running", percent=i18n.percent(frac))
        elif self.export_status is not None:
            tone, text = self.export_status
            colour = mp.tone_colour(pal, tone)
        elif state[0] == "cancelled":
            text = t("debrief.cf.cancelled", n=len(self.job.results))
        elif state[0] == "failed":
            text, colour = t("debrief.cf.failed", error=self.job.error), rgb(pal.brick)
        elif state[0] == "done":
            text = t("debrief.cf.done", n=len(self.job.results), seconds=f"{self.job.elapsed:.1f}")
        if text is None:
            return
        inner = r.inflate(-self.px(16), 0)
        if frac is not None:
            bar = pygame.Rect(inner.x, r.centery + self.px(6), inner.w, max(4, self.px(6)))
            pygame.draw.rect(surface, rgb(pal.border), bar, border_radius=bar.h // 2)
            pygame.draw.rect(surface, rgb(pal.amber), (bar.x, bar.y, int(bar.w * frac), bar.h),
                             border_radius=bar.h // 2)
            ts = tx.fit_text(text, inner.w, size, colour)
            surface.blit(ts, (inner.x, bar.y - ts.get_height() - self.px(2)))
        else:
            ts = tx.fit_text(text, inner.w, size, colour)
            surface.blit(ts, (inner.x, r.centery - ts.get_height() // 2))

    # ---- input ------------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            for chart in self.charts:
                chart.set_hover(event.pos)
        if event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            return self.scroll(-event.y * self.px(48), pos if any(
                s.rect.collidepoint(pos) for s in self.scrollers.values()) else None)
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            if event.ui_element is self.file_dialog:
                self.export(Path(event.text))
                self.file_dialog = None
            return True
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.file_dialog:
            self.file_dialog = None
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            page = max((s.rect.h for s in self.scrollers.values()), default=self.px(300))
            self.scroll(int(page * 0.8) * (1 if event.key == pygame.K_PAGEDOWN else -1))
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_HOME, pygame.K_END):
            self.scroll(10 ** 6 * (1 if event.key == pygame.K_END else -1))
            return True
        return super().handle_event(event)

    def on_button(self, name: str, element) -> None:
        if name.startswith("tab_"):
            self.tab = name[4:]
            self._build()
            self.focus.focus_name(name)
        elif name == "back":
            self.on_back()
        elif name == "title":
            self.leave()
            from game.ui.scenes.title import TitleScene

            self.app.clear_to(TitleScene(self.app))
        elif name == "export":
            self.export(_documents())
        elif name == "export_to":
            self.open_folder_dialog()
        elif name == "cancel":
            if self.job is not None:
                self.job.cancel()
                self.job.wait(1.0)
        elif name == "rerun":
            self.start_runs()
        elif name == "every":
            self.show_all = not self.show_all
            self.scroll_at["story"] = 0
            self._rebuild_keep_focus()
        elif name in ("chart_income", "chart_money"):
            self.story_chart = name[6:]
            self._rebuild_keep_focus()
        elif name.startswith("town_"):
            self.town_chart = name[5:]
            self._rebuild_keep_focus()
        elif name in ("prev", "next"):
            step = 1 if name == "next" else -1
            if self.tab == "argument":
                self.arg_page = max(0, min(self.pages() - 1, self.arg_page + step))
            else:
                self.section = max(0, min(len(self.sections) - 1, self.section + step))
            self._build()
            if not self.focus.focus_name(name):
                self.focus.focus_name("prev" if name == "next" else "next")
        elif name.startswith("guess_"):
            self.guess = name[6:]
            self._rebuild_keep_focus()

    def on_back(self) -> None:
        self.leave()
        self.app.pop()

    def leave(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()

    # ---- export -----------------------------------------------------------------------------------
    def open_folder_dialog(self) -> None:
        if self.file_dialog is not None and self.file_dialog.alive():
            return
        w, h = self.size
        rect = pygame.Rect(0, 0, min(w - self.px(80), self.px(640)), min(h - self.px(80), self.px(520)))
        rect.center = (w // 2, h // 2)
        folder = _documents()
        start = folder if folder.exists() else Path.home()
        self.file_dialog = pygame_gui.windows.UIFileDialog(
            rect, self.manager, window_title=t("debrief.export.dialog_title"), initial_file_path=str(start),
            allow_picking_directories=True, allow_existing_files_only=True)
        self.track(self.file_dialog)

    def export(self, folder: Path) -> None:
        """Write the report from a background thread (it waits for the runs still going; the
        charts are drawn in a child process)."""
        if self._export_thread is not None and self._export_thread.is_alive():
            return
        job = self.job
        session = self.session

        def work() -> None:
            from game.debrief import report  # noqa: PLC0415 - matplotlib only when exporting

            try:
                if job is not None and job.running:
                    job.wait()
                results = job.snapshot() if job is not None else {}
                html_path = report.export_in_background(session, folder, results)
                self._export_result = ("good", t("debrief.export.done", path=str(html_path)))
            except Exception as exc:  # noqa: BLE001 - a message on screen, the trace in the log
                log.exception("report export failed")
                self._export_result = ("bad", t("debrief.export.failed", folder=str(folder), error=str(exc)))

        self.export_status = None
        self._export_thread = threading.Thread(target=work, name="debrief-export", daemon=True)
        self._export_thread.start()

    def wait_export(self, timeout: float = 30.0) -> None:
        if self._export_thread is not None:
            self._export_thread.join(timeout)


def _documents() -> Path:
    from game.debrief.report import documents_dir  # noqa: PLC0415

    return documents_dir()


__all__ = ["DebriefScene", "Scroller"]
