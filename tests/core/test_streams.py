"""The month's random streams are numpy's own, bit for bit: the cheap re-seeding in
rules/context.py gives exactly what `default_rng(SeedSequence(seed, spawn_key=...))` gives."""

import numpy as np
import pytest

from game.core.rules.context import STREAMS, month_streams, pcg64_state


@pytest.mark.parametrize(
    "seed", [0, 1, 3, 2**32 - 1, 2**32, 2**40 + 7, 2**63 + 12345, 10**30, 2**200 + 1]
)
def test_pcg64_state_is_numpys(seed):
    for key in [(), (4,), (0, 0), (3, 1), (10, 1201), (1000, 25, 7), (2**33, 1)]:
        ss = np.random.SeedSequence(seed, spawn_key=key)
        assert pcg64_state(seed, key) == np.random.PCG64(ss).state


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
