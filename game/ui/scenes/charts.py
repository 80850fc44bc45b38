"""Charts over the months (key C): sellers, going price and profit after rent per trade; the household's
income against its former wage; its cash and debts. Read from the town's curves (game/core/curves.py) and
the session's history only (architecture.md: charts read views, never the internals).

Opened as `app.open("charts", session=session, tab="sellers")`. Keys 1-5 pick a chart, Left
and Right on the chart move the month readout, C or Esc go back.
"""

from __future__ import annotations

import time

import pygame

from game.core.report import own_income
from game.i18n import t
from game.ui import scene as scene_mod
from game.ui.prepared import run_moment
from game.ui.scene import Scene
from game.ui.scenes import rows as mp
from game.ui.widgets import text as tx
from game.ui.widgets.chart import LineChart
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel

TABS = ("sellers", "price", "profit", "income", "debt")
KEYS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5)


def _clean(values: list) -> list:
    return [None if v is None else float(v) for v in values]


def trade_series(session, column: str) -> list[dict]:
    """One series per trade from the town's curves, month 1 first (every chart counts the
    months the same way: month n is its end, as the month screen and the result say)."""
    curves = session.curves()
    hv = session.household()
    mine = int(hv.trade) if int(hv.trade) >= 0 else int(hv.planned_trade)
    out = []
    for i, tr in enumerate(session.params.trades):
        values = curves.trades[tr.key][column][1:]
        name = session.trade_name(i)
        if i == mine:
            name = t("charts.yours", trade=name)
        out.append({"name": name, "values": _clean(values), "colour": tr.colour, "icon": tr.icon})
    return out


def income_series(session) -> list[dict]:
    hist = session.history
    hv = session.household()
    former = float(hv.former_wage)
    spouse = session.budget().spouse_income_yuan
    ratios = session.curves().town["median_income_vs_former_wage"][1:]
    neighbours = [None if r is None else float(r) * former for r in ratios]
    return [
        {
            "name": t("charts.series.former_wage"),
            "values": [former] * len(hist),
            "colour": "#999999",
        },
        {
            "name": t("charts.series.neighbours"),
            "values": neighbours[: len(hist)],
            "colour": "#56B4E9",
        },
        {
            "name": t("charts.series.profit"),
            "values": [float(r.profit) if r.trade >= 0 else None for r in hist],
            "colour": "#009E73",
        },
        {
            "name": t("charts.series.your_income"),
            # the worker's own, as the neighbours' line and the former wage count it
            "values": [own_income(r, spouse) for r in hist],
            "is_player": True,
        },
    ]


def debt_series(session) -> list[dict]:
    hist = session.history
    return [
        {
            "name": t("charts.series.loan"),
            "values": [float(r.loan_principal) for r in hist],
            "colour": "#D55E00",
        },
        {
            "name": t("charts.series.informal"),
            "values": [float(r.informal_debt) for r in hist],
            "colour": "#CC79A7",
        },
        {
            "name": t("charts.series.cash"),
            "values": [float(r.cash) for r in hist],
            "is_player": True,
        },
    ]


def chart_spec(session, tab: str) -> dict:
    if tab == "sellers":
        return {
            "series": trade_series(session, "sellers"),
            "y_format": "int",
            "y_label": t("charts.unit.sellers"),
            "x_start": 1,
        }
    if tab == "price":
        return {
            "series": trade_series(session, "median_price"),
            "y_format": "yuan",
            "y_label": t("charts.unit.price"),
            "x_start": 1,
            "include_zero": False,
        }
    if tab == "profit":
        return {
            "series": trade_series(session, "median_profit"),
            "y_format": "yuan",
            "y_label": t("charts.unit.per_month"),
            "x_start": 1,
        }
    if tab == "income":
        return {
            "series": income_series(session),
            "y_format": "yuan",
            "y_label": t("charts.unit.per_month"),
            "x_start": 1,
        }
    return {
        "series": debt_series(session),
        "y_format": "yuan",
        "y_label": t("charts.unit.yuan"),
        "x_start": 1,
    }


class ChartsScene(Scene):
    fade_in = 0.15

    def __init__(self, app, session, tab: str = "sellers", **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self.tab = tab if tab in TABS else "sellers"
        self.default_focus = f"tab_{self.tab}"
        self.chart: LineChart | None = None
        self._layer: pygame.Surface | None = None
        self.month: int | None = None
        self._back_asked: int | None = None  # the frame "back" was pressed in: go_back
        self._back_built_at = -1  # the last frame that built a piece of the screen below

    def forget_pictures(self) -> None:
        self._layer = None
        self.chart = None

    def ahead_mark(self) -> tuple:
        """Built ahead (the month stays up a frame or two while it is: Scene.open_when_built),
        it shows the run as it was then."""
        return (run_moment(self.session), self.tab)

    def build(self) -> None:
        for _ in self.build_pieces():
            pass

    def build_pieces(self):
        """Three pieces of 2-8 ms (the first opening, at 1280x720): the buttons, the chart,
        the still picture around it."""
        self._make_buttons()
        yield
        self._make_chart()
        yield
        self._paint_layer()

    def _geometry(self) -> tuple[int, int, int, int]:
        """The side column's width, the buttons' height and gap, and where the chart begins."""
        safe = self.safe_rect
        side_w = max(self.px(240), int(self.size[0] * 0.2))
        return side_w, self.px(44), self.px(8), safe.y + self.px(48) + self.px(8)

    def _make_buttons(self) -> None:
        safe = self.safe_rect
        side_w, bh, gap, y = self._geometry()
        for i, tab in enumerate(TABS):
            self.button(
                pygame.Rect(safe.x, y, side_w, bh),
                t(f"charts.tab.{tab}"),
                f"tab_{tab}",
                shortcut=KEYS[i],
                cls="menu",
                tooltip=t(f"charts.help.{tab}"),
                on_adjust=self._move_month,
            )
            y += bh + gap
        self.button(
            pygame.Rect(safe.x, safe.bottom - bh, side_w, bh),
            t("charts.back"),
            "back",
            shortcut=pygame.K_c,
        )

    def _make_chart(self) -> None:
        """The chart of this tab, its still picture drawn now (not in the first draw)."""
        safe = self.safe_rect
        side_w, _bh, _gap, top = self._geometry()
        chart_rect = pygame.Rect(
            safe.x + side_w + self.px(24), top, safe.w - side_w - self.px(24), safe.bottom - top
        )
        spec = chart_spec(self.session, self.tab)
        self.chart = LineChart(
            chart_rect,
            spec["series"],
            title=t(f"charts.title.{self.tab}"),
            y_label=spec["y_label"],
            y_format=spec["y_format"],
            x_start=spec["x_start"],
            include_zero=spec.get("include_zero", True),
            scale=self.scale,
            palette=self.pal,
        )
        self.chart.text_boxes  # noqa: B018 - (paints its still picture)
        if self.month is not None:
            self.chart.set_hover_month(self.month)

    def _paint_layer(self) -> None:
        """The window's still picture: the heading and this tab's help under the buttons."""
        w, h = self.size
        safe = self.safe_rect
        pal, sc = self.pal, self.scale
        side_w, bh, gap, y = self._geometry()
        help_top = y + len(TABS) * (bh + gap) + self.px(12)
        layer = pygame.Surface((w, h))
        layer.fill(rgb(pal.background))
        ts = tx.fit_text(
            t("charts.heading", when=mp.calendar(self.session, max(self.session.month - 1, 0))),
            safe.w,
            tx.SIZE_BIG * sc * 1.15,
            rgb(pal.text),
            bold=True,
        )
        layer.blit(ts, (safe.x, safe.y))
        box = pygame.Rect(safe.x, help_top, side_w, safe.bottom - bh - self.px(16) - help_top)
        if box.h > self.px(40):
            draw_panel(layer, box, pal, sc)
            mp.draw_paragraph(
                layer,
                box.x + self.px(12),
                box.y + self.px(10),
                box.w - self.px(24),
                t(f"charts.help.{self.tab}"),
                tx.SIZE_SMALL * sc + 1,
                rgb(pal.text_dim),
                max_lines=max(1, (box.h - self.px(20)) // self.px(20)),
                line_gap=1.2,
            )
        self._layer = layer.convert() if pygame.display.get_surface() is not None else layer

    def update(self, dt: float) -> None:
        """From the frame after the one that showed it: the month under it is built again,
        unseen, so going back only shows it (app.prepare_back)."""
        if self._back_asked is not None:
            self._back_step()
        elif self.app.top is self and self.app.frames > self.shown_at:
            self.app.prepare_back()

    @property
    def settling(self) -> bool:
        return self._back_asked is not None or super().settling

    def on_back(self) -> None:
        self.go_back()

    def go_back(self) -> None:
        """Back to the month. Pressed before the idle frames had built it again (one piece a
        frame), the rest is built now, a few milliseconds a frame (this one too), and it is
        shown in the frame after the last piece: built whole in the press's frame, it took
        18-21 ms on top of the press (issue 17). At most OPEN_WAIT_FRAMES frames."""
        if self._back_asked is None and self.app.top is self:
            self._back_asked = self.app.frames
            self._back_step()

    def _back_step(self) -> None:
        app, asked = self.app, self._back_asked
        if app.top is not self or asked is None:
            self._back_asked = None
            return
        if self._back_built_at == app.frames:
            return  # (built pieces in this frame: shown in the next)
        start = time.perf_counter()
        built = False
        while app.frames - asked < scene_mod.OPEN_WAIT_FRAMES and not app.prepare_back():
            built = True
            if time.perf_counter() - start >= scene_mod.OPEN_BUDGET_S:
                self._back_built_at = app.frames
                return
        if built:  # (its last piece in this frame: shown in the next)
            self._back_built_at = app.frames
            return
        self._back_asked = None
        app.pop()

    def draw_on_widgets(self, surface: pygame.Surface) -> None:
        for el in self._elements:
            if self.name_of(el) == f"tab_{self.tab}":
                r = el.rect
                bar = pygame.Rect(r.x + self.px(4), r.y + self.px(8), self.px(6), r.h - self.px(16))
                pygame.draw.rect(surface, rgb(self.pal.amber), bar, border_radius=self.px(3))

    def _move_month(self, direction: int) -> None:
        if self.chart is None or self.chart.n_months == 0:
            return
        last = self.chart.x_start + self.chart.n_months - 1
        current = self.month if self.month is not None else last + (1 if direction < 0 else 0)
        self.month = max(self.chart.x_start, min(last, current + direction))
        self.chart.set_hover_month(self.month)

    def draw_background(self, surface: pygame.Surface) -> None:
        if self._layer is not None:
            surface.blit(self._layer, (0, 0))
        if self.chart is not None:
            self.chart.draw(surface)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION and self.chart is not None:
            m = self.chart.set_hover(event.pos)
            self.month = m
        return super().handle_event(event)

    def on_button(self, name: str, element) -> None:
        if self.settling:
            return  # (going back in a moment)
        if name == "back":
            self.go_back()
        elif name.startswith("tab_") and name[4:] != self.tab:
            # another chart: its picture and help, the buttons kept (half the frame)
            self.tab = name[4:]
            self._make_chart()
            self._paint_layer()
            self.focus.focus_name(name)


__all__ = ["ChartsScene", "chart_spec"]
