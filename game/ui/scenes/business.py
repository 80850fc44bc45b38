"""The business: trades as cards (icon, start-up cost, rent, unit cost, last month's going
price, how many neighbours already run one, the skill fit) and a free lot on the street.
Opening goes through the core's OpenBusiness; then the months begin.

Keyboard: Tab / arrows move between the cards, Enter picks one; [ and ] (or Left/Right on the
lot button) step through the free lots; O opens the business; Esc goes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pygame

from game import i18n, words
from game.core import views
from game.core.commands import OpenBusiness
from game.i18n import t
from game.session import reason_text
from game.ui import fonts, theme
from game.ui.scenes import rows as mp
from game.ui.scenes.household import skill_word
from game.ui.scenes.prerun import Painter, PreRunScene, go_month, yuan, yuan_month
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
            )
        )
    return out


def free_lot_list(session) -> list[int]:
    return views.free_lots(session.engine)


class BusinessScene(PreRunScene):
    step = "business"
    title_key = "business.title"
    default_focus = "trade.0"
    next_shortcut = pygame.K_o

    def __init__(self, app, session, **_: Any) -> None:
        super().__init__(app, session)
        self.cards: list[TradeCard] = []
        self.trade: int | None = None
        lots = free_lot_list(session)
        self.lot: int = lots[0] if lots else -1
        self.street: StreetView | None = None
        self._card_layers: list[tuple[pygame.Rect, pygame.Surface, int]] = []
        self.lot_note = ""

    # ---- layout -------------------------------------------------------------------------
    def build_content(self, p: Painter) -> None:
        c = self.content
        lang = i18n.get_language()
        self.cards = trade_cards(self.session)
        if self.trade is None:
            best = [cd for cd in self.cards if cd.possible]
            self.trade = max(best, key=lambda cd: cd.skill).index if best else None
        # With large text on a small window the trade cards need the room: the street goes
        # (the lot is still chosen with the stepper below, and the cards count the sellers).
        self.compact = c.h < self.px(470)
        # the cards first: each needs its heading, five facts and the skill line
        small = fonts.get(self.font_px("small")).get_linesize()
        head = fonts.get(self.font_px("heading"), True).get_linesize()
        card_h = self.px(28) + head + small + 6 * small
        rows = -(-len(trade_cards(self.session)) // 4)
        cards_h = rows * card_h + (rows - 1) * self.px(12) + self.px(36) + self.px(20)
        street_h = 0 if self.compact else min(self.px(180), int(c.h * 0.3), c.h - cards_h)
        if street_h < self.px(90):
            self.compact, street_h = True, 0
        street_rect = pygame.Rect(c.x, c.y, c.w, max(1, street_h))
        pal = get_palette(theme.palette_name())
        lots = words.street_lots(self.session.engine, lang)
        if self.street is None:
            self.street = StreetView(
                street_rect, self.scale, pal, mill_running=False, seed=self.session.seed, lots=lots
            )
        else:
            if self.street.palette != pal:
                self.street.set_palette(pal)
            if self.street.rect != street_rect or self.street.scale != self.scale:
                self.street.set_rect(street_rect, self.scale)
            self.street.set_lots(lots)
        self._focus_street_lot()
        if self.compact:
            self.street.rect = pygame.Rect(c.x, c.y, 0, 0)

        # the lot row: [‹] Lot 12 · empty [›]   note
        y = (street_rect.bottom + self.px(8)) if not self.compact else c.y
        btn_h = self.px(36)
        self.button(
            pygame.Rect(c.x, y, self.px(36), btn_h),
            "\u2039",
            "lot_prev",
            cls="stepper",
            focus=False,
            tooltip=t("business.lot.prev"),
        )
        self.button(
            pygame.Rect(c.x + self.px(44), y, self.px(260), btn_h),
            self.lot_text(),
            "lot",
            on_adjust=self.step_lot,
            tooltip=t("business.lot.tip"),
        )
        self.button(
            pygame.Rect(c.x + self.px(312), y, self.px(36), btn_h),
            "\u203a",
            "lot_next",
            cls="stepper",
            focus=False,
            tooltip=t("business.lot.next"),
        )
        self._free_count = len(free_lot_list(self.session))
        self._note_rect = pygame.Rect(
            c.x + self.px(364), y + self.px(8), c.w - self.px(364) - self.px(260), btn_h
        )
        cash = float(self.session.household().cash)
        cash_r = p.text(
            t("business.cash", amount=yuan(cash)),
            (c.right, y + self.px(6)),
            "body",
            "accent",
            bold=True,
            align="right",
        )
        p.tip(cash_r, t("business.cash.tip.title"), t("business.cash.tip"))

        # the cards
        top = y + btn_h + self.px(12)
        n = len(self.cards)
        cols = 4 if n > 3 else max(1, n)
        rows = (n + cols - 1) // cols
        gap = self.px(12)
        w = (c.w - gap * (cols - 1)) // cols
        hgt = (c.bottom - top - gap * (rows - 1)) // max(1, rows)
        self._card_layers = []
        for k, card in enumerate(self.cards):
            r = pygame.Rect(c.x + (k % cols) * (w + gap), top + (k // cols) * (hgt + gap), w, hgt)
            tip = card.reasons[0] if card.reasons else t("business.card.tip", trade=card.name)
            # Square "card" buttons: pygame_gui draws rounded ones at 4x for every state, which
            # cost ~24 ms a frame for several frames after this screen opened (bench_game.py).
            self.button(r, "", f"trade.{k}", enabled=card.possible, tooltip=tip, cls="card")
            self._card_layers.append((r, self._paint_card(p, r, card), k))
        if n % cols:
            k = n
            r = pygame.Rect(
                c.x + (k % cols) * (w + gap),
                top + (k // cols) * (hgt + gap),
                w * (cols - n % cols) + gap * (cols - n % cols - 1),
                hgt,
            )
            inner = r.inflate(-self.px(20), -self.px(16))
            y = p.heading(
                t("business.note.title"), (inner.x, inner.y), max_w=inner.w, colour="text_dim"
            )
            note = t("business.note")
            small = fonts.get(self.font_px("small"))

            def fits(text: str) -> bool:
                lines = len(fonts.wrap(text, small, inner.w))
                return lines * p.line_h("small") <= inner.bottom - y - self.px(4)

            shown = note if fits(note) else t("business.note_short")
            if fits(shown):
                p.para(shown, pygame.Rect(inner.x, y + self.px(4), inner.w, 0), "small", "text_dim")
            if shown != note:  # the whole note, on the heading's tooltip
                p.tip(
                    pygame.Rect(inner.x, inner.y, inner.w, y - inner.y),
                    t("business.note.title"),
                    note,
                )

    def _paint_card(self, p: Painter, rect: pygame.Rect, card: TradeCard) -> pygame.Surface:
        """The card's words and numbers on a transparent layer over its button; tips registered
        in screen coordinates."""
        layer = pygame.Surface(rect.size, pygame.SRCALPHA)
        sub = Painter(self, layer)
        pad = self.px(10)
        inner = pygame.Rect(pad, pad, rect.w - 2 * pad, rect.h - 2 * pad)
        colour = pygame.Color(card.colour) if card.colour else theme.trade_colour(card.index)
        dim = not card.possible
        isz = self.px(26)
        chip = pygame.Rect(inner.x, inner.y, isz + self.px(8), isz + self.px(8))
        pygame.draw.rect(
            layer, colour if not dim else theme.colour("raised"), chip, border_radius=self.px(6)
        )
        draw_icon(layer, card.icon, chip.inflate(-self.px(8), -self.px(8)), theme.colour("ink"))
        x = chip.right + self.px(8)
        sub.text(
            card.name,
            (x, inner.y - self.px(2)),
            "heading",
            "text_disabled" if dim else "text",
            bold=True,
            max_w=inner.right - x,
        )
        sub_line = t("business.card.sellers", n=card.sellers) + (
            t("business.card.new", n=card.entries) if card.entries else ""
        )
        sl = sub.text(
            sub_line,
            (x, inner.y + self.text_h("heading", True) - self.px(6)),
            "small",
            "text_disabled" if dim else ("warn" if card.sellers >= 8 else "text_dim"),
            max_w=inner.right - x,
        )
        self._tip_at(rect, sl, t("business.card.sellers.tip.title"), t("business.card.sellers.tip"))
        y = max(chip.bottom, sl.bottom) + self.px(4)
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
        fits = max(0, (inner.bottom - line + self.px(2) - y) // max(1, line))
        if fits < len(facts):
            # the rent goes first (its effect is in "pays its rent at"), then the start-up;
            # what a card has no room for is in its heading's tooltip
            for drop in (1, 0):
                if len(facts) > fits:
                    label, value, tip = facts[drop]
                    self._tip_at(
                        rect,
                        pygame.Rect(inner.x, inner.y, inner.w, chip.h),
                        card.name,
                        f"{label}: {value}. {tip}",
                    )
                    facts = facts[:drop] + facts[drop + 1 :]
        for label, value, tip in facts:
            if y + line > inner.bottom - line + self.px(2):
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
            self._tip_at(rect, row, label, tip)
            y += line
        y = inner.bottom - line + self.px(2)
        if dim and card.reasons:
            r = sub.text(card.reasons[0], (inner.x, y), "small", "warn", max_w=inner.w)
            self._tip_at(rect, r, t("business.cannot.title"), card.reasons[0])
        else:
            word = skill_word(card.skill)
            label = t("business.skill", word=word)
            wsurf_w = tx.text_width(label, self.font_px("small"))
            bar = pygame.Rect(inner.x, y + self.px(5), inner.w - wsurf_w - self.px(10), self.px(8))
            sub.bar(bar, card.skill, "good" if card.skill >= 0.6 else "accent")
            lab = sub.text(label, (inner.right, y), "small", "text_dim", align="right")
            self._tip_at(
                rect,
                bar.union(lab),
                t("business.skill.tip.title", level=i18n.percent(card.skill)),
                t("business.skill.tip"),
            )
        return layer

    def _tip_at(self, card_rect: pygame.Rect, local: pygame.Rect, title: str, body: str) -> None:
        from game.ui.scenes.prerun import Tip

        self._pending_tips.append(
            Tip(local.move(card_rect.topleft), [title] + [b for b in body.split("\n") if b])
        )

    def forget_pictures(self) -> None:
        super().forget_pictures()
        self.street = None  # painted again if the player comes back
        self._card_layers = []

    def build(self) -> None:
        self._pending_tips: list = []
        super().build()
        self.tips = self._pending_tips + self.tips

    def lot_text(self) -> str:
        if self.lot < 0:
            return t("business.lot.none")
        lots = (
            self.street.lots
            if self.street is not None
            else words.street_lots(self.session.engine, i18n.get_language())
        )
        return t("business.lot.value", lot=self.lot + 1, state=self._lot_state_text(self.lot, lots))

    def refresh(self) -> None:
        """Selection changed: update the lot button, the street's ring and the main button
        in place (a full rebuild of the big card buttons costs a visible frame)."""
        try:
            element = next(e for e in self._elements if self.name_of(e) == "lot")
            element.set_text(self.lot_text())
        except StopIteration:
            pass
        self._focus_street_lot()
        self.refresh_next()

    @staticmethod
    def _lot_state_text(lot: int, lots: list[dict]) -> str:
        for d in lots:
            if d.get("lot") == lot:
                return t("business.lot.state." + d.get("state", "empty"))
        return ""

    def _focus_street_lot(self) -> None:
        if self.street is None or self.lot < 0:
            return
        for i, d in enumerate(self.street.lots):
            if d.get("lot") == self.lot:
                self.street._focus = (
                    i  # the widget has no setter; its focus ring shows the chosen lot
                )
                return

    # ---- footer -------------------------------------------------------------------------
    def next_text(self) -> str:
        if self.trade is None:
            return t("business.open_none")
        return t("business.open", trade=self.cards[self.trade].name if self.cards else "")

    def next_text_candidates(self) -> list[str]:
        return [t("business.open_none")] + [t("business.open", trade=c.name) for c in self.cards]

    def next_enabled(self) -> tuple[bool, str | None]:
        if self.trade is None:
            return False, t("business.pick_trade")
        reasons = [
            reason_text(k, v)
            for k, v in OpenBusiness(self.session.player, self.trade, self.lot).validate(
                self.session.engine
            )
        ]
        return (not reasons, reasons[0] if reasons else None)

    def next_tooltip(self) -> str | None:
        return t("business.open.tip")

    # ---- actions ------------------------------------------------------------------------
    def step_lot(self, direction: int) -> None:
        lots = free_lot_list(self.session)
        if not lots:
            self.lot = -1
        elif self.lot not in lots:
            self.lot = lots[0]
        else:
            self.lot = lots[(lots.index(self.lot) + direction) % len(lots)]
        self.lot_note = ""
        self.refresh()

    def on_action(self, name: str, element) -> None:
        if name.startswith("trade."):
            k = int(name.split(".")[1])
            if k < len(self.cards) and self.cards[k].possible:
                self.trade = self.cards[k].index
                self.refresh()
        elif name in ("lot_prev", "lot_next"):
            self.step_lot(-1 if name == "lot_prev" else 1)
            self.focus.focus_name("lot")
        elif name == "lot":
            self.step_lot(1)

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
            self.step_lot(-1 if event.key == pygame.K_LEFTBRACKET else 1)
            return True
        return False

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.street is not None and event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            clicked = self.street.handle_event(event)
            if clicked and event.type == pygame.MOUSEBUTTONDOWN:
                self.pick_lot(self.street.hovered_lot(event.pos))
                return True
        return super().handle_event(event)

    def pick_lot(self, lot: int | None) -> None:
        if lot is None:
            return
        if lot in free_lot_list(self.session):
            self.lot = lot
            self.lot_note = ""
        else:
            owner = (
                next((d.get("owner", "") for d in self.street.lots if d.get("lot") == lot), "")
                if self.street
                else ""
            )
            self.lot_note = t("business.lot.taken", lot=lot + 1, owner=owner)
        self.refresh()

    def on_next(self) -> None:
        if self.trade is None:
            return
        trade = self.trade
        reasons = self.session.submit(OpenBusiness(self.session.player, trade, self.lot))
        if reasons:
            self.app.message(t("business.cannot.title"), "\n".join(reasons))
            self._build()
            return
        hv = self.session.household()
        body = t(
            "business.opened.body",
            trade=self.session.trade_name(trade),
            lot=int(hv.lot) + 1,
            price=yuan(float(hv.price)),
            cash=yuan(float(hv.cash)),
        )
        self.app.message(
            t("business.opened.title"), body, on_close=lambda: go_month(self.app, self.session)
        )

    # ---- drawing ------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.street is not None:
            self.street.update(dt)

    def draw_live(self, surface: pygame.Surface) -> None:
        if self.street is not None and not getattr(self, "compact", False):
            self.street.draw(surface)  # (with large text the street makes room for the cards)
        r = getattr(self, "_note_rect", None)
        if r is not None:
            hint = (
                "business.lot.hint_compact"
                if getattr(self, "compact", False)
                else "business.lot.hint"
            )
            note = self.lot_note or t(hint, free=self._free_count)
            colour = theme.colour("warn" if self.lot_note else "text_dim")
            surface.blit(tx.fit_text(note, r.w, self.font_px("small"), colour), r.topleft)

    def draw_panels(self, surface: pygame.Surface) -> None:
        super().draw_panels(surface)
        if self.app.top is not self:  # under a dialog: the cards keep their words
            for rect, layer, _k in self._card_layers:
                surface.blit(layer, rect.topleft)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        for rect, layer, k in self._card_layers:
            surface.blit(layer, rect.topleft)
            if self.cards and self.trade == self.cards[k].index:
                pygame.draw.rect(
                    surface,
                    theme.colour("accent"),
                    rect.inflate(self.px(2), self.px(2)),
                    max(2, self.px(3)),
                    border_radius=self.px(8),
                )
        super().draw_overlay(surface)

    def help_lines(self) -> list[str]:
        if (
            self.mouse is not None
            and self.street is not None
            and self.street.rect.collidepoint(self.mouse)
        ):
            return [t("business.street.help.title"), t("business.street.help")]
        return super().help_lines()
