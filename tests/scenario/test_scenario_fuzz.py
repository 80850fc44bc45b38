"""Property: any input gives a Scenario or a ScenarioError, in under a second each.

Three kinds of input: random bytes, random YAML-ish text built from the format's own keys and
YAML's tricky tokens, and valid scenarios mutated at random (values swapped for odd ones, keys
dropped or added, bytes flipped). A ScenarioError that says "internal error" is a bug the
loader caught but did not expect, so it fails the test too.
"""

from __future__ import annotations

import copy
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.params import Params, Trade
from game.scenario import Scenario, ScenarioError, load_scenario_text
from game.scenario.schema import Choice, Event, Person, Player, Story, When

DATA = Path(__file__).resolve().parent.parent / "data"
GOOD_TEXT = (DATA / "good_minimal.yaml").read_text(encoding="utf-8")
GOOD = yaml.safe_load(GOOD_TEXT)

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
FUZZ = settings(
    max_examples=2000, deadline=1000, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)


def check(data: str | bytes) -> None:
    try:
        result = load_scenario_text(data, "fuzz.yaml", base_dir=DATA)
    except ScenarioError as exc:
        assert exc.problems
        for p in exc.problems:
            assert "internal error" not in p, p
        return
    assert isinstance(result, Scenario)


KEYS = sorted(
    {
        *Story.model_fields,
        *Player.model_fields,
        *Event.model_fields,
        *When.model_fields,
        *Choice.model_fields,
        *Person.model_fields,
        *(f.name for f in fields(Params)),
        *(f.name for f in fields(Trade)),
        "households",
        "loan_ceiling_yuan",
        "loan_term_months",
        "value",
        "source",
        "assumption",
        "command",
        "amount_yuan",
        "extends",
        "en",
        "zh",
        "cash_yuan",
        "remove",
    }
)

WORDS = [
    "noodles",
    "shop",
    "self_employed",
    "{cash_yuan}",
    "{nobody}",
    "{neighbour.age}",
    "#E69F00",
    "bowl",
    "event_payment",
    "set_price",
    "good_minimal.yaml",
    "../good_minimal.yaml",
    "{",
    "}",
    "",
    "x" * 50,
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(WORDS),
    st.integers(0, 40),
    st.floats(0, 1),
)
keys = st.sampled_from(KEYS) | st.text(max_size=8)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=4),
    st.dictionaries(keys, scalars, max_size=4),
    st.lists(st.dictionaries(keys, scalars, max_size=3), max_size=2),
)

TOKENS = [
    "title: ",
    "title: x\n",
    "months: ",
    "policy:\n  ",
    "town:\n  ",
    "trades:\n  - ",
    "events:\n  - ",
    "extends: ",
    "good_minimal.yaml",
    "loan_ceiling_yuan: ",
    "loan_term_months: ",
    "budget_share: ",
    "key: noodles",
    "{value: 1, source: x}",
    "id: e\n    text: t\n    choices: [{label: a, consequence: b}, {label: c, consequence: d}]",
    "when: {min: {cash_yuan: 1}}",
    "effects: [{command: set_price, price_yuan: 3}]",
    "\n",
    "  ",
    "    ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    ": ",
    ":",
    "&a ",
    "*a",
    "&b [*a, *a, *a]",
    "!!python/object/apply:os.system ['true'] ",
    "!!str ",
    "!!int ",
    "!!binary ",
    "!include ",
    "! ",
    ".nan",
    ".inf",
    "-.inf",
    "1e999",
    "1e5",
    "-1",
    "0.5",
    "99999999999999999999",
    "true",
    "yes",
    "null",
    "~",
    "'",
    '"',
    "#",
    "---\n",
    "...\n",
    "<<: ",
    "? ",
    "|\n",
    ">\n",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "\t",
    "\\",
    "\x85",
    "\u2028",
    "中文",
    "\ufeff",
]


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=120).map("".join))
def test_random_yaml_like_text(text: str) -> None:
    check(text)


def _mutate(tree: Any, draw: Any) -> Any:
    node = tree
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        key = draw(
            st.sampled_from(list(node) if isinstance(node, dict) else list(range(len(node))))
        )
        if not isinstance(node[key], (dict, list)):
            break
        node = node[key]
    if not isinstance(node, (dict, list)) or not node:
        return draw(values) if node is tree else tree
    op = draw(st.sampled_from(["set", "set", "delete", "add"]))
    key = draw(st.sampled_from(list(node) if isinstance(node, dict) else list(range(len(node)))))
    if op == "set":
        node[key] = draw(values)
    elif op == "delete":
        del node[key]
    elif isinstance(node, dict):
        node[draw(st.sampled_from(KEYS) | st.text(max_size=8))] = draw(values)
    else:
        node.append(draw(values))
    return tree


@FUZZ
@given(st.data())
def test_mutated_valid_scenarios(data: st.DataObject) -> None:
    tree: Any = copy.deepcopy(GOOD)
    for _ in range(data.draw(st.integers(1, 4))):
        tree = _mutate(tree, data.draw)
    text = yaml.dump(tree, Dumper=DUMPER, allow_unicode=True, sort_keys=False)
    if data.draw(st.booleans()):  # and a few bytes changed
        raw = bytearray(text.encode("utf-8"))
        for _ in range(data.draw(st.integers(1, 3))):
            if not raw:
                break
            i = data.draw(st.integers(0, len(raw) - 1))
            raw[i] = data.draw(st.integers(0, 255))
        check(bytes(raw))
    else:
        check(text)


def test_the_unmutated_base_is_valid() -> None:
    assert isinstance(
        load_scenario_text(yaml.safe_dump(GOOD, allow_unicode=True), "good.yaml", base_dir=DATA),
        Scenario,
    )
