"""The month screen's layout (panels anchored to the window, spaced on the theme's grid), the
base of its panels, the paths a laid-off worker can take and the street's lots."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game import i18n
from game.core import names
from game.ui.panel_base import Hit, Panel
from game.ui.scenes import rows as mp
from game.ui.theme import SPACING

PATHS = (
    ("job_search", "month.path.button.job_search"),
    ("retrain", "month.path.button.retrain"),
    ("migrate", "month.path.button.migrate"),
    ("day_labour", "month.path.button.day_labour"),
    ("retire", "month.path.button.retire"),
)
FREE = ("laid_off", "job_search", "day_labour")


@dataclass
class MonthLayout:
    household: pygame.Rect
    street: pygame.Rect
    business: pygame.Rect
    market: pygame.Rect
    log: pygame.Rect
    actions: pygame.Rect  # bottom right: charts, menu, end month
    compact: bool = False  # few design pixels (large text on a small window): tighter panels

    def panels(self) -> list[pygame.Rect]:
        return [self.household, self.street, self.business, self.market, self.log, self.actions]


COMPACT_BELOW = 640  # design pixels of window height under which the month screen is compact


def compute_layout(size: tuple[int, int], scale: float) -> MonthLayout:
    """Panels anchored to the window on the 8 px grid, 24 px from every edge (visual-style.md).

    With few design pixels (1024x576 at the largest text sizes) the street gives up height
    so the business, the market and the log keep room for every line."""
    w, h = size

    def px(v: float) -> int:
        return int(round(v * scale))

    m, gap = px(SPACING["edge"]), px(SPACING["gap"])
    compact = h / scale < COMPACT_BELOW
    left_w = px(280) if compact else max(px(280), min(px(360), int(w * 0.235)))
    household = pygame.Rect(m, m, left_w, h - 2 * m)
    x0 = household.right + gap
    right_w = w - m - x0
    if compact:
        bottom_h = px(124)
        mid_h = px(232)
        street_h = max(px(136), h - 2 * m - bottom_h - mid_h - 2 * gap)
    else:
        bottom_h = max(px(152), int(h * 0.21))
        street_h = max(px(232), int(h * 0.335))
    street = pygame.Rect(x0, m, right_w, street_h)
    mid_y = street.bottom + gap
    mid_h = h - m - bottom_h - gap - mid_y
    bus_w = int((right_w - gap) * 0.56)
    business = pygame.Rect(x0, mid_y, bus_w, mid_h)
    market = pygame.Rect(business.right + gap, mid_y, right_w - bus_w - gap, mid_h)
    act_w = max(px(276 if compact else 300), int(right_w * 0.28))
    actions = pygame.Rect(x0 + right_w - act_w, h - m - bottom_h, act_w, bottom_h)
    log = pygame.Rect(x0, actions.y, actions.x - gap - x0, bottom_h)
    return MonthLayout(household, street, business, market, log, actions, compact)


def street_lots(session, show_side_street: bool = True) -> list[dict]:
    """The street as StreetView draws it: translated trade names and units; a player whose
    business is in a side street (no lot was free) is shown at the end of the row, marked."""
    lots = session.street()
    for d in lots:
        tr = int(d.get("trade", -1))
        if tr >= 0:
            d["trade_name"] = session.trade_name(tr)
            d["unit_key"] = mp.unit_key(d.get("trade_key", ""))
    hv, h = session.household(), session.player
    tr = int(hv.trade)
    if show_side_street and tr >= 0 and int(hv.lot) < 0:
        trade = session.params.trades[tr]
        lots.append(
            {
                "lot": len(lots),
                "household": h,
                "trade": tr,
                "trade_key": trade.key,
                "trade_name": session.trade_name(tr),
                "icon": trade.icon,
                "colour": trade.colour,
                "owner": session.player_name(),
                "surname": session.player_name().split(" ")[0],
                "age": int(hv.age),
                "former_job": names.FORMER_JOBS[int(hv.former_job)],
                "price_yuan": float(hv.price),
                "months_open": int(hv.months_open),
                "state": "open",
                "is_player": True,
                "new": int(hv.months_open) <= 1,
                "unit_key": mp.unit_key(trade.key),
            }
        )
    return lots


class MonthPanel(Panel):
    """A panel of the month screen: its numbers count with their own counter; `compact` is the
    screen's tight layout (large text on a small window)."""

    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.counter = mp.Counter()
        self.compact = False

    def place_in(self, rect: pygame.Rect, compact: bool) -> None:
        self.place(rect)
        self.compact = compact

    def update(self, dt: float) -> None:
        self.counter.tick(dt)

    def reason(self, cmd) -> str | None:
        """Why the engine would refuse `cmd` now (None: it would not)."""
        reasons = self.session.reasons(cmd)
        return i18n.then(*reasons) if reasons else None

    def draw_rows(
        self, surface: pygame.Surface, rows: list[mp.Row], at: pygame.Rect, row_h: int
    ) -> list[Hit]:
        """Label left, value right, from `at`'s top-left; the rows' tooltips under the mouse."""
        rect = pygame.Rect(at.x, at.y, at.w, mp.rows_height(rows, row_h, self.scale))
        return mp.draw_rows(surface, rect, rows, self.counter, self.pal, self.scale, row_h)

    def space(self, role: str) -> int:
        """A spacing of the theme's scale ("edge", "gap", "pad", "tight", "hair"), scaled."""
        return self.px(SPACING[role])

    def inner(self) -> pygame.Rect:
        pad = self.space("pad")
        r = self.rect
        return pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad)
