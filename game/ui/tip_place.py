"""Where a tooltip goes so it never covers what it explains: not the element it belongs to,
nor the panel the student reads along with it (a play-test: the picker's list tips lay on the
chosen scenario's policy, the month's path tips on the household's decisions). Beside the
element when that is clear, else beside the panel, on as few other buttons as it can."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.ui.widgets.panel import place_near


def place_clear(
    size: tuple[int, int],
    anchor: pygame.Rect,
    bounds: pygame.Rect,
    gap: int = 8,
    prefer_above: bool = False,
    keep_clear: Sequence[pygame.Rect] = (),
    rather_not: Sequence[pygame.Rect] = (),
) -> pygame.Rect:
    """`place_near`'s place when it covers neither `anchor` nor `keep_clear`; else the first
    clear place beside the anchor, then beside each of `keep_clear`, covering the fewest of
    `rather_not` (other buttons). Nowhere clear: the place that covers least of them, never the
    anchor if it can help it. With nothing to keep clear, `place_near`'s place as it is."""
    first = place_near(size, anchor, bounds, gap=gap, prefer_above=prefer_above)
    if not keep_clear:
        return first
    must = [anchor, *keep_clear]
    tried: list[pygame.Rect] = []
    for side in must:
        group = ([first] if side is anchor else []) + _beside(size, anchor, side, bounds, gap)
        clear = [c for c in group if c.collidelist(must) < 0]
        if clear:  # the first of those that covers the fewest other buttons
            return min(clear, key=lambda c: len(c.collidelistall(list(rather_not))))
        tried += group

    def covered(c: pygame.Rect) -> tuple[bool, int]:
        return c.colliderect(anchor), sum(c.clip(k).w * c.clip(k).h for k in keep_clear)

    return min(tried, key=covered)


def _beside(size, anchor: pygame.Rect, side: pygame.Rect, bounds: pygame.Rect, gap: int):
    """A popup right of, left of, below and above `side`, level with `anchor`, in bounds
    (below and above: over the side's own width when it is wide enough)."""
    right, left, below, above = (pygame.Rect((0, 0), size) for _ in range(4))
    right.topleft = (side.right + gap, anchor.top)
    left.topright = (side.left - gap, anchor.top)
    below.midtop = (anchor.centerx, side.bottom + gap)
    above.midbottom = (anchor.centerx, side.top - gap)
    for c in (below, above):
        if c.w <= side.w:
            c.x = min(max(c.x, side.x), side.right - c.w)
    return [c.clamp(bounds) for c in (right, left, below, above)]
