"""The story, the town's curves, the argument panels and the questions read the run's own
numbers (the metrics tables and the household's history)."""

from __future__ import annotations

import copy
import dataclasses

import pytest
from debrief_helpers import finished

from game.debrief import argument, questions, story
from game.debrief import counterfactual as cf
from game.i18n import t


def _clean(text: str) -> None:
    assert text and "{" not in text and "debrief." not in text, text


def test_the_timeline_is_in_month_order_with_decisions_before_what_followed(steel_run):
    moments = story.timeline(steel_run)
    months = [m.month for m in moments]
    assert months == sorted(months) and months[0] == 1 and months[-1] <= steel_run.month
    assert any(
        m.decision and "noodle stall" in m.text.lower() for m in moments
    )  # opened a noodle stall
    assert any(not m.decision and m.text == t("cause.laid_off") for m in moments)
    for m in moments:
        _clean(m.text)


def test_beats_tell_the_story_with_the_households_numbers(steel_run):
    beats = story.beats(steel_run)
    text = " ".join(b.text for b in beats)
    spec = cf.spec_from_session(steel_run)
    rows = story.trade_rows(steel_run, cf.hinges(spec).trade)
    peak = max(r["sellers"] for r in rows[cf.hinges(spec).open_month + 1 :])
    assert "noodle stall" in text and f"there were {peak}" in text
    assert "¥3,500" in text  # the former wage
    assert [b.month for b in beats] == sorted(b.month for b in beats)
    for b in beats:
        _clean(b.text)


def test_household_series_match_the_month_reports(steel_run):
    s = story.household_series(steel_run)
    hist = steel_run.history
    assert s["income"] == [r.income for r in hist]
    assert s["net_worth"] == pytest.approx(
        [r.cash - r.informal_debt - r.loan_principal for r in hist]
    )
    assert len(s["neighbours_income"]) == len(hist)


def test_town_curves_mark_the_players_trade_and_come_from_the_metrics(steel_run):
    charts = {c["key"]: c for c in story.town_curves(steel_run)}
    assert list(charts) == [
        "sellers",
        "price",
        "margin",
        "churn",
        "defaults",
        "arrears",
        "status",
        "agreement",
    ]
    mine = [s for s in charts["sellers"]["series"] if s["is_player"]]
    assert len(mine) == 1 and mine[0]["trade"] == "noodles"
    m = steel_run.engine.metrics
    noodles = [r for r in m.trades if r["trade"] == "noodles"]
    assert mine[0]["values"] == [r["sellers"] for r in noodles][1:]  # month 1 first
    price = next(s for s in charts["price"]["series"] if s["is_player"])["values"]
    # an index against the price at the layoff (the town before month 1, not drawn)
    assert price[0] == pytest.approx(noodles[1]["median_price"] / noodles[0]["median_price"])
    assert charts["churn"]["series"][0]["values"] == [r["entries"] for r in m.town][1:]
    for c in charts.values():
        _clean(c["title"])
        _clean(c["help"])


def test_argument_panels_quote_the_metrics(steel_run):
    panels = argument.panels(steel_run)
    assert 5 <= len(panels) <= 8
    for p in panels:
        for k in ("title", "claim", "numbers"):
            _clean(p[k])
        assert "Loubere 2016" in p["cite"]
    race = next(p for p in panels if p["key"] == "race")["figures"]
    rows = [r for r in steel_run.engine.metrics.trades if r["trade"] == "noodles"]
    assert race["price_start"] == pytest.approx(rows[0]["median_price"])
    assert race["price_end"] == pytest.approx(rows[-1]["median_price"])
    fail = next(p for p in panels if p["key"] == "failure")["figures"]
    assert fail["defaults"] == sum(r["defaults"] for r in steel_run.engine.metrics.town)


def test_questions_follow_the_facilitated_order_with_the_scenarios_own_in_the_real_world(steel_run):
    secs = questions.sections(steel_run)
    assert [s["key"] for s in secs] == list(questions.PHASES)
    real = next(s for s in secs if s["key"] == "real_world")["items"]
    own = [q for q in real if q["own"]]
    assert own and own[0]["text"].startswith("Before the reforms of the late 1990s")
    for s in secs:
        for q in s["questions"]:
            _clean(q)


def test_a_scenario_without_questions_asks_only_the_debriefs_own():
    s = copy.copy(finished("tutorial", 3))
    s.scenario = dataclasses.replace(
        s.scenario, story=dataclasses.replace(s.scenario.story, debrief_questions=[])
    )
    ids = [q["id"] for sec in questions.sections(s) for q in sec["items"]]
    assert ids and not any(i.startswith("scenario.") for i in ids)
    assert ids[0] == "feelings.control"


def test_where_the_household_ended(steel_run):
    e = story.where_ended(steel_run)
    assert e["key"] in (
        "business",
        "wage_job",
        "migrated",
        "retired",
        "day_labour",
        "retraining",
        "searching",
    )
    _clean(e["sentence"])


def test_every_chart_counts_the_months_as_the_month_screen_does(steel_run):
    """The run's first month is month 1 on the month screen: the story's charts, the town's
    (on screen and in the report) and the in-run charts all start there and end at the last
    month played, so a month has one number wherever the student reads it."""
    from game.ui.scenes.charts import TABS, chart_spec

    played = len(steel_run.history)
    specs = [story.income_chart(steel_run), story.money_chart(steel_run)]
    specs += story.town_curves(steel_run)
    specs += [chart_spec(steel_run, tab) for tab in TABS]
    for spec in specs:
        assert spec["x_start"] == 1, spec.get("key")
        for line in spec["series"]:
            assert len(line["values"]) == played, (spec.get("key"), line["name"])
