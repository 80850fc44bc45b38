"""What the debrief's tabs share: the scrolling window for tall lists, the keys and the colours."""

from __future__ import annotations

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
# A guess's choices: A-D, then G, H (E and F export the report).
GUESS_KEYS = (pygame.K_a, pygame.K_b, pygame.K_c, pygame.K_d, pygame.K_g, pygame.K_h)
PATH_COLOUR = "#56B4E9"
WORLD_COLOUR = "#009E73"
LUCK_COLOUR = "#999999"


class Scroller:
    """A tall picture shown through a window, scrolled by the wheel or Page Up/Down."""

    def __init__(self, rect: pygame.Rect, surface: pygame.Surface) -> None:
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
        if h > 0:
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
