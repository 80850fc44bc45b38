"""Load a scenario: any file in, a :class:`Scenario` or a :class:`ScenarioError` listing every
problem as ``file:line:column: field.path: what is wrong (expected ...; got ...)``.

Steps: read the bytes safely and parse them into a located tree (yamlread.py); follow
``extends:`` and lay the file over its base (extends.py); walk the parameters against the core's
dataclasses (walk.py: unknown keys with "did you mean", numbers with sources, ranges by unit);
validate the story and the parameters with pydantic (validate.py); then the checks that span
fields (checks.py: a loan longer than the game, budget shares, events that name trades or facts
that do not exist ...). Every step collects its problems (problems.py) and goes on, so one run
lists them all; nothing raises but ScenarioError.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from game.core.params import Params
from game.scenario import plain, yamlread
from game.scenario.builtin import BUILTIN_DIR, BuiltinInfo, find_scenario
from game.scenario.checks import (
    BUDGET_SHARE_MAX,
    MAX_TRADES,
    TOWN_GROUP_SHARES,
    _check_params,
    _check_story,
)
from game.scenario.extends import MAX_EXTENDS, SECTIONS, SUFFIXES, _apply_extends, names_in
from game.scenario.problems import Loc, ScenarioError, _Ctx, _did_you_mean
from game.scenario.schema import Scenario, describe
from game.scenario.validate import _validate_params, _validate_story
from game.scenario.walk import _split_top, _unwrap_story, _walk_dataclass
from game.scenario.yamlread import Mark, Problem, ReadError, YList, YMap

__all__ = [
    "BUDGET_SHARE_MAX",
    "BUILTIN_DIR",
    "MAX_EXTENDS",
    "MAX_TRADES",
    "SECTIONS",
    "SUFFIXES",
    "TOWN_GROUP_SHARES",
    "BuiltinInfo",
    "Loc",
    "ScenarioError",
    "builtin_names",
    "list_builtin",
    "load_scenario",
    "load_scenario_data",
    "load_scenario_text",
    "resolve_scenario",
]


# --- finding scenarios ------------------------------------------------------------------------


def builtin_names() -> list[str]:
    return names_in(BUILTIN_DIR)


def resolve_scenario(name: str | os.PathLike[str]) -> Path:
    """A built-in name ("steel_town_2016") or a file path -> the file. ScenarioError if neither."""
    found = find_scenario(name, BUILTIN_DIR)
    if found is not None:
        return found
    text = os.fspath(name)
    p = Path(text)
    stem = p.stem if p.suffix in SUFFIXES and len(p.parts) == 1 else text
    names = builtin_names()
    hint = _did_you_mean(stem, names) if len(stem) < 200 else ""
    known = ", ".join(names) if names else "none installed"
    shown = text if len(text) <= 80 else text[:77] + "..."
    p = Problem(
        Mark(shown, 1, 1),
        "",
        f"no such file or built-in scenario (expected a .yaml file or one of: {known}; got {shown!r}){hint}",
        "base_missing",
    )
    raise ScenarioError([str(p)], [p])


def list_builtin() -> list[BuiltinInfo]:
    """The built-in scenarios for the picker, in their `order`; a broken one is listed with its
    problems (and no title) rather than hidden."""
    out = []
    for name in builtin_names():
        path = next(
            BUILTIN_DIR / f"{name}{s}" for s in SUFFIXES if (BUILTIN_DIR / f"{name}{s}").is_file()
        )
        try:
            sc = load_scenario(path)
        except ScenarioError as exc:
            problems, details = tuple(exc.problems), tuple(exc.details)
            out.append(BuiltinInfo(name, name, None, "", 0, "", path, 1000, problems, details))
            continue
        out.append(
            BuiltinInfo(
                name, sc.title, sc.year, sc.place, sc.months, sc.summary, path, sc.story.order
            )
        )
    return sorted(out, key=lambda b: (b.order, b.name))


# --- loading ------------------------------------------------------------------------------


def load_scenario(path_or_name: str | os.PathLike[str]) -> Scenario:
    """Load a scenario file or built-in, or raise ScenarioError with every problem."""
    shown = os.fspath(path_or_name)
    return _guarded(shown, lambda: _load_path(resolve_scenario(path_or_name), shown))


def load_scenario_text(
    text: str | bytes, name: str = "<text>", base_dir: str | os.PathLike[str] | None = None
) -> Scenario:
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


def load_scenario_data(
    data: Mapping[str, Any], name: str = "<data>", base_dir: str | os.PathLike[str] | None = None
) -> Scenario:
    """Load a scenario from plain data in the file format (e.g. `Scenario.to_dict()` in a save)."""
    here = Path(base_dir) if base_dir is not None else Path.cwd()

    def run() -> Scenario:
        problems: list[Problem] = []
        tree = _locate_plain(data, Mark(name, 1, 1), problems)
        return _finish(tree, problems, name, here / name, None)

    return _guarded(name, run)


def _guarded(name: str, run: Any) -> Scenario:
    try:
        return run()
    except ScenarioError:
        raise
    except (RecursionError, MemoryError):
        p = Problem(
            Mark(name, 1, 1),
            "",
            "the scenario is too large or too deeply nested to read (expected a scenario of a few KiB)",
            "unreadable",
        )
        raise ScenarioError([str(p)], [p]) from None
    except Exception as exc:  # a bug here must still not show the instructor a traceback
        p = Problem(
            Mark(name, 1, 1),
            "",
            f"internal error while reading the scenario ({type(exc).__name__}: {exc}); please report it with this file",
            "internal",
        )
        raise ScenarioError([str(p)], [p]) from None


def _locate_plain(
    value: Any, mark: Mark, problems: list[Problem] | None = None, path: str = ""
) -> Any:
    """Plain data as a located tree (every mark `mark`); text the game cannot draw becomes BAD
    with a problem, as it would in a file."""
    if isinstance(value, Mapping):
        out = YMap(mark=mark)
        for k, v in value.items():
            sub = f"{path}.{k}" if path else str(k)
            out[str(k)] = _locate_plain(v, mark, problems, sub)
            out.key_marks[str(k)] = mark
            out.value_marks[str(k)] = mark
        return out
    if isinstance(value, (list, tuple)):
        seq = YList(mark=mark)
        for i, v in enumerate(value):
            seq.append(_locate_plain(v, mark, problems, f"{path}.{i}"))
            seq.item_marks.append(mark)
        return seq
    if isinstance(value, str) and problems is not None:
        trouble = yamlread.text_problem(value)
        if trouble:
            problems.append(Problem(mark, path, trouble, "text_marks"))
            return yamlread.BAD
    return value


def _load_path(path: Path, shown: str) -> Scenario:
    try:
        tree, problems = yamlread.read_file(path, shown)
    except ReadError as exc:
        raise ScenarioError([str(p) for p in exc.problems], exc.problems) from None
    return _finish(tree, problems, shown, path, path)


def _finish(
    tree: Any, problems: list[Problem], shown: str, where: Path, path: Path | None
) -> Scenario:
    """Everything after parsing: extends, the walk, pydantic, cross-field checks."""
    ctx = _Ctx(shown)
    ctx.problems.extend(problems)
    if not isinstance(tree, YMap):
        mark = getattr(tree, "mark", Mark(shown, 1, 1))
        ctx.problems.append(
            Problem(
                mark,
                "",
                f"the top level is not a mapping (expected key: value lines, starting with title:; got {describe(tree)})",
                "wrong_type",
                {"want": "mapping", "got": tree},
            )
        )
        ctx.fail()
    files = [shown]
    tree = _apply_extends(tree, where.resolve(), [], ctx, files, BUILTIN_DIR)
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
    return Scenario(
        story=plain.build(plain.Story, story.model_dump()),  # a run keeps no pydantic model
        params=params,
        name=name,
        path=path,
        files=tuple(files),
        trade_names=dict(ctx.trade_names),
        notes=dict(ctx.notes),
    )
