"""The month screen's log panel: what happened, newest first (each month's headline, its causes,
the decisions taken), scrolled with the wheel or Page Up/Down. While the run cannot be saved,
its heading becomes a warning with a button to save it elsewhere."""

from __future__ import annotations

import pygame

from game import i18n
from game.i18n import t
from game.ui.panel_base import ButtonSpec
from game.ui.scenes import rows as mp
from game.ui.scenes import unsaved
from game.ui.scenes.month_layout import MonthPanel
from game.ui.widgets import text as tx
from game.ui.widgets.palette import ink_on, rgb

PAGE_LINES = 3  # lines Page Up/Down scroll

# An entry's wrapped lines by (text, width, size, bold): a month adds a few entries, and the
# screen is built again after every screen over it, so only new entries are measured.
_WRAPPED: dict[tuple, list[str]] = {}
_WRAPPED_MAX = 4096


class LogPanel(MonthPanel):
    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.scroll = 0
        self.lines_rect: pygame.Rect | None = None  # where the entries are drawn
        self._save_w = 0
        self._lines_key: tuple | None = None
        self._lines: list[mp.LogLine] = []
        self._rows_key: tuple | None = None
        self._rows: list[tuple[bool, str, str, bool]] = []

    def buttons(self) -> list[ButtonSpec]:
        """While the run cannot be saved: a button in the heading to save it elsewhere."""
        self._save_w = 0
        if not self.session.unsaved:
            return []
        label = t("unsaved.banner.button")
        w = tx.text_width(label, self.scene.font_px("body")) + self.px(40)
        self._save_w = w + self.px(12)
        log = self.rect
        return [
            ButtonSpec(
                "save_elsewhere",
                pygame.Rect(log.right - self.px(12) - w, log.y + self.px(9), w, self.px(30)),
                label,
                t("unsaved.banner.tip"),
                show_key=False,
                action=lambda: unsaved.choose_folder(self.scene.app, self.session),
            )
        ]

    def lines(self) -> list[mp.LogLine]:
        """The log's entries, newest first (read again when a month or a decision adds one)."""
        s = self.session
        key = (s.month, len(s.decisions), i18n.get_language())
        if self._lines_key != key:
            self._lines_key, self._lines = key, mp.log_lines(s)
        return self._lines

    # ---- picture ----------------------------------------------------------------------------
    def paint(self, layer: pygame.Surface) -> None:
        pal, sc, log = self.pal, self.scale, self.rect
        if self.session.unsaved:
            self._paint_unsaved(layer)
            head = self.px(54)
        else:
            mp.draw_heading(
                layer,
                log.inflate(-self.px(32), -self.px(24)),
                t("month.log.title"),
                pal,
                sc,
                right=t("month.log.hint"),
            )
            head = self.px(12) + self.px(30)
        self.lines_rect = pygame.Rect(
            log.x + self.space("pad"),
            log.y + head,
            log.w - 2 * self.space("pad"),
            log.h - head - self.px(10),
        )

    def _paint_unsaved(self, layer: pygame.Surface) -> None:
        """The heading as a warning: it stays in sight until a save works again."""
        pal, sc, log = self.pal, self.scale, self.rect
        strip = pygame.Rect(log.x + 1, log.y + 1, log.w - 2, self.px(48) - 2)
        pygame.draw.rect(layer, rgb(pal.brick), strip, border_radius=self.px(8))
        pygame.draw.rect(
            layer, rgb(pal.panel), (strip.x, strip.bottom - self.px(8), strip.w, self.px(8))
        )
        text = t("unsaved.banner", since=unsaved.since(self.session))
        shown = tx.fit_text(
            text,
            strip.w - self.px(32) - self._save_w,
            tx.SIZE_BODY * sc,
            ink_on(pal.brick),
            bold=True,
        )
        layer.blit(
            shown, (strip.x + self.px(15), strip.y + (self.px(40) - shown.get_height()) // 2)
        )

    def draw(self, surface: pygame.Surface) -> None:
        """The entries, newest first: every one wrapped whole (never shrunk or cut)."""
        r = self.lines_rect
        if r is None:
            return
        pal, sc = self.pal, self.scale
        size = tx.SIZE_SMALL * sc + 1
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.1)
        rows = self._wrapped(r.w - self.px(16), size)
        fits = max(1, r.h // line_h)
        self.scroll = max(0, min(self.scroll, max(0, len(rows) - fits)))
        y = r.y
        prev_clip = surface.get_clip()
        surface.set_clip(r)
        shown = rows[self.scroll : self.scroll + fits]
        end = self.scroll + len(shown)
        if end < len(rows) and not rows[end][0]:  # an entry runs past the bottom: show it whole
            k = len(shown)
            while k > 1 and not shown[k - 1][0]:
                k -= 1
            if k > 1:  # scrolling down brings the rest
                shown = shown[: k - 1]
        for first, text, tone, head in shown:
            colour = mp.tone_colour(pal, tone)
            x = r.x if head else r.x + self.px(16)
            if first and not head:
                pygame.draw.circle(
                    surface, colour, (r.x + self.px(6), y + line_h // 2), max(2, self.px(3))
                )
            surface.blit(tx.render(text, size, colour, bold=head), (x, y))
            y += line_h
        surface.set_clip(prev_clip)

    def _wrapped(self, width: int, size: float) -> list[tuple[bool, str, str, bool]]:
        """(first line of its entry, text, tone, is a month's head) for every wrapped line."""
        s = self.session
        key = (s.month, len(s.decisions), i18n.get_language(), width)
        if self._rows_key != key:
            if len(_WRAPPED) > _WRAPPED_MAX:
                _WRAPPED.clear()
            rows = []
            for line in self.lines():
                w = width if line.head else width - self.px(16)
                at = (line.text, w, size, line.head)
                parts = _WRAPPED.get(at)
                if parts is None:
                    parts = _WRAPPED[at] = mp.wrap_lines(line.text, w, size, bold=line.head)
                for k, part in enumerate(parts):
                    rows.append((k == 0, part, line.tone, line.head))
            self._rows_key, self._rows = key, rows
        return self._rows

    # ---- input ------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEWHEEL:
            mouse = self.scene.mouse
            if self.lines_rect is not None and mouse is not None:
                if self.lines_rect.collidepoint(mouse):
                    self.scroll = max(0, self.scroll - event.y)
                    return True
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            down = event.key == pygame.K_PAGEDOWN
            self.scroll = max(0, self.scroll + (PAGE_LINES if down else -PAGE_LINES))
            return True
        return False


__all__ = ["LogPanel"]
