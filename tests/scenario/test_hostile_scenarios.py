"""Scenario files built to hurt (generated): thousands of problems, `extends:` names the system
cannot look up, letters buried under combining marks. Each gives ScenarioError with readable,
bounded messages: never the catch-all "internal error", never a message list that grows with
the square of the file."""

from __future__ import annotations

import json

import pytest

from game.scenario import ScenarioError, load_scenario, load_scenario_data, load_scenario_text
from game.scenario.problems import HINTED, LISTED, SHOWN_PROBLEMS

ZALGO = "Z" + "\u0301\u0316\u0327" * 40  # 120 marks on one letter


def _problems(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "hostile.yaml")
    assert not any("internal error" in p for p in info.value.problems)
    return info.value


def test_twenty_thousand_problems_are_all_found_and_shown_fifty_at_a_time():
    text = "title: x\npolicy:\n" + "".join(f"  loan_celing_yuan_{i}: 1\n" for i in range(20_000))
    err = _problems(text)
    assert len(err.problems) == 20_000
    shown = str(err).splitlines()
    assert len(shown) == SHOWN_PROBLEMS + 1 and shown[-1] == "... and 19,950 more problems"
    hinted = [p for p in err.problems if "did you mean" in p]
    assert 0 < len(hinted) <= HINTED  # the costly "did you mean" for the first ones only


def test_messages_stay_short_however_many_names_they_could_list():
    n = 1_700
    events = "".join(
        f"  - id: e{i}\n    when: {{after: zz{i}}}\n    text: hi\n"
        "    choices: [{label: a, consequence: b}, {label: c, consequence: d}]\n"
        for i in range(n)
    )
    err = _problems("title: x\nevents:\n" + events)
    assert len(err.problems) == n
    assert max(len(p) for p in err.problems) < 400
    assert f"... ({n:,} in all)" in err.problems[0] and err.problems[0].count(", e") < LISTED


@pytest.mark.parametrize(
    "name",
    ["a" * 256, "a" * 5_000, "a" * 251 + ".yaml", "../" * 2_000 + "x.yaml", "x\x00y", "/" * 300],
    ids=["256", "5000", "yaml 256", "deep ../", "NUL", "slashes"],
)
def test_an_extends_name_the_system_cannot_look_up_is_a_message(name):
    err = _problems(f"title: x\nextends: {json.dumps(name)}\n")  # double quotes: a real NUL
    assert any("extends" in p for p in err.problems)


@pytest.mark.parametrize("name", ["a" * 5_000, "b" * 300 + ".yaml", "c\x00d"])
def test_a_scenario_name_the_system_cannot_look_up_is_a_message(name):
    with pytest.raises(ScenarioError) as info:
        load_scenario(name)
    assert "no such file" in info.value.problems[0] and len(info.value.problems[0]) < 600


TEXT_FIELDS = {
    "title": "title: {z}\n",
    "place": "title: x\nplace: {z}\n",
    "summary": "title: x\nsummary: {{en: ok, zh: {z}}}\n",
    "briefing.0": "title: x\nbriefing:\n  - {z}\n",
    "references.0": "title: x\nreferences: [{z}]\n",
    "player.name": "title: x\nplayer: {{drawn: true, name: {z}}}\n",
    "trades.0.name": "title: x\ntrades:\n  - {{key: noodles, name: {z}}}\n",
    "debrief_questions.0": "title: x\ndebrief_questions: [{z}]\n",
    "events.0.choices.1.label": (
        "title: x\nevents:\n  - id: a\n    text: hi\n"
        "    choices: [{{label: a, consequence: b}}, {{label: {z}, consequence: d}}]\n"
    ),
}


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_text_buried_under_combining_marks_is_refused_where_it_is(field):
    err = _problems(TEXT_FIELDS[field].format(z=ZALGO))
    hit = [p for p in err.problems if "accent marks" in p]
    assert hit and f": {field.split('.')[0]}" in hit[0]
    assert all(len(p) < 400 for p in err.problems)


def test_the_same_text_saved_in_a_run_is_refused_too():
    with pytest.raises(ScenarioError, match="accent marks"):
        load_scenario_data({"title": "x", "summary": ZALGO})


def test_real_accents_are_text():
    sc = load_scenario_text("title: Tiếng Việt, Pīnyīn, Ångström\n", "ok.yaml")
    assert sc.title == "Tiếng Việt, Pīnyīn, Ångström"
