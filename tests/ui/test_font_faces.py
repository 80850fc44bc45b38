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


# ---- the English screens' Chinese: a subset of Noto Sans SC --------------------------------------
def test_the_subset_has_every_chinese_character_of_the_english_game():
    """Adding Chinese to the code or en.json without rebuilding the subset would draw it with
    the whole font again (~1 MB a face): `python -m game.ui.font_subset` rebuilds it."""
    from game.ui import font_subset

    missing = font_subset.english_cjk_chars() - fonts._subset_chars()
    assert not missing, f"run python -m game.ui.font_subset: {''.join(sorted(missing))}"
    for bold in (False, True):
        assert not fonts.missing_glyphs("铁饭碗红星钢铁厂", "sc_en", bold=bold)


def test_the_subset_draws_what_the_whole_font_drew():
    from game.ui import font_subset

    pygame.font.init()
    chars = sorted(font_subset.english_cjk_chars())
    texts = [
        "铁饭碗",
        "红星钢铁厂",
        "铁饭碗 (tiě fàn wǎn)",
        "".join(chars[:40]),
        "".join(chars[40:]),
    ]
    for bold in (False, True):
        for size in (13, 17, 24, 34, 54):
            whole = pygame.font.Font(str(fonts.font_path("sc", bold=bold)), size)
            part = pygame.font.Font(str(fonts.font_path("sc_en", bold=bold)), size)
            assert part.get_linesize() == whole.get_linesize()
            for text in texts:
                drawn = _pixels(part.render(text, True, (200, 180, 150)))
                assert drawn == _pixels(whole.render(text, True, (200, 180, 150))), (size, text)


def test_chinese_the_subset_lacks_and_chinese_screens_use_the_whole_font():
    from game import i18n

    pygame.font.init()
    fonts.clear_cache()
    i18n.set_language("en")
    rare = next(chr(c) for c in range(0x4E00, 0x9FFF) if chr(c) not in fonts._subset_chars())
    assert fonts.for_text("铁饭碗", 34, True) is fonts.get(34, True, "sc_en")
    assert fonts.for_text("铁饭碗" + rare, 34, True) is fonts.get(34, True, "sc")
    whole = fonts.for_text(rare, 20)
    assert whole.render(rare, True, (0, 0, 0)).get_bounding_rect().w > 5  # drawn, not a box
    assert not fonts.missing_glyphs(rare, "sc")
    i18n.set_language("zh")
    try:
        assert fonts.for_text("铁饭碗", 34, True) is fonts.get(34, True, "sc")
    finally:
        i18n.set_language("en")
