"""The month screen without a business: the path panel (what the household's path means this
month, and a button per path: look for a job, retrain, migrate, day labour, retire, start a
business) and the town's overview of every trade (sellers and going price)."""

from __future__ import annotations

import pygame

from game import i18n
from game.core import commands as C
from game.i18n import t
from game.ui.panel_base import ButtonSpec, Confirm, Hit
from game.ui.scenes import rows as mp
from game.ui.scenes.month_layout import FREE, PATHS, MonthPanel
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.palette import rgb

# The status each path leads to: its button is greyed while the household is on it.
PATH_STATUS = {
    "job_search": "job_search",
    "retrain": "retraining",
    "migrate": "migrated",
    "day_labour": "day_labour",
    "retire": "retired",
}


class PathPanel(MonthPanel):
    def __init__(self, scene) -> None:
        super().__init__(scene)
        self._text_bottom = 0

    def buttons(self) -> list[ButtonSpec]:
        s, h, r = self.session, self.session.player, self.rect
        pad = self.space("pad")
        gap, bh = self.space("tight"), self.px(34 if self.compact else 36)
        labels = [t(key) for _p, key in PATHS] + [t("month.path.button.business")]
        body = self.scene.font_px("body")
        widest = max(tx.text_width(x, body) for x in labels) + self.px(24)
        cols = 3 if (r.w - 2 * pad - 2 * gap) // 3 >= widest else 2
        rows = -(-len(labels) // cols)
        bw = (r.w - 2 * pad - (cols - 1) * gap) // cols
        y0 = r.bottom - pad - rows * bh - (rows - 1) * gap

        def cell(i: int) -> pygame.Rect:
            return pygame.Rect(
                r.x + pad + (i % cols) * (bw + gap), y0 + (i // cols) * (bh + gap), bw, bh
            )

        status = s.status
        values = self.path_values()
        out = []
        for i, (path, key) in enumerate(PATHS):
            if path == "migrate" and status == "migrated":
                out.append(self._return_home(cell(i)))
                continue
            cmd = C.ChoosePath(h, path)
            why = t("month.tip.path_current") if status == PATH_STATUS[path] else self.reason(cmd)
            tip = t(f"month.tip.path.{path}", **values)
            out.append(
                ButtonSpec(
                    f"path_{path}",
                    cell(i),
                    t(key),
                    why or tip,
                    enabled=why is None,
                    command=cmd,
                    confirm=Confirm(t(key), tip, t("month.path.confirm")),
                )
            )
        rect = cell(len(PATHS))
        can = status in FREE
        label = t("month.path.button.business")
        fits = tx.text_width(label, self.scene.font_px("heading"), bold=True) + self.px(24) <= bw
        out.append(
            ButtonSpec(
                "start_business",
                rect,
                label,
                t("month.tip.path.business") if can else t("month.tip.path.business_busy"),
                cls="primary" if can and fits else None,
                enabled=can,
                action=self.start_business,
            )
        )
        self._text_bottom = y0 - gap
        return out

    def start_business(self) -> None:
        """Plan a business (when free to) and go to the loan office, or straight to the street
        when the loan is not to be had (once built: Scene.open_when_built)."""
        s, h = self.session, self.session.player
        if not s.household().plans_business and s.status in FREE:
            s.submit(C.ChoosePath(h, "self_employ"))
        # not built ahead (the path was chosen now): its pieces a few milliseconds a frame,
        # this one too, and it opens in the frame after the last (all in the press's: 17-20 ms)
        route, app = self._business_route(), self.scene.app
        self.scene.open_when_built(route, lambda: app.open(route, session=s), session=s)

    def _business_route(self) -> str:
        hv, pol = self.session.household(), self.session.params.policy
        wants_loan = pol.loans_enabled and hv.loan_principal <= 0 and not hv.blacklisted
        return "loan_office" if wants_loan else "business"

    def next_screen(self) -> str | None:
        """The loan office, when "start a business" opens it without changing the run (a
        business already planned) and the certificate is granted (the visit is likely): it
        can be built ahead. (Refused, or not asked for: not built every month for nothing.)"""
        s = self.session
        if s.status not in FREE or not s.household().plans_business:
            return None
        if self._business_route() != "loan_office" or s.certificate() != "granted":
            return None
        return "loan_office"

    def _return_home(self, rect: pygame.Rect) -> ButtonSpec:
        h = self.session.player
        tip = t(
            "month.tip.return_home",
            months=i18n.months(int(self.session.household().ui_months_left)),
        )
        cmd = C.ReturnHome(h)
        why = self.reason(cmd)
        label = t("month.path.button.return_home")
        return ButtonSpec(
            "return_home",
            rect,
            label,
            why or tip,
            enabled=why is None,
            command=cmd,
            confirm=Confirm(label, tip, t("month.path.confirm")),
        )

    def path_values(self) -> dict:
        p = self.session.params
        return {
            "wage": mp.yuan(p.income.wage_job_yuan_per_month),
            "chance": i18n.percent(mp.offer_chance(self.session)),
            "months": i18n.months(p.policy.retraining_months),
            "stipend": mp.yuan(p.policy.retraining_stipend_yuan_per_month),
            "migrant_wage": mp.yuan(p.income.migrant_wage_yuan_per_month),
            "day_pay": mp.yuan(
                p.income.day_labour_yuan_per_day * p.income.day_labour_days_per_month
            ),
            "allowance": mp.yuan(p.income.internal_retirement_allowance_yuan_per_month),
        }

    def paint(self, layer: pygame.Surface) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        inner = self.inner()
        icon = {"migrated": "suitcase", "retired": "house", "wage_job": "coin"}.get(
            s.status, "handshake"
        )
        planning = bool(s.household().plans_business) and s.status in FREE
        title = (
            t("month.path.title_planning")
            if planning
            else t("month.path.title", status=mp.status_text(s.status))
        )
        lines = mp.path_summary(s)
        left_out: list[str] = []
        size = tx.SIZE_SMALL * sc + 1
        room = self._text_bottom - (inner.y + self.px(34))
        need = sum(
            len(mp.wrap_lines(x, inner.w, size))
            * int(tx.font_for(x, int(round(size))).get_linesize() * 1.2)
            for x in lines
        )
        more = t("month.path.more") if need > room else None
        mp.draw_heading(layer, inner, title, pal, sc, icon="bag" if planning else icon, right=more)
        y = inner.y + self.px(34)
        for text in lines:
            n = mp.wrap_lines(text, inner.w, size)
            step = int(tx.font_for(text, int(round(size))).get_linesize() * 1.2)
            left = max(0, (self._text_bottom - y) // max(1, step))
            if left < len(n):
                left_out.append(text)  # no room for the whole line: the heading's tooltip
                continue
            y = mp.draw_paragraph(
                layer,
                inner.x,
                y,
                inner.w,
                text,
                size,
                rgb(pal.text),
                max_lines=min(len(n), left),
                line_gap=1.2,
            )
            y += self.px(4)
        self.hits = []
        if left_out:  # what the panel had no room for, on its heading
            head = pygame.Rect(self.rect.x, self.rect.y, self.rect.w, self.px(48))
            self.hits.append((head, [title] + left_out))


class OverviewPanel(MonthPanel):
    """Every trade of the town: its sellers and going price, most sellers first."""

    def paint(self, layer: pygame.Surface) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        inner = self.inner()
        mp.draw_heading(layer, inner, t("month.overview.title"), pal, sc)
        y = inner.y + self.px(32)
        small = tx.SIZE_SMALL * sc
        items = mp.market_overview(s)
        icon = round(16 * sc)
        gap = self.px(10)

        def price_text(i: int, row: dict, unit: bool) -> str:
            price = row.get("median_price")
            if not price:
                return t("month.overview.no_sellers")
            key = s.params.trades[i].key
            return mp.per_unit(price, key) if unit else mp.yuan_cents(price)

        # Columns measured from what they hold; prices lose their unit ("/ bowl"), then the
        # rows their size, before a trade's name would be cut.
        for size in (tx.SIZE_BODY * sc - 1, tx.SIZE_SMALL * sc + 1, tx.SIZE_SMALL * sc):
            px_size = int(round(size))
            name_w = max(tx.text_width(s.trade_name(i), px_size) for i, _r in items)
            sellers_w = max(
                [tx.text_width(t("month.overview.sellers"), int(round(small)))]
                + [
                    tx.text_width(i18n.grouped(int(r.get("sellers", 0))), px_size, True)
                    for _i, r in items
                ]
            )
            for unit in (True, False):
                price_w = max(
                    [tx.text_width(t("month.overview.price"), int(round(small)))]
                    + [tx.text_width(price_text(i, r, unit), px_size) for i, r in items]
                )
                if icon + gap + name_w + gap + sellers_w + gap + price_w <= inner.w:
                    break
            if icon + gap + name_w + gap + sellers_w + gap + price_w <= inner.w:
                break
        col_price = inner.right
        col_sellers = inner.right - price_w - gap
        hs = tx.render(t("month.overview.sellers"), small, rgb(pal.text_dim))
        layer.blit(hs, (col_sellers - hs.get_width(), y))
        hp = tx.render(t("month.overview.price"), small, rgb(pal.text_dim))
        layer.blit(hp, (col_price - hp.get_width(), y))
        y += hs.get_height() + self.px(2)
        row_h = max(self.px(18), min(self.px(24), (inner.bottom - y) // max(1, len(items))))
        hits: list[Hit] = []
        for i, row in items:
            if y + row_h > inner.bottom + self.px(4):
                break
            trade = s.params.trades[i]
            mid = y + row_h // 2
            colour = pal.trade_colour(i, trade.colour)
            pygame.draw.rect(
                layer,
                colour,
                (inner.x, mid - icon // 2 - 1, icon + 2, icon + 2),
                border_radius=self.px(3),
            )
            draw_icon(
                layer, trade.icon, (inner.x + 1, mid - icon // 2, icon, icon), rgb(pal.background)
            )
            name = tx.fit_text(
                s.trade_name(i),
                col_sellers - sellers_w - gap - (inner.x + icon + gap),
                size,
                rgb(pal.text),
            )
            layer.blit(name, (inner.x + icon + gap, mid - name.get_height() // 2))
            n = tx.render(i18n.grouped(int(row.get("sellers", 0))), size, rgb(pal.text), bold=True)
            layer.blit(n, (col_sellers - n.get_width(), mid - n.get_height() // 2))
            has_price = bool(row.get("median_price"))
            p_s = tx.render(
                price_text(i, row, unit), size, rgb(pal.amber if has_price else pal.text_dim)
            )
            layer.blit(p_s, (col_price - p_s.get_width(), mid - p_s.get_height() // 2))
            tip = [
                s.trade_name(i),
                t(
                    "month.tip.overview",
                    sellers=int(row.get("sellers", 0)),
                    entries=int(row.get("entries", 0)),
                    exits=int(row.get("exits", 0)),
                    start=mp.per_unit(trade.start_price_yuan, trade.key),
                    cost=mp.yuan(trade.start_up_cost_yuan),
                    rent=mp.yuan(trade.rent_yuan_per_month),
                ),
            ]
            hits.append((pygame.Rect(inner.x, y, inner.w, row_h), tip))
            y += row_h
        self.hits = hits


__all__ = ["OverviewPanel", "PathPanel"]
