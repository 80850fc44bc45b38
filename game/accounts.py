"""The household's account for each month: every line that moved its cash, summing exactly to
the change in cash from the start of the month to its end (issue 9, point 1).

A month's account covers what the player did during the month (a loan paid out, an event's
payment, equipment sold, a repayment) and what the month's end did (income, sales, living
costs, bills, the loan falling due, family credit). Every screen, the debrief and the
exported report read the account from here; none adds up its own.

The lines are the core's own (`MonthReport.accounts`: every cash change booked for a player
household, by flow), shown under the account's keys (`CORE_KEYS`); the session adds only the
names of the events whose payments the core books on one line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from game import i18n

# Order in which lines are shown (money in first, then out); unknown keys go last.
ORDER = (
    "wages",
    "unemployment_insurance",
    "day_labour",
    "remittances",
    "stipend",
    "pension",
    "dibao",
    "other_income",
    "sales",
    "stock",
    "rent",
    "tax_interest",
    "living",
    "spending_above",
    "house_building",
    "health",
    "school",
    "migration",
    "event",
    "loan_in",
    "loan_repaid",
    "family_borrowed",
    "family_repaid",
    "family_interest",
    "start_up",
    "equipment_sold",
    "guarantor_paid",
    "cooperative_paid",
    "unpaid",
    "other",
)
BUSINESS_KEYS = ("sales", "stock", "rent", "tax_interest")
# The core's own account lines (its flows' names, game/core/rules/context.py) as the lines
# the household's account shows. Several flows share a line (wages from the mill, an employer
# or a public job are all "wages").
CORE_KEYS = {
    "state_wages": "wages",
    "private_wages": "wages",
    "public_jobs_wages": "wages",
    "day_labour_pay": "day_labour",
    "unemployment_insurance": "unemployment_insurance",
    "pensions": "pension",
    "retirement_allowance": "pension",
    "retraining_stipend": "stipend",
    "minimum_living_guarantee": "dibao",
    "remittances": "remittances",
    "sales_revenue": "sales",
    "supplies": "stock",
    "rent": "rent",
    "business_tax": "tax_interest",
    "loan_interest": "tax_interest",
    "equipment_bought": "start_up",
    "equipment_sold": "equipment_sold",
    "loan_disbursed": "loan_in",
    "loan_repaid": "loan_repaid",
    "guarantor_paid": "guarantor_paid",
    "cooperative_paid": "cooperative_paid",
    "informal_borrowing": "family_borrowed",
    "informal_repaid": "family_repaid",
    "informal_interest": "family_interest",
    "living_costs": "living",
    "doctor_bills": "health",
    "school_fees": "school",
    "migration_costs": "migration",
    "events": "event",
}
# Cash a command moves, by the command's kind.
COMMAND_KEYS = {
    "apply_for_loan": "loan_in",
    "repay_loan": "loan_repaid",
    "borrow_informally": "family_borrowed",
    "event_payment": "event",
    "open_business": "start_up",
    "close_business": "equipment_sold",
    "choose_path": "equipment_sold",  # migrating closes a business: its equipment is sold
}


@dataclass(frozen=True)
class Line:
    key: str
    yuan: float
    detail: str = ""  # an event's title key or id, for its label

    def label(self, session=None) -> str:
        if self.key == "event" and self.detail:
            title = _event_title(session, self.detail)
            if title:
                return title
        return i18n.t(f"account.{self.key}")


@dataclass(frozen=True)
class MonthAccount:
    month: int  # 1 = the first month played
    cash_start: float
    cash_end: float
    lines: tuple[Line, ...] = field(default_factory=tuple)

    @property
    def change(self) -> float:
        return self.cash_end - self.cash_start

    def total(self, keys: Iterable[str]) -> float:
        wanted = set(keys)
        return sum(x.yuan for x in self.lines if x.key in wanted)

    @property
    def shown_change(self) -> int:
        """The change in whole yuan as the screens show it: the cash shown at the month's end
        less the cash shown at its start (within a yuan of `change`)."""
        return round(self.cash_end) - round(self.cash_start)

    def shown_lines(self) -> list[int]:
        """Each line in whole yuan, rounded so the shown lines add up to `shown_change`
        (largest remainder: each line rounded down, the yuan left over going to the lines that
        lost most), so no screen shows items that miss their total by a yuan."""
        exact = [x.yuan for x in self.lines]
        whole = [math.floor(v) for v in exact]
        left = self.shown_change - sum(whole)
        by_remainder = sorted(range(len(exact)), key=lambda i: whole[i] - exact[i])
        if left < 0:  # float dust in the cash: a yuan back from the lines that lost least
            by_remainder.reverse()
        for k in range(abs(left) if exact else 0):
            whole[by_remainder[k % len(exact)]] += 1 if left > 0 else -1
        return whole

    def shown_total(self, keys: Iterable[str]) -> int:
        """`total` of the lines as shown (`shown_lines`)."""
        wanted = set(keys)
        return sum(
            v for x, v in zip(self.lines, self.shown_lines(), strict=True) if x.key in wanted
        )

    def to_dict(self, session=None) -> dict:
        """The report's JSON shape: lines in yuan to the fen, summing exactly to the change."""
        start, end = round(self.cash_start, 2), round(self.cash_end, 2)
        lines = [[x, round(x.yuan, 2)] for x in self.lines]
        rest = round(end - start - sum(v for _x, v in lines), 2)
        if lines and rest:
            biggest = max(lines, key=lambda item: abs(item[1]))
            biggest[1] = round(biggest[1] + rest, 2)
        return {
            "month": self.month,
            "cash_start": start,
            "cash_end": end,
            "lines": [{"key": x.key, "label": x.label(session), "yuan": v} for x, v in lines],
        }


def _event_title(session, event_id: str) -> str:
    if session is None:
        return ""
    for ev in getattr(session.scenario, "events", None) or []:
        if getattr(ev, "id", None) == event_id:
            return session.scenario.text(ev.title, session.lang)
    return ""


def command_line(kind: str, cash_moved: float, detail: str = "") -> Line | None:
    """The line for cash a command moved when it applied (None: it moved none)."""
    if abs(cash_moved) < 1e-6:
        return None
    return Line(COMMAND_KEYS.get(kind, "other"), float(cash_moved), detail)


def month_lines(report, living: float, habit: float | None = None) -> list[Line]:
    """THE place the month's end lines come from: the core's own account of every yuan that
    moved the household's cash (`report.accounts`, its flows' names), as the account's lines.
    What was spent beyond `living` (the month's living costs) gets a line of its own; with
    `habit` (what the household meant to spend beyond them by last month's income), the rest
    of it, the house built from the money sent home (spent last, from the cash left), gets
    another."""
    out = []
    for k, v in report.accounts:
        key = CORE_KEYS.get(str(k), "other")
        if key == "living":
            essentials = min(-float(v), float(living))
            out.append(Line("living", -essentials))
            above = -float(v) - essentials
            spent = above if habit is None else min(above, max(float(habit), 0.0))
            if spent >= 0.005:
                out.append(Line("spending_above", -spent))
            if above - spent >= 0.005:
                out.append(Line("house_building", spent - above))
            continue
        out.append(Line(key, float(v)))
    return out


def build_account(
    month: int, cash_start: float, cash_end: float, lines: list[Line]
) -> MonthAccount:
    """One month's account with its lines merged by key (and event) in the order of ORDER."""
    merged: dict[tuple[str, str], float] = {}
    for x in lines:
        merged[(x.key, x.detail)] = merged.get((x.key, x.detail), 0.0) + x.yuan
    rank = {k: i for i, k in enumerate(ORDER)}
    out = [
        Line(k, v, d)
        for (k, d), v in sorted(merged.items(), key=lambda kv: (rank.get(kv[0][0], 99), kv[0][1]))
        if abs(v) >= 0.005
    ]
    rest = (cash_end - cash_start) - sum(x.yuan for x in out)
    # Cash is kept in single precision by the core: fold its dust (under a fen) into the
    # largest line, so the lines sum to the change in cash.
    if abs(rest) >= 0.005 or (out and rest):
        if out:
            i = max(range(len(out)), key=lambda j: abs(out[j].yuan))
            out[i] = Line(out[i].key, out[i].yuan + rest, out[i].detail)
        else:
            out.append(Line("other", rest))
    return MonthAccount(month, float(cash_start), float(cash_end), tuple(out))


def account_for_month(
    month: int,
    cash_start: float,
    report,
    moves: list[Line],
    living: float,
    cash_end: float,
    habit: float | None = None,
) -> MonthAccount:
    """A finished month's account: the core's lines (decisions during the month included),
    with each event's payment named as the session saw it apply when they tell the same total
    (the core books all events on one line)."""
    lines = month_lines(report, living, habit)
    events = [x for x in moves if x.key == "event"]
    core_events = sum(x.yuan for x in lines if x.key == "event")
    if events and abs(sum(x.yuan for x in events) - core_events) < 0.01:
        lines = [x for x in lines if x.key != "event"] + events
    return build_account(month, cash_start, cash_end, lines)


# --- saving ------------------------------------------------------------------------------------


def account_to_plain(a: MonthAccount) -> list:
    return [a.month, a.cash_start, a.cash_end, [[x.key, x.yuan, x.detail] for x in a.lines]]


def restore(session, data: dict | None) -> None:
    """Put a saved session's accounts back. A save from before accounts were kept gets them
    rebuilt from its reports (without the cash its decisions moved, which it never noted)."""
    if isinstance(data, dict):
        session.month_start_cash = float(data.get("month_start_cash", session.month_start_cash))
        session.moves = {
            int(m): [Line(str(k), float(v), str(d)) for k, v, d in ls]
            for m, ls in (data.get("moves") or {}).items()
        }
        session.book = [
            MonthAccount(
                int(m), float(a), float(b), tuple(Line(str(k), float(v), str(d)) for k, v, d in ls)
            )
            for m, a, b, ls in data.get("book") or []
        ]
        return
    # A save without accounts: rebuilt from its reports (the core's lines; the cash its
    # decisions moved is in them, only events are not named).
    book = []
    for r in session.history:
        start = float(r.cash) - float(r.cash_change)
        lines = month_lines(r, float(r.spending))
        book.append(build_account(int(r.month), start, float(r.cash), lines))
    session.book = book
    session.moves = {}
    if session.history:
        session.month_start_cash = float(session.history[-1].cash)


__all__ = [
    "BUSINESS_KEYS",
    "Line",
    "MonthAccount",
    "account_for_month",
    "account_to_plain",
    "build_account",
    "command_line",
    "month_lines",
    "restore",
]
