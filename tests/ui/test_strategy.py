"""The plan in one line before the first month: what is typed is kept in the run (and its
save), Enter in a written line goes on to the path choice as the footer says (the name is a Tab
away), Esc lets go of a field before it goes back, and going on without a plan is allowed."""

from __future__ import annotations

import pygame
import pytest
from ui_helpers import click, element, frames, press

from game import saves
from game.debrief import reflection
from game.i18n import t
from game.session import GameSession
from game.ui.scenes.path import PathScene
from game.ui.scenes.strategy import StrategyScene
from game.ui.settings import Settings


@pytest.fixture
def session():
    s = GameSession.new("steel_town_2016", seed=5)
    s.autosave_enabled = True
    return s


def open_strategy(app, session) -> StrategyScene:
    scene = app.open("strategy", session=session)
    frames(app, 3)
    assert isinstance(app.top, StrategyScene)
    return scene


def type_text(app, text: str) -> None:
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": text}))
    frames(app, 2)


def type_key(app, key: int, text: str) -> None:
    """A key as a keyboard sends it: the key, then the character it types."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": key, "mod": 0, "unicode": text}))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": text}))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, {"key": key, "mod": 0, "unicode": text}))
    frames(app, 2)


def test_the_plan_field_has_the_keyboard_and_keeps_what_is_typed(app, session):
    scene = open_strategy(app, session)
    assert app.typing()  # the student can start writing at once
    type_text(app, "Retrain, then look for a job in the county seat.")
    press(app, pygame.K_TAB)  # the name is the next line, ready for typing
    assert app.typing() and scene.focus.focused.name == "name"
    type_text(app, "Zhou Min")
    r = reflection.data(session)
    assert r["strategy"] == "Retrain, then look for a job in the county seat."
    assert r["name"] == "Zhou Min"
    assert scene.help_lines() == [t("strategy.help_typing")]
    press(app, pygame.K_RETURN)  # Enter in the name goes on too
    assert isinstance(app.top, PathScene)
    assert GameSession.load(saves.autosave_path()).reflection["strategy"] == r["strategy"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_enter_after_the_plan_chooses_a_path_as_the_footer_says(make_app, session, lang):
    """The footer promises "then choose a path (Enter)": the next key, a path's digit, picks
    the path and is not typed as the student's name."""
    app = make_app(Settings(language=lang))
    scene = open_strategy(app, session)
    assert scene.help_lines() == [t("strategy.help_empty")]
    type_text(app, "Open a stall with the loan.")
    assert scene.help_lines() == [t("strategy.help_typing")]
    press(app, pygame.K_RETURN)
    assert isinstance(app.top, PathScene) and not app.typing()
    type_key(app, pygame.K_4, "4")
    assert reflection.data(session)["name"] == ""
    assert reflection.data(session)["strategy"] == "Open a stall with the loan."


def test_enter_in_an_empty_plan_does_not_skip_it(app, session):
    scene = open_strategy(app, session)
    press(app, pygame.K_RETURN)  # out of habit: the plan is let go of, the screen stays
    assert app.top is scene and not app.typing() and scene.focus.focused.name == "next"


def test_keys_type_into_the_field_and_esc_lets_go_before_going_back(app, session):
    scene = open_strategy(app, session)
    press(app, pygame.K_ESCAPE)
    assert app.top is scene and not app.typing()
    click(app, element(scene, "strategy"))
    assert app.typing()
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)
    assert app.top is not scene


def test_after_esc_leaves_the_plan_enter_goes_on_instead_of_typing_again(app, session):
    scene = open_strategy(app, session)
    type_text(app, "Open a stall with the loan.")
    press(app, pygame.K_ESCAPE)  # stop typing: the ring goes to the main button
    assert not app.typing() and scene.focus.focused.name == "next"
    press(app, pygame.K_RETURN)  # the screen's Enter: on to the path, the plan kept
    assert isinstance(app.top, PathScene)
    assert reflection.data(session)["strategy"] == "Open a stall with the loan."


def test_going_on_without_a_plan_is_allowed_and_the_report_will_say_so(app, session):
    scene = open_strategy(app, session)
    assert "plan" in " ".join(scene.help_lines()).lower()
    press(app, pygame.K_ESCAPE)
    click(app, element(scene, "next"))
    assert isinstance(app.top, PathScene)
    assert reflection.data(session)["strategy"] == ""


@pytest.mark.parametrize(
    ("size", "ui_scale", "lang"),
    [((960, 540), 1.0, "en"), ((1280, 720), 1.5, "en"), ((1280, 720), 1.5, "zh")],
)
def test_the_screen_fits(make_app, session, size, ui_scale, lang):
    app = make_app(Settings(window_size=size, ui_scale=ui_scale, language=lang))
    scene = open_strategy(app, session)
    safe = scene.safe_rect
    for el in scene._elements:
        assert safe.contains(el.rect), (scene.name_of(el), el.rect, safe)
    assert not app._errors
