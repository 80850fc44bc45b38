"""The towns of a workshop, built from the session file's header alone (the session, its replay
and the class report's counterfactuals all build them here, so they cannot drift apart)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from game.core.engine import Engine
from game.session import ScenarioError, load_scenario, player_profile


def town_seed(session_seed: int, town: int) -> int:
    """Each town's own seed, derived from the session's."""
    ss = np.random.SeedSequence(int(session_seed), spawn_key=(7000, int(town)))
    return int(ss.generate_state(1)[0])


def seat_households(n_households: int, seats: int) -> list[int]:
    """The households the seats play: spread evenly along the town's list (which the town's
    setup draws at random), the same for the same town size and number of seats."""
    return [(i * n_households) // seats for i in range(seats)]


def scenario_for(ref: str, months: int | None) -> Any:
    """The scenario by name or path, its run cut to `months` (None: the scenario's own)."""
    sc = load_scenario(ref)
    if months is not None and months != sc.params.months:
        if not 1 <= months <= sc.params.months:
            raise ScenarioError(f"the scenario runs {sc.params.months} months; asked for {months}")
        sc = replace(sc, params=replace(sc.params, months=int(months)))
    return sc


def build_town(scenario: Any, seed: int, households: tuple[int, ...], profile_mode: str) -> Engine:
    """A town with the seats' households as players: in "scenario" mode each gets the
    scenario's household (the same start for everyone), in "drawn" mode its own as drawn."""
    player = getattr(scenario, "player", None) if profile_mode == "scenario" else None
    return Engine(
        scenario.params, seed=int(seed), players=households, player_profile=player_profile(player)
    )


def build_towns(header: dict, scenario: Any) -> list[Engine]:
    """Every town of a session as it stood at month 0 (same shocks switched on if asked)."""
    towns = []
    opts = header["options"]
    for k, town in enumerate(header["towns"]):
        households = tuple(s["household"] for s in header["seats"] if s["town"] == k)
        eng = build_town(scenario, town["seed"], households, opts.get("households", "scenario"))
        if opts.get("same_shocks"):
            eng.share_shocks(households, int(header["seed"]))
        towns.append(eng)
    return towns


__all__ = ["build_town", "build_towns", "scenario_for", "seat_households", "town_seed"]
