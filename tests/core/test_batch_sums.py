"""The batch's per-town totals are the floats each town sums alone (issue 13): the segment
sums of `rules/batched.py` against numpy's own `a[lo:hi].sum()`, bit for bit, on every kind of
segment (empty, under 8, blocks of 8 with a rest, over numpy's block of 128) and of value
(cents, wide magnitudes, signed zeros)."""

from __future__ import annotations

import numpy as np
import pytest

from game.core.rules.batched import segment_sums


def _values(rng: np.random.Generator, size: int, kind: str) -> np.ndarray:
    a = rng.standard_normal(size) * 10.0 ** rng.uniform(-3, 8, size)
    if kind == "cents":
        a = np.round(a, 2)
    elif kind == "zeros":
        a[rng.random(size) < 0.5] = -0.0
        a[rng.random(size) < 0.3] = 0.0
    elif kind == "special":
        a[rng.random(size) < 0.01] = np.inf
        a[rng.random(size) < 0.01] = -np.inf
        a[rng.random(size) < 0.01] = np.nan
    return a


@pytest.mark.parametrize("kind", ["wide", "cents", "zeros", "special"])
@pytest.mark.parametrize("longest", [6, 20, 129, 700, 9000])  # (9000: over numpy's buffer)
@pytest.mark.parametrize("towns", [5, 50, 120])  # a few segments are summed one by one
def test_segment_sums_are_numpys_sums(kind: str, longest: int, towns: int) -> None:
    rng = np.random.default_rng(longest)
    for _ in range(15):
        sizes = rng.integers(0, longest + 1, size=towns)
        values = _values(rng, int(sizes.sum()), kind)
        cut = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        bounds = list(zip(cut[:-1], cut[1:], strict=True))
        # (infinities of both signs in a segment sum to NaN: numpy warns, as it should)
        with np.errstate(invalid="ignore"):
            alone = np.array([values[a:z].sum() for a, z in bounds])
            assert segment_sums(values, bounds).tobytes() == alone.tobytes()


def test_segment_sums_of_no_segments() -> None:
    assert segment_sums(np.zeros(3), []).shape == (0,)


def test_float32_segments_sum_as_numpy_sums_them() -> None:
    rng = np.random.default_rng(3)
    values = rng.uniform(0, 5000, 300).astype("f4")  # a float32 column (capital, revenue)
    bounds = [(0, 5), (5, 5), (5, 140), (140, 300)]
    alone = [float(values[a:z].sum()) for a, z in bounds]
    assert segment_sums(values, bounds).tolist() == alone


def test_segments_cut_points_and_other_pairs_sum_as_numpy_sums_them() -> None:
    """The cut points `segments` gives (from a later household on, a town with none), pairs
    with gaps between them and a segment of only -0.0 (numpy's sum from +0.0: 0.0)."""
    from types import SimpleNamespace

    from game.core.rules.batched import segments

    rng = np.random.default_rng(5)
    values = _values(rng, 2000, "wide")
    values[100:110] = -0.0
    idx = np.flatnonzero(rng.random(2000) < 0.2)
    batch = SimpleNamespace(offsets=np.array([0, 300, 300, 900, 1500, 2000]))
    bounds = segments(batch, idx)
    sub = values[: idx.size]
    alone = np.array([sub[a:z].sum() for a, z in bounds])
    assert segment_sums(sub, bounds).tobytes() == alone.tobytes()
    for pairs in ([(100, 110)], [(3, 50), (60, 70), (70, 200)], [(10, 20), (5, 30)]):
        alone = np.array([values[a:z].sum() for a, z in pairs])
        assert segment_sums(values, pairs).tobytes() == alone.tobytes()
        assert segment_sums(values, np.array(pairs)).tobytes() == alone.tobytes()
    assert np.signbit(segment_sums(values, [(100, 110)])).sum() == 0
