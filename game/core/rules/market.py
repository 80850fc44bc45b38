"""Within each trade: customers choose among sellers by a multinomial logit on price, loyalty,
the owner's skill and the shop's capital, with an outside option (the county seat, the chain
store); capacity is limited by hours worked. Sellers then reprice from their own sales
(Howitt & Clower 2000): below what they have come to expect, they cut; sold out, they raise;
losing money or desperate, they cut deeper. No seller-count target: prices answer demand.
All vectorised: one segmented softmax over every seller of every trade."""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules.context import (
    _CLIP,
    KEEP_SELLERS_FROM,
    MonthContext,
    book,
    clip,
    indices,
    move_cash,
    pay,
    self_employed,
    trade_column,
)

# (living_cost: its callers read it here too, as market.living_cost)
from game.core.rules.informal import borrow, living_cost, pay_bill  # noqa: F401
from game.core.state import Status, TownState

# The outside option's pull is measured per this much monthly spending (see MarketParams).
POOL_PER_SELLER_EQUIVALENT = 20_000.0
# A month's sales against the seller's usual sales are read within these bounds (one odd
# month does not crash a price).
SALES_GAP_LIMIT = 0.5
# Nobody pays more than this multiple of the trade's start price (the SetPrice command's cap).
PRICE_CAP_MULTIPLE = 4.0


def trade_arrays(p: Params) -> dict[str, np.ndarray]:
    """The trades' parameter columns the rules read (each made once per parameter set: a
    fresh dict of the kept, read-only columns)."""
    key = tuple(map(id, p.trades))
    cached = p.__dict__.get("_trade_arrays")
    if cached is None or cached[0] != key:
        cached = (key, _trade_arrays(p))
        object.__setattr__(p, "_trade_arrays", cached)
    return dict(cached[1])


def _trade_arrays(p: Params) -> dict[str, np.ndarray]:
    return {
        "unit_cost": trade_column(p, "unit_cost_yuan"),
        "rent": trade_column(p, "rent_yuan_per_month"),
        "start_price": trade_column(p, "start_price_yuan"),
        "units_per_hour": trade_column(p, "units_per_hour"),
        "start_up": trade_column(p, "start_up_cost_yuan"),
        "micro_profit": trade_column(p, "micro_profit"),
        "seizure_rate": trade_column(p, "seizure_rate_per_month"),
    }


# A plain int compares with the int8 status column in int8; the IntEnum member makes numpy
# widen the column to int64 first (the same mask, 7x slower on a big town).
_SELLING = int(Status.SELF_EMPLOYED)


def sellers(st: TownState) -> np.ndarray:
    if st.status.size < KEEP_SELLERS_FROM:
        return indices((st.status == _SELLING) & (st.trade >= 0))
    j = self_employed(st)  # (a big town's sellers, kept while they stay the same)
    traded = st.trade[j] >= 0
    return j if traded.all() else j[traded]


def outside_pull(p: Params, pools: np.ndarray) -> np.ndarray:
    """The outside option's weight in each trade's logit, in seller-equivalents."""
    return p.market.outside_option_weight * pools / POOL_PER_SELLER_EQUIVALENT


def burdened(st: TownState, idx) -> np.ndarray:
    """Heavy family duties: a woman with two or more dependants (de Mel et al. 2008)."""
    return st.female[idx] & (st.dependants[idx] >= 2)


def appeal(p: Params, st: TownState, j: np.ndarray, t: np.ndarray, ta: dict) -> np.ndarray:
    """What draws customers to a seller besides price, in logit units: loyalty (built month by
    month), the owner's skill in the trade, the shop's capital (better equipped, better
    stocked, with diminishing returns: a log), and a lot on the main street (the street's free
    lots go to the first who open; the rest trade in side streets)."""
    m = p.market
    skill = st.skill.reshape(-1)[j * st.skill.shape[1] + t]  # st.skill[j, t], one gather
    capital = np.log(np.maximum(st.capital[j], 1.0) / np.maximum(ta["start_up"][t], 1.0))
    street = np.where(st.lot[j] >= 0, m.street_appeal, 0.0)
    return st.appeal[j] + m.skill_appeal * (skill - 0.5) + m.capital_appeal * capital + street


def shares(p: Params, st: TownState, j: np.ndarray, t: np.ndarray, price: np.ndarray,
           pools: np.ndarray, ta: dict) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Each seller's share of its trade's pool, and each trade's outside-option weight."""
    b = p.behaviour
    hours_share = clip(st.hours[j] / b.full_hours_per_month, 0.05, 1.5)
    sigma = st.price_sensitivity[t] * p.market.price_sensitivity_scale
    util = (
        -sigma * np.log(price / ta["start_price"][t])
        + appeal(p, st, j, t, ta)
        + np.log(hours_share)
    )
    e = np.exp(clip(util, -30.0, 30.0))
    outside = outside_pull(p, pools)
    denom = outside + np.bincount(t, weights=e, minlength=st.n_trades)
    return e / np.maximum(denom[t], 1e-12), outside


def borrower_interest_share(
    p: Params, micro_profit: np.ndarray, extended: np.ndarray
) -> np.ndarray:
    """The borrower's share of its loan's interest: the scenario's share on a micro-profit
    trade (the state pays the rest), all of it otherwise, and all of it during an extension,
    when the central budget stops paying (docs/evidence.md#loan-2002, PBoC 2002 No.394; unless
    the scenario's `subsidy_during_extension` says it pays on)."""
    subsidised = micro_profit if p.policy.subsidy_during_extension else micro_profit & ~extended
    return np.where(subsidised, p.policy.borrower_interest_share, 1.0)


def _put(column: np.ndarray, idx: np.ndarray, values: np.ndarray) -> None:
    """`column[idx] = values`, the values cast to the column's type first (the same rounding;
    a scatter that casts as it goes costs a quarter more)."""
    column[idx] = values if values.dtype == column.dtype else values.astype(column.dtype)


def sell(p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]) -> None:
    """The month's sales, revenue, costs and profit for every open business, and the books of
    the town's spending: what its own sellers took stays in town, the rest leaves.
    (`shares`, `appeal` and `borrower_interest_share` for these sellers, with each seller's
    columns read once and each trade's values looked up as one row per seller: the same floats.)"""
    j, t = _sellers_and_trades(st)
    pools = ctx.pools
    m, pol = p.market, p.policy
    trade = _sale_terms(p, st, ta, pools, t)  # (a list of rows)
    # Each trade's terms, one contiguous column per term, seller by seller (one (sellers x
    # terms) block taken at once was fewer instructions but a temporary over 128 KB: fresh
    # pages from the kernel at every call, slower in CPU time).
    row = [c.take(t) for c in trade]
    price = st.price[j].astype("f8")
    hours = st.hours[j]
    months_open = st.months_open[j]
    extended = st.loan_extended[j]
    loan = st.loan_principal[j]
    # shares: the logit's weights
    hours_share = clip(hours / p.behaviour.full_hours_per_month, 0.05, 1.5)
    skill = st.skill.reshape(-1)[j * st.skill.shape[1] + t]  # st.skill[j, t], one gather
    capital = np.maximum(st.capital[j], 1.0) / row[_START_UP]
    np.log(capital, out=capital)
    street = np.zeros(j.size)  # (np.where(on the main street, street_appeal, 0.0))
    street[st.lot[j] >= 0] = m.street_appeal
    appeal_j = st.appeal[j]
    util = price / row[_START_PRICE]
    np.log(util, out=util)
    util *= -row[_SIGMA]
    util += appeal_j + m.skill_appeal * (skill - 0.5) + m.capital_appeal * capital + street
    util += np.log(hours_share)
    e = _CLIP(util, -30.0, 30.0, out=util)
    np.exp(e, out=e)
    outside = outside_pull(p, pools)
    denom = outside + np.bincount(t, weights=e, minlength=st.n_trades)
    share = e / np.maximum(denom, 1e-12).take(t)
    wanted_units = row[_POOL] * share / price
    capacity = hours * row[_UNITS_PER_HOUR] * st.health[j]
    units = np.minimum(wanted_units, capacity)
    revenue = units * price
    supplies = units * row[_UNIT_COST]
    rent = row[_RENT]
    # Tax after the relief months (2016 guidelines: tax relief); interest if the borrower pays it
    # (a micro-profit trade's is the state's, except during an extension: docs/evidence.md#loan-2002).
    taxed = months_open >= pol.tax_relief_months
    tax = np.where(taxed, pol.business_tax_share_of_revenue * revenue, 0.0)
    rate_m = pol.loan_interest_rate_per_year / 12.0
    if pol.subsidy_during_extension or not extended.any():  # (each trade's share, as a row)
        interest_share = row[_INTEREST_SHARE]
    else:
        interest_share = borrower_interest_share(p, ta["micro_profit"][t], extended)
    interest = loan * rate_m * interest_share

    if ctx.players.size:  # (each payment on its own: the players' accounts take their part)
        move_cash(st, ctx, j, revenue, "sales_revenue")
        _book_sales(st, ctx, t, revenue, pools)
        pay(st, ctx, j, -supplies, "supplies")  # never more than the sales: price >= unit cost
        # Tax and interest a seller cannot raise are not paid (the state and the bank forgo
        # them); rent last: a seller who cannot raise it even from lenders is evicted (exits
        # close it).
        if tax.any():
            pay_bill(p, st, ctx, j, tax, "business_tax", borrow_ok=False)
        if interest.any():
            pay_bill(p, st, ctx, j, interest, "loan_interest", borrow_ok=False)
        unpaid = pay_bill(p, st, ctx, j, ta["rent"][t], "rent")
    else:
        _book_sales(st, ctx, t, revenue, pools)
        unpaid = _takings_and_bills(p, st, ctx, j, revenue, supplies, tax, interest, rent)
    ctx.note("rent_unpaid", j[unpaid > 0.5])
    ctx.pool_sources["left_town"] = np.array([pools.sum() - revenue.sum()])

    profit = revenue - supplies - rent - tax - interest
    _put(st.sales_units, j, units)
    _put(st.revenue, j, revenue)
    _put(st.profit, j, profit)
    new = (months_open == 0).nonzero()[0]
    profit_avg = 0.67 * st.profit_avg[j] + 0.33 * profit
    profit_avg[new] = profit[new]  # (np.where(new, profit, ...))
    _put(st.profit_avg, j, profit_avg)
    _put(st.capacity_bound, j, wanted_units > capacity * 0.999)
    _put(st.months_open, j, months_open + 1)
    income = ctx.income[j]
    income += np.maximum(profit, 0.0)
    ctx.income[j] = income
    inside = np.bincount(t, weights=share, minlength=st.n_trades)
    ctx.pool_sources["inside_share"] = inside
    ctx.pool_sources["seller_share"] = share

    # Loyalty moves slowly toward each seller's relative share (Weisbuch, Kirman & Herreiner).
    rel = share * row[_SELLERS]
    rel /= np.maximum(inside, 1e-9).take(t)
    # Half the log of the relative share: a newcomer's handicap fades as customers try it.
    target = np.maximum(rel, 1e-6, out=rel)
    np.log(target, out=target)
    target *= 0.5
    _CLIP(target, -1.0, 1.0, out=target)
    target -= appeal_j
    target *= m.loyalty_speed
    _put(st.appeal, j, appeal_j + target)


# The rows of `_sale_terms`: each trade's terms of sale, one column per trade.
_START_PRICE, _START_UP, _SIGMA, _POOL, _UNITS_PER_HOUR, _UNIT_COST, _RENT = range(7)
_INTEREST_SHARE, _SELLERS = 7, 8


def _sale_terms(
    p: Params, st: TownState, ta: dict, pools: np.ndarray, t: np.ndarray
) -> list[np.ndarray]:
    """What `sell` reads of each seller's trade, a row per term and a column per trade (each
    row taken for all sellers: a small table's take instead of a gather per value): the values
    `sell` read before, by trade, as float64. The rows made from the parameters alone are
    kept (`_kept_rows`); the pools and the sellers in each trade are the month's."""
    m, pol, ps = p.market, p.policy, st.price_sensitivity
    columns = tuple(ta[k] for k in ("start_price", "start_up", "units_per_hour", "unit_cost"))
    columns += (ta["rent"], ta["micro_profit"])
    numbers = (ps.tobytes(), ps.dtype.str, m.price_sensitivity_scale, pol.borrower_interest_share)

    def make() -> list[np.ndarray]:
        return [
            np.array(row, "f8")
            for row in (
                ta["start_price"],
                np.maximum(ta["start_up"], 1.0),
                ps * m.price_sensitivity_scale,  # (float32, as before)
                ta["units_per_hour"],
                ta["unit_cost"],
                ta["rent"],
                np.where(ta["micro_profit"], pol.borrower_interest_share, 1.0),  # (no extension)
            )
        ]

    kept = _kept_rows("sale", columns, numbers, make)
    counts = np.bincount(t, minlength=st.n_trades).astype("f8")  # the sellers in each trade
    return [*kept[:_POOL], np.asarray(pools, "f8"), *kept[_POOL:], counts]


# The trades' terms kept between calls: name -> (the columns and numbers they were made from,
# the rows).
_KEPT_TERMS: dict[str, tuple] = {}


def _kept_rows(name: str, columns: tuple, numbers: tuple, make) -> list[np.ndarray]:
    """`make()`, a list of per-trade rows, given again while it would be made from the same
    columns (the same read-only arrays: the parameters' trade columns) and the same numbers
    (parameters, a state column's bytes); made afresh otherwise, and not kept when a column
    could change in place."""
    kept = _KEPT_TERMS.get(name)
    if (
        kept is not None
        and kept[1] == numbers
        and len(kept[0]) == len(columns)
        and all(a is b for a, b in zip(kept[0], columns, strict=True))
    ):
        return kept[2]
    rows = make()
    if not any(c.flags.writeable for c in columns):
        for row in rows:
            row.flags.writeable = False
        _KEPT_TERMS[name] = (columns, numbers, rows)
    return rows


def _sellers_and_trades(st: TownState) -> tuple[np.ndarray, np.ndarray]:
    """`sellers(st)` and their trades (`st.trade[j]` as int64), the trades read once."""
    if st.status.size < KEEP_SELLERS_FROM:
        j = indices((st.status == _SELLING) & (st.trade >= 0))
        return j, st.trade[j].astype("i8")
    j = self_employed(st)
    tr = st.trade[j]
    traded = tr >= 0
    if traded.all():
        return j, tr.astype("i8")
    return j[traded], tr[traded].astype("i8")


def _takings_and_bills(p: Params, st: TownState, ctx: MonthContext, j: np.ndarray,
                       revenue: np.ndarray, supplies: np.ndarray, tax: np.ndarray,
                       interest: np.ndarray, rent: np.ndarray) -> np.ndarray:  # fmt: skip
    """The sellers' takings in and their bills out, in `sell`'s order - the revenue
    (`move_cash`), the supplies (`pay`), the tax and the loan's interest as far as cash goes
    (`pay_bill` without borrowing), the rent, borrowed where cash is short (`pay_bill`) - on
    their cash held aside (`j`: each seller once; no players' accounts to keep): the same
    floats, books and notes, in one pass. Returns the rent each could not pay."""
    cash = st.cash
    c = cash[j]
    c += revenue  # (x + a - b: what adding a then -b to the column gives)
    c -= supplies  # never more than the sales: price >= unit cost
    # A payment's book is the sum of what was paid (pay books minus the sum of its negation:
    # the same float).
    book(st, ctx, "supplies", float(supplies.sum()))
    # Tax and interest a seller cannot raise are not paid (the state and the bank forgo them);
    # rent last: a seller who cannot raise it even from lenders is evicted (exits close it).
    for flow, bill in (("business_tax", tax), ("loan_interest", interest)):
        if bill.any():
            paid = bill - np.maximum(bill - np.maximum(c, 0.0), 0.0)
            c -= paid
            book(st, ctx, flow, float(paid.sum()))
    rent = np.asarray(rent, "f8")
    short = np.maximum(rent - np.maximum(c, 0.0), 0.0)
    if short.any():
        need = indices(short > 0)
        cash[j] = c  # (the lenders pay into the column)
        short[need] -= borrow(p, st, ctx, j[need], short[need])
        c[need] = cash[j[need]]  # (only the borrowers' cash moved)
    paid = rent - short
    c -= paid
    cash[j] = c
    book(st, ctx, "rent", float(paid.sum()))
    return short


def _book_sales(
    st: TownState, ctx: MonthContext, t: np.ndarray, revenue: np.ndarray, pools: np.ndarray
) -> None:
    """Split the town's sales by who paid: households (the money they spent this month stayed
    in town), outside buyers, the mill. What households spent that no seller took left town."""
    rev_t = np.bincount(t, weights=revenue, minlength=st.n_trades)
    by_source = ctx.pool_sources.get("by_source")
    if by_source is None:  # a market without households' spending (an experiment): outside buyers
        book(st, ctx, "sales_to_outsiders", float(rev_t.sum()))
        return
    frac = by_source / np.maximum(pools, 1e-12)
    households, outsiders, mill = (float((rev_t * f).sum()) for f in frac)
    spent = float(ctx.pool_sources["households_spent"][0])
    book(st, ctx, "spending_in_town", households)
    book(st, ctx, "spending_out_of_town", spent - households)
    book(st, ctx, "sales_to_outsiders", outsiders)
    book(st, ctx, "sales_to_the_mill", mill)


def best_response_price(
    p: Params, st: TownState, t: np.ndarray, share: np.ndarray, ta: dict
) -> np.ndarray:
    """The price that maximises a seller's own profit given how its customers react (a logit
    with a fixed budget: Lerner margin 1 / (1 + sigma (1 - share)))."""
    sigma = st.price_sensitivity[t] * p.market.price_sensitivity_scale
    margin = 1.0 / (1.0 + sigma * (1.0 - share))
    return ta["unit_cost"][t] / np.maximum(1.0 - margin, 1e-3)


def reprice(p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]) -> None:
    """Adaptive pricing (Howitt & Clower 2000; docs/evidence.md#mechanism-pricing). Each AI
    seller compares this month's sales with what it has come to expect and moves its price a
    part of the gap; sold out, it raises; losing money, it cuts to win customers; desperate
    (cash short, or a loan due it cannot cover), it cuts deeper. A slow pull toward its own
    best response keeps prices economic. Never below unit cost; members of a working price
    agreement keep to its floor. Players set their own price."""
    m = p.market
    j, t = _sellers_and_trades(st)
    share = ctx.pool_sources.get("seller_share")
    if share is None or share.size != j.size:
        return
    stress = seller_stress(p, st, ctx, j, t)
    player = st.is_player[j]
    if player.any():
        ai = ~player
        stress, j, share, t = stress[ai], j[ai], share[ai], t[ai]
    terms = _price_terms(p, st, ta)
    row = [c.take(t) for c in terms[:_RAW_CAP]]  # (as in sell)
    price = st.price[j].astype("f8")
    revenue = st.revenue[j].astype("f8")
    usual = st.usual_revenue[j].astype("f8")
    fresh = (usual <= 0).nonzero()[0]  # the first month's sales set what the seller expects
    gap = clip(revenue / np.maximum(usual, 1.0) - 1.0, -SALES_GAP_LIMIT, SALES_GAP_LIMIT)
    step = np.where(gap < 0, m.sales_response, m.sales_response_up)
    step *= gap
    step[fresh] = 0.0
    # best_response_price: the Lerner margin 1 / (1 + sigma (1 - share))
    margin = 1.0 - share
    margin *= row[_SIGMA_P]
    margin += 1.0
    np.divide(1.0, margin, out=margin)
    best = np.subtract(1.0, margin, out=margin)
    np.maximum(best, 1e-3, out=best)
    np.divide(row[_UNIT_COST_P], best, out=best)
    best /= price
    np.log(best, out=best)
    best *= m.best_response_pull
    step += best
    # (each np.where(mask, step - cut, step) on the few the mask picks)
    step[(st.profit[j] < 0).nonzero()[0]] -= m.loss_cut
    step[(stress > 0.5).nonzero()[0]] -= m.desperate_extra_cut
    sold_out = st.capacity_bound[j].nonzero()[0]
    step[sold_out] = np.maximum(step[sold_out], np.log1p(m.price_step))
    new_price = np.exp(step, out=step)
    new_price *= price
    floor, cap = row[_FLOOR], row[_CAP]
    if st.agreement_active.any():
        agreed = st.in_agreement[j] & st.agreement_active[t]
        floor = np.where(agreed, np.maximum(floor, st.agreement_floor[t]), floor)
        cap = np.maximum(terms[_RAW_CAP].take(t), floor)
    _put(st.price, j, clip(new_price, floor, cap))
    usual_next = revenue - usual
    usual_next *= m.sales_memory
    usual_next += usual
    usual_next[fresh] = revenue[fresh]  # (np.where(fresh, revenue, ...))
    _put(st.usual_revenue, j, usual_next)


# The rows of `_price_terms`: each trade's terms for the new price, one column per trade.
_SIGMA_P, _UNIT_COST_P, _FLOOR, _CAP, _RAW_CAP = range(5)


def _price_terms(p: Params, st: TownState, ta: dict) -> list[np.ndarray]:
    """What `reprice` reads of each seller's trade, a row per term (float64): its price
    sensitivity, unit cost, floor (unit cost and the least markup), cap (never below the
    floor) and cap before that (for a trade's agreed floor). Kept (`_kept_rows`)."""
    m, ps = p.market, st.price_sensitivity
    numbers = (ps.tobytes(), ps.dtype.str, m.price_sensitivity_scale, m.min_markup)

    def make() -> list[np.ndarray]:
        floor = ta["unit_cost"] * (1.0 + m.min_markup)
        cap = PRICE_CAP_MULTIPLE * ta["start_price"]
        return [
            np.array(row, "f8")
            for row in (
                ps * m.price_sensitivity_scale,  # (float32, as before)
                ta["unit_cost"],
                floor,
                np.maximum(cap, floor),
                cap,
            )
        ]

    return _kept_rows("price", (ta["unit_cost"], ta["start_price"]), numbers, make)


def desperation(p: Params, st: TownState, idx: np.ndarray, month: int | None = None) -> np.ndarray:
    """0 calm .. 1 desperate: cash against three months of fixed costs, and a loan due soon.
    (`month`: the state's month, given when `st` is a batch's columns, which have none.)"""
    return _desperation(p, st, idx, st.trade[idx], month)


def _desperation(
    p: Params, st: TownState, idx: np.ndarray, tr: np.ndarray, month: int | None = None
) -> np.ndarray:
    """`desperation`, given the households' trades (`st.trade[idx]`: -1 none)."""
    rent = trade_column(p, "rent_yuan_per_month")
    # np.where(tr >= 0, rent[tr], 0.0): the trades' rents with a 0.0 at the end for -1
    fixed = _kept_rows("rent", (rent,), (), lambda: [np.append(rent, 0.0)])[0].take(tr)
    fixed += _living_cost_of(p, st, idx)
    months = p.behaviour.desperation_cash_months
    cash = st.cash[idx]
    cash_stress = clip(1.0 - cash / (months * fixed), 0.0, 1.0)
    due_in = st.loan_due_month[idx] - (st.month if month is None else month)
    loan = st.loan_principal[idx]
    loan_stress = (loan > 0) & (due_in <= 2) & (cash < loan)
    return np.maximum(cash_stress, loan_stress, out=cash_stress)  # a loan due: 1.0


def _living_cost_of(p: Params, st: TownState, idx: np.ndarray) -> np.ndarray:
    """`living_cost(p, st)[idx]`, worked out for these households alone from their dependants
    (one byte each read, not the town's 8-byte column: a big town's sellers are scattered over
    it). The same operations on the same numbers: the same floats."""
    inc = p.income
    return float(inc.living_cost_yuan_per_month) + float(
        inc.living_cost_per_dependant_yuan_per_month
    ) * st.dependants[idx].astype("f8")


def seller_stress(
    p: Params, st: TownState, ctx: MonthContext, j: np.ndarray, t: np.ndarray | None = None
) -> np.ndarray:
    """`desperation(p, st, j)`, read from what the month's agreements worked out when `j`
    are the sellers they read (nothing it depends on moves between them, reprice and exits).
    (`t`: the sellers' trades, when the caller has them.)"""
    kept = ctx.seller_stress
    if kept is not None and (kept[0] is j or kept[0].size == j.size and (kept[0] == j).all()):
        return kept[1]
    return desperation(p, st, j) if t is None else _desperation(p, st, j, t)


def observe(p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]) -> None:
    """What neighbours can see: each trade's going price and its typical owner's profit,
    smoothed (the lag and noise in entry decisions: docs/evidence.md#mechanism-occupation).
    An empty trade looks like what a lone seller could make there (the lure of a gap)."""
    j = sellers(st)
    t = st.trade[j].astype("i8")
    price = st.price[j].astype("f8")
    k = st.n_trades
    groups = trade_groups(t, k) if j.size >= LARGE_MARKET else None
    med_price = trade_medians(price, t, k, groups)
    ctx.observed_prices = (j, price, med_price)
    # Businesses that opened this month have no results yet: they do not count.
    traded = st.months_open[j] > 0
    profit = st.profit[j[traded]].astype("f8")
    if groups is not None and profit.size >= LARGE_MARKET:  # (the sellers' groups, thinned)
        groups = groups_within(groups, t, traded)
    med_profit = trade_medians(profit, t[traded], k, groups)
    has = ~np.isnan(med_price)
    st.going_price[has] = med_price[has]
    pools = ctx.pools if ctx.pools.size else st.pool_last
    lone = (
        pools * (1.0 - ta["unit_cost"] / ta["start_price"]) / (1.0 + outside_pull(p, pools))
        - ta["rent"]
    )
    seen = np.where(np.isnan(med_profit), lone, med_profit)
    memory = p.behaviour.observed_profit_memory
    st.observed_profit[:] = memory * st.observed_profit + (1.0 - memory) * seen


def trade_medians(
    values: np.ndarray, trade: np.ndarray, n_trades: int, groups: tuple | None = None
) -> np.ndarray:
    """Median of `values` per trade (NaN where a trade has no seller), vectorised by sorting.
    (`groups`: `trade_groups(trade, n_trades)`, when the caller has them.)"""
    out = np.full(n_trades, np.nan)
    if values.size == 0:
        return out
    # One argsort on a combined key (trade, then value) is about twice as fast as lexsort.
    span = float(np.abs(values).max()) * 2.0 + 1.0
    if values.size >= LARGE_MARKET and span < np.inf:
        order, counts = groups or trade_groups(trade, n_trades)
        got = _medians_by_selection(values[order], counts, span)
        if got is not None:
            return got
    key = trade * span + values
    order = np.argsort(key, kind="stable")
    return sorted_middles(values[order], np.bincount(trade, minlength=n_trades))


def trade_medians_of(columns: list[np.ndarray], trade: np.ndarray, n_trades: int) -> np.ndarray:
    """`trade_medians` of several value columns over the same sellers, a row per column: the
    same combined keys sorted as rows of one array (a stable sort gives one order whatever
    the layout) and the middles taken once, instead of a sort and its bookkeeping per column."""
    if trade.size >= LARGE_MARKET:  # (the sellers grouped by trade once for every column)
        groups = trade_groups(trade, n_trades)
        # (each column as it is: no (columns x sellers) copy made first)
        rows = [np.asarray(v, "f8") for v in columns]
        return np.array([trade_medians(v, trade, n_trades, groups) for v in rows])
    values = np.array(columns, "f8")
    m = values.shape[1]
    if m == 0:
        return np.array([trade_medians(v, trade, n_trades) for v in values])
    span = np.abs(values).max(axis=1) * 2.0 + 1.0
    key = trade * span[:, None] + values
    order = np.argsort(key, axis=1, kind="stable")
    order += np.arange(0, values.size, m)[:, None]  # positions in the flat values
    counts = np.bincount(trade, minlength=n_trades)
    has = counts.nonzero()[0]
    starts = counts.cumsum() - counts
    lo = (starts + (counts - 1) // 2)[has]
    hi = (starts + counts // 2)[has]
    flat = values.ravel()
    out = np.full((values.shape[0], n_trades), np.nan)
    out[:, has] = 0.5 * (flat[order[:, lo]] + flat[order[:, hi]])
    return out


def sorted_middles(v: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The median of each group of `v` (sorted within groups, the groups one after another,
    `counts` long): the mean of its middle one or two values; NaN for an empty group."""
    out = np.full(counts.size, np.nan)
    starts = np.concatenate([[0], counts.cumsum()[:-1]])
    has = counts > 0
    lo = starts + (counts - 1) // 2
    hi = starts + counts // 2
    out[has] = 0.5 * (v[lo[has]] + v[hi[has]])
    return out


# From this many sellers on, medians select the middle of each trade instead of sorting all.
LARGE_MARKET = 4096


def trade_groups(trade: np.ndarray, n_trades: int) -> tuple[np.ndarray, np.ndarray]:
    """The sellers in trade order (a stable radix sort on small integers) and each trade's
    count: what `_medians_by_selection` reads of the sellers' trades. The last answer is given
    again for the same trades (observe's sellers are the month's tables' sellers: one sort for
    both), told by comparing the trades themselves."""
    small = trade.astype("i2")
    kept = _KEPT_GROUPS[0]
    if (
        kept is not None
        and n_trades < 2**15  # (then every trade fits the 16-bit copy compared)
        and kept[0] == n_trades
        and kept[1].shape == small.shape
        and np.array_equal(kept[1], small)
    ):
        return kept[2]
    group = np.argsort(small, kind="stable")
    groups = (group, np.bincount(trade, minlength=n_trades))
    for a in groups:
        a.flags.writeable = False  # (given again: read-only)
    _KEPT_GROUPS[0] = (n_trades, small, groups)
    return groups


# The last sellers' trades `trade_groups` sorted (as 16-bit copies) and its answer.
_KEPT_GROUPS: list = [None]


def groups_within(groups: tuple[np.ndarray, np.ndarray], trade: np.ndarray, keep: np.ndarray):
    """`trade_groups(trade[keep], ...)` from the groups of `trade`: the kept sellers, still in
    trade order, numbered as in `trade[keep]`."""
    order, counts = groups
    position = np.cumsum(keep) - 1  # each kept seller's place among the kept
    return position[order[keep[order]]], np.bincount(trade[keep], minlength=counts.size)


def _medians_by_selection(
    in_order: np.ndarray, counts: np.ndarray, span: float
) -> np.ndarray | None:
    """The same medians as the stable sort of the combined key (trade * span + value) in
    trade_medians, by selecting each trade's middle values (linear time, for big towns) from
    `in_order`, the values in trade order (`trade_groups`; partitioned in place). None where
    that sort could give other middles: a middle key shared with a different value (the
    combined key rounded them together; the sort then keeps the sellers' order), or a middle
    of zero (a -0.0 and a 0.0 share a key)."""
    out = np.full(counts.size, np.nan)
    start = 0
    for t, c in enumerate(counts.tolist()):
        if c == 0:
            continue
        part = in_order[start : start + c]
        start += c
        lo, hi = (c - 1) >> 1, c >> 1
        part.partition((lo, hi) if hi != lo else lo)
        a, b = float(part[lo]), float(part[hi])
        if a == 0.0 or b == 0.0:
            return None
        # The combined keys as numpy makes them (t * span + value: the same two roundings).
        base = t * span
        ka, kb = base + a, base + b
        if a != b and ka == kb:
            return None
        # The nearest different values either side: a key shared with them is a tie. (The
        # keys rise with the values within a trade, so no value further away can share it.)
        if lo:
            below = part[:lo]
            v = float(below.max())
            if v == a:
                v = float(below.max(where=below < a, initial=-np.inf))
            if base + v == ka:
                return None
        if hi + 1 < c:
            above = part[hi + 1 :]
            v = float(above.min())
            if v == b:
                v = float(above.min(where=above > b, initial=np.inf))
            if base + v == kb:
                return None
        out[t] = 0.5 * (a + b)
    return out
