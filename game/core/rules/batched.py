"""Rules stepped for every town of a batch with the same numpy calls (game/core/batch.py).

Each function here does what the rule of the same name does town by town, on the batch's flat
columns viewed as (runs, households), and gives every town the same bytes it gets alone:

* element-wise arithmetic is the same per household whatever the layout;
* a total a rule books is a row sum of the (runs, households) view, which numpy sums per row
  exactly as it sums one town's column (the same pairwise blocks), or the sum of the town's
  slice of a subset (`segment_sums`: numpy's pairwise order for all towns at once);
* random draws come from each town's own generator, in the same order, with the same sizes;
* notes and the players' accounts go to each town's own month context (notes through the
  batch's log, `batched_notes.py`).

A rule without a batched form runs town by town (`Batch.end_month`); `game/core/batch.py`
lists the batched ones.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from game.core.rules import household, labour
from game.core.rules.books import FLOWS, Books
from game.core.rules.codes import S
from game.core.rules.context import kept, size_key
from game.core.rules.household import members, month_of_year, status_in
from game.core.state import Status, TownState


class Batch(Protocol):
    """A batch of towns as its rules see it (`game.core.batch.Batch`; named by this protocol
    so the rules do not import the batch that imports them)."""

    engines: list[Any]  # each town's Engine
    columns: dict[str, np.ndarray]  # the flat household columns
    skill: np.ndarray  # the flat skills (households x trades)
    run: np.ndarray  # whose each row is
    offsets: np.ndarray  # town r's rows: offsets[r]:offsets[r + 1]
    books: Books  # every town's flows and sector stocks, (runs, ...) arrays
    with_players: list[int]  # the towns with players (their accounts are kept per household)

    @property
    def runs(self) -> int: ...

    @property
    def month(self) -> int: ...

    def column(self, name: str) -> np.ndarray: ...

    def flat_state(self) -> TownState: ...

    def loans_offered(self) -> np.ndarray: ...


def draws(batch: Batch, stream: str) -> np.ndarray:
    """One uniform draw per household of every town from each town's `stream` (runs, n),
    as each town draws it alone (same-shocks households included): drawn in place, the
    numbers `random(n)` gives."""
    u = np.empty((batch.runs, batch.engines[0].state.n))
    for row, e in zip(u, batch.engines, strict=True):
        e.ctx.share_draw(stream, e.ctx.rng[stream].random(out=row))
    return u


def stacked(arrays: list[np.ndarray]) -> np.ndarray:
    """`np.stack(arrays)` of same-shape arrays (each town's per-trade array as a row), as a new
    array: `np.array` of the list checks the shapes in C (np.stack's per-array checks cost ~25
    us a call on a hundred towns, a Python check of the shapes ~14)."""
    try:
        out = np.array(arrays)
    except ValueError:  # arrays of different shapes: np.stack's own error
        return np.stack(arrays)
    if out.dtype == object:  # (not arrays of numbers: as np.stack makes it)
        return np.stack(arrays)
    return out


def split_at(a: np.ndarray, ends) -> list[np.ndarray]:
    """`np.split(a, ends)` (1-D, sorted cut points): the same views, without its general
    machinery (which cost ~0.3 ms for a hundred towns, several times a month)."""
    cut = [0, *np.asarray(ends).tolist(), a.shape[0]]
    return [a[lo:hi] for lo, hi in zip(cut[:-1], cut[1:], strict=False)]


def note(
    batch: Batch,
    key: str,
    mask: np.ndarray | None,
    idx: np.ndarray | None = None,
    only: list | None = None,
) -> None:
    """`ctx.note(key, ...)` for each town: of a (runs, n) mask (`np.flatnonzero` of its row),
    or of flat household indices `idx` (sorted), each town given its own indices; with `only`,
    just the towns whose entry is True (a town that left the rule early notes nothing). In a
    batch's month the note is logged once for all towns (`batched_notes.TownNotes`)."""
    if mask is not None:
        rows, cols = np.nonzero(mask)
        ends = np.cumsum(np.bincount(rows, minlength=batch.runs))[:-1]
    else:
        assert idx is not None
        rows = batch.run[idx]
        cols = idx - batch.offsets[rows]
        ends = np.searchsorted(idx, batch.offsets[1:-1])
    cols = cols.astype("i8", copy=False)
    cut = [0, *np.asarray(ends).tolist(), cols.shape[0]]
    log = getattr(batch, "notes_log", None)
    if log is not None:  # the month's rules of a batch: logged once, read town by town
        log.add(key, cols, cut, None if only is None else list(only))
        return
    towns = [e.ctx.notes for e in batch.engines]
    if only is not None:
        towns = [notes if on else None for notes, on in zip(towns, only, strict=True)]
    # ctx.note, without its conversions (a few us a town)
    for notes, a, z in zip(towns, cut[:-1], cut[1:], strict=True):
        if notes is not None:
            before = notes.get(key)
            notes[key] = cols[a:z] if before is None else np.concatenate((before, cols[a:z]))


class Bounds(list):
    """(start, end) pairs, with the same cut points as an array (`edges`: the starts, then the
    last end) for `segment_sums`, which then reads them without converting the pairs."""

    __slots__ = ("edges",)
    edges: np.ndarray


def segments(batch: Batch, idx: np.ndarray) -> list[tuple[int, int]]:
    """Where each town's households are in the sorted flat indices `idx`: (start, end) per run."""
    edges = np.searchsorted(idx, batch.offsets)
    cut = edges.tolist()
    out = Bounds(zip(cut[:-1], cut[1:], strict=True))
    out.edges = edges
    return out


_F8, _F4 = np.dtype("f8"), np.dtype("f4")


def segment_sums(values: np.ndarray, bounds) -> np.ndarray:
    """`values[a:z].sum()` of every (a, z) in `bounds` (pairs, or an (m, 2) array), bit for
    bit, as float64: each town's total is the float it gets alone (an empty segment sums to
    0.0). Segments one after another (each starting where the last ended: every caller's) of
    float64 or float32 values are summed at once (`_padded_sums`); others one by one."""
    values = np.asarray(values)
    edges = getattr(bounds, "edges", None)  # (`segments`' pairs: their cut points as an array)
    if edges is not None:
        pairs, starts, ends = bounds, edges[:-1], edges[1:]
    else:
        cut = np.asarray(bounds, "i8").reshape(-1, 2)
        pairs, starts, ends = cut.tolist(), cut[:, 0], cut[:, 1]
    kind = values.dtype
    if (kind is _F8 or kind is _F4) and values.ndim == 1 and starts.size:
        if edges is not None or (starts[1:] == ends[:-1]).all():
            return _padded_sums(values, starts, ends)
    add = np.add.reduce  # (`.sum()` is this reduce behind a Python wrapper)
    return np.array([float(add(values[a:z])) for a, z in pairs], "f8")


def _padded_sums(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """`segment_sums` of segments one after another: the values with a 0.0 put before each
    segment, summed by `np.add.reduceat`, which starts a segment's sum from its first value
    (the 0.0) and adds the rest in one call of the loop `.sum()` uses (numpy's pairwise sum
    over the segment's values, the same blocks): the float the slice's own sum gives, which
    starts from +0.0 too (a sum of -0.0s is 0.0; float32 summed in float32, as its slice)."""
    lengths = ends - starts
    zeros = np.cumsum(lengths + 1)
    zeros -= lengths + 1  # where each segment's 0.0 goes
    lo, hi = int(starts[0]), int(ends[-1])
    padded = np.zeros(hi - lo + starts.size, values.dtype)
    keep = np.ones(padded.size, bool)
    keep[zeros] = False
    padded[keep] = values[lo:hi]
    sums = np.add.reduceat(padded, zeros)
    return sums if sums.dtype is _F8 else sums.astype(_F8)


def pay_segments(
    batch: Batch,
    idx: np.ndarray,
    bounds: list[tuple[int, int]],
    amounts,
    flow: str | None,
    line: str | None = None,
    skip: list | None = None,
) -> None:
    """`context.pay` (or, without a flow, `move_cash`) of `amounts` to the households `idx`
    (sorted flat indices, each once) of every town: each town's total is the sum of its own
    slice, booked under the flow; towns whose `skip` entry is False are left out."""
    amounts = np.asarray(amounts, "f8")
    if amounts.shape != idx.shape:
        amounts = np.broadcast_to(amounts, idx.shape)
    cash = batch.columns["cash"]
    if skip is None:
        np.add.at(cash, idx, amounts)
    elif any(skip):
        # the towns left out keep their cash: one masked add (each household once, so the
        # same sum per household as the town's own add)
        keep = np.repeat(np.asarray(skip, bool), [z - a for a, z in bounds])
        np.add.at(cash, idx[keep], amounts[keep])
    totals = segment_sums(amounts, bounds)  # each town's own slice, summed as alone
    if skip is not None:
        totals[~np.asarray(skip, bool)] = 0.0
    if batch.with_players:
        paid = [r for r in batch.with_players if skip is None or skip[r]]
        credit_players(batch, paid, idx, amounts, line or flow or "")
    if flow:
        book_signed(batch, flow, totals)


def book_signed(batch: Batch, flow: str, totals: np.ndarray) -> None:
    """Book each town's signed cash change `totals` (runs,) under `flow` as `context.pay`
    does: the flow's amount is the change into or out of households (its size if both ends
    are households)."""
    frm, to = FLOWS[flow]
    if to == "households" and frm != "households":
        batch.books.book_runs(flow, totals)
    elif frm == "households" and to != "households":
        batch.books.book_runs(flow, -totals)
    else:
        batch.books.book_runs(flow, np.abs(totals))


def book_rows(batch: Batch, flow: str, amounts: np.ndarray, sign: float = 1.0) -> None:
    """Book each town's total of `amounts` (runs, n) under `flow`, and each player's share."""
    batch.books.book_runs(flow, sign * amounts.sum(axis=1))
    if batch.with_players:
        credit_players(batch, batch.with_players, None, amounts.ravel(), flow)


def credit_players(
    batch: Batch, towns: list[int], idx: np.ndarray | None, amounts: np.ndarray, line: str
) -> None:
    """`context._player_lines` for the players of `towns`: each player's change of cash under
    `line` in its own account. `amounts`: per household of `idx` (flat, sorted, each once), or
    with `idx` None per household of the batch. A player's change is 0.0 + its amount (the
    town's own sum into zeros), skipped when 0.0."""
    # the players of `towns` and their flat rows: the same all month (kept for the month)
    kept = batch.__dict__.setdefault("_players_of", {})
    at = (batch.month, tuple(towns))
    found_who = kept.get(at)
    if found_who is None:
        if kept and next(iter(kept))[0] != batch.month:
            kept.clear()
        who = [(r, int(h)) for r in towns for h in batch.engines[r].ctx.players.tolist()]
        offsets = batch.offsets.tolist()
        found_who = kept[at] = (who, np.array([offsets[r] + h for r, h in who], "i8"))
    who, flat = found_who
    if not who:
        return
    if idx is None:
        found = np.ones(flat.size, bool)
        change = (0.0 + amounts[flat]).tolist()
    elif idx.size == 0:
        return
    else:
        pos = np.minimum(np.searchsorted(idx, flat), idx.size - 1)
        found = idx[pos] == flat
        change = (0.0 + amounts[pos]).tolist()
    for (r, h), on, a in zip(who, found.tolist(), change, strict=True):
        if on and a != 0.0:
            acc = batch.engines[r].ctx.lines.setdefault(h, {})
            acc[line] = acc.get(line, 0.0) + a


def incomes(batch: Batch) -> None:
    """`labour.day_labour` then `household.incomes` (with the minimum living guarantee)."""
    p = batch.engines[0].params
    col = batch.column
    s = col("status")
    day_pay = _day_labour(batch, s)
    laid_off_month = col("laid_off_month")
    ui_left = col("ui_months_left")
    ui = (
        (ui_left > 0)
        & (laid_off_month >= 0)
        & ~status_in(s, (Status.WAGE_JOB, Status.SELF_EMPLOYED, Status.MIGRATED, Status.RETIRED))
    )
    flows, remit, from_member = household.income_flows(
        p, batch.month, batch.flat_state(), s.ravel(), ui.ravel(), day_pay.ravel()
    )
    paid = {flow: amounts.reshape(s.shape) for flow, amounts in flows.items()}
    remit, from_member = remit.reshape(s.shape), from_member.reshape(s.shape)
    spouse = col("spouse_income")
    # pay_each, for every town: one change to the cash column, each flow booked per town.
    income = np.zeros(s.shape)
    for flow, amounts in paid.items():
        income += amounts
        book_rows(batch, flow, amounts)
    col("cash")[...] += income
    ended = ui & (ui_left == 1)
    ui_left[ui] -= 1
    note(batch, "ui_ended", ended)
    others = spouse + from_member
    for r, e in enumerate(batch.engines):
        e.ctx.pool_sources["remittances"] = remit[r]
        e.ctx.pool_sources["others_income"] = others[r]
    _minimum_living_guarantee(batch, income)


def _day_labour(batch: Batch, s: np.ndarray) -> np.ndarray:
    """`labour.day_labour` for every town: (runs, n) pay."""
    p = batch.engines[0].params
    labourer = s == S.DAY_LABOUR
    counts = labourer.sum(axis=1)
    # (kept from month to month on the flat state, as `labour.day_labour` keeps it on a town's)
    flat = batch.flat_state()
    women, burden = p.income.day_labour_women_factor, p.behaviour.burden_hours_share
    key = (women, burden, *size_key(flat), int(flat.female.sum()))
    flat_weight = kept(
        flat, "_day_labour_weight", key, lambda: labour.day_labour_weight(p, flat, slice(None))
    )
    weight = flat_weight.reshape(s.shape)
    days, wage = day_labour_terms(batch, counts)
    # each town's labourers' weights, one after another: a town's mean is its slice's sum
    # over its count, as `.mean()` gives it
    ends = np.cumsum(counts)
    sums = segment_sums(weight[labourer], np.stack([ends - counts, ends], axis=1))
    mean_w = np.where(counts > 0, sums / np.maximum(counts, 1), 1.0)
    terms = np.stack([days, wage], axis=1)
    for e, row in zip(batch.engines, terms, strict=True):
        e.ctx.pool_sources["day_labour"] = row
    ok = mean_w > 0
    days_each = np.where(
        ok[:, None], days[:, None] * weight / np.where(ok, mean_w, 1.0)[:, None], 0.0
    )
    u = draws(batch, "labour")
    hurt = labourer & (u < p.income.day_labour_injury_rate_per_month)
    health = batch.columns["health"]
    flat_hurt = hurt.ravel()
    health[flat_hurt] = np.maximum(
        health[flat_hurt] - labour.INJURY_HEALTH_LOSS, p.income.health_floor
    )
    note(batch, "injured", hurt)
    return np.where(labourer & ~hurt, days_each * wage[:, None] * batch.column("health"), 0.0)


def day_labour_terms(batch: Batch, labourers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`labour.day_labour_terms` of every town (`labourers` (runs,) seekers each): the days
    each finds and the day wage, the same arithmetic element for element (the power is
    Python's, libm's `pow` as numpy's scalar uses it)."""
    p = batch.engines[0].params
    inc = p.income
    offered = _days_offered(batch, p)
    days = np.minimum(
        np.minimum(offered / np.maximum(labourers, 1), inc.day_labour_max_days_per_month),
        2.0 * inc.day_labour_days_per_month,
    )
    ratio = np.clip(days / max(inc.day_labour_days_per_month, 1e-9), 0.25, 1.5)
    elasticity = inc.day_labour_wage_elasticity
    wage = inc.day_labour_yuan_per_day * np.array([x**elasticity for x in ratio.tolist()])
    return days, wage


def demand_index(batch: Batch) -> np.ndarray:
    """`labour.demand_index` of every town (runs,): last month's spending in its trades
    against before the layoffs."""
    states = [e.state for e in batch.engines]
    pools = stacked([st.pool_last for st in states]).sum(axis=1)  # each row as alone
    at_start = np.array([st.spending_at_start for st in states], "f8")
    return np.where(at_start > 0, pools / np.where(at_start > 0, at_start, 1.0), 1.0)


def _days_offered(batch: Batch, p) -> np.ndarray:
    """Each town's days of casual work on offer this month (runs,): its days before the
    layoffs times its demand index (last month's spending: fixed for the month, so kept)."""
    kept = batch.__dict__.get("_days_offered")
    if kept is not None and kept[0] == (batch.month, id(p)):
        return kept[1]
    states = [e.state for e in batch.engines]
    offered = np.array([st.day_labour_days_at_start for st in states], "f8") * demand_index(batch)
    if month_of_year(p, batch.month) in labour.FROST_MONTHS:
        offered = offered * p.income.day_labour_winter_factor
    batch.__dict__["_days_offered"] = ((batch.month, id(p)), offered)
    return offered


def outside_options(batch: Batch) -> np.ndarray:
    """`business.outside_option` of every town (runs,): a month of day labour with the town's
    day labourers as they are now, one more among them."""
    labourers = np.count_nonzero(batch.column("status") == S.DAY_LABOUR, axis=1)
    days, wage = day_labour_terms(batch, labourers + 1)
    return days * wage


def business_lures(batch: Batch) -> np.ndarray:
    """`choice.business_lure` of every town (runs,)."""
    b = batch.engines[0].params.behaviour
    if batch.engines[0].state.n_trades:
        seen = stacked([e.state.observed_profit for e in batch.engines]).max(axis=1)
    else:
        seen = np.zeros(batch.runs)
    yardstick = np.maximum(outside_options(batch), 1.0)
    pull = np.log(np.maximum(seen, 1.0) / yardstick)
    return 1.0 / (1.0 + np.exp(-b.profit_weight * pull))


def _minimum_living_guarantee(batch: Batch, income: np.ndarray) -> None:
    p = batch.engines[0].params
    inc = p.income
    col = batch.column
    per_person = inc.minimum_living_guarantee_yuan_per_person_per_month
    flat = batch.flat_state()
    key = (per_person, *size_key(flat))  # (kept as `household.minimum_living_guarantee` keeps it)
    line = kept(flat, "_dibao_line", key, lambda: per_person * members(flat))
    line = line.reshape(batch.runs, -1)
    s = col("status")
    business = np.where(s == S.SELF_EMPLOYED, np.maximum(col("profit_avg"), 0.0), 0.0)
    means = income + business
    eligible = (means < line) & (col("cash") < 3.0 * line) & (s != S.MIGRATED)
    applied = col("dibao_applied")
    new = eligible & (applied == 0)
    asking = np.flatnonzero(new.any(axis=1))
    if asking.size:  # the towns with new applicants draw, each from its own stream
        u = np.empty((asking.size, s.shape[1]))
        for draws_of, i in zip(u, asking.tolist(), strict=True):
            batch.engines[i].ctx.rng["finance"].random(out=draws_of)
        town, who = np.nonzero(new[asking])
        answer = np.where(u[town, who] < inc.minimum_living_guarantee_take_up, 1, 2)
        applied[asking[town], who] = answer
    paid = eligible & (applied == 1)
    top_up = np.where(paid, line - means, 0.0)
    col("cash")[...] += top_up
    book_rows(batch, "minimum_living_guarantee", top_up)
    total = income + top_up
    incomes_of = list(total)
    for e, row in zip(batch.engines, incomes_of, strict=True):
        e.ctx.income = row
    batch.__dict__["_town_incomes"] = (total, incomes_of)  # batched_household.town_incomes
    col("on_dibao")[...] = paid
    note(batch, "dibao", paid)
