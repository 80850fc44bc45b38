"""`labour.job_market`, `labour.migrants`, `business.capital` and `business.exits` for every
town of a batch at once (see rules/batched.py for the rules of byte-identity): each town's
draws from its own generator in its order, element-wise work on the flat columns, each town's
totals from its own slice; closing a business stays each town's own call."""

from __future__ import annotations

import numpy as np

from game.core.rules import business, labour
from game.core.rules.batched import (
    Batch,
    demand_index,
    note,
    outside_options,
    pay_segments,
    segment_sums,
    segments,
)
from game.core.rules.batched_business import close_businesses
from game.core.rules.batched_notes import logged_households
from game.core.rules.codes import S
from game.core.rules.household import status_in
from game.core.rules.informal import living_cost
from game.core.rules.market import burdened, desperation
from game.core.state import Status


def uniforms(batch: Batch, stream: str, count: int) -> list[np.ndarray]:
    """`count` uniform draws per household from each town's `stream`, drawn town by town in
    the town's own order (the first `count` draws of the stream this month), flattened."""
    n = batch.engines[0].state.n
    # One call a town: `count * n` doubles are the draws of `count` calls of `n` in a row (a
    # double is one 64-bit output of the generator, nothing carried between calls).
    drawn = np.empty((batch.runs, count, n))
    for r, e in enumerate(batch.engines):
        e.ctx.rng[stream].random(out=drawn[r])
    return [drawn[:, i].ravel() for i in range(count)]


def _set_status(cols: dict, idx: np.ndarray, status: Status) -> None:
    cols["status"][idx] = status
    cols["status_months"][idx] = 0


def job_market(batch: Batch) -> None:
    e0 = batch.engines[0]
    p, cols = e0.params, batch.columns
    share = p.policy.public_employment_jobs_share
    # the third row serves only the public jobs, drawn (as alone) only when there are any
    u, u2, *public_draws = uniforms(batch, "jobs", 3 if share > 0 else 2)
    flat = batch.flat_state()
    ai = ~cols["is_player"]
    status = cols["status"]
    seek = np.flatnonzero(status_in(status, labour.SEEKING_WORK))
    # labour.offer_probability: each town's offers scaled to its own vacancies
    seek_ai = np.flatnonzero(status_in(status, labour.SEEKING_WORK) & ai)
    search = np.where(status[seek_ai] == S.DAY_LABOUR, labour.DAY_LABOUR_SEARCH, 1.0)
    offer_rate = p.behaviour.job_offer_rate_per_month
    terms = offer_rate * labour.offer_weight(p, flat, seek_ai) * search
    wanted = segment_sums(terms, segments(batch, seek_ai))  # each town's own sum
    at_start = np.array([e.state.wage_jobs_at_start for e in batch.engines], "f8")
    # labour.vacancies, every town
    jobs = p.income.wage_job_separation_rate_per_month * at_start * demand_index(batch)
    asked = wanted > 0
    scale = np.where(asked, np.minimum(1.0, jobs / np.where(asked, wanted, 1.0)), 1.0)
    rate = offer_rate * scale
    prob = np.clip(rate[batch.run[seek]] * labour.offer_weight(p, flat, seek), 0.0, 1.0)
    prob = prob * np.where(status[seek] == S.DAY_LABOUR, labour.DAY_LABOUR_SEARCH, 1.0)
    hired = seek[u[seek] < prob]
    _set_status(cols, hired, Status.WAGE_JOB)
    cols["public_job"][hired] = False
    note(batch, "job_offer", None, hired)
    if public_draws:
        left = seek[(status[seek] != S.WAGE_JOB) & (cols["laid_off_month"][seek] >= 0)]
        public = left[public_draws[0][left] < share]
        _set_status(cols, public, Status.WAGE_JOB)
        cols["public_job"][public] = True
        note(batch, "job_offer", None, public)
    lost = np.flatnonzero(
        (status == S.WAGE_JOB)
        & ~cols["public_job"]
        & (u2 < p.income.wage_job_separation_rate_per_month)
        & ai
    )
    _set_status(cols, lost, Status.JOB_SEARCH)
    note(batch, "job_lost", None, lost)
    course = status == S.RETRAINING
    left_months = cols["retrain_months_left"]
    done = np.flatnonzero(course & (left_months <= 0))
    left_months[course & (left_months > 0)] -= 1
    cols["retrained"][done] = True
    _set_status(cols, done, Status.JOB_SEARCH)
    note(batch, "retraining_done", None, done)


def migrants(batch: Batch) -> None:
    inc, cols = batch.engines[0].params.income, batch.columns
    u, u2 = uniforms(batch, "labour", 2)
    arrears = cols["wage_arrears_left"]
    away = cols["status"] == S.MIGRATED
    arrears[away & (arrears > 0)] -= 1
    cheated = away & (arrears <= 0) & (u < inc.migrant_wage_arrears_rate_per_month)
    arrears[cheated] = labour.ARREARS_MONTHS
    note(batch, "wage_arrears", None, np.flatnonzero(cheated))
    home = np.flatnonzero(
        away & ~cheated & (u2 < inc.migrant_return_rate_per_month) & ~cols["is_player"]
    )
    _set_status(cols, home, Status.JOB_SEARCH)
    arrears[home] = 0
    note(batch, "came_home", None, home)


def capital(batch: Batch) -> None:
    e0 = batch.engines[0]
    p, ta, cols = e0.params, e0.trade_arrays, batch.columns
    m = p.market
    j = np.flatnonzero(cols["status"] == S.SELF_EMPLOYED)
    if j.size == 0:
        return
    bounds = segments(batch, j)
    some = [z > a for a, z in bounds]  # a town without businesses skips the rule
    flat = batch.flat_state()
    t = cols["trade"][j].astype("i8")
    cap = cols["capital"]
    cap[j] *= 1.0 - m.capital_depreciation_per_month
    base = ta["start_up"][t]
    heavy = burdened(flat, j)
    excess = np.maximum(cap[j] - base, 0.0)
    drawn = np.where(heavy, excess * m.household_capture_per_month, 0.0)
    cap[j] -= drawn
    pay_segments(batch, j, bounds, drawn * p.behaviour.salvage_share, "equipment_sold", skip=some)
    reserve = business.INVEST_RESERVE_MONTHS * (living_cost(p, flat)[j] + ta["rent"][t])
    room = np.maximum(m.capital_cap_multiple * base - cap[j], 0.0)
    invest = np.minimum(
        m.reinvest_share_per_month * np.maximum(cols["cash"][j] - reserve, 0.0), room
    )
    invest = np.where(heavy | cols["is_player"][j], 0.0, invest)
    cap[j] += invest
    pay_segments(batch, j, bounds, -invest, "equipment_bought", skip=some)


def exits(batch: Batch) -> None:
    e0 = batch.engines[0]
    p, ta, cols = e0.params, e0.trade_arrays, batch.columns
    b = p.behaviour
    u1, u2, u3 = uniforms(batch, "exit", 3)  # the third: seizures
    flat = batch.flat_state()
    j = np.flatnonzero(cols["status"] == S.SELF_EMPLOYED)
    run_j = batch.run[j]
    k, age = b.learning_months, cols["months_open"][j].astype("f8")
    belief = (k * cols["expected_profit"][j] + age * cols["profit_avg"][j]) / (k + age)
    yardstick = outside_options(batch)
    below = belief < yardstick[run_j]
    months_below = cols["below_outside_months"]
    months_below[j] = np.where(below, months_below[j] + 1, 0)
    evicted = np.zeros(cols["status"].size, bool)
    towns = [e.ctx.notes for e in batch.engines]
    unpaid = logged_households(
        getattr(batch, "notes_log", None), towns, batch.offsets, "rent_unpaid"
    )
    if unpaid is not None:  # (as the month's log holds them: every town at once)
        evicted[unpaid] = True
    else:
        for notes, off in zip(towns, batch.offsets[:-1].tolist(), strict=True):
            evicted[off + notes.get("rent_unpaid", np.zeros(0, "i8"))] = True
    hopeless = evicted[j]
    calm = b.calm_exit_share
    p_tired = b.exit_probability_when_below * (
        calm + (1.0 - calm) * desperation(p, flat, j, month=batch.month)
    )
    p_tired = p_tired * np.where(cols["loan_principal"][j] > 0, business.BORROWER_PATIENCE, 1.0)
    tired = (months_below[j] >= b.months_below_outside_before_exit) & (u2[j] < p_tired)
    life = u1[j] < 1.0 - (1.0 - b.life_event_exit_rate_per_year) ** (1.0 / 12.0)
    ai = ~cols["is_player"][j]
    seized = u3[j] < ta["seizure_rate"][cols["trade"][j].astype("i8")]
    cols["capital"][j[seized]] = 0.0
    note(batch, "seized", None, j[seized])
    close = hopeless | seized | (ai & (tired | life))
    closing = j[close]
    close_businesses(batch, closing)
    note(batch, "closed_hopeless", None, j[close & hopeless])
