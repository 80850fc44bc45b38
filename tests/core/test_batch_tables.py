"""A batch keeps each month's tables as arrays over its towns (`batch_metrics.MonthTables`) and
makes a town's rows when its tables are read (`metrics.Metrics`): whenever they are read - in
the middle of a run, at its end, through a save or a copy - they are the rows the town makes
alone, in order, key order and value types included (issue 13)."""

import copy
import json
import pickle
from dataclasses import replace

from game.core.batch import Batch
from game.core.engine import Engine
from game.core.metrics import Metrics
from game.core.params import Params

TABLES = ("town", "trades", "flows", "sectors")


def small(months=6, households=150):
    p = Params()
    return replace(p, months=months, town=replace(p.town, households=households))


def as_text(rows) -> str:
    return json.dumps(rows)


def lone(seed, months, params=None):
    eng = Engine(params or small(), seed=seed, players=(), fingerprint=False)
    eng.run(months)
    return eng


def test_rows_read_at_any_time_are_the_lone_towns_rows_in_order():
    seeds = list(range(20, 30))  # ten towns: the batch's own stream seeding too
    batch = Batch(small(), seeds, players=(), fingerprint=False)
    batch.run_months(2)
    # one town read in the middle of the run (its rows made; the others' still pending)
    assert len(batch.engines[3].metrics.town) == 3  # month 0 (the opening) and two months
    assert batch.engines[0].metrics.has_pending()  # nobody read town 0 yet
    batch.run_months(3)
    for seed, eng in zip(seeds, batch.engines, strict=True):
        alone = lone(seed, 5)
        for table in TABLES:
            got, want = getattr(eng.metrics, table), getattr(alone.metrics, table)
            assert isinstance(got, list)
            assert as_text(got) == as_text(want), (seed, table)
            # the rows are made once: reading again gives the same objects
            assert all(a is b for a, b in zip(got, getattr(eng.metrics, table), strict=True))
        assert not any(eng.metrics._pending["_" + table] for table in TABLES)


def test_the_last_flows_read_as_the_lone_towns_dict():
    seeds = [4, 5, 6, 7, 8, 9, 10, 11]
    batch = Batch(small(), seeds, players=(), fingerprint=False)
    batch.run_months(3)
    for seed, eng in zip(seeds, batch.engines, strict=True):
        alone = lone(seed, 3)
        assert list(eng.last_flows.items()) == list(alone.last_flows.items())
        assert eng.last_flows == alone.last_flows
        assert eng.last_flows.get("guarantor_paid", 0.0) == alone.last_flows.get(
            "guarantor_paid", 0.0
        )
        # a copy or a save keeps a plain dict, not the batch's month
        assert type(copy.deepcopy(eng.last_flows)) is dict
        assert pickle.loads(pickle.dumps(eng.last_flows)) == alone.last_flows


def test_a_town_pickled_or_copied_out_of_a_batch_carries_its_rows_only():
    batch = Batch(small(), range(10), players=(), fingerprint=False)
    batch.run_months(4)
    alone = lone(6, 4)
    eng = batch.engines[6]
    assert eng.metrics.has_pending()
    for again in (pickle.loads(pickle.dumps(eng.metrics)), copy.deepcopy(eng.metrics)):
        assert not again.has_pending()
        for table in TABLES:
            assert as_text(getattr(again, table)) == as_text(getattr(alone.metrics, table))
    # the other towns' months are still pending, and still read right afterwards
    other = batch.engines[2].metrics
    assert other.has_pending()
    assert as_text(other.trades) == as_text(lone(2, 4).metrics.trades)


def test_a_month_a_town_closes_alone_comes_after_its_batch_months():
    """A month stepped town by town (a sweep's towns, a town closing on its own) appends its
    rows after the batch's pending months, not before."""
    p = small()
    batch = Batch(p, range(8), players=(), fingerprint=False)
    batch.run_months(2)
    eng = batch.engines[5]
    assert eng.metrics.has_pending()
    eng.end_month()  # this town alone
    want = lone(5, 3).metrics
    for table in TABLES:
        assert as_text(getattr(eng.metrics, table)) == as_text(getattr(want, table)), table


def test_tables_set_or_cleared_drop_nothing_pending():
    batch = Batch(small(), range(8), players=(), fingerprint=False)
    batch.run_months(2)
    m = batch.engines[1].metrics
    saved = m.to_dict()
    assert [r["month"] for r in saved["town"]] == [0, 1, 2]
    again = Metrics.from_dict(json.loads(json.dumps(saved)))
    assert again.to_dict() == json.loads(json.dumps(saved))
    m.town = []  # a table replaced starts over; the others keep their pending months
    assert m.town == [] and len(m.sectors) == len(m.flows) == 3
    assert len(m.trades) == 3 * len(m.trade_keys) and len(m._window) == 3
    assert not m.has_pending()
    batch.run_months(1)
    assert [r["month"] for r in m.town] == [3]
    assert len(m.trades) == 4 * len(m.trade_keys)


def test_a_table_read_alone_makes_only_its_own_rows():
    """The stylized facts read the town table: no trade row or flows dict is made for them."""
    batch = Batch(small(), range(8), players=(), fingerprint=False)
    batch.run_months(3)
    months = {id(month): month for month, _ in batch.engines[0].metrics._pending["_town"]}
    for e in batch.engines:
        assert [r["month"] for r in e.metrics.town] == [0, 1, 2, 3]
    assert all(set(m.made) == {"town"} for m in months.values())
    assert batch.engines[4].metrics.has_pending()  # its trades, books and window
    assert as_text(batch.engines[4].metrics.trades) == as_text(lone(4, 3).metrics.trades)


def test_each_towns_arrears_window_is_its_lone_window_past_twelve_months():
    """The window of maturities and defaults the arrears rate reads (12 months) is written
    with the pending rows: read mid-run, past its length, and after a town read it alone."""
    p = small(months=15)
    batch = Batch(p, range(8), players=(), fingerprint=False)
    batch.run_months(5)
    mid = batch.engines[2].metrics.to_dict()["window"]
    assert mid == lone(2, 5, p).metrics.to_dict()["window"]
    batch.run_months(9)
    for seed, eng in enumerate(batch.engines):
        want = lone(seed, 14, p).metrics.to_dict()
        got = eng.metrics.to_dict()
        assert len(got["window"]) == 12
        assert got["window"] == want["window"] and got["trades"] == want["trades"], seed


def test_tables_read_as_columns_hold_the_rows_values():
    """`simulate` reads a batch's tables as columns (`table_columns`, `flow_columns`,
    `sector_columns`), no row made: month by month, every town's values, as its rows hold them."""
    from game.core import batch_metrics
    from game.core.metrics import TOWN_COLUMNS, TRADE_COLUMNS
    from game.core.rules.books import FLOW_NAMES

    batch = Batch(small(), range(10, 19), players=(), fingerprint=False)
    batch.run_months(4)
    towns = batch.engines
    trades = batch_metrics.table_columns(towns, "trades")
    town = batch_metrics.table_columns(towns, "town")
    flows = batch_metrics.flow_columns(towns)
    sectors = batch_metrics.sector_columns(towns)
    assert trades is not None and town is not None and flows is not None and sectors is not None
    assert not any(m.made for m, _ in towns[0].metrics._pending["_town"])  # no row made
    k = len(towns[0].metrics.trade_keys)
    for r in range(len(towns)):
        alone = lone(10 + r, 4).metrics
        for month in range(5):
            rows = alone.trades[month * k : (month + 1) * k]
            got = [dict(zip(TRADE_COLUMNS, v, strict=True)) for v in zip(
                *(c[month][r * k : (r + 1) * k] for c in trades), strict=True)]  # fmt: skip
            assert as_text(got) == as_text(rows), (r, month)
            got_town = dict(zip(TOWN_COLUMNS, (c[month][r] for c in town), strict=True))
            assert got_town == alone.town[month]
            booked, values = flows[month]
            width = len(FLOW_NAMES)
            got_flows = {FLOW_NAMES[i]: values[r * width + i] for i in range(width) if booked[r, i]}
            # (the same flows and amounts: the CSV writes them by name, not in booking order)
            assert sorted(got_flows.items()) == sorted(alone.flows[month].items())
            names, stocks = sectors[month]
            width = len(names)
            got_stocks = dict(zip(names, stocks[r * width : (r + 1) * width], strict=True))
            assert got_stocks == alone.sectors[month]


def test_a_batch_whose_towns_months_differ_is_not_read_as_columns():
    """A town whose tables were read mid-run holds those months as rows, the others as the
    batch's month tables: the batch is then read row by row (`table_columns` says None)."""
    from game.core import batch_metrics

    batch = Batch(small(), range(8), players=(), fingerprint=False)
    batch.run_months(2)
    assert batch_metrics.table_columns(batch.engines, "town") is not None
    batch.engines[3].metrics.town  # noqa: B018 - read on its own
    batch.run_months(1)
    assert batch_metrics.table_columns(batch.engines, "town") is None
    assert batch_metrics.table_columns(batch.engines, "trades") is not None


def test_curves_read_from_pending_months_are_the_lone_towns_curves():
    """`town_curves` of a batch's town reads its town series from the batch's columns while
    its months are pending (`batch_metrics.town_series`): every series, or a few (the
    debrief's outcomes), the months held as rows first; the rows made later are unchanged."""
    from game.core.curves import TOWN_SERIES, town_curves

    seeds = list(range(40, 49))
    batch = Batch(small(), seeds, players=(), fingerprint=False)
    batch.run_months(2)
    held = batch.engines[1].metrics.town  # town 1 holds its first months as rows
    assert len(held) == 3
    batch.run_months(3)
    few = ("entries", "exits", "defaults", "self_employed", "not_a_series")
    for seed, eng in zip(seeds, batch.engines, strict=True):
        alone = lone(seed, 5)
        for names in (TOWN_SERIES, few):
            assert eng.metrics._pending["_town"]
            got, want = town_curves(eng, names), town_curves(alone, names)
            assert as_text(got.to_dict()) == as_text(want.to_dict()), (seed, names)
            assert got.months == want.months == tuple(range(6))
        assert as_text(eng.metrics.town) == as_text(alone.metrics.town)


def test_the_last_months_trade_rows_read_from_the_columns_are_its_rows():
    """`batch_metrics.last_trade_rows` (a player's report reads its trade's row each month)
    reads the month's values from the batch's columns: they are the rows made later."""
    from game.core.batch_metrics import TradeRow, last_trade_rows

    seeds = list(range(60, 69))
    batch = Batch(small(), seeds, players=(), fingerprint=False)
    batch.run_months(3)
    k = len(batch.engines[0].metrics.trade_keys)
    for seed, eng in zip(seeds, batch.engines, strict=True):
        got = last_trade_rows(eng.metrics, k)
        assert all(isinstance(row, TradeRow) for row in got)
        got = [dict(row) for row in got]
        assert eng.metrics.has_pending()
        want = lone(seed, 3).metrics.trades[-k:]
        assert as_text(got) == as_text(want)
        assert as_text(got) == as_text(eng.metrics.trades[-k:])
        # (the rows once made: those rows)
        assert last_trade_rows(eng.metrics, k) == eng.metrics.trades[-k:]


def test_each_towns_arrears_rate_is_its_lone_towns_once_loans_fall_due():
    """The town table's arrears rate of a batch's towns (the rates the month's loans left,
    kept by the batched loans rule) is the lone town's every month, defaults included."""
    p = small(months=14, households=300)
    p = replace(p, policy=replace(p.policy, loan_term_months=3))
    seeds = list(range(70, 78))
    batch = Batch(p, seeds, players=(), fingerprint=False)
    batch.run_months()
    rates = []
    for seed, eng in zip(seeds, batch.engines, strict=True):
        want = [row["arrears_rate"] for row in lone(seed, 14, p).metrics.town]
        got = [row["arrears_rate"] for row in eng.metrics.town]
        assert got == want, seed
        rates += got
    assert any(0 < r < 1 for r in rates)  # (loans fell due, and some were not repaid)
