"""A guarantor picked in the loan office changes only the bank's button and the row's mark
(drawn over the rows each frame): the click rebuilds nothing (a rebuild was 21 ms of its frame,
issue 17), and the office looks and acts as the same office built afresh with that choice. An
amount typed and left in its field is still taken by the click."""

from __future__ import annotations

import pygame
from built_ahead import made_by_frame
from test_month_support import certified_session
from test_path_office_ahead import _looks
from ui_helpers import buttons, click, element, frames

from game.ui.scenes.loan_office import LoanOfficeScene


def _granted_office(app) -> LoanOfficeScene:
    s = certified_session(3)
    office = app.open("loan_office", session=s)
    frames(app, 3)
    while app._fade_from is not None:  # (the office fades in)
        frames(app, 1)
    return office


def _askable_row(office) -> str:
    s = office.session
    i = next(i for i, c in enumerate(office.candidates) if c.can_ask(s.month))
    return f"g.{i}"


def test_a_guarantor_picked_shows_the_office_as_built_afresh_with_that_choice(app, monkeypatch):
    office = _granted_office(app)
    assert not buttons(office)["next"].is_enabled  # no guarantor yet: the bank waits
    row = _askable_row(office)
    made = made_by_frame(app, monkeypatch)
    click(app, element(office, row))
    assert made == []  # nothing built again
    assert office.guarantor is not None and buttons(office)["next"].is_enabled
    assert office.focus.focused is not None and office.focus.focused.name == row
    frames(app, 2)
    looks, window = _looks(office), pygame.image.tobytes(app.window, "RGB")
    monkeypatch.undo()
    office._build()
    office.focus.focus_name(row)
    frames(app, 2)
    assert _looks(office) == looks
    assert pygame.image.tobytes(app.window, "RGB") == window  # the row's mark too
    assert not app._errors


def test_an_amount_typed_and_left_is_taken_when_a_guarantor_is_picked(app):
    office = _granted_office(app)
    field = element(office, "amount")
    field.set_text("3000")
    click(app, element(office, _askable_row(office)))
    assert office.amount == 3000.0
    assert "3,000" in buttons(office)["next"].text or "3000" in buttons(office)["next"].text
    assert not app._errors
