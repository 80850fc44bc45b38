"""Input helpers: the events a person makes (a click at a button's centre, a key press)."""

from __future__ import annotations

import pygame
import pygame_gui

from game.debrief import scripted


def frames(app, n: int = 3) -> None:
    for _ in range(n):
        app.step(1 / 60)


def click(app, element, n_frames: int = 2) -> None:
    assert element.alive(), "clicking a dead element"
    pos = element.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, {"pos": pos, "rel": (0, 0), "buttons": (0, 0, 0)}))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, {"pos": pos, "button": 1}))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, {"pos": pos, "button": 1}))
    frames(app, n_frames)


def press(app, key: int, n_frames: int = 2, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": key, "mod": mod, "unicode": "", "scancode": 0}))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, {"key": key, "mod": mod, "unicode": "", "scancode": 0}))
    frames(app, n_frames)


def buttons(scene) -> dict[str, pygame_gui.elements.UIButton]:
    return {scene.name_of(e): e for e in scene._elements
            if isinstance(e, pygame_gui.elements.UIButton) and scene.name_of(e)}


_RUNS: dict[tuple, object] = {}


def finished(scenario: str = "steel_town_2016", seed: int = 3, months: int | None = None):
    """A run played to its end by the scripted player (shared: nothing in the debrief changes it)."""
    key = (scenario, seed, months)
    if key not in _RUNS:
        _RUNS[key] = scripted.play(scenario, seed=seed, months=months)
    return _RUNS[key]
