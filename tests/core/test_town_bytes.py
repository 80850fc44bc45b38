"""Speed work must not change a single run: every built-in scenario, stepped alone, gives the
same state hashes and the same CSV bytes as the code they were recorded on (town_bytes.py says
how and when to re-record)."""

import json
from pathlib import Path

import pytest

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
