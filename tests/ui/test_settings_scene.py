"""The settings screen: every control by mouse and keyboard, applied live and saved."""

from __future__ import annotations

import json

import pygame
import pytest
from ui_helpers import buttons, click, frames, press

from game import i18n
from game.ui import theme
from game.ui.scenes.settings_scene import FIELDS, SettingsScene, _choices
from game.ui.scenes.title import TitleScene
from game.ui.settings import Settings


@pytest.fixture
def settings_app(make_app):
    app = make_app()
    click(app, buttons(app.top)["settings"])
    assert isinstance(app.top, SettingsScene)
    return app


def saved(user_dirs) -> dict:
    config, _ = user_dirs
    return json.loads((config / "settings.json").read_text(encoding="utf-8"))


def test_every_row_has_a_value_and_two_arrows(settings_app):
    names = set(buttons(settings_app.top))
    for field in FIELDS:
        assert {f"prev.{field}", f"value.{field}", f"next.{field}"} <= names
    assert {"back", "reset"} <= names
    for button in buttons(settings_app.top).values():
        assert settings_app.window.get_rect().contains(button.rect)


@pytest.mark.parametrize("field", FIELDS)
def test_each_control_changes_saves_and_cycles(settings_app, user_dirs, field):
    app = settings_app
    start = getattr(app.settings, field)
    options = _choices(app.settings)[field]
    click(app, buttons(app.top)[f"next.{field}"])
    after_next = getattr(app.settings, field)
    assert after_next == options[(options.index(start) + 1) % len(options)]
    stored = saved(user_dirs)[field]
    assert (tuple(stored) if field == "window_size" else stored) == after_next
    click(app, buttons(app.top)[f"prev.{field}"])
    assert getattr(app.settings, field) == start
    click(app, buttons(app.top)[f"value.{field}"])  # clicking the value steps forward
    assert getattr(app.settings, field) == after_next
    assert app.top.focus.focused.name == f"value.{field}"


def test_keyboard_left_right_change_the_focused_row(settings_app):
    app = settings_app
    ring = app.top.focus
    assert ring.focused.name == "value.window_size"
    press(app, pygame.K_DOWN)
    press(app, pygame.K_DOWN)
    assert ring.focused.name == "value.ui_scale"
    press(app, pygame.K_RIGHT)
    assert app.settings.ui_scale == 1.25
    press(app, pygame.K_LEFT)
    press(app, pygame.K_LEFT)
    assert app.settings.ui_scale == 0.75
    assert app.scale == 0.75
    assert app.top.focus.focused.name == "value.ui_scale"  # kept across the rebuild
    press(app, pygame.K_RETURN)
    assert app.settings.ui_scale == 1.0


def test_window_size_applies_to_the_window(settings_app):
    click(settings_app, buttons(settings_app.top)["next.window_size"])
    assert settings_app.window.get_size() == (1366, 768)
    assert settings_app.manager.window_resolution == (1366, 768)


def test_fullscreen_toggles(settings_app):
    click(settings_app, buttons(settings_app.top)["value.fullscreen"])
    assert settings_app.settings.fullscreen
    assert settings_app.window.get_flags() & pygame.FULLSCREEN
    click(settings_app, buttons(settings_app.top)["value.fullscreen"])
    assert not settings_app.window.get_flags() & pygame.FULLSCREEN


def test_palette_changes_the_drawing_colours(settings_app):
    before = theme.colour("bg")
    click(settings_app, buttons(settings_app.top)["value.palette"])
    assert settings_app.settings.palette == "colour_blind"
    click(settings_app, buttons(settings_app.top)["value.palette"])
    assert theme.colour("bg") != before  # high contrast: black
    assert max(settings_app.window.get_at((5, 5))[:3]) < 16  # near black


def test_language_switches_every_label(settings_app):
    click(settings_app, buttons(settings_app.top)["value.language"])
    assert i18n.get_language() == "zh"
    assert buttons(settings_app.top)["back"].text == "返回"
    assert buttons(settings_app.top)["value.language"].text == "中文"
    press(settings_app, pygame.K_ESCAPE)
    assert buttons(settings_app.top)["new_game"].text == "新游戏"


def test_sound_switch_reaches_the_audio(settings_app):
    click(settings_app, buttons(settings_app.top)["value.sound"])
    assert settings_app.audio.enabled is False


def test_reset_and_back(settings_app, user_dirs):
    app = settings_app
    click(app, buttons(app.top)["value.palette"])
    click(app, buttons(app.top)["reset"])
    assert app.settings == Settings()
    assert saved(user_dirs)["palette"] == "normal"
    click(app, buttons(app.top)["back"])
    assert isinstance(app.top, TitleScene)


def test_r_resets_and_escape_goes_back(settings_app):
    click(settings_app, buttons(settings_app.top)["value.sound"])
    press(settings_app, pygame.K_r)
    assert settings_app.settings.sound is True
    press(settings_app, pygame.K_ESCAPE)
    assert isinstance(settings_app.top, TitleScene)


def test_save_failure_is_shown(settings_app, monkeypatch):
    monkeypatch.setattr("game.ui.app.save_settings", lambda s: False)
    click(settings_app, buttons(settings_app.top)["value.sound"])
    labels = [e.text for e in settings_app.top._elements if hasattr(e, "text")]
    assert any("Could not save" in text for text in labels)
    assert settings_app.settings.sound is False  # applied anyway


def test_custom_window_size_is_one_of_the_choices(make_app):
    app = make_app(Settings(window_size=(1000, 600)))
    click(app, buttons(app.top)["settings"])
    assert buttons(app.top)["value.window_size"].text == "1000 × 600"
    click(app, buttons(app.top)["next.window_size"])
    assert app.settings.window_size == (1280, 720)
    frames(app, 1)
