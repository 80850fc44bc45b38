"""`python main.py simulate`: the tables an instructor reads, their bytes, and clear refusals.

Every test calls game.cli.main([...]) directly, on small towns and few months, so the whole
file runs in a few seconds.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from game.cli import main
from game.progress import Progress
from game.simulate import format_value

REQUIRED_MONTHS = [
    "run",
    "month",
    "trade",
    "sellers",
    "entries",
    "exits",
    "median_price",
    "median_margin",
    "trade_profit",
    "arrears_rate",
    "defaults",
    "guarantor_calls",
]
REQUIRED_TOWN = [
    "run",
    "month",
    "households",
    "laid_off",
    "self_employed",
    "wage_job",
    "migrated",
    "retired",
    "median_income_vs_former_wage",
    "lending_suspended",
    "agreement_share",
]
SMALL = ["--households", "120", "--months", "4"]


def simulate(tmp_path: Path, name: str, *extra: str) -> tuple[int, Path]:
    out = tmp_path / name
    return main(["simulate", *SMALL, "--out", str(out), *extra]), out


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_writes_both_tables_with_the_required_columns(tmp_path, capsys):
    code, out = simulate(tmp_path, "a", "--seed", "3")
    assert code == 0
    months, town = read(out / "months.csv"), read(out / "town.csv")
    assert set(REQUIRED_MONTHS) <= set(months[0]) and list(months[0])[0] == "run"
    assert set(REQUIRED_TOWN) <= set(town[0]) and list(town[0])[0] == "run"
    # one row per month 0..4 in town.csv, and per month and trade in months.csv (7 trades)
    assert [int(r["month"]) for r in town] == [0, 1, 2, 3, 4]
    assert len(months) == 5 * 7
    assert {r["run"] for r in months} == {"0"}
    assert all(int(r["households"]) == 120 for r in town)
    # counts are whole numbers, prices are numbers or empty (a trade with no seller)
    for r in months:
        assert int(r["sellers"]) >= 0
        assert r["median_price"] == "" or float(r["median_price"]) > 0
    text = capsys.readouterr()
    assert "most-entered trade" in text.out and "median income against the former wage" in text.out
    assert text.err == ""  # no progress bar for a quick run


def test_same_seed_same_bytes_and_another_seed_differs(tmp_path):
    simulate(tmp_path, "a", "--seed", "7")
    simulate(tmp_path, "b", "--seed", "7")
    simulate(tmp_path, "c", "--seed", "8")
    for name in ("months.csv", "town.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "months.csv").read_bytes() != (
        tmp_path / "c" / "months.csv"
    ).read_bytes()


def test_several_runs_on_two_workers_equal_one_worker(tmp_path):
    code2, out2 = simulate(tmp_path, "two", "--runs", "3", "--jobs", "2", "--seed", "5")
    code1, out1 = simulate(tmp_path, "one", "--runs", "3", "--jobs", "1", "--seed", "5")
    assert code1 == code2 == 0
    for name in ("months.csv", "town.csv"):
        assert (out2 / name).read_bytes() == (out1 / name).read_bytes()
    town = read(out1 / "town.csv")
    assert [r["run"] for r in town] == ["0"] * 5 + ["1"] * 5 + ["2"] * 5
    # run r uses seed + r: run 1 of seed 5 is run 0 of seed 6
    simulate(tmp_path, "six", "--seed", "6")
    run1 = [{**r, "run": "0"} for r in town if r["run"] == "1"]
    assert run1 == read(tmp_path / "six" / "town.csv")


@pytest.mark.parametrize(
    "args, words",
    [
        (["--runs", "0"], "--runs: must be at least 1"),
        (["--months", "0"], "--months: must be at least 1"),
        (["--households", "5"], "--households: must be at least 10"),
        (["--jobs", "0"], "--jobs: must be at least 1"),
        (["--seed", "-1"], "--seed: must be at least 0"),
        (["--months", "many"], "invalid int value"),
        (["--set", "policy.no_such_thing=3"], "policy.no_such_thing: unknown key 'no_such_thing'"),
        (["--set", "nowhere.x=3"], "nowhere: unknown key 'nowhere'"),
        (["--set", "policy.loan_ceiling=5"], "did you mean 'loan_ceiling_yuan'?"),
        (["--set", "trades.99.rent_yuan_per_month=3"], "trades.99: no such item"),
        (
            ["--set", "policy.loan_ceiling_yuan=lots"],
            "--set:1:26: policy.loan_ceiling_yuan: not a number",
        ),
        (["--set", "policy.loans_enabled=3"], "expected true or false"),
        (["--set", "policy.loan_term_months=1.5"], "expected a whole number"),
        (["--set", "policy.certificate_probability=1.5"], "between 0 and 1"),
        (["--set", "policy.loan_ceiling_yuan"], "PATH=VALUE"),
        (["--set", "policy=3"], "expected Policy fields"),
        (["--set", "layoff_waves=[1]"], "expected LayoffWave fields"),
        (
            ["--set", "remittance_index_by_month=[1, oops]"],
            "remittance_index_by_month.1: not a number",
        ),
        (["--set", "remittance_index_by_month=[1, 2"], "YAML syntax error"),
        # the audit's --set class: lists, NaN inside lists, a town too large to allocate
        (["--set", "behaviour.offer_factor_by_education=[]"], "wrong number of education levels"),
        (["--set", "behaviour.offer_factor_by_education=[1]"], "wrong number of education levels"),
        (["--set", "behaviour.offer_factor_by_education=[1, .nan, 1]"], "not a number"),
        (["--set", "town.households=2000000000"], "town.households: out of range"),
        (["--set", "policy.retraining_months=128"], "policy.retraining_months: out of range"),
        (
            ["--set", "market.price_sensitivity_scale=1e4"],
            "market.price_sensitivity_scale: out of range",
        ),
        (["--out", ""], "--out: needs a folder name"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(tmp_path, capsys, args, words):
    out = tmp_path / "never"
    code = main(["simulate", "--months", "2", "--households", "50", "--out", str(out), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert words in err
    assert not (out / "months.csv").exists()


def test_out_that_is_a_file_or_unwritable_exits_2(tmp_path, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    assert main(["simulate", *SMALL, "--out", str(blocker)]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert main(["simulate", *SMALL, "--out", str(blocker / "below")]) == 2
    assert "cannot write there" in capsys.readouterr().err


def test_set_changes_the_town(tmp_path):
    # Without loans no one borrows from the bank; with them (the default) some do.
    _, with_loans = simulate(tmp_path, "on", "--months", "6", "--households", "300")
    _, without = simulate(
        tmp_path,
        "off",
        "--months",
        "6",
        "--households",
        "300",
        "--set",
        "policy.loans_enabled=false",
    )
    assert max(int(r["loans_outstanding"]) for r in read(with_loans / "town.csv")) > 0
    assert all(int(r["loans_outstanding"]) == 0 for r in read(without / "town.csv"))
    # dotted paths reach list items; --households wins over a --set of the same field
    code, out = simulate(
        tmp_path, "rent", "--set", "trades.0.start_price_yuan=20", "--set", "town.households=999"
    )
    assert code == 0
    rows = read(out / "months.csv")
    noodles0 = next(r for r in rows if r["trade"] == "noodles" and r["month"] == "0")
    assert 19 < float(noodles0["median_price"]) < 22  # incumbents start near the set price
    assert read(out / "town.csv")[0]["households"] == "120"
    # lists: no layoff wave at all, and a remittance schedule
    code, out = simulate(
        tmp_path, "calm", "--set", "layoff_waves=[]", "--set", "remittance_index_by_month=[1, 0.8]"
    )
    assert code == 0
    assert all(int(r["cohort"]) == 0 for r in read(out / "town.csv"))


def test_missing_scenario_exits_2(tmp_path, capsys):
    assert main(["simulate", "--scenario", str(tmp_path / "nope.yaml"), "--months", "2"]) == 2
    err = capsys.readouterr().err
    assert "nope.yaml" in err and "Traceback" not in err


def test_scenario_sets_the_town(tmp_path):
    pytest.importorskip("game.scenario.loader")
    sc = tmp_path / "tiny.yaml"
    sc.write_text(
        "title: Tiny test town\nmonths: 14\ntown:\n  households: {value: 80, assumption: true}\n"
    )
    code, out = simulate(tmp_path, "sc", "--scenario", str(sc), "--no-charts", "--households", "90")
    assert code == 0
    town = read(out / "town.csv")
    assert town[0]["households"] == "90" and town[-1]["month"] == "4"
    code = main(
        ["simulate", "--scenario", str(sc), "--households", "60", "--out", str(tmp_path / "sc2")]
    )
    assert code == 0
    assert [r["month"] for r in read(tmp_path / "sc2" / "town.csv")][
        -1
    ] == "14"  # the scenario's months


def test_cells_are_formatted_the_same_way_everywhere():
    assert [format_value(v) for v in (None, True, False, 3, 2.0, 0.1, 1 / 3, float("nan"))] == [
        "",
        "1",
        "0",
        "3",
        "2",
        "0.1",
        "0.3333333333333333",
        "",
    ]


def test_progress_bar_is_silent_at_first_then_reports():
    now = [0.0]
    stream = io.StringIO()  # not a terminal: lines only when asked to log
    bar = Progress(
        10, "simulate", "runs", stream=stream, log_when_not_tty=True, clock=lambda: now[0]
    )
    bar.update(3)
    assert stream.getvalue() == ""  # under a second: nothing
    now[0] = 2.0
    bar.update(2)
    now[0] = 4.0
    bar.update(5)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("simulate [") and "5/10 runs" in lines[0] and "s left" in lines[0]
    assert "100%" in lines[-1] and "10/10" in lines[-1]
    quiet = io.StringIO()
    bar = Progress(10, stream=quiet, clock=lambda: now[0])  # not a tty, not asked to log
    now[0] = 10.0
    bar.update(10)
    assert quiet.getvalue() == ""


def test_charts_are_written_with_a_scenario(tmp_path):
    pytest.importorskip("game.scenario.loader")
    pytest.importorskip("matplotlib")
    sc = tmp_path / "tiny.yaml"
    sc.write_text(
        "title: Tiny test town\nmonths: 14\ntown:\n  households: {value: 80, assumption: true}\n"
    )
    code, out = simulate(tmp_path, "ch", "--scenario", str(sc), "--runs", "2", "--jobs", "1")
    assert code == 0
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert pngs == ["town.png", "trades.png"]
    for name in pngs:
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a drawn chart, not a blank
    # --no-charts and no scenario: tables only
    code, out = simulate(tmp_path, "plain")
    assert code == 0 and not list(out.glob("*.png"))
