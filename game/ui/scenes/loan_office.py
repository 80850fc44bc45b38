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

from game.core import views
from game.core.commands import ApplyForCertificate, ApplyForLoan, BorrowInformally, OpenBusiness
from game.core.state import Cert
from game.i18n import t
from game.session import reason_text
from game.ui import theme
from game.ui.scenes.prerun import Painter, PreRunScene, go_month, months_text, pct, yuan, yuan_month
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon

STEP_YUAN = 5_000
LIKELY_COLOUR = {
    "likely": "good",
    "unsure": "accent",
    "unlikely": "warn",
    "refused": "text_disabled",
}


def refused_guarantors(session) -> set[int]:
    """Who already said no to this household (from the engine's outcomes)."""
    return {
        int(o["guarantor"])
        for o in session.engine.outcomes
        if o.get("command") == "apply_for_loan" and o.get("outcome") == "guarantor_refused"
    }


def certificate_answer_in(session) -> int:
    """End-of-months until a pending certificate is decided (the core decides it at the start
    of the month it is ready in)."""
    st, h = session.engine.state, session.player
    return max(1, int(st.cert_ready_month[h]) - session.month + 1)


def suggested_amount(session) -> float:
    """A first amount to show: what a typical trade would need beyond savings, in 5,000 steps."""
    p, st, h = session.params, session.engine.state, session.player
    costs = sorted(tr.start_up_cost_yuan for tr in p.trades)
    typical = costs[len(costs) // 2] if costs else 30_000.0
    need = typical - float(st.cash[h]) + 2 * views.budget(session.engine, h).living_cost_yuan
    amount = max(STEP_YUAN, math.ceil(max(need, 0.0) / STEP_YUAN) * STEP_YUAN)
    return float(min(amount, p.policy.loan_ceiling_yuan))


class LoanOfficeScene(PreRunScene):
    step = "loan_office"
    title_key = "loan.title"
    default_focus = "next"

    def __init__(self, app, session, **_: Any) -> None:
        super().__init__(app, session)
        self.amount = suggested_amount(session)
        self.guarantor: int | None = None
        self.candidates: list[dict] = []
        self._tags: list[tuple] = []

    # ---- state --------------------------------------------------------------------------
    @property
    def cert(self) -> str:
        return Cert(self.session.engine.state.cert[self.session.player]).name.lower()

    @property
    def has_loan(self) -> bool:
        return self.session.engine.state.loan_principal[self.session.player] > 0

    def loan_command(self) -> ApplyForLoan:
        return ApplyForLoan(
            self.session.player,
            float(self.amount),
            self.guarantor if self.guarantor is not None else -1,
        )

    # ---- layout -------------------------------------------------------------------------
    def build_content(self, p: Painter) -> None:
        c = self.content
        gap = self.px(16)
        left_w = (c.w - gap) * 9 // 20
        cert_h = self.px(172)
        self._tags = []
        self._certificate(p, pygame.Rect(c.x, c.y, left_w, cert_h))
        self._guarantor(p, pygame.Rect(c.x, c.y + cert_h + gap, left_w, c.h - cert_h - gap))
        right = pygame.Rect(c.x + left_w + gap, c.y, c.w - left_w - gap, c.h)
        informal_h = self.px(132)
        self._loan(p, pygame.Rect(right.x, right.y, right.w, right.h - informal_h - gap))
        self._informal(p, pygame.Rect(right.x, right.bottom - informal_h, right.w, informal_h))

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
        p.para(
            t(f"loan.cert.{cert}.help"),
            pygame.Rect(r.x, y, r.w, 0),
            "small",
            "text_dim",
            max_lines=2,
        )
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

    def _guarantor(self, p: Painter, rect: pygame.Rect) -> None:
        r = self._box(p, rect, t("loan.guarantor.title"), "handshake")
        pol = self.session.params.policy
        if not pol.guarantor_required:
            p.para(
                t("loan.guarantor.not_needed"), pygame.Rect(r.x, r.y, r.w, 0), "body", "text_dim"
            )
            return
        y = p.para(
            t("loan.guarantor.help"),
            pygame.Rect(r.x, r.y, r.w, 0),
            "small",
            "text_dim",
            max_lines=2,
        ) + self.px(4)
        self.candidates = self.session.engine.guarantor_candidates(
            self.session.player, lang=self.session.lang
        )
        refused = refused_guarantors(self.session)
        n = len(self.candidates)
        gap = self.px(6)
        row_h = max(self.px(30), min(self.px(44), (r.bottom - y - gap * (n - 1)) // max(1, n)))
        for i, cand in enumerate(self.candidates):
            hh = cand["household"]
            said_no = hh in refused
            likely = "refused" if said_no else cand["likely"]
            name_line = t(
                "loan.guarantor.row",
                name=cand["name"],
                relation=t(f"loan.relation.{cand['relation']}"),
            )
            status_line = t(f"loan.status.{cand['status']}")
            tip = (
                t("loan.guarantor.refused.tip", name=cand["name"])
                if said_no
                else t(f"loan.likely.{likely}.tip", name=cand["name"], calls=cand["times_called"])
            )
            rr = pygame.Rect(r.x, y, r.w, row_h)
            self.button(
                rr,
                "",
                f"g.{i}",
                enabled=not said_no,
                shortcut=pygame.K_1 + i if i < 9 else None,
                show_key=False,
                tooltip=f"{name_line} ({status_line}). {tip}",
            )
            self._tags.append(
                (
                    rr,
                    t(f"loan.likely.{likely}"),
                    LIKELY_COLOUR[likely],
                    name_line,
                    status_line,
                    str(i + 1),
                )
            )
            if self.guarantor == hh and said_no:
                self.guarantor = None
            y += row_h + gap

    def _loan(self, p: Painter, rect: pygame.Rect) -> None:
        r = self._box(p, rect, t("loan.loan.title"), "coin")
        pol, st, h = self.session.params.policy, self.session.engine.state, self.session.player
        if not pol.loans_enabled:
            p.para(t("loan.loans_off"), pygame.Rect(r.x, r.y, r.w, 0), "body", "warn")
            return
        if self.has_loan:
            due = int(st.loan_due_month[h])
            p.fact(
                t("loan.have"),
                yuan(float(st.loan_principal[h])),
                pygame.Rect(r.x, r.y, r.w, 0),
                t("loan.have"),
                t("loan.have.tip", month=due + 1),
                colour="good",
            )
            y = r.y + p.line_h("body", 1.4)
            p.para(
                t("loan.have.help", month=due + 1),
                pygame.Rect(r.x, y, r.w, 0),
                "small",
                "text_dim",
                max_lines=3,
            )
            return
        self.amount = float(min(max(self.amount, 1_000.0), pol.loan_ceiling_yuan))
        # amount: - [ ¥50,000 ] +
        btn = self.px(40)
        value_w = self.px(200)
        y = r.y
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
        self.button(
            pygame.Rect(x + btn + self.px(8), y, value_w, btn),
            yuan(self.amount),
            "amount",
            on_adjust=self.adjust,
            tooltip=t("loan.amount.tip", ceiling=yuan(pol.loan_ceiling_yuan)),
        )
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
        facts = [
            (t("loan.ceiling"), yuan(pol.loan_ceiling_yuan), "text", t("loan.ceiling.tip")),
            (
                t("loan.term"),
                months_text(pol.loan_term_months),
                "text",
                t("loan.term.tip", month=due_month + 1, ext=months_text(pol.loan_extension_months)),
            ),
            (
                t("loan.interest"),
                payer,
                "good" if pol.borrower_interest_share <= 0 else "warn",
                t("loan.interest.tip", rate=pct(rate, 2)),
            ),
            (t("loan.interest_cost"), yuan_month(you_pay), "text", t("loan.interest_cost.tip")),
            (
                t("loan.repay"),
                t("loan.repay.value", amount=yuan(self.amount), month=due_month + 1),
                "accent",
                t("loan.repay.tip"),
            ),
        ]
        line = p.line_h("body", 1.25)
        for label, value, colour, tip in facts:
            p.fact(label, value, pygame.Rect(r.x, y, r.w, 0), label, tip, colour=colour)
            y += line
        y += self.px(6)
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
        room = self.session.engine.informal_room(self.session.player)
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
            pygame.Rect(r.x + col_w + self.px(24), r.y, col_w, 0),
            t("loan.informal.room"),
            t("loan.informal.room.tip"),
        )
        amount = min(self.amount, room)
        cost = amount * rate
        y = r.y + p.line_h("body", 1.3)
        p.fact(
            t("loan.informal.cost", amount=yuan(amount)),
            yuan_month(cost),
            pygame.Rect(r.x, y, col_w, 0),
            t("loan.informal.cost.title"),
            t("loan.informal.cost.tip"),
            colour="warn",
        )
        btn_h = self.px(34)
        reasons = (
            [
                reason_text(k, v)
                for k, v in BorrowInformally(self.session.player, float(amount)).validate(
                    self.session.engine
                )
            ]
            if amount > 0
            else [t("loan.informal.none")]
        )
        self.button(
            pygame.Rect(r.x + col_w + self.px(24), r.bottom - btn_h, col_w, btn_h),
            t("loan.informal.borrow", amount=yuan(amount)),
            "informal",
            shortcut=pygame.K_i,
            enabled=not reasons,
            tooltip=reasons[0] if reasons else t("loan.informal.borrow.tip"),
        )

    # ---- footer -------------------------------------------------------------------------
    def build_footer(self) -> None:
        super().build_footer()
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
        return t("loan.ask.tip")

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
        self._build()

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_KP_MINUS, pygame.K_MINUS):
            self.adjust(-1)
            return True
        if event.key in (pygame.K_KP_PLUS, pygame.K_EQUALS, pygame.K_PLUS):
            self.adjust(1)
            return True
        return False

    def on_action(self, name: str, element) -> None:
        if name == "cert":
            reasons = self.session.submit(ApplyForCertificate(self.session.player))
            if reasons:
                self.app.message(t("loan.cert.title"), "\n".join(reasons))
            else:
                self.session.autosave()
                n = certificate_answer_in(self.session)
                self.app.message(
                    t("loan.cert.applied.title"), t("loan.cert.applied.body", months=months_text(n))
                )
            self._build()
        elif name == "wait":
            go_month(self.app, self.session)
        elif name.startswith("g."):
            i = int(name[2:])
            if i < len(self.candidates):
                self.guarantor = int(self.candidates[i]["household"])
                self._build()
                self.focus.focus_name(name)
        elif name in ("minus", "plus"):
            self.adjust(-1 if name == "minus" else 1)
            self.focus.focus_name("amount")
        elif name == "informal":
            amount = min(self.amount, self.session.engine.informal_room(self.session.player))
            reasons = self.session.submit(BorrowInformally(self.session.player, float(amount)))
            if reasons:
                self.app.message(t("loan.informal.title"), "\n".join(reasons))
            else:
                self.app.message(
                    t("loan.informal.done.title"), t("loan.informal.done.body", amount=yuan(amount))
                )
            self._build()
        elif name == "business":
            self.app.open("business", session=self.session)

    def on_next(self) -> None:
        if self.has_loan:
            self.app.open("business", session=self.session)
            return
        name = next((c["name"] for c in self.candidates if c["household"] == self.guarantor), "")
        reasons = self.session.submit(self.loan_command())
        if reasons:
            self.app.message(t("loan.refused.title"), "\n".join(reasons))
            self._build()
            return
        outcome = self.session.last_outcome
        self.session.autosave()
        if outcome.get("outcome") == "guarantor_refused":
            self.guarantor = None
            self._build()
            self.app.message(t("loan.said_no.title", name=name), t("loan.said_no.body", name=name))
            return
        due = int(self.session.engine.state.loan_due_month[self.session.player])
        self._build()
        self.app.message(
            t("loan.granted.title"),
            t("loan.granted.body", amount=yuan(self.amount), name=name, month=due + 1),
            on_close=lambda: self.app.open("business", session=self.session),
        )

    # ---- drawing on top of the buttons ------------------------------------------------------
    def draw_overlay(self, surface: pygame.Surface) -> None:
        """The guarantor rows' words over their buttons: key, name and relation, status, odds."""
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
            one_line = rect.h < self.px(40)
            name_s = _fit(
                name_line, room, body, theme.colour("text" if enabled else "text_disabled"), True
            )
            if one_line:
                surface.blit(name_s, (x, rect.centery - name_s.get_height() // 2))
            else:
                stat_s = _fit(
                    status_line,
                    room,
                    small,
                    theme.colour("text_dim" if enabled else "text_disabled"),
                    False,
                )
                top = rect.centery - (name_s.get_height() + stat_s.get_height()) // 2
                surface.blit(name_s, (x, top))
                surface.blit(stat_s, (x, top + name_s.get_height()))
            if i < len(self.candidates) and self.candidates[i]["household"] == self.guarantor:
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
        super().draw_overlay(surface)


def _fit(text: str, width: int, size: int, colour, bold: bool) -> pygame.Surface:
    return tx.fit_text(text, max(1, width), size, colour, bold=bold)


__all__ = ["LoanOfficeScene", "refused_guarantors", "certificate_answer_in", "suggested_amount"]
