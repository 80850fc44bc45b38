"""The loan office: proof of laid-off status, a guarantor who may refuse, the amount up to the
ceiling, the term, who pays the interest, what a default would mean, and informal lenders as
the alternative. The certificate takes months: the month only advances on the month screen,
so the office says when the answer comes and lets the player go on to the months meanwhile.

Keyboard: 1-4 pick a guarantor, Left/Right (on the amount) or - / + change the amount,
C applies for the certificate, I borrows informally, B goes to the business, Esc goes back.
"""

from __future__ import annotations

import math
from typing import Any

import pygame

from game import guarantors, i18n, words
from game.core.commands import ApplyForCertificate, ApplyForLoan, BorrowInformally, OpenBusiness
from game.i18n import t
from game.session import reason_text
from game.ui import fonts, theme
from game.ui.scenes.dialog import DialogScene
from game.ui.scenes.loan_due import extension_terms
from game.ui.scenes.prerun import (
    Painter,
    PreRunScene,
    months_text,
    pct,
    unwind_to_title,
    yuan,
    yuan_month,
)
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon

STEP_YUAN = 5_000


def certificate_answer_in(session) -> int:
    """End-of-months until a pending certificate is decided (the core decides it at the start
    of the month it is ready in)."""
    hv = session.household()
    return max(1, int(hv.cert_ready_month) - session.month + 1)


def suggested_amount(session) -> float:
    """A first amount to show: what a typical trade would need beyond savings, in 5,000 steps."""
    p, hv = session.params, session.household()
    costs = sorted(tr.start_up_cost_yuan for tr in p.trades)
    typical = costs[len(costs) // 2] if costs else 30_000.0
    need = typical - float(hv.cash) + 2 * session.spending_outlook()["living"]
    amount = max(STEP_YUAN, math.ceil(max(need, 0.0) / STEP_YUAN) * STEP_YUAN)
    return float(min(amount, p.policy.loan_ceiling_yuan))


class LoanOfficeScene(PreRunScene):
    step = "loan_office"
    title_key = "loan.title"
    default_focus = "next"

    def __init__(self, app, session, **_: Any) -> None:
        super().__init__(app, session)
        wish = getattr(session, "loan_wish", None)
        self.amount = float(wish) if wish else suggested_amount(session)
        self.amount_problem = ""
        self._stale = False  # built again under a dialog's idle frame (_build_under_the_dialog)
        self._month_next: int | None = None  # saved in that frame: the months open in the next
        self._rebuilding: Any = None  # that build's pieces left (Scene.build_pieces)
        self.guarantor: int | None = None
        self.candidates: list[dict] = []
        self._tags: list[tuple] = []

    # ---- state --------------------------------------------------------------------------
    @property
    def cert(self) -> str:
        return self.session.certificate()

    @property
    def has_loan(self) -> bool:
        return self.session.household().loan_principal > 0

    def loan_command(self) -> ApplyForLoan:
        return ApplyForLoan(
            self.session.player,
            float(self.amount),
            self.guarantor if self.guarantor is not None else -1,
        )

    # ---- layout -------------------------------------------------------------------------
    @property
    def compact(self) -> bool:
        """Large text on a small window: panels give up their help paragraphs (they become the
        headings' tooltips) so every guarantor and every number keeps its room."""
        return self.content.h < self.px(470)

    def build_content(self, p: Painter):
        """Its four boxes, a piece each (built under a dialog, a box an idle frame)."""
        c = self.content
        gap = self.px(16)
        left_w = (c.w - gap) * 9 // 20
        cert_h = self._certificate_height(left_w)
        self._tags = []
        self._certificate(p, pygame.Rect(c.x, c.y, left_w, cert_h))
        yield
        yield from self._guarantor(
            p, pygame.Rect(c.x, c.y + cert_h + gap, left_w, c.h - cert_h - gap)
        )
        yield
        right = pygame.Rect(c.x + left_w + gap, c.y, c.w - left_w - gap, c.h)
        # as tall as its heading and two rows need (large text), and never less than the design
        informal_rows = p.line_h("body", 1.3) + self.text_h("body") + self.px(4)
        informal_need = self.px(20) + self.text_h("heading", True) + self.px(6) + informal_rows
        informal_h = max(self.px(96 if self.compact else 132), informal_need)
        yield from self._loan(p, pygame.Rect(right.x, right.y, right.w, right.h - informal_h - gap))
        yield
        self._informal(p, pygame.Rect(right.x, right.bottom - informal_h, right.w, informal_h))

    def _certificate_height(self, width: int) -> int:
        """Just the room the certificate's panel needs: its rows, its help line, its button."""
        inner_w = width - self.px(28)
        small = fonts.get(self.font_px("small"))
        help_lines = (
            0 if self.compact else len(fonts.wrap(t(f"loan.cert.{self.cert}.help"), small, inner_w))
        )
        rows = 2 if not self.compact else 1
        h = self.px(20) + self.text_h("heading", True) + self.px(6)
        h += rows * (fonts.get(self.font_px("body")).get_linesize() + self.px(4))
        h += help_lines * int(small.get_linesize() * 1.3)
        if self.cert in ("none", "pending"):
            h += self.px(34) + self.px(8)
        return h

    def _box(self, p: Painter, rect: pygame.Rect, title: str, icon: str) -> pygame.Rect:
        p.panel(rect)
        inner = rect.inflate(-self.px(28), -self.px(20))
        isz = self.px(22)
        draw_icon(
            p.surface,
            icon,
            pygame.Rect(inner.x, inner.y + self.px(2), isz, isz),
            theme.colour("accent"),
        )
        p.heading(title, (inner.x + isz + self.px(10), inner.y), max_w=inner.w - isz - self.px(10))
        top = inner.y + self.text_h("heading", True) + self.px(6)
        return pygame.Rect(inner.x, top, inner.w, inner.bottom - top)

    def _certificate(self, p: Painter, rect: pygame.Rect) -> None:
        r = self._box(p, rect, t("loan.cert.title"), "book")
        if self.compact:  # its help becomes the heading's tooltip: room for the guarantors
            p.tip(
                pygame.Rect(rect.x, rect.y, rect.w, r.y - rect.y),
                t("loan.cert.title"),
                t(f"loan.cert.{self.cert}.help"),
            )
        pol = self.session.params.policy
        cert = self.cert
        colour = {"none": "text", "pending": "accent", "granted": "good", "refused": "warn"}[cert]
        status = t(f"loan.cert.{cert}")
        if cert == "pending":
            n = certificate_answer_in(self.session)
            status = t("loan.cert.pending_in", months=months_text(n))
        row = p.fact(
            t("loan.cert.status"),
            status,
            pygame.Rect(r.x, r.y, r.w, 0),
            t("loan.cert.title"),
            t(
                "loan.cert.tip",
                odds=pct(pol.certificate_probability),
                delay=months_text(pol.certificate_delay_months),
            ),
            colour=colour,
        )
        y = row.bottom + self.px(4)
        if not self.compact:
            odds = p.fact(
                t("loan.cert.odds"),
                pct(pol.certificate_probability),
                pygame.Rect(r.x, y, r.w, 0),
                t("loan.cert.odds"),
                t(
                    "loan.cert.tip",
                    odds=pct(pol.certificate_probability),
                    delay=months_text(pol.certificate_delay_months),
                ),
            )
            y = odds.bottom + self.px(4)
            p.para(t(f"loan.cert.{cert}.help"), pygame.Rect(r.x, y, r.w, 0), "small", "text_dim")
        btn_h = self.px(34)
        by = r.bottom - btn_h
        if cert == "none":
            reasons = [
                reason_text(k, v)
                for k, v in ApplyForCertificate(self.session.player).validate(self.session.engine)
            ]
            self.button(
                pygame.Rect(r.x, by, self.px(280), btn_h),
                t("loan.cert.apply"),
                "cert",
                shortcut=pygame.K_c,
                enabled=not reasons,
                tooltip=reasons[0]
                if reasons
                else t("loan.cert.apply.tip", odds=pct(pol.certificate_probability)),
            )
        elif cert == "pending":
            self.button(
                pygame.Rect(r.x, by, self.px(320), btn_h),
                t("loan.cert.wait"),
                "wait",
                shortcut=pygame.K_w,
                tooltip=t("loan.cert.wait.tip"),
            )

    def _guarantor(self, p: Painter, rect: pygame.Rect):
        """Who might stand guarantor: each with the chance of a yes in words, what in their
        own situation holds them back, and, for one who said no, when to ask again. In pieces
        (a generator): the people's odds, then a few rows a piece (all of it: 18 ms, one piece
        of the office built ahead under the month, issue 17)."""
        r = self._box(p, rect, t("loan.guarantor.title"), "handshake")
        s = self.session
        pol = s.params.policy
        self.candidates = []
        if not pol.guarantor_required:
            p.para(
                t("loan.guarantor.not_needed"), pygame.Rect(r.x, r.y, r.w, 0), "body", "text_dim"
            )
            return
        if self.has_loan:  # the question is settled: who stands behind the loan
            g = int(s.household().guarantor)
            text = (
                t("loan.have.guarantor", name=s.name_of(g))
                if g >= 0
                else t("loan.have.no_guarantor")
            )
            p.para(text, pygame.Rect(r.x, r.y, r.w, 0), "body", "text")
            return
        if self.compact:
            y = r.y
            p.tip(
                pygame.Rect(rect.x, rect.y, rect.w, r.y - rect.y),
                t("loan.guarantor.title"),
                t("loan.guarantor.help"),
            )
        else:
            y = p.para(
                t("loan.guarantor.help"), pygame.Rect(r.x, r.y, r.w, 0), "small", "text_dim"
            ) + self.px(4)
        btn_h = self.px(32)
        people = s.guarantors()
        yield
        now = [c for c in people if c.can_ask(s.month)]
        later = [c for c in people if not c.can_ask(s.month)]
        shown = sorted(now, key=lambda c: -c.chance) + sorted(
            later, key=lambda c: (c.ask_again_month, c.name)
        )
        gap = self.px(5 if self.compact else 6)
        # two lines (name, then situation) as tall as the language's fonts draw them
        sample = "国Ag" if i18n.get_language().startswith("zh") else "Ag"
        two_lines = (
            tx.render(sample, self.font_px("body"), theme.colour("text"), True).get_height()
            + tx.render(sample, self.font_px("small"), theme.colour("text"), False).get_height()
        )
        row_h = max(self.px(40 if self.compact else 44), two_lines + self.px(4))
        room = r.bottom - btn_h - self.px(8) - y + gap
        fits = self._rows_that_fit(p, room, row_h, gap, len(shown))
        if fits < len(shown):  # rows of one line (name and odds; the rest in the tooltip)
            one_line = self._one_line_row_h()
            if self._rows_that_fit(p, room, one_line, gap, len(shown)) > fits:
                row_h = one_line
                fits = self._rows_that_fit(p, room, row_h, gap, len(shown))
        hidden = len(shown) - fits
        self.candidates = shown[:fits]
        for i, c in enumerate(self.candidates):
            relation = t(f"loan.relation.{c.relation}")
            name_line = t("loan.guarantor.row", name=c.name, relation=relation)
            status = t(f"loan.status.{c.status}")
            if c.can_ask(s.month):
                label = t(f"guarantor.odds_short.{c.odds}")
                colour = guarantors.ODDS_TONE[c.odds]
                tip = t(
                    "guarantor.row.tip",
                    name=c.name,
                    relation=relation,
                    status=status,
                    odds=guarantors.odds_text(c.chance),
                    chance=pct(c.chance),
                    why=c.why(),
                )
            else:
                when = words.calendar(s, int(c.ask_again_month))
                label = t("guarantor.again", when=when)
                colour = "text_disabled"
                tip = t(
                    "guarantor.row.later.tip",
                    name=c.name,
                    said=words.calendar(s, int(c.said_no_month)),
                    why=c.why(),
                    when=when,
                )
            rr = pygame.Rect(r.x, y, r.w, row_h)
            self.button(
                rr,
                "",
                f"g.{i}",
                enabled=c.can_ask(s.month),
                shortcut=pygame.K_1 + i if i < 9 else None,
                show_key=False,
                tooltip=tip,
            )
            short = t(f"guarantor.short.{c.situation}", **c.values)
            self._tags.append((rr, label, colour, name_line, f"{short} · {status}", str(i + 1)))
            if self.guarantor == c.household and not c.can_ask(s.month):
                self.guarantor = None
            y += row_h + gap
            if i % 3 == 2:
                yield
        if hidden > 0:
            said_no = any(not c.can_ask(s.month) for c in shown[fits:])
            more = "loan.guarantor.more_said_no" if said_no else "loan.guarantor.more"
            p.text(t(more, n=hidden), (r.x, y), "small", "text_dim", max_w=r.w)
        reasons = guarantors.look_reasons(s)
        self.button(
            pygame.Rect(r.x, r.bottom - btn_h, r.w, btn_h),
            t("guarantor.look"),
            "look",
            shortcut=pygame.K_n,
            enabled=not reasons,
            tooltip=reasons[0] if reasons else t("guarantor.look.tip"),
        )

    def _rows_that_fit(self, p: Painter, room: int, row_h: int, gap: int, n: int) -> int:
        fits = max(0, room // (row_h + gap))
        if fits < n:  # a small line under the rows tells how many more there are
            fits = max(0, (room - p.line_h("small", 1.0)) // (row_h + gap))
        return fits

    def _one_line_row_h(self) -> int:
        """A guarantor row of one line: its name and the odds pill (draw_on_widgets draws a
        row lower than px(36) so)."""
        body = tx.render("国Ag", self.font_px("body"), theme.colour("text"), True).get_height()
        return min(self.px(36) - 1, max(self.px(30), body + self.px(6)))

    def _loan(self, p: Painter, rect: pygame.Rect):
        """The loan asked for: its amount (typed, or stepped), its terms, its button. In pieces
        (a generator: the amount's field alone was 10-20 ms the first time, its fonts)."""
        r = self._box(p, rect, t("loan.loan.title"), "coin")
        pol, hv = self.session.params.policy, self.session.household()
        if not pol.loans_enabled:
            p.para(t("loan.loans_off"), pygame.Rect(r.x, r.y, r.w, 0), "body", "warn")
            return
        if self.has_loan:
            due = int(hv.loan_due_month)
            p.fact(
                t("loan.have"),
                yuan(float(hv.loan_principal)),
                pygame.Rect(r.x, r.y, r.w, 0),
                t("loan.have"),
                t("loan.have.tip", month=due + 1),
                colour="good",
            )
            y = r.y + p.line_h("body", 1.4)
            y = p.para(
                t("loan.have.help", month=due + 1),
                pygame.Rect(r.x, y, r.w, 0),
                "small",
                "text_dim",
                max_lines=3,
            ) + self.px(6)
            g = int(hv.guarantor)
            if g >= 0:
                who = self.session.name_of(g)
                p.fact(
                    t("loan_due.row.guarantor"),
                    who,
                    pygame.Rect(r.x, y, r.w, 0),
                    t("loan_due.row.guarantor"),
                    t("loan.have.guarantor.tip", name=who),
                )
                y += p.line_h("body", 1.25)
            self._default_lines(p, r, y + self.px(6))
            return
        kind, door = guarantors.loan_door(self.session)
        if kind == "closed":
            p.para(door, pygame.Rect(r.x, r.y, r.w, 0), "body", "warn")
            return
        self.amount = float(min(max(self.amount, 1_000.0), pol.loan_ceiling_yuan))
        # amount: - [ 50000 ] +  (typed, or stepped by 5,000)
        btn = self.px(40)
        value_w = self.px(170)
        y = r.y
        if kind == "later":
            y = p.para(door, pygame.Rect(r.x, y, r.w, 0), "small", "warn") + self.px(6)
        lab = p.text(t("loan.amount"), (r.x, y + self.px(8)), "body", "text_dim")
        x = r.right - (btn * 2 + value_w + self.px(16))
        self.button(
            pygame.Rect(x, y, btn, btn),
            "\u2212",
            "minus",
            cls="stepper",
            focus=False,
            tooltip=t("loan.amount.minus", step=yuan(STEP_YUAN)),
        )
        yield
        field = self.text_field(
            pygame.Rect(x + btn + self.px(8), y, value_w, btn),
            f"{int(self.amount)}",
            "amount",
            digits=True,
            max_length=7,
            tooltip=t("loan.amount.tip", ceiling=yuan(pol.loan_ceiling_yuan)),
        )
        field.irb_shown = field.get_text()  # what counts as typed: a change from this
        yield
        self.button(
            pygame.Rect(x + btn + value_w + self.px(16), y, btn, btn),
            "+",
            "plus",
            cls="stepper",
            focus=False,
            tooltip=t("loan.amount.plus", step=yuan(STEP_YUAN)),
        )
        p.tip(lab, t("loan.amount"), t("loan.amount.tip", ceiling=yuan(pol.loan_ceiling_yuan)))
        y += btn + self.px(6)
        if self.amount_problem:
            y = p.para(self.amount_problem, pygame.Rect(r.x, y, r.w, 0), "small", "warn")
        p.bar(
            pygame.Rect(r.x, y, r.w, self.px(8)),
            self.amount / max(pol.loan_ceiling_yuan, 1.0),
            "accent",
        )
        y += self.px(16)
        rate = pol.loan_interest_rate_per_year
        you_pay = self.amount * rate / 12 * pol.borrower_interest_share
        payer = (
            t("loan.interest.state")
            if pol.borrower_interest_share <= 0
            else t("loan.interest.you", share=pct(pol.borrower_interest_share))
        )
        due_month = self.session.month + pol.loan_term_months
        ext = months_text(pol.loan_extension_months)
        term_tip = t("loan.term.tip", month=due_month + 1, ext=ext)
        facts = [
            (t("loan.ceiling"), yuan(pol.loan_ceiling_yuan), "text", t("loan.ceiling.tip")),
            (
                t("loan.term"),
                months_text(pol.loan_term_months),
                "text",
                term_tip if pol.loan_extension_months <= 0 else extension_terms(pol, term_tip),
            ),
            (
                t("loan.interest"),
                payer,
                "good" if pol.borrower_interest_share <= 0 else "warn",
                t("loan.interest.tip", rate=pct(rate, 2)),
            ),
            *(
                [
                    (
                        t("loan.interest_cost"),
                        yuan_month(you_pay),
                        "text",
                        t("loan.interest_cost.tip"),
                    )
                ]
                if pol.borrower_interest_share > 0
                else []
            ),
            (
                t("loan.repay"),
                t("loan.repay.value", amount=yuan(self.amount), month=due_month + 1),
                "accent",
                i18n.then(t("loan.repay.tip"), t("loan.default.tip")),
            ),
        ]
        line = p.line_h("body", 1.25)
        for label, value, colour, tip in facts:
            p.fact(label, value, pygame.Rect(r.x, y, r.w, 0), label, tip, colour=colour)
            y += line
        self._default_lines(p, r, y + self.px(6))

    def _default_lines(self, p: Painter, r: pygame.Rect, y: int) -> None:
        """What failing to repay means, as far as the box has room (the heading only with at
        least its first line under it; its tooltip says all of it)."""
        if y + p.line_h("body") + p.line_h("small") > r.bottom:
            return
        head = p.text(t("loan.default.title"), (r.x, y), "body", "warn", bold=True)
        p.tip(head, t("loan.default.title"), t("loan.default.tip"))
        y = head.bottom + self.px(4)
        b = self.session.params.behaviour
        for key, icon in (
            ("guarantor", "handshake"),
            ("blacklist", "padlock"),
            ("assets", "bricks"),
        ):
            if y + p.line_h("small") > r.bottom:
                break
            isz = self.px(16)
            draw_icon(
                p.surface, icon, pygame.Rect(r.x, y + self.px(1), isz, isz), theme.colour("warn")
            )
            text = t(f"loan.default.{key}", salvage=pct(b.salvage_share))
            y = p.para(
                text,
                pygame.Rect(r.x + isz + self.px(8), y, r.w - isz - self.px(8), 0),
                "small",
                "text",
                spacing=1.2,
                max_lines=2,
            )

    def _informal(self, p: Painter, rect: pygame.Rect) -> None:
        r = self._box(p, rect, t("loan.informal.title"), "coin")
        inc = self.session.params.income
        room = self.session.budget().informal_room_yuan
        rate = inc.informal_rate_per_month
        col_w = (r.w - self.px(24)) // 2
        p.fact(
            t("loan.informal.rate"),
            t("unit.per_month", value=pct(rate, 1)),
            pygame.Rect(r.x, r.y, col_w, 0),
            t("loan.informal.rate"),
            t("loan.informal.rate.tip", year=pct((1 + rate) ** 12 - 1)),
            colour="warn",
        )
        p.fact(
            t("loan.informal.room"),
            yuan(room),
            pygame.Rect(r.x, r.y + p.line_h("body", 1.3), col_w, 0),
            t("loan.informal.room"),
            t("loan.informal.room.tip"),
        )
        btn_h = self.px(34)
        reasons = [] if room >= 1 else [t("loan.informal.none")]
        self.button(
            pygame.Rect(r.x + col_w + self.px(24), r.bottom - btn_h, col_w, btn_h),
            t("loan.informal.borrow_some"),
            "informal",
            shortcut=pygame.K_i,
            enabled=not reasons,
            tooltip=reasons[0] if reasons else t("loan.informal.borrow.tip"),
        )

    # ---- footer -------------------------------------------------------------------------
    def build_footer(self) -> None:
        super().build_footer()
        if self.has_loan:  # the main button goes to the street already
            return
        r = self._help_rect
        w = self.px(230)
        can_open = self._can_open_any()
        self.button(
            pygame.Rect(r.right - w, r.y, w, r.h),
            t("loan.to_business"),
            "business",
            shortcut=pygame.K_b,
            tooltip=t("loan.to_business.tip") if can_open else t("loan.to_business.poor"),
        )
        self._help_rect = pygame.Rect(r.x, r.y, r.w - w - self.px(16), r.h)

    def _can_open_any(self) -> bool:
        eng, h = self.session.engine, self.session.player
        return any(
            not OpenBusiness(h, i, -1).validate(eng) for i in range(len(self.session.params.trades))
        )

    def next_text(self) -> str:
        if self.has_loan:
            return t("loan.to_business")
        return t("loan.ask", amount=yuan(self.amount))

    def next_enabled(self) -> tuple[bool, str | None]:
        if self.has_loan:
            return True, None
        reasons = self.loan_reasons()
        return (not reasons, reasons[0] if reasons else None)

    def next_tooltip(self) -> str | None:
        return t("loan.to_business.tip") if self.has_loan else t("loan.ask.tip")

    def loan_reasons(self) -> list[str]:
        pol = self.session.params.policy
        if pol.loans_enabled and pol.guarantor_required and self.guarantor is None:
            cmd_reasons = [
                r
                for r in self.loan_command().validate(self.session.engine)
                if r[0] != "bad_guarantor"
            ]
            return [reason_text(k, v) for k, v in cmd_reasons] + [t("loan.pick_guarantor")]
        return [reason_text(k, v) for k, v in self.loan_command().validate(self.session.engine)]

    # ---- actions ------------------------------------------------------------------------
    def adjust(self, direction: int) -> None:
        self._adopt_pending_amount()  # typed 30000, then +: 35000
        pol = self.session.params.policy
        self.amount = float(
            min(
                max(
                    self.amount + direction * STEP_YUAN,
                    STEP_YUAN if pol.loan_ceiling_yuan >= STEP_YUAN else 1_000.0,
                ),
                pol.loan_ceiling_yuan,
            )
        )
        self.session.loan_wish = self.amount
        self.amount_problem = ""
        self._build()

    def on_text(self, name: str, text: str) -> None:
        if name == "amount":
            self.take_amount(text)

    def take_amount(self, text: str) -> bool:
        """The typed amount, if it is one the bank lends; else say what it must be."""
        ok = self._adopt_amount(text)
        self._build()
        if ok:
            self.focus.focus_name("next")
        return ok

    def _adopt_amount(self, text: str) -> bool:
        """Make `text` the amount if the bank lends it; else keep the old one and say why."""
        from game.ui.scenes.amount import parse_amount

        pol = self.session.params.policy
        amount = parse_amount(text)
        if amount is None or not (1_000 <= amount <= pol.loan_ceiling_yuan):
            self.amount_problem = t(
                "amount.out_of_range", low=yuan(1_000), high=yuan(pol.loan_ceiling_yuan)
            )
            return False
        self.amount = amount
        self.session.loan_wish = amount
        self.amount_problem = ""
        return True

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_KP_MINUS, pygame.K_MINUS):
            self.adjust(-1)
            return True
        if event.key in (pygame.K_KP_PLUS, pygame.K_EQUALS, pygame.K_PLUS):
            self.adjust(1)
            return True
        return False

    def on_button(self, name: str, element) -> None:
        if self.settling:
            return  # ("wait" pressed: the months open in a moment)
        super().on_button(name, element)

    def on_action(self, name: str, element) -> None:
        if name == "cert":
            reasons = self.session.submit(ApplyForCertificate(self.session.player))
            if reasons:
                self._tell(t("loan.cert.title"), "\n".join(reasons))
            else:
                self.session.autosave()
                n = certificate_answer_in(self.session)
                self._tell(
                    t("loan.cert.applied.title"), t("loan.cert.applied.body", months=months_text(n))
                )
            self._build_under_the_dialog()
        elif name == "wait":  # (pressed before the months were built ahead: built first)
            self.open_when_built("month", self._save_then_month, session=self.session)
        elif name.startswith("g."):
            i = int(name[2:])
            if i < len(self.candidates):
                self.guarantor = int(self.candidates[i].household)
                field = self._amount_field()
                if field is not None and self._typed_amount(field) is not None:
                    self._build()  # (an amount typed and left: its lines change too)
                else:  # only the bank's button says otherwise; the row's mark is drawn on top
                    self.refresh_next()  # (a rebuild was 21 ms of the click's frame)
                self.focus.focus_name(name)
        elif name == "look":
            before = {c.household for c in self.session.guarantors()}
            reasons = self.session.look_for_guarantors()
            if reasons:
                self.app.message(t("guarantor.look"), "\n".join(reasons))
                return
            new = [c.name for c in self.session.guarantors() if c.household not in before]
            self.session.autosave()
            self._build_under_the_dialog()
            self._tell(
                t("guarantor.look.found.title"),
                t("guarantor.look.found.body", names=t("list.join").join(new)),
            )
        elif name in ("minus", "plus"):
            self.adjust(-1 if name == "minus" else 1)
            self.focus.focus_name("amount")
        elif name == "informal":
            self._borrow_informally()
        elif name == "business":
            self.app.open("business", session=self.session)

    def _borrow_informally(self) -> None:
        """How much to take from informal lenders: typed, up to what they would lend."""
        from game.ui.scenes.amount import AmountDialog

        s = self.session
        room = float(int(s.budget().informal_room_yuan))
        rate = s.params.income.informal_rate_per_month

        def borrow(amount: float) -> None:
            reasons = s.submit(BorrowInformally(s.player, float(amount)))
            if reasons:
                self._tell(t("loan.informal.title"), "\n".join(reasons))
            else:
                self._tell(
                    t("loan.informal.done.title"), t("loan.informal.done.body", amount=yuan(amount))
                )
            self._build_under_the_dialog()

        self.app.push(
            AmountDialog(
                self.app,
                t("loan.informal.title"),
                t(
                    "month.borrow.body",
                    amount=yuan(room),
                    rate=pct(rate, 1),
                    interest=yuan(room * rate),
                ),
                low=1,
                high=room,
                value=min(self.amount, room),
                on_ok=borrow,
                ok=t("month.borrow.yes"),
            )
        )

    def on_next(self) -> None:
        if self.has_loan:
            self.app.open("business", session=self.session)
            return
        field = next((e for e in self._elements if self.name_of(e) == "amount"), None)
        if field is not None and field.get_text() != f"{int(self.amount)}":
            if not self.take_amount(field.get_text()):
                return
        g = self.guarantor
        name = next((c.name for c in self.candidates if c.household == g), "")
        reasons = self.session.submit(self.loan_command())
        if reasons:
            self._tell(t("loan.refused.title"), "\n".join(reasons))
            self._build_under_the_dialog()
            return
        outcome = self.session.last_outcome
        self.session.autosave()
        if outcome.get("outcome") == "guarantor_refused":
            self.guarantor = None
            self._build_under_the_dialog()
            self._tell(t("loan.said_no.title", name=name), guarantors.refusal_text(self.session, g))
            return
        due = int(self.session.household().loan_due_month)
        self._build_under_the_dialog()
        self._tell(
            t("loan.granted.title"),
            t("loan.granted.body", amount=yuan(self.amount), name=name, month=due + 1),
            on_close=lambda: self.app.open("business", session=self.session),
        )

    # ---- idle frames ------------------------------------------------------------------------
    def build(self) -> None:
        if self._rebuilding is not None:  # (built whole now: a build in pieces is not needed)
            self._rebuilding.close()
            self._rebuilding = None
        super().build()
        self._stale = False
        self._built_now = True  # the frame that shows the screen does nothing more

    def build_pieces(self):
        yield from self._pieces()
        self._stale = False
        self._built_now = True

    def on_resume(self) -> None:
        super().on_resume()
        self._built_now = True  # nor does the frame that closes a dialog over it
        if self._stale:  # (a dialog closed before its idle frames built this screen again)
            self._build()

    def _tell(self, title: str, body: str, on_close=None) -> None:
        """A message whose OK closes it once the office under it is built again (and, with a
        loan, the business screen that comes next), a piece a frame under it: answered within
        the 2-3 frames a quick reader (the bot's fast run) gives it, either was built whole in
        the answer's frame (20-36 ms, issue 17)."""
        dialog = DialogScene.message(self.app, title, body, on_close=on_close)
        dialog.waits_on = ("ok",)
        self.tell_next_frame(lambda: self.app.push(dialog))  # (built in a frame of its own)

    def ready_to_show(self) -> bool:
        """What a message over the office (_tell) closes onto is built: the office itself, built
        again under it, and once the loan is granted the business screen it opens next."""
        if self._stale or self._rebuilding is not None:
            return False
        s = self.session
        return not self.has_loan or self.app.prepared("business", session=s)

    def _build_under_the_dialog(self) -> None:
        """What the player did changed this screen and a dialog says so: the screen is built
        again in the dialog's first idle frame (work_ahead), not in the frame that opens it."""
        self._stale = True

    def _save_then_month(self) -> None:
        """The months are built: the run is saved in this frame (its snapshot, 5-10 ms) and
        they open in the next, which only shows them (go_month did both in one frame)."""
        self.session.screen = "month"
        self.session.autosave()
        self._month_next = self.app.frames

    @property
    def settling(self) -> bool:
        return self._month_next is not None or super().settling

    def update(self, dt: float) -> None:
        if self._month_next is not None:
            if self.app.frames > self._month_next:
                self._month_next = None
                unwind_to_title(self.app)
                self.app.open("month", session=self.session)
            return
        if self.opening_step():  # "wait" pressed: the months open once built
            return
        if self._telling is not None:
            return  # (its message opens in the next frame: built again under it, not now)
        if getattr(self, "_built_now", False):
            self._built_now = False
        else:
            self.work_ahead()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.settling:
            return True  # waited: the months open in a moment
        handled = super().handle_event(event)
        if event.type == pygame.KEYDOWN or (
            event.type == pygame.MOUSEBUTTONUP and not self._over_an_element(event.pos)
        ):
            self._take_amount_left_behind()
        return handled

    def _over_an_element(self, pos) -> bool:
        return any(e.alive() and e.rect.collidepoint(pos) for e in self._elements)

    def _take_amount_left_behind(self) -> None:
        """An amount typed and then left without Enter (Tab, a click on empty space): show
        it, so the repayment line and the bank button never name an older amount than the
        field. (A click on a button rebuilds the screen anyway: _teardown takes it then.)"""
        field = self._amount_field()
        if field is not None and not field.is_focused and self._typed_amount(field) is not None:
            self._build()  # _teardown takes the typed amount first

    def _amount_field(self):
        return next((e for e in self._elements if self.name_of(e) == "amount"), None)

    def _typed_amount(self, field) -> str | None:
        """What the player typed in the field since it was made, if anything."""
        text = field.get_text()
        return None if text == getattr(field, "irb_shown", text) else text

    def _adopt_pending_amount(self) -> None:
        """Take what is typed in the field (or say why it cannot be lent), once."""
        field = self._amount_field()
        typed = self._typed_amount(field) if field is not None else None
        if typed is not None:
            self._adopt_amount(typed)
            field.irb_shown = typed  # taken: not again

    def _teardown(self) -> None:
        # every rebuild (a guarantor picked, a dialog closed) makes a new field: keep what was
        # typed in the old one instead of silently dropping it
        self._adopt_pending_amount()
        super()._teardown()

    def work_ahead(self) -> None:
        """An idle frame of this screen (or of a dialog over it): while the certificate is
        pending, build the months ahead ("wait" opens them); then paint a piece of the business
        screen for the run as it stands; once the loan is granted (the business screen comes
        next), build that screen ahead in more idle frames, so the frame that opens either
        only shows it (app.prepare)."""
        from game.ui.scenes import business_cards

        if self._stale:  # a piece a frame (the dialog shows the picture taken before)
            if self._rebuilding is None:
                self._rebuilding = self._build_in_pieces()
            try:
                next(self._rebuilding)
                return
            except StopIteration:
                self._rebuilding = None
            self.app.repaint_below()
            return
        if self.has_loan and self.app.prepared("business", session=self.session):
            return
        if self.cert == "pending" and not self.app.prepared("month", session=self.session):
            # the answer comes with the months: "wait" opens them, built ahead a piece a frame
            if self._ahead_tries.get("month", 0) < 3:
                self.prepare_in_pieces("month", session=self.session)
                return
        if business_cards.work_ahead(self, self.session) and self.has_loan:
            self.app.prepare("business", session=self.session)

    # ---- drawing on top of the buttons ------------------------------------------------------
    def draw_on_widgets(self, surface: pygame.Surface) -> None:
        """The guarantor rows' words over their buttons: key, name and relation, status, odds
        (under a dialog too)."""
        small, body = self.font_px("small"), self.font_px("body")
        for i, (rect, label, colour, name_line, status_line, key) in enumerate(self._tags):
            enabled = colour != "text_disabled"
            text = tx.render(label, small, theme.colour("ink"), True)
            pad = self.px(8)
            pill = pygame.Rect(0, 0, text.get_width() + 2 * pad, text.get_height() + self.px(4))
            pill.midright = (rect.right - self.px(10), rect.centery)
            pygame.draw.rect(surface, theme.colour(colour), pill, border_radius=pill.h // 2)
            surface.blit(text, text.get_rect(center=pill.center))
            x = rect.x + self.px(12)
            cap = tx.render(key, small, theme.colour("text_dim"), True)
            surface.blit(cap, (x, rect.centery - cap.get_height() // 2))
            x += self.px(22)
            room = pill.x - x - self.px(8)
            one_line = rect.h < self.px(36)
            # The longest version of each line that fits whole: the tooltip has all of it.
            name_line = _first_fitting(name_line, room, body, True)
            name_s = _fit(
                name_line, room, body, theme.colour("text" if enabled else "text_disabled"), True
            )
            if one_line:
                surface.blit(name_s, (x, rect.centery - name_s.get_height() // 2))
            else:
                stat_s = _fit(
                    _first_fitting(status_line, room, small, False),
                    room,
                    small,
                    theme.colour("text_dim" if enabled else "text_disabled"),
                    False,
                )
                top = rect.centery - (name_s.get_height() + stat_s.get_height()) // 2
                surface.blit(name_s, (x, top))
                surface.blit(stat_s, (x, top + name_s.get_height()))
            if i < len(self.candidates) and self.candidates[i].household == self.guarantor:
                pygame.draw.rect(
                    surface,
                    theme.colour("good"),
                    rect.inflate(self.px(2), self.px(2)),
                    max(2, self.px(2)),
                    border_radius=self.px(8),
                )
                draw_icon(
                    surface,
                    "handshake",
                    pygame.Rect(
                        pill.x - self.px(28), rect.centery - self.px(10), self.px(20), self.px(20)
                    ),
                    theme.colour("good"),
                )


def _first_fitting(text: str, width: int, size: int, bold: bool) -> str:
    """`text`, or the part of it before its last separator (", " or " · "), until one fits."""
    while tx.text_width(text, size, bold) > width:
        cut = max(text.rfind(" · "), text.rfind(", "), text.rfind("，"))
        if cut <= 0:
            break
        text = text[:cut]
    return text


def _fit(text: str, width: int, size: int, colour, bold: bool) -> pygame.Surface:
    return tx.fit_text(text, max(1, width), size, colour, bold=bold)


__all__ = ["LoanOfficeScene", "certificate_answer_in", "suggested_amount"]
