"""The loop and the scene stack: start, exit codes, errors, resize, minimise, sound, routes."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest
from ui_helpers import buttons, click, frames

from game import userdirs
from game.ui import app as app_module
from game.ui import scenes
from game.ui.app import effective_scale, run_play
from game.ui.audio import Audio
from game.ui.scene import Scene
from game.ui.scenes.dialog import DialogScene
from game.ui.scenes.settings_scene import SettingsScene
from game.ui.scenes.title import TitleScene


def play_args(**kw):
    base = dict(
        scenario=None, seed=None, autoplay=False, months=None, screenshot_dir=None, size=None
    )
    base.update(kw)
    return argparse.Namespace(**base)


def test_pygame_is_the_community_edition():
    assert getattr(pygame, "IS_CE", False), (
        "plain pygame is installed over pygame-ce (see toolchain.md)"
    )


@pytest.mark.parametrize(
    ("size", "ui_scale", "expected"),
    [
        ((1280, 720), 1.0, 1.0),
        ((1920, 1080), 1.0, 1.5),
        ((1920, 1080), 0.75, 1.125),
        ((1280, 720), 2.0, 1.25),  # capped: the window must hold 1024x576 design pixels
        ((1280, 720), 1.5, 1.25),
        ((960, 540), 1.0, 0.75),
        ((2560, 1440), 1.0, 2.0),
        ((1920, 1080), 1.5, 1.875),
        ((1920, 1080), 2.0, 1.875),
    ],
)
def test_effective_scale(size, ui_scale, expected):
    assert effective_scale(size, ui_scale) == expected


def test_run_play_stops_after_max_frames_and_returns_0(monkeypatch, user_dirs):
    monkeypatch.setenv("IRB_MAX_FRAMES", "5")
    assert run_play(play_args(size="1024x600")) == 0
    _, data = user_dirs
    assert (data / "errors.log").exists()  # logging goes to the data folder


def test_window_title_and_size(app):
    assert pygame.display.get_caption()[0] == "Iron Rice Bowl"
    assert app.window.get_size() == (1280, 720)
    assert isinstance(app.top, TitleScene)


def test_start_failure_is_a_message_not_a_traceback(monkeypatch, capsys):
    def broken(*a, **k):
        raise RuntimeError("no display")

    monkeypatch.setattr(app_module, "App", broken)
    assert run_play(play_args()) == 1
    err = capsys.readouterr().err
    assert "could not start" in err and "no display" in err
    assert "Traceback" not in err


class Exploding(Scene):
    def update(self, dt):
        raise ValueError("boom in a scene")


def test_under_the_tests_a_scene_error_fails_the_test(app):
    """The fixture's guard (tests/conftest.py): no quiet recovery to the title in a test."""
    app.push(Exploding(app))
    with pytest.raises(ValueError, match="boom in a scene"):
        frames(app, 2)


@pytest.mark.recovers
def test_scene_error_goes_back_to_title_with_a_dialog(app, capsys):
    userdirs.setup_logging()
    app.push(Exploding(app))
    frames(app, 2)
    assert isinstance(app.stack[0], TitleScene)
    assert isinstance(app.top, DialogScene)
    assert app.running
    assert "Traceback" not in capsys.readouterr().err
    log = userdirs.log_path().read_text(encoding="utf-8")
    assert "boom in a scene" in log and "Traceback" in log


@pytest.mark.recovers
def test_repeated_errors_exit_with_code_1(app, monkeypatch, capsys):
    monkeypatch.setattr(DialogScene, "update", Exploding.update)
    app.push(Exploding(app))
    frames(app, 6)
    assert not app.running and app.exit_code == 1
    err = capsys.readouterr().err
    assert "stopped after repeated errors" in err and "Traceback" not in err


def test_resize_relayouts_and_rescales(app):
    assert app.scale == 1.0
    pygame.display.set_mode((1920, 1080), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, {"x": 1920, "y": 1080}))
    frames(app, 2)
    assert app.scale == 1.5
    assert app.manager.window_resolution == (1920, 1080)
    new_game = buttons(app.top)["new_game"]
    assert new_game.rect.height >= 60  # 44 px at 1280x720, scaled
    assert app.window.get_rect().contains(new_game.rect)
    click(app, buttons(app.top)["settings"])  # still clickable where it is drawn now
    assert isinstance(app.top, SettingsScene)


def test_minimised_window_skips_drawing(app, monkeypatch):
    drawn = []
    monkeypatch.setattr(app, "_draw", lambda dt: drawn.append(dt))
    pygame.event.post(pygame.event.Event(pygame.WINDOWMINIMIZED, {}))
    frames(app, 3)
    assert app.minimised and drawn == []
    pygame.event.post(pygame.event.Event(pygame.WINDOWRESTORED, {}))
    frames(app, 2)
    assert not app.minimised and len(drawn) >= 1


def test_quit_event_stops_the_loop(app):
    pygame.event.post(pygame.event.Event(pygame.QUIT, {}))
    frames(app, 1)
    assert not app.running and app.exit_code == 0


def test_no_sound_device_runs_silent(monkeypatch, make_app):
    monkeypatch.setenv("SDL_AUDIODRIVER", "no_such_audio_driver")
    audio = Audio(enabled=True)
    assert audio.start() is False
    audio.play("click")  # no exception
    app = make_app()
    frames(app, 1)
    assert app.audio.available is False
    click(app, buttons(app.top)["settings"])  # a click sound is attempted, silently
    assert isinstance(app.top, SettingsScene)


def test_sound_plays_with_a_device(app):
    assert app.audio.start() is True  # SDL_AUDIODRIVER=dummy
    app.audio.play("click")
    assert "click" in app.audio._sounds


def test_unregistered_route_shows_unavailable(app):
    app.open("no_such_screen")
    assert isinstance(app.top, DialogScene)
    assert app.top.title == "Not available yet"


def test_broken_route_shows_unavailable(app, monkeypatch):
    monkeypatch.setitem(scenes.SCENES, "load", "game.ui.no_such_module:Nothing")
    click(app, buttons(app.top)["load"])
    assert isinstance(app.top, DialogScene)


class Probe(Scene):
    def __init__(self, app, **kwargs):
        super().__init__(app)
        self.kwargs = kwargs

    def build(self):
        self.button(pygame.Rect(100, 100, 200, 40), "Probe", "probe")


def test_registered_route_opens_its_scene_and_hides_the_title(app, monkeypatch):
    monkeypatch.setitem(scenes.SCENES, "load", f"{__name__}:Probe")
    title = app.top
    click(app, buttons(title)["load"])
    assert isinstance(app.top, Probe)
    assert not title.built and title._elements == []  # the title's widgets are gone
    app.pop()
    frames(app, 1)
    assert app.top is title and title.built and "new_game" in buttons(title)


def test_modal_keeps_the_scene_below_built(app):
    title = app.top
    app.message("Hello", "World")
    frames(app, 1)
    assert title.built and isinstance(app.top, DialogScene)
    assert app.visible_scenes() == [title, app.top]


def test_command_line_hooks(monkeypatch, user_dirs):
    monkeypatch.setitem(scenes.SCENES, "start_scenario", f"{__name__}:record_hook")
    monkeypatch.setenv("IRB_MAX_FRAMES", "3")
    assert run_play(play_args(scenario="steel_town", seed=3)) == 0
    assert HOOK_CALLS[-1].scenario == "steel_town" and HOOK_CALLS[-1].seed == 3


HOOK_CALLS: list = []


def record_hook(app, args):
    HOOK_CALLS.append(args)


def test_autoplay_hook_gets_a_frame_hook(monkeypatch, user_dirs):
    monkeypatch.setitem(scenes.SCENES, "autoplay", f"{__name__}:autoplay_hook")
    assert run_play(play_args(autoplay=True, months=2)) == 7


def autoplay_hook(app, args):
    def stop(app):
        if app.frames >= 4:
            app.exit(7)

    app.add_frame_hook(stop)


def test_missing_autoplay_is_a_dialog_not_a_crash(monkeypatch):
    monkeypatch.delitem(scenes.SCENES, "autoplay", raising=False)
    monkeypatch.setenv("IRB_MAX_FRAMES", "3")
    assert run_play(play_args(autoplay=True)) == 0


def test_dialog_fades_in(app):
    app.message("Hello", "World")
    assert app._fade_from is not None
    frames(app, 30)
    assert app._fade_from is None


class Still(Scene):
    """A screen that draws the same every frame: a colour, a button (focused: its outline)."""

    def draw_background(self, surface):
        surface.fill((40, 90, 160))

    def build(self):
        self.button(pygame.Rect(100, 100, 200, 40), "Probe", "probe")


def _pixels(surface) -> bytes:
    return pygame.image.tobytes(surface, "RGB")


def _window_sized(app) -> list:
    """The window-sized pictures the app holds besides the window (the fade's, the dialog's)."""
    size = app.window.get_size()
    held = [app._fade_from, app._below[1] if app._below else None]
    return list({id(p): p for p in held if p is not None and p.get_size() == size}.values())


def test_a_closing_dialog_fades_out_through_its_picture_of_the_screen_below(make_app):
    """Issue 17: closing, the dialog's fade starts from the window copied into the picture it
    kept of the screens under it (one window-sized picture, none made); every frame of the
    fade-in and of the fade-out has the pixels of a fade from a copy of the window."""
    app = make_app(title=False)
    app.push(Still(app))
    frames(app, 30)
    before = app.window.copy()
    dialog = app.message("Hello", "World")
    dt = dialog.fade_in / 4
    app.step(dt)
    mid, left = app.window.copy(), app._fade_left
    frames(app, 12, dt)
    assert app._fade_from is None and len(_window_sized(app)) == 1
    settled = app.window.copy()
    want = settled.copy()
    faded = before.copy()
    faded.set_alpha(int(255 * left / dialog.fade_in))
    want.blit(faded, (0, 0))
    assert _pixels(mid) == _pixels(want)
    picture = app._below[1]
    app.pop()
    assert app._fade_from is picture and app._below is None and len(_window_sized(app)) == 1
    assert _pixels(picture) == _pixels(settled)
    seconds = dialog.fade_in * 0.6
    app.step(seconds / 3)
    out = app.window.copy()
    want = before.copy()
    faded = settled.copy()
    faded.set_alpha(int(255 * (seconds - seconds / 3) / seconds))
    want.blit(faded, (0, 0))
    assert _pixels(out) == _pixels(want)
    frames(app, 30)
    assert app._fade_from is None and _window_sized(app) == []
    assert _pixels(app.window) == _pixels(before)


def test_a_dialog_over_a_dialog_fades_from_the_window(make_app):
    app = make_app(title=False)
    app.push(Still(app))
    frames(app, 2)
    app.message("Hello", "World")
    frames(app, 30)
    first = app.window.copy()
    app.message("Again", "World")
    assert _pixels(app._fade_from) == _pixels(first)
    frames(app, 30)
    app.pop()
    frames(app, 30)
    assert _pixels(app.window) == _pixels(first)


def test_many_resize_events_relayout_once(app, monkeypatch):
    calls = []
    real = app.on_resize
    monkeypatch.setattr(app, "on_resize", lambda: (calls.append(1), real()))
    pygame.display.set_mode((1600, 900), pygame.RESIZABLE)
    for _ in range(5):
        pygame.event.post(
            pygame.event.Event(pygame.VIDEORESIZE, {"size": (1600, 900), "w": 1600, "h": 900})
        )
    frames(app, 2)
    assert calls == [1]
    assert app.manager.window_resolution == (1600, 900)


def test_ctrl_c_is_a_quiet_stop(monkeypatch, capsys):
    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(app_module, "App", interrupted)
    assert run_play(play_args()) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_no_display_gives_a_message_not_a_hanging_invisible_window(monkeypatch, capsys):
    import sys

    from game.ui import app as app_module

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert app_module.run_play(None) == 1
    assert "needs a screen" in capsys.readouterr().err


SIMULATION = ("numpy", "game.core.state", "game.session", "game.workshop")


def _modules_at_the_titles_first_frame(tmp_path, code: str) -> str:
    """Run `code` (which prints the SIMULATION modules imported) in a fresh interpreter on the
    dummy video driver; its last line."""
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "IRB_CONFIG_DIR": str(tmp_path / "c"),
        "IRB_DATA_DIR": str(tmp_path / "d"),
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(app_module.__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_the_title_comes_up_before_the_simulation_is_imported(tmp_path):
    """The title's first frame waits for no numpy and no town (issue 17: start-up): they are
    imported in the background after it, or when a run opens."""
    code = (
        "import sys; from game.ui.app import App; from game.ui.scenes.title import TitleScene\n"
        "app = App(); app.push(TitleScene(app)); app.step(0)\n"
        f"print(sorted(m for m in {SIMULATION!r} if m in sys.modules))\n"
        "app.close()"
    )
    assert _modules_at_the_titles_first_frame(tmp_path, code) == "[]"


@pytest.mark.parametrize("argv", [[], ["play", "--lang", "zh"]])
def test_main_py_brings_up_the_title_before_the_simulation_is_imported(tmp_path, argv):
    """`python main.py` (and `play`) builds its command line and reads the saves folder before
    the title: neither may import numpy or the town (issue 17: ~24 MB at the title). The
    window's loop is replaced by the title's first frame."""
    code = (
        "import runpy, sys\n"
        "from game.ui.app import App\n"
        "def first_frame(self, max_frames=None):\n"
        "    self.step(0)\n"
        f"    print(sorted(m for m in {SIMULATION!r} if m in sys.modules))\n"
        "    return 0\n"
        "App.run = first_frame\n"
        f"sys.argv = ['main.py', *{argv!r}]\n"
        "runpy.run_path('main.py', run_name='__main__')\n"
    )
    assert _modules_at_the_titles_first_frame(tmp_path, code) == "[]"


def test_in_chinese_pygame_gui_opens_each_font_file_once_a_size(make_app):
    """Noto Sans SC has one file for regular and italic (and one for bold and bold italic):
    pygame_gui's text at one size uses one face of it, not two (~1 MB each; issue 17)."""
    from game.ui.settings import Settings

    app = make_app(Settings(language="zh"))
    font_dict = app.manager.get_theme().get_font_dictionary()
    faces = {}
    for (bold, italic), style in {
        (False, False): "regular",
        (False, True): "italic",
        (True, False): "bold",
        (True, True): "bold_italic",
    }.items():
        font_id = font_dict.create_font_id(16, "irb_sc", bold, italic, True)
        assert font_id in font_dict.loaded_fonts, style  # preloaded (theme.preload_fonts)
        gui_font = font_dict.loaded_fonts[font_id].loaded_font
        # the pygame Font it draws with (through its view in pygame_gui's script)
        faces[style] = gui_font._GUIFontPygame__internal_font._face
    assert faces["regular"] is faces["italic"] and faces["bold"] is faces["bold_italic"]
    assert faces["regular"] is not faces["bold"]
    # and it draws Chinese: 铁饭碗 has ink
    text = faces["regular"].render("铁饭碗", True, (255, 255, 255))
    assert text.get_bounding_rect().w > 20


def test_a_solo_run_does_not_warm_up_the_rooms_screens(tmp_path):
    """The title's warm-up imports the screens a run opens, not the room's (asyncio, websockets,
    ssl: ~4 MB held while playing; issue 17); `main.py join` warms them too."""
    code = (
        "import sys, types; from game.ui.app import App; from game.ui.scenes import title\n"
        "seen = []\n"
        "for command in ('play', 'join'):\n"
        "    app = App(args=types.SimpleNamespace(command=command))\n"
        "    app.push(title.TitleScene(app)); app.step(0); app.step(0)\n"
        "    [t.join(120) for t in title._warming]; title._warming.clear()\n"
        "    seen.append([m in sys.modules for m in ('game.ui.scenes.loan_office',"
        " 'game.ui.scenes.remote_seat', 'websockets')])\n"
        "    app.close()\n"
        "print(seen)"
    )
    assert _modules_at_the_titles_first_frame(tmp_path, code) == (
        "[[True, False, False], [True, True, True]]"
    )
