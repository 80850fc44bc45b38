"""Every screen of the UI foundation at the sizes, scales, languages and palettes a class meets:
it opens, runs frames with no warning (pygame_gui warns when text does not fit its box), keeps
everything inside the window, never puts text on text, and uses no missing translation."""

from __future__ import annotations

import itertools

import pygame_gui
import pytest
from ui_helpers import frames

from game import i18n
from game.ui.scenes.credits import CreditsScene
from game.ui.scenes.dialog import DialogScene
from game.ui.scenes.settings_scene import SettingsScene
from game.ui.settings import Settings

CASES = [
    ((1280, 720), 1.0, "en", "normal"),
    ((1920, 1080), 1.0, "en", "colour_blind"),
    ((1280, 720), 1.0, "zh", "normal"),
    ((1920, 1080), 1.0, "zh", "high_contrast"),
    ((960, 540), 1.0, "en", "normal"),
    ((1280, 720), 2.0, "en", "high_contrast"),  # capped scale: the tightest layout
    ((1280, 720), 0.75, "zh", "normal"),
    ((1366, 768), 1.25, "en", "normal"),
]
TEXT_ELEMENTS = (
    pygame_gui.elements.UIButton,
    pygame_gui.elements.UILabel,
    pygame_gui.elements.UITextBox,
)


def open_each(app):
    yield app.top
    for make in (lambda: SettingsScene(app), lambda: CreditsScene(app)):
        app.push(make())
        frames(app, 2)
        yield app.top
        app.pop()
    app.push(
        DialogScene.confirm(
            app,
            i18n.t("title.quit_confirm.title"),
            i18n.t("title.quit_confirm.body"),
            on_yes=lambda: None,
        )
    )
    frames(app, 2)
    yield app.top


@pytest.mark.parametrize(("size", "ui_scale", "lang", "palette"), CASES)
def test_screens_fit_and_read(make_app, size, ui_scale, lang, palette):
    app = make_app(Settings(window_size=size, ui_scale=ui_scale, language=lang, palette=palette))
    before = set(i18n._missing_logged)
    window = app.window.get_rect()
    for scene in open_each(app):
        frames(app, 3)
        rects = []
        for element in scene._elements:
            if not isinstance(element, TEXT_ELEMENTS) or not element.visible:
                continue
            assert window.contains(element.rect), (type(scene).__name__, element.rect)
            if element.rect.w > 1 and not (
                isinstance(element, pygame_gui.elements.UILabel) and not element.text
            ):
                rects.append((element, element.rect))
        for (a, ra), (b, rb) in itertools.combinations(rects, 2):
            assert not ra.colliderect(rb), (
                f"{type(scene).__name__}: {a.text if hasattr(a, 'text') else a} overlaps {getattr(b, 'text', b)}"
            )
    assert set(i18n._missing_logged) == before, "missing translations used"
