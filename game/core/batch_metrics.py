"""The month's tables of a batch of towns (game/core/batch.py), every column worked out for all
towns at once: each town gets the rows `Metrics.collect` gives it alone, value for value and
key for key (counts and row sums add in each town's order, medians are the same sorted
middles, Python's own `round` makes the rounded values), with no `MonthFrame` per town.
`tests/core/test_batch_books.py` compares the tables, as JSON text, with lone runs'."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np

from game.core.metrics import (
    TOWN_COLUMNS,
    TOWN_REPORTERS,
    TRADE_COLUMNS,
    TRADE_REPORTERS,
    MonthFrame,
    _median,
    _num,
    grouped_medians_of,
    rounded,
)
from game.core.params import Params
from game.core.rules.batched import segment_sums, split_at, stacked
from game.core.rules.books import FLOW_INDEX, FLOW_NAMES, Books
from game.core.rules.codes import S
from game.core.rules.context import trade_column
from game.core.rules.finance import arrears_rate
from game.core.state import Status


def stack(arrays: list[np.ndarray], size: int) -> np.ndarray | None:
    """The towns' arrays as rows of one (runs, size) array, or None if one has another size
    (the row sums are then each town's own sum)."""
    if any(a.shape != (size,) for a in arrays):
        return None
    return stacked(arrays)


def row_sums(arrays: list[np.ndarray], size: int) -> list[float]:
    """Each array's sum, as `a.sum()` gives it (rows of one array sum the same way)."""
    rows = stack(arrays, size)
    if rows is None:
        return [float(a.sum()) for a in arrays]
    return rows.sum(axis=1).tolist()


def yuan(values) -> list[float]:
    """`_yuan` of each value (a sum in yuan to the fen)."""
    return rounded(np.asarray(values, "f8"), 2)


def nums(values) -> list[float | None]:
    """`_num` of each value (None for NaN)."""
    return [None if x != x else x for x in rounded(np.asarray(values, "f8"), 4)]


def month_rows(
    p: Params,
    towns: list,
    columns: dict[str, np.ndarray],
    window: np.ndarray,
    books: Books,
    households_cash: np.ndarray,
    month: int,
    per_trade: dict[str, np.ndarray],
    arrears: list[float] | None = None,
) -> list[LastFlows]:
    """Every town's rows of the month (trades, town, flows and sector stocks), kept as one
    `MonthTables` for all towns that each town's `Metrics` reads when read; returns each
    town's flows of the month as the dict it reads as (`Engine.last_flows`). `window`: the
    towns' 12-month windows of maturities and defaults, (runs, months, 2, trades), this
    month's last; `households_cash`: each town's cash sum; `per_trade`: `per_trade_counts`;
    `arrears`: each town's arrears rate after the month's loans (`town_columns`)."""
    runs = len(towns)
    st0 = towns[0].state
    n, k = st0.n, st0.n_trades
    run = np.repeat(np.arange(runs), n)
    status = columns["status"]
    ctxs = [e.ctx for e in towns]
    pools = stacked([c.pools if c.pools.size else np.zeros(k) for c in ctxs])
    active = stacked([e.state.agreement_active for e in towns])

    # --- the trade rows' arrays (fresh arrays, read when the rows are made)
    j = np.flatnonzero(status == S.SELF_EMPLOYED)
    t = columns["trade"][j].astype("i8")
    g = run[j] * k + t
    unit = trade_column(p, "unit_cost_yuan")
    price = columns["price"][j].astype("f8")
    margin = (price - unit[t]) / price
    f = MonthFrame.__new__(MonthFrame)
    f.sellers = np.bincount(g, minlength=runs * k)
    f.trade_profit = np.bincount(g, weights=columns["profit"][j], minlength=runs * k)
    f.revenue = np.bincount(g, weights=columns["revenue"][j], minlength=runs * k)
    m_sum, d_sum = window[:, :, 0].sum(axis=1), window[:, :, 1].sum(axis=1)
    f.trade_arrears = np.where(m_sum > 0, d_sum / np.maximum(m_sum, 1), 0.0).ravel()
    f.matured, f.defaults = per_trade["matured"].ravel(), per_trade["defaults"].ravel()
    f.pools = pools.ravel()
    f.ctx = _Flat({k: v.ravel() for k, v in per_trade.items()})  # type: ignore[assignment]
    f.st = _Flat({"agreement_active": active.ravel()})  # type: ignore[assignment]
    f.zero = [0] * (k * runs)
    medians = ([price, margin, columns["profit"][j].astype("f8")], g)

    # --- the town rows' values (the state's columns change next month: read now)
    town = town_columns(towns, columns, per_trade, pools, active, n, k, arrears)
    order = [town[r.name] for r in TOWN_REPORTERS]
    stocks = np.concatenate([households_cash[:, None], books.stocks], axis=1)
    tables = MonthTables(
        month, towns[0].metrics.trade_keys, f, medians, order, _books_now(books), stocks
    )
    tables.window = per_trade["matured"], per_trade["defaults"]
    for r, e in enumerate(towns):
        e.metrics.add_pending(tables, r)
    return [LastFlows(tables, r) for r in range(runs)]


def per_trade_counts(towns: list) -> dict[str, np.ndarray]:
    """The month's counts per trade of every town (entries, defaults...), (runs, trades) each:
    copies, which the town's tables and arrears window keep."""
    ctxs = [e.ctx for e in towns]
    return {name: stacked([getattr(c, name) for c in ctxs]) for name in PER_TRADE}


PER_TRADE = ("matured", "defaults", "entries", "subsidised_entries", "exits", "guarantor_calls")


def _books_now(books: Books) -> Books:
    """The month's flows of the books as they stand (the books start the next month over)."""
    now = Books.__new__(Books)
    now.__dict__.update(books.__dict__)
    now.flows, now.first = books.flows.copy(), books.first.copy()
    return now


class MonthTables:
    """One month's tables of a batch's towns, as arrays and columns over towns: what
    `Metrics` appends to each town's tables, made into rows (dicts, the same as a town alone
    makes) when a town's tables are read, then every town's rows of the month at once (a
    reader reads a town's months, then the next town's). Nothing here is read before: a
    batch without players steps its months without making a row."""

    def __init__(
        self,
        month: int,
        keys: list[str],
        frame: MonthFrame,
        medians: tuple[list[np.ndarray], np.ndarray],
        town: list,
        books: Books,
        stocks: np.ndarray,
    ) -> None:
        self.month, self.keys, self.k = month, keys, len(keys)
        self.frame, self.medians, self.town, self.books = frame, medians, town, books
        self.stocks = stocks
        # each town's maturities and defaults of the month: rows of (runs, trades) arrays
        self.window: tuple[np.ndarray, np.ndarray] = (np.zeros((0, 0)), np.zeros((0, 0)))
        self.made: dict[str, list] = {}
        self.made_columns: dict[str, list] = {}

    def rows(self, table: str) -> list:
        """Every town's rows of `table` ("trades", "town", "flows", "sectors", "last_flows")."""
        rows = self.made.get(table)
        if rows is None:
            rows = self.made[table] = getattr(self, "_" + table)()
        return rows

    def write(self, r: int, table: str, rows: list) -> None:
        """Town r's rows of `table` (its `Metrics` slot name) appended to `rows`."""
        if table == "_trades":
            k = self.k
            rows.extend(self.rows("trades")[r * k : (r + 1) * k])
        elif table == "__window":
            rows.append((self.window[0][r], self.window[1][r]))
            if len(rows) > 12:
                del rows[:-12]
        else:
            rows.append(self.rows(table[1:])[r])

    # --- the month's columns: what the rows hold, column by column over every town (a writer
    # that reads columns, `simulate`'s CSV, takes these and makes no row)
    def columns(self, table: str) -> list:
        """The values of `table`'s columns ("trades": each `TRADE_REPORTERS` column, runs x
        trades values, town by town; "town": each `TOWN_REPORTERS` column, one value per
        town), made once: the same values the rows hold."""
        made = self.made_columns.get(table)
        if made is None:
            made = self.made_columns[table] = getattr(self, "_" + table + "_columns")()
        return made

    def _trades_columns(self) -> list[list]:
        f, (values, g) = self.frame, self.medians
        groups = f.sellers.size
        f.median_price, f.median_margin, f.median_profit = grouped_medians_of(values, g, groups)
        return [r.value(f) for r in TRADE_REPORTERS]

    def _town_columns(self) -> list[list]:
        return [self.town_column(i) for i in range(len(self.town))]

    def town_column(self, i: int) -> list:
        """The values of the town table's column `i` (of `TOWN_REPORTERS`), one per town, made
        once (a reader of a few series makes only those: `town_series`)."""
        v = self.town[i]
        if v.__class__ is partial:
            v = self.town[i] = v()
        return v

    def flow_values(self) -> tuple[np.ndarray, list[float]]:
        """Every town's flows of the month: which are booked (runs, FLOWS) and every value as
        the flows rows round it (flat, town by town)."""
        return self.books.first >= 0, rounded(self.books.flows, 4)

    def sector_values(self) -> tuple[tuple[str, ...], list[float]]:
        """The sectors' names (households first) and every town's stocks as the rows round
        them (flat, town by town)."""
        return ("households", *self.books.sectors), rounded(self.stocks, 4)

    # --- the rows
    def _trades(self) -> list[dict]:
        columns = self.columns("trades")
        groups = self.frame.sellers.size
        keys = self.keys * (groups // self.k)
        if any(len(c) != groups for c in columns):
            raise ValueError("a trade column without a value for every town and trade")
        return list(map(_TRADE_ROW, [self.month] * groups, keys, *columns))

    def _town(self) -> list[dict]:
        columns = self.columns("town")
        runs = len(columns[0])
        if any(len(c) != runs for c in columns):
            raise ValueError("a town column without a value for every town")
        return list(map(_TOWN_ROW, [self.month] * runs, *columns))

    def _flows(self) -> list[dict[str, float]]:
        return self.books.flow_dicts_of([rounded(self.books.flows, 4)])[0]

    def _last_flows(self) -> list[dict[str, float]]:
        return self.books.flow_dicts_of([self.books.flows.ravel().tolist()])[0]

    def _sectors(self) -> list[dict[str, float]]:
        sectors, stocks = self.sector_values()
        width = len(sectors)
        return [
            dict(zip(sectors, stocks[r * width : (r + 1) * width], strict=True))
            for r in range(self.stocks.shape[0])
        ]


_TOWN_COLUMN = {r.name: i for i, r in enumerate(TOWN_REPORTERS)}
_TRADE_COLUMN = {r.name: i for i, r in enumerate(TRADE_REPORTERS)}


def pending_series(
    metrics, town_names: Sequence[str], trade_names: Sequence[str]
) -> tuple[list[int], dict[str, list], dict[str, dict[str, list]]] | None:
    """A town's months, its town table's series `town_names` and each trade's series
    `trade_names` (what `curves.town_curves` reads off the rows: `row.get(name)` month by
    month), read from the rows the town holds, then from its batch's months still pending
    without making their rows (the debrief's outcomes read 8 of the 48 series). None when a
    pending month is not a batch's, or the two tables hold different months (then read the
    rows)."""
    pending = metrics._pending
    town_waiting, trade_waiting = pending["_town"], pending["_trades"]
    if not all(t.__class__ is MonthTables for t, _ in town_waiting + trade_waiting):
        return None
    held = metrics.__dict__["_town"]
    months = [int(row["month"]) for row in held] + [t.month for t, _ in town_waiting]
    town = {}
    for name in town_names:
        values = [row.get(name) for row in held]
        i = _TOWN_COLUMN.get(name)
        if i is None:
            values += [None] * len(town_waiting)
        else:
            values += [t.town_column(i)[r] for t, r in town_waiting]
        town[name] = values
    keys = metrics.trade_keys
    trades: dict[str, dict[str, list]] = {key: {n: [] for n in trade_names} for key in keys}
    for row in metrics.__dict__["_trades"]:
        series = trades[row["trade"]]
        for name in trade_names:
            series[name].append(row.get(name))
    k = len(keys)
    for t, r in trade_waiting:
        if t.keys != keys:
            return None
        columns = t.columns("trades")
        for name in trade_names:
            i = _TRADE_COLUMN.get(name)
            values = [None] * k if i is None else columns[i][r * k : (r + 1) * k]
            for key, v in zip(keys, values, strict=True):
                trades[key][name].append(v)
    return months, town, trades


class TradeRow(Mapping):
    """Trade `t`'s row of town `r` in a batch's month, read from the month's columns (the
    values its dict holds) without making the month's rows (a player's report reads four
    values of its own trade's row each month)."""

    __slots__ = ("at", "tables")

    def __init__(self, tables: MonthTables, at: int) -> None:
        self.tables, self.at = tables, at

    def __getitem__(self, name: str) -> Any:
        i = _TRADE_COLUMN.get(name)
        if i is not None:
            return self.tables.columns("trades")[i][self.at]
        if name == "month":
            return self.tables.month
        if name == "trade":
            return self.tables.keys[self.at % self.tables.k]
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(TRADE_COLUMNS)

    def __len__(self) -> int:
        return len(TRADE_COLUMNS)


def last_trade_rows(metrics, k: int) -> list:
    """A town's trade rows of the month just closed (`metrics.trades[-k:]`): read from its
    batch's columns while that month is pending (`TradeRow`), else its rows."""
    waiting = metrics._pending["_trades"]
    if waiting and waiting[-1][0].__class__ is MonthTables and waiting[-1][0].k == k:
        tables, r = waiting[-1]
        return [TradeRow(tables, r * k + t) for t in range(k)]
    return metrics.trades[-k:]


def row_maker(keys: Sequence[str]):
    """A function of one value per key giving the row `dict(zip(keys, values))`, key order
    included: a dict display made once (a month of a hundred towns makes ~1,500 trade rows
    when read; building each from a zip costs about half as much again)."""
    names = [f"v{i}" for i in range(len(keys))]
    pairs = ", ".join(f"{key!r}: {name}" for key, name in zip(keys, names, strict=True))
    if len(set(keys)) != len(keys) or not all(isinstance(k, str) for k in keys):
        raise ValueError("a row's keys are distinct strings")
    return eval(f"lambda {', '.join(names)}: {{{pairs}}}")  # noqa: S307 (our own names)


_TRADE_ROW = row_maker(TRADE_COLUMNS)
_TOWN_ROW = row_maker(TOWN_COLUMNS)


class LastFlows(Mapping):
    """A town's flows of the month, read as the dict a town alone keeps (`Engine.last_flows`),
    made from its batch's `MonthTables` when first read; pickled as that dict."""

    __slots__ = ("r", "tables")

    def __init__(self, tables: MonthTables, r: int) -> None:
        self.tables, self.r = tables, r

    def _dict(self) -> dict[str, float]:
        return self.tables.rows("last_flows")[self.r]

    def __getitem__(self, name: str) -> float:
        return self._dict()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._dict())

    def __repr__(self) -> str:
        return repr(self._dict())

    def __reduce__(self):
        return dict, (dict(self._dict()),)


class _Flat:
    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.__dict__.update(arrays)


def town_columns(towns: list, columns: dict, per_trade: dict, pools: np.ndarray,
                 active: np.ndarray, n: int, k: int,
                 arrears: list[float] | None = None) -> dict[str, Any]:  # fmt: skip
    """Each town reporter's value for every town (TOWN_REPORTERS, by name): a list, or what
    makes it (`partial`) when that reads only this month's own arrays (made when the rows are:
    `MonthTables`). What the state or a town's books hold is read now. `arrears`: each town's
    `finance.arrears_rate` as the month's loans left it, when the caller has them."""
    runs = len(towns)
    shape = (runs, n)
    states = [e.state for e in towns]
    ctxs = [e.ctx for e in towns]
    kinds = len(Status)
    run = np.repeat(np.arange(runs), n)
    by_status = np.bincount(run * kinds + columns["status"], minlength=runs * kinds)
    by_status = by_status.reshape(runs, kinds)

    def count(*kinds_: Status) -> partial[list[int]]:
        return partial(_counts, by_status, list(kinds_))

    # the worker's own income against the wage lost (MonthFrame.income_ratio), every town
    # (the ratios now, their medians and means with the rows: the month's household-sized
    # arrays are not kept past it)
    laid = columns["laid_off_month"] >= 0
    income = np.concatenate([c.income for c in ctxs])
    others = np.concatenate([c.pool_sources["others_income"] for c in ctxs])
    ratio = (income - others)[laid] / np.maximum(columns["former_wage"][laid], 1.0)
    laid_2d = laid.reshape(shape)
    ratios = _Once(partial(_ratio_columns, ratio, laid_2d, laid_2d.sum(axis=1)))
    # the sellers in an agreement of their trade, counted per town from the sellers' rows
    j = np.flatnonzero(columns["status"] == S.SELF_EMPLOYED)
    run_j = run[j]
    sellers = np.bincount(run_j, minlength=runs)
    trade_j = np.maximum(columns["trade"][j].astype("i8"), 0)
    in_it = columns["in_agreement"][j] & active.ravel()[run_j * k + trade_j]
    members = np.bincount(run_j[in_it], minlength=runs)
    loan = columns["loan_principal"].reshape(shape)
    books = [st.loan_books for st in states]
    none = np.full(2, np.nan)  # (no day labour booked: the reporters' NaNs, made once)
    days = [c.pool_sources.get("day_labour", none) for c in ctxs]
    spend = [c.pool_sources.get("spend_total", np.zeros(1)) for c in ctxs]
    remit = [c.pool_sources.get("remittances", np.zeros(1)) for c in ctxs]
    out: dict[str, Any] = {
        "households": [st.n for st in states],
        "laid_off": count(Status.LAID_OFF, Status.JOB_SEARCH, Status.RETRAINING),
        # each town's own median (a partition per town beats one sort of every town's values)
        "median_income_vs_former_wage": partial(ratios.part, 0),
        "mean_income_vs_former_wage": partial(ratios.part, 1),
        "lending_suspended": [bool(st.lending_suspended) for st in states],
        "agreement_share": partial(_shares, members, sellers),
        "arrears_rate": (
            [round(arrears_rate(st), 4) for st in states]
            if arrears is None
            else rounded(np.array(arrears, "f8"), 4)
        ),
        "defaults": partial(_town_sums, per_trade["defaults"]),
        "loans_matured": partial(_town_sums, per_trade["matured"]),
        "guarantor_calls": partial(_town_sums, per_trade["guarantor_calls"]),
        "entries": partial(_town_sums, per_trade["entries"]),
        "exits": partial(_town_sums, per_trade["exits"]),
        "loans_outstanding": (loan > 0).sum(axis=1).tolist(),
        "mean_consumption": partial(_means, spend, n, [st.n for st in states]),
        "local_spending": partial(_yuan_sums, pools),
        "remittances": partial(yuan, row_sums(remit, n)),
        "informal_debt": yuan(columns["informal_debt"].reshape(shape).sum(axis=1)),
        "bank_losses": partial(yuan, [b["bank_losses"] for b in books]),
        "fund_paid": partial(yuan, [c.fund_paid for c in ctxs]),
        "went_without": (columns["hardship"].reshape(shape) > 0.01).sum(axis=1).tolist(),
        "on_minimum_living_guarantee": columns["on_dibao"].reshape(shape).sum(axis=1).tolist(),
        "informal_written_off": partial(yuan, [c.written_off for c in ctxs]),
        "day_labour_days": partial(_terms, days, 0),
        "day_labour_wage": partial(_terms, days, 1),
        "loans_disbursed": partial(yuan, [b["disbursed"] for b in books]),
        "loans_repaid": partial(yuan, [b["repaid"] for b in books]),
        "loan_principal_outstanding": yuan(loan.sum(axis=1)),
    }
    for name in ("self_employed", "wage_job", "migrated", "retired", "day_labour", "retraining",
                 "soe_worker"):  # fmt: skip
        out[name] = count(Status[name.upper()])
    return out


# What the town rows' values are made with when the rows are (`town_columns`' partials).
class _Once:
    """A value made once, when first asked for, of which each column takes its part."""

    def __init__(self, make: partial) -> None:
        self.make: partial | None = make
        self.value: Any = None

    def part(self, i: int) -> Any:
        if self.make is not None:
            self.value, self.make = self.make(), None
        return self.value[i]


def _counts(by_status: np.ndarray, kinds: list[Status]) -> list[int]:
    return by_status[:, kinds].sum(axis=1).tolist()


def _shares(members: np.ndarray, sellers: np.ndarray) -> list[float]:
    m, s = members.tolist(), sellers.tolist()
    return [round(float(a / b), 4) if b else 0.0 for a, b in zip(m, s, strict=True)]


def _town_sums(per_trade: np.ndarray) -> list[int]:
    return per_trade.sum(axis=1).tolist()


def _means(spend: list[np.ndarray], n: int, households: list[int]) -> list[float]:
    return yuan(np.array(row_sums(spend, n)) / households)


def _yuan_sums(pools: np.ndarray) -> list[float]:
    return yuan(pools.sum(axis=1))


def _terms(days: list[np.ndarray], i: int) -> list[float | None]:
    return nums([float(d[i]) for d in days])


def _ratio_columns(ratio: np.ndarray, laid: np.ndarray, counts: np.ndarray) -> tuple[list, list]:
    """Each town's median and mean of its laid-off workers' income against the wage lost
    (`ratio`: every town's values one after another, `laid` (runs, n) says whose), as the town
    reporters give them alone. The medians from one row sort of a +inf-padded (runs, n) table
    (the same middle values as each town's partition, ~2x cheaper for a hundred towns) unless
    a NaN or a negative zero is among the values; the means from each town's own sum."""
    ends = np.cumsum(counts)
    sums = segment_sums(ratio, np.stack([ends - counts, ends], axis=1)).tolist()
    sizes = counts.tolist()
    means = [_num(t / c) if c else None for t, c in zip(sums, sizes, strict=True)]
    if np.isnan(ratio).any() or (np.signbit(ratio) & (ratio == 0)).any():
        parts = split_at(ratio, ends[:-1])
        return [_num(_median(r)) if r.size else None for r in parts], means
    table = np.full(laid.shape, np.inf)
    table[laid] = ratio
    table.sort(axis=1)
    town = np.arange(counts.size)
    k = counts // 2
    low = np.where(counts % 2, k, k - 1)  # the one middle twice when the count is odd
    middle = ((table[town, low] + table[town, np.minimum(k, laid.shape[1] - 1)]) / 2.0).tolist()
    medians = [_num(m) if c else None for m, c in zip(middle, sizes, strict=True)]
    return medians, means


# --- a batch's tables read as columns (`simulate` writes its CSV from these, with no row)


def _batch_months(towns: Sequence, slot: str, width: int) -> tuple[int, list[MonthTables]] | None:
    """(months each town holds as rows, the batch's months after them) of a `Metrics` table
    slot, when every town holds the same months alike: rows for the same months (the opening
    month; a month the towns closed one by one), then the same `MonthTables`, each with the
    town's own index. Else None (a town read or closed months on its own)."""
    first = towns[0].metrics
    rows = len(first.__dict__[slot])
    if not width or rows % width:  # (a town without trades: read its rows)
        return None
    tables = [t for t, _ in first._pending[slot]]
    if not all(t.__class__ is MonthTables for t in tables):
        return None
    for r, e in enumerate(towns):
        waiting = e.metrics._pending[slot]
        if len(e.metrics.__dict__[slot]) != rows or len(waiting) != len(tables):
            return None
        if any(t is not want or i != r for (t, i), want in zip(waiting, tables, strict=True)):
            return None
    return rows // width, tables


def table_columns(towns: Sequence, table: str) -> list[list[list]] | None:
    """Every town's `table` ("trades" or "town") read as columns, with no row made: for each
    of `TRADE_COLUMNS` / `TOWN_COLUMNS`, a list of values per month, every town's values one
    town after another (a town's trades in order): the values the towns' rows hold, in the
    same months. None when the towns' months are not alike (`_batch_months`): read the rows."""
    trades = table == "trades"
    names = TRADE_COLUMNS if trades else TOWN_COLUMNS
    width = len(towns[0].metrics.trade_keys) if trades else 1
    got = _batch_months(towns, "_" + table, width)
    if got is None:
        return None
    held, tables = got
    blocks: list[list[list]] = [[] for _ in names]
    for m in range(held):  # months the towns hold as rows (the opening month)
        rows = [
            row
            for e in towns
            for row in e.metrics.__dict__["_" + table][m * width : (m + 1) * width]
        ]
        for block, name in zip(blocks, names, strict=True):
            block.append([row.get(name) for row in rows])
    for t in tables:
        columns = t.columns(table)
        size = len(columns[0])
        lead = [[t.month] * size, t.keys * (size // t.k)] if trades else [[t.month] * size]
        for block, values in zip(blocks, [*lead, *columns], strict=True):
            block.append(values)
    return blocks


def flow_columns(towns: Sequence) -> list[tuple[np.ndarray, list[float]]] | None:
    """Every town's flows of each month, read with no dict made: (which flows each town
    booked, (runs, FLOWS); their values as the rows hold them, flat, town by town), one pair
    per month. None when the towns' months are not alike."""
    got = _batch_months(towns, "_flows", 1)
    if got is None:
        return None
    held, tables = got
    out = []
    for m in range(held):
        booked = np.zeros((len(towns), len(FLOW_NAMES)), bool)
        values = np.zeros(booked.shape)
        for r, e in enumerate(towns):
            for name, yuan in e.metrics.__dict__["_flows"][m].items():
                if not isinstance(yuan, float):
                    return None  # (a value a float array would not keep as it is)
                booked[r, FLOW_INDEX[name]] = True
                values[r, FLOW_INDEX[name]] = yuan
        out.append((booked, values.ravel().tolist()))
    out += [t.flow_values() for t in tables]
    return out


def sector_columns(towns: Sequence) -> list[tuple[tuple[str, ...], list[float]]] | None:
    """Every town's sector stocks of each month, read with no dict made: (the sectors'
    names, every town's stocks, flat, town by town), one pair per month. None when the towns'
    months are not alike."""
    got = _batch_months(towns, "_sectors", 1)
    if got is None:
        return None
    held, tables = got
    out = []
    for m in range(held):
        rows = [e.metrics.__dict__["_sectors"][m] for e in towns]
        names = tuple(rows[0])
        if any(tuple(row) != names for row in rows):
            return None
        out.append((names, [row[name] for row in rows for name in names]))
    out += [t.sector_values() for t in tables]
    return out
