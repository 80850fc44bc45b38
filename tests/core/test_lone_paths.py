"""The lone town's faster paths give the values of the plain ones they replace, bit for bit
(the state hashes in test_town_bytes.py check whole runs; these check each path on its own,
including the cases a built-in run may never reach)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from game.core.engine import Engine
from game.core.params import Params
from game.core.rules import household, informal, market
from game.core.rules.context import clip, indices
from game.core.state import Status


def _town(households: int = 300, months: int = 12, **income) -> Params:
    p = Params()
    return replace(
        p,
        months=months,
        town=replace(p.town, households=households),
        income=replace(p.income, **income),
    )


def test_medians_of_several_columns_equal_each_columns_medians(monkeypatch):
    rng = np.random.default_rng(7)
    for size in (0, 1, 2, 9, 40, 300):
        k = 6
        trade = rng.integers(0, k - 1, size)  # the last trade has no seller
        price = rng.choice([3.0, 3.0, 4.5, 7.25], size)  # ties
        profit = rng.normal(0.0, 500.0, size)
        margin = np.where(rng.random(size) < 0.2, -0.0, rng.random(size))  # signed zeros
        got = market.trade_medians_of([price, margin, profit], trade, k)
        for row, values in zip(got, (price, margin, profit), strict=True):
            want = market.trade_medians(values, trade, k)
            assert row.tobytes() == want.tobytes()
    # A big market takes each column's own selection path, as before.
    monkeypatch.setattr(market, "LARGE_MARKET", 50)
    trade, values = rng.integers(0, 4, 200), rng.normal(0.0, 1.0, 200)
    got = market.trade_medians_of([values, 2 * values], trade, 4)
    assert got[1].tobytes() == market.trade_medians(2 * values, trade, 4).tobytes()


def test_income_rows_hold_each_flow_as_the_rule_states_it():
    """The rows filled in place hold what `np.where` over each status gives (the rule as it
    was written), and their sums the flows' totals and each household's income, bit for bit."""
    eng = Engine(_town(), seed=3, players=())
    eng.run(8)
    st, p = eng.state, eng.params
    inc, pol = p.income, p.policy
    rng = np.random.default_rng(1)
    st.public_job[:] = rng.random(st.n) < 0.3  # both kinds of wage job
    s = st.status
    ui = (st.ui_months_left > 0) & (st.laid_off_month >= 0)
    day_pay = np.where(rng.random(st.n) < 0.2, rng.random(st.n) * 900.0, 0.0)
    names, rows, remit, from_member = household.income_rows(p, 8, st, s, ui, day_pay)
    unit = (
        inc.migrant_wage_yuan_per_month
        * inc.remittance_share_of_migrant_wage
        * household.remittance_index(p, 8)
    )
    member = np.where(st.has_migrant_member, unit, 0.0)
    own = (s == 4) & (st.wage_arrears_left <= 0)
    wage_job, retired = s == 6, s == 5
    internal = retired & (st.laid_off_month >= 0)
    want = {
        "state_wages": np.where(
            s == 0, inc.soe_wage_yuan_per_month * household.wage_index(p, 8), 0.0
        ),
        "private_wages": np.where(wage_job & ~st.public_job, inc.wage_job_yuan_per_month, 0.0)
        + st.spouse_income,
        "public_jobs_wages": np.where(wage_job & st.public_job, inc.wage_job_yuan_per_month, 0.0),
        "day_labour_pay": day_pay,
        "unemployment_insurance": np.where(ui, inc.unemployment_insurance_yuan_per_month, 0.0),
        "pensions": np.where(retired & ~internal, inc.pension_yuan_per_month, 0.0),
        "retirement_allowance": np.where(
            internal, inc.internal_retirement_allowance_yuan_per_month, 0.0
        ),
        "retraining_stipend": np.where(s == 3, pol.retraining_stipend_yuan_per_month, 0.0),
        "remittances": member + np.where(own, unit, 0.0),
    }
    assert names == list(want)
    total = np.zeros(st.n)
    for name, row in zip(names, rows, strict=True):
        assert row.tobytes() == want[name].tobytes(), name
        assert float(row.sum()) == float(want[name].sum())
        total += want[name]
    assert rows.sum(axis=0).tobytes() == total.tobytes()  # added one flow after another
    assert remit.tobytes() == want["remittances"].tobytes()
    assert from_member.tobytes() == member.tobytes()
    flows, _, _ = household.income_flows(p, 8, st, s, ui, day_pay)  # the batch's form
    assert all(flows[k].tobytes() == want[k].tobytes() for k in want)


def test_a_negative_amount_is_filled_as_where_fills_it():
    mask = np.array([True, False, True])
    out = household._fill(np.empty(3), mask, -5.0)
    assert out.tobytes() == np.where(mask, -5.0, 0.0).tobytes()  # +0.0, not -0.0


def test_a_profile_that_changes_a_household_size_is_seen_by_the_kept_arrays():
    p = _town()
    alone = Engine(p, seed=2, players=(0,))
    size = int(alone.state.dependants[0])
    eng = Engine(p, seed=2, players=(0,), player_profile={"dependants": size + 3})
    st, inc = eng.state, p.income
    per_dependant = inc.living_cost_per_dependant_yuan_per_month
    assert informal.living_cost(p, st)[0] == inc.living_cost_yuan_per_month + per_dependant * (
        size + 3
    )
    eng.end_month()
    line = inc.minimum_living_guarantee_yuan_per_person_per_month * (2 + size + 3)
    assert st.__dict__["_dibao_line"][1][0] == line


def test_clip_and_indices_are_numpys():
    rng = np.random.default_rng(5)
    a = rng.normal(0.0, 2.0, 400)
    a[::7] = -0.0
    a[::11] = np.nan
    for lo, hi in ((0.0, 1.0), (-1.0, 1.0), (0.5, 0.25)):
        assert clip(a, lo, hi).tobytes() == np.clip(a, lo, hi).tobytes()
    f4 = a.astype("f4")
    assert clip(f4, 0, 1).tobytes() == np.clip(f4, 0, 1).tobytes()
    ints = rng.integers(-5, 5, 50).astype("i1")
    assert clip(ints, 0, 3).tobytes() == np.clip(ints, 0, 3).tobytes()
    mask = a > 0
    assert indices(mask).tobytes() == np.flatnonzero(mask).tobytes()
    grid = mask[:400].reshape(20, 20)
    assert indices(grid).tobytes() == np.flatnonzero(grid).tobytes()


def test_the_tables_reuse_observed_median_prices_only_when_nothing_changed():
    from game.core.engine import MONTH_RULES
    from game.core.metrics import MonthFrame

    eng = Engine(_town(households=400), seed=4, players=())
    eng.run(6)
    eng.open_month()
    for _, rule in MONTH_RULES:
        rule(eng)
    eng.end_of_month_state()
    st, p = eng.state, eng.params
    j = np.flatnonzero(st.status == 7)
    t = st.trade[j].astype("i8")
    reused = MonthFrame(p, st, eng.ctx, eng.metrics._window)
    assert reused.median_price is eng.ctx.observed_prices[2]
    st.price[j[0]] *= 1.5  # a price changed after neighbours looked: the tables see it
    fresh = MonthFrame(p, st, eng.ctx, eng.metrics._window)
    want = market.trade_medians(st.price[j].astype("f8"), t, st.n_trades)
    assert fresh.median_price.tobytes() == want.tobytes()
    assert fresh.median_price is not eng.ctx.observed_prices[2]


def test_the_day_wage_curve_in_plain_floats_is_numpys():
    from game.core.rules import labour

    eng = Engine(_town(), seed=6, players=())
    st, inc = eng.state, eng.params.income
    rng = np.random.default_rng(8)
    for labourers in [1, 2, 3, 5, 8, 13, 40, 100, 299, *rng.integers(1, 3000, 200).tolist()]:
        for month in (0, 5):
            days, wage = labour.day_labour_terms(eng.params, st, month, int(labourers))
            ratio = days / max(inc.day_labour_days_per_month, 1e-9)
            want = inc.day_labour_yuan_per_day * float(
                np.clip(ratio, 0.25, 1.5) ** inc.day_labour_wage_elasticity
            )
            assert wage == want


def test_the_state_hash_reads_each_arrays_bytes_contiguous_or_not():
    """The CRC over each array's own buffer is zlib's CRC of the columns' bytes in the hash's
    order (the plain form), and a column held as a strided view hashes as its values do."""
    import zlib

    from game.core.engine import _SORTED_COLUMNS
    from game.core.state import TownState

    eng = Engine(_town(), seed=5, players=())
    eng.run(4)
    st = eng.state
    arrays = [st.columns[c] for c in _SORTED_COLUMNS] + [st.skill]
    arrays += [getattr(st, k) for k in TownState._TRADE_ARRAYS]
    crc = 0
    for a in arrays:
        crc = zlib.crc32(a.tobytes(), crc)
    before = eng.state_hash()
    assert before.split("-")[1] == f"{crc:08x}"
    cash = st.columns["cash"]
    wide = np.zeros(2 * cash.size)
    wide[::2] = cash
    st.columns["cash"] = wide[::2]  # not contiguous: hashed through its bytes
    assert not st.columns["cash"].flags.c_contiguous
    assert eng.state_hash() == before


def test_reprice_and_exits_read_the_agreements_desperation_only_for_the_same_sellers():
    from game.core.engine import MONTH_RULES

    eng = Engine(_town(), seed=4, players=())
    eng.run(6)
    eng.open_month()
    for name, rule in MONTH_RULES:
        rule(eng)
        if name == "agreements":
            break
    p, st, ctx = eng.params, eng.state, eng.ctx
    j = indices(st.status == int(market.Status.SELF_EMPLOYED))
    assert j.size > 2 and ctx.seller_stress is not None
    got = market.seller_stress(p, st, ctx, j)
    assert got is ctx.seller_stress[1]
    assert got.tobytes() == market.desperation(p, st, j).tobytes()
    other = j[1:]  # other sellers: worked out afresh
    assert market.seller_stress(p, st, ctx, other).tobytes() == (
        market.desperation(p, st, other).tobytes()
    )


def test_a_big_towns_status_masks_are_the_lookup_tables_masks(monkeypatch):
    from game.core.state import Status

    rng = np.random.default_rng(3)
    status = rng.integers(0, len(Status), 6000).astype("i1")
    wanted_sets = [(), (Status.MIGRATED,), (Status.JOB_SEARCH, Status.DAY_LABOUR), tuple(Status)]
    compared = [household.status_in(status, w) for w in wanted_sets]  # 6,000: compares
    monkeypatch.setattr(household, "LARGE_TOWN", 10**9)  # every town looks up
    for got, wanted in zip(compared, wanted_sets, strict=True):
        want = household.status_in(status, wanted)
        assert got.dtype == want.dtype == bool
        assert (got == want).all() and (want == np.isin(status, [int(w) for w in wanted])).all()


def test_one_households_informal_room_is_the_rooms_value():
    eng = Engine(_town(), seed=6, players=())
    eng.run(6)
    p, st = eng.params, eng.state
    for lenders in (st.sector_cash["lenders"], 500.0, 0.0, -20.0):  # rich, short, none, owing
        st.sector_cash["lenders"] = lenders
        want = informal.room(p, st, np.arange(st.n))
        got = np.array([eng.informal_room(h) for h in range(st.n)])
        assert got.tobytes() == want.tobytes()


def test_a_lone_towns_streams_written_in_place_draw_numpys_draws():
    """A lone town's generators re-seeded each month by writing the PCG64 state in place
    draw what numpy's own `default_rng(SeedSequence(seed, spawn_key=(stream, month + 1)))`
    draws, for every stream, over months and seeds of every size."""
    from game.core.rules.streams import STREAMS, month_streams

    for seed in (0, 7, 2**32 + 5, 10**25):
        reuse: dict = {}
        for month in (-1, 0, 1, 2, 40, 2**32 - 1):
            streams = month_streams(seed, month, reuse)
            for i, name in enumerate(STREAMS):
                ss = np.random.SeedSequence(seed, spawn_key=(i, month + 1))
                fresh = np.random.default_rng(ss)
                assert streams[name].random(4).tolist() == fresh.random(4).tolist()
                assert streams[name].integers(0, 9, 3).tolist() == fresh.integers(0, 9, 3).tolist()


@pytest.mark.parametrize("households", [5000, 300])
def test_self_employed_follow_every_opening_and_closing(households):
    """`self_employed` gives a town's last answer again only while it still holds (a small
    town: while the status column is unchanged; a big one also while its sellers are)."""
    from game.core.rules.context import self_employed

    eng = Engine(_town(households=households, months=4), seed=2, players=())
    eng.run(2)
    st = eng.state
    want = lambda: indices(st.status == int(market.Status.SELF_EMPLOYED))  # noqa: E731
    first = self_employed(st)
    assert first.tolist() == want().tolist() and self_employed(st) is first
    seller, other = int(first[3]), int(indices(st.status != first.dtype.type(7))[0])
    st.status[seller] = market.Status.DAY_LABOUR  # one closes
    assert self_employed(st).tolist() == want().tolist()
    st.status[seller] = market.Status.SELF_EMPLOYED
    st.status[other] = market.Status.SELF_EMPLOYED  # another opens as well
    assert self_employed(st).tolist() == want().tolist()
    st.status[int(first[0])] = market.Status.RETIRED  # one out, one in: the same count
    assert self_employed(st).tolist() == want().tolist()
    again = self_employed(st)  # nothing changed: the same answer, which no caller may write
    assert self_employed(st) is again and not again.flags.writeable
    assert (
        market.sellers(st).tolist()
        == indices((st.status == int(market.Status.SELF_EMPLOYED)) & (st.trade >= 0)).tolist()
    )


def test_the_sellers_takings_and_bills_in_one_pass_are_each_payments():
    """`sell` without players (its takings and bills in one pass) leaves the cash, the debts,
    the books (in order), the sector stocks and the notes that paying each bill on its own
    leaves (the path a town with players takes), in towns where sellers borrow their rent
    and some cannot pay it."""
    import copy

    from game.core.engine import MONTH_RULES

    for seed in range(6):
        # (dear living: sellers short of the rent borrow it, some cannot; loans' interest due)
        params = _town(households=400, months=30, living_cost_yuan_per_month=2500)
        eng = Engine(params, seed=seed, players=())
        eng.run(10 + seed)
        eng.open_month()
        for name, rule in MONTH_RULES:
            if name == "sell":
                break
            rule(eng)
        apart = copy.deepcopy(eng)
        assert eng.ctx.players.size == 0
        apart.ctx.players = np.array([1], "i8")  # an account to keep: each payment on its own
        market.sell(eng.params, eng.state, eng.ctx, eng.trade_arrays)
        market.sell(apart.params, apart.state, apart.ctx, apart.trade_arrays)
        a, b = eng.state, apart.state
        for column in ("cash", "informal_debt", "profit", "revenue"):
            assert a.columns[column].tobytes() == b.columns[column].tobytes()
        assert list(eng.ctx.flows.items()) == list(apart.ctx.flows.items())
        assert dict(a.sector_cash) == dict(b.sector_cash)
        assert list(eng.ctx.notes) == list(apart.ctx.notes)
        for key, idx in eng.ctx.notes.items():
            assert idx.tolist() == apart.ctx.notes[key].tolist()


def test_a_lone_towns_stream_states_for_many_months_are_numpys(monkeypatch):
    """The stream states a lone town works out many months ahead (`streams.month_limbs`,
    `Engine._own_limbs`) are the states numpy's `default_rng(SeedSequence(seed,
    spawn_key=(stream, month + 1)))` starts from, across the table's ends."""
    from game.core import engine as engine_module
    from game.core.rules.streams import STREAMS, month_limbs, set_limbs

    for seed, first, count in ((0, -1, 3), (7, 0, 32), (2**32 + 5, 38, 4), (10**25, 2, 2)):
        limbs = month_limbs(seed, first, count)
        assert limbs is not None and limbs.shape == (count, len(STREAMS), 4)
        for m in range(count):
            for i in range(len(STREAMS)):
                ss = np.random.SeedSequence(seed, spawn_key=(i, first + m + 1))
                fresh = np.random.default_rng(ss)
                gen = np.random.default_rng(99)
                if set_limbs(gen, limbs[m, i]):
                    assert gen.bit_generator.state == fresh.bit_generator.state
                    assert gen.random(3).tolist() == fresh.random(3).tolist()
    # An engine's table, three months at a time here: every month's streams are numpy's.
    monkeypatch.setattr(engine_module, "STREAM_MONTHS", 3)
    e = Engine(_town(households=60, months=9), seed=11, players=())
    for _ in range(8):
        e.end_month()
        for i, name in enumerate(STREAMS):
            ss = np.random.SeedSequence(11, spawn_key=(i, e.month + 1))
            assert (
                e.ctx.rng[name].random(2).tolist() == np.random.default_rng(ss).random(2).tolist()
            )


def test_a_big_towns_status_counts_compare_as_the_bins_count(monkeypatch):
    """A big town's month counts its statuses by comparing (`metrics.COUNT_BY_COMPARING`):
    the counts of the bins, and the worker's own income gathered once is the same ratio."""
    from game.core import metrics
    from game.core.engine import MONTH_RULES

    e = Engine(_town(households=400), seed=4, players=())
    for _ in range(4):
        e.end_month()
    e.open_month()
    for _, rule in MONTH_RULES:  # a month's rules, its tables not yet made
        rule(e)
    e.end_of_month_state()
    others = np.flatnonzero(e.state.status != Status.SELF_EMPLOYED)[:8]
    e.state.status[others] = [0, 1, 2, 3, 4, 5, 6, 8]  # every status present
    frame = metrics.MonthFrame(e.params, e.state, e.ctx, e.metrics._window)
    monkeypatch.setattr(metrics, "COUNT_BY_COMPARING", 0)
    compared = metrics.MonthFrame(e.params, e.state, e.ctx, e.metrics._window)
    assert compared.by_status == frame.by_status
    assert all(type(v) is int for v in compared.by_status.values())
    assert sum(frame.by_status.values()) == 400 and min(frame.by_status.values()) >= 1
    laid = np.flatnonzero(e.state.laid_off_month >= 0)
    own = e.ctx.income[laid] - e.ctx.pool_sources["others_income"][laid]
    want = own / np.maximum(e.state.former_wage[laid], 1.0)
    assert frame.income_ratio.tobytes() == want.tobytes()


def test_the_ill_without_money_for_a_doctor_are_the_ill_who_would_go_and_were_not_treated():
    """`health_and_school` keeps the ill and the untreated as index arrays: its notes and
    bills are those of the masks over every household (ill, would see a doctor, not treated;
    the bill where treated), in a town where many cannot pay."""
    from game.core.engine import MONTH_RULES

    p = _town(households=400, months=12, lenders_capital_yuan_per_household=0.0)
    e = Engine(p, seed=9, players=())
    unpaid = paid = 0
    for _ in range(8):
        e.open_month()
        for name, rule in MONTH_RULES:
            rule(e)
            if name == "health_and_school":
                st, ctx = e.state, e.ctx
                treated = ctx.health_bills > 0
                bill = p.income.hospital_bill_yuan * p.income.out_of_pocket_share
                assert bill > 0 and set(np.unique(ctx.health_bills)) <= {0.0, bill}
                assert treated.sum() <= st.sick.sum()
                want = indices(st.sick & st.see_doctor & ~treated)
                assert ctx.notes["no_money_for_doctor"].tolist() == want.tolist()
                assert ctx.notes["ill"].tolist() == indices(st.sick).tolist()
                unpaid += want.size
                paid += int(treated.sum())
        e.close_month((e.state.pool_last.copy(), 1.0))
    assert unpaid > 0 and paid > 0  # (both cases met)


def test_a_big_towns_income_flow_totals_are_the_rows_sums(monkeypatch):
    """A big town counts the households of an income row of one whole-yuan amount instead of
    summing the row (`household.flow_totals`): each flow's total is the row's pairwise sum,
    bit for bit; an amount with fractions of a yuan is summed."""
    monkeypatch.setattr(household, "LARGE_TOWN", 0)  # this small town takes the big town's path
    for pension in (410.0, 410.37):
        e = Engine(_town(households=500, months=10, pension_yuan_per_month=pension), seed=2)
        counted = 0
        for _ in range(6):
            e.end_month()
            st = e.state
            ui = st.ui_months_left > 0
            day_pay = np.arange(st.n) * 0.37
            constant: dict = {}
            names, rows, _, _ = household.income_rows(
                e.params, e.month, st, st.status, ui, day_pay, constant
            )
            want = rows.sum(axis=1).tolist()
            assert household.flow_totals(names, rows, constant) == want
            assert set(constant) < set(names) and "private_wages" not in constant
            counted += sum(1 for k, (m, v) in constant.items() if float(v).is_integer() and m.any())
        assert counted > 0


def test_skipped_draws_leave_the_stream_where_drawing_them_would():
    """`skip_draws` moves a generator as drawing the doubles would (the next draws and the
    state are the same), also with half of a 32-bit output kept (then it draws them)."""
    from game.core.rules.context import skip_draws
    from game.core.rules.streams import month_streams

    for kept in (False, True):
        gens = [month_streams(5, 3, {})["finance"] for _ in range(2)]
        gens[0].random(3)  # (a generator of the engine's own kind, used before)
        gens[1].random(3)
        if kept:
            for g in gens:
                g.integers(0, 1000, 3)  # 32-bit outputs: half of one kept
        skip_draws(gens[0], 1234)
        gens[1].random(1234)
        assert gens[0].bit_generator.state == gens[1].bit_generator.state
        assert gens[0].integers(0, 1000, 5).tolist() == gens[1].integers(0, 1000, 5).tolist()
        assert gens[0].random(4).tolist() == gens[1].random(4).tolist()


def test_no_certificate_due_leaves_the_finance_stream_where_its_draws_would():
    from game.core.rules import finance
    from game.core.rules.codes import C
    from game.core.rules.context import MonthContext, month_streams

    eng = Engine(_town(households=300), seed=4, players=())
    eng.run(3)
    st, p = eng.state, eng.params
    st.cert[st.cert == C.PENDING] = C.NONE
    ctx = MonthContext(st.month, st.n, st.n_trades, month_streams(4, st.month, {}))
    finance.resolve_certificates(p, st, ctx)
    drawn = month_streams(4, st.month, {})["finance"]
    drawn.random(st.n)
    assert ctx.rng["finance"].bit_generator.state == drawn.bit_generator.state
    assert [ctx.notes[k].size for k in ("certificate_granted", "certificate_refused")] == [0, 0]


class _OldAgreementDraws:
    """The agreements' stream drawn as before: the trades' and every household's draws at once
    (the second handed over when the rule asks for it), whether or not an agreement works."""

    def __init__(self, gen, n: int) -> None:
        self.gen, self.n, self.member = gen, n, None

    def random(self, size):
        if self.member is None:
            first = self.gen.random(size)
            self.member = self.gen.random(self.n)
            return first
        assert size == self.n
        return self.member

    def logistic(self, *args):
        return self.gen.logistic(*args)


def test_agreements_drawing_the_join_draws_only_when_one_works_keep_the_months(monkeypatch):
    """With the newcomers' join draws made only while an agreement works (nothing reads them
    otherwise, and nothing is drawn after them), every month's hash is the old draws'."""
    from game.core.rules import agreements

    p = _town(households=300, months=24)
    p = replace(p, behaviour=replace(p.behaviour, agreement_form_probability=0.5))
    new = Engine(p, seed=2, players=())
    new.run(23)
    rule = agreements.agreements
    worked = []

    def old_draws(p, st, ctx):
        worked.append(bool(st.agreement_active.any()))
        real = ctx.rng["agreements"]
        ctx.rng["agreements"] = _OldAgreementDraws(real, st.n)
        try:
            rule(p, st, ctx)
        finally:
            ctx.rng["agreements"] = real

    monkeypatch.setattr(agreements, "agreements", old_draws)
    old = Engine(p, seed=2, players=())
    old.run(23)
    assert True in worked and False in worked  # both ways were taken
    assert old.hashes == new.hashes


def test_households_with_no_essentials_go_without_nothing_after_the_costs_change():
    """A household whose essentials are 0 goes without nothing (the budget's test that all
    are above 0 before it looks for them), also when the costs fall to 0 mid-run."""
    eng = Engine(_town(households=300, months=8), seed=5, players=())
    eng.run(3)
    st, p = eng.state, eng.params
    # the costs now: nothing for a household without dependants, 120 yuan for each dependant
    free = replace(
        p,
        income=replace(
            p.income, living_cost_yuan_per_month=0.0, living_cost_per_dependant_yuan_per_month=120.0
        ),
    )
    essentials, _ = household.wanted_spending(free, st)
    zero = essentials <= 0
    assert zero.any() and not zero.all()
    eng.ctx.pool_sources["remittances"] = np.zeros(st.n)
    household.household_budget(free, st, eng.ctx)
    assert (st.hardship[zero] == 0).all()


def test_a_big_towns_paths_give_a_small_towns_months(monkeypatch):
    """Every path a big town takes (household.LARGE_TOWN: index arrays for the few a test
    concerns, the essentials and propensities without full-length where, counted income
    totals, status masks by comparison) gives the months the small town's paths give: the
    same state hashes and tables, with a player and without."""
    for players in ((), (0,)):
        p = _town(households=400, months=16)
        small = Engine(p, seed=6, players=players)
        small.run(15)
        monkeypatch.setattr(household, "LARGE_TOWN", 1)
        big = Engine(p, seed=6, players=players)
        big.run(15)
        monkeypatch.undo()
        assert big.hashes == small.hashes
        assert big.metrics.town == small.metrics.town
        assert big.metrics.flows == small.metrics.flows


def test_the_arrears_windows_kept_sums_are_the_windows_sums():
    """`Metrics.push_window` keeps the window's sums month to month; they are the window's own
    sums through more than 12 months, after a month appended to the same list by someone else
    (a batch's months written in when read) and after the list is replaced (a load)."""
    from types import SimpleNamespace

    from game.core.metrics import Metrics

    rng = np.random.default_rng(5)
    st = SimpleNamespace(n_trades=4)
    m = Metrics(["a", "b", "c", "d"])

    def month():
        return SimpleNamespace(
            matured=rng.integers(0, 9, 4).astype("i4"), defaults=rng.integers(0, 3, 4).astype("i4")
        )

    def check(sums):
        assert sums.tolist() == np.array(m._window).sum(axis=0).tolist()

    check(m.push_window(st, None))  # before the first month: zeros
    for _ in range(20):
        check(m.push_window(st, month()))
    ctx = month()
    m._window.append((ctx.matured, ctx.defaults))  # in place, the same list
    check(m.push_window(st, month()))
    m._window = [tuple(a.copy() for a in w) for w in m._window[:5]]  # a new list
    check(m.push_window(st, month()))
    for _ in range(3):
        check(m.push_window(st, month()))


def test_the_month_rows_rounded_at_once_are_pythons_round_of_each():
    """A lone town's flows and sector stocks are rounded in one `rounded` call: each is
    `round(value, 4)`, as before, awkward values included (halves, huge, tiny, negative)."""
    from game.core import metrics
    from game.core.rules.books import FLOWS

    eng = Engine(_town(), seed=2, players=())
    eng.run(3)
    f = metrics.MonthFrame.__new__(metrics.MonthFrame)
    awkward = [0.00005, 2.67505, -0.00015, 1e17 + 0.5, 123456.78905, 1e-12, 0.0]
    f.st = eng.state
    f.ctx = eng.ctx
    eng.ctx.flows = {k: awkward[i % len(awkward)] + i for i, k in enumerate(list(FLOWS)[:20])}
    eng.state.sector_cash = {"bank": 0.00035, "fund": -2.50005, "lenders": 7.0, "state": 1e16}
    f.__dict__["known"] = {r.name: 0 for r in metrics.TOWN_REPORTERS}
    m = metrics.Metrics(eng.metrics.trade_keys)
    m.add_town_rows(f, 3, households_cash=10.00005)
    assert m.flows[-1] == {k: round(v, 4) for k, v in eng.ctx.flows.items()}
    assert list(m.flows[-1]) == list(eng.ctx.flows)
    want = {"households": round(10.00005, 4)}
    want.update({k: round(v, 4) for k, v in eng.state.sector_cash.items()})
    assert m.sectors[-1] == want and list(m.sectors[-1]) == list(want)
    for got, exp in zip(m.flows[-1].values(), eng.ctx.flows.values(), strict=True):
        assert type(got) is float and got.hex() == round(exp, 4).hex()


def test_the_income_ratio_over_every_household_is_the_laid_offs_own():
    """The tables' income ratio, worked out for every household and then taken for the
    laid-off, holds the values worked out for the laid-off alone."""
    from game.core.engine import MONTH_RULES
    from game.core.metrics import MonthFrame

    eng = Engine(_town(households=400), seed=6, players=())
    eng.run(5)
    eng.open_month()
    for _, rule in MONTH_RULES:
        rule(eng)
    eng.end_of_month_state()
    st, ctx = eng.state, eng.ctx
    li = np.flatnonzero(st.laid_off_month >= 0)
    own = (ctx.income - ctx.pool_sources["others_income"])[li]
    want = own / np.maximum(st.former_wage[li], 1.0)
    got = MonthFrame(eng.params, st, ctx, eng.metrics._window).income_ratio
    assert li.size and got.tobytes() == want.tobytes()


def test_choose_paths_reads_day_labours_yardstick_as_it_is_when_read(monkeypatch):
    """choose_paths works out day labour's yardstick once while the day labourers stay the
    same: every lure and trade choice gets `outside_option` as it is at that moment, also
    after day labourers retired (which changes it)."""
    from game.core.rules import business, choice

    p = _town(households=400)
    p = replace(p, behaviour=replace(p.behaviour, decision_rate_per_month=1.0))
    eng = Engine(p, seed=8, players=())
    eng.run(4)
    st = eng.state
    # Day labourers old enough to retire internally (and the others free to plan).
    labour = np.flatnonzero(st.status == Status.DAY_LABOUR)
    if labour.size < 4:
        labour = np.flatnonzero(st.status == Status.JOB_SEARCH)[:20]
        st.status[labour] = Status.DAY_LABOUR
    st.age[labour[: labour.size // 2]] = 58.0
    st.laid_off_month[labour] = 0
    seen = []

    def lure(p_, st_, outside=None):
        seen.append((outside, business.outside_option(p_, st_)))
        return lure_of(p_, st_, outside)

    def trades(p_, st_, ctx_, who, ta, n_sellers=None, outside=None):
        seen.append((outside, business.outside_option(p_, st_)))
        return trades_of(p_, st_, ctx_, who, ta, n_sellers, outside)

    lure_of, trades_of = choice.business_lure, choice.choose_trades
    monkeypatch.setattr(choice, "business_lure", lure)
    monkeypatch.setattr(choice, "choose_trades", trades)
    before = int(np.count_nonzero(st.status == Status.DAY_LABOUR))
    eng.open_month()
    from game.core.engine import MONTH_RULES

    for name, rule in MONTH_RULES:
        if name == "choose_paths":
            labourers = int(np.count_nonzero(st.status == Status.DAY_LABOUR))
            rule(eng)
            retired_labourers = labourers - int(
                np.count_nonzero((st.status == Status.DAY_LABOUR) & (st.status_months > 0))
            )
            break
        rule(eng)
    assert before and seen and retired_labourers > 0
    assert all(got is not None and got == want for got, want in seen)


def test_the_kept_living_costs_follow_the_parameters_and_the_households_sizes():
    """`informal.living_cost` gives its kept array again only for the same parameters and the
    same sizes: new parameter values, a new month's sizes and a forgotten size memo are seen."""
    eng = Engine(_town(), seed=1, players=())
    eng.run(2)
    p, st = eng.params, eng.state

    def plain(p_):
        inc = p_.income
        return float(inc.living_cost_yuan_per_month) + float(
            inc.living_cost_per_dependant_yuan_per_month
        ) * st.dependants.astype("f8")

    first = informal.living_cost(p, st)
    assert informal.living_cost(p, st) is first and first.tolist() == plain(p).tolist()
    dearer = replace(p, income=replace(p.income, living_cost_yuan_per_month=777.0))
    assert informal.living_cost(dearer, st).tolist() == plain(dearer).tolist()
    assert informal.living_cost(p, st).tolist() == plain(p).tolist()
    st.dependants[:5] += 1  # bigger households, seen once the size memo is made again
    st.__dict__.pop("_size_key", None)
    assert informal.living_cost(p, st).tolist() == plain(p).tolist()
    st.dependants[5:9] += 1
    eng.run(1)  # a new month: its own size memo
    assert informal.living_cost(eng.params, st).tolist() == plain(eng.params).tolist()
