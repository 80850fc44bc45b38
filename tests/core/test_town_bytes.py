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


def test_every_built_in_scenario_is_recorded():
    assert sorted(RECORDED) == sorted(builtin_names())


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_state_hashes_unchanged(name):
    assert town_bytes.hashes_digest(name) == RECORDED[name]["hashes"]


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_simulate_csv_bytes_unchanged(name):
    assert town_bytes.csv_digests(name) == RECORDED[name]["csv"]
