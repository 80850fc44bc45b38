"""Scenarios: the YAML format instructors write, its safe loader, events, and the headless tools.

    from game.scenario import load_scenario, ScenarioError
    sc = load_scenario("steel_town_2016")     # a built-in name, or a path to a .yaml file
    sc.params                                 # game.core.params.Params for the engine
    sc.sources()                              # (field path, value, source, ...) for every number

No pygame here (architecture.md): the core, the CLI and the UI all use this package.
"""

from game.scenario.loader import (
    BuiltinInfo,
    ScenarioError,
    list_builtin,
    load_scenario,
    load_scenario_data,
    load_scenario_text,
    resolve_scenario,
)
from game.scenario.schema import Scenario, Source, tr

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
