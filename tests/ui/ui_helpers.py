"""Input helpers for UI tests: the events a person makes (clicks at a button's centre, keys)."""

from __future__ import annotations

import pygame
import pygame_gui


def frames(app, n: int = 3, dt: float = 1 / 60) -> None:
    for _ in range(n):
        app.step(dt)


def click(app, element, n_frames: int = 2) -> None:
    """A left click at the element's centre, as SDL would deliver it."""
    assert element.alive(), "clicking a dead element"
    pos = element.rect.center
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, {"pos": pos, "rel": (0, 0), "buttons": (0, 0, 0)})
    )
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, {"pos": pos, "button": 1}))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, {"pos": pos, "button": 1}))
    after_input(app, n_frames)


def press(app, key: int, mod: int = 0, n_frames: int = 2) -> None:
    pygame.event.post(
        pygame.event.Event(pygame.KEYDOWN, {"key": key, "mod": mod, "unicode": "", "scancode": 0})
    )
    pygame.event.post(
        pygame.event.Event(pygame.KEYUP, {"key": key, "mod": mod, "unicode": "", "scancode": 0})
    )
    after_input(app, n_frames)


def after_input(app, n_frames: int) -> None:
    """`n_frames` frames, not counting those in which the input is still carried out
    (until_settled): a dialog it answered waiting to close, the picker it opens being built."""
    for _ in range(n_frames):
        frames(app, 1)
        until_settled(app)


def until_settled(app, frames_at_most: int = 120) -> None:
    """A dialog answered stays up a few frames while the screen below catches up
    (Scene.close_when_below_ready), the title stays while the picker is built: the frames
    until that is done, as a person would wait (~0.1-0.2 s)."""
    for _ in range(frames_at_most):
        if app.top is None or not app.top.settling:
            return
        frames(app, 1)
    raise AssertionError(f"{type(app.top).__name__} took an input but never carried it out")


def element(scene, name: str):
    """The live element of `scene` registered under `name`."""
    for item in scene._elements:
        if scene.name_of(item) == name:
            return item
    raise KeyError(f"{type(scene).__name__} has no element {name!r}")


def buttons(scene) -> dict[str, pygame_gui.elements.UIButton]:
    return {
        scene.name_of(e): e
        for e in scene._elements
        if isinstance(e, pygame_gui.elements.UIButton) and scene.name_of(e)
    }


def buttons_made(monkeypatch) -> list:
    """From now on, every pygame_gui button made (a frame that only shows a screen built
    ahead makes none)."""
    made: list = []
    original = pygame_gui.elements.UIButton.__init__

    def counting(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(pygame_gui.elements.UIButton, "__init__", counting)
    return made


def idle_until(app, ready, frames_at_most: int = 80) -> None:
    """Step idle frames until `ready()` (a screen built ahead, say); fail after a few."""
    for _ in range(frames_at_most):
        frames(app, 1)
        if ready():
            return
    raise AssertionError("not built ahead")
