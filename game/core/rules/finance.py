"""The subsidised loan and what happens when it falls due (docs/evidence.md#claim-4, #crisis-arrears).

One loan at a time. At maturity the borrower repays from cash, then with relatives' and
moneylenders' money; a business that covers its costs may have the loan extended once instead.
What is still unpaid is a default: the guarantor is called, then the guarantee fund pays (capped
by its rule and by its money), and the bank loses the rest; the borrower is blacklisted. When
arrears pass the threshold the bank stops lending, and starts again only well below it
(hysteresis). The books: disbursed = repaid + guarantors + fund + cooperative + bank's losses +
outstanding, every month.
"""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules import informal, market
from game.core.rules.codes import C, S
from game.core.rules.context import MonthContext, book, clip, indices, pay, skip_draws
from game.core.rules.informal import living_cost
from game.core.state import Cert, TownState

ARREARS_WINDOW_MONTHS = 12
# A rate over fewer matured loans than this is noise, not a signal for the bank.
ARREARS_MIN_LOANS = 5
# A default costs the borrower's standing with neighbours, and the guarantor's with the borrower.
DEFAULT_TRUST_LOSS = 0.4
CALLED_TRUST_LOSS = 0.3
# A guarantor's willingness: its cash against six months of living costs, cut by each earlier call.
GUARANTOR_COMFORT_MONTHS = 6.0
GUARANTOR_CALL_FACTOR = 0.3
# A renewal needs at least this share of the principal paid back first (assumption).
RENEWAL_MIN_SHARE = 0.15


def lending_open(p: Params, st: TownState) -> bool:
    """New subsidised loans are made: the scenario offers them (a ceiling of 0 is no loan at
    all) and the bank has not suspended lending."""
    pol = p.policy
    return pol.loans_enabled and pol.loan_ceiling_yuan > 0 and not st.lending_suspended


def resolve_certificates(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Proof of laid-off status arrives after the delay, or is refused (bureaucracy,
    connections, a firm with no re-employment centre: docs/evidence.md#claim-4)."""
    # (the answers drawn for those due alone: the same households, in order)
    due = indices((st.cert == C.PENDING) & (st.cert_ready_month <= ctx.month))
    if due.size == 0:
        # No answer due: the draws are not read (the stream moves on as if they were).
        skip_draws(ctx.rng["finance"], st.n)
        none = np.zeros(0, "i8")
        ctx.note("certificate_granted", none)
        ctx.note("certificate_refused", none)
        return
    u = ctx.rng["finance"].random(st.n)
    granted = u[due] < p.policy.certificate_probability
    yes, no = due[granted], due[~granted]
    st.cert[yes] = Cert.GRANTED
    st.cert[no] = Cert.REFUSED
    ctx.note("certificate_granted", yes)
    ctx.note("certificate_refused", no)


def apply_for_certificate(p: Params, st: TownState, idx: np.ndarray) -> None:
    idx = idx[st.cert[idx] == C.NONE]
    st.cert[idx] = Cert.PENDING
    st.cert_ready_month[idx] = st.month + p.policy.certificate_delay_months


def guarantor_willingness(p: Params, st: TownState, g: np.ndarray) -> np.ndarray:
    """Chance that household g agrees to guarantee a loan: falls with its own stress and
    after every earlier call on it (assumption; docs/evidence.md#mechanism-finance)."""
    living = living_cost(p, st)[g]
    comfort = clip(st.cash[g] / (GUARANTOR_COMFORT_MONTHS * living), 0.0, 1.0)
    busy = (st.status[g] == S.MIGRATED) | st.blacklisted[g] | (st.informal_debt[g] > 0)
    w = (
        p.policy.guarantor_base_willingness
        * comfort
        * clip(st.trust[g], 0, 1)
        * GUARANTOR_CALL_FACTOR ** st.times_called[g]
    )
    return np.where(busy, 0.0, w)


def borrower_standing(p: Params, st: TownState, b: np.ndarray) -> np.ndarray:
    """How a guarantor judges the one who asks, 0..1: its standing with neighbours, less the
    more it already owes relatives and moneylenders (a guarantor screens: the one collateral the
    programme asks for is someone who knows the borrower; assumption)."""
    owed = clip(st.informal_debt[b] / np.maximum(informal.limit(p, st)[b], 1.0), 0.0, 1.0)
    return clip(st.trust[b], 0.0, 1.0) * (1.0 - owed)


def seek_guarantors(
    p: Params, st: TownState, ctx: MonthContext, borrowers: np.ndarray
) -> np.ndarray:
    """One ask a month for each borrower, to a neighbour drawn at random; returns the
    guarantor per borrower or -1 where the neighbour refused (-2: none needed)."""
    rng = ctx.rng["finance"]
    asked = rng.integers(0, st.n, st.n)[borrowers]
    asked = np.where(asked == borrowers, (asked + 1) % st.n, asked)
    # A player's household is never signed up unasked: its answer comes through an event.
    willing = guarantor_willingness(p, st, asked) * borrower_standing(p, st, borrowers)
    yes = (rng.random(st.n)[borrowers] < willing) & ~st.is_player[asked]
    if not p.policy.guarantor_required:
        return np.full(borrowers.size, -2)
    return np.where(yes, asked, -1)


def guarantor_agrees(p: Params, st: TownState, b: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Whether the guarantor of each loan `b` agrees to stand behind it for longer: the 2002
    rules allow an extension only if the guarantor agrees (docs/evidence.md#loan-2002, PBoC
    2002 No.394), and a renewal is a new loan on the same guarantee. The guarantor decides as it
    decides on a new loan (its willingness times the borrower's standing, against the draw `u`);
    a player's household is never committed unasked, so its guarantee runs out at the due date.
    No guarantor (none required): nobody to ask."""
    g = st.guarantor[b]
    if not asks_guarantors(p):
        return np.ones(b.size, bool)
    asked = np.maximum(g, 0)
    willing = guarantor_willingness(p, st, asked) * borrower_standing(p, st, b)
    return np.where(g >= 0, (u < willing) & ~st.is_player[asked], True)


def asks_guarantors(p: Params) -> bool:
    """Extensions and renewals wait for the guarantor's answer (one draw a month per town with
    loans due: none when the scenario asks nobody, so such a run keeps its old bytes)."""
    return p.policy.guarantor_required and p.policy.extension_needs_guarantor


def disburse(
    p: Params,
    st: TownState,
    ctx: MonthContext,
    who: np.ndarray,
    amount: np.ndarray,
    guarantor: np.ndarray,
) -> None:
    if np.any(st.loan_principal[who] > 0):
        raise ValueError("one subsidised loan at a time: settle the old loan first")
    pay(st, ctx, who, amount, "loan_disbursed")
    st.loan_books["disbursed"] += float(np.sum(amount))
    st.loan_renewals[who] = 0
    st.loan_principal[who] = amount
    st.loan_due_month[who] = ctx.month + p.policy.loan_term_months
    st.loan_extended[who] = False
    st.guarantor[who] = guarantor
    ctx.note("loan_disbursed", who)


def repay(st: TownState, ctx: MonthContext, who: np.ndarray, amount: np.ndarray) -> None:
    """The borrower pays back part or all of the principal from its cash."""
    pay(st, ctx, who, -amount, "loan_repaid")
    st.loan_books["repaid"] += float(np.sum(amount))
    st.loan_principal[who] -= amount
    done = who[st.loan_principal[who] <= 0.5]
    st.loan_principal[done] = 0.0
    st.guarantor[done] = -1


def viable(st: TownState, idx: np.ndarray) -> np.ndarray:
    """A business that covers its costs (smoothed profit at or above zero): the condition for an
    extension."""
    return (st.status[idx] == S.SELF_EMPLOYED) & (st.profit_avg[idx] >= 0)


def interest(p: Params, st: TownState, ctx: MonthContext, ta: dict) -> None:
    """The interest subsidy: the state pays the bank the part of every loan's interest the
    borrower does not (all of it on micro-profit trades, none during an extension:
    docs/evidence.md#loan-2002; market.borrower_interest_share). The borrower's own part is paid
    with the business's costs (market.sell)."""
    owe = indices(st.loan_principal > 0)
    if owe.size == 0:
        return
    t = np.maximum(st.loan_trade[owe], 0)
    borrower_share = market.borrower_interest_share(p, ta["micro_profit"][t], st.loan_extended[owe])
    rate_m = p.policy.loan_interest_rate_per_year / 12.0
    subsidy = float((st.loan_principal[owe] * rate_m * (1.0 - borrower_share)).sum())
    if subsidy > 0:
        book(st, ctx, "interest_subsidy", subsidy)


def mature_loans(p: Params, st: TownState, ctx: MonthContext, trade_of_loan: np.ndarray) -> None:
    """Loans falling due this month: an AI borrower whose business covers its costs but who
    lacks the cash takes the one extension the policy offers if its guarantor agrees; the rest
    repay from cash, then from relatives and moneylenders; what is left unpaid is a default."""
    if ctx.month % 12 == 0:
        st.fund_paid_this_year = 0.0  # the fund's cap is a yearly one
    due = indices((st.loan_principal > 0) & (st.loan_due_month == ctx.month))
    agreed = np.ones(due.size, bool)
    if due.size and asks_guarantors(p):
        u = ctx.rng["finance"].random(st.n)
        agreed = guarantor_agrees(p, st, due, u[due])
    if p.policy.loan_extension_months > 0 and due.size:
        short = (
            (st.cash[due] < st.loan_principal[due])
            & ~st.loan_extended[due]
            & ~st.is_player[due]
            & viable(st, due)
            & agreed
        )
        ext = due[short]
        st.loan_due_month[ext] += p.policy.loan_extension_months
        st.loan_extended[ext] = True
        ctx.note("loan_extended", ext)
        due, agreed = due[~short], agreed[~short]
    due = _renew(p, st, ctx, due, agreed)
    if due.size == 0:
        update_regime(p, st, ctx.renewed, 0)
        return
    principal = st.loan_principal[due].astype("f8")
    t = np.maximum(trade_of_loan[due], 0)
    # Relatives and moneylenders close the gap while they still will: the formal debt becomes
    # a debt to them (the risk moves to the household's ties).
    gap = np.maximum(principal - np.maximum(st.cash[due], 0.0), 0.0)
    need = gap > 0
    if need.any():
        informal.borrow(p, st, ctx, due[need], gap[need])
    from_cash = np.minimum(np.maximum(st.cash[due], 0.0), principal)
    repay(st, ctx, due, from_cash)
    gap = principal - from_cash
    defaulted = gap > 0.5

    st.loan_principal[due] = 0.0
    st.loan_due_month[due] = 0
    np.add.at(ctx.matured, t, 1)
    d = due[defaulted]
    if d.size:
        settle_defaults(p, st, ctx, d, t[defaulted], gap[defaulted])
    update_regime(p, st, due.size + ctx.renewed, int(defaulted.sum()))
    st.guarantor[due] = -1


def settle_defaults(
    p: Params, st: TownState, ctx: MonthContext, d: np.ndarray, t: np.ndarray, gap: np.ndarray
) -> None:
    """The loans of households `d` (trades `t`) defaulted with `gap` unpaid: the borrower is
    blacklisted, then the cooperative, the guarantors and the fund pay what they will and the
    bank loses the rest (a batch of towns calls this for each town with defaults)."""
    st.blacklisted[d] = True
    st.in_arrears[d] = True
    st.trust[d] = np.maximum(st.trust[d] - DEFAULT_TRUST_LOSS, 0.0)
    np.add.at(ctx.defaults, t, 1)
    ctx.note("defaulted", d)
    gap = _cooperative_share(p, st, ctx, d, gap)
    gap = _call_guarantors(p, st, ctx, d, gap)
    gap = _guarantee_fund(p, st, ctx, gap)
    st.loan_books["bank_losses"] += float(gap.sum())


def _renew(
    p: Params, st: TownState, ctx: MonthContext, due: np.ndarray, agreed: np.ndarray
) -> np.ndarray:
    """A borrower whose business covers its costs but who cannot repay in full repays with a
    bridge from relatives and borrows again at once (借新还旧), until the renewals allowed are
    used up, if its guarantor agrees (`agreed`, per loan due: guarantor_agrees). A bank that
    has stopped new lending still rolls over loans that are being served
    (assumption: forcing them into default would cost it more). In the books the old loan is
    repaid and a new one disbursed (no cash stays with anyone). Returns the loans still due."""
    pol = p.policy
    if due.size == 0 or pol.loan_renewals <= 0 or not pol.loans_enabled:
        return due  # (nothing due: skip the town-wide living costs and day-labour yardstick)
    if pol.loan_ceiling_yuan <= 0:
        return due
    # The bank renews only a business that pays its owner at least what day labour would (a
    # renewal is a new loan; assumption).
    from game.core.rules.business import outside_option

    # It asks for part of the principal first, from cash beyond two months' living: a borrower
    # who cannot pay at least RENEWAL_MIN_SHARE of it has no renewal (assumption).
    spare = np.maximum(st.cash[due] - 2.0 * living_cost(p, st)[due], 0.0)
    renew = (
        (st.cash[due] < st.loan_principal[due])
        & ~st.is_player[due]
        & viable(st, due)
        & (st.profit_avg[due] >= outside_option(p, st))
        & (spare >= RENEWAL_MIN_SHARE * st.loan_principal[due])
        & (st.loan_renewals[due] < p.policy.loan_renewals)
        & (st.loan_principal[due] <= p.policy.loan_ceiling_yuan)
        & agreed
    )
    r = due[renew]
    if r.size:
        part = np.minimum(spare[renew], pol.renewal_repayment_share * st.loan_principal[r])
        repay(st, ctx, r, part)
        paid_off = r[st.loan_principal[r] <= 0]
        np.add.at(ctx.matured, np.maximum(st.loan_trade[paid_off], 0), 1)
        r = r[st.loan_principal[r] > 0]
        amount = float(st.loan_principal[r].sum())
        book(st, ctx, "loan_repaid", amount)
        book(st, ctx, "loan_disbursed", amount)
        st.loan_books["repaid"] += amount
        st.loan_books["disbursed"] += amount
        st.loan_due_month[r] = ctx.month + pol.loan_term_months
        st.loan_extended[r] = False
        st.loan_renewals[r] += 1
        np.add.at(ctx.matured, np.maximum(st.loan_trade[r], 0), 1)
        ctx.renewed += int(r.size) + int(paid_off.size)
        ctx.note("loan_renewed", r)
    return due[~renew]


def _cooperative_share(
    p: Params, st: TownState, ctx: MonthContext, d: np.ndarray, gap: np.ndarray
) -> np.ndarray:
    """What-if: a sellers' cooperative shares a default among all open sellers of the town,
    each paying what it can of an equal part."""
    share = p.policy.cooperative_risk_sharing
    if share <= 0:
        return gap
    members = indices(st.status == S.SELF_EMPLOYED)
    if members.size == 0:
        return gap
    part = float((gap * share).sum()) / members.size
    each = np.minimum(np.maximum(st.cash[members], 0.0), part)
    pay(st, ctx, members, -each, "cooperative_paid")
    paid = float(each.sum())
    st.loan_books["cooperative"] += paid
    total = float(gap.sum())
    return gap * (1.0 - paid / total) if total > 0 else gap


def _call_guarantors(
    p: Params, st: TownState, ctx: MonthContext, d: np.ndarray, gap: np.ndarray
) -> np.ndarray:
    """Each defaulter's guarantor pays what it can: its cash, then what relatives and
    moneylenders will lend it. One guarantor may stand behind several loans: paid in order."""
    g = st.guarantor[d]
    has = indices((g >= 0) & (gap > 0.5))  # nothing left to pay: no call
    if has.size == 0:
        return gap
    gap = gap.copy()
    for i in has:  # defaults in one month are few; a guarantor's cash changes between calls
        gi = int(g[i])
        short = max(float(gap[i]) - max(float(st.cash[gi]), 0.0), 0.0)
        if short > 0:
            informal.borrow(p, st, ctx, np.array([gi]), np.array([short]))
        paid = min(float(gap[i]), max(float(st.cash[gi]), 0.0))
        pay(st, ctx, np.array([gi]), -paid, "guarantor_paid")
        st.loan_books["guarantors"] += paid
        gap[i] -= paid
    gi = g[has]
    # The relationship suffers and the guarantor will be slower to help again (docs/evidence.md#fact-12).
    st.trust[gi] = np.maximum(st.trust[gi] - CALLED_TRUST_LOSS, 0.0)
    np.add.at(st.times_called, gi, 1)
    np.add.at(ctx.guarantor_calls, np.maximum(st.loan_trade[d[has]], 0), 1)
    ctx.note("called_as_guarantor", gi)
    ctx.note("guarantor_was_called", d[has])
    return gap


def _guarantee_fund(p: Params, st: TownState, ctx: MonthContext, gap: np.ndarray) -> np.ndarray:
    """The guarantee fund pays the bank, capped at a share of the lending balance a year
    (docs/evidence.md#guarantee-fund-cap) and by what the fund still has."""
    balance = float(st.loan_principal.sum()) + float(gap.sum())
    room = max(p.policy.guarantee_fund_cap_share * balance - st.fund_paid_this_year, 0.0)
    room = min(room, max(st.sector_cash["fund"], 0.0))
    total = float(gap.sum())
    paid = min(room, total)
    if paid > 0:
        book(st, ctx, "fund_paid", paid)
        st.loan_books["fund"] += paid
    st.fund_paid_this_year += paid
    ctx.fund_paid += paid
    return gap * (1.0 - paid / total) if total > 0 else gap


def update_regime(p: Params, st: TownState, matured: int, defaulted: int) -> None:
    """Arrears over the last 12 months; past the threshold the bank suspends new lending
    (Harbin 2008), and resumes only once arrears fall well below it and some months passed."""
    st.matured_window.append((matured, defaulted))
    st.matured_window[:] = st.matured_window[-ARREARS_WINDOW_MONTHS:]
    st.loans_matured += matured
    st.loans_defaulted += defaulted
    m = sum(x[0] for x in st.matured_window)
    rate = arrears_rate(st) if m >= ARREARS_MIN_LOANS else 0.0
    pol = p.policy
    set_regime(st, rate, pol)


def set_regime(st, rate: float, pol) -> None:
    """Lending stops when arrears pass the suspend line and resumes once they are under the
    resume line after the minimum pause (one rule for a lone town and each town of a batch)."""
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
    """Share of the loans that fell due in the last 12 months that were not repaid."""
    m = sum(x[0] for x in st.matured_window)
    return sum(x[1] for x in st.matured_window) / m if m else 0.0
