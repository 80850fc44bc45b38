"""Build the double-click app (PyInstaller, one folder) and measure it.

    python packaging/build.py              build into dist/iron-rice-bowl/
    python packaging/build.py --check      then start it to the title screen and measure it
                                           (Linux: under Xvfb); prints size and start times

Needs `pip install -r requirements-dev.txt` (PyInstaller). On Windows and macOS the same
command builds for that system (docs/building.md); --check runs on Linux only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "iron-rice-bowl.spec"
NAME = "iron-rice-bowl"
WINDOW = '"Iron Rice Bowl"'  # the window's title as xwininfo prints it
XVFB_TOOLS = ("xvfb-run", "xwininfo")


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; returns the built folder (dist/iron-rice-bowl)."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True)
    return dist / NAME


def executable(folder: Path) -> Path:
    return folder / (NAME + ".exe" if sys.platform == "win32" else NAME)


def folder_size(folder: Path) -> int:
    """Bytes on disk (PyInstaller links some libraries twice: each counted once)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def clean_env(tmp: Path) -> dict[str, str]:
    """A first start: empty user folders, no test driver for SDL's video, no sound card."""
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "PYTHONPATH")}
    env.update(
        SDL_AUDIODRIVER="dummy",
        IRB_CONFIG_DIR=str(tmp / "config"),
        IRB_DATA_DIR=str(tmp / "data"),
        PYGAME_HIDE_SUPPORT_PROMPT="1",
    )
    return env


# Under Xvfb: start the build, note when its window appears, photograph the title screen if
# ImageMagick is there, and let it stop by itself after IRB_MAX_FRAMES frames (exit 0 means it
# drew the title screen that many times without an error).
SCRIPT = r"""
set -u
start=$(date +%s.%N)
"$EXE" > "$OUT/game.log" 2>&1 &
PID=$!
for i in $(seq 1 600); do
  if xwininfo -root -tree | grep -q '__WINDOW__'; then break; fi
  sleep 0.05
done
echo "$start $(date +%s.%N)" > "$OUT/times.txt"
xwininfo -root -tree | grep '__WINDOW__' > "$OUT/window.txt"
sleep 1.0
if command -v import >/dev/null; then import -window root "$OUT/title.png"; fi
wait $PID
echo "$?" > "$OUT/exit.txt"
""".replace("__WINDOW__", WINDOW)


def start_to_title(folder: Path, out: Path, frames: int = 150) -> dict:
    """Start the build under Xvfb; returns seconds to the window, exit code, window line."""
    out.mkdir(parents=True, exist_ok=True)
    env = clean_env(out)
    env.update(EXE=str(executable(folder)), OUT=str(out), IRB_MAX_FRAMES=str(frames))
    script = out / "start.sh"
    script.write_text(SCRIPT)
    subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", "bash", str(script)],
        cwd=out,
        env=env,
        timeout=180,
        check=False,
        capture_output=True,
    )
    start, shown = (float(x) for x in (out / "times.txt").read_text().split())
    return {
        "window_s": shown - start,
        "window": (out / "window.txt").read_text().strip(),
        "exit": int((out / "exit.txt").read_text().strip() or -1),
        "log": (out / "game.log").read_text(errors="replace"),
        "title_png": out / "title.png",
    }


def run_command(
    folder: Path, *args: str, cwd: Path, window: bool = False
) -> subprocess.CompletedProcess:
    """The build's own command line (simulate, validate...: Linux builds keep a console);
    with `window`, under Xvfb in a real window, else with no window at all."""
    env = clean_env(cwd)
    cmd = [str(executable(folder)), *args]
    if window:
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", *cmd]
    else:
        env["SDL_VIDEODRIVER"] = "dummy"
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--check", action="store_true", help="start it and measure (Linux)")
    parser.add_argument("--starts", type=int, default=3, help="starts to time with --check")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        folder = build(args.dist, Path(tmp) / "work")
        print(f"built {folder} in {time.perf_counter() - t0:.0f} s")
    print(
        f"size: {folder_size(folder) / 1e6:.0f} MB in {sum(1 for p in folder.rglob('*') if p.is_file())} files"
    )
    if not args.check:
        return 0
    missing = [tool for tool in XVFB_TOOLS if shutil.which(tool) is None]
    if missing or not sys.platform.startswith("linux"):
        print(f"--check needs Linux with {', '.join(XVFB_TOOLS)}", file=sys.stderr)
        return 1
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.starts):
            seen = start_to_title(folder, Path(tmp) / f"start{i}", frames=30)
            if seen["exit"] != 0 or "1280x720" not in seen["window"]:
                print(f"start {i} failed:\n{seen['log']}", file=sys.stderr)
                return 1
            times.append(seen["window_s"])
    print(f"start to window: median {statistics.median(times):.2f} s of {times}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
