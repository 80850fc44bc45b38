"""Issue 13's figures, before and after, measured in one run on the same machine.

    python benchmarks/bench_batch.py                  # this tree against main (about 6 minutes)
    python benchmarks/bench_batch.py --base 26c2e2a   # against another commit
    python benchmarks/bench_batch.py --tests          # also time the stylized-fact tests (+4 min)
    python benchmarks/bench_batch.py --only           # this tree alone, no comparison

The base commit is exported (`git archive`) to a temporary folder, and every figure is measured
for both trees in fresh processes, alternating base/this `--repeats` times, so both see the same
load on the shared cores. Each figure is given as wall time and CPU time (of the process, or of
a command and all its workers): on cores other programs share, the CPU time is the steadier
one. The table gives medians and the ratios base / this (over 1 = faster).

Figures (the targets are issue 13's):
- `python main.py simulate --runs 1000 --months 24 --seed 3 --out TMP` wall time (both cores,
  CSV written; target 10 s);
- one month (`Engine.end_month`, state hash included) at 500, 20,000 and 200,000 households:
  median over many months after warm-up (targets 1 ms at 500, 40 ms at 200,000); at 500 also
  the median CPU time of the process (steadier while other work shares the cores);
- one simulate run of 24 months at 500 households on one core (`run_many(..., jobs=1)`);
- the debrief's counterfactual runs after the scripted player's default-town game (target 0.3 s);
- with --tests, `pytest tests/core/test_stylized_facts.py tests/scenario/test_builtin_scenarios.py`
  wall time (target: 5x faster than 98.5 s).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each figure runs in a fresh `python -c` in the tree measured (cwd = that tree), printing one
# JSON number: the same code measures both trees, whatever their benchmarks/ hold.
MONTH = """
import json, statistics, time
from dataclasses import replace
from game.core.engine import Engine
from game.core.params import Params
n, warm, timed = {n}, {warm}, {timed}
p = Params()
p = replace(p, months=warm + timed + 1, town=replace(p.town, households=n))
e = Engine(p, seed=1, players=())
for _ in range(warm):
    e.end_month()
wall, cpu = [], []
for _ in range(timed):
    t0, c0 = time.perf_counter(), time.process_time()
    e.end_month()
    wall.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
print(json.dumps([statistics.median(wall) * 1000, statistics.median(cpu) * 1000]))
"""
ONE_RUN = """
import json, time
from game.core.params import Params
from game.simulate import run_many
run_many(Params(), seed=1, runs=2, months=24, jobs=1)
t0, c0 = time.perf_counter(), time.process_time()
run_many(Params(), seed=1, runs={runs}, months=24, jobs=1, books=True)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps([wall / {runs} * 1000, cpu / {runs} * 1000]))
"""
DEBRIEF = """
import json, os, statistics, time
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
from game.debrief import counterfactual as cf, scripted
session = scripted.play("steel_town_2016", seed=3)
spec = cf.spec_from_session(session)
variants = cf.plan(spec)
wall, cpu = [], []
for _ in range(3):
    t0, c0 = time.perf_counter(), time.process_time()
    cf.run_all(spec, variants)
    wall.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
print(json.dumps([statistics.median(wall), statistics.median(cpu), len(variants)]))
"""


def _py(tree: Path, code: str) -> tuple[float, float]:
    """(wall, CPU) as the snippet measured them in a fresh process in `tree`."""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tree, check=True, capture_output=True, text=True
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    return float(got[0]), float(got[1])


def _command(tree: Path, argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and all its worker processes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, cwd=tree, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def simulate_s(tree: Path) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, "main.py", "simulate", "--runs", "1000", "--months", "24"]
        return _command(tree, [*argv, "--seed", "3", "--out", tmp])


def tests_s(tree: Path) -> tuple[float, float]:
    files = ["tests/core/test_stylized_facts.py", "tests/scenario/test_builtin_scenarios.py"]
    return _command(tree, [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files])


# name -> (measure(tree) -> (wall, CPU), target for the wall figure or None)
FIGURES = {
    "simulate --runs 1000 --months 24 (s; CPU: command + workers)": (simulate_s, 10.0),
    "one month, 500 households (ms)": (
        lambda t: _py(t, MONTH.format(n=500, warm=5, timed=60)),
        1.0,
    ),
    "one month, 20,000 households (ms)": (
        lambda t: _py(t, MONTH.format(n=20_000, warm=3, timed=20)),
        None,
    ),
    "one month, 200,000 households (ms)": (
        lambda t: _py(t, MONTH.format(n=200_000, warm=2, timed=8)),
        40.0,
    ),
    "one simulate run, 24 months x 500 households (ms, one core)": (
        lambda t: _py(t, ONE_RUN.format(runs=40)),
        None,
    ),
    "debrief counterfactual runs, all of them (s)": (lambda t: _py(t, DEBRIEF), 0.3),
}


TESTS = "stylized-fact + built-in scenario tests (s, run once each)"


def export(commit: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="main", help="the commit to compare with (default main)")
    ap.add_argument("--only", action="store_true", help="measure this tree alone")
    ap.add_argument("--tests", action="store_true", help="also time the stylized-fact tests")
    ap.add_argument("--repeats", type=int, default=3, help="alternations per figure (default 3)")
    args = ap.parse_args(argv)

    figures = dict(FIGURES)
    if args.tests:
        figures[TESTS] = (tests_s, 98.5 / 5)
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}, this tree at {head}")
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"this": ROOT}
        if not args.only:
            trees = {"base": export(args.base, Path(tmp)), "this": ROOT}
            print(f"base: {args.base}, exported to {tmp}")
        rows = []
        for name, (measure, target) in figures.items():
            got: dict[str, list[tuple[float, float]]] = {k: [] for k in trees}
            for _ in range(1 if name == TESTS else args.repeats):
                for key, tree in trees.items():
                    got[key].append(measure(tree))
            med = {
                k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
                for k, v in got.items()
            }
            rows.append((name, med, target))
            shown = "  ".join(
                f"{k} " + " ".join(f"{w:.3g}/{c:.3g}" for w, c in v) for k, v in got.items()
            )
            print(f"  {name} (wall/CPU): {shown}", file=sys.stderr)
    print()
    cols = " | ".join(f"{k} wall | {k} CPU" for k in trees)
    print(f"| Figure (medians) | {cols} | ratio wall | ratio CPU | target (wall) |")
    print("|---|" + "---:|" * (2 * len(trees) + 3))
    for name, med, target in rows:
        cells = " | ".join(f"{med[k][0]:.3g} | {med[k][1]:.3g}" for k in trees)
        ratios = " | "
        if "base" in med:
            ratios = (
                f"{med['base'][0] / med['this'][0]:.2f}x | {med['base'][1] / med['this'][1]:.2f}x"
            )
        goal = "" if target is None else f"{target:g}"
        print(f"| {name} | {cells} | {ratios} | {goal} |")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
