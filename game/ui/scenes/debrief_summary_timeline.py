"""The debrief summary's "What you decided, and what followed": each moment of the run (the
student's decisions in bold, what followed in plain type) under its month, a dot on a line.

The list scrolls a whole moment at a time (mouse wheel: one, Page Up/Down: what the panel
holds, less one kept for context) and stops when its last moment shows, so every decision can
be reached at every text size; a bar at its right edge says where the panel is in the run.
Its rows are wrapped once, when the panel is placed, not in every frame.
"""

from __future__ import annotations

import pygame

from game.i18n import t
from game.ui.scenes import rows as mp
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb

MAX_LINES = 2  # a moment's lines shown (the debrief's story step tells each one whole)


class Timeline:
    def __init__(self, session, moments: list) -> None:
        self.session = session
        self.moments = moments
        self.rect: pygame.Rect | None = None
        self.rows: list[tuple[object, list[str]]] = []
        self.scroll = 0  # the first moment shown
        self.line_h = 1

    # ---- measures ---------------------------------------------------------------------------
    def place(self, rect: pygame.Rect, scale: float, pal) -> None:
        """Lay the moments out in `rect` (the panel's inside, under its heading)."""
        self.rect, self.scale, self.pal = rect, scale, pal
        self.size = tx.SIZE_SMALL * scale + 1
        self.line_h = self.step(scale)
        self.label_w = round(156 * scale)
        self.x_line = rect.x + self.label_w + round(6 * scale)
        self.bar_w = max(3, round(4 * scale))
        width = rect.right - self.x_line - round(14 * scale) - self.bar_w - round(6 * scale)
        self.text_w = max(1, width)
        self.rows = [
            (m, mp.wrap_lines(m.text, self.text_w, self.size, m.decision)[:MAX_LINES] or [""])
            for m in self.moments
        ]
        self.scroll = max(0, min(self.scroll, self.last_start()))

    @staticmethod
    def step(scale: float) -> int:
        """A line's height at `scale` (the layout asks it before the panel is placed)."""
        return int(tx.font(int(round(tx.SIZE_SMALL * scale + 1))).get_linesize() * 1.2)

    def _height(self, row) -> int:
        return len(row[1]) * self.line_h

    def fits_all(self) -> bool:
        return self.rect is not None and sum(map(self._height, self.rows)) <= self.rect.h

    def last_start(self) -> int:
        """The first moment of the last panelful: scrolling stops once the last moment shows."""
        if self.rect is None:
            return 0
        room, start = self.rect.h, len(self.rows)
        while start > 0 and self._height(self.rows[start - 1]) <= room:
            start -= 1
            room -= self._height(self.rows[start])
        return min(start, max(0, len(self.rows) - 1))

    def shown(self) -> list:
        """The moments whole in the panel at the current scroll."""
        out, room = [], self.rect.h if self.rect is not None else 0
        for row in self.rows[self.scroll :]:
            room -= self._height(row)
            if room < 0:
                break
            out.append(row[0])
        return out

    # ---- scrolling --------------------------------------------------------------------------
    def scroll_by(self, moments: int) -> None:
        self.scroll = max(0, min(self.last_start(), self.scroll + moments))

    def page(self) -> int:
        """Page Up/Down's step: the moments the panel shows, less one kept in view."""
        return max(1, len(self.shown()) - 1)

    # ---- drawing ----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        r = self.rect
        if r is None:
            return
        pal, line_h, size = self.pal, self.line_h, self.size
        if not self.rows:
            surface.blit(
                tx.fit_text(t("debrief_summary.empty"), r.w, size, rgb(pal.text_dim)), r.topleft
            )
            return
        prev = surface.get_clip()
        surface.set_clip(r)
        x_line = self.x_line
        pygame.draw.line(
            surface,
            rgb(pal.border),
            (x_line, r.y),
            (x_line, r.bottom),
            max(1, round(2 * self.scale)),
        )
        y, last_month = r.y, None
        for m, lines in self.rows[self.scroll :]:
            if y + line_h * len(lines) > r.bottom:
                break
            colour = mp.tone_colour(pal, m.tone)
            if m.month != last_month:  # the month once, beside its first moment in view
                label = t(
                    "debrief_summary.month",
                    n=m.month,
                    when=mp.calendar(self.session, m.month - 1, short=True),
                )
                surface.blit(
                    tx.fit_text(
                        label, self.label_w - round(4 * self.scale), size, rgb(pal.text_dim), True
                    ),
                    (r.x, y),
                )
                last_month = m.month
            big = m.decision
            radius = max(3, round(5 * self.scale)) if big else max(2, round(3 * self.scale))
            pygame.draw.circle(surface, colour, (x_line, y + line_h // 2), radius)
            for line in lines:
                ink = colour if big else rgb(pal.text)
                surface.blit(
                    tx.fit_text(line, self.text_w, size, ink, bold=big),
                    (x_line + round(14 * self.scale), y),
                )
                y += line_h
        surface.set_clip(prev)
        self._draw_bar(surface)

    def _draw_bar(self, surface: pygame.Surface) -> None:
        """Where the panel is in the run, when the run does not fit it."""
        if self.fits_all():
            return
        r, pal = self.rect, self.pal
        track = pygame.Rect(r.right - self.bar_w, r.y, self.bar_w, r.h)
        pygame.draw.rect(surface, rgb(pal.border), track, border_radius=self.bar_w // 2)
        n, shown = len(self.rows), max(1, len(self.shown()))
        size = max(round(24 * self.scale), r.h * shown // n)
        last = max(1, self.last_start())
        y = r.y + (r.h - size) * min(self.scroll, last) // last
        thumb = pygame.Rect(track.x, y, self.bar_w, size)
        pygame.draw.rect(surface, rgb(pal.text_dim), thumb, border_radius=self.bar_w // 2)
