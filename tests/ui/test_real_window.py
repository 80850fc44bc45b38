"""A real X window under Xvfb: `python main.py` opens "Iron Rice Bowl", draws the title, and a
real mouse click (xdotool) opens the settings. Skipped where Xvfb is not installed.

It waited on the clock (1.5 s for the title, 1 s for the settings) and flaked when the machine
was loaded: the first frame then took longer than the sleep, the click landed before the title
took input, and the screenshot caught the screen before the settings. Now each step waits for
what a person would see (the window listed, the title drawn, the settings in place of the
skyline), looking at screenshots, and the bound is only a guard against a game that hangs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ["xvfb-run", "xwininfo", "import", "xdotool"]
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
# A guard for each step on a loaded machine, not a timing: on a quiet one the title is drawn
# about a second after the start, and the settings a frame after the click.
GUARD_S = 180
SETTINGS_BUTTON = (244, 466)  # "Settings" on the 1280x720 title


def title_drawn(shot: pygame.Surface) -> bool:
    """The title as a person sees it: 铁饭碗 in amber (fully faded in) over the night sky."""
    amber = [shot.get_at((x, y)) for x in range(64, 170, 2) for y in range(60, 95, 2)]
    lit = sum(p.r > 200 and 120 < p.g < 200 and p.b < 110 for p in amber) > 20
    sky = shot.get_at((1240, 40))
    return lit and sky.b > sky.r


def settings_shown(title: pygame.Surface, shot: pygame.Surface) -> bool:
    """The settings panel in place of the title's skyline on the right-hand side."""
    changed = sum(shot.get_at((x, 300)) != title.get_at((x, 300)) for x in range(600, 1060, 4))
    return changed > 60


def drive(out: Path) -> None:
    """Inside the Xvfb display: start the game, and take each step when the screen shows the
    last one done. What happened goes to out/steps.txt, the pictures beside it."""
    steps = out / "steps.txt"

    def say(line: str) -> None:
        with steps.open("a", encoding="utf-8") as f:
            f.write(line + "\n")

    def shot(name: str) -> pygame.Surface:
        subprocess.run(["import", "-window", "root", str(out / name)], check=True)
        return pygame.image.load(str(out / name))

    with (out / "game.log").open("wb") as log:
        game = subprocess.Popen([sys.executable, "main.py"], stdout=log, stderr=subprocess.STDOUT)
        try:

            def until(what: str, seen) -> bool:
                end = time.monotonic() + GUARD_S
                while time.monotonic() < end:
                    if game.poll() is not None:
                        say(f"failed: the game ended ({game.returncode}) before {what}")
                        return False
                    if seen():
                        return True
                    time.sleep(0.2)
                say(f"failed: no {what} after {GUARD_S} s")
                return False

            def listed() -> str:
                tree = subprocess.run(
                    ["xwininfo", "-root", "-tree"], capture_output=True, text=True, check=False
                ).stdout
                return "\n".join(x for x in tree.splitlines() if '"Iron Rice Bowl"' in x)

            if not until("window", lambda: bool(listed())):
                return
            say("window: " + listed())
            if not until("title", lambda: title_drawn(shot("title.png"))):
                return
            title = pygame.image.load(str(out / "title.png"))
            subprocess.run(["xdotool", "mousemove", *map(str, SETTINGS_BUTTON), "click", "1"])
            if not until("settings", lambda: settings_shown(title, shot("settings.png"))):
                return
            say("done")
        finally:
            game.terminate()  # our own child, by its handle
            say(f"exit={game.wait()}")


@pytest.mark.skipif(
    bool(MISSING),
    reason=f"Xvfb tools not installed: {', '.join(MISSING)} "
    "(apt-get install xvfb xauth x11-utils xdotool imagemagick)",
)
def test_real_window_opens_draws_the_title_and_takes_a_click(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    env.update(
        SDL_AUDIODRIVER="dummy",
        IRB_CONFIG_DIR=str(tmp_path / "config"),
        IRB_DATA_DIR=str(tmp_path / "data"),
        PYGAME_HIDE_SUPPORT_PROMPT="1",
    )
    subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x720x24"]
        + [sys.executable, str(Path(__file__).resolve()), str(tmp_path)],
        cwd=ROOT,
        env=env,
        timeout=4 * GUARD_S,  # the three steps' guards and the start: only a hung display
        check=False,
        capture_output=True,
    )
    steps = (tmp_path / "steps.txt").read_text(encoding="utf-8")
    log = (tmp_path / "game.log").read_text(encoding="utf-8", errors="replace")
    assert "done" in steps.splitlines(), steps + log[-2000:]
    assert "1280x720" in steps, steps
    assert "Traceback" not in log, log
    # the pictures themselves, as a person saw them
    title = pygame.image.load(str(tmp_path / "title.png"))
    assert title_drawn(title)
    assert settings_shown(title, pygame.image.load(str(tmp_path / "settings.png"))), (
        "the click did not open the settings screen"
    )


if __name__ == "__main__":  # run by the test inside xvfb-run
    drive(Path(sys.argv[1]))
