"""The economy's figures for each built-in scenario at 24, 36 and 60 months: every stylized fact
that a plain run of the town shows, as median [interquartile range] over the seeds, beside the
evidence's range; and the books' largest residual over 120 months. Markdown on stdout.

    python benchmarks/economy_report.py [--seeds 20] [--scenarios steel_town_2016,...]

Facts measured by controlled experiments on the default town (1, 3, 6, 8, 11) are in
benchmarks/facts.py.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.core import experiments as ex  # noqa: E402
from game.core.engine import Engine  # noqa: E402
from game.core.state import Status  # noqa: E402
from game.scenario import load_scenario  # noqa: E402

HORIZONS = (24, 36, 60)
BUILTINS = ("steel_town_2016", "xiagang_1998", "returnee_township_2009", "what_if_no_loans",
            "what_if_public_jobs", "what_if_cooperative", "tutorial")  # fmt: skip
RETAIL_CATERING = {"xiagang_1998": ("breakfast", "kiosk")}


def one(job: tuple[str, int, bool]) -> dict:
    """One scenario, one seed, 60 months (loans on, or off for the credit comparison)."""
    name, seed, loans = job
    p = load_scenario(name).params
    if not loans:
        p = replace(p, policy=replace(p.policy, loans_enabled=False))
    e = Engine(replace(p, months=120 if loans else 60), seed=seed, players=())
    out: dict = {m: {} for m in HORIZONS}
    rc = RETAIL_CATERING.get(name, ("noodles", "shop"))
    first = None
    for month in range(1, e.params.months + 1):
        e.end_month()
        if month == 1:
            first = e.metrics.trades[: e.state.n_trades]
        if month in HORIZONS:
            town, trades = e.metrics.town, e.metrics.trades
            sub = ex.entries_by_trade(e, "subsidised_entries")
            total = sum(sub.values())
            allent = ex.entries_by_trade(e)
            top = max(allent, key=allent.get)
            rows = [r for r in trades if r["trade"] == top]
            st = e.state
            laid = st.laid_off_month >= 0
            matured = sum(r["loans_matured"] for r in town[18 : month + 1])
            defaults = sum(r["defaults"] for r in town[18 : month + 1])
            books = st.loan_books
            lost = books["guarantors"] + books["fund"] + books["bank_losses"] + books["cooperative"]
            o = out[month]
            o["rc_share"] = sum(sub.get(k, 0) for k in rc) / total if total else np.nan
            o["top_share"] = max(sub.values()) / total if total else np.nan
            o["arrears_now"] = town[month]["arrears_rate"]
            o["arrears_pooled_from_18"] = defaults / matured if matured else np.nan
            o["top_sellers_ratio"] = rows[month]["sellers"] / max(rows[0]["sellers"], 1)
            p0 = (
                rows[0]["median_price"]
                or (first[[r["trade"] for r in first].index(top)]["median_price"])
            )
            o["top_price_ratio"] = (rows[month]["median_price"] or np.nan) / p0 if p0 else np.nan
            o["not_in_wage_work"] = (
                1.0 - float((st.status[laid] == Status.WAGE_JOB).mean()) if laid.any() else np.nan
            )
            o["women_among_laid_off"] = float(st.female[laid].mean()) if laid.any() else np.nan
            o["businesses"] = float(
                np.mean([r["self_employed"] for r in town[max(month - 6, 1) : month + 1]])
            )
            o["consumption"] = float(
                np.mean([r["mean_consumption"] for r in town[max(month - 6, 1) : month + 1]])
            )
            o["guarantor_share_of_losses"] = books["guarantors"] / lost if lost else np.nan
            o["went_without"] = town[month]["went_without"] / st.n
    residual = max(ex.sector_residuals(e)) if loans else 0.0
    return {"name": name, "seed": seed, "loans": loans, "at": out, "residual": residual,
            "loan_identity": abs(ex.loan_identity_residual(e))}  # fmt: skip


def fmt(xs) -> str:
    xs = np.asarray([x for x in xs if x is not None and not np.isnan(x)], "f8")
    if xs.size == 0:
        return "n/a"
    q1, med, q3 = np.percentile(xs, [25, 50, 75])
    return f"{med:.2f} [{q1:.2f}-{q3:.2f}]"


ROWS = [
    ("2", "subsidised start-ups in retail + catering", "rc_share", ">= 0.55"),
    ("2", "... in the most-entered trade", "top_share", ">= 0.35"),
    ("race", "most-entered trade's sellers / start", "top_sellers_ratio", "rises in year 1"),
    ("race", "its median price / start", "top_price_ratio", "falls (one entrant -3..-8%)"),
    ("4", "arrears, rolling 12 months", "arrears_now", "20-40% in a crisis"),
    (
        "4",
        "loans due from month 18 not repaid (pooled)",
        "arrears_pooled_from_18",
        "20-40% in a crisis",
    ),
    (
        "12",
        "guarantors' share of what defaulters left unpaid",
        "guarantor_share_of_losses",
        "guarantor first, then the fund",
    ),
    ("9", "laid-off not in wage work", "not_in_wage_work", ">= 0.5 at 2 years"),
    ("9", "women among the laid-off", "women_among_laid_off", "mostly women"),
    ("-", "households going without this month", "went_without", "(no evidence: an outcome)"),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--scenarios", default=",".join(BUILTINS))
    a = ap.parse_args()
    names = [n for n in a.scenarios.split(",") if n]
    jobs = [(n, s, loans) for n in names for s in range(a.seeds) for loans in (True, False)]
    with mp.get_context("fork").Pool() as pool:
        results = pool.map(one, jobs, chunksize=2)
    print(f"Median [interquartile range] over {a.seeds} seeds.\n")
    worst = max(r["residual"] for r in results if r["loans"])
    print(f"Books: the largest |change in a sector's cash - its net flows| over {len(names)} scenarios x "
          f"{a.seeds} seeds x 120 months: {worst:.4f} yuan; the loan identity's largest residual: "
          f"{max(r['loan_identity'] for r in results):.6f} yuan.\n")  # fmt: skip
    for n in names:
        on = [r for r in results if r["name"] == n and r["loans"]]
        off = [r for r in results if r["name"] == n and not r["loans"]]
        print(f"### {n}\n")
        print("| fact | measure | evidence | " + " | ".join(f"month {m}" for m in HORIZONS) + " |")
        print("|---|---|---|" + "---|" * len(HORIZONS))
        for fact, label, key, evidence in ROWS:
            cells = [fmt(r["at"][m][key] for r in on) for m in HORIZONS]
            print(f"| {fact} | {label} | {evidence} | " + " | ".join(cells) + " |")
        for key, label, evidence in (("businesses", "businesses with credit / without", "about +1/3 (fact 5)"),
                                     ("consumption", "consumption with credit / without", "within +-10% (fact 5)")):  # fmt: skip
            cells = []
            for m in HORIZONS:
                ratio = [
                    x["at"][m][key] / max(y["at"][m][key], 1e-9)
                    for x, y in zip(on, off, strict=True)
                ]
                cells.append(fmt(ratio))
            print(f"| 5 | {label} | {evidence} | " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main()
