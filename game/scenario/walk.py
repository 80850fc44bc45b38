"""The walk over the parameters: every key checked against the core's dataclasses (unknown keys
with "did you mean", types, ranges by unit), numbers given with a source unwrapped and noted."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from game.core.params import Params, ScheduledChange, Trade
from game.scenario import schedule
from game.scenario.bounds import MAX_TEXT, bound, length
from game.scenario.extends import SECTIONS
from game.scenario.problems import Loc, _Ctx, _did_you_mean, _path, text_problem
from game.scenario.schema import (
    EXTENDS_KEY,
    LANGS,
    PARAM_KEYS,
    STORY_KEYS,
    WRAPPER_KEYS,
    SourceNote,
    _check_text,
    describe,
    field_default,
    field_meta,
    hints,
    is_dataclass_type,
    list_item,
    numeric,
    tr,
    type_word,
    want_of,
)
from game.scenario.yamlread import BAD, YMap


def _split_top(tree: YMap, ctx: _Ctx) -> tuple[YMap, YMap]:
    story = YMap(mark=tree.mark)
    params = YMap(mark=tree.mark)
    for key, value in tree.items():
        target = story if key in STORY_KEYS else params if key in PARAM_KEYS else None
        if key == EXTENDS_KEY:
            continue
        if target is None:
            _unknown_top(key, ctx)
            continue
        target[key] = value
        target.key_marks[key] = tree.key_marks[key]
        target.value_marks[key] = tree.value_marks[key]
    return story, params


def _unknown_top(key: str, ctx: _Ctx) -> None:
    candidates = [*STORY_KEYS, *PARAM_KEYS, EXTENDS_KEY]
    if ctx.hint(key, candidates):
        ctx.unknown((), key, candidates, "the scenario's top level")
        return
    for section in SECTIONS:
        names = [f.name for f in fields(hints(Params)[section])]
        if key in names or _did_you_mean(key, names):
            match = key if key in names else _did_you_mean(key, names).split("'")[1]
            ctx.add(
                (key,),
                f"unknown key {key!r} at the top level (expected it under a section; got {key!r}); "
                f"did you mean {section}.{match}? (write it under `{section}:`)",
                key=True,
                kind="misplaced_key",
                name=key,
                section=section,
                hint=f"{section}.{match}",
            )
            return
    ctx.unknown((), key, candidates, "the scenario's top level")


_SKIP = object()


def _walk_dataclass(node: Any, cls: type, loc: Loc, ctx: _Ctx) -> Any:
    """Check a mapping against a dataclass; return plain data for pydantic (or BAD)."""
    if node is BAD:
        return BAD
    if node is None and loc:
        return {}
    if not isinstance(node, dict):
        ctx.add(
            loc,
            f"not a mapping (expected {cls.__name__} fields as key: value lines; got {describe(node)})",
            kind="wrong_type",
            want="mapping",
            got=node,
        )
        return BAD
    out: dict[str, Any] = {}
    names = hints(cls)
    where = _path(loc) or "the scenario"
    for key, value in node.items():
        if key not in names:
            if cls is Trade and key == "remove":
                ctx.add(
                    loc + (key,),
                    "`remove:` only works in a file with `extends:` (expected a trade field; got 'remove')",
                    key=True,
                    kind="remove_needs_extends",
                )
            else:
                ctx.unknown(loc, key, list(names), where)
            continue
        tp = names[key]
        sub = loc + (key,)
        item = list_item(tp)
        if cls is ScheduledChange and key == "set":
            result = schedule.walk_set(value, sub, ctx, _walk_leaf, _SKIP)
        elif cls is ScheduledChange and key == "say":
            result = schedule.walk_say(value, sub, ctx)
        elif is_dataclass_type(tp):
            result = _walk_dataclass(value, tp, sub, ctx)
        elif item is not None and is_dataclass_type(item):
            if value is BAD:
                result = BAD
            elif not isinstance(value, list):
                ctx.add(
                    sub,
                    f"not a list (expected a list of {item.__name__} mappings, one per `- ` line; got {describe(value)})",
                    kind="wrong_type",
                    want="list",
                    got=value,
                )
                result = BAD
            elif not _length_ok(value, sub, ctx):
                result = BAD
            else:
                result = [_walk_dataclass(v, item, sub + (i,), ctx) for i, v in enumerate(value)]
        elif (
            cls is Trade
            and key == "name"
            and isinstance(value, dict)
            and value
            and set(value) <= set(LANGS)
        ):
            try:
                _check_text(value)
            except Exception as exc:  # PydanticCustomError: its message is ours
                text_problem(ctx, sub, exc)
                continue
            ctx.trade_names[str(node.get("key", field_default(Trade, "key")))] = dict(value)
            result = tr(value, "en")
        else:
            result = _walk_leaf(value, cls, key, tp, sub, node, ctx)
        if result is not _SKIP:
            out[key] = result
    return out


def _walk_leaf(
    value: Any,
    cls: type,
    name: str,
    tp: Any,
    loc: Loc,
    container: Any,
    ctx: _Ctx,
    at: Loc | None = None,
) -> Any:
    """One value (plain or with its source) checked where it stands (`loc`) against the range
    of the parameter at `at` (default: `loc`; a schedule's `set:` checks policy.x's range)."""
    source, assumption = "", False
    unit = field_meta(cls, name).get("unit", "")
    if isinstance(value, dict):
        bad_keys = [k for k in value if k not in WRAPPER_KEYS]
        for k in bad_keys:
            ctx.unknown(
                loc, k, list(WRAPPER_KEYS), "a value with its source ({value: ..., source: ...})"
            )
        if "value" not in value:
            ctx.add(
                loc,
                f"a value with a source needs `value:` (expected {{value: {type_word(tp, unit)}, source: ...}}; got a mapping without value)",
                kind="source_needs_value",
            )
            return _SKIP
        _check_wrapper_keys(value, loc, ctx)
        s = value.get("source", "")
        source = s if isinstance(s, str) else ""
        assumption = value.get("assumption", False) is True
        if bad_keys:
            return _SKIP
        value = value["value"]
    if value is BAD:
        return _SKIP
    expected = type_word(tp, unit)
    if value is None:
        ctx.add(
            loc, f"no value (expected {expected}; got nothing)", kind="wrong_type", want=want_of(tp)
        )
        return _SKIP
    item = list_item(tp)
    if item is not None:
        if not isinstance(value, list):
            ctx.add(
                loc,
                f"not a list (expected {expected}, e.g. [1, 2]; got {describe(value)})",
                kind="wrong_type",
                want="list",
                got=value,
            )
            return _SKIP
        if not _length_ok(value, loc, ctx, at):
            return _SKIP
        ok = all(
            _check_scalar(v, item, cls, name, loc + (i,), ctx, (at or loc) + (i,))
            for i, v in enumerate(value)
        )
        if not ok:
            return _SKIP
    elif not _check_scalar(value, tp, cls, name, loc, ctx, at):
        return _SKIP
    if isinstance(container, YMap) and loc[-1] in container.value_marks:
        mark = container.value_marks[loc[-1]]
        ctx.notes[_path(loc)] = SourceNote(source, assumption, mark.file)
    return value


def _length_ok(value: list, loc: Loc, ctx: _Ctx, at: Loc | None = None) -> bool:
    """A list's length against the bounds table: "no trades", "wrong number of education levels"."""
    rule, n = length(at or loc), len(value)
    if rule.lo <= n <= rule.hi:
        return True
    why = f": {rule.why}" if rule.why else ""
    if rule.lo == rule.hi:
        message = f"wrong number of {rule.what} (expected {rule.lo}{why}; got {n})"
        ctx.add(loc, message, kind="wrong_count", n=rule.lo, got=n)
    elif n < rule.lo and n == 0:
        message = f"no {rule.what} (expected at least {rule.lo}{why}; got an empty list)"
        ctx.add(loc, message, kind="too_few", low=rule.lo, got=n)
    elif n < rule.lo:
        message = f"too few {rule.what} (expected at least {rule.lo}{why}; got {n})"
        ctx.add(loc, message, kind="too_few", low=rule.lo, got=n)
    else:
        message = f"too many {rule.what} (expected at most {rule.hi}{why}; got {n:,})"
        ctx.add(loc, message, kind="too_many", high=rule.hi, got=n)
    return False


def _check_wrapper_keys(node: dict, loc: Loc, ctx: _Ctx) -> None:
    """`source:` and `note:` are text, `assumption:` true or false (numbers and story alike)."""
    for key in ("source", "note"):
        text = node.get(key, "")
        if text is not BAD and text is not None and not isinstance(text, str):
            what = "where the value comes from" if key == "source" else "a note"
            ctx.add(
                loc + (key,),
                f"not text (expected {what}; got {describe(text)})",
                kind="wrong_type",
                want="text",
                got=text,
            )
    a = node.get("assumption", False)
    if a not in (True, False) and a is not BAD:
        ctx.add(
            loc + ("assumption",),
            f"not true or false (expected assumption: true; got {describe(a)})",
            kind="wrong_type",
            want="bool",
            got=a,
        )


def _check_scalar(
    value: Any, tp: Any, cls: type, name: str, loc: Loc, ctx: _Ctx, at: Loc | None = None
) -> bool:
    unit = field_meta(cls, name).get("unit", "")
    expected = type_word(tp, unit)
    if value is BAD:
        return False
    if numeric(tp):
        want = want_of(tp)
        if isinstance(value, str):
            ctx.add(
                loc,
                f"not a number (expected {expected}; got the text {describe(value)}: write numbers without quotes)",
                kind="quoted_number",
                got=value,
            )
            return False
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            message = f"not a number (expected {expected}; got {describe(value)})"
            ctx.add(loc, message, kind="wrong_type", want=want, got=value)
            return False
        if tp is int and isinstance(value, float) and value != int(value):
            message = f"not a whole number (expected {expected}; got {value!r})"
            ctx.add(loc, message, kind="wrong_type", want=want, got=value)
            return False
        rng = bound(at or loc, tp is int, unit)
        if not rng.allows(value):
            percent = (
                "; a percentage is written as a share: 85% is 0.85"
                if rng.hi <= 10 and 2 <= abs(value) <= 100 and tp is not int
                else ""
            )
            ctx.add(
                loc,
                f"out of range (expected {rng.words(tp is int, unit)}; got {value!r}){percent}",
                kind="out_of_range",
                low=rng.lo,
                high=rng.hi,
                got=value,
                percent=bool(percent),
            )
            return False
        return True
    if tp is bool:
        if not isinstance(value, bool):
            message = f"not true or false (expected true or false; got {describe(value)})"
            ctx.add(loc, message, kind="wrong_type", want="bool", got=value)
            return False
        return True
    if tp is str:
        if not isinstance(value, str):
            ctx.add(
                loc,
                f"not text (expected a word; got {describe(value)}: put it in quotes if you mean the text)",
                kind="wrong_type",
                want="word",
                got=value,
            )
            return False
        if len(value) > MAX_TEXT:
            message = f"too long (expected at most {MAX_TEXT} characters; got {len(value):,})"
            ctx.add(loc, message, kind="too_long", high=MAX_TEXT, got=len(value))
            return False
        return True
    return True


def _unwrap_story(node: Any, loc: Loc, ctx: _Ctx) -> Any:
    """Plain data for the story models; numbers given with a source are unwrapped and noted."""
    if isinstance(node, dict):
        if "value" in node and len(node) > 1 and set(node) <= set(WRAPPER_KEYS):
            s, a = node.get("source", ""), node.get("assumption", False)
            _check_wrapper_keys(node, loc, ctx)
            if isinstance(node, YMap) and loc:
                file = ctx.at(loc).file
                ctx.notes[_path(loc)] = SourceNote(s if isinstance(s, str) else "", a is True, file)
            return _unwrap_story(node["value"], loc, ctx)
        return {k: _unwrap_story(v, loc + (k,), ctx) for k, v in node.items()}
    if isinstance(node, list):
        return [_unwrap_story(v, loc + (i,), ctx) for i, v in enumerate(node)]
    return node
