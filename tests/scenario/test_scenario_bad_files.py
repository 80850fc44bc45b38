"""Every broken scenario in tests/data/bad_scenarios gives its expected message, and only a
ScenarioError: never a traceback, never a hang (architecture.md practice 9)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from game.scenario import ScenarioError, load_scenario, load_scenario_text, yamlread

DATA = Path(__file__).resolve().parent.parent / "data"
BAD = DATA / "bad_scenarios"
EXPECTED: dict[str, str | list[str]] = yaml.safe_load(
    (BAD / "expected.yaml").read_text(encoding="utf-8")
)
PROBLEM = re.compile(r"^.+:\d+:\d+: \S.*: .+")


def bad_files() -> list[str]:
    return sorted(p.name for p in BAD.iterdir() if p.name != "expected.yaml")


def test_there_are_at_least_30_broken_files_each_with_its_expected_message() -> None:
    files = bad_files()
    assert len(files) >= 30
    assert sorted(EXPECTED) == files, (
        "every file in bad_scenarios/ needs an entry in expected.yaml and vice versa"
    )


@pytest.mark.parametrize("name", bad_files())
def test_broken_file_gives_its_message(name: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(BAD / name)
    problems = info.value.problems
    assert problems, "a ScenarioError must say what is wrong"
    for p in problems:
        assert PROBLEM.match(p), f"not file:line:column: path: message -> {p!r}"
        assert "Traceback" not in p and "internal error" not in p
    text = "\n".join(problems)
    wanted = EXPECTED[name]
    for piece in [wanted] if isinstance(wanted, str) else wanted:
        assert piece in text, f"{name}: expected {piece!r} in:\n{text}"


def test_billion_laughs_is_small_and_refused_at_its_aliases() -> None:
    # refused while its aliases are counted, before one is expanded (no clock: the refusal's
    # place, not its speed on a loaded machine, is what keeps it cheap)
    path = BAD / "billion_laughs.yaml"
    assert path.stat().st_size <= 400
    with pytest.raises(ScenarioError, match="too many aliases"):
        load_scenario(path)


def test_a_bomb_under_the_alias_limit_stops_at_the_node_limit() -> None:
    text = (BAD / "alias_expansion.yaml").read_text()
    assert text.count("*") <= yamlread.MAX_ALIASES  # the alias count alone would let it through
    with pytest.raises(ScenarioError, match="aliases expand to too many values"):
        load_scenario(BAD / "alias_expansion.yaml")


def test_file_over_one_mebibyte_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("title: big\nreferences:\n" + "  - a reference that goes on and on\n" * 40_000)
    assert big.stat().st_size > yamlread.MAX_BYTES
    with pytest.raises(ScenarioError, match=r"big.yaml:1:1: \(file\): the file is too large"):
        load_scenario(big)


def test_too_many_values_is_refused(tmp_path: Path) -> None:
    # refused while reading, before any value is built (its speed is not timed here)
    f = tmp_path / "many.yaml"
    f.write_text("title: many\nremittance_index_by_month: [" + ",".join(["1"] * 60_000) + "]\n")
    with pytest.raises(ScenarioError, match="too many values in one file"):
        load_scenario(f)


def test_deep_nesting_beyond_any_parser_limit_is_a_scenario_error() -> None:
    for text in (
        "title: x\na: " + "[" * 5000 + "]" * 5000,
        "title: x\na: " + "{b: " * 3000 + "1" + "}" * 3000,
    ):
        with pytest.raises(ScenarioError, match="nest"):
            load_scenario_text(text, "deep.yaml")


def test_missing_file_folder_and_fifo_are_clear_messages(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file or built-in scenario"):
        load_scenario(tmp_path / "nowhere.yaml")
    with pytest.raises(ScenarioError, match="this is a folder"):
        load_scenario(tmp_path)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.yaml"
        os.mkfifo(fifo)
        with pytest.raises(ScenarioError, match="not a regular file"):
            load_scenario(fifo)  # opening a FIFO would block forever: the test would hang


def test_every_problem_is_reported_in_one_run() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(BAD / "many_problems.yaml")
    assert len(info.value.problems) == 5
    lines = [int(p.split(":")[1]) for p in info.value.problems]
    assert lines == sorted(lines)


def test_python_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"title: x\npolicy: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(ScenarioError, match="is not allowed"):
        load_scenario_text(text, "evil.yaml")
    assert not marker.exists()
