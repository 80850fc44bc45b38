"""Price agreements: the only collective action left to sellers (docs/evidence.md#claim-6, #fact-11).

Sellers of a trade may agree on a price floor when they are few and calm. Each month every
member weighs what undercutting the floor would bring this month (customers won from the others,
computed from the trade's own logit demand) against what it would lose if the agreement broke
(the floor's premium on every later month, valued with its patience: a desperate seller cannot
wait). With many sellers each one's share is small, so undercutting wins relatively more; with
cash running out the future counts for little. When defection spreads the agreement collapses
and a cooling-off time follows. Loops run over trades (a handful), never over sellers.
"""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules.codes import S
from game.core.rules.context import MonthContext, indices, self_employed
from game.core.rules.market import desperation, shares, trade_arrays
from game.core.state import TownState


def defection_payoff(
    p: Params,
    st: TownState,
    j: np.ndarray,
    pools: np.ndarray,
    share_all: np.ndarray | None = None,
    stress: np.ndarray | None = None,
) -> np.ndarray:
    """For each member j: this month's gain from undercutting the floor minus the value of the
    agreement's premium over the coming months (yuan; > 0 means defecting pays). `share_all`:
    every seller's share this month if already known (the market computed it); `stress`: the
    members' desperation if already known."""
    ta = trade_arrays(p)
    t = st.trade[j].astype("i8")
    price = st.price[j].astype("f8")
    all_j = self_employed(st)
    if share_all is None or share_all.size != all_j.size:
        all_t = st.trade[all_j].astype("i8")
        share_all, _ = shares(p, st, all_j, all_t, st.price[all_j].astype("f8"), pools, ta)
    pos = np.searchsorted(all_j, j)
    sigma = st.price_sensitivity[t] * p.market.price_sensitivity_scale
    unit = ta["unit_cost"][t]
    if stress is None:
        stress = desperation(p, st, j)
    return defection_gain(p, share_all[pos], sigma, pools[t], price, unit, stress)


def defection_gain(p: Params, s, sigma, pool, price, unit, stress) -> np.ndarray:
    """A member's gain from undercutting (yuan), per member: its share `s`, its trade's
    sensitivity `sigma` and pool, its price, unit cost and desperation (`defection_payoff`)."""
    b = p.behaviour
    cut = 1.0 - b.undercut_share
    # The defector's share when it alone prices below the floor: its logit weight rises.
    boost = cut ** (-sigma)
    s_def = s * boost / (1.0 - s + s * boost)
    revenue, revenue_def = pool * s, pool * s_def
    stay = revenue * (1.0 - unit / price)
    defect = revenue_def * (1.0 - unit / (price * cut))
    # If the agreement breaks, prices fall back to the going price before it (the floor less
    # its markup): every member earns less on the same customers.
    competitive = price / (1.0 + b.agreement_markup)
    premium = np.maximum(revenue * (unit / competitive - unit / price), 0.0)
    patience = b.patience_per_month * (1.0 - stress)
    future = patience / np.maximum(1.0 - patience, 1e-6) * premium
    return defect - stay - future


def agreements(p: Params, st: TownState, ctx: MonthContext) -> None:
    b = p.behaviour
    rng = ctx.rng["agreements"]
    u_form = rng.random(st.n_trades)
    j = self_employed(st)
    t = st.trade[j].astype("i8")
    n_t = np.bincount(t, minlength=st.n_trades)
    stress = desperation(p, st, j)
    ctx.seller_stress = (j, stress)
    mean_stress = np.bincount(t, weights=stress, minlength=st.n_trades) / np.maximum(n_t, 1)
    st.agreement_cooldown[:] = np.maximum(st.agreement_cooldown - 1, 0)
    pools = ctx.pools if ctx.pools.size else st.pool_last.astype("f8")

    if not st.agreement_active.any():
        # No agreement working: no member to defect, none to collapse, none to join (what
        # follows would change nothing but note that no one did).
        ctx.note("agreement_defected", np.zeros(0, "i8"))
        ctx.note("agreement_collapsed", np.zeros(0, "i8"))
        _form(p, st, ctx, n_t, mean_stress, u_form)
        return
    # (the newcomers' draws to join: with no agreement working, nobody reads them and the
    # month draws nothing after them from this stream, so they are not drawn above)
    u_member = rng.random(st.n)
    # Defection by members of working agreements: where undercutting pays (plus each seller's
    # private reasons, the noise), AI members undercut.
    member = st.in_agreement[j] & st.agreement_active[t] & ~st.is_player[j]
    defect = np.zeros(j.size, bool)
    if member.any():
        # The month's last draw from this stream: without members it would go unused.
        noise = rng.logistic(0.0, b.defection_noise_yuan, st.n)
        share = ctx.pool_sources.get("seller_share")
        # (the members' desperation: as worked out above for every seller, nothing has moved)
        gain = defection_payoff(p, st, j[member], pools, share, stress[member])
        defect[member] = gain + noise[j[member]] > 0
    st.in_agreement[j[defect]] = False
    ctx.note("agreement_defected", j[defect])
    in_it = st.in_agreement[j] & st.agreement_active[t]
    members_left = np.bincount(t, weights=in_it, minlength=st.n_trades)
    collapse = st.agreement_active & (
        members_left < (1.0 - b.agreement_collapse_share) * np.maximum(n_t, 1)
    )
    collapse |= st.agreement_active & (n_t < 2)
    st.agreement_active[collapse] = False
    st.agreement_cooldown[collapse] = b.agreement_cooling_off_months
    broke = collapse[t]
    st.in_agreement[j[broke]] = False
    ctx.note("agreement_collapsed", j[broke])

    # Newcomers to a working agreement are asked to join; AI sellers mostly do.
    joiner = (
        st.agreement_active[t] & ~st.in_agreement[j] & ~st.is_player[j] & (st.months_open[j] <= 1)
    )
    st.in_agreement[j[joiner & (u_member[j] < b.agreement_join_probability)]] = True
    _form(p, st, ctx, n_t, mean_stress, u_form)


def _form(p: Params, st: TownState, ctx: MonthContext, n_t: np.ndarray,
          mean_stress: np.ndarray, u_form: np.ndarray) -> None:  # fmt: skip
    """New agreements among few, calm sellers (`n_t`: each trade's sellers)."""
    b = p.behaviour
    can_form = (
        ~st.agreement_active
        & (st.agreement_cooldown == 0)
        & (n_t >= 2)
        & (n_t <= b.agreement_max_sellers)
        & (mean_stress < 0.5)
    )
    form = can_form & (u_form < b.agreement_form_probability)
    if form.any():
        start(p, st, ctx, indices(form))


def start(p: Params, st: TownState, ctx: MonthContext, trades: np.ndarray) -> None:
    """An agreement begins in these trades: a floor a little above the going price; every AI
    seller joins (players are asked, and answer with a command)."""
    st.agreement_active[trades] = True
    st.agreement_floor[trades] = st.going_price[trades] * (1.0 + p.behaviour.agreement_markup)
    j = self_employed(st)
    t = st.trade[j].astype("i8")
    now = np.isin(t, trades)
    joins = now & ~st.is_player[j]
    st.in_agreement[j[joins]] = True
    st.price[j[joins]] = np.maximum(st.price[j[joins]], st.agreement_floor[t[joins]])
    ctx.note("agreement_formed", j[now])


def agreement_share(st: TownState) -> float:
    """Share of sellers in a working price agreement: the town's solidarity."""
    j = st.status == S.SELF_EMPLOYED
    if not j.any():
        return 0.0
    t = np.maximum(st.trade, 0)
    return float((j & st.in_agreement & st.agreement_active[t]).sum() / j.sum())
