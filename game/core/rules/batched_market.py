"""`market.sell` for every town of a batch at once (see rules/batched.py for the rules of
byte-identity): the sellers of all towns in one flat index, trades grouped by (run, trade);
totals booked per town from that town's own slice of the sellers, in the same order."""

from __future__ import annotations

import numpy as np

from game.core.metrics import grouped_medians
from game.core.rules import batched_household, market
from game.core.rules.batched import Batch, note, pay_segments, segment_sums, segments, stacked
from game.core.rules.codes import S
from game.core.rules.context import book
from game.core.rules.market import appeal, outside_pull


def sell(batch: Batch) -> None:
    """The month's sales, costs and profit of every seller of every town (`market.sell`)."""
    e0 = batch.engines[0]
    p, ta, k = e0.params, e0.trade_arrays, e0.state.n_trades
    runs, cols = batch.runs, batch.columns
    flat = batch.flat_state()
    j = np.flatnonzero((cols["status"] == S.SELF_EMPLOYED) & (cols["trade"] >= 0))
    bounds = segments(batch, j)
    t = cols["trade"][j].astype("i8")
    g = batch.run[j] * k + t  # (run, trade) groups
    price = cols["price"][j].astype("f8")
    pools_rt = stacked([e.ctx.pools for e in batch.engines])
    pools = pools_rt.ravel()
    # market.shares, with each town's trades as its own groups
    b = p.behaviour
    hours_share = np.clip(cols["hours"][j] / b.full_hours_per_month, 0.05, 1.5)
    sensitivity = stacked([e.state.price_sensitivity for e in batch.engines]).ravel()
    sigma = sensitivity[g] * p.market.price_sensitivity_scale
    util = (
        -sigma * np.log(price / ta["start_price"][t])
        + appeal(p, flat, j, t, ta)
        + np.log(hours_share)
    )
    ex = np.exp(np.clip(util, -30.0, 30.0))
    outside = outside_pull(p, pools)
    denom = outside + np.bincount(g, weights=ex, minlength=runs * k)
    share = ex / np.maximum(denom[g], 1e-12)

    wanted_units = pools[g] * share / price
    capacity = cols["hours"][j] * ta["units_per_hour"][t] * cols["health"][j]
    units = np.minimum(wanted_units, capacity)
    revenue = units * price
    supplies = units * ta["unit_cost"][t]
    taxed = cols["months_open"][j] >= p.policy.tax_relief_months
    tax = np.where(taxed, p.policy.business_tax_share_of_revenue * revenue, 0.0)
    rate_m = p.policy.loan_interest_rate_per_year / 12.0
    interest_share = market.borrower_interest_share(
        p, ta["micro_profit"][t], cols["loan_extended"][j]
    )
    interest = cols["loan_principal"][j] * rate_m * interest_share

    pay_segments(batch, j, bounds, revenue, None, "sales_revenue")
    _book_sales(batch, g, revenue, pools_rt)
    pay_segments(batch, j, bounds, -supplies, "supplies")
    for amounts, flow in ((tax, "business_tax"), (interest, "loan_interest")):
        some = (np.bincount(batch.run[j[amounts != 0]], minlength=runs) > 0).tolist()
        pay_bill_segments(batch, j, bounds, amounts, flow, borrow_ok=False, only=some)
    unpaid = pay_bill_segments(batch, j, bounds, ta["rent"][t], "rent")
    note(batch, "rent_unpaid", None, j[unpaid > 0.5])
    left = pools_rt.sum(axis=1) - segment_sums(revenue, bounds)  # each town's rows as alone
    for e, row in zip(batch.engines, left.reshape(runs, 1), strict=True):
        e.ctx.pool_sources["left_town"] = row

    profit = revenue - supplies - ta["rent"][t] - tax - interest
    cols["sales_units"][j] = units
    cols["revenue"][j] = revenue
    cols["profit"][j] = profit
    new = cols["months_open"][j] == 0
    cols["profit_avg"][j] = np.where(new, profit, 0.67 * cols["profit_avg"][j] + 0.33 * profit)
    cols["capacity_bound"][j] = wanted_units > capacity * 0.999
    cols["months_open"][j] += 1
    gain = np.maximum(profit, 0.0)
    income = batched_household.town_incomes(batch)
    if income is not None:  # every town's income a row of one array: one add
        income.ravel()[j] += gain
    inside = np.bincount(g, weights=share, minlength=runs * k).reshape(runs, k)
    local = j - batch.offsets[batch.run[j]]
    for r, e in enumerate(batch.engines):
        a, z = bounds[r]
        if income is None:
            e.ctx.income[local[a:z]] += gain[a:z]
        e.ctx.pool_sources["inside_share"] = inside[r]
        e.ctx.pool_sources["seller_share"] = share[a:z]

    n_t = np.bincount(g, minlength=runs * k).astype("f8")
    rel = share * n_t[g] / np.maximum(inside.ravel()[g], 1e-9)
    target = np.clip(0.5 * np.log(np.maximum(rel, 1e-6)), -1.0, 1.0)
    cols["appeal"][j] += p.market.loyalty_speed * (target - cols["appeal"][j])


def _book_sales(batch: Batch, g: np.ndarray, revenue: np.ndarray, pools: np.ndarray) -> None:
    """`market._book_sales` for every town: each town's sales split by who paid."""
    runs, k = pools.shape
    rev_t = np.bincount(g, weights=revenue, minlength=runs * k).reshape(runs, k)
    sources = [e.ctx.pool_sources for e in batch.engines]
    if any("by_source" not in s for s in sources):  # a town whose pools were made alone
        _book_sales_town_by_town(batch, rev_t, pools)
        return
    by_source = stacked([s["by_source"] for s in sources])  # (runs, 3, k)
    frac = by_source / np.maximum(pools, 1e-12)[:, None, :]
    # each town's three sums over its trades, a row each (as `(rev * f).sum()` alone)
    households, outsiders, mill = (rev_t[:, None, :] * frac).sum(axis=2).T
    spent = np.array([float(s["households_spent"][0]) for s in sources])
    books = batch.books
    books.book_runs("spending_in_town", households)
    books.book_runs("spending_out_of_town", spent - households)
    books.book_runs("sales_to_outsiders", outsiders)
    books.book_runs("sales_to_the_mill", mill)


def _book_sales_town_by_town(batch: Batch, rev_t: np.ndarray, pools: np.ndarray) -> None:
    for r, e in enumerate(batch.engines):
        st, ctx = e.state, e.ctx
        by_source = ctx.pool_sources.get("by_source")
        if by_source is None:
            book(st, ctx, "sales_to_outsiders", float(rev_t[r].sum()))
            continue
        frac = by_source / np.maximum(pools[r], 1e-12)
        households, outsiders, mill = (float((rev_t[r] * f).sum()) for f in frac)
        spent = float(ctx.pool_sources["households_spent"][0])
        book(st, ctx, "spending_in_town", households)
        book(st, ctx, "spending_out_of_town", spent - households)
        book(st, ctx, "sales_to_outsiders", outsiders)
        book(st, ctx, "sales_to_the_mill", mill)


def pay_bill_segments(
    batch: Batch,
    j: np.ndarray,
    bounds: list[tuple[int, int]],
    amounts,
    flow: str,
    borrow_ok: bool = True,
    only: list | None = None,
) -> np.ndarray:
    """`informal.pay_bill` for the households `j` of every town (towns where `only` is False
    skip the bill, as a town skips it alone). Returns what each could not pay."""
    cols = batch.columns
    amounts = np.broadcast_to(np.asarray(amounts, "f8"), j.shape).copy()
    short = np.maximum(amounts - np.maximum(cols["cash"][j], 0.0), 0.0)
    if only is not None:
        keep = np.zeros(j.size, bool)
        for (a, z), on in zip(bounds, only, strict=True):
            keep[a:z] = on
        short[~keep] = 0.0
    if borrow_ok:
        # every town's lenders at once (`batched_household.borrow` is `informal.borrow` town
        # by town: the towns with a shortfall, each lending its own money)
        need = np.flatnonzero(short > 0)
        if need.size:
            short[need] -= batched_household.borrow(batch, j[need], short[need])
    paid = amounts - short
    pay_segments(batch, j, bounds, -paid, flow, skip=only)
    return short


def _per_trade(batch: Batch, name: str) -> np.ndarray:
    """A per-trade array of every town's state, stacked (runs, trades) (a copy)."""
    return stacked([getattr(e.state, name) for e in batch.engines])


def reprice(batch: Batch) -> None:
    """`market.reprice` for every AI seller of every town."""
    e0 = batch.engines[0]
    p, ta, k = e0.params, e0.trade_arrays, e0.state.n_trades
    m, cols = p.market, batch.columns
    j = np.flatnonzero((cols["status"] == S.SELF_EMPLOYED) & (cols["trade"] >= 0))
    bounds = segments(batch, j)
    shares = [e.ctx.pool_sources.get("seller_share") for e in batch.engines]
    if any(s is None or s.size != z - a for s, (a, z) in zip(shares, bounds, strict=True)):
        for e in batch.engines:  # a town whose market did not run: the rule as alone
            market.reprice(e.params, e.state, e.ctx, e.trade_arrays)
        return
    share: np.ndarray = np.concatenate([s for s in shares if s is not None])
    ai = ~cols["is_player"][j]
    j, share = j[ai], share[ai]
    t = cols["trade"][j].astype("i8")
    g = batch.run[j] * k + t
    flat = batch.flat_state()
    price = cols["price"][j].astype("f8")
    revenue = cols["revenue"][j].astype("f8")
    usual = cols["usual_revenue"][j].astype("f8")
    fresh = usual <= 0
    gap = np.clip(
        revenue / np.maximum(usual, 1.0) - 1.0, -market.SALES_GAP_LIMIT, market.SALES_GAP_LIMIT
    )
    response = np.where(gap < 0, m.sales_response, m.sales_response_up)
    step = np.where(fresh, 0.0, response * gap)
    # market.best_response_price, with each town's own sensitivities
    sigma = _per_trade(batch, "price_sensitivity").ravel()[g] * m.price_sensitivity_scale
    margin = 1.0 / (1.0 + sigma * (1.0 - share))
    best = ta["unit_cost"][t] / np.maximum(1.0 - margin, 1e-3)
    step += m.best_response_pull * np.log(best / price)
    step = np.where(cols["profit"][j] < 0, step - m.loss_cut, step)
    desperate = market.desperation(p, flat, j, month=batch.month) > 0.5
    step = np.where(desperate, step - m.desperate_extra_cut, step)
    step = np.where(cols["capacity_bound"][j], np.maximum(step, np.log1p(m.price_step)), step)
    new_price = price * np.exp(step)
    unit = ta["unit_cost"][t]
    floor = unit * (1.0 + m.min_markup)
    agreed = cols["in_agreement"][j] & _per_trade(batch, "agreement_active").ravel()[g]
    floor = np.where(
        agreed, np.maximum(floor, _per_trade(batch, "agreement_floor").ravel()[g]), floor
    )
    cap = market.PRICE_CAP_MULTIPLE * ta["start_price"][t]
    cols["price"][j] = np.clip(new_price, floor, np.maximum(cap, floor))
    cols["usual_revenue"][j] = np.where(fresh, revenue, usual + m.sales_memory * (revenue - usual))


def observe(batch: Batch) -> None:
    """`market.observe` for every town: going prices and the profit neighbours see."""
    e0 = batch.engines[0]
    p, ta, k = e0.params, e0.trade_arrays, e0.state.n_trades
    runs, cols = batch.runs, batch.columns
    j = np.flatnonzero((cols["status"] == S.SELF_EMPLOYED) & (cols["trade"] >= 0))
    t = cols["trade"][j].astype("i8")
    g = batch.run[j] * k + t
    med_price = grouped_medians(cols["price"][j].astype("f8"), g, runs * k).reshape(runs, k)
    traded = cols["months_open"][j] > 0
    med_profit = grouped_medians(cols["profit"][j[traded]].astype("f8"), g[traded], runs * k)
    med_profit = med_profit.reshape(runs, k)
    pools = stacked([e.ctx.pools if e.ctx.pools.size else e.state.pool_last for e in batch.engines])
    lone = (
        pools * (1.0 - ta["unit_cost"] / ta["start_price"]) / (1.0 + market.outside_pull(p, pools))
        - ta["rent"]
    )
    seen = np.where(np.isnan(med_profit), lone, med_profit)
    memory = p.behaviour.observed_profit_memory
    observed = memory * _per_trade(batch, "observed_profit") + (1.0 - memory) * seen
    has = ~np.isnan(med_price)
    for r, e in enumerate(batch.engines):
        e.state.going_price[has[r]] = med_price[r][has[r]]
        e.state.observed_profit[:] = observed[r]
