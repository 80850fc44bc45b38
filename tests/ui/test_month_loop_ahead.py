"""The month loop's screens built ahead while the player reads the one before (issue 17): the
months under the loan office's "wait", the loan office under the month once the certificate
is granted, the ending under the last month's result; and the street painted a few shops a
piece is the street painted at once. Each is the screen built in its own frame (the same
buttons, the same pictures), shown without building it again."""

from __future__ import annotations

import pygame
from built_ahead import (
    as_built_afresh,
    frame_uncovering,
    layer_bytes,
    month_looks,
    whole_builds,
    work_by_frame,
)
from test_month_support import end_months, fresh_session
from ui_helpers import buttons, buttons_made, click, element, frames, idle_until, press

from game.core import commands as C


def _pending_office(app):
    s = fresh_session(3)
    assert s.submit(C.ChoosePath(s.player, "self_employ")) == []
    assert s.submit(C.ApplyForCertificate(s.player)) == []
    assert s.certificate() == "pending"
    return s, app.open("loan_office", session=s)


def test_a_street_painted_a_piece_at_a_time_is_the_street_painted_at_once(app):
    from test_month_support import business_session

    from game.ui.scenes.month_layout import street_lots
    from game.ui.widgets.street import StreetView

    s = business_session()
    lots = street_lots(s)
    rect = pygame.Rect(0, 0, 900, 260)
    at_once = StreetView(rect, scale=1.0, lots=lots, mill_running=True)
    later = StreetView(rect, scale=1.0, lots=lots, mill_running=True, paint_now=False)
    assert not later.painted
    steps = 0
    while not later.paint_some(budget_s=0.0):  # one piece a call
        steps += 1
    assert steps > 3  # in pieces, not at once
    assert later.painted and layer_bytes(later._layer) == layer_bytes(at_once._layer)
    assert later.lots == at_once.lots and len(later._puffs) == len(at_once._puffs)


def test_wait_shows_the_months_built_while_the_office_was_read(app, monkeypatch):
    s, office = _pending_office(app)
    idle_until(app, lambda: app.prepared("month", session=s))
    ahead = app._prepared.scene
    assert app.top is office
    assert ahead.street.view is not None and ahead.street.view.painted  # the street too
    made = buttons_made(monkeypatch)
    click(app, element(office, "wait"))
    assert app.top is ahead and not made  # the frame that opens the months only shows them
    assert all(e.alive() and e.ui_manager is app.manager for e in ahead._elements)
    assert ahead.focus.focused is not None and ahead.focus.focused.name == "end_month"
    view = ahead.street.view
    frames(app, 2)
    assert ahead.street.view is view  # (not painted again in the frames after)
    # the months built in their own frame: the same buttons, the same panels and street
    from game.ui.scenes.month import MonthScene

    as_built_afresh(
        app,
        monkeypatch,
        ahead,
        lambda month: (sorted(buttons(month)), *month_looks(month, street=True)[1:]),
        lambda: app.replace(MonthScene(app, session=s)),
    )


def test_the_months_built_ahead_are_not_shown_once_the_run_moved_on(app):
    s, office = _pending_office(app)
    idle_until(app, lambda: app.prepared("month", session=s))
    ahead = app._prepared.scene
    assert s.submit(C.BorrowInformally(s.player, 1_000.0)) == []  # the run moves on
    click(app, element(office, "wait"))
    assert type(app.top).__name__ == "MonthScene" and app.top is not ahead


def test_the_loan_office_is_built_under_the_month_once_the_certificate_is_granted(app, monkeypatch):
    s = fresh_session(3)
    assert s.submit(C.ChoosePath(s.player, "self_employ")) == []
    assert s.submit(C.ApplyForCertificate(s.player)) == []
    for _ in range(6):
        end_months(s, 1)
        if s.certificate() != "pending":
            break
    if s.certificate() != "granted":  # (this seed's answer): grant it, as the office would
        from game.core.state import Cert

        s.engine.state.cert[s.player] = Cert.GRANTED
    month = app.open("month", session=s)
    idle_until(app, lambda: app.prepared("loan_office", session=s))
    assert app.top is month
    made = buttons_made(monkeypatch)
    month.press("start_business")
    assert type(app.top).__name__ == "LoanOfficeScene" and not made
    assert app.top.candidates  # the guarantors to ask, as built in its own frame


def test_the_ending_is_painted_while_the_last_result_is_read(app, monkeypatch):
    from test_month_support import business_session

    s = business_session(months=1)
    left = s.params.months - s.month - 1
    end_months(s, max(0, left))
    month = app.open("month", session=s)
    frames(app, 3)
    while app.top is not month:
        app.pop()
        frames(app, 2)
    month.end_month()
    frames(app, 3)
    assert type(app.top).__name__ == "ResultScene"
    assert month.run_done and not s.pending_events
    idle_until(app, lambda: month._epilogue_ahead is not None)  # (a chore of the result's)
    month._epilogue_ahead.thread.join(60)  # (played in a thread while the result is read)

    def painted() -> bool:
        ready = month._ending_ready
        return ready is not None and ready[1]._painted_for == ready[1]._look_key()

    idle_until(app, painted, frames_at_most=200)
    ending = month._ending_ready[1]
    painted = ending._layer
    made = buttons_made(monkeypatch)
    for _ in range(10):  # the result (and anything after it) closed as a player closes them
        if app.top is ending:
            break
        press(app, pygame.K_RETURN, n_frames=1)
    assert app.top is ending and ending._layer is painted  # not painted again
    assert len(made) == 3  # only its buttons were made in the frame that opened it
    assert sorted(buttons(ending)) == ["charts", "debrief", "title"]


def test_other_buttons_after_a_decision_keep_the_ones_made_the_same_way(app, monkeypatch):
    """A path taken changes some of the month's buttons (migrating: "Migrate" becomes "Return
    home"): those made the same way stay (updated in place), the others are made; the screen
    is the one built anew."""
    from game.ui.scenes.month import MonthScene

    s = fresh_session(3)
    month = app.open("month", session=s)
    frames(app, 3)
    while app.top is not month:
        app.pop()
        frames(app, 2)
    before = {item.name: item.element for item in month.focus.items}
    made = buttons_made(monkeypatch)
    assert month.submit(C.ChoosePath(s.player, "migrate")) == []
    frames(app, 2)
    after = {item.name: item.element for item in month.focus.items}
    kept = [name for name in after if after[name] is before.get(name)]
    assert made and kept and len(made) < len(after)  # some made, not all
    assert len(made) + len(kept) == len(after)
    assert all(not before[name].alive() for name in before if after.get(name) is not before[name])
    as_built_afresh(
        app, monkeypatch, month, month_looks, lambda: app.replace(MonthScene(app, session=s))
    )


def test_wait_pressed_before_the_months_were_built_ahead_builds_them_under_the_office(
    app, monkeypatch
):
    """Pressed in the office's first frame (its idle frames have built nothing yet): the office
    stays up, taking no input, while the months are built a piece a frame; no frame builds
    them whole, the frame that shows them builds nothing, and they are the months built in
    their own frame."""
    from game.ui.scenes.month import MonthScene

    whole = whole_builds(app, monkeypatch)
    s, office = _pending_office(app)
    assert not app.prepared("month", session=s)
    work = work_by_frame(app, monkeypatch)
    click(app, element(office, "wait"), n_frames=0)
    pressed = app.frames
    for _ in range(3):  # (a button's press reaches the screen in the frame after the click's)
        frames(app, 1)
        if office.settling:
            break
    assert app.top is office and office.settling  # the office stays while the months are built
    cert = s.certificate()
    press(app, pygame.K_ESCAPE, n_frames=0)  # (not taken: nothing happens)
    shown = frame_uncovering(app, office, 400)
    month = app.top
    assert isinstance(month, MonthScene) and s.certificate() == cert
    assert not whole  # never built whole in a frame
    built_in = sorted(f for f in work if f >= pressed)
    assert len(built_in) > 1 and shown not in work  # in pieces; the frame showing it builds none
    as_built_afresh(
        app,
        monkeypatch,
        month,
        lambda month: month_looks(month, street=True),
        lambda: app.replace(MonthScene(app, session=s)),
    )


def test_yes_on_a_path_to_the_months_builds_them_under_the_path_screen(app, monkeypatch):
    """Another path than the business ("look for a job") goes to the months, which it changes:
    they are built a piece a frame while the path screen stays up, taking no input, and shown
    as built in their own frame."""
    from game.ui.scenes.dialog import DialogScene
    from game.ui.scenes.month import MonthScene

    whole = whole_builds(app, monkeypatch)
    s = fresh_session(3)
    path = app.open("path", session=s)
    frames(app, 3)
    click(app, element(path, "choose.job_search"))
    assert isinstance(app.top, DialogScene)
    work = work_by_frame(app, monkeypatch)
    commands = len(s.engine.command_log)
    click(app, element(app.top, "yes"), n_frames=0)
    asked = app.frames
    for _ in range(4):
        frames(app, 1)
        if path.settling:
            break
    assert app.top is path and path.settling  # the path screen stays while the months are built
    assert len(s.engine.command_log) == commands + 1  # (the path taken)
    shown = frame_uncovering(app, path, 400)
    month = app.top
    assert isinstance(month, MonthScene) and not whole
    assert len([f for f in work if f >= asked]) > 1 and shown not in work
    as_built_afresh(
        app, monkeypatch, month, month_looks, lambda: app.replace(MonthScene(app, session=s))
    )


def test_wait_saves_the_run_in_a_frame_before_the_one_that_shows_the_months(app, monkeypatch):
    s, office = _pending_office(app)
    idle_until(app, lambda: app.prepared("month", session=s))
    saved: list[tuple[int, str]] = []
    real = type(s).autosave

    def noted(self, *args, **kwargs):
        saved.append((app.frames, self.screen))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(s), "autosave", noted)
    click(app, element(office, "wait"), n_frames=0)
    shown = frame_uncovering(app, office, 10)
    assert type(app.top).__name__ == "MonthScene"
    assert saved and saved[-1][1] == "month"  # (saved as a run on its months, as before)
    assert all(frame < shown for frame, _ in saved)  # in a frame of its own, before


def test_start_a_business_builds_the_office_under_the_month_then_shows_it(app, monkeypatch):
    """ "Start a business" on a path not planned yet (so nothing was built ahead: the press
    changes the run): the month stays up, taking no input, while the loan office is built a
    few pieces a frame, and the frame that shows it makes none of its buttons; the office is
    the one built afresh in its own frame."""
    from built_ahead import made_by_frame
    from test_path_office_ahead import _looks

    from game.ui import scene as scene_mod
    from game.ui.scenes.loan_office import LoanOfficeScene

    monkeypatch.setattr(scene_mod, "OPEN_WAIT_FRAMES", 400)  # (as many frames as needed here)
    s = fresh_session(3)
    month = app.open("month", session=s)
    frames(app, 3)
    assert not s.household().plans_business
    made = made_by_frame(app, monkeypatch)
    pressed = app.frames
    month.press("start_business")
    assert s.household().plans_business  # the path is chosen in the press
    assert app.top is month and month.settling
    at = s.month
    month.on_button("end_month", element(month, "end_month"))  # taken by nothing while it waits
    shown = frame_uncovering(app, month, 400)
    office = app.top
    assert isinstance(office, LoanOfficeScene) and s.month == at
    assert any(f >= pressed for f in made) and shown not in made  # built under the month
    as_built_afresh(
        app, monkeypatch, office, _looks, lambda: app.replace(LoanOfficeScene(app, session=s))
    )


def test_a_price_changed_shows_the_street_painted_at_once(app):
    """A price changed on the month: the street's new lots are painted a few shops a frame
    (painted whole in one frame, every shop again was 20-40 ms), then shown: the street
    painted at once for those lots."""
    from test_month_support import business_session

    from game.ui.scenes.month_layout import street_lots
    from game.ui.widgets.street import StreetView

    s = business_session(months=2)
    month = app.open("month", session=s)
    frames(app, 6)
    before = month.street.view.lots
    month.on_button("price_down", element(month, "price_down"))
    lots = street_lots(s)
    shown = month.street.view
    fresh = StreetView(
        shown.rect, scale=shown.scale, palette=shown.palette, lots=lots, mill_running=True
    )
    assert fresh.lots != before  # (the player's shop says its new price)
    idle_until(app, lambda: month.street.view.lots == fresh.lots, frames_at_most=200)
    at_once = StreetView(
        shown.rect,
        scale=shown.scale,
        palette=shown.palette,
        lots=lots,
        mill_running=month.street.view.mill_running,
    )
    assert layer_bytes(month.street.view._layer) == layer_bytes(at_once._layer)
    assert not app._errors
