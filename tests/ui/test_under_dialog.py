"""A screen under a dialog looks as it did, only dimmed: the pictures and words a screen paints
over its own buttons (the business screen's trade cards, the loan office's guarantor rows)
stay on them, and what the player just did (a shop opened on a lot) shows under the dialog that
says so. One pygame_gui manager holds both the screen's widgets and the dialog's veil, so the
app draws the screen's widgets, then its pictures on them, then the veil and the dialog."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from test_prerun_screens import (  # noqa: F401 - fixtures
    app,
    business_session,
    fresh_widget_fonts,
    granted_session,
    open_screen,
    scenario,
    strict,
    stub_month,
)
from ui_helpers import click, element, frames, press

from game.ui import theme
from game.ui.scenes.dialog import DialogScene
from game.ui.widgets.veil import paint_veil


def dimmed(picture: pygame.Surface) -> np.ndarray:
    """`picture` with the dialog's veil over it, as the app draws it."""
    out = picture.copy()
    paint_veil(out, theme.colour("overlay"))
    return pygame.surfarray.array3d(out).astype(int)


def shown_under_a_dialog(app, scene, rects) -> float:  # noqa: F811
    """The largest mean difference, over `rects` (their insides, clear of the dialog's box),
    between the window under a dialog and the window before it, dimmed."""
    scene.focus.clear()  # (the focus outline is only drawn on top)
    frames(app, 20)  # (past the screen's fade-in)
    before = dimmed(app.window)
    app.message("A dialog", "Over the screen.")
    frames(app, 12)  # (past its fade-in)
    assert isinstance(app.top, DialogScene)
    now = pygame.surfarray.array3d(app.window).astype(int)
    box = app.top.box.rect
    worst = 0.0
    for rect in rects:
        inner = rect.inflate(-scene.px(8), -scene.px(8))
        if inner.colliderect(box):
            continue
        part = (slice(inner.left, inner.right), slice(inner.top, inner.bottom))
        worst = max(worst, float(np.abs(now[part] - before[part]).mean()))
    return worst


def test_the_business_cards_keep_their_pictures_under_a_dialog(app, scenario):  # noqa: F811 - the fixtures above
    bz = open_screen(app, "business", session=business_session(scenario))
    rects = [element(bz, f"trade.{k}").rect for k in range(len(bz.cards))]
    assert rects
    assert shown_under_a_dialog(app, bz, rects) < 2.0


def test_the_guarantor_rows_keep_their_words_under_a_dialog(app, scenario):  # noqa: F811 - the fixtures above
    lo = open_screen(app, "loan_office", session=granted_session(scenario))
    rows = [el.rect for el in lo._elements if (lo.name_of(el) or "").startswith("g.")]
    assert rows
    assert shown_under_a_dialog(app, lo, rows) < 2.0


def test_the_lot_row_and_the_street_show_the_shop_under_the_opened_dialog(app, scenario):  # noqa: F811 - the fixtures above
    s = business_session(scenario)
    bz = open_screen(app, "business", session=s)
    lot = bz.lot
    assert element(bz, "lot").text.endswith("empty")
    press(app, pygame.K_o)
    assert isinstance(app.top, DialogScene) and f"lot {lot + 1}" in app.top.body
    assert element(bz, "lot").text == f"Lot {lot + 1} · your shop"  # (it read "taken")
    frames(app, 30)  # the street is painted again a piece a frame under the dialog
    assert isinstance(app.top, DialogScene)
    shown = next(d for d in bz.street.lots if d.get("lot") == lot)
    assert shown.get("state") == "open"


@pytest.fixture(autouse=True)
def english():
    from game import i18n

    i18n.set_language("en")


def test_the_loan_office_is_built_again_under_the_banks_answer_not_with_it(app, scenario):  # noqa: F811
    """The frame that opens the bank's answer builds the dialog only; the office, changed by the
    answer, is built again from the dialog's first idle frame, a piece a frame, and the picture
    under the dialog is the one taken before until the office is whole (then it shows the
    answer under it)."""
    lo = open_screen(app, "loan_office", session=granted_session(scenario))
    press(app, pygame.K_1)  # the likeliest guarantor
    asked = lo.guarantor
    pieces, whole = [], []
    real_pieces, real_build = lo.build_pieces, lo.build

    def noted():
        for _piece in real_pieces():
            pieces.append((app.frames, id(app._below[1])))
            yield
        pieces.append((app.frames, id(app._below[1])))

    lo.build_pieces = noted
    lo.build = lambda: (whole.append(app.frames), real_build())
    click(app, element(lo, "next"), n_frames=2)
    assert isinstance(app.top, DialogScene) and pieces == [] and whole == []
    shown = app.top.shown_at
    below = app._below[1]  # held, so a new picture cannot take its id once it is freed
    picture = id(below)
    frames(app, 12)
    assert whole == [] and len(pieces) >= 3
    assert [f for f, _ in pieces] == list(range(shown + 1, shown + 1 + len(pieces)))
    assert all(p == picture for _, p in pieces)  # a half-built office is never shown
    assert app._below[1] is not below  # painted again once whole
    if lo.session.last_outcome["outcome"] == "guarantor_refused":
        assert lo.guarantor is None and asked is not None


def test_the_loan_office_half_built_under_the_answer_is_whole_when_it_closes(app, scenario):  # noqa: F811
    """The bank's answer closed before the office under it is built again: it is built whole
    in that frame, and works."""
    lo = open_screen(app, "loan_office", session=granted_session(scenario))
    before = [lo.name_of(e) for e in lo._elements]
    click(app, element(lo, "look"), n_frames=2)  # more guarantors looked for: found
    assert isinstance(app.top, DialogScene)
    frames(app, 2)
    assert lo._rebuilding is not None and not lo.built  # half built
    press(app, pygame.K_RETURN)
    assert app.top is lo and lo.built and lo._rebuilding is None and not lo._stale
    assert set(before) <= {lo.name_of(e) for e in lo._elements}  # (and the new guarantors)
    assert all(e.alive() and e.ui_manager is app.manager for e in lo._elements)
    press(app, pygame.K_1)  # and it works: the likeliest guarantor asked
    assert lo.guarantor is not None


def test_the_month_is_built_under_the_opened_dialog_and_ok_shows_it(app, scenario, monkeypatch):  # noqa: F811
    """While the player reads that the shop opened, the month screen is built ahead: OK
    only shows it."""
    from game.ui import scenes

    monkeypatch.setitem(scenes.SCENES, "month", "game.ui.scenes.month:MonthScene")
    s = business_session(scenario)
    open_screen(app, "business", session=s)
    press(app, pygame.K_o)
    assert isinstance(app.top, DialogScene)
    for _ in range(60):
        frames(app, 1)
        if app.prepared("month", session=s):
            break
    month = app._prepared.scene
    press(app, pygame.K_RETURN)
    assert app.top is month and month.built
