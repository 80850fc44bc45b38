"""Buttons whose face the scene paints (the business screen's trade cards): they keep no state
pictures, yet look, hover, press and grey out exactly as pygame_gui's own button would."""

from __future__ import annotations

import pygame
import pygame_gui
import pytest
from pygame_gui.core import ObjectID
from test_prerun_screens import TEST_SCENARIO, business_session, open_screen
from ui_helpers import frames

from game.scenario.loader import load_scenario_text
from game.ui.settings import Settings
from game.ui.widgets.painted_button import FaceShape, PaintedButton, paint_face

STATES = ("normal", "hovered", "disabled", "selected", "active")


@pytest.fixture
def scenario():
    return load_scenario_text(TEST_SCENARIO, "test_town.yaml")


def _picture_bytes(element) -> int:
    shape = element.drawable_shape
    surfaces = [shape.base_surface] + [
        s for st in shape.states.values() for s in (st.surface, st.pre_text_surface)
    ]
    return sum(s.get_width() * s.get_height() * 4 for s in surfaces if s is not None)


@pytest.mark.parametrize("ui_scale", [1.0, 1.5])
def test_a_painted_face_is_pygame_guis_picture_in_every_state(make_app, ui_scale):
    app = make_app(Settings(ui_scale=ui_scale), title=False)
    rect = pygame.Rect(40, 30, 299, 182)
    ids = ObjectID(class_id="@card", object_id="#probe")
    drawn = pygame_gui.elements.UIButton(rect, "", app.manager, object_id=ids)
    painted = PaintedButton(rect, "", app.manager, object_id=ids)
    assert isinstance(painted.drawable_shape, FaceShape)
    for state in STATES:
        drawn.drawable_shape.set_active_state(state)
        painted.drawable_shape.set_active_state(state)
        want = pygame.Surface((400, 260))
        want.fill((20, 90, 40))
        want.blit(drawn.drawable_shape.get_active_state_surface(), rect.topleft)
        got = pygame.Surface((400, 260))
        got.fill((20, 90, 40))
        paint_face(got, painted)
        assert pygame.image.tobytes(got, "RGB") == pygame.image.tobytes(want, "RGB"), state
    assert _picture_bytes(painted) == 0 < _picture_bytes(drawn)


def test_the_business_cards_keep_no_pictures_and_show_hover_press_and_grey(
    make_app,
    scenario,
    monkeypatch,
):
    app = make_app()
    s = business_session(scenario)
    s.engine.state.cash[0] = 9_000.0  # some trades out of reach: greyed cards
    bz = open_screen(app, "business", session=s)
    cards = bz._card_buttons
    assert len(cards) == len(bz.cards) and any(not c.is_enabled for c in cards)
    frames(app, 12)  # pygame_gui draws a button's other states in the frames after it opens
    assert all(_picture_bytes(c) == 0 for c in cards)

    def face_at(button) -> pygame.Color:
        # just inside the border on the left, level with the middle: the card's padding
        frames(app, 1)
        point = (button.rect.x + button.border_width["left"] + 1, button.rect.centery)
        return pygame.display.get_surface().get_at(point)

    off = next(c for c in cards if not c.is_enabled)
    on = next(c for c in cards if c.is_enabled)
    assert face_at(off) == off.colours["disabled_bg"]
    assert face_at(on) == on.colours["normal_bg"]
    pos = (on.rect.x + 3, on.rect.centery)
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: pos)  # pygame_gui's hover reads it
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, {"pos": pos, "rel": (0, 0), "buttons": (0, 0, 0)})
    )
    assert face_at(on) == on.colours["hovered_bg"]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, {"pos": pos, "button": 1}))
    assert face_at(on) == on.colours["active_bg"]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, {"pos": pos, "button": 1}))
    frames(app, 2)
    assert bz.cards[cards.index(on)].index == bz.trade  # the click chose its trade
