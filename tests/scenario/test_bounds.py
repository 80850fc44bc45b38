"""Every value the loader accepts runs (issue: scenarios that passed `validate` crashed the game).

Generated, not hand-picked: the boundary values of every numeric field come from the exported
JSON Schema, and a property test (hypothesis) draws whole scenarios from the bounds table and
runs each for 24 months. The bounds live in one table (game/scenario/bounds.py) that the
loader, the schema and `simulate --set` share, so these tests cover all three.
"""

from __future__ import annotations

import math
import os

import jsonschema
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from game.core.params import Params
from game.core.state import HOUSEHOLD_COLUMNS
from game.scenario import ScenarioError, load_scenario_data
from game.scenario.bounds import BOUNDS, STORED_IN, column_max, length
from game.scenario.json_schema import json_schema
from game.scenario.overrides import apply_override
from game.scenario.schema import (
    _dataclass_dict,
    class_paths,
    hints,
    iter_param_leaves,
    list_item,
    param_bound,
)
from game.session import GameSession

# IRB_FUZZ_EXAMPLES=2000 python -m pytest tests/scenario/test_bounds.py: the long run.
EXAMPLES = int(os.environ.get("IRB_FUZZ_EXAMPLES", "30"))


def numeric_leaves() -> list[tuple[str, type, str, type]]:
    """(path with list index 0, dataclass, field, type) of every numeric parameter."""
    out = []
    for path, _value, cls, name in iter_param_leaves(Params()):
        tp = hints(cls)[name]
        if tp in (int, float) or list_item(tp) in (int, float):
            out.append((path, cls, name, tp))
    return out


LEAVES = numeric_leaves()
SEEN = {}  # one trade and one layoff wave stand for all (their bounds are per field)
for _path, _cls, _name, _tp in LEAVES:
    SEEN.setdefault((_cls, _name), (_path, _cls, _name, _tp))
FIELDS = list(SEEN.values())


def test_whole_numbers_fit_the_state_columns_they_are_stored_in() -> None:
    for path, (column, added) in STORED_IN.items():
        assert column in HOUSEHOLD_COLUMNS, f"{path}: no household column {column!r} any more"
        assert BOUNDS[path].hi + added <= column_max(column), path


def test_every_numeric_field_has_a_finite_range() -> None:
    assert len(FIELDS) > 90
    for path, cls, name, _tp in FIELDS:
        rng = param_bound(cls, name)
        assert math.isfinite(rng.lo) and math.isfinite(rng.hi) and rng.lo < rng.hi, path


# --- boundary values, from the exported schema -----------------------------------------------


def schema_ranges() -> dict[str, tuple[float, float, bool]]:
    """Field path (index 0 for list items) -> (minimum, maximum, integer), read from the schema."""
    schema = json_schema()
    out = {}
    for cls, prefix in class_paths().items():
        props = (
            schema["properties"] if cls is Params else schema["$defs"][cls.__name__]["properties"]
        )
        if prefix.endswith(("trades.", "layoff_waves.")):
            prefix += "0."
        for name, prop in props.items():
            plain = prop.get("anyOf", [{}])[0]
            plain = plain.get("items", plain) if plain.get("type") == "array" else plain
            if "minimum" in plain:
                out[prefix + name] = (
                    plain["minimum"],
                    plain["maximum"],
                    plain["type"] == "integer",
                )
    return out


RANGES = schema_ranges()


def test_the_schema_gives_a_range_for_every_numeric_field() -> None:
    assert {path for path, *_ in FIELDS} <= set(RANGES)


def _value(path: str, value: float):
    """The value as the field takes it: a list field gets a list of its shortest length."""
    leaf = next(x for x in LEAVES if x[0] == path)
    return [value] * max(length(path).lo, 1) if list_item(leaf[3]) is not None else value


def _document(path: str, value) -> dict:
    """A scenario file (as data) that sets only `path` (`trades.0.x` -> a one-trade list)."""
    doc: dict = {"title": "t"}
    node: dict = doc
    parts = path.split(".")
    for part, after in zip(parts, parts[1:], strict=False):
        if part.isdigit():
            continue
        node[part] = [{}] if after.isdigit() else {}
        node = node[part][0] if after.isdigit() else node[part]
    node[parts[-1]] = value
    return doc


@pytest.mark.parametrize("path", sorted({p for p, *_ in FIELDS}))
def test_boundary_values_are_accepted_and_one_step_beyond_refused(path: str) -> None:
    lo, hi, integer = RANGES[path]
    step = 1 if integer else max((hi - lo) * 1e-3, 1e-6)
    validator = jsonschema.Draft202012Validator(json_schema())
    for x, inside in ((lo, True), (hi, True), (lo - step, False), (hi + step, False)):
        value = _value(path, int(x) if integer else float(x))
        try:  # the loader's walk, as `--set` and a file reach it
            apply_override(Params(), f"{path}={value!r}")
            problems: list[str] = []
        except ScenarioError as exc:
            problems = exc.problems
        out_of_range = [
            p for p in problems if f"{path.split('.')[-1]}" in p and "out of range" in p
        ]
        assert bool(out_of_range) != inside, f"{path}={value}: {problems}"
        schema_ok = not list(validator.iter_errors(_document(path, value)))
        assert schema_ok == inside, f"the schema and the loader disagree on {path}={value}"


# --- any accepted scenario runs ---------------------------------------------------------------


def value_in(rng, integer: bool):
    """The ends of the range most often (where overflow lives), else anything inside it."""
    if integer:
        lo, hi = int(rng.lo), int(rng.hi)
        return st.one_of(st.just(lo), st.just(hi), st.integers(lo, hi))
    return st.one_of(
        st.just(float(rng.lo)),
        st.just(float(rng.hi)),
        st.floats(rng.lo, rng.hi, allow_nan=False, allow_infinity=False),
    )


@st.composite
def scenario_data(draw) -> dict:
    """A whole scenario: any subset of fields moved anywhere in their range, with the rules
    across fields kept (shares that add up, prices above costs, a loan due within the run) so
    that most drawn scenarios are ones the loader accepts."""
    data = _dataclass_dict(Params())
    for path, cls, name, tp in LEAVES:
        if not draw(st.booleans()) or draw(st.booleans()):
            continue  # a quarter of the fields move
        integer = tp is int or list_item(tp) is int
        rng = param_bound(cls, name)
        node, parts = data, path.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        if list_item(tp) is not None:
            rule = length(path)
            n = draw(st.integers(max(rule.lo, 0), min(rule.hi, 6)))
            node[parts[-1]] = draw(st.lists(value_in(rng, integer), min_size=n, max_size=n))
        else:
            node[parts[-1]] = draw(value_in(rng, integer))
    town, policy = data["town"], data["policy"]
    data["months"] = max(data["months"], 24)
    town["households"] = draw(st.integers(10, 60))
    groups = [town["soe_share"], town["wage_job_share"], town["retired_share"]]
    if sum(groups) > 1:
        town["soe_share"], town["wage_job_share"], town["retired_share"] = (
            g / sum(groups) * 0.99 for g in groups
        )
    edu = town["education_shares"]
    town["education_shares"] = [x / sum(edu) for x in edu] if sum(edu) > 0 else [0.3, 0.4, 0.3]
    budget = sum(t["budget_share"] for t in data["trades"]) or 1.0
    remit = sum(t["remittance_share"] for t in data["trades"]) or 1.0
    for t in data["trades"]:
        t["budget_share"] = max(t["budget_share"], 0.001) * min(1.0, 0.79 / budget)
        t["remittance_share"] *= min(1.0, 0.99 / remit)
        t["unit_cost_yuan"] = min(t["unit_cost_yuan"], 99_000.0)
        if t["start_price_yuan"] <= t["unit_cost_yuan"]:
            t["start_price_yuan"] = min(t["unit_cost_yuan"] * 1.01 + 0.01, 100_000.0)
    policy["arrears_resume_threshold"] = min(
        policy["arrears_resume_threshold"], policy["arrears_suspend_threshold"] * 0.9
    )
    if policy["arrears_suspend_threshold"] == 0:
        policy["arrears_suspend_threshold"] = 0.01
    policy["loan_term_months"] = min(policy["loan_term_months"], data["months"])
    for wave in data["layoff_waves"]:
        wave["month"] = min(wave["month"], data["months"] - 1)
    return {"title": "drawn", **data}


def finite_problems(s: GameSession) -> list[str]:
    """The state's arrays and the player's facts that are not finite numbers."""
    state = s.engine.state
    arrays = {**state.columns, "skill": state.skill}
    arrays.update({k: getattr(state, k) for k in state._TRADE_ARRAYS})
    bad = [k for k, a in arrays.items() if a.dtype.kind == "f" and not np.isfinite(a).all()]
    bad += [k for k, v in s.facts().items() if isinstance(v, float) and not math.isfinite(v)]
    return bad


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 100,  # CI: the same examples every time; long runs explore
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenario_data(), st.integers(0, 2**32 - 1))
def test_any_accepted_scenario_runs_24_months_with_finite_state(data: dict, seed: int) -> None:
    try:
        sc = load_scenario_data(data)
    except ScenarioError:
        assume(False)
    s = GameSession.new(sc, seed=seed, autosave=False)  # building the town: not one warning
    with np.errstate(all="ignore"):  # a month may divide by zero on the way; it must end finite
        for _ in range(24):
            s.end_month()
            s.pending_events.clear()
            assert not finite_problems(s), f"month {s.month}: {finite_problems(s)}"
