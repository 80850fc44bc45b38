"""Answers on the way through the loan office that show a screen built meanwhile (issue 17):
"yes" on the business path, OK on the office's messages (the certificate applied for, the loan
granted) are taken at once, and the dialog stays up, taking no input, while the screen it
closes onto is built a piece a frame (DialogScene.waits_on); the frame that shows it builds none of
it, and it is the screen built in its own frame. Answered in the dialog's first frame, before
its idle frames built anything ahead: the bot's fast run, a student who clicks at once."""

from __future__ import annotations

from built_ahead import (
    as_built_afresh,
    frame_uncovering,
    made_by_frame,
    month_looks,
    still_looks,
)
from test_month_support import certified_session, fresh_session
from test_path_office_ahead import _looks
from ui_helpers import buttons, click, element, frames

from game.core import commands as C
from game.ui import scene as scene_mod
from game.ui.scenes.dialog import DialogScene
from game.ui.scenes.loan_office import LoanOfficeScene

WAIT = 400  # frames a dialog may wait here (the game's cap is CLOSE_WAIT_FRAMES)


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
    return frame, frame_uncovering(app, dialog, WAIT)


def _dialog_after(app, scene, name: str) -> DialogScene:
    """Click `name` on `scene`; the dialog it opens, once on top (a few frames at most)."""
    click(app, element(scene, name), n_frames=0)
    for _ in range(3):
        frames(app, 1)
        if isinstance(app.top, DialogScene):
            break
    assert isinstance(app.top, DialogScene)
    return app.top


def _shown_as_built_afresh(app, monkeypatch, dialog, name: str, expect, looks, make) -> None:
    """`name` clicked at once on `dialog`: the screen it closes onto (`expect(screen)` holds)
    was built under it, the frame that shows it makes none of its buttons, and it is the
    screen `make()` builds afresh (by `looks`)."""
    made = made_by_frame(app, monkeypatch)
    answered, shown = _answer_at_once(app, dialog, name)
    screen = app.top
    assert expect(screen), type(screen).__name__
    assert any(f > answered for f in made) and shown not in made  # built under the dialog
    as_built_afresh(app, monkeypatch, screen, looks, lambda: app.replace(make()))


def test_yes_at_once_on_the_business_path_builds_the_office_under_the_question(app, monkeypatch):
    monkeypatch.setattr(scene_mod, "CLOSE_WAIT_FRAMES", WAIT)
    s = fresh_session(3)
    path = app.open("path", session=s)
    frames(app, 3)
    dialog = _dialog_after(app, path, "choose.self_employ")
    assert not app.prepared("loan_office", session=s)
    _shown_as_built_afresh(
        app,
        monkeypatch,
        dialog,
        "yes",
        lambda top: isinstance(top, LoanOfficeScene) and s.household().plans_business,
        _looks,
        lambda: LoanOfficeScene(app, session=s),
    )


def test_ok_at_once_on_the_certificate_applied_for_shows_the_office_built_again(app, monkeypatch):
    monkeypatch.setattr(scene_mod, "CLOSE_WAIT_FRAMES", WAIT)
    s = fresh_session(3)
    assert s.submit(C.ChoosePath(s.player, "self_employ")) == []
    office = app.open("loan_office", session=s)
    frames(app, 3)
    assert "cert" in buttons(office)
    dialog = _dialog_after(app, office, "cert")
    assert s.certificate() == "pending"
    _shown_as_built_afresh(
        app,
        monkeypatch,
        dialog,
        "ok",  # the office built again under the message
        lambda top: top is office and "wait" in buttons(top) and "cert" not in buttons(top),
        _looks,
        lambda: LoanOfficeScene(app, session=s),
    )


def test_ok_at_once_on_the_loan_granted_shows_the_business_built_under_it(app, monkeypatch):
    from game.ui.scenes.business import BusinessScene

    monkeypatch.setattr(scene_mod, "CLOSE_WAIT_FRAMES", WAIT)
    s = certified_session(3)
    office = app.open("loan_office", session=s)
    frames(app, 2)
    for cand in list(office.candidates):
        if not cand.can_ask(s.month):
            continue
        office.guarantor = int(cand.household)
        office.on_next()
        frames(app, 1)  # (its message opens in the next frame: Scene.tell_next_frame)
        if office.has_loan:
            break
        app.pop()  # (said no: the next one)
        frames(app, 2)
    assert office.has_loan
    dialog = app.top
    assert isinstance(dialog, DialogScene)
    _shown_as_built_afresh(
        app,
        monkeypatch,
        dialog,
        "ok",
        lambda top: isinstance(top, BusinessScene),
        still_looks,
        lambda: BusinessScene(app, session=s),
    )


def test_ok_at_once_on_the_shop_opened_shows_the_months_built_under_it(app, monkeypatch):
    from test_frames import _at_the_loan_office_with_a_loan

    from game.ui.scenes.month import MonthScene

    monkeypatch.setattr(scene_mod, "CLOSE_WAIT_FRAMES", WAIT)
    s, office = _at_the_loan_office_with_a_loan(app)
    frames(app, 2)
    business = app.open("business", session=s)
    frames(app, 2)
    k = next(k for k, c in enumerate(business.cards) if c.possible)
    business.on_action(f"trade.{k}", None)
    business.on_next()
    frames(app, 1)  # (its message opens in the next frame: Scene.tell_next_frame)
    dialog = app.top
    assert isinstance(dialog, DialogScene) and s.household().trade >= 0
    _shown_as_built_afresh(
        app,
        monkeypatch,
        dialog,
        "ok",
        lambda top: isinstance(top, MonthScene),
        month_looks,
        lambda: MonthScene(app, session=s),
    )


def test_the_loan_offices_message_opens_in_the_frame_after_the_press(app):
    """The press carries out the command (and its autosave) in its frame; the message that
    says what came of it is built in the next frame, not in the same one (issue 17), and the
    office takes no other input meanwhile."""
    s = certified_session(3)
    office = app.open("loan_office", session=s)
    frames(app, 2)
    cand = next(c for c in office.candidates if c.can_ask(s.month))
    office.guarantor = int(cand.household)
    decisions = len(s.decisions)
    office.on_next()
    assert len(s.decisions) == decisions + 1  # the loan asked for, in the press's frame
    assert app.top is office and office.settling  # the message not built in it
    office.on_button("next", None)  # (a second press meanwhile is not taken)
    assert len(s.decisions) == decisions + 1
    frames(app, 1)
    assert isinstance(app.top, DialogScene) and not office.settling
