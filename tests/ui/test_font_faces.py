"""One font face per file and size (issue 17: each face holds ~0.5-1 MB of tables): pygame_gui
and the game's widgets draw with the same face, each in its own script, and every string draws
exactly as it did with two separate faces."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pygame
import pytest

from game.ui import fonts

ROOT = Path(__file__).resolve().parents[2]


def _strings(lang: str, count: int) -> list[str]:
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value.replace("\n", " ")[:160])
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads((ROOT / "assets" / "i18n" / f"{lang}.json").read_text(encoding="utf-8")))
    return random.Random(17).sample(found, count)


def _pixels(surface: pygame.Surface) -> tuple:
    return surface.get_size(), pygame.image.tobytes(surface, "RGBA")


@pytest.mark.parametrize(("family", "lang", "bold"), [("sans", "en", False), ("sc", "zh", True)])
def test_one_face_draws_what_two_faces_drew(family, lang, bold):
    pygame.font.init()
    path = str(fonts.font_path(family, bold=bold))
    texts = _strings(lang, 80)
    for size in (16, 30):
        # before: the widgets' face, and pygame_gui's own (its size set again, its script)
        alone = pygame.font.Font(path, size)
        alone_gui = pygame.font.Font(path, size)
        alone_gui.set_point_size(size)
        alone_gui.set_script("Latn")
        fonts.clear_cache()
        widgets_face = fonts.get(size, bold, family)
        gui_face = fonts.gui_font(path, size)
        gui_face.set_point_size(size)
        gui_face.set_script("Latn")
        scripts_differ = 0
        for text in texts:
            # pygame_gui's turn first: the face must be back in no script for the widgets
            gui = _pixels(gui_face.render(text, True, (20, 30, 40)))
            assert gui == _pixels(alone_gui.render(text, True, (20, 30, 40))), text
            assert gui_face.size(text) == alone_gui.size(text)
            mine = _pixels(widgets_face.render(text, True, (20, 30, 40)))
            assert mine == _pixels(alone.render(text, True, (20, 30, 40))), text
            assert widgets_face.size(text) == alone.size(text)
            scripts_differ += mine != gui
        if lang == "en":  # the script shapes Latin text differently: one face alone would not do
            assert scripts_differ > 0


def test_the_game_and_pygame_gui_open_each_file_once_per_size(app):
    from game.ui import theme

    font_dict = app.manager.get_theme().get_font_dictionary()
    for size in (theme.FONT_SIZES["body"], theme.FONT_SIZES["heading"]):
        for bold in (False, True):
            gui = font_dict.find_font(size, "irb_sans", bold=bold, italic=False)
            inner = gui._GUIFontPygame__internal_font  # what pygame_gui draws with
            assert inner._face is fonts.get(size, bold, "sans")
    # pygame_gui's drawing leaves the widgets' face as it was
    title = fonts.get(theme.FONT_SIZES["body"], False, "sans")
    assert title.underline is False and title.bold is False
