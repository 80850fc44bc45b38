"""The scenario picker: the built-in teaching cases, each with its year, place, length, summary
and sources. A scenario that fails to load shows its problems here and the game stays on the
picker. Keyboard: Up/Down pick a scenario, Enter starts it, R draws a new seed, Esc goes back.
"""

from __future__ import annotations

import logging
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame

from game import i18n
from game.i18n import t
from game.session import GameSession, ScenarioError, fallback_scenario, scenario_text
from game.ui import theme
from game.ui.scenes.prerun import Painter, PreRunScene

log = logging.getLogger(__name__)


@dataclass
class Entry:
    name: str
    title: Any
    year: int | None
    place: Any
    months: int
    summary: Any
    path: Path | None
    problems: tuple[str, ...] = ()
    scenario: Any = None
    extra: dict = field(default_factory=dict)

    @property
    def broken(self) -> bool:
        return bool(self.problems)


_cache: dict[tuple, list[Entry]] = {}


def _builtin_key() -> tuple:
    try:
        from game.scenario.loader import BUILTIN_DIR
    except ImportError:
        return ()
    if not BUILTIN_DIR.is_dir():
        return ()
    return tuple(
        sorted((p.name, p.stat().st_mtime_ns) for p in BUILTIN_DIR.iterdir() if p.is_file())
    )


def scenario_entries() -> list[Entry]:
    """The picker's list: the built-in scenarios (broken ones with their problems), or the
    default town when none are installed."""
    key = _builtin_key()
    if key in _cache:
        return _cache[key]
    entries: list[Entry] = []
    try:
        from game.scenario.loader import list_builtin

        for info in list_builtin():
            entries.append(
                Entry(
                    info.name,
                    info.title,
                    info.year,
                    info.place,
                    info.months,
                    info.summary,
                    info.path,
                    tuple(info.problems),
                )
            )
    except Exception:  # noqa: BLE001 - the picker must open even if the loader breaks
        log.exception("listing the built-in scenarios failed")
    if not entries:
        sc = fallback_scenario()
        entries.append(
            Entry("builtin", sc.title, sc.year, sc.place, sc.months, sc.summary, None, (), sc)
        )
    _cache.clear()
    _cache[key] = entries
    return entries


def load_entry(entry: Entry) -> Any:
    """The entry's scenario (loaded once). Raises ScenarioError with the loader's message."""
    if entry.broken:
        raise ScenarioError("\n".join(entry.problems))
    if entry.scenario is None:
        from game.session import load_scenario

        entry.scenario = load_scenario(entry.path)
    return entry.scenario


def scenario_sources(sc: Any, lang: str) -> tuple[list[str], int, int]:
    """(references, numbers cited, numbers that are assumptions) of a loaded scenario."""
    refs: list[str] = list(getattr(getattr(sc, "story", sc), "references", []) or [])
    for page in getattr(sc, "briefing", []) or []:
        for src in getattr(page, "sources", []) or []:
            if src not in refs:
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

    @property
    def entry(self) -> Entry:
        return self.entries[self.selected]

    # ---- layout -----------------------------------------------------------------------------
    def build_content(self, p: Painter) -> None:
        c = self.content
        list_w = min(self.px(360), c.w // 3)
        item_h = self.px(52)
        gap = self.px(8)
        y = c.y
        for i, e in enumerate(self.entries):
            title = scenario_text(None, e.title) if not e.broken else e.name
            label = ("\u26a0 " if e.broken else "") + title
            tip = t("picker.item.broken_tip") if e.broken else t("picker.item.tip", title=title)
            self.button(
                pygame.Rect(c.x, y, list_w, item_h), label, f"sc.{i}", cls="menu", tooltip=tip
            )
            if i == self.selected:
                pygame.draw.rect(
                    p.surface,
                    theme.colour("accent"),
                    pygame.Rect(
                        c.x - self.px(10), y + self.px(8), self.px(4), item_h - self.px(16)
                    ),
                    border_radius=self.px(2),
                )
            y += item_h + gap
        hint_y = max(y + self.px(8), c.y)
        p.para(
            t("picker.list_hint"),
            pygame.Rect(c.x, hint_y, list_w, c.bottom - hint_y),
            "small",
            "text_dim",
        )

        panel = pygame.Rect(c.x + list_w + self.px(24), c.y, c.w - list_w - self.px(24), c.h)
        p.panel(panel)
        inner = panel.inflate(-self.px(32), -self.px(32))
        self._paint_detail(p, inner)

    def _paint_detail(self, p: Painter, r: pygame.Rect) -> None:
        e = self.entry
        lang = i18n.get_language()
        if e.broken:
            y = p.heading(
                t("picker.broken.title", name=e.name), (r.x, r.y), r.w, colour="warn"
            ) + self.px(8)
            y = p.para(
                t("picker.broken.body"), pygame.Rect(r.x, y, r.w, 0), "body", "text_dim"
            ) + self.px(8)
            for line in e.problems[:8]:
                y = p.para(
                    "\u2022 " + line, pygame.Rect(r.x, y, r.w, 0), "small", "text", max_lines=3
                )
            if len(e.problems) > 8:
                p.para(
                    t("picker.broken.more", n=len(e.problems) - 8),
                    pygame.Rect(r.x, y, r.w, 0),
                    "small",
                    "text_dim",
                )
            return
        title = scenario_text(None, e.title, lang)
        y = p.text(title, (r.x, r.y), "big", bold=True, max_w=r.w).bottom + self.px(4)
        meta = []
        if e.year:
            meta.append(str(e.year))
        if e.place:
            meta.append(scenario_text(None, e.place, lang))
        y0 = y
        x = r.x
        for part in meta:
            x = p.text(part, (x, y), "body", "text_dim").right
            x = p.text("  \u00b7  ", (x, y), "body", "text_dim").right
        months_r = p.text(i18n.months(e.months), (x, y), "body", "accent", bold=True)
        p.tip(months_r, t("picker.months.tip.title"), t("picker.months.tip.body", n=e.months))
        y = y0 + p.line_h("body") + self.px(12)
        y = p.para(
            scenario_text(None, e.summary, lang), pygame.Rect(r.x, y, r.w, 0), "body", max_lines=6
        ) + self.px(12)
        try:
            sc = load_entry(e)
        except ScenarioError as exc:
            p.para(str(exc), pygame.Rect(r.x, y, r.w, 0), "small", "warn", max_lines=6)
            return
        refs, cited, assumed = scenario_sources(sc, lang)
        col_w = (r.w - self.px(32)) // 2
        top = y
        y = p.heading(t("picker.policy"), (r.x, y)) + self.px(6)
        for label, value, tip_title, tip_body in policy_facts(sc.params):
            p.fact(label, value, pygame.Rect(r.x, y, col_w, 0), tip_title, tip_body)
            y += p.line_h("body", 1.25)
        x2 = r.x + col_w + self.px(32)
        y2 = p.heading(t("picker.sources"), (x2, top)) + self.px(6)
        bottom = r.bottom - self.px(56)
        for ref in refs[:8]:
            if y2 > bottom - p.line_h("small") * 2:
                break
            y2 = p.para("\u2022 " + ref, pygame.Rect(x2, y2, col_w, 0), "small", max_lines=2)
        if not refs:
            y2 = p.para(
                t("picker.no_references"), pygame.Rect(x2, y2, col_w, 0), "small", "text_dim"
            )
        if cited or assumed:
            y2 += self.px(6)
            row = pygame.Rect(x2, y2, col_w, p.line_h("small"))
            p.fact(
                t("picker.numbers"),
                t("picker.numbers.value", cited=cited, assumed=assumed),
                row,
                t("picker.numbers.tip.title"),
                t("picker.numbers.tip.body"),
                role="small",
            )
        self._paint_seed(p, r)

    def _paint_seed(self, p: Painter, r: pygame.Rect) -> None:
        seed_y = r.bottom - self.px(40)
        label = p.text(
            t("picker.seed", seed=self.seed), (r.x, seed_y + self.px(10)), "body", "text_dim"
        )
        p.tip(label, t("picker.seed.tip.title"), t("picker.seed.tip.body"))
        self.button(
            pygame.Rect(label.right + self.px(16), seed_y, self.px(200), self.px(40)),
            t("picker.new_seed"),
            "seed",
            shortcut=pygame.K_r,
            tooltip=t("picker.seed.tip.body"),
        )

    def next_text(self) -> str:
        return t("picker.start")

    def next_tooltip(self) -> str | None:
        return t("picker.start.tip")

    # ---- actions ----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        item = self.focus.focused
        if item is not None and item.name.startswith("sc."):
            i = int(item.name[3:])
            if i != self.selected:
                self.select(i)

    def select(self, i: int) -> None:
        self.selected = max(0, min(i, len(self.entries) - 1))
        self._build()

    def on_action(self, name: str, element) -> None:
        if name.startswith("sc."):
            i = int(name[3:])
            if i == self.selected:
                self.on_next()
            else:
                self.select(i)
        elif name == "seed":
            self.seed = random.Random(os.urandom(8)).randrange(1, 100_000)
            self._build()

    def on_next(self) -> None:
        e = self.entry
        try:
            sc = load_entry(e)
            session = GameSession.new(sc, seed=self.seed)
        except ScenarioError as exc:
            self.app.message(t("picker.error.title"), t("picker.error.body", problems=str(exc)))
            return
        session.scenario_ref = str(e.path) if e.path is not None else None
        if e.path is not None and e.path.stem == e.name:
            session.scenario_ref = e.name
        self.app.open("briefing", session=session)


def start_scenario(app, args=None, **_: Any):
    """The "start_scenario" hook: `python main.py play --scenario FILE --seed S` starts at the
    briefing; a scenario that fails to load shows its message over the picker."""
    ref = getattr(args, "scenario", None)
    seed = getattr(args, "seed", None)
    try:
        session = GameSession.new(ref, seed=seed)
    except ScenarioError as exc:
        app.open("new_game")
        app.message(t("picker.error.title"), t("picker.error.body", problems=str(exc)))
        return None
    return app.open("briefing", session=session)
