"""`python main.py paths` before and after, in one sitting (issue 13: `paths` on batches).

    python benchmarks/bench_paths.py --base aec2eba               # 20 runs, 2 workers, 3 times
    python benchmarks/bench_paths.py --base aec2eba --runs 5 --repeats 1 --jobs 1

The base commit is exported (`git archive`) to a temporary folder; the command runs in a fresh
process in each tree, alternating base / this `--repeats` times so both see the same load on
the shared cores. Wall time, and CPU time of the command and its worker processes; medians,
the ratio base / this (over 1 = faster), and whether the two trees wrote the same files.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_run_axis import commit_tree  # benchmarks/: the script's own folder

ROOT = Path(__file__).resolve().parents[1]
FILES = ("paths.csv", "paths_detail.csv")


def timed(tree: Path, args: list[str], out: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the command and its workers) of one `paths` command."""
    import time

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "main.py", "paths", *args, "--out", str(out)],
        cwd=tree,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="the commit to compare with")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    cmd = ["--runs", str(args.runs), "--jobs", str(args.jobs), "--seed", str(args.seed)]
    with tempfile.TemporaryDirectory() as tmp:
        base = commit_tree(args.base, Path(tmp) / "base")
        trees = {"base": base, "this": ROOT}
        got: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        same = True
        for i in range(args.repeats):
            for name, tree in trees.items():
                out = Path(tmp) / f"{name}{i}"
                got[name].append(timed(tree, cmd, out))
                wall, cpu = got[name][-1]
                print(
                    f"{name} {i}: wall {wall:.1f} s, CPU {cpu:.1f} s, load {os.getloadavg()[0]:.1f}"
                )
            for f in FILES:
                same &= (Path(tmp) / f"base{i}" / f).read_bytes() == (
                    Path(tmp) / f"this{i}" / f
                ).read_bytes()
    med = {
        name: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        for name, v in got.items()
    }
    print(f"\npaths {' '.join(cmd)}, base {args.base}, {args.repeats} alternations")
    print(
        "| Figure (medians) | base wall | base CPU | this wall | this CPU | ratio wall | ratio CPU |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    (bw, bc), (tw, tc) = med["base"], med["this"]
    print(
        f"| paths (s) | {bw:.1f} | {bc:.1f} | {tw:.1f} | {tc:.1f} | {bw / tw:.2f}x | {bc / tc:.2f}x |"
    )
    print("the same paths.csv and paths_detail.csv: " + ("yes" if same else "NO"))


if __name__ == "__main__":
    main()
