"""Layoffs, incomes, the minimum living guarantee, and the household's one pot: what it spends,
what it goes without, school fees and health shocks."""

from __future__ import annotations

import numpy as np

from game.core.params import EDUCATION_LEVELS, LayoffWave, Params, player_wave
from game.core.rules import informal
from game.core.rules.codes import S
from game.core.rules.context import (
    MonthContext,
    _player_lines,
    book,
    indices,
    kept,
    move_cash,
    pay,
    self_employed,
    size_key,
    trade_column,
)
from game.core.rules.informal import living_cost
from game.core.state import Status, TownState

# Heating season in the north: going without in these months costs more health (assumption).
WINTER_MONTHS = (11, 12, 1, 2, 3)
# A migrated worker's own spending happens where they work, so the family at home spends
# less (assumption: three quarters of its living costs).
MIGRANT_FAMILY_SPENDING = 0.75


def status_in(status: np.ndarray, wanted) -> np.ndarray:
    """Mask of households whose status is one of `wanted`: a lookup table in a small town (~6x
    faster than np.isin); in a big one, one int8 comparison per status wanted, or-ed (the
    table's gather turns the int8 codes into 64-bit indices first: ~70x slower at 200,000)."""
    if status.size >= LARGE_TOWN and status.dtype == np.int8:
        codes = [int(w) for w in wanted]
        if not codes:
            return np.zeros(status.shape, bool)
        mask = status == codes[0]
        for code in codes[1:]:
            mask |= status == code
        return mask
    key = tuple(wanted)
    table = _STATUS_TABLES.get(key)
    if table is None:
        table = np.zeros(16, bool)
        table[list(wanted)] = True
        table.flags.writeable = False
        _STATUS_TABLES[key] = table
    return table[status]


_STATUS_TABLES: dict[tuple, np.ndarray] = {}  # status_in's tables, by the statuses wanted
# From this many households on, `status_in` compares instead of looking up.
LARGE_TOWN = 4096


def set_status(st: TownState, idx: np.ndarray, status: Status) -> None:
    st.status[idx] = status
    st.status_months[idx] = 0


def month_of_year(p: Params, month: int) -> int:
    return (p.start_month_of_year - 1 + month) % 12 + 1


def wage_index(p: Params, month: int) -> float:
    """The remaining state workers' wage relative to the start: each wave cuts it (SCMP 2015)."""
    idx = 1.0
    for w in p.layoff_waves:
        if w.month <= month:
            idx *= 1.0 + w.wage_change
    return idx


def remittance_index(p: Params, month: int) -> float:
    """Remittances relative to the start: the scenario's schedule times each wave's cut
    (migrants work in the same shedding firms: docs/evidence.md#claim-8)."""
    sched = p.remittance_index_by_month
    idx = float(sched[min(month, len(sched) - 1)]) if sched else 1.0
    for w in p.layoff_waves:
        if w.month <= month:
            idx *= 1.0 + w.remittance_index_change
    return max(idx, 0.0)


def remittance_unit(p: Params, month: int) -> float:
    """What one migrant sends home in `month` (the migrant wage's share sent home, on the
    remittance index): the income rule's, and what the views preview and foresee."""
    inc = p.income
    return (
        inc.migrant_wage_yuan_per_month
        * inc.remittance_share_of_migrant_wage
        * remittance_index(p, month)
    )


def house_building_share(p: Params):
    """The share of the money sent home a household spends building its house (the trades'
    `remittance_share`s together: the house's spending is shared out among them)."""
    return trade_column(p, "remittance_share").sum()


def members(st: TownState) -> np.ndarray:
    """People in the household: the worker, the spouse and the dependants (assumption: two adults)."""
    return 2.0 + st.dependants.astype("f8")


def layoff_odds(wave: LayoffWave, st: TownState, idx: np.ndarray) -> np.ndarray:
    """Relative odds of being laid off (docs/evidence.md#retrenched-unemployed: women, the
    middle-aged and the less educated went first)."""
    odds = np.where(st.female[idx], wave.odds_women, 1.0)
    age = st.age[idx]
    odds = odds * np.where((age >= 40) & (age <= 55), wave.odds_middle_aged, 1.0)
    by_edu = np.asarray(wave.odds_by_education, "f8")
    return odds * by_edu[np.minimum(st.education[idx], by_edu.size - 1)]


def insurance_months(p: Params, years_in_plant: np.ndarray) -> np.ndarray:
    """Months of unemployment insurance a layoff brings: 12/18/24 by contribution years
    (docs/evidence.md#unemployment-insurance), around the scenario's base."""
    base = p.income.unemployment_insurance_months
    months = np.where(years_in_plant >= 10, base + 6, np.where(years_in_plant >= 5, base, base - 6))
    return np.maximum(months, 0)


def wave_selects(wave: LayoffWave, st: TownState, idx: np.ndarray) -> np.ndarray:
    """Which of the households `idx` the wave is aimed at (all, unless it names a group)."""
    ok = (st.age[idx] >= wave.age_min) & (st.age[idx] <= wave.age_max)
    if wave.sex:
        ok &= st.female[idx] == (wave.sex == "female")
    if wave.education:
        levels = [EDUCATION_LEVELS.index(e) for e in wave.education if e in EDUCATION_LEVELS]
        ok &= np.isin(st.education[idx], levels)
    return ok


def layoffs(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Each wave lays off a share of the state workers still in post who match its selection
    (sex, ages, schooling), chosen with the wave's odds (weighted sampling without
    replacement). The players in post go in the player's wave (`player_wave`): the game is
    about what comes after, and the scenario says when that starts."""
    if all(wave.month != ctx.month for wave in p.layoff_waves):
        return  # no wave this month: the stream's draws would go unused (nothing else reads it)
    rng = ctx.rng["layoffs"]
    u = rng.random(st.n)
    mine = player_wave(p.layoff_waves)
    for i, wave in enumerate(p.layoff_waves):
        if wave.month != ctx.month:
            continue
        in_post = indices(st.status == S.SOE_WORKER)
        players = in_post[st.is_player[in_post]] if i == mine else in_post[:0]
        others = in_post[~st.is_player[in_post]]
        aimed = others[wave_selects(wave, st, others)]
        mine_matching = int(wave_selects(wave, st, players).sum())
        k = max(int(round(wave.share * (aimed.size + mine_matching))) - mine_matching, 0)
        others = aimed
        keys = np.log(np.maximum(u[others], 1e-300)) / np.maximum(
            layoff_odds(wave, st, others), 1e-9
        )
        chosen = others[np.argsort(-keys, kind="stable")[:k]]
        hit = np.zeros(st.n, bool)
        hit[chosen] = True
        hit[players] = True
        st.status[hit] = Status.LAID_OFF
        st.status_months[hit] = 0
        st.laid_off_month[hit] = ctx.month
        st.ui_months_left[hit] = insurance_months(p, st.years_in_plant[hit])
        ctx.laid_off_now += int(hit.sum())
        ctx.note("laid_off", indices(hit))


def income_flows(p: Params, month: int, st: TownState, s: np.ndarray, ui: np.ndarray,
                 day_pay: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:  # fmt: skip
    """Each income flow of the month per household (`s` the status column, `ui` who draws
    unemployment insurance), the remittances and the part of them a member elsewhere sends:
    one town's columns, or a batch's flat columns (game/core/rules/batched.py)."""
    names, rows, remit, from_member = income_rows(p, month, st, s, ui, day_pay)
    return dict(zip(names, rows, strict=True)), remit, from_member


def incomes(p: Params, st: TownState, ctx: MonthContext, day_pay: np.ndarray) -> None:
    """Every income of the month but the business's, paid into cash and remembered for
    spending. Day labour's pay comes from its own market (labour.day_labour)."""
    s = st.status
    # Unemployment insurance stops on re-employment - a wage job, or a registered business of
    # one's own (docs/evidence.md#unemployment-insurance) - and on migration or retirement.
    ui = (
        (st.ui_months_left > 0)
        & (st.laid_off_month >= 0)
        & ~status_in(s, (Status.WAGE_JOB, Status.SELF_EMPLOYED, Status.MIGRATED, Status.RETIRED))
    )
    # (a big town's rows of one amount counted, not summed: `flow_totals`)
    constant: dict | None = {} if s.size >= LARGE_TOWN else None
    names, rows, remit, from_member = income_rows(p, ctx.month, st, s, ui, day_pay, constant)
    # pay_each, in one buffer: each flow's total is its row's sum (a row sums as the array
    # alone does), the households' income the rows added one after another (axis 0).
    ctx.income = total = rows.sum(axis=0)
    sums = rows.sum(axis=1).tolist() if constant is None else flow_totals(names, rows, constant)
    for flow, amount in zip(names, sums, strict=True):
        book(st, ctx, flow, amount)
    if ctx.players.size:
        for flow, amounts in zip(names, rows, strict=True):
            _player_lines(ctx, slice(None), amounts, st.n, flow)
    st.cash += total
    ended = ui & (st.ui_months_left == 1)
    st.ui_months_left -= ui  # one month less for those drawing it (a full pass, no gather)
    ctx.note("ui_ended", indices(ended))
    ctx.pool_sources["remittances"] = remit
    # What the rest of the household brings in (the spouse, a member working elsewhere): the
    # worker's own income is the rest (metrics compare it with the wage the worker lost).
    ctx.pool_sources["others_income"] = np.add(st.spouse_income, from_member, out=from_member)
    minimum_living_guarantee(p, st, ctx)


def income_rows(p: Params, month: int, st: TownState, s: np.ndarray, ui: np.ndarray,
                day_pay: np.ndarray, constant: dict | None = None,
                ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """The month's income flows as the rows of one (flows, households) array in the flows'
    order (`INCOME_FLOWS`), each row filled in place (no temporary per flow: what a big town's
    month spent most of its incomes on), with the remittances and a member's part of them.
    (`constant`, when given, is filled with the rows that are one amount where a mask holds and
    0 elsewhere: flow -> (mask, amount), for `flow_totals`.)"""
    inc, pol = p.income, p.policy
    n = s.shape[0]
    names = list(INCOME_FLOWS)
    rows = np.empty((len(names), n))
    row = dict(zip(names, rows, strict=True))
    wage_job = s == S.WAGE_JOB
    retired = s == S.RETIRED
    internal = retired & (st.laid_off_month >= 0)
    # Remittances: from a member working elsewhere, and from the worker who migrated (unless
    # the employer in the city is holding back the pay: docs/evidence.md#migrant-arrears-2016).
    remit_unit = remittance_unit(p, month)
    own = (s == S.MIGRATED) & (st.wage_arrears_left <= 0)
    from_member = _fill(np.empty(n), st.has_migrant_member, remit_unit)
    remit = row["remittances"]
    np.add(from_member, _fill(remit, own, remit_unit), out=remit)
    soe = inc.soe_wage_yuan_per_month * wage_index(p, month)
    in_post = s == S.SOE_WORKER
    _fill(row["state_wages"], in_post, soe)
    public = st.public_job
    # The worker's private wage, and the spouse's wherever the worker is.
    wage = inc.wage_job_yuan_per_month
    private = _fill(row["private_wages"], wage_job & ~public, wage)
    private += st.spouse_income
    public_job = wage_job & public
    _fill(row["public_jobs_wages"], public_job, wage)
    row["day_labour_pay"][...] = day_pay
    insurance = inc.unemployment_insurance_yuan_per_month
    _fill(row["unemployment_insurance"], ui, insurance)
    pensioned = retired & ~internal
    _fill(row["pensions"], pensioned, inc.pension_yuan_per_month)
    allowance = inc.internal_retirement_allowance_yuan_per_month
    _fill(row["retirement_allowance"], internal, allowance)
    stipend = pol.retraining_stipend_yuan_per_month
    retraining = s == S.RETRAINING
    _fill(row["retraining_stipend"], retraining, stipend)
    if constant is not None:  # the rows that are one amount where their mask holds
        constant["state_wages"] = (in_post, soe)
        constant["public_jobs_wages"] = (public_job, wage)
        constant["unemployment_insurance"] = (ui, insurance)
        constant["pensions"] = (pensioned, inc.pension_yuan_per_month)
        constant["retirement_allowance"] = (internal, allowance)
        constant["retraining_stipend"] = (retraining, stipend)
    return names, rows, remit, from_member


def flow_totals(names: list[str], rows: np.ndarray, constant: dict) -> list[float]:
    """`rows.sum(axis=1).tolist()` (each income flow's total) without summing a row that is
    one whole-yuan amount where its mask holds (`income_rows`' `constant`): its total is the
    amount times the count, which is what the pairwise sum gives - every partial sum is a
    whole number of yuan below 2**53, so no addition rounds. Other rows are summed."""
    out = []
    for name, row in zip(names, rows, strict=True):
        mask, value = constant.get(name, (None, 0.0))
        value = float(value)
        if mask is not None and value >= 0.0 and value.is_integer():
            count = int(np.count_nonzero(mask))
            if count * value <= 2.0**53:
                out.append(count * value)
                continue
        out.append(float(row.sum()))
    return out


# The income flows in the order `income_flows` pays them (the books and the sums follow it).
INCOME_FLOWS = (
    "state_wages",
    "private_wages",
    "public_jobs_wages",
    "day_labour_pay",
    "unemployment_insurance",
    "pensions",
    "retirement_allowance",
    "retraining_stipend",
    "remittances",
)


def _fill(out: np.ndarray, mask: np.ndarray, value: float) -> np.ndarray:
    """`out[...] = np.where(mask, value, 0.0)` without the temporary: mask * value is value or
    +0.0 for a finite value >= 0 (a negative one would give -0.0: then the where itself)."""
    value = float(value)
    if value >= 0.0 and value != np.inf:
        np.multiply(mask, value, out=out)
    else:
        out[...] = np.where(mask, value, 0.0)
    return out


def minimum_living_guarantee(p: Params, st: TownState, ctx: MonthContext) -> None:
    """低保 (dibao): the state tops a household's income up to the line for each member, if its
    savings are nearly gone (docs/evidence.md#dibao-2016). Many eligible households never get
    it (docs/evidence.md#dibao-takeup): whether a household applies is drawn once, the first
    month it is eligible, and kept."""
    inc = p.income
    per_person = inc.minimum_living_guarantee_yuan_per_person_per_month
    key = (per_person, *size_key(st))
    line = kept(st, "_dibao_line", key, lambda: per_person * members(st))
    savings_line = kept(st, "_dibao_savings", key, lambda: 3.0 * line)
    # The means test counts the business too (its usual profit: this month's is not known yet).
    means = ctx.income.copy()
    j = self_employed(st)
    means[j] += np.maximum(st.profit_avg[j], 0.0)
    take_up = inc.minimum_living_guarantee_take_up
    if st.n < LARGE_TOWN:
        eligible = (means < line) & (st.cash < savings_line) & (st.status != S.MIGRATED)
        new = eligible & (st.dibao_applied == 0)
        if new.any():
            u = ctx.rng["finance"].random(st.n)
            st.dibao_applied[new] = np.where(u[new] < take_up, 1, 2)
        paid = eligible & (st.dibao_applied == 1)
        who = indices(paid)
        st.on_dibao = paid
    else:  # a big town: the tests after the first over the households below the line alone
        poor = indices(means < line)  # (the same households, in order, as the masks give)
        eligible = poor[(st.cash[poor] < savings_line[poor]) & (st.status[poor] != S.MIGRATED)]
        applied = st.dibao_applied[eligible]
        new = eligible[applied == 0]
        if new.size:
            u = ctx.rng["finance"].random(st.n)
            st.dibao_applied[new] = np.where(u[new] < take_up, 1, 2)
            applied = st.dibao_applied[eligible]
        who = eligible[applied == 1]
        on = st.on_dibao  # (the column, written in place)
        on[...] = False
        on[who] = True
    top_up = np.zeros(st.n)
    top_up[who] = line[who] - means[who]
    pay(st, ctx, slice(None), top_up, "minimum_living_guarantee")
    ctx.income += top_up  # (ctx.income is this month's own array: incomes made it)
    ctx.note("dibao", who)


def wanted_spending(p: Params, st: TownState) -> tuple[np.ndarray, np.ndarray]:
    """What each household wants to spend this month: its essentials (living costs; a migrant's
    family at home spends part of them) and, on top, part of last month's income above them."""
    inc = p.income
    living = living_cost(p, st)
    migrated = st.status == S.MIGRATED
    key = (inc.living_cost_yuan_per_month, inc.living_cost_per_dependant_yuan_per_month)
    at_home = kept(
        st, "_migrant_family", (*key, *size_key(st)), lambda: MIGRANT_FAMILY_SPENDING * living
    )
    with_loan = st.loan_principal > 0
    if migrated.size < LARGE_TOWN:
        essentials = np.where(migrated, at_home, living)
        propensity = np.where(
            with_loan, inc.propensity_to_consume_with_loan, inc.propensity_to_consume
        )
        extra = np.subtract(st.income_last, essentials)  # (in place from here: no temporaries)
        np.maximum(extra, 0.0, out=extra)
        return essentials, np.multiply(propensity, extra, out=extra)
    # A big town: the same values with the few migrants' families and borrowers set apart
    # (two full-length `np.where`s replaced by a copy and two small gathers).
    essentials = living.copy()
    away = indices(migrated)
    essentials[away] = at_home[away]
    extra = np.subtract(st.income_last, essentials)
    np.maximum(extra, 0.0, out=extra)
    owe = indices(with_loan)
    owe_extra = extra[owe]
    extra *= inc.propensity_to_consume
    extra[owe] = np.multiply(inc.propensity_to_consume_with_loan, owe_extra, out=owe_extra)
    return essentials, extra


def household_budget(p: Params, st: TownState, ctx: MonthContext) -> np.ndarray:
    """What each household spends this month, and what it goes without.

    Wanted: living costs plus part of last month's income above them (spending follows last
    month's income: a household that has just lost its wage spends as before for a month).
    Essentials (the living costs) come from cash and then from relatives and moneylenders
    while they still lend; the rest only from cash. What cannot be paid is gone without:
    food, heat, medicine. That costs health, more in the northern winter. Remittances bring
    house-building money (Taylor, Rozelle & de Brauw 2003) spent from cash on top."""
    essentials, extra = wanted_spending(p, st)
    short = indices(st.cash < essentials)
    if short.size:
        informal.borrow(p, st, ctx, short, essentials[short] - np.maximum(st.cash[short], 0.0))
    cash = np.maximum(st.cash, 0.0)
    spend_ess = np.minimum(essentials, cash)
    # (in place from here: the same operations, in the same order, without temporaries)
    spend = np.subtract(cash, spend_ess)
    np.minimum(extra, spend, out=spend)
    np.add(spend_ess, spend, out=spend)
    build = np.multiply(house_building_share(p), ctx.pool_sources["remittances"])
    np.minimum(build, np.subtract(cash, spend, out=cash), out=build)
    spent = np.add(spend, build, out=extra)  # (extra is not read again)
    # Money leaves now; the flows are booked in the market, once it is known how much of it
    # the town's own sellers took (spending_in_town) and how much left (spending_out_of_town).
    spent_total = float(spent.sum())
    if ctx.players.size:
        move_cash(st, ctx, slice(None), -spent, "living_costs")
    else:  # (move_cash's arithmetic without the negated copy: cash + -x is cash - x)
        np.subtract(st.cash, spent, out=st.cash)
    ctx.pool_sources["spend_total"] = np.array([float(spend.sum())])
    ctx.pool_sources["building_total"] = np.array([float(build.sum())])
    ctx.pool_sources["households_spent"] = np.array([spent_total])
    ctx.living_costs = spent

    hardship = np.maximum(essentials, 1e-9)
    np.divide(spend_ess, hardship, out=hardship)
    np.subtract(1.0, hardship, out=hardship)
    if essentials.size and not np.minimum.reduce(essentials) > 0:  # (else all are above 0)
        some = essentials > 0
        if not some.all():
            hardship = np.where(some, hardship, 0.0)
    st.hardship = hardship
    went = indices(hardship > 0.01)
    if went.size:
        winter = month_of_year(p, ctx.month) in WINTER_MONTHS
        inc = p.income
        # (only those who went without: the same arithmetic as over the whole column)
        loss = (
            inc.hardship_health_loss
            * hardship[went]
            * (inc.winter_hardship_factor if winter else 1.0)
        )
        st.health[went] = np.maximum(st.health[went] - loss, inc.health_floor)
        ctx.note("went_without", went)
    return spend


def trade_pools(p: Params, n: int, total_spend: float, remit_spend: float, workers_in_post: int):
    """Each trade's spending this month, by where it comes from: households (budget shares of
    what they spend), remittances spent on house building, buyers from outside (scaled with the
    town), and the mill's own purchases (which shrink with every job it cuts: Moretti 2010).
    `market.demand_scale` multiplies it all."""
    shares = trade_column(p, "budget_share")
    remit_shares = trade_column(p, "remittance_share")
    scale = n / 500.0  # outside demand grows with the size of the town it visits (assumption)
    external = trade_column(p, "external_demand_yuan_per_month") * scale
    mill = p.income.mill_spending_yuan_per_worker_per_month * workers_in_post
    mill_t = mill * shares / max(shares.sum(), 1e-9)
    remit_t = remit_shares / max(remit_shares.sum(), 1e-9) * remit_spend
    k = p.market.demand_scale
    # (the three rows written into one array: np.stack's values, without its Python-level
    # checks; then scaled in place, k * x for each value as before)
    by_source = np.empty((3, shares.size))
    np.add(np.multiply(shares, total_spend, out=by_source[0]), remit_t, out=by_source[0])
    by_source[1] = external
    by_source[2] = mill_t
    by_source *= k
    return by_source.sum(axis=0), by_source


def spending_pools(p: Params, st: TownState, ctx: MonthContext) -> np.ndarray:
    """Each trade's pool of spending this month (docs/evidence.md#mechanism-demand)."""
    workers = int(np.count_nonzero(st.status == S.SOE_WORKER))
    pools, by_source = trade_pools(
        p,
        st.n,
        float(ctx.pool_sources["spend_total"][0]),
        float(ctx.pool_sources["building_total"][0]),
        workers,
    )
    ctx.pools = pools
    ctx.pool_sources["by_source"] = by_source
    return pools


def health_and_school(p: Params, st: TownState, ctx: MonthContext) -> None:
    """Health shocks (16.5% hospitalisation per person-year, 8,605 yuan bills, 28.8% out of
    pocket: docs/evidence.md#health-shock) and school fees in September, from the same pot.
    A bill the household cannot pay, even borrowing, is not paid: the illness goes untreated,
    the child leaves school."""
    inc = p.income
    rng = ctx.rng["health"]
    yearly = inc.hospitalisation_rate_per_person_year
    rate = kept(
        st,
        "_hospital_rate",
        (yearly, *size_key(st)),
        lambda: 1.0 - (1.0 - yearly) ** (members(st) / 12.0),
    )
    ill = ctx.share_draw("health", rng.random(st.n)) < rate
    bill = inc.hospital_bill_yuan * inc.out_of_pocket_share
    # (the ill, those who would see a doctor and the untreated as index arrays, not masks
    # over every household: the same households in the same order)
    ill_now = indices(ill)
    would_go = st.see_doctor[ill_now]
    want = ill_now[would_go]
    paid = informal.pay_if_affordable(p, st, ctx, want, bill, "doctor_bills")
    went = np.zeros(ill_now.size, bool)  # (of the ill: those treated)
    went[indices(would_go)[paid]] = True
    treated_now = want[paid]
    untreated = ill_now[~went]
    inc = p.income
    st.health[untreated] = np.maximum(
        st.health[untreated] - inc.untreated_illness_health_loss, inc.health_floor
    )
    # The rest recover a little (in place, where not ill: no gather of nearly every household).
    # (the ill's health kept aside and put back: a masked ufunc costs more than the few ill)
    kept_health = st.health[ill_now]
    health = st.health  # (in place: the same float32 sum, then the cap)
    np.minimum(np.add(health, inc.health_recovery_per_month, out=health), 1.0, out=health)
    st.health[ill_now] = kept_health
    st.sick = ill
    # (`_fill` of the treated: the bill where treated and 0.0 elsewhere, set for them alone)
    bills = np.zeros(st.n)
    bills[treated_now] = bill
    ctx.health_bills = bills
    ctx.note("ill", ill_now)
    ctx.note("no_money_for_doctor", want[~paid])  # (ill, would see a doctor, not treated)
    school_fees(p, st, ctx)


def school_fees(p: Params, st: TownState, ctx: MonthContext) -> None:
    """School fees in the school year's first month, paid whole or the child leaves school."""
    inc = p.income
    fees = np.zeros(st.n)
    if month_of_year(p, ctx.month) == inc.school_fee_month_of_year:
        due = st.children_in_school > 0
        want = indices(due & st.pay_school_fees)
        amount = st.children_in_school[want] * float(inc.school_fee_yuan_per_child)
        paid = informal.pay_if_affordable(p, st, ctx, want, amount, "school_fees")
        paying, cant = want[paid], want[~paid]
        fees[paying] = amount[paid]
        skipped = indices(due & ~st.pay_school_fees)
        out = np.concatenate([skipped, cant])
        st.children_in_school[out] = 0  # the child leaves school to help at home
        ctx.note("school_fees_paid", paying)
        ctx.note("school_dropout", skipped)
        ctx.note("school_unaffordable", cant)
    ctx.school_fees = fees
