"""Layoffs, incomes, and the household's one pot: living costs, school fees, health shocks."""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules.context import MonthContext, pay
from game.core.state import Status, TownState


def status_in(status: np.ndarray, wanted) -> np.ndarray:
    """Mask of households whose status is one of `wanted`: a lookup table, ~6x faster than np.isin."""
    table = np.zeros(16, bool)
    table[list(wanted)] = True
    return table[status]


def wage_index(p: Params, month: int) -> float:
    """The remaining state workers' wage relative to the start: each wave cuts it (SCMP 2015)."""
    idx = 1.0
    for w in p.layoff_waves:
        if w.month <= month:
            idx *= 1.0 + w.wage_change
    return idx


def remittance_index(p: Params, month: int) -> float:
    """Remittances relative to the start: the scenario's schedule times each wave's cut
    (migrants work in the same shedding firms: evidence.md claim 8)."""
    sched = p.remittance_index_by_month
    idx = float(sched[min(month, len(sched) - 1)]) if sched else 1.0
    for w in p.layoff_waves:
        if w.month <= month:
            idx *= 1.0 + w.remittance_index_change
    return max(idx, 0.0)


def living_cost(p: Params, st: TownState) -> np.ndarray:
    """The household's monthly living costs (the worker, spouse and dependants). Dependants do
    not change during a run, so the array is kept on the state and reused (read-only)."""
    inc = p.income
    key = (
        inc.living_cost_yuan_per_month,
        inc.living_cost_per_dependant_yuan_per_month,
        st.n,
        int(st.dependants.sum()),
    )
    cached = st.__dict__.get("_living_cost")
    if cached is None or cached[0] != key:
        # float() first: an int parameter times an int8 column would wrap around in numpy 2.
        arr = (
            float(inc.living_cost_yuan_per_month)
            + float(inc.living_cost_per_dependant_yuan_per_month) * st.dependants
        )
        arr.flags.writeable = False
        cached = (key, arr)
        st.__dict__["_living_cost"] = cached
    return cached[1]


def outside_option(p: Params) -> float:
    """What a month of day labour brings: the owner's yardstick for a business (assumption)."""
    return p.income.day_labour_yuan_per_day * p.income.day_labour_days_per_month


def layoffs(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Each wave lays off a share of the state workers still in post. Players in post are
    always in the first wave: the game is about what comes after."""
    rng = ctx.rng["layoffs"]
    u = rng.random(st.n)
    for wave in p.layoff_waves:
        if wave.month != ctx.month:
            continue
        in_post = st.status == Status.SOE_WORKER
        hit = in_post & ((u < wave.share) | st.is_player)
        st.status[hit] = Status.LAID_OFF
        st.status_months[hit] = 0
        st.laid_off_month[hit] = ctx.month
        # Unemployment insurance: 12/18/24 months by contribution years (evidence.md).
        base = p.income.unemployment_insurance_months
        months = np.where(
            st.years_in_plant >= 10, base + 6, np.where(st.years_in_plant >= 5, base, base - 6)
        )
        st.ui_months_left[hit] = np.maximum(months[hit], 0)
        ctx.laid_off_now += int(hit.sum())
        ctx.note("laid_off", np.flatnonzero(hit))


def incomes(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Every non-business income of the month, paid into cash and remembered for spending."""
    inc, pol = p.income, p.policy
    s = st.status
    wage = np.zeros(st.n)
    wage[s == Status.SOE_WORKER] = inc.soe_wage_yuan_per_month * wage_index(p, ctx.month)
    wage[s == Status.WAGE_JOB] = inc.wage_job_yuan_per_month
    pay(st.cash, ctx, slice(None), wage, "wages")

    # Day labour: days found fall when many compete for them (assumption).
    day = s == Status.DAY_LABOUR
    crowd = max(0.4, 1.0 - 1.5 * day.mean())
    day_pay = np.where(
        day, inc.day_labour_yuan_per_day * inc.day_labour_days_per_month * crowd * st.health, 0.0
    )
    pay(st.cash, ctx, slice(None), day_pay, "day_labour")

    # Unemployment insurance stops once a wage job, migration or retirement replaces it.
    ui = (
        (st.ui_months_left > 0)
        & (st.laid_off_month >= 0)
        & ~status_in(s, (Status.WAGE_JOB, Status.MIGRATED, Status.RETIRED))
    )
    ui_pay = np.where(ui, inc.unemployment_insurance_yuan_per_month, 0.0)
    pay(st.cash, ctx, slice(None), ui_pay, "unemployment_insurance")
    ended = ui & (st.ui_months_left == 1)
    st.ui_months_left[ui] -= 1
    ctx.note("ui_ended", np.flatnonzero(ended))

    retired = s == Status.RETIRED
    internal = retired & (st.laid_off_month >= 0)
    pension = np.where(retired & ~internal, inc.pension_yuan_per_month, 0.0)
    pension += np.where(internal, inc.internal_retirement_allowance_yuan_per_month, 0.0)
    pay(st.cash, ctx, slice(None), pension, "pensions")

    stipend = np.where(s == Status.RETRAINING, pol.retraining_stipend_yuan_per_month, 0.0)
    pay(st.cash, ctx, slice(None), stipend, "retraining_stipend")

    # Remittances: from a member working elsewhere, and from the worker who migrated.
    remit_unit = (
        inc.migrant_wage_yuan_per_month
        * inc.remittance_share_of_migrant_wage
        * remittance_index(p, ctx.month)
    )
    remit = np.where(st.has_migrant_member, remit_unit, 0.0) + np.where(
        s == Status.MIGRATED, remit_unit, 0.0
    )
    pay(st.cash, ctx, slice(None), remit, "remittances")

    ctx.income = wage + day_pay + ui_pay + pension + stipend + remit
    ctx.pool_sources["remittances"] = remit


def household_spending(p: Params, st: TownState, income: np.ndarray) -> np.ndarray:
    """Living costs plus part of income above them; a migrated worker's own spending happens
    where they work, so the family at home spends less (assumption: three quarters)."""
    living = living_cost(p, st)
    spend = living + p.income.propensity_to_consume * np.maximum(income - living, 0.0)
    return np.where(st.status == Status.MIGRATED, living * 0.75, spend)


def trade_pools(p: Params, n: int, total_spend: float, remit_total: float, workers_in_post: int):
    shares = np.array([t.budget_share for t in p.trades])
    remit_shares = np.array([t.remittance_share for t in p.trades])
    scale = n / 500.0  # outside demand grows with the size of the town it visits (assumption)
    external = np.array([t.external_demand_yuan_per_month for t in p.trades]) * scale
    # The mill's own purchases in town shrink with every job it cuts (Moretti 2010).
    mill = p.income.mill_spending_yuan_per_worker_per_month * workers_in_post
    external = external + mill * shares / max(shares.sum(), 1e-9)
    return (
        shares * total_spend + remit_shares * remit_total + external,
        shares,
        remit_shares,
        external,
    )


def spending_pools(p: Params, st: TownState, ctx: MonthContext) -> np.ndarray:
    """Each trade's pool of local spending this month (evidence.md, market mechanism): budget
    share x what households spend (living costs plus part of income above them, on last
    month's income, owners' profits included: the closed loop), plus remittances spent on
    house building (Taylor, Rozelle & de Brauw 2003), plus spending from outside the town."""
    spend = household_spending(p, st, st.income_last)
    total_spend = float(spend.sum())
    remit_total = float(ctx.pool_sources["remittances"].sum())
    workers = int((st.status == Status.SOE_WORKER).sum())
    pools, shares, remit_shares, external = trade_pools(p, st.n, total_spend, remit_total, workers)
    ctx.pools = pools
    ctx.pool_sources["spend_total"] = np.array([total_spend])
    ctx.pool_sources["by_source"] = np.stack(
        [shares * total_spend, remit_shares * remit_total, external]
    )
    # What households spend: in-town trades' share of it goes to the sellers via the market;
    # the rest leaves the town (groceries from the chain store, utilities, rent).
    spent = spend + remit_shares.sum() * ctx.pool_sources["remittances"]
    pay(st.cash, ctx, slice(None), -spent, "household_spending")
    ctx.living_costs = spent
    return pools


def health_and_school(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Health shocks (16.5% hospitalisation per person-year, 8,605 yuan bills, 28.8% out of
    pocket: health statistics 2016) and school fees in September, from the same pot."""
    inc = p.income
    rng = ctx.rng["health"]
    members = 2 + st.dependants.astype("f8")
    rate = 1.0 - (1.0 - inc.hospitalisation_rate_per_person_year) ** (members / 12.0)
    ill = rng.random(st.n) < rate
    treat = ill & st.see_doctor
    bill = inc.hospital_bill_yuan * inc.out_of_pocket_share
    pay(st.cash, ctx, treat, -bill, "health_bills")
    untreated = ill & ~st.see_doctor
    st.health[untreated] = np.maximum(st.health[untreated] - 0.3, 0.3)
    st.health[~ill] = np.minimum(st.health[~ill] + 0.05, 1.0)
    st.sick = ill
    ctx.health_bills = np.where(treat, bill, 0.0)
    ctx.note("ill", np.flatnonzero(ill))

    month_of_year = (p.start_month_of_year - 1 + ctx.month) % 12 + 1
    fees = np.zeros(st.n)
    if month_of_year == inc.school_fee_month_of_year:
        due = st.children_in_school > 0
        paying = due & st.pay_school_fees
        fees = np.where(paying, st.children_in_school * float(inc.school_fee_yuan_per_child), 0.0)
        pay(st.cash, ctx, slice(None), -fees, "school_fees")
        skipped = due & ~st.pay_school_fees
        st.children_in_school[skipped] = 0  # the child leaves school to help at home
        ctx.note("school_fees_paid", np.flatnonzero(paying))
        ctx.note("school_dropout", np.flatnonzero(skipped))
    ctx.school_fees = fees


def informal_credit(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Interest on informal debt, then any hole in the pot is filled by informal lenders up to
    what they will lend; beyond that the household simply goes without (cash stays at 0 and
    the shortfall is unpaid: booked as `unmet_needs`)."""
    inc = p.income
    owed = st.informal_debt > 0
    interest = np.where(owed, st.informal_debt * inc.informal_rate_per_month, 0.0)
    pay(st.cash, ctx, slice(None), -interest, "informal_interest")
    # Repay informal debt from cash beyond a two-month reserve.
    reserve = 2.0 * living_cost(p, st)
    repay = np.clip(np.minimum(st.cash - reserve, st.informal_debt), 0.0, None)
    pay(st.cash, ctx, slice(None), -repay, "informal_repaid")
    st.informal_debt -= repay

    limit = inc.informal_limit_months_of_living * living_cost(p, st)
    hole = np.maximum(-st.cash, 0.0)
    room = np.maximum(limit - st.informal_debt, 0.0)
    borrow = np.minimum(hole, room)
    pay(st.cash, ctx, slice(None), borrow, "informal_borrowing")
    st.informal_debt += borrow
    unmet = np.maximum(-st.cash, 0.0)
    pay(st.cash, ctx, slice(None), unmet, "unmet_needs")
    ctx.note("borrowed_informally", np.flatnonzero(borrow > 0))
    ctx.note("went_without", np.flatnonzero(unmet > 0))
