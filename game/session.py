"""One single-player run: the scenario, the engine, the player's household and what happened.

The screens hold a `GameSession` and talk to the town only through it:

    s = GameSession.new("steel_town_2016", seed=7)   # or scenario=None (the default town)
    s.submit(ChoosePath(s.player, "self_employ"))    # -> [] or translated reasons
    report = s.end_month()                           # MonthReport; autosaves; fills s.pending_events
    for ev in list(s.pending_events):
        shown = s.show_event(ev)                     # title, text, choices in the player's language
        s.choose(ev, 0)                              # applies the choice's commands
    s.history, s.decisions, s.over, s.ending()

No pygame here: the CLI, the bots and the tests use it headless. Same scenario + seed +
commands + event choices = the same run (events draw from a stream derived from the seed
and the month, so a loaded save shows the same events an uninterrupted run would).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import logging
import secrets
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from game import accounts, i18n, runcheck, saves, words
from game.core import curves, views
from game.core.commands import REASON_TEXT, Command, command_to_dict
from game.core.engine import PROFILE_SKILL_GROUP, Engine
from game.core.params import Params
from game.core.report import MonthReport, own_income
from game.core.state import Cert, Status
from game.debrief import reflection
from game.scenario import builtin, checked, plain

log = logging.getLogger(__name__)

SESSION_FORMAT = 1
DEFAULT_SCENARIO = "steel_town_2016"
SHOWN_PROBLEMS = 10  # of a scenario that does not load, in a dialog
EDUCATION = ("primary", "middle", "high")


# --- scenarios -------------------------------------------------------------------------------


class ScenarioError(Exception):
    """A scenario that cannot be played; the message is for a terminal (file, line, field).
    `details`: the loader's problems (yamlread.Problem) a screen says without the file's name
    (game/scenario/said.py); empty when the trouble is not the file's."""

    def __init__(self, message: str = "", details: Any = ()) -> None:
        super().__init__(message)
        self.details = list(details)


def load_scenario(ref: Any = None) -> Any:
    """A scenario object from a name, a path, a Scenario, or None (the default).

    Falls back to the core's default parameters and a built-in story when the default
    scenario is not installed. Raises ScenarioError with the loader's message on a bad file.
    """
    if ref is not None and not isinstance(ref, (str, Path)):
        return ref  # already a scenario
    if ref is None:
        if DEFAULT_SCENARIO not in builtin.builtin_names():
            return fallback_scenario()
        ref = DEFAULT_SCENARIO
    try:  # a built-in checked ahead is read without pydantic (game/scenario/checked.py)
        return checked.load_scenario(ref)
    except Exception as exc:  # noqa: BLE001 - every loader failure becomes a message
        # A dialog shows the first problems and a count (`validate` lists them all).
        shown = exc.shown(limit=SHOWN_PROBLEMS) if hasattr(exc, "shown") else str(exc)
        raise ScenarioError(shown, getattr(exc, "details", ())) from exc


# [(scenario (weakly), its data as JSON text)]: the last one written (one item: read whole by
# either thread)
_scenario_text: list = []


def scenario_data(scenario: Any) -> dict:
    """The scenario as a save holds it ({} if it cannot be written: the save still is). A run's
    scenario never changes: its data is made once (2.9 ms) and read again from its text for
    the next autosave (0.5 ms, on the saves' thread; a fresh dict each time)."""
    try:
        if not hasattr(scenario, "to_dict"):
            return {}
        kept = _scenario_text[0] if _scenario_text else None
        if kept is not None and kept[0]() is scenario:
            return json.loads(kept[1])
        data = scenario.to_dict()
        if isinstance(scenario, plain.Scenario):  # frozen: the same data every time
            _scenario_text[:] = [(weakref.ref(scenario), json.dumps(data, ensure_ascii=False))]
        return data
    except Exception:  # noqa: BLE001
        log.exception("scenario could not be written into the save")
        return {}


def scenario_from_data(data: dict | None, params: Params) -> Any:
    """Rebuild a saved scenario (its story and events); the engine's own params win.

    A saved scenario the loader refuses is a damaged save (ValueError naming the field), not
    a run quietly played on with another story."""
    if data:
        # this process's own run, read back (the epilogue's copy): the scenario it played
        known = checked.vouched_scenario(data, "scenario")
        if known is not None:
            return known
        from game.scenario import loader  # noqa: PLC0415 - pydantic: only to read a save

        try:
            return _scenario_from_json(json.dumps(data, sort_keys=True, ensure_ascii=False))
        except loader.ScenarioError as exc:
            first = exc.details[0] if exc.details else None
            where = f"scenario.{first.path}" if first is not None and first.path else "scenario"
            raise ValueError(f"{where}: {first.message if first else exc.problems[0]}") from None
    return fallback_scenario(params)


@functools.lru_cache(maxsize=4)
def _scenario_from_json(text: str) -> Any:
    """The loader takes ~10 ms on a saved scenario; loading a save reads it twice (the run and
    its trial month), and the Load screen may reopen the same save."""
    from game.scenario import loader  # noqa: PLC0415

    return loader.load_scenario_data(json.loads(text), "scenario")


def fallback_scenario(params: Params | None = None) -> Any:
    """What the game plays when no scenario is installed or saved: default parameters, a short
    story."""
    p = params or Params()
    story = SimpleNamespace(
        title="Steel town, 2016",
        place="A steel town in northern China",
        year=2016,
        summary="The mill lays off half its workers. The state offers a subsidised loan and "
        "the advice to become an entrepreneur.",
        briefing=[
            SimpleNamespace(
                title="The layoffs",
                text="In 2016 the State Council set out to cut steel and coal capacity. Across the "
                "north, mills and mines laid off their workers. The guidelines offered four "
                "measures: retraining, internal retirement, help to migrate, and a subsidised "
                "loan to start a business.",
                sources=["Loubere 2016"],
            )
        ],
        player=SimpleNamespace(
            drawn=True,
            name=None,
            bio=None,
            former_job=None,
            skill_group=None,
            former_wage_yuan_per_month=None,
        ),
        events=[],
        debrief_questions=[],
        references=["Loubere 2016"],
        guided=False,
        order=0,
    )
    return SimpleNamespace(
        story=story,
        params=p,
        name="builtin",
        path=None,
        title=story.title,
        place=story.place,
        year=story.year,
        summary=story.summary,
        briefing=story.briefing,
        player=story.player,
        events=[],
        debrief_questions=[],
        months=p.months,
        trade_name=lambda key, lang="en": next((t.name for t in p.trades if t.key == key), key),
        to_dict=lambda: {},
        text=lambda v, lang="en": _tr(v, lang),
    )


def _tr(value: Any, lang: str = "en") -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get(lang) or value.get("en") or next(iter(value.values()), "")
    return str(value)


def scenario_text(scenario: Any, value: Any, lang: str | None = None) -> str:
    """A scenario text (plain or {en:, zh:}) in the player's language."""
    return _tr(value, lang or i18n.get_language())


def player_profile(player: Any) -> dict:
    """The scenario's fixed player facts as the engine's player profile (Engine takes it at
    construction: the town's first state hash is taken with them)."""
    if player is None:
        return {}
    prof: dict[str, Any] = {}
    if getattr(player, "age", None) is not None:
        prof["age"] = float(player.age)
    if getattr(player, "sex", None) is not None:
        prof["female"] = player.sex == "female"
    if getattr(player, "education", None) in EDUCATION:
        prof["education"] = EDUCATION.index(player.education)
    for key in ("dependants", "children_in_school", "years_in_plant"):
        if getattr(player, key, None) is not None:
            prof[key] = int(getattr(player, key))
    if getattr(player, "savings_yuan", None) is not None:
        prof["cash"] = float(player.savings_yuan)
    if getattr(player, "former_wage_yuan_per_month", None) is not None:
        prof["former_wage"] = float(player.former_wage_yuan_per_month)
    if getattr(player, "skill_group", None):
        prof[PROFILE_SKILL_GROUP] = str(player.skill_group)
    return prof


# --- the session ------------------------------------------------------------------------------


@dataclass
class Decision:
    month: int
    key: str  # a translation key ("decision.choose_path")
    values: dict = field(default_factory=dict)

    def text(self, session: Any = None) -> str:
        """In the language shown now: the values are codes and numbers, put in words here."""
        return i18n.t(self.key, **words.decision_values(self.values, session))

    def __iter__(self):  # (month, key, values)
        return iter((self.month, self.key, self.values))


def new_engine(sc: Any, seed: int) -> Engine:
    """The town of a fresh run of scenario `sc` (pure: reads the scenario, touches nothing else)."""
    try:
        return Engine(
            sc.params,
            seed=int(seed),
            players=(0,),
            player_profile=player_profile(getattr(sc, "player", None)),
        )
    except ValueError as exc:
        raise ScenarioError(str(exc)) from exc


class PreparedEngine:
    """A fresh run's town built on a thread while the player still reads (the picker), so the
    frame that starts the run does not spend ~10 ms on it (issue 17). The engine is the same
    one `new_engine` makes in the frame (same scenario, same seed, nothing else read); it is
    handed out once, to the run started with that scenario and seed."""

    def __init__(self, sc: Any, seed: int) -> None:
        import threading

        self.scenario, self.seed = sc, int(seed)
        self._engine: Engine | None = None
        self._thread = threading.Thread(target=self._build, name="prepare-run", daemon=True)
        self._thread.start()

    def _build(self) -> None:
        try:
            self._engine = new_engine(self.scenario, self.seed)
        except Exception:  # noqa: BLE001 - the run's own start builds it again and reports it
            log.debug("preparing the run's town failed", exc_info=True)

    def matches(self, sc: Any, seed: int) -> bool:
        return sc is self.scenario and int(seed) == self.seed

    def built(self) -> Engine | None:
        """The town, once the thread has built it and until it is handed out (else None)."""
        return None if self._thread.is_alive() else self._engine

    def take(self, sc: Any, seed: int) -> Engine | None:
        """The prepared town (waiting for the thread if it is still building), once; None
        for another scenario or seed, or when building it failed."""
        if not self.matches(sc, seed):
            return None
        self._thread.join()
        engine, self._engine = self._engine, None
        self.scenario = None  # handed out: a second run of the same choice builds its own
        return engine


class GameSession:
    def __init__(
        self,
        scenario: Any,
        engine: Engine,
        seed: int,
        player: int = 0,
        lang: str | None = None,
        scenario_ref: str | None = None,
    ) -> None:
        self.scenario = scenario
        self.engine = engine
        self.seed = int(seed)
        self.player = int(player)
        self._lang = lang  # None: the player's language of the moment (a saved run follows it)
        self.scenario_ref = scenario_ref
        self.decisions: list[Decision] = []
        self.shown_event_ids: list[str] = []
        self.shown_event_texts: list[str] = []
        self.pending_events: list[Any] = []
        self.event_facts: dict[str, dict] = {}  # the facts each pending event was drawn with
        self.autosave_enabled = True
        self.autosave_error: str | None = None
        self.autosave_reason: str | None = None  # a translation key (saves.failure_reason)
        self.saved_month: int | None = None  # the month of the last good autosave
        self.unsaved_since: int | None = None
        self.unsaved_told = False  # the screens have told the player about this failure
        self.screen = "briefing"  # where a loaded run resumes: briefing ... month
        # Tells apart runs of one scenario and seed (a class plays the same one): report names.
        self.run_id = secrets.token_hex(3)
        # The student's written work (game/debrief/reflection.py): name, the strategy written
        # at the start, guesses, explanation, verdicts, answers. Saved with the run.
        self.reflection: dict = {}
        # The month's accounts (game/accounts.py): cash each command moved this month, the
        # cash the month started with, and every finished month's account.
        self.moves: dict[int, list[accounts.Line]] = {}
        self.month_start_cash = float(engine.state.cash[self.player])
        self.book: list[accounts.MonthAccount] = []
        self._curves: tuple[tuple, curves.TownCurves] | None = None  # (metrics' size, curves)
        self.guarantor_rounds: list[int] = []  # months the player asked around for more names
        self.loan_wish: float | None = None  # the amount last typed at the loan office
        words.set_trade_units(self.params.trades)  # prices read "per bowl", "per item"...
        i18n.set_term("loan_name", i18n.loan_programme_terms(getattr(scenario, "year", None)))
        firm = getattr(scenario, "firm", None)
        i18n.set_term(
            "firm", {lang: scenario.text(firm, lang) for lang in ("en", "zh")} if firm else None
        )

    # ---- making one ---------------------------------------------------------------------
    @classmethod
    def new(
        cls,
        scenario: Any = None,
        seed: int | None = None,
        lang: str | None = None,
        autosave: bool = True,
        prepared: PreparedEngine | None = None,
    ) -> GameSession:
        """A fresh run. `scenario`: None (the default), a name, a path, or a loaded scenario.
        `prepared`: its town built ahead on a thread (used when it is of this scenario and seed).

        Raises ScenarioError (with the loader's message) if the scenario cannot be loaded."""
        sc = load_scenario(scenario)
        if seed is None:
            seed = int(np.random.SeedSequence().entropy % 1_000_000)
        eng = prepared.take(sc, int(seed)) if prepared is not None else None
        if eng is None:
            eng = new_engine(sc, int(seed))
        ref = str(scenario) if isinstance(scenario, (str, Path)) else getattr(sc, "name", None)
        s = cls(sc, eng, int(seed), 0, lang, ref)
        s.autosave_enabled = autosave
        return s

    # ---- reading ------------------------------------------------------------------------
    @property
    def params(self) -> Params:
        """The town's parameters as they stand now (a scheduled change may have turned one)."""
        return self.engine.params

    @property
    def month(self) -> int:
        return self.engine.month

    @property
    def history(self) -> list[MonthReport]:
        return [r[self.player] for r in self.engine.reports if self.player in r]

    @property
    def last_report(self) -> MonthReport | None:
        return self.engine.reports[-1].get(self.player) if self.engine.reports else None

    @property
    def last_outcome(self) -> dict:
        """What the last accepted command led to ({"ok": False, "outcome": "guarantor_refused"})."""
        return self.engine.outcomes[-1] if self.engine.outcomes else {}

    def profile(self) -> dict:
        """The player profile the engine was built with (the scenario's player facts)."""
        return player_profile(getattr(self.scenario, "player", None))

    def facts(self) -> dict:
        return self.engine.player_facts(self.player)

    # The views the screens and the debrief read (game/core/views.py): never the state.
    def household(self) -> views.Household:
        """The player's household as it stands."""
        return views.household_view(self.engine, self.player)

    def market(self, trade: int) -> views.Market:
        return views.market(self.engine, trade)

    def business(self) -> views.Business | None:
        return views.business_view(self.engine, self.player)

    def town(self) -> views.Town:
        return views.town(self.engine)

    def budget(self) -> views.Budget:
        """Living costs and what relatives and moneylenders would still lend."""
        return views.budget(self.engine, self.player)

    def curves(self) -> curves.TownCurves:
        """The town's curves so far (game/core/curves.py); built once a month, as screens ask
        for them every frame."""
        m = self.engine.metrics
        key = (id(m), len(m.town), len(m.trades))
        if self._curves is None or self._curves[0] != key:
            self._curves = (key, curves.town_curves(self.engine))
        return self._curves[1]

    @property
    def status(self) -> str:
        return Status(self.engine.state.status[self.player]).name.lower()

    @property
    def lang(self) -> str:
        return self._lang or i18n.get_language()

    @lang.setter
    def lang(self, value: str | None) -> None:
        self._lang = value

    def player_name(self) -> str:
        name = getattr(getattr(self.scenario, "player", None), "name", None)
        if name:
            return scenario_text(self.scenario, name, self.lang)
        return self.name_of(self.player)

    def name_of(self, h: int) -> str:
        """Household `h`'s name in the session's language."""
        hv = views.household_view(self.engine, h)
        return words.person_name(hv.surname, hv.given_name, self.lang)

    def street(self) -> list[dict]:
        """The street's lots with names in the session's language (game.words.street_lots)."""
        return words.street_lots(self.engine, self.lang)

    def trade_name(self, index: int) -> str:
        if not 0 <= index < len(self.params.trades):
            return ""
        key = self.params.trades[index].key
        fn = getattr(self.scenario, "trade_name", None)
        return fn(key, self.lang) if fn else self.params.trades[index].name

    def title(self) -> str:
        return scenario_text(self.scenario, getattr(self.scenario, "title", ""), self.lang)

    @property
    def over(self) -> bool:
        """The run is over: the scenario's months are played, or the household can go on no
        more (no cash, informal credit exhausted, no business)."""
        if self.engine.done:
            return True
        st, h = self.engine.state, self.player
        return bool(
            st.cash[h] <= 0.5
            and self.engine.informal_room(h) <= 0.5
            and st.trade[h] < 0
            and st.status[h] != Status.SELF_EMPLOYED
        )

    # ---- acting -------------------------------------------------------------------------
    def reasons(self, cmd: Command) -> list[str]:
        """Why `cmd` cannot apply now, translated (empty: it can)."""
        return [reason_text(k, v) for k, v in cmd.validate(self.engine)] + self._run_reasons(cmd)

    def _run_reasons(self, cmd: Command) -> list[str]:
        """Rules of the run the core does not know: a guarantor who said no is asked again
        only after some months; a loan is not renewed past the epilogue's last month."""
        from game import epilogue, guarantors  # noqa: PLC0415 - they read the session

        if cmd.kind == "apply_for_loan" and self.params.policy.guarantor_required:
            return guarantors.ask_reasons(self, int(getattr(cmd, "guarantor", -1)))
        if cmd.kind == "extend_loan":
            return epilogue.extension_reasons(self)
        return []

    def submit(self, cmd: Command) -> list[str]:
        """Apply a decision now, or return the translated reasons it cannot (nothing changes)."""
        reasons = cmd.validate(self.engine)
        if reasons:
            return [reason_text(k, v) for k, v in reasons]
        run_reasons = self._run_reasons(cmd)
        if run_reasons:
            return run_reasons
        why = self._guarantor_why(cmd)
        self._apply(cmd)
        values = {
            k: v for k, v in command_to_dict(cmd).items() if k not in ("command", "household")
        }
        # Codes and numbers, not words: the log is put in words when shown
        # (words.decision_values), so it follows a switch of language after the run.
        outcome = self.last_outcome.get("outcome")
        values["outcome"] = outcome or ""
        if cmd.kind == "apply_for_loan" and getattr(cmd, "guarantor", -1) >= 0:
            values["name"] = self.name_of(int(cmd.guarantor))  # (as asked: a save's fallback)
            values.update(why)
        if "trade" in values:  # (as opened: a save's fallback)
            values["trade_name"] = self.trade_name(int(values["trade"]))
        key = f"decision.{cmd.kind}"
        if "name" in values and outcome in ("guarantor_refused", "loan_granted"):
            key += ".refused" if outcome == "guarantor_refused" else ".granted"
        for flag in ("pay", "see"):  # yes/no decisions read as sentences, not "True"
            if isinstance(values.get(flag), bool):
                key += ".yes" if values[flag] else ".no"
        self._decide(key, values)
        return []

    def _decide(self, key: str, values: dict) -> None:
        self.decisions.append(Decision(self.month, key, values))

    def _apply(self, cmd: Command, detail: str = "") -> None:
        """Apply a valid command and note the cash it moved in this month's account."""
        h = self.player
        before = float(self.engine.state.cash[h])
        self.engine.submit(cmd)
        line = accounts.command_line(cmd.kind, float(self.engine.state.cash[h]) - before, detail)
        if line is not None:
            self.moves.setdefault(self.month, []).append(line)

    def money_now(self) -> dict:
        """The household's money as the accounts read it: cash, and the month's living costs."""
        st, h = self.engine.state, self.player
        return {
            "cash": float(st.cash[h]),
            "living": views.budget(self.engine, h).living_cost_yuan,
        }

    def certificate(self) -> str:
        """The player's proof of layoff: "none", "pending", "granted" or "refused"."""
        return Cert(int(self.engine.state.cert[self.player])).name.lower()

    def spending_outlook(self) -> dict:
        """What the household will spend next month: its living costs, what it spends on top
        while it still lives on last month's income, and what it builds its house with from
        the money sent home (the core's spending rule)."""
        o = views.spending_outlook(self.engine, self.player)
        return {
            "living": o.living_cost_yuan,
            "next_month": o.next_month_yuan,
            "house": o.house_building_yuan,
            "last_income": o.last_income_yuan,
            "propensity": o.propensity,
        }

    def end_month(self) -> MonthReport:
        """Resolve the month; keep its account; collect the events due; autosave. Returns the
        player's report."""
        opening = self.month_opening()
        return self.month_resolved(opening, self.engine.end_month())

    def month_opening(self) -> tuple[int, dict]:
        """What the month's account compares with, read before the town's month is resolved
        (`end_month`; a batch resolves many sessions' towns at once between the two halves)."""
        # and what the household means to spend beyond its living costs by habit (the rest of
        # what it spends builds the house from the money sent home: accounts.month_lines)
        o = views.spending_outlook(self.engine, self.player)
        # (the living costs the core spends by: with someone working away, the household's
        # without them, where the budget's count them)
        living = o.living_cost_yuan
        return self.month, {
            **self.money_now(),
            "living": living,
            "habit": o.next_month_yuan - living,
        }

    def month_resolved(
        self, opening: tuple[int, dict], reports: dict[int, MonthReport]
    ) -> MonthReport:
        """After the town's month (`end_month`): its account, the events due, the autosave."""
        month, before = opening
        report = reports[self.player]
        after = self.money_now()
        self.book.append(
            accounts.account_for_month(
                month + 1,
                self.month_start_cash,
                report,
                self.moves.get(month, []),
                before["living"],
                after["cash"],
                before["habit"],
            )
        )
        self.month_start_cash = after["cash"]
        self._collect_events()
        self.autosave()
        return report

    def _guarantor_why(self, cmd: Command) -> dict:
        """The guarantor's situation before the ask (what a refusal will be put down to), as
        the decision's values keep it: the situation's key in "why", its numbers in "why_*"."""
        g = int(getattr(cmd, "guarantor", -1))
        if cmd.kind != "apply_for_loan" or g < 0:
            return {}
        c = next((c for c in self.guarantors() if c.household == g), None)
        if c is None:
            return {}
        return {"why": c.situation, **{f"why_{k}": v for k, v in c.numbers.items()}}

    def guarantors(self) -> list:
        """Everyone the player may ask to stand guarantor: chance, reason, when to ask again."""
        from game import guarantors  # noqa: PLC0415

        return guarantors.candidates(self)

    def look_for_guarantors(self) -> list[str]:
        """Ask around for more names (once a month); returns the reasons it cannot, or []."""
        from game import guarantors  # noqa: PLC0415

        reasons = guarantors.look_reasons(self)
        if not reasons:
            self.guarantor_rounds.append(self.month)
            self._decide("decision.look_for_guarantors", {})
        return reasons

    def accounts(self) -> list[accounts.MonthAccount]:
        """Every finished month's account, month 1 first."""
        return list(self.book)

    def account(self, month: int) -> accounts.MonthAccount | None:
        """The account of month `month` (1 = the first), or None if it is not played yet."""
        return self.book[month - 1] if 1 <= month <= len(self.book) else None

    def pending_moves(self) -> list[accounts.Line]:
        """Cash moved so far in the month being played (by decisions and events)."""
        return list(self.moves.get(self.month, []))

    def autosave(self) -> bool:
        """Save the run where Continue finds it. A failure never raises: `autosave_error` says
        what went wrong, `autosave_reason` why in the player's words (a translation key), and
        `unsaved_since` the month of the last good save; the screens tell the player.

        While the game's window runs (`saves.write_in_background`), the frame only takes a
        snapshot of the run (`saves.Snapshot`); its text is made and the file written on the
        saves' thread, and a failure is recorded when it happens, a moment later; True then
        means the save was handed over."""
        if not self.autosave_enabled:
            return False
        try:
            if saves.autosave_blocked():
                raise OSError(errno.EBUSY, "another window of the game saves in this folder")
            if saves.writing_in_background():
                month = self.month
                saves.save_in_background(
                    self, saves.autosave_path(), lambda error: self._autosaved(error, month)
                )
                return True
            saves.save(self, saves.autosave_path())
        except OSError as exc:
            self._autosaved(exc, self.month)
            return False
        self._autosaved(None, self.month)
        return True

    def _autosaved(self, error: Exception | None, month: int) -> None:
        if error is not None:
            log.error("autosave failed: %s", error)
            if self.autosave_error is None:  # a new failure: the screens tell the player again
                self.unsaved_since = self.saved_month
                self.unsaved_told = False
            self.autosave_error = str(error)
            self.autosave_reason = saves.failure_reason(error)
            return
        self.autosave_error = self.autosave_reason = None
        self.saved_month = month

    @property
    def unsaved(self) -> bool:
        """The last autosave failed: quitting now would lose the run."""
        return bool(self.autosave_enabled and self.autosave_error)

    # ---- events -------------------------------------------------------------------------
    def event_rng(self, month: int | None = None) -> np.random.Generator:
        m = self.month if month is None else month
        return np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(3000, m)))

    def _collect_events(self) -> None:
        events = getattr(self.scenario, "events", None) or []
        if not events or self.engine.done:
            return
        try:
            from game.scenario.events import due_events, render  # noqa: PLC0415
        except ImportError:
            return
        facts = self.facts()
        due = due_events(
            self.scenario,
            facts,
            self.shown_event_ids,
            self.event_rng(),
            shown_texts=self.shown_event_texts,
        )
        for ev in due:
            self.shown_event_ids.append(ev.id)
            self.shown_event_texts.append(render(ev.text, facts, ev.people))
            self.event_facts[ev.id] = dict(facts)
            self.pending_events.append(ev)

    def show_event(self, event: Any):
        """The event as the player reads it (game.scenario.events.ShownEvent)."""
        from game.scenario.events import show  # noqa: PLC0415

        return show(event, self.event_facts.get(event.id) or self.facts(), self.lang)

    def choose(self, event: Any, choice_index: int) -> list[str]:
        """Take a choice of a pending event: its effect commands go through the engine.

        Returns translated reasons for effects that could not apply (the others still do)."""
        from game.scenario.events import choice_commands, render  # noqa: PLC0415

        choice = event.choices[choice_index]
        problems: list[str] = []
        for cmd in choice_commands(choice, self.player, self.params):
            reasons = [reason_text(k, v) for k, v in cmd.validate(self.engine)]
            reasons = reasons or self._run_reasons(cmd)
            if reasons:
                problems += reasons
                continue
            self._apply(cmd, detail=event.id)
        facts = self.event_facts.get(event.id) or self.facts()
        self._decide(
            "decision.event",
            {
                "event": event.id,
                "choice": choice_index,
                "label": render(choice.label, facts, event.people, self.lang),
                # the answer in every language ("label_zh"), shown in the one chosen then
                **{
                    f"label_{lang}": render(choice.label, facts, event.people, lang)
                    for lang in i18n.available_languages()
                },
            },
        )
        self.pending_events = [e for e in self.pending_events if e.id != event.id]
        self.event_facts.pop(event.id, None)
        return problems

    # ---- the end ------------------------------------------------------------------------
    def ending(self) -> dict:
        """A summary of the run for the ending and the debrief."""
        st, h, p = self.engine.state, self.player, self.params
        hist = self.history
        incomes = [r.income for r in hist]
        spouse = float(st.spouse_income[h])
        own = [own_income(r, spouse) for r in hist]
        former = float(st.former_wage[h])
        trade = int(st.trade[h])
        opened = [d for d in self.decisions if d.key == "decision.open_business"]
        return {
            "reason": "months_done"
            if self.engine.done
            else ("destitute" if self.over else "playing"),
            "months_played": self.month,
            "months": p.months,
            "status": self.status,
            "cash_yuan": float(st.cash[h]),
            "informal_debt_yuan": float(st.informal_debt[h]),
            "loan_yuan": float(st.loan_principal[h]),
            "net_worth_yuan": float(st.cash[h] - st.informal_debt[h] - st.loan_principal[h]),
            "former_wage_yuan_per_month": former,
            "mean_income_yuan_per_month": float(np.mean(incomes)) if incomes else 0.0,
            # what replaced the lost wage: the worker's own income (the spouse's wage is not
            # the layoff's to replace), as the town's median against the wage counts it
            "mean_own_income_yuan_per_month": float(np.mean(own)) if own else 0.0,
            "income_vs_former_wage": (float(np.mean(own)) / former) if own and former > 0 else 0.0,
            "total_profit_yuan": float(sum(r.profit for r in hist)),
            "has_business": trade >= 0,
            "trade": p.trades[trade].key if trade >= 0 else "",
            "trade_name": self.trade_name(trade) if trade >= 0 else "",
            "months_open": int(st.months_open[h]) if trade >= 0 else 0,
            "businesses_opened": int(st.businesses_opened[h]) or len(opened),
            "blacklisted": bool(st.blacklisted[h]),
            "defaulted": any(c[0] == "defaulted" for r in hist for c in r.causes),
            "guarantor_called": any(c[0] == "guarantor_was_called" for r in hist for c in r.causes),
            "health": float(st.health[h]),
            "decisions": len(self.decisions),
            "seed": self.seed,
            "scenario": self.scenario_ref or "",
        }

    # ---- persistence --------------------------------------------------------------------
    def to_dict(self, scenario: bool = True, engine: bool = True) -> dict:
        """The run as JSON-able data (what a save holds). `scenario=False` / `engine=False`
        leave the scenario's / the engine's entry None, for `save_parts` to fill in later."""
        # read back in this process (the epilogue's copy, a save), taken without the loader
        checked.vouch(self.scenario, self.engine.params)
        return {
            "session_format": SESSION_FORMAT,
            "run_id": self.run_id,
            "seed": self.seed,
            "player": self.player,
            "lang": self.lang,
            "scenario_ref": self.scenario_ref,
            "scenario": scenario_data(self.scenario) if scenario else None,
            "screen": self.screen,
            "engine": self.engine.to_dict() if engine else None,
            "decisions": [[d.month, d.key, d.values] for d in self.decisions],
            "shown_event_ids": list(self.shown_event_ids),
            "shown_event_texts": list(self.shown_event_texts),
            "pending_events": [e.id for e in self.pending_events],
            "event_facts": self.event_facts,
            "reflection": self.reflection,
            "guarantor_rounds": list(self.guarantor_rounds),
            "loan_wish": self.loan_wish,
            "accounts": {
                "month_start_cash": self.month_start_cash,
                "moves": {
                    str(m): [[x.key, x.yuan, x.detail] for x in ls] for m, ls in self.moves.items()
                },
                "book": [accounts.account_to_plain(a) for a in self.book],
            },
        }

    def save_parts(self) -> tuple[dict, Engine, Callable[[], dict]]:
        """`to_dict()` in parts, for a save whose text is made off the frame (the saves thread):
        the data without the engine's and the scenario's entries; the engine itself, which the
        caller copies at once with the data (a pickle copies its arrays in C, where
        `Engine.to_dict` would write them out as hex in the frame) and turns into its entry
        later; and a call that gives the scenario's entry later. The scenario is frozen (a run
        never changes it), so its data reads the same then; it is most of the cost of
        `to_dict`."""
        data = self.to_dict(scenario=False, engine=False)
        return data, self.engine, functools.partial(scenario_data, self.scenario)

    @classmethod
    def load(cls, path: Path | str) -> GameSession:
        """The run saved at `path`. Raises `saves.SaveError` with a message for the player."""

        def rebuild(data: dict) -> GameSession:
            session = cls.from_dict(data)
            _trial_month(data, session)
            return session

        return saves.load_with(path, rebuild)

    @classmethod
    def from_dict(cls, d: dict) -> GameSession:
        """Rebuild a session. Raises ValueError (plain message) for data that is not a session."""
        if (
            not isinstance(d, dict)
            or type(d.get("session_format")) is not int
            or d.get("session_format") != SESSION_FORMAT
        ):
            got = d.get("session_format") if isinstance(d, dict) else None
            raise ValueError(f"session format {got!r:.20}; this game reads format {SESSION_FORMAT}")
        params = _checked_params(d)
        eng_d = d["engine"]
        eng = Engine.from_dict(eng_d, params)
        _keep_saved_dtypes(eng, eng_d)
        sc = scenario_from_data(d.get("scenario"), params)
        # a loaded run speaks the player's language now, not the one it was saved in
        s = cls(sc, eng, int(d["seed"]), int(d.get("player", 0)), None, d.get("scenario_ref"))
        s.run_id = d.get("run_id") or run_id_of(s.seed, eng.hashes)
        s.screen = d.get("screen", "month")
        s.decisions = [Decision(int(m), str(k), dict(v)) for m, k, v in d.get("decisions", [])]
        s.shown_event_ids = list(d.get("shown_event_ids", []))
        s.shown_event_texts = list(d.get("shown_event_texts", []))
        s.event_facts = dict(d.get("event_facts", {}))
        s.reflection = reflection.clean(d.get("reflection"))
        by_id = {e.id: e for e in getattr(sc, "events", None) or []}
        s.pending_events = [by_id[i] for i in d.get("pending_events", []) if i in by_id]
        s.guarantor_rounds = [int(m) for m in d.get("guarantor_rounds", [])]
        wish = d.get("loan_wish")
        s.loan_wish = float(wish) if isinstance(wish, (int, float)) else None
        accounts.restore(s, d.get("accounts"))
        return s


def run_id_of(seed: int, hashes: list[str]) -> str:
    """A run id for a run saved before runs had one: the same for the same run."""
    blob = f"{seed}:{hashes[0] if hashes else ''}".encode()
    return hashlib.sha256(blob).hexdigest()[:6]


def _checked_params(d: dict) -> Params:
    """Every field of a saved session checked (game/runcheck.py), its parameters by the
    scenario loader."""
    return runcheck.session(d, tuple(i18n.available_languages()))


def _keep_saved_dtypes(eng: Engine, eng_d: dict) -> None:
    """Per-trade arrays back in the dtype they were saved with. `TownState.from_dict` casts
    them to the start dtype (float32); saves written before the core kept `pool_last` in place
    hold it as float64, and only that dtype continues such a run bit-identically."""
    st = eng.state
    saved = eng_d.get("state", {})
    for k in type(st)._TRADE_ARRAYS:
        d = saved.get(k)
        cur = getattr(st, k)
        if isinstance(d, dict) and np.dtype(d["dtype"]) != cur.dtype:
            a = np.frombuffer(bytes.fromhex(d["hex"]), dtype=np.dtype(d["dtype"])).copy()
            if a.size == cur.size:
                object.__setattr__(st, k, a.reshape(cur.shape))


def reason_text(key: str, values: dict) -> str:
    """A reason in the player's language; English from the core if the key is not translated."""
    full = f"reason.{key}"
    if i18n.has_key(full) or i18n.has_key(full, "en"):
        if isinstance(values.get("months"), int | float):  # "3 months", "1 month", "3个月"
            values = {**values, "months": i18n.months(int(values["months"]))}
        return i18n.t(full, **words.reason_values(values))
    try:
        return REASON_TEXT.get(key, key).format(**values)
    except (KeyError, ValueError, IndexError):
        return REASON_TEXT.get(key, key)


__all__ = [
    "GameSession",
    "Decision",
    "ScenarioError",
    "load_scenario",
    "reason_text",
    "scenario_text",
]


def _trial_month(data: dict, session: GameSession) -> None:
    """Play the next month on a second copy of a loaded run: a save that loads must also
    play, or the player would lose the run a click later. Raises what the month raises."""
    bad = runcheck.finite_state(session.engine.state)
    if bad:
        raise ValueError(f"the saved town holds numbers that are not finite ({', '.join(bad[:3])})")
    if session.engine.done:
        return
    trial = GameSession.from_dict(data)
    trial.autosave_enabled = False
    with np.errstate(all="ignore"):
        trial.end_month()
    bad = runcheck.finite_state(trial.engine.state)
    if bad:
        raise ValueError(f"the saved town does not run on ({', '.join(bad[:3])} not finite)")
