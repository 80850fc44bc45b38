"""`sweep --param PATH --values A,B,C`: an instructor's parameter sweep. Runs the scenario at
each value (game/simulate.py does the runs) and writes the medians, every run, and a chart.
Returns an exit code like the other headless commands: 0 done, 2 bad input."""

from __future__ import annotations

import csv
import math
import sys
import time
from pathlib import Path
from typing import Any

from game import simulate as sim
from game.progress import Progress

# One row per value: the median over runs of each outcome (and the 10th and 90th percentiles).
OUTCOMES = [
    ("entries", "businesses opened (whole run)"),
    ("exits", "businesses closed (whole run)"),
    ("sellers_end", "sellers at the end"),
    ("peak_arrears", "peak arrears rate (loans due in 12 months)"),
    ("defaults", "defaults (whole run)"),
    ("guarantor_calls", "guarantors called (whole run)"),
    ("income_vs_wage_end", "laid-off median income / former wage, at the end"),
    ("agreement_share_mean", "share of sellers in a price agreement (mean over months)"),
    ("suspended_months", "months the bank stopped lending"),
]


class _Usage(Exception):
    pass


def _run_outcomes(
    town_rows: list[dict], trade_rows: list[dict], months: int
) -> list[dict[str, float]]:
    """Per run: the outcomes of OUTCOMES, from the core's per-month tables."""
    runs: dict[int, dict[str, Any]] = {}
    for r in town_rows:
        o = runs.setdefault(
            r["run"],
            {
                "entries": 0,
                "exits": 0,
                "defaults": 0,
                "guarantor_calls": 0,
                "peak_arrears": 0.0,
                "agreement": [],
                "suspended_months": 0,
            },
        )
        o["entries"] += r["entries"]
        o["exits"] += r["exits"]
        o["defaults"] += r["defaults"]
        o["guarantor_calls"] += r["guarantor_calls"]
        o["peak_arrears"] = max(o["peak_arrears"], r["arrears_rate"] or 0.0)
        o["agreement"].append(r["agreement_share"] or 0.0)
        o["suspended_months"] += 1 if r["lending_suspended"] else 0
        if r["month"] == months:
            o["self_employed_end"] = r["self_employed"]
            o["income_vs_wage_end"] = r["median_income_vs_former_wage"]
    sellers: dict[int, int] = {}
    for r in trade_rows:
        if r["month"] == months:
            sellers[r["run"]] = sellers.get(r["run"], 0) + r["sellers"]
    out = []
    for run, o in sorted(runs.items()):
        out.append(
            {
                "run": run,
                "entries": o["entries"],
                "exits": o["exits"],
                "sellers_end": sellers.get(run, 0),
                "peak_arrears": o["peak_arrears"],
                "defaults": o["defaults"],
                "guarantor_calls": o["guarantor_calls"],
                "income_vs_wage_end": o.get("income_vs_wage_end"),
                "agreement_share_mean": sum(o["agreement"]) / max(len(o["agreement"]), 1),
                "suspended_months": o["suspended_months"],
            }
        )
    return out


def _quantile(xs: list[float], q: float) -> float | None:
    xs = sorted(x for x in xs if x is not None and math.isfinite(x))
    if not xs:
        return None
    pos = q * (len(xs) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return round(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo), 4)


def _parse_values(text: str) -> list[str]:
    values = [v.strip() for v in text.split(",")]
    if not values or any(not v for v in values):
        raise _Usage(f"--values expects comma-separated values, e.g. 0,20000,50000; got {text!r}")
    if len(values) > 50:
        raise _Usage(f"--values: at most 50 values (got {len(values)})")
    return values


def run_sweep(args: Any) -> int:
    """`sweep --param PATH --values A,B,C`: run the scenario at each value; write sweep.csv,
    sweep_runs.csv and sweep.png (outcomes against the parameter) to --out."""
    try:
        values = _parse_values(args.values)
        if args.runs < 1:
            raise _Usage(f"--runs must be at least 1 (got {args.runs})")
        if args.months is not None and not 1 <= args.months <= 1200:
            raise _Usage(f"--months must be between 1 and 1200 (got {args.months})")
        if args.seed < 0:
            raise _Usage(f"--seed must be 0 or more (got {args.seed})")
        params, title = sim._load_params(args)
        months = args.months if args.months is not None else params.months
        variants = []
        for raw in values:
            p = sim.apply_set(params, f"{args.param}={raw}")
            variants.append((raw, sim.parse_value(raw), p))
        out = sim._check_out(args.out)
    except (_Usage, sim.UsageError) as exc:
        print(f"sweep: {exc}", file=sys.stderr)
        print("Try: python main.py sweep --help", file=sys.stderr)
        return 2

    jobs = getattr(args, "jobs", None)
    summary_rows: list[dict[str, Any]] = []
    run_rows: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    with Progress(len(variants) * args.runs, "sweep", "runs", log_when_not_tty=True) as bar:
        for raw, _value, p in variants:
            trade_rows, town_rows = sim.run_many(p, args.seed, args.runs, months, jobs, bar.update)
            per_run = _run_outcomes(town_rows, trade_rows, months)
            row: dict[str, Any] = {
                "param": args.param,
                "value": raw,
                "runs": args.runs,
                "months": months,
            }
            for key, _label in OUTCOMES:
                xs = [r[key] for r in per_run]
                row[key] = _quantile(xs, 0.5)
                row[f"{key}_p10"] = _quantile(xs, 0.1)
                row[f"{key}_p90"] = _quantile(xs, 0.9)
            summary_rows.append(row)
            run_rows += [{"param": args.param, "value": raw, **r} for r in per_run]
    elapsed = time.perf_counter() - t0

    columns = ["param", "value", "runs", "months"]
    for key, _label in OUTCOMES:
        columns += [key, f"{key}_p10", f"{key}_p90"]
    _write_csv(out / "sweep.csv", columns, summary_rows)
    _write_csv(
        out / "sweep_runs.csv", ["param", "value", "run", *[k for k, _ in OUTCOMES]], run_rows
    )
    chart = out / "sweep.png"
    _sweep_chart(
        chart, args.param, [v for _, v, _ in variants], summary_rows, title, args.runs, months
    )

    print(
        f"{title}: {args.param} over {', '.join(values)} ({args.runs} run{'s' if args.runs != 1 else ''} "
        f"x {months} months each, medians over runs)"
    )
    width = max(len(v) for v in values)
    print(f"  {'value':>{width}}  entries  exits  peak arrears  income/wage  agreement")
    for r in summary_rows:
        inc = r["income_vs_wage_end"]
        print(
            f"  {r['value']:>{width}}  {r['entries']:7.0f}  {r['exits']:5.0f}  {r['peak_arrears']:12.0%}  "
            f"{'n/a' if inc is None else f'{inc:.0%}':>11}  {r['agreement_share_mean']:9.0%}"
        )
    print(f"({elapsed:.1f} s) wrote {out / 'sweep.csv'}, {out / 'sweep_runs.csv'}, {chart}")
    return 0


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for row in rows:
            w.writerow([sim.format_value(row.get(c)) for c in columns])


def _sweep_chart(
    path: Path,
    param: str,
    values: list[Any],
    rows: list[dict[str, Any]],
    title: str,
    runs: int,
    months: int,
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    xs = [float(v) for v in values] if numeric else list(range(len(values)))
    panels = [
        (
            "Businesses opened and closed",
            [("entries", "opened", "#0072B2"), ("exits", "closed", "#D55E00")],
            "businesses (whole run)",
            False,
        ),
        (
            "Loan arrears",
            [("peak_arrears", "peak arrears rate", "#D55E00")],
            "share of loans due in 12 months",
            True,
        ),
        (
            "Income after the layoff",
            [("income_vs_wage_end", "median income / former wage", "#009E73")],
            "ratio to the former wage",
            True,
        ),
        (
            "Sellers' price agreements",
            [("agreement_share_mean", "sellers in an agreement", "#CC79A7")],
            "share of sellers (mean)",
            True,
        ),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5), dpi=110)
    for ax, (heading, series, ylabel, share) in zip(axes.flat, panels, strict=True):
        for key, label, colour in series:
            mid = [r[key] for r in rows]
            lo = [r[f"{key}_p10"] for r in rows]
            hi = [r[f"{key}_p90"] for r in rows]
            ok = [i for i, m in enumerate(mid) if m is not None]
            ax.plot(
                [xs[i] for i in ok],
                [mid[i] for i in ok],
                marker="o",
                color=colour,
                lw=2,
                label=f"{label} (median)",
            )
            if runs > 1:
                band = [i for i in ok if lo[i] is not None and hi[i] is not None]
                ax.fill_between(
                    [xs[i] for i in band],
                    [lo[i] for i in band],
                    [hi[i] for i in band],
                    color=colour,
                    alpha=0.15,
                    lw=0,
                    label="10th-90th percentile of runs",
                )
        ax.set_title(heading, fontsize=11, loc="left")
        ax.set_xlabel(param)
        ax.set_ylabel(ylabel)
        if share:
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylim(bottom=0)
        if not numeric:
            ax.set_xticks(xs, [str(v) for v in values])
        elif len(xs) <= 8:
            ax.set_xticks(xs, [f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}" for v in xs])
        ax.grid(True, color="#dddddd", lw=0.6)
        ax.legend(fontsize=8, frameon=False, loc="best")
    fig.suptitle(
        f"{title}\noutcomes against {param} ({runs} run{'s' if runs != 1 else ''} x {months} months per value)",
        fontsize=12,
    )
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
