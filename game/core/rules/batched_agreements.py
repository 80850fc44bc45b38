"""`agreements.agreements` for every town of a batch at once (see rules/batched.py for the
rules of byte-identity): each town's three draws from its own generator, the members' payoffs
and the trades' tallies grouped by (run, trade)."""

from __future__ import annotations

import numpy as np

from game.core.rules import agreements as rule
from game.core.rules.batched import Batch, note, stacked
from game.core.rules.codes import S
from game.core.rules.market import desperation, shares


def agreements(batch: Batch) -> None:
    e0 = batch.engines[0]
    p = e0.params
    b, runs, k, n = p.behaviour, batch.runs, e0.state.n_trades, e0.state.n
    cols = batch.columns
    # each town's draws, in its own order: random(k) then random(n) are the k + n doubles of
    # one call (a double is one output, nothing carried between calls), drawn in place
    uniform = np.empty((runs, k + n))
    noise = np.empty((runs, n))
    for r, e in enumerate(batch.engines):
        rng = e.ctx.rng["agreements"]
        rng.random(out=uniform[r])
        noise[r] = rng.logistic(0.0, b.defection_noise_yuan, n)
    u_form, noise_flat = uniform[:, :k], noise.ravel()
    flat = batch.flat_state()
    j = np.flatnonzero(cols["status"] == S.SELF_EMPLOYED)
    # the sellers' u_member: household i of town r (rows r * n on: the towns are of one size)
    # is at r * (k + n) + k + i - r * n of the draws
    u_member_j = uniform.ravel()[j + (batch.run[j] + 1) * k]
    t = cols["trade"][j].astype("i8")
    g = batch.run[j] * k + t
    n_t = np.bincount(g, minlength=runs * k)
    stress = desperation(p, flat, j, month=batch.month)
    mean_stress = np.bincount(g, weights=stress, minlength=runs * k) / np.maximum(n_t, 1)
    states = [e.state for e in batch.engines]
    # each town's cooldowns a month shorter: only the towns with one running change
    cool = stacked([st.agreement_cooldown for st in states])
    cooling = np.flatnonzero(cool.any(axis=1)).tolist()
    if cooling:
        cool = np.maximum(cool - 1, 0)
        for r in cooling:
            states[r].agreement_cooldown[:] = cool[r]
    active = stacked([st.agreement_active for st in states]).ravel()
    pools_rt = stacked(
        [e.ctx.pools if e.ctx.pools.size else e.state.pool_last.astype("f8") for e in batch.engines]
    )
    pools = pools_rt.ravel()

    member = cols["in_agreement"][j] & active[g] & ~cols["is_player"][j]
    defect = np.zeros(j.size, bool)
    if member.any():
        jm = j[member]
        gain = _defection_payoff(batch, j, jm, g[member], pools, pools_rt)
        defect[member] = gain + noise_flat[jm] > 0
    cols["in_agreement"][j[defect]] = False
    note(batch, "agreement_defected", None, j[defect])
    in_it = cols["in_agreement"][j] & active[g]
    members_left = np.bincount(g, weights=in_it, minlength=runs * k)
    collapse = active & (members_left < (1.0 - b.agreement_collapse_share) * np.maximum(n_t, 1))
    collapse |= active & (n_t < 2)
    active[collapse] = False
    collapse_rt = collapse.reshape(runs, k)
    for r in np.flatnonzero(collapse_rt.any(axis=1)).tolist():  # (the towns with a collapse)
        st = states[r]
        st.agreement_active[collapse_rt[r]] = False
        st.agreement_cooldown[collapse_rt[r]] = b.agreement_cooling_off_months
    broke = collapse[g]
    cols["in_agreement"][j[broke]] = False
    note(batch, "agreement_collapsed", None, j[broke])

    joiner = active[g] & ~cols["in_agreement"][j] & ~cols["is_player"][j]
    joiner &= cols["months_open"][j] <= 1
    cols["in_agreement"][j[joiner & (u_member_j < b.agreement_join_probability)]] = True

    cooldown = stacked([st.agreement_cooldown for st in states]).ravel()
    can_form = (
        ~active
        & (cooldown == 0)
        & (n_t >= 2)
        & (n_t <= b.agreement_max_sellers)
        & (mean_stress < 0.5)
    )
    form = (can_form & (u_form.ravel() < b.agreement_form_probability)).reshape(runs, k)
    forming = form.any(axis=1)
    if forming.any():
        _start(batch, form, forming, j, t, g)


def _start(batch: Batch, form: np.ndarray, forming: np.ndarray, j, t, g) -> None:
    """`agreements.start` in the trades `form` (runs, trades) of every town: a floor a little
    above the going price, every AI seller of the trade joins (`j`, `t`, `g`: the sellers,
    their trades and (run, trade) groups, as at the rule's start: no one opened or closed)."""
    cols = batch.columns
    markup = 1.0 + batch.engines[0].params.behaviour.agreement_markup
    states = [e.state for e in batch.engines]
    for r in np.flatnonzero(forming).tolist():
        st, trades = states[r], np.flatnonzero(form[r])
        st.agreement_active[trades] = True
        st.agreement_floor[trades] = st.going_price[trades] * markup
    floor = stacked([st.agreement_floor for st in states]).ravel()
    now = np.zeros(j.size, bool)
    traded = t >= 0
    now[traded] = form.ravel()[g[traded]]
    joins = now & ~cols["is_player"][j]
    who = j[joins]
    cols["in_agreement"][who] = True
    cols["price"][who] = np.maximum(cols["price"][who], floor[g[joins]])
    note(batch, "agreement_formed", None, j[now], only=forming.tolist())


def _defection_payoff(
    batch: Batch, j: np.ndarray, jm: np.ndarray, gm: np.ndarray, pools, pools_rt
) -> np.ndarray:
    """`agreements.defection_payoff` for the members `jm` (groups `gm`) of every town: each
    member's share from its town's market this month (or recomputed, as alone, where the
    sellers changed since)."""
    e0 = batch.engines[0]
    p, ta = e0.params, e0.trade_arrays
    cols = batch.columns
    cut_at = np.searchsorted(j, batch.offsets).tolist()
    has_members = np.bincount(batch.run[jm], minlength=batch.runs) > 0
    parts = []
    for r, e in enumerate(batch.engines):
        count = cut_at[r + 1] - cut_at[r]
        s = e.ctx.pool_sources.get("seller_share")
        if s is None or s.size != count:
            if not has_members[r]:
                s = np.zeros(count)  # no member reads it
            else:
                st = e.state
                all_j = j[cut_at[r] : cut_at[r + 1]] - batch.offsets[r]
                all_t = st.trade[all_j].astype("i8")
                s, _ = shares(p, st, all_j, all_t, st.price[all_j].astype("f8"), pools_rt[r], ta)
        parts.append(s)
    s = np.concatenate(parts)[np.searchsorted(j, jm)]
    t = cols["trade"][jm].astype("i8")
    price = cols["price"][jm].astype("f8")
    sensitivity = stacked([e.state.price_sensitivity for e in batch.engines]).ravel()
    sigma = sensitivity[gm] * p.market.price_sensitivity_scale
    stress = desperation(p, batch.flat_state(), jm, batch.month)
    return rule.defection_gain(p, s, sigma, pools[gm], price, ta["unit_cost"][t], stress)
