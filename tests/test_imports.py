"""The import graph of `game/` (docs/architecture.md, "What may import what"): no cycles, not
even through imports inside functions or under TYPE_CHECKING; the core imports nothing above
it; the scenario format imports no runner and no screen; the screens and the debrief read the
town only through views (no rule module, no state array); only the screens import pygame."""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "game"

# Above the core and the scenario format: what runs towns or shows them.
RUNNERS_AND_SCREENS = (
    "game.simulate",
    "game.sweep",
    "game.paths",
    "game.session",
    "game.players",
    "game.debrief",
    "game.ui",
    "game.cli",
)


def _modules() -> dict[str, Path]:
    mods = {}
    for f in GAME.rglob("*.py"):
        parts = f.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        mods[name] = f
    return mods


def _targets(mods: dict[str, Path], mod: str, node: ast.AST) -> list[str]:
    """The modules of `game` an import statement reaches (a name imported from a package
    counts as its submodule when there is one)."""
    if isinstance(node, ast.ImportFrom):
        base = mod.split(".")
        if node.level:
            keep = len(base) - node.level + (1 if mods[mod].name == "__init__.py" else 0)
            target = ".".join(base[:keep] + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        outs = [
            f"{target}.{a.name}" if f"{target}.{a.name}" in mods else target for a in node.names
        ]
    elif isinstance(node, ast.Import):
        outs = [a.name for a in node.names]
    else:
        return []
    return [o for o in outs if o in mods and o != mod]


@cache
def _graph() -> tuple[dict[str, Path], dict[str, set[str]], dict[str, list[ast.AST]]]:
    mods = _modules()
    edges: dict[str, set[str]] = defaultdict(set)
    imports: dict[str, list[ast.AST]] = defaultdict(list)
    for mod, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imports[mod].append(node)
                edges[mod].update(_targets(mods, mod, node))
    return mods, edges, imports


def _cycles(edges: dict[str, set[str]], nodes) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    group = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        group.append(w)
                        if w == v:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
    return found


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function():
    edges = defaultdict(set, {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    assert _cycles(edges, ["a", "b", "c", "d"]) == [["a", "b", "c"]]


def test_no_import_cycles_not_even_inside_functions():
    mods, edges, _ = _graph()
    assert _cycles(edges, sorted(mods)) == []


def _edges_out_of(package: str, bad) -> list[str]:
    mods, edges, _ = _graph()
    return sorted(f"{m} -> {t}" for m in mods if m.startswith(package) for t in edges[m] if bad(t))


def test_the_core_imports_nothing_above_it():
    assert _edges_out_of("game.core", lambda t: not t.startswith("game.core")) == []


def test_the_scenario_format_imports_no_runner_and_no_screen():
    assert _edges_out_of("game.scenario", lambda t: t.startswith(RUNNERS_AND_SCREENS)) == []


def _readers() -> list[str]:
    mods, _, _ = _graph()
    return sorted(m for m in mods if m.startswith(("game.ui", "game.debrief")))


def test_screens_and_the_debrief_import_no_rule_and_no_state():
    """They read the town through game.core.views; `Status` (the names of a household's
    states) is the one thing of game.core.state they may name."""
    mods, _, imports = _graph()
    bad = []
    for m in _readers():
        for node in imports[m]:
            for t in _targets(mods, m, node):
                names = {a.name for a in node.names} if isinstance(node, ast.ImportFrom) else {"*"}
                if t.startswith("game.core.rules") or (
                    t == "game.core.state" and names - {"Status"}
                ):
                    bad.append(f"{m} -> {t}")
    assert bad == []


def test_screens_and_the_debrief_read_no_state_array_and_no_metrics_table():
    """No `<engine>.state`, `.trade_arrays` or `<engine>.metrics`: a view says what a screen
    shows, and the town's curves (`session.curves()`) what happened month by month."""
    mods, _, _ = _graph()
    bad = []
    for m in _readers():
        for node in ast.walk(ast.parse(mods[m].read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            owner = node.value
            owner_name = (
                owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            )
            # `.metrics` on anything (a town in a list, a seat's engine); `.state` on an engine
            # (scenes have a `state` of their own)
            if node.attr in ("trade_arrays", "metrics") or (
                node.attr == "state" and owner_name in ("engine", "eng")
            ):
                bad.append(f"{mods[m].relative_to(ROOT)}:{node.lineno}")
    assert bad == []


def test_only_the_screens_import_pygame():
    mods, _, imports = _graph()
    bad = []
    for m in mods:
        if m.startswith("game.ui"):
            continue
        for node in imports[m]:
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            if any(n.split(".")[0] in ("pygame", "pygame_gui") for n in names):
                bad.append(m)
    assert bad == []
