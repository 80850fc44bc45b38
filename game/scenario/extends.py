"""``extends:``: find the base scenario (a built-in name or a path), follow the chain (no loops, at
most MAX_EXTENDS levels) and lay each file over its base (sections field by field, trades by key)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.core.params import Params, Trade, default_trades
from game.scenario import yamlread
from game.scenario.builtin import SUFFIXES, names_in
from game.scenario.builtin import display as _display
from game.scenario.problems import _Ctx, listed
from game.scenario.schema import (
    EXTENDS_KEY,
    _dataclass_dict,
    describe,
    field_default,
    hints,
    is_dataclass_type,
)
from game.scenario.yamlread import BAD, Mark, Problem, ReadError, YList, YMap

MAX_EXTENDS = 8
SECTIONS = tuple(name for name, tp in hints(Params).items() if is_dataclass_type(tp))


MAX_NAME = 255  # a file name's limit on every system the game runs on


def _resolve_base(value: str, here: Path, builtin_dir: Path) -> Path | None:
    """The base file, or None. A name the system cannot look up (too long, a NUL) is None too."""
    try:
        if value.endswith(SUFFIXES) or "/" in value or "\\" in value:
            p = (here.parent / value).resolve()
            return p if p.suffix in SUFFIXES and p.is_file() else None
        for suffix in SUFFIXES:
            candidate = builtin_dir / f"{value}{suffix}"
            if candidate.is_file():
                return candidate.resolve()
    except (OSError, ValueError):
        return None
    return None


def _apply_extends(
    tree: YMap, here: Path, chain: list[Path], ctx: _Ctx, files: list[str], builtin_dir: Path
) -> YMap:
    """Follow `extends:` (built-in names are looked up in `builtin_dir`) and lay `tree` over its base."""
    if EXTENDS_KEY not in tree:
        return tree
    value = tree[EXTENDS_KEY]
    saved_tree = ctx.tree
    ctx.tree = tree
    try:
        if value is BAD:
            return tree
        if not isinstance(value, str) or not value.strip():
            ctx.add(
                (EXTENDS_KEY,),
                f"not a scenario name (expected a built-in name or a .yaml path; got {describe(value)})",
                kind="wrong_type",
                want="scenario_name",
                got=value,
            )
            return tree
        if len(value) > MAX_NAME:
            ctx.add(
                (EXTENDS_KEY,),
                f"too long (expected a built-in name or a .yaml path of at most {MAX_NAME} characters; got {len(value):,})",
                kind="too_long",
                high=MAX_NAME,
                got=len(value),
            )
            return tree
        base_path = _resolve_base(value, here, builtin_dir)
        if base_path is None:
            names = names_in(builtin_dir)
            hint = ctx.hint(value, names) if not value.endswith(SUFFIXES) else ""
            listed = ", ".join(names) if names else "none installed"
            ctx.add(
                (EXTENDS_KEY,),
                f"no built-in scenario or file called {value!r} (expected a built-in name ({listed}) "
                f"or a .yaml path relative to this file; got {value!r}){hint}",
                kind="base_missing",
                hint=None,  # a built-in's name is its file's: a screen names none
            )
            return tree
        loop = [*chain, here]
        if base_path in loop:
            names = " -> ".join(p.name for p in [*loop[loop.index(base_path) :], base_path])
            ctx.add(
                (EXTENDS_KEY,),
                f"extends makes a loop ({names}) (expected a chain that ends in a scenario without extends; got {value!r})",
                kind="base_loop",
            )
            return tree
        if len(chain) >= MAX_EXTENDS:
            ctx.add(
                (EXTENDS_KEY,),
                f"too many levels of extends (expected at most {MAX_EXTENDS}; got more)",
                kind="base_too_deep",
                high=MAX_EXTENDS,
            )
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
            ctx.problems.append(
                Problem(
                    getattr(base, "mark", Mark(shown, 1, 1)),
                    "",
                    f"the top level is not a mapping (expected key: value lines; got {describe(base)})",
                    "wrong_type",
                    {"want": "mapping", "got": base},
                )
            )
            return tree
        base = _apply_extends(base, base_path, loop, ctx, files, builtin_dir)
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
    index = {
        key: i
        for i, item in enumerate(items)
        if isinstance(item, dict)
        and isinstance(key := item.get("key", field_default(Trade, "key")), str)
    }
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
            ctx.problems.append(
                Problem(
                    item.value_marks["remove"],
                    f"trades.{i}.remove",
                    f"not true or false (expected remove: true; got {describe(remove)})",
                    "wrong_type",
                    {"want": "bool", "got": remove},
                )
            )
            remove = False
        if not isinstance(key, str):
            ctx.problems.append(
                Problem(
                    item.mark,
                    f"trades.{i}.key",
                    "a trade in a file with extends needs `key:` (expected the key of a base trade to change "
                    f"or a new key to add: {', '.join(str(k) for k in index)}; got {describe(key)})",
                    "missing",
                    {"name": "key"},
                )
            )
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
            hint = ctx.hint(key, list(index))
            ctx.problems.append(
                Problem(
                    item.value_marks["key"],
                    f"trades.{i}.key",
                    f"no trade {key!r} in the base scenario to remove (expected one of: {listed(list(index))}; got {key!r}){hint}",
                    "unknown_name",
                    {"thing": "trade", "got": key, "hint": ctx.take_hint()},
                )
            )
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
