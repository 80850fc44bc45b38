"""A first debrief after the run, in the facilitated order: how did it feel (first, before any
numbers), then what happened (the household's story as a timeline, its income against the
former wage with unemployment insurance apart from the business's profit), then why and what
next. It shows nothing the full debrief asks the student to guess first (the neighbours who
followed, the defaults, what other paths or a town without loans would have done): the full
debrief (F, the main button) does that.

Opened as `app.open("debrief_summary", session=session)` from the ending.
"""

from __future__ import annotations

import pygame

from game import i18n
from game.debrief import questions as debrief_questions
from game.debrief.story import income_chart, income_totals, other_income_kinds, timeline
from game.i18n import t
from game.ui import scenes
from game.ui.prepared import run_moment
from game.ui.scene import Scene
from game.ui.scenes import debrief_ahead
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_summary_timeline import Timeline
from game.ui.scenes.debrief_tabs.common import window_picture
from game.ui.widgets import text as tx
from game.ui.widgets.chart import LineChart
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel

# The timeline is the debrief's own (game/debrief/story.py): one story, told the same way here.
TIMELINE_ROWS = 4  # the least lines of it a layout must show (more than one moment to scroll)


def questions(session) -> list[str]:
    """Feelings first, then why, then what next (the scenario's own questions are in the full
    debrief's real-world step)."""
    return debrief_questions.summary_questions(session)


class DebriefSummaryScene(Scene):
    fade_in = 0.3
    default_focus = "full"  # Enter goes on into the debrief, never back to the title (issue 9)

    def __init__(self, app, session, **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        debrief_ahead.prepare(session)  # the full debrief's reading, while the student reads this
        self.moments = timeline(session)
        self.timeline = Timeline(session, self.moments)
        self.income = income_totals(session)
        self.other_kinds = other_income_kinds(session)
        self.chart: LineChart | None = None
        self._layer: pygame.Surface | None = None
        # the debrief is being built ahead: it took the reading (its first piece), and its
        # other pieces follow in the idle frames after
        self._debrief_ahead = False

    def build(self) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        w, h = self.size
        safe = self.safe_rect
        bh = self.px(44)
        by = safe.bottom - bh
        gap = self.px(16)
        right = safe.right
        full = scenes.is_registered("debrief")  # the full debrief: guesses, argument, what if
        for name, key, width, primary in (
            ("full", pygame.K_f, 260, True),
            ("title_screen", pygame.K_t, 200, not full),
            ("charts", pygame.K_c, 170, False),
        ):
            if name == "full" and not full:
                continue
            bw = self.px(width)
            self.button(
                pygame.Rect(right - bw, by, bw, bh),
                t(f"debrief_summary.{name}"),
                "title" if name == "title_screen" else name,
                cls="primary" if primary else None,
                shortcut=key,
                tooltip=t("debrief_summary.full.tip") if name == "full" else None,
            )
            right -= bw + gap
        self.button(
            pygame.Rect(safe.x, by, self.px(180), bh),
            t("debrief_summary.back"),
            "back",
            shortcut=pygame.K_ESCAPE,
        )
        layer = window_picture((w, h))
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
        qs = questions(s)
        feel, tl, income_rect, chart_rect, q_rect, stacked = self._layout(top, by, qs)
        for r in (feel, tl, income_rect, q_rect):
            draw_panel(layer, r, pal, sc)
        inner = feel.inflate(-self.px(32), -self.px(20))
        mp.draw_heading(layer, inner, t("debrief_summary.feelings"), pal, sc, icon="heart")
        mp.draw_paragraph(
            layer,
            inner.x,
            inner.y + self.px(28),
            inner.w,
            qs[0],
            self._feeling_size(),
            rgb(pal.text),
            line_gap=1.15,
        )
        inner = tl.inflate(-self.px(32), -self.px(24))
        self.timeline.place(
            pygame.Rect(inner.x, inner.y + self.px(34), inner.w, inner.h - self.px(34)), sc, pal
        )
        mp.draw_heading(
            layer,
            inner,
            t("debrief_summary.timeline"),
            pal,
            sc,
            icon="book",
            right=None if self.timeline.fits_all() else t("debrief_summary.timeline.hint"),
        )
        self._paint_income(layer, income_rect.inflate(-self.px(32), -self.px(20)))
        self._paint_questions(layer, q_rect.inflate(-self.px(32), -self.px(20)), qs[1:], stacked)
        spec = income_chart(s)
        self.chart = LineChart(
            chart_rect,
            spec["series"],
            title=t("debrief_summary.income"),
            y_label=t("charts.unit.per_month"),
            y_format="yuan",
            x_start=1,
            scale=sc,
            palette=pal,
        )
        self._layer = layer

    def _layout(self, top: int, by: int, qs: list[str]) -> tuple:
        """Where the panels go: (feeling, timeline, income, chart, questions, whether the
        questions stand one above the other). The first layout of `_layouts` whose timeline
        shows TIMELINE_ROWS lines, with wider gaps first; failing all, the tallest timeline."""
        keep = self._timeline_keep(TIMELINE_ROWS)
        tried = []
        for gap in (self.px(16), self.px(10)):  # large text, small window: narrower gaps
            for layout in self._layouts(top, by, gap, qs):
                if layout[1].h >= keep:
                    return layout
                tried.append(layout)
        return max(tried, key=lambda layout: layout[1].h)

    def _layouts(self, top: int, by: int, gap: int, qs: list[str]):
        """The layouts in the order they are tried. 1 how did it feel comes first in the left
        column, before any numbers; 2 what happened is the timeline under it (it scrolls, so
        it gives way), the chart and the income (always whole); 3 why and what next is last.
        (a) the questions across the bottom, the income under the chart; (b) the income under
        the timeline, in a left column widening until the timeline has room; (c) with large
        text on a small window, 1, 2 and 3 down the left column (the questions one above the
        other) and the chart with the income under it down the right one."""
        safe = self.safe_rect
        q_rect = pygame.Rect(safe.x, 0, safe.w, self._questions_h(safe.w, qs[1:]))
        q_rect.bottom = by - gap
        main_h = q_rect.y - gap - top
        for share in (0.52, 0.56, 0.6, 0.64):
            left_w = int(safe.w * share)
            right = pygame.Rect(safe.x + left_w + gap, top, safe.right - safe.x - left_w - gap, 0)
            feel = pygame.Rect(safe.x, top, left_w, self._feel_h(qs[0], left_w))
            income_h = self._income_h(right.w)
            if share == 0.52 and main_h - income_h - gap >= self.px(260):  # (a)
                chart = pygame.Rect(right.x, top, right.w, main_h - income_h - gap)
                income = pygame.Rect(right.x, chart.bottom + gap, right.w, income_h)
                tl = pygame.Rect(safe.x, feel.bottom + gap, left_w, main_h - feel.h - gap)
                yield feel, tl, income, chart, q_rect, False
            income_h = self._income_h(left_w)  # (b)
            income = pygame.Rect(safe.x, top + main_h - income_h, left_w, income_h)
            tl = pygame.Rect(safe.x, feel.bottom + gap, left_w, income.y - gap - feel.bottom - gap)
            yield feel, tl, income, pygame.Rect(right.x, top, right.w, main_h), q_rect, False
        for share in (0.52, 0.56, 0.6):  # (c)
            left_w = int(safe.w * share)
            right = pygame.Rect(safe.x + left_w + gap, top, safe.right - safe.x - left_w - gap, 0)
            feel = pygame.Rect(safe.x, top, left_w, self._feel_h(qs[0], left_w))
            q = pygame.Rect(safe.x, 0, left_w, self._questions_h(left_w, qs[1:], True))
            q.bottom = by - gap
            tl = pygame.Rect(safe.x, feel.bottom + gap, left_w, q.y - gap - feel.bottom - gap)
            income = pygame.Rect(right.x, 0, right.w, self._income_h(right.w))
            income.bottom = by - gap
            chart = pygame.Rect(right.x, top, right.w, income.y - gap - top)
            if chart.h >= self.px(260):
                yield feel, tl, income, chart, q, True

    def _feel_h(self, feeling: str, panel_w: int) -> int:
        text_w = panel_w - self.px(32)
        return (
            self.px(20)
            + self.px(28)
            + self._paragraph_h(feeling, text_w, self._feeling_size(), 1.15)
        )

    def _paragraph_h(self, text: str, width: int, size: float, line_gap: float) -> int:
        step = int(tx.font_for(text, int(round(size))).get_linesize() * line_gap)
        return len(mp.wrap_lines(text, width, size)) * step

    def _feeling_size(self) -> float:
        return tx.SIZE_SMALL * self.scale + 2

    def _question_size(self) -> float:
        return tx.SIZE_SMALL * self.scale + 1

    def _questions_h(self, panel_w: int, qs: list[str], stacked: bool = False) -> int:
        """The questions panel's height for its questions side by side, or one above the
        other in a narrow panel (at least 100 px)."""
        if stacked:
            col = panel_w - self.px(32) - self.px(24)
            hs = [self._paragraph_h(q, col, self._question_size(), 1.2) for q in qs]
            need = sum(hs) + self.px(8) * max(0, len(hs) - 1)
        else:
            col = (panel_w - self.px(32) - self.px(16)) // 2 - self.px(24)
            need = max(
                (self._paragraph_h(q, col, self._question_size(), 1.2) for q in qs), default=0
            )
        return max(self.px(100), self.px(20) + self.px(30) + need + self.px(4))

    def _timeline_keep(self, lines: int = 1) -> int:
        """The timeline panel's height for its padding, its heading and `lines` lines."""
        return self.px(24) + self.px(34) + lines * Timeline.step(self.scale)

    def _income_size(self) -> float:
        return tx.SIZE_SMALL * self.scale + 1

    def _income_step(self, text: str) -> int:
        return int(tx.font_for(text, int(round(self._income_size()))).get_linesize() * 1.2)

    def _income_h(self, panel_w: int) -> int:
        """The income panel's height for its whole sentence at `panel_w` (at least 88 px)."""
        text = self._income_text()
        lines = mp.wrap_lines(text, panel_w - self.px(32), self._income_size(), False)
        need = self.px(20) + self.px(30) + len(lines) * self._income_step(text) + self.px(4)
        return max(self.px(88), need)

    def _income_text(self) -> str:
        inc = self.income
        parts = ("business" if inc["business"] >= 0.5 else "") + (
            "other" if inc["other"] >= 0.5 else ""
        )
        key = f"debrief_summary.income.{parts or 'insurance'}"
        kinds = t("list.join").join(t(f"debrief_summary.kind.{k}") for k in self.other_kinds)
        if "other" in parts and not kinds:
            key += ".unnamed"  # no kinds known: none named, rather than ones it did not have
        return t(
            key,
            kinds=kinds,
            total=i18n.yuan(inc["total"]),
            ui=i18n.yuan(inc["insurance"]),
            share=i18n.percent(inc["insurance_share"]),
            business=i18n.yuan(inc["business"]),
            other=i18n.yuan(inc["other"]),
        )

    def _paint_income(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        """Where the income came from: the state's insurance apart from the business's profit."""
        pal, sc = self.pal, self.scale
        mp.draw_heading(surf, r, t("debrief_summary.income_from"), pal, sc, icon="coin")
        text = self._income_text()
        mp.draw_paragraph(
            surf,
            r.x,
            r.y + self.px(30),
            r.w,
            text,
            self._income_size(),
            rgb(pal.text),
            max_lines=max(1, (r.h - self.px(30)) // self._income_step(text)),
            line_gap=1.2,
        )

    def _paint_questions(
        self, surf: pygame.Surface, r: pygame.Rect, qs: list[str], stacked: bool = False
    ) -> None:
        pal, sc = self.pal, self.scale
        mp.draw_heading(
            surf,
            r,
            t("debrief_summary.questions"),
            pal,
            sc,
            icon="handshake",
            right=t("debrief_summary.full.hint"),
        )
        y = r.y + self.px(30)
        col = r.w if stacked else (r.w - self.px(16)) // 2
        for i, q in enumerate(qs):
            x = r.x if stacked else r.x + i * (col + self.px(16))
            num = tx.render("\u2022", tx.SIZE_BODY * sc, rgb(pal.amber), bold=True)
            surf.blit(num, (x, y))
            end = mp.draw_paragraph(
                surf,
                x + self.px(24),
                y,
                col - self.px(24),
                q,
                self._question_size(),
                rgb(pal.text),
                line_gap=1.2,
            )
            if stacked:
                y = end + self.px(8)

    def draw_background(self, surface: pygame.Surface) -> None:
        if self._layer is not None:
            surface.blit(self._layer, (0, 0))
        if self.chart is not None:
            self.chart.draw(surface)
        self.timeline.draw(surface)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION and self.chart is not None:
            self.chart.set_hover(event.pos)
        if event.type == pygame.MOUSEWHEEL:
            self.timeline.scroll_by(-event.y)
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            page = self.timeline.page()
            self.timeline.scroll_by(page if event.key == pygame.K_PAGEDOWN else -page)
            return True
        return super().handle_event(event)

    def on_button(self, name: str, element) -> None:
        if self.settling:
            return  # (the full debrief opens in a moment)
        if name == "title":
            self.app.go_home()
        elif name == "charts":
            self.app.open("charts", session=self.session, tab="income")
        elif name == "full":
            # being built ahead: its pieces left, a few milliseconds a frame (this one too),
            # and it opens in the frame after the last (all in the press's frame: 20-25 ms)
            s = self.session
            self.open_when_built("debrief", lambda: self.app.open("debrief", session=s), session=s)
        elif name == "back":
            self.app.pop()

    def on_back(self) -> None:
        self.app.pop()

    def on_resume(self) -> None:
        debrief_ahead.prepare(self.session)  # back from the debrief: ready to open it again
        self._debrief_ahead = False

    def ahead_mark(self) -> tuple:
        return run_moment(self.session)  # (built ahead while the ending is read)

    def update(self, dt: float) -> None:
        if self.opening_step():  # "full" pressed: the debrief opens once built
            return
        # the full debrief, once its reading is done, its pieces while an idle frame has time
        if self._debrief_ahead or debrief_ahead.ready(self.session):
            self._debrief_ahead = True
            if self.app.top is self and self.app.frames > self.shown_at:
                self.prepare_in_pieces("debrief", session=self.session)

    def forget_pictures(self) -> None:
        super().forget_pictures()
        self._layer = None  # painted again when it is built again (3.7 MB at 1280x720)
        # covered (the debrief took its reading already) or closed: the run is not held
        debrief_ahead.forget(self.session)


__all__ = ["DebriefSummaryScene", "timeline", "questions"]
