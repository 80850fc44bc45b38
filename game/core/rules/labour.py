"""The labour markets outside a business: the town's private wage jobs (a few vacancies a month,
fewer as the town spends less), day labour (a fixed amount of casual work shared among all who
seek it, paid less as they crowd in), and migrants' fortunes in the city."""

from __future__ import annotations

import numpy as np

from game.core.params import Params
from game.core.rules import household
from game.core.rules.codes import S
from game.core.rules.context import MonthContext, clip, indices, kept, size_key
from game.core.rules.household import month_of_year, set_status, status_in
from game.core.state import Status, TownState

SEEKING_WORK = (Status.JOB_SEARCH, Status.DAY_LABOUR)
# Northern frost: outdoor building work stops from November to March
# (docs/evidence.md#daylabour-season); what casual work is left is indoors.
FROST_MONTHS = (11, 12, 1, 2, 3)
# Day labourers look for a wage job at half the intensity of full-time seekers (assumption).
DAY_LABOUR_SEARCH = 0.5
# Months of pay a city employer withholds when it does (docs/evidence.md#migrant-arrears-2016).
ARREARS_MONTHS = 3
# A day labourer hurt at work loses this much health (assumption).
INJURY_HEALTH_LOSS = 0.2


def demand_index(st: TownState) -> float:
    """The town's spending in its trades last month against before the layoffs: the vacancies
    and the casual work on offer follow it (a local multiplier: Moretti 2010)."""
    if st.spending_at_start <= 0:
        return 1.0
    return float(st.pool_last.sum()) / st.spending_at_start


def offer_weight(p: Params, st: TownState, idx: np.ndarray) -> np.ndarray:
    """A job seeker's pull on a vacancy relative to a young, middle-schooled man: lower for
    women, the over-40s and the less educated (docs/evidence.md#retrenched-unemployed),
    higher after a retraining course."""
    b = p.behaviour
    f = np.where(st.female[idx], b.offer_factor_women, 1.0)
    f = f * np.where(st.age[idx] > 40, b.offer_factor_over_40, 1.0)
    f = f * np.asarray(b.offer_factor_by_education)[st.education[idx]]
    return f * np.where(st.retrained[idx], p.policy.retraining_offer_boost, 1.0)


def vacancies(p: Params, st: TownState) -> float:
    """Private wage jobs that open this month: in normal times as many as end (churn), scaled
    by what the town spends."""
    return p.income.wage_job_separation_rate_per_month * st.wage_jobs_at_start * demand_index(st)


def offer_probability(p: Params, st: TownState, idx: np.ndarray) -> np.ndarray:
    """Each seeker's chance of a wage-job offer this month: the offer rate times the seeker's
    weight, scaled down when the town's seekers would take more jobs than there are."""
    seek = indices(status_in(st.status, SEEKING_WORK) & ~st.is_player)
    search = np.where(st.status[seek] == S.DAY_LABOUR, DAY_LABOUR_SEARCH, 1.0)
    wanted = float(
        (p.behaviour.job_offer_rate_per_month * offer_weight(p, st, seek) * search).sum()
    )
    scale = min(1.0, vacancies(p, st) / wanted) if wanted > 0 else 1.0
    rate = p.behaviour.job_offer_rate_per_month * scale
    return clip(rate * offer_weight(p, st, idx), 0.0, 1.0)


def job_market(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Offers to job seekers; the what-if public jobs scheme; jobs that end; courses that end."""
    rng = ctx.rng["jobs"]
    share = p.policy.public_employment_jobs_share
    # The third draw serves only the public jobs (nothing else reads this stream this month).
    u, u2 = rng.random((2, st.n))  # (two rows of one call: the draws of two calls)
    u3 = rng.random(st.n) if share > 0 else None
    ai = ~st.is_player
    seek = indices(status_in(st.status, SEEKING_WORK))
    # offer_probability, with each seeker's weight worked out once (its sum over the AI
    # seekers is the same sum of the same values)
    weight = offer_weight(p, st, seek)
    search = np.where(st.status[seek] == S.DAY_LABOUR, DAY_LABOUR_SEARCH, 1.0)
    rate = p.behaviour.job_offer_rate_per_month
    them = ai[seek]
    wanted = float((rate * weight[them] * search[them]).sum())
    scale = min(1.0, vacancies(p, st) / wanted) if wanted > 0 else 1.0
    prob = clip(rate * scale * weight, 0.0, 1.0) * search
    hired = seek[u[seek] < prob]
    set_status(st, hired, Status.WAGE_JOB)
    st.public_job[hired] = False
    ctx.note("job_offer", hired)
    # What-if: the state offers public jobs to the laid-off who are still looking.
    if u3 is not None:
        left = seek[(st.status[seek] != S.WAGE_JOB) & (st.laid_off_month[seek] >= 0)]
        public = left[u3[left] < share]
        set_status(st, public, Status.WAGE_JOB)
        st.public_job[public] = True
        ctx.note("job_offer", public)
    # (the draws compared for the private employees alone: the same households, in order)
    employed = indices((st.status == S.WAGE_JOB) & ~st.public_job & ai)
    lost = employed[u2[employed] < p.income.wage_job_separation_rate_per_month]
    set_status(st, lost, Status.JOB_SEARCH)
    ctx.note("job_lost", lost)
    # A course that ran its months last month ends now (so a three-month course pays three
    # stipends); the rest count one month down.
    course = st.status == S.RETRAINING
    done = indices(course & (st.retrain_months_left <= 0))
    st.retrain_months_left -= course & (st.retrain_months_left > 0)  # (no gather)
    st.retrained[done] = True
    set_status(st, done, Status.JOB_SEARCH)
    ctx.note("retraining_done", done)


def day_labour_terms(p: Params, st: TownState, month: int, labourers: int) -> tuple[float, float]:
    """(days each labourer finds, the day wage) this month: the town's casual work (what was on
    offer before the layoffs, following the town's spending, halved in the frost) shared among
    everyone who seeks it; the wage falls as the days per seeker fall (assumption)."""
    inc = p.income
    offered = st.day_labour_days_at_start * demand_index(st)
    if month_of_year(p, month) in FROST_MONTHS:
        offered *= inc.day_labour_winter_factor
    days = min(
        offered / max(labourers, 1),
        inc.day_labour_max_days_per_month,
        2.0 * inc.day_labour_days_per_month,
    )
    ratio = days / max(inc.day_labour_days_per_month, 1e-9)
    # (np.clip and numpy's power of a lone number, in plain floats: the same C pow, no dispatch)
    wage = inc.day_labour_yuan_per_day * float(
        min(max(float(ratio), 0.25), 1.5) ** inc.day_labour_wage_elasticity
    )
    return days, wage


def day_labour_weight(p: Params, st: TownState, idx) -> np.ndarray:
    """Who gets the days: gangmasters pick men first, and a woman with heavy family duties has
    only part of her days to give (the same time burden that caps her hours in a business)."""
    women = np.where(st.female[idx], p.income.day_labour_women_factor, 1.0)
    heavy = st.female[idx] & (st.dependants[idx] >= 2)
    return women * np.where(heavy, p.behaviour.burden_hours_share, 1.0)


def day_labour(p: Params, st: TownState, ctx: MonthContext) -> np.ndarray:
    """Each day labourer's pay this month (docs/evidence.md#daylabour-2016): the shared days at
    the crowded wage (women find fewer of them), less for poor health; an injury costs the
    month's pay and health."""
    # (the labourers as an index array, each mask below over them alone: the same households
    # in the same order as the masks over every household gave)
    labourer = indices(st.status == S.DAY_LABOUR)
    n_labourers = int(labourer.size)
    days, wage = day_labour_terms(p, st, ctx.month, n_labourers)
    women, burden = p.income.day_labour_women_factor, p.behaviour.burden_hours_share
    key = (women, burden, *size_key(st), int(np.count_nonzero(st.female)))
    weight = kept(st, "_day_labour_weight", key, lambda: day_labour_weight(p, st, slice(None)))
    # (the mean as np.mean works it out: the sum, then divided by the count)
    at_w = weight[labourer]
    mean_w = float(at_w.sum() / n_labourers) if n_labourers else 1.0
    ctx.pool_sources["day_labour"] = np.array([days, wage])
    u = ctx.share_draw("labour", ctx.rng["labour"].random(st.n))
    injured = u[labourer] < p.income.day_labour_injury_rate_per_month
    hurt = labourer[injured]
    st.health[hurt] = np.maximum(st.health[hurt] - INJURY_HEALTH_LOSS, p.income.health_floor)
    ctx.note("injured", hurt)
    # Pay worked out for the labourers alone: the same arithmetic per household as over the
    # whole column, without its full-length temporaries.
    paid = np.zeros(st.n)
    if mean_w > 0:
        well = ~injured
        at = labourer[well]
        paid[at] = days * at_w[well] / mean_w * wage * st.health[at]
    return paid


def migrants(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Migrants' months in the city: an employer may hold back pay for a few months
    (docs/evidence.md#migrant-arrears-2016); some come home for good."""
    inc = p.income
    rng = ctx.rng["labour"]
    u, u2 = rng.random((2, st.n))  # (two rows of one call: the draws of two calls)
    arrears, cheat_rate = st.wage_arrears_left, inc.migrant_wage_arrears_rate_per_month
    if st.n < household.LARGE_TOWN:
        away = st.status == S.MIGRATED
        arrears[away & (arrears > 0)] -= 1
        cheated = away & (arrears <= 0) & (u < cheat_rate)
        arrears[cheated] = ARREARS_MONTHS
        ctx.note("wage_arrears", indices(cheated))
        home = indices(away & ~cheated & (u2 < inc.migrant_return_rate_per_month) & ~st.is_player)
    else:  # a big town: the migrants as an index array, each test over them alone (the same
        away = indices(st.status == S.MIGRATED)  # households, in order, as the masks give)
        arrears[away[arrears[away] > 0]] -= 1
        cheated = (arrears[away] <= 0) & (u[away] < cheat_rate)
        arrears[away[cheated]] = ARREARS_MONTHS
        ctx.note("wage_arrears", away[cheated])
        back = ~cheated & (u2[away] < inc.migrant_return_rate_per_month)
        home = away[back & ~st.is_player[away]]
    set_status(st, home, Status.JOB_SEARCH)
    st.wage_arrears_left[home] = 0
    ctx.note("came_home", home)
