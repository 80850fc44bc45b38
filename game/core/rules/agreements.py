"""Price agreements: the only collective action left to sellers (evidence.md claim 6, fact 11).

Sellers of a trade may agree on a price floor when they are few and calm. Each month every
member may defect (undercut), more likely the more stressed it is and the more sellers there
are; when defection spreads the agreement collapses, and a cooling-off year follows.
Loops run over trades (a handful), never over sellers.
"""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules.context import MonthContext
from game.core.rules.market import desperation
from game.core.state import Status, TownState

COOLING_OFF_MONTHS = 12


def agreements(p: Params, st: TownState, ctx: MonthContext) -> None:
    b = p.behaviour
    rng = ctx.rng["agreements"]
    u_form = rng.random(st.n_trades)
    u_member = rng.random(st.n)
    j = np.flatnonzero(st.status == Status.SELF_EMPLOYED)
    t = st.trade[j].astype("i8")
    n_t = np.bincount(t, minlength=st.n_trades)
    stress = desperation(p, st, j)
    mean_stress = np.bincount(t, weights=stress, minlength=st.n_trades) / np.maximum(n_t, 1)
    st.agreement_cooldown[:] = np.maximum(st.agreement_cooldown - 1, 0)

    # Defection by members of working agreements.
    member = st.in_agreement[j] & st.agreement_active[t]
    p_defect = b.defect_base + b.defect_per_stress * stress + b.defect_per_seller * n_t[t]
    defect = member & (u_member[j] < p_defect) & ~st.is_player[j]
    st.in_agreement[j[defect]] = False
    ctx.note("agreement_defected", j[defect])
    members_left = np.bincount(t, weights=(member & ~defect), minlength=st.n_trades)
    collapse = st.agreement_active & (
        members_left < (1.0 - b.agreement_collapse_share) * np.maximum(n_t, 1)
    )
    collapse |= st.agreement_active & (n_t < 2)
    st.agreement_active[collapse] = False
    st.agreement_cooldown[collapse] = COOLING_OFF_MONTHS
    broke = collapse[t]
    st.in_agreement[j[broke]] = False
    ctx.note("agreement_collapsed", j[broke])

    # Newcomers to a working agreement are asked to join; AI sellers mostly do.
    joiner = (
        st.agreement_active[t] & ~st.in_agreement[j] & ~st.is_player[j] & (st.months_open[j] <= 1)
    )
    st.in_agreement[j[joiner & (u_member[j] < 0.6)]] = True

    # New agreements among few, calm sellers.
    can_form = (
        ~st.agreement_active
        & (st.agreement_cooldown == 0)
        & (n_t >= 2)
        & (n_t <= b.agreement_max_sellers)
        & (mean_stress < 0.5)
    )
    form = can_form & (u_form < b.agreement_form_probability)
    if form.any():
        st.agreement_active[form] = True
        st.agreement_floor[form] = st.going_price[form] * (1.0 + b.agreement_markup)
        joins = form[t] & ~st.is_player[j]
        st.in_agreement[j[joins]] = True
        st.price[j[joins]] = np.maximum(st.price[j[joins]], st.agreement_floor[t[joins]])
        ctx.note("agreement_formed", j[form[t]])


def agreement_share(st: TownState) -> float:
    """Share of sellers in a working price agreement: the town's solidarity."""
    j = st.status == Status.SELF_EMPLOYED
    if not j.any():
        return 0.0
    t = np.maximum(st.trade, 0)
    return float((j & st.in_agreement & st.agreement_active[t]).sum() / j.sum())
