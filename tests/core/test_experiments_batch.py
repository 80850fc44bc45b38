"""The stylized-fact experiments step their towns as batches and read shorter horizons on the
way to the longest (game/core/experiments.py): the numbers must be those of towns run alone
and of runs stopped at that month. Two seeds each, so these stay cheap."""

from dataclasses import replace

import numpy as np

from game.core import experiments as ex
from game.core.engine import Engine
from game.core.params import Params
from game.core.rules import market
from game.core.state import Status

P = Params()
SEEDS = (0, 1)


def _lone_returns_to_capital(p, seeds, grant=10_000.0, at=6, months=6, share=0.2) -> dict:
    """The grant experiment with each town alone: the control town, then the treated one."""
    heavy, others = [], []
    for s in seeds:
        profits = []
        for give in (False, True):
            e = Engine(replace(p, months=at + months), seed=s, players=())
            e.run(at)
            open_ = np.flatnonzero(e.state.status == Status.SELF_EMPLOYED)
            rng = np.random.default_rng(np.random.SeedSequence(s, spawn_key=(77,)))
            owners = open_[rng.random(open_.size) < share]
            if give:
                e.state.capital[owners] += grant
            profit = np.zeros(owners.size)
            for _ in range(months):
                e.end_month()
                profit += np.where(e.state.trade[owners] >= 0, e.state.profit[owners], 0.0)
            profits.append(profit / months)
        gain = (profits[1] - profits[0]) / grant
        burden = market.burdened(e.state, owners)
        heavy.append(float(np.mean(gain[burden])) if burden.any() else np.nan)
        others.append(float(np.mean(gain[~burden])))
    return {"heavy_duties": float(np.nanmedian(heavy)), "others": float(np.median(others))}


def test_returns_to_capital_in_a_batch_are_those_of_lone_towns():
    """The grant lands mid-run on a town of the batch (its columns are views of the batch's):
    the treated and control towns side by side give the lone towns' numbers."""
    assert ex.returns_to_capital(P, seeds=SEEDS) == _lone_returns_to_capital(P, SEEDS)


def test_the_credit_and_remittance_worlds_in_a_batch_are_lone_towns():
    """credit_effect and remittance_shock step each world's towns as one batch: the tables they
    read are those of each town run alone."""
    no_loans = replace(P, policy=replace(P.policy, loans_enabled=False))
    cut = replace(ex.calm(P), remittance_index_by_month=[1.0, 1.0, 0.8])
    for q, months in ((no_loans, 18), (cut, 12)):
        for s, e in zip(SEEDS, ex.runs(q, SEEDS, months), strict=True):
            alone = ex.run(q, s, months)
            assert e.metrics.town == alone.metrics.town
            assert e.metrics.trades == alone.metrics.trades


def test_a_horizon_read_on_the_way_equals_a_run_stopped_there():
    """Clustering, labour market, repayment and the credit windows at 24 months, read from towns
    on their way to 36, are the numbers of runs stopped at 24 (no rule reads a run's length)."""
    assert ex.clustering_at(P, SEEDS, (24, 36))[24] == ex.clustering(P, SEEDS, 24)
    assert ex.labour_market_at(P, SEEDS, (24, 36))[24] == ex.labour_market(P, SEEDS, 24)
    assert ex.normal_repayment_at(P, SEEDS, (24, 36))[24] == ex.normal_repayment(P, SEEDS, 24)
    both = ex.credit_effect_windows(P, SEEDS, ((12, 18), (24, 36)))
    assert both[(12, 18)] == ex.credit_effect(P, SEEDS, months=18, window=(12, 18))
    # and the longest horizon is the plain run's
    assert ex.clustering_at(P, SEEDS, (24, 36))[36] == ex.clustering(P, SEEDS, 36)
