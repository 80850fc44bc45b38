"""The core's fast paths give exactly what the plain ones give: the month's random streams
are numpy's own (the cheap re-seeding in rules/context.py against `default_rng(SeedSequence(
seed, spawn_key=...))`), and a big town's medians by selection equal the sorted ones."""

import numpy as np
import pytest

from game.core.rules import market
from game.core.rules.context import STREAMS, month_streams, pcg64_state


@pytest.mark.parametrize(
    "seed", [0, 1, 3, 2**32 - 1, 2**32, 2**40 + 7, 2**63 + 12345, 10**30, 2**200 + 1]
)
def test_pcg64_state_is_numpys(seed):
    for key in [(), (4,), (0, 0), (3, 1), (10, 1201), (1000, 25, 7), (2**33, 1)]:
        ss = np.random.SeedSequence(seed, spawn_key=key)
        assert pcg64_state(seed, key) == np.random.PCG64(ss).state


def test_a_lone_towns_stream_state_is_numpys_on_many_seeds():
    """`stream_state` (a lone town's monthly re-seeding, the seed's part of the hash kept)
    gives the state numpy seeds, on random seeds of every size, every stream and many months,
    and draws the same numbers."""
    from game.core.rules.streams import stream_state

    rng = np.random.default_rng(13)
    seeds = [0, 1, 2**32 - 1, 2**32, 2**64 + 3, 10**30]
    seeds += rng.integers(0, 2**63, 40).tolist() + rng.integers(0, 2**20, 40).tolist()
    for seed in seeds:
        for stream in range(len(STREAMS)):
            for month in (-1, 0, 1, int(rng.integers(2, 600)), 2**32 - 2, 2**32 - 1):
                ss = np.random.SeedSequence(seed, spawn_key=(stream, month + 1))
                want = np.random.PCG64(ss)
                assert stream_state(seed, stream, month) == want.state
        gen = np.random.default_rng(0)
        gen.bit_generator.state = stream_state(seed, 4, 7)
        fresh = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(4, 8)))
        assert gen.random(5).tolist() == fresh.random(5).tolist()


def test_reused_generators_draw_what_fresh_ones_draw():
    reuse: dict = {}
    for month in range(4):
        fresh, reused = month_streams(9, month), month_streams(9, month, reuse)
        for name in STREAMS[::-1]:
            assert fresh[name].random(3).tolist() == reused[name].random(3).tolist()
            assert (
                fresh[name].integers(0, 100, 5).tolist()
                == reused[name].integers(0, 100, 5).tolist()
            )
    assert set(reuse) == set(STREAMS)


@pytest.mark.parametrize(
    "values",
    [
        lambda rng, n: rng.normal(0, 1e4, n).astype("f4").astype("f8"),  # profits
        lambda rng, n: np.round(rng.uniform(1, 20, n), 1),  # prices, many equal
        lambda rng, n: rng.choice([1.0, 2.0, 2.5], n),  # few distinct values
        lambda rng, n: rng.normal(0, 1e-9, n) + rng.choice([0.0, 1e5], n),  # keys that round
        lambda rng, n: 1e6 + rng.integers(0, 3, n) * 1e-10,  # different values, one key
        lambda rng, n: rng.choice([-0.0, 0.0, 0.0, 1.0, -1.0], n),  # signed zeros in the middle
        lambda rng, n: rng.choice([3.0, 3.0 + 2**-48, 7.0], n),  # a neighbour sharing a key
    ],
)
def test_big_town_medians_by_selection_equal_the_sorted_ones(values, monkeypatch):
    rng = np.random.default_rng(4)
    for _ in range(20):
        n, k = int(rng.integers(market.LARGE_MARKET, 3 * market.LARGE_MARKET)), 12
        t = rng.integers(0, k - 1, n).astype("i8")  # the last trade has no seller
        v = values(rng, n)
        fast = market.trade_medians(v, t, k)
        monkeypatch.setattr(market, "LARGE_MARKET", 10**12)
        sorted_ = market.trade_medians(v, t, k)
        monkeypatch.undo()
        assert fast.tobytes() == sorted_.tobytes()  # (bit for bit: a -0.0 is not a 0.0)
        assert np.isnan(fast[-1])


def test_big_town_medians_select_when_no_key_is_shared():
    """The selection is what answers for ordinary values (no fallback to the sort), and it
    declines when a middle's combined key is shared with a different value."""
    rng = np.random.default_rng(5)
    t = rng.integers(0, 7, 3 * market.LARGE_MARKET)
    order, counts = market.trade_groups(t, 7)
    v = rng.normal(0, 1e4, t.size).astype("f4").astype("f8")
    span = float(np.abs(v).max()) * 2.0 + 1.0
    assert market._medians_by_selection(v[order], counts, span) is not None
    tied = 1e6 + rng.integers(0, 3, t.size) * 1e-10  # three values, one key in every trade
    span = float(np.abs(tied).max()) * 2.0 + 1.0
    assert market._medians_by_selection(tied[order], counts, span) is None


def test_kept_trade_groups_follow_the_trades():
    """`trade_groups` gives its last answer again only for the same trades: other trades of
    the same size, the same array changed in place, or another number of trades get their
    own groups (the stable sort's)."""
    rng = np.random.default_rng(6)
    t = rng.integers(0, 7, 5000)

    def fresh(trade, k):
        return np.argsort(trade, kind="stable"), np.bincount(trade, minlength=k)

    for trade, k in [(t, 7), (t, 7), (t[::-1].copy(), 7), (t, 9)]:
        got = market.trade_groups(trade, k)
        assert all(np.array_equal(a, b) for a, b in zip(got, fresh(trade, k), strict=True))
    market.trade_groups(t, 7)
    t[:10] = (t[:10] + 1) % 7  # the caller's array changed after it was sorted
    got = market.trade_groups(t, 7)
    assert all(np.array_equal(a, b) for a, b in zip(got, fresh(t, 7), strict=True))


def test_groups_within_are_the_kept_sellers_groups():
    rng = np.random.default_rng(7)
    t = rng.integers(0, 7, 6000)
    keep = rng.random(t.size) < 0.8
    order, counts = market.groups_within(market.trade_groups(t, 7), t, keep)
    assert np.array_equal(order, np.argsort(t[keep], kind="stable"))
    assert np.array_equal(counts, np.bincount(t[keep], minlength=7))


def test_the_state_hash_checksum_is_zlibs():
    import zlib

    from game.core import engine

    data = np.random.default_rng(2).integers(0, 256, 100_003, dtype=np.uint8).tobytes()
    for start in (0, 1, 0xFFFFFFFF, 12345):
        assert engine.crc32(data, start) == zlib.crc32(data, start)
        assert engine.crc32(data[777:], engine.crc32(data[:777], start)) == zlib.crc32(data, start)


def test_a_batchs_uniforms_are_each_towns_own_draws_in_order():
    """`batched_labour.uniforms` draws each town's `count` rows with one call: the same numbers,
    in the same order, as `count` draws of a row from the town's stream alone, and the stream
    goes on from the same place."""
    from dataclasses import replace

    from game.core.batch import Batch
    from game.core.params import Params
    from game.core.rules.batched_labour import uniforms

    p = Params()
    params = replace(p, months=3, town=replace(p.town, households=40))
    seeds = [5, 6, 70]
    batch = Batch(params, seeds, players=())
    n, month = 40, batch.month
    u = uniforms(batch, "exit", 3)
    for r, seed in enumerate(seeds):
        alone = month_streams(seed, month)["exit"]
        for i in range(3):
            assert u[i][r * n : (r + 1) * n].tolist() == alone.random(n).tolist()
        assert batch.engines[r].ctx.rng["exit"].random() == alone.random()


def test_a_batchs_generator_states_written_in_place_are_numpys():
    """A batch works out its towns' PCG64 states for all towns at once (`pcg64_limbs`) and
    writes them into the generators (`set_limbs`): the same state numpy's seeding gives (a
    kept half of an output cleared, as the setter clears it), the same draws after."""
    from game.core.rules.streams import (
        _pcg64_state,
        direct_writes,
        pcg64_limbs,
        seed_words,
        set_limbs,
    )

    rng = np.random.default_rng(5)
    words = rng.integers(0, 2**64, (300, 4), dtype=np.uint64, endpoint=False)
    words[:3] = [[0, 0, 0, 0], [2**64 - 1] * 4, [2**63, 1, 2**63, 2**64 - 1]]
    for row, limbs in zip(words.tolist(), pcg64_limbs(words).tolist(), strict=True):
        state = _pcg64_state(*row)["state"]
        low = 2**64 - 1
        assert limbs == [state["state"] & low, state["state"] >> 64, state["inc"] & low,
                         state["inc"] >> 64]  # fmt: skip
    if not direct_writes():
        pytest.skip("this numpy lays PCG64's state out otherwise: its setter is used")
    gen = np.random.default_rng(0)
    for seed, stream, month in ((3, 4, 0), (2**31 + 7, 10, 119), (0, 0, -1)):
        gen.integers(0, 2**32, 5, dtype=np.uint32)  # leaves half an output kept
        key = (stream, month + 1)
        assert set_limbs(gen, pcg64_limbs(np.array(seed_words(seed, key), "u8")))
        fresh = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))
        assert gen.bit_generator.state == fresh.bit_generator.state
        assert (
            gen.integers(0, 2**32, 3, dtype=np.uint32).tolist()
            == fresh.integers(0, 2**32, 3, dtype=np.uint32).tolist()
        )
        assert gen.random(4).tolist() == fresh.random(4).tolist()
