"""The room under load (issue 12): a host in its own process, scripted seats over real
websockets on localhost, a whole session.

    python benchmarks/bench_room.py                    # 40 seats x 24 months, then 4 towns x 10
    python benchmarks/bench_room.py --quick            # 12 seats x 6 months
    python benchmarks/bench_room.py --kill-trials 10   # kill -9 and resume, N times

Prints, per layout: the month's resolution as a seat sees it (from the last seat's end_month
to the last seat's view of the next month; p50, p99, max), the host's peak memory (VmHWM),
the page's first load in bytes, and that nothing acknowledged was lost or applied twice and
the file replays exactly. Targets: p99 <= 250 ms with 40 seats, memory <= 400 MB, page <= 300 KB.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.room.bot import SeatBot  # noqa: E402
from game.workshop.replay import replay  # noqa: E402
from tests.room.hostproc import HostProcess, free_port, months_on_file, room_args  # noqa: E402
from tests.room.test_kill_resume import assert_acked_on_file  # noqa: E402

PATHS = (
    "self_employ",
    "self_employ",
    "day_labour",
    "job_search",
    "self_employ",
    "retrain",
    "migrate",
    "self_employ",
)
PAGE = ("/", "/room.js", "/seat.js", "/room.css", "/api/strings?lang=zh")


def page_bytes(port: int) -> int:
    total = 0
    for path in PAGE:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
            total += len(r.read())
    return total


def resolution_ms(bots: list[SeatBot], months: int) -> list[float]:
    out = []
    for m in range(months - 1):
        last_end = max(b.ended_at[m] for b in bots if m in b.ended_at)
        last_view = max(b.seen_at[m + 1] for b in bots if m + 1 in b.seen_at)
        out.append((last_view - last_end) * 1000)
    return out


def p99(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))]


def load(towns: int, seats: int, months: int, folder: Path) -> dict:
    port = free_port()
    session = folder / f"load-{towns}x{seats}.session"
    args = room_args(session, port, seats=seats, months=months, towns=towns, seed=3)
    host = HostProcess(folder, args)
    host.start()
    try:
        url = f"ws://127.0.0.1:{port}/ws"
        bots = [
            SeatBot(url, host.code, f"S{i}", path=PATHS[i % len(PATHS)], resend=i % 5 == 0)
            for i in range(towns * seats)
        ]

        async def play() -> None:
            await asyncio.gather(*(b.play(timeout=3600) for b in bots))

        asyncio.run(play())
        peak = host.peak_mb()
        size = page_bytes(port)
    finally:
        host.stop()
    ms = resolution_ms(bots, months)
    host_side = next(
        (
            ln.split("host: ", 1)[1]
            for ln in host.log.read_text().splitlines()
            if "months resolved" in ln
        ),
        "",
    )
    assert_acked_on_file(bots, session)
    return {
        "layout": f"{towns} x {seats}",
        "p50": statistics.median(ms),
        "p99": p99(ms),
        "max": max(ms),
        "peak_mb": peak,
        "page_bytes": size,
        "decisions": sum(len(b.applied) for b in bots),
        "resends": sum(b.duplicates for b in bots),
        "exact": replay(session).exact,
        "host_side": host_side,
    }


def kill_trials(n: int, folder: Path, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for trial in range(n):
        months, port = 8, free_port()
        session = folder / f"kill{trial}.session"
        host = HostProcess(folder, room_args(session, port, seats=6, months=months, seed=trial))
        host.start()
        kill_at = rng.randint(1, months - 2)
        url = f"ws://127.0.0.1:{port}/ws"
        bots = [SeatBot(url, host.code, f"K{i}", path=PATHS[i], resend=i == 0) for i in range(6)]

        async def scenario() -> None:
            players = asyncio.gather(*(b.play(timeout=900) for b in bots))  # noqa: B023
            while months_on_file(session) < kill_at:  # noqa: B023
                await asyncio.sleep(0.02)
            host.kill9()  # noqa: B023
            assert_acked_on_file(bots, session)  # noqa: B023
            await asyncio.to_thread(host.start, ["--resume", str(session)])  # noqa: B023
            await players

        try:
            asyncio.run(scenario())
            ok = all(b.debrief is not None and b.connections >= 2 for b in bots)
            assert_acked_on_file(bots, session)
            ok = ok and replay(session).exact and months_on_file(session) == months
            out.append(
                f"trial {trial}: killed after month {kill_at}: "
                + ("every seat back, nothing lost, replay exact" if ok else "FAILED")
            )
        except Exception as exc:  # noqa: BLE001 - a trial's failure is a line of the report
            out.append(f"trial {trial}: killed after month {kill_at}: FAILED ({exc})")
        finally:
            host.stop()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--kill-trials", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    layouts = [(1, 12, 6)] if args.quick else [(1, 40, 24), (4, 10, 24)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.kill_trials:
            for line in kill_trials(args.kill_trials, folder, args.seed):
                print(line, flush=True)
            return 0
        for towns, seats, months in layouts:
            r = load(towns, seats, months, folder)
            print(
                f"{r['layout']} seats, {months} months: resolution p50 {r['p50']:.0f} ms, "
                f"p99 {r['p99']:.0f} ms, max {r['max']:.0f} ms; host peak {r['peak_mb']:.0f} MB; "
                f"page {r['page_bytes'] / 1024:.1f} KB; {r['decisions']} decisions, "
                f"{r['resends']} resends refused; replay exact: {r['exact']}",
                flush=True,
            )
            print(f"    on the host's own clock: {r['host_side']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
