"""A font file's face is shared by the sizes the game only fits or draws rarely (issue 17: each face
holds ~0.6-1 MB of tables): every string draws and measures exactly as with a face opened at its
size, whatever sizes the shared face had before, and pygame_gui's sizes keep faces of their own."""

from __future__ import annotations

import pygame
import pytest

from game.ui import fonts

TEXTS = {
    "en": ["Household budget: ¥1,234 a month", "The loan office — AVWAy fi", "13 months left"],
    "zh": ["铁饭碗：下岗以后的日子", "贷款办公室，担保人。", "还剩13个月"],
}


def _pixels(surface: pygame.Surface) -> tuple:
    return surface.get_size(), pygame.image.tobytes(surface, "RGBA")


@pytest.mark.parametrize(("family", "lang", "bold"), [("sans", "en", False), ("sc", "zh", True)])
def test_every_size_draws_as_its_own_face_would(family, lang, bold):
    pygame.font.init()
    fonts.clear_cache()
    path = str(fonts.font_path(family, bold=bold))
    # more sizes than a file has faces, in an order that makes them trade sizes back and forth
    sizes = [16, 13, 20, 16, 9, 42, 13, 16, 28, 20]
    for size in sizes:
        alone = pygame.font.Font(path, size)
        shared = fonts.get(size, bold, family)
        for text in TEXTS[lang]:
            assert shared.size(text) == alone.size(text), (size, text)
            assert shared.get_linesize() == alone.get_linesize()
            assert (shared.get_ascent(), shared.get_descent()) == (
                alone.get_ascent(),
                alone.get_descent(),
            )
            assert shared.metrics(text) == alone.metrics(text)
            drawn = _pixels(shared.render(text, True, (20, 30, 40)))
            assert drawn == _pixels(alone.render(text, True, (20, 30, 40))), (size, text)
    # the sizes took turns on the file's shared face (or its subset's: fonts.SizedFont.for_text)
    assert fonts.get(16, bold, family).stand_in().path in fonts._shared


def test_a_font_held_across_other_sizes_keeps_its_size():
    """Screens hold a font and use it after drawing at other sizes (the widgets' own cache)."""
    pygame.font.init()
    fonts.clear_cache()
    body = fonts.get(16)
    width = body.size("The loan office")[0]
    for size in (11, 24, 36, 48):
        fonts.get(size).size("The loan office")
    assert body.size("The loan office")[0] == width
    assert body.get_point_size() == 16
    assert fonts.get(16) is body  # one object per file and size: wrap() caches by it


def test_pygame_gui_draws_a_size_in_its_script_after_other_sizes():
    """pygame_gui's sizes are drawn every frame: they keep a face, never switched."""
    pygame.font.init()
    fonts.clear_cache()
    path = str(fonts.font_path("sans"))
    alone = pygame.font.Font(path, 15)
    alone.set_script("Latn")
    gui = fonts.gui_font(path, 15)
    gui.set_script("Latn")
    for size in (11, 24, 36):
        fonts.get(size).render("Loan", True, (0, 0, 0))
    text = "Apply for the loan"
    drawing = fonts.get(15).for_text(text)  # (Latin: the subset of the file, fonts._stand_ins)
    assert drawing.face() is not fonts._shared[drawing.path]
    assert _pixels(gui.render(text, True, (0, 0, 0))) == _pixels(
        alone.render(text, True, (0, 0, 0))
    )
