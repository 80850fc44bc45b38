"""`python main.py paths`: every path played for the scenario's household in the same towns.

    python main.py paths --scenario steel_town_2016 --runs 20 --out DIR [--seed S] [--months M]

For each run r (seed + r, the same town and the same draws for every path) the scenario's
player household plays each path with a scripted strategy (`game.players.PathPlayer`): job
search, retraining, migration, internal retirement, day labour, and self-employment in each
trade opening in month 1, 3 and 6 (`--entry-months`). Writes

* `paths.csv`: `run,path,trade,entry_month,final_cash_minus_debts,months_in_arrears`, one row
  per play in which the path took place (a path the household could not take - retirement
  too young, a business it could not raise the money for - has no row);
* `paths_detail.csv`: every play, with when the business opened and closed, how the household
  ended, and why a path did not take place;
* `paths.png`: the distribution of final cash minus debts by path, and for self-employment by
  trade and entry month;

and prints which path was best in how many runs. final_cash_minus_debts is cash at the end less
what the household owes relatives and moneylenders and any subsidised loan still running.
months_in_arrears counts the month ends at which its subsidised loan stood in default (the
state marks the default and never clears it: the guarantor, the fund and the bank covered the
gap). The plays of a few runs step together as one batch of towns (`game.core.batch`: each
play's town is the one it has alone, byte for byte); the batches are shared among worker
processes (`--jobs`, default all cores) and written in run order, so the files are the same
bytes whatever `--jobs` is. Bad arguments: a clear message, exit code 2.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from statistics import median
from typing import Any

from game.core.batch import Batch
from game.paths_chart import write_paths_chart
from game.players import ENTRY_MONTHS, OTHER_PATHS, PathPlayer, PlayResult, new_session, play
from game.players.play import play_together
from game.progress import Progress
from game.session import GameSession, ScenarioError, load_scenario, player_profile
from game.simulate import (
    MIN_HOUSEHOLDS,
    UsageError,
    _check_out,
    _pool_context,
    apply_set,
    write_csv,
)

PATHS_COLUMNS = [
    "run",
    "path",
    "trade",
    "entry_month",
    "final_cash_minus_debts",
    "months_in_arrears",
]
DETAIL_COLUMNS = [
    "run",
    "path",
    "trade",
    "entry_month",
    "taken",
    "opened_month",
    "closed_month",
    "final_status",
    "cash",
    "informal_debt",
    "loan",
    "final_cash_minus_debts",
    "months_in_arrears",
    "note",
]
MAX_RUNS = 10_000


# --- one play ---------------------------------------------------------------------------------


def strategies(n_trades: int, entry_months: tuple[int, ...]) -> list[tuple[str, int, int]]:
    """(path, trade index or -1, entry month or -1) for every play of one run, in CSV order."""
    out = [(p, -1, -1) for p in OTHER_PATHS]
    return out + [("self_employ", t, m) for t in range(n_trades) for m in entry_months]


def play_one(scenario: Any, params: Any, seed: int, run: int, spec: tuple) -> dict:
    """Play one strategy in run `run`'s town, alone; the play's detail row (money to the fen)."""
    player = path_player(spec)
    result = play(new_session(scenario, seed + run, params), player)
    return detail_row(params, run, spec, player, result)


def play_runs(scenario: Any, params: Any, seed: int, runs: Sequence[int], specs: list) -> list:
    """Every strategy of each run in `runs`, as one batch of towns (`game.core.batch`): town
    (run, strategy) is the lone play's town, stepped with the others (the same bytes); each
    play's players act on their own town, addressed (run, household) as in a lone session.
    The detail rows in run order, then strategy order."""
    sc = replace(load_scenario(scenario), params=params)
    plays = [(run, spec) for run in runs for spec in specs]
    batch = Batch(
        params,
        [seed + run for run, _ in plays],
        players=(0,),
        player_profile=player_profile(getattr(sc, "player", None)),
        fingerprint=False,  # nothing here reads the state hashes
    )
    sessions = []
    for (run, _), engine in zip(plays, batch.engines, strict=True):
        session = GameSession(sc, engine, seed + run, 0, None, getattr(sc, "name", None))
        session.autosave_enabled = False
        sessions.append(session)
    players = [path_player(spec) for _, spec in plays]
    rows: list[dict | None] = [None] * len(plays)

    def done(i: int, result: PlayResult) -> None:  # read the town now: the batch steps on
        run, spec = plays[i]
        rows[i] = detail_row(params, run, spec, players[i], result)

    play_together(sessions, players, batch.end_month, done)
    return rows


def path_player(spec: tuple) -> PathPlayer:
    path, trade, entry = spec
    return PathPlayer(path, trade if trade >= 0 else None, entry if entry >= 0 else 1)


def detail_row(params: Any, run: int, spec: tuple, player: PathPlayer, result: PlayResult) -> dict:
    """A play's detail row, read from its town as the play ends (money to the fen)."""
    path, trade, entry = spec
    f = result.seat.facts()
    biz = player.business
    note = ""
    if result.unavailable:
        note = "; ".join(k for k, _ in result.unavailable)
    elif biz is not None and biz.opened_month < 0:
        refused = f["certificate"] == "refused"
        note = "could_not_raise_start_up" + (" (certificate refused)" if refused else "")
    elif result.seat.refused:
        note = "refused: " + ", ".join(
            r.get("command", r.get("event", "")) for r in result.seat.refused
        )
    taken = not result.unavailable and (biz is None or biz.opened_month >= 0)
    return {
        "run": run,
        "path": path,
        "trade": params.trades[trade].key if trade >= 0 else "",
        "entry_month": entry if entry >= 0 else None,
        "taken": taken,
        "opened_month": biz.opened_month if biz is not None and biz.opened_month >= 0 else None,
        "closed_month": biz.closed_month if biz is not None and biz.closed_month >= 0 else None,
        "final_status": result.seat.status(),
        "cash": round(f["cash_yuan"], 2),
        "informal_debt": round(f["informal_debt_yuan"], 2),
        "loan": round(f["loan_yuan"], 2),
        "final_cash_minus_debts": round(
            f["cash_yuan"] - f["informal_debt_yuan"] - f["loan_yuan"], 2
        ),
        "months_in_arrears": result.months_in_arrears,
        "note": note,
        "refused": len(result.seat.refused),
    }


# Towns in one batch: enough runs' plays to reach about this many towns (a month of a batch
# costs about the same per town from ~100 towns on), at least one run's.
BATCH_TOWNS = 100

_WORKER: dict[str, Any] = {}


def _init_worker(scenario: Any, params: Any, seed: int, specs: list) -> None:
    _WORKER.update(scenario=scenario, params=params, seed=seed, specs=specs)


def _worker_runs(runs: Sequence[int]) -> list[dict]:
    w = _WORKER
    return play_runs(w["scenario"], w["params"], w["seed"], runs, w["specs"])


def run_chunks(runs: int, plays_per_run: int, jobs: int) -> list[range]:
    """The runs split into batches: up to BATCH_TOWNS towns each, and at least one batch per
    worker while there are runs enough."""
    per = max(1, min(BATCH_TOWNS // max(plays_per_run, 1), -(-runs // jobs)))
    return [range(r, min(r + per, runs)) for r in range(0, runs, per)]


def play_all(
    scenario: Any,
    params: Any,
    seed: int,
    runs: int,
    entry_months: tuple[int, ...] = ENTRY_MONTHS,
    jobs: int | None = None,
    progress=None,
) -> list[dict]:
    """Every strategy in every run, as detail rows in run order then strategy order."""
    specs = strategies(len(params.trades), entry_months)
    jobs = min(max(int(jobs or os.cpu_count() or 1), 1), runs)
    chunks = run_chunks(runs, len(specs), jobs)
    rows: list[dict] = []
    if jobs == 1:
        _init_worker(scenario, params, seed, specs)
        for chunk in chunks:
            rows.extend(_worker_runs(chunk))
            if progress is not None:
                progress(len(chunk) * len(specs))
        return rows
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork in a threaded process; the workers start no threads.
        warnings.simplefilter("ignore", DeprecationWarning)
        pool = _pool_context().Pool(
            jobs, initializer=_init_worker, initargs=(scenario, params, seed, specs)
        )
    try:
        for chunk, done in zip(chunks, pool.imap(_worker_runs, chunks), strict=True):
            rows.extend(done)
            if progress is not None:
                progress(len(chunk) * len(specs))
    finally:
        pool.terminate()
        pool.join()
    return rows


# --- arguments ----------------------------------------------------------------------------------


def parse_entry_months(text: str, months: int) -> tuple[int, ...]:
    try:
        vals = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise UsageError(
            f"--entry-months expects whole numbers separated by commas, e.g. 1,3,6; got {text!r}"
        ) from None
    if not vals:
        raise UsageError("--entry-months needs at least one month, e.g. 1,3,6")
    for m in vals:
        if not 0 <= m < months:
            raise UsageError(
                f"--entry-months: month {m} is outside the run (months 0 to {months - 1}; "
                f"use --months to play longer)"
            )
    return tuple(sorted(set(vals)))


def prepare(args: Any) -> tuple[Any, Any, str, tuple[int, ...], Path]:
    """Check every argument before any work: (scenario, params, title, entry months, out)."""
    if not 1 <= args.runs <= MAX_RUNS:
        raise UsageError(f"--runs must be between 1 and {MAX_RUNS:,} (got {args.runs})")
    if args.months is not None and not 1 <= args.months <= 1200:
        raise UsageError(f"--months must be between 1 and 1200 (got {args.months})")
    if args.seed < 0:
        raise UsageError(f"--seed must be 0 or more (got {args.seed})")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1 (got {args.jobs})")
    if args.households is not None and args.households < MIN_HOUSEHOLDS:
        raise UsageError(f"--households must be at least {MIN_HOUSEHOLDS} (got {args.households})")
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        raise UsageError(f"cannot load scenario {args.scenario!r}:\n  {exc}") from None
    params = scenario.params
    for item in args.set:
        params = apply_set(params, item)
    if args.households is not None:
        params = replace(params, town=replace(params.town, households=args.households))
    if args.months is not None:
        params = replace(params, months=args.months)
    if args.entry_months is None:  # the default months that fit in the run (a short tutorial)
        entry = tuple(m for m in ENTRY_MONTHS if m < params.months) or (0,)
    else:
        entry = parse_entry_months(args.entry_months, params.months)
    out = _check_out(args.out)
    try:  # one town now, so a broken parameter fails here, clearly, not in a worker
        new_session(scenario, args.seed, params)
    except (ScenarioError, ValueError, IndexError, KeyError, TypeError, ZeroDivisionError) as exc:
        raise UsageError(f"these parameters do not make a town: {exc}") from None
    title = scenario.text(scenario.title) if hasattr(scenario, "text") else str(args.scenario)
    return scenario, params, title or str(args.scenario), entry, out


# --- the summary ---------------------------------------------------------------------------------


def best_by_run(rows: list[dict]) -> dict[int, dict[str, dict]]:
    """Per run, each path's best play (self-employment at its best trade and entry month)."""
    best: dict[int, dict[str, dict]] = {}
    for r in rows:
        runs = best.setdefault(r["run"], {})
        if (
            r["path"] not in runs
            or r["final_cash_minus_debts"] > runs[r["path"]]["final_cash_minus_debts"]
        ):
            runs[r["path"]] = r
    return best


def scenario_trade_name(scenario: Any, trade: Any) -> str:
    """The trade's name in English, as the scenario spells it."""
    name = getattr(scenario, "trade_name", None)
    return name(trade.key, "en") if callable(name) else trade.name


def _label(r: dict) -> str:
    return f"{r['path']} ({r['trade']}, month {r['entry_month']})" if r["trade"] else r["path"]


def _yuan(x: float | None) -> str:
    return "n/a" if x is None else f"{x:,.0f}"


def summary(detail: list[dict], runs: int, months: int, title: str) -> str:
    rows = [r for r in detail if r["taken"]]
    best = best_by_run(rows)
    lines = [
        f"{title}: {runs} run{'s' if runs > 1 else ''} x {months} months, every path for the player's household"
    ]
    lines.append(
        "best path per run (each path at its best trade and entry month; final cash minus debts, yuan):"
    )
    wins: dict[str, int] = {}
    for run in sorted(best):
        ranked = sorted(best[run].values(), key=lambda r: -r["final_cash_minus_debts"])
        top = ranked[0]
        wins[top["path"]] = wins.get(top["path"], 0) + 1
        second = (
            f"   next: {ranked[1]['path']} {_yuan(ranked[1]['final_cash_minus_debts'])}"
            if len(ranked) > 1
            else ""
        )
        lines.append(
            f"  run {run:>3}: {_label(top):<38} {_yuan(top['final_cash_minus_debts']):>9}{second}"
        )
    n = max(len(best), 1)
    lines.append(
        "best in: "
        + ", ".join(
            f"{p} {k} of {len(best)} ({k / n:.0%})"
            for p, k in sorted(wins.items(), key=lambda kv: -kv[1])
        )
    )
    lines.append(
        "median final cash minus debts over the plays that took place "
        "(plays that ended with a subsidised loan in default):"
    )
    paths = list(OTHER_PATHS) + ["self_employ"]
    for p in paths:
        vals = [r["final_cash_minus_debts"] for r in rows if r["path"] == p]
        played = [r for r in detail if r["path"] == p]
        arrears = sum(1 for r in rows if r["path"] == p and r["months_in_arrears"] > 0)
        missing = len(played) - len(vals)
        extra = f", did not take place in {missing} of {len(played)} plays" if missing else ""
        lines.append(
            f"  {p:<12} {_yuan(median(vals) if vals else None):>9}  ({arrears} in default{extra})"
        )
    trades = list(dict.fromkeys(r["trade"] for r in detail if r["trade"]))
    entries = sorted({r["entry_month"] for r in detail if r["trade"]})
    if trades:
        lines.append(
            "  self-employment by trade and entry month: "
            + "  ".join(f"month {m}" for m in entries)
        )
        for t in trades:
            cells = []
            for m in entries:
                vals = [
                    r["final_cash_minus_debts"]
                    for r in rows
                    if r["trade"] == t and r["entry_month"] == m
                ]
                cells.append(f"{_yuan(median(vals) if vals else None):>9}")
            lines.append(f"    {t:<14} " + " ".join(cells))
    return "\n".join(lines)


# --- the command ---------------------------------------------------------------------------------


def run_paths(args: Any) -> int:
    try:
        scenario, params, title, entry, out = prepare(args)
    except UsageError as exc:
        print(f"paths: {exc}", file=sys.stderr)
        print("Try: python main.py paths --help", file=sys.stderr)
        return 2

    plays = args.runs * len(strategies(len(params.trades), entry))
    t0 = time.perf_counter()
    with Progress(plays, "paths", "plays", log_when_not_tty=args.runs > 1) as bar:
        detail = play_all(scenario, params, args.seed, args.runs, entry, args.jobs, bar.update)
    elapsed = time.perf_counter() - t0
    rows = [r for r in detail if r["taken"]]
    write_csv(out / "paths.csv", PATHS_COLUMNS, rows)
    write_csv(out / "paths_detail.csv", DETAIL_COLUMNS, detail)
    written = [out / "paths.csv", out / "paths_detail.csv"]
    trades = [(t.key, scenario_trade_name(scenario, t), t.colour) for t in params.trades]
    written.append(write_paths_chart(out, rows, title, trades))
    print(summary(detail, args.runs, params.months, title))
    print(f"({elapsed:.1f} s) wrote " + ", ".join(str(p) for p in written))
    return 0


__all__ = [
    "PATHS_COLUMNS",
    "DETAIL_COLUMNS",
    "play_all",
    "play_one",
    "play_runs",
    "run_paths",
    "strategies",
    "summary",
]
