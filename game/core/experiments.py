"""Controlled experiments that measure the stylized facts of docs/evidence.md on the model.

The tests assert on these numbers, `benchmarks/facts.py` prints them over several horizons,
and the closing notes quote them. Each runs the real rules; none sets an outcome by hand.
Laboratories that hold something fixed (a market's spending pool, sellers' cash) say so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import numpy as np

from game.core.batch import Batch
from game.core.engine import Engine
from game.core.params import LayoffWave, Params
from game.core.rules import agreements, market
from game.core.rules.context import MonthContext, month_streams
from game.core.rules.finance import ARREARS_WINDOW_MONTHS
from game.core.state import LOAN_BOOKS, Status


def calm(p: Params) -> Params:
    """No layoffs and steady remittances: the town in normal times."""
    return replace(p, layoff_waves=[], remittance_index_by_month=[])


def with_wave(p: Params, share: float) -> Params:
    return replace(p, layoff_waves=[LayoffWave(month=0, share=share)])


# The experiments' towns keep no state hashes (nothing here replays them; a tenth of a month).
def run(p: Params, seed: int, months: int | None = None) -> Engine:
    if months is not None and months > p.months:
        p = replace(p, months=months)
    e = Engine(p, seed=seed, players=(), fingerprint=False)
    e.run(months)
    return e


def runs(p: Params, seeds, months: int | None = None) -> list[Engine]:
    """`run(p, s, months)` for every seed, stepped together as one batch of towns (each town
    the same bytes as alone: game/core/batch.py)."""
    if months is not None and months > p.months:
        p = replace(p, months=months)
    batch = Batch(p, list(seeds), players=(), fingerprint=False)
    batch.run_months(months)
    return batch.engines


def at_horizons(p: Params, seeds, horizons) -> Iterator[tuple[int, list[Engine]]]:
    """The towns of `seeds` stepped once as one batch to the longest horizon, handed back at
    each horizon on the way (shortest first) as (month, towns): each town then holds what a
    run stopped at that month holds (no rule reads the run's length; tests/core/
    test_experiments_batch.py compares). Read them before the next horizon: they step on."""
    horizons = sorted(set(horizons))
    if horizons[-1] > p.months:
        p = replace(p, months=horizons[-1])
    batch = Batch(p, list(seeds), players=(), fingerprint=False)
    for months in horizons:
        batch.run_months(months - batch.month)
        yield months, batch.engines


def median(xs) -> float:
    return float(np.median(np.asarray(list(xs), "f8")))


# --- the books ---------------------------------------------------------------------------------
def sector_residuals(e: Engine) -> list[float]:
    """Largest |change in a sector's cash - what flowed in + what flowed out| per month, from the
    metrics' two independent records: sector stocks (households: the sum of their cash column)
    and the named flows."""
    from game.core.rules.context import FLOWS

    out = []
    for m in range(1, len(e.metrics.sectors)):
        before, after, flows = e.metrics.sectors[m - 1], e.metrics.sectors[m], e.metrics.flows[m]
        net = dict.fromkeys(after, 0.0)
        for name, yuan in flows.items():
            frm, to = FLOWS[name]
            if frm in net:
                net[frm] -= yuan
            if to in net:
                net[to] += yuan
        out.append(max(abs(after[s] - before[s] - net[s]) for s in after))
    return out


def loan_identity_residual(e: Engine) -> float:
    """disbursed - (repaid + guarantors + fund + cooperative + bank's losses + outstanding)."""
    books = e.state.loan_books
    accounted = sum(books[k] for k in LOAN_BOOKS if k != "disbursed")
    return float(books["disbursed"] - accounted - e.state.loan_principal.sum())


# --- fact 1: profit dilution, with local demand held fixed -----------------------------
def one_trade_market(p: Params, trade: int, sellers: int, seed: int) -> tuple[Engine, np.ndarray]:
    """A calm town whose only businesses are `sellers` sellers of one trade at the start price,
    full hours, no loans, owners of middling skill and the trade's start-up capital: the
    laboratory for the market experiments."""
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
    st.skill[who, trade] = 0.5
    st.capital[who] = e.trade_arrays["start_up"][trade]
    st.usual_revenue[who] = 0.0
    st.months_open[who] = 24
    return e, who


def _market_month(
    p: Params, e: Engine, who: np.ndarray, pools: np.ndarray, m: int, seed: int
) -> None:
    st = e.state
    ctx = MonthContext(m, st.n, st.n_trades, month_streams(seed, m))
    ctx.pools = pools
    market.sell(p, st, ctx, e.trade_arrays)
    market.reprice(p, st, ctx, e.trade_arrays)
    st.cash[who] = 50_000.0  # a demand-side laboratory: nobody is desperate for cash


def entry_experiment(p: Params, trade: int, n: int, added: int, seed: int, settle: int = 12,
                     after: int = 6, pool: float | None = None) -> dict:  # fmt: skip
    """n sellers trade for `settle` months against a fixed pool; then `added` newcomers open at
    the going price (or none, the control) and all trade `after` more months. Returns the
    incumbents' mean price and the median gross profit (revenue less supplies) of all sellers."""
    e, who = one_trade_market(p, trade, n + added, seed)
    st, ta = e.state, e.trade_arrays
    late = who[n:]
    st.status[late] = Status.WAGE_JOB
    pools = np.zeros(st.n_trades)
    pools[trade] = pool if pool is not None else float(e.state.pool_last[trade])
    for m in range(settle):
        _market_month(p, e, who[:n], pools, m, seed)
    if added:
        st.status[late] = Status.SELF_EMPLOYED
        st.price[late] = float(np.mean(st.price[who[:n]]))
        st.usual_revenue[late] = float(np.mean(st.usual_revenue[who[:n]]))
    open_ = who if added else who[:n]
    for m in range(settle, settle + after):
        _market_month(p, e, open_, pools, m, seed)
    gross = st.revenue[open_] - st.sales_units[open_] * ta["unit_cost"][trade]
    return {
        "mean_price": float(np.mean(st.price[who[:n]])),
        "median_gross_profit": float(np.median(gross)),
    }


def profit_dilution(p: Params, trade: int = 0, n: int = 8, seeds=range(5)) -> dict:
    """Fact 1 (docs/evidence.md#fact-1): with the trade's spending fixed, one more seller among n
    (prices six months on), and n more (gross profit a year on)."""
    base6 = [entry_experiment(p, trade, n, 0, s) for s in seeds]
    plus1 = [entry_experiment(p, trade, n, 1, s) for s in seeds]
    base12 = [entry_experiment(p, trade, n, 0, s, after=12) for s in seeds]
    double = [entry_experiment(p, trade, n, n, s, after=12) for s in seeds]
    return {
        "price_fall_one_entrant": 1.0 - median(x["mean_price"] for x in plus1) / median(x["mean_price"] for x in base6),
        "profit_fall_when_doubled": 1.0
        - median(x["median_gross_profit"] for x in double) / median(x["median_gross_profit"] for x in base12),
    }  # fmt: skip


def price_against_demand(
    p: Params, trade: int = 0, n: int = 8, scale: float = 0.5, seeds=range(5)
) -> float:
    """The sellers' mean price a year after the trade's spending falls to `scale` of its level,
    against the same market without the fall: prices answer demand."""
    out = []
    for s in seeds:
        prices = []
        for k in (1.0, scale):
            e, who = one_trade_market(p, trade, n, s)
            pools = np.zeros(e.state.n_trades)
            base = float(e.state.pool_last[trade])
            pools[trade] = base
            for m in range(12):
                _market_month(p, e, who, pools, m, s)
            pools[trade] = base * k
            for m in range(12, 24):
                _market_month(p, e, who, pools, m, s)
            prices.append(float(np.mean(e.state.price[who])))
        out.append(prices[1] / prices[0])
    return median(out)


# --- fact 2: clustering --------------------------------------------------------------------
def entries_by_trade(e: Engine, column: str = "entries") -> dict[str, int]:
    return {
        k: sum(r[column] for r in e.metrics.trades if r["trade"] == k) for k in e.metrics.trade_keys
    }


def clustering(p: Params, seeds=range(6), months: int = 24,
               retail_catering: tuple[str, ...] = ("noodles", "shop"),
               column: str = "subsidised_entries") -> dict:  # fmt: skip
    """Where the subsidised start-ups go (the evidence counts what borrowers open: Hejiang,
    docs/evidence.md#fact-2): the share in retail + catering and the share of the most-entered
    trade. `column="entries"` counts every new business."""
    return clustering_at(p, seeds, (months,), retail_catering, column)[months]


def clustering_at(p: Params, seeds=range(6), horizons=(24, 36),
                  retail_catering: tuple[str, ...] = ("noodles", "shop"),
                  column: str = "subsidised_entries") -> dict[int, dict]:  # fmt: skip
    """`clustering` at each of `horizons` months, the towns run once to the longest."""
    out = {}
    for months, towns in at_horizons(p, seeds, horizons):
        both, top = [], []
        for e in towns:
            entries = entries_by_trade(e, column)
            total = max(sum(entries.values()), 1)
            both.append(sum(entries.get(k, 0) for k in retail_catering) / total)
            top.append(max(entries.values()) / total)
        out[months] = {"retail_and_catering_share": median(both), "top_trade_share": median(top)}
    return out


# --- fact 3: baseline survival -----------------------------------------------------------
def baseline_survival(p: Params, seeds=range(4), months: int = 48) -> dict:
    """A calm town: closures per business-year, and the hazard by the business's age in years
    (an outcome of the exit rules, compared with the SAIC table: docs/evidence.md#fact-3)."""
    closures, exposure = 0, 0.0
    by_year_exits, by_year_exposure = np.zeros(3), np.zeros(3)
    batch = Batch(replace(calm(p), months=months), list(seeds), players=(), fingerprint=False)
    seen: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in batch.engines]
    for _ in range(months):
        before = []
        for e in batch.engines:
            open_ = np.flatnonzero(e.state.status == Status.SELF_EMPLOYED)
            before.append((open_, np.minimum(e.state.months_open[open_] // 12, 2)))
        batch.end_month()
        for e, (open_, year), months_seen in zip(batch.engines, before, seen, strict=True):
            months_seen.append((year, e.state.status[open_] != Status.SELF_EMPLOYED))
    # Added up town by town, month by month (the order the sums always had).
    for months_seen in seen:
        for year, closed in months_seen:
            closures += int(closed.sum())
            exposure += year.size / 12.0
            np.add.at(by_year_exits, year[closed], 1)
            np.add.at(by_year_exposure, year, 1 / 12.0)
    return {
        "closure_rate_per_year": closures / exposure,
        "hazard_by_year": (by_year_exits / np.maximum(by_year_exposure, 1e-9)).tolist(),
    }


# --- fact 4: the default regime shift -----------------------------------------------------
# A defaulter counts as closed if its business is shut this many months after the default.
CLOSED_LOOK_MONTHS = 6


def crisis(p: Params, seeds=range(8), months: int = 36) -> dict:
    """The default town over `months` months: the rolling 12-month arrears rate at each month,
    months of suspended lending, the share of defaulters whose business is closed six months on,
    and arrears after lending resumed."""
    paths, suspended, closed_share, recovery, two_years_on = [], [], [], [], []
    crisis_m = crisis_d = after_m = after_d = 0
    batch = Batch(replace(p, months=months), list(seeds), players=(), fingerprint=False)
    # (month of default, household) per town, and how many of them were closed when looked at
    found: list[list[tuple[int, int]]] = [[] for _ in batch.engines]
    closed_of = [0] * batch.runs
    for m in range(months):
        batch.end_month()
        for i, e in enumerate(batch.engines):
            found[i] += [(m, int(h)) for h in e.last_defaulters]
            # Harbin's "closed" is read some months after the default: close-outs take time.
            looked = [h for (md, h) in found[i] if md == m - CLOSED_LOOK_MONTHS]
            closed_of[i] += sum(e.state.status[h] != Status.SELF_EMPLOYED for h in looked)
    for e, defaulters, closed in zip(batch.engines, found, closed_of, strict=True):
        looked_total = sum(1 for md, _ in defaulters if md <= months - 1 - CLOSED_LOOK_MONTHS)
        town = e.metrics.town
        arrears = [r["arrears_rate"] for r in town]
        paths.append(arrears)
        suspended.append(sum(r["lending_suspended"] for r in town))
        closed_share.append(closed / looked_total if looked_total else np.nan)
        resumed = [
            m
            for m in range(1, len(town))
            if town[m - 1]["lending_suspended"] and not town[m]["lending_suspended"]
        ]
        crisis_m += sum(r["loans_matured"] for r in town[18:37])
        crisis_d += sum(r["defaults"] for r in town[18:37])
        if resumed:
            m0 = resumed[0]
            late = arrears[m0 : m0 + 25]
            recovery.append(max(late[ARREARS_WINDOW_MONTHS:] or [0.0]))
            # Only a whole second year counts: a run that resumed late would add a few loans
            # from the first months of it (a 60-month run ends before most second years do).
            if m0 + 25 <= len(town):
                after_m += sum(r["loans_matured"] for r in town[m0 + 12 : m0 + 25])
                after_d += sum(r["defaults"] for r in town[m0 + 12 : m0 + 25])
                two_years_on.append(arrears[m0 + 24])
    arr = np.asarray(paths)
    return {
        "arrears_by_month": np.median(arr, axis=0).tolist(),
        "arrears_iqr_by_month": np.percentile(arr, [25, 75], axis=0).T.tolist(),
        "suspended_months": median(suspended),
        "defaulters_closed_share": float(np.nanmedian(closed_share)) if closed_share else np.nan,
        "arrears_a_year_after_resuming": median(recovery) if recovery else np.nan,
        # Pooled over the runs (rates over a handful of loans are noise): the share of the loans
        # that fell due in months 18-36 that were not repaid, and of those that fell due in the
        # second year after lending resumed.
        "pooled_arrears_m18_36": crisis_d / crisis_m if crisis_m else np.nan,
        "pooled_arrears_second_year_after_resuming": after_d / after_m if after_m else np.nan,
        "loans_matured_second_year_after_resuming": after_m,
        "runs_that_resumed": len(recovery),
        # The town's own 12-month arrears rate 24 months after lending resumed (median over the
        # runs whose second year after resuming ended within the run).
        "arrears_two_years_after_resuming": median(two_years_on) if two_years_on else np.nan,
        "runs_with_a_whole_second_year": len(two_years_on),
    }  # fmt: skip


def normal_repayment(p: Params, seeds=range(20), months: int = 36, share: float = 0.1) -> dict:
    """Normal times: a small layoff wave; the share of matured loans repaid (renewals count as
    repaid, as the banks count them), pooled over the seeds (docs/evidence.md#repayment-normal)."""
    return normal_repayment_at(p, seeds, (months,), share)[months]


def normal_repayment_at(p: Params, seeds=range(20), horizons=(24, 36), share: float = 0.1
                        ) -> dict[int, dict]:  # fmt: skip
    """`normal_repayment` at each of `horizons` months, the towns run once to the longest."""
    out = {}
    for months, towns in at_horizons(with_wave(p, share), seeds, horizons):
        matured = defaulted = 0
        for e in towns:
            matured += e.state.loans_matured
            defaulted += e.state.loans_defaulted
        out[months] = {
            "repaid": 1.0 - defaulted / matured if matured else np.nan,
            "matured": matured,
        }
    return out


# --- facts 5 and 10: credit on and off ------------------------------------------------------
def credit_effect(
    p: Params, seeds=range(5), months: int = 18, window: tuple[int, int] = (12, 18)
) -> dict:
    """Credit on against no subsidised loans in the same towns: businesses open and mean
    consumption over the window (docs/evidence.md#fact-5), total trade profit (#fact-10)."""
    return credit_effect_windows(p, seeds, (window,), months)[window]


def credit_effect_windows(p: Params, seeds=range(5), windows=((12, 18), (24, 36)),
                          months: int = 0) -> dict[tuple[int, int], dict]:  # fmt: skip
    """`credit_effect` over each of `windows` (first, last month): each world's towns stepped
    as one batch, once, to the last window's end (or `months`, if later)."""
    seeds = list(seeds)
    worlds = []
    for loans in (True, False):
        q = replace(p, policy=replace(p.policy, loans_enabled=loans))
        worlds.append(runs(q, seeds, max(months, *(hi for _, hi in windows))))

    def med(xs, k):
        return median(x[k] for x in xs)

    out = {}
    for lo, hi in windows:
        on, off = ([_credit_window(e, lo, hi) for e in towns] for towns in worlds)
        out[(lo, hi)] = {
            "businesses_change": med(on, "businesses") / med(off, "businesses") - 1.0,
            "consumption_change": med(on, "consumption") / med(off, "consumption") - 1.0,
            "trade_profit_change": med(on, "trade_profit") / med(off, "trade_profit") - 1.0,
        }
    return out


def _credit_window(e: Engine, lo: int, hi: int) -> dict:
    """A town's businesses, mean consumption and trade profit a month over months lo..hi."""
    town = e.metrics.town[lo : hi + 1]
    trades = [r for r in e.metrics.trades if lo <= r["month"] <= hi]
    return {
        "businesses": np.mean([r["self_employed"] for r in town]),
        "consumption": np.mean([r["mean_consumption"] for r in town]),
        "trade_profit": sum(r["trade_profit"] for r in trades) / max(len(town), 1),
    }


# --- fact 6: returns to capital --------------------------------------------------------------
def returns_to_capital(p: Params, seeds=range(10), grant: float = 10_000.0, at: int = 6,
                       months: int = 6, treated_share: float = 0.2) -> dict:  # fmt: skip
    """de Mel, McKenzie & Woodruff's experiment on the model: in month `at` of the default run,
    a random fifth of the businesses open get `grant` yuan of equipment and stock; the same
    world without it is the control. Returns the treated owners' monthly profit change per yuan
    of grant over the next `months` months, for owners with heavy family duties and for the
    rest (docs/evidence.md#fact-6)."""
    seeds = list(seeds)
    # Each seed's town twice, side by side in one batch: without the grant, then with it.
    twice = [s for s in seeds for _ in (0, 1)]
    batch = Batch(replace(p, months=at + months), twice, players=(), fingerprint=False)
    batch.run_months(at)
    owners_of = []
    for i, e in enumerate(batch.engines):
        st, s = e.state, seeds[i // 2]
        open_ = np.flatnonzero(st.status == Status.SELF_EMPLOYED)
        pick = np.random.default_rng(np.random.SeedSequence(s, spawn_key=(77,))).random(open_.size)
        owners_of.append(open_[pick < treated_share])
        if i % 2:
            st.capital[owners_of[-1]] += grant
    profit = [np.zeros(owners.size) for owners in owners_of]
    for _ in range(months):
        batch.end_month()
        for e, owners, total in zip(batch.engines, owners_of, profit, strict=True):
            total += np.where(e.state.trade[owners] >= 0, e.state.profit[owners], 0.0)
    heavy, others = [], []
    for i in range(len(seeds)):
        owners, base, treated = owners_of[2 * i], profit[2 * i] / months, profit[2 * i + 1] / months
        gain = (treated - base) / grant
        burden = market.burdened(batch.engines[2 * i + 1].state, owners)
        heavy.append(float(np.mean(gain[burden])) if burden.any() else np.nan)
        others.append(float(np.mean(gain[~burden])))
    return {"heavy_duties": float(np.nanmedian(heavy)), "others": median(others)}


# --- fact 7: demand feedback ------------------------------------------------------------------
def demand_feedback(p: Params, seeds=range(4), months: int = 24) -> dict:
    """Local spending lost (months 12 on) against the same town without the layoff, in wage-job
    equivalents per job cut (Moretti 2010; docs/evidence.md#fact-7)."""
    ratios = []
    seeds = list(seeds)
    for with_l, without in zip(runs(p, seeds, months), runs(calm(p), seeds, months), strict=True):
        laid = int((with_l.state.laid_off_month >= 0).sum())
        late = slice(12, months + 1)
        lost = np.mean([r["local_spending"] for r in without.metrics.town[late]]) - np.mean(
            [r["local_spending"] for r in with_l.metrics.town[late]]
        )
        ratios.append(lost / p.income.wage_job_yuan_per_month / max(laid, 1))
    return {"service_jobs_lost_per_job_cut": median(ratios)}


# --- fact 8: remittance dependence -------------------------------------------------------------
def remittance_shock(p: Params, fall: float = 0.2, seeds=range(4), months: int = 12) -> dict:
    """Revenue of each trade (months 4 on) when remittances fall by `fall` from month 2, against
    the same calm town without the fall (docs/evidence.md#fact-8)."""
    seeds = list(seeds)
    revenue: list[list[dict]] = []  # per world (usual, cut), per seed: revenue by trade
    for idx in (1.0, 1.0 - fall):
        q = replace(calm(p), remittance_index_by_month=[1.0, 1.0, idx])
        revenue.append([])
        for e in runs(q, seeds, months):  # each world's towns one batch
            rows = [r for r in e.metrics.trades if r["month"] >= 4]
            revenue[-1].append(
                {
                    k: sum(r["revenue"] for r in rows if r["trade"] == k)
                    for k in {r["trade"] for r in rows}
                }
            )
    base_rev, cut_rev = revenue
    keys = list(base_rev[0])
    return {
        k: median(c[k] / max(b[k], 1e-9) - 1.0 for b, c in zip(base_rev, cut_rev, strict=True))
        for k in keys
    }


# --- fact 9: the labour market after the layoff ---------------------------------------------
def labour_market(p: Params, seeds=range(6), months: int = 24) -> dict:
    """Two years on: the share of the laid-off not in wage work, wage work for women against men
    and for the least educated against the rest, and what the re-employed earn against the
    state wage they lost (docs/evidence.md#fact-9)."""
    return labour_market_at(p, seeds, (months,))[months]


def labour_market_at(p: Params, seeds=range(6), horizons=(24, 36)) -> dict[int, dict]:
    """`labour_market` at each of `horizons` months, the towns run once to the longest."""
    out = {}
    for months, towns in at_horizons(p, seeds, horizons):
        not_wage, women, men, low_edu, other_edu, laid_women = [], [], [], [], [], []
        for e in towns:
            st = e.state
            laid = st.laid_off_month >= 0
            wage = st.status == Status.WAGE_JOB
            not_wage.append(1.0 - wage[laid].mean())
            women.append(wage[laid & st.female].mean())
            men.append(wage[laid & ~st.female].mean())
            low_edu.append(wage[laid & (st.education == 0)].mean())
            other_edu.append(wage[laid & (st.education > 0)].mean())
            laid_women.append(st.female[laid].mean())
        out[months] = {
            "not_in_wage_work": median(not_wage),
            "women_in_wage_work": median(women),
            "men_in_wage_work": median(men),
            "least_educated_in_wage_work": median(low_edu),
            "others_in_wage_work": median(other_edu),
            "women_among_laid_off": median(laid_women),
        }
    return out


# --- fact 11: atomisation -------------------------------------------------------------------------
def agreement_survival(
    p: Params, sellers: int, stressed: bool, seeds=range(20), months: int = 12
) -> float:
    """Share of seeds in which an agreement among `sellers` sellers of noodles, against the
    trade's usual spending, still stands after `months` months; stressed sellers have no cash.
    Whether a member defects comes from its own payoff (agreements.defection_payoff)."""
    held = 0
    for s in seeds:
        e, who = one_trade_market(p, 0, sellers, s)
        st = e.state
        pools = np.zeros(st.n_trades)
        pools[0] = float(st.pool_last[0])
        for m in range(3):
            _market_month(p, e, who, pools, m, s)
        st.going_price[0] = float(np.median(st.price[who]))
        ctx = MonthContext(3, st.n, st.n_trades, month_streams(s, 3))
        agreements.start(p, st, ctx, np.array([0]))
        for m in range(4, 4 + months):
            st.cash[who] = 0.0 if stressed else 100_000.0
            ctx = MonthContext(m, st.n, st.n_trades, month_streams(s, m))
            ctx.pools = pools
            market.sell(p, st, ctx, e.trade_arrays)
            agreements.agreements(p, st, ctx)
            market.reprice(p, st, ctx, e.trade_arrays)
        held += bool(st.agreement_active[0])
    return held / len(seeds)
