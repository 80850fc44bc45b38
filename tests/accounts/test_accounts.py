"""The month's account: every line that moved the household's cash, summing exactly to the
change in cash, for every month of many runs of every built-in scenario; what the exported
report carries; and that a saved run keeps its accounts."""

from __future__ import annotations

import json

import pytest
from bots import play

from game import i18n
from game.core import commands as C
from game.scenario.loader import builtin_names
from game.session import GameSession

RUNS_PER_SCENARIO = 20


def check_book(s: GameSession) -> float:
    """Assert the identity for every month of the run; return the largest 'other' line."""
    book = s.accounts()
    assert len(book) == len(s.history) == s.month
    worst = 0.0
    cash_before = None
    for account, report in zip(book, s.history, strict=True):
        assert account.month == report.month
        assert sum(x.yuan for x in account.lines) == pytest.approx(account.change, abs=0.005)
        assert account.cash_end == pytest.approx(report.cash, abs=1e-6)
        if cash_before is not None:
            assert account.cash_start == cash_before  # no yuan between two months
        cash_before = account.cash_end
        plain = account.to_dict(s)
        assert round(sum(x["yuan"] for x in plain["lines"]), 2) == round(
            plain["cash_end"] - plain["cash_start"], 2
        )
        for x in account.lines:
            assert x.key != "other" or not getattr(report, "accounts", None)
            if x.key == "other":
                worst = max(worst, abs(x.yuan))
    return worst


@pytest.mark.parametrize("name", builtin_names())
def test_every_month_adds_up(name):
    worst = 0.0
    for seed in range(RUNS_PER_SCENARIO):
        worst = max(worst, check_book(play(name, seed)))
    # Until the core books every flow per household, a few months carry an "other" line (a
    # sellers' cooperative's share of a default): it must stay rare and small.
    assert worst < 2_000


def test_decisions_and_events_are_in_the_month_they_happened():
    s = GameSession.new("steel_town_2016", seed=11, autosave=False)
    h = s.player
    start = s.money_now()["cash"]
    s.submit(C.BorrowInformally(h, 1500.0))
    union = next(e for e in s.scenario.events if e.id == "back_pay_settlement")
    s.pending_events.append(union)
    s.event_facts[union.id] = s.facts()
    s.choose(union, 0)  # sign and take the 4,000
    s.end_month()
    account = s.account(1)
    assert account.cash_start == pytest.approx(start)
    keys = {x.key: x for x in account.lines}
    assert keys["family_borrowed"].yuan == pytest.approx(1500.0)
    event = keys["event"]
    assert event.yuan == pytest.approx(4000.0)
    assert event.label(s) == "The union's offer"
    assert keys["living"].yuan < 0
    # the first month's spending follows the mill wage, and the account says so
    assert keys["spending_above"].yuan < 0


def test_equipment_sold_and_start_up_are_lines():
    s = GameSession.new("steel_town_2016", seed=4, autosave=False)
    h = s.player
    s.submit(C.ChoosePath(h, "self_employ"))
    cost = s.params.trades[4].start_up_cost_yuan
    s.submit(C.OpenBusiness(h, 4, -1))  # the motor-taxi, from savings
    s.end_month()
    first = {x.key: x.yuan for x in s.account(1).lines}
    assert first["start_up"] == pytest.approx(-cost)
    assert first["sales"] > 0 and first["rent"] < 0
    capital = float(s.engine.state.capital[h])  # what the equipment is worth now
    s.submit(C.CloseBusiness(h))
    s.end_month()
    second = {x.key: x.yuan for x in s.account(2).lines}
    assert second["equipment_sold"] == pytest.approx(
        capital * s.params.behaviour.salvage_share, rel=1e-5
    )


def test_accounts_survive_a_save(tmp_path):
    from game import saves

    s = play("steel_town_2016", seed=3, months=6)
    s.submit(C.BorrowInformally(s.player, 500.0))  # a decision in the month being played
    path = tmp_path / "run.json"
    saves.save(s, path)
    loaded = GameSession.load(path)
    assert [a.to_dict() for a in loaded.accounts()] == [a.to_dict() for a in s.accounts()]
    assert loaded.pending_moves() == s.pending_moves()
    loaded.end_month()
    s.end_month()
    assert loaded.account(7).to_dict() == s.account(7).to_dict()


def test_report_json_carries_the_accounts():
    from game.debrief import report

    s = play("tutorial", seed=2)
    data = report.build_data(s)
    json.dumps(data)
    assert [a["month"] for a in data["accounts"]] == list(range(1, s.month + 1))
    for a in data["accounts"]:
        assert set(a) == {"month", "cash_start", "cash_end", "lines"}
        assert round(sum(x["yuan"] for x in a["lines"]), 2) == round(
            a["cash_end"] - a["cash_start"], 2
        )
        assert all(set(x) == {"key", "label", "yuan"} and x["label"] for x in a["lines"])


def test_labels_in_both_languages():
    s = play("steel_town_2016", seed=5, months=4)
    for lang in ("en", "zh"):
        i18n.set_language(lang)
        s.lang = lang
        for a in s.accounts():
            for x in a.lines:
                label = x.label(s)
                assert label and not label.startswith("account.")
    i18n.set_language("en")
