"""The end of the run: the street as it stands now, what became of the household (its income
with unemployment insurance apart from the business's profit), and, before any of the town's
numbers, the question the debrief starts with: how did it feel? (The town's counts are for the
debrief to show after the student has guessed them.) Then the debrief summary (D), the charts
(C), or back to the title (T).

Opened by the month screen when the scenario's months are played or `session.over`
(the household can go on no more): `app.open("ending", session=session)`.
"""

from __future__ import annotations

import threading

import pygame

from game import epilogue, i18n
from game.debrief import questions
from game.debrief.story import income_totals
from game.i18n import t
from game.ui.scene import Scene
from game.ui.scenes import rows as mp
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel
from game.ui.widgets.street import StreetView


def story_trade(session) -> int:
    """The trade the household ran (or last planned): the one its story is about."""
    hv = session.household()
    for tr in (int(hv.trade), int(hv.loan_trade), int(hv.planned_trade)):
        if tr >= 0:
            return tr
    for r in reversed(session.history):
        if r.trade >= 0:
            return int(r.trade)
    # no business: the town's most crowded trade tells the street's story
    rows = mp.market_overview(session)
    return rows[0][0] if rows else 0


def street_story(session) -> dict:
    """What happened to the street: entries, exits and the price fall in the household's trade."""
    curves = session.curves()
    tr = story_trade(session)
    key = session.params.trades[tr].key
    rows = curves.trade_rows(key)
    first, last = (rows[0], rows[-1]) if rows else ({}, {})
    p0 = first.get("median_price") or session.params.trades[tr].start_price_yuan
    prices = [r["median_price"] for r in rows if r.get("median_price")]
    p1 = last.get("median_price") or (prices[-1] if prices else p0)
    town = curves.town_rows()
    return {
        "trade": tr,
        "trade_key": key,
        "trade_name": session.trade_name(tr),
        "sellers_start": int(first.get("sellers", 0)),
        "sellers_end": int(last.get("sellers", 0)),
        "sellers_peak": max((int(r["sellers"]) for r in rows), default=0),
        "entries": sum(int(r["entries"]) for r in rows),
        "exits": sum(int(r["exits"]) for r in rows),
        "price_start": float(p0),
        "price_end": float(p1),
        "price_change": (float(p1) / float(p0) - 1.0) if p0 else 0.0,
        "margin_start": first.get("median_margin"),
        "margin_end": last.get("median_margin"),
        "defaults": sum(int(r["defaults"]) for r in town),
        "guarantor_calls": sum(int(r["guarantor_calls"]) for r in town),
        "town_entries": sum(int(r["entries"]) for r in town),
        "town_exits": sum(int(r["exits"]) for r in town),
        "lending_suspended": any(bool(r["lending_suspended"]) for r in town),
    }


def paragraph_height(scene, text: str, width: int, size: float, gap: float = 1.25) -> int:
    lines = mp.wrap_lines(text, width, size)
    return len(lines) * int(tx.font_for(text, int(round(size))).get_linesize() * gap)


def fit_paragraph(scene, surf, rect: pygame.Rect, text: str, colour) -> int:
    """A paragraph in the rect at the body size, or smaller (down to the small size) to fit
    whole; returns the y below it."""
    sc = scene.scale
    size = tx.SIZE_BODY * sc
    while size > tx.SIZE_SMALL * sc and paragraph_height(scene, text, rect.w, size) > rect.h:
        size -= 1
    lines = len(mp.wrap_lines(text, rect.w, size))
    step = int(tx.font_for(text, int(round(size))).get_linesize() * 1.25)
    return mp.draw_paragraph(
        surf,
        rect.x,
        rect.y,
        rect.w,
        text,
        size,
        rgb(colour),
        max_lines=max(1, min(lines, rect.h // step)),
    )


def outcome_key(end: dict) -> str:
    """Which closing paragraph fits the household's story."""
    if end.get("reason") == "destitute":
        return "destitute"
    if end.get("defaulted"):
        return "defaulted"
    if end.get("has_business"):
        return "still_open" if end.get("income_vs_former_wage", 0) >= 0.8 else "hanging_on"
    if end.get("businesses_opened"):
        return "closed"
    return {"migrated": "migrated", "wage_job": "wage_job", "retired": "retired"}.get(
        end.get("status", ""), "no_business"
    )


class EpilogueAhead:
    """The year-later epilogue (~0.1-0.2 s of simulation) played in a thread while the player
    reads the last month's result, so the ending opens in one frame; the street's story (the
    town's curves, ~60 ms) is told there too. Used only if the run has not moved since it
    started (else the ending makes them itself)."""

    def __init__(self, session) -> None:
        self.session = session
        self.mark = self.mark_of(session)
        self.value: epilogue.Epilogue | None = None
        self.story: dict | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._work, name="epilogue", daemon=True)
        self.thread.start()

    @staticmethod
    def mark_of(session) -> tuple:
        eng = session.engine
        return (session.month, len(session.history), len(eng.outcomes), session.over)

    def _work(self) -> None:
        try:
            self.story = street_story(self.session)
            if self.session.engine.done:  # (a household that can go on no more: no epilogue)
                self.value = epilogue.run(self.session)
        except Exception as exc:  # noqa: BLE001 - the ending plays it again and reports it
            self.error = exc

    def result(self, session):
        """The epilogue for `session` as it is now, or None if this one no longer fits."""
        return self.value if self._fits(session) else None

    def street(self, session) -> dict | None:
        """The street's story for `session` as it is now, or None if this one no longer fits."""
        return self.story if self._fits(session) else None

    def _fits(self, session) -> bool:
        self.thread.join()
        return session is self.session and self.mark_of(session) == self.mark and not self.error


class EndingScene(Scene):
    fade_in = 0.6
    default_focus = "debrief"

    def __init__(self, app, session, ahead: EpilogueAhead | None = None, **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self.end = session.ending()
        self.income = income_totals(session)
        story = ahead.street(session) if ahead is not None else None
        self.street_info = story if story is not None else street_story(session)
        self.street: StreetView | None = None
        self._layer: pygame.Surface | None = None
        self._painted_for: tuple | None = None  # the look its pictures were painted in
        self._painting: tuple | None = None  # (look, pieces left) of a painting ahead
        self._epi_size = tx.SIZE_BODY * self.scale - 1  # the year later's words (_paint_pieces)
        # A year later: the same town played on, so the loan, the guarantor and the insurance
        # meet their dates where the player sees them (game/epilogue.py).
        self.epilogue = None
        if session.engine.done:
            self.epilogue = ahead.result(session) if ahead is not None else None
            if self.epilogue is None:
                self.epilogue = epilogue.run(session)

    def _epilogue_lines(self) -> list[tuple[str, str]]:
        return self.epilogue.sentences(self.session) if self.epilogue is not None else []

    def _epilogue_height(self, width: int, size: float) -> int:
        lines = self._epilogue_lines()
        if not lines:
            return 0
        step = int(tx.font(int(round(size))).get_linesize() * 1.2)
        n = sum(len(mp.wrap_lines(text, width - self.px(52), size)) for text, _t in lines)
        return self.px(24) + self.px(30) + n * step + len(lines) * self.px(4)

    def forget_pictures(self) -> None:
        self._layer = None  # under the debrief: painted again if the player comes back
        self.street = None
        self._painted_for = None

    def _look_key(self) -> tuple:
        return (self.size, self.scale, id(self.pal), i18n.get_language())

    def paint_ahead(self) -> bool:
        """While the last month's result is read (MonthScene.work_ahead): a piece of this
        screen's pictures (its street a few shops a piece, then its words and panels), so the
        frame that opens it only makes its three buttons. True once painted."""
        if self._painted_for == self._look_key():
            return True
        pieces = self._painting
        if pieces is None or pieces[0] != self._look_key():
            pieces = self._painting = (self._look_key(), self._paint_pieces(ahead=True))
        try:
            next(pieces[1])
            return False
        except StopIteration:
            self._painting = None
            return True

    def painted_ahead(self) -> bool:
        """Its pictures are painted for the look of now (paint_ahead is done)."""
        return self._painted_for == self._look_key()

    def build(self) -> None:
        if self._painted_for != self._look_key():
            self._painting = None
            for _piece in self._paint_pieces(ahead=False):
                pass
        safe, bh = self.safe_rect, self.px(48)
        bw = self.px(200)
        y = safe.bottom - bh
        self.button(
            pygame.Rect(safe.right - bw, y, bw, bh),
            t("ending.debrief"),
            "debrief",
            cls="primary",
            shortcut=pygame.K_d,
        )
        self.button(
            pygame.Rect(safe.right - 2 * bw - self.px(16), y, bw, bh),
            t("ending.charts"),
            "charts",
            shortcut=pygame.K_c,
        )
        self.button(
            pygame.Rect(safe.x, y, self.px(240), bh),
            t("ending.title_screen"),
            "title",
            shortcut=pygame.K_t,
        )

    def _paint_pieces(self, ahead: bool):
        """The street and the still picture (a generator: a piece per `yield`; `ahead`: the
        street painted a few shops a piece, unseen until done)."""
        key = self._look_key()
        s, pal, sc = self.session, self.pal, self.scale
        w, h = self.size
        safe = self.safe_rect
        tight = safe.h < self.px(600)  # large text on a small window
        # the title and the line under it, as tall as their fonts draw them (Chinese is taller)
        big = tx.SIZE_BIG * sc * (1.0 if tight else 1.25)
        zh = i18n.get_language().startswith("zh")
        title_h = (
            tx.font(int(round(big)), bold=True, cjk=zh).get_linesize()
            + tx.font(int(round(tx.SIZE_BODY * sc)), bold=True, cjk=zh).get_linesize()
            + self.px(6)
        )
        bh = self.px(48)
        # room for every row of the household and its closing line (the street gives way,
        # then the year later's words get smaller: the closing line was often dropped)
        panels_min = max(self.px(250), self._household_need((safe.w - self.px(16)) // 2))
        above = safe.h - title_h - bh - self.px(32) - panels_min
        # the year later's words at the body size; at the small size when only that makes
        # room for the household panel, or for the street (room: the street's, less the gap
        # under it)
        self._epi_size = tx.SIZE_BODY * sc - 1
        epi_h = self._epilogue_height(safe.w, self._epi_size)
        room = above - epi_h - self.px(12)
        if room < self.px(110):
            small = tx.SIZE_SMALL * sc
            small_h = self._epilogue_height(safe.w, small)
            if epi_h > above or above - small_h - self.px(12) >= self.px(110):
                self._epi_size, epi_h, room = small, small_h, above - small_h - self.px(12)
        street_h = min(int(h * 0.26), room) if room >= self.px(110) else 0
        street_rect = pygame.Rect(safe.x, safe.y + title_h, safe.w, max(1, street_h))
        self._epi_rect = pygame.Rect(
            safe.x, street_rect.bottom + (self.px(12) if street_h else 0), safe.w, epi_h
        )
        lots = s.street()
        for d in lots:
            if int(d.get("trade", -1)) >= 0:
                d["trade_name"] = s.trade_name(int(d["trade"]))
                d["unit_key"] = mp.unit_key(d.get("trade_key", ""))
                d["new"] = False
        if self.street is None:
            street = StreetView(
                street_rect, scale=sc, palette=pal, mill_running=False, lots=lots, paint_now=False
            )
            while not street.paint_some(0.004 if ahead else float("inf")):
                yield
            self.street = street
        else:
            self.street.set_rect(street_rect, sc)
            self.street.set_palette(pal)
            self.street.set_lots(lots)
        self._street_shown = bool(street_h)  # large text on a small window: story first
        yield
        y = safe.bottom - bh
        layer = pygame.Surface((w, h))
        layer.fill(rgb(pal.background))
        e = self.end
        reason = "destitute" if e["reason"] == "destitute" else "done"
        title = t(f"ending.title.{reason}", name=s.player_name())
        ts = tx.fit_text(title, safe.w, big, rgb(pal.text), bold=True)
        layer.blit(ts, (safe.x, safe.y))
        sub = t(
            "ending.subtitle",
            months=i18n.months(e["months_played"]),
            when=mp.calendar(s, max(e["months_played"] - 1, 0)),
            place=mp.scenario_place(s),
        )
        ss = tx.fit_text(sub, safe.w, tx.SIZE_BODY * sc, rgb(pal.amber), bold=True)
        layer.blit(ss, (safe.x, safe.y + ts.get_height() + self.px(2)))
        if epi_h:
            draw_panel(layer, self._epi_rect, pal, sc)
            self._paint_epilogue(layer, self._epi_rect.inflate(-self.px(32), -self.px(24)))
        top = (self._epi_rect.bottom if epi_h else street_rect.bottom) + self.px(16)
        col_w = (safe.w - self.px(16)) // 2
        left = pygame.Rect(safe.x, top, col_w, y - self.px(16) - top)
        right = pygame.Rect(safe.x + col_w + self.px(16), top, col_w, left.h)
        draw_panel(layer, left, pal, sc)
        draw_panel(layer, right, pal, sc)
        yield
        self._paint_household(layer, left.inflate(-self.px(32), -self.px(24)))
        self._paint_feelings(layer, right.inflate(-self.px(32), -self.px(24)))
        self._layer = layer.convert() if pygame.display.get_surface() is not None else layer
        self._painted_for = key

    def _paint_epilogue(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        """A year later: the loan's fate, the guarantor's, the insurance's, the household's."""
        pal, sc = self.pal, self.scale
        months = self.epilogue.months if self.epilogue is not None else 0
        mp.draw_heading(
            surf,
            r,
            t("epilogue.title"),
            pal,
            sc,
            icon="book",
            right=t("epilogue.lead_short", months=i18n.months(months)),
        )
        y = r.y + self.px(30)
        size = self._epi_size
        for text, tone in self._epilogue_lines():
            colour = mp.tone_colour(pal, tone)
            marker = {"good": "+", "bad": "\u2212"}.get(tone)
            if marker:
                surf.blit(tx.render(marker, size, colour, bold=True), (r.x, y))
            else:
                line_h = tx.font(int(round(size))).get_linesize()
                pygame.draw.circle(surf, colour, (r.x + self.px(5), y + line_h // 2), self.px(3))
            y = mp.draw_paragraph(
                surf,
                r.x + self.px(20),
                y,
                r.w - self.px(20),
                text,
                size,
                rgb(pal.text),
                line_gap=1.2,
            ) + self.px(4)

    def _household_facts(self) -> tuple[list[tuple[str, str, object]], str]:
        """The household panel's rows (label, value, colour) and its closing line."""
        e, pal = self.end, self.pal
        ratio = e["income_vs_former_wage"]
        # cash, debts and cash minus debts in the whole yuan shown, so they add up as read
        net = epilogue.cash_minus_debts(e["cash_yuan"], e["informal_debt_yuan"], e["loan_yuan"])
        owed = round(e["informal_debt_yuan"]) + round(e["loan_yuan"])
        # the insurance as the income above it is told: a month's average, and its share of it
        months = max(len(self.session.history), 1)
        own = e["mean_own_income_yuan_per_month"]
        ui_month = self.income["insurance"] / months
        facts = [
            (t("ending.row.status"), mp.status_text(e["status"]), pal.amber),
            (t("ending.row.cash"), mp.yuan(e["cash_yuan"]), pal.text),
            (
                t("ending.row.debts"),
                i18n.debt_parts(e["informal_debt_yuan"], e["loan_yuan"])
                if owed
                else t("ending.debts_none"),
                pal.brick if e["informal_debt_yuan"] + e["loan_yuan"] > 0 else pal.text,
            ),
            (t("ending.row.net_worth"), mp.yuan(net), pal.teal if net >= 0 else pal.brick),
            (
                t("ending.row.income"),
                t(
                    "ending.income_vs",
                    income=mp.yuan(e["mean_own_income_yuan_per_month"]),
                    share=i18n.percent(ratio),
                ),
                pal.teal if ratio >= 1 else pal.brick,
            ),
            (
                t("ending.row.insurance"),
                t(
                    "ending.insurance_month",
                    ui=mp.yuan(ui_month),
                    share=i18n.percent(ui_month / own if own > 0 else 0.0),
                )
                if round(self.income["insurance"])
                else t("ending.insurance_none"),  # not "¥0 a month (0% of it)"
                pal.text,
            ),
            (
                t("ending.row.profit"),
                mp.signed_yuan(e["total_profit_yuan"]),
                pal.teal if e["total_profit_yuan"] >= 0 else pal.brick,
            ),
        ]
        key = f"ending.outcome.{outcome_key(e)}"
        if not owed and i18n.has_key(key + ".no_debt"):
            key += ".no_debt"  # "still owing ¥0" said in words: nothing is owed
        closing = t(
            key,
            trade=mp.trade_word(e.get("trade_name") or self.street_info["trade_name"]),
            months=i18n.months(e.get("months_open", 0)),
            debt=mp.yuan(owed),
        )
        return facts, closing

    def _row_h(self) -> int:
        size = int(round(tx.SIZE_BODY * self.scale))
        return max(self.px(20), int(tx.font(size).get_linesize() * 1.0))

    def _household_need(self, panel_w: int) -> int:
        """The household panel's height with every row and its closing line."""
        facts, closing = self._household_facts()
        inner_w = panel_w - self.px(32)
        closing_h = paragraph_height(self, closing, inner_w, tx.SIZE_SMALL * self.scale)
        return self.px(24) + self.px(32) + len(facts) * self._row_h() + self.px(6) + closing_h

    def _paint_household(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        e, pal, sc = self.end, self.pal, self.scale
        # The moment is named: "A year later" above tells other cash and other debts.
        when = mp.calendar(self.session, max(e["months_played"] - 1, 0))
        title = t("ending.household.title_at", when=when)
        mp.draw_heading(surf, r, title, pal, sc, icon="house")
        y = r.y + self.px(32)
        facts, text = self._household_facts()
        row_h = self._row_h()
        # Inside the panel only, the closing line kept: on a short panel (large text, a long
        # year later above) the last rows are left off, never the money (status, cash, debts,
        # cash minus debts); the debrief shows income and profit again.
        closing_h = paragraph_height(self, text, r.w, tx.SIZE_SMALL * sc) + self.px(6)
        fit = max(min(4, len(facts)), (r.bottom - y - closing_h) // row_h)
        fit = min(fit, max(0, (r.bottom - y) // row_h))
        for label, value, colour in facts[:fit]:
            vs = tx.fit_text(value, int(r.w * 0.6), tx.SIZE_BODY * sc, rgb(colour), bold=True)
            surf.blit(vs, (r.right - vs.get_width(), y))
            ls = tx.fit_text(
                label, r.w - vs.get_width() - self.px(12), tx.SIZE_BODY * sc, rgb(pal.text_dim)
            )
            surf.blit(ls, (r.x, y))
            y += row_h
        y += self.px(6)
        room = pygame.Rect(r.x, y, r.w, r.bottom - y)
        # Said whole or not at all (room was kept for it above, and by `_household_need`).
        if paragraph_height(self, text, r.w, tx.SIZE_SMALL * sc) <= room.h:
            fit_paragraph(self, surf, room, text, pal.text)

    def _paint_feelings(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        """Before the numbers: the debrief's first questions, to think about (or say aloud)."""
        pal, sc = self.pal, self.scale
        mp.draw_heading(surf, r, t("ending.feelings.title"), pal, sc, icon="heart")
        y = r.y + self.px(34)
        size = tx.SIZE_BODY * sc
        for q in questions.phase(self.session, "feelings"):
            y = mp.draw_paragraph(
                surf, r.x, y, r.w, q["text"], size, rgb(pal.text), max_lines=3, line_gap=1.25
            ) + self.px(8)
        # Where the debrief goes next: said whole, or left to the debrief's own first page.
        small = tx.SIZE_SMALL * sc + 1
        nxt = t("ending.feelings.next")
        if paragraph_height(self, nxt, r.w, small) <= r.bottom - y - self.px(4):
            mp.draw_paragraph(
                surf, r.x, y + self.px(4), r.w, nxt, small, rgb(pal.amber), max_lines=6
            )

    def update(self, dt: float) -> None:
        if self.street is not None:
            self.street.update(dt)
        # while the epilogue is read: the debrief's summary (its button has the focus)
        self.prepare_next("debrief_summary", session=self.session)

    def draw_background(self, surface: pygame.Surface) -> None:
        if self._layer is not None:
            surface.blit(self._layer, (0, 0))
        if self.street is not None and getattr(self, "_street_shown", True):
            self.street.draw(surface)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION and self.street is not None:
            self.street.handle_event(event)
        return super().handle_event(event)

    def on_button(self, name: str, element) -> None:
        if name == "debrief":
            self.app.open("debrief_summary", session=self.session)
        elif name == "charts":
            self.app.open("charts", session=self.session, tab="income")
        elif name == "title":
            self.to_title()

    def to_title(self) -> None:
        self.app.go_home()

    def on_back(self) -> None:
        self.to_title()


__all__ = ["EndingScene", "street_story", "outcome_key", "story_trade"]
