"""The JSON Schema of a scenario file (`python main.py schema`), for editors' YAML plugins.

It must accept exactly what the loader accepts, as far as a schema can say it: the story's
models (pydantic's schema) with every value allowed in its sourced form (`{value, source}`),
event conditions as one value or a list, and the parameters from the core's dataclasses with
the ranges and list lengths of the bounds table (bounds.py). What a schema cannot say (rules
across fields, trade keys named by events, `remove:` only with `extends:`) the loader checks.
A test validates every built-in and good test file with the `jsonschema` package.
"""

from __future__ import annotations

import copy
from dataclasses import fields, is_dataclass
from typing import Any

from pydantic import BeforeValidator

from game.core.params import EDUCATION_LEVELS, LayoffWave, Params, ScheduledChange, Trade
from game.scenario.bounds import MAX_TEXT, length
from game.scenario.schema import (
    EXTENDS_KEY,
    IDENT_PATTERN,
    TEXT_JSON_SCHEMA,
    WRAPPER_KEYS,
    Choice,
    Event,
    Page,
    Person,
    Player,
    Story,
    When,
    _listify,
    class_paths,
    field_default,
    field_meta,
    hints,
    is_dataclass_type,
    list_item,
    param_bound,
)

STORY_MODELS = (Story, Player, Person, Event, When, Choice, Page)


def _wrapper(value: dict[str, Any], story: bool) -> dict[str, Any]:
    """`{value: ..., source: ..., assumption: ..., note: ...}` around a value's schema. In the
    story a lone `{value: x}` is not unwrapped (it could be a mapping), so it needs a second key."""
    out: dict[str, Any] = {
        "type": "object",
        "properties": {
            "value": value,
            "source": {"type": "string", "description": "where the value comes from"},
            "assumption": {"type": "boolean", "description": "true: no source, assumed"},
            "note": {"type": "string"},
        },
        "required": ["value"],
        "additionalProperties": False,
    }
    assert set(out["properties"]) == set(WRAPPER_KEYS)
    if story:
        out["minProperties"] = 2
    return out


def _sourced(schema: dict[str, Any], story: bool = True) -> dict[str, Any]:
    """The schema, or the same value written with its source."""
    meta = {k: schema.pop(k) for k in ("description", "default", "title") if k in schema}
    return {"anyOf": [schema, _wrapper(schema, story)], **meta}


# --- the story ---------------------------------------------------------------------------------


def _story_value(schema: dict[str, Any]) -> dict[str, Any]:
    """Let every value inside a story value (list items, mapping values) carry a source too."""
    if "anyOf" in schema:
        schema["anyOf"] = [_story_value(s) for s in schema["anyOf"]]
    if "oneOf" in schema:
        schema["oneOf"] = [_story_value(s) for s in schema["oneOf"]]
    if isinstance(schema.get("items"), dict):
        schema["items"] = _sourced(_story_value(schema["items"]))
    if isinstance(schema.get("additionalProperties"), dict):
        schema["additionalProperties"] = _sourced(_story_value(schema["additionalProperties"]))
    if isinstance(schema.get("properties"), dict) and "$ref" not in schema:
        schema["properties"] = {
            k: _sourced(_story_value(v)) for k, v in schema["properties"].items()
        }
    return schema


def _one_or_list(model: type, defs: dict[str, Any]) -> None:
    """Conditions the loader reads as one value or a list (`month_of_year: 9`, `trade: [a, b]`)."""
    props = defs[model.__name__]["properties"]
    for name, info in model.model_fields.items():
        if any(isinstance(m, BeforeValidator) and m.func is _listify for m in info.metadata):
            prop = props[name]
            items = prop.pop("items")
            prop.pop("type", None)
            prop["anyOf"] = [items, {"type": "array", "items": copy.deepcopy(items)}]


def _story_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """(top-level properties, $defs) of the story, every value allowed with a source."""
    story = copy.deepcopy(Story.model_json_schema(ref_template="#/$defs/{model}"))
    defs: dict[str, Any] = dict(story.pop("$defs", {}))
    defs["Choice"]["properties"]["effects"] = {
        **_effects_schema(),
        "description": defs["Choice"]["properties"]["effects"].get("description", ""),
    }
    _one_or_list(When, defs)
    for name in [m.__name__ for m in STORY_MODELS if m.__name__ in defs]:
        _story_value(defs[name])
    props = {k: _sourced(_story_value(v)) for k, v in story["properties"].items()}
    return props, defs


def _effects_schema() -> dict[str, Any]:
    from game.scenario.events import command_specs  # noqa: PLC0415

    variants = []
    for kind, spec in sorted(command_specs().items()):
        props: dict[str, Any] = {"command": {"const": kind}}
        for name, tp in spec.items():
            s = _plain(tp)
            if name == "trade":
                s = {"anyOf": [s, {"type": "string", "description": "a trade key"}]}
            props[name] = s
        variants.append(
            {
                "type": "object",
                "properties": props,
                "required": ["command"],
                "additionalProperties": False,
            }
        )
    return {"type": "array", "items": {"oneOf": variants}}


# --- the parameters ------------------------------------------------------------------------------


def _plain(tp: Any, cls: type | None = None, name: str = "") -> dict[str, Any]:
    """A parameter's plain value; with its dataclass, the bounds table's range and lengths."""
    if tp is bool:
        return {"type": "boolean"}
    if tp in (int, float):
        out: dict[str, Any] = {"type": "integer" if tp is int else "number"}
        if cls is not None:
            rng = param_bound(cls, name)
            out.update(minimum=rng.lo, maximum=rng.hi)
        return out
    if tp is str:
        return {"type": "string", "maxLength": MAX_TEXT}
    item = list_item(tp)
    if item is not None:
        out = {"type": "array", "items": _plain(item, cls, name)}
        if cls is not None:
            rule = length(class_paths().get(cls, "") + name)
            out.update(minItems=rule.lo, maxItems=rule.hi)
        return out
    return {}


def _description(cls: type, name: str) -> str:
    meta = field_meta(cls, name)
    parts = (
        meta.get("help", ""),
        f"unit: {meta['unit']}" if meta.get("unit") else "",
        f"source: {meta['source']}" if meta.get("source") else "",
    )
    return "; ".join(p for p in parts if p)


def _dataclass_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    if cls.__name__ in defs:
        return {"$ref": f"#/$defs/{cls.__name__}"}
    props: dict[str, Any] = {}
    for f in fields(cls):
        tp = hints(cls)[f.name]
        item = list_item(tp)
        if is_dataclass_type(tp):
            props[f.name] = _dataclass_schema(tp, defs)
            continue
        if item is not None and is_dataclass_type(item):
            rule = length(class_paths()[cls] + f.name)
            props[f.name] = {
                "type": "array",
                "items": _dataclass_schema(item, defs),
                "minItems": rule.lo,
                "maxItems": rule.hi,
            }
            continue
        plain = _plain(tp, cls, f.name)
        if cls is ScheduledChange and f.name in ("set", "say"):
            props[f.name] = _schedule_field(f.name, _description(cls, f.name))
            continue
        if cls is LayoffWave and f.name == "sex":
            plain["enum"] = ["", "female", "male"]
        if cls is LayoffWave and f.name == "education":
            plain["items"]["enum"] = list(EDUCATION_LEVELS)
        if cls is ScheduledChange and f.name == "agreement":
            plain["pattern"] = r"^$|" + IDENT_PATTERN
        if cls is Trade and f.name == "name":
            plain = {"anyOf": [plain, copy.deepcopy(TEXT_JSON_SCHEMA)]}
        if cls is Trade and f.name in ("key", "skill_group"):
            plain["pattern"] = IDENT_PATTERN
        entry = _sourced(plain, story=False)
        if desc := _description(cls, f.name):
            entry["description"] = desc
        default = field_default(cls, f.name)
        if not is_dataclass(default) and not (
            isinstance(default, list) and default and is_dataclass(default[0])
        ):
            entry["default"] = default
        props[f.name] = entry
    if cls is Trade:
        props["remove"] = {
            "type": "boolean",
            "description": "with extends: drop the base scenario's trade with this key",
        }
    defs[cls.__name__] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else "",
        "properties": props,
        "additionalProperties": False,
    }
    return {"$ref": f"#/$defs/{cls.__name__}"}


def _schedule_field(name: str, description: str) -> dict[str, Any]:
    """A scheduled change's `say:` (text) and `set:` (every settable path with its range; a
    trade's fields as trades.N.field)."""
    if name == "say":
        return {**copy.deepcopy(TEXT_JSON_SCHEMA), "description": description}
    from game.scenario.schedule import settable  # noqa: PLC0415 (schedule imports the loader's walk)

    props: dict[str, Any] = {}
    patterns: dict[str, Any] = {}
    for path, (cls, field_name, tp) in settable().items():
        value = _plain(tp, cls, field_name)
        if cls is Trade and field_name == "name":
            value = {"anyOf": [value, copy.deepcopy(TEXT_JSON_SCHEMA)]}
        entry = _sourced(value, story=False)
        if path.startswith("trades.N."):
            patterns[rf"^trades\.[0-9]+\.{field_name}$"] = entry
        else:
            props[path] = entry
    return {
        "type": "object",
        "description": description,
        "properties": props,
        "patternProperties": patterns,
        "additionalProperties": False,
        "minProperties": 1,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file (draft 2020-12)."""
    props, defs = _story_schema()
    _dataclass_schema(Params, defs)
    props.update(defs.pop("Params")["properties"])
    props[EXTENDS_KEY] = {
        "type": "string",
        "maxLength": 255,
        "description": "a built-in scenario's name (e.g. steel_town_2016) or a .yaml path relative to this "
        "file; this file's values are laid over it",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://iron-rice-bowl.example/scenario.schema.json",
        "title": "Iron Rice Bowl scenario",
        "description": "A teaching scenario: the story and the town's parameters. See docs/scenarios.md.",
        "type": "object",
        "properties": props,
        "anyOf": [{"required": ["title"]}, {"required": [EXTENDS_KEY]}],
        "additionalProperties": False,
        "$defs": defs,
    }
