"""The scenario picker: the built-in teaching cases, each with its year, place, length, summary
and sources. A scenario that fails to load shows its problems here and the game stays on the
picker. Keyboard: Up/Down pick a scenario, Enter starts it, R draws a new seed, Esc goes back.
"""

from __future__ import annotations

import logging
import os
import random
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from game import i18n, userdirs, words
from game.i18n import t
from game.scenario.said import said
from game.scenario.yamlread import Mark, Problem
from game.session import (
    GameSession,
    PreparedEngine,
    ScenarioError,
    fallback_scenario,
    scenario_text,
)
from game.ui import fonts, theme, turns
from game.ui.scenes.dialog import DialogButton, DialogScene
from game.ui.scenes.prerun import Painter, PreRunScene
from game.ui.widgets import text as tx

log = logging.getLogger(__name__)
STARTING_BUDGET_S = 0.007  # Start pressed: the briefing's pieces built per frame
STARTING_MAX_FRAMES = 30  # then it opens, built or not
SHOWN_PROBLEMS = 10  # of a scenario that does not load, in a dialog (then how many more)
MAX_PAINTED = 60  # problems said for a broken scenario's page (as many as fit are painted)


@dataclass
class Entry:
    name: str
    title: Any
    year: int | None
    place: Any
    months: int
    summary: Any
    path: Path | None
    problems: tuple[Problem, ...] = ()  # the loader's, each said on screen by problem_lines
    scenario: Any = None
    extra: dict = field(default_factory=dict)
    own: bool = False  # from the player's own scenarios folder

    @property
    def broken(self) -> bool:
        return bool(self.problems)

    @property
    def file_name(self) -> str:
        return self.path.name if self.path is not None else self.name

    @property
    def shown_name(self) -> str:
        """The scenario as a player reads its name: its title (a broken file's too, where its
        title can still be read), never the file's name."""
        title = scenario_text(None, self.title) if self.title else ""
        return title or t("picker.item.untitled")


def scenario_problems(exc: Exception) -> tuple[Problem, ...]:
    """A load's problems as the loader found them (ScenarioError.details); a failure that is
    not the file's (no details) as one problem without a line, said in general words."""
    details = tuple(getattr(exc, "details", ()) or ())
    return details or (Problem(Mark("", 0, 0), "", str(exc)),)


def problem_lines(
    problems: tuple[Problem, ...], path: Path | None, limit: int | None = None, more: bool = True
) -> list[str]:
    """The problems as the picker says them, in the player's language (the house rule: a
    player's screen names no file): each by its line (and field) in the scenario, or in the
    one it builds on, and what is wrong; past `limit`, how many more."""
    own = {str(path), str(path.resolve())} if path is not None else set()
    shown = problems if limit is None else problems[:limit]
    lines = [said(p, own) for p in shown]
    if more and len(problems) > len(shown):
        lines.append(t("picker.broken.more", n=i18n.grouped(len(problems) - len(shown))))
    return lines


_cache: dict[tuple, list[Entry]] = {}
# The title reads the list in the background: a picker opened meanwhile waits for that read
# instead of doing it a second time at the same moment.
_reading = threading.Lock()


def _builtin_key() -> tuple:
    """Changes when a built-in or one of the player's own scenario files changes."""
    try:
        from game.scenario.builtin import BUILTIN_DIR
    except ImportError:
        return ()
    files = [p for p in BUILTIN_DIR.iterdir() if p.is_file()] if BUILTIN_DIR.is_dir() else []
    files += _own_files()
    try:
        return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in files))
    except OSError:
        return ()


def scenario_entries() -> list[Entry]:
    """The picker's list: the built-in scenarios (broken ones with their problems), or the
    default town when none are installed."""
    with _reading:
        return _scenario_entries()


def warm_up(between=None) -> None:
    """Read the list and load the scenario the picker shows first (on the title's warm-up
    thread): the picker then opens without parsing a YAML file in its first frame (~40 ms).
    `between()` is called between two scenarios read (the warm-up's turns)."""
    with _reading:
        entries = _scenario_entries(between)
        if between is not None:
            between()
        if entries and not entries[0].broken:
            try:
                scenario_sources(load_entry(entries[0]), i18n.get_language())
            except ScenarioError:
                pass  # the picker shows the problems when it is opened


_the_rest = threading.Lock()  # held by the one thread loading the scenarios not loaded yet


def load_the_rest(between=None) -> None:
    """Load every listed scenario not loaded yet, and count its sources (on a background
    thread: the title's warm-up once it has imported the screens, or the picker's own once it
    is shown): choosing another scenario then shows its page without parsing its file in
    that frame (20-50 ms; 0.1-0.35 MB a scenario kept). `between()` is called between two
    scenarios (the warm-up waits there for its next turn between frames)."""
    if not _the_rest.acquire(blocking=False):
        return  # (another thread is at it)
    try:
        from game.session import load_scenario

        for n, entry in enumerate(list(next(iter(_cache.values()), []))):
            if entry.broken or entry.path is None:
                continue
            if n and between is not None:
                between()
            if entry.scenario is None:
                try:
                    sc = load_scenario(entry.path)
                except Exception:  # noqa: BLE001 - shown with its problems when chosen
                    continue
                if entry.scenario is None:  # (not loaded by the picker meanwhile)
                    entry.scenario = sc
            scenario_sources(entry.scenario, i18n.get_language())
    finally:
        _the_rest.release()


def all_loaded() -> bool:
    entries = next(iter(_cache.values()), None)
    return bool(entries) and all(e.broken or e.scenario is not None for e in entries)


def list_ready() -> bool:
    """The list is read and its first scenario loaded and its sources counted (or it is found
    broken): the picker opens
    without waiting for the warm-up's read (the title asks before opening it)."""
    entries = next(iter(_cache.values()), None)
    if not entries:
        return False
    first = entries[0]
    return first.broken or (first.scenario is not None and id(first.scenario) in _sources)


def _scenario_entries(between=None) -> list[Entry]:
    key = _builtin_key()
    if key in _cache:
        return _cache[key]
    entries: list[Entry] = []
    try:
        from game.scenario.checked import list_builtin

        for info in list_builtin(between):
            entries.append(
                Entry(
                    info.name,
                    info.title,
                    info.year,
                    info.place,
                    info.months,
                    info.summary,
                    info.path,
                    tuple(info.details),
                )
            )
    except Exception:  # noqa: BLE001 - the picker must open even if the loader breaks
        log.exception("listing the built-in scenarios failed")
    entries += own_entries()
    if not entries:
        sc = fallback_scenario()
        entries.append(
            Entry("builtin", sc.title, sc.year, sc.place, sc.months, sc.summary, None, (), sc)
        )
    _cache.clear()
    _cache[key] = entries
    return entries


def _own_files() -> list[Path]:
    try:
        folder = userdirs.scenarios_dir(create=False)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
    except OSError:
        return []


def own_entries() -> list[Entry]:
    """The player's own scenarios (userdirs.scenarios_dir()), each loaded; a broken one is
    listed with its problems."""
    out = []
    for path in _own_files():
        out.append(entry_for_file(path, own=True))
    return out


def entry_for_file(path: Path, own: bool = False) -> Entry:
    """An entry for any scenario file: loaded, or with the loader's problems."""
    from game.session import load_scenario

    try:
        sc = load_scenario(path)
    except ScenarioError as exc:
        problems = scenario_problems(exc)
        return Entry(path.stem, _title_of(path), None, "", 0, "", path, problems, own=own)
    return Entry(
        path.stem, sc.title, sc.year, sc.place, sc.months, sc.summary, path, (), sc, own=own
    )


def _title_of(path: Path) -> Any:
    """A broken scenario file's title, if it can still be read ("" if not): the picker names
    it by its title, not by its file's name."""
    try:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        title = data.get("title") if isinstance(data, dict) else None
        return title if isinstance(title, (str, dict)) else ""
    except Exception:  # a file too broken to read: "a scenario without a title"
        return ""


def problems_body(entry: Entry, problems: tuple[Problem, ...]) -> str:
    """A dialog's words for a scenario that will not load: named by its title, its first
    problems said (a file with 20,000 problems must not freeze a dialog) and how many more."""
    lines = problem_lines(problems, entry.path, SHOWN_PROBLEMS)
    return t("picker.error.body", name=entry.shown_name, problems="\n".join(lines))


def entry_labels(entries: list[Entry]) -> list[str]:
    """What the list shows: the title, numbered where two titles are the same (a copied
    scenario: "(copy 2)"), and a broken file by its title saying it cannot be played. Never a
    file's name (the house rule: a player's screen names no file)."""
    titles = [e.shown_name for e in entries]
    out = []
    seen: dict[str, int] = {}
    for e, title in zip(entries, titles, strict=True):
        if e.broken:
            out.append(t("picker.item.broken", name=title))
            continue
        seen[title] = seen.get(title, 0) + 1
        if seen[title] > 1:
            out.append(t("picker.item.copy", title=title, n=seen[title]))
        else:
            out.append(title)
    return out


def load_entry(entry: Entry) -> Any:
    """The entry's scenario (loaded once). Raises ScenarioError with the loader's message."""
    if entry.broken:
        raise ScenarioError("\n".join(map(str, entry.problems)), entry.problems)
    if entry.scenario is None:
        from game.session import load_scenario

        entry.scenario = load_scenario(entry.path)
    return entry.scenario


_sources: dict[int, tuple[Any, tuple[list[str], int, int]]] = {}  # id -> (scenario, counts)


def scenario_sources(sc: Any, lang: str) -> tuple[list[str], int, int]:
    """(references, numbers cited, numbers that are assumptions) of a loaded scenario, counted
    once per scenario (walking every parameter's source is ~5-30 ms of the picker's frame)."""
    kept = _sources.get(id(sc))
    if kept is None or kept[0] is not sc:
        if len(_sources) > 64:
            _sources.clear()
        kept = _sources[id(sc)] = (sc, _count_sources(sc))
    refs, cited, assumed = kept[1]
    return list(refs), cited, assumed


def _count_sources(sc: Any) -> tuple[list[str], int, int]:
    refs = words.player_sources(getattr(getattr(sc, "story", sc), "references", []))
    for page in getattr(sc, "briefing", []) or []:
        for src in words.player_sources(getattr(page, "sources", [])):
            # a short form ("Loubere 2016") of a reference already listed in full is not repeated
            short = src.split(" ")[0].rstrip(",")
            if src not in refs and not any(r.startswith(short) for r in refs):
                refs.append(src)
    cited = assumed = 0
    if hasattr(sc, "sources"):
        try:
            for s in sc.sources():
                if s.assumption:
                    assumed += 1
                else:
                    cited += 1
        except Exception:  # noqa: BLE001
            log.exception("scenario sources failed")
    return refs, cited, assumed


def policy_facts(params) -> list[tuple[str, str, str, str]]:
    """The scenario's policy in a few numbers: (label, value, tooltip title, tooltip body)."""
    pol, inc = params.policy, params.income
    out = []
    if pol.loans_enabled:
        out.append(
            (
                t("picker.fact.loan"),
                i18n.yuan(pol.loan_ceiling_yuan),
                t("picker.fact.loan"),
                t("picker.fact.loan.tip", term=i18n.months(pol.loan_term_months)),
            )
        )
        payer = (
            t("picker.fact.interest.state")
            if pol.borrower_interest_share <= 0
            else t("picker.fact.interest.borrower", share=i18n.percent(pol.borrower_interest_share))
        )
        out.append(
            (
                t("picker.fact.interest"),
                payer,
                t("picker.fact.interest"),
                t(
                    "picker.fact.interest.tip",
                    rate=i18n.percent(pol.loan_interest_rate_per_year, 2),
                ),
            )
        )
        out.append(
            (
                t("picker.fact.certificate"),
                i18n.percent(pol.certificate_probability),
                t("picker.fact.certificate"),
                t("picker.fact.certificate.tip", delay=i18n.months(pol.certificate_delay_months)),
            )
        )
    else:
        out.append(
            (
                t("picker.fact.loan"),
                t("picker.fact.no_loans"),
                t("picker.fact.loan"),
                t("picker.fact.no_loans.tip"),
            )
        )
    out.append(
        (
            t("picker.fact.ui"),
            t("unit.yuan_per_month", amount=i18n.yuan(inc.unemployment_insurance_yuan_per_month)),
            t("picker.fact.ui"),
            t("picker.fact.ui.tip", months=i18n.months(inc.unemployment_insurance_months)),
        )
    )
    out.append(
        (
            t("picker.fact.households"),
            i18n.grouped(params.town.households),
            t("picker.fact.households"),
            t("picker.fact.households.tip"),
        )
    )
    out.append(
        (
            t("picker.fact.trades"),
            str(len(params.trades)),
            t("picker.fact.trades"),
            ", ".join(tr.name for tr in params.trades),
        )
    )
    return out


class PickerScene(PreRunScene):
    """Routes "new_game" and "scenarios"."""

    title_key = "picker.title"
    default_focus = "sc.0"

    def __init__(self, app, seed: int | None = None, **_: Any) -> None:
        super().__init__(app, None)
        self.entries = scenario_entries()
        self.selected = 0
        self.seed = (
            int(seed) if seed is not None else random.Random(os.urandom(8)).randrange(1, 100_000)
        )
        self.detail_error: str | None = None
        self.seed_problem = ""
        self._prepared: PreparedEngine | None = None
        self._street_for: Any = None  # the town the briefing's street was painted ahead for
        self._starting: tuple | None = None  # (the run started, frame): its briefing being built
        self._page = pygame.Rect(0, 0, 1, 1)  # the chosen scenario's page (its tips keep off it)

    @property
    def entry(self) -> Entry:
        return self.entries[self.selected]

    def ahead_mark(self) -> tuple:
        """Built ahead (the title's idle frames), it lists the scenarios as they are now (the
        list is read again when a file changes)."""
        return (id(scenario_entries()),)

    def on_shown(self) -> None:
        super().on_shown()
        if not all_loaded():  # the other scenarios' pages, ready before they are chosen
            # (one a step between frames: game/ui/turns.py)
            work = turns.stepped(load_the_rest)
            threading.Thread(target=work, name="scenarios", daemon=True).start()

    # ---- layout -----------------------------------------------------------------------------
    def build_content(self, p: Painter):
        """The list a few buttons a piece, then the chosen scenario's page (built ahead in
        the title's idle frames, a piece a frame)."""
        c = self.content
        list_w = min(self.px(360), c.w // 3)
        gap = self.px(8)
        open_h = self.px(40)
        labels = entry_labels(self.entries)
        room = c.h - open_h - gap
        item_h = max(self.px(36), min(self.px(52), room // max(1, len(self.entries)) - gap))
        y = c.y
        for i, (e, label) in enumerate(zip(self.entries, labels, strict=True)):
            tip = (
                t("picker.item.broken_tip")
                if e.broken
                else t("picker.item.tip", title=scenario_text(None, e.title))
            )
            self.button(
                pygame.Rect(c.x, y, list_w, item_h), label, f"sc.{i}", cls="menu", tooltip=tip
            )
            if i == self.selected:
                pygame.draw.rect(
                    p.surface,
                    theme.colour("warn" if e.broken else "accent"),
                    pygame.Rect(
                        c.x - self.px(10), y + self.px(8), self.px(4), item_h - self.px(16)
                    ),
                    border_radius=self.px(2),
                )
            y += item_h + gap
            if i % 2 == 1:
                yield
        self.button(
            pygame.Rect(c.x, c.bottom - open_h, list_w, open_h),
            t("picker.open_file"),
            "open_file",
            shortcut=pygame.K_o,
            tooltip=t("picker.open_file.tip", folder=str(userdirs.scenarios_dir(create=False))),
        )
        hint = t("picker.list_hint")
        small = fonts.get(self.font_px("small"))
        hint_room = c.bottom - open_h - gap - (y + self.px(4))
        if len(fonts.wrap(hint, small, list_w)) * p.line_h("small") <= hint_room:
            p.para(hint, pygame.Rect(c.x, y + self.px(4), list_w, 0), "small", "text_dim")
        yield
        panel = pygame.Rect(c.x + list_w + self.px(24), c.y, c.w - list_w - self.px(24), c.h)
        self._page = panel
        p.panel(panel)
        inner = panel.inflate(-self.px(32), -self.px(28))
        yield from self._paint_detail(p, inner)

    def _paint_detail(self, p: Painter, r: pygame.Rect):
        """The chosen scenario's page, a piece at a time (a generator: its summary, its
        policy, its sources, its seed)."""
        e = self.entry
        lang = i18n.get_language()
        if e.broken:
            y = p.heading(
                t("picker.broken.title", name=e.shown_name), (r.x, r.y), r.w, colour="warn"
            ) + self.px(8)
            y = p.para(
                t("picker.broken.body"), pygame.Rect(r.x, y, r.w, 0), "body", "text_dim"
            ) + self.px(8)
            small = fonts.get(self.font_px("small"))
            shown = 0
            # (said when painted: in the language the player reads now)
            for line in problem_lines(e.problems, e.path, MAX_PAINTED, more=False):
                need = len(fonts.wrap("- " + line, small, r.w)) * p.line_h("small")
                if y + need > r.bottom - p.line_h("small"):
                    break
                y = p.para("- " + line, pygame.Rect(r.x, y, r.w, 0), "small", "text")
                shown += 1
            if shown < len(e.problems):
                p.para(
                    t("picker.broken.more", n=i18n.grouped(len(e.problems) - shown)),
                    pygame.Rect(r.x, y, r.w, 0),
                    "small",
                    "text_dim",
                )
            return
        title = scenario_text(None, e.title, lang)
        y = p.text(title, (r.x, r.y), "big", bold=True, max_w=r.w).bottom + self.px(2)
        meta = []
        if e.year:
            meta.append(str(e.year))
        if e.place:
            meta.append(scenario_text(None, e.place, lang))
        y0 = y
        x = r.x
        for part in meta:
            x = p.text(part, (x, y), "body", "text_dim", max_w=r.right - x - self.px(140)).right
            x = p.text("  \u00b7  ", (x, y), "body", "text_dim").right
        months_r = p.text(i18n.months(e.months), (x, y), "body", "accent", bold=True)
        p.tip(months_r, t("picker.months.tip.title"), t("picker.months.tip.body", n=e.months))
        y = y0 + p.line_h("body") + self.px(8)
        y = p.para(
            scenario_text(None, e.summary, lang), pygame.Rect(r.x, y, r.w, 0), "body"
        ) + self.px(8)
        yield
        try:
            sc = load_entry(e)
        except ScenarioError as exc:
            lines = problem_lines(scenario_problems(exc), e.path, MAX_PAINTED)
            p.para("\n".join(lines), pygame.Rect(r.x, y, r.w, 0), "small", "warn")
            return
        refs, cited, assumed = scenario_sources(sc, lang)
        seed_top = r.bottom - self.px(40)
        top = y
        y = p.heading(t("picker.policy"), (r.x, y)) + self.px(4)
        i18n.set_term("loan_name", i18n.loan_programme_terms(getattr(sc, "year", None)))
        facts = policy_facts(sc.params)
        # The policy column takes what its widest row needs (up to 60%), so no label shrinks;
        # the sources wrap in the rest.
        # Every row of the policy is shown: in the small size when the body size has no room.
        role = "body" if p.line_h("body", 1.0) * len(facts) <= seed_top - y else "small"
        plain, bold = fonts.get(self.font_px(role)), fonts.get(self.font_px(role), bold=True)
        widest = max(plain.size(lb)[0] + bold.size(v)[0] for lb, v, *_ in facts) + self.px(16)
        policy_w = min(widest, int((r.w - self.px(32)) * 0.6))
        if role == "body":
            policy_w = max(policy_w, (r.w - self.px(32)) // 2)
        col_w = r.w - self.px(32) - policy_w
        step = max(p.line_h(role, 1.0), min(p.line_h(role, 1.2), (seed_top - y) // len(facts)))
        for label, value, tip_title, tip_body in facts:
            if y + step > seed_top:
                tx.report_cut(label, "no room for the scenario's policy")
                break
            p.fact(label, value, pygame.Rect(r.x, y, policy_w, 0), tip_title, tip_body, role=role)
            y += step
        yield
        x2 = r.x + policy_w + self.px(32)
        y2 = p.heading(t("picker.sources"), (x2, top)) + self.px(4)
        small = fonts.get(self.font_px("small"))
        numbers_h = p.line_h("small") + self.px(6) if (cited or assumed) else 0
        bottom = seed_top - numbers_h
        shown = 0
        more_h = 2 * p.line_h("small", 1.3)  # the "and N more" line, if it comes to that
        for k, ref in enumerate(refs):
            need = len(fonts.wrap("- " + ref, small, col_w)) * p.line_h("small", 1.3)
            last = k == len(refs) - 1
            if y2 + need + (0 if last else more_h) > bottom:
                break
            y2 = p.para("- " + ref, pygame.Rect(x2, y2, col_w, 0), "small")
            shown += 1
        if refs and not shown:  # not even one fits: say how many there are and where
            y2 = p.para(
                i18n.plural("picker.sources_count", len(refs)),
                pygame.Rect(x2, y2, col_w, 0),
                "small",
                "text_dim",
            )
        elif shown < len(refs):
            y2 = p.para(
                i18n.plural("picker.more_sources", len(refs) - shown),
                pygame.Rect(x2, y2, col_w, 0),
                "small",
                "text_dim",
            )
        if not refs:
            y2 = p.para(
                t("picker.no_references"), pygame.Rect(x2, y2, col_w, 0), "small", "text_dim"
            )
        if cited or assumed:
            row = pygame.Rect(x2, bottom + self.px(2), col_w, p.line_h("small"))
            p.fact(
                t("picker.numbers"),
                t("picker.numbers.value", cited=cited, assumed=assumed),
                row,
                t("picker.numbers.tip.title"),
                t("picker.numbers.tip.body"),
                role="small",
            )
        yield
        self._paint_seed(p, r)

    def _paint_seed(self, p: Painter, r: pygame.Rect) -> None:
        """The seed, typed or drawn: the same seed gives the same town to the whole class."""
        seed_y = r.bottom - self.px(40)
        label = p.text(t("picker.seed_label"), (r.x, seed_y + self.px(9)), "body", "text_dim")
        p.tip(label, t("picker.seed.tip.title"), t("picker.seed.tip.body"))
        field_w = self.px(130)
        self.text_field(
            pygame.Rect(label.right + self.px(10), seed_y, field_w, self.px(40)),
            str(self.seed),
            "seed_field",
            digits=True,
            max_length=9,
            tooltip=t("picker.seed_field.tip"),
        )
        self.button(
            pygame.Rect(label.right + self.px(20) + field_w, seed_y, self.px(180), self.px(40)),
            t("picker.new_seed"),
            "seed",
            shortcut=pygame.K_r,
            tooltip=t("picker.seed.tip.body"),
        )
        if self.seed_problem:
            p.text(
                self.seed_problem,
                (label.right + self.px(30) + field_w + self.px(180), seed_y + self.px(11)),
                "small",
                "warn",
                max_w=r.right - (label.right + self.px(30) + field_w + self.px(180)),
            )

    # ---- tooltips: never on the chosen scenario's page ------------------------------------
    # The student reads the page (its policy above all) while pointing at the list or at
    # one of the page's numbers: a tip goes beside the page (over the list), narrow enough.
    def tip_keep_clear(self, rect: pygame.Rect) -> list[pygame.Rect]:
        return [self._page] if self._page.w > 1 else []

    def _room_left_of_page(self) -> int:
        return self._page.left - self.px(8) * 3  # the gap to the page, the window's margin

    def tip_max_width(self, rect: pygame.Rect) -> int | None:
        room = self._room_left_of_page()
        return min(room, round(380 * self.scale)) if room > self.px(160) else None

    def tip_width(self, anchor: pygame.Rect) -> float:
        room = self._room_left_of_page()
        return min(380, room / self.scale) if room > self.px(160) else 380

    def next_text(self) -> str:
        return t("picker.start")

    def next_tooltip(self) -> str | None:
        return t("picker.start.tip")

    def next_enabled(self) -> tuple[bool, str | None]:
        if self.entry.broken:
            return False, t("picker.start.broken", name=self.entry.shown_name)
        return True, None

    # ---- actions ----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self._starting is not None:
            self._start_when_built()
            return
        item = self.focus.focused
        if item is not None and item.name.startswith("sc."):
            i = int(item.name[3:])
            if i != self.selected:
                self.select(i)
        self._prepare_run()

    def _prepare_run(self) -> None:
        """While the player reads: build the chosen scenario's town (with the seed shown) on a
        thread, for the Start frame to take (it then opens the briefing ~10 ms sooner), then,
        in a frame of its own, paint the briefing's first street for that town."""
        sc = self.entry.scenario  # loaded when the entry was shown (load_entry)
        if sc is None or self.entry.broken or self.app.top is not self:
            return
        if self._prepared is None or not self._prepared.matches(sc, self.seed):
            self._prepared = PreparedEngine(sc, self.seed)
            return
        town = self._prepared.built()
        if town is not None and self._street_for is not town:  # a frame of its own
            from game.ui.scenes.briefing import paint_street_ahead

            self._street_for = town
            paint_street_ahead(self, town, self.seed)

    def select(self, i: int) -> None:
        self.selected = max(0, min(i, len(self.entries) - 1))
        self._build()

    def on_text(self, name: str, text: str) -> None:
        if name == "seed_field":
            self.take_seed(text)

    def take_seed(self, text: str) -> bool:
        digits = text.replace(",", "").strip()
        if not digits.isdigit() or not (0 < int(digits) < 1_000_000_000):
            self.seed_problem = t("picker.seed.bad")
            self._build()
            return False
        self.seed = int(digits)
        self.seed_problem = ""
        self._build()
        self.focus.focus_name("next")
        return True

    def on_action(self, name: str, element) -> None:
        if name.startswith("sc."):
            i = int(name[3:])
            if i == self.selected and not self.entry.broken:
                self.on_next()
            else:
                self.select(i)
        elif name == "seed":
            self.seed = random.Random(os.urandom(8)).randrange(1, 100_000)
            self.seed_problem = ""
            self._build()
        elif name == "open_file":
            self.app.push(OpenFileDialog(self.app, on_path=self.open_file))

    def open_file(self, path_text: str) -> None:
        """Open a scenario file from anywhere: keep a copy in the player's scenarios folder (so
        it stays in the list) and select it; a file that will not load shows why."""
        path = Path(path_text.strip().strip('"').strip("'")).expanduser()
        if not path.is_file() or path.suffix.lower() not in (".yaml", ".yml"):
            self.app.message(t("picker.open_file"), t("picker.open_file.not_found", path=str(path)))
            return
        entry = entry_for_file(path)
        if entry.broken:
            self.app.message(t("picker.error.title"), problems_body(entry, entry.problems))
            return
        try:
            folder = userdirs.scenarios_dir()
            target = folder / path.name
            if path.resolve() != target.resolve():
                if target.exists() and target.read_bytes() != path.read_bytes():
                    target = folder / f"{path.stem}-{os.urandom(2).hex()}{path.suffix}"
                target.write_bytes(path.read_bytes())
        except OSError as exc:
            log.warning("could not keep a copy of %s: %s", path, exc)
            target = path
        _cache.clear()
        self.entries = scenario_entries()
        if not any(
            e.path is not None and e.path.resolve() == target.resolve() for e in self.entries
        ):
            self.entries.append(entry_for_file(target, own=True))
        self.selected = next(
            i
            for i, e in enumerate(self.entries)
            if e.path is not None and e.path.resolve() == target.resolve()
        )
        self._build()
        self.focus.focus_name(f"sc.{self.selected}")

    def on_next(self) -> None:
        e = self.entry
        field = next((el for el in self._elements if self.name_of(el) == "seed_field"), None)
        if field is not None and field.get_text() != str(self.seed):
            if not self.take_seed(field.get_text()):
                return
        try:
            sc = load_entry(e)
            session = GameSession.new(sc, seed=self.seed, prepared=self._prepared)
        except ScenarioError as exc:
            shown = e.problems or scenario_problems(exc)
            self.app.message(t("picker.error.title"), problems_body(e, shown))
            return
        session.scenario_ref = str(e.path) if e.path is not None else None
        if e.path is not None and e.path.stem == e.name and not e.own:
            session.scenario_ref = e.name
        # the briefing is built a few pieces a frame under this screen, then shown in a frame
        # of its own (built in this one, it took 11-40 ms on top of starting the run)
        self._starting = (session, self.app.frames)
        self._start_when_built()

    @property
    def settling(self) -> bool:
        return self._starting is not None or super().settling

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self._starting is not None:
            return True  # started: the briefing opens in a moment
        if event.type == pygame.DROPFILE:  # a scenario file dropped on the window
            self.open_file(event.file)
            return True
        return super().handle_event(event)

    def _start_when_built(self) -> None:
        """Open the started run's briefing once it is built ahead (app.prepare, within
        STARTING_BUDGET_S a frame); in the frame after the last piece, or after
        STARTING_MAX_FRAMES whatever is left."""
        import time

        session, since = self._starting
        if self.app.top is not self:
            self._starting = None
            return
        waited = self.app.frames - since
        if not self.app.prepared("briefing", session=session) and waited < STARTING_MAX_FRAMES:
            start = time.perf_counter()
            while (done := self.app.prepare("briefing", session=session)) is None:
                if time.perf_counter() - start >= STARTING_BUDGET_S:
                    return
            if done:
                return  # (built now: shown in the next frame)
        self._starting = None
        self.app.open("briefing", session=session)


class OpenFileDialog(DialogScene):
    """Where is the scenario file? A path typed or pasted (or the file dropped on the window)."""

    def __init__(self, app, on_path) -> None:
        super().__init__(
            app,
            t("picker.open_file"),
            t("picker.open_file.body"),
            [
                DialogButton("ok", t("picker.open_file.ok"), None, primary=True),
                DialogButton("no", t("dialog.cancel"), None, cancel=True),
            ],
            width=720,
        )
        self.on_path = on_path
        self.default_focus = "path"

    def extra_height(self) -> int:
        return self.px(52)

    def build(self) -> None:
        super().build()
        box = next(
            e
            for e in self._elements
            if isinstance(e, pygame_gui.elements.UIPanel) and e.rect.w < self.size[0]
        )
        pad = self.px(24)
        y = box.rect.h - pad - self.px(40) - self.px(20) - self.px(44)
        self.text_field(
            pygame.Rect(pad, y, box.rect.w - 2 * pad, self.px(40)),
            "",
            "path",
            max_length=400,
            container=box.get_container(),
        )
        self.focus.focus_name("path")
        self._sync_field_focus()

    def on_text(self, name: str, text: str) -> None:
        self._done(text)

    def on_button(self, name: str, element) -> None:
        if name == "ok":
            field = next(e for e in self._elements if self.name_of(e) == "path")
            self._done(field.get_text())
        else:
            super().on_button(name, element)

    def on_key(self, event: pygame.event.Event) -> bool:
        return False

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.DROPFILE:
            self._done(event.file)
            return True
        return super().handle_event(event)

    def _done(self, text: str) -> None:
        if not text.strip():
            return
        if self.app.top is self:
            self.app.pop()
        self.on_path(text)


def start_scenario(app, args=None, **_: Any):
    """The "start_scenario" hook: `python main.py play --scenario FILE --seed S` starts at the
    briefing; a scenario that fails to load shows its message over the picker."""
    ref = getattr(args, "scenario", None)
    seed = getattr(args, "seed", None)
    try:
        session = GameSession.new(ref, seed=seed)
    except ScenarioError as exc:
        app.open("new_game")
        path = (
            Path(ref) if isinstance(ref, str) and ref.lower().endswith((".yaml", ".yml")) else None
        )
        entry = Entry(str(ref), _title_of(path) if path is not None else "", None, "", 0, "", path)
        app.message(t("picker.error.title"), problems_body(entry, scenario_problems(exc)))
        return None
    return app.open("briefing", session=session)
