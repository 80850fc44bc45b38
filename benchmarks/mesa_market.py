"""The town's market rules as a Mesa model, timed side by side with the core (issue 13).

    pip install -r benchmarks/requirements.txt      # Mesa: a benchmark dependency only
    python benchmarks/mesa_market.py                # 20,000 households (about a minute)
    python benchmarks/mesa_market.py --households 500 2000 20000

What is compared: one month of the market - every seller's sales (the multinomial logit over
the sellers of a trade with the outside option, capacity, revenue, supplies, tax, interest,
rent, profit, loyalty) and then every AI seller's new price (Howitt & Clower adaptive pricing
with the pull to the best response, the loss and desperation cuts, sold-out raises, the floor
and the cap) - on the same town: the core's `market.sell` + `market.reprice` (numpy over all
sellers at once), against a Mesa 3 model with one agent per household and one per trade, the
rules written per agent as a Mesa user would (`AgentSet.do`).

The town is the default one built and run by the core for a few months; the month's earlier
rules run once, then both models start from copies of that same state. The script checks the
two agree (sales and new prices, to float32 precision; rent a seller cannot pay from cash is
left unpaid in the Mesa model, where the core borrows it, so the few such sellers are counted
apart) and prints the median CPU time of each (the process's: steadier than wall time on cores
other programs share) and the ratio.
"""

from __future__ import annotations

import argparse
import copy
import math
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mesa  # noqa: E402

from game.core.engine import Engine  # noqa: E402
from game.core.params import Params  # noqa: E402
from game.core.rules import market  # noqa: E402
from game.core.state import Status  # noqa: E402


def town_before_market(households: int, seed: int = 1, months: int = 4):
    """The default town after `months` months, with this month's rules run up to the market."""
    p = Params()
    p = replace(p, months=months + 2, town=replace(p.town, households=households))
    eng = Engine(p, seed=seed, players=(), fingerprint=False)
    for _ in range(months):
        eng.end_month()
    # The engine's own month, stopped where the market would start.
    sell = market.sell
    market.sell = _stop_at_market
    try:
        eng.end_month()
    except _AtMarket:
        pass
    finally:
        market.sell = sell
    return p, eng.state, eng.ctx, eng.trade_arrays


class _AtMarket(Exception):
    pass


def _stop_at_market(*_args) -> None:
    raise _AtMarket


def core_market(p, st, ctx, ta) -> None:
    market.sell(p, st, ctx, ta)
    market.reprice(p, st, ctx, ta)


# --- the Mesa model ----------------------------------------------------------------------------


class Trade(mesa.Agent):
    def __init__(self, model, index: int, pool: float) -> None:
        super().__init__(model)
        tr = model.p.trades[index]
        self.index, self.pool = index, pool
        self.unit_cost, self.rent = tr.unit_cost_yuan, tr.rent_yuan_per_month
        self.start_price, self.start_up = tr.start_price_yuan, tr.start_up_cost_yuan
        self.units_per_hour, self.micro_profit = tr.units_per_hour, tr.micro_profit
        self.sigma = (
            float(model.st.price_sensitivity[index]) * model.p.market.price_sensitivity_scale
        )
        self.agreement = bool(model.st.agreement_active[index])
        self.agreement_floor = float(model.st.agreement_floor[index])
        self.outside = (
            model.p.market.outside_option_weight * pool / market.POOL_PER_SELLER_EQUIVALENT
        )
        self.denominator = self.inside = 0.0
        self.members: list[Household] = []  # its sellers (the model fills it)
        self.sellers = 0

    def add_up(self) -> None:
        self.sellers = len(self.members)
        self.denominator = self.outside + sum(a.weight for a in self.members)
        self.inside = 0.0


class Household(mesa.Agent):
    """One household; a seller when it has a business (the attributes the market reads)."""

    COLUMNS = (
        "price", "hours", "appeal", "capital", "lot", "health", "cash", "months_open",
        "loan_principal", "usual_revenue", "profit_avg", "in_agreement", "is_player",
        "loan_due_month",
    )  # fmt: skip

    def __init__(self, model, h: int, trade: Trade | None) -> None:
        super().__init__(model)
        st = model.st
        self.h, self.trade = h, trade
        for name in self.COLUMNS:
            setattr(self, name, st.columns[name][h].item())
        self.skill = float(st.skill[h, trade.index]) if trade else 0.0
        self.living = float(model.living[h])
        self.weight = self.share = self.revenue = self.profit = 0.0
        self.capacity_bound = False

    # sales
    def utility(self) -> None:
        m, b, tr = self.model.p.market, self.model.p.behaviour, self.trade
        hours_share = min(max(self.hours / b.full_hours_per_month, 0.05), 1.5)
        capital = math.log(max(self.capital, 1.0) / max(tr.start_up, 1.0))
        street = m.street_appeal if self.lot >= 0 else 0.0
        appeal = self.appeal + m.skill_appeal * (self.skill - 0.5) + m.capital_appeal * capital
        util = -tr.sigma * math.log(self.price / tr.start_price) + appeal + street
        util += math.log(hours_share)
        self.weight = math.exp(min(max(util, -30.0), 30.0))

    def sell(self) -> None:
        pol, tr = self.model.p.policy, self.trade
        self.share = self.weight / max(tr.denominator, 1e-12)
        tr.inside += self.share
        wanted = tr.pool * self.share / self.price
        capacity = self.hours * tr.units_per_hour * self.health
        units = min(wanted, capacity)
        revenue = units * self.price
        supplies = units * tr.unit_cost
        tax = pol.business_tax_share_of_revenue * revenue
        tax = tax if self.months_open >= pol.tax_relief_months else 0.0
        rate = pol.loan_interest_rate_per_year / 12.0
        interest = (
            self.loan_principal * rate * (pol.borrower_interest_share if tr.micro_profit else 1.0)
        )
        self.cash += revenue - supplies
        for bill in (tax, interest, tr.rent):  # from cash only (the core may borrow the rent)
            self.cash -= min(bill, max(self.cash, 0.0))
        self.profit = revenue - supplies - tr.rent - tax - interest
        self.profit_avg = (
            self.profit if self.months_open == 0 else 0.67 * self.profit_avg + 0.33 * self.profit
        )
        self.capacity_bound = wanted > capacity * 0.999
        self.months_open += 1
        self.revenue = revenue

    def loyalty(self) -> None:
        tr, m = self.trade, self.model.p.market
        rel = self.share * tr.sellers / max(tr.inside, 1e-9)
        target = min(max(0.5 * math.log(max(rel, 1e-6)), -1.0), 1.0)
        self.appeal += m.loyalty_speed * (target - self.appeal)

    # prices
    def reprice(self) -> None:
        if self.is_player:
            return
        m, tr = self.model.p.market, self.trade
        fresh = self.usual_revenue <= 0
        gap = min(max(self.revenue / max(self.usual_revenue, 1.0) - 1.0, -0.5), 0.5)
        step = 0.0 if fresh else (m.sales_response if gap < 0 else m.sales_response_up) * gap
        margin = 1.0 / (1.0 + tr.sigma * (1.0 - self.share))
        best = tr.unit_cost / max(1.0 - margin, 1e-3)
        step += m.best_response_pull * math.log(best / self.price)
        if self.profit < 0:
            step -= m.loss_cut
        if self.desperation() > 0.5:
            step -= m.desperate_extra_cut
        if self.capacity_bound:
            step = max(step, math.log1p(m.price_step))
        new_price = self.price * math.exp(step)
        floor = tr.unit_cost * (1.0 + m.min_markup)
        if self.in_agreement and tr.agreement:
            floor = max(floor, tr.agreement_floor)
        cap = max(market.PRICE_CAP_MULTIPLE * tr.start_price, floor)
        self.price = min(max(new_price, floor), cap)
        if fresh:
            self.usual_revenue = self.revenue
        else:
            self.usual_revenue += m.sales_memory * (self.revenue - self.usual_revenue)

    def desperation(self) -> float:
        fixed = self.trade.rent + self.living
        cash_stress = min(max(1.0 - self.cash / (3.0 * fixed), 0.0), 1.0)
        due_in = self.loan_due_month - self.model.month
        loan_stress = self.loan_principal > 0 and due_in <= 2 and self.cash < self.loan_principal
        return max(cash_stress, 1.0 if loan_stress else 0.0)


class MarketModel(mesa.Model):
    def __init__(self, p, st, ctx) -> None:
        super().__init__(seed=1)
        self.p, self.st, self.month = p, st, st.month
        self.living = market.living_cost(p, st)
        trades = [Trade(self, t, float(ctx.pools[t])) for t in range(st.n_trades)]
        selling = (st.status == Status.SELF_EMPLOYED) & (st.trade >= 0)
        for h in range(st.n):
            Household(self, h, trades[int(st.trade[h])] if selling[h] else None)
        self.trades = self.agents_by_type[Trade]
        self.sellers = self.agents_by_type[Household].select(lambda a: a.trade is not None)
        for a in self.sellers:
            a.trade.members.append(a)

    def step(self) -> None:
        self.sellers.do("utility")
        self.trades.do("add_up")
        self.sellers.do("sell")
        self.sellers.do("loyalty")
        self.sellers.do("reprice")


# --- the comparison ----------------------------------------------------------------------------


def compare(households: int, repeats: int) -> dict:
    p, st0, ctx0, ta = town_before_market(households)
    core_s, mesa_s = [], []
    for _ in range(repeats):
        st, ctx = copy.deepcopy(st0), copy.deepcopy(ctx0)
        t0 = time.process_time()
        core_market(p, st, ctx, ta)
        core_s.append(time.process_time() - t0)
        model = MarketModel(p, copy.deepcopy(st0), ctx0)  # building the agents is not timed
        t0 = time.process_time()
        model.step()
        mesa_s.append(time.process_time() - t0)
    sellers = sorted(model.sellers, key=lambda a: a.h)
    j = np.array([a.h for a in sellers], "i8")
    revenue = np.array([a.revenue for a in sellers])
    price = np.array([a.price for a in sellers])
    cash_differs = np.abs(np.array([a.cash for a in sellers]) - st.cash[j]) > 0.01
    same_sales = np.allclose(revenue, st.revenue[j], rtol=1e-4, atol=0.01)
    price_ok = np.isclose(price, st.price[j], rtol=1e-4) | cash_differs
    core_ms, mesa_ms = statistics.median(core_s) * 1e3, statistics.median(mesa_s) * 1e3
    return {
        "households": households,
        "sellers": int(j.size),
        "core_ms": core_ms,
        "mesa_ms": mesa_ms,
        "ratio": mesa_ms / core_ms,
        "same_sales": bool(same_sales),
        "same_prices": int(price_ok.sum()),
        "cash_differs": int(cash_differs.sum()),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, nargs="+", default=[20_000])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    print(f"Mesa {mesa.__version__}, numpy {np.__version__}; one market month (sell + reprice)")
    print(
        "| Households | Sellers | Core ms CPU (median) | Mesa ms CPU (median) | Mesa / core | Same sales | Same prices |"
    )
    print("|---:|---:|---:|---:|---:|---|---|")
    for n in args.households:
        r = compare(n, args.repeats)
        print(
            f"| {n:,} | {r['sellers']:,} | {r['core_ms']:.2f} | {r['mesa_ms']:.1f} | "
            f"{r['ratio']:.0f}x | {'yes' if r['same_sales'] else 'NO'} | "
            f"{r['same_prices']:,} of {r['sellers']:,} ({r['cash_differs']} whose rent the core borrowed) |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
