"""Load a scenario: any file in, a :class:`Scenario` or a :class:`ScenarioError` listing every
problem as ``file:line:column: field.path: what is wrong (expected ...; got ...)``.

Steps: read the bytes safely and parse them into a located tree (yamlread.py); follow
``extends:`` and lay the file over its base; walk the parameters against the core's dataclasses
(unknown keys with "did you mean", numbers with sources, ranges by unit); validate the story
and the parameters with pydantic; then the checks that span fields (a loan longer than the
game, budget shares, events that name trades or facts that do not exist ...). Every step
collects its problems and goes on, so one run lists them all; nothing raises but ScenarioError.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from game.core.params import Params, Trade, default_trades
from game.scenario import yamlread
from game.scenario.events import KNOWN_FACTS, command_specs, placeholders, word_values
from game.scenario.schema import (
    EXTENDS_KEY,
    ICONS,
    IDENT_PATTERN,
    LANGS,
    PARAM_KEYS,
    PERSON_ATTRIBUTES,
    PLAYER_REQUIRED_WHEN_FIXED,
    STORY_KEYS,
    WRAPPER_KEYS,
    Scenario,
    SourceNote,
    Story,
    _check_text,
    _dataclass_dict,
    bounds,
    describe,
    field_default,
    field_meta,
    hints,
    is_dataclass_type,
    list_item,
    numeric,
    tr,
    type_word,
)
from game.scenario.yamlread import BAD, Mark, Problem, ReadError, YList, YMap

BUILTIN_DIR = Path(__file__).resolve().parent.parent.parent / "scenarios"
MAX_EXTENDS = 8
BUDGET_SHARE_MAX = 0.8
MAX_TRADES = 12
SUFFIXES = (".yaml", ".yml")
_IDENT = re.compile(IDENT_PATTERN)
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Shares of households in exclusive groups at the start (those present in TownParams).
TOWN_GROUP_SHARES = ("soe_share", "wage_job_share", "retired_share", "self_employed_share")
SECTIONS = tuple(name for name, tp in hints(Params).items() if is_dataclass_type(tp))


class ScenarioError(Exception):
    """A scenario could not be loaded. `.problems`: one line per problem, every one found."""

    def __init__(self, problems: list[str], details: list[Problem] | None = None) -> None:
        self.problems = list(problems)
        self.details = list(details or [])
        super().__init__("\n".join(self.problems))


# --- finding scenarios ------------------------------------------------------------------------

def builtin_names() -> list[str]:
    if not BUILTIN_DIR.is_dir():
        return []
    return sorted(p.stem for p in BUILTIN_DIR.iterdir() if p.suffix in SUFFIXES and p.is_file())


def resolve_scenario(name: str | os.PathLike[str]) -> Path:
    """A built-in name ("steel_town_2016") or a file path -> the file. ScenarioError if neither."""
    text = os.fspath(name)
    p = Path(text)
    if p.exists():
        return p
    stem = p.stem if p.suffix in SUFFIXES and len(p.parts) == 1 else text
    for suffix in SUFFIXES:
        candidate = BUILTIN_DIR / f"{stem}{suffix}"
        if "/" not in stem and "\\" not in stem and candidate.is_file():
            return candidate
    names = builtin_names()
    hint = _did_you_mean(stem, names)
    listed = ", ".join(names) if names else "none installed"
    raise ScenarioError(
        [str(Problem(Mark(text, 1, 1), "", f"no such file or built-in scenario (expected a .yaml file or one of: {listed}; got {text!r}){hint}"))]
    )


@dataclass(frozen=True)
class BuiltinInfo:
    """One line of the scenario picker."""

    name: str
    title: Any
    year: int | None
    place: Any
    months: int
    summary: Any
    path: Path
    order: int = 100
    problems: tuple[str, ...] = ()


def list_builtin() -> list[BuiltinInfo]:
    """The built-in scenarios for the picker, in their `order`; a broken one is listed with its
    problems (and no title) rather than hidden."""
    out = []
    for name in builtin_names():
        path = next(BUILTIN_DIR / f"{name}{s}" for s in SUFFIXES if (BUILTIN_DIR / f"{name}{s}").is_file())
        try:
            sc = load_scenario(path)
        except ScenarioError as exc:
            out.append(BuiltinInfo(name, name, None, "", 0, "", path, 1000, tuple(exc.problems)))
            continue
        out.append(BuiltinInfo(name, sc.title, sc.year, sc.place, sc.months, sc.summary, path, sc.story.order))
    return sorted(out, key=lambda b: (b.order, b.name))


# --- loading ------------------------------------------------------------------------------

def load_scenario(path_or_name: str | os.PathLike[str]) -> Scenario:
    """Load a scenario file or built-in, or raise ScenarioError with every problem."""
    shown = os.fspath(path_or_name)
    return _guarded(shown, lambda: _load_path(resolve_scenario(path_or_name), shown))


def load_scenario_text(text: str | bytes, name: str = "<text>", base_dir: str | os.PathLike[str] | None = None) -> Scenario:
    """Load a scenario from its YAML text (bytes are checked like a file's). `extends:` paths
    are relative to `base_dir` (default: the current folder)."""
    here = Path(base_dir) if base_dir is not None else Path.cwd()

    def run() -> Scenario:
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
        try:
            tree, problems = yamlread.parse(yamlread.decode(data, name), name)
        except ReadError as exc:
            raise ScenarioError([str(p) for p in exc.problems], exc.problems) from None
        return _finish(tree, problems, name, here / name, None)

    return _guarded(name, run)


def load_scenario_data(data: Mapping[str, Any], name: str = "<data>", base_dir: str | os.PathLike[str] | None = None) -> Scenario:
    """Load a scenario from plain data in the file format (e.g. `Scenario.to_dict()` in a save)."""
    here = Path(base_dir) if base_dir is not None else Path.cwd()
    return _guarded(name, lambda: _finish(_locate_plain(data, Mark(name, 1, 1)), [], name, here / name, None))


def _guarded(name: str, run: Any) -> Scenario:
    try:
        return run()
    except ScenarioError:
        raise
    except (RecursionError, MemoryError):
        p = Problem(Mark(name, 1, 1), "", "the scenario is too large or too deeply nested to read (expected a scenario of a few KiB)")
        raise ScenarioError([str(p)], [p]) from None
    except Exception as exc:  # a bug here must still not show the instructor a traceback
        p = Problem(Mark(name, 1, 1), "", f"internal error while reading the scenario ({type(exc).__name__}: {exc}); please report it with this file")
        raise ScenarioError([str(p)], [p]) from None


def _locate_plain(value: Any, mark: Mark) -> Any:
    if isinstance(value, Mapping):
        out = YMap(mark=mark)
        for k, v in value.items():
            out[str(k)] = _locate_plain(v, mark)
            out.key_marks[str(k)] = mark
            out.value_marks[str(k)] = mark
        return out
    if isinstance(value, (list, tuple)):
        seq = YList(mark=mark)
        for v in value:
            seq.append(_locate_plain(v, mark))
            seq.item_marks.append(mark)
        return seq
    return value


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def _load_path(path: Path, shown: str) -> Scenario:
    try:
        tree, problems = yamlread.read_file(path, shown)
    except ReadError as exc:
        raise ScenarioError([str(p) for p in exc.problems], exc.problems) from None
    return _finish(tree, problems, shown, path, path)


def _finish(tree: Any, problems: list[Problem], shown: str, where: Path, path: Path | None) -> Scenario:
    """Everything after parsing: extends, the walk, pydantic, cross-field checks."""
    ctx = _Ctx(shown)
    ctx.problems.extend(problems)
    if not isinstance(tree, YMap):
        mark = getattr(tree, "mark", Mark(shown, 1, 1))
        ctx.problems.append(Problem(mark, "", f"the top level is not a mapping (expected key: value lines, starting with title:; got {describe(tree)})"))
        ctx.fail()
    files = [shown]
    tree = _apply_extends(tree, where.resolve(), [], ctx, files)
    ctx.tree = tree
    story_raw, params_raw = _split_top(tree, ctx)
    params_plain = _walk_dataclass(params_raw, Params, (), ctx)
    story_plain = _unwrap_story(story_raw, (), ctx)
    story = _validate_story(story_plain, ctx)
    params = _validate_params(params_plain, ctx)
    if isinstance(params_plain, dict):
        _check_params(params_plain, ctx)
        _check_story(story_plain, params_plain, ctx)
    ctx.fail()
    assert story is not None and params is not None
    name = path.stem if path is not None else Path(shown).stem
    return Scenario(story=story, params=params, name=name, path=path, files=tuple(files),
                    trade_names=dict(ctx.trade_names), notes=dict(ctx.notes))


# --- problems and positions -------------------------------------------------------------------

Loc = tuple[Any, ...]


class _Ctx:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.tree: Any = None
        self.problems: list[Problem] = []
        self.notes: dict[str, SourceNote] = {}
        self.trade_names: dict[str, Any] = {}

    def at(self, loc: Loc, key: bool = False) -> Mark:
        node = self.tree
        mark = getattr(node, "mark", Mark(self.shown, 1, 1))
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            if isinstance(node, YMap) and part not in node and "value" in node and set(node) <= set(WRAPPER_KEYS):
                mark, node = node.value_marks.get("value", mark), node["value"]
            if isinstance(node, YMap) and part in node:
                mark = node.key_marks[part] if (key and last) else node.value_marks.get(part, mark)
                node = node[part]
            elif isinstance(node, YList) and isinstance(part, int) and 0 <= part < len(node.item_marks):
                mark, node = node.item_marks[part], node[part]
            else:
                break
        return mark

    def add(self, loc: Loc, message: str, key: bool = False) -> None:
        self.problems.append(Problem(self.at(loc, key), _path(loc), message))

    def unknown(self, loc: Loc, name: str, candidates: list[str], where: str) -> None:
        hint = _did_you_mean(name, candidates)
        if hint or len(candidates) > 16:
            expected = f"a key of {where}"
        else:
            expected = f"one of: {', '.join(candidates)}"
        self.add(loc + (name,), f"unknown key {name!r} (expected {expected}; got {name!r}){hint}", key=True)

    def fail(self) -> None:
        if not self.problems:
            return
        order: dict[str, int] = {}
        for p in self.problems:
            order.setdefault(p.mark.file, len(order))
        seen: set[str] = set()
        unique = []
        for p in sorted(self.problems, key=lambda p: (order[p.mark.file], p.mark.line, p.mark.column)):
            if str(p) not in seen:
                seen.add(str(p))
                unique.append(p)
        raise ScenarioError([str(p) for p in unique], unique)


def _path(loc: Loc) -> str:
    return ".".join(str(p) for p in loc)


def _did_you_mean(name: str, candidates: list[str]) -> str:
    if not isinstance(name, str) or not candidates:
        return ""
    lowered = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return f"; did you mean {lowered[match[0]]!r}?" if match else ""


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


# --- extends ------------------------------------------------------------------------------------

def _resolve_base(value: str, here: Path) -> Path | None:
    if value.endswith(SUFFIXES) or "/" in value or "\\" in value:
        p = (here.parent / value).resolve()
        return p if p.suffix in SUFFIXES and p.is_file() else None
    for suffix in SUFFIXES:
        candidate = BUILTIN_DIR / f"{value}{suffix}"
        if candidate.is_file():
            return candidate.resolve()
    return None


def _apply_extends(tree: YMap, here: Path, chain: list[Path], ctx: _Ctx, files: list[str]) -> YMap:
    if EXTENDS_KEY not in tree:
        return tree
    value = tree[EXTENDS_KEY]
    saved_tree = ctx.tree
    ctx.tree = tree
    try:
        if value is BAD:
            return tree
        if not isinstance(value, str) or not value.strip():
            ctx.add((EXTENDS_KEY,), f"not a scenario name (expected a built-in name or a .yaml path; got {describe(value)})")
            return tree
        base_path = _resolve_base(value, here)
        if base_path is None:
            names = builtin_names()
            hint = _did_you_mean(value, names) if not value.endswith(SUFFIXES) else ""
            listed = ", ".join(names) if names else "none installed"
            ctx.add((EXTENDS_KEY,), f"no built-in scenario or file called {value!r} (expected a built-in name ({listed}) "
                    f"or a .yaml path relative to this file; got {value!r}){hint}")
            return tree
        loop = [*chain, here]
        if base_path in loop:
            names = " -> ".join(p.name for p in [*loop[loop.index(base_path):], base_path])
            ctx.add((EXTENDS_KEY,), f"extends makes a loop ({names}) (expected a chain that ends in a scenario without extends; got {value!r})")
            return tree
        if len(chain) >= MAX_EXTENDS:
            ctx.add((EXTENDS_KEY,), f"too many levels of extends (expected at most {MAX_EXTENDS}; got more)")
            return tree
        shown = _display(base_path)
        try:
            base, problems = yamlread.read_file(base_path, shown)
        except ReadError as exc:
            ctx.problems.extend(exc.problems)
            return tree
        ctx.problems.extend(problems)
        files.append(shown)
        if not isinstance(base, YMap):
            ctx.problems.append(Problem(getattr(base, "mark", Mark(shown, 1, 1)), "", f"the top level is not a mapping (expected key: value lines; got {describe(base)})"))
            return tree
        base = _apply_extends(base, base_path, loop, ctx, files)
        ctx.tree = tree
        return _merge(base, tree, ctx)
    finally:
        ctx.tree = saved_tree if saved_tree is not None else ctx.tree


def _merge(base: YMap, child: YMap, ctx: _Ctx) -> YMap:
    """Lay `child` over `base`: sections merge field by field, trades by key, the rest replace."""
    out = base.copy()
    out.pop(EXTENDS_KEY, None)
    out.mark = child.mark
    for key, value in child.items():
        if key == EXTENDS_KEY:
            continue
        old = out.get(key)
        if key in SECTIONS and isinstance(value, YMap) and isinstance(old, YMap):
            merged = old.copy()
            merged.mark = value.mark
            for k, v in value.items():
                merged[k] = v
                merged.key_marks[k] = value.key_marks[k]
                merged.value_marks[k] = value.value_marks[k]
            value = merged
        elif key == "trades" and isinstance(value, YList):
            value = _merge_trades(old, value, ctx)
        out[key] = value
        out.key_marks[key] = child.key_marks[key]
        out.value_marks[key] = child.value_marks[key]
    return out


def _merge_trades(base: Any, child: YList, ctx: _Ctx) -> YList:
    if isinstance(base, list):
        items = list(base)
        marks = list(getattr(base, "item_marks", [child.mark] * len(base)))
    else:
        items = [_dataclass_dict(t) for t in default_trades()]
        marks = [child.mark] * len(items)
    index = {key: i for i, item in enumerate(items) if isinstance(item, dict)
             and isinstance(key := item.get("key", field_default(Trade, "key")), str)}
    removed: set[int] = set()
    for i, item in enumerate(child):
        mark = child.item_marks[i]
        if not isinstance(item, YMap):
            items.append(item)
            marks.append(mark)
            continue
        key = item.get("key")
        remove = item.get("remove", False)
        if remove not in (True, False):
            ctx.problems.append(Problem(item.value_marks["remove"], f"trades.{i}.remove", f"not true or false (expected remove: true; got {describe(remove)})"))
            remove = False
        if not isinstance(key, str):
            ctx.problems.append(Problem(item.mark, f"trades.{i}.key",
                                        "a trade in a file with extends needs `key:` (expected the key of a base trade to change "
                                        f"or a new key to add: {', '.join(str(k) for k in index)}; got {describe(key)})"))
            continue
        if key in index:
            pos = index[key]
            if remove:
                removed.add(pos)
                continue
            old = items[pos]
            merged = old.copy() if isinstance(old, YMap) else _plain_as_ymap(old, child.mark)
            for k, v in item.items():
                if k == "remove":
                    continue
                merged[k] = v
                merged.key_marks[k] = item.key_marks[k]
                merged.value_marks[k] = item.value_marks[k]
            merged.mark = item.mark
            items[pos] = merged
            marks[pos] = mark
        elif remove:
            hint = _did_you_mean(key, list(index))
            ctx.problems.append(Problem(item.value_marks["key"], f"trades.{i}.key",
                                        f"no trade {key!r} in the base scenario to remove (expected one of: {', '.join(index)}; got {key!r}){hint}"))
        else:
            new = item.copy()
            new.pop("remove", None)
            index[key] = len(items)
            items.append(new)
            marks.append(mark)
    out = YList(mark=child.mark)
    for i, (item, mark) in enumerate(zip(items, marks, strict=True)):
        if i not in removed:
            out.append(item)
            out.item_marks.append(mark)
    return out


def _plain_as_ymap(d: dict, mark: Mark) -> YMap:
    """A default trade (plain dict) as a YMap whose values have no position of their own: the
    walk treats values without a position as defaults (no source note)."""
    out = YMap(d, mark=mark)
    return out


# --- the walk over the parameters ----------------------------------------------------------------

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
    if _did_you_mean(key, candidates):
        ctx.unknown((), key, candidates, "the scenario's top level")
        return
    for section in SECTIONS:
        names = [f.name for f in fields(hints(Params)[section])]
        if key in names or _did_you_mean(key, names):
            match = key if key in names else _did_you_mean(key, names).split("'")[1]
            ctx.add((key,), f"unknown key {key!r} at the top level (expected it under a section; got {key!r}); "
                    f"did you mean {section}.{match}? (write it under `{section}:`)", key=True)
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
        ctx.add(loc, f"not a mapping (expected {cls.__name__} fields as key: value lines; got {describe(node)})")
        return BAD
    out: dict[str, Any] = {}
    names = hints(cls)
    where = _path(loc) or "the scenario"
    for key, value in node.items():
        if key not in names:
            if cls is Trade and key == "remove":
                ctx.add(loc + (key,), "`remove:` only works in a file with `extends:` (expected a trade field; got 'remove')", key=True)
            else:
                ctx.unknown(loc, key, list(names), where)
            continue
        tp = names[key]
        sub = loc + (key,)
        item = list_item(tp)
        if is_dataclass_type(tp):
            result = _walk_dataclass(value, tp, sub, ctx)
        elif item is not None and is_dataclass_type(item):
            if value is BAD:
                result = BAD
            elif not isinstance(value, list):
                ctx.add(sub, f"not a list (expected a list of {item.__name__} mappings, one per `- ` line; got {describe(value)})")
                result = BAD
            else:
                result = [_walk_dataclass(v, item, sub + (i,), ctx) for i, v in enumerate(value)]
        elif cls is Trade and key == "name" and isinstance(value, dict) and value and set(value) <= set(LANGS):
            try:
                _check_text(value)
            except Exception as exc:  # PydanticCustomError: its message is ours
                ctx.add(sub, str(exc))
                continue
            ctx.trade_names[str(node.get("key", field_default(Trade, "key")))] = dict(value)
            result = tr(value, "en")
        else:
            result = _walk_leaf(value, cls, key, tp, sub, node, ctx)
        if result is not _SKIP:
            out[key] = result
    return out


def _walk_leaf(value: Any, cls: type, name: str, tp: Any, loc: Loc, container: Any, ctx: _Ctx) -> Any:
    source, assumption = "", False
    unit = field_meta(cls, name).get("unit", "")
    if isinstance(value, dict):
        bad_keys = [k for k in value if k not in WRAPPER_KEYS]
        for k in bad_keys:
            ctx.unknown(loc, k, list(WRAPPER_KEYS), "a value with its source ({value: ..., source: ...})")
        if "value" not in value:
            ctx.add(loc, f"a value with a source needs `value:` (expected {{value: {type_word(tp, unit)}, source: ...}}; got a mapping without value)")
            return _SKIP
        s = value.get("source", "")
        if s is not BAD and s is not None and not isinstance(s, str):
            ctx.add(loc + ("source",), f"not text (expected where the number comes from; got {describe(s)})")
        elif isinstance(s, str):
            source = s
        a = value.get("assumption", False)
        if a not in (True, False) and a is not BAD:
            ctx.add(loc + ("assumption",), f"not true or false (expected assumption: true; got {describe(a)})")
        else:
            assumption = a is True
        if bad_keys:
            return _SKIP
        value = value["value"]
    if value is BAD:
        return _SKIP
    expected = type_word(tp, unit)
    if value is None:
        ctx.add(loc, f"no value (expected {expected}; got nothing)")
        return _SKIP
    item = list_item(tp)
    if item is not None:
        if not isinstance(value, list):
            ctx.add(loc, f"not a list (expected {expected}, e.g. [1, 2]; got {describe(value)})")
            return _SKIP
        ok = all(_check_scalar(v, item, cls, name, loc + (i,), ctx) for i, v in enumerate(value))
        if not ok:
            return _SKIP
    elif not _check_scalar(value, tp, cls, name, loc, ctx):
        return _SKIP
    if isinstance(container, YMap) and loc[-1] in container.value_marks:
        mark = container.value_marks[loc[-1]]
        ctx.notes[_path(loc)] = SourceNote(source, assumption, mark.file)
    return value


def _check_scalar(value: Any, tp: Any, cls: type, name: str, loc: Loc, ctx: _Ctx) -> bool:
    unit = field_meta(cls, name).get("unit", "")
    expected = type_word(tp, unit)
    if value is BAD:
        return False
    if numeric(tp):
        if isinstance(value, bool):
            ctx.add(loc, f"not a number (expected {expected}; got {describe(value)})")
            return False
        if isinstance(value, str):
            ctx.add(loc, f"not a number (expected {expected}; got the text {describe(value)}: write numbers without quotes)")
            return False
        if not isinstance(value, (int, float)):
            ctx.add(loc, f"not a number (expected {expected}; got {describe(value)})")
            return False
        if tp is int and isinstance(value, float) and value != int(value):
            ctx.add(loc, f"not a whole number (expected {expected}; got {value!r})")
            return False
        lo, hi, what = bounds(cls, name)
        if value < lo or (hi is not None and value > hi):
            ctx.add(loc, f"out of range (expected {what}; got {value!r})")
            return False
        return True
    if tp is bool:
        if not isinstance(value, bool):
            ctx.add(loc, f"not true or false (expected true or false; got {describe(value)})")
            return False
        return True
    if tp is str:
        if not isinstance(value, str):
            ctx.add(loc, f"not text (expected a word; got {describe(value)}: put it in quotes if you mean the text)")
            return False
        return True
    return True


def _unwrap_story(node: Any, loc: Loc, ctx: _Ctx) -> Any:
    """Plain data for the story models; numbers given with a source are unwrapped and noted."""
    if isinstance(node, dict):
        if "value" in node and len(node) > 1 and set(node) <= set(WRAPPER_KEYS):
            s, a = node.get("source", ""), node.get("assumption", False)
            if isinstance(node, YMap) and loc:
                file = ctx.at(loc).file
                ctx.notes[_path(loc)] = SourceNote(s if isinstance(s, str) else "", a is True, file)
            return _unwrap_story(node["value"], loc, ctx)
        return {k: _unwrap_story(v, loc + (k,), ctx) for k, v in node.items()}
    if isinstance(node, list):
        return [_unwrap_story(v, loc + (i,), ctx) for i, v in enumerate(node)]
    return node


# --- pydantic ------------------------------------------------------------------------------------

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
    "string_pattern_mismatch": ("not a valid name", "lowercase letters, digits and _, starting with a letter, like noodle_stall"),
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
        ctx.add(loc, _message(err, root, loc))


def _message(err: Any, root: type, loc: Loc) -> str:
    kind = err["type"]
    c = err.get("ctx") or {}
    got = describe(err.get("input"))
    if kind in ("text_language", "text_type"):
        return err["msg"]
    if kind == "missing":
        return f"missing (expected a `{loc[-1]}:` line here; got nothing)"
    if kind == "literal_error":
        return f"not an allowed value (expected {c.get('expected', '?')}; got {got})"
    if kind in ("too_short", "too_long"):
        word = "few" if kind == "too_short" else "many"
        limit = c.get("min_length") if kind == "too_short" else c.get("max_length")
        return f"too {word} items (expected {'at least' if kind == 'too_short' else 'at most'} {limit}; got {c.get('actual_length', '?')})"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(c.values()), "?")
        rel = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most",
               "less_than": "less than"}[kind]
        return f"out of range (expected {rel} {bound}; got {got})"
    if kind == "string_too_long":
        return f"too long (expected at most {c.get('max_length')} characters; got {len(str(err.get('input', '')))})"
    what, expected = _WORDS.get(kind, (err["msg"].split(",")[0].lower(), err["msg"]))
    unit_expected = _param_expected(root, loc)
    return f"{what} (expected {unit_expected or expected}; got {got})"


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
            tp = info.annotation if not info.metadata else Annotated[(info.annotation, *info.metadata)]
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


# --- checks across fields ---------------------------------------------------------------------

def _effective(plain: dict, section: str, name: str) -> Any:
    sec = plain.get(section)
    if isinstance(sec, dict) and name in sec and sec[name] is not BAD:
        return sec[name]
    return field_default(hints(Params)[section], name)


def _trades(plain: dict) -> list[tuple[int, dict]]:
    """(index, trade with defaults filled) for every trade that is a mapping."""
    raw = plain.get("trades")
    if raw is BAD:
        return []
    if raw is None:
        raw = [_dataclass_dict(t) for t in default_trades()]
    defaults = _dataclass_dict(Trade())
    return [(i, {**defaults, **t}) for i, t in enumerate(raw) if isinstance(t, dict)]


def _check_params(plain: dict, ctx: _Ctx) -> None:
    months = _num(plain.get("months"))
    months_set = months is not None
    months = int(months) if months is not None else field_default(Params, "months")

    term = _num(_effective(plain, "policy", "loan_term_months"))
    loans = _effective(plain, "policy", "loans_enabled") is not False
    if term is not None and loans and term > months:
        term_set = isinstance(plain.get("policy"), dict) and "loan_term_months" in plain["policy"]
        loc = ("policy", "loan_term_months") if term_set or not months_set else ("months",)
        ctx.add(loc, f"the loan runs {term:g} months but the game lasts {months}: no loan would come due "
                f"(expected policy.loan_term_months at most months; got {term:g} > {months})")

    trades = _trades(plain)
    raw_trades = plain.get("trades")
    if isinstance(raw_trades, list) and not raw_trades:
        ctx.add(("trades",), "no trades (expected at least one trade the laid-off can open; got an empty list)")
    if len(trades) > MAX_TRADES:
        ctx.add(("trades",), f"too many trades (expected at most {MAX_TRADES}: the street and the charts show each; got {len(trades)})")
    skills = _effective(plain, "town", "skill_groups")
    skills = [s for s in skills if isinstance(s, str)] if isinstance(skills, list) else []
    seen: dict[str, int] = {}
    total = remit = 0.0
    shares_ok = True
    for i, t in trades:
        key = t.get("key")
        if isinstance(key, str):
            if not _IDENT.match(key):
                ctx.add(("trades", i, "key"), f"not a valid trade key (expected lowercase letters, digits and _, starting with a letter, like noodles; got {key!r})")
            if key in seen:
                ctx.add(("trades", i, "key"), f"two trades have the key {key!r} (expected each key once; trade {seen[key]} has it too)")
            seen.setdefault(key, i)
        icon = t.get("icon")
        if isinstance(icon, str) and icon not in ICONS:
            ctx.add(("trades", i, "icon"), f"unknown icon (expected one of: {', '.join(ICONS)}; got {icon!r}){_did_you_mean(icon, list(ICONS))}")
        colour = t.get("colour")
        if isinstance(colour, str) and not _COLOUR.match(colour):
            ctx.add(("trades", i, "colour"), f"not a colour (expected #RRGGBB, like '#E69F00', in quotes; got {colour!r})")
        skill = t.get("skill_group")
        if isinstance(skill, str) and skills and skill not in skills:
            ctx.add(("trades", i, "skill_group"), f"no one in town has this skill (expected one of town.skill_groups: {', '.join(skills)}; got {skill!r}){_did_you_mean(skill, skills)}")
        unit, price = _num(t.get("unit_cost_yuan")), _num(t.get("start_price_yuan"))
        if unit is not None and price is not None and price <= unit:
            ctx.add(("trades", i, "start_price_yuan"), f"the starting price does not cover the unit cost: every sale would lose money (expected more than unit_cost_yuan {unit:g}; got {price:g})")
        share, rshare = _num(t.get("budget_share")), _num(t.get("remittance_share"))
        if share is None or rshare is None:
            shares_ok = False
        else:
            total += share
            remit += rshare
    if trades and shares_ok and not (0 < total <= BUDGET_SHARE_MAX + 1e-9):
        ctx.add(("trades",), f"the trades' budget shares add up to {total:.3g}: the share of household spending that goes to "
                f"the town's trades (expected a total above 0 and at most {BUDGET_SHARE_MAX:g}; got {total:.3g})")
    if trades and shares_ok and remit > 1 + 1e-9:
        ctx.add(("trades",), f"the trades' remittance shares add up to {remit:.3g} (expected at most 1: remittances cannot be spent twice; got {remit:.3g})")

    waves = plain.get("layoff_waves")
    if isinstance(waves, list):
        for i, w in enumerate(waves):
            m = _num(w.get("month")) if isinstance(w, dict) else None
            if m is not None and m >= months:
                ctx.add(("layoff_waves", i, "month"), f"this layoff comes after the game ends (expected a month from 0 to {months - 1}; got {m:g}, and the game lasts {months} months)")

    edu = _effective(plain, "town", "education_shares")
    factors = _effective(plain, "behaviour", "offer_factor_by_education")
    if isinstance(edu, list) and all(_num(x) is not None for x in edu):
        if abs(sum(edu) - 1) > 0.01:
            ctx.add(("town", "education_shares"), f"the education shares do not add up to 1 (expected shares of primary, middle and high school that sum to 1; got {sum(edu):.3g})")
        if len(edu) != 3:
            ctx.add(("town", "education_shares"), f"wrong number of education levels (expected 3: primary, middle school, high school or more; got {len(edu)})")
    if isinstance(factors, list) and len(factors) != 3:
        ctx.add(("behaviour", "offer_factor_by_education"), f"wrong number of education levels (expected 3: primary, middle school, high school or more; got {len(factors)})")
    hazards = _effective(plain, "behaviour", "exit_hazard_by_year")
    if isinstance(hazards, list) and not hazards:
        ctx.add(("behaviour", "exit_hazard_by_year"), "no exit hazard (expected at least one yearly rate, e.g. [0.016, 0.063, 0.095]; got an empty list)")
    if isinstance(skills, list):
        raw_skills = _effective(plain, "town", "skill_groups")
        if isinstance(raw_skills, list) and not raw_skills:
            ctx.add(("town", "skill_groups"), "no skills (expected at least one skill group, like cooking; got an empty list)")
        for i, s in enumerate(raw_skills if isinstance(raw_skills, list) else []):
            if isinstance(s, str) and not _IDENT.match(s):
                ctx.add(("town", "skill_groups", i), f"not a valid skill name (expected lowercase letters, digits and _, like cooking; got {s!r})")

    share_names = [n for n in TOWN_GROUP_SHARES if n in hints(hints(Params)["town"])]
    shares = [_num(_effective(plain, "town", n)) for n in share_names]
    if share_names and all(x is not None for x in shares) and sum(shares) > 1 + 1e-9:  # type: ignore[arg-type]
        ctx.add(("town",), f"the town's household groups add up to more than all households (expected "
                f"{' + '.join(share_names)} at most 1; got {sum(shares):.3g})")  # type: ignore[arg-type]
    suspend = _num(_effective(plain, "policy", "arrears_suspend_threshold"))
    resume = _num(_effective(plain, "policy", "arrears_resume_threshold"))
    if suspend is not None and resume is not None and resume >= suspend:
        ctx.add(("policy", "arrears_resume_threshold"), f"lending would resume before it stops (expected less than arrears_suspend_threshold {suspend:g}; got {resume:g})")


def _check_story(story: Any, plain: dict, ctx: _Ctx) -> None:
    if not isinstance(story, dict):
        return
    trade_keys = [t["key"] for _, t in _trades(plain) if isinstance(t.get("key"), str)]
    skills = _effective(plain, "town", "skill_groups")
    skills = [s for s in skills if isinstance(s, str)] if isinstance(skills, list) else []

    for lang, text in _texts(story.get("title")):
        if not text.strip():
            ctx.add(("title",) + ((lang,) if lang else ()), "an empty title (expected the name the scenario picker shows; got nothing)")

    player = story.get("player")
    if isinstance(player, dict):
        drawn = player.get("drawn", False) is True
        if not drawn:
            for name in PLAYER_REQUIRED_WHEN_FIXED:
                if name not in player:
                    ctx.add(("player", name), f"missing (expected the household's {name}, or drawn: true to draw the household from the town; got nothing)")
        skill = player.get("skill_group")
        if isinstance(skill, str) and skills and skill not in skills:
            ctx.add(("player", "skill_group"), f"no such skill in town (expected one of town.skill_groups: {', '.join(skills)}; got {skill!r}){_did_you_mean(skill, skills)}")
        dep, kids = _num(player.get("dependants")), _num(player.get("children_in_school"))
        if dep is not None and kids is not None and kids > dep:
            ctx.add(("player", "children_in_school"), f"more children in school than dependants (expected at most dependants, {dep:g}; got {kids:g})")
        age, years = _num(player.get("age")), _num(player.get("years_in_plant"))
        if age is not None and years is not None and years > age - 14:
            ctx.add(("player", "years_in_plant"), f"more years in the plant than the worker's age allows (expected at most age - 14 = {age - 14:g}; got {years:g})")

    events = story.get("events")
    if not isinstance(events, list):
        return
    ids = [e.get("id") for e in events if isinstance(e, dict)]
    first: dict[str, int] = {}
    for i, e in enumerate(events):
        if not isinstance(e, dict):
            continue
        eid = e.get("id")
        if isinstance(eid, str):
            if eid in first:
                ctx.add(("events", i, "id"), f"two events have the id {eid!r} (expected each id once; event {first[eid]} has it too)")
            first.setdefault(eid, i)
        _check_event(e, i, [x for x in ids if isinstance(x, str)], trade_keys, ctx)


def _check_event(e: dict, i: int, ids: list[str], trade_keys: list[str], ctx: _Ctx) -> None:
    loc: Loc = ("events", i)
    when = e.get("when")
    if isinstance(when, dict):
        for key in ("trade",):
            for j, t in enumerate(_as_list(when.get(key))):
                if isinstance(t, str) and t not in trade_keys:
                    sub = loc + ("when", key) + ((j,) if isinstance(when.get(key), list) else ())
                    ctx.add(sub, f"no trade with this key (expected one of: {', '.join(trade_keys)}; got {t!r}){_did_you_mean(t, trade_keys)}")
        statuses = list(word_values("status") or ())
        for j, s in enumerate(_as_list(when.get("status"))):
            if isinstance(s, str) and s not in statuses:
                sub = loc + ("when", "status") + ((j,) if isinstance(when.get("status"), list) else ())
                ctx.add(sub, f"unknown status (expected one of: {', '.join(statuses)}; got {s!r}){_did_you_mean(s, statuses)}")
        numbers = [f for f, kind in KNOWN_FACTS.items() if kind == "number"]
        for bound in ("min", "max"):
            facts = when.get(bound)
            if isinstance(facts, dict):
                for fact in facts:
                    if fact not in numbers:
                        why = "is not a number" if fact in KNOWN_FACTS else "is not a fact the game knows"
                        hint = _did_you_mean(fact, numbers)
                        ctx.add(loc + ("when", bound, fact), f"{fact!r} {why} (expected a numeric fact: {', '.join(numbers)}; got {fact!r}){hint}", key=True)
        equals = when.get("equals")
        if isinstance(equals, dict):
            for fact, want in equals.items():
                kind = KNOWN_FACTS.get(fact)
                if kind is None:
                    ctx.add(loc + ("when", "equals", fact), f"unknown fact (expected one of: {', '.join(KNOWN_FACTS)}; got {fact!r}){_did_you_mean(fact, list(KNOWN_FACTS))}", key=True)
                    continue
                ok = (isinstance(want, bool) if kind == "bool" else isinstance(want, str) if kind == "word"
                      else _num(want) is not None)
                allowed = word_values(fact) if kind == "word" else None
                if fact == "trade":
                    allowed = ("", *trade_keys)
                if not ok:
                    ctx.add(loc + ("when", "equals", fact), f"wrong kind of value (expected {'true or false' if kind == 'bool' else 'a word' if kind == 'word' else 'a number'}; got {describe(want)})")
                elif allowed is not None and want not in allowed:
                    ctx.add(loc + ("when", "equals", fact), f"not a possible value (expected one of: {', '.join(repr(a) for a in allowed)}; got {want!r}){_did_you_mean(want, list(allowed))}")
        for key in ("after", "not_after"):
            for j, ref in enumerate(_as_list(when.get(key))):
                if isinstance(ref, str) and ref not in ids:
                    sub = loc + ("when", key) + ((j,) if isinstance(when.get(key), list) else ())
                    ctx.add(sub, f"no event with this id (expected one of: {', '.join(ids)}; got {ref!r}){_did_you_mean(ref, ids)}")

    people = [p for p in e.get("people", []) if isinstance(p, dict)] if isinstance(e.get("people"), list) else []
    roles = [p.get("role") for p in people if isinstance(p.get("role"), str)]
    for j, role in enumerate(roles):
        if role in KNOWN_FACTS:
            ctx.add(loc + ("people", j, "role"), f"this role has the name of a fact (expected a different word, like neighbour; got {role!r})")
        elif roles.index(role) != j:
            ctx.add(loc + ("people", j, "role"), f"two people have the role {role!r} (expected each role once)")
    texts: list[tuple[Loc, Any]] = [(loc + ("text",), e.get("text")), (loc + ("title",), e.get("title"))]
    choices = e.get("choices")
    if isinstance(choices, list):
        for j, c in enumerate(choices):
            if isinstance(c, dict):
                texts += [(loc + ("choices", j, "label"), c.get("label")), (loc + ("choices", j, "consequence"), c.get("consequence"))]
                effects = c.get("effects")
                if isinstance(effects, list):
                    for k, eff in enumerate(effects):
                        _check_effect(eff, loc + ("choices", j, "effects", k), trade_keys, ctx)
    uses_fact = False
    for tloc, text in texts:
        for lang, s in _texts(text):
            try:
                names = placeholders(s)
            except ValueError as exc:
                ctx.add(tloc + ((lang,) if lang else ()), f"a broken placeholder {exc} (expected {{fact}} or {{role}} or {{role.age}}; write {{{{ and }}}} for a brace)")
                continue
            for name in names:
                head, _, attr = name.partition(".")
                if head in roles:
                    if attr and attr not in PERSON_ATTRIBUTES:
                        ctx.add(tloc + ((lang,) if lang else ()), f"unknown detail {{{name}}} (expected {head}.{' or .'.join(PERSON_ATTRIBUTES)}; got .{attr})")
                elif head in KNOWN_FACTS and not attr:
                    uses_fact = uses_fact or tloc[-1] == "text"
                else:
                    options = [*roles, *KNOWN_FACTS]
                    ctx.add(tloc + ((lang,) if lang else ()), f"unknown placeholder {{{name}}} (expected a person's role ({', '.join(roles) or 'no people given'}) or a fact; got {{{name}}}){_did_you_mean(head, options)}")
    if e.get("once") is False and not uses_fact:
        ctx.add(loc + ("once",), "an event that can repeat must name a fact that changes in its text, so the player never reads the same text twice (expected a {placeholder} such as {month} or {cash_yuan} in text; got none)")


def _check_effect(eff: Any, loc: Loc, trade_keys: list[str], ctx: _Ctx) -> None:
    if not isinstance(eff, dict):
        ctx.add(loc, f"not a command (expected a mapping like {{command: event_payment, amount_yuan: -500, reason: gift}}; got {describe(eff)})")
        return
    specs = command_specs()
    kind = eff.get("command")
    if kind is None:
        ctx.add(loc, f"missing command (expected command: one of {', '.join(sorted(specs))}; got nothing)")
        return
    if not isinstance(kind, str) or kind not in specs:
        ctx.add(loc + ("command",), f"unknown command (expected one of: {', '.join(sorted(specs))}; got {describe(kind)}){_did_you_mean(str(kind), list(specs))}")
        return
    spec = specs[kind]
    for name, value in eff.items():
        if name == "command":
            continue
        if name == "household":
            ctx.add(loc + (name,), "the game fills in the player's household (expected no household: in an effect; got one)", key=True)
            continue
        if name not in spec:
            options = list(spec)
            listed = ", ".join(options) if options else "no other fields"
            ctx.add(loc + (name,), f"{kind} has no field {name!r} (expected {listed}; got {name!r}){_did_you_mean(name, options)}", key=True)
            continue
        tp = spec[name]
        if name == "trade" and isinstance(value, str):
            if value not in trade_keys:
                ctx.add(loc + (name,), f"no trade with this key (expected one of: {', '.join(trade_keys)}; got {value!r}){_did_you_mean(value, trade_keys)}")
            continue
        good = (isinstance(value, bool) if tp is bool else
                isinstance(value, int) and not isinstance(value, bool) if tp is int else
                _num(value) is not None if tp is float else isinstance(value, str) if tp is str else True)
        if not good:
            ctx.add(loc + (name,), f"wrong type (expected {type_word(tp)}; got {describe(value)})")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _texts(text: Any) -> list[tuple[str, str]]:
    if isinstance(text, str):
        return [("", text)]
    if isinstance(text, dict):
        return [(k, v) for k, v in text.items() if isinstance(v, str)]
    return []
