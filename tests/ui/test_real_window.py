"""A real X window under Xvfb: `python main.py` opens "Iron Rice Bowl", draws the title, and a
real mouse click (xdotool) opens the settings. Skipped where Xvfb is not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ["xvfb-run", "xwininfo", "import", "xdotool"]
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]

SCRIPT = r"""
set -u
"$PYTHON" main.py > "$OUT/game.log" 2>&1 &
PID=$!
for i in $(seq 1 150); do
  if xwininfo -root -tree | grep -q '"Iron Rice Bowl"'; then break; fi
  sleep 0.1
done
sleep 1.5
xwininfo -root -tree | grep '"Iron Rice Bowl"' > "$OUT/window.txt"
import -window root "$OUT/title.png"
xdotool mousemove 244 466 click 1    # "Settings" on the 1280x720 title
sleep 1.0
import -window root "$OUT/settings.png"
kill $PID
wait $PID
echo "exit=$?" >> "$OUT/window.txt"
"""


@pytest.mark.skipif(
    bool(MISSING),
    reason=f"Xvfb tools not installed: {', '.join(MISSING)} "
    "(apt-get install xvfb xauth x11-utils xdotool imagemagick)",
)
def test_real_window_opens_draws_the_title_and_takes_a_click(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    env.update(
        PYTHON=sys.executable,
        OUT=str(tmp_path),
        SDL_AUDIODRIVER="dummy",
        IRB_CONFIG_DIR=str(tmp_path / "config"),
        IRB_DATA_DIR=str(tmp_path / "data"),
        PYGAME_HIDE_SUPPORT_PROMPT="1",
    )
    script = tmp_path / "run.sh"
    script.write_text(SCRIPT)
    subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", "bash", str(script)],
        cwd=ROOT,
        env=env,
        timeout=90,
        check=False,
        capture_output=True,
    )
    window = (tmp_path / "window.txt").read_text()
    assert "1280x720" in window, window
    log = (tmp_path / "game.log").read_text()
    assert "Traceback" not in log, log

    title = pygame.image.load(str(tmp_path / "title.png"))
    amber = [title.get_at((x, y)) for x in range(64, 170, 2) for y in range(60, 95, 2)]
    assert sum(p.r > 200 and 120 < p.g < 200 and p.b < 110 for p in amber) > 20  # 铁饭碗 in amber
    assert title.get_at((1240, 40)).b > title.get_at((1240, 40)).r  # the night sky

    settings = pygame.image.load(str(tmp_path / "settings.png"))
    # The settings panel replaces the title's skyline on the right-hand side.
    changed = sum(settings.get_at((x, 300)) != title.get_at((x, 300)) for x in range(600, 1060, 4))
    assert changed > 60, "the click did not open the settings screen"
