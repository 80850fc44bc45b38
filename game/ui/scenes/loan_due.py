"""The loan falls due: repay, extend (when the policy allows it once), or let it fall due, and
what a default sets off, step by step (design.md: default is a process, not a game over).

Opened by the month screen as `app.open("loan_due", session=session)` when the subsidised loan
matures at the end of this month or the next.
"""

from __future__ import annotations

import pygame

from game import i18n
from game.core import commands as C
from game.i18n import t
from game.ui.scene import Scene
from game.ui.scenes import rows as mp
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel

LAYER = 40


def extension_terms(pol, hint: str) -> str:
    """`hint` about an extension, followed by what it asks of the player under the scenario's
    policy: the guarantor's agreement, and the interest the state stops paying
    (docs/evidence.md#loan-2002; nothing added where the scenario waives them)."""
    asks = pol.guarantor_required and pol.extension_needs_guarantor
    pays = not pol.subsidy_during_extension and pol.borrower_interest_share < 1
    return i18n.then(
        hint,
        t("loan.extension.guarantor") if asks else "",
        t("loan.extension.interest") if pays else "",
    )


def shortfall(session) -> dict:
    """What would happen if the loan fell due with today's cash (the same order as the core:
    cash, then family and lenders for an open business, then the guarantor)."""
    hv = session.household()
    principal = float(hv.loan_principal)
    cash = max(float(hv.cash), 0.0)
    gap = max(principal - cash, 0.0)
    family = min(gap, session.budget().informal_room_yuan) if hv.trade >= 0 else 0.0
    return {
        "principal": principal,
        "cash": cash,
        "gap": gap,
        "family": family,
        "default": max(gap - family, 0.0),
    }


class LoanDueScene(Scene):
    modal = True
    fade_in = 0.25
    default_focus = "repay"

    def __init__(self, app, session, **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self._picture: pygame.Surface | None = None
        self._box: pygame.Rect | None = None
        self._ahead: tuple | None = None  # (look, its plan and picture) painted before it opens

    def paint_ahead(self) -> None:
        """The box's plan and picture, painted before the screen opens (the month paints them
        in the frame before the one that shows it: painting and building do not share it)."""
        self._ahead = (mp.modal_look(self), self._plan())

    def _steps(self, guarantor: str) -> list[tuple[str, str]]:
        p = self.session.params
        return [
            ("coin", t("loan_due.process.cash")),
            ("handshake", t("loan_due.process.guarantor", guarantor=guarantor)),
            ("padlock", t("loan_due.process.blacklist")),
            (
                "bricks",
                t("loan_due.process.assets", salvage=i18n.percent(p.behaviour.salvage_share)),
            ),
            (
                "suitcase",
                t("loan_due.process.fallback", rate=i18n.percent(p.income.informal_rate_per_month)),
            ),
        ]

    def _outlook(self, f: dict, guarantor: str) -> str:
        if f["gap"] <= 0.5:
            return t("loan_due.outlook.can_pay")
        if f["default"] <= 0.5:
            return t(
                "loan_due.outlook.family",
                gap=mp.yuan(f["gap"]),
                rate=i18n.percent(self.session.params.income.informal_rate_per_month),
            )
        return t("loan_due.outlook.default", gap=mp.yuan(f["default"]), guarantor=guarantor)

    def _guarantor(self) -> str:
        s, hv = self.session, self.session.household()
        g = int(hv.guarantor)
        return s.name_of(g) if g >= 0 else t("month.nobody")

    def build(self) -> None:
        plan, self._ahead = mp.take_painted(self, self._ahead), None
        box, col_w, y, bh_, f, why, ext, picture = plan or self._plan()
        s = self.session
        x = box.x + self.px(24)
        amount = min(f["principal"], f["cash"])
        full = amount >= f["principal"] - 0.5
        label = (
            t("loan_due.repay_all", amount=mp.yuan(amount))
            if full
            else t("loan_due.repay_part", amount=mp.yuan(amount))
        )
        mp.modal_button(
            self,
            pygame.Rect(x, y, col_w, bh_),
            label,
            "repay",
            cls="primary" if full else None,
            shortcut=pygame.K_r,
            enabled=not why,
            tooltip=i18n.then(*why) if why else t("loan_due.repay.tip"),
        )
        months = s.params.policy.loan_extension_months
        mp.modal_button(
            self,
            pygame.Rect(x, y + bh_ + self.px(10), col_w, bh_),
            t("loan_due.extend", months=i18n.months(months)),
            "extend",
            shortcut=pygame.K_x,
            enabled=not ext,
            cls="primary" if not full and not ext else None,
            tooltip=i18n.then(*ext)
            if ext
            else extension_terms(
                s.params.policy, t("loan_due.extend.tip", months=i18n.months(months))
            ),
        )
        mp.modal_button(
            self,
            pygame.Rect(x, y + 2 * (bh_ + self.px(10)), col_w, bh_),
            t("loan_due.let_it"),
            "let_it",
            shortcut=pygame.K_ESCAPE,
            tooltip=t("loan_due.let_it.tip"),
        )
        self.default_focus = "repay" if not why else ("extend" if not ext else "let_it")
        self._box = box
        self._picture = picture
        mp.modal_picture(self, box, self._picture)

    def _plan(self) -> tuple:
        """Where the box and its buttons go, what the loan falling due means now (its
        shortfall, why repaying or extending cannot be done), and the box's picture."""
        s, h = self.session, self.session.player
        w, hh = self.size
        bw = min(self.px(1000), w - 2 * self.px(40))
        pad = self.px(24)
        col_w = (bw - 2 * pad - self.px(32)) // 2
        f = shortfall(s)
        guarantor = self._guarantor()
        sc = self.scale
        # how tall the two columns need to be
        body, small = tx.SIZE_BODY * sc, tx.SIZE_SMALL * sc + 1
        title_h = tx.font(int(round(tx.SIZE_BIG * sc)), True).get_linesize() + self.px(10)
        line_b = int(tx.font(int(round(body))).get_linesize() * 1.2)
        line_s = int(tx.font(int(round(small))).get_linesize() * 1.2)
        bh_ = self.px(44)
        buttons_h = 3 * bh_ + 2 * self.px(10)
        outlook_n = len(mp.wrap_lines(self._outlook(f, guarantor), col_w, body))
        left_h = (
            title_h + 4 * self.px(28) + self.px(10) + outlook_n * line_b + self.px(20) + buttons_h
        )
        text_w = col_w - self.px(22) - self.px(26)
        right_h = (
            title_h
            + self.px(36)
            + sum(
                min(4, len(mp.wrap_lines(text, text_w, small))) * line_s + self.px(8)
                for _i, text in self._steps(guarantor)
            )
        )
        bh = min(hh - 2 * self.px(28), 2 * pad + max(left_h, right_h + self.px(8)))
        box = pygame.Rect(0, 0, bw, bh)
        box.center = (w // 2, hh // 2)
        amount = min(f["principal"], f["cash"])
        repay_cmd = C.RepayLoan(h, amount)
        why = self.session.reasons(repay_cmd) if amount >= 1 else [t("loan_due.no_cash")]
        ext = self.session.reasons(C.ExtendLoan(h))
        y = box.bottom - pad - buttons_h
        picture = self._paint(box, col_w, y - box.y, f)
        return box, col_w, y, bh_, f, why, ext, picture

    def _paint(self, box: pygame.Rect, col_w: int, buttons_top: int, f: dict) -> pygame.Surface:
        s, hv = self.session, self.session.household()
        pal, sc = self.pal, self.scale
        surf = pygame.Surface(box.size, pygame.SRCALPHA)
        draw_panel(surf, surf.get_rect(), pal, sc, shadow=False)
        pygame.draw.rect(
            surf,
            rgb(pal.brick),
            (0, 0, box.w, self.px(6)),
            border_top_left_radius=self.px(8),
            border_top_right_radius=self.px(8),
        )
        pad = self.px(24)
        due = int(hv.loan_due_month)
        left_in = due - s.month
        title = t(
            "loan_due.title.now" if left_in <= 0 else "loan_due.title.soon",
            when=mp.due_text(s, due),
        )
        ts = tx.fit_text(title, box.w - 2 * pad, tx.SIZE_BIG * sc, rgb(pal.text), bold=True)
        surf.blit(ts, (pad, pad))
        y = pad + ts.get_height() + self.px(10)
        x = pad
        guarantor = self._guarantor()
        facts = [
            (t("loan_due.row.principal"), mp.yuan(f["principal"]), pal.text),
            (
                t("loan_due.row.cash"),
                mp.yuan(f["cash"]),
                pal.teal if f["cash"] >= f["principal"] else pal.brick,
            ),
            (t("loan_due.row.guarantor"), guarantor, pal.text),
            (t("loan_due.row.due"), mp.due_text(s, due), pal.amber),
        ]
        row_h = self.px(28)
        for label, value, colour in facts:
            vs = tx.fit_text(value, col_w // 2, tx.SIZE_BODY * sc, rgb(colour), bold=True)
            surf.blit(vs, (x + col_w - vs.get_width(), y + (row_h - vs.get_height()) // 2))
            ls = tx.fit_text(
                label, col_w - vs.get_width() - self.px(12), tx.SIZE_BODY * sc, rgb(pal.text_dim)
            )
            surf.blit(ls, (x, y + (row_h - ls.get_height()) // 2))
            y += row_h
        y += self.px(10)
        outlook = self._outlook(f, guarantor)
        mp.draw_paragraph(
            surf,
            x,
            y,
            col_w,
            outlook,
            tx.SIZE_BODY * sc,
            rgb(
                pal.teal
                if f["default"] <= 0.5 and f["gap"] <= 0.5
                else pal.amber
                if f["default"] <= 0.5
                else pal.brick
            ),
            max_lines=max(1, (buttons_top - y - self.px(8)) // self.px(22)),
            line_gap=1.2,
        )
        # the default, as a process
        rx = pad + col_w + self.px(32)
        ry = pad + ts.get_height() + self.px(10)
        right = pygame.Rect(rx, ry, col_w, box.h - ry - pad)
        pygame.draw.rect(
            surf,
            rgb(pal.background),
            right.inflate(self.px(16), self.px(16)),
            border_radius=self.px(8),
        )
        mp.draw_heading(
            surf, right, t("loan_due.process.title"), pal, sc, icon="padlock", colour=rgb(pal.brick)
        )
        y = right.y + self.px(36)
        steps = self._steps(guarantor)
        icon = self.px(22)
        size = tx.SIZE_SMALL * sc + 1
        for i, (name, text) in enumerate(steps):
            num = tx.render(str(i + 1), size, rgb(pal.text_dim), bold=True)
            surf.blit(num, (right.x, y + self.px(2)))
            draw_icon(surf, name, (right.x + self.px(16), y, icon, icon), rgb(pal.text))
            left = max(1, (right.bottom - y) // self.px(20))
            y = mp.draw_paragraph(
                surf,
                right.x + self.px(16) + icon + self.px(10),
                y,
                right.w - icon - self.px(26),
                text,
                size,
                rgb(pal.text),
                max_lines=min(4, left),
                line_gap=1.2,
            )
            y += self.px(8)
        return surf

    def draw_background(self, surface: pygame.Surface) -> None:
        pass

    def on_button(self, name: str, element) -> None:
        if self.closing:
            return
        s, hv, h = self.session, self.session.household(), self.session.player
        problems: list[str] = []
        if name == "repay":
            amount = float(min(hv.loan_principal, max(hv.cash, 0.0)))
            problems = s.submit(C.RepayLoan(h, amount))
        elif name == "extend":
            problems = s.submit(C.ExtendLoan(h))
        elif name != "let_it":
            return
        if problems:
            if self.app.top is self:
                self.app.pop()
            self.app.message(t("month.cannot.title"), "\n".join(problems))
            return
        self.close_when_below_ready()  # (the month takes the answer under it first)

    def update(self, dt: float) -> None:
        if not self.closing_step():
            self.let_below_work_ahead()

    def on_back(self) -> None:
        self.on_button("let_it", None)


__all__ = ["LoanDueScene", "extension_terms", "shortfall"]
