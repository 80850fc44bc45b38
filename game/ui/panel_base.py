"""Panels: the parts a screen is composed of (arcade's Section, pygame_gui's composite
elements). A panel owns a rect the screen gives it, the buttons it shows (each a `ButtonSpec`
that carries what pressing it does: the command, the dialog that asks first, or the screen it
opens), its picture and the tooltips of what it draws. The screen lays its panels out, makes
and reuses the pygame_gui buttons from their specs, and routes events to them.

A panel reads the town only through views (`game.core.views`, via the session): never an
engine's state arrays nor a rule (tests/test_imports.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pygame

Hit = tuple[pygame.Rect, list[str]]  # an area under the mouse and the tooltip it shows


@dataclass(frozen=True)
class Confirm:
    """Asked before a button's command is submitted (Cancel has the focus)."""

    title: str
    body: str
    yes: str


@dataclass(frozen=True)
class AskAmount:
    """A typed amount before the command: `command(amount)` is what is submitted."""

    title: str
    body: str
    low: float
    high: float
    value: float
    ok: str
    command: Callable[[float], Any]
    quick: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class ButtonSpec:
    """One button as its panel decides it now, and what pressing it does.

    At most one of `command` (submitted, after `confirm` when given; then `then` runs if it
    was accepted), `ask` (an amount, then its command), `route` (a screen opened with the
    scene's session) or `action` (anything else) says what a press does. `command` is also the
    command whose reasons greyed the button out: the one checked is the one submitted."""

    name: str
    rect: pygame.Rect
    text: str
    tip: str
    cls: str | None = None
    shortcut: int | None = None
    enabled: bool = True
    on_adjust: Callable[[int], None] | None = None
    show_key: bool = True
    command: Any = None
    confirm: Confirm | None = None
    then: Callable[[], None] | None = None
    ask: AskAmount | None = None
    route: str | None = None
    action: Callable[[], None] | None = None

    def key(self) -> tuple:
        """What the pygame_gui button is made of (its theme): a change needs a new one."""
        return (self.name, self.cls, self.shortcut, self.show_key)


class Panel:
    """A part of a screen. Subclasses override what they need:

    place(rect)        the screen gives the panel its rect (after a resize too)
    buttons()          the panel's buttons now, as specs (in keyboard focus order)
    sync(animate)      take the session's new numbers (after a decision or a month)
    paint(layer)       the panel's still picture, repainted when something changed
    draw(surface)      every frame, over that picture (numbers that count, the log)
    update(dt)         every frame, before drawing
    handle_event(ev)   an event the screen routes to it; True when used
    hits               (rect, tooltip lines) of what it drew, for the mouse
    """

    def __init__(self, scene: Any) -> None:
        self.scene = scene
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.hits: list[Hit] = []

    @property
    def session(self) -> Any:
        return self.scene.session

    def px(self, value: float) -> int:
        return self.scene.px(value)

    def place(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)

    def buttons(self) -> list[ButtonSpec]:
        return []

    def sync(self, animate: bool) -> None:
        pass

    def paint(self, layer: pygame.Surface) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass

    def update(self, dt: float) -> None:
        pass

    def handle_event(self, event: pygame.event.Event) -> bool:
        return False

    def tooltip_at(self, pos: tuple[int, int]) -> Hit | None:
        for rect, lines in self.hits:
            if rect.collidepoint(pos):
                return rect, lines
        return None


__all__ = ["AskAmount", "ButtonSpec", "Confirm", "Hit", "Panel"]
