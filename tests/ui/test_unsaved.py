"""An unwritable data folder (a file in the way, a full disk): the player is told at once, plays
on in memory, can save in another folder, and is asked before the run is lost."""

from __future__ import annotations

import errno
import json

import pygame
import pytest
from ui_helpers import buttons, click, element, frames, press

from game import saves, userdirs
from game.session import GameSession
from game.ui.scenes.dialog import DialogScene
from game.ui.scenes.unsaved import FolderScene


@pytest.fixture
def blocked(user_dirs):
    """The data folder's place is taken by a file: no save can be written there."""
    _config, data = user_dirs
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("a file where the game's folder should be")
    yield data
    userdirs.set_saves_dir(None)
    saves.release_folder()


def _month(app, session):
    session.screen = "month"
    app.open("month", session=session)
    frames(app, 5)
    return app.top


def _until(app, wanted, n=60):
    """Frames (answering the month's result and events) until the top scene is `wanted`."""
    for _ in range(n):
        if wanted(app.top):
            return app.top
        if type(app.top).__name__ == "ResultScene":
            press(app, pygame.K_RETURN, n_frames=5)
        elif type(app.top).__name__ == "EventScene":  # the month's events: take the first choice
            press(app, pygame.K_1, n_frames=5)
        else:
            frames(app, 3)
    raise AssertionError(f"still on {type(app.top).__name__}")


def _is_notice(scene) -> bool:
    return isinstance(scene, DialogScene) and [b.name for b in scene.buttons] == ["folder", "keep"]


@pytest.fixture(params=[False, True], ids=["in-frame", "save-thread"])
def writes(request):
    """Autosaves written before `autosave` returns, or on the saves' thread (as while the
    game's window runs its loop): a failure is told either way."""
    saves.write_in_background(request.param)
    yield request.param
    saves.write_in_background(False)


def test_a_failed_autosave_is_told_at_once_and_the_run_goes_on(app, blocked, writes):
    s = GameSession.new("steel_town_2016", seed=3)
    _month(app, s)
    press(app, pygame.K_e, n_frames=10)
    notice = _until(app, _is_notice)
    assert "in the way" in notice.body and s.unsaved
    click(app, element(notice, "keep"))
    month = _until(app, lambda sc: type(sc).__name__ == "MonthScene")
    assert "save_elsewhere" in buttons(month)  # the banner stays while the run is unsaved
    press(app, pygame.K_e, n_frames=10)  # the next month: tried again, not told again
    month = _until(app, lambda sc: type(sc).__name__ == "MonthScene")
    assert s.month == 2 and s.unsaved and not _is_notice(app.top)


def test_another_folder_saves_the_run_and_is_remembered(app, blocked, tmp_path):
    s = GameSession.new("steel_town_2016", seed=3)
    month = _month(app, s)
    press(app, pygame.K_e, n_frames=10)
    click(app, element(_until(app, _is_notice), "folder"))
    folder = app.top
    assert isinstance(folder, FolderScene)
    folder.entry.set_text(str(blocked / "below"))  # inside the file: refused, the dialog stays
    click(app, element(folder, "use"))
    assert app.top is folder and "in the way" in folder.status
    chosen = tmp_path / "my saves"
    folder.entry.set_text(str(chosen))
    click(app, element(folder, "use"))
    assert isinstance(app.top, DialogScene) and app.top.title == "Saved"
    assert (chosen / "autosave.json").exists() and not s.unsaved
    assert app.settings.save_folder == str(chosen)
    assert json.loads((userdirs.config_dir() / "settings.json").read_text(encoding="utf-8"))[
        "save_folder"
    ] == str(chosen)
    press(app, pygame.K_RETURN)
    month = _until(app, lambda sc: type(sc).__name__ == "MonthScene")
    assert "save_elsewhere" not in buttons(month)
    assert GameSession.load(chosen / "autosave.json").month == s.month


def test_leaving_an_unsaved_run_is_asked_first(app, blocked):
    s = GameSession.new("steel_town_2016", seed=3)
    _month(app, s)
    press(app, pygame.K_e, n_frames=10)
    click(app, element(_until(app, _is_notice), "keep"))
    _until(app, lambda sc: type(sc).__name__ == "MonthScene")
    press(app, pygame.K_ESCAPE)  # the menu ...
    assert type(app.top).__name__ == "RunMenuScene"
    press(app, pygame.K_q)  # ... back to the title?
    ask = app.top
    assert isinstance(ask, DialogScene) and ask.title == "This run is not saved"
    assert [b.name for b in ask.buttons] == ["folder", "leave", "stay"]
    press(app, pygame.K_ESCAPE)  # stay
    assert type(app.top).__name__ == "MonthScene"
    pygame.event.post(pygame.event.Event(pygame.QUIT))  # the window's close button
    frames(app, 2)
    assert app.running and app.top.title == "This run is not saved"
    assert element(app.top, "leave").text == "Quit without saving"
    pygame.event.post(pygame.event.Event(pygame.QUIT))  # closing again quits
    frames(app, 1)
    assert not app.running


def test_a_saved_run_quits_without_asking(app, user_dirs):
    s = GameSession.new("steel_town_2016", seed=3)
    _month(app, s)
    s.autosave()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    frames(app, 1)
    assert not app.running


def test_a_full_disk_is_said_as_such(app, user_dirs, monkeypatch):
    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(saves, "save", full)
    s = GameSession.new("steel_town_2016", seed=3)
    _month(app, s)
    press(app, pygame.K_e, n_frames=10)
    assert "disk is full" in _until(app, _is_notice).body


def test_the_load_screen_opens_saves_in_another_folder(app, user_dirs, tmp_path):
    elsewhere = tmp_path / "stick"
    userdirs.set_saves_dir(elsewhere)
    try:
        s = GameSession.new(None, seed=4)
        s.end_month()  # autosaved into the other folder
    finally:
        userdirs.set_saves_dir(None)
    app.open("load")
    frames(app, 3)
    load = app.top
    assert not element(load, "act.autosave").is_enabled  # the usual folder has none
    click(app, element(load, "next"))
    app.top.entry.set_text(str(elsewhere))
    click(app, element(app.top, "use"))
    frames(app, 3)
    assert app.top is load and element(load, "act.autosave").is_enabled
    userdirs.set_saves_dir(None)
    saves.release_folder()
