"""A seat in a workshop: one household of a town, a name, a strategy line, and who plays it.

`SeatSession` is the single-player `GameSession` for one household of a shared town: it keeps
the seat's decisions, accounts and scenario events exactly as a single-player run does, but
the month is resolved by the workshop (once for the whole town), not by the seat.

Scripted seats play a `PathPlayer`; `script_player` builds one from a strategy label
("self_employ:best:1", "job_search", ...) or, for a seat handed back mid-game, one that goes
on with what the household is doing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np

from game import accounts, i18n
from game.core.commands import PATHS
from game.core.engine import Engine
from game.core.report import MonthReport
from game.players import PathPlayer
from game.session import GameSession

NAME_MAX = 40  # characters of a seat's name
STRATEGY_MAX = 200  # characters of the one-line strategy
# The scripted strategies seats take in turn when nobody sits in them: most try a business
# (the trade their skills fit best, opening in month 1 or 3), as most of a laid-off town did.
SCRIPT_MIX = (
    "self_employ:best:1",
    "self_employ:best:1",
    "job_search",
    "self_employ:best:3",
    "day_labour",
    "self_employ:0:1",
    "retrain",
    "migrate",
)


def clean_text(text: Any, limit: int) -> str:
    """One line of plain text: control characters dropped, runs of spaces made one, cut to
    `limit` characters."""
    s = "" if text is None else str(text)
    s = "".join(" " if ch in "\t\r\n" else ch for ch in s)
    s = "".join(ch for ch in s if not unicodedata.category(ch).startswith("C"))
    return " ".join(s.split())[:limit].strip()


def valid_script(label: str) -> bool:
    try:
        script_player(label)
    except ValueError:
        return False
    return True


def script_player(label: str) -> PathPlayer:
    """A scripted strategy from its label: a path, or "self_employ:<trade|best>:<month>"."""
    parts = str(label).split(":")
    if parts[0] != "self_employ":
        if len(parts) != 1 or parts[0] not in PATHS:
            raise ValueError(f"unknown strategy {label!r}")
        return PathPlayer(parts[0])
    if len(parts) != 3:
        raise ValueError(f"unknown strategy {label!r}")
    try:
        trade = None if parts[1] == "best" else int(parts[1])
        month = int(parts[2])
    except ValueError:
        raise ValueError(f"unknown strategy {label!r}") from None
    return PathPlayer("self_employ", trade=trade, entry_month=month)


def trade_name(scenario: Any, index: int) -> str:
    """A trade's name in the reader's language (the scenario's own names where it has them)."""
    trades = scenario.params.trades
    if not 0 <= index < len(trades):
        return ""
    fn = getattr(scenario, "trade_name", None)
    return fn(trades[index].key, i18n.get_language()) if fn else trades[index].name


def script_plan(label: str, scenario: Any) -> str:
    """A scripted strategy in words, as a seat would write it."""
    parts = str(label).split(":")
    if parts[0] != "self_employ":
        return i18n.t(f"workshop.script.{parts[0]}")
    month = int(parts[2]) + 1
    if parts[1] == "best":
        return i18n.t("workshop.script.self_employ_best", month=month)
    trade = trade_name(scenario, int(parts[1]))
    return i18n.t("workshop.script.self_employ_trade", trade=trade, month=month)


def going_on_player(session: SeatSession, label: str) -> PathPlayer:
    """The scripted player for a seat handed back: it goes on with what the household is
    doing now (its business, its path), or starts on `label` if it has not chosen yet."""
    st, h = session.engine.state, session.player
    status = session.status
    if status == "self_employed" and int(st.trade[h]) >= 0:
        player = PathPlayer("self_employ", trade=int(st.trade[h]), entry_month=session.month)
        player.started = True
        assert player.business is not None
        player.business.opened_month = session.month
        return player
    if status in PATHS and status != "self_employ":
        player = PathPlayer(status)
        player.started = True
        return player
    return script_player(label)


class SeatSession(GameSession):
    """A household's run inside a shared town (see the module's docstring)."""

    def __init__(self, scenario: Any, engine: Engine, seed: int, household: int, event_seed: int):
        super().__init__(scenario, engine, seed, household)
        self.autosave_enabled = False
        # Scenario events draw from a stream of this seed: the town's for every seat in
        # same-shocks mode, else one of the seat's own.
        self.event_seed = int(event_seed)

    # The workshop this seat plays in: the screens may hold a SeatSession as they hold a
    # GameSession, and a decision made on it still goes through the workshop (checked against
    # the round, recorded in the session file).
    workshop: Any = None
    seat_index: int = -1

    def submit(self, cmd) -> list[str]:
        """A person's decision, through the workshop: [] if applied, else why not."""
        if self.workshop is None:
            return self.submit_now(cmd)
        r = self.workshop.submit(self.seat_index, cmd)
        return [] if r.ok else list(r.reasons) or [r.message]

    def submit_now(self, cmd) -> list[str]:
        return GameSession.submit(self, cmd)

    def choose(self, event: Any, choice_index: int) -> list[str]:
        """A person's answer to a scenario event, through the workshop."""
        if self.workshop is None:
            return self.choose_now(event, choice_index)
        r = self.workshop.choose_event(self.seat_index, event.id, choice_index)
        return list(r.reasons) if r.ok else [r.message]

    def choose_now(self, event: Any, choice_index: int) -> list[str]:
        return GameSession.choose(self, event, choice_index)

    def event_rng(self, month: int | None = None) -> np.random.Generator:
        m = self.month if month is None else month
        return np.random.default_rng(np.random.SeedSequence(self.event_seed, spawn_key=(3000, m)))

    def end_month(self) -> MonthReport:  # pragma: no cover - a guard
        raise RuntimeError("in a workshop a seat ends its month with WorkshopSession.end_month")

    def autosave(self) -> bool:
        return False  # the workshop's session file holds the run

    def close_month(self, month: int, report: MonthReport, before: dict) -> None:
        """The seat's side of a month the town has resolved: its account, its events.
        `before`: `month_opening()`'s figures, read before the town's month, so the seat's
        account has the lines a single player's has (the house built from the money sent
        home apart from what the household spends by habit)."""
        cash = float(self.engine.state.cash[self.player])
        self.book.append(
            accounts.account_for_month(
                month + 1, self.month_start_cash, report, self.moves.get(month, []),
                before["living"], cash, before["habit"],
            )
        )  # fmt: skip
        self.month_start_cash = cash
        self._collect_events()


@dataclass
class SeatSpec:
    """What the facilitator set up for a seat (written in the session file's header)."""

    town: int
    household: int
    name: str
    strategy: str  # the seat's own words: its plan, read back in the debrief
    script: str  # the scripted strategy that plays the seat while nobody sits in it
    occupied: bool  # someone sits in it from the start

    def to_dict(self) -> dict:
        return {
            "town": self.town,
            "household": self.household,
            "name": self.name,
            "strategy": self.strategy,
            "script": self.script,
            "occupied": self.occupied,
        }


__all__ = [
    "NAME_MAX",
    "SCRIPT_MIX",
    "STRATEGY_MAX",
    "SeatSession",
    "SeatSpec",
    "clean_text",
    "going_on_player",
    "script_plan",
    "trade_name",
    "script_player",
    "valid_script",
]
