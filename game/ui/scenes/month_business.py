"""The month screen with a business: the business panel (price and hours with their steppers,
the stall's profit and break-even, the trade's price agreement, closing) and the market panel
(the trade's sellers, prices, sales and a bar per month of how many sell)."""

from __future__ import annotations

import pygame

from game import i18n
from game.core import commands as C
from game.i18n import t
from game.ui.panel_base import ButtonSpec, Confirm
from game.ui.scenes import rows as mp
from game.ui.scenes.month_layout import MonthPanel
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb

HOURS_STEP = 26  # the hours stepper moves a day's work a week over a month (26 days)


class BusinessPanel(MonthPanel):
    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.rows: list[mp.Row] = []
        self.rows_at = pygame.Rect(0, 0, 0, 0)
        self.beside = True  # the stall's numbers sit beside the controls (else in the market)
        self._steppers: dict[str, tuple[pygame.Rect, pygame.Rect, str]] = {}
        self._controls_right = 0
        self._agreement_y = 0

    # ---- buttons --------------------------------------------------------------------------
    def buttons(self) -> list[ButtonSpec]:
        s, hv, h, r = self.session, self.session.household(), self.session.player, self.rect
        trade = s.params.trades[int(hv.trade)]
        pad = self.space("pad")
        top = r.y + pad + self.px(34)
        bh, gap = self.px(34 if self.compact else 36), self.px(6 if self.compact else 8)
        body = self.scene.font_px("body")
        label_w = max(tx.text_width(t(f"month.business.{k}"), body) for k in ("price", "hours"))
        label_w += self.px(10)
        x = r.x + pad + label_w
        price, hours = float(hv.price), float(hv.hours)
        step = mp.nice_step(trade.start_price_yuan)
        widest = max(
            tx.text_width(mp.per_unit(max(price, 10.0) * 1.5 + 10, trade.key), body, True),
            tx.text_width(t("month.hours_value", hours=i18n.grouped(325)), body, True),
        )
        val_w = widest + self.px(12)
        shown = {
            "price": mp.per_unit(price, trade.key),
            "hours": t("month.hours_value", hours=i18n.grouped(hv.hours)),
        }
        moves = {
            "price": (C.SetPrice(h, round(price - step, 2)), C.SetPrice(h, round(price + step, 2))),
            "hours": (C.SetHours(h, hours - HOURS_STEP), C.SetHours(h, hours + HOURS_STEP)),
        }
        out = []
        self._steppers = {}
        for row, name in enumerate(("price", "hours")):
            y = top + row * (bh + gap)
            adjust = self._adjuster(name)
            for way, cmd, bx, text in (
                ("down", moves[name][0], x, "\u2212"),
                ("up", moves[name][1], x + bh + val_w, "+"),
            ):
                why = self.reason(cmd)
                out.append(
                    ButtonSpec(
                        f"{name}_{way}",
                        pygame.Rect(bx, y, bh, bh),
                        text,
                        why or t(f"month.tip.{name}_{way}", step=mp.per_unit(step, trade.key)),
                        cls="stepper",
                        enabled=why is None,
                        on_adjust=adjust,
                        command=cmd,
                    )
                )
            self._steppers[name] = (
                pygame.Rect(r.x + pad, y, label_w, bh),
                pygame.Rect(x + bh, y, val_w, bh),
                shown[name],
            )
        self._controls_right = x + 2 * bh + val_w
        # The stall's own numbers (profit, break-even) sit beside the controls when there is
        # room, else they join the market's list.
        self.beside = r.right - pad - (self._controls_right + self.px(20)) >= self.px(132)
        y = r.bottom - pad - bh
        half = (r.w - 2 * pad - gap) // 2
        out.append(self._agreement(pygame.Rect(r.x + pad, y, half, bh)))
        out.append(
            ButtonSpec(
                "close",
                pygame.Rect(r.x + pad + half + gap, y, r.w - 2 * pad - half - gap, bh),
                t("month.button.close"),
                t("month.tip.close", salvage=i18n.percent(s.params.behaviour.salvage_share)),
                shortcut=pygame.K_x,
                command=C.CloseBusiness(h),
                confirm=Confirm(
                    t("month.close.title"),
                    t(
                        "month.close.body",
                        salvage=mp.yuan(float(hv.capital) * s.params.behaviour.salvage_share),
                    ),
                    t("month.close.yes"),
                ),
            )
        )
        self._agreement_y = top + 2 * (bh + gap)
        return out

    def _adjuster(self, name: str):
        """Left/Right on a focused stepper press its down/up button."""
        return lambda direction: self.scene.press(f"{name}_{'up' if direction > 0 else 'down'}")

    def _agreement(self, rect: pygame.Rect) -> ButtonSpec:
        """Join, leave or propose a price agreement; when none is possible, the button says why."""
        s, hv, h = self.session, self.session.household(), self.session.player
        tr = int(hv.trade)
        trade = s.params.trades[tr]
        market = s.market(tr)
        floor = mp.per_unit(market.agreement_floor, trade.key)
        values = mp.proposal_values(s)
        confirm: Confirm | None = None
        then = None
        cmd: C.Command
        if hv.in_agreement:
            cmd, label, tip = C.LeaveAgreement(h), "leave_agreement", "leave_agreement"
        elif market.agreement_active:
            cmd, label, tip = C.JoinAgreement(h), "join_agreement", "join_agreement"
        else:
            cmd, label, tip = C.ProposeAgreement(h), "propose_agreement", "propose_agreement"
            confirm = Confirm(
                t("month.agreement.propose.title"),
                t("month.agreement.propose.body", **values),
                t("month.agreement.propose.yes"),
            )
            then = lambda: self._answer(values)  # noqa: E731
        why = self.reason(cmd)
        return ButtonSpec(
            "agreement",
            rect,
            t(f"month.button.{label}"),
            why or t(f"month.tip.{tip}", floor=floor, **values),
            shortcut=pygame.K_a,
            enabled=why is None,
            command=cmd,
            confirm=confirm,
            then=then,
        )

    def _answer(self, values: dict) -> None:
        """The other sellers' answer to a proposed agreement: formed or refused, with counts."""
        out = self.session.last_outcome
        key = "formed" if out.get("outcome") == "agreement_formed" else "refused"
        self.scene.app.message(
            t(f"month.agreement.{key}.title"),
            t(
                f"month.agreement.{key}.body",
                **{
                    **values,
                    "joined": int(out.get("joined", 0)),
                    "sellers": int(out.get("sellers", values.get("sellers", 0))),
                },
            ),
        )

    # ---- numbers and picture --------------------------------------------------------------
    def sync(self, animate: bool) -> None:
        self.rows = mp.business_rows(self.session)
        self.counter.sync(self.rows, animate)

    def shown_rows(self) -> list[mp.Row]:
        return self.rows if self.beside else []

    def paint(self, layer: pygame.Surface) -> None:
        s, pal, sc, r = self.session, self.pal, self.scale, self.rect
        hv = s.household()
        tr = int(hv.trade)
        trade = s.params.trades[tr]
        pad = self.space("pad")
        inner = self.inner()
        lot = int(hv.lot)
        where = (
            t("month.business.lot", lot=lot + 1) if lot >= 0 else t("month.business.side_street")
        )
        months_open = int(hv.months_open)
        right = (
            t("month.business.open_for", where=where, months=i18n.months(months_open))
            if months_open > 0
            else t("month.business.new", where=where)
        )
        mp.draw_heading(
            layer,
            inner,
            t("month.business.title", trade=mp.trade_word(s.trade_name(tr))),
            pal,
            sc,
            icon=trade.icon,
            colour=pal.trade_colour(tr, trade.colour),
            right=right,
        )
        for name, (label_rect, value_rect, value_text) in self._steppers.items():
            ls = tx.fit_text(
                t(f"month.business.{name}"),
                label_rect.w - self.px(6),
                tx.SIZE_BODY * sc,
                rgb(pal.text_dim),
            )
            layer.blit(ls, (label_rect.x, label_rect.centery - ls.get_height() // 2))
            vs = tx.fit_text(
                value_text, value_rect.w - self.px(8), tx.SIZE_BODY * sc, rgb(pal.amber), bold=True
            )
            layer.blit(vs, vs.get_rect(center=value_rect.center))
        rx = self._controls_right + self.px(20)
        self.rows_at = pygame.Rect(rx, inner.y + self.px(34), inner.right - rx, 0)
        market = s.market(tr)
        key = (
            "month.agreement.member"
            if hv.in_agreement
            else ("month.agreement.active" if market.agreement_active else "month.agreement.none")
        )
        text = t(key, floor=mp.per_unit(market.agreement_floor, trade.key))
        room = (r.bottom - pad - self.px(36) - self.px(6)) - self._agreement_y
        mp.draw_paragraph(
            layer,
            inner.x,
            self._agreement_y,
            inner.w,
            text,
            tx.SIZE_SMALL * sc + 1,
            rgb(pal.text_dim),
            max_lines=max(1, room // self.px(18)),
            line_gap=1.15,
        )

    def draw(self, surface: pygame.Surface) -> None:
        rows = self.shown_rows()
        self.hits = mp.draw_rows(
            surface,
            self.rows_at,
            rows,
            self.counter,
            self.pal,
            self.scale,
            self.px(44),
            blocks=True,
        )


class MarketPanel(MonthPanel):
    """The trade's market; the stall's numbers too when the business panel has no room."""

    def __init__(self, scene, business: BusinessPanel) -> None:
        super().__init__(scene)
        self.business = business
        self.rows: list[mp.Row] = []
        self.rows_at = pygame.Rect(0, 0, 0, 0)
        self.row_h = 26

    def sync(self, animate: bool) -> None:
        stall = [] if self.business.beside else self.business.rows
        self.rows = mp.market_rows(self.session) + stall
        self.counter.sync(self.rows, animate)

    def paint(self, layer: pygame.Surface) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        tr = int(s.household().trade)
        inner = self.inner()
        mp.draw_heading(layer, inner, t("month.market.title", trade=s.trade_name(tr)), pal, sc)
        room = inner.bottom - (inner.y + self.px(34))
        notes = sum(round(14 * sc) for row in self.rows if row.note)
        self.row_h = max(self.px(20), min(self.px(26), (room - notes) // max(1, len(self.rows))))
        self.rows_at = pygame.Rect(inner.x, inner.y + self.px(34), inner.w, 0)
        top = inner.y + self.px(34) + mp.rows_height(self.rows, self.row_h, sc) + self.px(8)
        trade = s.params.trades[tr]
        history = [int(n) for n in s.curves().trades[trade.key]["sellers"]]
        box = pygame.Rect(inner.x, top, inner.w, inner.bottom - top)
        if box.h >= self.px(36) and history:
            mp.draw_sellers_bars(layer, box, history, pal.trade_colour(tr, trade.colour), pal, sc)

    def draw(self, surface: pygame.Surface) -> None:
        self.hits = self.draw_rows(surface, self.rows, self.rows_at, self.row_h)


__all__ = ["BusinessPanel", "MarketPanel"]
