"""`--set PATH=VALUE` (simulate, sweep): one parameter changed on the command line, checked
exactly as if the scenario file had said it.

The value is read as YAML by the loader's own reader (so `true`, `1e5`, `[0.6, 1, 1.5]` and
`{value: 3, source: ...}` mean what they mean in a file, and `.nan`, `1e400` or a bomb are refused
the same way), laid into the parameters at PATH, and the whole goes through the loader's walk
(unknown keys with "did you mean", types, the bounds table, list lengths), pydantic and the
checks across fields. Problems read `--set:1:COLUMN: field.path: what (expected ...; got ...)`,
COLUMN counting from the start of PATH=VALUE.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from game.core.params import Params
from game.scenario.checks import _check_params
from game.scenario.loader import _guarded, _locate_plain
from game.scenario.problems import ScenarioError, _Ctx
from game.scenario.schema import _dataclass_dict, describe
from game.scenario.validate import _validate_params
from game.scenario.walk import _walk_dataclass
from game.scenario.yamlread import Mark, Problem, ReadError, YList, YMap, decode, parse

SOURCE = "--set"


def _fail(column: int, path: str, message: str) -> ScenarioError:
    p = Problem(Mark(SOURCE, 1, column), path, message)
    return ScenarioError([str(p)], [p])


def read_value(text: str, path: str, column: int) -> Any:
    """The value of `--set` as a located YAML tree, its marks at `column` of the argument."""
    if not text.strip():
        raise _fail(column, path, "no value after = (expected e.g. policy.loan_ceiling_yuan=50000)")
    try:
        padded = decode((" " * (column - 1) + text).encode("utf-8", "surrogatepass"), SOURCE)
        tree, problems = parse(padded, SOURCE)
    except ReadError as exc:
        problems = exc.problems
        tree = None
    if problems:  # paths inside the value are relative to it: prefix the field's path
        located = [
            dataclasses.replace(p, path=".".join(x for x in (path, p.path) if x)) for p in problems
        ]
        raise ScenarioError([str(p) for p in located], located)
    return tree


def apply_override(params: Params, item: str) -> Params:
    """`params` with `item` ("PATH=VALUE") applied and every parameter checked again.

    Raises ScenarioError with every problem (the loader's messages)."""
    path, eq, raw = item.partition("=")
    if not eq or not path.strip():
        raise _fail(
            1, "", f"expected PATH=VALUE, e.g. policy.loan_ceiling_yuan=50000 (got {item!r})"
        )
    return _guarded(SOURCE, lambda: _apply(params, path.strip(), raw, len(path) + 2))


def _apply(params: Params, path: str, raw: str, column: int) -> Params:
    value = read_value(raw, path, column)
    at = Mark(SOURCE, 1, 1)
    tree = _locate_plain(_dataclass_dict(params), at)
    node: Any = tree
    parts = path.split(".")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        here = ".".join(parts[:i]) or "the parameters"
        if isinstance(node, YList):
            if not (part.isdigit() and int(part) < len(node)):
                raise _fail(
                    1,
                    ".".join(parts[: i + 1]),
                    f"no such item (expected an index from 0 to {len(node) - 1}: {here} has "
                    f"{len(node)} items; got {part!r})",
                )
            if last:
                node[int(part)] = value
                node.item_marks[int(part)] = Mark(SOURCE, 1, column)
            else:
                node = node[int(part)]
        elif isinstance(node, YMap):
            if last:
                node[part] = value
                node.key_marks[part] = at
                node.value_marks[part] = Mark(SOURCE, 1, column)
            else:
                if part not in node:  # the walk names it: unknown key, did you mean ...
                    node[part] = YMap(mark=at)
                    node.key_marks[part] = node.value_marks[part] = at
                node = node[part]
        else:
            raise _fail(
                1,
                ".".join(parts[:i]),
                f"not a section (expected a field of a section, like policy.loan_term_months; "
                f"got {here}, which is {describe(node)})",
            )
    return _checked(tree, SOURCE)


def params_from_data(data: Any, name: str) -> Params:
    """Parameters from plain data (a save's `engine.params`), checked exactly like a file's:
    a save edited to hold a 400-month loan is refused like the file would be."""
    return _guarded(name, lambda: _checked(_locate_plain(data, Mark(name, 1, 1)), name))


def _checked(tree: Any, name: str) -> Params:
    """The loader's checks on a parameter tree: the walk, pydantic, the checks across fields."""
    ctx = _Ctx(name)
    ctx.tree = tree
    plain = _walk_dataclass(tree, Params, (), ctx)
    checked = _validate_params(plain, ctx)
    if isinstance(plain, dict):
        _check_params(plain, ctx)
    ctx.fail()
    assert checked is not None
    return checked
