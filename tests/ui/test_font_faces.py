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


def _opened(path) -> list[int]:
    """Sizes at which the game has a face open on the font file at `path`."""
    own = [size for (p, size), sized in fonts._sized.items() if p == str(path) and sized.own]
    return own + [f.point_size for p, f in fonts._shared.items() if p == str(path)]


def test_an_english_text_field_opens_the_whole_chinese_font_only_for_what_the_subset_lacks(app):
    """pygame_gui's text fields (the amount, the debrief's reasons) name the whole Noto Sans SC,
    for a player typing Chinese. In English their words are drawn with its subset (the same
    pixels and metrics) and the whole font is opened only for a character the subset lacks."""
    import pygame_gui

    from game import i18n

    assert i18n.get_language() == "en"
    whole = fonts.font_path("sc")
    before = _opened(whole)  # (tests before this one drew rare Chinese)
    field = pygame_gui.elements.UITextEntryLine(pygame.Rect(10, 10, 300, 40), app.manager)
    field.set_text("1,234 yuan 铁饭碗")
    for _ in range(3):
        app.step(1 / 60)
    assert _opened(whole) == before
    inner = field.font._GUIFontPygame__internal_font
    sample = "Amount 1,234 铁饭碗"
    alone = pygame.font.Font(str(whole), inner._face.get_point_size())
    alone.set_script("Latn")
    assert inner.get_ascent() == alone.get_ascent()
    assert inner.get_descent() == alone.get_descent()
    inner.set_script("Latn")
    assert _pixels(inner.render(sample, True, (0, 0, 0))) == _pixels(
        alone.render(sample, True, (0, 0, 0))
    )
    assert inner.metrics(sample) == alone.metrics(sample)
    assert _opened(whole) == before
    rare = next(chr(c) for c in range(0x4E00, 0x9FFF) if chr(c) not in fonts._subset_chars())
    field.set_text("1,234 " + rare)
    for _ in range(3):
        app.step(1 / 60)
    assert inner._face.get_point_size() not in before
    assert inner._face.get_point_size() in _opened(whole)
    drawn = inner.render(rare, True, (0, 0, 0))
    assert _pixels(drawn) == _pixels(alone.render(rare, True, (0, 0, 0)))  # drawn, not a box


def test_the_whole_chinese_font_in_english_opens_only_for_what_its_subset_lacks(monkeypatch):
    """`fonts.get(size, bold, "sc")` in English (a Chinese line's height, a text whose
    characters are not known ahead): metrics and text the subset has come from the subset's
    face, the same numbers and pixels; the whole font's face opens for other text only."""
    from game import i18n

    pygame.font.init()
    fonts.clear_cache()
    i18n.set_language("en")
    whole_path = fonts.font_path("sc", bold=True)
    whole = pygame.font.Font(str(whole_path), 15)
    asked = fonts.get(15, True, "sc")
    assert asked.get_linesize() == whole.get_linesize()
    assert asked.get_ascent() == whole.get_ascent() and asked.get_height() == whole.get_height()
    assert asked.size("铁饭碗 iron") == whole.size("铁饭碗 iron")
    drawn = asked.render("铁饭碗 iron", True, (9, 9, 9))
    assert _pixels(drawn) == _pixels(whole.render("铁饭碗 iron", True, (9, 9, 9)))
    assert _opened(whole_path) == []
    rare = next(chr(c) for c in range(0x4E00, 0x9FFF) if chr(c) not in fonts._subset_chars())
    assert _pixels(asked.render(rare, True, (9, 9, 9))) == _pixels(
        whole.render(rare, True, (9, 9, 9))
    )
    assert _opened(whole_path) == [15]
    i18n.set_language("zh")  # Chinese screens: the whole font, always
    try:
        fonts.clear_cache()
        assert fonts.get(15, True, "sc").get_linesize() == whole.get_linesize()
        assert _opened(whole_path) == [15]
    finally:
        i18n.set_language("en")
    monkeypatch.setattr(fonts, "_subset_chars", lambda: frozenset())  # no subset installed
    fonts._sized.clear()
    fonts._stand_ins.cache_clear()
    try:
        assert fonts.get(16, True, "sc").stand_in() is fonts.get(16, True, "sc")
    finally:
        monkeypatch.undo()
        fonts.clear_cache()


# ---- Latin text: a subset of Noto Sans ------------------------------------------------------------
def _drawn(font, text: str) -> tuple:
    return _pixels(font.render(text, True, (30, 60, 90))), font.size(text), font.metrics(text)


def test_the_latin_subset_draws_every_english_string_as_the_whole_font():
    """Every string of en.json the subset has the characters of, in both weights, at sizes the
    game draws, with no script (the widgets) and pygame_gui's "Latn": the same pixels, sizes
    and metrics as Noto Sans (the f-ligatures included: "first", "official")."""
    pygame.font.init()
    chars = fonts._latin_chars()
    assert chars, "the Latin subset is missing: python -m game.ui.font_subset"
    texts = [t[:120] for t in _strings("en", 600) if set(t[:120]) <= chars]
    texts += ["first official fluff", "naïve café, ¥1,200 (−7%)", "Ā ǎ ǐ ǒ ǖ — “quoted” …"]
    assert len(texts) > 500
    for bold in (False, True):
        for size in (9, 15, 36):
            whole = pygame.font.Font(str(fonts.font_path("sans", bold=bold)), size)
            part = pygame.font.Font(str(fonts.font_path("sans_latin", bold=bold)), size)
            for name in ("get_linesize", "get_height", "get_ascent", "get_descent"):
                assert getattr(part, name)() == getattr(whole, name)(), (name, size)
            for script in ("Zzzz", "Latn"):
                whole.set_script(script)
                part.set_script(script)
                for text in texts:
                    assert _drawn(part, text) == _drawn(whole, text), (bold, size, script, text)


def test_the_latin_subset_lists_only_what_it_draws_alike_and_what_the_game_shows():
    """Each listed character alone draws as in the whole font (the build checks every size
    from 6 to 72; here a few), and every letter the game's code, en.json and the built-in
    scenarios show that the whole font draws is listed or draws otherwise with the subset: a
    new kind of letter needs `python -m game.ui.font_subset`, else it draws with the whole font."""
    from game.ui import font_subset

    pygame.font.init()
    chars = "".join(sorted(fonts._latin_chars()))
    for bold in (False, True):
        for size in (7, 16, 44):
            whole = pygame.font.Font(str(fonts.font_path("sans", bold=bold)), size)
            part = pygame.font.Font(str(fonts.font_path("sans_latin", bold=bold)), size)
            for ch in chars:
                assert font_subset._drawn(part, ch) == font_subset._drawn(whole, ch), (size, ch)
    shown = font_subset.shown_chars() - set(chars)
    drawn = "".join(sorted(ch for ch in shown if not fonts.missing_glyphs(ch, "sans")))
    alike = font_subset.drawn_alike("sans", fonts.subset_dir(), fonts.LATIN_FILES, drawn)
    assert not alike, f"run python -m game.ui.font_subset: {''.join(alike)}"


def test_latin_text_opens_only_the_subset_and_other_text_the_whole_font():
    """Widgets' and pygame_gui's Latin text is drawn with the subset's faces; a text with a
    letter the subset lacks (a name in Greek) opens the whole font's face and draws as it."""
    pygame.font.init()
    fonts.clear_cache()
    whole_path = fonts.font_path("sans", bold=False)
    asked = fonts.get(19, False, "sans")
    whole = pygame.font.Font(str(whole_path), 19)
    assert asked.get_linesize() == whole.get_linesize()
    assert _drawn(asked, "Official figures, ¥1,200") == _drawn(whole, "Official figures, ¥1,200")
    gui = fonts.gui_font(str(whole_path), 19)
    gui.set_script("Latn")
    whole.set_script("Latn")
    assert _drawn(gui, "Official figures") == _drawn(whole, "Official figures")
    assert _opened(whole_path) == []
    assert set(_opened(fonts.font_path("sans_latin", bold=False))) == {19}
    whole.set_script("Zzzz")
    assert _drawn(asked, "Ωmega Ltd") == _drawn(whole, "Ωmega Ltd")
    assert _opened(whole_path) == [19]
