"""The briefing: the scenario's pages (place, year, what happened), each with its sources, over
the town's street as it stands on the day of the layoff. Enter / Page Down: next page;
Esc / Page Up: the page before (from the first page: back to the picker).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pygame

from game import i18n, words
from game.i18n import t
from game.session import scenario_text
from game.ui import fonts, theme
from game.ui.scenes.prerun import Painter, PreRunScene
from game.ui.widgets.palette import get_palette
from game.ui.widgets.street import StreetView


def briefing_pages(session) -> list[Any]:
    pages = list(getattr(session.scenario, "briefing", None) or [])
    if not pages:
        pages = [
            SimpleNamespace(
                title=getattr(session.scenario, "title", ""),
                text=getattr(session.scenario, "summary", "") or t("briefing.no_pages"),
                sources=list(
                    getattr(getattr(session.scenario, "story", None), "references", []) or []
                ),
            )
        ]
    return pages


# The first page's street painted ahead by the picker, in an idle frame once the run's town
# is built: held by the app (app.ahead_parts) with its key, taken once by the briefing.
STREET_AHEAD = "briefing_street"


def street_rect_of(content: pygame.Rect, px) -> pygame.Rect:
    """Where the briefing shows the street: the top of its content area."""
    return pygame.Rect(content.x, content.y, content.w, min(px(230), content.h * 2 // 5))


def _street_key(engine, seed: int, rect: pygame.Rect, scale: float) -> tuple:
    return (
        id(engine),
        engine.month,
        i18n.get_language(),
        tuple(rect),
        scale,
        theme.palette_name(),
        seed,
    )


def paint_street_ahead(scene, engine, seed: int) -> None:
    """Paint the briefing's first street for a run of `engine` (the picker calls this while
    the player reads; the content area of every pre-run screen is the same): the briefing's
    first frame then skips that painting (~10-20 ms)."""
    rect = street_rect_of(scene.content, scene.px)
    view = StreetView(
        rect,
        scene.scale,
        get_palette(theme.palette_name()),
        mill_running=True,
        seed=seed,
        lots=words.street_lots(engine, i18n.get_language()),
    )
    key = _street_key(engine, seed, rect, scene.scale)
    scene.app.ahead_parts.keep(STREET_AHEAD, key, (engine, view))


class BriefingScene(PreRunScene):
    step = "briefing"

    def __init__(self, app, session, page: int = 0, **_: Any) -> None:
        super().__init__(app, session)
        self.pages = briefing_pages(session)
        self.page = max(0, min(page, len(self.pages) - 1))
        self._turned_at = -1
        self.street: StreetView | None = None

    def screen_title(self) -> str:
        return self.session.title()

    def forget_pictures(self) -> None:
        super().forget_pictures()
        self.street = None  # painted again if the player comes back

    def build_content(self, p: Painter) -> None:
        c = self.content
        lang = i18n.get_language()
        street_rect = street_rect_of(c, self.px)
        pal = get_palette(theme.palette_name())
        if self.street is None and self.page == 0:
            engine = self.session.engine
            key = _street_key(engine, self.session.seed, street_rect, self.scale)
            town, view = self.app.ahead_parts.take(STREET_AHEAD, key) or (None, None)
            self.street = view if town is engine else None
        if self.street is None:
            self.street = StreetView(
                street_rect,
                self.scale,
                pal,
                mill_running=self.page == 0,
                seed=self.session.seed,
                lots=words.street_lots(self.session.engine, lang),
            )
        else:
            if self.street.palette != pal:
                self.street.set_palette(pal)
            if self.street.rect != street_rect or self.street.scale != self.scale:
                self.street.set_rect(street_rect, self.scale)
            self.street.set_mill_running(self.page == 0)
        self.street_rect = street_rect

        panel = pygame.Rect(
            c.x, street_rect.bottom + self.px(16), c.w, c.bottom - street_rect.bottom - self.px(16)
        )
        p.panel(panel)
        inner = panel.inflate(-self.px(32), -self.px(24))
        page = self.pages[self.page]
        counter = t("briefing.page", n=self.page + 1, total=len(self.pages))
        cr = p.text(
            counter, (inner.right, inner.y + self.px(2)), "small", "text_dim", align="right"
        )
        head = scenario_text(None, getattr(page, "title", None), lang) or self.session.title()
        y = p.heading(head, (inner.x, inner.y), max_w=inner.w - cr.w - self.px(24)) + self.px(8)
        sources = words.player_sources(getattr(page, "sources", None))
        src_text = t("briefing.sources", sources=i18n.listing(sources)) if sources else ""
        src_lines = len(fonts.wrap(src_text, fonts.get(self.font_px("small")), inner.w))
        src_h = (p.line_h("small") * min(2, src_lines) + self.px(8)) if sources else 0
        body = "<br>".join(
            self.wrap_html(part, inner.w)
            for part in scenario_text(None, page.text, lang).split("\n")
        )
        self.text_box(pygame.Rect(inner.x, y, inner.w, inner.bottom - y - src_h), body)
        if sources:
            r = pygame.Rect(inner.x, inner.bottom - src_h + self.px(8), inner.w, src_h)
            p.para(src_text, r, "small", "text_dim", max_lines=2)
            p.tip(r, t("briefing.sources.tip.title"), "\n".join(sources))

    def help_lines(self) -> list[str]:
        if (
            self.mouse is not None
            and self.street is not None
            and self.street.rect.collidepoint(self.mouse)
        ):
            return [
                t("briefing.street.tip.title"),
                t(
                    "briefing.street_caption.running"
                    if self.page == 0
                    else "briefing.street_caption.idle"
                ),
            ]
        return super().help_lines()

    def draw_live(self, surface: pygame.Surface) -> None:
        if self.street is not None:
            self.street.draw(surface)

    def update(self, dt: float) -> None:
        if self.street is not None:
            self.street.update(dt)
            # The next page's street (the mill stopped after the first page, running again
            # back on it) painted ahead a few shops an idle frame: turning the page repainted
            # it whole (7-11 ms of a 17-24 ms frame, bench_game).
            if (
                self.app.top is self
                and self.app.frames > max(self.shown_at, self._turned_at)
                and len(self.pages) > 1
                and not self.street.paint_ahead(self.street.lots, mill_running=self.page == 1)
            ):
                return
        self.prepare_next("household", session=self.session)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.street is not None and event.type == pygame.MOUSEMOTION:
            self.street.handle_event(event)
        return super().handle_event(event)

    def back_text(self) -> str:
        return t("briefing.prev_page") if self.page > 0 else t("prerun.back")

    def back_text_candidates(self) -> list[str]:
        return [t("briefing.prev_page"), t("prerun.back")]

    def next_text_candidates(self) -> list[str]:
        return [t("briefing.next_page"), t("briefing.to_household")]

    def next_text(self) -> str:
        return (
            t("briefing.next_page")
            if self.page < len(self.pages) - 1
            else t("briefing.to_household")
        )

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_PAGEDOWN:
            self.on_next()
            return True
        if event.key == pygame.K_PAGEUP:
            if self.page > 0:
                self.turn(-1)
            return True
        return False

    def turn(self, delta: int) -> None:
        self.page = max(0, min(self.page + delta, len(self.pages) - 1))
        self._turned_at = self.app.frames  # (nothing painted ahead in the frame that turns)
        self._build()

    def on_back(self) -> None:
        if self.page > 0:
            self.turn(-1)
        else:
            super().on_back()

    def on_next(self) -> None:
        if self.page < len(self.pages) - 1:
            self.turn(1)
        else:
            self.app.open("household", session=self.session)
