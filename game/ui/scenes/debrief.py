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
from game.ui.scene import Scene
from game.ui.scenes import month_panels as mp
from game.ui.scenes.debrief_tabs import (
    ArgumentTab,
    DifferenceTab,
    DiscussTab,
    SourcesTab,
    StoryTab,
    TownTab,
)
from game.ui.scenes.debrief_tabs.common import (
    GUESS_KEYS,
    LUCK_COLOUR,
    PANELS_PER_PAGE,
    PATH_COLOUR,
    TOWN_KEYS,
    WORLD_COLOUR,
    Scroller,
)
from game.ui.widgets import text as tx
from game.ui.widgets.chart import LineChart
from game.ui.widgets.palette import rgb

log = logging.getLogger(__name__)

TABS = ("story", "town", "difference", "argument", "discuss", "sources")
TAB_KEYS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6)


class DebriefScene(StoryTab, TownTab, DifferenceTab, ArgumentTab, DiscussTab, SourcesTab, Scene):
    fade_in = 0.3
    default_focus = "tab_story"

    def __init__(
        self, app, session, tab: str = "story", start_runs: bool = True, **_kwargs
    ) -> None:
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
        return (
            "running"
            if j.running
            else ("cancelled" if j.cancelled else ("failed" if j.error else "done")),
            len(j.results),
        )

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
        title = tx.fit_text(
            t("debrief.heading", name=s.player_name()),
            safe.w,
            tx.SIZE_BIG * sc * 1.1,
            rgb(pal.text),
            bold=True,
        )
        layer.blit(title, safe.topleft)
        sub = t(
            "debrief.subtitle",
            title=s.title(),
            months=i18n.months(s.month),
            when=story.calendar(s, max(s.month - 1, 0)),
        )
        sub_s = tx.fit_text(sub, safe.w, tx.SIZE_BODY * sc, rgb(pal.amber), bold=True)
        layer.blit(sub_s, (safe.x, safe.y + title.get_height()))
        # tabs
        top = safe.y + title.get_height() + sub_s.get_height() + self.px(8)
        bh, gap = self.px(40), self.px(8)
        tab_w = (safe.w - gap * (len(TABS) - 1)) // len(TABS)
        for i, tab in enumerate(TABS):
            r = pygame.Rect(safe.x + i * (tab_w + gap), top, tab_w, bh)
            self.button(
                r,
                t(f"debrief.tabbtn.{tab}"),
                f"tab_{tab}",
                shortcut=TAB_KEYS[i],
                tooltip=t(f"debrief.tab.{tab}"),
            )
        # the bottom bar
        fh = self.px(44)
        fy = safe.bottom - fh
        self.button(
            pygame.Rect(safe.x, fy, self.px(150), fh),
            t("debrief.button.back"),
            "back",
            shortcut=pygame.K_ESCAPE,
        )
        right = safe.right
        bw = self.px(190)
        self.button(
            pygame.Rect(right - bw, fy, bw, fh),
            t("debrief.button.title"),
            "title",
            shortcut=pygame.K_t,
        )
        right -= bw + gap
        bw = self.px(236)
        self.button(
            pygame.Rect(right - bw, fy, bw, fh),
            t("debrief.button.export"),
            "export",
            cls="primary",
            shortcut=pygame.K_e,
            tooltip=t("debrief.export.tip", folder=str(_documents())),
        )
        right -= bw + gap
        bw = self.px(150)
        self.button(
            pygame.Rect(right - bw, fy, bw, fh),
            t("debrief.button.export_to"),
            "export_to",
            shortcut=pygame.K_f,
            tooltip=t("debrief.export.to_tip"),
        )
        right -= bw + gap
        mid_x = safe.x + self.px(150) + gap
        # Cancel and Run again share a place; shown or hidden as the runs go (never a rebuild).
        bw = self.px(150)
        job_rect = pygame.Rect(right - bw, fy, bw, fh)
        self.button(
            job_rect,
            t("debrief.button.cancel"),
            "cancel",
            shortcut=pygame.K_x,
            tooltip=t("debrief.cancel.tip"),
        )
        self.button(job_rect, t("debrief.button.rerun"), "rerun", shortcut=pygame.K_r)
        right -= bw + gap
        self._job_state = self.job_state()
        self._sync_job_buttons()
        self._progress_rect = pygame.Rect(mid_x, fy, max(0, right - mid_x), fh)
        # the tab's content
        content = pygame.Rect(
            safe.x, top + bh + self.px(16), safe.w, fy - self.px(16) - (top + bh + self.px(16))
        )
        getattr(self, f"_build_{self.tab}")(layer, content)
        self._layer = layer.convert() if pygame.display.get_surface() is not None else layer

    def _content_font(self) -> float:
        return tx.SIZE_BODY * self.scale

    # ---- shared pieces ----------------------------------------------------------------------------
    def _chart(self, rect: pygame.Rect, spec: dict) -> None:
        if rect.h < self.px(80) or rect.w < self.px(120):
            return
        series = [dict(s) for s in spec["series"]]
        chart = LineChart(
            rect,
            series,
            title=spec.get("title", ""),
            y_label=spec.get("y_label", ""),
            y_format=spec.get("y_format", "number"),
            x_start=spec.get("x_start", 0),
            include_zero=spec.get("include_zero", True),
            scale=self.scale,
            palette=self.pal,
        )
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
        if (
            self.tab == "difference"
            and "bars" in self._diff_rects
            and getattr(self, "_bars", None) is not None
        ):
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
                bar = pygame.Rect(
                    r.x + self.px(12), r.bottom - self.px(6), r.w - self.px(24), self.px(4)
                )
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
            pygame.draw.rect(
                surface,
                rgb(pal.amber),
                (bar.x, bar.y, int(bar.w * frac), bar.h),
                border_radius=bar.h // 2,
            )
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
            return self.scroll(
                -event.y * self.px(48),
                pos if any(s.rect.collidepoint(pos) for s in self.scrollers.values()) else None,
            )
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
            self.scroll(10**6 * (1 if event.key == pygame.K_END else -1))
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
        rect = pygame.Rect(
            0, 0, min(w - self.px(80), self.px(640)), min(h - self.px(80), self.px(520))
        )
        rect.center = (w // 2, h // 2)
        folder = _documents()
        start = folder if folder.exists() else Path.home()
        self.file_dialog = pygame_gui.windows.UIFileDialog(
            rect,
            self.manager,
            window_title=t("debrief.export.dialog_title"),
            initial_file_path=str(start),
            allow_picking_directories=True,
            allow_existing_files_only=True,
        )
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
                self._export_result = (
                    "bad",
                    t("debrief.export.failed", folder=str(folder), error=str(exc)),
                )

        self.export_status = None
        self._export_thread = threading.Thread(target=work, name="debrief-export", daemon=True)
        self._export_thread.start()

    def wait_export(self, timeout: float = 30.0) -> None:
        if self._export_thread is not None:
            self._export_thread.join(timeout)


def _documents() -> Path:
    from game.debrief.report import documents_dir  # noqa: PLC0415

    return documents_dir()


__all__ = [
    "GUESS_KEYS",
    "LUCK_COLOUR",
    "PANELS_PER_PAGE",
    "PATH_COLOUR",
    "TABS",
    "TAB_KEYS",
    "TOWN_KEYS",
    "WORLD_COLOUR",
    "DebriefScene",
    "Scroller",
]
