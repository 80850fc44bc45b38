"""A tooltip never covers what the student points at, nor the panel it explains (a play-test:
in the picker the list's tips lay on the chosen scenario's page and its policy; on the month
the path's tips lay on the household's decisions, a decision's tip on the decision's own panel).
Each tip is drawn as the game draws it, on a clear layer, and where it landed is compared."""

from __future__ import annotations

import pygame
import pygame_gui
import pytest
from test_month_support import business_session, fresh_session, open_month
from ui_helpers import element, frames

from game import i18n
from game.ui.scenes import picker as picker_mod
from game.ui.scenes.prerun import render_tip
from game.ui.settings import Settings

CASES = [("en", 1.0), ("zh", 1.5)]


def drawn_tip(app, scene, button) -> pygame.Rect:
    """Where the button's tooltip lands when the pointer rests on it."""
    app.mouse_pos = button.rect.center
    app.mouse_moved_at = -1e9  # the pointer has rested on it
    tip = scene.button_tip()
    assert tip is not None and tip[1] == button.rect
    layer = pygame.Surface(scene.size, pygame.SRCALPHA)  # clear: only the tip is drawn
    scene.draw_button_tip(layer)
    where = layer.get_bounding_rect()
    assert where.w > 0 and where.h > 0
    return where


def tipped_buttons(scene) -> list:
    return [
        e
        for e in scene._elements
        if isinstance(e, pygame_gui.elements.UIButton) and e.visible and getattr(e, "irb_tip", None)
    ]


@pytest.mark.parametrize(("lang", "ui_scale"), CASES)
def test_the_pickers_tips_keep_off_the_scenarios_page(make_app, lang, ui_scale):
    picker_mod._cache.clear()
    i18n.set_language(lang)
    app = make_app(Settings(window_size=(1280, 720), ui_scale=ui_scale, language=lang))
    scene = app.open("new_game")
    frames(app, 3)
    listed = [b for b in tipped_buttons(scene) if scene.name_of(b).startswith("sc.")]
    assert len(listed) == len(scene.entries) >= 2
    # the chosen scenario's page: right of the list, as high as the list and its Open button
    column = listed[0].rect.unionall([b.rect for b in listed] + [element(scene, "open_file").rect])
    page = pygame.Rect(column.right + scene.px(16), column.top, 0, column.h)
    page.w = app.window.get_width() - page.x
    for button in listed:
        where = drawn_tip(app, scene, button)
        assert not where.colliderect(button.rect), scene.name_of(button)
        assert not where.colliderect(page), (scene.name_of(button), where, page)
    # the page's own numbers (the policy above all): their tips go beside the page
    bounds = app.window.get_rect().inflate(-scene.px(8), -scene.px(8))
    on_page = [tip for tip in scene.tips if page.contains(tip.rect)]
    assert len(on_page) >= 5  # the policy's rows and the run's length
    for tip in on_page:
        size = render_tip(tip.lines, scene.scale, scene.tip_width(tip.rect)).get_size()
        where = scene.place_tip(size, tip.rect, bounds)
        assert bounds.contains(where)
        assert not where.colliderect(page), (tip.lines[0], where, page)
    picker_mod._cache.clear()


@pytest.mark.parametrize(("lang", "ui_scale"), CASES)
@pytest.mark.parametrize("business", [False, True], ids=["path", "business"])
def test_a_months_tip_keeps_off_its_panel_and_the_household_decisions(
    make_app, lang, ui_scale, business
):
    i18n.set_language(lang)
    app = make_app(Settings(window_size=(1280, 720), ui_scale=ui_scale, language=lang))
    scene = open_month(app, business_session() if business else fresh_session())
    layout = scene.layout
    decisions = [b for b in tipped_buttons(scene) if layout.household.contains(b.rect)]
    middle = [b for b in tipped_buttons(scene) if layout.business.contains(b.rect)]
    assert len(decisions) >= 3 and len(middle) >= 2
    for button in decisions + middle:
        name = scene.name_of(button)
        panel = layout.household if button in decisions else layout.business
        where = drawn_tip(app, scene, button)
        assert not where.colliderect(button.rect), name
        assert not where.colliderect(panel), (name, where, panel)
        covered = [scene.name_of(d) for d in decisions if where.colliderect(d.rect)]
        assert covered == [], name
    # the household's numbers (cash, spending...) explain themselves beside the panel too
    numbers = [(r, lines) for r, lines in scene.household.hits]
    assert numbers
    for rect, lines in numbers:
        from game.ui.widgets.panel import render_tooltip

        surf, _ = render_tooltip(lines, scene.pal, scene.scale)
        where = scene.tip_place(surf.get_size(), rect, app.window.get_rect())
        assert not where.colliderect(layout.household), lines[0]


def test_a_shops_tooltip_goes_when_a_dialog_covers_the_month(make_app):
    """A play-test: a shop's tooltip, left from the pointer on the street, stayed (dimmed)
    beside the month's result and its events, though the pointer was on the dialog."""
    from ui_helpers import press

    i18n.set_language("en")
    app = make_app(Settings(window_size=(1280, 720), ui_scale=1.0, language="en"))
    scene = open_month(app, fresh_session())
    for _ in range(10):  # (the street is made a frame after the screen)
        if scene.street.view is not None:
            break
        frames(app, 1)
    view = scene.street.view
    shop = view.layout.shops[0].facade.move(view.rect.topleft)
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEMOTION, {"pos": shop.center, "rel": (0, 0), "buttons": (0, 0, 0)}
        )
    )
    frames(app, 2)
    drawn: list[bool] = []  # for each tooltip drawn: was the month on top?
    real = view.draw_tooltip

    def draw_tooltip(surface, index):
        drawn.append(app.top is scene)
        return real(surface, index)

    view.draw_tooltip = draw_tooltip
    frames(app, 1)
    assert drawn == [True]  # the pointer on a shop: its tooltip
    press(app, pygame.K_e)  # the month ends: its result over the month
    for _ in range(120):
        if app.top is not scene:
            break
        frames(app, 1)
    assert type(app.top).__name__ == "ResultScene"
    frames(app, 3)
    assert all(drawn)  # none drawn under the result
