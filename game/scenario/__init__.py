"""Scenarios: the YAML format instructors write, its safe loader, events, and the headless tools.

    from game.scenario import load_scenario, ScenarioError
    sc = load_scenario("steel_town_2016")     # a built-in name, or a path to a .yaml file
    sc.params                                 # game.core.params.Params for the engine
    sc.sources()                              # (field path, value, source, ...) for every number

No pygame here (architecture.md): the core, the CLI and the UI all use this package. The names
below are imported when first asked for: the loader brings pydantic and the schema's models
(~15 MB), which a game playing a built-in scenario does without (checked.py, plain.py).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "BuiltinInfo": "builtin",
    "ScenarioError": "problems",
    "list_builtin": "loader",
    "load_scenario": "loader",
    "load_scenario_data": "loader",
    "load_scenario_text": "loader",
    "resolve_scenario": "loader",
    "Scenario": "plain",
    "Source": "plain",
    "tr": "plain",
}

__all__ = [
    "BuiltinInfo",
    "Scenario",
    "ScenarioError",
    "Source",
    "list_builtin",
    "load_scenario",
    "load_scenario_data",
    "load_scenario_text",
    "resolve_scenario",
    "tr",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


if TYPE_CHECKING:
    from game.scenario.builtin import BuiltinInfo
    from game.scenario.loader import (
        list_builtin,
        load_scenario,
        load_scenario_data,
        load_scenario_text,
        resolve_scenario,
    )
    from game.scenario.plain import Scenario, Source, tr
    from game.scenario.problems import ScenarioError
