"""pydantic validation of the story and the parameters, its errors turned into the loader's
problem lines (what is wrong, expected what, got what)."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from game.core.params import Params
from game.scenario.problems import Loc, _Ctx, _path
from game.scenario.schema import (
    Story,
    describe,
    field_meta,
    hints,
    is_dataclass_type,
    type_word,
)
from game.scenario.yamlread import BAD


@cache
def _params_adapter() -> TypeAdapter[Params]:
    return TypeAdapter(Params)


_WORDS = {
    "string_type": ("not text", "text"),
    "int_type": ("not a whole number", "a whole number"),
    "int_parsing": ("not a whole number", "a whole number"),
    "int_from_float": ("not a whole number", "a whole number"),
    "float_type": ("not a number", "a number"),
    "float_parsing": ("not a number", "a number"),
    "finite_number": ("not a finite number", "a finite number"),
    "bool_type": ("not true or false", "true or false"),
    "bool_parsing": ("not true or false", "true or false"),
    "list_type": ("not a list", "a list (one `- ` line per item)"),
    "dict_type": ("not a mapping", "key: value lines"),
    "model_type": ("not a mapping", "key: value lines"),
    "model_attributes_type": ("not a mapping", "key: value lines"),
    "dataclass_type": ("not a mapping", "key: value lines"),
    "dataclass_args_type": ("not a mapping", "key: value lines"),
    "string_pattern_mismatch": (
        "not a valid name",
        "lowercase letters, digits and _, starting with a letter, like noodle_stall",
    ),
}


def _pydantic_problems(exc: ValidationError, root: type, ctx: _Ctx) -> None:
    for err in exc.errors():
        value = err.get("input")
        if value is BAD:
            continue
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            parent, name = loc[:-1], loc[-1]
            ctx.unknown(parent, str(name), _keys_at(root, parent), _path(parent) or "the scenario")
            continue
        message, said, values = _message(err, root, loc)
        ctx.add(loc, message, kind=said, **values)


# pydantic's error types as a problem's `want` (what the field takes)
_WANTS = {
    "string_type": "text",
    "int_type": "whole_number",
    "int_parsing": "whole_number",
    "int_from_float": "whole_number",
    "float_type": "number",
    "float_parsing": "number",
    "finite_number": "number",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "dataclass_type": "mapping",
    "dataclass_args_type": "mapping",
}


def _message(err: Any, root: type, loc: Loc) -> tuple[str, str, dict[str, Any]]:
    """(the English words, the problem's kind, its values)."""
    kind = err["type"]
    c = err.get("ctx") or {}
    value = err.get("input")
    got = describe(value)
    if kind == "text_language":
        return err["msg"], "unknown_name", {"thing": "language", "got": c.get("name", "")}
    if kind == "text_type":
        return err["msg"], "wrong_type", {"want": "text"}
    if kind == "missing":
        name = loc[-1] if loc else ""
        return f"missing (expected a `{name}:` line here; got nothing)", "missing", {"name": name}
    if kind == "literal_error":
        message = f"not an allowed value (expected {c.get('expected', '?')}; got {got})"
        return message, "not_allowed", {"options": c.get("expected", "?"), "got": value}
    if kind in ("too_short", "too_long"):
        word = "few" if kind == "too_short" else "many"
        limit = c.get("min_length") if kind == "too_short" else c.get("max_length")
        n = c.get("actual_length", "?")
        message = f"too {word} items (expected {'at least' if kind == 'too_short' else 'at most'} {limit}; got {n})"
        if kind == "too_short":
            return message, "too_few", {"low": limit, "got": n}
        return message, "too_many", {"high": limit, "got": n}
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(c.values()), "?")
        rel = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        said = "too_low" if kind.startswith("greater") else "too_high"
        end = "low" if said == "too_low" else "high"
        return f"out of range (expected {rel} {bound}; got {got})", said, {end: bound, "got": value}
    if kind == "string_too_long":
        n = len(str(err.get("input", "")))
        message = f"too long (expected at most {c.get('max_length')} characters; got {n})"
        return message, "too_long", {"high": c.get("max_length"), "got": n}
    what, expected = _WORDS.get(kind, (err["msg"].split(",")[0].lower(), err["msg"]))
    unit_expected = _param_expected(root, loc)
    message = f"{what} (expected {unit_expected or expected}; got {got})"
    if kind == "string_pattern_mismatch":
        return message, "bad_name", {"got": value}
    if kind in _WANTS:
        return message, "wrong_type", {"want": _WANTS[kind], "got": value}
    return message, "other", {"got": value}


def _strip(tp: Any) -> Any:
    """Annotated[X, ...] -> X; X | None -> X; list[X] -> X (what the next loc part goes into)."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, type(int | None)):
            args = [a for a in get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        elif origin is list:
            tp = get_args(tp)[0]
        else:
            return tp


def _type_at(root: type, loc: Loc) -> Any:
    tp: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        tp = _strip(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            info = tp.model_fields.get(part)
            if info is None:
                return None
            tp = (
                info.annotation
                if not info.metadata
                else Annotated[(info.annotation, *info.metadata)]
            )
        elif is_dataclass_type(tp):
            tp = hints(tp).get(part)
            if tp is None:
                return None
        else:
            return None
    return _strip(tp)


def _keys_at(root: type, loc: Loc) -> list[str]:
    tp = _type_at(root, loc)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    if is_dataclass_type(tp):
        return list(hints(tp))
    return []


def _param_expected(root: type, loc: Loc) -> str:
    if root is not Params or not loc or isinstance(loc[-1], int):
        return ""
    owner = _type_at(Params, loc[:-1])
    if not is_dataclass_type(owner):
        return ""
    tp = hints(owner).get(loc[-1])
    return type_word(tp, field_meta(owner, loc[-1]).get("unit", "")) if tp is not None else ""


def _validate_story(data: Any, ctx: _Ctx) -> Story | None:
    try:
        return Story.model_validate(data)
    except ValidationError as exc:
        _pydantic_problems(exc, Story, ctx)
        return None


def _validate_params(data: Any, ctx: _Ctx) -> Params | None:
    if data is BAD:
        return None
    try:
        return _params_adapter().validate_python(data)
    except ValidationError as exc:
        _pydantic_problems(exc, Params, ctx)
        return None
