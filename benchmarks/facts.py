"""Print the stylized-fact measurements of docs/evidence.md on the default town, over several
horizons (the numbers the tests check and the closing notes quote). Where a fact is read at
several horizons, each town runs once to the longest (experiments.*_at).

Usage: python benchmarks/facts.py [--seeds N] [--only 1,4,6]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.core import experiments as ex  # noqa: E402
from game.core.params import Params  # noqa: E402


def r(x, nd=3):
    if isinstance(x, dict):
        return {k: r(v, nd) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [r(v, nd) for v in x]
    return round(float(x), nd) if isinstance(x, (float, np.floating)) else x


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    only = {s.strip() for s in a.only.split(",") if s.strip()}
    seeds = range(a.seeds)
    p = Params()
    t0 = time.perf_counter()

    def want(k: str) -> bool:
        return not only or k in only

    if want("1"):
        for n in (5, 6, 8, 10):
            print(f"fact 1 n={n}:", r(ex.profit_dilution(p, n=n, seeds=range(5))))
        print("fact 1 price a year after spending halves (ratio):", r(ex.price_against_demand(p)))
    if want("2"):
        for months, c in ex.clustering_at(p, seeds=seeds, horizons=(24, 36)).items():
            print(f"fact 2 clustering {months} m:", r(c))
    if want("3"):
        print(
            "fact 3 calm towns (64 x 500 households, 48 m):",
            r(ex.baseline_survival(p, seeds=range(64))),
        )
    if want("4"):
        # to month 72: the second year after lending resumes ends after month 60 in most towns
        c = ex.crisis(p, seeds=seeds, months=72)
        arr = c.pop("arrears_by_month")
        iqr = c.pop("arrears_iqr_by_month")
        print(
            "fact 4 crisis arrears m12..60 step 6:",
            [(m, r(arr[m], 2), r(iqr[m], 2)) for m in range(12, 61, 6)],
        )
        print("fact 4 crisis:", r(c))
        normal = ex.normal_repayment_at(p, seeds=range(20), horizons=(24, 36, 60))
        for months, n in normal.items():
            print(f"fact 4 normal times {months} m:", r(n))
    if want("5"):
        windows = ex.credit_effect_windows(p, seeds=seeds, windows=((12, 18), (24, 36)))
        for (lo, hi), c in windows.items():
            print(f"facts 5/10 credit on vs off (m{lo}-{hi}):", r(c))
    if want("6"):
        print(
            "fact 6 returns to capital per yuan a month:", r(ex.returns_to_capital(p, seeds=seeds))
        )
    if want("7"):
        print("fact 7 demand feedback:", r(ex.demand_feedback(p, seeds=seeds)))
    if want("8"):
        print("fact 8 remittances -20% (revenue):", r(ex.remittance_shock(p, seeds=seeds)))
    if want("9"):
        for months, lab in ex.labour_market_at(p, seeds=seeds, horizons=(24, 36)).items():
            print(f"fact 9 labour market {months} m:", r(lab))
    if want("11"):
        print(
            "fact 11 agreement held a year: few calm",
            ex.agreement_survival(p, 3, False),
            "many desperate",
            ex.agreement_survival(p, 12, True),
        )
    print(f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
