"""Opening and closing businesses in every town of a batch at once (rules/batched_business.py)
does what each town's own rule does: the same lots for the same newcomers (street order,
empty before shuttered, two kept for the players, the rest to side streets), the same columns
and exits after a closing."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from game.core.batch import Batch
from game.core.params import Params
from game.core.rules import business
from game.core.rules.batched_business import close_businesses, take_lots
from game.core.state import Status


def _street(seed: int, households: int = 120) -> Batch:
    """Three towns with random streets: sellers on some lots, shuttered lots, crowds."""
    p = Params()
    batch = Batch(replace(p, town=replace(p.town, households=households)), (1, 2, 3), players=())
    rng = np.random.default_rng(seed)
    for e in batch.engines:
        st = e.state
        sellers = np.zeros(st.n, bool)
        sellers[rng.choice(st.n, int(rng.integers(0, st.n_lots + 8)), replace=False)] = True
        st.status[sellers] = Status.SELF_EMPLOYED
        st.trade[sellers] = rng.integers(0, st.n_trades, int(sellers.sum()))
        lots = rng.permutation(st.n_lots)[: int(sellers.sum())]
        st.lot[:] = -1
        st.lot[np.flatnonzero(sellers)[: lots.size]] = lots
        st.lot_last_trade[:] = np.where(rng.random(st.n_lots) < 0.4, 2, -1)
        st.capital[sellers] = rng.uniform(100, 9000, int(sellers.sum()))
    return batch


@pytest.mark.parametrize("seed", range(6))
def test_newcomers_get_the_lots_each_town_gives_them(seed: int) -> None:
    batch = _street(seed)
    rng = np.random.default_rng(100 + seed)
    who = np.sort(rng.choice(batch.offsets[-1], size=int(rng.integers(20, 60)), replace=False))
    batch.columns["status"][who] = Status.SELF_EMPLOYED  # as _open_businesses sets them
    lots = take_lots(batch, who)
    assert (lots == -1).any() and (lots >= 0).any()  # side streets and lots on the street
    for r, e in enumerate(batch.engines):
        mine = (who >= batch.offsets[r]) & (who < batch.offsets[r + 1])
        expected = business.take_lots(e.state, int(mine.sum()))
        assert lots[mine].tolist() == expected.tolist()


def test_closing_in_a_batch_is_each_towns_own_closing() -> None:
    batch = _street(7)
    alone = _street(7)
    sellers = np.flatnonzero(batch.columns["status"] == Status.SELF_EMPLOYED)
    closing = sellers[::3]
    close_businesses(batch, closing)
    for r, e in enumerate(alone.engines):
        mine = closing[(closing >= batch.offsets[r]) & (closing < batch.offsets[r + 1])]
        business.close_business(e.params, e.state, e.ctx, mine - batch.offsets[r], e.trade_arrays)
    for mine, theirs in zip(batch.engines, alone.engines, strict=True):
        for name, column in theirs.state.columns.items():
            assert mine.state.columns[name].tobytes() == column.tobytes(), name
        assert mine.state.lot_last_trade.tolist() == theirs.state.lot_last_trade.tolist()
        assert mine.ctx.exits.tolist() == theirs.ctx.exits.tolist()
        assert dict(mine.ctx.flows) == dict(theirs.ctx.flows)
        assert (
            mine.ctx.notes["closed_business"].tolist()
            == theirs.ctx.notes["closed_business"].tolist()
        )
