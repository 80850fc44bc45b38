"""Controlled experiments that measure the stylized facts of evidence.md on the model.

The tests assert on these numbers, `benchmarks/facts.py` prints them, and the closing notes
quote them. Each runs the real rules; none sets an outcome by hand.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from game.core.engine import Engine
from game.core.params import LayoffWave, Params
from game.core.rules import household, market
from game.core.rules.context import MonthContext, month_streams
from game.core.state import Status


def calm(p: Params) -> Params:
    """No layoffs and steady remittances: the town in normal times."""
    return replace(p, layoff_waves=[], remittance_index_by_month=[])


def run(p: Params, seed: int, months: int | None = None) -> Engine:
    if months is not None and months > p.months:
        p = replace(p, months=months)
    e = Engine(p, seed=seed, players=())
    e.run(months)
    return e


def one_trade_town(p: Params, trade: int, sellers: int, seed: int) -> tuple[Engine, np.ndarray]:
    """A calm town whose only businesses are `sellers` identical sellers of one trade, at the
    start price, full hours, no loans: the laboratory for the market experiments."""
    e = Engine(calm(p), seed=seed, players=())
    st = e.state
    st.status[:] = Status.WAGE_JOB
    st.trade[:] = -1
    st.loan_principal[:] = 0.0
    who = np.arange(sellers)
    st.status[who] = Status.SELF_EMPLOYED
    st.trade[who] = trade
    st.price[who] = e.trade_arrays["start_price"][trade]
    st.hours[who] = p.behaviour.full_hours_per_month
    st.appeal[who] = 0.0
    return e, who


# --- fact 1: profit dilution, with local demand held fixed -----------------------------
def fixed_demand_market(
    p: Params, trade: int, sellers: int, months: int, seed: int, pool: float | None = None
) -> dict:
    """`sellers` identical AI sellers of one trade facing a fixed spending pool for `months`
    months of selling and adaptive pricing. Returns medians at the end."""
    e, who = one_trade_town(p, trade, sellers, seed)
    st, ta = e.state, e.trade_arrays
    st.cash[who] = 50_000.0
    pools = np.zeros(st.n_trades)
    pools[trade] = pool if pool is not None else default_pool(e, trade)
    for m in range(months):
        ctx = MonthContext(m, st.n, st.n_trades, month_streams(seed, m))
        ctx.pools = pools
        market.sell(p, st, ctx, ta)
        market.reprice(p, st, ctx, ta)
        st.cash[who] = 50_000.0  # demand-side experiment: nobody is desperate for cash
    gross = st.revenue[who] - st.sales_units[who] * ta["unit_cost"][trade]
    return {
        "median_gross_profit": float(np.median(gross)),
        "median_price": float(np.median(st.price[who])),
        "mean_price": float(np.mean(st.price[who])),
    }


def default_pool(e: Engine, trade: int) -> float:
    st = e.state
    spend = household.household_spending(e.params, st, st.income_last)
    remit = (
        np.where(st.has_migrant_member, 1.0, 0.0)
        * e.params.income.migrant_wage_yuan_per_month
        * 0.5
    )
    workers = int((st.status == Status.SOE_WORKER).sum())
    pools = household.trade_pools(e.params, st.n, float(spend.sum()), float(remit.sum()), workers)[
        0
    ]
    return float(pools[trade])


def profit_dilution(
    p: Params, trade: int = 0, n: int = 8, months: int = 12, seeds=range(5)
) -> dict:
    base = [fixed_demand_market(p, trade, n, months, s) for s in seeds]
    double = [fixed_demand_market(p, trade, 2 * n, months, s) for s in seeds]
    plus_one = [fixed_demand_market(p, trade, n + 1, 6, s) for s in seeds]
    base6 = [fixed_demand_market(p, trade, n, 6, s) for s in seeds]
    g0 = np.median([b["median_gross_profit"] for b in base])
    g2 = np.median([d["median_gross_profit"] for d in double])
    p0 = np.median([b["mean_price"] for b in base6])
    p1 = np.median([d["mean_price"] for d in plus_one])
    return {
        "profit_fall_when_doubled": 1.0 - g2 / g0,
        "price_fall_one_entrant": 1.0 - p1 / p0,
        "price_fall_when_doubled": 1.0
        - np.median([d["mean_price"] for d in double]) / np.median([b["mean_price"] for b in base]),
    }


# --- fact 2: clustering --------------------------------------------------------------------
def clustering(p: Params, seeds=range(6), months: int = 24) -> dict:
    """Where the laid-off cohort's new businesses go: the share in retail + catering (the
    trades keyed `shop` and `noodles` by default) and the share of the most-entered trade."""
    both, top = [], []
    for s in seeds:
        e = run(p, s, months)
        entries = {
            k: sum(r["entries"] for r in e.metrics.trades if r["trade"] == k)
            for k in e.metrics.trade_keys
        }
        total = max(sum(entries.values()), 1)
        both.append((entries.get("noodles", 0) + entries.get("shop", 0)) / total)
        top.append(max(entries.values()) / total)
    return {
        "retail_and_catering_share": float(np.median(both)),
        "top_trade_share": float(np.median(top)),
    }


# --- fact 3: baseline survival -----------------------------------------------------------
def baseline_survival(p: Params, seeds=range(4), months: int = 48) -> dict:
    closures, exposure = 0, 0.0
    by_year_exits = np.zeros(3)
    by_year_exposure = np.zeros(3)
    for s in seeds:
        e = Engine(replace(calm(p), months=months), seed=s, players=())
        for _ in range(months):
            st = e.state
            open_ = st.status == Status.SELF_EMPLOYED
            year = np.minimum(st.months_open // 12, 2)
            before = np.flatnonzero(open_)
            e.end_month()
            closed = before[e.state.status[before] != Status.SELF_EMPLOYED]
            closures += closed.size
            exposure += before.size / 12.0
            np.add.at(by_year_exits, year[closed], 1)
            np.add.at(by_year_exposure, year[before], 1 / 12.0)
    return {
        "closure_rate_per_year": closures / exposure,
        "hazard_by_year": (by_year_exits / np.maximum(by_year_exposure, 1e-9)).tolist(),
    }


# --- fact 4: the default regime shift -----------------------------------------------------
def default_regime(p: Params, seeds=range(4), months: int = 30) -> dict:
    out = {
        "crisis_peak_arrears": [],
        "crisis_arrears": [],
        "defaulters_closed_share": [],
        "suspended_months": [],
        "months_above_threshold": [],
        "suspended_while_below": [],
    }
    matured = defaulted = 0
    for s in range(8):  # normal times: a small wave, few loans, so pool the seeds
        e = run(with_wave(p, 0.1), s, months)
        matured += e.state.loans_matured
        defaulted += e.state.loans_defaulted
    for s in seeds:
        e = Engine(replace(p, months=months), seed=s, players=())
        closed_at_default, defaults = 0, 0
        for _ in range(months):
            st = e.state
            was_open = st.status == Status.SELF_EMPLOYED
            e.end_month()
            notes = e.last_defaulters
            defaults += notes.size
            closed_at_default += int((~was_open[notes]).sum())
        arrears = [r["arrears_rate"] for r in e.metrics.town]
        out["crisis_peak_arrears"].append(max(arrears))
        # The share of the loans that matured over the last 12 months still unpaid: the
        # statistic the Harbin and "41 of 103" reports give; steadier than a noisy peak.
        out["crisis_arrears"].append(arrears[-1])
        out["defaulters_closed_share"].append(closed_at_default / defaults if defaults else 0.0)
        out["suspended_months"].append(sum(r["lending_suspended"] for r in e.metrics.town))
        out["months_above_threshold"].append(
            sum(a > p.policy.arrears_suspend_threshold for a in arrears)
        )
        # Recovery lags: months the bank still refuses to lend after arrears fell back below
        # the trigger (hysteresis, Harbin 2008).
        out["suspended_while_below"].append(
            sum(
                r["lending_suspended"] and r["arrears_rate"] <= p.policy.arrears_suspend_threshold
                for r in e.metrics.town
            )
        )
    res = {k: float(np.median(v)) for k, v in out.items()}
    res["normal_repayment"] = 1.0 - defaulted / matured if matured else 1.0
    res["normal_loans_matured"] = matured
    return res


# --- facts 5 and 10: credit on and off ------------------------------------------------------
def credit_effect(p: Params, seeds=range(5), months: int = 18) -> dict:
    on, off = [], []
    for s in seeds:
        for store, loans in ((on, True), (off, False)):
            q = replace(p, policy=replace(p.policy, loans_enabled=loans))
            e = run(q, s, months)
            town = e.metrics.town[12 : months + 1]
            trades = [r for r in e.metrics.trades if 12 <= r["month"] <= months]
            store.append(
                {
                    "businesses": np.mean([r["self_employed"] for r in town]),
                    "consumption": np.mean([r["mean_consumption"] for r in town]),
                    "trade_profit": sum(r["trade_profit"] for r in trades) / max(len(town), 1),
                    "peak_businesses": max(r["self_employed"] for r in e.metrics.town),
                }
            )

    def med(xs, k):
        return float(np.median([x[k] for x in xs]))

    return {
        "businesses_change": med(on, "businesses") / med(off, "businesses") - 1.0,
        "peak_businesses_change": med(on, "peak_businesses") / med(off, "peak_businesses") - 1.0,
        "consumption_change": med(on, "consumption") / med(off, "consumption") - 1.0,
        "trade_profit_change": med(on, "trade_profit") / med(off, "trade_profit") - 1.0,
    }


# --- fact 7: demand feedback ------------------------------------------------------------------
def demand_feedback(p: Params, seeds=range(4), months: int = 24) -> dict:
    ratios = []
    for s in seeds:
        with_l = run(p, s, months)
        without = run(calm(p), s, months)
        laid = int((with_l.state.laid_off_month >= 0).sum())
        late = slice(12, months + 1)
        lost = np.mean([r["local_spending"] for r in without.metrics.town[late]]) - np.mean(
            [r["local_spending"] for r in with_l.metrics.town[late]]
        )
        jobs = lost / p.income.wage_job_yuan_per_month
        ratios.append(jobs / max(laid, 1))
    return {"service_jobs_lost_per_job_cut": float(np.median(ratios))}


# --- fact 8: remittance dependence -------------------------------------------------------------
def remittance_shock(p: Params, fall: float = 0.2, seeds=range(4), months: int = 12) -> dict:
    base_rev, cut_rev = [], []
    for s in seeds:
        for store, idx in ((base_rev, 1.0), (cut_rev, 1.0 - fall)):
            q = replace(calm(p), remittance_index_by_month=[1.0, 1.0, idx])
            e = run(q, s, months)
            rows = [r for r in e.metrics.trades if r["month"] >= 4]
            store.append(
                {k: sum(r["pool"] for r in rows if r["trade"] == k) for k in e.metrics.trade_keys}
            )
    keys = list(base_rev[0])
    change = {
        k: float(np.median([c[k] / b[k] - 1.0 for b, c in zip(base_rev, cut_rev, strict=True)]))
        for k in keys
    }
    return change


# --- fact 9: the labour market after the layoff ---------------------------------------------
def labour_market(p: Params, seeds=range(6), months: int = 24) -> dict:
    """Two years on: the share of the laid-off not in wage work, and the share in wage work
    for women against men and for the least educated against the rest."""
    not_wage, women, men, low_edu, other_edu = [], [], [], [], []
    for s in seeds:
        e = run(p, s, months)
        st = e.state
        laid = st.laid_off_month >= 0
        wage = st.status == Status.WAGE_JOB
        not_wage.append(1.0 - wage[laid].mean())
        women.append(wage[laid & st.female].mean())
        men.append(wage[laid & ~st.female].mean())
        low_edu.append(wage[laid & (st.education == 0)].mean())
        other_edu.append(wage[laid & (st.education > 0)].mean())
    med = lambda xs: float(np.median(xs))  # noqa: E731
    return {
        "not_in_wage_work": med(not_wage),
        "women_in_wage_work": med(women),
        "men_in_wage_work": med(men),
        "least_educated_in_wage_work": med(low_edu),
        "others_in_wage_work": med(other_edu),
    }


# --- fact 11: atomisation -------------------------------------------------------------------------
def agreement_survival(
    p: Params, sellers: int, stressed: bool, seeds=range(20), months: int = 12
) -> float:
    """Share of seeds in which an agreement formed among `sellers` sellers still stands after
    `months` months; stressed sellers have no cash."""
    from game.core.rules import agreements

    held = 0
    for s in seeds:
        e, who = one_trade_town(p, 0, sellers, s)
        st = e.state
        st.months_open[who] = 24
        st.agreement_active[0] = True
        st.agreement_floor[0] = e.trade_arrays["start_price"][0]
        st.in_agreement[who] = True
        for m in range(months):
            st.cash[who] = 0.0 if stressed else 100_000.0
            ctx = MonthContext(m, st.n, st.n_trades, month_streams(s, m))
            agreements.agreements(p, st, ctx)
        held += bool(st.agreement_active[0])
    return held / len(seeds)


def with_wave(p: Params, share: float) -> Params:
    return replace(p, layoff_waves=[LayoffWave(month=0, share=share)])
