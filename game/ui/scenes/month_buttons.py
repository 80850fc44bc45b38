"""The month screen's buttons: each panel's buttons with their text, tooltip and whether they can
be pressed (the reason from the engine when not)."""

from __future__ import annotations

import pygame

from game import i18n
from game.core import commands as C
from game.i18n import t
from game.ui.scenes import month_panels as mp
from game.ui.scenes.month_layout import FREE, PATHS, ButtonSpec
from game.ui.widgets import text as tx


class MonthButtons:
    """Mixed into MonthScene: decides every button of a panel (uses the scene's session, px, tips, _specs)."""

    def _add(
        self,
        name: str,
        rect: pygame.Rect,
        text: str,
        tip: str,
        *,
        cls: str | None = None,
        shortcut: int | None = None,
        enabled: bool = True,
        on_adjust=None,
        show_key: bool = True,
    ) -> None:
        self.tips[name] = tip
        self._specs.append(
            ButtonSpec(
                name, pygame.Rect(rect), text, tip, cls, shortcut, enabled, on_adjust, show_key
            )
        )

    def _reason(self, cmd) -> str | None:
        reasons = self.session.reasons(cmd)
        return i18n.then(*reasons) if reasons else None

    def _build_household(self, r: pygame.Rect) -> None:
        s, hv, h = self.session, self.session.household(), self.session.player
        pad = self.px(16)
        compact = self.layout.compact
        bh, gap = self.px(34 if compact else 40), self.px(6 if compact else 8)
        x, w = r.x + pad, r.w - 2 * pad
        y = r.bottom - pad - 4 * bh - 3 * gap
        pays = bool(hv.pay_school_fees)
        self._add(
            "school",
            pygame.Rect(x, y, w, bh),
            t("month.button.stop_fees" if pays else "month.button.pay_fees"),
            t(
                "month.tip.fees_toggle",
                fee=mp.yuan(s.params.income.school_fee_yuan_per_child),
                month=mp.month_name(s.params.income.school_fee_month_of_year),
            ),
            shortcut=pygame.K_f,
        )
        y += bh + gap
        sees = bool(hv.see_doctor)
        bill = s.params.income.hospital_bill_yuan * s.params.income.out_of_pocket_share
        self._add(
            "doctor",
            pygame.Rect(x, y, w, bh),
            t("month.button.skip_doctor" if sees else "month.button.see_doctor"),
            t("month.tip.doctor_toggle", bill=mp.yuan(bill)),
            shortcut=pygame.K_d,
        )
        y += bh + gap
        principal = float(hv.loan_principal)
        amount = min(principal, max(float(hv.cash), 0.0))
        why = (
            self._reason(C.RepayLoan(h, amount))
            if amount >= 1
            else (t("month.tip.repay_none") if principal <= 0 else t("month.tip.repay_no_cash"))
        )
        self._add(
            "repay",
            pygame.Rect(x, y, w, bh),
            t("month.button.repay"),
            why or t("month.tip.repay", amount=mp.yuan(amount)),
            shortcut=pygame.K_r,
            enabled=why is None,
        )
        y += bh + gap
        room = s.budget().informal_room_yuan
        borrow = self._borrow_amount()
        why = (
            self._reason(C.BorrowInformally(h, borrow))
            if borrow >= 1
            else t("month.tip.borrow_none")
        )
        self._add(
            "borrow",
            pygame.Rect(x, y, w, bh),
            t("month.button.borrow"),
            why
            or t(
                "month.tip.borrow",
                amount=mp.yuan(borrow),
                room=mp.yuan(room),
                rate=i18n.percent(s.params.income.informal_rate_per_month),
            ),
            shortcut=pygame.K_b,
            enabled=why is None,
        )

    def _borrow_amount(self) -> float:
        room = self.session.budget().informal_room_yuan
        return float(min(room, round(mp.living_cost(self.session) / 100) * 100))

    def _build_business(self, r: pygame.Rect) -> None:
        s, hv, h = self.session, self.session.household(), self.session.player
        tr = int(hv.trade)
        trade = s.params.trades[tr]
        compact = self.layout.compact
        pad = self.px(16)
        top = r.y + pad + self.px(34)
        bh, gap = self.px(34 if compact else 36), self.px(6 if compact else 8)
        body = self.font_px("body")
        label_w = max(tx.text_width(t(f"month.business.{k}"), body) for k in ("price", "hours"))
        label_w += self.px(10)
        x = r.x + pad + label_w
        price = float(hv.price)
        step = mp.nice_step(trade.start_price_yuan)
        hours_text = t("month.hours_value", hours=i18n.grouped(hv.hours))
        price_text = mp.per_unit(price, trade.key)
        widest = max(
            tx.text_width(mp.per_unit(max(price, 10.0) * 1.5 + 10, trade.key), body, True),
            tx.text_width(t("month.hours_value", hours=i18n.grouped(325)), body, True),
        )
        val_w = widest + self.px(12)
        self._step_rects = {}
        for row, (name, value_text) in enumerate((("price", price_text), ("hours", hours_text))):
            y = top + row * (bh + gap)
            down = (
                C.SetPrice(h, round(price - step, 2))
                if name == "price"
                else C.SetHours(h, float(hv.hours) - 26)
            )
            up = (
                C.SetPrice(h, round(price + step, 2))
                if name == "price"
                else C.SetHours(h, float(hv.hours) + 26)
            )
            why_d, why_u = self._reason(down), self._reason(up)
            adjust = self._price_adjust if name == "price" else self._hours_adjust
            self._add(
                f"{name}_down",
                pygame.Rect(x, y, bh, bh),
                "\u2212",
                why_d or t(f"month.tip.{name}_down", step=mp.per_unit(step, trade.key)),
                cls="stepper",
                enabled=why_d is None,
                on_adjust=adjust,
            )
            self._add(
                f"{name}_up",
                pygame.Rect(x + bh + val_w, y, bh, bh),
                "+",
                why_u or t(f"month.tip.{name}_up", step=mp.per_unit(step, trade.key)),
                cls="stepper",
                enabled=why_u is None,
                on_adjust=adjust,
            )
            self._step_rects[name] = (
                pygame.Rect(r.x + pad, y, label_w, bh),
                pygame.Rect(x + bh, y, val_w, bh),
                value_text,
            )
        self._controls_right = x + 2 * bh + val_w
        # The stall's own numbers (profit, break-even) sit beside the controls when there is
        # room, else they join the market's list.
        self._blocks_beside = r.right - pad - (self._controls_right + self.px(20)) >= self.px(132)
        y = r.bottom - pad - bh
        half = (r.w - 2 * pad - gap) // 2
        self._build_agreement(pygame.Rect(r.x + pad, y, half, bh), tr, trade)
        self._add(
            "close",
            pygame.Rect(r.x + pad + half + gap, y, r.w - 2 * pad - half - gap, bh),
            t("month.button.close"),
            t("month.tip.close", salvage=i18n.percent(s.params.behaviour.salvage_share)),
            shortcut=pygame.K_x,
        )
        self._agreement_y = top + 2 * (bh + gap)

    def _build_agreement(self, rect: pygame.Rect, tr: int, trade) -> None:
        """Join, leave or propose a price agreement; when none is possible, the button says why."""
        s, hv, h = self.session, self.session.household(), self.session.player
        in_agreement = bool(hv.in_agreement)
        market = s.market(tr)
        active = market.agreement_active
        floor = mp.per_unit(market.agreement_floor, trade.key)
        if in_agreement:
            cmd, label, tip = (
                C.LeaveAgreement(h),
                "month.button.leave_agreement",
                "month.tip.leave_agreement",
            )
        elif active:
            cmd, label, tip = (
                C.JoinAgreement(h),
                "month.button.join_agreement",
                "month.tip.join_agreement",
            )
        else:
            cmd, label, tip = (
                C.ProposeAgreement(h),
                "month.button.propose_agreement",
                "month.tip.propose_agreement",
            )
        why = self._reason(cmd)
        self._agreement_cmd = cmd
        self._add(
            "agreement",
            rect,
            t(label),
            why or t(tip, floor=floor, **mp.proposal_values(s)),
            shortcut=pygame.K_a,
            enabled=why is None,
        )

    def _build_path(self, r: pygame.Rect) -> None:
        s, h = self.session, self.session.player
        pad = self.px(16)
        gap, bh = self.px(8), self.px(34 if self.layout.compact else 36)
        labels = [t(key) for _p, key in PATHS] + [t("month.path.button.business")]
        body = self.font_px("body")
        widest = max(tx.text_width(x, body) for x in labels) + self.px(24)
        cols = 3 if (r.w - 2 * pad - 2 * gap) // 3 >= widest else 2
        rows = -(-len(labels) // cols)
        bw = (r.w - 2 * pad - (cols - 1) * gap) // cols
        y0 = r.bottom - pad - rows * bh - (rows - 1) * gap
        status = s.status
        for i, (path, key) in enumerate(PATHS):
            rect = pygame.Rect(
                r.x + pad + (i % cols) * (bw + gap), y0 + (i // cols) * (bh + gap), bw, bh
            )
            if path == "migrate" and status == "migrated":
                why = self._reason(C.ReturnHome(h))
                self._add(
                    "return_home",
                    rect,
                    t("month.path.button.return_home"),
                    why or t("month.tip.return_home", months=i18n.months(self._ui_months())),
                    enabled=why is None,
                )
                continue
            cmd = C.ChoosePath(h, path)
            current = (
                status
                == {
                    "job_search": "job_search",
                    "retrain": "retraining",
                    "migrate": "migrated",
                    "day_labour": "day_labour",
                    "retire": "retired",
                }[path]
            )
            why = t("month.tip.path_current") if current else self._reason(cmd)
            self._add(
                f"path_{path}",
                rect,
                t(key),
                why or t(f"month.tip.path.{path}", **self._path_values()),
                enabled=why is None,
            )
        k = len(PATHS)
        rect = pygame.Rect(
            r.x + pad + (k % cols) * (bw + gap), y0 + (k // cols) * (bh + gap), bw, bh
        )
        can = status in FREE
        label = t("month.path.button.business")
        fits = tx.text_width(label, self.font_px("heading"), bold=True) + self.px(24) <= bw
        self._add(
            "start_business",
            rect,
            label,
            t("month.tip.path.business") if can else t("month.tip.path.business_busy"),
            cls="primary" if can and fits else None,
            enabled=can,
        )
        self._path_text_bottom = y0 - gap

    def _ui_months(self) -> int:
        return int(self.session.household().ui_months_left)

    def _path_values(self) -> dict:
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

    def _build_unsaved(self, log: pygame.Rect) -> None:
        """While the run cannot be saved: a button in the log's heading to save it elsewhere
        (the banner itself is painted by month_paint)."""
        if not self.session.unsaved:
            return
        label = t("unsaved.banner.button")
        w = tx.text_width(label, self.font_px("body")) + self.px(40)
        h = self.px(30)
        self._add(
            "save_elsewhere",
            pygame.Rect(log.right - self.px(12) - w, log.y + self.px(9), w, h),
            label,
            t("unsaved.banner.tip"),
            show_key=False,
        )

    def _build_actions(self, r: pygame.Rect) -> None:
        """Street, charts and menu in a row (the street's button kept off the street, where it
        covered shops), and End month below."""
        gap = self.px(8)
        compact = self.layout.compact
        small_h = self.px(36 if compact else 40)
        third = (r.w - 2 * gap) // 3
        for k, (name, label, tip, key) in enumerate(
            (
                ("street", "month.button.street", "month.street.browse.tip", pygame.K_s),
                ("charts", "month.button.charts", "month.tip.charts", pygame.K_c),
                ("menu", "month.button.menu", "month.tip.menu", pygame.K_ESCAPE),
            )
        ):
            x = r.x + k * (third + gap)
            self._add(
                name,
                pygame.Rect(x, r.y, third if k < 2 else r.right - x, small_h),
                t(label),
                t(tip),
                shortcut=key,
                cls=None if compact else "menu",
                on_adjust=self._street_step if name == "street" else None,
            )
        s = self.session
        left = s.params.months - s.month
        self._add(
            "end_month",
            pygame.Rect(r.x, r.y + small_h + gap, r.w, r.h - small_h - gap),
            t("month.button.end_month"),
            t("month.tip.end_month", months=i18n.months(left)),
            cls="primary",
            shortcut=pygame.K_e,
            enabled=not s.engine.done,
        )
