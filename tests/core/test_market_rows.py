"""`market.sell` and `market.reprice` read each trade's terms as one row per seller, each
seller's columns once, and apply each np.where to the few sellers its mask picks: they must
leave the state, the month's books, notes, incomes and pool sources exactly (bit for bit) as
the rules written plainly do. The plain rules are kept here as they were before (session 13),
and both run on copies of the same town, in the branches a built-in run may not reach: a
player's accounts, extended loans, a working price agreement, new and sold-out sellers, a
household with a trade but no business, and a big town (the kept sellers)."""

from __future__ import annotations

import copy
from dataclasses import replace

import numpy as np
import pytest

from game.core.engine import MONTH_RULES, Engine
from game.core.params import Params
from game.core.rules import market
from game.core.rules.context import clip, move_cash, pay
from game.core.rules.informal import living_cost, pay_bill

# --- the rules as written before: one gather per value, np.where over every seller -----------


def plain_sell(p, st, ctx, ta) -> None:
    j = market.sellers(st)
    t = st.trade[j].astype("i8")
    price = st.price[j].astype("f8")
    pools = ctx.pools
    share, _ = market.shares(p, st, j, t, price, pools, ta)
    wanted_units = pools[t] * share / price
    capacity = st.hours[j] * ta["units_per_hour"][t] * st.health[j]
    units = np.minimum(wanted_units, capacity)
    revenue = units * price
    supplies = units * ta["unit_cost"][t]
    taxed = st.months_open[j] >= p.policy.tax_relief_months
    tax = np.where(taxed, p.policy.business_tax_share_of_revenue * revenue, 0.0)
    rate_m = p.policy.loan_interest_rate_per_year / 12.0
    interest_share = market.borrower_interest_share(p, ta["micro_profit"][t], st.loan_extended[j])
    interest = st.loan_principal[j] * rate_m * interest_share
    if ctx.players.size:
        move_cash(st, ctx, j, revenue, "sales_revenue")
        market._book_sales(st, ctx, t, revenue, pools)
        pay(st, ctx, j, -supplies, "supplies")
        if tax.any():
            pay_bill(p, st, ctx, j, tax, "business_tax", borrow_ok=False)
        if interest.any():
            pay_bill(p, st, ctx, j, interest, "loan_interest", borrow_ok=False)
        unpaid = pay_bill(p, st, ctx, j, ta["rent"][t], "rent")
    else:
        market._book_sales(st, ctx, t, revenue, pools)
        unpaid = market._takings_and_bills(
            p, st, ctx, j, revenue, supplies, tax, interest, ta["rent"][t]
        )
    ctx.note("rent_unpaid", j[unpaid > 0.5])
    ctx.pool_sources["left_town"] = np.array([pools.sum() - revenue.sum()])
    profit = revenue - supplies - ta["rent"][t] - tax - interest
    st.sales_units[j] = units
    st.revenue[j] = revenue
    st.profit[j] = profit
    new = st.months_open[j] == 0
    st.profit_avg[j] = np.where(new, profit, 0.67 * st.profit_avg[j] + 0.33 * profit)
    st.capacity_bound[j] = wanted_units > capacity * 0.999
    st.months_open[j] += 1
    ctx.income[j] += np.maximum(profit, 0.0)
    inside = np.bincount(t, weights=share, minlength=st.n_trades)
    ctx.pool_sources["inside_share"] = inside
    ctx.pool_sources["seller_share"] = share
    n_t = np.bincount(t, minlength=st.n_trades).astype("f8")
    rel = share * n_t[t] / np.maximum(inside[t], 1e-9)
    target = clip(0.5 * np.log(np.maximum(rel, 1e-6)), -1.0, 1.0)
    st.appeal[j] += p.market.loyalty_speed * (target - st.appeal[j])


def plain_desperation(p, st, idx) -> np.ndarray:
    rent = np.array([t.rent_yuan_per_month for t in p.trades])
    tr = st.trade[idx]
    fixed = np.where(tr >= 0, rent[np.maximum(tr, 0)], 0.0) + living_cost(p, st)[idx]
    months = p.behaviour.desperation_cash_months
    cash = st.cash[idx]
    cash_stress = clip(1.0 - cash / (months * fixed), 0.0, 1.0)
    due_in = st.loan_due_month[idx] - st.month
    loan = st.loan_principal[idx]
    loan_stress = (loan > 0) & (due_in <= 2) & (cash < loan)
    return np.maximum(cash_stress, loan_stress, out=cash_stress)


def plain_reprice(p, st, ctx, ta) -> None:
    m = p.market
    j = market.sellers(st)
    share = ctx.pool_sources.get("seller_share")
    if share is None or share.size != j.size:
        return
    ai = ~st.is_player[j]
    stress = plain_desperation(p, st, j)[ai]
    j, share = j[ai], share[ai]
    t = st.trade[j].astype("i8")
    price = st.price[j].astype("f8")
    revenue = st.revenue[j].astype("f8")
    usual = st.usual_revenue[j].astype("f8")
    fresh = usual <= 0
    gap = clip(revenue / np.maximum(usual, 1.0) - 1.0, -0.5, 0.5)
    response = np.where(gap < 0, m.sales_response, m.sales_response_up)
    step = np.where(fresh, 0.0, response * gap)
    best = market.best_response_price(p, st, t, share, ta)
    step += m.best_response_pull * np.log(best / price)
    step = np.where(st.profit[j] < 0, step - m.loss_cut, step)
    step = np.where(stress > 0.5, step - m.desperate_extra_cut, step)
    step = np.where(st.capacity_bound[j], np.maximum(step, np.log1p(m.price_step)), step)
    new_price = price * np.exp(step)
    floor = ta["unit_cost"][t] * (1.0 + m.min_markup)
    agreed = st.in_agreement[j] & st.agreement_active[t]
    floor = np.where(agreed, np.maximum(floor, st.agreement_floor[t]), floor)
    cap = market.PRICE_CAP_MULTIPLE * ta["start_price"][t]
    st.price[j] = clip(new_price, floor, np.maximum(cap, floor))
    st.usual_revenue[j] = np.where(fresh, revenue, usual + m.sales_memory * (revenue - usual))


# --- the comparison ------------------------------------------------------------------------------


def _before_the_market(households: int, seed: int, players: bool, **policy) -> Engine:
    p = Params()
    p = replace(
        p,
        months=30,
        town=replace(p.town, households=households),
        policy=replace(p.policy, **policy),
    )
    eng = Engine(p, seed=seed, players=(0,) if players else ())
    eng.run(7)
    eng.open_month()
    for name, rule in MONTH_RULES:
        if name == "sell":
            break
        rule(eng)
    return eng


def _stir(eng: Engine, rng: np.random.Generator) -> None:
    """Reach the branches a short run may not: extended loans, a working agreement with
    members and a floor above the going price, new and sold-out sellers, a player who sells,
    a household with a trade but no business."""
    st = eng.state
    j = market.sellers(st)
    some = lambda share: j[rng.random(j.size) < share]  # noqa: E731
    owes = some(0.5)
    st.loan_principal[owes] = np.maximum(st.loan_principal[owes], 5000.0)
    st.loan_extended[some(0.3)] = True
    st.loan_due_month[some(0.2)] = st.month + 1
    st.months_open[some(0.1)] = 0
    st.usual_revenue[some(0.1)] = 0.0
    st.hours[some(0.1)] = 1.0  # (sold out)
    st.cash[some(0.2)] = -50.0  # (short of the rent: lenders, then unpaid)
    busy = int(np.bincount(st.trade[j]).argmax())
    st.agreement_active[busy] = True
    st.agreement_floor[busy] = 4.5 * eng.trade_arrays["start_price"][busy]  # (above the cap)
    st.in_agreement[j[(st.trade[j] == busy) & (rng.random(j.size) < 0.6)]] = True
    if eng.ctx.players.size:
        h = int(eng.ctx.players[0])
        st.status[h], st.trade[h], st.price[h] = market._SELLING, busy, 9.0
        st.is_player[h] = True
    others = np.flatnonzero(st.status != market._SELLING)
    st.trade[others[:3]] = 1  # a trade but no business: not a seller


def _everything(eng: Engine) -> bytes:
    st, ctx = eng.state, eng.ctx
    parts = [st.columns[k].tobytes() for k in sorted(st.columns)]
    parts += [st.skill.tobytes(), repr(sorted(st.sector_cash.items())).encode()]
    parts += [repr(list(ctx.flows.items())).encode(), ctx.income.tobytes()]
    parts += [k.encode() + v.tobytes() for k, v in sorted(ctx.notes.items())]
    parts += [k.encode() + np.asarray(v).tobytes() for k, v in sorted(ctx.pool_sources.items())]
    parts += [repr(sorted(ctx.lines.items())).encode()]
    return b"|".join(parts)


@pytest.mark.parametrize(
    ("households", "seed", "players", "policy"),
    [
        (400, 1, False, {}),
        (400, 2, True, {}),
        (400, 3, False, {"subsidy_during_extension": True}),
        (600, 4, True, {"tax_relief_months": 3}),
        (5000, 5, False, {}),  # a big town: the sellers kept between calls
    ],
)
def test_sell_and_reprice_equal_the_rules_written_plainly(households, seed, players, policy):
    eng = _before_the_market(households, seed, players, **policy)
    _stir(eng, np.random.default_rng(seed))
    plain = copy.deepcopy(eng)
    for e, sell, reprice in (
        (eng, market.sell, market.reprice),
        (plain, plain_sell, plain_reprice),
    ):
        e.ctx.seller_stress = None  # (reprice works the desperation out itself)
        sell(e.params, e.state, e.ctx, e.trade_arrays)
        reprice(e.params, e.state, e.ctx, e.trade_arrays)
    st = eng.state
    j = market.sellers(st)
    assert j.size > 30
    assert (
        st.loan_extended[j].any() and st.agreement_active.any() and st.is_player[j].any() == players
    )
    assert (st.months_open[j] == 1).any() and st.capacity_bound[j].any()
    assert eng.ctx.notes["borrowed_informally"].size
    assert _everything(eng) == _everything(plain)


def test_desperation_with_a_households_trades_equals_it_written_plainly():
    eng = _before_the_market(400, 6, False)
    st = eng.state
    st.trade[:5] = -1  # (no trade: no rent)
    for idx in (np.arange(st.n), market.sellers(st), np.arange(st.n) % 3 == 0):
        got = market.desperation(eng.params, st, idx)
        assert got.tobytes() == plain_desperation(eng.params, st, idx).tobytes()


def test_kept_trade_terms_follow_the_parameters_and_the_state():
    """The trades' terms sell and reprice keep between calls are made again when what they
    are made from changes: the trades' costs and prices, the markup, scale and interest share
    (new parameters), the trades' price sensitivity changed in place in the state. Each
    change is run against the plain rules right after the terms were kept for the town as it
    was (the parameters' own read-only trade columns, as an engine reads them)."""
    eng = _before_the_market(400, 8, False)
    _stir(eng, np.random.default_rng(8))
    p = eng.params
    trades = tuple(
        replace(t, unit_cost_yuan=t.unit_cost_yuan * 1.1, start_price_yuan=t.start_price_yuan * 1.2)
        for t in p.trades
    )
    changes = [
        (replace(p, trades=trades), None),
        (replace(p, market=replace(p.market, min_markup=0.2)), None),
        (replace(p, market=replace(p.market, price_sensitivity_scale=1.7)), None),
        (replace(p, policy=replace(p.policy, borrower_interest_share=0.3)), None),
        (p, np.float32(1.3)),  # the same parameters, the state's sensitivity changed
    ]
    for params, sensitivity in changes:
        before = copy.deepcopy(eng)
        before.params = p
        market.sell(p, before.state, before.ctx, market.trade_arrays(p))  # (terms kept)
        market.reprice(p, before.state, before.ctx, market.trade_arrays(p))
        here = copy.deepcopy(eng)
        if sensitivity is not None:
            here.state.price_sensitivity *= sensitivity
        plain = copy.deepcopy(here)
        for e, sell, reprice in ((here, market.sell, market.reprice), (plain, plain_sell, plain_reprice)):  # fmt: skip
            e.ctx.seller_stress = None
            sell(params, e.state, e.ctx, market.trade_arrays(params))
            reprice(params, e.state, e.ctx, market.trade_arrays(params))
        assert _everything(here) == _everything(plain)
