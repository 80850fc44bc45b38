"""Where the player's things live: the folders each system's users look in (platformdirs),
the IRB_* overrides, the one-time move from the folders older versions used everywhere, the
Documents folder for reports, and opening a folder in the system's file manager."""

from __future__ import annotations

import subprocess
import sys

import platformdirs
import platformdirs.macos
import pytest

from game import userdirs


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh home folder and no overrides: the folders a new user of this system gets."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("IRB_CONFIG_DIR", "IRB_DATA_DIR", "IRB_REPORT_DIR"):
        monkeypatch.delenv(var, raising=False)
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.delenv(var, raising=False)
    yield home
    userdirs.close_logging()


@pytest.fixture
def on_macos(home, monkeypatch):
    """The folders a Mac gives (platformdirs' macOS rules; sys.platform says darwin)."""
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    return home / "Library" / "Application Support" / "Iron Rice Bowl"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders are Linux's")
def test_linux_keeps_the_xdg_folders_and_logs_go_to_the_state_folder(home, monkeypatch):
    assert userdirs.config_dir(create=False) == home / ".config" / "iron-rice-bowl"
    assert userdirs.saves_dir(create=False) == home / ".local/share/iron-rice-bowl/saves"
    assert userdirs.log_path() == home / ".local/state/iron-rice-bowl/log/errors.log"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "cfg"))  # the user's own XDG choice wins
    assert userdirs.config_dir(create=False) == home / "cfg" / "iron-rice-bowl"
    assert not (home / ".config").exists()  # asking never makes a folder


def test_a_mac_keeps_things_in_application_support_and_logs_in_library_logs(on_macos, home):
    assert userdirs.config_dir(create=False) == on_macos
    assert userdirs.saves_dir(create=False) == on_macos / "saves"
    assert userdirs.log_path() == home / "Library" / "Logs" / "Iron Rice Bowl" / "errors.log"
    assert userdirs.setup_logging() == userdirs.log_path() and userdirs.log_path().exists()


def test_overrides_put_everything_in_the_chosen_folders(home, tmp_path, monkeypatch):
    monkeypatch.setenv("IRB_CONFIG_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("IRB_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("IRB_REPORT_DIR", str(tmp_path / "r"))
    assert userdirs.config_dir() == tmp_path / "c" and (tmp_path / "c").is_dir()
    assert userdirs.saves_dir(create=False) == tmp_path / "d" / "saves"
    assert userdirs.log_path() == tmp_path / "d" / "errors.log"  # a portable install's log
    assert userdirs.reports_dir() == tmp_path / "r"


def test_reports_go_to_the_documents_folder_the_desktop_names(home):
    """A German desktop's user-dirs file names ~/Dokumente: reports go there, not ~/Documents."""
    if not sys.platform.startswith("linux"):
        pytest.skip("user-dirs.dirs is the Linux desktops' file")
    (home / "Dokumente").mkdir()
    (home / ".config").mkdir()
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/Dokumente"\n')
    assert userdirs.reports_dir() == home / "Dokumente" / "Iron Rice Bowl"


def test_without_a_documents_folder_reports_go_home(home):
    assert userdirs.reports_dir() == home / "Iron Rice Bowl"
    (home / "Documents").mkdir()
    assert userdirs.reports_dir() == home / "Documents" / "Iron Rice Bowl"


def _old_install(home):
    old_config = home / ".config" / "iron-rice-bowl"
    old_data = home / ".local" / "share" / "iron-rice-bowl"
    (old_data / "saves").mkdir(parents=True)
    old_config.mkdir(parents=True)
    (old_config / "settings.json").write_text('{"language": "zh"}')
    (old_data / "saves" / "slot2.json").write_text("a run")
    (old_data / "saves" / "autosave.json").write_text("the autosave")
    (old_data / "errors.log").write_text("an old error")
    return old_config, old_data


def test_an_old_versions_files_move_once_to_the_systems_folders(on_macos, home):
    old_config, old_data = _old_install(home)
    assert userdirs.move_old_files() == on_macos  # the note names where the saves are now
    assert (on_macos / "settings.json").read_text() == '{"language": "zh"}'
    assert (on_macos / "saves" / "slot2.json").read_text() == "a run"
    assert (on_macos / "saves" / "autosave.json").read_text() == "the autosave"
    assert (userdirs.log_dir(create=False) / "old-errors.log").read_text() == "an old error"
    assert not old_config.exists() and not old_data.exists()  # nothing left behind
    assert userdirs.move_old_files() is None  # once: the next start finds nothing to move


def test_moving_never_overwrites_what_the_new_folder_has(on_macos, home):
    old_config, old_data = _old_install(home)
    (on_macos / "saves").mkdir(parents=True)
    (on_macos / "saves" / "slot2.json").write_text("a newer run")
    assert userdirs.move_old_files() == on_macos
    assert (on_macos / "saves" / "slot2.json").read_text() == "a newer run"
    assert (old_data / "saves" / "slot2.json").read_text() == "a run"  # kept in the old place
    assert (on_macos / "saves" / "autosave.json").exists()
    assert userdirs.move_old_files() is None  # what stays behind is not announced again


def test_with_overrides_nothing_is_moved(on_macos, home, tmp_path, monkeypatch):
    old_config, _ = _old_install(home)
    monkeypatch.setenv("IRB_DATA_DIR", str(tmp_path / "portable"))
    assert userdirs.move_old_files() is None
    assert (old_config / "settings.json").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders are Linux's")
def test_on_linux_the_old_folders_are_the_new_ones(home):
    old_config, old_data = _old_install(home)
    assert userdirs.move_old_files() is None
    assert (old_config / "settings.json").exists() and (old_data / "saves" / "slot2.json").exists()


def test_the_game_starts_with_a_note_after_moving_old_files(on_macos, home, monkeypatch):
    """run_play moves the files before it reads the settings, so the old language holds."""
    from game import i18n
    from game.ui import app as app_module

    _old_install(home)
    seen = {}

    class Stop(Exception):
        pass

    def fake_app(settings, notices, args):
        seen.update(settings=settings, notices=notices)
        raise Stop

    monkeypatch.setattr(app_module, "App", fake_app)
    monkeypatch.setattr(app_module.log, "exception", lambda *a, **k: None)
    assert app_module.run_play(None) == 1  # fake_app stopped it
    try:
        assert seen["settings"].language == "zh"
        assert [n.key for n in seen["notices"]][0] == "userdirs.notice.moved"
        note = seen["notices"][0]
        i18n.set_language("en")
        assert i18n.t(note.title) == "Your files have moved"
        # where, in words (Settings, Your files opens them): never a path on the screen
        assert "Your files" in note.text() and str(on_macos) not in note.text()
    finally:
        i18n.set_language("en")
        from game import saves

        saves.release_folder()


def test_reveal_opens_the_folder_with_the_systems_file_manager(tmp_path, monkeypatch):
    if sys.platform == "win32":
        pytest.skip("Windows opens folders with os.startfile")
    calls = []
    monkeypatch.setattr(userdirs.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(subprocess, "Popen", lambda cmd, **kw: calls.append((cmd, kw["env"])))
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # a PyInstaller build
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/build/_internal")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    assert userdirs.reveal(tmp_path)
    ((cmd, env),) = calls
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    assert cmd == [opener, str(tmp_path)]
    assert env["LD_LIBRARY_PATH"] == "/usr/local/lib"  # not the build's own libraries


def test_reveal_says_no_when_the_system_has_no_file_manager(tmp_path, monkeypatch):
    if sys.platform == "win32":
        pytest.skip("Windows always has one")
    monkeypatch.setattr(userdirs.shutil, "which", lambda name: None)
    assert userdirs.reveal(tmp_path) is False
