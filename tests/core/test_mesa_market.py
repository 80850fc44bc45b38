"""The Mesa model in benchmarks/mesa_market.py runs the core's market rules (issue 13's
comparison is only fair if it does): on the same town, every seller's sales, cash, debts,
income and new price, and the town's books, agree with the core's month."""

import sys
from pathlib import Path

import pytest

pytest.importorskip("mesa")  # a benchmark dependency only (benchmarks/requirements.txt)
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import mesa_market  # noqa: E402


@pytest.mark.parametrize("households", [300, 2000])
def test_the_mesa_model_and_the_core_agree_on_the_market_month(households):
    got = mesa_market.compare(households, repeats=1)
    assert got["sellers"] > 20
    assert got["same"]
