"""The subsidised loan and what happens when it falls due (evidence.md claim 4; Harbin 2008).

Borrower -> guarantor -> guarantee fund (capped) -> the bank's loss; the borrower is
blacklisted; when arrears pass the threshold the bank stops lending, and starts again only
well below it (hysteresis).
"""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules.context import MonthContext, pay
from game.core.rules.household import living_cost
from game.core.state import Cert, Status, TownState

ARREARS_WINDOW_MONTHS = 12


def lending_open(p: Params, st: TownState) -> bool:
    return p.policy.loans_enabled and not st.lending_suspended


def resolve_certificates(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Proof of laid-off status arrives after the delay, or is refused (bureaucracy,
    connections, a firm with no re-employment centre: evidence.md claim 4)."""
    u = ctx.rng["finance"].random(st.n)
    ready = (st.cert == Cert.PENDING) & (st.cert_ready_month <= ctx.month)
    granted = ready & (u < p.policy.certificate_probability)
    st.cert[granted] = Cert.GRANTED
    st.cert[ready & ~granted] = Cert.REFUSED
    ctx.note("certificate_granted", np.flatnonzero(granted))
    ctx.note("certificate_refused", np.flatnonzero(ready & ~granted))


def apply_for_certificate(p: Params, st: TownState, idx: np.ndarray) -> None:
    idx = idx[st.cert[idx] == Cert.NONE]
    st.cert[idx] = Cert.PENDING
    st.cert_ready_month[idx] = st.month + p.policy.certificate_delay_months


def guarantor_willingness(p: Params, st: TownState, g: np.ndarray) -> np.ndarray:
    """Chance that household g agrees to guarantee a loan: falls with its own stress and
    after every earlier call on it (assumption; evidence.md mechanism)."""
    living = living_cost(p, st)[g]
    comfort = np.clip(st.cash[g] / (6.0 * living), 0.0, 1.0)
    busy = (st.status[g] == Status.MIGRATED) | st.blacklisted[g] | (st.informal_debt[g] > 0)
    w = (
        p.policy.guarantor_base_willingness
        * comfort
        * np.clip(st.trust[g], 0, 1)
        * 0.3 ** st.times_called[g]
    )
    return np.where(busy, 0.0, w)


def seek_guarantors(
    p: Params, st: TownState, ctx: MonthContext, borrowers: np.ndarray
) -> np.ndarray:
    """One ask a month for each borrower, to a neighbour drawn at random; returns the
    guarantor per borrower or -1 where the neighbour refused."""
    rng = ctx.rng["finance"]
    asked = rng.integers(0, st.n, st.n)[borrowers]
    asked = np.where(asked == borrowers, (asked + 1) % st.n, asked)
    # A player's household is never signed up unasked: its answer comes through an event.
    yes = (rng.random(st.n)[borrowers] < guarantor_willingness(p, st, asked)) & ~st.is_player[asked]
    if not p.policy.guarantor_required:
        return np.full(borrowers.size, -2)  # -2: no guarantor needed
    return np.where(yes, asked, -1)


def disburse(
    p: Params,
    st: TownState,
    ctx: MonthContext,
    who: np.ndarray,
    amount: np.ndarray,
    guarantor: np.ndarray,
) -> None:
    pay(st.cash, ctx, who, amount, "loans_disbursed")
    st.loan_principal[who] = amount
    st.loan_due_month[who] = ctx.month + p.policy.loan_term_months
    st.loan_extended[who] = False
    st.guarantor[who] = guarantor
    ctx.note("loan_disbursed", who)


def mature_loans(p: Params, st: TownState, ctx: MonthContext, trade_of_loan: np.ndarray) -> None:
    """Loans falling due this month: repay from cash (an open business can borrow from
    family to close the gap), else the guarantor is called, else the fund pays up to its cap."""
    if ctx.month % 12 == 0:
        st.fund_paid_this_year = 0.0  # the fund's cap is a yearly one
    due = np.flatnonzero((st.loan_principal > 0) & (st.loan_due_month == ctx.month))
    if due.size == 0:
        _update_regime(p, st, 0, 0)
        return
    # One extension (2002 rules; up to 3 years in later local rules) for a business still
    # trading: AI borrowers who cannot pay take it if the policy offers it.
    if p.policy.loan_extension_months > 0:
        short = (
            (st.cash[due] < st.loan_principal[due])
            & ~st.loan_extended[due]
            & ~st.is_player[due]
            & (st.status[due] == Status.SELF_EMPLOYED)
        )
        ext = due[short]
        st.loan_due_month[ext] += p.policy.loan_extension_months
        st.loan_extended[ext] = True
        ctx.note("loan_extended", ext)
        due = due[~short]
    principal = st.loan_principal[due].astype("f8")
    t = np.maximum(trade_of_loan[due], 0)
    from_cash = np.clip(np.minimum(st.cash[due], principal), 0.0, None)
    pay(st.cash, ctx, due, -from_cash, "loan_repaid")
    gap = principal - from_cash
    # Family and informal lenders close the gap while they still will: the formal debt
    # becomes a debt to relatives at a high rate (the risk moves to the household's ties).
    limit = p.income.informal_limit_months_of_living * living_cost(p, st)[due]
    family = np.clip(np.minimum(gap, limit - st.informal_debt[due]), 0, None)
    pay(st.cash, ctx, due, family, "informal_borrowing")
    st.informal_debt[due] += family
    pay(st.cash, ctx, due, -family, "loan_repaid")
    gap -= family
    defaulted = gap > 0.5

    st.loan_principal[due] = 0.0
    st.loan_due_month[due] = 0
    np.add.at(ctx.matured, t, 1)
    d = due[defaulted]
    gap_d = gap[defaulted]
    if d.size:
        st.blacklisted[d] = True
        st.in_arrears[d] = True
        st.trust[d] = np.maximum(st.trust[d] - 0.4, 0.0)
        np.add.at(ctx.defaults, t[defaulted], 1)
        ctx.note("defaulted", d)
        gap_d = _cooperative_share(p, st, ctx, d, gap_d)
        gap_d = _call_guarantors(p, st, ctx, d, gap_d)
        gap_d = _guarantee_fund(p, st, ctx, gap_d)
        st.bank_losses += float(gap_d.sum())
    _update_regime(p, st, due.size, int(defaulted.sum()))
    st.guarantor[due] = -1


def _cooperative_share(
    p: Params, st: TownState, ctx: MonthContext, d: np.ndarray, gap: np.ndarray
) -> np.ndarray:
    """What-if: a sellers' cooperative shares a default among all open sellers of the town."""
    share = p.policy.cooperative_risk_sharing
    if share <= 0:
        return gap
    members = np.flatnonzero(st.status == Status.SELF_EMPLOYED)
    if members.size == 0:
        return gap
    pooled = float((gap * share).sum())
    pay(st.cash, ctx, members, -pooled / members.size, "cooperative_contributions")
    return gap * (1.0 - share)


def _call_guarantors(
    p: Params, st: TownState, ctx: MonthContext, d: np.ndarray, gap: np.ndarray
) -> np.ndarray:
    g = st.guarantor[d]
    has = (g >= 0) & (gap > 0.5)  # nothing left to pay (a cooperative covered it): no call
    if not has.any():
        return gap
    gi, owed = g[has], gap[has]
    # One guarantor may stand behind several loans: pay them in order, within what it has
    # (its cash plus half a month's living costs it borrows), grouped without a Python loop.
    order = np.lexsort((np.arange(gi.size), gi))
    gs, os_ = gi[order], owed[order]
    can = np.maximum(st.cash[gs] + 0.5 * living_cost(p, st)[gs], 0.0)
    cum = np.cumsum(os_)
    first = np.r_[True, gs[1:] != gs[:-1]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(gs.size), 0))
    before = np.where(group_start > 0, cum[group_start - 1], 0.0)
    within = cum - before
    paid_cum = np.minimum(within, can)
    paid_sorted = paid_cum - np.r_[0.0, paid_cum[:-1]] * ~first
    paid = np.empty_like(owed)
    paid[order] = paid_sorted
    np.add.at(st.cash, gi, -paid)
    ctx.book("guarantor_payments", -paid.sum())
    # The relationship suffers and the guarantor will be slower to help again (evidence.md 12).
    st.trust[gi] = np.maximum(st.trust[gi] - 0.3, 0.0)
    np.add.at(st.times_called, gi, 1)
    np.add.at(ctx.guarantor_calls, np.maximum(st.trade[d[has]], 0), 1)
    ctx.note("called_as_guarantor", gi)
    ctx.note("guarantor_was_called", d[has])
    gap = gap.copy()
    gap[has] = owed - paid
    return gap


def _guarantee_fund(p: Params, st: TownState, ctx: MonthContext, gap: np.ndarray) -> np.ndarray:
    """The guarantee fund pays the bank, capped at a share of the lending balance a year."""
    balance = float(st.loan_principal.sum()) + float(gap.sum())
    room = max(p.policy.guarantee_fund_cap_share * balance - st.fund_paid_this_year, 0.0)
    total = float(gap.sum())
    paid = min(room, total)
    st.fund_paid_this_year += paid
    ctx.fund_paid += paid
    return gap * (1.0 - paid / total) if total > 0 else gap


def _update_regime(p: Params, st: TownState, matured: int, defaulted: int) -> None:
    """Arrears over the last 12 months; past the threshold the bank suspends new lending
    (Harbin 2008), and resumes only once arrears fall well below it and some months passed."""
    st.matured_window.append((matured, defaulted))
    st.matured_window[:] = st.matured_window[-ARREARS_WINDOW_MONTHS:]
    m = sum(x[0] for x in st.matured_window)
    dft = sum(x[1] for x in st.matured_window)
    st.loans_matured += matured
    st.loans_defaulted += defaulted
    rate = dft / m if m >= 5 else 0.0  # a rate over fewer loans is noise, not a signal
    pol = p.policy
    if not st.lending_suspended and rate > pol.arrears_suspend_threshold:
        st.lending_suspended = True
        st.suspended_since = st.month
    elif (
        st.lending_suspended
        and rate < pol.arrears_resume_threshold
        and st.month - st.suspended_since >= pol.suspension_min_months
    ):
        st.lending_suspended = False


def arrears_rate(st: TownState) -> float:
    m = sum(x[0] for x in st.matured_window)
    return sum(x[1] for x in st.matured_window) / m if m else 0.0
