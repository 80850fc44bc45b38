"""A batch's draws made for many towns at once (game/core/rules/streams.py): the numbers each
town's own generator gives it alone, and the generator left where numpy leaves it."""

import numpy as np
import pytest

from game.core.rules.streams import below_rows


def _kept_half(gen: np.random.Generator) -> None:
    gen.integers(0, 2**32 - 1, 1, dtype=np.uint32)  # (half of an output kept for the next)


@pytest.mark.parametrize(
    "n,count,before",
    [
        (500, 500, None),  # a town's guarantor picks
        (7, 20, None),
        (3_000_000_000, 40, None),  # a third of the draws made again: Lemire's redraws
        (2**31 + 1, 64, None),
        (500, 501, None),  # an odd count: through numpy
        (500, 500, _kept_half),  # a kept half: through numpy
    ],
)
def test_integers_below_n_for_many_generators_are_each_ones_own(n, count, before):
    seeds = range(40)
    mine = [np.random.default_rng(s) for s in seeds]
    theirs = [np.random.default_rng(s) for s in seeds]
    for gen in mine + theirs:
        gen.random(3)  # (a stream part-way through its month)
        if before is not None:
            before(gen)
    skipped = 5  # a town that draws nothing keeps its row and its generator
    gens: list = list(mine)
    gens[skipped] = None
    out = np.full((len(gens), count), -1, "i8")
    below_rows(gens, n, out)
    for r, (gen, alone) in enumerate(zip(mine, theirs, strict=True)):
        if r == skipped:
            assert (out[r] == -1).all()
            assert gen.random(4).tolist() == alone.random(4).tolist()
            continue
        assert out[r].tolist() == alone.integers(0, n, count).tolist(), r
        assert gen.random(4).tolist() == alone.random(4).tolist()  # what the streams draw next
