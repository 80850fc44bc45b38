"""Benchmark of the UI foundation: start-up to the title, frame times, settings changes.

    python benchmarks/bench_ui.py          (headless, dummy SDL driver)

Prints medians and p99. Start-up is the wall time of a whole `python main.py` process that
draws one frame of the title and exits (interpreter start, imports, window, first frame and
shutdown): an upper bound of the time to an interactive title.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
TMP = tempfile.mkdtemp(prefix="irb-bench-")
os.environ["IRB_CONFIG_DIR"] = os.path.join(TMP, "config")
os.environ["IRB_DATA_DIR"] = os.path.join(TMP, "data")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_start(runs: int = 7) -> None:
    env = dict(os.environ, IRB_MAX_FRAMES="1")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, check=True)
        times.append(time.perf_counter() - t0)
    print(
        f"start-up, whole process to first title frame and exit: median {statistics.median(times):.3f} s, "
        f"max {max(times):.3f} s ({runs} runs)"
    )


def bench_frames() -> None:
    from game.ui.app import App
    from game.ui.scenes.credits import CreditsScene
    from game.ui.scenes.dialog import DialogScene
    from game.ui.scenes.settings_scene import SettingsScene
    from game.ui.scenes.title import TitleScene
    from game.ui.settings import Settings

    for size in ((1280, 720), (1920, 1080)):
        t0 = time.perf_counter()
        app = App(Settings(window_size=size))
        app.push(TitleScene(app))
        app.step(0.0)
        first = time.perf_counter() - t0
        print(
            f"{size[0]}x{size[1]}: app + title built + first frame, in-process: {first * 1000:.0f} ms"
        )
        scenes = [
            ("title", None),
            ("settings", SettingsScene),
            ("credits", CreditsScene),
            ("dialog", "dialog"),
        ]
        for name, cls in scenes:
            if cls == "dialog":
                app.push(DialogScene.message(app, "Title", "A message body " * 10))
            elif cls is not None:
                app.push(cls(app))
            for _ in range(30):
                app.step(1 / 60)
            app.frame_ms.clear()
            for _ in range(300):
                app.step(1 / 60)
            ms = list(app.frame_ms)
            print(
                f"  {name:9s} frame: median {statistics.median(ms):.2f} ms, p99 {pct(ms, 0.99):.2f} ms, "
                f"max {max(ms):.2f} ms"
            )
            if cls is not None:
                app.pop()
        app.push(SettingsScene(app))
        for field, value in (
            ("ui_scale", 1.25),
            ("palette", "high_contrast"),
            ("language", "zh"),
            ("language", "en"),
        ):
            t0 = time.perf_counter()
            app.top.apply(dataclasses.replace(app.settings, **{field: value}))
            print(f"  settings change {field}={value}: {(time.perf_counter() - t0) * 1000:.0f} ms")
        app.close()


if __name__ == "__main__":
    bench_start()
    bench_frames()
