"""A trade card's tooltip sits above the cards, never on another card's numbers (the ones the
student compares across cards) nor on the savings figure: beside the card it used to cover
the next card's row of the same fact."""

from __future__ import annotations

import pygame
import pytest
from ui_helpers import frames

from game.core.commands import ChoosePath
from game.session import GameSession, load_scenario
from game.ui.scenes.prerun import render_tip
from game.ui.settings import Settings


@pytest.mark.parametrize(("lang", "ui_scale"), [("en", 1.0), ("zh", 1.5)])
def test_a_cards_tooltip_covers_no_card_and_not_the_savings(make_app, lang, ui_scale):
    from game.ui.widgets import text as tx

    tx._fonts.clear()
    app = make_app(Settings(window_size=(1280, 720), ui_scale=ui_scale, language=lang))
    s = GameSession.new(load_scenario("steel_town_2016"), seed=5)
    assert s.submit(ChoosePath(0, "self_employ")) == []
    scene = app.open("business", session=s)
    frames(app, 3)
    bounds = app.window.get_rect().inflate(-scene.px(8), -scene.px(8))
    cards = [r for r, _layer, _k in scene._card_layers]
    placed = 0
    for k, tips in enumerate(scene._card_tips):
        for tip in tips:
            size = render_tip(tip.lines, scene.scale, scene.tip_width(tip.rect)).get_size()
            where = scene.place_tip(size, tip.rect, bounds)
            assert bounds.contains(where)
            assert not any(where.colliderect(r) for r in cards), (k, tip.lines[0], where)
            assert not where.colliderect(scene._cash_rect), (k, tip.lines[0])
            placed += 1
    assert placed >= 2 * len(cards)  # (every card has its facts' tips)
    # the card's own tip (the pointer on the card, off its numbers): drawn above the cards too
    drawn: list[pygame.Rect] = []

    class Window(pygame.Surface):
        def blit(self, source, dest, *args, **kwargs):
            drawn.append(pygame.Rect(pygame.Rect(dest).topleft, source.get_size()))
            return super().blit(source, dest, *args, **kwargs)

    for button in scene._card_buttons:
        scene.button_tip = lambda b=button: (["A trade", "what the card says about it"], b.rect)
        drawn.clear()
        scene.draw_button_tip(Window(app.window.get_size()))
        assert drawn and not any(drawn[-1].colliderect(r) for r in cards), drawn
    assert not app._errors


def test_a_tip_outside_the_cards_goes_beside_its_number(make_app):
    app = make_app(Settings(window_size=(1280, 720), ui_scale=1.0, language="en"))
    s = GameSession.new(load_scenario("steel_town_2016"), seed=5)
    assert s.submit(ChoosePath(0, "self_employ")) == []
    scene = app.open("business", session=s)
    frames(app, 3)
    bounds = app.window.get_rect()
    anchor = pygame.Rect(scene._cash_rect)
    where = scene.place_tip((200, 60), anchor, bounds)
    assert where.colliderect(anchor.inflate(scene.px(40), scene.px(200)))  # next to it
