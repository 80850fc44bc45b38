"""Dashboard frames: the facilitator's dashboard at 1920x1080 (and 1280x720) with 40 seats in
two towns of 20, some months played. Each frame is one `App.step` (events, update, draw, flip)
on the dummy video driver, while the clock ticks and the pointer rests on a seat's row.

    python benchmarks/bench_dashboard.py [--frames 600] [--months 6]

Prints p50 / p99 / max wall-clock frame times, the p99 of the CPU time the game itself spent
(what a loaded machine's scheduler cannot inflate), and the frame that repaints after a month
resolves (the streets, curves and table, once a month)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def measure(size: tuple[int, int], frames: int, months: int) -> dict:
    import pygame

    from game.ui.app import App
    from game.ui.scenes.workshop.room import Room
    from game.ui.settings import Settings
    from game.workshop import WorkshopSession

    path = Path(tempfile.mkdtemp()) / "bench.session"
    ws = WorkshopSession.new("steel_town_2016", towns=2, seats=20, seed=5, path=path,
                             occupied=[i % 2 == 0 for i in range(40)])  # fmt: skip
    for _ in range(months):
        ws.resolve(force=True)
    ws.reveal()
    app = App(Settings(window_size=size))
    app.open("workshop_dashboard", room=Room(ws, path))
    for _ in range(30):  # the fade in, the first paint
        app.step(1 / 60)
    scene = app.top
    table = scene._regions["table"]
    pos = (table.x + table.w // 4, table.y + 80)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, {"pos": pos, "rel": (0, 0), "buttons": (0, 0, 0)})
    )
    times, cpu = [], []
    for _ in range(frames):
        t0, c0 = time.perf_counter(), time.process_time()
        app.step(1 / 60)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    # A month resolves: the frame that repaints the streets, curves and table.
    ws.resolve(force=True)
    scene.room.changed()
    t0 = time.perf_counter()
    app.step(1 / 60)
    repaint = (time.perf_counter() - t0) * 1000
    app.close()
    times.sort()
    cpu.sort()
    return {
        "cpu_p99": cpu[int(len(cpu) * 0.99) - 1],
        "size": f"{size[0]}x{size[1]}",
        "p50": statistics.median(times),
        "p99": times[int(len(times) * 0.99) - 1],
        "max": times[-1],
        "repaint": repaint,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=600)
    ap.add_argument("--months", type=int, default=6)
    args = ap.parse_args()
    for size in ((1920, 1080), (1280, 720)):
        r = measure(size, args.frames, args.months)
        print(f"{r['size']}: 40 seats, p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, "
              f"max {r['max']:.2f} ms (CPU time p99 {r['cpu_p99']:.2f} ms); "
              f"a month's repaint {r['repaint']:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
