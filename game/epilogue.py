"""A year later: the ending plays the next months of the same town, headless, so the big
consequences the run set up land where the player sees them (issue 9, point 2): the loan
falling due, the guarantor called, the unemployment insurance running out.

The epilogue runs on a copy of the session with the scenario's months extended, through the
engine's public API: the household keeps doing what it did (its business at its price and
hours, its path, its choices about school and doctor), makes no new decisions and answers no
events. A loan is never renewed past the epilogue's last month, so every loan of the run
meets its due date inside the story.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

from game import i18n, words

EPILOGUE_MONTHS = 12


def cash_minus_debts(cash: float, informal: float, loan: float) -> int:
    """Cash minus debts in the whole yuan the screen shows them in, so the shown figures add up
    (each is rounded first: 0.6 - 9,576.4 shows as 1 - 9,576 = -9,575, not -9,576)."""
    return round(cash) - round(informal) - round(loan)


def last_story_month(session) -> int:
    """The index of the epilogue's last month: every due date must fall on or before it."""
    return session.params.months + EPILOGUE_MONTHS - 1


def extension_reasons(session) -> list[str]:
    """A renewal whose new due date falls after the story's end is refused (its consequence
    would never be seen)."""
    st, h = session.engine.state, session.player
    if st.loan_principal[h] <= 0:
        return []
    new_due = int(st.loan_due_month[h]) + int(session.params.policy.loan_extension_months)
    last = last_story_month(session)
    if new_due > last:
        return [i18n.t("reason.no_extension_past_end", when=words.calendar(session, last))]
    return []


@dataclass
class Epilogue:
    months: int  # months played after the run
    start: int  # index of the epilogue's first month
    loan_principal: float = 0.0  # the bank loan the run ended with
    loan_due: int = -1  # its due month (index)
    loan_fate: str = "none"  # none, repaid, repaid_family, defaulted, still_owed
    family_debt_after: float = 0.0  # owed to family and lenders after the loan fell due
    guarantor_name: str = ""
    guarantor_paid: float = 0.0
    stood_for: bool = False  # the player stood guarantor for a neighbour
    called_as_guarantor: bool = False  # in the year after
    called_in_run: bool = False  # in the story itself
    paid_as_guarantor: float = 0.0
    insurance_left: int = 0  # months of insurance left at the epilogue's end
    insurance_end: int = -1  # the month it was last paid, if late in the run or after it
    income_before: float = 0.0  # income in that month
    income_after: float = 0.0  # average income a month after it
    # What the household has and owes at the epilogue's end; and (cash, informal, loan) when
    # the run ended, the ending's own figures, said again so the two moments are not confused
    cash_end: float = 0.0
    debt_end: float = 0.0  # informal_end + loan_end
    informal_end: float = 0.0  # owed to family and lenders
    loan_end: float = 0.0  # owed to the bank
    at_run_end: tuple[float, float, float] = (0.0, 0.0, 0.0)
    status_end: str = ""
    business_closed: bool = False
    had_business: bool = False
    trade_name: str = ""
    extra: dict = field(default_factory=dict)

    def sentences(self, session) -> list[tuple[str, str]]:
        """(text, tone) lines for the ending, in the player's language."""
        when = lambda m: words.calendar(session, m)  # noqa: E731
        out: list[tuple[str, str]] = []
        if self.loan_principal > 0:
            values = {
                "amount": words.yuan(self.loan_principal),
                "when": when(self.loan_due),
                "name": self.guarantor_name,
                "paid": words.yuan(self.guarantor_paid),
                "debt": words.yuan(self.family_debt_after),
            }
            tone = {"repaid": "good", "repaid_family": "bad", "defaulted": "bad"}.get(
                self.loan_fate, "text"
            )
            key = f"epilogue.loan.{self.loan_fate}"
            if self.loan_fate in ("repaid_family", "defaulted"):
                # the debt as it stood the month the loan fell due (the last line says the
                # year's end): "that month", not "now"
                key = f"epilogue.loan_debt.{self.loan_fate}"
                if self.loan_fate == "defaulted" and not self.guarantor_name:
                    key += "_no_guarantor"
                if self.loan_fate == "defaulted" and round(self.family_debt_after) == 0:
                    key += ".no_debt"  # nothing owed to relatives: said in words, not "¥0"
            out.append((i18n.t(key, **values), tone))
        if self.stood_for:
            if self.called_as_guarantor and self.paid_as_guarantor < 0.5:
                out.append((i18n.t("epilogue.stood_for.called_nothing"), "bad"))
            elif self.called_as_guarantor:
                out.append(
                    (
                        i18n.t(
                            "epilogue.stood_for.called", paid=words.yuan(self.paid_as_guarantor)
                        ),
                        "bad",
                    )
                )
            elif self.called_in_run:
                out.append((i18n.t("epilogue.stood_for.called_before"), "bad"))
            else:
                out.append((i18n.t("epilogue.stood_for.quiet"), "text"))
        if self.insurance_end >= 0:
            out.append(
                (
                    i18n.t(
                        "epilogue.insurance.ended",
                        when=when(self.insurance_end),
                        before=words.yuan(self.income_before),
                        after=words.yuan(self.income_after),
                    ),
                    "bad" if self.income_after < self.income_before else "text",
                )
            )
        elif self.insurance_left > 0:
            # Not paid to a household working away, in a wage job or retired, nor while it runs
            # a registered business of its own: the months are only kept.
            paused = self.status_end in ("migrated", "wage_job", "retired")
            if self.status_end == "self_employed":
                key = "epilogue.insurance.business"
            else:
                key = "epilogue.insurance.paused" if paused else "epilogue.insurance.still"
            out.append((i18n.t(key, months=i18n.months(self.insurance_left)), "text"))
        if self.had_business:
            key = "epilogue.business.closed" if self.business_closed else "epilogue.business.open"
            out.append(
                (
                    i18n.t(key, trade=words.trade_word(self.trade_name)),
                    "bad" if self.business_closed else "text",
                )
            )
        out.append((self.money_sentence(session), "text"))
        return out

    def money_sentence(self, session) -> str:
        """Cash, debts (family and bank) and cash minus debts a year later, against cash minus
        debts at the run's end: each moment named, in whole yuan that add up as shown."""
        cash, informal, loan = (round(x) for x in (self.cash_end, self.informal_end, self.loan_end))
        before = cash_minus_debts(*self.at_run_end)
        # a breakdown of one part would say the total twice: "owes relatives ¥20,069"
        key = "epilogue.money_then"
        if not (informal and loan):
            key += ".family" if informal else ".bank" if loan else ".no_debt"
        return i18n.t(
            key,
            when=words.calendar(session, self.start + self.months - 1),
            status=words.status_text(self.status_end),
            cash=words.yuan(cash),
            debt=words.yuan(informal + loan),
            parts=i18n.debt_parts(informal, loan),
            net=words.yuan(cash_minus_debts(cash, informal, loan)),
            net_before=words.yuan(before),
            end=words.calendar(session, self.start - 1),
        )


def _copy(session, months: int):
    """A copy of the session whose scenario lasts `months` more, saving nothing."""
    # through JSON, as a save goes: the copy is checked as a loaded save is
    copy = type(session).from_dict(json.loads(json.dumps(session.to_dict())))
    copy.engine.params = dataclasses.replace(copy.params, months=copy.params.months + months)
    copy.autosave_enabled = False
    return copy


def run(session, months: int = EPILOGUE_MONTHS) -> Epilogue:
    """Play the next `months` of the town after the run and say what became of the loan, the
    guarantor and the insurance. The session itself is not changed."""
    s = _copy(session, months)
    st, h = s.engine.state, s.player
    e = Epilogue(months=months, start=s.month)
    e.at_run_end = (float(st.cash[h]), float(st.informal_debt[h]), float(st.loan_principal[h]))
    e.loan_principal = float(st.loan_principal[h])
    e.loan_due = int(st.loan_due_month[h]) if e.loan_principal > 0 else -1
    g = int(st.guarantor[h])
    e.guarantor_name = s.name_of(g) if g >= 0 and e.loan_principal > 0 else ""
    # The player stood guarantor: for a loan still running, or one that ended in the story
    # (the engine keeps each command's outcome; a call on the player is one of the month's causes).
    signed = any(o.get("command") == "stand_as_guarantor" for o in session.engine.outcomes)
    e.stood_for = bool((st.guarantor == h).any()) or signed
    e.called_in_run = any(
        code == "called_as_guarantor" for r in session.history for code, _v in r.causes
    )
    e.had_business = int(st.trade[h]) >= 0
    e.trade_name = s.trade_name(int(st.trade[h])) if e.had_business else ""
    incomes: dict[int, float] = {r.month - 1: float(r.income) for r in session.history}
    ended = [r.month - 1 for r in session.history if ("ui_ended", {}) in r.causes]
    for _ in range(months):
        if s.engine.done:
            break
        due_now = e.loan_principal > 0 and s.month == e.loan_due and e.loan_fate == "none"
        if due_now and g >= 0:
            e.guarantor_paid = _guarantor_payment(s, h)
        for b in _loans_due_guaranteed_by(s, h):
            e.paid_as_guarantor += _guarantor_payment(s, b)
        debt_before = float(st.informal_debt[h])
        report = s.end_month()
        s.pending_events.clear()
        st = s.engine.state
        causes = {code for code, _v in report.causes}
        incomes[report.month - 1] = float(report.income)
        if "ui_ended" in causes:
            ended.append(report.month - 1)
        if due_now:
            if "defaulted" in causes:
                e.loan_fate = "defaulted"
            elif float(st.informal_debt[h]) > debt_before + 0.5:
                e.loan_fate = "repaid_family"
            else:
                e.loan_fate = "repaid"
            e.family_debt_after = float(st.informal_debt[h])
        if "called_as_guarantor" in causes:
            e.called_as_guarantor = True
    # The insurance cliff: told when it came in the run's last half year or after it.
    if ended and ended[-1] >= session.params.months - 6:
        e.insurance_end = ended[-1]
        e.income_before = incomes.get(e.insurance_end, 0.0)
        after = [v for m, v in incomes.items() if m > e.insurance_end]
        e.income_after = sum(after) / len(after) if after else 0.0
    e.insurance_left = int(st.ui_months_left[h])
    if e.loan_principal > 0 and e.loan_fate == "none":
        e.loan_fate = "still_owed"
    e.months = s.month - e.start
    e.cash_end = float(st.cash[h])
    e.informal_end = float(st.informal_debt[h])
    e.loan_end = float(st.loan_principal[h])
    e.debt_end = e.informal_end + e.loan_end
    e.status_end = s.status
    e.business_closed = e.had_business and int(st.trade[h]) < 0
    return e


def _loans_due_guaranteed_by(s, h: int) -> list[int]:
    st = s.engine.state
    due = (st.guarantor == h) & (st.loan_principal > 0) & (st.loan_due_month == s.month)
    return [int(b) for b in due.nonzero()[0]]


def _guarantor_payment(s, borrower: int) -> float:
    """What the guarantor of `borrower`'s loan pays for it this month: the month played
    twice, with and without the guarantee; the difference in what guarantors paid the bank."""
    with_g = _copy(s, 0)
    without = _copy(s, 0)
    without.engine.state.guarantor[borrower] = -1
    paid = []
    for copy in (with_g, without):
        copy.engine.end_month()
        paid.append(float(copy.engine.last_flows.get("guarantor_paid", 0.0)))
    return max(0.0, paid[0] - paid[1])


__all__ = [
    "EPILOGUE_MONTHS",
    "Epilogue",
    "cash_minus_debts",
    "extension_reasons",
    "last_story_month",
    "run",
]
