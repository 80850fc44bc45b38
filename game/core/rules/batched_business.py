"""A business's lot and its closing for every town of a batch at once (see rules/batched.py for
the rules of byte-identity): `business.take_lots` and `business.close_business`, which the
batched rules called town by town, worked out on the flat columns and (runs, lots) arrays."""

from __future__ import annotations

import numpy as np

from game.core.rules import business
from game.core.rules.batched import Batch, note, pay_segments, segments, stacked
from game.core.rules.codes import S
from game.core.state import Status


def take_lots(batch: Batch, who: np.ndarray) -> np.ndarray:
    """`business.take_lots` of every town for its newcomers `who` (flat, sorted; each town's in
    its order): each town's free lots in street order, empty lots before shuttered ones, the
    last `LOTS_KEPT_FOR_PLAYERS` of them kept back; newcomers past them get -1 (a side street).
    Returns each newcomer's lot."""
    cols = batch.columns
    n_lots = batch.engines[0].state.n_lots
    out = np.full(who.size, -1, "i2")
    if who.size == 0 or n_lots == 0:
        return out
    runs = batch.runs
    lot = cols["lot"]
    held = np.flatnonzero((cols["status"] == S.SELF_EMPLOYED) & (lot >= 0))
    used = np.zeros((runs, n_lots), bool)
    used[batch.run[held], lot[held]] = True
    shuttered = stacked([e.state.lot_last_trade for e in batch.engines]) >= 0
    # a free lot's place in the order (lexsort by (shuttered, lot)); a used lot sorts last
    rank = np.where(used, 2 * n_lots, shuttered * n_lots + np.arange(n_lots))
    ordered = np.sort(rank, axis=1) % n_lots
    available = np.maximum((~used).sum(axis=1) - business.LOTS_KEPT_FOR_PLAYERS, 0)
    run = batch.run[who]
    first = np.searchsorted(who, batch.offsets[:-1])
    place = np.arange(who.size) - first[run]  # each newcomer's place among its town's
    gets = place < available[run]
    out[gets] = ordered[run[gets], place[gets]]
    return out


def close_businesses(batch: Batch, closing: np.ndarray) -> None:
    """`business.close_business` of the households `closing` (flat, sorted) of every town: the
    equipment sold for salvage, the lot shuttered (it remembers its trade), the exit counted,
    the owner back to day labour."""
    cols = batch.columns
    bounds = segments(batch, closing)
    some = [z > a for a, z in bounds]
    if not any(some):
        return
    e0 = batch.engines[0]
    k = e0.state.n_trades
    t = cols["trade"][closing].astype("i8")
    salvage = cols["capital"][closing] * e0.params.behaviour.salvage_share
    pay_segments(batch, closing, bounds, salvage, "equipment_sold", skip=some)
    lots = cols["lot"][closing]
    run = batch.run[closing]
    # the exit counted in the trade's column (a trade of -1 counts in the last, as the town's
    # own `np.add.at` indexes it)
    column = np.where(t < 0, t + k, t)
    exits = np.bincount(run * k + column, minlength=batch.runs * k).reshape(batch.runs, k)
    for r, (a, z) in enumerate(bounds):
        if z > a:
            e = batch.engines[r]
            e.ctx.exits += exits[r]
            shut, trade = lots[a:z], t[a:z]
            e.state.lot_last_trade[shut[shut >= 0]] = trade[shut >= 0]
    cols["trade"][closing] = -1
    cols["lot"][closing] = -1
    for name in ("capital", "profit", "profit_avg", "expected_profit", "revenue"):
        cols[name][closing] = 0.0
    cols["in_agreement"][closing] = False
    cols["sales_units"][closing] = 0.0
    cols["usual_revenue"][closing] = 0.0
    cols["status"][closing] = Status.DAY_LABOUR
    cols["status_months"][closing] = 0
    note(batch, "closed_business", None, closing, only=some)
