"""A new session's header: the settings checked, the towns' seeds, every seat's household,
name, strategy and scripted stand-in (the first line of the session file; the session, its
replay and its report all start from it)."""

from __future__ import annotations

from typing import Any

from game import i18n
from game.workshop import levers, sessionfile
from game.workshop.seats import (
    NAME_MAX,
    SCRIPT_MIX,
    STRATEGY_MAX,
    SeatSpec,
    clean_text,
    script_plan,
    valid_script,
)
from game.workshop.towns import scenario_for, seat_households, town_seed

MAX_TOWNS = 8
MAX_SEATS_PER_TOWN = 40
MAX_TIMER_SECONDS = 3600


def new_header(
    scenario: str,
    towns: int,
    seats: int,
    seed: int,
    *,
    names: list[str] | None,
    strategies: list[str] | None,
    occupied: list[bool] | bool,
    scripts: list[str] | None,
    months: int | None,
    same_shocks: bool,
    timer_seconds: int,
    households: str,
    plan: list[tuple[int, str]] | None,
) -> tuple[dict, Any]:
    """The header and the loaded scenario. Raises ScenarioError or ValueError (a message)."""
    if not 1 <= towns <= MAX_TOWNS:
        raise ValueError(f"towns must be from 1 to {MAX_TOWNS} (got {towns})")
    if not 1 <= seats <= MAX_SEATS_PER_TOWN:
        raise ValueError(f"seats must be from 1 to {MAX_SEATS_PER_TOWN} a town (got {seats})")
    if households not in ("scenario", "drawn"):
        raise ValueError("households must be 'scenario' or 'drawn'")
    if not 0 <= timer_seconds <= MAX_TIMER_SECONDS:
        raise ValueError(f"the timer must be from 0 to {MAX_TIMER_SECONDS} seconds")
    sc = scenario_for(scenario, months)
    n = int(sc.params.town.households)
    if seats > n:
        raise ValueError(f"the town has {n} households; asked for {seats} seats")
    for m, what in plan or []:
        if what not in levers.LEVERS + levers.TOWN_EVENTS:
            raise ValueError(f"unknown change {what!r}")
        if not 0 <= m < sc.params.months - 1:
            raise ValueError(
                f"a change made in month {m + 1} would take effect after the last month "
                f"({sc.params.months})"
            )
    total = towns * seats
    occ = occupied if isinstance(occupied, list) else [bool(occupied)] * total
    town_list = [{"seed": town_seed(seed, k)} for k in range(towns)]
    spec_list = []
    for k in range(towns):
        for j, h in enumerate(seat_households(n, seats)):
            i = k * seats + j
            script = (scripts[i] if scripts and i < len(scripts) else "") or SCRIPT_MIX[
                i % len(SCRIPT_MIX)
            ]
            if not valid_script(script):
                raise ValueError(f"seat {i + 1}: unknown scripted strategy {script!r}")
            name = clean_text(names[i] if names and i < len(names) else "", NAME_MAX)
            words = clean_text(
                strategies[i] if strategies and i < len(strategies) else "", STRATEGY_MAX
            )
            if not words and not (occ[i] if i < len(occ) else False):
                words = script_plan(script, sc)  # a scripted seat's plan, in words
            spec_list.append(
                SeatSpec(
                    k, h, name or i18n.t("workshop.seat_name", n=i + 1), words, script,
                    bool(occ[i] if i < len(occ) else False),
                ).to_dict()
            )  # fmt: skip
    header = {
        "session": sessionfile.MAGIC,
        "format": sessionfile.FORMAT,
        "scenario": str(scenario),
        "seed": int(seed),
        "months": int(sc.params.months),
        "towns": town_list,
        "seats": spec_list,
        "options": {
            "same_shocks": bool(same_shocks),
            "timer_seconds": int(timer_seconds),
            "households": households,
            # a preview's changes planned ahead: (month, lever or event), kept to resume
            "plan": [[int(m), str(w)] for m, w in plan or []],
        },
    }
    return header, sc


__all__ = ["MAX_SEATS_PER_TOWN", "MAX_TIMER_SECONDS", "MAX_TOWNS", "new_header"]
