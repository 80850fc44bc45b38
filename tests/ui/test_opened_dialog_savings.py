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
from ui_helpers import frames, press

from game import i18n
from game.i18n import t
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
