"""What happened to a player's household this month, and why: the explanation the UI shows so
the player never wonders why a month went badly (peers.md, complaint 1).

Causes are codes with values; the UI translates them (`cause.<code>` in assets/i18n)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from game.core.rules.context import MonthContext
from game.core.state import Status, TownState


@dataclass
class MonthReport:
    household: int
    month: int  # the month just played (1 = the first)
    status: str
    trade: int
    sales_units: float = 0.0
    revenue: float = 0.0
    unit_costs: float = 0.0
    rent: float = 0.0
    profit: float = 0.0
    income: float = 0.0
    # The worker's own part of it: less the spouse's wage and a member's remittances (as the
    # town's income-against-wage figure counts it). None in a report saved before it was kept.
    own_income: float | None = None
    spending: float = 0.0
    health_bill: float = 0.0
    school_fees: float = 0.0
    cash: float = 0.0
    cash_start: float = 0.0  # as the month opened, before the player's commands
    cash_change: float = 0.0  # cash - cash_start: the sum of the account's lines
    informal_debt: float = 0.0
    loan_principal: float = 0.0
    loan_due_month: int = 0
    price: float = 0.0
    going_price: float = 0.0
    sellers_in_trade: int = 0
    entrants_in_trade: int = 0
    exits_in_trade: int = 0
    market_share: float = 0.0
    demand_change: float = 0.0  # this trade's spending pool against last month's, as a share
    causes: list[tuple[str, dict]] = field(default_factory=list)
    # Every line that moved the household's cash this month (line key, signed yuan), commands
    # and events included; they sum to cash_change.
    accounts: list[tuple[str, float]] = field(default_factory=list)
    hardship: float = 0.0  # share of the living costs gone without
    on_dibao: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def own_income(r: MonthReport, spouse_income: float) -> float:
    """The worker's own income that month. A report saved before it was kept gives the
    household's less the spouse's wage (a member's remittances, rarer, stay in)."""
    return r.own_income if r.own_income is not None else r.income - spouse_income


# Household notes from the rules that become causes, in the order the player should read them.
NOTE_CAUSES = [
    "laid_off",
    "defaulted",
    "guarantor_was_called",
    "called_as_guarantor",
    "seized",
    "closed_hopeless",
    "closed_business",
    "opened_business",
    "loan_disbursed",
    "certificate_granted",
    "certificate_refused",
    "guarantor_refused",
    "job_offer",
    "retraining_done",
    "ill",
    "school_fees_paid",
    "school_dropout",
    "ui_ended",
    "borrowed_informally",
    "went_without",
    "no_money_for_doctor",
    "school_unaffordable",
    "dibao",
    "injured",
    "wage_arrears",
    "came_home",
    "job_lost",
    "rent_unpaid",
    "informal_written_off",
    "loan_extended",
    "agreement_formed",
    "agreement_collapsed",
    "agreement_defected",
]


def build_report(
    h: int,
    st: TownState,
    ctx: MonthContext,
    cash_before: float,
    pools_before: np.ndarray,
    trade_rows: list[dict],
    remittance_change: float,
    noted: set[str] | None = None,
) -> MonthReport:
    """Household h's report of the month just played. `noted`: the notes that name h, when
    the caller has read them (a batch, for all its towns at once); else read here."""
    t = int(st.trade[h])
    r = MonthReport(
        household=h, month=ctx.month + 1, status=Status(st.status[h]).name.lower(), trade=t
    )
    r.cash = float(st.cash[h])
    r.cash_start = float(cash_before)
    r.cash_change = float(st.cash[h] - cash_before)
    r.accounts = sorted(
        ((k, float(v)) for k, v in ctx.lines.get(h, {}).items()), key=lambda kv: -abs(kv[1])
    )
    r.hardship = float(st.hardship[h])
    r.on_dibao = bool(st.on_dibao[h])
    r.informal_debt = float(st.informal_debt[h])
    r.loan_principal = float(st.loan_principal[h])
    r.loan_due_month = int(st.loan_due_month[h])
    r.income = float(ctx.income[h])
    rest = ctx.pool_sources.get("others_income")  # the spouse's wage, a member's remittances
    r.own_income = r.income - float(rest[h]) if rest is not None else r.income
    r.spending = float(ctx.living_costs[h]) if ctx.living_costs.size else 0.0
    r.health_bill = float(ctx.health_bills[h]) if ctx.health_bills.size else 0.0
    r.school_fees = float(ctx.school_fees[h]) if ctx.school_fees.size else 0.0
    if noted is None:
        notes = ctx.notes
        for code in NOTE_CAUSES:
            held = notes.get(code)  # (one read of a batch town's notes, not two; most are empty)
            if held is not None and held.size and h in held:
                r.causes.append((code, {}))
    else:
        r.causes.extend((code, {}) for code in NOTE_CAUSES if code in noted)
    if t >= 0:
        row = trade_rows[t]
        r.sales_units = float(st.sales_units[h])
        r.revenue = float(st.revenue[h])
        r.profit = float(st.profit[h])
        r.price = float(st.price[h])
        r.going_price = float(row["median_price"] or 0.0)
        r.sellers_in_trade = int(row["sellers"])
        r.entrants_in_trade = int(row["entries"])
        r.exits_in_trade = int(row["exits"])
        r.market_share = float(st.revenue[h] / max(ctx.pools[t], 1.0))
        before = float(pools_before[t]) if pools_before.size else 0.0
        r.demand_change = float(ctx.pools[t] / before - 1.0) if before > 0 else 0.0
        others = r.entrants_in_trade - (1 if ("opened_business", {}) in r.causes else 0)
        if others > 0:
            r.causes.append(("new_entrants", {"count": others, "sellers": r.sellers_in_trade}))
        if r.exits_in_trade > 0:
            r.causes.append(("neighbours_closed", {"count": r.exits_in_trade}))
        if abs(r.demand_change) >= 0.02:
            why = (
                "remittances"
                if abs(remittance_change) >= 0.02
                else ("layoffs" if ctx.laid_off_now else "town_income")
            )
            r.causes.append(("demand_change", {"change": r.demand_change, "why": why}))
        if r.profit < 0:
            r.causes.append(("loss", {"profit": r.profit}))
    for note in ctx.announcements:
        if note["say"]:
            r.causes.insert(0, ("announcement", {"say": note["say"]}))
    if st.loan_principal[h] > 0 and 0 <= st.loan_due_month[h] - st.month <= 2:
        r.causes.append(
            (
                "loan_due_soon",
                {"due_month": int(st.loan_due_month[h]), "principal": float(st.loan_principal[h])},
            )
        )
    return r
