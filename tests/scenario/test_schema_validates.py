"""The exported JSON Schema, checked with a standard validator (the `jsonschema` package,
draft 2020-12, as editors' YAML plugins use it): it accepts every built-in and good test file,
and refuses each broken test file wherever a schema can express its rule."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from game.scenario.json_schema import json_schema

ROOT = Path(__file__).resolve().parent.parent.parent
GOOD = sorted((ROOT / "scenarios").glob("*.yaml")) + [ROOT / "tests" / "data" / "good_minimal.yaml"]
BAD = ROOT / "tests" / "data" / "bad_scenarios"

# Rules a schema cannot state, or files that are not YAML a validator can read at all. Each
# broken file not listed here must be refused by the schema too.
BEYOND_A_SCHEMA = {
    # not one YAML document with plain values
    "alias_expansion.yaml": "a YAML bomb: the reader refuses it before any schema",
    "billion_laughs.yaml": "a YAML bomb",
    "alias_undefined.yaml": "not YAML: an alias to no anchor",
    "binary_junk.yaml": "not text",
    "control_characters.yaml": "not YAML",
    "custom_tag.yaml": "a YAML tag, not a value",
    "python_object_tag.yaml": "a YAML tag, not a value",
    "deep_nesting.yaml": "nesting depth is the reader's limit",
    "duplicate_key.yaml": "YAML itself keeps the last of two keys",
    "empty.yaml": "no document",
    "only_comments.yaml": "no document",
    "huge_int_digits.yaml": "the reader refuses the number",
    "huge_number.yaml": "the reader's size limit for numbers",
    "infinity.yaml": "the reader refuses .inf",
    "nan.yaml": "the reader refuses .nan",
    "latin1.yaml": "not UTF-8",
    "utf16.yaml": "not UTF-8",
    "merge_key.yaml": "a YAML merge key",
    "multiple_documents.yaml": "several documents",
    "syntax_bad_indent.yaml": "not YAML",
    "syntax_unclosed_bracket.yaml": "not YAML",
    "tab_indent.yaml": "not YAML",
    "non_string_key.yaml": "YAML keys other than text",
    # rules across fields or files
    "budget_shares_too_high.yaml": "a sum over the trades",
    "education_shares_sum.yaml": "a sum of shares",
    "duplicate_event_ids.yaml": "ids unique across events",
    "duplicate_trade_keys.yaml": "keys unique across trades",
    "empty_title.yaml": "text that is only spaces",
    "event_bad_placeholder.yaml": "placeholders inside text",
    "event_repeat_same_text.yaml": "a rule across once and text",
    "event_unknown_fact.yaml": "fact names are the engine's",
    "event_unknown_trade.yaml": "trade keys named elsewhere in the file",
    "extends_loop_a.yaml": "another file",
    "extends_loop_b.yaml": "another file",
    "extends_missing.yaml": "another file",
    "extends_self.yaml": "another file",
    "extends_trade_without_key.yaml": "depends on extends",
    "remove_without_extends.yaml": "depends on extends",
    "layoff_after_end.yaml": "a month against months",
    "loan_term_too_long.yaml": "a term against months",
    "player_missing_fields.yaml": "required only when drawn is false",
    "price_below_cost.yaml": "a price against a cost",
    "unknown_skill.yaml": "skills named elsewhere in the file",
    "bad_colour.yaml": "checked by the loader's pattern",
    "unknown_icon.yaml": "icons are checked by the loader",
}


@pytest.fixture(scope="module")
def validator():
    schema = json_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    assert cls is jsonschema.Draft202012Validator
    return cls(schema)


@pytest.mark.parametrize("path", GOOD, ids=[p.name for p in GOOD])
def test_every_good_file_is_valid(validator, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]
    assert errors == []


BROKEN = sorted(p.name for p in BAD.glob("*.yaml") if p.name != "expected.yaml")


JUDGED = [name for name in BROKEN if name not in BEYOND_A_SCHEMA]


@pytest.mark.parametrize("name", JUDGED)
def test_every_broken_file_the_schema_can_judge_is_refused(validator, name):
    data = yaml.safe_load((BAD / name).read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)), f"the schema accepts {name}"


def test_the_list_of_rules_beyond_a_schema_names_real_files():
    assert set(BEYOND_A_SCHEMA) <= set(BROKEN)
    assert len(JUDGED) >= 15  # the type, key and range rules are the schema's too
