"""Every kind of problem the loader makes can be said on a screen, in English and in Chinese
(game/scenario/said.py), and a terminal still prints the loader's own English words."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from game import i18n
from game.scenario.loader import load_scenario_text
from game.scenario.problems import ScenarioError
from game.scenario.said import said, what_is_wrong

ROOT = Path(__file__).resolve().parents[2]
# Latin words a Chinese problem may say that are not its values: the format's own field
# names and values, the encoding's name, a colour written as the file writes it.
FIELD_WORDS = {"age_max", "age_min", "arrears_suspend_threshold", "household", "drawn", "true"}
FIELD_WORDS |= {"player"}
FIELD_WORDS |= {"false", "value", "remove", "extends", "UTF", "E69F00"}


def _kinds_in_the_loader() -> set[str]:
    """Kinds named in game/scenario: `kind="x"`, Problem(mark, path, message, "x"), a reading
    problem's kind (_whole_file's sixth), and validate's (message, "x", values)."""
    kinds = {"unreadable"}
    for path in (ROOT / "game" / "scenario").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "kind" and isinstance(kw.value, ast.Constant):
                        kinds.add(kw.value.value)
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                at = {"Problem": 3, "_whole_file": 5}.get(name)
                if at is not None and len(node.args) > at:
                    arg = node.args[at]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        kinds.add(arg.value)
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
                elts = node.value.elts
                if len(elts) == 3 and isinstance(elts[1], ast.Constant):
                    kinds.add(elts[1].value)
            if (
                isinstance(node, ast.Assign)
                and [getattr(t, "id", "") for t in node.targets] == ["said"]
                and isinstance(node.value, ast.IfExp)
            ):
                kinds |= {
                    node.value.body.value,
                    node.value.orelse.value,
                }  # said = "a" if .. else "b"
    return {k for k in kinds if isinstance(k, str) and re.fullmatch(r"[a-z_]+", k)}


def _table(lang: str) -> dict[str, str]:
    return json.loads((ROOT / "assets" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def test_every_kind_the_loader_makes_is_said_in_english_and_chinese():
    kinds = _kinds_in_the_loader()
    assert {"unknown_key", "out_of_range", "wrong_type", "yaml_syntax"} <= kinds
    assert len(kinds) > 30  # the scan found the loader's kinds
    for lang in ("en", "zh"):
        table = _table(lang)
        missing = sorted(k for k in kinds if f"scenario.problem.{k}" not in table)
        assert not missing, (lang, missing)


def test_chinese_problems_have_no_english_words_of_their_own():
    """A Chinese template's Latin words are its placeholders or the format's own words."""
    for key, text in _table("zh").items():
        if not key.startswith("scenario."):
            continue
        bare = "".join(lit for lit, *_ in string.Formatter().parse(text))
        stray = set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", bare)) - FIELD_WORDS
        assert not stray, (key, text, stray)


BROKEN = """\
title: x
months: many
policy:
  certificate_probability: 40
  loan_cieling_yuan: 5
"""


@pytest.fixture
def problems():
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(BROKEN, name="class/coal.yaml")
    return err.value


def test_a_terminal_prints_the_loaders_words_a_screen_says_the_kind(problems):
    # the terminal's lines are the loader's, with the file, line and column
    assert problems.problems == [str(p) for p in problems.details]
    assert problems.problems[0].startswith("class/coal.yaml:2:9: months: not a number")
    lines = [said(p, {"class/coal.yaml"}) for p in problems.details]
    assert not any("coal" in line for line in lines)
    assert lines[0] == (
        "Line 2, months: text where a number belongs: write numbers without quotes (got 'many')"
    )
    assert (
        "Line 4, policy.certificate_probability: out of range (expected 0 to 1; got 40)"
        in (lines[1])
    )
    assert (
        lines[2]
        == "Line 5, policy.loan_cieling_yuan: unknown key loan_cieling_yuan; did you mean loan_ceiling_yuan?"
    )


def test_a_change_from_a_month_on_says_the_month():
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(
            "title: x\nschedule:\n  - month: 2\n    set: {policy.arrears_resume_threshold: 0.9}\n"
        )
    (p,) = err.value.details
    assert p.kind == "arrears_order" and p.values["from_month"] == 2
    assert what_is_wrong(p) == (
        "from month 2 on: lending would resume before it stops "
        "(expected less than arrears_suspend_threshold, 0.2; got 0.9)"
    )
    i18n.set_language("zh")
    try:
        assert what_is_wrong(p) == (
            "从第2个月起：贷款还没停就会恢复（应小于 arrears_suspend_threshold，即0.2，实际是0.9）"
        )
    finally:
        i18n.set_language("en")
