"""The town as columns: one numpy array per household attribute (architecture.md, practice 7).

A household with a business *is* a seller: its `trade` is >= 0 and its status SELF_EMPLOYED.
Arrays are small dtypes so 200,000 households fit well under 1 KB each.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np


class Status(IntEnum):
    SOE_WORKER = 0
    LAID_OFF = 1
    JOB_SEARCH = 2
    RETRAINING = 3
    MIGRATED = 4
    RETIRED = 5
    WAGE_JOB = 6
    SELF_EMPLOYED = 7
    DAY_LABOUR = 8
    # numpy asks an int subclass for __array_ufunc__; without this the lookup falls through to
    # Enum's slow class __getattr__ (Python 3.11), and `column == Status.X` costs 4x a plain int.
    __array_ufunc__ = np.ndarray.__array_ufunc__


# The sectors money moves between (issue: closed books). Households hold their cash in the
# `cash` column; the outside world is not counted; the others are town scalars.
SECTORS = ("households", "bank", "fund", "lenders", "state", "outside")
SECTOR_STOCKS = ("bank", "fund", "lenders", "state")
LOAN_BOOKS = ("disbursed", "repaid", "guarantors", "fund", "cooperative", "bank_losses")
STATUS_NAMES = [s.name.lower() for s in Status]


class Cert(IntEnum):
    """Proof of laid-off status, needed for the subsidised loan (docs/evidence.md#claim-4)."""

    NONE = 0
    PENDING = 1
    GRANTED = 2
    REFUSED = 3
    __array_ufunc__ = np.ndarray.__array_ufunc__  # as in Status: compares with arrays quickly


# Per-household columns: name -> dtype. Order is the save format's order.
HOUSEHOLD_COLUMNS: dict[str, str] = {
    "age": "f4",
    "female": "?",
    "education": "i1",  # 0 primary, 1 middle school, 2 high school or more
    "dependants": "i1",
    "children_in_school": "i1",
    "former_wage": "f4",  # yuan/month before the layoff
    "years_in_plant": "i1",
    "has_migrant_member": "?",  # someone working elsewhere who sends money home
    "spouse_income": "f4",  # yuan/month the spouse earns (0: none)
    "surname": "i2",  # index into names.SURNAMES
    "given_name": "i2",  # index into names.GIVEN
    "former_job": "i1",  # index into names.FORMER_JOBS
    "laid_off_month": "i2",  # -1: never laid off
    "status": "i1",
    "status_months": "i2",
    "ui_months_left": "i2",  # unemployment insurance months still to come
    "retrain_months_left": "i1",
    "retrained": "?",
    "cash": "f8",
    "income_last": "f4",  # last month's household income (drives spending)
    "informal_debt": "f8",
    "health": "f4",  # 1 well, lower after untreated illness or going without
    "hardship": "f4",  # share of this month's living costs the household went without
    "on_dibao": "?",  # received the minimum living guarantee this month
    "dibao_applied": "i1",  # 0 never eligible yet, 1 applies when eligible, 2 does not (take-up)
    "public_job": "?",  # the wage job is the state's public-jobs scheme (what-if)
    "wage_arrears_left": "i1",  # months a migrant's city employer still withholds pay
    "sick": "?",  # fell ill this month
    "trust": "f4",  # standing with neighbours: guarantors weigh it
    "times_called": "i1",  # times this household was called as a guarantor
    "blacklisted": "?",
    "cert": "i1",
    "cert_ready_month": "i2",
    "plans_business": "?",  # wants to open a business as soon as finance allows
    "planned_trade": "i1",
    # the business (a seller)
    "trade": "i1",
    "lot": "i2",
    "price": "f4",
    "hours": "f4",
    "months_open": "i2",
    "appeal": "f4",  # loyalty/quality in the logit (log-odds units)
    "capital": "f4",  # equipment and stock (yuan), sold at salvage on closing
    "usual_revenue": "f4",  # what the seller has come to expect to sell (Howitt & Clower)
    "sales_units": "f4",
    "revenue": "f4",
    "profit": "f4",
    "capacity_bound": "?",
    "below_outside_months": "i1",
    "profit_avg": "f4",  # profit smoothed over about three months (viability at a loan's maturity)
    "expected_profit": "f4",  # what the owner expected the business to make when it opened
    "in_agreement": "?",
    "businesses_opened": "i1",
    # the loan
    "loan_principal": "f8",
    "loan_due_month": "i2",
    "loan_extended": "?",
    "loan_renewals": "i1",  # times this loan was repaid and borrowed again
    "guarantor": "i4",
    "loan_trade": "i1",  # the trade the loan paid for (metrics after a closing)
    "in_arrears": "?",
    # the player's standing choices (AI households keep the defaults)
    "is_player": "?",
    "pay_school_fees": "?",
    "see_doctor": "?",
}


@dataclass
class TownState:
    """Everything that changes during a run. Arrays are per household; scalars are the town's."""

    n: int
    n_trades: int
    n_lots: int
    month: int = 0
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    skill: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), "f4"))  # households x trades
    # per trade
    agreement_active: np.ndarray = field(default_factory=lambda: np.zeros(0, "?"))
    agreement_floor: np.ndarray = field(default_factory=lambda: np.zeros(0, "f4"))
    agreement_cooldown: np.ndarray = field(default_factory=lambda: np.zeros(0, "i2"))
    observed_profit: np.ndarray = field(
        default_factory=lambda: np.zeros(0, "f4")
    )  # lagged, what neighbours see
    going_price: np.ndarray = field(default_factory=lambda: np.zeros(0, "f4"))
    pool_last: np.ndarray = field(default_factory=lambda: np.zeros(0, "f4"))
    # the logit weight on log price, derived at the start so the going price is a best response
    price_sensitivity: np.ndarray = field(default_factory=lambda: np.zeros(0, "f4"))
    # per lot: which trade stood there last (for "for rent" signs); -1 never used
    lot_last_trade: np.ndarray = field(default_factory=lambda: np.zeros(0, "i1"))
    # the town's scalars
    soe_workers_at_start: int = 0
    wage_jobs_at_start: int = 0  # private wage jobs before the layoffs (the vacancy base)
    spending_at_start: float = 0.0  # the town's spending in its trades before the layoffs
    day_labour_days_at_start: float = 0.0  # days of casual work on offer in a normal month
    lending_suspended: bool = False
    suspended_since: int = -1
    fund_paid_this_year: float = 0.0
    # Cash of every sector but households (whose cash is the `cash` column) and the outside
    # world (not counted): bank, fund (the guarantee fund), lenders (informal), state.
    sector_cash: MutableMapping[str, float] = field(default_factory=dict)
    # The subsidised loans' books, cumulative yuan: disbursed = repaid + guarantors + fund +
    # cooperative + bank_losses + outstanding, every month.
    loan_books: dict[str, float] = field(default_factory=dict)
    informal_written_off: float = 0.0  # what informal lenders gave up on, cumulative yuan
    loans_matured: int = 0
    loans_defaulted: int = 0
    matured_window: list[tuple[int, int]] = field(
        default_factory=list
    )  # (matured, defaulted) per month

    def __getattr__(self, name: str) -> np.ndarray:
        # columns read like attributes: state.cash, state.status ...
        cols = self.__dict__.get("columns")
        if cols is not None and name in cols:
            return cols[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value) -> None:
        cols = self.__dict__.get("columns")
        if cols is not None and name in cols:
            cols[name][...] = value
        else:
            object.__setattr__(self, name, value)

    def _expose_columns(self) -> None:
        # Plain attribute reads (state.cash) then skip __getattr__; writes still go through
        # __setattr__, which fills the same arrays in place.
        self.__dict__.update(self.columns)

    @classmethod
    def empty(cls, n: int, n_trades: int, n_lots: int) -> TownState:
        st = cls(n=n, n_trades=n_trades, n_lots=n_lots)
        st.columns = {name: np.zeros(n, dtype) for name, dtype in HOUSEHOLD_COLUMNS.items()}
        st._expose_columns()
        st.skill = np.zeros((n, n_trades), "f4")
        st.agreement_active = np.zeros(n_trades, "?")
        st.agreement_floor = np.zeros(n_trades, "f4")
        st.agreement_cooldown = np.zeros(n_trades, "i2")
        st.observed_profit = np.zeros(n_trades, "f4")
        st.going_price = np.zeros(n_trades, "f4")
        st.pool_last = np.zeros(n_trades, "f4")
        st.price_sensitivity = np.ones(n_trades, "f4")
        st.sector_cash = {name: 0.0 for name in SECTOR_STOCKS}
        st.loan_books = {name: 0.0 for name in LOAN_BOOKS}
        st.lot_last_trade = np.full(n_lots, -1, "i1")
        return st

    # --- save / load: plain lists so the save is JSON and human-readable -------------
    _TRADE_ARRAYS = (
        "agreement_active",
        "agreement_floor",
        "agreement_cooldown",
        "observed_profit",
        "going_price",
        "pool_last",
        "lot_last_trade",
        "price_sensitivity",
    )
    _SCALARS = (
        "n",
        "n_trades",
        "n_lots",
        "month",
        "soe_workers_at_start",
        "wage_jobs_at_start",
        "spending_at_start",
        "day_labour_days_at_start",
        "lending_suspended",
        "suspended_since",
        "fund_paid_this_year",
        "informal_written_off",
        "loans_matured",
        "loans_defaulted",
    )

    def to_dict(self) -> dict:
        out: dict = {k: getattr(self, k) for k in self._SCALARS}
        out["lending_suspended"] = bool(self.lending_suspended)
        out["matured_window"] = [list(x) for x in self.matured_window]
        out["sector_cash"] = dict(self.sector_cash)
        out["loan_books"] = dict(self.loan_books)
        out["columns"] = {k: _array_out(v) for k, v in self.columns.items()}
        out["skill"] = _array_out(self.skill)
        for k in self._TRADE_ARRAYS:
            out[k] = _array_out(getattr(self, k))
        return out

    @classmethod
    def from_dict(cls, d: dict) -> TownState:
        st = cls.empty(int(d["n"]), int(d["n_trades"]), int(d["n_lots"]))
        for k in cls._SCALARS:
            object.__setattr__(st, k, type(getattr(st, k))(d[k]))
        st.matured_window = [tuple(x) for x in d["matured_window"]]
        st.sector_cash = {k: float(d["sector_cash"][k]) for k in SECTOR_STOCKS}
        st.loan_books = {k: float(d["loan_books"][k]) for k in LOAN_BOOKS}
        for k, dtype in HOUSEHOLD_COLUMNS.items():
            st.columns[k] = _array_in(d["columns"][k], dtype, (st.n,))
        st._expose_columns()
        st.skill = _array_in(d["skill"], "f4", (st.n, st.n_trades))
        for k in cls._TRADE_ARRAYS:
            ref = getattr(st, k)
            object.__setattr__(st, k, _array_in(d[k], ref.dtype.str, ref.shape))
        return st

    def nbytes(self) -> int:
        total = sum(a.nbytes for a in self.columns.values()) + self.skill.nbytes
        return total + sum(getattr(self, k).nbytes for k in self._TRADE_ARRAYS)


def _array_out(a: np.ndarray) -> dict:
    # Floats go out as hex-exact bytes so a save continues bit-identically.
    return {"dtype": a.dtype.str, "shape": list(a.shape), "hex": a.tobytes().hex()}


def _array_in(d: dict, dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    a = np.frombuffer(bytes.fromhex(d["hex"]), dtype=np.dtype(d["dtype"])).copy()
    if a.size != int(np.prod(shape)):
        raise ValueError(f"array of {a.size} values where {shape} was expected")
    return a.reshape(shape).astype(dtype, copy=False)
