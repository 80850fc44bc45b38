"""The loan office that the path screen's "yes" opens (the business path) is built while the
player reads the confirmation, and the business screen's street, painted ahead under the loan
office, is painted a few shops a frame (issue 17). Each is what the screen built in its own
frame shows: the same buttons, the same pictures."""

from __future__ import annotations

import pygame
from test_frames import _at_the_loan_office_with_a_loan
from test_month_support import fresh_session
from ui_helpers import buttons, buttons_made, click, element, frames, idle_until

from game.ui.scenes.dialog import DialogScene


def _bytes(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGB")


def _looks(scene) -> tuple:
    """What the loan office shows: its picture, its buttons, its rows' words and tooltips."""
    shown = sorted(
        (name, b.text, b.is_enabled, tuple(b.relative_rect), getattr(b, "irb_tip", None))
        for name, b in buttons(scene).items()
    )
    tips = [(tuple(t.rect), t.lines) for t in scene.tips]
    return _bytes(scene.static), shown, scene._tags, tips, scene.amount


def _confirm_business(app):
    s = fresh_session(3)
    path = app.open("path", session=s)
    frames(app, 3)
    click(app, element(path, "choose.self_employ"))
    assert isinstance(app.top, DialogScene)
    return s, path


def test_yes_shows_the_loan_office_built_while_the_confirmation_was_read(app, monkeypatch):
    s, path = _confirm_business(app)
    idle_until(app, lambda: app.prepared("loan_office", session=s))
    ahead = app._prepared.scene
    assert isinstance(app.top, DialogScene) and not s.household().plans_business
    made = buttons_made(monkeypatch)
    click(app, element(app.top, "yes"))
    assert app.top is ahead and not made  # the frame that opens the office only shows it
    assert s.household().plans_business and s.screen == "loan_office"
    assert all(e.alive() and e.ui_manager is app.manager for e in ahead._elements)
    frames(app, 2)
    shown = _looks(ahead)
    # the office built in its own frame, after the path was taken: the same screen
    from game.ui.scenes.loan_office import LoanOfficeScene

    fresh = app.replace(LoanOfficeScene(app, session=s))
    frames(app, 2)
    assert _looks(fresh) == shown


def test_no_other_path_builds_the_loan_office(app):
    s = fresh_session(3)
    path = app.open("path", session=s)
    frames(app, 3)
    click(app, element(path, "choose.job_search"))
    assert isinstance(app.top, DialogScene)
    frames(app, 20)
    assert not app.prepared("loan_office", session=s) and app._building is None


def test_an_office_built_ahead_is_not_shown_once_the_run_moved_on(app):
    from game.core import commands as C

    s, path = _confirm_business(app)
    idle_until(app, lambda: app.prepared("loan_office", session=s))
    ahead = app._prepared.scene
    assert s.submit(C.BorrowInformally(s.player, 1_000.0)) == []  # (not the path: the cash)
    click(app, element(app.top, "yes"))
    assert type(app.top).__name__ == "LoanOfficeScene" and app.top is not ahead


def test_the_business_street_is_painted_ahead_a_few_shops_a_frame(app, monkeypatch):
    from game.ui.scenes import business_cards as bc
    from game.ui.widgets.street import StreetView

    monkeypatch.setattr(bc, "STREET_BUDGET_S", 0.0)  # a piece a frame, however fast the machine
    s, office = _at_the_loan_office_with_a_loan(app)
    app.ahead_parts.drop(bc.AHEAD)
    pieces = 0
    for _ in range(200):
        frames(app, 1)
        a = app.ahead_parts.held(bc.AHEAD)
        if a is not None and a.street is not None:
            if a.street.painted:
                break
            pieces += 1
    assert a.street.painted and pieces > 3  # in pieces over idle frames, not in one
    street = a.street
    whole = StreetView(
        street.rect, street.scale, street.palette, mill_running=False, seed=s.seed, lots=street.lots
    )
    assert _bytes(street._layer) == _bytes(whole._layer)
    business = app.open("business", session=s)
    frames(app, 2)
    assert business.street is street
    from game.ui.scenes.business import BusinessScene

    painted = _bytes(business.static), [_bytes(layer) for _r, layer, _k in business._card_layers]
    fresh = app.replace(BusinessScene(app, session=s))
    frames(app, 2)
    assert fresh.street is not street
    assert _bytes(fresh.street._layer) == _bytes(street._layer)
    # the screen's picture and its cards, pixel for pixel
    assert (_bytes(fresh.static), [_bytes(x) for _r, x, _k in fresh._card_layers]) == painted


def test_a_business_opened_before_its_street_was_painted_paints_the_rest(app):
    from game.ui.scenes import business_cards as bc

    s, office = _at_the_loan_office_with_a_loan(app)
    app.ahead_parts.drop(bc.AHEAD)
    idle_until(
        app,
        lambda: (a := app.ahead_parts.held(bc.AHEAD)) is not None and a.street is not None,
    )
    street = app.ahead_parts.held(bc.AHEAD).street
    assert not street.painted
    business = app.open("business", session=s)
    frames(app, 2)
    assert business.street is street and street.painted
    from game.ui.scenes.business import BusinessScene

    fresh = app.replace(BusinessScene(app, session=s))
    frames(app, 2)
    assert _bytes(fresh.street._layer) == _bytes(street._layer)


def test_no_lets_the_office_built_ahead_go_at_once(app):
    """ "No" on the business path's question kept the office built ahead (a whole screen's
    buttons and pictures) until another screen opened."""
    s, path = _confirm_business(app)
    idle_until(app, lambda: app.prepared("loan_office", session=s))
    ahead = app._prepared.scene
    assert any(e.alive() for e in ahead._elements)
    click(app, element(app.top, "no"))
    assert app.top is path and not s.household().plans_business
    assert not app.prepared("loan_office", session=s) and app._building is None
    assert not any(e.alive() for e in ahead._elements)
    frames(app, 10)  # (and the path screen does not build it again)
    assert not app.prepared("loan_office", session=s) and app._building is None
    click(app, element(path, "choose.self_employ"))  # asked again: built again, "yes" opens it
    idle_until(app, lambda: app.prepared("loan_office", session=s))
    ahead = app._prepared.scene
    click(app, element(app.top, "yes"))
    assert app.top is ahead
