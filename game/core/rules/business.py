"""A business's life: opening (the start-up capital, a lot on the street), its capital from
month to month (wear, owners who put money back in, families who draw it out), and closing
(when it pays less than the owner's other chances and the money runs low, when the rent cannot
be raised, or for reasons outside the market). Exit rates by a firm's age are an outcome of
these rules, compared with the SAIC table in the tests, not an input."""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules.codes import S
from game.core.rules.context import MonthContext, indices, pay, self_employed
from game.core.rules.household import set_status
from game.core.rules.informal import living_cost
from game.core.rules.labour import day_labour_terms
from game.core.rules.market import burdened, seller_stress
from game.core.state import Status, TownState

# AI newcomers leave this many lots free for the players' own shops.
LOTS_KEPT_FOR_PLAYERS = 2
# Newcomers undercut the going price a little to win customers (assumption).
NEWCOMER_PRICE = 0.97
# Customers do not know a new shop yet (logit units; loyalty builds from here).
NEWCOMER_APPEAL = -0.3
# Borrowers hang on longer: closing does not cancel the loan (assumption: a fifth as likely).
BORROWER_PATIENCE = 0.2
# An owner invests only cash beyond this many months of living costs and rent (assumption).
INVEST_RESERVE_MONTHS = 6.0


def outside_option(p: Params, st: TownState) -> float:
    """What a month of day labour brings now, with the town's day labourers as they are: the
    owner's yardstick for a business."""
    labourers = int(np.count_nonzero(st.status == S.DAY_LABOUR))
    key = (st.month, labourers, id(p))
    cached = st.__dict__.get("_outside_option")
    if cached is None or cached[0] != key:
        days, wage = day_labour_terms(p, st, st.month, labourers + 1)
        cached = (key, days * wage)
        st.__dict__["_outside_option"] = cached
    return cached[1]


def free_lots(st: TownState) -> np.ndarray:
    used = st.lot[(st.status == S.SELF_EMPLOYED) & (st.lot >= 0)]
    free = np.ones(st.n_lots, bool)
    free[used] = False
    return indices(free)


def take_lots(st: TownState, k: int) -> np.ndarray:
    """AI newcomers take the free lots in street order, empty lots before shuttered ones,
    leaving a couple for the players; the rest open in side streets (lot -1)."""
    free = free_lots(st)
    order = np.lexsort((free, st.lot_last_trade[free] >= 0))
    free = free[order][: max(free.size - LOTS_KEPT_FOR_PLAYERS, 0)]
    out = np.full(k, -1, "i2")
    out[: min(k, free.size)] = free[:k]
    return out


def open_business(
    p: Params,
    st: TownState,
    ctx: MonthContext,
    who: np.ndarray,
    t: np.ndarray,
    ta: dict[str, np.ndarray],
    lots: np.ndarray | None = None,
    capital: np.ndarray | None = None,
) -> None:
    """Buy the equipment and first stock (the trade's start-up cost, or more when the owner
    raised more), take a lot, set a price just under the going one."""
    if who.size == 0:
        return
    spend = ta["start_up"][t] if capital is None else np.maximum(capital, ta["start_up"][t])
    pay(st, ctx, who, -spend, "equipment_bought")
    st.plans_business[who] = False
    set_status(st, who, Status.SELF_EMPLOYED)
    st.trade[who] = t
    going = np.where(st.going_price[t] > 0, st.going_price[t], ta["start_price"][t])
    st.price[who] = np.maximum(
        going * NEWCOMER_PRICE, ta["unit_cost"][t] * (1 + p.market.min_markup)
    )
    st.hours[who] = p.behaviour.full_hours_per_month * np.where(
        burdened(st, who), p.behaviour.burden_hours_share, 1.0
    )
    st.months_open[who] = 0
    st.appeal[who] = NEWCOMER_APPEAL
    st.capital[who] = spend
    st.usual_revenue[who] = 0.0
    st.profit_avg[who] = 0.0
    st.expected_profit[who] = st.observed_profit[t]
    st.below_outside_months[who] = 0
    st.businesses_opened[who] += 1
    st.in_agreement[who] = False
    st.lot[who] = lots if lots is not None else take_lots(st, who.size)
    np.add.at(ctx.entries, t, 1)
    np.add.at(ctx.subsidised_entries, t[st.loan_principal[who] > 0], 1)
    ctx.note("opened_business", who)


def capital(p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]) -> None:
    """Capital month by month. Equipment wears and stock spoils; an AI owner with cash to spare
    puts a part back into the business (up to a cap); in a household with heavy family duties
    what the business holds beyond its start-up kit is drawn into the family's needs (sold at
    salvage value) - why extra capital earns little for such owners (de Mel et al. 2008)."""
    m = p.market
    j = self_employed(st)
    if j.size == 0:
        return
    t = st.trade[j].astype("i8")
    kit = st.capital[j]  # the sellers' capital, worked on here and written back once
    kit *= 1.0 - m.capital_depreciation_per_month
    base = ta["start_up"][t]
    heavy = burdened(st, j)
    excess = np.maximum(kit - base, 0.0)
    drawn = np.where(heavy, excess * m.household_capture_per_month, 0.0)
    kit -= drawn
    pay(st, ctx, j, drawn * p.behaviour.salvage_share, "equipment_sold")
    reserve = INVEST_RESERVE_MONTHS * (living_cost(p, st)[j] + ta["rent"][t])
    room = np.maximum(m.capital_cap_multiple * base - kit, 0.0)
    invest = np.minimum(m.reinvest_share_per_month * np.maximum(st.cash[j] - reserve, 0.0), room)
    invest = np.where(heavy | st.is_player[j], 0.0, invest)
    kit += invest
    st.capital[j] = kit
    pay(st, ctx, j, -invest, "equipment_bought")


def exits(p: Params, st: TownState, ctx: MonthContext, ta: dict[str, np.ndarray]) -> None:
    """Closing. An owner who cannot raise the rent is evicted (players too). An AI owner who comes
    to believe, month after month, that the business pays less than day labour would gives up,
    more readily as the money runs out. The belief weighs what the owner expected on opening
    against its own results, the results counting more every month (passive learning:
    Jovanovic 1982), so new owners hang on and the hazard rises over a firm's first years. A
    few close for reasons outside the market."""
    b = p.behaviour
    rng = ctx.rng["exit"]
    u1, u2 = rng.random((2, st.n))  # (two rows of one call: the draws of two calls)
    j = self_employed(st)
    k, age = b.learning_months, st.months_open[j].astype("f8")
    belief = (k * st.expected_profit[j] + age * st.profit_avg[j]) / (k + age)
    below = belief < outside_option(p, st)
    st.below_outside_months[j] = np.where(below, st.below_outside_months[j] + 1, 0)
    evicted = np.zeros(st.n, bool)
    evicted[ctx.notes.get("rent_unpaid", np.zeros(0, "i8"))] = True
    hopeless = evicted[j]
    calm = b.calm_exit_share
    stress = seller_stress(p, st, ctx, j)
    ctx.seller_stress = None  # sellers close from here
    p_tired = b.exit_probability_when_below * (calm + (1.0 - calm) * stress)
    p_tired = p_tired * np.where(st.loan_principal[j] > 0, BORROWER_PATIENCE, 1.0)
    tired = (st.below_outside_months[j] >= b.months_below_outside_before_exit) & (u2[j] < p_tired)
    life = u1[j] < 1.0 - (1.0 - b.life_event_exit_rate_per_year) ** (1.0 / 12.0)
    ai = ~st.is_player[j]
    # An unlicensed trade is banned now and then: the business is shut and its equipment taken.
    seized = rng.random(st.n)[j] < ta["seizure_rate"][st.trade[j].astype("i8")]
    st.capital[j[seized]] = 0.0
    ctx.note("seized", j[seized])
    close = hopeless | seized | (ai & (tired | life))
    close_business(p, st, ctx, j[close], ta)
    ctx.note("closed_hopeless", j[close & hopeless])


def close_business(
    p: Params, st: TownState, ctx: MonthContext, who: np.ndarray, ta: dict[str, np.ndarray]
) -> None:
    if who.size == 0:
        return
    t = st.trade[who].astype("i8")
    salvage = st.capital[who] * p.behaviour.salvage_share
    pay(st, ctx, who, salvage, "equipment_sold")
    lots = st.lot[who]
    st.lot_last_trade[lots[lots >= 0]] = t[lots >= 0]
    np.add.at(ctx.exits, t, 1)
    st.trade[who] = -1
    st.lot[who] = -1
    st.capital[who] = 0.0
    st.in_agreement[who] = False
    st.profit[who] = 0.0
    st.profit_avg[who] = 0.0
    st.expected_profit[who] = 0.0
    st.revenue[who] = 0.0
    st.sales_units[who] = 0.0
    st.usual_revenue[who] = 0.0
    set_status(st, who, Status.DAY_LABOUR)
    ctx.note("closed_business", who)
