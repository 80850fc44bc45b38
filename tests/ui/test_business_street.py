"""The business screen keeps the street where the cards leave it room: a town of two trades
at 150% (1280x720, or 1024x600) hid it under two cards half empty, and the student chose a
lot with no street to see it on. A town of seven trades still gives the street's room to
its cards."""

from __future__ import annotations

import pytest
from text_probe import TextProbe
from ui_helpers import frames

from game.core.commands import ChoosePath
from game.session import GameSession, load_scenario
from game.ui.settings import Settings


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(1280, 720), (1024, 600)])
@pytest.mark.parametrize(("scenario", "street"), [("tutorial", True), ("steel_town_2016", False)])
def test_the_street_shows_where_the_cards_leave_it_room(make_app, size, lang, scenario, street):
    app = make_app(Settings(window_size=size, ui_scale=1.5, language=lang))
    s = GameSession.new(load_scenario(scenario), seed=5)
    assert s.submit(ChoosePath(0, "self_employ")) == []
    with TextProbe() as probe:
        scene = app.open("business", session=s)
        frames(app, 3)
        squeezed = [x for x in probe.squeezed if "trade card" in x[1]]
    assert scene.compact is not street
    if street:
        assert scene.street.rect.h >= scene.px(90)
        assert all(not scene.street.rect.colliderect(r) for r, _layer, _k in scene._card_layers)
    assert not squeezed, squeezed  # every card still holds its facts
    assert not app._errors
