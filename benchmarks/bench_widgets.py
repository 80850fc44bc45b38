"""Frame cost of the drawn widgets: `python -m benchmarks.bench_widgets [frames]`.

Budget (brief, issue 4): the street's draw p99 <= 3 ms at 1280x720 with 30 lots. Prints the
median and p99 of each measurement, in milliseconds, on the dummy video driver.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.ui.widgets import samples  # noqa: E402
from game.ui.widgets.chart import LineChart  # noqa: E402
from game.ui.widgets.street import StreetView  # noqa: E402

BUDGET_P99_MS = 3.0


def _stats(ms: list[float]) -> tuple[float, float, float]:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    return statistics.median(ms), p99, ms[-1]


def _report(name: str, ms: list[float]) -> tuple[float, float]:
    med, p99, worst = _stats(ms)
    print(f"{name:<58} median {med:6.3f} ms   p99 {p99:6.3f} ms   max {worst:6.3f} ms")
    return med, p99


def bench_street(screen, rect, lots, frames: int, hover: bool, mill: bool, palette="default"):
    sv = StreetView(rect, palette=palette, mill_running=mill)
    sv.set_lots(lots)
    if hover:
        sv.set_hover(sv.lot_rect(lots[len(lots) // 2]["lot"]).center)
    draw_ms, update_ms = [], []
    for _ in range(frames):
        t0 = time.perf_counter()
        sv.update(1 / 60)
        t1 = time.perf_counter()
        sv.draw(screen)
        t2 = time.perf_counter()
        update_ms.append((t1 - t0) * 1000)
        draw_ms.append((t2 - t1) * 1000)
    return draw_ms, update_ms


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    frames = int(argv[0]) if argv else 600
    pygame.init()
    screen = pygame.display.set_mode((1280, 720))
    full = screen.get_rect()
    lots30 = samples.crowded_street(30)
    for d in lots30[:3]:
        d["new"] = True  # three awnings unroll during the run
    print(f"{frames} frames each, 1280x720, dummy video driver, pygame-ce {pygame.version.ver}")

    draw, upd = bench_street(screen, full, lots30, frames, hover=False, mill=True)
    _, p99 = _report("street 30 lots, full window, smoke, awnings: draw", draw)
    _report("street 30 lots, full window: update", upd)
    draw, _ = bench_street(screen, full, lots30, frames, hover=True, mill=True)
    _, p99_hover = _report("street 30 lots, full window, hover tooltip: draw", draw)
    draw, _ = bench_street(
        screen, full, lots30, frames, hover=False, mill=False, palette="high_contrast"
    )
    _report("street 30 lots, high contrast, mill idle: draw", draw)
    month_rect = pygame.Rect(320, 24, 936, 302)
    draw, _ = bench_street(
        screen, month_rect, samples.crowded_street(24), frames, hover=True, mill=True
    )
    _report("street 24 lots in the month screen (936x302): draw", draw)
    draw, _ = bench_street(screen, full, samples.crowded_street(40), frames, hover=False, mill=True)
    _report("street 40 lots, full window: draw", draw)

    sv = StreetView(full)
    rebuild = []
    for k in range(20):  # a new month: the cached layer is repainted once
        t0 = time.perf_counter()
        sv.set_lots(samples.crowded_street(30, seed=k))
        rebuild.append((time.perf_counter() - t0) * 1000)
    _report("street set_lots (new month, repaint layer), 30 lots", rebuild)

    chart = LineChart(
        pygame.Rect(24, 24, 800, 480), samples.price_series(24), title="Prices", y_format="yuan"
    )
    cold, warm, hover = [], [], []
    for k in range(20):
        chart.set_series(samples.price_series(24 + k % 2))
        t0 = time.perf_counter()
        chart.draw(screen)
        cold.append((time.perf_counter() - t0) * 1000)
    for k in range(frames):
        chart.set_hover_month(None)
        t0 = time.perf_counter()
        chart.draw(screen)
        t1 = time.perf_counter()
        chart.set_hover_month(k % 24)
        chart.draw(screen)
        t2 = time.perf_counter()
        warm.append((t1 - t0) * 1000)
        hover.append((t2 - t1) * 1000)
    _report("chart 7 series x 24 months: first draw (renders)", cold)
    _report("chart: draw (cached)", warm)
    _report("chart: draw with hover readout", hover)

    ok = p99 <= BUDGET_P99_MS and p99_hover <= BUDGET_P99_MS
    print(f"street draw p99 budget {BUDGET_P99_MS} ms: {'OK' if ok else 'OVER'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
