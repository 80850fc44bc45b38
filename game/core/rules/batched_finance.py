"""The loan's monthly rules for every town of a batch at once (rules/batched.py says how each
town keeps the bytes it has alone): `finance.resolve_certificates`, `household.spending_pools`,
`finance.interest` and `finance.mature_loans`. What is due, extended, renewed, borrowed and
repaid is worked out for all towns with the same numpy calls; each town's totals are sums over
its own households in its own order; a default stays the town's own call (defaults are few,
and a town's guarantors are called one after another)."""

from __future__ import annotations

from operator import attrgetter

import numpy as np

from game.core.rules import finance, market
from game.core.rules.batched import (
    Batch,
    note,
    outside_options,
    pay_segments,
    segment_sums,
    segments,
)
from game.core.rules.batched_household import borrow
from game.core.rules.codes import S
from game.core.rules.context import book, trade_column
from game.core.rules.informal import living_cost
from game.core.state import Cert


def resolve_certificates(batch: Batch) -> None:
    e0 = batch.engines[0]
    n = e0.state.n
    u = np.empty((batch.runs, n))
    for r, e in enumerate(batch.engines):
        e.ctx.rng["finance"].random(out=u[r])  # drawn in place: the numbers random(n) gives
    cert = batch.column("cert")
    ready = (cert == Cert.PENDING) & (batch.column("cert_ready_month") <= batch.month)
    granted = ready & (u < e0.params.policy.certificate_probability)
    refused = ready & ~granted
    cert[granted] = Cert.GRANTED
    cert[refused] = Cert.REFUSED
    note(batch, "certificate_granted", granted)
    note(batch, "certificate_refused", refused)


def spending_pools(batch: Batch) -> None:
    """`household.trade_pools` of every town: (runs, trades) pools, element for element the
    arithmetic of one town's."""
    e0 = batch.engines[0]
    p, n = e0.params, e0.state.n
    workers = np.count_nonzero(batch.column("status") == S.SOE_WORKER, axis=1)
    sources = [e.ctx.pool_sources for e in batch.engines]
    spend = np.array([float(s["spend_total"][0]) for s in sources])
    building = np.array([float(s["building_total"][0]) for s in sources])
    shares = trade_column(p, "budget_share")
    remit_shares = trade_column(p, "remittance_share")
    external = trade_column(p, "external_demand_yuan_per_month") * (n / 500.0)
    mill = p.income.mill_spending_yuan_per_worker_per_month * workers.astype("f8")
    mill_t = mill[:, None] * shares / max(shares.sum(), 1e-9)
    remit_t = (remit_shares / max(remit_shares.sum(), 1e-9))[None, :] * building[:, None]
    from_households = shares[None, :] * spend[:, None] + remit_t
    k = p.market.demand_scale
    by_source = k * np.stack(
        [from_households, np.broadcast_to(external, mill_t.shape), mill_t], axis=1
    )
    pools = by_source[:, 0] + by_source[:, 1] + by_source[:, 2]  # sum(axis=0) of a town's
    for r, (e, s) in enumerate(zip(batch.engines, sources, strict=True)):
        e.ctx.pools = pools[r]
        s["by_source"] = by_source[r]


def interest(batch: Batch) -> None:
    e0 = batch.engines[0]
    pol, cols = e0.params.policy, batch.columns
    principal = cols["loan_principal"]
    owe = np.flatnonzero(principal > 0)
    if owe.size == 0:
        return
    t = np.maximum(cols["loan_trade"][owe], 0)
    micro_profit = e0.trade_arrays["micro_profit"][t]
    borrower_share = market.borrower_interest_share(
        e0.params, micro_profit, cols["loan_extended"][owe]
    )
    rate_m = pol.loan_interest_rate_per_year / 12.0
    each = principal[owe] * rate_m * (1.0 - borrower_share)
    for e, (a, z) in zip(batch.engines, segments(batch, owe), strict=True):
        if z > a:
            subsidy = float(each[a:z].sum())
            if subsidy > 0:
                book(e.state, e.ctx, "interest_subsidy", subsidy)


def mature_loans(batch: Batch) -> None:
    e0 = batch.engines[0]
    p, cols, engines = e0.params, batch.columns, batch.engines
    pol = p.policy
    if batch.month % 12 == 0:
        for e in engines:
            e.state.fund_paid_this_year = 0.0  # the fund's cap is a yearly one
    principal, due_month = cols["loan_principal"], cols["loan_due_month"]
    due = np.flatnonzero((principal > 0) & (due_month == batch.month))
    agreed = _guarantors_agree(batch, due)
    if pol.loan_extension_months > 0 and due.size:
        short = (
            (cols["cash"][due] < principal[due])
            & ~cols["loan_extended"][due]
            & ~cols["is_player"][due]
            & finance.viable(batch.flat_state(), due)
            & agreed
        )
        ext = due[short]
        due_month[ext] += pol.loan_extension_months
        cols["loan_extended"][ext] = True
        note(batch, "loan_extended", None, ext, only=[z > a for a, z in segments(batch, due)])
        due, agreed = due[~short], agreed[~short]
    due = _renew(batch, due, agreed)
    bounds = segments(batch, due)
    some = [z > a for a, z in bounds]
    defaulted = np.zeros(0, bool)
    if due.size:
        defaulted = _settle(batch, due, bounds, some)
    # each town's loans fallen due (its renewals included) and defaults, as Python ints
    matured = np.diff(np.searchsorted(due, batch.offsets)) + np.array(list(map(_RENEWED, engines)))
    if defaulted.any():
        defaults = np.bincount(batch.run[due[defaulted]], minlength=batch.runs).tolist()
    else:
        defaults = [0] * batch.runs
    rates = _update_regimes(p, engines, matured.tolist(), defaults)
    # (each town's `finance.arrears_rate` after the month's loans: the town table's)
    batch.__dict__["_arrears_rates"] = (batch.month, engines, rates)
    cols["guarantor"][due] = -1


_RENEWED = attrgetter("ctx.renewed")


def _update_regimes(p, engines: list, matured: list[int], defaulted: list[int]) -> list[float]:
    """`finance.update_regime(p, state, matured, defaulted)` of every town, its steps written
    out (a call per town, and the state's attribute hook, cost more than the steps); returns
    each town's `finance.arrears_rate` after it."""
    rates = []
    pol = p.policy
    keep, least = finance.ARREARS_WINDOW_MONTHS, finance.ARREARS_MIN_LOANS
    for e, m_now, d_now in zip(engines, matured, defaulted, strict=True):
        st = e.state
        window = st.matured_window
        window.append((m_now, d_now))
        if len(window) > keep:
            del window[:-keep]  # (the list itself keeps the last months, as `[:] =` keeps them)
        kept = st.__dict__  # (not columns: written as `object.__setattr__` writes them)
        kept["loans_matured"] = st.loans_matured + m_now
        kept["loans_defaulted"] = st.loans_defaulted + d_now
        m = d = 0
        for a, b in window:
            m += a
            d += b
        rate = d / m if m else 0.0  # finance.arrears_rate
        rates.append(rate)
        finance.set_regime(st, rate if m >= least else 0.0, pol)
    return rates


def _guarantors_agree(batch: Batch, due: np.ndarray) -> np.ndarray:
    """`finance.guarantor_agrees` for the loans due (flat, sorted) of every town: each town with
    loans due draws from its own stream, as alone."""
    e0 = batch.engines[0]
    p, n = e0.params, e0.state.n
    if due.size == 0 or not finance.asks_guarantors(p):
        return np.ones(due.size, bool)
    offset = batch.offsets[batch.run[due]]
    mine = due - offset
    u = np.zeros(due.size)
    for e, (a, z) in zip(batch.engines, segments(batch, due), strict=True):
        if z > a:
            u[a:z] = e.ctx.rng["finance"].random(n)[mine[a:z]]
    g = batch.columns["guarantor"][due]
    flat = batch.flat_state()
    asked = np.where(g >= 0, g + offset, 0)
    willing = finance.guarantor_willingness(p, flat, asked)
    willing = willing * finance.borrower_standing(p, flat, due)
    return np.where(g >= 0, (u < willing) & ~batch.columns["is_player"][asked], True)


def _settle(batch: Batch, due: np.ndarray, bounds: list, some: list) -> np.ndarray:
    """The loans still due: relatives and moneylenders close the gap while they will, the
    borrower repays from cash, what is left is a default. Returns which defaulted."""
    cols = batch.columns
    k = batch.engines[0].state.n_trades
    principal, cash = cols["loan_principal"], cols["cash"]
    owed = principal[due].astype("f8")
    t = np.maximum(cols["loan_trade"][due], 0)
    gap = np.maximum(owed - np.maximum(cash[due], 0.0), 0.0)
    need = gap > 0
    if need.any():
        borrow(batch, due[need], gap[need])
    from_cash = np.minimum(np.maximum(cash[due], 0.0), owed)
    _repay(batch, due, bounds, from_cash, some)
    gap = owed - from_cash
    defaulted = gap > 0.5
    principal[due] = 0.0
    cols["loan_due_month"][due] = 0
    matured = _per_trade(batch, due, t, k)
    for e, on, m in zip(batch.engines, some, matured, strict=True):
        if on:
            e.ctx.matured += m
    if defaulted.any():
        local = due - batch.offsets[batch.run[due]]
        for e, (a, z) in zip(batch.engines, bounds, strict=True):
            d = np.flatnonzero(defaulted[a:z]) + a
            if d.size:
                finance.settle_defaults(e.params, e.state, e.ctx, local[d], t[d], gap[d])
    return defaulted


def _per_trade(batch: Batch, who: np.ndarray, t: np.ndarray, k: int) -> np.ndarray:
    """How many of the flat households `who` (trades `t`) each town has per trade (runs, k)."""
    return np.bincount(batch.run[who] * k + t, minlength=batch.runs * k).reshape(batch.runs, k)


def _repay(batch: Batch, who: np.ndarray, bounds: list, amount: np.ndarray, some: list) -> None:
    """`finance.repay` for the borrowers `who` (flat, sorted) of the towns in `some`."""
    pay_segments(batch, who, bounds, -amount, "loan_repaid", skip=some)
    repaid = segment_sums(amount, bounds).tolist()  # each town's sum, as alone
    for e, total, on in zip(batch.engines, repaid, some, strict=True):
        if on:
            e.state.loan_books["repaid"] += total
    principal = batch.columns["loan_principal"]
    principal[who] -= amount
    done = who[principal[who] <= 0.5]
    principal[done] = 0.0
    batch.columns["guarantor"][done] = -1


def _renew(batch: Batch, due: np.ndarray, agreed: np.ndarray) -> np.ndarray:
    """`finance._renew` for every town (`agreed`: the guarantors' answers): returns the loans
    still due."""
    e0 = batch.engines[0]
    p, cols = e0.params, batch.columns
    pol = p.policy
    if due.size == 0 or pol.loan_renewals <= 0:
        return due
    offered = batch.loans_offered()  # (each town's: a town without loans renews none)
    if not offered.any():
        return due
    if pol.loan_ceiling_yuan <= 0:
        return due
    principal, cash = cols["loan_principal"], cols["cash"]
    flat = batch.flat_state()
    spare = np.maximum(cash[due] - 2.0 * living_cost(p, flat)[due], 0.0)
    # The yardstick is each town's own scalar, compared as the town compares it (a Python
    # float against a float32 column compares in float32).
    paid_enough = np.empty(due.size, bool)
    bounds = segments(batch, due)
    profit_avg = cols["profit_avg"][due]
    yardstick = outside_options(batch).tolist()
    for r, (a, z) in enumerate(bounds):
        if z > a:
            paid_enough[a:z] = profit_avg[a:z] >= yardstick[r]
    renew = (
        (cash[due] < principal[due])
        & ~cols["is_player"][due]
        & finance.viable(flat, due)
        & paid_enough
        & (spare >= finance.RENEWAL_MIN_SHARE * principal[due])
        & (cols["loan_renewals"][due] < pol.loan_renewals)
        & (principal[due] <= pol.loan_ceiling_yuan)
        & agreed
        & offered[batch.run[due]]
    )
    r = due[renew]
    if r.size == 0:
        return due
    k = e0.state.n_trades
    rb = segments(batch, r)
    some = [z > a for a, z in rb]
    part = np.minimum(spare[renew], pol.renewal_repayment_share * principal[r])
    _repay(batch, r, rb, part, some)
    trade = np.maximum(cols["loan_trade"][r], 0)
    left = principal[r] > 0
    paid_off = _per_trade(batch, r[~left], trade[~left], k)
    renewed = _per_trade(batch, r[left], trade[left], k)
    amounts = principal[r]
    for e, (a, z), on, off, again in zip(batch.engines, rb, some, paid_off, renewed, strict=True):
        if not on:
            continue
        ctx, st = e.ctx, e.state
        ctx.matured += off
        amount = float(amounts[a:z][left[a:z]].sum())
        book(st, ctx, "loan_repaid", amount)
        book(st, ctx, "loan_disbursed", amount)
        st.loan_books["repaid"] += amount
        st.loan_books["disbursed"] += amount
        ctx.matured += again
        ctx.renewed += z - a
    again = r[left]
    cols["loan_due_month"][again] = batch.month + pol.loan_term_months
    cols["loan_extended"][again] = False
    cols["loan_renewals"][again] += 1
    note(batch, "loan_renewed", None, again, only=some)
    return due[~renew]


__all__ = ["interest", "mature_loans", "resolve_certificates", "spending_pools"]
