"""`choice.choose_paths` for every town of a batch at once (see rules/batched.py for the rules
of byte-identity): the month's two draws from each town's own generator, who acts and what
each chooses element-wise over the flat columns; a trade's choice (its own draws, sized by how
many chose a business) and migration (cash and lenders) stay each town's own calls, in the
town's order."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.core.rules import choice as rule
from game.core.rules.household import status_in
from game.core.rules.informal import living_cost
from game.core.state import Status

if TYPE_CHECKING:
    from game.core.batch import Batch


def _split(batch: Batch, idx: np.ndarray) -> list[np.ndarray]:
    """Sorted flat indices as each town's own (local) indices."""
    cut = np.searchsorted(idx, batch.offsets[1:-1])
    return np.split(idx - batch.offsets[batch.run[idx]], cut)


def _lures(batch: Batch, runs: np.ndarray) -> np.ndarray:
    """`choice.business_lure` of each town (computed only for the towns in `runs`)."""
    lure = np.zeros(batch.runs)
    for r in runs.tolist():
        e = batch.engines[r]
        lure[r] = rule.business_lure(e.params, e.state)
    return lure


def _plan(batch: Batch, plan: np.ndarray) -> None:
    """Households `plan` (flat, sorted) plan a business: each town chooses their trades."""
    cols = batch.columns
    cols["plans_business"][plan] = True
    for e, local in zip(batch.engines, _split(batch, plan), strict=True):
        if local.size:
            e.state.planned_trade[local] = rule.choose_trades(
                e.params, e.state, e.ctx, local, e.trade_arrays
            )


def choose_paths(batch: Batch) -> None:
    e0 = batch.engines[0]
    p = e0.params
    b, pol, n = p.behaviour, p.policy, e0.state.n
    cols = batch.columns
    u_act = np.empty((batch.runs, n))
    u_path = np.empty((batch.runs, n))
    for r, e in enumerate(batch.engines):
        rng = e.ctx.rng["choice"]
        u_act[r], u_path[r] = rng.random(n), rng.random(n)
    ua, up = u_act.ravel(), u_path.ravel()
    free = ~cols["is_player"] & ~cols["plans_business"]
    acting = np.flatnonzero(
        status_in(cols["status"], rule.SEEKING) & free & (ua < b.decision_rate_per_month)
    )

    # choice._employed_consider_business
    rate = b.decision_rate_per_month * rule.EMPLOYED_LOOKING
    who = np.flatnonzero((cols["status"] == Status.WAGE_JOB) & free & (ua < rate))
    if who.size:
        lure = _lures(batch, np.unique(batch.run[who]))
        p_business = b.entry_propensity * lure[batch.run[who]] * rule.NOT_LAID_OFF_ENTRY
        p_business = p_business * b.entry_after_failure ** cols["businesses_opened"][who].astype(
            "f8"
        )
        _plan(batch, who[up[who] < p_business])
    if acting.size == 0:
        return
    flat = batch.flat_state()
    retiring = rule.retirement_eligible(p, flat, acting) & (up[acting] < rule.RETIRE_TAKE_UP)
    retire = acting[retiring]
    cols["status"][retire] = Status.RETIRED
    cols["status_months"][retire] = 0
    rest = acting[~retiring]
    # The lure after the retirements (they change the day labourers behind the yardstick).
    lure = _lures(batch, np.unique(batch.run[rest]))
    living = living_cost(p, flat)

    p_business = (
        b.entry_propensity
        * lure[batch.run[rest]]
        * np.where(cols["blacklisted"][rest], rule.BLACKLISTED_ENTRY, 1.0)
    )
    p_business = p_business * np.where(
        cols["laid_off_month"][rest] >= 0, 1.0, rule.NOT_LAID_OFF_ENTRY
    )
    p_business = p_business * b.entry_after_failure ** cols["businesses_opened"][rest].astype("f8")
    p_migrate = np.full(rest.size, b.migration_propensity if pol.migration_enabled else 0.0)
    stress = np.clip(
        1.0 - cols["cash"][rest] / (b.migration_stress_months * living[rest]), 0.0, 1.0
    )
    p_migrate = p_migrate * (0.5 + stress) * np.where(cols["dependants"][rest] >= 3, 0.5, 1.0)
    p_retrain = np.where(cols["retrained"][rest], 0.0, b.retraining_propensity)
    u = up[rest]
    c1 = p_business
    c2 = c1 + p_migrate
    c3 = c2 + p_retrain
    plan = rest[u < c1]
    leave = rest[(u >= c1) & (u < c2)]
    retrain = rest[(u >= c2) & (u < c3)]
    search = rest[u >= c3]
    if plan.size:
        _plan(batch, plan)
    if leave.size:
        for e, local in zip(batch.engines, _split(batch, leave), strict=True):
            if local.size:
                rule.migrate(e.params, e.state, e.ctx, local)
        stayed = leave[cols["status"][leave] != Status.MIGRATED]
        search = np.sort(np.concatenate([search, stayed]))
    cols["status"][retrain] = Status.RETRAINING
    cols["status_months"][retrain] = 0
    cols["retrain_months_left"][retrain] = pol.retraining_months
    thin = (cols["ui_months_left"][search] <= 0) & (
        cols["cash"][search] < b.day_labour_cash_months * living[search]
    )
    to_day = search[thin & (cols["status"][search] != Status.DAY_LABOUR)]
    cols["status"][to_day] = Status.DAY_LABOUR
    cols["status_months"][to_day] = 0
    to_search = search[cols["status"][search] == Status.LAID_OFF]
    cols["status"][to_search] = Status.JOB_SEARCH
    cols["status_months"][to_search] = 0
