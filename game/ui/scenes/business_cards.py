"""The business screen's trade cards: what a household sees of each trade before choosing,
where the cards go on the screen, and their painted words and numbers.

The cards and the street are painted ahead (`work_ahead`), a piece per idle frame of the screen
before (the loan office, or a dialog over it): the business screen's first frame then only
makes its buttons (issue 17: it spent ~40-50 ms painting them in that frame). What was painted
ahead is used only for the same run, the same cards (equal data), places, size, language and
colours; anything else is painted again, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pygame

from game import i18n, words
from game.core import views
from game.core.commands import OpenBusiness
from game.i18n import t
from game.session import reason_text
from game.ui import fonts, theme
from game.ui.prepared import run_moment
from game.ui.scenes import rows as mp
from game.ui.scenes.household import skill_word
from game.ui.scenes.prerun import Painter, Tip, yuan, yuan_month
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.palette import get_palette
from game.ui.widgets.street import StreetView


@dataclass
class TradeCard:
    index: int
    key: str
    name: str
    icon: str
    colour: str
    start_up: float
    rent: float
    unit_cost: float
    going_price: float
    sellers: int
    entries: int
    skill: float
    reasons: list[str]
    typical_profit: float | None = None  # the middle seller's last month, after rent
    yours: bool = False  # the household runs this trade: `sellers` counts it

    @property
    def break_even(self) -> float | None:
        """Sales a month that pay the rent at the going price (None: no number does)."""
        return mp.break_even_units(self.going_price, self.unit_cost, self.rent)

    @property
    def possible(self) -> bool:
        return not self.reasons


def trade_cards(session) -> list[TradeCard]:
    """What the household can see of each trade before choosing."""
    eng, h, p = session.engine, session.player, session.params
    hv = session.household()
    curves = session.curves()
    out = []
    for i, tr in enumerate(p.trades):
        row = curves.latest(tr.key)
        market = session.market(i)
        price = row.get("median_price") or (
            market.going_price if market.going_price > 0 else tr.start_price_yuan
        )
        reasons = [(k, v) for k, v in OpenBusiness(h, i, -1).validate(eng)]
        if reasons == [("has_business", {})]:
            # Opened on this screen (the cards stay under the dialog that says so): its own
            # trade is the chosen card; the others tell what the savings left would buy.
            reasons = [] if hv.trade == i else _cash_short(hv.cash, tr.start_up_cost_yuan)
        out.append(
            TradeCard(
                i,
                tr.key,
                session.trade_name(i),
                tr.icon,
                tr.colour,
                tr.start_up_cost_yuan,
                tr.rent_yuan_per_month,
                tr.unit_cost_yuan,
                float(price),
                market.sellers,
                int(row.get("entries", 0) or 0),
                hv.skill[i],
                [reason_text(k, v) for k, v in reasons],
                row.get("median_profit")
                if int(row.get("sellers", 0) or 0) and session.month > 0
                else None,
                yours=int(hv.trade) == i and session.status == "self_employed",
            )
        )
    return out


def _cash_short(cash: float, need: float) -> list[tuple[str, dict]]:
    """The core's "no_cash" reason (OpenBusiness.check), worded from `cash` as it is now."""
    return [("no_cash", {"cash": f"{cash:,.0f}", "need": f"{need:,.0f}"})] if cash < need else []


def free_lot_list(session) -> list[int]:
    return views.free_lots(session.engine)


@dataclass
class CardLayout:
    compact: bool  # large text on a small window: no street, the cards take the room
    street_rect: pygame.Rect
    lot_y: int  # the lot row's top
    cards: list[pygame.Rect]
    note: pygame.Rect | None  # the free place after the last card, for the note


def card_layout(scene, c: pygame.Rect, n: int) -> CardLayout:
    """Where the street, the lot row and `n` cards go in the content area `c`."""
    # With large text on a small window the trade cards need the room: the street goes
    # (the lot is still chosen with the stepper below, and the cards count the sellers);
    # only where they need it (a town of two trades kept the street at 1024x600 or at 150%,
    # under two cards half empty).
    compact = False
    # the cards first: each needs its heading, five facts and the skill line
    small = fonts.get(scene.font_px("small")).get_linesize()
    head = fonts.get(scene.font_px("heading"), True).get_linesize()
    card_h = scene.px(28) + head + small + 6 * small
    rows = -(-n // 4)
    cards_h = rows * card_h + (rows - 1) * scene.px(12) + scene.px(36) + scene.px(20)
    street_h = 0 if compact else min(scene.px(180), int(c.h * 0.3), c.h - cards_h)
    if street_h < scene.px(90):
        compact, street_h = True, 0
    street_rect = pygame.Rect(c.x, c.y, c.w, max(1, street_h))
    y = (street_rect.bottom + scene.px(8)) if not compact else c.y
    top = y + scene.px(36) + scene.px(12)
    cols = 4 if n > 3 else max(1, n)
    rows = (n + cols - 1) // cols
    gap = scene.px(12)
    w = (c.w - gap * (cols - 1)) // cols
    hgt = (c.bottom - top - gap * (rows - 1)) // max(1, rows)
    cards = [
        pygame.Rect(c.x + (k % cols) * (w + gap), top + (k // cols) * (hgt + gap), w, hgt)
        for k in range(n)
    ]
    note = None
    if n % cols:
        left = cols - n % cols
        note = pygame.Rect(
            c.x + (n % cols) * (w + gap),
            top + (n // cols) * (hgt + gap),
            w * left + gap * (left - 1),
            hgt,
        )
    return CardLayout(compact, street_rect, y, cards, note)


def paint_card(scene, rect: pygame.Rect, card: TradeCard) -> tuple[pygame.Surface, list[Tip]]:
    """The card's words and numbers on a transparent layer over its button, and their tips in
    screen coordinates (`scene`: any screen of this window, for its sizes)."""
    tips: list[Tip] = []

    def tip_at(local: pygame.Rect, title: str, body: str) -> None:
        lines = [title] + [b for b in body.split("\n") if b]
        tips.append(Tip(local.move(rect.topleft), lines))

    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    sub = Painter(scene, layer)
    pad = scene.px(10)
    inner = pygame.Rect(pad, pad, rect.w - 2 * pad, rect.h - 2 * pad)
    colour = pygame.Color(card.colour) if card.colour else theme.trade_colour(card.index)
    dim = not card.possible
    isz = scene.px(26)
    chip = pygame.Rect(inner.x, inner.y, isz + scene.px(8), isz + scene.px(8))
    pygame.draw.rect(
        layer, colour if not dim else theme.colour("raised"), chip, border_radius=scene.px(6)
    )
    draw_icon(layer, card.icon, chip.inflate(-scene.px(8), -scene.px(8)), theme.colour("ink"))
    x = chip.right + scene.px(8)
    sub.text(
        card.name,
        (x, inner.y - scene.px(2)),
        "heading",
        "text_disabled" if dim else "text",
        bold=True,
        max_w=inner.right - x,
    )
    # the count is the street's now, the household's own shop in it: said so, as the month's
    # market panel says it
    sellers_key = "business.card.sellers_you" if card.yours else "business.card.sellers"
    sub_line = t(sellers_key, n=card.sellers) + (
        t("business.card.new", n=card.entries) if card.entries else ""
    )
    sl = sub.text(
        sub_line,
        (x, inner.y + scene.text_h("heading", True) - scene.px(6)),
        "small",
        "text_disabled" if dim else ("warn" if card.sellers >= 8 else "text_dim"),
        max_w=inner.right - x,
    )
    tip_at(sl, t("business.card.sellers.tip.title"), t("business.card.sellers.tip"))
    y = max(chip.bottom, sl.bottom) + scene.px(4)
    even = card.break_even
    facts = [
        (t("business.start_up"), yuan(card.start_up), t("business.start_up.tip")),
        (t("business.rent"), yuan_month(card.rent), t("business.rent.tip")),
        (
            t("business.going_price"),
            mp.per_unit(card.going_price, card.key),
            t(
                "business.going_price.tip",
                unit_cost=mp.per_unit(card.unit_cost, card.key),
            ),
        ),
        (
            t("business.break_even"),
            mp.units_text(even, card.key) if even is not None else t("month.break_even.never"),
            t(
                "business.break_even.tip",
                price=mp.per_unit(card.going_price, card.key),
                unit_cost=mp.per_unit(card.unit_cost, card.key),
                rent=yuan_month(card.rent),
                units=mp.units_text(even or 0, card.key),
            ),
        ),
        (
            t("business.typical_profit"),
            mp.signed_yuan(card.typical_profit)
            if card.typical_profit is not None
            else t("business.typical_profit.none"),
            t("business.typical_profit.tip"),
        ),
    ]
    line = max(
        sub.line_h("small", 1.0),
        min(sub.line_h("small", 1.15), (inner.bottom - y) // (len(facts) + 1)),
    )
    fits = max(0, (inner.bottom - line + scene.px(2) - y) // max(1, line))
    if fits < len(facts):
        # the rent goes first (its effect is in "pays its rent at"), then the start-up;
        # what a card has no room for is in its heading's tooltip
        for drop in (1, 0):
            if len(facts) > fits:
                label, value, tip = facts[drop]
                tip_at(
                    pygame.Rect(inner.x, inner.y, inner.w, chip.h),
                    card.name,
                    t("business.card.dropped", label=label, value=value, tip=tip),
                )
                facts = facts[:drop] + facts[drop + 1 :]
    for label, value, tip in facts:
        if y + line > inner.bottom - line + scene.px(2):
            tx.report_cut(label, "no room on the trade card")
            break
        short = dim and label == t("business.start_up")
        tone = "text"
        if label == t("business.typical_profit") and card.typical_profit is not None:
            tone = "good" if card.typical_profit >= 0 else "warn"
        row = sub.fact(
            label,
            value,
            pygame.Rect(inner.x, y, inner.w, 0),
            label,
            tip,
            colour="warn" if short else ("text_disabled" if dim else tone),
            role="small",
        )
        sub.tips.pop()
        tip_at(row, label, tip)
        y += line
    y = inner.bottom - line + scene.px(2)
    if dim and card.reasons:
        r = sub.text(card.reasons[0], (inner.x, y), "small", "warn", max_w=inner.w)
        tip_at(r, t("business.cannot.title"), card.reasons[0])
    else:
        word = skill_word(card.skill)
        label = t("business.skill", word=word)
        wsurf_w = tx.text_width(label, scene.font_px("small"))
        bar = pygame.Rect(inner.x, y + scene.px(5), inner.w - wsurf_w - scene.px(10), scene.px(8))
        sub.bar(bar, card.skill, "good" if card.skill >= 0.6 else "accent")
        lab = sub.text(label, (inner.right, y), "small", "text_dim", align="right")
        tip_at(
            bar.union(lab),
            t("business.skill.tip.title", level=i18n.percent(card.skill)),
            t("business.skill.tip"),
        )
    return layer, tips


# --- painted ahead ------------------------------------------------------------------------------


@dataclass
class _Ahead:
    session: Any
    look: tuple  # the content area, size, language, colours
    mark: tuple = ()  # the run's moment the cards were read at
    cards: list[TradeCard] = field(default_factory=list)
    rects: list[pygame.Rect] = field(default_factory=list)
    painted: list | None = None  # [(layer, tips)] of the first cards, then of all
    street: StreetView | None = None

    def layers(self, cards: list[TradeCard], rects: list[pygame.Rect]) -> list:
        """The pictures of the first cards (all, once done), if they were painted for these
        cards in these places; else none."""
        same = cards == self.cards and rects == self.rects
        return list(self.painted or []) if same else []


AHEAD = "business"  # the part held by the app (app.ahead_parts)
CARDS_A_FRAME = 2  # ~1-2 ms each
STREET_BUDGET_S = 0.004  # an idle frame's time for the street's shops (a piece at least)


def _look(scene) -> tuple:
    return (tuple(scene.content), scene.scale, i18n.get_language(), theme.palette_name())


def work_ahead(scene, session) -> bool:
    """One piece of the business screen's painting, if any is left for the run as it stands
    (called in an idle frame of a pre-run screen of `session`; its content area is the
    business screen's): first the cards' data and the street, then the cards' pictures, a
    few a frame. True once all of it is painted."""
    parts = scene.app.ahead_parts
    key = (id(session), _look(scene))
    a = parts.peek(AHEAD, key)
    if a is None or a.session is not session:
        a = parts.keep(AHEAD, key, _Ahead(session, key[1]))
    mark = run_moment(session)
    if a.mark != mark:  # (the street stays: its lots are checked when it is shown)
        a.mark, a.painted = mark, None
        a.cards = trade_cards(session)
        a.rects = card_layout(scene, scene.content, len(a.cards)).cards
    if a.street is None:
        lay = card_layout(scene, scene.content, len(a.cards))
        a.street = StreetView(
            lay.street_rect,
            scene.scale,
            get_palette(theme.palette_name()),
            mill_running=False,
            seed=session.seed,
            lots=words.street_lots(session.engine, i18n.get_language()),
            paint_now=False,  # a few shops a frame (~17 ms whole: the office's first idle frame)
        )
        return False
    if not a.street.paint_some(STREET_BUDGET_S):
        return False
    if a.painted is None:
        a.painted = []
    k = len(a.painted)
    if k < len(a.cards):  # a few cards a frame: an idle frame stays light
        more = zip(a.rects[k : k + CARDS_A_FRAME], a.cards[k : k + CARDS_A_FRAME], strict=True)
        a.painted.extend(paint_card(scene, r, card) for r, card in more)
        return False
    return True


def take_ahead(scene, session) -> _Ahead | None:
    """What was painted ahead for this screen (once: the street is the screen's from now)."""
    a = scene.app.ahead_parts.take(AHEAD, (id(session), _look(scene)))
    return a if a is not None and a.session is session else None
