"""A dialog over the month that is answered (an event's choice, the result's Continue) stays up,
taking no input, while the month under it takes the answer a piece a frame, and closes once it
has: the frame that uncovers the month only shows it (issue 17), and the month shown is the one
built anew. Also the picker asked for before the title built it ahead, and the ending of a
household that can go on no more, painted while its last result is read."""

from __future__ import annotations

import pygame
from built_ahead import (
    as_built_afresh,
    frame_uncovering,
    made_by_frame,
    month_looks,
    still_looks,
    work_by_frame,
)
from test_inrun import add_event, cousin_event
from test_month_support import business_session, fresh_session, open_month
from ui_helpers import frames, idle_until

from game.core import commands as C
from game.ui import scene as scene_mod

WAIT = 400  # frames a dialog may wait for the month here (the game's cap is a time, not a test's)


def _key(app, key: int) -> None:
    """A key pressed and let go (the events only: the caller steps the frames)."""
    for kind in (pygame.KEYDOWN, pygame.KEYUP):
        pygame.event.post(
            pygame.event.Event(kind, {"key": key, "mod": 0, "unicode": "", "scancode": 0})
        )


def _patient(monkeypatch) -> None:
    """The month's pieces take as many frames as this machine needs (the game closes the
    dialog after CLOSE_WAIT_FRAMES whatever is left: built then, in the frame that shows it)."""
    monkeypatch.setattr(scene_mod, "CLOSE_WAIT_FRAMES", WAIT)


def _answer(app, dialog, key: int) -> int:
    """Press `key` on `dialog` and step until it took the answer (a shortcut's press reaches
    the screen in the frame after the key's); the frame that took it."""
    _key(app, key)
    for _ in range(3):
        frame = app.frames
        frames(app, 1)
        if dialog.closing:
            return frame
    raise AssertionError("the answer was not taken")


def _until_on_top(app, scene, at_most: int) -> int:
    """Frames one at a time until `scene` is on top; the frame (app.frames before it) that
    uncovered it."""
    for _ in range(at_most):
        before = app.frames
        frames(app, 1)
        if app.top is scene:
            return before
    raise AssertionError(f"{type(scene).__name__} not back on top after {at_most} frames")


def _event_over(app, month, s):
    add_event(s, cousin_event())
    month.next_check = True
    idle_until(app, lambda: type(app.top).__name__ == "EventScene")
    event = app.top
    event.age = 1.0  # read long enough to answer
    frames(app, 2)
    return event


def test_an_answered_event_closes_once_the_month_took_the_answer(app, monkeypatch):
    from game.ui.scenes.month import MonthScene

    s = business_session(months=1)
    month = open_month(app, s)
    event = _event_over(app, month, s)
    _patient(monkeypatch)
    work = work_by_frame(app, monkeypatch)
    answered = _answer(app, event, pygame.K_1)  # lend the cousin 2,000 yuan
    assert not s.pending_events  # the answer is taken in its frame
    decided = len(s.decisions)
    assert app.top is event and event.closing  # and the dialog stays, taking no input
    _key(app, pygame.K_2)  # (not asked again: nothing happens)
    uncovered = _until_on_top(app, month, WAIT)
    assert len(s.decisions) == decided
    assert any(frame > answered for frame in work)  # the month took it under the dialog
    assert uncovered not in work  # the frame that shows the month builds nothing of it
    as_built_afresh(
        app, monkeypatch, month, month_looks, lambda: app.replace(MonthScene(app, session=s))
    )


def test_an_answer_that_changes_the_buttons_makes_them_under_the_dialog(app, monkeypatch):
    """Other buttons after the answer (here the path taken under the dialog, as an event's
    effect can): made a few a frame under it, the same as a month built anew."""
    from game.ui.scenes.month import MonthScene

    s = fresh_session(3)
    month = open_month(app, s)
    event = _event_over(app, month, s)
    _patient(monkeypatch)
    work = work_by_frame(app, monkeypatch)
    assert s.submit(C.ChoosePath(s.player, "migrate")) == []  # other buttons
    answered = _answer(app, event, pygame.K_1)
    uncovered = _until_on_top(app, month, WAIT)
    assert app.top is month and not event.closing
    made = [f for f, what in work.items() if "button made" in what]
    assert made and all(answered < f < uncovered for f in made)
    assert uncovered not in work
    as_built_afresh(
        app, monkeypatch, month, month_looks, lambda: app.replace(MonthScene(app, session=s))
    )


def test_continue_pressed_at_once_waits_for_the_month_under_the_result(app, monkeypatch):
    from game.ui.scenes.month import MonthScene

    s = business_session(months=1)
    month = open_month(app, s)
    month.end_month()
    idle_until(app, lambda: type(app.top).__name__ == "ResultScene")
    result = app.top
    _patient(monkeypatch)
    work = work_by_frame(app, monkeypatch)
    _answer(app, result, pygame.K_RETURN)  # Continue at once: nothing done ahead yet
    assert app.top is result
    uncovered = _until_on_top(app, month, WAIT)
    assert not result.chores
    assert uncovered not in work
    as_built_afresh(
        app, monkeypatch, month, month_looks, lambda: app.replace(MonthScene(app, session=s))
    )


def test_new_game_before_the_picker_was_built_ahead_builds_it_under_the_title(app, monkeypatch):
    from game.ui.scenes import picker as picker_mod

    title = app.top
    assert not app.prepared("new_game")  # (pressed at once: the title built nothing ahead)
    made = made_by_frame(app, monkeypatch)
    _key(app, pygame.K_n)
    pressed = app.frames
    opened = frame_uncovering(app, title, 30)
    assert isinstance(app.top, picker_mod.PickerScene)
    assert opened > pressed  # the title stayed up while it was built
    assert made and opened not in made  # the frame that shows it makes none of its buttons
    ahead = app.top

    def open_again():
        app.pop()
        app.drop_prepared()
        return app.open("new_game", seed=ahead.seed)

    as_built_afresh(app, monkeypatch, ahead, still_looks, open_again)


def test_the_ending_of_a_household_that_can_go_on_no_more_is_painted_ahead(app, monkeypatch):
    s = fresh_session(3)
    month = open_month(app, s)
    monkeypatch.setattr(type(s), "over", property(lambda self: self.month >= 1))
    month.end_month()
    idle_until(app, lambda: type(app.top).__name__ == "ResultScene")
    idle_until(app, lambda: month._epilogue_ahead is not None)  # (a chore of the result's)
    month._epilogue_ahead.thread.join(60)

    def painted() -> bool:
        ready = month._ending_ready
        return ready is not None and ready[1].painted_ahead()

    idle_until(app, painted, frames_at_most=200)
    ending = month._ending_ready[1]
    assert ending.epilogue is None  # (no year later: the run did not end with its months)
    layer = ending._layer
    for _ in range(40):
        if app.top is ending:
            break
        _key(app, pygame.K_RETURN)
        frames(app, 1)
    assert app.top is ending and ending._layer is layer  # shown as painted ahead


def test_the_loan_falling_due_is_painted_ahead_and_extending_waits_for_the_month(app, monkeypatch):
    from test_inrun import loan_due_session

    from game.ui.scenes.loan_due import LoanDueScene
    from game.ui.scenes.month import MonthScene

    s = loan_due_session(0)
    st, h = s.engine.state, s.player
    st.profit_avg[h] = max(float(st.profit_avg[h]), 500.0)  # test set-up: the stall pays
    due_before = int(st.loan_due_month[h])
    planned: list[int] = []
    real = LoanDueScene._plan

    def noting(self):
        planned.append(app.frames)
        return real(self)

    monkeypatch.setattr(LoanDueScene, "_plan", noting)
    month = app.open("month", session=s)
    idle_until(app, lambda: type(app.top).__name__ == "LoanDueScene")
    due = app.top
    assert planned == [due.shown_at - 1]  # painted in the frame before the one showing it
    picture = pygame.image.tobytes(due._picture, "RGBA")
    monkeypatch.setattr(LoanDueScene, "_plan", real)
    fresh = LoanDueScene(app, session=s)
    fresh._build()
    assert pygame.image.tobytes(fresh._picture, "RGBA") == picture  # as painted in its frame
    fresh._teardown()
    _patient(monkeypatch)
    work = work_by_frame(app, monkeypatch)
    answered = _answer(app, due, pygame.K_x)  # extend, once
    assert int(st.loan_due_month[h]) == due_before + s.params.policy.loan_extension_months
    uncovered = _until_on_top(app, month, WAIT)
    assert any(frame > answered for frame in work) and uncovered not in work
    as_built_afresh(
        app, monkeypatch, month, month_looks, lambda: app.replace(MonthScene(app, session=s))
    )


def test_start_builds_the_briefing_under_the_picker_and_shows_it_as_built_in_its_frame(
    app, monkeypatch
):
    from game.ui.scenes.briefing import BriefingScene

    picker = app.open("new_game")
    frames(app, 3)
    made = made_by_frame(app, monkeypatch)
    picker.on_next()
    started = app.frames
    assert app.top is picker and picker.settling  # the picker stays while it is built
    opened = frame_uncovering(app, picker, 40)
    briefing = app.top
    assert isinstance(briefing, BriefingScene) and opened >= started
    assert made and opened not in made  # the frame that shows it makes none of its buttons
    as_built_afresh(
        app,
        monkeypatch,
        briefing,
        still_looks,
        lambda: app.replace(BriefingScene(app, session=briefing.session)),
    )


def test_an_ending_not_painted_under_the_result_is_painted_before_it_opens(app, monkeypatch):
    """A quick Continue closes the last result before the ending was painted under it: the
    month paints it a few pieces a frame and the frame that shows it paints nothing."""
    from game.ui.scenes.ending import EndingScene
    from game.ui.scenes.month import MonthScene

    s = fresh_session(3)
    month = open_month(app, s)
    monkeypatch.setattr(type(s), "over", property(lambda self: self.month >= 1))
    monkeypatch.setattr(MonthScene, "work_ahead", lambda self: None)  # (nothing under it)
    month.end_month()
    idle_until(app, lambda: type(app.top).__name__ == "ResultScene")
    idle_until(app, lambda: month._epilogue_ahead is not None)  # (a chore of the result's)
    month._epilogue_ahead.thread.join(60)
    painting: list[int] = []
    real = EndingScene._paint_pieces

    def noted(self, *args, **kwargs):
        for piece in real(self, *args, **kwargs):
            painting.append(app.frames)
            yield piece
        painting.append(app.frames)

    monkeypatch.setattr(EndingScene, "_paint_pieces", noted)
    result = app.top
    _key(app, pygame.K_RETURN)
    opened = None
    for _ in range(80):  # (the month shows between the result and the ending)
        before = app.frames
        frames(app, 1)
        if isinstance(app.top, EndingScene):
            opened = before
            break
    assert opened is not None and app.top is not result
    assert painting and opened not in painting  # painted in the frames before, not in its own
    assert app.top.painted_ahead()
