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
W exports the report (HTML + JSON) to the documents folder, V to a chosen folder; T goes to
the title; Esc leaves a text field, then the screen. PgUp/PgDn and the wheel scroll. On a step
where the student writes, a letter or digit typed with no field chosen goes into the step's
field (a student who starts typing without clicking it is not sent to the title or a report):
there only the step's own keys (a guess's A-F, a verdict's S/C/D, P/N) and 1-9 still act.

Each step is one panel object (game/ui/scenes/debrief_tabs/, on `TabPanel`): the scene keeps
them in a plain ordered list (`STEPS`), shows one at a time and keeps the others built (a step
opens within a frame). The frame around them (the heading, the steps down the side, the bottom
bar) is the scene's.

Opened as `app.open("debrief", session=session)` (from the ending, or for a loaded save).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pygame

from game import i18n
from game.debrief import argument, predictions, reflection, story
from game.debrief import complications as comp
from game.debrief import counterfactual as cf
from game.i18n import t
from game.ui import fonts
from game.ui.prepared import run_moment
from game.ui.scene import Scene
from game.ui.scenes import debrief_ahead
from game.ui.scenes.debrief_tabs.argument import ArgumentTab
from game.ui.scenes.debrief_tabs.common import (  # re-exported for the tests and the tabs
    GUESS_KEYS,
    LUCK_COLOUR,
    PATH_COLOUR,
    TOWN_KEYS,
    WORLD_COLOUR,
    Scroller,
)
from game.ui.scenes.debrief_tabs.difference import DifferenceTab
from game.ui.scenes.debrief_tabs.explain import ExplainTab
from game.ui.scenes.debrief_tabs.export import Exporter
from game.ui.scenes.debrief_tabs.feelings import FeelingsTab
from game.ui.scenes.debrief_tabs.frame import BottomBar
from game.ui.scenes.debrief_tabs.guess import GuessTab
from game.ui.scenes.debrief_tabs.next import NextTab
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.scenes.debrief_tabs.sources import SourcesTab
from game.ui.scenes.debrief_tabs.steps import Steps
from game.ui.scenes.debrief_tabs.story import StoryTab
from game.ui.scenes.debrief_tabs.town import TownTab
from game.ui.scenes.debrief_tabs.writing import Fields
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.palette import rgb

log = logging.getLogger(__name__)

# The steps in the facilitated order: one panel class each.
STEPS: tuple[type[TabPanel], ...] = (
    FeelingsTab,
    GuessTab,
    StoryTab,
    TownTab,
    ExplainTab,
    ArgumentTab,
    DifferenceTab,
    NextTab,
    SourcesTab,
)
TABS = tuple(step.key for step in STEPS)
TAB_KEYS = tuple(pygame.K_1 + i for i in range(len(TABS)))
NEEDS_GUESSES = {"story", "town", "explain", "argument", "difference", "next"}


class DebriefScene(Scene):
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
        data = debrief_ahead.take(session)  # worked out while the summary showed, if it did
        self.focus_trade = data.focus_trade
        self.actual = data.actual
        self.beats = data.beats
        self.moments = data.moments
        self.ended = data.ended
        self.income = data.income
        self.town = data.town
        self.sections = data.sections
        self.terms = data.terms
        self.sources = data.sources
        self.documents = data.documents
        # what the student is looking at, kept across the steps' builds
        self.q_index: dict[str, int] = {}
        self.scroll_at: dict[str, int] = {}
        self.runs_version = 0  # bumped when the runs move on
        self.writing = Fields(self)
        self.focus.typed = self.key_types  # (its caps hidden where its key types)
        self.exporter = Exporter(self)
        self.bar = BottomBar(self)
        self.steps = Steps(self, STEPS)  # the step panels, in order; which are kept built
        # the counterfactual runs
        self.rebuildable = data.rebuildable
        self.prediction_keys = predictions.keys(session, self.rebuildable)
        # what the debrief says, read once for what it is read from (see `preds`, `panels`)
        self._preds: tuple[tuple, list[dict]] | None = None
        self._claims: tuple[tuple, list[dict]] | None = None  # the claims without verdicts
        self._panels: tuple[tuple, list[dict]] | None = None
        self._other: tuple[tuple, dict] | None = None
        self.job: cf.CounterfactualJob | None = None
        self._job_state: tuple | None = None
        # the runs start in the frame after the one that shows the debrief (starting their
        # process takes 10-20 ms); until then they count as running
        self._runs_pending = bool(start_runs and self.rebuildable)
        if self._runs_pending and debrief_ahead.kept_runs(session) is not None:
            self.job, self._runs_pending = debrief_ahead.kept_runs(session), False  # (Esc, F)
        self._shown_once = False
        # drawn things: the heading's two lines (on the background: no window-sized picture,
        # 3.5 MB at 1280x720, for two lines of text)
        self._heading: list[tuple[pygame.Surface, tuple[int, int]]] = []
        self.content = pygame.Rect(0, 0, 0, 0)

    # ---- the steps ----------------------------------------------------------------------------
    def step(self, key: str) -> TabPanel:
        return self.steps.get(key)

    @property
    def current(self) -> TabPanel:
        return self.step(self.tab)

    @property
    def scrollers(self) -> dict[str, Scroller]:
        """The scrolling lists of the step showing."""
        return self.current.scrollers

    @property
    def charts(self) -> list:
        """The charts of the step showing."""
        return self.current.charts

    # ---- the counterfactual runs --------------------------------------------------------------
    def start_runs(self) -> None:
        self._runs_pending = False
        self.job = cf.CounterfactualJob(self.session).start()
        self.step("difference").card_cache.clear()
        self.changed(runs=True)

    def cancel_runs(self) -> None:
        self._runs_pending = False
        if self.job is not None:
            self.job.cancel()
            self.job.wait(1.0)

    def job_state(self) -> tuple:
        j = self.job
        if self._runs_pending:
            return ("running", 0)
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

    def changed(self, runs: bool = False) -> None:
        """The student chose or locked a guess or chose a verdict (the answers and the claims
        are read again for what changed: `preds`, `panels`), or, `runs`, the runs moved on
        (everything read from them is read again, and the steps that show them are stale)."""
        if runs:
            self.runs_version += 1

    def guess_choices(self) -> tuple:
        """Every guess's choice and whether it is locked in (what the answers are read with)."""
        s = self.session
        return tuple(
            (g["guess"], g["locked"])
            for g in (reflection.guess(s, k) for k in self.prediction_keys)
        )

    def verdicts(self) -> tuple:
        s = self.session
        return tuple(reflection.verdict(s, k)["verdict"] for k in argument.PANELS)

    def written(self) -> tuple:
        """The choices the answers and the claims are read with: every guess, every verdict."""
        return (self.guess_choices(), self.verdicts())

    def _read_for(self) -> tuple:
        """What everything read from the run and its runs depends on besides the choices."""
        return (self.runs_version, i18n.get_language())

    # ---- what the debrief says, from the run (and the runs finished so far) --------------------
    @property
    def preds(self) -> list[dict]:
        key = (self._read_for(), self.guess_choices())
        if self._preds is None or self._preds[0] != key:
            self._preds = (
                key,
                predictions.build(self.session, self.results(), self.focus_trade, self.rebuildable),
            )
        return self._preds[1]

    @property
    def panels(self) -> list[dict]:
        """The argument's claims (the data, not the screen's panels). A claim's numbers, the
        other side and what the model builds in come from the run and the runs: read once for
        them; a verdict chosen changes only its own claim's `verdict`."""
        base = self._read_for()
        if self._claims is None or self._claims[0] != base:
            self._claims = (
                base,
                argument.panels(self.session, self.focus_trade, self.results()),
            )
            self._panels = None
        verdicts = self.verdicts()
        if self._panels is None or self._panels[0] != verdicts:
            before = self._panels[1] if self._panels is not None else self._claims[1]
            self._panels = (
                verdicts,
                [
                    p
                    if p["verdict"]["verdict"] == v
                    else {**p, "verdict": reflection.verdict(self.session, p["key"])}
                    for p, v in zip(before, verdicts, strict=True)
                ],
            )
        return self._panels[1]

    @property
    def other_side(self) -> dict:
        key = self._read_for()
        if self._other is None or self._other[0] != key:
            self._other = (key, comp.other_side(self.session, self.results()))
        return self._other[1]

    def guessed(self) -> bool:
        return reflection.all_locked(self.session, self.prediction_keys)

    def guesses_locked(self) -> int:
        return sum(1 for k in self.prediction_keys if reflection.guess(self.session, k)["locked"])

    def lock_reason(self, tab: str) -> str | None:
        """Why a step is not open yet ("guesses" or "explanation"), or None."""
        if tab in NEEDS_GUESSES and not self.guessed():
            return "guesses"
        if tab == "argument" and not reflection.explained(self.session):
            return "explanation"
        return None

    # ---- layout -------------------------------------------------------------------------------
    def build(self) -> None:
        for _ in self.build_pieces():
            pass

    def build_pieces(self):
        """The build a piece at a time (built ahead while the summary is read: app.prepare runs
        a piece an idle frame; in one frame, the heading, the steps and the first step took
        25-35 ms): the frame, the steps down the side a few at a time, then the step showing
        a piece at a time."""
        s, pal, sc = self.session, self.pal, self.scale
        safe = self.safe_rect
        self.writing.clear()
        self.steps.reset()  # their widgets went with the scene's (a resize, a setting)
        # heading
        title = tx.fit_text(
            t("debrief.heading", name=s.player_name()),
            safe.w,
            tx.SIZE_BIG * sc,
            rgb(pal.text),
            bold=True,
        )
        sub = t(
            "debrief.subtitle",
            title=s.title(),
            months=i18n.months(s.month),
            when=story.calendar(s, max(s.month - 1, 0)),
        )
        sub_s = tx.fit_text(sub, safe.w, tx.SIZE_SMALL * sc + 1, rgb(pal.amber), bold=True)
        self._heading = [(title, safe.topleft), (sub_s, (safe.x, safe.y + title.get_height()))]
        top = safe.y + title.get_height() + sub_s.get_height() + self.px(8)
        gap = self.px(8)
        # the bottom bar
        fh = self.px(44)
        fy = safe.bottom - fh
        self._job_state = self.job_state()
        self.bar.build(safe, fy, fh, gap)
        yield
        # the steps, in order, down the left side
        side_w = self._side_width()
        bh = max(self.px(28), min(self.px(36), (fy - self.px(12) - top) // len(TABS) - self.px(4)))
        step = (fy - self.px(12) - top - bh) // max(len(TABS) - 1, 1)
        step = min(step, bh + self.px(6))
        self._side: dict[int, str] = {}
        for i, tab in enumerate(TABS):
            r = pygame.Rect(safe.x, top + i * step, side_w, bh)
            el = self.button(
                r,
                t("debrief.step", n=i + 1, name=t(f"debrief.tabbtn.{tab}")),
                f"tab_{tab}",
                shortcut=TAB_KEYS[i],
                show_key=False,
                cls="step",
                tooltip=t(f"debrief.tab.{tab}"),
            )
            self._side[id(el)] = tab
            if i % 3 == 2:
                yield
        # the step's content
        self.content = pygame.Rect(
            safe.x + side_w + self.px(16),
            top,
            safe.w - side_w - self.px(16),
            fy - self.px(12) - top,
        )
        yield from self.steps.show_in_pieces(self.tab, self.content)

    def _side_width(self) -> int:
        """Wide enough for the longest step's name in the steps' font, and its padlock."""
        size = self.font_px("body")
        names = [
            t("debrief.step", n=i + 1, name=t(f"debrief.tabbtn.{tab}"))
            for i, tab in enumerate(TABS)
        ]
        widest = max(fonts.for_text(name, size).size(name)[0] for name in names)
        return min(max(widest + self.px(64), self.px(140)), int(self.safe_rect.w * 0.24))

    def show(self, tab: str) -> None:
        """Show step `tab` (built now if it never was, or if what it shows has changed)."""
        self.tab = tab
        self.steps.show(tab, self.content)

    def forget(self, elements: list, keep: Sequence = ()) -> None:
        """Kill a step's widgets and take them out of the scene's lists and focus ring (those
        in `keep` are only taken out: the step's next build takes them back)."""
        gone = {id(el) for el in elements}
        focused = self.focus.focused
        self.focus.items = [i for i in self.focus.items if id(i.element) not in gone]
        self.focus.index = (
            self.focus.items.index(focused)
            if focused is not None and focused in self.focus.items
            else -1
        )
        self._elements[:] = [el for el in self._elements if id(el) not in gone]
        for key in gone:
            self._names.pop(key, None)
        self.writing.forget(elements)
        kept = {id(el) for el in keep}
        for el in elements:
            if id(el) not in kept:
                el.kill()

    def scroll(self, dy: int, pos=None) -> bool:
        scrollers = self.scrollers
        targets = [s for s in scrollers.values() if pos is None or s.rect.collidepoint(pos)]
        for s in targets:
            s.scroll(dy)
        for k, s in scrollers.items():
            self.scroll_at[k] = s.offset
        return bool(targets)

    def ahead_mark(self) -> tuple:
        return run_moment(self.session)  # (built ahead while the summary is read)

    # ---- per frame --------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self._runs_pending and self._shown_once:
            self.start_runs()
        self._shown_once = True
        state = self.job_state()
        changed = settled = False
        if state != self._job_state:
            # A run finished, or all, or they stopped: no rebuild (a key pressed now must not be
            # lost, and a frame must stay cheap); the cards and bars repaint, the buttons swap.
            # When the last run is in, a step that shows its answers is drawn again.
            settled = state[0] != "running" and (self._job_state or ("",))[0] == "running"
            self._job_state = state
            changed = True
            self.changed(runs=True)
            self.bar.sync_job_buttons(state)
        panel = self.current
        panel.follow_runs(changed, settled)
        if settled and self.tab in ("guess", "argument") and not self.app.typing():
            if panel.stale():  # (the guesses' pages show no answer until all are in)
                panel.rebuild()
        if not changed:
            self.steps.build_ahead(self.content, self.tab)
        self.writing.save_now_and_then(dt)
        self.exporter.update()

    def draw_background(self, surface: pygame.Surface) -> None:
        surface.fill(rgb(self.pal.background))
        for picture, at in self._heading:
            surface.blit(picture, at)
        self.current.draw(surface)
        self.bar.draw_progress(surface)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        """Which step, chart and page are showing (an amber mark: the focus outline may be
        elsewhere), a padlock on the steps not open yet, a dot on the questions answered."""
        panel = self.current
        active = {f"tab_{self.tab}"} | panel.marked()
        amber = rgb(self.pal.amber)
        answered = panel.answered()
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
        if self.writing.event(event):  # text typed into a field, or a key for the field
            return True
        if self.type_into_step(event):  # a letter typed before the field was clicked
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
        if self.exporter.event(event):
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            page = max((s.rect.h for s in self.scrollers.values()), default=self.px(300))
            self.scroll(int(page * 0.8) * (1 if event.key == pygame.K_PAGEDOWN else -1))
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_HOME, pygame.K_END):
            self.scroll(10**6 * (1 if event.key == pygame.K_END else -1))
            return True
        return super().handle_event(event)

    def key_types(self, item) -> bool:
        """True if `item`'s key, a letter or digit, goes into a text field now instead of
        pressing it: while a field has the keyboard, and on a step where the student writes
        for the keys that leave or act on the whole (title T, export W/V, runs X/R)."""
        if not typed_text(item.shortcut):
            return False
        if self.app.typing():
            return True
        return self.field_to_type() is not None and not self.own_key(item)

    def own_key(self, item) -> bool:
        """A key that acts on a step where the student writes: the step's own (a guess's
        A-F, Lock's L, a verdict's S/C/D, P/N) and the steps' 1-9, which only move within
        the debrief (what is written is kept)."""
        return id(item.element) in self._side or any(
            el is item.element for el in self.current.elements
        )

    def field_to_type(self) -> str | None:
        """The step's field a key typed with no field chosen goes into: the one the focus is
        on, else the step's first (None: the step has none showing)."""
        names = {id(el): name for name, (el, _keep) in self.writing.fields.items()}
        focused = self.focus.focused
        if focused is not None and id(focused.element) in names and focused.usable():
            return names[id(focused.element)]
        for el in self.current.elements:
            if id(el) in names and el.alive() and el.visible and el.is_enabled:
                return names[id(el)]
        return None

    def type_into_step(self, event: pygame.event.Event) -> bool:
        """A letter or digit typed with no field chosen, on a step where the student writes:
        the step's field takes the keyboard (the letter's text event, next, goes into it), but
        for the step's own keys and the steps' digits, which act as their caps say."""
        if event.type != pygame.KEYDOWN or self.app.typing():
            return False
        if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
            return False
        if not typed_text(event.key, event.unicode):
            return False
        name = self.field_to_type()
        if name is None:
            return False
        for item in self.focus.items:
            if item.shortcut == event.key and item.reachable() and self.own_key(item):
                return False  # the step's own key: its button's (none if greyed out)
        return self.writing.focus_field(name)

    def key_hint(self, element) -> list[str]:
        item = next((i for i in self.focus.items if i.element is element), None)
        if item is not None and self.focus.types(item):
            return []  # (its key types here)
        return super().key_hint(element)

    def go_to(self, tab: str) -> None:
        self.writing.save()
        self.writing.release_keyboard()
        self.show(tab)
        self.focus.focus_name(f"tab_{tab}")

    def on_button(self, name: str, element) -> None:
        if self.writing.focus_field(name):  # Enter on a text field: start typing in it
            return
        key = id(element)
        if key in self._side:
            self.go_to(self._side[key])
            return
        action = self.bar.actions.get(key) or self.current.actions.get(key)
        if action is not None:
            action()

    def to_title(self) -> None:
        self.leave()
        debrief_ahead.keep_runs(self.session, None)
        self.app.go_home()

    def on_back(self) -> None:
        self.leave()
        debrief_ahead.keep_runs(self.session, self.job)  # back to the summary: F finds them
        self.app.pop()

    def leave(self) -> None:
        self.writing.save()
        self._runs_pending = False
        if self.job is not None and self.job.running:
            self.job.cancel()


def typed_text(key: int | None, text: str = "") -> bool:
    """True if `key` (giving `text`, if the keyboard said) types a letter, digit or mark."""
    if not text and key is not None and 32 < key < 127:
        text = chr(key)  # (what the key gives unshifted: SDL's key codes are their letters)
    return bool(text) and text.isprintable() and not text.isspace()


__all__ = [
    "GUESS_KEYS",
    "LUCK_COLOUR",
    "PATH_COLOUR",
    "STEPS",
    "TABS",
    "TAB_KEYS",
    "TOWN_KEYS",
    "WORLD_COLOUR",
    "DebriefScene",
    "Scroller",
]
