"""A scenario says what happens when and to whom: scheduled changes (from the file, from an
event's choice), layoff waves aimed at a group, and the player laid off in the wave the
scenario names. Small towns, few months: the file runs in seconds."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import jsonschema
import numpy as np
import pytest
import yaml

from game import i18n
from game.cli import main
from game.core.engine import Engine
from game.core.state import Status
from game.scenario.json_schema import json_schema
from game.scenario.loader import ScenarioError, load_scenario_text
from game.session import GameSession
from game.words import cause_text

STOP_LENDING = """
extends: steel_town_2016
title: {en: "Lending stops", zh: "停贷"}
town: {households: 300}
schedule:
  - month: 5
    set: {policy.loans_enabled: false}
    say: {en: "The bank stops lending to the laid-off.", zh: "银行停止向下岗职工放贷。"}
"""


def _load(text: str):
    return load_scenario_text(text, "test.yaml")


def test_a_change_takes_effect_in_its_month_and_not_before() -> None:
    sc = _load(STOP_LENDING)
    eng = Engine(sc.params, seed=3, players=(0,))
    seen = []
    while not eng.done and eng.month < 8:
        seen.append((eng.month, eng.params.policy.loans_enabled, list(eng.ctx.announcements)))
        eng.end_month()
    for month, enabled, said in seen:
        assert enabled is (month < 5), month
        assert bool(said) is (month == 5), month
    assert seen[5][2][0]["say"]["en"] == "The bank stops lending to the laid-off."


def _rises_by_month(folder: Path) -> dict[int, float]:
    """New lending in each month: the rise of loans outstanding into that CSV row."""
    rows: dict[str, dict[int, float]] = defaultdict(dict)
    with open(folder / "town.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows[r["run"]][int(r["month"])] = float(r["loans_outstanding"])
    out: dict[int, float] = defaultdict(float)
    for by in rows.values():
        for k in by:
            if k - 1 in by:
                out[k] += max(0.0, by[k] - by[k - 1])
    return out


def test_the_csv_shows_the_change_from_its_month(tmp_path: Path) -> None:
    """The CSV's row k is the town after k months: lending that stops as month 5 opens adds
    nothing from row 6 on, and the same town without the schedule keeps lending then."""
    (tmp_path / "stop.yaml").write_text(STOP_LENDING, encoding="utf-8")
    base = STOP_LENDING.split("schedule:")[0]
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    for name in ("stop", "base"):
        args = ["simulate", "--scenario", str(tmp_path / f"{name}.yaml"), "--runs", "4"]
        args += [
            "--months",
            "12",
            "--seed",
            "5",
            "--out",
            str(tmp_path / name),
            "--no-charts",
            "--jobs",
            "1",
        ]
        assert main(args) == 0
    stop, base_rises = _rises_by_month(tmp_path / "stop"), _rises_by_month(tmp_path / "base")
    assert sum(v for k, v in stop.items() if k >= 6) == 0
    assert sum(v for k, v in stop.items() if k < 6) > 0  # it did lend before the change
    assert sum(v for k, v in base_rises.items() if k >= 6) > 0


def test_the_player_reads_the_announcement_in_their_language() -> None:
    sc = _load(STOP_LENDING)
    s = GameSession.new(sc, seed=4, autosave=False)
    for _ in range(6):
        s.end_month()
        s.pending_events.clear()
    report = s.history[5]  # the report of month 5, the month the change took effect
    causes = dict(report.causes)
    assert "announcement" in causes
    assert not any(c == "announcement" for r in s.history[:5] for c, _ in r.causes)
    try:
        i18n.set_language("zh")
        assert cause_text(s, "announcement", causes["announcement"]) == "银行停止向下岗职工放贷。"
        i18n.set_language("en")
        assert cause_text(s, "announcement", causes["announcement"]).startswith("The bank stops")
    finally:
        i18n.set_language("en")


TARGETED = """
title: Women first
town: {households: 400, soe_share: 0.6}
layoff_waves:
  - {month: 0, share: 0.5, sex: female, age_min: 40, education: [primary, middle]}
"""


def test_a_targeted_wave_lays_off_whom_it_says() -> None:
    sc = _load(TARGETED)
    eng = Engine(sc.params, seed=11, players=(0,))
    st = eng.state
    laid = np.flatnonzero((st.laid_off_month == 0) & ~st.is_player)
    aimed = st.female & (st.age >= 40) & (st.education <= 1) & ~st.is_player
    in_post = st.status == Status.SOE_WORKER
    assert laid.size > 10
    assert aimed[laid].all(), "someone outside the wave's group was laid off"
    # half of the group that was in post (those laid off plus those still there)
    group = laid.size + int((aimed & in_post).sum())
    assert abs(laid.size - 0.5 * group) <= 1
    assert (in_post & ~aimed).sum() > 0  # men, the young and the schooled kept their posts


def test_the_player_is_laid_off_in_the_wave_the_scenario_names() -> None:
    text = """
title: Later
layoff_waves:
  - {month: 0, share: 0.2}
  - {month: 3, share: 0.3, player: true}
"""
    s = GameSession.new(_load(text), seed=2, autosave=False)
    statuses = [s.status]
    for _ in range(4):
        s.end_month()
        s.pending_events.clear()
        statuses.append(s.status)
    assert statuses[:3] == ["soe_worker"] * 3
    assert statuses[3] == "laid_off"
    assert int(s.engine.state.laid_off_month[s.player]) == 3
    assert "laid_off" in dict(s.history[3].causes)


def test_by_default_the_player_goes_in_the_first_wave() -> None:
    text = "title: Later\nlayoff_waves:\n  - {month: 5, share: 0.3}\n  - {month: 2, share: 0.3}\n"
    eng = Engine(_load(text).params, seed=2, players=(0,))
    eng.run(2)
    assert eng.state.status[0] == Status.LAID_OFF
    assert int(eng.state.laid_off_month[0]) == 2


EVENT = """
extends: steel_town_2016
title: {en: "Canteen", zh: "食堂"}
town: {households: 200}
events:
  - id: canteen
    title: {en: "The canteen closes", zh: "食堂关门"}
    text: {en: "The mine canteen closes for good.", zh: "矿上食堂关门了。"}
    choices:
      - label: {en: "Noted", zh: "知道了"}
        consequence: {en: "Workers eat on the street.", zh: "工人在街上吃饭。"}
        effects:
          - command: schedule_change
            after_months: 2
            set: {trades.0.budget_share: 0.15}
            say: {en: "The canteen is closed: workers eat at the stalls.", zh: "食堂关了，工人去摊上吃饭。"}
      - label: {en: "Complain", zh: "抱怨"}
        consequence: {en: "Nobody listens.", zh: "没人理。"}
"""


def test_an_event_choice_schedules_a_change() -> None:
    s = GameSession.new(_load(EVENT), seed=1, autosave=False)
    while not s.pending_events:
        s.end_month()
    event = s.pending_events[0]
    chosen_in = s.month
    before = s.params.trades[0].budget_share
    assert s.choose(event, 0) == []
    assert s.params.trades[0].budget_share == before  # not yet
    s.end_month()
    s.end_month()
    assert s.month == chosen_in + 2
    assert s.params.trades[0].budget_share == pytest.approx(0.15)
    said = [a["say"]["en"] for a in s.engine.ctx.announcements]
    assert said == ["The canteen is closed: workers eat at the stalls."]


BAD = """title: Bad
layoff_waves:
  - {month: 0, share: 0.3, sex: woman}
schedule:
  - month: 30
    set: {policy.certificate_probabilty: 0, policy.loan_term_months: 400, town.households: 20}
    say: {cn: "x"}
    agreement: noodle
  - month: 2
    set: {policy.arrears_resume_threshold: 0.5}
"""


def test_a_bad_schedule_is_reported_where_it_is_written() -> None:
    with pytest.raises(ScenarioError) as err:
        _load(BAD)
    text = "\n".join(err.value.problems)
    assert "test.yaml:3:" in text and "layoff_waves.0.sex" in text
    assert "schedule.0.month: this change comes after the game ends" in text
    assert "did you mean 'policy.certificate_probability'?" in text
    assert "schedule.0.set.policy.loan_term_months: out of range" in text
    assert "town.households: cannot change during the game" in text
    assert "schedule.0.say: unknown language 'cn'" in text
    assert "did you mean 'noodles'?" in text
    # valid alone, but not with the rest of the parameters as they stand from month 2
    assert "test.yaml:10:" in text and "from month 2 on: lending would resume" in text


def test_the_schema_accepts_a_good_schedule_and_refuses_a_bad_one() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    good = yaml.safe_load(STOP_LENDING + EVENT.split("town: {households: 200}")[1])
    assert list(validator.iter_errors(good)) == []
    bad = {p for e in validator.iter_errors(yaml.safe_load(BAD)) for p in [tuple(e.absolute_path)]}
    assert ("layoff_waves", 0, "sex") in bad
    assert ("schedule", 0, "set") in bad or ("schedule", 0, "set", "policy.loan_term_months") in bad
    assert ("schedule", 0, "say") in bad


def test_the_town_chart_knows_the_scenarios_waves_changes_and_remittances(tmp_path: Path) -> None:
    from game.charts import remittance_by_month, scenario_marks, write_charts

    text = STOP_LENDING + (
        "  - month: 8\n    set: {remittance_index_by_month: [0.85]}\n"
        '    say: {en: "Less from the cities.", zh: "城里寄回的钱少了。"}\n'
    )
    params = _load(text).params
    assert remittance_by_month(params, [0, 7, 8, 11]) == [1.0, 1.0, 0.85, 0.85]
    marks = scenario_marks(params)
    assert (5, "loans_enabled") in marks and (8, "remittance_index_by_month") in marks
    assert any(m == 0 and label.startswith("wave") for m, label in marks)
    rows = [
        {
            "run": 0,
            "month": m,
            "soe_worker": 1,
            "arrears_rate": 0.0,
            "lending_suspended": False,
            "median_income_vs_former_wage": 0.5,
            "mean_income_vs_former_wage": 0.6,
        }
        for m in range(12)
    ]
    trades = [
        {
            "run": 0,
            "month": m,
            "trade": "noodles",
            "sellers": 3,
            "median_price": 10.0,
            "median_margin": 0.3,
        }
        for m in range(12)
    ]
    written = write_charts(tmp_path, trades, rows, "t", params)
    assert [p.name for p in written] == ["trades.png", "town.png"]


def test_play_takes_the_language_on_the_command_line() -> None:
    from game.cli import build_parser

    assert build_parser().parse_args(["play", "--lang", "zh"]).lang == "zh"
    assert main(["play", "--lang", "fr"]) == 2  # a clear refusal, not a game in English
