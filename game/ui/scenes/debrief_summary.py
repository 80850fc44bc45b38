"""A first debrief after the run: the household's story as a timeline (its decisions and what
followed), its income against the former wage, what happened to the street, and three
questions to talk about (design.md "Debrief"; the fuller debrief is its own screen).

Opened as `app.open("debrief_summary", session=session)` from the ending.
"""

from __future__ import annotations

import pygame

from game import i18n
from game.debrief.story import timeline
from game.i18n import t
from game.ui import scenes
from game.ui.scene import Scene
from game.ui.scenes import month_panels as mp
from game.ui.scenes.charts import income_series
from game.ui.scenes.ending import street_story
from game.ui.widgets import text as tx
from game.ui.widgets.chart import LineChart
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel

# The timeline is the debrief's own (game/debrief/story.py): one story, told the same way here.


def questions(session) -> list[str]:
    qs = [mp_text(session, q) for q in (getattr(session.scenario, "debrief_questions", None) or [])]
    qs = [q for q in qs if q]
    defaults = [t(f"debrief_summary.question.{i}") for i in (1, 2, 3)]
    return (qs + defaults)[:3]


def mp_text(session, value) -> str:
    if isinstance(value, dict):
        return value.get(session.lang) or value.get("en") or ""
    return str(value or "")


class DebriefSummaryScene(Scene):
    fade_in = 0.3
    default_focus = "full"  # Enter goes on into the debrief, never back to the title (issue 9)

    def __init__(self, app, session, **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self.moments = timeline(session)
        self.street_info = street_story(session)
        self.chart: LineChart | None = None
        self._layer: pygame.Surface | None = None
        self.scroll = 0
        self._timeline_rect: pygame.Rect | None = None

    def build(self) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        w, h = self.size
        safe = self.safe_rect
        bh = self.px(44)
        by = safe.bottom - bh
        self.button(
            pygame.Rect(safe.right - self.px(240), by, self.px(240), bh),
            t("debrief_summary.title_screen"),
            "title",
            cls="primary",
            shortcut=pygame.K_t,
        )
        self.button(
            pygame.Rect(
                safe.right - self.px(240) - self.px(16) - self.px(180), by, self.px(180), bh
            ),
            t("debrief_summary.charts"),
            "charts",
            shortcut=pygame.K_c,
        )
        self.button(
            pygame.Rect(safe.x, by, self.px(180), bh),
            t("debrief_summary.back"),
            "back",
            shortcut=pygame.K_ESCAPE,
        )
        if scenes.is_registered(
            "debrief"
        ):  # the fuller debrief: counterfactuals, the argument, sources
            fw = self.px(240)
            self.button(
                pygame.Rect(
                    safe.right - self.px(240) - self.px(16) - self.px(180) - self.px(16) - fw,
                    by,
                    fw,
                    bh,
                ),
                t("debrief_summary.full"),
                "full",
                shortcut=pygame.K_f,
                tooltip=t("debrief_summary.full.tip"),
            )
        layer = pygame.Surface((w, h))
        layer.fill(rgb(pal.background))
        ts = tx.fit_text(
            t("debrief_summary.heading", name=s.player_name()),
            safe.w,
            tx.SIZE_BIG * sc * 1.15,
            rgb(pal.text),
            bold=True,
        )
        layer.blit(ts, safe.topleft)
        top = safe.y + ts.get_height() + self.px(12)
        q_h = self.px(124)
        bottom = by - self.px(16)
        q_rect = pygame.Rect(safe.x, bottom - q_h, safe.w, q_h)
        main_h = q_rect.y - self.px(16) - top
        left_w = int(safe.w * 0.52)
        tl = pygame.Rect(safe.x, top, left_w, main_h)
        right_x = safe.x + left_w + self.px(16)
        right_w = safe.right - right_x
        street_h = self.px(112)
        chart_rect = pygame.Rect(right_x, top, right_w, main_h - street_h - self.px(16))
        street_rect = pygame.Rect(right_x, chart_rect.bottom + self.px(16), right_w, street_h)
        for r in (tl, street_rect, q_rect):
            draw_panel(layer, r, pal, sc)
        inner = tl.inflate(-self.px(32), -self.px(24))
        mp.draw_heading(
            layer,
            inner,
            t("debrief_summary.timeline"),
            pal,
            sc,
            icon="book",
            right=t("debrief_summary.timeline.hint") if len(self.moments) > 8 else None,
        )
        self._timeline_rect = pygame.Rect(
            inner.x, inner.y + self.px(34), inner.w, inner.h - self.px(34)
        )
        self._paint_street(layer, street_rect.inflate(-self.px(32), -self.px(20)))
        self._paint_questions(layer, q_rect.inflate(-self.px(32), -self.px(20)))
        self.chart = LineChart(
            chart_rect,
            income_series(s),
            title=t("debrief_summary.income"),
            y_label=t("charts.unit.per_month"),
            y_format="yuan",
            x_start=1,
            scale=sc,
            palette=pal,
        )
        self._layer = layer.convert() if pygame.display.get_surface() is not None else layer

    def _paint_street(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        k, pal, sc = self.street_info, self.pal, self.scale
        tr = self.session.params.trades[k["trade"]]
        mp.draw_heading(
            surf,
            r,
            t("debrief_summary.street", trade=k["trade_name"]),
            pal,
            sc,
            icon=tr.icon,
            colour=pal.trade_colour(k["trade"], tr.colour),
        )
        change = k["price_change"]
        text = t(
            "debrief_summary.street.body",
            start=k["sellers_start"],
            peak=k["sellers_peak"],
            end=k["sellers_end"],
            entries=k["entries"],
            exits=k["exits"],
            price_start=mp.per_unit(k["price_start"], k["trade_key"]),
            price_end=mp.per_unit(k["price_end"], k["trade_key"]),
            change=("+" if change > 0 else "\u2212") + i18n.percent(abs(change)),
        )
        mp.draw_paragraph(
            surf,
            r.x,
            r.y + self.px(30),
            r.w,
            text,
            tx.SIZE_SMALL * sc + 1,
            rgb(pal.text),
            max_lines=max(1, (r.h - self.px(30)) // self.px(18)),
            line_gap=1.2,
        )

    def _paint_questions(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        mp.draw_heading(surf, r, t("debrief_summary.questions"), pal, sc, icon="handshake")
        y = r.y + self.px(30)
        col = (r.w - 2 * self.px(16)) // 3
        for i, q in enumerate(questions(self.session)):
            x = r.x + i * (col + self.px(16))
            num = tx.render(f"{i + 1}.", tx.SIZE_BODY * sc, rgb(pal.amber), bold=True)
            surf.blit(num, (x, y))
            mp.draw_paragraph(
                surf,
                x + self.px(22),
                y,
                col - self.px(22),
                q,
                tx.SIZE_SMALL * sc + 1,
                rgb(pal.text),
                max_lines=max(1, (r.bottom - y) // self.px(18)),
                line_gap=1.2,
            )

    def draw_background(self, surface: pygame.Surface) -> None:
        if self._layer is not None:
            surface.blit(self._layer, (0, 0))
        if self.chart is not None:
            self.chart.draw(surface)
        self._draw_timeline(surface)

    def _draw_timeline(self, surface: pygame.Surface) -> None:
        r = self._timeline_rect
        if r is None:
            return
        pal, sc = self.pal, self.scale
        size = tx.SIZE_SMALL * sc + 1
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.2)
        label_w = self.px(156)
        rows = []
        for m in self.moments:
            lines = mp.wrap_lines(m.text, r.w - label_w - self.px(20), size)[:2]
            rows.append((m, lines))
        total = sum(len(lines) for _m, lines in rows)
        fits = max(1, r.h // line_h)
        self.scroll = max(0, min(self.scroll, max(0, len(rows) - 1)))
        if total <= fits:
            self.scroll = 0
        prev = surface.get_clip()
        surface.set_clip(r)
        y = r.y
        x_line = r.x + label_w + self.px(6)
        pygame.draw.line(
            surface, rgb(pal.border), (x_line, r.y), (x_line, r.bottom), max(1, self.px(2))
        )
        last_month = None
        for m, lines in rows[self.scroll :]:
            if y + line_h * len(lines) > r.bottom:
                break
            colour = mp.tone_colour(pal, m.tone)
            if m.month != last_month:
                label = t(
                    "debrief_summary.month",
                    n=m.month,
                    when=mp.calendar(self.session, m.month - 1, short=True),
                )
                ls = tx.fit_text(label, label_w - self.px(4), size, rgb(pal.text_dim), bold=True)
                surface.blit(ls, (r.x, y))
                last_month = m.month
            radius = max(3, self.px(5)) if m.decision else max(2, self.px(3))
            pygame.draw.circle(surface, colour, (x_line, y + line_h // 2), radius)
            for line in lines:
                surface.blit(
                    tx.fit_text(
                        line,
                        r.right - x_line - self.px(14),
                        size,
                        colour if m.decision else rgb(pal.text),
                        bold=m.decision,
                    ),
                    (x_line + self.px(14), y),
                )
                y += line_h
        surface.set_clip(prev)
        if not rows:
            surface.blit(
                tx.fit_text(t("debrief_summary.empty"), r.w, size, rgb(pal.text_dim)), r.topleft
            )

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION and self.chart is not None:
            self.chart.set_hover(event.pos)
        if event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, self.scroll - event.y)
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.scroll = max(0, self.scroll + (4 if event.key == pygame.K_PAGEDOWN else -4))
            return True
        return super().handle_event(event)

    def on_button(self, name: str, element) -> None:
        if name == "title":
            from game.ui.scenes.title import TitleScene

            self.app.clear_to(TitleScene(self.app))
        elif name == "charts":
            self.app.open("charts", session=self.session, tab="income")
        elif name == "full":
            self.app.open("debrief", session=self.session)
        elif name == "back":
            self.app.pop()

    def on_back(self) -> None:
        self.app.pop()


__all__ = ["DebriefSummaryScene", "timeline", "questions"]
