"""Issue 13's figures for the run axis (game/core/batch.py), before and after in one run.

    python benchmarks/bench_run_axis.py                 # this tree against main's 1942800
    python benchmarks/bench_run_axis.py --base COMMIT   # against another commit
    python benchmarks/bench_run_axis.py --quick         # smaller, one repeat (a smoke test)
    python benchmarks/bench_run_axis.py --only towns    # just the figures naming "towns"

The base commit is exported (`git archive`) to a temporary folder; every figure runs in a
fresh `python -c` in each tree, alternating base / this `--repeats` times so both see the same
load on the shared cores. Wall and CPU time (of the process, or of a command and its workers);
the table gives medians and the ratio base / this (over 1 = faster).

Figures (targets of issue 13):
- `simulate --runs 1000 --months 24 --jobs 2` (CSV written): wall <= 10 s;
- one month of 100 towns x 500 households: 100 engines one after another (base: its only way)
  against one `Batch` of 100 (this tree): <= 30 ms; and the same with every town's tables
  read after each month (a batch makes a month's rows when they are first read: `simulate`,
  the debrief and a player's report read them, a bare month does not);
- one month of one town of 500 households (`Engine.end_month`, state hash included): <= 1 ms;
- one month at 200,000 households (one town): <= 40 ms;
- peak memory (VmHWM) of a batch of 1,000 towns x 500 households after 2 months: < 1 GB
  (base: 1,000 engines);
- the debrief's counterfactual runs (all 11 variants, steel town seed 3): <= 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import bench_batch  # benchmarks/: the script's own folder

ROOT = Path(__file__).resolve().parents[1]

# One month of one town: bench_batch's snippet (Engine.end_month, state hash included).
MONTH = bench_batch.MONTH
# The debrief's counterfactual runs after the scripted player's steel-town game (bench_batch's).
DEBRIEF = bench_batch.DEBRIEF

TOWNS = """
import json, statistics, time
from dataclasses import replace
from game.core.engine import Engine
from game.core.params import Params
towns, n, warm, timed = {towns}, {n}, {warm}, {timed}
p = Params()
p = replace(p, months=warm + timed + 1, town=replace(p.town, households=n))
try:
    from game.core.batch import Batch
except ImportError:  # before the run axis: one engine after another
    engines = [Engine(p, seed=s, players=(), fingerprint=False) for s in range(towns)]
    def month():
        for e in engines:
            e.end_month()
else:
    batch = Batch(p, range(towns), players=(), fingerprint=False)
    engines = batch.engines
    month = batch.end_month
if {read}:  # every town's tables read each month (a batch makes its rows when read)
    step = month
    def month():
        step()
        for e in engines:
            e.metrics.trades, e.metrics.flows
for _ in range(warm):
    month()
wall, cpu = [], []
for _ in range(timed):
    t0, c0 = time.perf_counter(), time.process_time()
    month()
    wall.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
print(json.dumps([statistics.median(wall) * 1000, statistics.median(cpu) * 1000]))
"""

MEMORY = """
import json
from dataclasses import replace
from game.core.engine import Engine
from game.core.params import Params
p = Params()
p = replace(p, months=3, town=replace(p.town, households={n}))
try:
    from game.core.batch import Batch
except ImportError:
    engines = [Engine(p, seed=s, players=(), fingerprint=False) for s in range({towns})]
    for _ in range(2):
        for e in engines:
            e.end_month()
else:
    batch = Batch(p, range({towns}), players=(), fingerprint=False)
    batch.run_months(2)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps([int(hwm) / 1024, 0.0]))
"""

SIMULATE = """
import json, resource, subprocess, sys, tempfile, time
with tempfile.TemporaryDirectory() as out:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "main.py", "simulate", "--runs", "{runs}", "--months", "24",
                    "--jobs", "2", "--seed", "3", "--out", out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([wall, ru.ru_utime + ru.ru_stime]))
"""


def measure(tree: Path, code: str) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tree, env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"failed in {tree}:\n{out.stderr[-2000:]}")
    wall, cpu = json.loads(out.stdout.strip().splitlines()[-1])[:2]  # (DEBRIEF adds a count)
    return float(wall), float(cpu)


def commit_tree(commit: str, into: Path) -> Path:
    """`commit`'s files (git archive) unpacked into the new folder `into`: the "before" tree
    of a before/after pair (bench_paths.py uses it too)."""
    into.mkdir()
    archive = subprocess.run(
        ["git", "archive", commit], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="1942800", help="the commit to compare with")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    ap.add_argument(
        "--only", action="append", default=[], help="just the figures whose name has this text"
    )
    args = ap.parse_args()
    q = args.quick
    figures = [
        ("simulate --runs 1000 --months 24 --jobs 2 (s)", SIMULATE.format(runs=50 if q else 1000), 10),
        ("one month, 100 towns x 500 households (ms)", TOWNS.format(towns=100, n=500, warm=3, timed=3 if q else 8, read=False), 30),
        ("the same, every town's tables read each month (ms)", TOWNS.format(towns=100, n=500, warm=3, timed=3 if q else 8, read=True), 30),
        ("one month, 1 town of 500 households (ms)", MONTH.format(n=500, warm=5, timed=20 if q else 60), 1),
        ("one month, 200,000 households (ms)", MONTH.format(n=20_000 if q else 200_000, warm=2, timed=3 if q else 10), 40),
        ("peak memory, 1,000 towns x 500 households (MB)", MEMORY.format(towns=50 if q else 1000, n=500), 1024),
        ("the debrief's counterfactual runs, all of them (s; median of 3 in-process)", DEBRIEF, 0.3),
    ]  # fmt: skip
    if args.only:
        figures = [f for f in figures if any(o in f[0] for o in args.only)]
    repeats = 1 if q else args.repeats
    load_start = open("/proc/loadavg").read().split()[0]
    with tempfile.TemporaryDirectory() as tmp:
        base = commit_tree(args.base, Path(tmp) / "base")
        rows = []
        for name, code, target in figures:
            got: dict[str, list[tuple[float, float]]] = {"base": [], "this": []}
            for _ in range(repeats):
                got["base"].append(measure(base, code))
                got["this"].append(measure(ROOT, code))
            med = {
                k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
                for k, v in got.items()
            }
            rows.append((name, med["base"], med["this"], target))
            print(f"{name}: base {med['base']}, this {med['this']}", file=sys.stderr)
    load = open("/proc/loadavg").read().split()[0]
    print(
        f"base {args.base}, {repeats} alternations, load average {load_start} at the start, "
        f"{load} at the end\n"
    )
    print(
        "| Figure (medians) | base wall | base CPU | this wall | this CPU | ratio wall | ratio CPU | target |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, (bw, bc), (tw, tc), target in rows:
        rw = f"{bw / tw:.2f}x" if tw else ""
        rc = f"{bc / tc:.2f}x" if tc else ""
        print(f"| {name} | {bw:.3g} | {bc:.3g} | {tw:.3g} | {tc:.3g} | {rw} | {rc} | {target} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
