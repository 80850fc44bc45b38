"""The dialog that says the shop opened, and the business screen dimmed under it, both show the
savings left once the opening costs are paid: the figure the month screen then shows (the
screen under the dialog used to keep the savings from before, ¥20,000 more than the dialog),
and the lots still free, one fewer (it kept the count from before too)."""

from __future__ import annotations

import pygame
from test_prerun_screens import (  # noqa: F401 - fixtures
    app,
    business_session,
    fresh_widget_fonts,
    open_screen,
    scenario,
    strict,
    stub_month,
)
from text_probe import RecSurface, TextProbe
from ui_helpers import element, frames, press

from game import i18n
from game.i18n import t
from game.session import reason_text
from game.ui.scenes.business import free_lot_list
from game.ui.scenes.dialog import DialogScene


def test_the_savings_under_the_opened_dialog_are_those_left_after_opening(app, scenario):  # noqa: F811 - the fixtures above
    i18n.set_language("en")
    s = business_session(scenario)
    before = float(s.household().cash)
    free = len(free_lot_list(s))
    with TextProbe():
        bz = open_screen(app, "business", session=s)
        press(app, pygame.K_o)
        assert isinstance(app.top, DialogScene)
        left = float(s.household().cash)
        assert left < before  # the opening costs are paid when the shop opens
        frames(app, 12)  # the dialog's fade-in; the street painted again under it
        under = RecSurface(app.window.get_size())
        bz.draw_background(under)  # what the app paints under the dialog, dimmed
        shown = [ink.text for ink in under.records]
    savings = t("business.cash", amount=i18n.yuan(left))
    assert i18n.yuan(left) in app.top.body  # the dialog's own sentence
    assert savings in shown, [x for x in shown if "¥" in x]
    assert t("business.cash", amount=i18n.yuan(before)) not in shown
    assert bz.cash_text() == savings
    assert len(free_lot_list(s)) == free - 1
    assert t("business.lot.hint", free=free - 1) in shown
    assert t("business.lot.hint", free=free) not in shown


def test_the_cards_under_the_opened_dialog_say_the_savings_left(app, scenario):  # noqa: F811
    """The cards the savings cannot pay for said "You have ¥<savings before opening>" under the
    dialog; and the shop's own lot read "Lot N · taken"."""
    i18n.set_language("en")
    s = business_session(scenario)
    before = float(s.household().cash)
    with TextProbe():
        bz = open_screen(app, "business", session=s)
        short_before = {c.key for c in bz.cards if not c.possible}
        chosen = bz.cards[bz.trade]
        assert short_before and chosen.possible
        press(app, pygame.K_o)
        assert isinstance(app.top, DialogScene)
        left = float(s.household().cash)
        frames(app, 12)
        under = RecSurface(app.window.get_size())
        bz.draw_background(under)
        bz.draw_on_widgets(under)  # the cards' words, over their buttons
        shown = [ink.text for ink in under.records]
    short_now = [c for c in bz.cards if not c.possible]
    # what the savings left cannot pay for: those before, and those the opening costs put out
    # of reach; never the shop just opened
    assert {c.key for c in short_now} >= short_before
    assert chosen.key not in {c.key for c in short_now}
    for card in short_now:
        need = next(tr.start_up_cost_yuan for tr in s.params.trades if tr.key == card.key)
        assert card.reasons == [
            reason_text("no_cash", {"cash": f"{left:,.0f}", "need": f"{need:,.0f}"})
        ]
        assert card.reasons[0] in shown, [x for x in shown if "¥" in x]
        old = reason_text("no_cash", {"cash": f"{before:,.0f}", "need": f"{need:,.0f}"})
        assert old not in shown
    lot = int(s.household().lot)
    assert bz.lot == lot
    lot_text = t("business.lot.value", lot=lot + 1, state=t("business.lot.state.yours"))
    assert element(bz, "lot").text == lot_text
