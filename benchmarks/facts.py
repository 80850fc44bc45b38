"""Print the stylized-fact measurements of evidence.md on the default town (the numbers the
tests check and the closing notes quote). Usage: python benchmarks/facts.py"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.core import experiments as ex  # noqa: E402
from game.core.params import Params  # noqa: E402


def main() -> None:
    p = Params()
    t0 = time.perf_counter()
    print("fact 1 profit dilution:", ex.profit_dilution(p))
    print("fact 2 clustering:", ex.clustering(p))
    print("fact 3 baseline survival:", ex.baseline_survival(p))
    print("fact 4 default regime:", ex.default_regime(p))
    print("facts 5/10 credit on vs off:", ex.credit_effect(p))
    print("fact 7 demand feedback:", ex.demand_feedback(p))
    print("fact 8 remittances -20%:", ex.remittance_shock(p))
    print("fact 9 labour market:", ex.labour_market(p))
    print("fact 11 agreement held: few calm", ex.agreement_survival(p, 3, False),
          "many stressed", ex.agreement_survival(p, 12, True))
    print(f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
