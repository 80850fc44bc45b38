"""Fonts, cached text surfaces, text that fits its box, and number formats for the widgets.

Noto Sans (Latin) and Noto Sans SC (Chinese) ship with pygame_gui; we load them from its data
folder so the game needs no font files of its own (toolchain.md). A string with any CJK
character is drawn with Noto Sans SC, so Chinese never shows as empty boxes.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import NamedTuple

import pygame

from game.i18n import has_key, t
from game.i18n import yuan as _i18n_yuan
from game.ui import fonts

# Sizes at 1280x720 (visual-style.md); multiply by the UI scale.
SIZE_SMALL = 13
SIZE_BODY = 16
SIZE_TITLE = 20
SIZE_BIG = 28
MIN_SIZE = 9  # below this, text is truncated instead of shrunk further

ELLIPSIS = "\u2026"

# Called as listener(text, how) whenever a text is cut short to fit (an ellipsis, lines left
# out): the layout tests listen, so no screen hides words at any text size.
cut_listeners: list = []


def report_cut(text: str, how: str) -> None:
    for listener in cut_listeners:
        listener(text, how)


class _SharedFonts:
    """The widgets' fonts are game.ui.fonts' (a `SizedFont` per file and size for the whole game;
    the rarely drawn sizes of a file share one face); `_fonts.clear()` forgets them."""

    def clear(self) -> None:
        fonts.clear_cache()


_fonts = _SharedFonts()


class TextBox(NamedTuple):
    """Where a text was drawn: the box it had to fit, its surface's rect, and its ink."""

    box: pygame.Rect
    rect: pygame.Rect
    ink: pygame.Rect


def text_box(box, text_surf: pygame.Surface, rect) -> TextBox:
    rect = pygame.Rect(rect)
    ink = text_surf.get_bounding_rect().move(rect.topleft) if text_surf.get_width() else rect
    return TextBox(pygame.Rect(box), rect, ink)


def needs_cjk(text: str) -> bool:
    """True if the text has a character Noto Sans (Latin) cannot draw: CJK and full-width forms."""
    return fonts.needs_cjk(text)


def font(size: int, bold: bool = False, cjk: bool = False, text: str = "") -> fonts.SizedFont:
    """A cached Noto font at a pixel size (Chinese: the face that has every character of `text`)."""
    size = max(MIN_SIZE, int(round(size)))
    if not pygame.font.get_init():  # pygame was quit and restarted: old Font objects are dead
        pygame.font.init()
        _fonts.clear()
    return fonts.get(size, bold, fonts.cjk_family(text) if cjk else "sans")


def clear_caches() -> None:
    """Forget every font and rendered text: they die with pygame.quit() (App.close calls this)."""
    _fonts.clear()
    _text_cache.clear()
    _widths.clear()


def font_for(text: str, size: int, bold: bool = False) -> fonts.SizedFont:
    return font(size, bold, needs_cjk(text), text)


_TEXT_CACHE_MAX = 2048
# ... and at most this many bytes of pixels: long wrapped lines are big, and 2,048 of them held
# ~22 MB by the debrief (bench_game.py); a screen draws far fewer in a frame. A 24-month bot
# run renders 2,296 texts with 8 MB and 2,299 with 4 (bench_memory.py; issue 17).
_TEXT_CACHE_BYTES = 4 * 1024 * 1024


def _surface_bytes(surf: pygame.Surface) -> int:
    return surf.get_width() * surf.get_height() * surf.get_bytesize()


class _TextCache(OrderedDict):
    """Rendered texts, least recently used first, with the bytes they hold."""

    nbytes = 0

    def add(self, key: tuple, surf: pygame.Surface) -> None:
        self[key] = surf
        self.nbytes += _surface_bytes(surf)
        while len(self) > 1 and (len(self) > _TEXT_CACHE_MAX or self.nbytes > _TEXT_CACHE_BYTES):
            self.nbytes -= _surface_bytes(self.popitem(last=False)[1])

    def clear(self) -> None:
        super().clear()
        self.nbytes = 0


_text_cache: _TextCache = _TextCache()


def render(text: str, size: int, colour, bold: bool = False) -> pygame.Surface:
    """An anti-aliased text surface with a transparent background (LRU-cached)."""
    key = (text, int(round(size)), tuple(pygame.Color(colour)), bold)
    surf = _text_cache.get(key)
    if surf is not None:
        _text_cache.move_to_end(key)
        return surf
    surf = font_for(text, size, bold).render(text, True, colour)
    _text_cache.add(key, surf)
    return surf


_WIDTHS_MAX = 16384
_widths: dict[tuple, int] = {}


def text_width(text: str, size: int, bold: bool = False) -> int:
    """The width of `text` in pixels, measured once per string, size and weight (fit_text
    tries several sizes, and screens fit the same labels every frame)."""
    key = (text, size, bold)
    width = _widths.get(key)
    if width is None:
        if len(_widths) >= _WIDTHS_MAX:
            _widths.clear()
        width = _widths[key] = font_for(text, size, bold).size(text)[0]
    return width


def fit_text(
    text: str,
    max_width: int,
    size: int,
    colour,
    bold: bool = False,
    min_size: int = MIN_SIZE,
    max_height: int | None = None,
) -> pygame.Surface:
    """Render text no wider than max_width: shrink down to min_size, then cut with an ellipsis.

    Also keeps the height within max_height when given. Returns an empty surface when
    not even one character and the ellipsis fit.
    """
    max_width = int(max_width)
    if max_width <= 0 or not text:
        return pygame.Surface((0, 0), pygame.SRCALPHA)
    size = int(round(size))
    min_size = min(size, max(MIN_SIZE, int(round(min_size))))
    if max_height is not None:
        while size > min_size and font_for(text, size, bold).get_linesize() > max_height + 2:
            size -= 1
    for s in range(size, min_size - 1, -1):
        if text_width(text, s, bold) <= max_width:
            return render(text, s, colour, bold)
    s = min_size
    # binary search the longest prefix that fits with an ellipsis
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid].rstrip() + ELLIPSIS, s, bold) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        if text_width(ELLIPSIS, s, bold) <= max_width:
            return render(ELLIPSIS, s, colour, bold)
        return pygame.Surface((0, 0), pygame.SRCALPHA)
    return render(text[:lo].rstrip() + ELLIPSIS, s, colour, bold)


def t_or(key: str, default: str, **fmt: object) -> str:
    """Translate a key made at run time (a former job, a unit); `default` when the
    translation files lack it, so an unknown job reads "crane driver", not "job.crane_driver"."""
    if has_key(key) or has_key(key, "en"):
        return t(key, **fmt)
    return default


# --- numbers -------------------------------------------------------------------------------


def fmt_yuan(value: float, decimals: int | None = None) -> str:
    """`¥12,400`, `¥8.50`, `-¥1,200`: the game's money format (game.i18n.yuan)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "\u2013"
    return _i18n_yuan(value, decimals)


def fmt_number(value: float, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "\u2013"
    if decimals == 0:
        value = round(value)
        if value == 0:
            value = 0  # no "-0"
    return f"{value:,.{decimals}f}"
