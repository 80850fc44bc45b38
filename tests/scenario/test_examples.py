"""The scenario files in scenarios/examples/ (the issue's three teaching ideas and the 90-minute
class version) load, pass the exported JSON Schema, play a few months, and do what they say."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import numpy as np
import pytest
import yaml

from game.core.engine import Engine
from game.scenario.json_schema import json_schema
from game.scenario.loader import load_scenario

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "scenarios" / "examples").glob("*.yaml"))


def test_the_examples_are_there() -> None:
    names = {p.stem for p in EXAMPLES}
    assert {"women_first", "certificate_stops", "street_committee", "class_90_minutes"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_example_validates_and_runs(path: Path) -> None:
    sc = load_scenario(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(json_schema()).iter_errors(data)) == []
    eng = Engine(sc.params, seed=7, players=(0,), fingerprint=False)
    eng.run(8)
    assert eng.month == 8


def test_women_first_lays_off_women_first() -> None:
    eng = Engine(
        load_scenario(EXAMPLES[0].with_name("women_first.yaml")).params, seed=3, players=(0,)
    )
    st = eng.state
    first = np.flatnonzero((st.laid_off_month == 0) & ~st.is_player)
    assert first.size > 0 and st.female[first].all()
    eng.run(7)
    second = np.flatnonzero(st.laid_off_month == 6)
    assert second.size > 0 and not st.female[second].any()


def test_the_certificate_office_closes_in_month_6() -> None:
    eng = Engine(
        load_scenario(EXAMPLES[0].with_name("certificate_stops.yaml")).params, seed=3, players=(0,)
    )
    eng.run(6)
    assert eng.params.policy.certificate_probability == 0.0
    assert eng.ctx.announcements and "certificates" in eng.ctx.announcements[0]["say"]["en"]


def test_the_street_committee_starts_an_agreement_among_noodle_sellers() -> None:
    sc = load_scenario(EXAMPLES[0].with_name("street_committee.yaml"))
    eng = Engine(sc.params, seed=3, players=(0,))
    noodles = [t.key for t in sc.params.trades].index("noodles")
    eng.run(4)
    assert bool(eng.state.agreement_active[noodles])
