"""The next screen, built ahead in the idle frames of the one before (issue 17).

A screen's build makes its pygame_gui elements (0.5-2 ms a button) and paints its pictures:
10-30 ms for a screen of cards and buttons, in the frame that shows it. When the screen that
comes next is known (the business screen once the loan is granted, the picker behind the
title's menu, the debrief behind the ending), the current screen asks for it in an idle frame:

    self.app.prepare("business", session=self.session)

The app builds it then, in a second pygame_gui manager that is neither drawn nor updated, so
nothing of it shows. When `app.open` is later asked for the same route with the same
arguments (the same objects), and the screen reads the run as it was (`Scene.ahead_mark`),
the prepared screen is shown at once: the app's manager becomes the prepared one (every element
of the screens below is gone by then: a full screen tears them down), and the old manager,
emptied, waits for the next preparation. Anything else (another route, other arguments, a run
that moved on, a resize, another language or look) drops it and the screen is built as always.

Only full screens (not modal) that say what they read (`ahead_mark` not None) are prepared.
At most one screen is held, so a few megabytes at most.

Parts of a screen, not a whole one, are painted ahead too, where the screen's own build needs
the run's next moment or its own manager (the briefing's first street, painted by the picker;
the business screen's cards and street, painted a few a frame by the loan office). They are
held by the app too (`app.ahead_parts`, `Parts`): one part per kind, kept with the key it was
painted for and handed over only for the same key; dropped with the look (a resize, another
language or colours) and when the player goes home.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pygame_gui

from game.ui.scene import Scene


@dataclass
class Prepared:
    route: str
    kwargs: dict[str, Any]
    look: tuple  # the app's scale, palette, language and window size when it was built
    scene: Scene
    mark: tuple = ()
    manager: pygame_gui.UIManager | None = field(default=None, repr=False)
    pieces: Any = field(default=None, repr=False)  # the build's pieces left (Scene.build_pieces)

    def fits(self, route: str, kwargs: dict[str, Any], look: tuple) -> bool:
        """The screen asked for now is this one, and what it shows has not changed."""
        return self.is_for(route, kwargs, look) and self.scene.ahead_mark() == self.mark

    def is_for(self, route: str, kwargs: dict[str, Any], look: tuple) -> bool:
        """Built (or being built) for this route, these arguments and this look. (What it
        reads is marked once it is built: the screen the player is on opens anything else.)"""
        return (
            same_screen(route, self.route)
            and look == self.look
            and kwargs.keys() == self.kwargs.keys()
            and all(kwargs[k] is self.kwargs[k] or kwargs[k] == self.kwargs[k] for k in kwargs)
        )

    def drop(self) -> None:
        self.scene._teardown()
        self.scene.forget_pictures()


def run_moment(session) -> tuple:
    """A run at this moment (its town, month, commands and decisions): a screen of the run
    built ahead shows what a screen built now would, while this is the same."""
    eng = session.engine
    return (id(eng), eng.month, len(eng.command_log), len(session.decisions))


def same_screen(route: str, other: str) -> bool:
    """Two routes to one screen class ("new_game" and "scenarios": the picker)."""
    from game.ui import scenes  # noqa: PLC0415

    return route == other or scenes.SCENES.get(route, route) == scenes.SCENES.get(other, other)


def preparable(target: Any) -> bool:
    return isinstance(target, type) and issubclass(target, Scene) and not target.modal


class Parts:
    """Pieces of the next screen painted ahead: one per kind ("briefing_street",
    "business"), each with the key it was painted for."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[Any, Any]] = {}

    def keep(self, kind: str, key: Any, part: Any) -> Any:
        self._held[kind] = (key, part)
        return part

    def peek(self, kind: str, key: Any) -> Any | None:
        """The part of `kind` painted for `key` (kept: work on it goes on), or None."""
        held = self._held.get(kind)
        return held[1] if held is not None and held[0] == key else None

    def held(self, kind: str) -> Any | None:
        """The part of `kind` held now, whatever it was painted for."""
        held = self._held.get(kind)
        return held[1] if held is not None else None

    def take(self, kind: str, key: Any) -> Any | None:
        """The part of `kind` if it was painted for `key`; either way it is let go (a part is
        handed over once: the screen that takes it owns it from then)."""
        held = self._held.pop(kind, None)
        return held[1] if held is not None and held[0] == key else None

    def drop(self, kind: str | None = None) -> None:
        if kind is None:
            self._held.clear()
        else:
            self._held.pop(kind, None)

    def __contains__(self, kind: str) -> bool:
        return kind in self._held
