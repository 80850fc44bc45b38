"""Settings kept between runs: round trip, atomic write, and every kind of broken file."""

from __future__ import annotations

import json

import pygame
import pytest
from ui_helpers import frames, press

from game.ui import settings as s
from game.ui.scenes.dialog import DialogScene
from game.ui.settings import Settings, load_settings, save_settings


def test_round_trip(user_dirs):
    config, _ = user_dirs
    chosen = Settings(
        window_size=(1600, 900),
        fullscreen=True,
        ui_scale=1.5,
        palette="high_contrast",
        sound=False,
        language="zh",
    )
    assert save_settings(chosen)
    path = config / "settings.json"
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == s.FORMAT_VERSION
    loaded, notices = load_settings()
    assert loaded == chosen
    assert notices == []
    assert [p.name for p in config.iterdir()] == ["settings.json"]  # no temp file left behind


def test_missing_file_gives_defaults_quietly():
    assert load_settings() == (Settings(), [])


@pytest.mark.parametrize("content", ["{not json", "", "[1, 2]", "\x00\x01garbage"])
def test_corrupt_file_gives_defaults_and_a_notice(user_dirs, content):
    config, _ = user_dirs
    config.mkdir(parents=True)
    (config / "settings.json").write_text(content, encoding="utf-8")
    settings, notices = load_settings()
    assert settings == Settings()
    assert [n.key for n in notices] == ["settings.notice.corrupt"]
    assert "defaults" in notices[0].text()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("window_size", [100, 100], (960, 540)),
        ("window_size", [99999, 1080], (7680, 1080)),
        ("window_size", "big", (1280, 720)),
        ("ui_scale", 1.3, 1.25),
        ("ui_scale", 9, 2.0),
        ("ui_scale", "huge", 1.0),
        ("ui_scale", True, 1.0),
        ("palette", "pink", "normal"),
        ("language", "xx", "en"),
        ("fullscreen", "yes", False),
        ("sound", 1, True),
    ],
)
def test_bad_values_are_clamped_with_a_notice(field, value, expected):
    data = Settings().to_dict()
    data[field] = value
    settings, notices = s.from_dict(data)
    assert getattr(settings, field) == expected
    assert [n.key for n in notices] == ["settings.notice.bad_value"]
    assert notices[0].fmt == {"field": field}


def test_good_values_give_no_notice():
    data = Settings(ui_scale=0.75, palette="colour_blind").to_dict()
    assert s.from_dict(data) == (Settings(ui_scale=0.75, palette="colour_blind"), [])


def test_unwritable_folder_returns_false(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert save_settings(Settings(), blocker / "settings.json") is False


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    save_settings(Settings(ui_scale=1.5), path)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(s.json, "dump", boom)
    assert save_settings(Settings(ui_scale=0.75), path) is False
    assert load_settings(path)[0].ui_scale == 1.5
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_title_shows_the_notice_once(make_app, user_dirs):
    config, _ = user_dirs
    config.mkdir(parents=True)
    (config / "settings.json").write_text('{"ui_scale": "huge"}', encoding="utf-8")
    settings, notices = load_settings()
    app = make_app(settings, notices)
    frames(app, 3)
    assert isinstance(app.top, DialogScene)
    assert "Text and interface size" in app.top.body
    press(app, 13)  # Enter: OK
    frames(app, 5)
    assert type(app.top).__name__ == "TitleScene"
    assert app.notices == []


def test_your_files_says_where_saves_and_reports_are_and_opens_their_folders(
    make_app, user_dirs, tmp_path, monkeypatch
):
    """What a student needs to hand in a save or a report: the folders, in words and opened."""
    from ui_helpers import buttons, click

    from game import userdirs

    opened = []
    monkeypatch.setattr(userdirs, "reveal", lambda path: opened.append(path) or True)
    monkeypatch.setenv("IRB_REPORT_DIR", str(tmp_path / "reports"))
    app = make_app()
    scene = app.open("settings")
    frames(app, 2)
    press(app, pygame.K_f)
    dialog = app.top
    assert isinstance(dialog, DialogScene)
    _, data = user_dirs
    # in words, never a path: "never show a file name to a player"
    assert "saves" in dialog.body and "reports" in dialog.body
    for folder in (data, tmp_path, tmp_path / "reports", data / "saves"):
        assert str(folder) not in dialog.body
    assert "/" not in dialog.body and "\\" not in dialog.body
    click(app, buttons(dialog)["open_reports"])
    assert opened == [tmp_path / "reports"] and (tmp_path / "reports").is_dir()
    assert app.top is scene
    click(app, buttons(scene)["files"])
    click(app, buttons(app.top)["open_saves"])
    assert opened[-1] == data / "saves"
    click(app, buttons(scene)["files"])
    click(app, buttons(app.top)["open_log"])
    assert opened[-1] == userdirs.log_dir()


def test_a_computer_that_cannot_open_folders_is_told_so_without_a_path(
    make_app, user_dirs, monkeypatch
):
    from ui_helpers import buttons, click

    from game import userdirs

    monkeypatch.setattr(userdirs, "reveal", lambda path: False)
    app = make_app()
    app.open("settings")
    frames(app, 2)
    press(app, pygame.K_f)
    click(app, buttons(app.top)["open_reports"])
    said = app.top
    assert isinstance(said, DialogScene) and "no way to open a folder" in said.body
    _, data = user_dirs
    assert str(data) not in said.body and str(userdirs.reports_dir()) not in said.body
