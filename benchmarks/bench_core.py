"""Speed and memory of the simulation core, against the targets of issue 2.

    python benchmarks/bench_core.py            # the full benchmark (about 2 minutes on 2 cores)
    python benchmarks/bench_core.py --quick    # a smaller version (about 15 s)
    python benchmarks/bench_core.py --profile  # also profile one month at the largest size

Measures, and prints as a table:
- one month (`Engine.end_month`, which includes the metrics and the state hash) at 500,
  20,000 and 200,000 households: median and 90th percentile over many months, after a few
  warm-up months; the town is built before the clock starts;
- the state's memory per household (`engine.state.nbytes() / n`);
- the wall time of `python main.py simulate --runs 1000 --months 24` on the default town with
  both cores (a real subprocess, CSV writing included), and what one core does per run.

If a month at the largest size is over its target, it profiles that month (cProfile) and prints
the top costs with the rule file each is in. The machine's load is printed too: other work on
the same cores slows every number here.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.core.engine import Engine  # noqa: E402
from game.core.params import Params  # noqa: E402

TARGET_MS = {500: 2.0, 20_000: 10.0, 200_000: 100.0}
TARGET_BYTES = 1024
TARGET_RUNS_S = 30.0


def town(households: int, months: int) -> Params:
    p = Params()
    return replace(p, months=months, town=replace(p.town, households=households))


def time_months(households: int, warmup: int, timed: int, seed: int = 1) -> dict:
    """Median and p90 of end_month over `timed` months after `warmup` months."""
    eng = Engine(town(households, warmup + timed + 1), seed=seed, players=())
    for _ in range(warmup):
        eng.end_month()
    times, cpu = [], []
    for _ in range(timed):
        t0, c0 = time.perf_counter(), time.process_time()
        eng.end_month()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    ms, cpu_ms = np.array(times) * 1000.0, np.array(cpu) * 1000.0
    return {
        "households": households,
        "median_ms": float(np.median(ms)),
        "p90_ms": float(np.percentile(ms, 90)),
        "months": timed,
        "cpu_median_ms": float(np.median(cpu_ms)),
        "bytes_per_household": eng.state.nbytes() / households,
    }


def one_core_run_s(runs: int) -> float:
    """Seconds per `simulate` run (24 months, default town) on one core, in this process."""
    from game.simulate import run_many

    t0 = time.perf_counter()
    run_many(Params(), seed=1, runs=runs, months=24, jobs=1)
    return (time.perf_counter() - t0) / runs


def simulate_wall_s(runs: int, months: int = 24, jobs: int = 2) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its workers) of a real simulate run."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            str(ROOT / "main.py"),
            "simulate",
            "--runs",
            str(runs),
            "--months",
            str(months),
            "--jobs",
            str(jobs),
            "--out",
            tmp,
            "--seed",
            "1",
        ]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(
            cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def profile_month(households: int, months: int = 5, top: int = 15) -> None:
    eng = Engine(town(households, months + 3), seed=1, players=())
    eng.end_month()
    eng.end_month()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(months):
        eng.end_month()
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt / months * 1000
    print(
        f"\nProfile of one month at {households:,} households ({total:.1f} ms/month with the profiler on)"
    )
    print("by own time (the function itself, not what it calls):")
    print(f"  {'ms/month':>8}  {'calls':>6}  where")
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    for (file, line, func), (_cc, nc, tt, _ct, _callers) in rows:
        print(f"  {tt / months * 1000:8.2f}  {nc // months:6d}  {_short(file)}:{line} {func}")
    print("by cumulative time, rule functions only (the rule and everything it calls):")
    rules = [(k, v) for k, v in stats.stats.items() if "game/core" in k[0].replace("\\", "/")]
    rules.sort(key=lambda kv: kv[1][3], reverse=True)
    for (file, line, func), (_cc, nc, _tt, ct, _callers) in rules[:top]:
        print(f"  {ct / months * 1000:8.2f}  {nc // months:6d}  {_short(file)}:{line} {func}")


def _short(file: str) -> str:
    f = file.replace("\\", "/")
    for mark in ("/game/", "/numpy/", "/lib/python"):
        if mark in f:
            return f[f.index(mark) + 1 :]
    return f


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer months and runs (a smoke test)")
    ap.add_argument(
        "--profile", action="store_true", help="profile a month at the largest size anyway"
    )
    ap.add_argument("--skip-runs", action="store_true", help="skip the simulate --runs timing")
    args = ap.parse_args(argv)

    sizes = [500, 20_000, 200_000]
    timed = (
        {500: 50, 20_000: 40, 200_000: 25} if not args.quick else {500: 20, 20_000: 10, 200_000: 5}
    )
    runs = 100 if args.quick else 1000
    print(
        f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f} "
        f"(other work on these cores slows every number)"
    )
    results = []
    for n in sizes:
        r = time_months(n, warmup=5 if not args.quick else 2, timed=timed[n])
        results.append(r)
        print(f"  timed {r['months']} months at {n:,} households", file=sys.stderr)

    print()
    print(
        f"{'households':>10}  {'median ms':>9}  {'p90 ms':>7}  {'CPU ms':>7}  {'target ms':>9}  {'bytes/hh':>8}  verdict"
    )
    for r in results:
        n = r["households"]
        ok = r["median_ms"] <= TARGET_MS[n] and r["bytes_per_household"] <= TARGET_BYTES
        print(
            f"{n:>10,}  {r['median_ms']:9.3f}  {r['p90_ms']:7.3f}  {r['cpu_median_ms']:7.3f}  {TARGET_MS[n]:9.1f}  "
            f"{r['bytes_per_household']:8.1f}  {'ok' if ok else 'OVER'}"
        )
    print(
        "(one month = Engine.end_month with metrics and state hash; median and p90 of wall time; CPU ms ="
    )
    print(
        f" median CPU time of the process, less sensitive to other work; memory target <= {TARGET_BYTES} B/household)"
    )

    if not args.skip_runs:
        per_run = one_core_run_s(20 if args.quick else 60)
        wall, cpu_s = simulate_wall_s(runs)
        scaled = wall * 1000 / runs
        print()
        print(
            f"simulate --runs {runs} --months 24 --jobs 2 (default town, CSV written): {wall:.1f} s wall"
            + (f" (scaled to 1000 runs: {scaled:.0f} s)" if runs != 1000 else "")
        )
        print(
            f"  CPU time of the command and its workers: {cpu_s:.1f} s -> {cpu_s / 2:.1f} s wall on 2 free cores"
            f" (parallel use of the cores during the run: {cpu_s / wall:.2f} of 2)"
        )
        print(
            f"  one core: {per_run * 1000:.1f} ms per run -> ideal on 2 free cores: "
            f"{per_run * 1000 / 2:.1f} s per 1000 runs; target <= {TARGET_RUNS_S:.0f} s"
        )
        print(f"  load average after: {os.getloadavg()[0]:.2f}")

    largest = results[-1]
    if args.profile or largest["median_ms"] > TARGET_MS[largest["households"]]:
        profile_month(largest["households"], months=3 if args.quick else 5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
