"""The debrief (design.md "Debrief"), in the order facilitated debriefs run (Thiagarajan's six
questions; Lederman; Kolb), with the student building the explanation before the essay's
argument is shown. Nine steps down the left side, keys 1-9:

1 How did it feel  feelings first, before any numbers (questions, a written answer)
2 Guess first      predictions about what the student has not seen (the best other path, no
                   loans, defaults, neighbours who followed), each with a one-line reason,
                   locked in; the answers appear when all are in
3 Your story       the household's story and income (insurance apart from profit), D/I/M
4 The town         the town's curves
5 Explain it       the student's own explanation of why the household ended where it did
6 The argument     Loubere's claims one at a time, each with this run's numbers for and
                   against it, what the model builds in, the other side, and a verdict with a
                   reason; then the other side and the real-world questions (P/N pages)
7 What if          counterfactual runs of the same town (game/debrief/counterfactual.py), run
                   in the background (X cancels, R runs again), beside the student's guesses
8 What next        questions to answer in writing, the student's name, the hand-in checklist
9 Sources          the glossary (characters, pinyin: Noto Sans SC) and every source

Steps 3-8 open once the guesses are locked in (the answers are there), the argument once the
explanation is written. Everything written is saved with the run (game/debrief/reflection.py).
E exports the report (HTML + JSON) to the documents folder, F to a chosen folder; T goes to
the title; Esc leaves a text field, then the screen. PgUp/PgDn and the wheel scroll.

Opened as `app.open("debrief", session=session)` (from the ending, or for a loaded save).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pygame
import pygame_gui

from game import i18n
from game.debrief import argument, glossary, predictions, questions, reflection, story
from game.debrief import complications as comp
from game.debrief import counterfactual as cf
from game.i18n import t
from game.ui.scene import Scene
from game.ui.scenes.debrief_tabs import (
    ArgumentTab,
    DifferenceTab,
    ExplainTab,
    Export,
    FeelingsTab,
    Frame,
    GuessTab,
    NextTab,
    QuestionsView,
    SourcesTab,
    StoryTab,
    TownTab,
    Writing,
)
from game.ui.scenes.debrief_tabs.common import (  # re-exported for the tests and the tabs
    GUESS_KEYS,
    LUCK_COLOUR,
    PATH_COLOUR,
    TOWN_KEYS,
    WORLD_COLOUR,
    Scroller,
)
from game.ui.scenes.debrief_tabs.export import documents
from game.ui.widgets import text as tx
from game.ui.widgets.chart import LineChart
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.palette import rgb

log = logging.getLogger(__name__)

# The steps in the facilitated order; the phase each belongs to (for the report and the guide).
TABS = (
    "feelings",
    "guess",
    "story",
    "town",
    "explain",
    "argument",
    "difference",
    "next",
    "sources",
)
TAB_KEYS = tuple(pygame.K_1 + i for i in range(len(TABS)))
NEEDS_GUESSES = {"story", "town", "explain", "argument", "difference", "next"}


class DebriefScene(
    FeelingsTab,
    GuessTab,
    StoryTab,
    TownTab,
    ExplainTab,
    ArgumentTab,
    DifferenceTab,
    NextTab,
    SourcesTab,
    QuestionsView,
    Writing,
    Frame,
    Export,
    Scene,
):
    fade_in = 0.3
    default_focus = "tab_feelings"

    def __init__(
        self, app, session, tab: str = "feelings", start_runs: bool = True, **_kwargs
    ) -> None:
        super().__init__(app)
        self.session = session
        self.tab = tab if tab in TABS else "feelings"
        self.default_focus = f"tab_{self.tab}"
        reflection.data(session)
        spec = cf.spec_from_session(session)
        self.focus_trade = cf.focus_trade(session, session.player, spec)
        self.actual = cf.actual_outcome(session, spec)
        self.beats = story.beats(session, self.focus_trade)
        self.moments = story.timeline(session)
        self.ended = story.where_ended(session)
        self.income = story.income_totals(session)
        self.town = story.town_curves(session, self.focus_trade)
        self.sections = {sec["key"]: sec for sec in questions.sections(session)}
        self.terms = glossary.terms()
        self.sources = glossary.sources(session)
        # what the student is looking at
        self.story_chart = "income"
        self.show_all = False
        self.town_chart = "sellers"
        self.arg_page = 0
        self.guess_page = 0
        self.q_index: dict[str, int] = {}
        self.scroll_at: dict[str, int] = {}
        self.init_writing()
        # the counterfactual runs
        self.rebuildable = cf.rebuildable(spec)
        self.prediction_keys = predictions.keys(session, self.rebuildable)
        self._preds: list[dict] | None = None
        self._panels: list[dict] | None = None
        self._other: dict | None = None
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
        self._export_path: Path | None = None  # the last report written (its HTML)
        self.file_dialog = None
        # drawn things
        self._layer: pygame.Surface | None = None
        self.charts: list[LineChart] = []
        self.scrollers: dict[str, Scroller] = {}
        self._diff_rects: dict[str, pygame.Rect] = {}
        self._progress_rect: pygame.Rect | None = None
        self.live: list = []

    # ---- the counterfactual runs --------------------------------------------------------------
    def start_runs(self) -> None:
        self.job = cf.CounterfactualJob(self.session).start()
        self._card_cache.clear()
        self._forget_results()

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

    def results(self) -> dict[str, dict]:
        return self.job.snapshot() if self.job is not None else {}

    def _forget_results(self) -> None:
        """The runs moved on: the answers, complications and the other side are read again."""
        self._preds = self._panels = self._other = None

    # ---- what the debrief says, from the run (and the runs finished so far) --------------------
    @property
    def preds(self) -> list[dict]:
        if self._preds is None:
            self._preds = predictions.build(
                self.session, self.results(), self.focus_trade, self.rebuildable
            )
        return self._preds

    @property
    def panels(self) -> list[dict]:
        if self._panels is None:
            self._panels = argument.panels(self.session, self.focus_trade, self.results())
        return self._panels

    @property
    def other_side(self) -> dict:
        if self._other is None:
            self._other = comp.other_side(self.session, self.results())
        return self._other

    def guessed(self) -> bool:
        return reflection.all_locked(self.session, self.prediction_keys)

    def lock_reason(self, tab: str) -> str | None:
        """Why a step is not open yet ("guesses" or "explanation"), or None."""
        if tab in NEEDS_GUESSES and not self.guessed():
            return "guesses"
        if tab == "argument" and not reflection.explained(self.session):
            return "explanation"
        return None

    # ---- layout -------------------------------------------------------------------------------
    def build(self) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        w, h = self.size
        safe = self.safe_rect
        self.charts = []
        self.scrollers = {}
        self._diff_rects = {}
        self.clear_fields()
        self.live = []  # what a step draws every frame (it changes as the student types)
        layer = pygame.Surface((w, h))
        layer.fill(rgb(pal.background))
        # heading
        title = tx.fit_text(
            t("debrief.heading", name=s.player_name()),
            safe.w,
            tx.SIZE_BIG * sc,
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
        sub_s = tx.fit_text(sub, safe.w, tx.SIZE_SMALL * sc + 1, rgb(pal.amber), bold=True)
        layer.blit(sub_s, (safe.x, safe.y + title.get_height()))
        top = safe.y + title.get_height() + sub_s.get_height() + self.px(8)
        gap = self.px(8)
        # the bottom bar
        fh = self.px(44)
        fy = safe.bottom - fh
        self._build_bottom_bar(safe, fy, fh, gap)
        # the steps, in order, down the left side
        side_w = self._side_width()
        bh = max(self.px(28), min(self.px(36), (fy - self.px(12) - top) // len(TABS) - self.px(4)))
        step = (fy - self.px(12) - top - bh) // max(len(TABS) - 1, 1)
        step = min(step, bh + self.px(6))
        for i, tab in enumerate(TABS):
            r = pygame.Rect(safe.x, top + i * step, side_w, bh)
            self.button(
                r,
                t("debrief.step", n=i + 1, name=t(f"debrief.tabbtn.{tab}")),
                f"tab_{tab}",
                shortcut=TAB_KEYS[i],
                show_key=False,
                cls="step",
                tooltip=t(f"debrief.tab.{tab}"),
            )
        # the step's content
        content = pygame.Rect(
            safe.x + side_w + self.px(16),
            top,
            safe.w - side_w - self.px(16),
            fy - self.px(12) - top,
        )
        why = self.lock_reason(self.tab)
        if why is not None:
            self._build_locked(layer, content, why)
        else:
            getattr(self, f"_build_{self.tab}")(layer, content)
        self._layer = layer.convert() if pygame.display.get_surface() is not None else layer

    def _side_width(self) -> int:
        """Wide enough for the longest step's name in the steps' font, and its padlock."""
        from game.ui import fonts  # noqa: PLC0415

        size = self.font_px("body")
        names = [
            t("debrief.step", n=i + 1, name=t(f"debrief.tabbtn.{tab}"))
            for i, tab in enumerate(TABS)
        ]
        widest = max(fonts.for_text(name, size).size(name)[0] for name in names)
        return min(max(widest + self.px(64), self.px(140)), int(self.safe_rect.w * 0.24))

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
            # When the last run is in, a step that shows its answers is drawn again.
            settled = state[0] != "running" and (self._job_state or ("",))[0] == "running"
            self._job_state = state
            self._forget_results()
            self._sync_job_buttons()
            if self.tab == "difference":
                self._paint_difference()
            elif settled and self.tab in ("guess", "argument") and not self.app.typing():
                self._rebuild_keep_focus()
        self.save_now_and_then(dt)
        if self._export_result is not None:
            tone, text = self._export_result
            self._export_result = None
            self.export_status = (tone, text)
            if tone == "good":
                self.report_written(text)

    def _rebuild_keep_focus(self) -> None:
        focused = self.focus.focused.name if self.focus.focused else None
        self._build()
        if focused:
            self.focus.focus_name(focused)

    def draw_background(self, surface: pygame.Surface) -> None:
        if self._layer is not None:
            surface.blit(self._layer, (0, 0))
        self.draw_fields(surface)
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
        for draw in self.live:
            draw(surface)
        self._draw_progress(surface)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        """Which step, chart and page are showing (an amber mark: the focus outline may be
        elsewhere), a padlock on the steps not open yet, a dot on the questions answered."""
        active = {f"tab_{self.tab}", f"town_{self.town_chart}", f"chart_{self.story_chart}"}
        active |= self.marked_names()
        amber = rgb(self.pal.amber)
        answered = self.answered_names()
        for el in self._elements:
            name = self.name_of(el)
            if not name or not el.visible:
                continue
            r = el.rect
            if name.startswith("tab_") and self.lock_reason(name[4:]) is not None:
                s = self.px(16)
                draw_icon(
                    surface,
                    "padlock",
                    (r.right - s - self.px(10), r.centery - s // 2, s, s),
                    rgb(self.pal.text_dim),
                )
            if name in answered:
                d = max(3, self.px(4))
                pygame.draw.circle(
                    surface, rgb(self.pal.teal), (r.right - self.px(9), r.y + self.px(9)), d
                )
            if name not in active:
                continue
            bar = pygame.Rect(r.x + self.px(5), r.y + self.px(7), self.px(5), r.h - self.px(14))
            pygame.draw.rect(surface, amber, bar, border_radius=max(1, self.px(2)))
        super().draw_overlay(surface)

    # ---- input ------------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.writing_event(event):  # text typed into a field, or a key for the field
            return True
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

    def go_to(self, tab: str) -> None:
        self.save_written()
        self.tab = tab
        self._build()
        self.focus.focus_name(f"tab_{tab}")

    def on_button(self, name: str, element) -> None:
        if self.focus_field(name):  # Enter on a text field: start typing in it
            return
        if name.startswith("tab_"):
            self.go_to(name[4:])
        elif name.startswith("go_"):
            self.go_to(name[3:])
        elif name == "back":
            self.on_back()
        elif name == "title":
            self.leave()
            self.app.go_home()
        elif name == "export":
            self.save_written()
            self.export(documents())
        elif name == "export_to":
            self.open_folder_dialog()
        elif name == "cancel":
            if self.job is not None:
                self.job.cancel()
                self.job.wait(1.0)
        elif name == "rerun":
            self.start_runs()
        else:
            handler = getattr(self, f"_on_{self.tab}_button", None)
            if handler is not None:
                handler(name)

    def page_step(self, name: str, page: int, pages: int) -> int:
        """Prev/Next on a paged step: the new page (the focus stays on the button)."""
        page = max(0, min(pages - 1, page + (1 if name == "next" else -1)))
        return page

    def refocus(self, name: str) -> None:
        if not self.focus.focus_name(name) and name in ("prev", "next"):
            self.focus.focus_name("prev" if name == "next" else "next")

    def on_back(self) -> None:
        self.leave()
        self.app.pop()

    def leave(self) -> None:
        self.save_written()
        if self.job is not None and self.job.running:
            self.job.cancel()


__all__ = [
    "GUESS_KEYS",
    "LUCK_COLOUR",
    "PATH_COLOUR",
    "TABS",
    "TAB_KEYS",
    "TOWN_KEYS",
    "WORLD_COLOUR",
    "DebriefScene",
    "Scroller",
]
