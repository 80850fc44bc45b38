"""The 2002 rules on an extension (docs/evidence.md#loan-2002, PBoC 2002 No.394): the loan is
extended only if the guarantor agrees, and the state stops paying the interest while it runs.
The guarantor decides as it does on a new loan; a no sends the loan down the path of any loan
falling due (a scenario knob, off by default: docs/model.md, fact 4). A batch of towns steps
the rules as its towns do alone."""

from dataclasses import replace

import numpy as np
import pytest

from game.core import commands as c
from game.core.batch import Batch
from game.core.engine import Engine
from game.core.params import Params
from game.core.rules import finance, market
from game.core.state import Status

BORROWER, GUARANTOR = 10, 20


def town(**policy) -> Engine:
    p = Params(months=24)
    return Engine(replace(p, policy=replace(p.policy, **policy)), seed=5, players=(0,))


def falling_due(e: Engine, *, guarantor_trust: float) -> None:
    """An AI noodle seller whose business covers its costs but who lacks the cash for its loan,
    due this month; its guarantor is well off and trusts it as much as `guarantor_trust`."""
    st, b, g = e.state, BORROWER, GUARANTOR
    st.status[b], st.trade[b], st.loan_trade[b] = Status.SELF_EMPLOYED, 0, 0
    st.profit_avg[b] = 1.0  # covers its costs, far below day labour's pay: no renewal
    st.cash[b], st.informal_debt[b], st.trust[b] = 100.0, 0.0, 1.0
    st.loan_principal[b], st.loan_due_month[b] = 10_000.0, e.ctx.month
    st.loan_extended[b], st.guarantor[b] = False, g
    st.status[g], st.cash[g], st.informal_debt[g] = Status.SOE_WORKER, 1e6, 0.0
    st.trust[g], st.times_called[g], st.blacklisted[g] = guarantor_trust, 0, False


def mature(e: Engine) -> None:
    finance.mature_loans(e.params, e.state, e.ctx, e.state.loan_trade)


def test_a_willing_guarantor_lets_the_loan_run_a_year_longer():
    e = town(guarantor_base_willingness=1.0, extension_needs_guarantor=True)
    falling_due(e, guarantor_trust=1.0)  # willingness 1: always yes
    due = int(e.state.loan_due_month[BORROWER])
    mature(e)
    assert e.state.loan_extended[BORROWER]
    assert e.state.loan_due_month[BORROWER] == due + e.params.policy.loan_extension_months
    assert e.state.loan_principal[BORROWER] == 10_000.0


def test_a_guarantor_who_says_no_leaves_the_loan_to_fall_due():
    e = town(guarantor_base_willingness=1.0, extension_needs_guarantor=True)
    falling_due(e, guarantor_trust=0.0)  # willingness 0: always no
    mature(e)
    assert not e.state.loan_extended[BORROWER]
    assert e.state.loan_principal[BORROWER] == 0.0  # repaid with relatives' money or defaulted
    assert e.state.loan_due_month[BORROWER] == 0


def test_by_default_the_guarantor_is_not_asked():
    """Off by default: asked as for a new loan, guarantors refused about half of all extensions
    and the recovery after a crisis failed (docs/model.md, fact 4)."""
    assert not Params().policy.extension_needs_guarantor
    e = town(guarantor_base_willingness=1.0)
    falling_due(e, guarantor_trust=0.0)
    mature(e)
    assert e.state.loan_extended[BORROWER]


def test_no_subsidy_during_an_extension():
    p = Params()
    assert not p.policy.subsidy_during_extension
    micro = np.array([True, True, False, False])
    extended = np.array([False, True, False, True])
    share = p.policy.borrower_interest_share
    assert market.borrower_interest_share(p, micro, extended).tolist() == [share, 1, 1, 1]
    paid_on = replace(p, policy=replace(p.policy, subsidy_during_extension=True))
    assert market.borrower_interest_share(paid_on, micro, extended).tolist() == [
        share,
        share,
        1,
        1,
    ]


def test_the_extended_borrower_pays_the_interest_the_state_paid_before():
    """The same seller, month, sales: extended, its own interest bill is the loan's interest
    and the state's subsidy to the bank for it is gone (the default)."""
    bills = {}
    for extended in (False, True):
        e = town(guarantor_base_willingness=1.0)
        falling_due(e, guarantor_trust=1.0)
        e.state.loan_extended[BORROWER] = extended
        e.state.loan_principal[e.state.loan_principal > 0] = 0.0
        e.state.loan_principal[BORROWER] = 10_000.0
        finance.interest(e.params, e.state, e.ctx, e.trade_arrays)
        e.ctx.pools = np.full(e.state.n_trades, 1e5)
        market.sell(e.params, e.state, e.ctx, e.trade_arrays)
        bills[extended] = (
            e.ctx.flows.get("interest_subsidy", 0.0),
            e.ctx.flows.get("loan_interest", 0.0),
        )
    month_interest = 10_000.0 * e.params.policy.loan_interest_rate_per_year / 12.0
    assert bills[False] == pytest.approx((month_interest, 0.0))
    assert bills[True] == pytest.approx((0.0, month_interest))


def _player_with_a_loan_due(trust: float) -> tuple[Engine, int]:
    e = town(guarantor_base_willingness=1.0, extension_needs_guarantor=True)
    h = e.players[0]
    falling_due(e, guarantor_trust=trust)
    st = e.state
    st.status[h], st.trade[h], st.loan_trade[h], st.profit_avg[h] = Status.SELF_EMPLOYED, 0, 0, 1.0
    st.trust[h], st.informal_debt[h] = 1.0, 0.0
    st.loan_principal[h], st.loan_due_month[h] = 8_000.0, st.month + 1
    st.loan_extended[h], st.guarantor[h] = False, GUARANTOR
    return e, h


def test_the_players_guarantor_is_asked_for_an_extension():
    e, h = _player_with_a_loan_due(trust=0.0)
    due = int(e.state.loan_due_month[h])
    assert e.submit(c.ExtendLoan(h)) == []
    assert e.outcomes[-1]["outcome"] == "extension_refused"
    assert e.state.loan_due_month[h] == due and not e.state.loan_extended[h]

    e, h = _player_with_a_loan_due(trust=1.0)
    assert e.submit(c.ExtendLoan(h)) == []
    assert e.outcomes[-1]["outcome"] == "loan_extended"
    assert e.state.loan_due_month[h] == due + e.params.policy.loan_extension_months


def test_a_batch_asks_each_towns_guarantors_as_the_town_does_alone():
    """Guarantors who often say no (short loans fall due often), stepped as a batch and alone:
    the same bytes; and asking them changes the runs, so the check means something."""
    p = Params(months=36)
    policy = replace(
        p.policy, loan_term_months=6, guarantor_base_willingness=0.3, extension_needs_guarantor=True
    )
    params = replace(p, policy=policy)
    seeds = (3, 4, 11)
    batch = Batch(params, seeds, players=(0,))
    assert batch.shared_params() is not None
    batch.run_months()
    for seed, eng in zip(seeds, batch.engines, strict=True):
        alone = Engine(params, seed=seed, players=(0,))
        alone.run()
        assert eng.hashes == alone.hashes, f"seed {seed}"
    unasked = replace(params, policy=replace(policy, extension_needs_guarantor=False))
    other = Engine(unasked, seed=seeds[0], players=(0,))
    other.run()
    assert other.hashes[-1] != batch.engines[0].hashes[-1]
