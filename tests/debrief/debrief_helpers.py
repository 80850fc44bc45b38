"""Input helpers: the events a person makes (a click at a button's centre, a key press)."""

from __future__ import annotations

import sys
from pathlib import Path

import pygame_gui

from game.debrief import scripted

# The person's input events (click, key, frames) are the UI tests' own helpers, shared.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from ui_helpers import click, frames, press  # noqa: E402,F401


def buttons(scene) -> dict[str, pygame_gui.elements.UIButton]:
    """The scene's buttons by name; where a name is on a step kept built but hidden and on
    the one showing (Previous, Next), the one a person sees."""
    found = [
        e
        for e in scene._elements
        if isinstance(e, pygame_gui.elements.UIButton) and scene.name_of(e)
    ]
    return {scene.name_of(e): e for e in sorted(found, key=lambda e: bool(e.visible))}


# A guard against a child process that hangs, not a timing: the debrief's comparisons take
# 0.3-4 s of wall time on a 2-core machine at load 2-3, and they are CPU work in a spawned
# child, so their wall time grows with the load. A 30 s bound failed when six test suites
# shared two cores; the tests wait for the runs' end (the reader thread's), however long.
GUARD_S = 600


def runs_finished(scene) -> None:
    """Wait until the debrief's comparisons have ended (all in, or stopped), then say so."""
    assert scene.job is not None
    assert scene.job.wait(GUARD_S), f"the comparisons did not end in {GUARD_S} s: a hung child?"


def exported(scene) -> None:
    """Wait until the report's export has ended (written, or failed with a message)."""
    thread = scene.exporter.thread
    assert thread is not None
    thread.join(GUARD_S)
    assert not thread.is_alive(), f"the export did not end in {GUARD_S} s"


_RUNS: dict[tuple, object] = {}


def finished(scenario: str = "steel_town_2016", seed: int = 3, months: int | None = None):
    """A run played to its end by the scripted player (shared: nothing in the debrief changes it)."""
    key = (scenario, seed, months)
    if key not in _RUNS:
        _RUNS[key] = scripted.play(scenario, seed=seed, months=months)
    return _RUNS[key]


def job_search_run(first_month=None, start=None):
    """A whole steel-town run (seed 3, no scripted events) of a household that only looked for a
    job: `start(session)` sets it up before anything happens, `first_month(session)` acts
    in its first month after the path's own choices."""
    from game.players import PathPlayer, Seat
    from game.session import GameSession

    s = GameSession.new("steel_town_2016", seed=3, autosave=False)
    if start is not None:
        start(s)
    s.pending_events.clear()
    p = PathPlayer("job_search", trade=None, entry_month=0)
    while not s.over:
        p.act(Seat.of(s))
        if s.month == 0 and first_month is not None:
            first_month(s)
        s.end_month()
        for ev in list(s.pending_events):
            s.choose(ev, p.choose(Seat.of(s), ev))
    return s
