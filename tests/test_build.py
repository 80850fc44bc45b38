"""The double-click build (packaging/iron-rice-bowl.spec, PyInstaller one folder), built here on
Linux: it opens its window on the title screen under Xvfb, finds its built-in scenarios from
another folder, and plays a whole run through to the debrief (whose other runs are child
processes of the frozen program). Slow: one build takes about a minute, the run half of one."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

# packaging/build.py, the same steps a developer runs (loaded by path: it is no package)
_spec = importlib.util.spec_from_file_location(
    "irb_app_build", Path(__file__).resolve().parent.parent / "packaging" / "build.py"
)
app_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(app_build)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason="PyInstaller not installed (pip install -r requirements-dev.txt)",
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="built and checked on Linux"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("build")
    return app_build.build(tmp / "dist", tmp / "work")


@pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in app_build.XVFB_TOOLS),
    reason="Xvfb not installed (apt-get install xvfb xauth x11-utils)",
)
def test_the_build_opens_the_title_screen_in_a_real_window(built, tmp_path):
    seen = app_build.start_to_title(built, tmp_path, frames=90)
    assert seen["exit"] == 0, seen["log"]  # 90 frames of the title screen, then a clean stop
    assert "1280x720" in seen["window"], seen["window"]
    assert "Traceback" not in seen["log"], seen["log"]
    if seen["title_png"].exists():  # ImageMagick took a picture: 铁饭碗 in amber, a night sky
        import pygame

        title = pygame.image.load(str(seen["title_png"]))
        amber = [title.get_at((x, y)) for x in range(64, 170, 2) for y in range(60, 95, 2)]
        assert sum(p.r > 200 and 120 < p.g < 200 and p.b < 110 for p in amber) > 20
        assert title.get_at((1240, 40)).b > title.get_at((1240, 40)).r


def test_the_build_finds_its_scenarios_from_any_folder(built, tmp_path):
    done = app_build.run_command(built, "validate", "steel_town_2016", "tutorial", cwd=tmp_path)
    assert done.returncode == 0 and "tutorial: ok" in done.stdout, done.stdout + done.stderr


def test_the_build_plays_a_run_to_the_debrief(built, tmp_path, monkeypatch):
    """In a real window the bot waits on the debrief's last step until the other runs are in:
    they are child processes of the frozen program, which only main.py's freeze_support
    turns into those runs."""
    monkeypatch.setenv("IRB_AUTOPLAY_PACE", "4")  # the headless pace: no one is watching
    monkeypatch.setenv("IRB_AUTOPLAY_SETTLE", "20")
    shots = tmp_path / "shots"
    window = all(shutil.which(tool) for tool in app_build.XVFB_TOOLS)
    done = app_build.run_command(
        built, "play", "--autoplay", "--scenario", "tutorial", "--screenshot-dir", str(shots),
        cwd=tmp_path, window=window,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    # Without freeze_support a child would start the game's command line instead of the runs
    # and print its usage error here (the debrief would then show no other runs).
    assert "usage:" not in done.stderr and "Try:" not in done.stderr, done.stderr
    names = sorted(p.name for p in shots.glob("*.png"))
    assert any("debrief_difference" in n for n in names), names
