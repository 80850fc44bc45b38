"""`python main.py simulate`: run the town headless, many times, and write the tables.

    python main.py simulate --months 24 --households 500 --seed 1 --runs 1 --out DIR

writes DIR/months.csv (one row per run, month and trade) and DIR/town.csv (one row per run and
month), prints a short summary, and with a scenario draws the charts. Run r uses seed + r and
no player household; the runs are shared among worker processes (`--jobs`, default all
cores) and written in run order, so the files are the same bytes whatever `--jobs` is.
Bad arguments print a clear message and return exit code 2.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import io
import json
import math
import multiprocessing as mp
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from game.core import batch_metrics
from game.core.batch import Batch
from game.core.engine import Engine
from game.core.metrics import TOWN_COLUMNS, TRADE_COLUMNS
from game.core.params import Params
from game.core.rules.books import FLOW_NAMES
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


def batch_cohort_columns(batch: Batch) -> dict[str, list[int]]:
    """`cohort_counts` of every town of a batch, counted for all towns at once: each
    column's values, one per town."""
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
    return {name: v.tolist() for name, v in columns.items()}


def batch_cohort_counts(batch: Batch) -> list[dict[str, int]]:
    """`cohort_counts` of every town of a batch, counted for all towns at once."""
    columns = batch_cohort_columns(batch)
    values = zip(*columns.values(), strict=True)
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


def step_batch(
    params: Params, seed: int, first: int, count: int, months: int
) -> tuple[Batch, list[dict[str, list[int]]]]:
    """Runs first .. first + count - 1 stepped together as one batch of towns (each the same
    bytes as alone: game/core/batch.py) for `months` months; with the laid-off cohort's counts
    of every month (`batch_cohort_columns`, months 0 .. months)."""
    # No replay needs the hashes.
    batch = Batch(params, [seed + first + i for i in range(count)], players=(), fingerprint=False)
    cohorts = [batch_cohort_columns(batch)]
    for _ in range(months):
        batch.end_month()
        cohorts.append(batch_cohort_columns(batch))
    return batch, cohorts


def batch_runs(
    params: Params, seed: int, first: int, count: int, months: int
) -> list[tuple[list[dict], ...]]:
    """`step_batch`, each run's rows as `one_run` returns them."""
    batch, cohorts = step_batch(params, seed, first, count, months)
    return _batch_rows(batch, first, cohorts)


def _batch_rows(
    batch: Batch, first: int, cohorts: list[dict[str, list[int]]]
) -> list[tuple[list[dict], ...]]:
    per_run = [
        [{name: values[i] for name, values in month.items()} for month in cohorts]
        for i in range(batch.runs)
    ]
    return [
        run_tables(e, first + i, c)
        for i, (e, c) in enumerate(zip(batch.engines, per_run, strict=True))
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


# The columns of the trade and town tables `simulate` brings back for its summary (all of
# them when it draws charts); the rest goes to the CSV text alone.
SUMMARY_COLUMNS = (
    ("month", "trade", "entries", "sellers", "median_price", "median_margin"),
    (
        "run",
        "month",
        "households",
        "arrears_rate",
        "lending_suspended",
        "median_income_vs_former_wage",
        *COHORT_COLUMNS,
    ),
)
ALL_COLUMNS = (tuple(MONTHS_CSV_COLUMNS), tuple(TOWN_CSV_COLUMNS))


def batch_tables(
    params: Params,
    seed: int,
    first: int,
    count: int,
    months: int,
    keep: tuple[tuple[str, ...], tuple[str, ...]] = SUMMARY_COLUMNS,
    texts: bool = True,
) -> tuple:
    """`step_batch`, then what `simulate` takes from it: (the trade table's columns `keep[0]`,
    the town table's `keep[1]`, each a dict of value lists in the CSV's row order; the four
    tables' CSV lines, no header, or "" without `texts`). The lines are written from the
    batch's tables read as columns (`batch_metrics.table_columns`...), with no row made; the
    same text as each run's rows written one by one (`texts_of`), which a batch whose towns'
    months are not alike writes."""
    batch, cohorts = step_batch(params, seed, first, count, months)
    got = _column_texts(batch, first, cohorts, keep, texts)
    if got is not None:
        return got
    tables = [list(chain(*t)) for t in zip(*_batch_rows(batch, first, cohorts), strict=True)]
    lines = [
        csv_text(cols, rows) if texts else "" for cols, rows in zip(CSV_TABLES, tables, strict=True)
    ]
    kept = [
        {c: [row.get(c) for row in rows] for c in names}
        for names, rows in zip(keep, tables[:2], strict=True)
    ]
    return (*kept, *lines)


def _column_texts(
    batch: Batch,
    first: int,
    cohorts: list[dict[str, list[int]]],
    keep: tuple[tuple[str, ...], tuple[str, ...]],
    texts: bool,
) -> tuple | None:
    towns = batch.engines
    trades = batch_metrics.table_columns(towns, "trades")
    town = batch_metrics.table_columns(towns, "town")
    if trades is None or town is None or not len(cohorts) == len(town[0]) == len(trades[0]):
        return None
    flow_text = sector_text = ""
    if texts:
        flows = batch_metrics.flow_columns(towns)
        sectors = batch_metrics.sector_columns(towns)
        if flows is None or sectors is None or not len(cohorts) == len(flows) == len(sectors):
            return None
        got = _sectors_text(first, sectors)
        if got is None:
            return None
        flow_text, sector_text = _flows_text(first, flows), got
    town += [[month[name] for month in cohorts] for name in COHORT_COLUMNS]
    width = len(towns[0].metrics.trade_keys)
    trade_text, trade_kept = _rows_text(first, MONTHS_CSV_COLUMNS, trades, width, keep[0], texts)
    town_text, town_kept = _rows_text(first, TOWN_CSV_COLUMNS, town, 1, keep[1], texts)
    return trade_kept, town_kept, trade_text, town_text, flow_text, sector_text


def _rows_text(
    first: int,
    columns: list[str],
    blocks: list[list[list]],
    width: int,
    keep: Sequence[str],
    texts: bool = True,
) -> tuple[str, dict[str, list]]:
    """A table's CSV lines from its columns month by month (`blocks`: for each column after
    "run", a list of values per month, `width` rows per town, town by town); the lines go
    run by run, then month. Returns the text ("" without `texts`) and the `keep` columns in
    the same order."""
    months, runs = len(blocks[0]), len(blocks[0][0]) // width
    values = [list(chain.from_iterable(b)) for b in blocks]
    shape = (months, runs, width)
    order = np.arange(len(values[0])).reshape(shape).transpose(1, 0, 2).ravel().tolist()
    text = ""
    if texts:
        run_cells = [str(first + r) for r in range(runs) for _ in range(width)] * months
        lines = list(map(",".join, zip(run_cells, *map(cell_texts, values), strict=True)))
        text = "".join([lines[i] + "\n" for i in order])
    kept = {}
    for name in keep:
        if name == "run":
            kept[name] = [first + r for r in range(runs) for _ in range(months * width)]
        else:
            column = values[columns.index(name) - 1]
            kept[name] = [column[i] for i in order]
    return text, kept


_BY_NAME = sorted(range(len(FLOW_NAMES)), key=FLOW_NAMES.__getitem__)


def _flows_text(first: int, months: list[tuple[np.ndarray, list[float]]]) -> str:
    """flows.csv's lines from every town's flows of each month (`batch_metrics.flow_columns`):
    each run's months in turn, each month's booked flows by name."""
    booked = np.stack([b for b, _ in months])[:, :, _BY_NAME].transpose(1, 0, 2)
    yuan = np.array([v for _, v in months], "f8").reshape(len(months), -1, len(FLOW_NAMES))
    yuan = yuan[:, :, _BY_NAME].transpose(1, 0, 2)
    at = np.flatnonzero(booked)
    runs, width = booked.shape[0], len(FLOW_NAMES)
    lead = [f"{first + r},{m}," for r in range(runs) for m in range(len(months))]
    names = [FLOW_NAMES[i] for i in _BY_NAME]
    flow = [f"{_quoted(FLOWS[n][0])},{_quoted(FLOWS[n][1])},{_quoted(n)}," for n in names]
    cells = _float_texts(yuan.ravel()[at])
    return "".join(
        [
            f"{lead[a]}{flow[b]}{c}\n"
            for a, b, c in zip((at // width).tolist(), (at % width).tolist(), cells, strict=True)
        ]
    )


def _sectors_text(first: int, months: list[tuple[tuple[str, ...], list[float]]]) -> str | None:
    """sectors.csv's lines from every town's stocks of each month
    (`batch_metrics.sector_columns`): each run's months in turn, each month's sectors by name.
    None if the months do not name the same sectors."""
    names = sorted(months[0][0])
    width = len(names)
    stocks = []
    for held, values in months:
        if sorted(held) != names:
            return None
        by_name = [held.index(n) for n in names]
        stocks.append(np.array(values, dtype=object).reshape(-1, width)[:, by_name])
    table = np.stack(stocks).transpose(1, 0, 2)  # (runs, months, sectors)
    cells = cell_texts(table.ravel().tolist())
    runs = table.shape[0]
    lead = [f"{first + r},{m}," for r in range(runs) for m in range(len(months))]
    sector = [f"{_quoted(n)}," for n in names]
    return "".join([f"{lead[i // width]}{sector[i % width]}{c}\n" for i, c in enumerate(cells)])


# Runs stepped together in one batch: big enough to share out the month's numpy calls, small
# enough that a batch's tables (the rows of every month) stay a few MB and both cores stay busy.
BATCH_RUNS = 100
FEW_RUNS = 25

_WORKER: dict[str, Any] = {}


def _init_worker(params: Params, seed: int, months: int, what: Any = "rows") -> None:
    _WORKER.update(params=params, seed=seed, months=months, what=what)
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


# A batch makes ~150,000 short-lived objects a month (the tables' values, the rules' small
# arrays): collecting the youngest every 700 (Python's default) cost ~2% of a batch's CPU,
# every 50,000 ~0.2%. The batches' objects form few cycles; the older generations as usual.
GC_YOUNG = 50_000


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _worker_batch(span: tuple[int, int]) -> Any:
    return _batch_results(
        _WORKER["params"], _WORKER["seed"], span, _WORKER["months"], _WORKER["what"]
    )


def _batch_results(params: Params, seed: int, span: tuple[int, int], months: int, what: Any):
    """A batch's results: each run's rows (`what` "rows"), or `batch_tables` (`what`: the
    columns to keep, and whether to write the CSV lines)."""
    if what == "rows":
        return batch_runs(params, seed, span[0], span[1], months)
    return batch_tables(params, seed, span[0], span[1], months, *what)


def _pool_context() -> mp.context.BaseContext:
    # fork starts workers in milliseconds and shares the imported modules; spawn elsewhere.
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def _batches(
    params: Params,
    seed: int,
    runs: int,
    months: int,
    jobs: int | None,
    what: Any,
    take: Callable[[Any, int], None],
) -> None:
    """The runs in batches, shared among `jobs` worker processes; `take(result, runs)` gets
    each batch's result in run order."""
    if runs < 1 or months < 1:
        raise ValueError("runs and months must be at least 1")
    if params.months < months:
        params = replace(params, months=months)
    jobs = min(max(int(jobs or os.cpu_count() or 1), 1), runs)
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
    if jobs == 1:
        with _fewer_collections():
            for span in spans:
                take(_batch_results(params, seed, span, months, what), span[1])
        return
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork in a threaded process; our workers start no threads.
        warnings.simplefilter("ignore", DeprecationWarning)
        pool = _pool_context().Pool(
            jobs, initializer=_init_worker, initargs=(params, seed, months, what)
        )
    try:  # imap keeps the results in run order
        for span, result in zip(spans, pool.imap(_worker_batch, spans), strict=True):
            take(result, span[1])
    finally:
        pool.terminate()
        pool.join()


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
    if texts:
        trades, town, *lines = simulate_runs(params, seed, runs, months, jobs, progress, True)
        return (rows_of(trades), rows_of(town), *lines)
    tables: list[list] = [[], [], [], []]

    def take(results: list[tuple], count: int) -> None:
        for result in results:
            for table, rows in zip(tables, result, strict=True):
                table.extend(rows)
        if progress is not None:
            progress(count)

    _batches(params, seed, runs, months, jobs, "rows", take)
    return tuple(tables) if books else (tables[0], tables[1])


def simulate_runs(
    params: Params,
    seed: int,
    runs: int,
    months: int,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    charts: bool = False,
    texts: bool = True,
) -> tuple:
    """What `simulate` writes: `run_many`'s runs as (the trade table's columns, the town
    table's columns, months.csv's, town.csv's, flows.csv's and sectors.csv's lines without
    header; "" without `texts`). The columns (dicts of value lists, rows in order) are those
    the summary reads (`SUMMARY_COLUMNS`), or every column with `charts`: `rows_of` makes
    them rows."""
    keep = ALL_COLUMNS if charts else SUMMARY_COLUMNS
    columns: tuple[dict[str, list], dict[str, list]] = (
        {c: [] for c in keep[0]},
        {c: [] for c in keep[1]},
    )
    lines: list[list[str]] = [[], [], [], []]

    def take(result: tuple, count: int) -> None:
        for mine, theirs in zip(columns, result[:2], strict=True):
            for name, values in theirs.items():
                mine[name] += values
        for parts, text in zip(lines, result[2:], strict=True):
            parts.append(text)
        if progress is not None:
            progress(count)

    _batches(params, seed, runs, months, jobs, (keep, texts), take)
    return (*columns, *("".join(parts) for parts in lines))


def rows_of(columns: dict[str, list]) -> list[dict]:
    """A table's columns (dicts of value lists) as its rows."""
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


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


def cell_texts(values: list) -> list[str]:
    """Each value's cell as `csv_text` writes it (`format_value`, then the CSV writer's
    quoting), one column at a time: whole columns of ints, floats (with None) or booleans in
    a few calls, the rest value by value."""
    kinds = set(map(type, values))
    if kinds <= {int}:
        return _int_texts(np.array(values))
    if kinds <= {float, type(None)}:
        return _float_texts(values)
    if kinds == {bool}:
        return ["1" if v else "0" for v in values]
    if kinds == {str}:
        return list(map(_quoted, values))
    return [_quoted(format_value(v)) for v in values]


# The texts of the small whole numbers most cells hold (counts, months, runs), made once.
_SMALL = np.array([str(i) for i in range(10_000)], dtype=object)


def _int_texts(a: np.ndarray) -> list[str]:
    """str of each whole number of `a` (a table lookup when all are small)."""
    if not a.size:
        return []
    if a.dtype.kind in "iu" and a.min() >= 0 and a.max() < _SMALL.size:
        return _SMALL[a].tolist()
    return list(map(str, a.tolist()))


def _float_texts(values: list | np.ndarray) -> list[str]:
    """`format_value` of floats (and None): repr, but whole numbers as integers and NaN,
    infinities and None empty."""
    a = np.array(values, "f8")  # (None: NaN)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(a)
        whole = finite & (a == np.trunc(a)) & (np.abs(a) < 1e15)
    plain = finite & ~whole
    if plain.all():
        return list(map(repr, a.tolist()))
    out = np.full(a.size, "", dtype=object)
    at = np.flatnonzero(plain)
    out[at] = list(map(repr, a[at].tolist()))
    at = np.flatnonzero(whole)
    out[at] = _int_texts(a[at].astype("i8"))
    return out.tolist()


@functools.lru_cache(maxsize=1024)
def _quoted(text: str) -> str:
    """A text cell as the CSV writer writes it among others (quoted if it needs to be)."""
    if not text:
        return ""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([text])
    return buf.getvalue()[:-1]


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


def summary(trades: dict[str, list], town: dict[str, list], runs: int, months: int) -> str:
    """A few lines a person can read: the crowded trade, arrears, what became of the laid-off.
    With several runs, each figure is the median over runs. `trades`, `town`: the tables'
    columns (`SUMMARY_COLUMNS` at least), rows in order."""
    keys = trades["trade"]
    entries: dict[str, int] = {}
    for key, n in zip(keys, trades["entries"], strict=True):
        entries[key] = entries.get(key, 0) + n
    # the rows of month 0 and of the last month, the only ones read below
    at = {m: [i for i, month in enumerate(trades["month"]) if month == m] for m in (0, months)}
    last = {keys[i]: trades["sellers"][i] for i in at[months]}
    # Ties (a small town) go to the trade with more sellers at the end, then the first listed.
    order = {k: i for i, k in enumerate(entries)}
    top = max(entries, key=lambda k: (entries[k], last.get(k, 0), -order[k])) if entries else ""
    per_run = " (median over runs)" if runs > 1 else ""

    def trade_at(month: int, col: str) -> float | None:
        values = trades[col]
        return _median([values[i] for i in at[month] if keys[i] == top])

    final = [i for i, m in enumerate(town["month"]) if m == months]

    def town_at(col: str, by: str | None = None) -> float | None:
        values, per = town[col], town[by] if by else None
        if per is None:
            return _median([values[i] for i in final])
        return _median([values[i] / per[i] if per[i] else None for i in final])

    def num(x: float | None, fmt: str = "{:.0f}") -> str:
        return "n/a" if x is None else fmt.format(x)

    peaks: dict[int, float] = {}
    suspended_by_run: dict[int, int] = {}  # one pass over the rows (a pass per run took 2 s)
    for run, arrears, suspended in zip(
        town["run"], town["arrears_rate"], town["lending_suspended"], strict=True
    ):
        peaks[run] = max(peaks.get(run, 0.0), arrears)
        suspended_by_run[run] = suspended_by_run.get(run, 0) + suspended
    peak = _median(list(peaks.values()))
    suspended = _median(list(suspended_by_run.values()))

    def cohort_share(col: str) -> float | None:
        return town_at(col, "cohort")

    lines = [
        f"{runs} run{'s' if runs > 1 else ''} x {months} months, "
        f"{town['households'][0]} households{per_run}:",
        f"  most-entered trade: {top} ({entries.get(top, 0) / runs:.1f} openings per run)",
        f"    sellers       month 0: {num(trade_at(0, 'sellers'))}  ->  month {months}: {num(trade_at(months, 'sellers'))}",
        f"    median price  month 0: {num(trade_at(0, 'median_price'), '{:.2f}')} yuan  ->  "
        f"month {months}: {num(trade_at(months, 'median_price'), '{:.2f}')} yuan",
        f"    median margin month 0: {num(trade_at(0, 'median_margin'), '{:.0%}')}  ->  "
        f"month {months}: {num(trade_at(months, 'median_margin'), '{:.0%}')}",
        f"  loan arrears: peak {num(peak, '{:.0%}')} of loans due in the last 12 months; "
        f"bank lending suspended {num(suspended)} of {months} months",
        f"  the laid-off ({num(town_at('cohort'))} households) at month {months}: "
        f"wage work {num(cohort_share('cohort_wage_job'), '{:.0%}')}, "
        f"self-employed {num(cohort_share('cohort_self_employed'), '{:.0%}')}, "
        f"migrated {num(cohort_share('cohort_migrated'), '{:.0%}')}, "
        f"retired {num(cohort_share('cohort_retired'), '{:.0%}')}, "
        f"day labour {num(cohort_share('cohort_day_labour'), '{:.0%}')}, "
        f"still searching {num(cohort_share('cohort_searching'), '{:.0%}')}",
        f"  their median income against the former wage: "
        f"{num(town_at('median_income_vs_former_wage'), '{:.0%}')}",
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
        trades, town, *texts = simulate_runs(
            params, args.seed, args.runs, months, args.jobs, bar.update, charts, out is not None
        )
    elapsed = time.perf_counter() - t0

    print(summary(trades, town, args.runs, months))
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
                Path(p)
                for p in (write_charts(out, rows_of(trades), rows_of(town), title, params) or [])
            ]
    print(f"({elapsed:.1f} s) wrote " + ", ".join(str(p) for p in written))
    return 0
