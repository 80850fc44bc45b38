"""Within each trade: customers choose among sellers by a multinomial logit on price and
loyalty, with an outside option (the county seat, the chain store); capacity is limited by
hours worked. Then adaptive pricing (Howitt & Clower 2000). All vectorised: one segmented
softmax over every seller of every trade, no loop over sellers."""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules.context import MonthContext, pay
from game.core.rules.household import living_cost
from game.core.state import Status, TownState

# The outside option's pull is measured per this much monthly spending (see Behaviour).
POOL_PER_SELLER_EQUIVALENT = 20_000.0


def trade_arrays(p: Params) -> dict[str, np.ndarray]:
    ts = p.trades
    return {
        "unit_cost": np.array([t.unit_cost_yuan for t in ts]),
        "rent": np.array([t.rent_yuan_per_month for t in ts]),
        "start_price": np.array([t.start_price_yuan for t in ts]),
        "units_per_hour": np.array([t.units_per_hour for t in ts]),
        "start_up": np.array([t.start_up_cost_yuan for t in ts]),
        "micro_profit": np.array([t.micro_profit for t in ts]),
    }


def sellers(st: TownState) -> np.ndarray:
    return np.flatnonzero((st.status == Status.SELF_EMPLOYED) & (st.trade >= 0))


def sell(p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]) -> None:
    """The month's sales, revenue, costs and profit for every open business."""
    b = p.behaviour
    j = sellers(st)
    t = st.trade[j].astype("i8")
    price = st.price[j].astype("f8")
    pools = ctx.pools
    # Logit utility: log price relative to the trade's reference, loyalty, and presence
    # (a shop open fewer hours is found less often).
    hours_share = np.clip(st.hours[j] / b.full_hours_per_month, 0.05, 1.5)
    util = (
        -b.price_sensitivity * np.log(price / ta["start_price"][t])
        + st.appeal[j]
        + np.log(hours_share)
    )
    e = np.exp(util)
    outside = b.outside_option_weight * pools / POOL_PER_SELLER_EQUIVALENT
    denom = outside + np.bincount(t, weights=e, minlength=st.n_trades)
    share = e / denom[t]
    wanted_units = pools[t] * share / price
    capacity = st.hours[j] * ta["units_per_hour"][t] * st.health[j]
    units = np.minimum(wanted_units, capacity)
    revenue = units * price
    costs = units * ta["unit_cost"][t] + ta["rent"][t]
    # Tax after the relief months (2016 guidelines: tax relief); interest if the borrower pays it.
    taxed = st.months_open[j] >= p.policy.tax_relief_months
    tax = np.where(taxed, p.policy.business_tax_share_of_revenue * revenue, 0.0)
    rate_m = p.policy.loan_interest_rate_per_year / 12.0
    interest_share = np.where(ta["micro_profit"][t], p.policy.borrower_interest_share, 1.0)
    interest = st.loan_principal[j] * rate_m * interest_share
    profit = revenue - costs - tax - interest

    pay(st.cash, ctx, j, revenue, "sales_revenue")
    pay(st.cash, ctx, j, -(units * ta["unit_cost"][t]), "unit_costs")
    pay(st.cash, ctx, j, -ta["rent"][t], "rent")
    pay(st.cash, ctx, j, -tax, "business_tax")
    pay(st.cash, ctx, j, -interest, "loan_interest")
    ctx.pool_sources["left_town"] = np.array([pools.sum() - revenue.sum()])

    st.sales_units[j] = units
    st.revenue[j] = revenue
    st.profit[j] = profit
    st.capacity_bound[j] = wanted_units > capacity * 0.999
    st.months_open[j] += 1
    ctx.income[j] += np.maximum(profit, 0.0)
    ctx.pool_sources["inside_share"] = np.bincount(t, weights=share, minlength=st.n_trades)

    # Loyalty moves slowly toward each seller's relative share (Weisbuch, Kirman & Herreiner).
    n_t = np.bincount(t, minlength=st.n_trades).astype("f8")
    inside = ctx.pool_sources["inside_share"]
    rel = share * n_t[t] / np.maximum(inside[t], 1e-9)
    # Half the log of the relative share: a newcomer's handicap fades as customers try it.
    target = np.clip(0.5 * np.log(np.maximum(rel, 1e-6)), -1.0, 1.0)
    st.appeal[j] += b.loyalty_speed * (target - st.appeal[j])


def reprice(p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]) -> None:
    """Adaptive pricing toward the Salop markup: with N sellers around the town the going
    markup over unit cost is t/N (Salop 1979; evidence.md market mechanism), with t set so
    the start price holds for the trade's sellers before the layoffs. Each month a seller
    closes part of the gap (Howitt & Clower 2000); sold out, it raises; desperate (cash
    short, or a loan due it cannot cover) it cuts deeper. Never below unit cost, and members
    of a working price agreement keep to its floor. Players set their own price."""
    b = p.behaviour
    j = sellers(st)
    j = j[~st.is_player[j]]
    n_t = np.bincount(st.trade[sellers(st)].astype("i8"), minlength=st.n_trades)
    t = st.trade[j].astype("i8")
    unit = ta["unit_cost"][t]
    markup = (ta["start_price"] - ta["unit_cost"]) * st.reference_sellers / np.maximum(n_t, 1)
    target = np.minimum(unit + markup[t], 2.0 * ta["start_price"][t])
    price = st.price[j].astype("f8")
    new_price = price + b.price_adjust_speed * (target - price)
    desperate = desperation(p, st, j) > 0.5
    new_price = np.where(desperate, new_price * (1.0 - b.desperate_extra_cut), new_price)
    new_price = np.where(
        st.capacity_bound[j], np.maximum(new_price, price * (1.0 + b.price_step)), new_price
    )
    floor = unit * (1.0 + b.min_markup)
    agreed = st.in_agreement[j] & st.agreement_active[t]
    floor = np.where(agreed, np.maximum(floor, st.agreement_floor[t]), floor)
    st.price[j] = np.maximum(new_price, floor)


def desperation(p: Params, st: TownState, idx: np.ndarray) -> np.ndarray:
    """0 calm .. 1 desperate: cash against next month's costs, and a loan due soon."""
    rent = np.array([t.rent_yuan_per_month for t in p.trades])
    tr = st.trade[idx]
    fixed = np.where(tr >= 0, rent[np.maximum(tr, 0)], 0.0) + living_cost(p, st)[idx]
    cash_stress = np.clip(1.0 - st.cash[idx] / (3.0 * fixed), 0.0, 1.0)
    due_in = st.loan_due_month[idx] - st.month
    loan_stress = (
        (st.loan_principal[idx] > 0) & (due_in <= 2) & (st.cash[idx] < st.loan_principal[idx])
    )
    return np.maximum(cash_stress, np.where(loan_stress, 1.0, 0.0))


def trade_medians(values: np.ndarray, trade: np.ndarray, n_trades: int) -> np.ndarray:
    """Median of `values` per trade (NaN where a trade has no seller), vectorised by sorting."""
    out = np.full(n_trades, np.nan)
    if values.size == 0:
        return out
    # One argsort on a combined key (trade, then value) is about twice as fast as lexsort.
    span = float(np.max(np.abs(values))) * 2.0 + 1.0
    order = np.argsort(trade * span + values, kind="stable")
    v, tr = values[order], trade[order]
    counts = np.bincount(tr, minlength=n_trades)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    has = counts > 0
    lo = starts + (counts - 1) // 2
    hi = starts + counts // 2
    out[has] = 0.5 * (v[lo[has]] + v[hi[has]])
    return out
