"""The End-month button's tooltip covers no other button: placed above End month alone, it
hid the Street, Charts and Menu buttons over it (a play-test, Chinese at 150% text)."""

from __future__ import annotations

import pygame
import pytest
from test_month_support import business_session, open_month
from ui_helpers import element

from game import i18n
from game.ui.settings import Settings


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_end_month_tip_covers_no_button(make_app, lang):
    i18n.set_language(lang)
    app = make_app(Settings(window_size=(1280, 720), ui_scale=1.5, language=lang))
    scene = open_month(app, business_session())
    end = element(scene, "end_month")
    app.mouse_pos = end.rect.center
    app.mouse_moved_at = -1e9  # the pointer has rested on it
    tip = scene.button_tip()
    assert tip is not None and tip[1] == end.rect
    layer = pygame.Surface(scene.size, pygame.SRCALPHA)  # clear: only the tip is drawn
    scene.draw_button_tip(layer)
    where = layer.get_bounding_rect()
    assert where.w > 0 and where.h > 0
    others = [e for e in scene._elements if e.visible and e is not end]
    assert others
    covered = [scene.name_of(e) for e in others if where.colliderect(e.rect)]
    assert covered == []
    assert not where.colliderect(scene.layout.log)  # nor the log beside it
