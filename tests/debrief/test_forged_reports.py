"""Forged report files (the audit's 37, generated here): `report` checks every field of a replay
with the rules a save gets, names a scenario only as a built-in or a file inside the folders
the user chose, and answers bad input with exit 2 and `file:line:column: field: what`: never
a traceback, never the first line of a file it should not have opened."""

from __future__ import annotations

import json
import re

import pytest
from debrief_helpers import finished

from game.cli import main
from game.debrief import reflection, report

LOCATED = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<field>\S+): \S")


@pytest.fixture(scope="module")
def replay_text(tmp_path_factory) -> str:
    s = finished("tutorial", 3)
    folder = tmp_path_factory.mktemp("genuine")
    _h, json_path = report.write_report(s, folder, results={}, name="r")
    return json_path.read_text(encoding="utf-8")


def _forge(replay_text: str, change) -> dict:
    doc = json.loads(replay_text)
    change(doc["replay"])
    return doc


def _report(tmp_path, capsys, doc_or_text) -> tuple[int, str]:
    path = tmp_path / "forged.json"
    text = doc_or_text if isinstance(doc_or_text, str) else json.dumps(doc_or_text, indent=1)
    path.write_text(text, encoding="utf-8")
    code = main(["report", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists() or code == 0
    return code, err


def _set(key, value):
    return lambda rp: rp.__setitem__(key, value)


def _in_first_command(key, value):
    return lambda rp: rp["command_log"][0].__setitem__(key, value)


FIELD_FORGERIES = {
    "seed": [-1, 1.5, 2**40, "7", None, True],
    "run_id": ["xyz", 5, "a" * 40],
    "months": [-1, 10**6, 2.5, "3"],
    "final_hash": [5, "x" * 100],
    "decisions": [[["x"]], [[0, "title.menu.quit", {}]], [[0, "decision.x", {"a": [1]}]], 7],
    "command_log": [[5], [{"month": 0}], "all of them"],
}
COMMAND_FORGERIES = {
    "household": [0.0, -1, 10**9, True, "0", None],
    "month": [-1, 10**6, 1.5],
    "command": ["rm -rf", 5, None],
    "evil": [1],
}
CASES = [(f"replay.{k}", _set(k, v)) for k, vs in FIELD_FORGERIES.items() for v in vs] + [
    (f"replay.command_log.0.{k}", _in_first_command(k, v))
    for k, vs in COMMAND_FORGERIES.items()
    for v in vs
]


@pytest.mark.parametrize(
    "field, change", CASES, ids=[f"{f}-{i}" for i, (f, _c) in enumerate(CASES)]
)
def test_a_forged_field_is_refused_where_it_is(tmp_path, capsys, replay_text, field, change):
    code, err = _report(tmp_path, capsys, _forge(replay_text, change))
    assert code == 2, err
    m = LOCATED.match(err.splitlines()[0])
    assert m, err
    assert m["file"] == str(tmp_path / "forged.json")
    assert m["field"].startswith(field.rsplit(".", 1)[0]), err
    assert int(m["line"]) > 1  # the line the field is on, not the top of the file


def _without_scenario(ref):
    def change(rp):
        rp["scenario"] = {}
        rp["scenario_ref"] = ref

    return change


@pytest.mark.parametrize(
    "ref",
    ["/etc/passwd", "../../../../../../etc/hosts", "/etc/hostname", "x" * 1000, "evil\nname"],
)
def test_a_scenario_outside_the_chosen_folders_is_never_opened(tmp_path, capsys, replay_text, ref):
    code, err = _report(tmp_path, capsys, _forge(replay_text, _without_scenario(ref)))
    assert code == 2
    assert "replay.scenario_ref" in err.splitlines()[0]
    assert "root:" not in err and "localhost" not in err


def test_a_yaml_file_outside_the_folders_is_refused_inside_it_is_read(
    tmp_path, capsys, replay_text
):
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere.yaml"
    outside.write_text("title: elsewhere\n", encoding="utf-8")
    code, err = _report(tmp_path, capsys, _forge(replay_text, _without_scenario(str(outside))))
    assert code == 2 and "replay.scenario_ref" in err
    inside = tmp_path / "mine.yaml"
    inside.write_text("title: mine\nmonths: 5\n", encoding="utf-8")
    code, err = _report(tmp_path, capsys, _forge(replay_text, _without_scenario("mine.yaml")))
    assert "replay.scenario_ref" not in err  # read: the run then differs from the saved one
    path = tmp_path / "builtin.json"  # a built-in, by name (rebuilt, not written: that is slow)
    path.write_text(json.dumps(_forge(replay_text, _without_scenario("tutorial"))), "utf-8")
    assert report.load_source(path).scenario_ref == "tutorial"


def test_a_saved_scenario_that_extends_another_file_is_refused(tmp_path, capsys, replay_text):
    doc = _forge(replay_text, lambda rp: rp["scenario"].__setitem__("extends", "/etc/x.yaml"))
    code, err = _report(tmp_path, capsys, doc)
    assert code == 2 and "replay.scenario.extends" in err


def test_a_saved_scenario_out_of_bounds_is_refused(tmp_path, capsys, replay_text):
    doc = _forge(
        replay_text, lambda rp: rp["scenario"]["policy"].__setitem__("retraining_months", 400)
    )
    code, err = _report(tmp_path, capsys, doc)
    assert code == 2 and "retraining_months" in err and "out of range" in err


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "iron-rice-bowl-report", "replay": {"seed": NaN, "command_log": []}}',
        '{"format": "iron-rice-bowl-report", "replay": {"seed": 1' + "0" * 100_000 + "}}",
        '{"format": "iron-rice-bowl-report", "replay": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ],
    ids=["NaN", "100,000 digits", "deep nesting"],
)
def test_json_that_breaks_the_parser_is_bad_input(tmp_path, capsys, text):
    code, err = _report(tmp_path, capsys, text)
    assert code == 2 and LOCATED.match(err.splitlines()[0])


def test_reports_never_overwrite_each_other(tmp_path):
    s = finished("tutorial", 3)
    first, _ = report.write_report(s, tmp_path, results={})
    second, _ = report.write_report(s, tmp_path, results={})
    assert first != second and first.exists() and second.exists()
    # the student's name when written (the scripted player writes one), else the household's
    who = reflection.data(s)["name"] or s.player_name()
    assert s.run_id in first.name and report._slug(who) in first.name
