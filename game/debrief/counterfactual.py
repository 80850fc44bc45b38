"""What else could have happened: counterfactual runs of the *same world* with other choices.

The core derives every random stream from (seed, month, subsystem), so a run rebuilt from the
same scenario and seed meets the same shocks (the same layoffs, illnesses, job offers for the
same odds) unless a choice changes who is exposed to them. The debrief replays the player's
own command log in such a rebuilt town and changes one thing at a time:

* ``replay``    nothing (the check: it must reproduce the actual run, state hash for hash);
* ``path``      the same household following another of the four measures (retraining,
                migration, internal retirement if eligible), day labour, or a business if the
                player did not start one, from the month the player chose their path; the
                business and loan commands after that point are dropped;
* ``no_entry``  no AI neighbour opens a business in the player's trade from the month the
                player opened (``Engine.block_entry_after``);
* ``no_loans``  the town with no subsidised loans (``policy.loans_enabled = False``); the
                player's loan commands are dropped, and if the household then cannot raise the
                start-up cost the way its neighbours would (savings plus a little informal
                credit), it looks for work instead;
* ``luck``      the same choices in other draws of the same town (other seeds): how much of
                the outcome was the dice.

No pygame here: the CLI report, the tests and the benchmark use it headless; the debrief screen
runs it in the background with `CounterfactualJob` (a child process, or a thread; progress,
cancel).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from game import i18n
from game.core import views
from game.core.commands import (
    BorrowInformally,
    ChoosePath,
    Command,
    OpenBusiness,
    command_from_dict,
)
from game.core.curves import TownCurves, town_curves
from game.core.engine import Engine
from game.core.params import Params
from game.core.report import own_income
from game.i18n import t
from game.players import PathPlayer, Seat
from game.session import reason_text
from game.words import calendar, gap, in_sentence, per_unit

# Commands a household keeps making whatever its path (they are about the family, not the
# business): kept after the switch in a path counterfactual.
HOUSEHOLD_KINDS = {"set_school_fees", "set_doctor", "event_payment", "stand_as_guarantor"}
# Commands that commit the household to a path: the first one is where paths part.
PATH_KINDS = {"choose_path", "apply_for_certificate", "apply_for_loan", "open_business"}
LOAN_KINDS = {"apply_for_certificate", "apply_for_loan", "repay_loan", "extend_loan"}
ALTERNATIVE_PATHS = ("retrain", "migrate", "retire", "day_labour", "self_employ")
LUCK_DRAWS = 4
LUCK_SEED_STEP = 7919  # other seeds far apart (any distinct seeds would do)


# --- what a run needs, as plain data -----------------------------------------------------------


@dataclass
class RunSpec:
    """Everything needed to rebuild the player's town and replay their decisions."""

    params: Params
    seed: int
    players: tuple[int, ...]
    player: int
    profile: dict
    log: list[dict]
    months: int  # months the player has played (the counterfactuals stop there)
    start_hash: str | None = None  # the actual run's month-0 fingerprint
    hashes: list[str] = field(default_factory=list)


def spec_from_session(session) -> RunSpec:
    eng = session.engine
    return RunSpec(
        params=session.params,
        seed=int(session.seed),
        players=tuple(eng.players),
        player=int(session.player),
        profile=session.profile(),
        log=[dict(e) for e in eng.command_log],
        months=int(eng.month),
        start_hash=eng.hashes[0] if eng.hashes else None,
        hashes=list(eng.hashes),
    )


def build_engine(spec: RunSpec, params: Params | None = None, seed: int | None = None) -> Engine:
    """The town at month 0 exactly as GameSession.new built it (the same player profile)."""
    return Engine(
        params or spec.params,
        seed=spec.seed if seed is None else seed,
        players=spec.players,
        player_profile=spec.profile,
    )


# --- the facts about the actual run the variants hinge on ---------------------------------------


@dataclass
class Hinges:
    divergence: int  # index in the log of the first path command (-1: none; switch at month 0)
    divergence_month: int
    actual_path: str  # the first path the player took ("" if none)
    trade: int  # the player's trade (first business opened), -1 if none
    open_month: int  # the month they opened it, -1 if never


def hinges(spec: RunSpec) -> Hinges:
    div, div_month, path = -1, 0, ""
    for i, e in enumerate(spec.log):
        if int(e.get("household", -1)) != spec.player or e["command"] not in PATH_KINDS:
            continue
        div, div_month = i, int(e["month"])
        path = e.get("path", "job_search") if e["command"] == "choose_path" else "self_employ"
        break
    trade, open_month = -1, -1
    for e in spec.log:
        if e["command"] == "open_business" and int(e.get("household", -1)) == spec.player:
            trade, open_month = int(e["trade"]), int(e["month"])
            break
    return Hinges(div, div_month, path, trade, open_month)


@dataclass(frozen=True)
class Variant:
    key: str  # "replay", "path:migrate", "no_entry", "no_loans", "luck:2"
    kind: str
    path: str = ""
    draw: int = 0


def plan(spec: RunSpec, include_replay: bool = True, luck_draws: int = LUCK_DRAWS) -> list[Variant]:
    """The runs the debrief needs, in the order it shows them."""
    h = hinges(spec)
    out = [Variant("replay", "replay")] if include_replay else []
    for p in ALTERNATIVE_PATHS:
        if p == h.actual_path:
            continue
        out.append(Variant(f"path:{p}", "path", path=p))
    if h.trade >= 0:
        out.append(Variant("no_entry", "no_entry"))
    if spec.params.policy.loans_enabled:
        out.append(Variant("no_loans", "no_loans"))
    out += [Variant(f"luck:{k}", "luck", draw=k) for k in range(1, luck_draws + 1)]
    return out


# --- one run -------------------------------------------------------------------------------------


def town_of(spec: RunSpec, variant: Variant) -> tuple[Params, int]:
    """The parameters and the seed of the variant's town."""
    params, seed = spec.params, spec.seed
    if variant.kind == "no_loans":
        params = replace(params, policy=replace(params.policy, loans_enabled=False))
    if variant.kind == "luck":
        seed = spec.seed + LUCK_SEED_STEP * variant.draw
    return params, seed


class VariantRun:
    """One counterfactual, stepped a month at a time (so a thread can stop between months).
    Its town is its own, or `eng`: a town of a batch built with the variant's parameters and
    seed (`town_of`), stepped with the batch's other towns (`run_all`)."""

    def __init__(self, spec: RunSpec, variant: Variant, eng: Engine | None = None) -> None:
        self.spec, self.variant = spec, variant
        self.h = spec.player
        self.hinge = hinges(spec)
        self.available = True
        self.unavailable_reason: tuple[str, dict] | None = None
        self.skipped: list[dict] = []  # commands of the log the changed world refused
        self.notes: dict[str, Any] = {}  # what happened differently ("could_not_open": ...)
        self.mode = "replay"  # "replay" | "household" (after the switch)
        self.bot: PathPlayer | None = None  # plays the household after a switch to a business
        if eng is None:
            params, seed = town_of(spec, variant)
            eng = build_engine(spec, params=params, seed=seed)
        self.eng = eng
        if variant.kind != "replay":
            # Only the replay's hashes are compared (replay_matches): the others keep none.
            eng.fingerprint = False
        self.seat = Seat(self.eng, self.h)
        if variant.kind == "no_entry" and self.hinge.trade >= 0:
            self.eng.block_entry_after(self.hinge.trade, self.hinge.open_month)
        self.by_month: dict[int, list[tuple[int, dict]]] = {}
        for i, e in enumerate(spec.log):
            self.by_month.setdefault(int(e["month"]), []).append((i, e))
        if variant.kind == "path" and self.hinge.divergence < 0:
            self._switch()  # the player never chose: the other path starts at once

    @property
    def done(self) -> bool:
        return (not self.available) or self.eng.month >= self.spec.months or self.eng.done

    def step(self) -> bool:
        """Play one month (the player's commands for it, then the month). True when finished."""
        if self.done or not self.decide():
            return True
        self.eng.end_month()
        return self.done

    def decide(self) -> bool:
        """The player's commands for the month now open (and the bot's), before the month is
        stepped; False when the changed world has no place for them (the run ends here)."""
        for i, entry in self.by_month.get(self.eng.month, []):
            self._command(i, entry)
            if not self.available:
                return False
        if self.bot is not None:
            self.bot.act(self.seat)
        return True

    def run(self) -> VariantRun:
        while not self.step():
            pass
        return self

    # ---- the player's commands in the changed world ----------------------------------------
    def _command(self, i: int, entry: dict) -> None:
        v, kind = self.variant, entry["command"]
        if v.kind == "path" and i == self.hinge.divergence:
            self._switch()
            return
        if self.mode == "household" and kind not in HOUSEHOLD_KINDS:
            return
        if v.kind == "no_loans" and kind in LOAN_KINDS:
            return
        cmd = command_from_dict({k: x for k, x in entry.items() if k != "month"})
        if v.kind == "replay":
            errors = self.eng.submit(cmd)
            if errors:
                raise ValueError(
                    f"the replay refused a command in month {self.eng.month}: {errors}"
                )
            return
        if kind == "open_business" and v.kind in ("no_loans", "luck"):
            self._open_or_give_up(cmd)
            return
        if self.eng.submit(cmd):
            self.skipped.append(entry)

    def _switch(self) -> None:
        path = self.variant.path
        self.mode = "household"
        reasons = ChoosePath(self.h, path).validate(self.eng)
        if reasons:
            self.available = False
            self.unavailable_reason = reasons[0]
            return
        self.notes["switch_month"] = self.eng.month
        if path == "self_employ":  # the scripted entrepreneur chooses the path itself, and acts
            self.bot = PathPlayer(path, entry_month=self.eng.month, bridge=False)
            return
        self.eng.submit(ChoosePath(self.h, path))

    def _open_or_give_up(self, cmd: Command) -> None:
        """Open as the player did if the money is there; else raise the gap the way the AI
        neighbours do (a little informal credit); else look for work for the rest of the run."""
        eng, h = self.eng, self.h
        if not eng.submit(cmd):
            return
        need = views.market(eng, cmd.trade).start_up
        gap = need - views.household_view(eng, h).cash
        room = views.budget(eng, h).start_up_informal_room_yuan

        if 0 < gap <= room and not eng.submit(BorrowInformally(h, float(np.ceil(gap)))):
            if not eng.submit(OpenBusiness(h, cmd.trade, -1)):
                self.notes["borrowed_informally_to_open"] = float(np.ceil(gap))
                return
        self.notes["could_not_open"] = {
            "trade": int(cmd.trade),
            "need": need,
            "cash": views.household_view(eng, h).cash,
            "month": eng.month,
        }
        self.skipped.append({"command": "open_business", "month": eng.month})
        self.mode = "household"
        if views.household_view(eng, h).status in ("laid_off", "day_labour"):
            eng.submit(ChoosePath(h, "job_search"))

    # ---- the result -----------------------------------------------------------------------
    def outcome(self, focus_trade: int) -> dict:
        return outcome_of(
            self.eng,
            self.h,
            focus_trade,
            self.spec.months,
            key=self.variant.key,
            kind=self.variant.kind,
            path=self.variant.path,
            available=self.available,
            reason=self.unavailable_reason,
            skipped=len(self.skipped),
            notes=self.notes,
        )


# --- outcomes ------------------------------------------------------------------------------------


def focus_trade(session_or_engine, h: int, spec: RunSpec | None = None) -> int:
    """The trade the household's story is about: the one it opened, else borrowed or planned
    for, else the trade most of the town crowded into."""
    eng = getattr(session_or_engine, "engine", session_or_engine)
    hv = views.household_view(eng, h)
    if spec is not None:
        t = hinges(spec).trade
        if t >= 0:
            return t
    for tr in (hv.trade, hv.loan_trade, hv.planned_trade):
        if tr >= 0:
            return tr
    for month in reversed(eng.reports):
        r = month.get(h)
        if r is not None and r.trade >= 0:
            return int(r.trade)
    entries: dict[str, int] = {}
    for row in town_curves(eng).trade_rows():
        entries[row["trade"]] = entries.get(row["trade"], 0) + int(row["entries"])
    keys = [t.key for t in eng.params.trades]
    return keys.index(max(entries, key=lambda k: entries[k])) if entries else 0


def outcome_of(eng: Engine, h: int, focus: int, months: int | None = None, **meta) -> dict:
    """One run's numbers for the debrief: the household month by month, its trade, the town."""
    reports = [m[h] for m in eng.reports if h in m]
    if months is not None:
        reports = reports[:months]
    n = len(reports)
    p = eng.params
    unit = [t.unit_cost_yuan for t in p.trades]
    hv = views.household_view(eng, h)
    former = hv.former_wage
    key = p.trades[focus].key if 0 <= focus < len(p.trades) else ""
    curves = town_curves(eng, OUTCOME_TOWN_SERIES, OUTCOME_TRADE_SERIES)
    # the trade's and the town's months up to n, as `trade_rows` / `town_rows` give them (their
    # series read straight: no dict a month for the town's ~40 series)
    trade = _Months(curves.trades[key], n + 1) if key in curves.trades else None
    rows = curves.trade_rows(key)[: n + 1] if trade is None else trade
    town = _Months(curves.town, n + 1)
    margins = [
        ((r.price - unit[r.trade]) / r.price) if r.trade >= 0 and r.price > 0 else None
        for r in reports
    ]
    open_margins = [m for m in margins if m is not None]
    net = [r.cash - r.informal_debt - r.loan_principal for r in reports]
    incomes = [r.income for r in reports]
    spouse = views.budget(eng, h).spouse_income_yuan
    own = [own_income(r, spouse) for r in reports]  # what replaced the wage (as the ending says)
    final = {
        "cash": reports[-1].cash if reports else hv.cash,
        "informal_debt": reports[-1].informal_debt if reports else 0.0,
        "loan": reports[-1].loan_principal if reports else 0.0,
        "net_worth": net[-1] if net else hv.cash,
        "mean_income": float(np.mean(incomes)) if incomes else 0.0,
        "income_vs_former_wage": (float(np.mean(own)) / former) if own and former > 0 else 0.0,
        "total_profit": float(sum(r.profit for r in reports if r.trade >= 0)),
        "months_open": sum(1 for r in reports if r.trade >= 0),
        "mean_margin": float(np.mean(open_margins)) if open_margins else None,
        "mean_profit_open": (
            float(np.mean([r.profit for r in reports if r.trade >= 0])) if open_margins else None
        ),
        "status": reports[-1].status if reports else hv.status,
        "trade": reports[-1].trade if reports else hv.trade,
        "defaulted": any(c[0] == "defaulted" for r in reports for c in r.causes),
        "guarantor_called": any(c[0] == "guarantor_was_called" for r in reports for c in r.causes),
        "sellers_end": int(rows[-1]["sellers"]) if rows else 0,
        "sellers_peak": max((int(r["sellers"]) for r in rows), default=0),
        "trade_entries": sum(int(r["entries"]) for r in rows),
        "trade_price_end": rows[-1]["median_price"] if rows else None,
        "trade_margin_end": rows[-1]["median_margin"] if rows else None,
        "town_entries": sum(int(r["entries"]) for r in town),
        "town_exits": sum(int(r["exits"]) for r in town),
        "town_defaults": sum(int(r["defaults"]) for r in town),
        "entries_by_trade": _entries_by_trade(eng, n, curves),
        "town_self_employed_end": int(town[-1]["self_employed"]) if town else 0,
    }
    return {
        **{k: v for k, v in meta.items()},
        "months": list(range(1, n + 1)),
        "former_wage": former,
        "focus_trade": focus,
        "focus_trade_key": key,
        "cash": [r.cash for r in reports],
        "informal_debt": [r.informal_debt for r in reports],
        "loan": [r.loan_principal for r in reports],
        "net_worth": net,
        "income": incomes,
        "profit": [r.profit if r.trade >= 0 else None for r in reports],
        "status": [r.status for r in reports],
        "trade": [r.trade for r in reports],
        "margin": margins,
        "trade_sellers": [int(r["sellers"]) for r in rows],
        "trade_entries_by_month": [int(r["entries"]) for r in rows],
        "trade_price": [r["median_price"] for r in rows],
        "trade_margin": [r["median_margin"] for r in rows],
        "hashes": list(eng.hashes[: n + 1]),
        "final": final,
    }


# The series an outcome reads (`outcome_of`): the town's, and each trade's.
OUTCOME_TOWN_SERIES = ("entries", "exits", "defaults", "self_employed")
OUTCOME_TRADE_SERIES = ("sellers", "entries", "median_price", "median_margin")


def _entries_by_trade(eng: Engine, n: int, curves: TownCurves | None = None) -> dict[str, int]:
    out = {t.key: 0 for t in eng.params.trades}
    curves = curves or town_curves(eng)
    upto = [m <= n for m in curves.months]
    for key in curves.trade_keys:  # (each trade's entries series, its months up to n)
        entries = curves.trades.get(key, {}).get("entries")
        if entries is None:  # (a trade without series: as its rows read)
            return _entries_by_rows(eng, n, curves)
        for on, v in zip(upto, entries, strict=True):
            if on:
                out[key] += int(v)
    return out


def _entries_by_rows(eng: Engine, n: int, curves: TownCurves) -> dict[str, int]:
    out = {t.key: 0 for t in eng.params.trades}
    for r in curves.trade_rows():
        if r["month"] <= n:
            out[r["trade"]] += int(r["entries"])
    return out


class _Months:
    """The first `upto` months of some series read like their rows: `rows[i][name]`,
    `rows[-1][name]`, iteration and `len` (what `outcome_of` reads of the rows)."""

    def __init__(self, series: dict[str, list[Any]], upto: int) -> None:
        self.series = series
        self.size = min(upto, min((len(v) for v in series.values()), default=0))

    def __len__(self) -> int:
        return self.size

    def __bool__(self) -> bool:
        return self.size > 0

    def __getitem__(self, i: int) -> _Month:
        if not -self.size <= i < self.size:
            raise IndexError(i)
        return _Month(self.series, i % self.size)

    def __iter__(self):
        return (_Month(self.series, i) for i in range(self.size))


class _Month:
    __slots__ = ("i", "series")

    def __init__(self, series: dict[str, list[Any]], i: int) -> None:
        self.series, self.i = series, i

    def __getitem__(self, name: str) -> Any:
        return self.series[name][self.i]


def actual_outcome(session, spec: RunSpec | None = None) -> dict:
    spec = spec or spec_from_session(session)
    focus = focus_trade(session, session.player, spec)
    return outcome_of(
        session.engine,
        session.player,
        focus,
        spec.months,
        key="actual",
        kind="actual",
        available=True,
        reason=None,
        skipped=0,
        notes={},
    )


# --- all of them ---------------------------------------------------------------------------------


def run_all(
    spec: RunSpec,
    variants: list[Variant] | None = None,
    focus: int | None = None,
    cancel: threading.Event | None = None,
    progress=None,
) -> dict[str, dict]:
    """Run every variant to the player's month (`stepped`: in batches), in the plan's order.
    `progress(done_months, total_months)` after each month; stops early (returning what
    finished) when `cancel` is set."""
    variants = plan(spec) if variants is None else variants
    if focus is None:
        focus = hinges(spec).trade
        if focus < 0:
            focus = 0
    total = max(1, len(variants) * max(spec.months, 1))
    got: dict[str, dict] = {}
    cancelled = cancel.is_set if cancel is not None else (lambda: False)
    for message in stepped(spec, variants, focus, cancelled):
        if message[0] == "result":
            got[variants[message[1]].key] = message[2]
        elif progress is not None:
            progress(min(message[1], total), total)
    if progress is not None and len(got) == len(variants):
        progress(total, total)
    return {v.key: got[v.key] for v in variants if v.key in got}


def stepped(spec: RunSpec, variants: list[Variant], focus: int, cancelled) -> Iterator[tuple]:
    """Every variant run to the player's month, the variants of one parameter set (loans
    offered or not) as towns of one batch (each town the bytes it has alone:
    game/core/batch.py), a batch month by month,
    the smaller groups first. Yields ("result", index in `variants`, outcome) as each run
    finishes and ("months", run-months done) after each month; stops between months when
    `cancelled()`."""
    runs, groups = _towns(spec, variants)
    months = max(spec.months, 1)
    done = 0
    for town, members in groups:
        live = members
        while True:
            still = []
            for i in live:
                run = runs[i]
                if run.done or not run.decide():
                    done += max(months - run.eng.month, 0)
                    yield ("result", i, run.outcome(focus))
                else:
                    still.append(i)
            live = still
            if not live:
                break
            if cancelled():
                return
            town.end_month()
            done += len(live)
            yield ("months", done)


def _towns(spec: RunSpec, variants: list[Variant]) -> tuple[list[VariantRun], list[tuple]]:
    """Each variant's run, and the towns to step: a `Batch` of the variants whose parameters
    are the same but for whether loans are offered (the replay, the other paths, no entry,
    luck and no loans: `Batch.shared_params`), a lone engine for a variant whose parameters
    are its own; as (batch or engine, indices of its runs)."""
    from game.core.batch import Batch, loans_apart  # noqa: PLC0415 - the debrief's one use

    towns = [town_of(spec, v) for v in variants]
    shared: list[tuple[Params, list[int]]] = []
    for i, (params, _) in enumerate(towns):
        for same, members in shared:
            if same is params or same == params or loans_apart(params, same):
                members.append(i)
                break
        else:
            shared.append((params, [i]))
    runs: list[Any] = [None] * len(variants)
    groups: list[tuple] = []
    for _, members in sorted(shared, key=lambda g: len(g[1])):
        if len(members) == 1:
            (i,) = members
            runs[i] = VariantRun(spec, variants[i])
            groups.append((runs[i].eng, members))
            continue
        seeds = [towns[i][1] for i in members]
        each = [towns[i][0] for i in members]
        batch = Batch(each, seeds, players=spec.players, player_profile=spec.profile)
        for i, eng in zip(members, batch.engines, strict=True):
            runs[i] = VariantRun(spec, variants[i], eng=eng)
        groups.append((batch, members))
    return runs, groups


def replay_matches(spec: RunSpec, outcome: dict) -> bool:
    """The "no change" run reproduced the actual run: every monthly state hash is the same."""
    want = spec.hashes[: len(outcome["hashes"])]
    return bool(outcome["hashes"]) and outcome["hashes"] == want


def _run_variants(spec: RunSpec, variants: list[Variant], focus: int, send, cancelled) -> None:
    """The work of a job, wherever it runs: each run month by month, reporting progress and
    each finished outcome through `send(message)`; stops between months when `cancelled()`."""
    total = max(1, len(variants) * max(spec.months, 1))
    sent = 0
    for message in stepped(spec, variants, focus, cancelled):
        if message[0] == "result":
            send(("result", variants[message[1]].key, message[2]))
        elif message[1] - sent >= 4 * len(variants) or message[1] >= total:
            sent = message[1]
            send(("progress", min(sent / total, 1.0)))
    if not cancelled():
        send(("progress", 1.0))


def _child_main(conn, spec: RunSpec, variants: list[Variant], focus: int) -> None:
    """The runs in a process of their own (no share of the window's interpreter lock), at a
    lower priority, so on a busy 2-core laptop the window keeps its core."""
    try:
        os.nice(10)
    except (AttributeError, OSError):  # not on every system
        pass
    try:
        _run_variants(spec, variants, focus, conn.send, lambda: False)
        conn.send(("done",))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, shown on the screen
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
    # Everything is sent: end here, not through the interpreter's shutdown (tens of ms of CPU
    # at the lower priority: on a loaded machine seconds, and the window's reader ends a
    # child that has not gone 2 s after its last message).
    os._exit(0)


def job_mode() -> str:
    """ "process" (the default: the window's thread never waits for the runs) or "thread"
    (IRB_DEBRIEF_MODE=thread; also the fallback where processes cannot be started)."""
    mode = os.environ.get("IRB_DEBRIEF_MODE", "process").strip().lower()
    return mode if mode in ("process", "thread") else "process"


class CounterfactualJob:
    """The counterfactual runs in the background, so the window keeps drawing.

    By default they run in a child process (spawned, so it shares nothing with the window's
    SDL state and never competes for its interpreter lock); a reader thread here receives each
    outcome as it finishes. `start()`; read `progress` (0..1), `results` (key -> outcome,
    filled as runs finish), `running`, `done`, `error`; `cancel()` stops the runs (the child
    process is ended). Nothing here touches pygame."""

    def __init__(self, session, luck_draws: int = LUCK_DRAWS, mode: str | None = None) -> None:
        self.spec = spec_from_session(session)
        self.focus = focus_trade(session, session.player, self.spec)
        self.actual = actual_outcome(session, self.spec)
        self.variants = plan(self.spec, luck_draws=luck_draws)
        self.mode = mode or job_mode()
        self.results: dict[str, dict] = {}
        self.progress = 0.0
        self.error: str | None = None
        self.cancelled = False
        self.elapsed = 0.0
        self._cancel = threading.Event()
        # set at the runs' first message (progress, a result, the end): they are under way
        self.under_way = threading.Event()
        self._thread: threading.Thread | None = None
        self._process = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def done(self) -> bool:
        return self._thread is not None and not self._thread.is_alive()

    def start(self) -> CounterfactualJob:
        if self._thread is not None:
            return self
        target = self._work_thread
        if self.mode == "process" and not self._cancel.is_set():
            try:
                import multiprocessing  # noqa: PLC0415

                ctx = multiprocessing.get_context("spawn")
                reader, writer = ctx.Pipe(duplex=False)
                self._process = ctx.Process(
                    target=_child_main,
                    args=(writer, self.spec, self.variants, self.focus),
                    name="debrief-counterfactuals",
                    daemon=True,
                )
                self._start_time = time.perf_counter()
                self._process.start()
                writer.close()
                self._reader = reader
                target = self._work_reader
            except (OSError, ValueError, ImportError, RuntimeError):
                self.mode, self._process = "thread", None  # no processes here: a thread will do
        self._start_time = time.perf_counter()
        self._thread = threading.Thread(target=target, name="debrief-counterfactuals", daemon=True)
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()
        self.cancelled = True
        p = self._process
        if p is not None and p.is_alive():
            p.terminate()  # our own child, by its handle

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.done

    def snapshot(self) -> dict[str, dict]:
        with self._lock:
            return dict(self.results)

    def _receive(self, message: tuple) -> bool:
        """Take one message from the runs; False when they are over."""
        self.under_way.set()
        kind = message[0]
        if kind == "progress":
            self.progress = float(message[1])
        elif kind == "result":
            with self._lock:
                self.results[message[1]] = message[2]
        elif kind == "error":
            self.error = message[1]
            return False
        elif kind == "done":
            return False
        return True

    def _work_thread(self) -> None:
        try:
            _run_variants(self.spec, self.variants, self.focus, self._receive, self._cancel.is_set)
        except Exception as exc:  # noqa: BLE001 - shown on the screen
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.elapsed = time.perf_counter() - self._start_time

    def _work_reader(self) -> None:
        try:
            while not self._cancel.is_set():
                try:
                    message = self._reader.recv()
                except (EOFError, OSError):
                    if not self._cancel.is_set() and len(self.results) < len(self.variants):
                        self.error = "the process running the comparisons stopped"
                    break
                if not self._receive(message):
                    break
        finally:
            self.elapsed = time.perf_counter() - self._start_time
            self._reader.close()
            p = self._process
            if p is not None:
                p.join(2.0)
                if p.is_alive():
                    p.terminate()
                    p.join(2.0)


__all__ = [
    "RunSpec",
    "Variant",
    "VariantRun",
    "CounterfactualJob",
    "spec_from_session",
    "build_engine",
    "plan",
    "run_all",
    "stepped",
    "town_of",
    "actual_outcome",
    "outcome_of",
    "replay_matches",
    "hinges",
    "focus_trade",
]


# --- what made the difference, in words ----------------------------------------------------------

SAME_YUAN = 500.0  # differences smaller than this read "about the same"


def _compare(diff: float) -> str:

    if abs(diff) < SAME_YUAN:
        return t("debrief.cf.same")
    key = "debrief.cf.better" if diff > 0 else "debrief.cf.worse"
    return t(key, amount=i18n.yuan(abs(diff)))


def findings(session, actual: dict, results: dict[str, dict]) -> list[dict]:
    """One card per counterfactual that has finished: a title, one plain sentence with the
    numbers, the difference in what the household ended with, and the series for a small chart
    (net worth month by month, the actual run against this one)."""

    a = actual["final"]
    focus = actual["focus_trade"]
    tname = in_sentence(session, focus)
    tkey = actual["focus_trade_key"]
    spec = spec_from_session(session)
    hg = hinges(spec)
    out: list[dict] = []

    def card(key, kind, title, sentence, res, **extra):
        f = res["final"] if res and res.get("available") else None
        out.append(
            {
                "key": key,
                "kind": kind,
                "title": title,
                "sentence": sentence,
                "available": f is not None,
                "net_worth": f["net_worth"] if f else None,
                "diff": (f["net_worth"] - a["net_worth"]) if f else None,
                "actual_series": actual["net_worth"],
                "series": res["net_worth"] if res else [],
                "short": t(f"debrief.cf.short.{kind if kind != 'path' else extra.get('path', '')}"),
                **extra,
            }
        )

    for p in ALTERNATIVE_PATHS:
        res = results.get(f"path:{p}")
        if res is None:
            continue
        title = t(f"path.{p}.title")
        if not res["available"]:
            k, v = res["reason"] or ("", {})
            why = reason_text(k, v).rstrip(". ")
            card(f"path:{p}", "path", title, t("debrief.cf.path.unavailable", why=why), res, path=p)
            continue
        f = res["final"]
        sentence = t(
            f"debrief.cf.path.{p}",
            when=calendar(session, hg.divergence_month),
            net=i18n.yuan(f["net_worth"]),
            compare=_compare(f["net_worth"] - a["net_worth"]),
            share=i18n.percent(f["income_vs_former_wage"]),
            status=t(f"debrief.end_status.{f['status']}"),
        )
        card(f"path:{p}", "path", title, sentence, res, path=p)

    res = results.get("no_entry")
    if res is not None:
        f = res["final"]
        fewer = a["trade_entries"] - f["trade_entries"]
        p_a, p_c = a["mean_profit_open"], f["mean_profit_open"]
        if p_a is not None and p_c is not None:
            ratio = (
                t("debrief.cf.no_entry.ratio", ratio=f"{p_c / p_a:.1f}")
                if p_a > 100 and p_c / p_a >= 1.1
                else ""
            )
            profit = t(
                "debrief.cf.no_entry.profit",
                profit_cf=i18n.yuan(p_c),
                profit=i18n.yuan(p_a),
                ratio=ratio,
            )
        else:
            profit = t("debrief.cf.no_entry.no_profit")
        m_a, m_c = a["trade_margin_end"], f["trade_margin_end"]
        margin = (
            t("debrief.cf.no_entry.margin", margin_cf=i18n.percent(m_c), margin=i18n.percent(m_a))
            if m_a is not None and m_c is not None
            else ""
        )
        sentence = (
            t(
                "debrief.cf.no_entry.none",
                trade=tname,
                net=i18n.yuan(f["net_worth"]),
                compare=_compare(f["net_worth"] - a["net_worth"]),
            )
            if fewer <= 0
            else None
        )
        sentence = sentence or i18n.plural(
            "debrief.cf.no_entry",
            fewer,
            trade=tname,
            profit=profit,
            margin=margin,
            net=i18n.yuan(f["net_worth"]),
            compare=_compare(f["net_worth"] - a["net_worth"]),
        )
        card(
            "no_entry",
            "no_entry",
            t("debrief.cf.no_entry.title", trade=tname),
            sentence,
            res,
            fewer=fewer,
            margin_actual=m_a,
            margin_cf=m_c,
            profit_actual=p_a,
            profit_cf=p_c,
        )

    res = results.get("no_loans")
    if res is not None:
        f = res["final"]
        fewer = a["town_entries"] - f["town_entries"]
        price = t(
            "debrief.cf.no_loans.price",
            trade=tname,
            price_cf=per_unit(f["trade_price_end"], tkey),
            price=per_unit(a["trade_price_end"], tkey),
            sellers_cf=f["sellers_end"],
            sellers=a["sellers_end"],
        )
        more = "fewer" if fewer > 0 else ("more" if fewer < 0 else "same")
        by = f["entries_by_trade"]
        top = max(by, key=lambda k: by[k]) if by else tkey
        keys = [tr.key for tr in session.params.trades]
        sentence = t(
            f"debrief.cf.no_loans.{more}",
            n=i18n.grouped(abs(fewer)),
            top=in_sentence(session, keys.index(top)) if top in keys else top,
            top_n=by.get(top, 0),
            exits_cf=i18n.grouped(f["town_exits"]),
            exits=i18n.grouped(a["town_exits"]),
            entries_cf=i18n.grouped(f["town_entries"]),
            entries=i18n.grouped(a["town_entries"]),
            price=price,
            net=i18n.yuan(f["net_worth"]),
            compare=_compare(f["net_worth"] - a["net_worth"]),
        )
        blocked = res["notes"].get("could_not_open")
        if blocked:
            sentence += gap() + t(
                "debrief.cf.no_loans.could_not_open",
                need=i18n.yuan(blocked["need"]),
                trade=in_sentence(session, blocked["trade"]),
            )
        card("no_loans", "no_loans", t("debrief.cf.no_loans.title"), sentence, res, fewer=fewer)

    luck = [r for k, r in results.items() if k.startswith("luck:")]
    if luck:
        worths = [r["final"]["net_worth"] for r in luck]
        lo, hi = min(worths), max(worths)
        sentence = t(
            "debrief.cf.luck",
            k=len(luck),
            low=i18n.yuan(lo),
            high=i18n.yuan(hi),
            actual=i18n.yuan(a["net_worth"]),
        )
        gave_up = sum(1 for r in luck if r["notes"].get("could_not_open"))
        if gave_up:
            sentence += gap() + i18n.plural("debrief.cf.luck.could_not_open", gave_up)
        out.append(
            {
                "key": "luck",
                "kind": "luck",
                "title": t("debrief.cf.luck.title"),
                "sentence": sentence,
                "short": t("debrief.cf.short.luck"),
                "available": True,
                "net_worth": (lo + hi) / 2,
                "low": lo,
                "high": hi,
                "diff": None,
                "actual_series": actual["net_worth"],
                "series": [r["net_worth"] for r in luck],
            }
        )
    return out


def decomposition(actual: dict, results: dict[str, dict]) -> list[dict]:
    """How much each thing moved what the household ended with (cash minus debts), in yuan:
    the choice of path (the best other path against yours), the neighbours who followed you
    into your trade, the loan programme, and luck (half the spread over other draws)."""
    a = actual["final"]["net_worth"]
    rows = []
    paths = {k: r for k, r in results.items() if k.startswith("path:") and r.get("available")}
    if paths:
        best_key, best = max(paths.items(), key=lambda kv: kv[1]["final"]["net_worth"])
        rows.append(
            {
                "key": "choices",
                "amount": best["final"]["net_worth"] - a,
                "detail": best_key.split(":", 1)[1],
            }
        )
    if "no_entry" in results:
        rows.append(
            {
                "key": "neighbours",
                "amount": results["no_entry"]["final"]["net_worth"] - a,
                "detail": "",
            }
        )
    if "no_loans" in results:
        rows.append(
            {"key": "loans", "amount": results["no_loans"]["final"]["net_worth"] - a, "detail": ""}
        )
    luck = [r["final"]["net_worth"] for k, r in results.items() if k.startswith("luck:")]
    if luck:
        spread = max(luck + [a]) - min(luck + [a])
        rows.append({"key": "luck", "amount": spread / 2, "detail": ""})
    return rows


def rebuildable(spec: RunSpec) -> bool:
    """The run can be rebuilt from its start: a fresh town from the same scenario and seed has
    the fingerprint the actual run had at month 0 (a save whose scenario changed since cannot)."""
    if not spec.start_hash:
        return False
    try:
        return build_engine(spec).hashes[0] == spec.start_hash
    except (ValueError, TypeError, KeyError):
        return False
