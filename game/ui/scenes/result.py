"""The month's result, over the month screen: the money in and out, and WHY (peers.md: the
player must never wonder why a month went badly). Opened as
`app.open("result", session=session, report=report)` right after `session.end_month()`.
"""

from __future__ import annotations

import pygame

from game import accounts, i18n
from game.i18n import t
from game.ui.scene import Scene
from game.ui.scenes import rows as mp
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel

LAYER = 40


def money_rows(session, report, max_rows: int | None = None) -> list[tuple[str, float, str, str]]:
    """(label, amount, tone, key) rows of the month's account: they add up to the change in
    cash from the month's start to its end, decisions and events included. With `max_rows`,
    the business's lines fold into one row, then the family's, so the table fits."""
    account = session.account(report.month)
    if account is None:
        return []
    # whole yuan, rounded together so the rows add up to the change shown under them
    lines = [
        (x.label(session), float(v), x.key)
        for x, v in zip(account.lines, account.shown_lines(), strict=True)
    ]
    groups = (
        ("business", accounts.BUSINESS_KEYS, "result.row.business"),
        ("family", ("family_borrowed", "family_repaid", "family_interest"), "result.row.family"),
        ("spending", ("living", "spending_above", "house_building"), "result.row.living"),
    )
    for name, keys, label_key in groups:
        if max_rows is None or len(lines) <= max_rows:
            break
        inside = [row for row in lines if row[2] in keys]
        if len(inside) < 2:
            continue
        at = lines.index(inside[0])
        lines = [row for row in lines if row[2] not in keys]
        lines.insert(at, (t(label_key), sum(v for _l, v, _k in inside), name))
    return [(label, v, "good" if v >= 0 else "bad", key) for label, v, key in lines]


def in_and_out(account) -> tuple[int, int]:
    """The month's money in and money out, in whole yuan: the sums of the rows shown (each
    row as shown, so the headline and its rows agree to the yuan)."""
    shown = account.shown_lines() if account is not None else []
    return sum(v for v in shown if v > 0), -sum(v for v in shown if v < 0)


class ResultScene(Scene):
    modal = True
    fade_in = 0.22
    default_focus = "continue"

    def __init__(self, app, session, report=None, chores=(), **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self.chores = list(chores)  # work left from ending the month, one piece a frame
        self.report = report if report is not None else session.last_report
        self._box: pygame.Rect | None = None
        self._ahead: tuple | None = None  # (look, the box's picture) painted before it opens

    def paint_ahead(self) -> None:
        """The box's picture, painted before the screen opens (the month paints it in the
        frame before the one that shows it: painting and building do not share a frame)."""
        self._ahead = (mp.modal_look(self), self._paint_box())

    def _paint_box(self) -> pygame.Surface:
        w, h = self.size
        bw = min(self.px(960), w - 2 * self.px(48))
        max_h = h - 2 * self.px(32)
        pad, button_h = self.px(24), self.px(44)
        content, used = self._paint(bw, max_h - pad - button_h - self.px(16))
        bh = min(max_h, used + self.px(16) + button_h + pad)
        picture = pygame.Surface((bw, bh), pygame.SRCALPHA)
        draw_panel(picture, picture.get_rect(), self.pal, self.scale, shadow=False)
        picture.blit(content, (0, 0), pygame.Rect(0, 0, bw, bh - button_h - pad))
        return picture

    def build(self) -> None:
        w, h = self.size
        pad, button_h = self.px(24), self.px(44)
        picture, self._ahead = mp.take_painted(self, self._ahead), None
        picture = picture or self._paint_box()
        box = picture.get_rect(center=(w // 2, h // 2))
        self._box = box
        # (not kept: the box shows the premultiplied copy modal_picture makes, 2 MB at 1280x720)
        mp.modal_picture(self, box, picture)
        y = box.bottom - pad - button_h
        label = t("result.continue")
        cont_w = max(
            self.px(200), tx.text_width(label, self.font_px("heading"), bold=True) + self.px(170)
        )
        mp.modal_button(
            self,
            pygame.Rect(box.right - pad - cont_w, y, cont_w, button_h),
            label,
            "continue",
            cls="primary",
            shortcut=pygame.K_RETURN,
        )
        mp.modal_button(
            self,
            pygame.Rect(
                box.right - pad - cont_w - self.px(16) - self.px(180), y, self.px(180), button_h
            ),
            t("result.charts"),
            "charts",
            shortcut=pygame.K_c,
        )

    def _paint(self, width: int, max_h: int) -> tuple[pygame.Surface, int]:
        """The content (title, money, causes) on a transparent surface; and how tall it came out."""
        s, r, pal, sc = self.session, self.report, self.pal, self.scale
        surf = pygame.Surface((width, max_h), pygame.SRCALPHA)
        pad = self.px(24)
        inner = pygame.Rect(pad, pad, width - 2 * pad, max_h - pad)
        when = mp.calendar(s, r.month - 1)
        title = tx.fit_text(
            t("result.title", when=when, n=r.month, total=s.params.months),
            inner.w,
            tx.SIZE_BIG * sc,
            rgb(pal.text),
            bold=True,
        )
        surf.blit(title, inner.topleft)
        y = inner.y + title.get_height() + self.px(4)
        y = mp.draw_paragraph(
            surf,
            inner.x,
            y,
            inner.w,
            self._headline(),
            tx.SIZE_BODY * sc,
            rgb(pal.amber),
            bold=True,
            max_lines=2,
        )
        y += self.px(10)
        col_w = (inner.w - self.px(32)) // 2
        left = pygame.Rect(inner.x, y, col_w, inner.bottom - y)
        right = pygame.Rect(inner.x + col_w + self.px(32), y, col_w, inner.bottom - y)
        bottom = max(self._paint_money(surf, left), self._paint_causes(surf, right))
        return surf, min(max_h, bottom + self.px(8))

    def _headline(self) -> str:
        r = self.report
        if r.trade >= 0 and (r.revenue > 0 or r.sales_units > 0):
            return t(
                "result.headline.business",
                units=mp.units_text(r.sales_units, mp.trade_key(self.session, r.trade)),
                price=mp.per_unit(r.price, mp.trade_key(self.session, r.trade)),
                revenue=mp.yuan(r.revenue),
                profit=mp.signed_yuan(r.profit),
            )
        money_in, money_out = in_and_out(self.session.account(r.month))
        return t("result.headline.household", income=mp.yuan(money_in), spent=mp.yuan(money_out))

    def _paint_money(self, surf: pygame.Surface, rect: pygame.Rect) -> int:
        """The month's account: every line that moved the cash, then the change and the cash."""
        pal, sc, r = self.pal, self.scale, self.report
        mp.draw_heading(surf, rect, t("result.money.title"), pal, sc, icon="coin")
        y = rect.y + self.px(34)
        body = tx.SIZE_BODY * sc
        row_h = int(tx.font(int(round(body))).get_linesize() * 1.3)
        debts = bool(i18n.debt_parts(r.informal_debt, r.loan_principal))
        fixed = self.px(10) + self.px(32) + row_h + (2 * self.px(18) if debts else 0)
        max_rows = max(3, (rect.bottom - y - fixed) // row_h)
        account = self.session.account(r.month)
        for label, value, tone, _k in money_rows(self.session, r, max_rows):
            y = self._money_line(
                surf, rect, y, row_h, label, mp.signed_yuan(value), mp.tone_colour(pal, tone)
            )
        pygame.draw.line(
            surf,
            rgb(pal.border),
            (rect.x, y + self.px(4)),
            (rect.right, y + self.px(4)),
            max(1, pal.line_width),
        )
        y += self.px(10)
        change = account.shown_change if account is not None else float(r.cash_change)
        y = self._money_line(
            surf,
            rect,
            y,
            self.px(32),
            t("result.row.cash_change"),
            mp.signed_yuan(change),
            mp.tone_colour(pal, "good" if change >= 0 else "bad"),
            bold=True,
            size=tx.SIZE_TITLE * sc,
        )
        y = self._money_line(
            surf, rect, y, row_h, t("result.row.cash_now"), mp.yuan(r.cash), rgb(pal.text)
        )
        if debts:
            debt = t("result.debts", parts=i18n.debt_parts(r.informal_debt, r.loan_principal))
            y = mp.draw_paragraph(
                surf,
                rect.x,
                y + self.px(4),
                rect.w,
                debt,
                tx.SIZE_SMALL * sc,
                rgb(pal.text_dim),
                max_lines=2,
            )
        return y

    def _money_line(self, surf, rect, y, h, label, value, colour, bold=False, size=None) -> int:
        pal, sc = self.pal, self.scale
        size = size or tx.SIZE_BODY * sc
        vs = tx.fit_text(value, rect.w // 2, size, colour, bold=True)
        surf.blit(vs, (rect.right - vs.get_width(), y + (h - vs.get_height()) // 2))
        ls = tx.fit_text(
            label,
            rect.w - vs.get_width() - self.px(12),
            size,
            rgb(pal.text if bold else pal.text_dim),
            bold=bold,
        )
        surf.blit(ls, (rect.x, y + (h - ls.get_height()) // 2))
        return y + h

    def _paint_causes(self, surf: pygame.Surface, rect: pygame.Rect) -> int:
        s, pal, sc, r = self.session, self.pal, self.scale, self.report
        mp.draw_heading(surf, rect, t("result.why.title"), pal, sc, icon="book")
        y = rect.y + self.px(34)
        causes = list(r.causes)
        lines = [(mp.cause_text(s, c, v), mp.cause_tone(c, v)) for c, v in causes]
        if r.trade >= 0:
            lines.append(
                (
                    t(
                        "result.market",
                        sellers=r.sellers_in_trade,
                        # the same count as the "new sellers" cause: neighbours, not you
                        entrants=r.entrants_in_trade
                        - (1 if ("opened_business", {}) in r.causes else 0),
                        exits=r.exits_in_trade,
                        going=mp.per_unit(r.going_price, mp.trade_key(s, r.trade)),
                        share=i18n.percent(r.market_share, 1 if r.market_share < 0.1 else 0),
                    ),
                    "dim",
                )
            )
        account = s.account(r.month)
        habit = account.shown_total(["spending_above"]) if account is not None else 0.0
        if habit < -0.5:
            lines.append((t("result.why.habit", amount=mp.yuan(-habit)), "dim"))
        gap = account.shown_change if account is not None else float(r.cash_change)
        if gap < -0.5 and not any(c == "loss" for c, _v in causes):
            lines.append((t("result.why.spent_more", amount=mp.yuan(-gap)), "bad"))
        hv = s.household()
        ui = int(hv.ui_months_left)
        if 0 < ui <= 3:
            lines.append((t("result.why.insurance_ending", months=i18n.months(ui)), "bad"))
        if not lines:
            lines.insert(0, (t("result.why.quiet"), "dim"))
        size = tx.SIZE_BODY * sc - 1
        dot = max(3, self.px(4))
        for text, tone in lines:
            if y > rect.bottom - self.px(18):
                break
            colour = mp.tone_colour(pal, tone)
            line_h = tx.font_for(text, int(round(size))).get_linesize()
            left = max(1, (rect.bottom - y) // max(1, int(line_h * 1.15)))
            if len(mp.wrap_lines(text, rect.w - self.px(18), size)) > min(3, left):
                continue  # said whole or not at all (the month's account has the numbers)
            marker = {"good": "+", "bad": "\u2212"}.get(tone)
            if marker:
                ms = tx.render(marker, size, colour, bold=True)
                surf.blit(ms, (rect.x, y))
            else:
                pygame.draw.circle(surf, colour, (rect.x + dot + 1, y + line_h // 2), dot)
            y = mp.draw_paragraph(
                surf,
                rect.x + self.px(18),
                y,
                rect.w - self.px(18),
                text,
                size,
                rgb(pal.text) if tone != "dim" else rgb(pal.text_dim),
                max_lines=min(3, left),
                line_gap=1.15,
            )
            y += self.px(6)
        return y

    def update(self, dt: float) -> None:
        self._frames = getattr(self, "_frames", 0) + 1
        if self.closing_step():
            return
        if self.chores and self._frames > 1:  # not in the frame that ended the month
            self.chores.pop(0)()
        elif self._frames > 1:  # its chores done: the month's next street, a piece a frame
            self.let_below_work_ahead()

    def finish_chores(self) -> None:
        while self.chores:
            self.chores.pop(0)()

    def draw_background(self, surface: pygame.Surface) -> None:
        pass

    def on_button(self, name: str, element) -> None:
        if self.closing:
            return
        if name == "continue":
            self.close()
        elif name == "charts":
            self.finish_chores()
            self.app.pop()
            self.app.open("charts", session=self.session)

    def on_back(self) -> None:
        if not self.closing:
            self.close()

    def close(self) -> None:
        """Continue: the chores left (the autosave) a frame each, then, while the month under
        it is not yet up to date, its pieces (Scene.close_when_below_ready), then closed."""
        chores, self.chores = self.chores, []
        self.close_when_below_ready(chores=chores)


__all__ = ["ResultScene", "in_and_out", "money_rows"]
