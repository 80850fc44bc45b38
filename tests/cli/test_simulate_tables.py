"""`simulate` writes its CSV files from each batch's month tables read as columns, with no row
made (game/simulate.py `batch_tables`): the same bytes as every run stepped alone and its rows
written one by one, for one run or many, on one worker or two, and the summary and charts read
the same values as those rows hold."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from game import simulate as sim
from game.core import batch_metrics
from game.core.engine import Engine
from game.core.params import Params
from game.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def town(params: Params, months: int, households: int) -> Params:
    return replace(params, months=months, town=replace(params.town, households=households))


def lone_tables(params: Params, seed: int, runs: int, months: int):
    """Each run stepped alone, as the command wrote its tables before batches: the four CSV
    texts (no header), the trade rows and the town rows."""
    texts, trades, towns = ["", "", "", ""], [], []
    for run in range(runs):
        eng = Engine(params, seed=seed + run, players=(), fingerprint=False)
        cohorts = [sim.cohort_counts(eng)]
        for _ in range(months):
            eng.end_month()
            cohorts.append(sim.cohort_counts(eng))
        tables = sim.run_tables(eng, run, cohorts)
        for i, (columns, rows) in enumerate(zip(sim.CSV_TABLES, tables, strict=True)):
            texts[i] += sim.csv_text(columns, rows)
        trades += tables[0]
        towns += tables[1]
    return texts, trades, towns


def never(*args, **kwargs):
    raise AssertionError("a batch written from its rows, not its columns")


CASES = [
    # (params, months the runs last, runs, seed): the default town; a scenario run for fewer
    # months than its own (it ends early); a scheduled change mid-run (each town's own copy
    # of the parameters); a town of 10 households (trades without a seller, empty medians)
    pytest.param(lambda: town(Params(), 5, 120), 5, 9, 3, id="default"),
    pytest.param(
        lambda: town(load_scenario("xiagang_1998").params, 36, 150), 6, 12, 4, id="xiagang-short"
    ),
    pytest.param(
        lambda: town(
            load_scenario(ROOT / "scenarios/examples/certificate_stops.yaml").params, 9, 120
        ),
        9,
        10,
        6,
        id="certificate-stops",
    ),
    pytest.param(lambda: town(Params(), 8, 10), 8, 13, 15, id="ten-households"),
]


@pytest.mark.parametrize("make, months, runs, seed", CASES)
def test_the_tables_written_from_columns_are_the_lone_runs_rows(
    monkeypatch, make, months, runs, seed
):
    params = make()
    texts, trades, towns = lone_tables(params, seed, runs, months)
    monkeypatch.setattr(sim, "_batch_rows", never)  # (workers fork with it too)
    for count in {1, runs}:
        for jobs in (1, 2):
            got = sim.simulate_runs(params, seed, count, months, jobs=jobs, charts=True)
            if count == runs:
                assert list(got[2:]) == texts, f"jobs={jobs}"
            else:  # the first run alone: the start of each text
                assert all(t.startswith(g) for g, t in zip(got[2:], texts, strict=True))
            want_trades = [r for r in trades if r["run"] < count]
            want_towns = [r for r in towns if r["run"] < count]
            # every column the charts read, as rows: the lone rows' values, keys in order (a
            # town alone may keep a whole 0 where a batch keeps 0.0: the same cell)
            for got_rows, want in (
                (sim.rows_of(got[0]), want_trades),
                (sim.rows_of(got[1]), want_towns),
            ):
                assert got_rows == want
                assert [list(r) for r in got_rows] == [list(r) for r in want]


def test_the_summary_reads_the_same_values_with_or_without_files():
    params = town(Params(), 6, 150)
    full = sim.simulate_runs(params, 2, 12, 6, jobs=1, charts=True)
    bare = sim.simulate_runs(params, 2, 12, 6, jobs=2, texts=False)
    assert bare[2:] == ("", "", "", "")
    for table, kept in zip(full[:2], bare[:2], strict=True):
        assert {name: table[name] for name in kept} == kept
    assert sim.summary(*full[:2], 12, 6) == sim.summary(*bare[:2], 12, 6)
    assert "most-entered trade" in sim.summary(*bare[:2], 12, 6)


def test_a_batch_not_read_as_columns_writes_its_rows(monkeypatch):
    """A batch whose towns' months are not alike (a town read on its own) is written from its
    rows: the same text."""
    params = town(Params(), 4, 120)
    texts, _, _ = lone_tables(params, 7, 8, 4)
    monkeypatch.setattr(batch_metrics, "table_columns", lambda towns, table: None)
    got = sim.simulate_runs(params, 7, 8, 4, jobs=1)
    assert list(got[2:]) == texts


@pytest.mark.parametrize(
    "values",
    [
        [0.0, -0.0, 1e15, 1e15 - 1, -3.0, 2.5, None, float("nan"), float("inf"), -float("inf")],
        [1e-7, 123456789.125, 5e-324, 0.1, 1 / 3, -2.25],  # no whole number, no gap
        [7.0, 9999.0, 10000.0, -1.0],  # whole numbers only, below and past the small ones
        [None, None],
        [0, 5, 9999, 10_000, -1, 2**40, 2**70],
        [True, False, True],
        ["noodles", "a,b", 'say "hi"', "", "line\nend"],
        [1, 2.0, "3", None, True, 0.25],
        [],
    ],
)
def test_each_cell_is_written_as_format_value_and_the_csv_writer_write_it(values):
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["x", *map(sim.format_value, values)])
    assert buf.getvalue() == ",".join(["x", *sim.cell_texts(values)]) + "\n"
