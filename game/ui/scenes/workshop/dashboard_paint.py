"""The dashboard's pictures, painted once into cached surfaces and only again when something
the facilitator sees has changed (a month, a seat ending it, a rule, a reveal): each town's
street with every seat's shop marked, the town's curves, and the seats' table. A frame then
blits one surface and the clock (benchmarks/bench_dashboard.py measures it)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game import i18n
from game.core.curves import town_curves
from game.i18n import t
from game.ui import theme
from game.ui.scenes.month_layout import street_lots
from game.ui.widgets.chart import LineChart
from game.ui.widgets.palette import rgb
from game.ui.widgets.street import StreetView
from game.ui.widgets.text import fit_text

CURVES = ("self_employed", "wage_job", "day_labour", "migrated")


@dataclass
class Painted:
    """A cached picture and what the pointer can ask about on it: (rect, tooltip lines)."""

    surface: pygame.Surface
    hits: list[tuple[pygame.Rect, list[str]]] = field(default_factory=list)


def seat_colour(pal, index: int) -> tuple[int, int, int]:
    from game.ui.widgets.palette import OKABE_ITO  # noqa: PLC0415

    return rgb(OKABE_ITO[index % len(OKABE_ITO)])


def status_text(row: dict, scenario) -> str:
    """A seat's doing in a few words: its trade if it runs a business, else its status."""
    if row["status"] == "self_employed" and row.get("trade_index", -1) >= 0:
        from game.workshop.seats import trade_name  # noqa: PLC0415

        return trade_name(scenario, row["trade_index"]) or t("status.self_employed")
    return t("status." + row["status"])


def private_lines(row: dict) -> list[str]:
    p = row.get("private")
    if not p:
        return [t("wsui.dash.hidden")]
    return [
        t("wsui.dash.cash", amount=i18n.yuan(p["cash_yuan"])),
        t("wsui.dash.debts", amount=i18n.yuan(p["informal_debt_yuan"] + p["loan_yuan"])),
        t("wsui.dash.net_worth", amount=i18n.yuan(p["net_worth_yuan"])),
    ]


class TownPicture:
    """One town's street (seats' shops marked) and curves, painted into one surface."""

    def __init__(self, scale: float, pal) -> None:
        self.scale, self.pal = scale, pal
        self.street: StreetView | None = None
        self.chart: LineChart | None = None

    def paint(self, room, town: int, rect: pygame.Rect, key: tuple) -> Painted:
        ws, s = room.ws, self.scale
        surf = pygame.Surface(rect.size)
        surf.fill(rgb(self.pal.panel))
        hits: list[tuple[pygame.Rect, list[str]]] = []
        pad = round(8 * s)
        title = t("wsui.dash.town", n=town + 1) if len(ws.towns) > 1 else t("wsui.dash.the_town")
        title = t("wsui.dash.town_head", town=title, curves=t("wsui.dash.curves"))
        head = fit_text(title, rect.w - 2 * pad, theme.scaled(16, s), rgb(self.pal.text), bold=True)
        surf.blit(head, (pad, pad))
        top = pad + head.get_height() + round(4 * s)
        street_w = int(rect.w * 0.55)
        street_rect = pygame.Rect(pad, top, street_w - pad, rect.h - top - pad)
        seats = [x for x in ws.seats if x.town == town]
        run = seats[0].run if seats else None
        if run is not None:
            lots = street_lots(run, show_side_street=False)
            by_house = {x.household: x for x in seats}
            for d in lots:
                d["is_player"] = False
                d["new"] = False
            if self.street is None:
                self.street = StreetView(street_rect, scale=s, palette=self.pal)
            elif self.street.rect != street_rect or self.street.scale != s:
                self.street.set_rect(street_rect, s)
            self.street.set_lots(lots)
            self.street.draw(surf)
            for d in lots:
                seat = by_house.get(d.get("household", -1))
                r = self.street.lot_rect(d["lot"]) if seat is not None else None
                if r is None:
                    continue
                self._mark(surf, r, seat.index)
                hits.append(
                    (
                        r.move(rect.topleft),
                        [seat.name, t("wsui.dash.shop_of", trade=d.get("trade_name", ""))]
                        + (private_lines(_private(ws, seat.index)) if seat.revealed else []),
                    )
                )
            hits.append(
                (
                    street_rect.move(rect.topleft),
                    [t("wsui.dash.street_tip_title"), t("wsui.dash.street_tip")],
                )  # fmt: skip
            )
        chart_rect = pygame.Rect(
            street_w + pad, top, rect.w - street_w - 2 * pad, rect.h - top - pad
        )
        # Month n is its end, as the header and every chart of the game count (row 0 is the
        # layoff month the towns open on).
        curves = town_curves(ws.towns[town]).town_rows()[1:]
        shown = CURVES if chart_rect.h >= round(230 * s) else CURVES[:1]  # a short block: one
        series = [
            {"name": t(f"wsui.curve.{c}"), "values": [r.get(c) for r in curves]} for c in shown
        ]
        self.chart = LineChart(
            chart_rect, series, title="", scale=s, palette=self.pal,
            x_start=1,
        )  # fmt: skip
        self.chart.draw(surf)
        lines = [t("wsui.dash.curves")]
        if curves:
            last = curves[-1]
            lines += [f"{t(f'wsui.curve.{c}')}: {int(last.get(c) or 0)}" for c in CURVES]
        hits.append((chart_rect.move(rect.topleft), lines))
        return Painted(surf, hits)

    def _mark(self, surf: pygame.Surface, r: pygame.Rect, index: int) -> None:
        """A seat's shop: a ring in its colour and its number on a tag above the awning."""
        s = self.scale
        colour = seat_colour(self.pal, index)
        pygame.draw.rect(surf, colour, r, max(2, round(3 * s)), border_radius=round(6 * s))
        tag = fit_text(str(index + 1), r.w, theme.scaled(13, s), rgb(self.pal.outline), bold=True)
        box = tag.get_rect(midtop=(r.centerx, r.y + round(2 * s))).inflate(
            round(8 * s), round(2 * s)
        )
        pygame.draw.rect(surf, colour, box, border_radius=round(4 * s))
        surf.blit(tag, tag.get_rect(center=box.center))


def _private(ws, index: int) -> dict:
    s = ws.seat(index)
    f = s.engine.player_facts(s.household)
    return {
        "private": {
            "cash_yuan": f["cash_yuan"],
            "informal_debt_yuan": f["informal_debt_yuan"],
            "loan_yuan": f["loan_yuan"],
            "net_worth_yuan": f["cash_yuan"] - f["informal_debt_yuan"] - f["loan_yuan"],
        }
    }


def seat_rows(room) -> list[dict]:
    """The seats as the table shows them (the dashboard view's rows, plus what the table
    needs: the trade's index, the strategy line)."""
    ws = room.ws
    index = {tr.key: i for i, tr in enumerate(ws.scenario.params.trades)}
    rows = []
    for s in ws.seats:
        f = s.engine.player_facts(s.household)
        trade = index.get(f["trade"], -1)
        row = {
            "seat": s.index,
            "town": s.town,
            "name": s.name,
            "strategy": s.spec.strategy,
            "occupied": s.occupied,
            "done": s.done,
            "status": f["status"],
            "trade_index": trade if f["status"] == "self_employed" else -1,
            "late_months": len(s.late_months),
            "revealed": s.revealed,
        }
        if s.revealed:
            row.update(_private(ws, s.index))
        rows.append(row)
    return rows


def paint_table(room, towns: list[int], rect: pygame.Rect, scale: float, pal) -> Painted:
    """The seats of the towns shown: a mark (ended the month / still deciding / scripted), the
    number, the name, what it is doing, and its net worth once revealed; two columns when
    one does not hold them."""
    ws, s = room.ws, scale
    surf = pygame.Surface(rect.size)
    surf.fill(rgb(pal.panel))
    hits: list[tuple[pygame.Rect, list[str]]] = []
    pad = round(8 * s)
    size = theme.scaled(14, s)
    rows = [r for r in seat_rows(room) if r["town"] in towns]
    head = fit_text(
        t("wsui.dash.seats"), rect.w - 2 * pad, theme.scaled(16, s), rgb(pal.text), True
    )
    surf.blit(head, (pad, pad))
    top = pad + head.get_height() + round(6 * s)
    row_h = max(round(20 * s), min(round(30 * s), (rect.h - top - pad) // max(1, len(rows))))
    per_col = max(1, (rect.h - top - pad) // row_h)
    cols = -(-len(rows) // per_col)
    col_w = (rect.w - 2 * pad) // max(1, cols)
    if cols > 1:  # two columns on a projector: a size smaller, so names stay whole
        size = theme.scaled(13, s)
    for i, row in enumerate(rows):
        c, k = divmod(i, per_col)
        x, y = pad + c * col_w, top + k * row_h
        box = pygame.Rect(x, y, col_w - round(6 * s), row_h - round(2 * s))
        if k % 2 == 0:
            pygame.draw.rect(surf, rgb(pal.background), box)
        if not row["occupied"] or ws.over:
            mark, tone = "·", pal.text_dim
        elif row["done"]:
            mark, tone = "✓", pal.teal
        else:
            mark, tone = "…", pal.amber
        dot = round(5 * s)
        pygame.draw.circle(surf, seat_colour(pal, row["seat"]), (x + dot + 2, box.centery), dot)
        m = fit_text(mark, round(18 * s), size, rgb(tone), True)
        surf.blit(m, (x + 2 * dot + round(6 * s), box.centery - m.get_height() // 2))
        left = x + 2 * dot + round(20 * s)
        net = ""
        if row.get("private") and col_w >= round(200 * s):  # else the name (money in the tip)
            net = i18n.yuan(row["private"]["net_worth_yuan"])
        net_w = round(66 * s) if net else 0
        # a narrow column (three of them at large text) keeps the name and the money whole
        share = 58 if col_w >= round(280 * s) else 100
        name_w = (box.right - left - net_w) * share // 100
        label = f"{row['seat'] + 1}. {row['name']}"
        surf.blit(fit_text(label, name_w - round(4 * s), size, rgb(pal.text), min_size=size),
                  (left, box.centery - size * 0.65))  # fmt: skip
        doing = status_text(row, ws.scenario)
        if share < 100:
            surf.blit(fit_text(doing, box.right - left - name_w - net_w, size, rgb(pal.text_dim),
                               min_size=size), (left + name_w, box.centery - size * 0.65))  # fmt: skip
        if net:
            n = fit_text(net, net_w - round(4 * s), size, rgb(pal.text), min_size=size)
            surf.blit(n, (box.right - n.get_width() - round(2 * s), box.centery - size * 0.65))
        state = (
            t("wsui.dash.row_scripted") if not row["occupied"]
            else t("wsui.dash.row_done") if row["done"] else t("wsui.dash.row_deciding")
        )  # fmt: skip
        tip = [label, state, doing]
        if row["strategy"]:
            tip.append(t("wsui.dash.row_plan", plan=row["strategy"]))
        if row["late_months"]:
            tip.append(t("wsui.dash.row_late", n=row["late_months"]))
        tip += private_lines(row)
        hits.append((box.move(rect.topleft), tip))
    return Painted(surf, hits)


__all__ = ["CURVES", "Painted", "TownPicture", "paint_table", "seat_rows", "status_text"]
