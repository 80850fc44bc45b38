"""What the screens before the first month share: the frame (title, steps, footer), a painter
for labelled numbers with tooltips, the help line, and the hand-over between screens.

Each pre-run screen is a `PreRunScene`: it builds pygame_gui buttons for everything the
player can do, paints the rest (panels, icons, numbers) once into `self.static` in
`paint()`, and registers a tooltip for every number it paints (`Painter.fact`, `self.tip`).
The hovered tooltip, or the focused button's, also shows in the help line at the bottom, so
the keyboard reaches every explanation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pygame

from game import i18n
from game.i18n import t
from game.ui import fonts, theme
from game.ui.prepared import run_moment
from game.ui.scene import Scene
from game.ui.tip_place import place_clear
from game.ui.widgets import text as tx
from game.ui.widgets.palette import get_palette

log = logging.getLogger(__name__)

STEPS = ("briefing", "household", "path", "loan_office", "business")


# --- the hand-over --------------------------------------------------------------------------


def unwind_to_title(app) -> None:
    """Drop every screen above the title (the pre-run stack), keep the title at the bottom;
    the caller opens the next screen at once. The screens are left without building the one
    below each again (a pop would: 20-40 ms a screen, only to be dropped, ~150 ms in all in
    the frame that opens the first month)."""
    while len(app.stack) > 1:
        gone = app.stack.pop()
        gone._teardown()
        gone.forget_pictures()
    if not app.stack or app.stack[0].route != "title":
        app.go_home()


def go_month(app, session) -> None:
    """Hand the run to the month screen (the pre-run screens are left behind)."""
    session.screen = "month"
    session.autosave()
    unwind_to_title(app)
    app.open("month", session=session)


def resume(app, session) -> None:
    """Open the screen a loaded run stopped on; a finished run opens on its ending (the
    month screen would only show its last month for a frame before handing over)."""
    unwind_to_title(app)
    if session.over:
        app.open("ending", session=session)
        return
    route = session.screen if session.screen in STEPS or session.screen == "month" else "month"
    if route == "month" or session.month > 0 and route == "briefing":
        app.open("month", session=session)
    else:
        app.open(route, session=session)


# --- painting ---------------------------------------------------------------------------------


@dataclass
class Tip:
    rect: pygame.Rect
    lines: list[str]


class Painter:
    """Draws text, panels and labelled numbers onto a surface and collects their tooltips."""

    def __init__(self, scene: Scene, surface: pygame.Surface) -> None:
        self.scene = scene
        self.surface = surface
        self.s = scene.scale
        self.tips: list[Tip] = []
        self.pal = get_palette(theme.palette_name())

    def px(self, v: float) -> int:
        return self.scene.px(v)

    def size(self, role: str) -> int:
        return self.scene.font_px(role)

    def text(
        self,
        text: str,
        pos,
        role: str = "body",
        colour: str = "text",
        bold: bool = False,
        max_w: int | None = None,
        align: str = "left",
    ) -> pygame.Rect:
        col = (
            theme.colour(colour)
            if isinstance(colour, str) and not colour.startswith("#")
            else pygame.Color(colour)
        )
        size = self.size(role)
        if max_w is not None:
            from game.ui.widgets import text as tx

            surf = tx.fit_text(text, max_w, size, col, bold=bold)
        else:
            surf = fonts.render(text, size, col, bold)
        x, y = pos
        if align == "right":
            x -= surf.get_width()
        elif align == "center":
            x -= surf.get_width() // 2
        return self.surface.blit(surf, (x, y))

    def para(
        self,
        text: str,
        rect: pygame.Rect,
        role: str = "body",
        colour: str = "text",
        bold: bool = False,
        spacing: float = 1.3,
        max_lines: int | None = None,
    ) -> int:
        """Wrapped text inside rect.w from rect.top; returns the y below the last line."""
        font = fonts.get(self.size(role), bold)
        col = theme.colour(colour)
        line_h = int(font.get_linesize() * spacing)
        y = rect.y
        lines = fonts.wrap(text, font, rect.w)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1].rstrip() + "\u2026"
            from game.ui.widgets import text as tx

            tx.report_cut(text, f"more than {max_lines} lines")
        for line in lines:
            if line:
                self.surface.blit(fonts.render(line, self.size(role), col, bold), (rect.x, y))
            y += line_h
        return y

    def line_h(self, role: str = "body", spacing: float = 1.3) -> int:
        return int(fonts.get(self.size(role)).get_linesize() * spacing)

    def panel(
        self, rect: pygame.Rect, fill: str | None = None, border: str | None = None, width: int = 1
    ) -> None:
        radius = self.px(8)
        if not self.pal.high_contrast:
            shadow = pygame.Surface((rect.w + 8, rect.h + 8), pygame.SRCALPHA)
            for i, a in enumerate((26, 18, 12)):
                pygame.draw.rect(
                    shadow,
                    (0, 0, 0, a),
                    pygame.Rect(4 - i, 6 - i, rect.w + 2 * i, rect.h + 2 * i - 2),
                    border_radius=radius + i,
                )
            self.surface.blit(shadow, (rect.x - 4, rect.y - 2))
        pygame.draw.rect(self.surface, theme.colour(fill or "panel"), rect, border_radius=radius)
        pygame.draw.rect(
            self.surface,
            theme.colour(border or "raised"),
            rect,
            max(1, self.px(width)) + theme.line_width() - 1,
            border_radius=radius,
        )

    def heading(self, text: str, pos, max_w: int | None = None, colour: str = "text") -> int:
        r = self.text(text, pos, "heading", colour, bold=True, max_w=max_w)
        return r.bottom

    def fact(
        self,
        label: str,
        value: str,
        rect: pygame.Rect,
        tip_title: str,
        tip_body: str,
        colour: str = "text",
        role: str = "body",
        bold_value: bool = True,
    ) -> pygame.Rect:
        """`label ........ value` on one line, with a tooltip over the whole row."""
        vsurf_w = fonts.for_text(value, self.size(role), bold_value).size(value)[0]
        self.text(
            label, (rect.x, rect.y), role, "text_dim", max_w=max(10, rect.w - vsurf_w - self.px(12))
        )
        self.text(value, (rect.right, rect.y), role, colour, bold=bold_value, align="right")
        row = pygame.Rect(rect.x, rect.y, rect.w, fonts.get(self.size(role)).get_linesize())
        self.tip(row, tip_title, tip_body)
        return row

    def tip(self, rect: pygame.Rect, title: str, body: str = "") -> None:
        lines = [title] + [b for b in body.split("\n") if b] if body else [title]
        self.tips.append(Tip(pygame.Rect(rect), lines))

    def bar(self, rect: pygame.Rect, share: float, colour: str = "accent") -> None:
        radius = rect.h // 2
        pygame.draw.rect(self.surface, theme.colour("raised"), rect, border_radius=radius)
        fill = rect.copy()
        fill.w = max(radius * 2 if share > 0 else 0, int(rect.w * max(0.0, min(1.0, share))))
        if fill.w:
            c = pygame.Color(colour) if colour.startswith("#") else theme.colour(colour)
            pygame.draw.rect(self.surface, c, fill, border_radius=radius)


# --- the base scene ---------------------------------------------------------------------------


class PreRunScene(Scene):
    """A screen of the run's set-up: title, step strip, content, footer with Back and Next."""

    step: str = ""
    title_key: str = ""
    default_focus = "next"
    next_shortcut: int | None = None

    def __init__(self, app, session=None) -> None:
        super().__init__(app)
        self.session = session
        self.static: pygame.Surface | None = None
        self.tips: list[Tip] = []
        self.mouse: tuple[int, int] | None = None
        self._help_rect = pygame.Rect(0, 0, 0, 0)
        self._tip_cache: dict[int, pygame.Surface] = {}
        self.content = pygame.Rect(0, 0, 1, 1)

    def on_shown(self) -> None:
        if self.session is not None and self.step:
            self.session.screen = self.step  # where a saved run resumes (not when built ahead)

    def ahead_mark(self) -> tuple | None:
        """A set-up screen shows the run at one moment: built ahead (the screen before's idle
        frames), it is shown while the run has not moved on."""
        return None if self.session is None else run_moment(self.session)

    def forget_pictures(self) -> None:
        self.static = None
        self._tip_cache.clear()

    # ---- frame ----------------------------------------------------------------------------
    def build(self) -> None:
        for _piece in self._pieces():
            pass

    def build_pieces(self):
        """Built ahead (app.prepare): the backdrop and title, the content, the footer, each in
        an idle frame of its own (a screen that adds to build() is built whole)."""
        if type(self).build is not PreRunScene.build:
            yield from super().build_pieces()
            return
        yield from self._pieces()

    def _pieces(self):
        safe = self.safe_rect
        self.static = pygame.Surface(self.size)
        self.static.fill(theme.colour("bg"))
        self._paint_backdrop(self.static)
        p = Painter(self, self.static)
        title_h = self.text_h("title", bold=True)
        p.text(
            self.screen_title(),
            (safe.x, safe.y - self.px(4)),
            "title",
            bold=True,
            max_w=safe.w - self.px(520) if self.step else safe.w,
        )
        if self.step:
            self._paint_steps(
                p,
                pygame.Rect(safe.right - self.px(500), safe.y + self.px(4), self.px(500), title_h),
            )
        footer_h = self.px(44)
        self.content = pygame.Rect(
            safe.x,
            safe.y + title_h + self.px(12),
            safe.w,
            safe.h - title_h - self.px(12) - footer_h - self.px(16),
        )
        self._help_rect = pygame.Rect(safe.x, safe.bottom - footer_h, safe.w, footer_h)
        yield
        content = self.build_content(p)
        if content is not None:  # a content built in pieces of its own (a generator)
            yield from content
        yield
        self.build_footer()
        self.tips = p.tips
        self._tip_cache.clear()

    def _paint_backdrop(self, surface: pygame.Surface) -> None:
        try:
            from game.ui.scenes.title_backdrop import menu_background

            surface.blit(menu_background(self.size), (0, 0))
        except Exception:  # noqa: BLE001 - a plain background is fine
            log.exception("menu background unavailable")

    def _paint_steps(self, p: Painter, rect: pygame.Rect) -> None:
        """1 Briefing  2 Household  3 Path ... as pills; the current one amber, done ones lit."""
        size = p.size("small")
        font = fonts.get(size, True)
        here = STEPS.index(self.step) if self.step in STEPS else -1
        labels = [f"{i + 1}  {t(f'prerun.step.{s}')}" for i, s in enumerate(STEPS)]
        pad_x, gap = self.px(10), self.px(6)
        widths = [fonts.for_text(x, size, True).size(x)[0] + 2 * pad_x for x in labels]
        total = sum(widths) + gap * (len(labels) - 1)
        h = font.get_linesize() + self.px(8)
        x = rect.right - total
        y = rect.centery - h // 2
        for i, (label, w) in enumerate(zip(labels, widths, strict=True)):
            pill = pygame.Rect(x, y, w, h)
            if i == here:
                pygame.draw.rect(p.surface, theme.colour("accent"), pill, border_radius=h // 2)
                colour = "ink"
            else:
                pygame.draw.rect(
                    p.surface,
                    theme.colour("raised" if i < here else "panel"),
                    pill,
                    border_radius=h // 2,
                )
                colour = "text" if i < here else "text_dim"
            p.text(label, (pill.x + pad_x, pill.y + self.px(4)), "small", colour, bold=True)
            x += w + gap
        p.tip(
            pygame.Rect(rect.right - total, y, total, h),
            t("prerun.steps.tip.title"),
            t("prerun.steps.tip.body"),
        )

    def build_footer(self) -> None:
        """Back (Esc) on the left, the screen's main action on the right; help line between."""
        r = self._help_rect
        body = fonts.get(self.font_px("body"))
        back_w = max(
            self.px(170), max(body.size(x)[0] for x in self.back_text_candidates()) + self.px(96)
        )
        self.button(
            pygame.Rect(r.x, r.y, back_w, r.h),
            self.back_text(),
            "back",
            shortcut=pygame.K_ESCAPE,
            tooltip=t("prerun.back.tip"),
        )
        nxt = self.next_text()
        if nxt:
            font = fonts.get(self.font_px("heading"), True)
            w = max(
                [self.px(220)]
                + [font.size(x)[0] + self.px(40) for x in self.next_text_candidates()]
            )
            enabled, why = self.next_enabled()
            if self.next_shortcut is not None:
                w += self.px(40)
            self.button(
                pygame.Rect(r.right - w, r.y, w, r.h),
                nxt,
                "next",
                cls="primary",
                enabled=enabled,
                tooltip=why or self.next_tooltip(),
                shortcut=self.next_shortcut,
            )
            self._help_rect = pygame.Rect(
                r.x + back_w + self.px(24), r.y, r.w - back_w - w - self.px(48), r.h
            )
        else:
            self._help_rect = pygame.Rect(
                r.x + back_w + self.px(24), r.y, r.w - back_w - self.px(24), r.h
            )

    def refresh_next(self) -> None:
        """Update the main button's text, state and tooltip in place (no rebuild)."""
        button = next((e for e in self._elements if self.name_of(e) == "next"), None)
        if button is None:
            return
        text = self.next_text()
        if button.text != text:
            button.set_text(text)
        enabled, why = self.next_enabled()
        if enabled and not button.is_enabled:
            button.enable()
        elif not enabled and button.is_enabled:
            button.disable()
        button.irb_tip = why or self.next_tooltip()

    # ---- override points --------------------------------------------------------------------
    def screen_title(self) -> str:
        return t(self.title_key)

    def build_content(self, p: Painter) -> None:
        pass

    def back_text(self) -> str:
        return t("prerun.back")

    def next_text(self) -> str:
        return t("prerun.next")

    def back_text_candidates(self) -> list[str]:
        return [self.back_text()]

    def next_text_candidates(self) -> list[str]:
        """Every text the main button may show (its width fits the longest)."""
        return [self.next_text()]

    def next_enabled(self) -> tuple[bool, str | None]:
        return True, None

    def next_tooltip(self) -> str | None:
        return None

    def on_next(self) -> None:
        pass

    def on_button(self, name: str, element) -> None:
        if self._telling is not None:
            return  # (a press carried out: its message opens in the next frame)
        if name == "back":
            self.on_back()
        elif name == "next":
            self.on_next()
        else:
            self.on_action(name, element)

    def on_action(self, name: str, element) -> None:
        pass

    # ---- events and drawing -----------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            self.mouse = event.pos
            self.keyboard = False
        elif event.type == pygame.KEYDOWN:
            self.keyboard = True  # the focused button's long tip shows beside it
        return super().handle_event(event)

    def draw_background(self, surface: pygame.Surface) -> None:
        if self.static is not None and self.static.get_size() == surface.get_size():
            surface.blit(self.static, (0, 0))
        else:
            surface.fill(theme.colour("bg"))
        self.draw_live(surface)

    def draw_live(self, surface: pygame.Surface) -> None:
        """Moving or changing parts under the widgets (a street, a selection)."""

    def hovered_tip(self) -> int | None:
        if self.mouse is None:
            return None
        for i, tip in enumerate(self.tips):
            if tip.rect.collidepoint(self.mouse):
                return i
        return None

    def help_lines(self) -> list[str]:
        i = self.hovered_tip()
        if i is not None:
            return self.tips[i].lines
        item = self.focus.focused
        if item is not None:
            text = getattr(item.element, "irb_tip", None)
            if text:
                return [text]
        return [t("prerun.keys_hint")]

    def draw_overlay(self, surface: pygame.Surface) -> None:
        r = self._help_rect
        if r.w > self.px(60):
            lines = self.help_lines()
            text = " \u2014 ".join(lines[:2]) if len(lines) > 1 else lines[0]
            font = fonts.get(self.font_px("small"))
            wrapped = fonts.wrap(text, font, r.w)
            if len(wrapped) > 2:  # too long for the help line: a tooltip by the focused button
                self._focus_tip = lines if text != t("prerun.keys_hint") else None
                wrapped = fonts.wrap(t("prerun.keys_hint"), font, r.w)
                if len(wrapped) > 2:  # a narrow footer: the keys without the pointer's hint
                    wrapped = fonts.wrap(t("prerun.keys_hint_short"), font, r.w)
            else:
                self._focus_tip = None
            line_h = font.get_linesize()
            y = r.centery - line_h * len(wrapped) // 2
            for line in wrapped:
                surface.blit(
                    tx.render(line, self.font_px("small"), theme.colour("text_dim")), (r.x, y)
                )
                y += line_h
        super().draw_overlay(surface)  # a button's tip goes over the help line, not under it
        item = self.focus.focused
        keyboard = getattr(self, "keyboard", False)
        if getattr(self, "_focus_tip", None) and item is not None and keyboard:
            from game.ui.widgets.panel import render_tooltip

            rect = item.element.rect
            surf, _r = render_tooltip(
                self._focus_tip, self.pal, self.scale, max_width=self.tip_max_width(rect)
            )
            bounds = surface.get_rect().inflate(-self.px(8), -self.px(8))
            surface.blit(surf, self.tip_place(surf.get_size(), rect, bounds))
        i = self.hovered_tip()
        if i is not None:
            tip = self._tip_cache.get(i)
            if tip is None:
                tip = render_tip(self.tips[i].lines, self.scale, self.tip_width(self.tips[i].rect))
                self._tip_cache[i] = tip
            bounds = surface.get_rect().inflate(-self.px(8), -self.px(8))
            surface.blit(tip, self.place_tip(tip.get_size(), self.tips[i].rect, bounds))

    def tip_width(self, anchor: pygame.Rect) -> float:
        """A hovered number's tooltip's width (before the text scale)."""
        return 380

    def place_tip(
        self, size: tuple[int, int], anchor: pygame.Rect, bounds: pygame.Rect
    ) -> pygame.Rect:
        """Where a hovered number's tooltip goes (a scene may keep it off what is compared)."""
        return place_clear(
            size,
            anchor,
            bounds,
            gap=self.px(8),
            keep_clear=self.tip_keep_clear(anchor),
            rather_not=self.tip_rather_not(anchor),
        )


def render_tip(lines: list[str], scale: float, width: float = 380) -> pygame.Surface:
    """A tooltip: the first line bold, the rest wrapped body text; a raised panel, amber edge."""
    pad = max(6, round(12 * scale))
    inner = round(width * scale) - 2 * pad
    body_size = theme.scaled(theme.FONT_SIZES["tooltip"], scale)
    rows: list[pygame.Surface] = []
    for i, line in enumerate(lines):
        bold = i == 0
        size = theme.scaled(theme.FONT_SIZES["body"], scale) if i == 0 else body_size
        font = fonts.get(size, bold)
        for part in fonts.wrap(line, font, inner):
            rows.append(
                fonts.render(part, size, theme.colour("text" if i < 2 else "text_dim"), bold)
            )
    w = max((r.get_width() for r in rows), default=0) + 2 * pad
    gap = max(1, round(3 * scale))
    h = sum(r.get_height() for r in rows) + gap * max(0, len(rows) - 1) + 2 * pad
    out = pygame.Surface((w, h), pygame.SRCALPHA)
    from game.ui.widgets.panel import mark_tooltip

    mark_tooltip(out)
    radius = max(2, round(6 * scale))
    pygame.draw.rect(out, theme.colour("raised"), out.get_rect(), border_radius=radius)
    pygame.draw.rect(
        out, theme.colour("accent"), out.get_rect(), theme.line_width(), border_radius=radius
    )
    y = pad
    for r in rows:
        out.blit(r, (pad, y))
        y += r.get_height() + gap
    return out


def yuan(x: float) -> str:
    return i18n.yuan(x)


def yuan_month(x: float) -> str:
    return t("unit.yuan_per_month", amount=i18n.yuan(x))


def months_text(n: int) -> str:
    return i18n.months(int(n))


def pct(x: float, decimals: int = 0) -> str:
    return i18n.percent(x, decimals)
