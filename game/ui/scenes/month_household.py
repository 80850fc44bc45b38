"""The month screen's household panel: the month and the family at the top, their numbers
(each with a tooltip, counting to a new value after a month), and the household's four
choices below (school fees, the doctor, repaying the loan, borrowing from family)."""

from __future__ import annotations

import pygame

from game import i18n
from game.core import commands as C
from game.i18n import t
from game.ui.panel_base import AskAmount, ButtonSpec
from game.ui.scenes import rows as mp
from game.ui.scenes.month_layout import MonthPanel
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb


class HouseholdPanel(MonthPanel):
    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.rows: list[mp.Row] = []
        self.rows_at = pygame.Rect(0, 0, 0, 0)
        self.row_h = 26
        self._choices_top = 0

    # ---- buttons --------------------------------------------------------------------------
    def buttons(self) -> list[ButtonSpec]:
        s, hv, h, r = self.session, self.session.household(), self.session.player, self.rect
        pad = self.space("pad")
        bh, gap = self.px(34 if self.compact else 40), self.px(6 if self.compact else 8)
        x, w = r.x + pad, r.w - 2 * pad
        y = r.bottom - pad - 4 * bh - 3 * gap
        self._choices_top = y
        inc = s.params.income
        pays, sees = bool(hv.pay_school_fees), bool(hv.see_doctor)
        out = [
            ButtonSpec(
                "school",
                pygame.Rect(x, y, w, bh),
                t("month.button.stop_fees" if pays else "month.button.pay_fees"),
                t(
                    "month.tip.fees_toggle",
                    fee=mp.yuan(inc.school_fee_yuan_per_child),
                    month=mp.month_name(inc.school_fee_month_of_year),
                ),
                shortcut=pygame.K_f,
                command=C.SetSchoolFees(h, not pays),
            ),
            ButtonSpec(
                "doctor",
                pygame.Rect(x, y + bh + gap, w, bh),
                t("month.button.skip_doctor" if sees else "month.button.see_doctor"),
                t(
                    "month.tip.doctor_toggle",
                    bill=mp.yuan(inc.hospital_bill_yuan * inc.out_of_pocket_share),
                ),
                shortcut=pygame.K_d,
                command=C.SetDoctor(h, not sees),
            ),
        ]
        out.append(self._repay(pygame.Rect(x, y + 2 * (bh + gap), w, bh)))
        out.append(self._borrow(pygame.Rect(x, y + 3 * (bh + gap), w, bh)))
        return out

    def _repay(self, rect: pygame.Rect) -> ButtonSpec:
        """How much of the bank loan to repay now: typed, up to the cash and the loan."""
        hv, h = self.session.household(), self.session.player
        principal = float(hv.loan_principal)
        amount = min(principal, max(float(hv.cash), 0.0))
        cmd = C.RepayLoan(h, amount)
        why = (
            self.reason(cmd)
            if amount >= 1
            else (t("month.tip.repay_none") if principal <= 0 else t("month.tip.repay_no_cash"))
        )
        high = float(int(amount))
        ask = AskAmount(
            t("month.repay.title"),
            t("month.repay.body", amount=mp.yuan(high), principal=mp.yuan(principal)),
            low=1,
            high=high,
            value=min(high, float(round(principal / 2, -2)) or high),
            ok=t("month.repay.yes"),
            command=lambda paid: C.RepayLoan(h, float(paid)),
            quick=[(t("month.repay.all_i_can"), high)],
        )
        return ButtonSpec(
            "repay",
            rect,
            t("month.button.repay"),
            why or t("month.tip.repay", amount=mp.yuan(amount)),
            shortcut=pygame.K_r,
            enabled=why is None,
            ask=ask if high >= 1 else None,
        )

    def _borrow(self, rect: pygame.Rect) -> ButtonSpec:
        """How much to borrow from family and lenders: typed, up to what they would lend."""
        s, h = self.session, self.session.player
        room = s.budget().informal_room_yuan
        amount = float(min(room, round(mp.living_cost(s) / 100) * 100))
        rate = s.params.income.informal_rate_per_month
        cmd = C.BorrowInformally(h, amount)
        why = self.reason(cmd) if amount >= 1 else t("month.tip.borrow_none")
        high = float(int(room))
        ask = AskAmount(
            t("month.borrow.title"),
            t(
                "month.borrow.body",
                amount=mp.yuan(high),
                rate=i18n.percent(rate),
                interest=mp.yuan(high * rate),
            ),
            low=1,
            high=high,
            value=amount,
            ok=t("month.borrow.yes"),
            command=lambda lent: C.BorrowInformally(h, float(lent)),
        )
        return ButtonSpec(
            "borrow",
            rect,
            t("month.button.borrow"),
            why
            or t(
                "month.tip.borrow",
                amount=mp.yuan(amount),
                room=mp.yuan(room),
                rate=i18n.percent(rate),
            ),
            shortcut=pygame.K_b,
            enabled=why is None,
            ask=ask if high >= 1 else None,
        )

    # ---- numbers and picture --------------------------------------------------------------
    def sync(self, animate: bool) -> None:
        self.rows = mp.household_rows(self.session, compact=self.compact)
        self.counter.sync(self.rows, animate)

    def paint(self, layer: pygame.Surface) -> None:
        s, pal, sc, r = self.session, self.pal, self.scale, self.rect
        pad = self.space("pad")
        x, y, w = r.x + pad, r.y + pad, r.w - 2 * pad
        month_no = min(s.month + 1, s.params.months)
        head = t("month.header.month", n=month_no, total=s.params.months)
        when = mp.calendar(s, s.month)
        big_size = tx.SIZE_TITLE * sc if self.compact else tx.SIZE_BIG * sc
        big = tx.fit_text(head, w, big_size, rgb(pal.text), bold=True)
        layer.blit(big, (x, y))
        cal_w = tx.text_width(when, int(round(tx.SIZE_BODY * sc)), True)
        cal = tx.fit_text(when, w, tx.SIZE_BODY * sc, rgb(pal.amber), bold=True)
        if self.compact and big.get_width() + self.px(12) + cal_w <= w:
            layer.blit(cal, (x + w - cal.get_width(), y + big.get_height() - cal.get_height()))
            y += big.get_height() + self.px(4)
        else:
            y += big.get_height()
            layer.blit(cal, (x, y))
            y += cal.get_height() + self.px(6)
        hv = s.household()
        who = t(
            "month.header.household",
            name=s.player_name(),
            age=int(hv.age),
            people=2 + int(hv.dependants),
        )
        y = mp.draw_paragraph(
            layer, x, y, w, who, tx.SIZE_SMALL * sc, rgb(pal.text_dim), max_lines=2
        )
        y += self.px(4)
        pygame.draw.line(layer, rgb(pal.border), (x, y), (x + w, y), max(1, pal.line_width))
        self.rows_at = pygame.Rect(x, y + self.px(8), w, 0)
        label_h = tx.font(int(round(tx.SIZE_SMALL * sc)), True).get_linesize()
        room = self._choices_top - self.px(6) - label_h - self.px(4) - (y + self.px(8))
        notes = sum(round(14 * sc) for row in self.rows if row.note)
        self.row_h = max(self.px(18), min(self.px(28), (room - notes) // max(1, len(self.rows))))
        label = tx.fit_text(
            t("month.household.choices"), w, tx.SIZE_SMALL * sc, rgb(pal.text_dim), bold=True
        )
        layer.blit(label, (x, self._choices_top - label.get_height() - self.px(6)))

    def draw(self, surface: pygame.Surface) -> None:
        self.hits = self.draw_rows(surface, self.rows, self.rows_at, self.row_h)


__all__ = ["HouseholdPanel"]
