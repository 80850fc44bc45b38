"""The month: the household, the street, the business (or the path), the market, the log, and
the big amber "End month" button (E or Enter).

Opened as `app.open("month", session=session)`. Every decision is a command through
`session.submit`; the screen keeps no game state of its own. After a month the result screen
shows what happened and why; when it closes, the numbers here count to their new values, then
the month's events and (when the loan falls due soon) the loan-due screen follow.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game import i18n
from game.core import commands as C
from game.core import names
from game.i18n import t
from game.ui import theme
from game.ui.focus import ACTIVATE_KEYS
from game.ui.scene import Scene
from game.ui.scenes import month_panels as mp
from game.ui.widgets import text as tx
from game.ui.widgets.palette import get_palette, rgb
from game.ui.widgets.panel import draw_panel, place_near, render_tooltip
from game.ui.widgets.street import StreetView

PATHS = (("job_search", "month.path.button.job_search"), ("retrain", "month.path.button.retrain"),
         ("migrate", "month.path.button.migrate"), ("day_labour", "month.path.button.day_labour"),
         ("retire", "month.path.button.retire"))
FREE = ("laid_off", "job_search", "day_labour")


@dataclass
class ButtonSpec:
    name: str
    rect: pygame.Rect
    text: str
    tip: str
    cls: str | None = None
    shortcut: int | None = None
    enabled: bool = True
    on_adjust: object = None
    show_key: bool = True

    def key(self) -> tuple:
        return (self.name, tuple(self.rect), self.cls, self.shortcut)


@dataclass
class MonthLayout:
    household: pygame.Rect
    street: pygame.Rect
    business: pygame.Rect
    market: pygame.Rect
    log: pygame.Rect
    actions: pygame.Rect   # bottom right: charts, menu, end month

    def panels(self) -> list[pygame.Rect]:
        return [self.household, self.street, self.business, self.market, self.log, self.actions]


def compute_layout(size: tuple[int, int], scale: float) -> MonthLayout:
    """Panels anchored to the window on the 8 px grid, 24 px from every edge (visual-style.md)."""
    w, h = size

    def px(v: float) -> int:
        return int(round(v * scale))

    m, gap = px(24), px(16)
    left_w = max(px(280), min(px(360), int(w * 0.235)))
    household = pygame.Rect(m, m, left_w, h - 2 * m)
    x0 = household.right + gap
    right_w = w - m - x0
    bottom_h = max(px(152), int(h * 0.21))
    street_h = max(px(232), int(h * 0.335))
    street = pygame.Rect(x0, m, right_w, street_h)
    mid_y = street.bottom + gap
    mid_h = h - m - bottom_h - gap - mid_y
    bus_w = int((right_w - gap) * 0.56)
    business = pygame.Rect(x0, mid_y, bus_w, mid_h)
    market = pygame.Rect(business.right + gap, mid_y, right_w - bus_w - gap, mid_h)
    act_w = max(px(264), int(right_w * 0.28))
    actions = pygame.Rect(x0 + right_w - act_w, h - m - bottom_h, act_w, bottom_h)
    log = pygame.Rect(x0, actions.y, actions.x - gap - x0, bottom_h)
    return MonthLayout(household, street, business, market, log, actions)


def street_lots(session, show_side_street: bool = True) -> list[dict]:
    """The street as StreetView draws it: translated trade names and units; a player whose
    business is in a side street (no lot was free) is shown at the end of the row, marked."""
    lots = session.engine.street(session.lang)
    for d in lots:
        tr = int(d.get("trade", -1))
        if tr >= 0:
            d["trade_name"] = session.trade_name(tr)
            d["unit_key"] = mp.unit_key(d.get("trade_key", ""))
    st, h = session.engine.state, session.player
    tr = int(st.trade[h])
    if show_side_street and tr >= 0 and int(st.lot[h]) < 0:
        trade = session.params.trades[tr]
        lots.append({"lot": len(lots), "household": h, "trade": tr, "trade_key": trade.key,
                     "trade_name": session.trade_name(tr), "icon": trade.icon, "colour": trade.colour,
                     "owner": session.player_name(), "surname": session.player_name().split(" ")[0],
                     "age": int(st.age[h]), "former_job": names.FORMER_JOBS[int(st.former_job[h])],
                     "price_yuan": float(st.price[h]),
                     "months_open": int(st.months_open[h]), "state": "open", "is_player": True,
                     "new": int(st.months_open[h]) <= 1, "unit_key": mp.unit_key(trade.key)})
    return lots


class MonthScene(Scene):
    default_focus = "end_month"
    fade_in = 0.2

    def __init__(self, app, session, **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self.counter = mp.Counter()
        self.street: StreetView | None = None
        self.layout: MonthLayout | None = None
        self.tips: dict[str, str] = {}
        self.hits: list[tuple[pygame.Rect, list[str]]] = []
        self.mouse: tuple[int, int] | None = None
        self.keyboard = False            # last input was a key: show the focused button's tip
        self.log_scroll = 0
        self.animate_next = False        # a month just ended: count when the result closes
        self.loan_due_shown = -1         # the month the loan-due screen was last shown
        self.guide_shown = False
        self.next_check = True           # look for events / loan due / the end on the next frame
        self._layer: pygame.Surface | None = None
        self._rows: dict[str, list[mp.Row]] = {}
        self._row_rects: dict[str, pygame.Rect] = {}
        self._log_rect: pygame.Rect | None = None
        self._animate_build = False
        self._result_next = None  # (report, chores) once a month has ended, until the result opens
        self._resumed_at = -1
        self._street_dirty = True
        self._specs: list[ButtonSpec] = []
        self._by_name: dict = {}

    # ---- building ---------------------------------------------------------------------
    @property
    def pal(self):
        return get_palette(theme.palette_name())

    def build(self) -> None:
        self._make_specs()
        self._by_name = {}
        for sp in self._specs:
            self._by_name[sp.name] = self.button(sp.rect, sp.text, sp.name, cls=sp.cls, shortcut=sp.shortcut,
                                                 tooltip=sp.tip, enabled=sp.enabled, on_adjust=sp.on_adjust,
                                                 show_key=sp.show_key)
        self._collect_rows(animate=self._animate_build)
        self._animate_build = False
        self._paint_layer()

    def _make_specs(self) -> None:
        """Lay out the screen and decide every button (text, tooltip, enabled) from the session."""
        s = self.session
        self.layout = L = compute_layout(self.size, self.scale)
        self.tips = {}
        self._specs: list[ButtonSpec] = []
        if self.street is None:
            self.street = StreetView(L.street, scale=self.scale, palette=self.pal, mill_running=self._mill_running())
        else:
            if self.street.rect != L.street or self.street.scale != self.scale:
                self.street.set_rect(L.street, self.scale)
            if self.street.palette is not self.pal:
                self.street.set_palette(self.pal)
            self.street.set_mill_running(self._mill_running())
        self._street_dirty = True  # new lots go in on the next frame: a repaint costs ~20-40 ms
        self._build_household(L.household)
        if s.engine.state.trade[s.player] >= 0:
            self._build_business(L.business)
        else:
            self._build_path(L.business)
        self._build_actions(L.actions)
        pad = self.px(10)
        label = t("month.street.browse")
        bw = tx.text_width(label, self.font_px("heading")) + self.px(80)
        self._add("street", pygame.Rect(L.street.right - pad - bw, L.street.y + pad, bw, self.px(32)), label,
                  t("month.street.browse.tip"), shortcut=pygame.K_s, on_adjust=self._street_step, cls="menu")

    def _add(self, name: str, rect: pygame.Rect, text: str, tip: str, *, cls: str | None = None,
             shortcut: int | None = None, enabled: bool = True, on_adjust=None, show_key: bool = True) -> None:
        self.tips[name] = tip
        self._specs.append(ButtonSpec(name, pygame.Rect(rect), text, tip, cls, shortcut, enabled, on_adjust, show_key))

    def sync_street(self) -> None:
        """Give the street its new lots (after a month or a decision): one repaint if changed."""
        if self.street is not None:
            self.street.set_lots(self._lots())
        self._street_dirty = False

    def _reason(self, cmd) -> str | None:
        reasons = self.session.reasons(cmd)
        return "; ".join(reasons) if reasons else None

    def _build_household(self, r: pygame.Rect) -> None:
        s, st, h = self.session, self.session.engine.state, self.session.player
        pad = self.px(16)
        bh, gap = self.px(40), self.px(8)
        x, w = r.x + pad, r.w - 2 * pad
        y = r.bottom - pad - 4 * bh - 3 * gap
        pays = bool(st.pay_school_fees[h])
        self._add("school", pygame.Rect(x, y, w, bh), t("month.button.stop_fees" if pays else "month.button.pay_fees"),
                  t("month.tip.fees_toggle", fee=mp.yuan(s.params.income.school_fee_yuan_per_child),
                    month=mp.month_name(s.params.income.school_fee_month_of_year)), shortcut=pygame.K_f)
        y += bh + gap
        sees = bool(st.see_doctor[h])
        bill = s.params.income.hospital_bill_yuan * s.params.income.out_of_pocket_share
        self._add("doctor", pygame.Rect(x, y, w, bh), t("month.button.skip_doctor" if sees else "month.button.see_doctor"),
                  t("month.tip.doctor_toggle", bill=mp.yuan(bill)), shortcut=pygame.K_d)
        y += bh + gap
        principal = float(st.loan_principal[h])
        amount = min(principal, max(float(st.cash[h]), 0.0))
        why = self._reason(C.RepayLoan(h, amount)) if amount >= 1 else (
            t("month.tip.repay_none") if principal <= 0 else t("month.tip.repay_no_cash"))
        self._add("repay", pygame.Rect(x, y, w, bh), t("month.button.repay"),
                  why or t("month.tip.repay", amount=mp.yuan(amount)), shortcut=pygame.K_r, enabled=why is None)
        y += bh + gap
        room = s.engine.informal_room(h)
        borrow = self._borrow_amount()
        why = self._reason(C.BorrowInformally(h, borrow)) if borrow >= 1 else t("month.tip.borrow_none")
        self._add("borrow", pygame.Rect(x, y, w, bh), t("month.button.borrow"),
                  why or t("month.tip.borrow", amount=mp.yuan(borrow), room=mp.yuan(room),
                           rate=i18n.percent(s.params.income.informal_rate_per_month)),
                  shortcut=pygame.K_b, enabled=why is None)

    def _borrow_amount(self) -> float:
        room = self.session.engine.informal_room(self.session.player)
        return float(min(room, round(mp.living_cost(self.session) / 100) * 100))

    def _build_business(self, r: pygame.Rect) -> None:
        s, st, h = self.session, self.session.engine.state, self.session.player
        tr = int(st.trade[h])
        trade = s.params.trades[tr]
        pad = self.px(16)
        top = r.y + pad + self.px(36)
        bh, gap = self.px(36), self.px(8)
        label_w = self.px(60)
        x = r.x + pad + label_w
        val_w = self.px(136)
        price = float(st.price[h])
        step = mp.nice_step(trade.start_price_yuan)
        self._step_rects = {}
        for row, (name, value_text) in enumerate((("price", mp.per_unit(price, trade.key)),
                                                  ("hours", t("month.hours_value", hours=i18n.grouped(st.hours[h]))))):
            y = top + row * (bh + gap)
            down = C.SetPrice(h, round(price - step, 2)) if name == "price" else C.SetHours(h, float(st.hours[h]) - 26)
            up = C.SetPrice(h, round(price + step, 2)) if name == "price" else C.SetHours(h, float(st.hours[h]) + 26)
            why_d, why_u = self._reason(down), self._reason(up)
            adjust = self._price_adjust if name == "price" else self._hours_adjust
            self._add(f"{name}_down", pygame.Rect(x, y, bh, bh), "\u2212",
                      why_d or t(f"month.tip.{name}_down", step=mp.per_unit(step, trade.key)),
                      cls="stepper", enabled=why_d is None, on_adjust=adjust)
            self._add(f"{name}_up", pygame.Rect(x + bh + val_w, y, bh, bh), "+",
                      why_u or t(f"month.tip.{name}_up", step=mp.per_unit(step, trade.key)),
                      cls="stepper", enabled=why_u is None, on_adjust=adjust)
            self._step_rects[name] = (pygame.Rect(r.x + pad, y, label_w, bh), pygame.Rect(x + bh, y, val_w, bh),
                                      value_text)
        self._controls_right = x + 2 * bh + val_w
        y = r.bottom - pad - bh
        half = (r.w - 2 * pad - gap) // 2
        in_agreement = bool(st.in_agreement[h])
        active = bool(st.agreement_active[tr])
        cmd = C.LeaveAgreement(h) if in_agreement else C.JoinAgreement(h)
        why = self._reason(cmd)
        tip = why or t("month.tip.leave_agreement" if in_agreement else "month.tip.join_agreement",
                       floor=mp.per_unit(float(st.agreement_floor[tr]), trade.key))
        if not active and not in_agreement:
            tip = t("month.tip.no_agreement")
        self._add("agreement", pygame.Rect(r.x + pad, y, half, bh),
                  t("month.button.leave_agreement" if in_agreement else "month.button.join_agreement"),
                  tip, shortcut=pygame.K_a, enabled=why is None)
        self._add("close", pygame.Rect(r.x + pad + half + gap, y, r.w - 2 * pad - half - gap, bh),
                  t("month.button.close"), t("month.tip.close", salvage=i18n.percent(s.params.behaviour.salvage_share)),
                  shortcut=pygame.K_x)
        self._agreement_y = top + 2 * (bh + gap)

    def _build_path(self, r: pygame.Rect) -> None:
        s, h = self.session, self.session.player
        pad = self.px(16)
        gap, bh = self.px(8), self.px(36)
        cols = 3
        bw = (r.w - 2 * pad - (cols - 1) * gap) // cols
        y0 = r.bottom - pad - 2 * bh - gap
        status = s.status
        for i, (path, key) in enumerate(PATHS):
            rect = pygame.Rect(r.x + pad + (i % cols) * (bw + gap), y0 + (i // cols) * (bh + gap), bw, bh)
            cmd = C.ChoosePath(h, path)
            current = status == {"job_search": "job_search", "retrain": "retraining", "migrate": "migrated",
                                 "day_labour": "day_labour", "retire": "retired"}[path]
            why = t("month.tip.path_current") if current else self._reason(cmd)
            self._add(f"path_{path}", rect, t(key), why or t(f"month.tip.path.{path}", **self._path_values()),
                      enabled=why is None)
        rect = pygame.Rect(r.x + pad + 2 * (bw + gap), y0 + bh + gap, bw, bh)
        can = status in FREE
        label = t("month.path.button.business")
        fits = tx.text_width(label, self.font_px("heading"), bold=True) + self.px(24) <= bw
        self._add("start_business", rect, label,
                  t("month.tip.path.business") if can else t("month.tip.path.business_busy"),
                  cls="primary" if can and fits else None, enabled=can)
        self._path_text_bottom = y0 - gap

    def _path_values(self) -> dict:
        p = self.session.params
        return {"wage": mp.yuan(p.income.wage_job_yuan_per_month),
                "chance": i18n.percent(mp.offer_chance(self.session)),
                "months": i18n.months(p.policy.retraining_months),
                "stipend": mp.yuan(p.policy.retraining_stipend_yuan_per_month),
                "migrant_wage": mp.yuan(p.income.migrant_wage_yuan_per_month),
                "day_pay": mp.yuan(p.income.day_labour_yuan_per_day * p.income.day_labour_days_per_month),
                "allowance": mp.yuan(p.income.internal_retirement_allowance_yuan_per_month)}

    def _build_actions(self, r: pygame.Rect) -> None:
        gap = self.px(8)
        small_h = self.px(40)
        half = (r.w - gap) // 2
        self._add("charts", pygame.Rect(r.x, r.y, half, small_h), t("month.button.charts"),
                  t("month.tip.charts"), shortcut=pygame.K_c, cls="menu")
        self._add("menu", pygame.Rect(r.x + half + gap, r.y, r.w - half - gap, small_h), t("month.button.menu"),
                  t("month.tip.menu"), shortcut=pygame.K_ESCAPE, cls="menu")
        s = self.session
        left = s.params.months - s.month
        self._add("end_month", pygame.Rect(r.x, r.y + small_h + gap, r.w, r.h - small_h - gap),
                  t("month.button.end_month"), t("month.tip.end_month", months=i18n.months(left)),
                  cls="primary", shortcut=pygame.K_e, enabled=not s.engine.done)

    # ---- numbers --------------------------------------------------------------------------
    def _collect_rows(self, animate: bool) -> None:
        s = self.session
        rows = {"household": mp.household_rows(s)}
        if s.engine.state.trade[s.player] >= 0:
            rows["business"] = mp.business_rows(s)
            rows["market"] = mp.market_rows(s)
        for group in rows.values():
            self.counter.sync(group, animate)
        self._rows = rows

    def _mill_running(self) -> bool:
        town = self.session.engine.metrics.town
        if not town:
            return True
        start = max(1, int(getattr(self.session.engine.state, "soe_workers_at_start", 0) or town[0]["soe_worker"]))
        return town[-1]["soe_worker"] >= 0.5 * start

    def _lots(self) -> list[dict]:
        return street_lots(self.session)

    # ---- the static picture (repainted when something changes) -------------------------------
    def _paint_layer(self) -> None:
        w, h = self.size
        pal, sc = self.pal, self.scale
        layer = pygame.Surface((w, h))
        layer.fill(rgb(pal.background))
        L = self.layout
        for rect in (L.household, L.business, L.market, L.log):
            draw_panel(layer, rect, pal, sc)
        self._paint_household(layer, L.household)
        if "business" in self._rows:
            self._paint_business(layer, L.business)
            self._paint_market(layer, L.market)
        else:
            self._paint_path(layer, L.business)
            self._paint_overview(layer, L.market)
        mp.draw_heading(layer, L.log.inflate(-self.px(32), -self.px(24)), t("month.log.title"), pal, sc,
                        right=t("month.log.hint"))
        self._log_rect = pygame.Rect(L.log.x + self.px(16), L.log.y + self.px(12) + self.px(30),
                                     L.log.w - self.px(32), L.log.h - self.px(12) - self.px(30) - self.px(10))
        self._layer = layer.convert() if pygame.display.get_surface() is not None else layer

    def _paint_household(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        pad = self.px(16)
        x, y, w = r.x + pad, r.y + pad, r.w - 2 * pad
        month_no = min(s.month + 1, s.params.months)
        big = tx.fit_text(t("month.header.month", n=month_no, total=s.params.months), w, tx.SIZE_BIG * sc,
                          rgb(pal.text), bold=True)
        surf.blit(big, (x, y))
        y += big.get_height()
        cal = tx.fit_text(mp.calendar(s, s.month), w, tx.SIZE_BODY * sc, rgb(pal.amber), bold=True)
        surf.blit(cal, (x, y))
        y += cal.get_height() + self.px(6)
        st, hh = s.engine.state, s.player
        who = t("month.header.household", name=s.player_name(), age=int(st.age[hh]),
                people=2 + int(st.dependants[hh]))
        y = mp.draw_paragraph(surf, x, y, w, who, tx.SIZE_SMALL * sc, rgb(pal.text_dim), max_lines=2)
        y += self.px(4)
        pygame.draw.line(surf, rgb(pal.border), (x, y), (x + w, y), max(1, pal.line_width))
        self._row_rects["household"] = pygame.Rect(x, y + self.px(8), w, 0)
        rows = self._rows["household"]
        actions_top = next(sp.rect.top for sp in self._specs if sp.name == "school")
        room = actions_top - self.px(12) - (y + self.px(8))
        row_h = max(self.px(20), min(self.px(28), room // max(1, len(rows) + 1)))
        self._row_h = row_h
        label = tx.fit_text(t("month.household.choices"), w, tx.SIZE_SMALL * sc, rgb(pal.text_dim), bold=True)
        surf.blit(label, (x, actions_top - label.get_height() - self.px(6)))

    def _paint_business(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        st, h = s.engine.state, s.player
        tr = int(st.trade[h])
        trade = s.params.trades[tr]
        pad = self.px(16)
        inner = pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad)
        lot = int(st.lot[h])
        where = t("month.business.lot", lot=lot + 1) if lot >= 0 else t("month.business.side_street")
        months_open = int(st.months_open[h])
        right = (t("month.business.open_for", where=where, months=i18n.months(months_open)) if months_open > 0
                 else t("month.business.new", where=where))
        mp.draw_heading(surf, inner, t("month.business.title", trade=mp.trade_word(s.trade_name(tr))), pal, sc,
                        icon=trade.icon,
                        colour=pal.trade_colour(tr, trade.colour), right=right)
        for name, (label_rect, value_rect, value_text) in self._step_rects.items():
            ls = tx.fit_text(t(f"month.business.{name}"), label_rect.w - self.px(6), tx.SIZE_BODY * sc,
                             rgb(pal.text_dim))
            surf.blit(ls, (label_rect.x, label_rect.centery - ls.get_height() // 2))
            vs = tx.fit_text(value_text, value_rect.w - self.px(8), tx.SIZE_BODY * sc, rgb(pal.amber), bold=True)
            surf.blit(vs, vs.get_rect(center=value_rect.center))
        rx = self._controls_right + self.px(24)
        self._row_rects["business"] = pygame.Rect(rx, inner.y + self.px(36), inner.right - rx, 0)
        active, member = bool(st.agreement_active[tr]), bool(st.in_agreement[h])
        key = "month.agreement.member" if member else ("month.agreement.active" if active else "month.agreement.none")
        text = t(key, floor=mp.per_unit(float(st.agreement_floor[tr]), trade.key))
        room = (r.bottom - pad - self.px(36) - self.px(6)) - self._agreement_y
        mp.draw_paragraph(surf, inner.x, self._agreement_y, inner.w, text, tx.SIZE_SMALL * sc + 1, rgb(pal.text_dim),
                          max_lines=max(1, room // self.px(18)), line_gap=1.15)

    def _paint_market(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        tr = int(s.engine.state.trade[s.player])
        pad = self.px(16)
        inner = pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad)
        mp.draw_heading(surf, inner, t("month.market.title", trade=s.trade_name(tr)), pal, sc)
        self._row_rects["market"] = pygame.Rect(inner.x, inner.y + self.px(36), inner.w, 0)
        top = inner.y + self.px(36) + mp.rows_height(self._rows["market"], self.px(26), sc) + self.px(8)
        trade = s.params.trades[tr]
        history = [int(row["sellers"]) for row in s.engine.metrics.trades if row["trade"] == trade.key]
        box = pygame.Rect(inner.x, top, inner.w, inner.bottom - top)
        if box.h >= self.px(36) and history:
            mp.draw_sellers_bars(surf, box, history, pal.trade_colour(tr, trade.colour), pal, sc)

    def _paint_path(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        pad = self.px(16)
        inner = pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad)
        icon = {"migrated": "suitcase", "retired": "house", "wage_job": "coin"}.get(s.status, "handshake")
        planning = bool(s.engine.state.plans_business[s.player]) and s.status in FREE
        title = t("month.path.title_planning") if planning else t("month.path.title", status=mp.status_text(s.status))
        mp.draw_heading(surf, inner, title, pal, sc, icon="bag" if planning else icon)
        y = inner.y + self.px(34)
        lines = mp.path_summary(s)
        size = tx.SIZE_SMALL * sc + 1
        bottom = self._path_text_bottom
        for text in lines:
            n = mp.wrap_lines(text, inner.w, size)
            step = int(tx.font_for(text, int(round(size))).get_linesize() * 1.2)
            left = max(0, (bottom - y) // max(1, step))
            if left <= 0:
                break
            y = mp.draw_paragraph(surf, inner.x, y, inner.w, text, size, rgb(pal.text), max_lines=min(len(n), left),
                                  line_gap=1.2)
            y += self.px(4)

    def _paint_overview(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        from game.ui.widgets.icons import draw_icon

        s, pal, sc = self.session, self.pal, self.scale
        pad = self.px(16)
        inner = pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad)
        mp.draw_heading(surf, inner, t("month.overview.title"), pal, sc)
        y = inner.y + self.px(32)
        small = tx.SIZE_SMALL * sc
        col_price = inner.right
        col_sellers = inner.right - self.px(118)
        hs = tx.fit_text(t("month.overview.sellers"), self.px(70), small, rgb(pal.text_dim))
        surf.blit(hs, (col_sellers - hs.get_width(), y))
        hp = tx.fit_text(t("month.overview.price"), self.px(100), small, rgb(pal.text_dim))
        surf.blit(hp, (col_price - hp.get_width(), y))
        y += hs.get_height() + self.px(2)
        items = mp.market_overview(s)
        row_h = max(self.px(18), min(self.px(24), (inner.bottom - y) // max(1, len(items))))
        icon = round(16 * sc)
        self._overview_hits = []
        for i, row in items:
            if y + row_h > inner.bottom + self.px(4):
                break
            trade = s.params.trades[i]
            colour = pal.trade_colour(i, trade.colour)
            pygame.draw.rect(surf, colour, (inner.x, y + row_h // 2 - icon // 2 - 1, icon + 2, icon + 2),
                             border_radius=self.px(3))
            draw_icon(surf, trade.icon, (inner.x + 1, y + row_h // 2 - icon // 2, icon, icon), rgb(pal.background))
            name = tx.fit_text(s.trade_name(i), col_sellers - self.px(80) - inner.x - icon - self.px(8) + self.px(40),
                               tx.SIZE_BODY * sc - 1, rgb(pal.text))
            surf.blit(name, (inner.x + icon + self.px(10), y + row_h // 2 - name.get_height() // 2))
            n = tx.fit_text(i18n.grouped(int(row.get("sellers", 0))), self.px(60), tx.SIZE_BODY * sc - 1,
                            rgb(pal.text), bold=True)
            surf.blit(n, (col_sellers - n.get_width(), y + row_h // 2 - n.get_height() // 2))
            price = row.get("median_price")
            ptext = mp.per_unit(price, trade.key) if price else t("month.overview.no_sellers")
            p_s = tx.fit_text(ptext, self.px(108), tx.SIZE_BODY * sc - 1, rgb(pal.amber if price else pal.text_dim))
            surf.blit(p_s, (col_price - p_s.get_width(), y + row_h // 2 - p_s.get_height() // 2))
            start = trade.start_price_yuan
            tip = [s.trade_name(i),
                   t("month.tip.overview", sellers=int(row.get("sellers", 0)), entries=int(row.get("entries", 0)),
                     exits=int(row.get("exits", 0)), start=mp.per_unit(start, trade.key),
                     cost=mp.yuan(trade.start_up_cost_yuan), rent=mp.yuan(trade.rent_yuan_per_month))]
            self._overview_hits.append((pygame.Rect(inner.x, y, inner.w, row_h), tip))
            y += row_h

    # ---- per frame ---------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self._result_next is not None:
            if self.app.frames > self._result_next[2]:
                self._open_result()
            return
        self.counter.tick(dt)
        if self._street_dirty:
            self.sync_street()
        if self.street is not None:
            self.street.update(dt)
        # One frame is drawn between a dialog closing and the next opening, so what shows
        # under the next dialog is this screen as it is now (the app reuses that picture).
        if self.next_check and self.app.top is self and self.app.frames > self._resumed_at:
            self.next_check = False
            self._next_step()

    def draw_background(self, surface: pygame.Surface) -> None:
        if self._layer is None:
            surface.fill(rgb(self.pal.background))
            return
        surface.blit(self._layer, (0, 0))
        self.hits = []
        for group, rows in self._rows.items():
            base = self._row_rects.get(group)
            if base is None:
                continue
            if group == "business":
                self.hits += mp.draw_blocks(surface, base, rows, self.counter, self.pal, self.scale, self.px(44))
                continue
            row_h = self._row_h if group == "household" else self.px(26)
            rect = pygame.Rect(base.x, base.y, base.w, mp.rows_height(rows, row_h, self.scale))
            self.hits += mp.draw_rows(surface, rect, rows, self.counter, self.pal, self.scale, row_h)
        self.hits += getattr(self, "_overview_hits", [])
        self._draw_log(surface)
        if self.street is not None:
            self.street.draw(surface)

    def _draw_log(self, surface: pygame.Surface) -> None:
        r = self._log_rect
        if r is None:
            return
        pal, sc = self.pal, self.scale
        lines = self._log_cache()
        size = tx.SIZE_SMALL * sc + 1
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.1)
        fits = max(1, r.h // line_h)
        self.log_scroll = max(0, min(self.log_scroll, max(0, len(lines) - fits)))
        y = r.y
        prev_clip = surface.get_clip()
        surface.set_clip(r)
        for line in lines[self.log_scroll:self.log_scroll + fits]:
            colour = mp.tone_colour(pal, line.tone)
            x = r.x
            if not line.head:
                x += self.px(16)
                pygame.draw.circle(surface, colour, (r.x + self.px(6), y + line_h // 2), max(2, self.px(3)))
            surface.blit(tx.fit_text(line.text, r.right - x, size, colour, bold=line.head), (x, y))
            y += line_h
        surface.set_clip(prev_clip)

    def _log_cache(self) -> list[mp.LogLine]:
        key = (self.session.month, len(self.session.decisions), i18n.get_language())
        if getattr(self, "_log_key", None) != key:
            self._log_key = key
            self._log_lines = mp.log_lines(self.session)
        return self._log_lines

    def tooltip(self) -> tuple[list[str], pygame.Rect] | None:
        """What to explain now: the number under the mouse, or the focused button (keyboard)."""
        if self.mouse is not None and not self.keyboard:
            for rect, lines in self.hits:
                if rect.collidepoint(self.mouse):
                    return lines, rect
        elif self.keyboard and self.focus.focused is not None:
            name = self.focus.focused.name
            street_tip = name == "street" and self.street is not None and self.street.focused_lot is not None
            if name in self.tips and not street_tip:  # a focused shop shows the street's own tooltip
                return [self.tips[name]], self.focus.focused.element.rect
        return None

    def draw_overlay(self, surface: pygame.Surface) -> None:
        super().draw_overlay(surface)
        tip = self.tooltip()
        if tip:
            surf, _ = render_tooltip(tip[0], self.pal, self.scale)
            where = place_near(surf.get_size(), tip[1], surface.get_rect(), gap=self.px(8))
            surface.blit(surf, where)

    # ---- input -------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            self.keyboard = False
            if self.street is not None:
                self.street.handle_event(event)
        elif event.type == pygame.MOUSEWHEEL and self._log_rect is not None and self.mouse is not None \
                and self._log_rect.collidepoint(self.mouse):
            self.log_scroll = max(0, self.log_scroll - event.y)
            return True
        elif event.type == pygame.KEYDOWN:
            self.keyboard = True
            self._last_key = event.key
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.log_scroll = max(0, self.log_scroll + (3 if event.key == pygame.K_PAGEDOWN else -3))
            return True
        used = super().handle_event(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == pygame.BUTTON_LEFT:
            # Mouse players: Enter always ends the month (keyboard players move the focus).
            if self.street is not None and self.street.handle_event(event):
                self.focus.focus_name("street")
            else:
                self.focus.focus_name("end_month")
        focused = self.focus.focused
        if self.street is not None and (focused is None or focused.name != "street") and self.keyboard:
            self.street.clear_focus()
        return used

    def _street_step(self, direction: int) -> None:
        if self.street is None:
            return
        if direction > 0:
            self.street.focus_next()
        else:
            self.street.focus_prev()

    def _price_adjust(self, direction: int) -> None:
        self._act("price_up" if direction > 0 else "price_down")

    def _hours_adjust(self, direction: int) -> None:
        self._act("hours_up" if direction > 0 else "hours_down")

    def on_back(self) -> None:
        self._act("menu")

    def on_button(self, name: str, element) -> None:
        self._act(name)
        # A click or a shortcut key leaves Enter on "End month"; a button reached with Tab or
        # the arrows and pressed with Enter/Space keeps the focus (keyboard navigation).
        navigated = self.keyboard and getattr(self, "_last_key", None) in ACTIVATE_KEYS
        if not navigated and self.app.top is self and name not in ("street",):
            self.focus.focus_name("end_month")

    def _act(self, name: str) -> None:
        s, h = self.session, self.session.player
        st = s.engine.state
        if name == "end_month":
            self.end_month()
        elif name == "charts":
            self.app.open("charts", session=s)
        elif name == "menu":
            self.app.confirm(t("month.menu.title"), t("month.menu.body"), on_yes=self._to_title,
                             yes=t("month.menu.yes"), no=t("month.menu.no"))
        elif name == "street":
            self._street_step(1)
        elif name == "school":
            self._submit(C.SetSchoolFees(h, not bool(st.pay_school_fees[h])))
        elif name == "doctor":
            self._submit(C.SetDoctor(h, not bool(st.see_doctor[h])))
        elif name == "repay":
            amount = float(min(st.loan_principal[h], max(st.cash[h], 0.0)))
            self.app.confirm(t("month.repay.title"),
                             t("month.repay.body", amount=mp.yuan(amount), principal=mp.yuan(st.loan_principal[h])),
                             on_yes=lambda: self._submit(C.RepayLoan(h, amount)), yes=t("month.repay.yes"))
        elif name == "borrow":
            amount = self._borrow_amount()
            p = s.params
            self.app.confirm(t("month.borrow.title"),
                             t("month.borrow.body", amount=mp.yuan(amount),
                               rate=i18n.percent(p.income.informal_rate_per_month),
                               interest=mp.yuan(amount * p.income.informal_rate_per_month)),
                             on_yes=lambda: self._submit(C.BorrowInformally(h, amount)), yes=t("month.borrow.yes"))
        elif name in ("price_up", "price_down", "hours_up", "hours_down"):
            self._step(name)
        elif name == "agreement":
            self._submit(C.LeaveAgreement(h) if st.in_agreement[h] else C.JoinAgreement(h))
        elif name == "close":
            salvage = float(st.capital[h]) * s.params.behaviour.salvage_share
            self.app.confirm(t("month.close.title"), t("month.close.body", salvage=mp.yuan(salvage)),
                             on_yes=lambda: self._submit(C.CloseBusiness(h)), yes=t("month.close.yes"))
        elif name.startswith("path_"):
            path = name[5:]
            body = t(f"month.tip.path.{path}", **self._path_values())
            self.app.confirm(t(f"month.path.button.{path}"), body, on_yes=lambda: self._submit(C.ChoosePath(h, path)),
                             yes=t("month.path.confirm"))
        elif name == "start_business":
            self.start_business()

    def _step(self, name: str) -> None:
        s, h = self.session, self.session.player
        st = s.engine.state
        if st.trade[h] < 0:
            return
        what, way = name.split("_")
        sign = 1 if way == "up" else -1
        if what == "price":
            step = mp.nice_step(s.params.trades[int(st.trade[h])].start_price_yuan)
            self._submit(C.SetPrice(h, round(float(st.price[h]) + sign * step, 2)))
        else:
            self._submit(C.SetHours(h, float(st.hours[h]) + sign * 26))

    def _submit(self, cmd) -> list[str]:
        reasons = self.session.submit(cmd)
        if reasons:
            self.app.message(t("month.cannot.title"), "\n".join(reasons))
        self.refresh()
        return reasons

    def refresh(self, animate: bool = False) -> None:
        """Bring the screen up to date with the session (after a decision or a month).

        When the same buttons stay in the same places, they are updated in place (text,
        enabled, tooltip): much cheaper than building them again (~1.5 ms a button)."""
        if not self.built:
            return
        old = [sp.key() for sp in self._specs]
        self._make_specs()
        if [sp.key() for sp in self._specs] != old:
            self._animate_build = animate
            self._build()
            return
        for sp in self._specs:
            el = self._by_name.get(sp.name)
            if el is None or not el.alive():
                self._animate_build = animate
                self._build()
                return
            if el.text != sp.text:
                el.set_text(sp.text)
            if sp.enabled and not el.is_enabled:
                el.enable()
            elif not sp.enabled and el.is_enabled:
                el.disable()
            el.tool_tip_text = sp.tip
        for item in self.focus.items:
            sp = next((x for x in self._specs if x.name == item.name), None)
            if sp is not None:
                item.on_adjust = sp.on_adjust
        self._collect_rows(animate=animate)
        self._paint_layer()

    def start_business(self) -> None:
        s, h = self.session, self.session.player
        st, pol = s.engine.state, s.params.policy
        if not st.plans_business[h] and s.status in FREE:
            s.submit(C.ChoosePath(h, "self_employ"))
        wants_loan = pol.loans_enabled and st.loan_principal[h] <= 0 and not st.blacklisted[h]
        self.app.open("loan_office" if wants_loan else "business", session=s)

    def _to_title(self) -> None:
        from game.ui.scenes.title import TitleScene

        self.app.clear_to(TitleScene(self.app))

    # ---- the month ends ------------------------------------------------------------------------
    def end_month(self) -> None:
        s = self.session
        if s.engine.done:
            self.next_check = True
            return
        if s.pending_events:
            self.next_check = True
            return
        # The autosave (~25 ms) and the street's repaint (~20-40 ms) run in the result screen's
        # next frames, so no frame takes them all at once.
        autosave = bool(getattr(s, "autosave_enabled", False))
        s.autosave_enabled = False
        try:
            report = s.end_month()
        finally:
            s.autosave_enabled = autosave
        chores = ([s.autosave] if autosave else []) + [self.sync_street]
        self.animate_next = True
        # The result screen opens on the next frame: the month's resolution and the result's
        # layout do not share one frame.
        self._result_next = (report, chores, self.app.frames)

    @property
    def busy(self) -> bool:
        """A month has ended and its result (or an event, the loan, the end) is about to open."""
        return self._result_next is not None or self.next_check

    def _open_result(self) -> None:
        report, chores, _frame = self._result_next
        self._result_next = None
        self.app.open("result", session=self.session, report=report, chores=chores)

    def on_resume(self) -> None:
        self._resumed_at = self.app.frames
        if self.animate_next:
            self.animate_next = False
            self.log_scroll = 0
            self.refresh(animate=True)
        else:
            self.refresh()
        self.next_check = True

    def _next_step(self) -> None:
        """What must happen before the player decides: the end, events, the loan falling due."""
        s = self.session
        if s.over or s.engine.done:
            self.app.replace(self._ending())
            return
        if s.pending_events:
            self.app.open("event", session=s, event=s.pending_events[0])
            return
        st, h = s.engine.state, s.player
        if st.loan_principal[h] > 0 and int(st.loan_due_month[h]) - s.month <= 1 and self.loan_due_shown != s.month:
            self.loan_due_shown = s.month
            self.app.open("loan_due", session=s)
            return
        story = getattr(s.scenario, "story", None)
        if not self.guide_shown and s.month == 0 and getattr(story, "guided", False):
            self.guide_shown = True
            self.app.message(t("month.guide.title"), t("month.guide.body"))

    def _ending(self) -> Scene:
        from game.ui.scenes.ending import EndingScene

        return EndingScene(self.app, session=self.session)


__all__ = ["MonthScene", "compute_layout", "MonthLayout"]
