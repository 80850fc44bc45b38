"""Icons: every glyph draws, reads as itself at 24 px, and is cached."""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.ui.widgets.icons import ICON_NAMES, draw_icon, icon_surface

INK = (232, 230, 225)


def _alpha(name: str, size: int) -> list[int]:
    surf = icon_surface(name, size, INK)
    return [surf.get_at((x, y)).a for y in range(size) for x in range(size)]


def test_the_brief_lists_every_icon():
    assert set(ICON_NAMES) == {
        "bowl",
        "bag",
        "scissors",
        "wrench",
        "wheel",
        "needle",
        "bricks",
        "coin",
        "house",
        "heart",
        "book",
        "handshake",
        "padlock",
        "suitcase",
    }


@pytest.mark.parametrize("name", [*ICON_NAMES, "no-such-icon"])
def test_icon_at_24px_has_ink_but_is_not_a_filled_square(name):
    alpha = _alpha(name, 24)
    covered = sum(a > 128 for a in alpha) / len(alpha)
    assert 0.12 < covered < 0.75, f"{name}: {covered:.0%} of the square is ink"


def test_icons_at_24px_differ_from_each_other():
    """Pixel difference between every pair: no two glyphs read alike at the smallest size."""
    shapes = {n: _alpha(n, 24) for n in [*ICON_NAMES, "no-such-icon"]}
    for a, b in itertools.combinations(shapes, 2):
        diff = sum(abs(x - y) for x, y in zip(shapes[a], shapes[b], strict=True)) / 255
        assert diff > 60, f"{a} and {b} differ by only {diff:.0f} pixels' worth at 24 px"


def test_icons_are_cached_per_name_size_and_colour():
    a = icon_surface("bowl", 24, INK)
    assert icon_surface("bowl", 24, INK) is a
    assert icon_surface("bowl", 25, INK) is not a
    assert icon_surface("bowl", 24, (0, 0, 0)) is not a
    assert icon_surface("unknown-1", 24, INK) is icon_surface("unknown-2", 24, INK)  # one fallback


def test_draw_icon_centres_in_its_rect_at_64px_in_the_given_colour():
    surf = pygame.Surface((100, 80))
    surf.fill((0, 0, 0))
    drawn = draw_icon(surf, "house", pygame.Rect(10, 0, 80, 64), (242, 169, 59))
    assert drawn.size == (64, 64) and drawn.center == (50, 32)
    inked = [
        surf.get_at((x, y))
        for x in range(100)
        for y in range(80)
        if surf.get_at((x, y))[:3] != (0, 0, 0)
    ]
    assert inked and all(
        drawn.collidepoint(x, y)
        for x in range(100)
        for y in range(80)
        if surf.get_at((x, y))[:3] != (0, 0, 0)
    )
    assert max(inked, key=lambda c: c.r).r == 242  # solid parts are exactly the colour asked


def test_draw_icon_in_an_empty_rect_draws_nothing():
    surf = pygame.Surface((10, 10))
    assert draw_icon(surf, "coin", pygame.Rect(0, 0, 0, 10), INK).size == (0, 0)
