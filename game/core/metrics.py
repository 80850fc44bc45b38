"""Per-month tables, collected apart from the rules (Mesa's DataCollector idea): charts, the
CSV files and the debrief read these, never the engine's internals. Each column is a named
reporter (`TOWN_REPORTERS`, `TRADE_REPORTERS`); the CSV headers are their names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from game.core.params import Params
from game.core.rules.context import MonthContext, self_employed, trade_column
from game.core.rules.finance import arrears_rate
from game.core.rules.market import sorted_middles, trade_medians_of
from game.core.state import STATUS_NAMES, Status, TownState


@dataclass(frozen=True)
class Reporter:
    """One column of the month's tables: its name (the CSV header, the chart's key, the row's
    key) and how its value is read from the month (`MonthFrame`). A trade reporter gives one
    value per trade, in the trades' order."""

    name: str
    value: Callable[[MonthFrame], Any]


class MonthFrame:
    """What the reporters read at the end of a month: the state, the month's context (None
    before the first month) and what several columns share, computed once."""

    def __init__(
        self,
        p: Params,
        st: TownState,
        ctx: MonthContext | None,
        window: list[tuple[np.ndarray, np.ndarray]],
        window_sums: np.ndarray | None = None,
    ) -> None:
        self.st, self.ctx = st, ctx
        k = st.n_trades
        j = self_employed(st)
        t = st.trade[j].astype("i8")
        unit = trade_column(p, "unit_cost_yuan")
        price = st.price[j].astype("f8")
        margin = (price - unit[t]) / price
        self.sellers = np.bincount(t, minlength=k)
        profit = st.profit[j].astype("f8")
        seen = ctx.observed_prices if ctx is not None else None
        if seen is not None and _same(seen[0], j) and _same(seen[1], price):
            # the median prices neighbours saw as the month ended, the same sellers and prices
            self.median_price = seen[2]
            self.median_margin, self.median_profit = trade_medians_of([margin, profit], t, k)
        else:
            self.median_price, self.median_margin, self.median_profit = trade_medians_of(
                [price, margin, profit], t, k
            )
        # The town's solidarity (`agreement_share`), counted over the sellers alone.
        if j.size:
            in_it = st.in_agreement[j] & st.agreement_active[np.maximum(st.trade[j], 0)]
            self.agreement_share = int(np.count_nonzero(in_it)) / j.size
        else:
            self.agreement_share = 0.0
        self.trade_profit = np.bincount(t, weights=profit, minlength=k)  # (as floats: the same)
        self.revenue = np.bincount(t, weights=st.revenue[j], minlength=k)
        zeros = np.zeros(k, "i4")
        self.zero = [0] * k
        self.matured = ctx.matured if ctx else zeros
        self.defaults = ctx.defaults if ctx else zeros
        # Arrears over the last 12 months of maturities (the window the Metrics keep).
        # (months, matured/defaulted, trades): whole counts, summed in any order
        # (`window_sums`: those sums, when the caller keeps them month by month)
        m_sum, d_sum = np.array(window).sum(axis=0) if window_sums is None else window_sums
        self.trade_arrears = np.where(m_sum > 0, d_sum / np.maximum(m_sum, 1), 0.0)
        self.pools = ctx.pools if ctx is not None and ctx.pools.size else np.zeros(k)
        status = st.status
        if status.size >= COUNT_BY_COMPARING and status.dtype == np.int8:
            # (a big town: one int8 comparison per status, without the bincount's 64-bit copy)
            counts = [int(np.count_nonzero(status == code)) for code in range(len(Status))]
        else:
            counts = np.bincount(status.astype("i8"), minlength=len(Status)).tolist()
        self.by_status = dict(zip(STATUS_NAMES, counts, strict=True))
        laid = st.laid_off_month >= 0
        income = ctx.income if ctx is not None else st.income_last
        # The worker's own income (the household's, less the spouse's wage and a member's
        # remittances; the minimum living guarantee and the business count) against the wage lost.
        # (worked out over every household, then the laid-off's values taken: the same
        # values as over the laid-off alone, in full-length passes rather than gathers)
        if ctx is not None and "others_income" in ctx.pool_sources:
            own = np.subtract(income, ctx.pool_sources["others_income"])
        else:
            own = st.former_wage.astype("f8")  # before the first month: the wage itself
        own /= np.maximum(st.former_wage, 1.0)
        self.income_ratio = own[laid]
        sources = ctx.pool_sources if ctx else {}
        # (the defaults made only when missing: before the first month)
        spend, remit, terms = (sources.get(k) for k in ("spend_total", "remittances", "day_labour"))
        self.spend = np.zeros(1) if spend is None else spend
        self.remit = np.zeros(1) if remit is None else remit
        self.day_terms = np.full(2, np.nan) if terms is None else terms

    def per_trade(self, name: str) -> list:
        """A count the month's context keeps per trade (entries, exits...); zeros before."""
        return getattr(self.ctx, name).tolist() if self.ctx else self.zero

    def in_town(self, name: str) -> int:
        """The same count summed over the trades (whole numbers: Python's sum is numpy's)."""
        return sum(getattr(self.ctx, name).tolist()) if self.ctx else 0


# From this many households on, the month's status counts compare instead of counting bins.
COUNT_BY_COMPARING = 4096


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """The same values, bit for bit (a -0.0 is not a 0.0 here)."""
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def grouped_medians(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """`trade_medians` for many towns at once (group = run * trades + trade): each group's
    values sorted (stable), the mean of the middle one or two; NaN where a group is empty."""
    return grouped_medians_of([values], group, n_groups)[0]


def grouped_medians_of(
    values: list[np.ndarray], group: np.ndarray, n_groups: int
) -> list[np.ndarray]:
    """`grouped_medians` of several arrays over the same groups. Each group's values are
    sorted as a row of a (groups, widest group) array padded with +inf (one row sort, the
    groups' order found once: ~3x cheaper than a sort of all values then of their groups);
    the middles are then the same values. Where that would not hold (a NaN sorts after the
    padding; a -0.0 and a 0.0 may swap, which a median can show) or the rows would be mostly
    padding, `sort_within`."""
    if group.size == 0:
        return [np.full(n_groups, np.nan) for _ in values]
    counts = np.bincount(group, minlength=n_groups)
    width = int(counts.max())
    padded = counts.size * width <= 4 * group.size + 4096
    if padded:
        order = np.argsort(group, kind="stable")
        rows = group[order]
        starts = np.cumsum(counts) - counts
        at = np.arange(group.size) - starts[rows]
        has = np.flatnonzero(counts)
        lo, hi = (counts[has] - 1) // 2, counts[has] // 2
    out = []
    for v in values:
        if not padded or np.isnan(v).any() or (np.signbit(v) & (v == 0)).any():
            out.append(sorted_middles(v[sort_within(v, group, n_groups)], counts))
            continue
        table = np.full((counts.size, width), np.inf)
        table[rows, at] = v[order]
        table.sort(axis=1)
        med = np.full(counts.size, np.nan)
        med[has] = 0.5 * (table[has, lo] + table[has, hi])  # as `sorted_middles`
        out.append(med)
    return out


def sort_within(values: np.ndarray, group: np.ndarray, n_groups: int = 0) -> np.ndarray:
    """An order that sorts `values` within each group, the groups in order: the values of
    `np.lexsort((values, group))`, faster (a sort by value, then a stable radix sort by group
    when the groups fit in 16 bits). Equal values may swap places, which no median sees; a
    negative zero would be told from a zero only by a stable sort, so then it is stable."""
    negative_zero = bool((np.signbit(values) & (values == 0)).any())
    by_value = np.argsort(values, kind="stable" if negative_zero else None)
    groups = group[by_value]
    if max(n_groups, int(groups.max(initial=0)) + 1) < 2**15:
        groups = groups.astype("i2")
    return by_value[np.argsort(groups, kind="stable")]


def _ratio_mean(f: MonthFrame) -> float | None:
    r = f.income_ratio
    return _num(r.sum() / r.size) if r.size else None


def _yuan(x: Any) -> float:
    return round(float(x), 2)


# One row per month and trade (months.csv): keyed by "month" and "trade", then these.
TRADE_REPORTERS: tuple[Reporter, ...] = (
    Reporter("sellers", lambda f: f.sellers.tolist()),
    Reporter("entries", lambda f: f.per_trade("entries")),
    Reporter("subsidised_entries", lambda f: f.per_trade("subsidised_entries")),
    Reporter("exits", lambda f: f.per_trade("exits")),
    Reporter("median_price", lambda f: _nums(f.median_price)),
    Reporter("median_margin", lambda f: _nums(f.median_margin)),
    Reporter("median_profit", lambda f: _nums(f.median_profit)),
    Reporter("trade_profit", lambda f: f.trade_profit.round(2).tolist()),
    Reporter("revenue", lambda f: f.revenue.round(2).tolist()),
    Reporter("pool", lambda f: f.pools.round(2).tolist()),
    Reporter("arrears_rate", lambda f: f.trade_arrears.round(4).tolist()),
    Reporter("defaults", lambda f: f.defaults.tolist()),
    Reporter("guarantor_calls", lambda f: f.per_trade("guarantor_calls")),
    Reporter("agreement", lambda f: f.st.agreement_active.tolist()),
)

# One row per month (town.csv): keyed by "month", then these.
TOWN_REPORTERS: tuple[Reporter, ...] = (
    Reporter("households", lambda f: f.st.n),
    Reporter(
        "laid_off",
        lambda f: int(
            f.by_status["laid_off"] + f.by_status["job_search"] + f.by_status["retraining"]
        ),
    ),
    Reporter("self_employed", lambda f: f.by_status["self_employed"]),
    Reporter("wage_job", lambda f: f.by_status["wage_job"]),
    Reporter("migrated", lambda f: f.by_status["migrated"]),
    Reporter("retired", lambda f: f.by_status["retired"]),
    Reporter("day_labour", lambda f: f.by_status["day_labour"]),
    Reporter("retraining", lambda f: f.by_status["retraining"]),
    Reporter("soe_worker", lambda f: f.by_status["soe_worker"]),
    Reporter(
        "median_income_vs_former_wage",
        lambda f: _num(_median(f.income_ratio)) if f.income_ratio.size else None,
    ),
    # The median sits on the few fixed amounts many get (the retirement allowance, insurance):
    # the mean shows the drift.
    Reporter("mean_income_vs_former_wage", _ratio_mean),
    Reporter("lending_suspended", lambda f: bool(f.st.lending_suspended)),
    Reporter("agreement_share", lambda f: round(f.agreement_share, 4)),
    Reporter("arrears_rate", lambda f: round(arrears_rate(f.st), 4)),
    Reporter("defaults", lambda f: sum(f.defaults.tolist())),
    Reporter("loans_matured", lambda f: sum(f.matured.tolist())),
    Reporter("guarantor_calls", lambda f: f.in_town("guarantor_calls")),
    Reporter("entries", lambda f: f.in_town("entries")),
    Reporter("exits", lambda f: f.in_town("exits")),
    Reporter("loans_outstanding", lambda f: int(np.count_nonzero(f.st.loan_principal > 0))),
    Reporter("mean_consumption", lambda f: round(float(f.spend.sum()) / f.st.n, 2)),
    Reporter("local_spending", lambda f: _yuan(f.pools.sum())),
    Reporter("remittances", lambda f: _yuan(f.remit.sum())),
    Reporter("informal_debt", lambda f: _yuan(f.st.informal_debt.sum())),
    Reporter("bank_losses", lambda f: _yuan(f.st.loan_books["bank_losses"])),
    Reporter("fund_paid", lambda f: _yuan(f.ctx.fund_paid if f.ctx else 0.0)),
    Reporter("went_without", lambda f: int(np.count_nonzero(f.st.hardship > 0.01))),
    Reporter("on_minimum_living_guarantee", lambda f: int(np.count_nonzero(f.st.on_dibao))),
    Reporter("informal_written_off", lambda f: _yuan(f.ctx.written_off if f.ctx else 0.0)),
    Reporter("day_labour_days", lambda f: _num(f.day_terms[0])),
    Reporter("day_labour_wage", lambda f: _num(f.day_terms[1])),
    Reporter("loans_disbursed", lambda f: _yuan(f.st.loan_books["disbursed"])),
    Reporter("loans_repaid", lambda f: _yuan(f.st.loan_books["repaid"])),
    Reporter("loan_principal_outstanding", lambda f: _yuan(f.st.loan_principal.sum())),
)

# (each town reporter's name and value, read once: the town row's loop)
_TOWN_VALUES = tuple((r.name, r.value) for r in TOWN_REPORTERS)
# The CSV headers and the rows' keys come from the reporters: one list, kept in one place.
TRADE_COLUMNS = ["month", "trade", *(r.name for r in TRADE_REPORTERS)]
TOWN_COLUMNS = ["month", *(r.name for r in TOWN_REPORTERS)]
TRADE_NAMES = tuple(r.name for r in TRADE_REPORTERS)


# The tables' slots in a `Metrics`' __dict__ (`_Table`).
TABLES = ("_town", "_trades", "_flows", "_sectors", "__window")


class PendingRows(Protocol):
    """A month's rows of many towns, made when read (`batch_metrics.MonthTables`)."""

    def write(self, r: int, table: str, rows: list) -> None:
        """Append town r's rows of `table` (a `Metrics` slot: "_town", "_trades", "_flows",
        "_sectors", or "__window", its maturities and defaults) to `rows`."""


class _Table:
    """A table of `Metrics` (`town`, `trades`, `flows`, `sectors`, the arrears window): a plain
    list of rows. A batch keeps its month's tables as arrays over towns
    (`batch_metrics.MonthTables`), and a town's rows of those months are made into dicts here,
    in order, when that table is read (the others wait until they are)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, m: Metrics | None, owner: type | None = None) -> Any:
        if m is None:
            return self
        if m._pending[self.slot]:
            m._write_pending(self.slot)
        return m.__dict__[self.slot]

    def __set__(self, m: Metrics, rows: list) -> None:
        if m._pending[self.slot]:  # (into the list replaced: a new list starts from here)
            m._write_pending(self.slot)
        m.__dict__[self.slot] = rows


class Metrics:
    """Rows appended once a month: `town` (one dict per month) and `trades` (one per month and
    trade), one column per reporter above. Plain Python numbers, so they go straight to CSV,
    JSON and charts. Each table reads as a plain list; a town of a batch gets its months' rows
    when a table is first read (`add_pending`: a batch keeps its month's tables as arrays over
    its towns, and a run nobody reads until it ends makes no dict in between)."""

    # The tables, lists of rows (a batch's months not yet read are written in first).
    town = _Table()
    trades = _Table()
    # The town's books, one entry a month: yuan per named flow (rules/books.FLOWS), and
    # each sector's cash at the end of the month (households: the sum of their cash).
    flows = _Table()
    sectors = _Table()
    # The last 12 months' maturities and defaults per trade: (matured, defaulted) arrays.
    _window = _Table()

    def __init__(self, trade_keys: list[str]) -> None:
        self.trade_keys = trade_keys
        # A batch's months whose rows are not made yet, per table: (its month's tables, this
        # town's index).
        self._pending: dict[str, list[tuple[PendingRows, int]]] = {t: [] for t in TABLES}
        self.town, self.trades, self.flows, self.sectors = [], [], [], []
        self._window = []

    def add_pending(self, month: PendingRows, r: int) -> None:
        """A batch's month (`batch_metrics.MonthTables`), this town's rows made when read."""
        for waiting in self._pending.values():
            waiting.append((month, r))

    def has_pending(self) -> bool:
        return any(self._pending.values())

    def _write_pending(self, table: str) -> None:
        waiting, self._pending[table] = self._pending[table], []
        rows = self.__dict__[table]
        for month, r in waiting:
            month.write(r, table, rows)

    def __getstate__(self) -> dict:
        """Pickled (a save, a copy) with its rows made: not the batch's month of every town."""
        for table, waiting in self._pending.items():
            if waiting:
                self._write_pending(table)
        return {k: v for k, v in self.__dict__.items() if k != "_window_sums"}

    def collect(self, p: Params, st: TownState, ctx: MonthContext | None, month: int) -> None:
        sums = self.push_window(st, ctx)
        self.add_rows(MonthFrame(p, st, ctx, self._window, sums), month)

    def push_window(self, st: TownState, ctx: MonthContext | None) -> np.ndarray:
        """The month's maturities and defaults per trade into the 12-month arrears window.
        Returns the window's sums, (matured, defaulted) per trade: kept from month to month
        (the month pushed in added, the month dropped taken off: whole counts, exact) while
        the window is the list this left with the same last month in it (a batch's months
        are appended to the same list when read), else summed afresh."""
        window = self._window
        if ctx is not None:
            month = (ctx.matured.copy(), ctx.defaults.copy())
        else:
            zeros = np.zeros(st.n_trades, "i4")
            month = (zeros, zeros.copy())
        kept = self.__dict__.get("_window_sums")
        if kept is not None and kept[0] is window and window and kept[1] is window[-1]:
            sums = kept[2] + month
            if len(window) == 12:
                sums -= window[0]
        else:
            sums = np.array([*window[-11:], month]).sum(axis=0)
        window.append(month)
        self._window = window = window[-12:]
        self.__dict__["_window_sums"] = (window, month, sums)
        return sums

    def add_rows(self, f: MonthFrame, month: int, households_cash: float | None = None) -> None:
        """The month's rows from its frame (`households_cash`: the sum of the cash column, when
        the caller has it)."""
        # Whole columns at once (tolist), then one dict per trade: a month's rows in ~50 us.
        self.add_trade_rows(month, [r.value(f) for r in TRADE_REPORTERS])
        self.add_town_rows(f, month, households_cash)

    def add_trade_rows(self, month: int, columns: list[list]) -> None:
        """The month's trade rows from each trade reporter's values (one per trade)."""
        keys = self.trade_keys
        self.trades.extend(
            dict(zip(TRADE_COLUMNS, v, strict=True))
            for v in zip([month] * len(keys), keys, *columns, strict=True)
        )

    def add_town_rows(self, f: MonthFrame, month: int, households_cash: float | None) -> None:
        """The month's town row, flows and sector stocks."""
        st, ctx = f.st, f.ctx
        town = {"month": month}
        known = f.__dict__.get("known")  # a batch's values, worked out for all towns at once
        if known:
            for r in TOWN_REPORTERS:
                town[r.name] = known[r.name] if r.name in known else r.value(f)
        else:  # (a lone town: every value from its reporter)
            for name, value in _TOWN_VALUES:
                town[name] = value(f)
        self.town.append(town)
        cash = float(st.cash.sum()) if households_cash is None else households_cash
        flows = ctx.flows if ctx else {}
        sectors = st.sector_cash
        # (every flow and stock rounded in one `rounded` call: Python's round, bit for bit)
        values = rounded(np.array([*flows.values(), cash, *sectors.values()], "f8"), 4)
        cut = len(flows)
        self.flows.append(dict(zip(flows, values[:cut], strict=True)))
        self.sectors.append(dict(zip(("households", *sectors), values[cut:], strict=True)))

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


def rounded(a: np.ndarray, digits: int) -> list[float]:
    """`[round(x, digits) for x in a.tolist()]`, bit for bit, in a few numpy calls: Python
    rounds the exact value of x to `digits` decimals and takes the nearest double; so does
    rint(x * 10**digits) / 10**digits whenever the product's rounding cannot move it across a
    half (then rint finds the same whole number, and the division is correctly rounded). The
    few values within a rounding step of a half (and huge or non-finite ones) go to `round`."""
    x = np.asarray(a, "f8").ravel()
    scale = 10.0**digits
    y = x * scale
    with np.errstate(invalid="ignore"):
        unsure = ~(np.abs(y) < 2.0**50) | (
            np.abs(np.abs(y - np.floor(y)) - 0.5) <= 4.0 * np.spacing(np.abs(y))
        )
    out = (np.rint(y) / scale).tolist()
    if unsure.any():
        values = x.tolist()
        for i in np.flatnonzero(unsure).tolist():
            out[i] = round(values[i], digits)
    return out


def _nums(a: np.ndarray) -> list[float | None]:
    return [None if x != x else x for x in a.round(4).tolist()]  # NaN -> None


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
    return None if x != x else round(x, 4)  # (NaN: a float test, not numpy's scalar call)
