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

Both models run the same rules, books included: every payment booked under its flow between
the town's sectors, tax and interest paid from cash or forgone, the rent from cash and then
from relatives and moneylenders within each household's limit and the lenders' money (shared
pro rata when it runs short), the month's income, the notes the explanation reads.

The town is the default one built and run by the core for a few months, then stopped where
this month's market starts. The core's rules run on the engine's own state and month context,
as a month of the game runs them; the Mesa model (one agent per household and per trade, the
rules per agent through `AgentSet.do`, as a Mesa user would write them) is built, untimed,
from a copy of the same state. The script checks the two agree (every seller's sales, cash,
informal debt, income and new price; every flow of the books and the sectors' money) and
prints the median CPU time of each (the process's: steadier than wall time on cores other
programs share) and the ratio. Each model is timed right after its own setup (the town is
made twice: the Mesa model is built and stepped on the first, the core's rules run on the
second, as in a month after its earlier rules); `--core-after-mesa-build` keeps the order used
up to session 13 (the core timed after the Mesa model was built, on caches its 20,000 agents
had filled).
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
from game.core.rules import informal, market  # noqa: E402
from game.core.rules.context import FLOWS  # noqa: E402
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
        self.denominator = self.inside = self.revenue = 0.0
        self.members: list[Household] = []  # its sellers (the model fills it)
        self.sellers = 0
        # Who paid for the trade's sales: households, outside buyers, the mill (the pool's parts).
        by_source = model.by_source
        self.source_share = [float(by_source[k][index]) / max(pool, 1e-12) for k in range(3)]

    def add_up(self) -> None:
        self.sellers = len(self.members)
        self.denominator = self.outside + sum(a.weight for a in self.members)
        self.inside = self.revenue = 0.0

    def book_sales(self) -> None:
        """The trade's sales by who paid (`market._book_sales`, trade by trade)."""
        paid = self.model.paid_by
        for k in range(3):
            paid[k] += self.revenue * self.source_share[k]


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
        self.debt = float(st.informal_debt[h])
        self.limit = float(model.limit[h])  # what relatives and moneylenders lend it in all
        self.income = float(model.income[h])
        self.weight = self.share = self.revenue = self.profit = self.units = 0.0
        self.rent_short = self.rent_borrow = 0.0
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
        """Sales, supplies, tax and interest (from cash only: what a seller cannot pay is
        forgone), each booked under its flow; then what the rent needs beyond cash."""
        model, tr = self.model, self.trade
        pol = model.p.policy
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
        tr.revenue += revenue
        model.book("supplies", supplies)
        for bill, flow in ((tax, "business_tax"), (interest, "loan_interest")):
            paid = min(bill, max(self.cash, 0.0))
            self.cash -= paid
            model.book(flow, paid)
        self.rent_short = max(tr.rent - max(self.cash, 0.0), 0.0)
        # Relatives and moneylenders lend up to what is left of the household's limit.
        self.rent_borrow = min(self.rent_short, max(self.limit - self.debt, 0.0))
        model.borrowing += self.rent_borrow
        self.profit = revenue - supplies - tr.rent - tax - interest
        self.profit_avg = (
            self.profit if self.months_open == 0 else 0.67 * self.profit_avg + 0.33 * self.profit
        )
        self.capacity_bound = wanted > capacity * 0.999
        self.months_open += 1
        self.revenue, self.units = revenue, units
        self.income += max(self.profit, 0.0)

    def pay_rent(self) -> None:
        """The rent from cash and what the lenders lend (shared pro rata when their money runs
        short: `informal.pay_bill`); what is still unpaid is noted (exits evict for it)."""
        model = self.model
        got = self.rent_borrow * model.lent_share if self.rent_short > 0 else 0.0
        if got > 0:
            self.cash += got
            self.debt += got
            model.book("informal_borrowing", got)
            model.notes["borrowed_informally"].append(self.h)
        unpaid = self.rent_short - got
        paid = self.trade.rent - unpaid
        self.cash -= paid
        model.book("rent", paid)
        if unpaid > 0.5:
            model.notes["rent_unpaid"].append(self.h)

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
        self.limit = informal.limit(p, st)
        self.income = ctx.income
        self.by_source = ctx.pool_sources["by_source"]
        self.households_spent = float(ctx.pool_sources["households_spent"][0])
        # The town's books, as `context.book` keeps them: yuan per flow and the sector stocks.
        self.flows: dict[str, float] = {}
        self.stocks = dict(st.sector_cash)
        self.notes: dict[str, list[int]] = {"borrowed_informally": [], "rent_unpaid": []}
        self.borrowing = self.lent_share = 0.0
        self.paid_by = [0.0, 0.0, 0.0]
        trades = [Trade(self, t, float(ctx.pools[t])) for t in range(st.n_trades)]
        selling = (st.status == Status.SELF_EMPLOYED) & (st.trade >= 0)
        for h in range(st.n):
            Household(self, h, trades[int(st.trade[h])] if selling[h] else None)
        self.trades = self.agents_by_type[Trade]
        self.sellers = self.agents_by_type[Household].select(lambda a: a.trade is not None)
        for a in self.sellers:
            a.trade.members.append(a)

    def book(self, flow: str, yuan: float) -> None:
        if yuan == 0.0:
            return
        frm, to = FLOWS[flow]
        self.flows[flow] = self.flows.get(flow, 0.0) + yuan
        if frm in self.stocks:
            self.stocks[frm] -= yuan
        if to in self.stocks:
            self.stocks[to] += yuan

    def step(self) -> None:
        self.sellers.do("utility")
        self.trades.do("add_up")
        self.sellers.do("sell")
        self.trades.do("book_sales")
        households, outsiders, mill = self.paid_by
        self.book("spending_in_town", households)
        self.book("spending_out_of_town", self.households_spent - households)
        self.book("sales_to_outsiders", outsiders)
        self.book("sales_to_the_mill", mill)
        money = max(self.stocks["lenders"], 0.0)
        self.lent_share = money / self.borrowing if self.borrowing > money else 1.0
        self.sellers.do("pay_rent")
        self.sellers.do("loyalty")
        self.sellers.do("reprice")


# --- the comparison ----------------------------------------------------------------------------


def compare(households: int, repeats: int, core_after_mesa_build: bool = False) -> dict:
    """Both models on the same town, `repeats` times: the core's rules on the engine's own
    state and month context, as a month of the game runs them (what the month's earlier rules
    worked out, such as the lenders' limits, is there), the Mesa model built (untimed) from a
    copy of that state. Checks every seller's sales, cash, informal debt and new price and the
    town's books agree.

    Each model is timed right after its own setup: the Mesa model is built and stepped, then
    the same town is made again (the engine is deterministic: checked) and the core's rules
    run on it, as they run in a month right after the month's earlier rules.
    `core_after_mesa_build`: the order used up to session 13, the Mesa model built between
    the engine's month and the core's rules (its 20,000 agents push the town's columns out of
    the processor's caches before the core reads them)."""
    core_s, mesa_s = [], []
    same_town = True
    for _ in range(repeats):
        p, st, ctx, ta = town_before_market(households)
        model = MarketModel(p, copy.deepcopy(st), copy.deepcopy(ctx))  # not timed
        if core_after_mesa_build:
            flows_before = dict(ctx.flows)
            t0 = time.process_time()
            core_market(p, st, ctx, ta)
            core_s.append(time.process_time() - t0)
        t0 = time.process_time()
        model.step()
        mesa_s.append(time.process_time() - t0)
        if not core_after_mesa_build:
            town = st.columns
            p, st, ctx, ta = town_before_market(households)
            same_town &= all(np.array_equal(town[k], v) for k, v in st.columns.items())
            flows_before = dict(ctx.flows)
            t0 = time.process_time()
            core_market(p, st, ctx, ta)
            core_s.append(time.process_time() - t0)
    sellers = sorted(model.sellers, key=lambda a: a.h)
    j = np.array([a.h for a in sellers], "i8")

    def same(attr: str, column: np.ndarray, rtol: float = 1e-4) -> bool:
        return bool(np.allclose([getattr(a, attr) for a in sellers], column[j], rtol, atol=0.01))

    moved = {k: v - flows_before.get(k, 0.0) for k, v in ctx.flows.items()}
    moved = {k: v for k, v in moved.items() if abs(v) > 1e-9}
    books = set(moved) == set(model.flows) and all(
        math.isclose(model.flows[k], v, rel_tol=1e-5, abs_tol=0.01) for k, v in moved.items()
    )
    books &= all(
        math.isclose(model.stocks[k], v, rel_tol=1e-7, abs_tol=0.01)
        for k, v in st.sector_cash.items()
    )
    core_ms, mesa_ms = statistics.median(core_s) * 1e3, statistics.median(mesa_s) * 1e3
    return {
        "households": households,
        "sellers": int(j.size),
        "core_ms": core_ms,
        "mesa_ms": mesa_ms,
        "ratio": mesa_ms / core_ms,
        "same": same_town
        and same("revenue", st.revenue)
        and same("price", st.price)
        and same("cash", st.cash, 1e-6)
        and same("debt", st.informal_debt, 1e-6)
        and same("income", ctx.income, 1e-6)
        and books,
        "borrowed": len(model.notes["borrowed_informally"]),
        "unpaid": len(model.notes["rent_unpaid"]),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, nargs="+", default=[20_000])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument(
        "--core-after-mesa-build",
        action="store_true",
        help="time the core after building the Mesa model (the order used up to session 13)",
    )
    args = ap.parse_args(argv)
    print(f"Mesa {mesa.__version__}, numpy {np.__version__}; one market month (sell + reprice)")
    print(
        "| Households | Sellers | Core ms CPU (median) | Mesa ms CPU (median) | Mesa / core "
        "| Same sales, cash, debts, prices, books | Rent borrowed / unpaid |"
    )
    print("|---:|---:|---:|---:|---:|---|---|")
    for n in args.households:
        r = compare(n, args.repeats, args.core_after_mesa_build)
        print(
            f"| {n:,} | {r['sellers']:,} | {r['core_ms']:.2f} | {r['mesa_ms']:.1f} | "
            f"{r['ratio']:.0f}x | {'yes' if r['same'] else 'NO'} | {r['borrowed']} / {r['unpaid']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
