"""Per-month tables, collected apart from the rules (Mesa's DataCollector idea): charts, the
CSV files and the debrief read these, never the engine's internals."""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules.agreements import agreement_share
from game.core.rules.context import MonthContext, trade_column
from game.core.rules.finance import arrears_rate
from game.core.rules.market import trade_medians
from game.core.state import STATUS_NAMES, Status, TownState

TRADE_COLUMNS = [
    "month",
    "trade",
    "sellers",
    "entries",
    "subsidised_entries",
    "exits",
    "median_price",
    "median_margin",
    "median_profit",
    "trade_profit",
    "revenue",
    "pool",
    "arrears_rate",
    "defaults",
    "guarantor_calls",
    "agreement",
]
TOWN_COLUMNS = [
    "month",
    "households",
    "laid_off",
    "self_employed",
    "wage_job",
    "migrated",
    "retired",
    "day_labour",
    "retraining",
    "soe_worker",
    "median_income_vs_former_wage",
    "mean_income_vs_former_wage",
    "lending_suspended",
    "agreement_share",
    "arrears_rate",
    "defaults",
    "loans_matured",
    "guarantor_calls",
    "entries",
    "exits",
    "loans_outstanding",
    "mean_consumption",
    "local_spending",
    "remittances",
    "informal_debt",
    "bank_losses",
    "fund_paid",
    "went_without",
    "on_minimum_living_guarantee",
    "informal_written_off",
    "day_labour_days",
    "day_labour_wage",
    "loans_disbursed",
    "loans_repaid",
    "loan_principal_outstanding",
]


class Metrics:
    """Rows appended once a month: `town` (one dict per month) and `trades` (one per month and
    trade). Plain Python numbers, so they go straight to CSV, JSON and charts."""

    def __init__(self, trade_keys: list[str]) -> None:
        self.trade_keys = trade_keys
        self.town: list[dict] = []
        self.trades: list[dict] = []
        self._window: list[tuple[np.ndarray, np.ndarray]] = []  # (matured, defaulted) per trade
        # The town's books, one entry a month: yuan per named flow (rules/context.FLOWS), and
        # each sector's cash at the end of the month (households: the sum of their cash).
        self.flows: list[dict[str, float]] = []
        self.sectors: list[dict[str, float]] = []

    def collect(self, p: Params, st: TownState, ctx: MonthContext | None, month: int) -> None:
        k = st.n_trades
        sell = st.status == Status.SELF_EMPLOYED
        j = np.flatnonzero(sell)
        t = st.trade[j].astype("i8")
        unit = trade_column(p, "unit_cost_yuan")
        price = st.price[j].astype("f8")
        margin = (price - unit[t]) / price
        n_t = np.bincount(t, minlength=k)
        med_price = trade_medians(price, t, k)
        med_margin = trade_medians(margin, t, k)
        med_profit = trade_medians(st.profit[j].astype("f8"), t, k)
        profit_t = np.bincount(t, weights=st.profit[j], minlength=k)
        revenue_t = np.bincount(t, weights=st.revenue[j], minlength=k)
        zeros = np.zeros(k, "i4")
        matured = ctx.matured if ctx else zeros
        defaults = ctx.defaults if ctx else zeros
        self._window.append((matured.copy(), defaults.copy()))
        self._window = self._window[-12:]
        m_sum = sum(w[0] for w in self._window)
        d_sum = sum(w[1] for w in self._window)
        trade_arrears = np.where(m_sum > 0, d_sum / np.maximum(m_sum, 1), 0.0)
        pools = ctx.pools if ctx is not None and ctx.pools.size else np.zeros(k)
        zero = [0] * k
        # Whole columns at once (tolist), then one dict per trade: a month's rows in ~50 us.
        columns = {
            "sellers": n_t.tolist(),
            "entries": ctx.entries.tolist() if ctx else zero,
            "subsidised_entries": ctx.subsidised_entries.tolist() if ctx else zero,
            "exits": ctx.exits.tolist() if ctx else zero,
            "median_price": _nums(med_price),
            "median_margin": _nums(med_margin),
            "median_profit": _nums(med_profit),
            "trade_profit": np.round(profit_t, 2).tolist(),
            "revenue": np.round(revenue_t, 2).tolist(),
            "pool": np.round(pools, 2).tolist(),
            "arrears_rate": np.round(trade_arrears, 4).tolist(),
            "defaults": defaults.tolist(),
            "guarantor_calls": ctx.guarantor_calls.tolist() if ctx else zero,
            "agreement": st.agreement_active.tolist(),
        }
        for i, key in enumerate(self.trade_keys):
            row = {"month": month, "trade": key}
            for name, values in columns.items():
                row[name] = values[i]
            self.trades.append(row)
        counts = np.bincount(st.status.astype("i8"), minlength=len(Status))
        by = dict(zip(STATUS_NAMES, counts.tolist(), strict=True))
        laid = st.laid_off_month >= 0
        income = ctx.income if ctx is not None else st.income_last
        # The worker's own income (the household's, less the spouse's wage and a member's
        # remittances; the minimum living guarantee and the business count) against the wage lost.
        if ctx is not None and "others_income" in ctx.pool_sources:
            own = income - ctx.pool_sources["others_income"]
        else:
            own = st.former_wage.astype("f8")  # before the first month: the wage itself
        ratio = own[laid] / np.maximum(st.former_wage[laid], 1.0)
        spend = ctx.pool_sources.get("spend_total", np.zeros(1)) if ctx else np.zeros(1)
        remit = ctx.pool_sources.get("remittances", np.zeros(1)) if ctx else np.zeros(1)
        day_terms = (
            ctx.pool_sources.get("day_labour", np.full(2, np.nan)) if ctx else np.full(2, np.nan)
        )
        self.town.append(
            {
                "month": month,
                "households": st.n,
                "laid_off": int(by["laid_off"] + by["job_search"] + by["retraining"]),
                "self_employed": by["self_employed"],
                "wage_job": by["wage_job"],
                "migrated": by["migrated"],
                "retired": by["retired"],
                "day_labour": by["day_labour"],
                "retraining": by["retraining"],
                "soe_worker": by["soe_worker"],
                "median_income_vs_former_wage": _num(_median(ratio)) if ratio.size else None,
                # The median sits on the few fixed amounts many get (the retirement allowance,
                # insurance): the mean shows the drift.
                "mean_income_vs_former_wage": _num(ratio.sum() / ratio.size)
                if ratio.size
                else None,
                "lending_suspended": bool(st.lending_suspended),
                "agreement_share": round(agreement_share(st), 4),
                "arrears_rate": round(arrears_rate(st), 4),
                "defaults": int(defaults.sum()),
                "loans_matured": int(matured.sum()),
                "guarantor_calls": int(ctx.guarantor_calls.sum()) if ctx else 0,
                "entries": int(ctx.entries.sum()) if ctx else 0,
                "exits": int(ctx.exits.sum()) if ctx else 0,
                "loans_outstanding": int((st.loan_principal > 0).sum()),
                "mean_consumption": round(float(spend.sum()) / st.n, 2),
                "local_spending": round(float(pools.sum()), 2),
                "remittances": round(float(remit.sum()), 2),
                "informal_debt": round(float(st.informal_debt.sum()), 2),
                "bank_losses": round(float(st.loan_books["bank_losses"]), 2),
                "fund_paid": round(float(ctx.fund_paid) if ctx else 0.0, 2),
                "went_without": int((st.hardship > 0.01).sum()),
                "on_minimum_living_guarantee": int(st.on_dibao.sum()),
                "informal_written_off": round(float(ctx.written_off) if ctx else 0.0, 2),
                "day_labour_days": _num(day_terms[0]),
                "day_labour_wage": _num(day_terms[1]),
                "loans_disbursed": round(float(st.loan_books["disbursed"]), 2),
                "loans_repaid": round(float(st.loan_books["repaid"]), 2),
                "loan_principal_outstanding": round(float(st.loan_principal.sum()), 2),
            }
        )
        self.flows.append({k: round(v, 4) for k, v in (ctx.flows if ctx else {}).items()})
        stocks = {
            "households": float(st.cash.sum()),
            **{k: float(v) for k, v in st.sector_cash.items()},
        }
        self.sectors.append({k: round(v, 4) for k, v in stocks.items()})

    def trade_series(self, column: str) -> dict[str, list]:
        out: dict[str, list] = {key: [] for key in self.trade_keys}
        for row in self.trades:
            out[row["trade"]].append(row[column])
        return out

    def to_dict(self) -> dict:
        return {
            "trade_keys": self.trade_keys,
            "town": self.town,
            "trades": self.trades,
            "window": [[m.tolist(), d.tolist()] for m, d in self._window],
            "flows": self.flows,
            "sectors": self.sectors,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Metrics:
        m = cls(list(d["trade_keys"]))
        m.town, m.trades = list(d["town"]), list(d["trades"])
        m._window = [(np.array(a, "i4"), np.array(b, "i4")) for a, b in d["window"]]
        m.flows = [dict(x) for x in d["flows"]]
        m.sectors = [dict(x) for x in d["sectors"]]
        return m


def _nums(a: np.ndarray) -> list[float | None]:
    return [None if x != x else x for x in np.round(a, 4).tolist()]  # NaN -> None


def _median(a: np.ndarray) -> float:
    """np.median of a 1-D float array, bit for bit (the mean of the middle one or two values),
    without its general-purpose overhead (a fifth of the month's metrics at 500 households)."""
    if np.isnan(a).any():
        return float("nan")
    n = a.size
    k = n // 2
    if n % 2:
        return float(np.partition(a, k)[k])
    part = np.partition(a, (k - 1, k))
    return float((part[k - 1] + part[k]) / 2.0)


def _num(x: float) -> float | None:
    x = float(x)
    return None if np.isnan(x) else round(x, 4)
