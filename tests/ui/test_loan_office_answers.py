"""Answers on the way through the loan office that show a screen built meanwhile (issue 17):
"yes" on the business path, OK on the office's messages (the certificate applied for, the loan
granted) are taken at once, and the dialog stays up, taking no input, while the screen it
closes onto is built a piece a frame (DialogScene.waits_on); the frame that shows it builds none of
it, and it is the screen built in its own frame. Answered in the dialog's first frame, before
its idle frames built anything ahead: the bot's fast run, a student who clicks at once."""

from __future__ import annotations

import pygame
import pygame_gui
from test_month_support import end_months, fresh_session
from test_path_office_ahead import _looks
from ui_helpers import buttons, click, element, frames

from game.core import commands as C
from game.ui import scene as scene_mod
from game.ui.scenes.dialog import DialogScene
from game.ui.scenes.loan_office import LoanOfficeScene

WAIT = 400  # frames a dialog may wait here (the game's cap is CLOSE_WAIT_FRAMES)


def _made_by_frame(app, monkeypatch) -> list[int]:
    """From now on, the app's frame of every pygame_gui button made."""
    made: list[int] = []
    real = pygame_gui.elements.UIButton.__init__

    def counting(self, *args, **kwargs):
        made.append(app.frames)
        real(self, *args, **kwargs)

    monkeypatch.setattr(pygame_gui.elements.UIButton, "__init__", counting)
    return made


def _answer_at_once(app, dialog, name: str) -> tuple[int, int]:
    """Click `name` on `dialog` before any idle frame of it; step until another screen is on
    top. (the frame that took the click, the frame that showed what is on top now)."""
    click(app, element(dialog, name), n_frames=0)
    for _ in range(3):  # (a button's press reaches the screen in the frame after the click's)
        frame = app.frames
        frames(app, 1)
        if dialog.closing:
            break
    assert dialog.closing and app.top is dialog  # taken, and the dialog stays while it waits
    for _ in range(WAIT):
        before = app.frames
        frames(app, 1)
        if app.top is not dialog:
            return frame, before
    raise AssertionError("the dialog never closed")


def test_yes_at_once_on_the_business_path_builds_the_office_under_the_question(app, monkeypatch):
    monkeypatch.setattr(scene_mod, "CLOSE_WAIT_FRAMES", WAIT)
    s = fresh_session(3)
    path = app.open("path", session=s)
    frames(app, 3)
    click(app, element(path, "choose.self_employ"), n_frames=0)
    for _ in range(3):
        frames(app, 1)
        if isinstance(app.top, DialogScene):
            break
    dialog = app.top
    assert isinstance(dialog, DialogScene) and not app.prepared("loan_office", session=s)
    made = _made_by_frame(app, monkeypatch)
    answered, shown = _answer_at_once(app, dialog, "yes")
    office = app.top
    assert isinstance(office, LoanOfficeScene) and s.household().plans_business
    assert any(f > answered for f in made) and shown not in made  # built under the question
    looks = _looks(office)
    monkeypatch.undo()
    fresh = app.replace(LoanOfficeScene(app, session=s))
    frames(app, 2)
    assert _looks(fresh) == looks


def test_ok_at_once_on_the_certificate_applied_for_shows_the_office_built_again(app, monkeypatch):
    monkeypatch.setattr(scene_mod, "CLOSE_WAIT_FRAMES", WAIT)
    s = fresh_session(3)
    assert s.submit(C.ChoosePath(s.player, "self_employ")) == []
    office = app.open("loan_office", session=s)
    frames(app, 3)
    assert "cert" in buttons(office)
    click(app, element(office, "cert"), n_frames=0)
    for _ in range(3):
        frames(app, 1)
        if isinstance(app.top, DialogScene):
            break
    dialog = app.top
    assert isinstance(dialog, DialogScene) and s.certificate() == "pending"
    made = _made_by_frame(app, monkeypatch)
    answered, shown = _answer_at_once(app, dialog, "ok")
    assert app.top is office and "wait" in buttons(office) and "cert" not in buttons(office)
    assert any(f > answered for f in made) and shown not in made  # built again under the message
    looks = _looks(office)
    monkeypatch.undo()
    fresh = app.replace(LoanOfficeScene(app, session=s))
    frames(app, 2)
    assert _looks(fresh) == looks


def test_ok_at_once_on_the_loan_granted_shows_the_business_built_under_it(app, monkeypatch):
    from game.ui.scenes.business import BusinessScene

    monkeypatch.setattr(scene_mod, "CLOSE_WAIT_FRAMES", WAIT)
    for k in range(20):
        s = fresh_session(3 + k)
        assert s.submit(C.ChoosePath(s.player, "self_employ")) == []
        assert s.submit(C.ApplyForCertificate(s.player)) == []
        end_months(s, 2)
        if s.certificate() == "granted":
            break
    assert s.certificate() == "granted"
    office = app.open("loan_office", session=s)
    frames(app, 2)
    for cand in list(office.candidates):
        if not cand.can_ask(s.month):
            continue
        office.guarantor = int(cand.household)
        office.on_next()
        if office.has_loan:
            break
        app.pop()  # (said no: the next one)
        frames(app, 2)
    assert office.has_loan
    dialog = app.top
    assert isinstance(dialog, DialogScene)
    made = _made_by_frame(app, monkeypatch)
    answered, shown = _answer_at_once(app, dialog, "ok")
    business = app.top
    assert isinstance(business, BusinessScene)
    assert any(f > answered for f in made) and shown not in made  # built under the message
    names, static = sorted(buttons(business)), pygame.image.tobytes(business.static, "RGB")
    monkeypatch.undo()
    fresh = app.replace(BusinessScene(app, session=s))
    frames(app, 2)
    assert sorted(buttons(fresh)) == names
    assert pygame.image.tobytes(fresh.static, "RGB") == static


def test_ok_at_once_on_the_shop_opened_shows_the_months_built_under_it(app, monkeypatch):
    from test_answer_closes import _shown
    from test_frames import _at_the_loan_office_with_a_loan
    from test_month_loop_ahead import _layer_bytes as layer_of

    from game.ui.scenes.month import MonthScene

    monkeypatch.setattr(scene_mod, "CLOSE_WAIT_FRAMES", WAIT)
    s, office = _at_the_loan_office_with_a_loan(app)
    frames(app, 2)
    business = app.open("business", session=s)
    frames(app, 2)
    k = next(k for k, c in enumerate(business.cards) if c.possible)
    business.on_action(f"trade.{k}", None)
    business.on_next()
    dialog = app.top
    assert isinstance(dialog, DialogScene) and s.household().trade >= 0
    made = _made_by_frame(app, monkeypatch)
    answered, shown = _answer_at_once(app, dialog, "ok")
    month = app.top
    assert isinstance(month, MonthScene)
    assert any(f > answered for f in made) and shown not in made  # built under the message
    names, layer = _shown(month), layer_of(month._layer)
    monkeypatch.undo()
    fresh = app.replace(MonthScene(app, session=s))
    frames(app, 2)
    assert _shown(fresh) == names and layer_of(fresh._layer) == layer
