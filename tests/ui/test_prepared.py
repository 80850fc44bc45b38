"""The next screen built ahead in the idle frames of the one before (game/ui/prepared.py):
shown, it is the screen the player would have seen built in its own frame (the same pixels,
focus and buttons), and it is never shown for a run that moved on, another size or look."""

from __future__ import annotations

import time

import pygame
from test_frames import _at_the_loan_office_with_a_loan
from ui_helpers import buttons, buttons_made, click, frames, press


def _prepared_business(app, frames_at_most: int = 40):
    s, office = _at_the_loan_office_with_a_loan(app)
    for _ in range(frames_at_most):
        frames(app, 1)
        if app.prepared("business", session=s):
            return s, office, app._prepared.scene
    raise AssertionError("the business screen was not built ahead")


def _picture(app) -> bytes:
    app.mouse_pos = None  # no tooltip (it shows after a real-time rest of the pointer)
    frames(app, 30)  # past the fade-in
    return pygame.image.tobytes(app.window, "RGB")


def test_the_business_built_ahead_is_shown_without_building_it_again(app, monkeypatch):
    s, office, ahead = _prepared_business(app)
    # while the office is up, nothing of it is in the manager that is drawn and clicked
    assert all(e.ui_manager is not app.manager for e in ahead._elements)
    assert app.top is office
    made = buttons_made(monkeypatch)
    shown = app.open("business", session=s)
    assert shown is ahead and app.top is ahead
    assert not made  # the frame that opens it only shows it
    assert all(e.alive() and e.ui_manager is app.manager for e in ahead._elements)
    assert not any(e.alive() for e in office._elements)  # the office below let its go
    assert ahead.focus.focused is not None and ahead.focus.focused.name == ahead.default_focus


def test_the_business_built_ahead_looks_and_works_as_one_built_in_its_frame(app):
    s, office, _ahead = _prepared_business(app)
    app.open("business", session=s)
    seen = _picture(app)
    names = sorted(buttons(app.top))
    app.pop()
    app.drop_prepared()
    fresh = app.open("business", session=s)
    assert app._prepared is None
    assert _picture(app) == seen
    assert sorted(buttons(fresh)) == names
    app.pop()
    frames(app, 1)
    # and it takes the keyboard as the one built in its frame: Tab moves, Enter picks a card
    for _ in range(40):
        frames(app, 1)
        if app.prepared("business", session=s):
            break
    business = app.open("business", session=s)
    before = business.focus.focused.name
    press(app, pygame.K_TAB)
    assert business.focus.focused.name != before


def test_a_screen_built_for_a_run_that_moved_on_is_not_shown(app):
    s, office, ahead = _prepared_business(app)
    app._prepared.mark = ("another moment",)  # as if a command went in since
    shown = app.open("business", session=s)
    assert shown is not ahead and app.top is shown
    assert not any(e.alive() for e in ahead._elements)


def test_another_screen_opened_lets_the_prepared_one_go(app):
    s, office, ahead = _prepared_business(app)
    app.open("charts", session=s)
    assert app._prepared is None
    assert not any(e.alive() for e in ahead._elements)


def test_a_resize_or_a_new_look_drops_the_screen_built_ahead(app):
    s, office, ahead = _prepared_business(app)
    app.rebuild(new_manager=True)
    assert app._prepared is None and app._spare is None
    assert not any(e.alive() for e in ahead._elements)
    shown = app.open("business", session=s)
    assert shown is not ahead
    assert all(e.ui_manager is app.manager for e in shown._elements)


def test_only_full_screens_that_say_what_they_read_are_built_ahead(app):
    from game.ui.scenes.dialog import DialogScene
    from game.ui.scenes.title import TitleScene

    assert DialogScene.modal and not app.prepare("dialog", title="t", body="b")
    assert TitleScene(app).ahead_mark() is None
    for _ in range(3):
        assert not app.prepare("title")
    assert app._prepared is None


def _title_with_the_picker_ahead(app, frames_at_most: int = 80):
    from game.ui.scenes import picker as picker_mod

    title = app.top
    for _ in range(frames_at_most):
        frames(app, 1)
        if app.prepared("new_game"):
            ahead = app._prepared.scene
            assert isinstance(ahead, picker_mod.PickerScene) and app.top is title
            return title, ahead
    raise AssertionError("the picker was not built ahead")


def test_the_title_builds_the_picker_while_the_menu_is_read(app):
    title, ahead = _title_with_the_picker_ahead(app)
    assert title._glyph_queue == [] and title._menu_ready  # after the title's own warm-up
    click(app, buttons(title)["new_game"], n_frames=2)
    assert app.top is ahead
    assert ahead.focus.focused.name == ahead.default_focus
    seen = _picture(app)
    app.pop()
    app.drop_prepared()
    fresh = app.open("new_game", seed=ahead.seed)
    assert fresh is not ahead
    assert _picture(app) == seen  # the same screen as one built in its own frame


def test_scenarios_shows_the_picker_built_for_new_game(app):
    title, ahead = _title_with_the_picker_ahead(app)
    assert app.open("scenarios") is ahead


def test_back_on_the_title_the_picker_is_built_ahead_again(app):
    title, ahead = _title_with_the_picker_ahead(app)
    click(app, buttons(title)["new_game"], n_frames=2)
    assert app.top is ahead
    press(app, pygame.K_ESCAPE, n_frames=2)
    assert app.top is title, app.top
    _title, again = _title_with_the_picker_ahead(app)
    assert again is not ahead


def test_a_picker_built_before_a_scenario_file_changed_is_not_shown(app, monkeypatch):
    from game.ui.scenes import picker as picker_mod

    title, ahead = _title_with_the_picker_ahead(app)
    picker_mod._cache.clear()  # a file changed: the list is read again
    shown = app.open("new_game")
    assert shown is not ahead and app.top is shown


def test_the_debrief_summary_and_the_debrief_are_built_ahead_as_each_screen_before_is_read(
    app, monkeypatch
):
    from game.debrief import scripted
    from game.ui.scenes import debrief_ahead
    from game.ui.scenes.debrief import DebriefScene
    from game.ui.scenes.debrief_summary import DebriefSummaryScene

    done = scripted.play("steel_town_2016", seed=3)
    ending = app.open("ending", session=done)
    summary = None
    for _ in range(40):
        frames(app, 1)
        if app.prepared("debrief_summary", session=done):
            summary = app._prepared.scene
            break
    assert isinstance(summary, DebriefSummaryScene) and app.top is ending
    assert app.open("debrief_summary", session=done) is summary
    for _ in range(3000):  # the summary's reading thread, then the debrief
        frames(app, 1)
        if app.prepared("debrief", session=done):
            break
        # frames that never pause (a test, not the game's paced loop) hold Python's lock:
        # the reading thread gets its turn here, as it does between the game's frames
        time.sleep(0.003)
    debrief = app._prepared.scene
    assert isinstance(debrief, DebriefScene) and app.top is summary
    assert not debrief.job  # its counterfactual runs start once it shows, as before
    assert app.open("debrief", session=done) is debrief
    seen = _picture(app)
    app.pop()
    app.drop_prepared()
    debrief_ahead.forget(done)
    fresh = app.open("debrief", session=done)
    assert fresh is not debrief
    assert _picture(app) == seen


def test_the_set_up_screens_build_the_next_ahead_and_a_save_still_resumes_on_the_one_read(app):
    from game.session import GameSession
    from game.ui import scenes

    s = GameSession.new("steel_town_2016", seed=41132, autosave=False)
    screen = app.open("briefing", session=s)
    for route in ("household", "strategy", "path"):
        for _ in range(40):
            frames(app, 1)
            if app.prepared(route, session=s):
                break
        ahead = app._prepared.scene
        assert isinstance(ahead, scenes.resolve(route)) and app.top is screen
        assert s.screen == screen.step  # a save now resumes on the screen being read
        assert app.open(route, session=s) is ahead
        assert s.screen == ahead.step
        screen = ahead


def test_the_month_shows_the_street_painted_while_its_result_was_read(app):
    from test_month_support import business_session, open_month

    s = business_session()
    month = open_month(app, s)
    view = month.street.view
    assert view is not None and not month.busy
    for _ in range(4):  # months until the street changes (a shop opens or closes)
        before = [dict(d) for d in view.lots]
        press(app, pygame.K_e, n_frames=4)
        assert type(app.top).__name__ in ("ResultScene", "EventScene")
        frames(app, 40)  # the result's chores, then the street, a piece a frame
        ahead = view._ahead
        while app.top is not month:
            press(app, pygame.K_RETURN, n_frames=2)
        frames(app, 2)
        if view.lots != before:
            assert ahead is not None and view._layer is ahead.done[1]  # handed over
            fresh = type(view)(view.rect, view.scale, view.palette, view.mill_running, lots=[])
            fresh.lots, fresh._unroll = view.lots, dict.fromkeys(ahead.key[1], 0.0)
            fresh._rebuild()
            assert pygame.image.tobytes(fresh._layer, "RGB") == pygame.image.tobytes(
                ahead.done[1], "RGB"
            )
            return
    raise AssertionError("the street never changed")


def test_a_set_up_screen_is_built_ahead_a_piece_per_idle_frame(app, monkeypatch):
    """The screen before pays for a piece of the next one per frame (its backdrop and title,
    its content, its buttons at the foot), never for all of it in one frame; shown, it is the
    screen built whole."""
    from game.session import GameSession
    from game.ui.scenes.household import HouseholdScene

    pieces: dict[str, int] = {}
    for name in ("_paint_backdrop", "build_content", "build_footer"):
        real = getattr(HouseholdScene, name)

        def noted(self, *args, _real=real, _name=name):
            pieces[_name] = app.frames
            return _real(self, *args)

        monkeypatch.setattr(HouseholdScene, name, noted)
    s = GameSession.new("steel_town_2016", seed=41132, autosave=False)
    briefing = app.open("briefing", session=s)
    for _ in range(40):
        frames(app, 1)
        if app.prepared("household", session=s):
            break
    assert app.top is briefing and len(pieces) == 3
    assert len(set(pieces.values())) == 3  # three frames
    ahead = app._prepared.scene
    assert app.open("household", session=s) is ahead
    shown = [(ahead.name_of(e), tuple(e.rect)) for e in ahead._elements]
    built_now = app.push(HouseholdScene(app, session=s))
    assert [(built_now.name_of(e), tuple(e.rect)) for e in built_now._elements] == shown
