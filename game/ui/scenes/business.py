"""The business: trades as cards (icon, start-up cost, rent, unit cost, last month's going
price, how many neighbours already run one, the skill fit) and a free lot on the street.
Opening goes through the core's OpenBusiness; then the months begin.

Keyboard: Tab / arrows move between the cards, Enter picks one; [ and ] (or Left/Right on the
lot button) step through the free lots; O opens the business; Esc goes back.
"""

from __future__ import annotations

from typing import Any

import pygame

from game import i18n, words
from game.core.commands import OpenBusiness
from game.i18n import t
from game.session import reason_text
from game.ui import fonts, theme
from game.ui.scenes.business_cards import (
    CARDS_A_FRAME,
    TradeCard,
    card_layout,
    free_lot_list,
    paint_card,
    take_ahead,
    trade_cards,
)
from game.ui.scenes.dialog import DialogScene
from game.ui.scenes.prerun import Painter, PreRunScene, go_month, yuan
from game.ui.widgets import text as tx
from game.ui.widgets.painted_button import paint_face, painted_button
from game.ui.widgets.palette import get_palette
from game.ui.widgets.street import StreetView

__all__ = ["BusinessScene", "TradeCard", "free_lot_list", "trade_cards"]


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
        self._card_buttons: list = []  # their faces painted under the layers
        self.lot_note = ""
        self._street_after: list[dict] | None = None  # the street once a shop opened
        self._cards_after: list[int] = []  # cards to paint again once a shop opened
        self._card_tips: list[list] = []  # each card's tips (replaced when painted again)

    # ---- layout -------------------------------------------------------------------------
    def build_content(self, p: Painter) -> None:
        c = self.content
        lang = i18n.get_language()
        self.cards = trade_cards(self.session)
        if self.trade is None:
            best = [cd for cd in self.cards if cd.possible]
            self.trade = max(best, key=lambda cd: cd.skill).index if best else None
        lay = card_layout(self, c, len(self.cards))
        self.compact = lay.compact
        street_rect = lay.street_rect
        pal = get_palette(theme.palette_name())
        lots = words.street_lots(self.session.engine, lang)
        ahead = take_ahead(self, self.session)  # painted in the screen before's idle frames
        if self.street is None and ahead is not None and ahead.street is not None:
            self.street = ahead.street
            self.street.paint_some(float("inf"))  # (opened before it was all painted: the rest)
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
        y = lay.lot_y
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
            # no street to click on a small window with large text
            tooltip=t("business.lot.tip_compact" if self.compact else "business.lot.tip"),
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
        # The savings are drawn live (draw_live): opening the shop pays its costs, and the
        # dialog that says so shows the savings left over this screen, not the ones before.
        self._cash_at = (c.right, y + self.px(6))
        cash = self.cash_text()
        cash_w, cash_h = fonts.for_text(cash, self.font_px("body"), True).size(cash)
        cash_r = pygame.Rect(c.right - cash_w, y + self.px(6), cash_w, cash_h)
        self._cash_rect = cash_r
        # a card's tooltips go above the cards: over the street, or (no street) the lot row
        self._tips_above = (
            lay.street_rect.bottom
            if not self.compact
            else min((r.top for r in lay.cards), default=y)
        )
        p.tip(cash_r, t("business.cash.tip.title"), t("business.cash.tip"))

        # the cards (their pictures painted ahead when they read the same)
        painted = ahead.layers(self.cards, lay.cards) if ahead is not None else []
        left = zip(lay.cards[len(painted) :], self.cards[len(painted) :], strict=True)
        painted += [paint_card(self, r, card) for r, card in left]
        self._card_layers, self._card_buttons, self._card_tips = [], [], []
        self._cards_after = []
        for k, card in enumerate(self.cards):
            r = lay.cards[k]
            tip = card.reasons[0] if card.reasons else t("business.card.tip", trade=card.name)
            # Square "card" buttons (rounded ones cost ~24 ms a frame for several frames after
            # this screen opened) whose face the scene paints: pygame_gui would keep ~1.7 MB of
            # state pictures for each (issue 17's memory high).
            button = painted_button(
                self, r, f"trade.{k}", cls="card", tooltip=tip, enabled=card.possible
            )
            layer, tips = painted[k]
            self._pending_tips.extend(tips)
            self._card_tips.append(tips)
            self._card_layers.append((r, layer, k))
            self._card_buttons.append(button)
        if lay.note is not None:
            inner = lay.note.inflate(-self.px(20), -self.px(16))
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

    # ---- tooltips -----------------------------------------------------------------------
    def _card_of(self, rect: pygame.Rect) -> pygame.Rect | None:
        return next((r for r, _layer, _k in self._card_layers if r.contains(rect)), None)

    def _above_cards(self, size: tuple[int, int], card: pygame.Rect, bounds) -> pygame.Rect | None:
        """A card's tooltip above the cards, over its column: beside the card it would lie on
        the next card's numbers, the very ones the student is comparing. Kept off the savings
        figure (compared with each start-up). None: no room there."""
        gap = self.px(8)
        r = pygame.Rect(0, 0, *size)
        r.midbottom = (card.centerx, getattr(self, "_tips_above", card.top) - gap)
        cash = getattr(self, "_cash_rect", None)
        if cash is not None and r.colliderect(cash.inflate(gap, gap)):
            r.right = cash.left - gap
        r.clamp_ip(bounds)
        if r.top < bounds.top or r.bottom > card.top - gap // 2:
            return None
        if cash is not None and r.colliderect(cash):
            return None
        return r

    def tip_width(self, anchor: pygame.Rect) -> float:
        # wide and low above the cards: the room there is a street's or a lot row's height
        if self._card_of(anchor) is None:
            return super().tip_width(anchor)
        return min(640, self.content.w * 0.6 / self.scale)

    def place_tip(
        self, size: tuple[int, int], anchor: pygame.Rect, bounds: pygame.Rect
    ) -> pygame.Rect:
        card = self._card_of(anchor)
        where = self._above_cards(size, card, bounds) if card is not None else None
        return where or super().place_tip(size, anchor, bounds)

    def draw_button_tip(self, surface: pygame.Surface) -> None:
        tip = self.button_tip()
        card = self._card_of(tip[1]) if tip is not None else None
        if tip is None or card is None:
            super().draw_button_tip(surface)
            return
        from game.ui.widgets.panel import render_tooltip

        surf, _rects = render_tooltip(tip[0], self.pal, self.scale)
        bounds = surface.get_rect().inflate(-self.px(8), -self.px(8))
        surface.blit(surf, self.place_tip(surf.get_size(), card, bounds))

    def forget_pictures(self) -> None:
        super().forget_pictures()
        self.street = None  # painted again if the player comes back
        self._card_layers, self._card_buttons = [], []

    def build(self) -> None:
        self._pending_tips: list = []
        super().build()
        self.tips = self._pending_tips + self.tips

    def lot_text(self) -> str:
        if self.lot < 0:
            return t("business.lot.none")
        lots = self._street_after or (
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
                if d.get("is_player"):  # the shop just opened here
                    return t("business.lot.state.yours")
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
        # The lot row shows the shop now, under the dialog that says so; the street, painted
        # again a piece per frame of the dialog (all at once: ~30 ms in this frame), follows.
        self._street_after = words.street_lots(self.session.engine, i18n.get_language())
        self._free_count = len(free_lot_list(self.session))  # the note says one lot fewer
        # The cards that read otherwise now (the savings paid the opening costs: "You have
        # ¥..." tells what is left) are painted again in the dialog's idle frames.
        cards = trade_cards(self.session)
        self._cards_after = [k for k, c in enumerate(cards) if c != self.cards[k]]
        self.cards = cards
        self.refresh()
        hv = self.session.household()
        body = t(
            "business.opened.body",
            trade=self.session.trade_name(trade),
            lot=int(hv.lot) + 1,
            price=yuan(float(hv.price)),
            cash=yuan(float(hv.cash)),
        )
        dialog = DialogScene.message(
            self.app,
            t("business.opened.title"),
            body,
            on_close=lambda: go_month(self.app, self.session),
        )
        dialog.waits_on = ("ok",)  # OK closes it once the months are built under it (ready_to_show)
        self.tell_next_frame(lambda: self.app.push(dialog))  # (built in a frame of its own)

    def ready_to_show(self) -> bool:
        """What the shop's message closes onto is built (DialogScene.waits_on): the months."""
        s = self.session
        return s.household().trade < 0 or self.app.prepared("month", session=s)

    def work_ahead(self) -> None:
        """An idle frame of the dialog over this screen (the shop opened): paint the street
        with the shop on it, a few pieces a frame, then show it under the dialog; then build
        the month screen ahead (app.prepare), which the dialog's OK opens."""
        if self._cards_after:  # first the cards that read otherwise, a few a frame
            self._repaint_cards(self._cards_after[:CARDS_A_FRAME])
            del self._cards_after[:CARDS_A_FRAME]
            if not self._cards_after:
                self.app.repaint_below()
            return
        lots = self._street_after
        if lots is None or self.street is None:
            if self.session.household().trade >= 0:  # then the months, built ahead
                self.app.prepare("month", session=self.session)
            return
        if self.street.paint_ahead(lots):
            self._street_after = None
            self.street.set_lots(lots)  # (painted: only handed over)
            self._focus_street_lot()
            self.app.repaint_below()

    def _repaint_cards(self, which: list[int]) -> None:
        for k in which:
            if k >= len(self._card_layers):
                continue
            rect = self._card_layers[k][0]
            layer, tips = paint_card(self, rect, self.cards[k])
            self._card_layers[k] = (rect, layer, k)
            old = {id(tp) for tp in self._card_tips[k]}
            self.tips = [tp for tp in self.tips if id(tp) not in old] + tips
            self._card_tips[k] = tips
            button = self._card_buttons[k]
            if self.cards[k].possible != button.is_enabled:
                button.enable() if self.cards[k].possible else button.disable()

    # ---- drawing ------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.street is not None:
            self.street.update(dt)

    def cash_text(self) -> str:
        return t("business.cash", amount=yuan(float(self.session.household().cash)))

    def draw_live(self, surface: pygame.Surface) -> None:
        at = getattr(self, "_cash_at", None)
        if at is not None:
            cash = tx.render(self.cash_text(), self.font_px("body"), theme.colour("accent"), True)
            surface.blit(cash, (at[0] - cash.get_width(), at[1]))
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

    def draw_on_widgets(self, surface: pygame.Surface) -> None:
        for (rect, layer, k), button in zip(self._card_layers, self._card_buttons, strict=True):
            paint_face(surface, button)
            surface.blit(layer, rect.topleft)
            if self.cards and self.trade == self.cards[k].index:
                pygame.draw.rect(
                    surface,
                    theme.colour("accent"),
                    rect.inflate(self.px(2), self.px(2)),
                    max(2, self.px(3)),
                    border_radius=self.px(8),
                )

    def help_lines(self) -> list[str]:
        if (
            self.mouse is not None
            and self.street is not None
            and self.street.rect.collidepoint(self.mouse)
        ):
            return [t("business.street.help.title"), t("business.street.help")]
        return super().help_lines()
