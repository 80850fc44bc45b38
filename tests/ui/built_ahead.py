"""What the tests of screens built ahead (issue 17) share: which frame made which buttons,
stepping until a screen is uncovered, and the check that a screen shown is the screen built
afresh in its own frame (the same buttons, words and pictures). test_answer_closes,
test_month_loop_ahead and test_loan_office_answers each wrote these again."""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui
from ui_helpers import buttons, frames


def layer_bytes(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGB")


def focus_items(scene) -> list[tuple]:
    """The screen's buttons in keyboard order: name, place, words, enabled."""
    return [
        (item.name, tuple(item.element.rect), item.element.text, item.element.is_enabled)
        for item in scene.focus.items
    ]


def month_looks(month, street: bool = False) -> tuple:
    """The month screen as shown: its buttons in keyboard order and its picture (and the
    street's, with `street`)."""
    looks = (focus_items(month), layer_bytes(month._layer))
    return (*looks, layer_bytes(month.street.view._layer)) if street else looks


def still_looks(scene) -> tuple:
    """A screen drawn once (briefing, picker, business): its buttons' names, its picture."""
    return sorted(buttons(scene)), layer_bytes(scene.static)


def made_by_frame(app, monkeypatch) -> list[int]:
    """From now on, the app's frame of every pygame_gui button made."""
    made: list[int] = []
    real = pygame_gui.elements.UIButton.__init__

    def counting(self, *args, **kwargs):
        made.append(app.frames)
        real(self, *args, **kwargs)

    monkeypatch.setattr(pygame_gui.elements.UIButton, "__init__", counting)
    return made


def work_by_frame(app, monkeypatch) -> dict[int, list[str]]:
    """From now on, the month's building work (buttons made or updated, numbers taken, the
    still picture, the street painted) by the app's frame it was done in."""
    from game.ui.scenes.month import MonthScene
    from game.ui.widgets.street import StreetView

    work: dict[int, list[str]] = {}

    def noting(what, real):
        def wrapper(*args, **kwargs):
            work.setdefault(app.frames, []).append(what)
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        pygame_gui.elements.UIButton,
        "__init__",
        noting("button made", pygame_gui.elements.UIButton.__init__),
    )
    monkeypatch.setattr(
        MonthScene, "_update_button", staticmethod(noting("button", MonthScene._update_button))
    )
    monkeypatch.setattr(MonthScene, "_sync", noting("numbers", MonthScene._sync))
    monkeypatch.setattr(
        MonthScene, "_paint_layer_pieces", noting("picture", MonthScene._paint_layer_pieces)
    )
    monkeypatch.setattr(StreetView, "_rebuild", noting("street", StreetView._rebuild))
    return work


def whole_builds(app, monkeypatch) -> list[int]:
    """From now on, the frames that built the month screen whole (MonthScene.build); the
    months built a piece a frame make none. Its wait is as long as this machine needs."""
    from game.ui import scene as scene_mod
    from game.ui.scenes.month import MonthScene

    monkeypatch.setattr(scene_mod, "OPEN_WAIT_FRAMES", 400)  # (as many frames as it takes here)
    whole: list[int] = []
    real_build = MonthScene.build

    def noting_whole(self):
        whole.append(app.frames)
        real_build(self)

    monkeypatch.setattr(MonthScene, "build", noting_whole)
    return whole


def frame_uncovering(app, below, at_most: int) -> int:
    """Frames one at a time until `below` is no longer on top; the frame (app.frames before
    it) that showed what is on top now."""
    for _ in range(at_most):
        before = app.frames
        frames(app, 1)
        if app.top is not below:
            return before
    raise AssertionError(f"{type(below).__name__} still on top after {at_most} frames")


def as_built_afresh(app, monkeypatch, shown, looks: Callable, rebuild: Callable) -> None:
    """`shown` looks (by `looks`) as the same screen built again in its own frame: the test's
    counting undone, `rebuild()` puts a new one on top, two frames."""
    before = looks(shown)
    monkeypatch.undo()
    fresh = rebuild()
    frames(app, 2)
    assert fresh is not shown
    assert looks(fresh) == before  # the same buttons, words, keyboard order and pictures
