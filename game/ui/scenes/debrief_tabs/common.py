"""What the debrief's tabs share: the scrolling window for tall lists, the keys and the colours."""

from __future__ import annotations

import bisect
from collections.abc import Callable

import pygame

from game.ui.widgets.palette import rgb

TOWN_KEYS = {
    "sellers": pygame.K_s,
    "price": pygame.K_p,
    "margin": pygame.K_m,
    "churn": pygame.K_o,
    "defaults": pygame.K_d,
    "arrears": pygame.K_a,
    "status": pygame.K_h,
    "agreement": pygame.K_g,
}
# A guess's choices are keyed A, B, C ... in order, as on a test paper (they were A-D, then G,
# H: students looked for E). So the report's export, on every step, is W (write the report)
# and V (to a folder of one's choosing), letters no step uses.
GUESS_KEYS = (pygame.K_a, pygame.K_b, pygame.K_c, pygame.K_d, pygame.K_e, pygame.K_f)
EXPORT_KEY = pygame.K_w
EXPORT_TO_KEY = pygame.K_v
PATH_COLOUR = "#56B4E9"
WORLD_COLOUR = "#009E73"
LUCK_COLOUR = "#999999"


def window_picture(size: tuple[int, int]) -> pygame.Surface:
    """A picture in the window's pixel format (as `convert()` gives, without making one in
    another format first and copying it: 3.7 MB at 1280x720)."""
    window = pygame.display.get_surface()
    return pygame.Surface(size, 0, window) if window is not None else pygame.Surface(size)


# A piece of a Tall list: painted at (x, y) on the target (a line of text, a bullet).
Paint = Callable[[pygame.Surface, int, int], None]


class Tall:
    """A tall list painted piece by piece as it scrolls into view, instead of one picture of
    all of it: the glossary's picture was 13.5 MB at 1280x720, the sources' 5.4 MB (issue 17).
    Each piece is (x, y, height, paint); a text piece renders through the text cache, so the
    lines in view are rendered once and a frame only blits them."""

    def __init__(self, width: int, height: int, pieces: list[tuple[int, int, int, Paint]]):
        self.width, self.height = width, max(1, height)
        self.pieces = sorted(pieces, key=lambda p: p[1])
        self._tops = [p[1] for p in self.pieces]
        self._reach = max((p[2] for p in self.pieces), default=0)  # the tallest piece

    def get_height(self) -> int:
        return self.height

    def get_width(self) -> int:
        return self.width

    def draw(self, target: pygame.Surface, at: tuple[int, int], offset: int, h: int) -> None:
        """Paint the part from `offset` down, `h` high, at `at` on `target`."""
        x0, y0 = at
        clip = target.get_clip()
        target.set_clip(pygame.Rect(x0, y0, self.width, h).clip(clip))
        first = bisect.bisect_left(self._tops, offset - self._reach)
        for x, y, ph, paint in self.pieces[first:]:
            if y >= offset + h:
                break
            if y + ph > offset:
                paint(target, x0 + x, y0 + y - offset)
        target.set_clip(clip)


def text_piece(surf_of: Callable[[], pygame.Surface]) -> Paint:
    """A piece that blits the text `surf_of()` gives (a cached render)."""
    return lambda target, x, y: target.blit(surf_of(), (x, y))


class Scroller:
    """A tall picture (or a Tall list) shown through a window, scrolled by the wheel or Page
    Up/Down."""

    def __init__(self, rect: pygame.Rect, surface: pygame.Surface | Tall) -> None:
        self.rect = rect
        self.surface = surface
        self.offset = 0

    @property
    def limit(self) -> int:
        return max(0, self.surface.get_height() - self.rect.h)

    def scroll(self, dy: int) -> None:
        self.offset = max(0, min(self.limit, self.offset + int(dy)))

    def draw(self, target: pygame.Surface, pal, scale: float) -> None:
        h = min(self.rect.h, self.surface.get_height() - self.offset)
        if h > 0 and isinstance(self.surface, Tall):
            self.surface.draw(target, self.rect.topleft, self.offset, h)
        elif h > 0:
            target.blit(
                self.surface, self.rect.topleft, pygame.Rect(0, self.offset, self.rect.w, h)
            )
        if self.limit:
            bar_w = max(3, round(4 * scale))
            track = pygame.Rect(self.rect.right + round(4 * scale), self.rect.y, bar_w, self.rect.h)
            pygame.draw.rect(target, rgb(pal.border), track, border_radius=bar_w // 2)
            size = max(
                round(24 * scale), int(self.rect.h * self.rect.h / self.surface.get_height())
            )
            y = self.rect.y + int((self.rect.h - size) * self.offset / self.limit)
            pygame.draw.rect(
                target, rgb(pal.text_dim), (track.x, y, bar_w, size), border_radius=bar_w // 2
            )
