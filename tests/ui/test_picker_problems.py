"""A broken scenario in the player's own folder: the picker says its problems from the loader's
structured problems (kind and values), by line and field, in the player's language, and never
names a file (the house rule). The Chinese picker said them in the loader's English."""

from __future__ import annotations

import re

import pytest
from ui_helpers import click, element, frames

from game import i18n, userdirs
from game.ui.scenes import picker as picker_mod
from game.ui.scenes.picker import PickerScene
from game.ui.scenes.prerun import Painter

# Several kinds of mistake an instructor makes (docs/scenarios.md's examples, done wrong).
BROKEN = """\
title: Coal town
months: many
extends: towns/base_town.yaml
loan_cieling_yuan: 5
policy:
  certificate_probability: 40
layoff_waves:
  - month: 30
    share: 0.4
events:
  - id: Husband-Lungs
    title: A bad night
    text: "You have {cash}"
    when: {status: unemployed, trade: noodle}
    choices:
      - label: Go to the hospital
"""
KINDS = {"quoted_number", "base_missing", "misplaced_key", "out_of_range", "after_end"}
KINDS |= {"bad_name", "unknown_name", "missing"}
# what the "did you mean"s offer, and a field the file leaves out
MEANT = {"policy", "loan_ceiling_yuan", "cash_yuan", "laid_off", "job_search", "day_labour"}
MEANT |= {"noodles", "consequence"}
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


@pytest.fixture(autouse=True)
def fresh_list():
    picker_mod._cache.clear()
    yield
    picker_mod._cache.clear()
    i18n.set_language("en")


@pytest.fixture
def broken_file():
    path = userdirs.scenarios_dir() / "zz_coal_town.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def _broken_entry(app) -> tuple[PickerScene, int]:
    scene = app.open("new_game")
    frames(app, 3)
    assert isinstance(app.top, PickerScene)
    (i,) = [k for k, e in enumerate(scene.entries) if e.broken]
    return scene, i


def _no_file_named(line: str, path) -> None:
    assert not re.search(r"\w\.ya?ml", line), line
    assert "zz_coal" not in line and "base_town" not in line and "towns/" not in line, line
    assert str(path.parent) not in line, line


def test_the_broken_scenario_has_every_kind_of_problem_it_was_written_with(app, broken_file):
    _, i = _broken_entry(app)
    entry = picker_mod.scenario_entries()[i]
    assert KINDS <= {p.kind for p in entry.problems}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_picker_says_each_problem_by_line_and_field_without_a_file(app, broken_file, lang):
    i18n.set_language(lang)
    scene, i = _broken_entry(app)
    entry = scene.entries[i]
    lines = picker_mod.problem_lines(entry.problems, entry.path)
    assert len(lines) == len(entry.problems) >= len(KINDS)
    start = "Line " if lang == "en" else "第"
    for problem, line in zip(entry.problems, lines, strict=True):
        _no_file_named(line, broken_file)
        assert line.startswith(start), line
        assert f"{problem.mark.line}" in line, line
        if problem.path:
            assert problem.path in line, line  # the field, as the instructor wrote it
    # the one it builds on is not found: said, not named
    base = next(line for p, line in zip(entry.problems, lines, strict=True) if p.path == "extends")
    assert base == i18n.t(
        "picker.problem.field",
        line=3,
        field="extends",
        what=i18n.t("scenario.problem.base_missing"),
    )
    # and painted so: the page says the lines it has room for
    said = _painted_problems(app, scene, i)
    assert said and said == lines[: len(said)]


def _painted_problems(app, scene, i) -> list[str]:
    """The problem lines the broken scenario's page paints ("- " and the line)."""
    painted: list[str] = []
    real = Painter.para

    def para(self, text, *args, **kwargs):
        painted.append(text)
        return real(self, text, *args, **kwargs)

    Painter.para = para  # type: ignore[method-assign]
    try:
        click(app, element(scene, f"sc.{i}"))
        frames(app, 3)
    finally:
        Painter.para = real  # type: ignore[method-assign]
    return [text[2:] for text in painted if text.startswith("- ")]


def test_the_chinese_picker_says_them_in_chinese(app, broken_file):
    """No Latin word in a painted Chinese line but field names and values: the instructor's
    own (in the file) and the names a "did you mean" offers. Main painted the loader's
    English ("not a number (expected a whole number in months; got the text 'many' ...")."""
    i18n.set_language("zh")
    scene, i = _broken_entry(app)
    lines = _painted_problems(app, scene, i)
    assert len(lines) >= len(KINDS)
    allowed = set(LATIN.findall(BROKEN)) | MEANT
    for line in lines:
        _no_file_named(line, broken_file)
        assert line.startswith("第"), line
        stray = [w for w in LATIN.findall(line) if w not in allowed]
        assert not stray, (line, stray)


def test_a_broken_file_opened_from_elsewhere_says_its_problems_in_chinese(
    app, broken_file, tmp_path, monkeypatch
):
    i18n.set_language("zh")
    scene, _ = _broken_entry(app)
    shown = []
    monkeypatch.setattr(app, "message", lambda title, body: shown.append(body))
    outside = tmp_path / "coal.yaml"
    outside.write_text(BROKEN, encoding="utf-8")
    scene.open_file(str(outside))
    (body,) = shown
    assert body.startswith("Coal town无法载入")
    _no_file_named(body, outside)
    assert "超出范围" in body and "找不到它所依据的情景" in body
