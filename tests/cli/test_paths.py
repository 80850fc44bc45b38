"""`python main.py paths` and the scripted players behind it: the table an instructor reads,
its bytes, that every path really took place, and that a strategy never leaves a refusal
unhandled.

The CLI tests run small towns for a few months; the player tests play single strategies in
the steel town's household, in towns of 150 households.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from game.cli import main
from game.players import OTHER_PATHS, PathPlayer, Seat, new_session, path_players, play
from game.session import load_scenario

COLUMNS = "run,path,trade,entry_month,final_cash_minus_debts,months_in_arrears"
SMALL = ["--scenario", "steel_town_2016", "--households", "150", "--months", "4"]


def paths(tmp_path: Path, name: str, *extra: str) -> tuple[int, Path]:
    out = tmp_path / name
    return main(["paths", *SMALL, "--entry-months", "1,3", "--out", str(out), *extra]), out


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def steel():
    return load_scenario("steel_town_2016")


def small(sc, months: int, **policy):
    p = sc.params
    return replace(
        p,
        months=months,
        town=replace(p.town, households=150),
        policy=replace(p.policy, **policy),
    )


def trade_index(sc, key: str) -> int:
    return [t.key for t in sc.params.trades].index(key)


# --- the command ---------------------------------------------------------------------------------


def test_writes_a_row_per_play_that_took_place_with_the_columns_asked_for(tmp_path, capsys, steel):
    code, out = paths(tmp_path, "a", "--runs", "2", "--seed", "5")
    assert code == 0
    assert (out / "paths.csv").read_text(encoding="utf-8").splitlines()[0] == COLUMNS
    rows, detail = read(out / "paths.csv"), read(out / "paths_detail.csv")
    trades = [t.key for t in steel.params.trades]
    # every strategy in every run: five paths, then each trade opening in month 1 and month 3
    assert len(detail) == 2 * (len(OTHER_PATHS) + len(trades) * 2)
    assert len(rows) == sum(d["taken"] == "1" for d in detail)
    for run in ("0", "1"):
        others = [r for r in rows if r["run"] == run and r["path"] != "self_employ"]
        assert [r["path"] for r in others] == list(
            OTHER_PATHS
        )  # the steel town's Liu Min can retire
        assert all(r["trade"] == "" and r["entry_month"] == "" for r in others)
    for r in rows:
        float(r["final_cash_minus_debts"])
        assert int(r["months_in_arrears"]) >= 0
        if r["path"] == "self_employ":
            assert r["trade"] in trades and r["entry_month"] in ("1", "3")
    for d in detail:
        assert (d["taken"] == "1") == (d["note"] == ""), d  # a play that did not happen says why
        if d["taken"] == "1" and d["path"] == "self_employ":
            assert int(d["opened_month"]) >= int(d["entry_month"])
    assert (out / "paths.png").stat().st_size > 10_000
    text = capsys.readouterr().out
    assert "best path per run" in text and "best in:" in text and "self_employ" in text


def test_same_seed_same_bytes_whatever_the_workers_and_another_seed_differs(tmp_path):
    a = paths(tmp_path, "a", "--runs", "1", "--seed", "9", "--jobs", "1")[1]
    b = paths(tmp_path, "b", "--runs", "1", "--seed", "9", "--jobs", "2")[1]
    c = paths(tmp_path, "c", "--runs", "1", "--seed", "10", "--jobs", "2")[1]
    for name in ("paths.csv", "paths_detail.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert (a / "paths.csv").read_bytes() != (c / "paths.csv").read_bytes()


def test_a_scenario_file_is_accepted_and_the_entry_months_follow_its_length(tmp_path):
    f = tmp_path / "short.yaml"
    f.write_text(
        "title: A short town\nmonths: 4\ntown:\n  households: 120\npolicy:\n  loan_term_months: 3\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["paths", "--scenario", str(f), "--runs", "1", "--out", str(out)]) == 0
    detail = read(out / "paths_detail.csv")
    # a four-month run opens businesses in months 1 and 3 (6 is past its end)
    assert {d["entry_month"] for d in detail if d["path"] == "self_employ"} == {"1", "3"}


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--runs", "0"], "--runs must be between 1"),
        (["--months", "0"], "--months must be between 1"),
        (["--seed", "-1"], "--seed must be 0 or more"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["--entry-months", "1,x"], "whole numbers separated by commas"),
        (["--entry-months", "30"], "month 30 is outside the run"),
        (["--set", "policy.loan_ceilin_yuan=5"], "did you mean 'loan_ceiling_yuan'"),
        (["--scenario", "no_such_town"], "cannot load scenario 'no_such_town'"),
    ],
)
def test_bad_arguments_get_a_clear_message_and_exit_2(tmp_path, capsys, args, says):
    base = ["paths", "--scenario", "steel_town_2016", "--out", str(tmp_path / "o")]
    assert main([*base, *args]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert not (tmp_path / "o" / "paths.csv").exists()


def test_out_is_required(tmp_path, capsys):
    assert main(["paths", "--scenario", "steel_town_2016"]) == 2
    assert "--out" in capsys.readouterr().err


# --- every path really took place ----------------------------------------------------------------


def played(sc, player: PathPlayer, months: int = 8, seed: int = 4, **policy):
    session = new_session(sc, seed, small(sc, months, **policy))
    result = play(session, player)
    log = [e for e in session.engine.command_log if e["household"] == session.player]
    return session, result, log


def statuses(session) -> list[str]:
    return [r.status for r in session.history]


def test_the_paths_other_than_a_business_are_taken_in_the_first_month(steel):
    for path, allowed in (
        ("job_search", {"job_search", "wage_job"}),
        ("migrate", {"migrated"}),
        ("retire", {"retired"}),
        ("day_labour", {"day_labour", "wage_job"}),
        ("retrain", {"retraining", "job_search", "wage_job"}),
    ):
        session, result, log = played(steel, PathPlayer(path))
        assert log[0]["command"] == "choose_path" and log[0]["path"] == path
        assert log[0]["month"] == 0 and not result.unavailable
        seen = statuses(session)
        assert set(seen) <= allowed, (path, seen)
        if path == "migrate":  # the household ends in the city, or came home (the core's word)
            came_home = any(c[0] == "came_home" for r in session.history for c in r.causes)
            assert seen[-1] == "migrated" or came_home
        if path == "retrain":  # the course ends, then the search
            assert seen[0] == "retraining" and session.engine.state.retrained[session.player]


def test_a_business_opens_in_the_trade_and_month_asked_for(steel):
    for key, month in (("shop", 1), ("tailor", 6)):  # both within savings and relatives' help
        t = trade_index(steel, key)
        session, result, log = played(steel, PathPlayer("self_employ", trade=t, entry_month=month))
        opened = [e for e in log if e["command"] == "open_business"]
        assert [(e["month"], e["trade"]) for e in opened] == [(month, t)]
        assert all(s == "laid_off" for s in statuses(session)[:month])  # waiting on insurance
        assert session.history[month].trade == t  # the month's report shows the business


def test_a_business_on_the_loan_opens_in_its_month_or_says_why_not(steel):
    t = trade_index(steel, "noodles")
    for seed in (4, 5, 6):
        session, result, log = played(
            steel, PathPlayer("self_employ", trade=t, entry_month=3), seed=seed
        )
        opened = [(e["month"], e["trade"]) for e in log if e["command"] == "open_business"]
        if session.facts()["certificate"] == "refused":
            continue  # no loan without proof of layoff: the plan waits, then gives up
        loans = [o for o in session.engine.outcomes if o["command"] == "apply_for_loan"]
        assert any(o["outcome"] == "loan_granted" for o in loans)
        assert opened == [(3, t)]


def test_guarantors_who_refuse_are_asked_again_and_the_plan_falls_back(steel):
    t = trade_index(steel, "noodles")
    session = new_session(steel, 4, small(steel, 12, certificate_probability=1.0))
    session.engine.state.trust[session.player] = 0.0  # nobody will sign for this household
    player = PathPlayer("self_employ", trade=t, entry_month=3)
    result = play(session, player)
    asks = [o for o in session.engine.outcomes if o["command"] == "apply_for_loan"]
    assert asks and all(o["outcome"] == "guarantor_refused" for o in asks)
    first = [o["guarantor"] for o in asks if o["month"] == asks[0]["month"]]
    assert len(first) == len(set(first)) > 4  # other names after the first four refuse
    assert len({o["month"] for o in asks}) > 1  # and again the next month
    assert player.business.opened_month < 0 and player.business.gave_up_month >= 3
    assert player.on_path in ("day_labour", "job_search")
    assert session.status in (player.on_path, "wage_job")
    assert result.seat.refused == []


def test_months_in_arrears_count_the_month_ends_after_a_default(steel):
    params = small(
        steel, 9, certificate_probability=1.0, loan_term_months=2, loan_extension_months=0
    )
    session = new_session(steel, 4, params)
    seat = Seat.of(session)
    # the dearest trade the household can finance: its loan, due after two months, cannot be
    # repaid from a new business's takings, and relatives lend less than it
    reach = seat.facts()["cash_yuan"] + params.policy.loan_ceiling_yuan
    costs = [tr.start_up_cost_yuan for tr in params.trades]
    t = max((c, i) for i, c in enumerate(costs) if c <= reach)[1]
    result = play(session, PathPlayer("self_employ", trade=t, entry_month=1))
    causes = [[c[0] for c in r.causes] for r in session.history]
    first = next(i for i, c in enumerate(causes) if "defaulted" in c)  # the loan could not be met
    assert result.months_in_arrears == len(causes) - first > 0
    f = session.facts()
    assert result.final_cash_minus_debts == pytest.approx(
        f["cash_yuan"] - f["informal_debt_yuan"] - f["loan_yuan"]
    )


# --- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("scenario", "seed"), [("steel_town_2016", 1), ("what_if_no_loans", 2)])
def test_no_strategy_submits_a_command_the_town_refuses(scenario, seed):
    sc = load_scenario(scenario)
    params = small(sc, 12)
    for player in path_players(len(params.trades)):
        session = new_session(sc, seed, params)
        result = play(session, player)
        assert result.seat.refused == [], (player.label, result.seat.refused)


def test_the_seat_logs_a_refused_command_instead_of_applying_it(steel):
    from game.core.commands import RepayLoan  # noqa: PLC0415

    session = new_session(steel, 4, small(steel, 3))
    seat = Seat.of(session)
    assert seat.submit(RepayLoan(session.player, 100.0)) is False
    assert seat.refused[0]["command"] == "repay_loan"
    assert seat.refused[0]["reasons"][0][0] == "no_loan"
    assert session.engine.command_log == []
