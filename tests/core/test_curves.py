"""The town's curves (game/core/curves.py): what the charts, the month screen's market, the
ending and the debrief read of the town's history. They say what the metrics tables say, named
by the reporters, and travel as JSON to a remote seat."""

from __future__ import annotations

import json

import pytest

from game.core.curves import TownCurves, town_curves
from game.core.metrics import TOWN_REPORTERS, TRADE_REPORTERS
from game.session import GameSession


@pytest.fixture(scope="module")
def played() -> GameSession:
    s = GameSession.new("steel_town_2016", seed=7, autosave=False)
    for _ in range(4):
        s.end_month()
        s.pending_events.clear()
    return s


def test_curves_are_the_metrics_tables_as_series(played):
    m, c = played.engine.metrics, played.curves()
    assert c.months == tuple(range(5))  # month 0 (the town before anyone chose) and four more
    assert list(c.town) == [r.name for r in TOWN_REPORTERS]
    assert c.town_rows() == m.town
    assert c.trade_rows() == m.trades
    key = c.trade_keys[2]
    assert list(c.trades[key]) == [r.name for r in TRADE_REPORTERS]
    assert c.trades[key]["sellers"] == [r["sellers"] for r in m.trades if r["trade"] == key]
    assert c.latest(key) == m.trades[-len(c.trade_keys) + 2]
    assert c.first(key) == m.trades[2]
    assert c.total("entries") == sum(r["entries"] for r in m.town)


def test_curves_travel_as_json(played):
    c = played.curves()
    back = TownCurves.from_dict(json.loads(json.dumps(c.to_dict(), allow_nan=False)))
    assert back == c


def test_the_sessions_curves_follow_the_months():
    s = GameSession.new("steel_town_2016", seed=8, autosave=False)
    before = s.curves()
    assert s.curves() is before  # asked every frame: built once a month
    assert before.latest(before.trade_keys[0])["month"] == 0
    s.end_month()
    after = s.curves()
    assert after.months == (0, 1) and after == town_curves(s.engine)


def test_no_month_collected_reads_empty():
    s = GameSession.new("steel_town_2016", seed=9, autosave=False)
    s.engine.metrics.town.clear()
    s.engine.metrics.trades.clear()
    c = town_curves(s.engine)
    assert c.months == () and c.latest(c.trade_keys[0]) == {} and c.first("no such") == {}
    assert c.town_rows() == [] and c.total("entries") == 0
