"""The month's tables come from one registry of named reporters: the rows carry exactly the
CSV's columns, and every column is explained in docs/model.md for the instructors who read
the CSV files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.core.engine import Engine
from game.core.metrics import TOWN_COLUMNS, TOWN_REPORTERS, TRADE_COLUMNS, TRADE_REPORTERS
from game.core.state import STATUS_NAMES
from game.session import load_scenario

DOCS = Path(__file__).resolve().parents[2] / "docs" / "model.md"


@pytest.fixture(scope="module")
def engine():
    sc = load_scenario("steel_town_2016")
    e = Engine(sc.params, seed=3)
    e.run(4)
    return e


def test_rows_carry_exactly_the_reporters_columns(engine):
    m = engine.metrics
    assert len(m.town) == 5  # the opening month and four more
    assert all(list(row) == TOWN_COLUMNS for row in m.town)
    assert len(m.trades) == 5 * len(engine.params.trades)
    assert all(list(row) == TRADE_COLUMNS for row in m.trades)


def test_the_town_rows_agree_with_the_state_they_were_read_from(engine):
    st, last = engine.state, engine.metrics.town[-1]
    assert last["households"] == st.n
    assert last["loans_outstanding"] == int((st.loan_principal > 0).sum())
    assert last["informal_debt"] == round(float(st.informal_debt.sum()), 2)
    sellers = sum(r["sellers"] for r in engine.metrics.trades if r["month"] == last["month"])
    assert sellers == last["self_employed"]


def test_every_column_is_explained_in_the_model_document():
    text = DOCS.read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)`", text))
    # Households by status are named together ("households by status"), not one by one.
    statuses = set(STATUS_NAMES)
    missing = [
        r.name
        for r in (*TOWN_REPORTERS, *TRADE_REPORTERS)
        if r.name not in named and r.name not in statuses and r.name != "households"
    ]
    assert not missing, f"columns with no word in docs/model.md: {missing}"
