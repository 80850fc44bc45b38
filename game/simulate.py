"""`python main.py simulate`: run the town headless, many times, and write the tables.

    python main.py simulate --months 24 --households 500 --seed 1 --runs 1 --out DIR

writes DIR/months.csv (one row per run, month and trade) and DIR/town.csv (one row per run and
month), prints a short summary, and with a scenario draws the charts. Run r uses seed + r and
no player household; the runs are shared among worker processes (`--jobs`, default all
cores) and written in run order, so the files are the same bytes whatever `--jobs` is.
Bad arguments print a clear message and return exit code 2.
"""

from __future__ import annotations

import csv
import io
import json
import math
import multiprocessing as mp
import os
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from game.core.batch import Batch
from game.core.engine import Engine
from game.core.metrics import TOWN_COLUMNS, TRADE_COLUMNS
from game.core.params import Params
from game.core.rules.context import FLOWS
from game.core.state import Status

# Columns this command adds to the town table: what became of the households laid off so far
# (the core's status counts are for the whole town, where the laid-off are a minority).
COHORT_COLUMNS = [
    "cohort",
    "cohort_wage_job",
    "cohort_self_employed",
    "cohort_migrated",
    "cohort_retired",
    "cohort_day_labour",
    "cohort_searching",
]
MONTHS_CSV_COLUMNS = ["run", *TRADE_COLUMNS]
# The town's books (issue: closed books): every named flow between two sectors each month, and
# each sector's cash at the end of each month (every sector but the outside world).
FLOWS_CSV_COLUMNS = ["run", "month", "from", "to", "flow", "yuan"]
SECTORS_CSV_COLUMNS = ["run", "month", "sector", "cash"]
TOWN_CSV_COLUMNS = ["run", *TOWN_COLUMNS, *COHORT_COLUMNS]
MIN_HOUSEHOLDS = 10


class UsageError(Exception):
    """A bad argument: the message is for the person at the terminal."""


# --- one run ----------------------------------------------------------------------------------


def cohort_counts(eng: Engine) -> dict[str, int]:
    st = eng.state
    laid = st.laid_off_month >= 0
    c = np.bincount(st.status[laid].astype("i8"), minlength=len(Status))
    return {
        "cohort": int(laid.sum()),
        "cohort_wage_job": int(c[Status.WAGE_JOB]),
        "cohort_self_employed": int(c[Status.SELF_EMPLOYED]),
        "cohort_migrated": int(c[Status.MIGRATED]),
        "cohort_retired": int(c[Status.RETIRED]),
        "cohort_day_labour": int(c[Status.DAY_LABOUR]),
        "cohort_searching": int(c[Status.LAID_OFF] + c[Status.JOB_SEARCH] + c[Status.RETRAINING]),
    }


def batch_cohort_counts(batch: Batch) -> list[dict[str, int]]:
    """`cohort_counts` of every town of a batch, counted for all towns at once."""
    kinds = len(Status)
    laid = batch.columns["laid_off_month"] >= 0
    key = batch.run[laid] * kinds + batch.columns["status"][laid]
    c = np.bincount(key, minlength=batch.runs * kinds).reshape(batch.runs, kinds).T
    searching = c[Status.LAID_OFF] + c[Status.JOB_SEARCH] + c[Status.RETRAINING]
    columns = {
        "cohort": c.sum(axis=0),
        "cohort_wage_job": c[Status.WAGE_JOB],
        "cohort_self_employed": c[Status.SELF_EMPLOYED],
        "cohort_migrated": c[Status.MIGRATED],
        "cohort_retired": c[Status.RETIRED],
        "cohort_day_labour": c[Status.DAY_LABOUR],
        "cohort_searching": searching,
    }
    values = zip(*(v.tolist() for v in columns.values()), strict=True)
    return [dict(zip(columns, row, strict=True)) for row in values]


def book_rows(eng: Engine, run: int) -> tuple[list[dict], list[dict]]:
    """The run's flows and sector stocks as CSV rows (month 0: the stocks at the start)."""
    flows, sectors = [], []
    for month, (fl, stocks) in enumerate(zip(eng.metrics.flows, eng.metrics.sectors, strict=True)):
        for name in sorted(fl):
            frm, to = FLOWS[name]
            flows.append(
                {"run": run, "month": month, "from": frm, "to": to, "flow": name, "yuan": fl[name]}
            )
        for sector in sorted(stocks):
            sectors.append({"run": run, "month": month, "sector": sector, "cash": stocks[sector]})
    return flows, sectors


def run_tables(eng: Engine, run: int, cohorts: list[dict]) -> tuple[list[dict], ...]:
    """A finished run's rows, `run` first: trades, town, flows, sectors."""
    trades = [{"run": run, **row} for row in eng.metrics.trades]
    town = [{"run": run, **row, **c} for row, c in zip(eng.metrics.town, cohorts, strict=True)]
    return (trades, town, *book_rows(eng, run))


def one_run(params: Params, seed: int, run: int, months: int) -> tuple[list[dict], ...]:
    """Run the town once (seed + run, no player) and return its rows, `run` first: trades,
    town, flows, sectors."""
    return batch_runs(params, seed, run, 1, months)[0]


def batch_runs(
    params: Params, seed: int, first: int, count: int, months: int
) -> list[tuple[list[dict], ...]]:
    """Runs first .. first + count - 1 stepped together as one batch of towns (each the same
    bytes as alone: game/core/batch.py); each run's rows as `one_run` returns them."""
    # No replay needs the hashes.
    batch = Batch(params, [seed + first + i for i in range(count)], players=(), fingerprint=False)
    cohorts: list[list[dict[str, int]]] = [[] for _ in batch.engines]
    for month in range(months + 1):
        if month:
            batch.end_month()
        for c, counts in zip(cohorts, batch_cohort_counts(batch), strict=True):
            c.append(counts)
    return [
        run_tables(e, first + i, c)
        for i, (e, c) in enumerate(zip(batch.engines, cohorts, strict=True))
    ]


CSV_TABLES = (MONTHS_CSV_COLUMNS, TOWN_CSV_COLUMNS, FLOWS_CSV_COLUMNS, SECTORS_CSV_COLUMNS)


def texts_of(tables: tuple[list[dict], ...]) -> tuple:
    """A run's rows plus its four tables formatted as CSV lines (no header): the workers
    format them in parallel, and the parent only joins text in run order. Returns
    (trade rows, town rows, months text, town text, flows text, sectors text)."""
    texts = tuple(csv_text(cols, rows) for cols, rows in zip(CSV_TABLES, tables, strict=True))
    return (tables[0], tables[1], *texts)


def one_run_text(params: Params, seed: int, run: int, months: int) -> tuple:
    """One run as `one_run`, with its CSV lines (`texts_of`)."""
    return texts_of(one_run(params, seed, run, months))


# Runs stepped together in one batch: big enough to share out the month's numpy calls, small
# enough that a batch's tables (the rows of every month) stay a few MB and both cores stay busy.
BATCH_RUNS = 100
FEW_RUNS = 25

_WORKER: dict[str, Any] = {}


def _init_worker(params: Params, seed: int, months: int, texts: bool = False) -> None:
    _WORKER.update(params=params, seed=seed, months=months, texts=texts)


def _worker_batch(span: tuple[int, int]) -> list[tuple]:
    return _batch_results(
        _WORKER["params"], _WORKER["seed"], span, _WORKER["months"], _WORKER["texts"]
    )


def _batch_results(params: Params, seed: int, span: tuple[int, int], months: int, texts: bool):
    results = batch_runs(params, seed, span[0], span[1], months)
    return [texts_of(r) for r in results] if texts else results


def _pool_context() -> mp.context.BaseContext:
    # fork starts workers in milliseconds and shares the imported modules; spawn elsewhere.
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def run_many(
    params: Params,
    seed: int,
    runs: int,
    months: int,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    books: bool = False,
    texts: bool = False,
) -> tuple[list, ...]:
    """Run the town `runs` times (seeds seed, seed+1, ...) for `months` months each.

    Returns (trade_rows, town_rows), and with `books` also (flow_rows, sector_rows), each row a
    dict with `run` first, ordered by run then month. `jobs` worker processes share the runs
    (default: all cores; 1 = in this process); the result does not depend on `jobs`.
    `progress(k)` is called as k more runs end. With `texts`, returns (trade_rows, town_rows,
    months, town, flows and sectors as CSV lines without header): what `simulate` writes.
    """
    if runs < 1 or months < 1:
        raise ValueError("runs and months must be at least 1")
    if params.months < months:
        params = replace(params, months=months)
    jobs = min(max(int(jobs or os.cpu_count() or 1), 1), runs)
    tables: list[list] = [[] for _ in range(6 if texts else 4)]
    # Batches of consecutive runs: about four per worker, so that the workers end together, but
    # not below FEW_RUNS towns while one batch per worker would hold more (a sweep's values
    # of 20 runs: 2 batches of 10, not 7 of 3; a town-month costs ~1.6x more at 10 towns than
    # at 100, more still at 3).
    if jobs > 1:
        size = max(-(-runs // (jobs * 4)), min(FEW_RUNS, -(-runs // jobs)))
    else:
        size = BATCH_RUNS
    size = max(1, min(BATCH_RUNS, size))
    spans = [(first, min(size, runs - first)) for first in range(0, runs, size)]

    def take(results: list[tuple]) -> None:
        for result in results:
            for table, rows in zip(tables, result, strict=True):
                if isinstance(rows, str):
                    table.append(rows)
                else:
                    table.extend(rows)
        if progress is not None:
            progress(len(results))

    if jobs == 1:
        for span in spans:
            take(_batch_results(params, seed, span, months, texts))
    else:
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork in a threaded process; our workers start no threads.
            warnings.simplefilter("ignore", DeprecationWarning)
            pool = _pool_context().Pool(
                jobs, initializer=_init_worker, initargs=(params, seed, months, texts)
            )
        try:  # imap keeps the results in run order
            for results in pool.imap(_worker_batch, spans):
                take(results)
        finally:
            pool.terminate()
            pool.join()
    if texts:
        return (tables[0], tables[1], *("".join(parts) for parts in tables[2:]))
    return tuple(tables) if books else (tables[0], tables[1])


# --- the tables -------------------------------------------------------------------------------


def format_value(v: Any) -> str:
    """One CSV cell, the same text for the same value on every machine: integers as integers,
    booleans as 1/0, floats in their shortest exact form, missing values empty."""
    kind = type(v)  # the common cases first (a thousand runs write millions of cells)
    if kind is float:
        if v - v != 0.0:  # NaN or infinite
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if kind is int:
        return str(v)
    if v is None:
        return ""
    if isinstance(v, bool | np.bool_):
        return "1" if v else "0"
    if isinstance(v, int | np.integer):
        return str(int(v))
    if isinstance(v, float | np.floating):
        x = float(v)
        if not math.isfinite(x):
            return ""
        if x == int(x) and abs(x) < 1e15:
            return str(int(x))
        return repr(x)
    return str(v)


def csv_text(columns: Sequence[str], rows: Sequence[dict]) -> str:
    """The rows as CSV lines (no header), exactly as `write_csv` writes them."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cells = [_cells([row.get(c) for row in rows]) for c in columns]
    w.writerows(zip(*cells, strict=True))
    return buf.getvalue()


_PLAIN = {int, str, type(None)}


def _cells(values: list) -> list:
    """One column's cells for the CSV writer: `format_value` of each value, where the writer
    would not write that text itself. It writes an int and a text as `format_value` does, None
    as an empty cell and a float as its repr: only the floats with another text (whole
    numbers, NaN, infinities) and other types are converted, one column at a time."""
    kinds = set(map(type, values))
    if kinds <= _PLAIN:
        return values
    if kinds <= {float, type(None)}:
        a = np.array([np.nan if v is None else v for v in values], "f8")
        with np.errstate(invalid="ignore"):
            odd = ~np.isfinite(a) | ((a == np.trunc(a)) & (np.abs(a) < 1e15))
        if not odd.any():
            return values
        out = list(values)
        for i in np.flatnonzero(odd).tolist():
            out[i] = format_value(values[i])
        return out
    return [format_value(v) for v in values]


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[dict] | str) -> None:
    """A CSV file: the header, then the rows (dicts, or lines already made by `csv_text`)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow(columns)
        fh.write(rows if isinstance(rows, str) else csv_text(columns, rows))


# --- arguments ----------------------------------------------------------------------------------


def parse_value(text: str) -> Any:
    """A --set value: true/false, an integer, a number, a JSON list, else the text itself."""
    s = text.strip()
    low = s.lower()
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    try:
        return int(s)
    except ValueError:
        pass
    try:
        x = float(s)
    except ValueError:
        pass
    else:
        if math.isfinite(x):
            return x
        raise UsageError(f"{text!r} is not a finite number")
    if s.startswith("["):
        try:
            return json.loads(s)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{text!r} is not a valid list ({exc.msg})") from None
    return s


def apply_set(params: Params, item: str) -> Params:
    """Apply one `--set PATH=VALUE` to the parameters, or raise UsageError saying why not.

    The value goes through exactly the scenario loader's checks (game/scenario/overrides.py):
    a value the loader would refuse in a file is refused here, with the same message."""
    try:
        from game.scenario.overrides import apply_override
        from game.scenario.problems import ScenarioError
    except ImportError:  # the scenario package is optional for the core's CLI
        raise UsageError(
            "--set needs the scenario loader (game/scenario), not installed here"
        ) from None
    try:
        return apply_override(params, item)
    except ScenarioError as exc:
        raise UsageError(f"cannot set {item}:\n{exc.shown()}") from None


def _load_params(args: Any) -> tuple[Params, str]:
    """The parameters and a title for the charts, from --scenario or the defaults."""
    if not args.scenario:
        return Params(), "Default town (steel town, 2016)"
    try:
        from game.scenario.loader import load_scenario
    except ImportError:
        raise UsageError(
            "--scenario needs the scenario loader (game/scenario/loader.py), which is "
            "not installed in this copy; run without --scenario for the default town"
        ) from None
    try:
        sc = load_scenario(args.scenario)
    except Exception as exc:  # ScenarioError lists every problem; the first 50 are shown
        more = f"... and {{n}} more (python main.py validate {args.scenario} lists them all)"
        shown = exc.shown(more=more) if hasattr(exc, "shown") else str(exc)
        raise UsageError(f"cannot load scenario {args.scenario!r}:\n{shown}") from None
    title = sc.text(sc.title) if hasattr(sc, "text") else str(sc.title)
    return sc.params, title or str(args.scenario)


def _check_out(out: str) -> Path:
    if not out.strip():
        raise UsageError("--out needs a folder name (got an empty one)")
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out {out}: this is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write_test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write there ({exc.strerror or exc})") from None
    return path


def prepare(args: Any) -> tuple[Params, str, int, Path | None, bool]:
    """Check every argument before any work: (params, title, months, out folder, charts)."""
    if args.runs < 1:
        raise UsageError(f"--runs must be at least 1 (got {args.runs})")
    if args.months is not None and args.months < 1:
        raise UsageError(f"--months must be at least 1 (got {args.months})")
    if args.months is not None and args.months > 1200:
        raise UsageError(f"--months must be at most 1200 (100 years; got {args.months})")
    if args.households is not None and args.households < MIN_HOUSEHOLDS:
        raise UsageError(f"--households must be at least {MIN_HOUSEHOLDS} (got {args.households})")
    if args.seed < 0:
        raise UsageError(f"--seed must be 0 or more (got {args.seed})")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1 (got {args.jobs})")
    params, title = _load_params(args)
    for item in args.set:
        params = apply_set(params, item)
    if args.households is not None:
        params = replace(params, town=replace(params.town, households=args.households))
    if params.town.households < MIN_HOUSEHOLDS:
        raise UsageError(
            f"the town needs at least {MIN_HOUSEHOLDS} households (got {params.town.households})"
        )
    months = args.months if args.months is not None else params.months
    if months < 1:
        raise UsageError(f"months must be at least 1 (the parameters say {months})")
    params = replace(params, months=max(params.months, months))
    charts = args.charts if args.charts is not None else bool(args.scenario)
    if args.charts and not args.out:
        raise UsageError("--charts needs --out (the folder to write the PNG files to)")
    out = _check_out(args.out) if args.out else None
    try:  # build the town once here, so a broken parameter fails now, clearly, not in a worker
        Engine(params, seed=args.seed, players=())
    except (ValueError, IndexError, KeyError, TypeError, ZeroDivisionError) as exc:
        raise UsageError(
            f"these parameters do not make a town: {type(exc).__name__}: {exc}"
        ) from None
    return params, title, months, out, charts and out is not None


# --- the summary ------------------------------------------------------------------------------


def _median(xs: list) -> float | None:
    xs = [x for x in xs if x is not None]
    return float(np.median(xs)) if xs else None


def summary(trade_rows: list[dict], town_rows: list[dict], runs: int, months: int) -> str:
    """A few lines a person can read: the crowded trade, arrears, what became of the laid-off.
    With several runs, each figure is the median over runs."""
    entries: dict[str, int] = {}
    for r in trade_rows:
        entries[r["trade"]] = entries.get(r["trade"], 0) + r["entries"]
    last = {r["trade"]: r["sellers"] for r in trade_rows if r["month"] == months}
    # Ties (a small town) go to the trade with more sellers at the end, then the first listed.
    order = {k: i for i, k in enumerate(entries)}
    top = max(entries, key=lambda k: (entries[k], last.get(k, 0), -order[k])) if entries else ""
    per_run = " (median over runs)" if runs > 1 else ""

    def trade_at(month: int, col: str) -> float | None:
        return _median([r[col] for r in trade_rows if r["trade"] == top and r["month"] == month])

    def town_at(month: int, fn: Callable[[dict], Any]) -> float | None:
        return _median([fn(r) for r in town_rows if r["month"] == month])

    def num(x: float | None, fmt: str = "{:.0f}") -> str:
        return "n/a" if x is None else fmt.format(x)

    peaks: dict[int, float] = {}
    suspended_by_run: dict[int, int] = {}  # one pass over the rows (a pass per run took 2 s)
    for r in town_rows:
        peaks[r["run"]] = max(peaks.get(r["run"], 0.0), r["arrears_rate"])
        suspended_by_run[r["run"]] = suspended_by_run.get(r["run"], 0) + r["lending_suspended"]
    peak = _median(list(peaks.values()))
    suspended = _median(list(suspended_by_run.values()))

    def cohort_share(col: str) -> float | None:
        return town_at(months, lambda r: r[col] / r["cohort"] if r["cohort"] else None)

    lines = [
        f"{runs} run{'s' if runs > 1 else ''} x {months} months, "
        f"{town_rows[0]['households']} households{per_run}:",
        f"  most-entered trade: {top} ({entries.get(top, 0) / runs:.1f} openings per run)",
        f"    sellers       month 0: {num(trade_at(0, 'sellers'))}  ->  month {months}: {num(trade_at(months, 'sellers'))}",
        f"    median price  month 0: {num(trade_at(0, 'median_price'), '{:.2f}')} yuan  ->  "
        f"month {months}: {num(trade_at(months, 'median_price'), '{:.2f}')} yuan",
        f"    median margin month 0: {num(trade_at(0, 'median_margin'), '{:.0%}')}  ->  "
        f"month {months}: {num(trade_at(months, 'median_margin'), '{:.0%}')}",
        f"  loan arrears: peak {num(peak, '{:.0%}')} of loans due in the last 12 months; "
        f"bank lending suspended {num(suspended)} of {months} months",
        f"  the laid-off ({num(town_at(months, lambda r: r['cohort']))} households) at month {months}: "
        f"wage work {num(cohort_share('cohort_wage_job'), '{:.0%}')}, "
        f"self-employed {num(cohort_share('cohort_self_employed'), '{:.0%}')}, "
        f"migrated {num(cohort_share('cohort_migrated'), '{:.0%}')}, "
        f"retired {num(cohort_share('cohort_retired'), '{:.0%}')}, "
        f"day labour {num(cohort_share('cohort_day_labour'), '{:.0%}')}, "
        f"still searching {num(cohort_share('cohort_searching'), '{:.0%}')}",
        f"  their median income against the former wage: "
        f"{num(town_at(months, lambda r: r['median_income_vs_former_wage']), '{:.0%}')}",
    ]
    return "\n".join(lines)


# --- the command ---------------------------------------------------------------------------------


def run_simulate(args: Any) -> int:
    try:
        params, title, months, out, charts = prepare(args)
    except UsageError as exc:
        print(f"simulate: {exc}", file=sys.stderr)
        print("Try: python main.py simulate --help", file=sys.stderr)
        return 2

    from game.progress import Progress

    t0 = time.perf_counter()
    with Progress(args.runs, "simulate", "runs", log_when_not_tty=args.runs > 1) as bar:
        trade_rows, town_rows, *texts = run_many(
            params, args.seed, args.runs, months, args.jobs, bar.update, texts=True
        )
    elapsed = time.perf_counter() - t0

    print(summary(trade_rows, town_rows, args.runs, months))
    if out is None:
        print(f"({elapsed:.1f} s; no --out given, so no tables written)")
        return 0
    files = ("months.csv", "town.csv", "flows.csv", "sectors.csv")
    for file, columns, text in zip(files, CSV_TABLES, texts, strict=True):
        write_csv(out / file, columns, text)
    written = [out / p for p in files]
    if charts:
        try:
            from game.charts import write_charts
        except ImportError:
            print("(charts skipped: game/charts.py is not installed)", file=sys.stderr)
        else:
            written += [
                Path(p) for p in (write_charts(out, trade_rows, town_rows, title, params) or [])
            ]
    print(f"({elapsed:.1f} s) wrote " + ", ".join(str(p) for p in written))
    return 0
