"""Icons: simple geometric glyphs drawn with pygame primitives (visual-style.md "Icons").

Each glyph is drawn in one colour in a unit box at 4x the target size, with details cut out
(drawn with alpha 0), then smooth-scaled down: that gives anti-aliased edges for every
primitive. Rendered icons are cached per (name, size, colour).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from game.ui.widgets.palette import rgb

SUPERSAMPLE = 4

ICON_NAMES = (
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
)


class _Pen:
    """Draws in unit coordinates (0..1) onto a supersampled square surface."""

    def __init__(self, surf: pygame.Surface, colour: tuple[int, int, int]):
        self.surf = surf
        self.s = surf.get_width()
        self.ink = (*colour, 255)
        self.cut = (*colour, 0)

    def p(self, x: float, y: float) -> tuple[int, int]:
        return (int(round(x * self.s)), int(round(y * self.s)))

    def w(self, width: float) -> int:
        return max(1, int(round(width * self.s)))

    def _c(self, erase: bool):
        return self.cut if erase else self.ink

    def poly(self, pts, erase: bool = False, width: float = 0) -> None:
        pygame.draw.polygon(
            self.surf, self._c(erase), [self.p(*q) for q in pts], self.w(width) if width else 0
        )

    def circle(self, x, y, r, erase: bool = False, width: float = 0) -> None:
        pygame.draw.circle(
            self.surf, self._c(erase), self.p(x, y), self.w(r), self.w(width) if width else 0
        )

    def rect(self, x, y, w, h, erase: bool = False, width: float = 0, radius: float = 0) -> None:
        r = pygame.Rect(self.p(x, y), (self.w(w), self.w(h)))
        pygame.draw.rect(
            self.surf,
            self._c(erase),
            r,
            self.w(width) if width else 0,
            border_radius=self.w(radius) if radius else -1,
        )

    def line(self, a, b, width: float, erase: bool = False, round_caps: bool = True) -> None:
        """A thick line as a polygon, with round caps (pygame's thick lines have square ends)."""
        (x1, y1), (x2, y2) = a, b
        dx, dy = x2 - x1, y2 - y1
        n = math.hypot(dx, dy) or 1.0
        ox, oy = -dy / n * width / 2, dx / n * width / 2
        self.poly(
            [(x1 + ox, y1 + oy), (x2 + ox, y2 + oy), (x2 - ox, y2 - oy), (x1 - ox, y1 - oy)], erase
        )
        if round_caps:
            self.circle(x1, y1, width / 2, erase)
            self.circle(x2, y2, width / 2, erase)

    def polyline(self, pts, width: float, erase: bool = False) -> None:
        for a, b in zip(pts, pts[1:], strict=False):
            self.line(a, b, width, erase)

    def arc(self, cx, cy, r, a0, a1, width: float, erase: bool = False, steps: int = 24) -> None:
        """An arc in degrees, counter-clockwise from +x with y up (screen y flipped)."""
        pts = []
        for i in range(steps + 1):
            a = math.radians(a0 + (a1 - a0) * i / steps)
            pts.append((cx + r * math.cos(a), cy - r * math.sin(a)))
        self.polyline(pts, width, erase)

    def ellipse(self, x, y, w, h, erase: bool = False, width: float = 0) -> None:
        r = pygame.Rect(self.p(x, y), (self.w(w), self.w(h)))
        pygame.draw.ellipse(self.surf, self._c(erase), r, self.w(width) if width else 0)


# --- the glyphs ---------------------------------------------------------------------------


def _bowl(p: _Pen) -> None:
    # chopsticks first: they rise out of the bowl to the upper right
    p.line((0.38, 0.50), (0.86, 0.08), 0.065)
    p.line((0.50, 0.52), (0.95, 0.20), 0.065)
    # the bowl: lower half of a disc, a rim band, and a foot
    p.poly(
        [(0.06, 0.50)]
        + [
            (0.5 + 0.44 * math.cos(math.radians(a)), 0.50 + 0.34 * math.sin(math.radians(a)))
            for a in range(0, 181, 10)
        ]
        + [(0.94, 0.50)]
    )
    p.rect(0.04, 0.45, 0.92, 0.08, radius=0.04)
    p.rect(0.04, 0.535, 0.92, 0.035, erase=True)  # the rim line
    p.rect(0.34, 0.84, 0.32, 0.09, radius=0.03)
    # noodles peeking over the rim
    for x in (0.24, 0.36, 0.48):
        p.arc(x, 0.46, 0.06, 0, 180, 0.045, steps=8)


def _bag(p: _Pen) -> None:
    p.arc(0.5, 0.36, 0.17, 0, 180, 0.08)  # handle
    p.poly([(0.14, 0.34), (0.86, 0.34), (0.92, 0.92), (0.08, 0.92)])
    p.circle(0.33, 0.44, 0.045, erase=True)  # the handle holes
    p.circle(0.67, 0.44, 0.045, erase=True)
    p.rect(0.14, 0.58, 0.72, 0.05, erase=True)  # a fold line


def _scissors(p: _Pen) -> None:
    p.line((0.27, 0.62), (0.80, 0.06), 0.10)
    p.line((0.73, 0.62), (0.20, 0.06), 0.10)
    p.circle(0.5, 0.40, 0.05, erase=True)  # the pivot
    p.circle(0.5, 0.40, 0.025)
    for cx in (0.25, 0.75):
        p.circle(cx, 0.76, 0.17)
        p.circle(cx, 0.76, 0.095, erase=True)


def _wrench(p: _Pen) -> None:
    p.line((0.22, 0.80), (0.66, 0.36), 0.15)
    p.circle(0.72, 0.28, 0.22)
    # the open jaw: a square notch toward the upper right
    p.poly([(0.70, 0.30), (0.90, 0.02), (1.05, 0.17), (0.78, 0.38)], erase=True)
    p.circle(0.18, 0.84, 0.13)
    p.circle(0.18, 0.84, 0.055, erase=True)


def _wheel(p: _Pen) -> None:
    p.circle(0.5, 0.5, 0.47)  # tyre
    p.circle(0.5, 0.5, 0.34, erase=True)
    p.circle(0.5, 0.5, 0.31, width=0.04)  # rim, with a gap to the tyre
    for i in range(8):
        a = math.radians(i * 45 + 22.5)
        p.line((0.5, 0.5), (0.5 + 0.30 * math.cos(a), 0.5 + 0.30 * math.sin(a)), 0.035)
    p.circle(0.5, 0.5, 0.11)
    p.circle(0.5, 0.5, 0.045, erase=True)


def _needle(p: _Pen) -> None:
    # a diagonal needle, point at the lower left, eye at the upper right
    p.poly([(0.04, 0.97), (0.66, 0.14), (0.78, 0.24), (0.09, 1.00)])
    p.circle(0.73, 0.17, 0.10)
    p.ellipse(0.675, 0.125, 0.11, 0.08, erase=True)
    # the thread runs out of the eye and curls away on the right, clear of the needle
    pts = []
    for i in range(25):
        u = i / 24
        pts.append((0.74 + 0.20 * math.sin(u * math.pi * 1.5), 0.17 + 0.76 * u))
    p.polyline(pts, 0.06)


def _bricks(p: _Pen) -> None:
    rows = [
        (0.66, [(0.04, 0.44), (0.52, 0.44)]),
        (0.42, [(0.04, 0.20), (0.28, 0.44), (0.76, 0.20)]),
        (0.18, [(0.28, 0.44)]),
    ]
    for y, bricks in rows:
        for x, w in bricks:
            p.rect(x, y, w, 0.20, radius=0.02)


def _coin(p: _Pen) -> None:
    # a round coin with a square hole (the old Chinese cash coin)
    p.circle(0.5, 0.5, 0.44)
    p.circle(0.5, 0.5, 0.36, erase=True, width=0.045)
    p.rect(0.38, 0.38, 0.24, 0.24, erase=True)


def _house(p: _Pen) -> None:
    p.poly([(0.04, 0.50), (0.5, 0.08), (0.96, 0.50)])
    p.rect(0.66, 0.12, 0.10, 0.22)  # chimney
    p.rect(0.16, 0.46, 0.68, 0.46)
    p.rect(0.42, 0.62, 0.16, 0.30, erase=True)  # door
    p.rect(0.22, 0.56, 0.14, 0.12, erase=True)  # window


def _heart(p: _Pen) -> None:
    p.circle(0.30, 0.36, 0.23)
    p.circle(0.70, 0.36, 0.23)
    p.poly([(0.08, 0.44), (0.92, 0.44), (0.5, 0.90)])
    # a pulse line across, cut out: "health", not "love"
    p.polyline(
        [(0.12, 0.52), (0.34, 0.52), (0.42, 0.36), (0.52, 0.66), (0.60, 0.48), (0.88, 0.48)],
        0.06,
        erase=True,
    )


def _book(p: _Pen) -> None:
    # an open book seen from the front: two pages meeting at the spine
    p.poly([(0.04, 0.20), (0.46, 0.28), (0.46, 0.90), (0.04, 0.82)])
    p.poly([(0.54, 0.28), (0.96, 0.20), (0.96, 0.82), (0.54, 0.90)])
    for i in range(3):
        y = 0.40 + i * 0.14
        p.line((0.12, y), (0.38, y + 0.05), 0.04, erase=True)
        p.line((0.62, y + 0.05), (0.88, y), 0.04, erase=True)


def _handshake(p: _Pen) -> None:
    # sleeves at the lower corners, forearms rising to two hands clasped in the middle
    p.poly([(0.02, 0.54), (0.20, 0.36), (0.44, 0.56), (0.26, 0.76)])  # left forearm
    p.poly([(0.98, 0.54), (0.80, 0.36), (0.56, 0.56), (0.74, 0.76)])  # right forearm
    p.poly([(0.00, 0.62), (0.10, 0.52), (0.30, 0.74), (0.20, 0.84)])  # sleeves
    p.poly([(1.00, 0.62), (0.90, 0.52), (0.70, 0.74), (0.80, 0.84)])
    p.line((0.10, 0.52), (0.30, 0.74), 0.05, erase=True, round_caps=False)
    p.line((0.90, 0.52), (0.70, 0.74), 0.05, erase=True, round_caps=False)
    p.rect(0.28, 0.22, 0.44, 0.30, radius=0.10)  # the clasp
    for i in range(4):  # knuckles of the hand wrapped round the other
        p.circle(0.36 + i * 0.095, 0.52, 0.055)
    for i in range(3):
        x = 0.405 + i * 0.095
        p.line((x, 0.40), (x, 0.60), 0.03, erase=True, round_caps=False)
    p.line((0.34, 0.32), (0.60, 0.32), 0.035, erase=True)  # the thumb on top


def _padlock(p: _Pen) -> None:
    p.arc(0.5, 0.40, 0.22, 0, 180, 0.11)
    p.line((0.28, 0.40), (0.28, 0.48), 0.11, round_caps=False)
    p.line((0.72, 0.40), (0.72, 0.48), 0.11, round_caps=False)
    p.rect(0.14, 0.44, 0.72, 0.50, radius=0.08)
    p.circle(0.5, 0.62, 0.07, erase=True)  # keyhole
    p.poly([(0.46, 0.64), (0.54, 0.64), (0.57, 0.82), (0.43, 0.82)], erase=True)


def _suitcase(p: _Pen) -> None:
    p.rect(0.34, 0.10, 0.32, 0.20, width=0.07, radius=0.06)  # handle
    p.rect(0.04, 0.26, 0.92, 0.62, radius=0.08)
    p.rect(0.26, 0.26, 0.06, 0.62, erase=True)  # straps
    p.rect(0.68, 0.26, 0.06, 0.62, erase=True)
    p.rect(0.18, 0.88, 0.10, 0.06, radius=0.02)  # little feet
    p.rect(0.72, 0.88, 0.10, 0.06, radius=0.02)


def _fallback(p: _Pen) -> None:
    # a rounded square with a dot: "something", never mistaken for a trade
    p.rect(0.10, 0.10, 0.80, 0.80, width=0.09, radius=0.18)
    p.circle(0.5, 0.5, 0.12)


_GLYPHS: dict[str, Callable[[_Pen], None]] = {
    "bowl": _bowl,
    "bag": _bag,
    "scissors": _scissors,
    "wrench": _wrench,
    "wheel": _wheel,
    "needle": _needle,
    "bricks": _bricks,
    "coin": _coin,
    "house": _house,
    "heart": _heart,
    "book": _book,
    "handshake": _handshake,
    "padlock": _padlock,
    "suitcase": _suitcase,
}

_cache: dict[tuple[str, int, tuple[int, int, int]], pygame.Surface] = {}


def icon_surface(name: str, size: int, colour) -> pygame.Surface:
    """The icon as a transparent square surface of `size` px, cached."""
    size = max(4, int(size))
    col = rgb(colour)
    key = (name if name in _GLYPHS else "", size, col)
    surf = _cache.get(key)
    if surf is None:
        big = pygame.Surface((size * SUPERSAMPLE, size * SUPERSAMPLE), pygame.SRCALPHA)
        big.fill((*col, 0))  # transparent pixels share the ink's RGB: no dark fringes
        _GLYPHS.get(name, _fallback)(_Pen(big, col))
        surf = pygame.transform.smoothscale(big, (size, size))
        _cache[key] = surf
    return surf


def draw_icon(surface: pygame.Surface, name: str, rect, colour) -> pygame.Rect:
    """Draw the named icon centred in rect, as large as the rect's shorter side."""
    rect = pygame.Rect(rect)
    size = min(rect.w, rect.h)
    if size <= 0:
        return pygame.Rect(rect.center, (0, 0))
    surf = icon_surface(name, size, colour)
    return surface.blit(surf, surf.get_rect(center=rect.center))
