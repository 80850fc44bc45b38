"""Small drawing helpers shared by the widgets: panels with soft shadows, tooltips, pills."""

from __future__ import annotations

import pygame

from game.ui.widgets import text as tx
from game.ui.widgets.palette import Palette, rgb


def draw_panel(
    surface: pygame.Surface,
    rect,
    pal: Palette,
    scale: float = 1.0,
    fill: str | None = None,
    border: bool = True,
    shadow: bool = True,
) -> None:
    """A panel: 8 px radius, 1 px border, and a soft shadow below (visual-style.md)."""
    rect = pygame.Rect(rect)
    radius = max(2, round(8 * scale))
    if shadow and not pal.high_contrast:
        sh = pygame.Surface((rect.w + 8, rect.h + 8), pygame.SRCALPHA)
        for i, a in enumerate((22, 18, 14)):
            pygame.draw.rect(
                sh,
                (0, 0, 0, a),
                pygame.Rect(4 - i, 6 - i, rect.w + 2 * i, rect.h + 2 * i - 2),
                border_radius=radius + i,
            )
        surface.blit(sh, (rect.x - 4, rect.y - 2))
    pygame.draw.rect(surface, rgb(fill or pal.panel), rect, border_radius=radius)
    if border:
        pygame.draw.rect(
            surface, rgb(pal.border), rect, max(1, pal.line_width), border_radius=radius
        )


def mark_tooltip(surface: pygame.Surface) -> None:
    """Tell layout tests this picture is a tooltip: it lies over other words by design."""
    try:
        surface.irb_tooltip = True
    except AttributeError:  # a plain pygame Surface takes no attributes; only tests need it
        pass


def render_tooltip(
    lines: list[str], pal: Palette, scale: float = 1.0, max_width: int | None = None
) -> tuple[pygame.Surface, list[pygame.Rect]]:
    """A tooltip surface: the first line bold, the rest body text, every line wrapped to
    `max_width` (never cut), all sizes following the text scale.

    Returns the surface and the rects of the text lines inside it (for the no-overflow tests).
    """
    from game.ui import fonts  # noqa: PLC0415 - the line breaker (Chinese rules included)

    pad = round(12 * scale)
    gap = round(4 * scale)
    max_width = max_width or round(380 * scale)
    inner = max_width - 2 * pad
    surfs = []
    for i, line in enumerate(lines):
        bold = i == 0
        colour = pal.text if i < 2 else pal.text_dim
        size = tx.SIZE_BODY * scale if i < 2 else tx.SIZE_SMALL * scale + 1
        font = tx.font_for(line, int(round(size)), bold)
        for part in fonts.wrap(line, font, inner):
            surfs.append(tx.render(part, size, rgb(colour), bold=bold))
    w = max((s.get_width() for s in surfs), default=0) + 2 * pad
    h = sum(s.get_height() for s in surfs) + gap * max(0, len(surfs) - 1) + 2 * pad
    out = pygame.Surface((w + 6, h + 6), pygame.SRCALPHA)
    mark_tooltip(out)
    draw_panel(out, pygame.Rect(0, 0, w, h), pal, scale, shadow=False)
    pygame.draw.rect(
        out,
        rgb(pal.amber),
        pygame.Rect(0, 0, w, h),
        max(1, pal.line_width),
        border_radius=max(2, round(8 * scale)),
    )
    rects = []
    y = pad
    for s in surfs:
        r = out.blit(s, (pad, y))
        rects.append(r)
        y += s.get_height() + gap
    return out, rects


def place_near(
    size: tuple[int, int],
    anchor: pygame.Rect,
    bounds: pygame.Rect,
    gap: int = 8,
    prefer_above: bool = False,
) -> pygame.Rect:
    """Where a popup of `size` goes next to anchor: right, else left, else below; kept in
    bounds. `prefer_above`: above the anchor when it fits (so it covers nothing beside it)."""
    w, h = size
    r = pygame.Rect(0, 0, w, h)
    if prefer_above and anchor.top - gap - h >= bounds.top:
        r.midbottom = (anchor.centerx, anchor.top - gap)
    elif anchor.right + gap + w <= bounds.right:
        r.topleft = (anchor.right + gap, anchor.top)
    elif anchor.left - gap - w >= bounds.left:
        r.topright = (anchor.left - gap, anchor.top)
    else:
        r.midtop = (anchor.centerx, anchor.bottom + gap)
    r.clamp_ip(bounds)
    return r


def render_pill(
    label: str, size: float, fg, bg, max_width: int, pad_x: int, pad_y: int, outline=None
) -> pygame.Surface:
    """A rounded label, e.g. the amber "You" over the player's shop."""
    ts = tx.fit_text(label, max(1, max_width - 2 * pad_x), size, fg, bold=True)
    w, h = ts.get_width() + 2 * pad_x, ts.get_height() + 2 * pad_y
    out = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.rect(out, rgb(bg), out.get_rect(), border_radius=h // 2)
    if outline is not None:
        pygame.draw.rect(out, rgb(outline), out.get_rect(), 1, border_radius=h // 2)
    out.blit(ts, ts.get_rect(center=out.get_rect().center))
    return out
