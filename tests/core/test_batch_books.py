"""A batch's books and month tables (game/core/batch.py, batch_metrics.py): each town's flows,
sector stocks and tables are rows of the batch's arrays, and read back as the very dicts and
rows - key order and all - the town keeps alone (issue 13)."""

import json
from dataclasses import replace

import numpy as np
import pytest

from game.core.batch import Batch
from game.core.engine import Engine
from game.core.params import Params
from game.core.rules.books import FLOWS, Books, FlowRow, StockRow
from game.core.rules.context import book
from game.core.state import SECTOR_STOCKS
from game.scenario.loader import load_scenario


def small(months=5, households=150):
    p = Params()
    return replace(p, months=months, town=replace(p.town, households=households))


def as_text(metrics) -> str:
    """The tables as a save writes them: key order and value types count."""
    return json.dumps(metrics.to_dict())


@pytest.mark.parametrize("players", [(), (0,)])
def test_a_towns_tables_and_books_are_its_lone_runs_as_text(players):
    params = load_scenario("steel_town_2016").params
    params = replace(params, months=8, town=replace(params.town, households=200))
    seeds = list(range(40, 50))  # ten towns: the batch seeds and books them together
    batch = Batch(params, seeds, players=players)
    batch.run_months()
    for seed, eng in zip(seeds, batch.engines, strict=True):
        alone = Engine(params, seed=seed, players=players)
        alone.run()
        assert as_text(eng.metrics) == as_text(alone.metrics), f"seed {seed}"
        assert list(eng.last_flows.items()) == list(alone.last_flows.items())
        assert json.dumps(eng.state.to_dict()) == json.dumps(alone.state.to_dict())
        assert eng.hashes == alone.hashes


def test_each_towns_books_are_a_row_of_the_batchs_arrays():
    batch = Batch(small(), (1, 2, 3), players=())
    batch.run_months(2)
    books = batch.books
    for r, eng in enumerate(batch.engines):
        assert isinstance(eng.ctx.flows, FlowRow) and isinstance(eng.state.sector_cash, StockRow)
        assert list(eng.state.sector_cash) == list(SECTOR_STOCKS)
        for name in SECTOR_STOCKS:
            assert eng.state.sector_cash[name] == books.stocks[r, SECTOR_STOCKS.index(name)]
    # a rule booking one town (as the rules without a batched form do) moves its row only
    before = books.stocks.copy()
    eng = batch.engines[1]
    book(eng.state, eng.ctx, "interest_subsidy", 25.0)
    assert eng.ctx.flows["interest_subsidy"] == 25.0
    assert list(eng.ctx.flows) == ["interest_subsidy"]  # the month's first booking
    assert "loan_repaid" not in eng.ctx.flows
    moved = books.stocks - before
    assert moved[1].tolist() == [25.0, 0.0, 0.0, -25.0]  # state -> bank
    assert not moved[[0, 2]].any()


def test_the_month_flows_move_the_sector_stocks_in_every_town():
    """Stock-flow consistency per town: each sector's stock changes by what flowed in less
    what flowed out, to the cent (households: their cash column)."""
    batch = Batch(small(months=6), (7, 8, 9, 10), players=())
    batch.run_months()
    for eng in batch.engines:
        m = eng.metrics
        for month in range(1, len(m.sectors)):
            change = {k: m.sectors[month][k] - m.sectors[month - 1][k] for k in m.sectors[month]}
            expected = dict.fromkeys(change, 0.0)
            for flow, yuan in m.flows[month].items():
                frm, to = FLOWS[flow]
                if frm in expected:
                    expected[frm] -= yuan
                if to in expected:
                    expected[to] += yuan
            for sector, yuan in change.items():
                assert yuan == pytest.approx(expected[sector], abs=0.05), (month, sector)


def test_books_of_all_towns_at_once_are_the_sums_one_town_at_a_time_gives():
    towns = Books(3, SECTOR_STOCKS)
    alone = Books(3, SECTOR_STOCKS)
    for flow, amounts in (
        ("loan_repaid", [10.5, 0.0, 3.25]),
        ("state_wages", [1.0, 2.0, 0.0]),
        ("loan_repaid", [0.0, 7.0, 1.0]),
    ):
        towns.book_runs(flow, np.array(amounts))
        for r, yuan in enumerate(amounts):
            if yuan:
                alone.book(r, flow, yuan)
    assert towns.flows.tolist() == alone.flows.tolist()
    assert towns.stocks.tolist() == alone.stocks.tolist()
    assert towns.flow_dicts() == alone.flow_dicts()
    # the key order is each town's own order of first booking
    assert [list(d) for d in towns.flow_dicts()] == [
        ["loan_repaid", "state_wages"],
        ["state_wages", "loan_repaid"],
        ["loan_repaid"],
    ]


def test_a_command_booked_between_months_lands_in_the_batchs_books():
    """The books of a town whose month was closed on its own (a plain dict again) are copied
    into the batch's rows before the next month, in their order."""
    batch = Batch(small(), (3, 4), players=())
    batch.run_months(1)
    eng = batch.engines[0]
    eng.ctx.flows = {"remittances": 12.0}  # a month context made apart from the batch
    batch._attach_books()
    assert dict(eng.ctx.flows) == {"remittances": 12.0}
    assert batch.books.flows[0, list(FLOWS).index("remittances")] == 12.0


def test_sorting_within_groups_gives_lexsorts_values():
    from game.core.metrics import sort_within

    rng = np.random.default_rng(4)
    group = rng.integers(0, 300, 5000)
    values = np.round(rng.normal(0, 50, 5000), 1)  # many ties
    values[::97] = np.nan
    values[::101] = -0.0  # a negative zero keeps its place among the zeros
    got = values[sort_within(values, group)]
    want = values[np.lexsort((values, group))]
    assert np.array_equal(got, want, equal_nan=True)
    assert np.array_equal(np.signbit(got), np.signbit(want))


@pytest.mark.parametrize("digits", [2, 4])
def test_rounding_in_numpy_is_pythons_round_bit_for_bit(digits):
    from game.core.metrics import rounded

    rng = np.random.default_rng(digits)
    spread = np.concatenate([rng.normal(0, s, 20_000) for s in (1e-3, 1.0, 1e4, 1e9, 1e14)])
    k = rng.integers(-(10**9), 10**9, 20_000)
    halves = (k + 0.5) / 10**digits  # the nearest doubles to halves, and their neighbours
    edges = [0.0, -0.0, np.nan, np.inf, -np.inf, 5e-324, 1e300, *(np.arange(-64, 64) / 32)]
    x = np.concatenate(
        [spread, halves, np.nextafter(halves, np.inf), np.nextafter(halves, -np.inf), edges]
    )
    want = [repr(round(v, digits)) for v in x.tolist()]
    assert [repr(v) for v in rounded(x, digits)] == want


def test_a_sweeps_towns_close_their_months_alone_on_the_batchs_books():
    """Towns with their own parameter values close each month one by one (`close_month`),
    reading their books through the views: the same tables, as text, as alone."""
    base = small(months=5, households=120)
    params = [replace(base, policy=replace(base.policy, loan_ceiling_yuan=c)) for c in (0.0, 5e4)]
    batch = Batch(params, (7, 8), players=())
    assert batch.shared_params() is None
    batch.run_months()
    for q, seed, eng in zip(params, (7, 8), batch.engines, strict=True):
        alone = Engine(q, seed=seed, players=())
        alone.run()
        assert as_text(eng.metrics) == as_text(alone.metrics)
        assert eng.hashes == alone.hashes


def test_a_town_of_a_batch_saves_copies_and_plays_on_alone():
    """A town taken out of a batch mid-run - saved and loaded, or copied - plays on alone with
    the bytes of a lone run: the saves hold plain dicts, a copy keeps its own books."""
    import copy

    params = small(months=6, households=150)
    batch = Batch(params, (21, 22, 23), players=(0,))
    batch.run_months(3)
    town = batch.engines[1]
    saved = json.loads(json.dumps(town.to_dict()))
    loaded = Engine.from_dict(saved, params)
    copied = copy.deepcopy(town)
    alone = Engine(params, seed=22, players=(0,))
    alone.run()
    for eng in (loaded, copied):
        eng.run()
        assert eng.hashes == alone.hashes
        assert as_text(eng.metrics) == as_text(alone.metrics)
    batch.run_months()  # the batch itself is untouched by the copy's months
    assert batch.engines[1].hashes == alone.hashes


@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
def test_a_copied_batch_steps_its_own_towns_as_alone(how):
    """A copy of a whole batch mid-run (copy.deepcopy, or a pickle loaded) steps on with each
    town's lone bytes, and so does the batch it was copied from: numpy copies each town's
    columns apart from the flat columns they were views of, and the copy makes them views of
    its own flat columns again (else the batched rules step columns no town reads)."""
    import copy
    import pickle

    params = small(months=6, households=150)
    seeds = list(range(8))  # (a batch of 8 or more seeds its towns' generators at once)
    batch = Batch(params, seeds, players=(0,))
    batch.run_months(3)
    copied = copy.deepcopy(batch) if how == "deepcopy" else pickle.loads(pickle.dumps(batch))
    assert not np.shares_memory(copied.columns["cash"], batch.columns["cash"])
    for r, eng in enumerate(copied.engines):
        lo, hi = copied.offsets[r], copied.offsets[r + 1]
        assert np.shares_memory(eng.state.cash, copied.columns["cash"][lo:hi])
    copied.run_months()
    batch.run_months()
    for seed, mine, theirs in zip(seeds, copied.engines, batch.engines, strict=True):
        alone = Engine(params, seed=seed, players=(0,))
        alone.run()
        for eng in (mine, theirs):
            assert eng.hashes == alone.hashes, f"seed {seed}"
            assert as_text(eng.metrics) == as_text(alone.metrics)


def test_lenders_money_of_every_town_is_each_towns_own():
    """`lenders_money` reads every town's lenders from the batch's books while each town holds
    the stock row the batch gave it; a town whose stocks are its own again is read from them."""
    from game.core.rules.batched_household import lenders_money

    batch = Batch(small(), list(range(4)), players=())
    batch.run_months(2)
    want = [max(e.state.sector_cash["lenders"], 0.0) for e in batch.engines]
    assert lenders_money(batch).tolist() == want
    own = dict(batch.engines[2].state.sector_cash)
    own["lenders"] = want[2] + 1234.5  # (not what the batch's books hold)
    batch.engines[2].state.sector_cash = own
    want[2] = own["lenders"]
    assert lenders_money(batch).tolist() == want


def test_the_agreement_share_of_every_town_is_its_lone_towns():
    """The town rows' agreement share, counted from the batch's sellers, is each town's own,
    in months when agreements hold (two years of the default town)."""
    params = small(months=24, households=300)
    batch = Batch(params, list(range(10)), players=())
    batch.run_months()
    held = 0
    for seed, eng in enumerate(batch.engines):
        alone = Engine(params, seed=seed, players=())
        alone.run()
        share = [row["agreement_share"] for row in eng.metrics.town]
        assert share == [row["agreement_share"] for row in alone.metrics.town], seed
        held += sum(s > 0 for s in share)
    assert held >= 50  # (agreements held in many town-months)


def test_a_row_maker_gives_the_zipped_dict_in_key_order():
    from game.core.batch_metrics import row_maker
    from game.core.metrics import TOWN_COLUMNS, TRADE_COLUMNS

    for keys in (TRADE_COLUMNS, TOWN_COLUMNS, ["b", "a", "it's"]):
        values = [float(i) + 0.5 for i in range(len(keys))]
        row = row_maker(keys)(*values)
        assert row == dict(zip(keys, values, strict=True)) and list(row) == list(keys)
    with pytest.raises(TypeError):
        row_maker(["a", "b"])(1)
    with pytest.raises(ValueError):
        row_maker(["a", "a"])


def test_grouped_medians_are_each_groups_sorted_middles():
    """Every town's trade medians at once (`grouped_medians_of`, rows of a padded table) are
    the medians of each group's values sorted one group at a time: with ties, infinities,
    empty groups, a NaN or a negative zero (those arrays sorted the slower, stable way) and a
    group far wider than the rest (no padded table then)."""
    from game.core.metrics import grouped_medians_of

    def medians(values, group, n_groups):
        out = np.full(n_groups, np.nan)
        for i in range(n_groups):
            v = np.sort(values[group == i], kind="stable")
            if v.size:
                out[i] = 0.5 * (v[(v.size - 1) // 2] + v[v.size // 2])
        return out

    rng = np.random.default_rng(8)
    group = rng.integers(0, 700, 6000)
    group[group % 7 == 3] += 1  # trade 3 empty in every town
    ties = np.round(rng.normal(100, 30, 6000), 0)
    ties[::50] = np.inf
    with_nan = ties.copy()
    with_nan[::301] = np.nan
    with_zero = np.where(rng.random(6000) < 0.3, 0.0, ties)
    with_zero[::13] = -0.0
    arrays = [ties, with_nan, with_zero, rng.normal(0, 1, 6000)]
    got = grouped_medians_of(arrays, group, 700)
    for values, med in zip(arrays, got, strict=True):
        want = medians(values, group, 700)
        assert np.array_equal(med, want, equal_nan=True)
        assert np.array_equal(np.signbit(med), np.signbit(want))
    wide = np.where(rng.random(6000) < 0.8, 5, group)  # mostly one group: no padded table
    (med,) = grouped_medians_of([ties], wide, 700)
    assert np.array_equal(med, medians(ties, wide, 700), equal_nan=True)


def test_each_towns_income_ratio_median_and_mean_are_its_own():
    """The town rows' median and mean income-against-wage of every town at once (a padded
    row sort, each town's own sum) are what each town's values give alone, `_median` and the
    mean: with ties, a town with nobody laid off, and the NaN and negative-zero cases."""
    from game.core.batch_metrics import _ratio_columns
    from game.core.metrics import _median, _num

    rng = np.random.default_rng(12)
    laid = rng.random((60, 80)) < rng.random((60, 1))
    laid[7] = False
    for case in ("plain", "nan", "negative zero"):
        ratio = np.round(rng.random(int(laid.sum())) * 3, 2)
        if case == "nan":
            ratio[5] = np.nan
        if case == "negative zero":
            ratio[::9] = -0.0
        counts = laid.sum(axis=1)
        parts = np.split(ratio, np.cumsum(counts)[:-1])
        medians, means = _ratio_columns(ratio, laid, counts)
        assert medians == [_num(_median(r)) if r.size else None for r in parts], case
        assert means == [_num(r.sum() / r.size) if r.size else None for r in parts], case
