"""Speed work must not change a single run: every built-in scenario, stepped alone, gives the
same state hashes and the same CSV bytes as the code they were recorded on (town_bytes.py says
how and when to re-record)."""

import hashlib
import json
from pathlib import Path

import pytest

from game import cli
from game.scenario.loader import builtin_names
from tests.core import town_bytes

RECORDED = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "town_bytes.json").read_text("utf-8")
)


SCENARIOS = sorted(k for k in RECORDED if k != town_bytes.BIG)


def test_every_built_in_scenario_is_recorded():
    assert SCENARIOS == sorted(builtin_names())


def test_a_big_towns_state_hashes_unchanged():
    assert town_bytes.big_town_digest() == RECORDED[town_bytes.BIG]["hashes"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_state_hashes_unchanged(name):
    assert town_bytes.hashes_digest(name) == RECORDED[name]["hashes"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_simulate_csv_bytes_unchanged(name):
    assert town_bytes.csv_digests(name) == RECORDED[name]["csv"]


@pytest.mark.parametrize("name", ["tutorial", "steel_town_2016"])
def test_the_simulate_command_writes_the_recorded_bytes(name, tmp_path, capsys):
    """The command's own path (the CSV lines formatted where the run ran, then joined) writes
    the recorded files."""
    argv = ["simulate", "--scenario", name, "--runs", "1", "--no-charts"]
    argv += ["--seed", str(town_bytes.SIMULATE_SEED), "--out", str(tmp_path)]
    assert cli.main(argv) == 0
    for file, _ in town_bytes.CSV_FILES:
        digest = hashlib.sha256((tmp_path / file).read_bytes()).hexdigest()
        assert digest == RECORDED[name]["csv"][file], file
