"""The stylized facts of docs/evidence.md, measured on the model (game/core/experiments.py runs
the real rules under controlled conditions; several seeds each). Each is a range from the
evidence, with a floor and a ceiling, and where a fact plays out over time it is checked at 24,
36 and 60 months. No assertion reads back a parameter's own value."""

from dataclasses import replace

import numpy as np
import pytest

from game.core import experiments as ex
from game.core.engine import Engine
from game.core.params import Params
from game.core.state import Status

P = Params()


# The experiments, queued as the session starts (tests/conftest.py: worker processes and the
# session's own take them in turn, so both cores step towns while the tests read results), the
# heaviest first (64 towns each). Where a fact is checked at several horizons, each town runs once
# to the longest and the shorter horizons are read on the way (the same numbers as runs stopped
# there: test_experiments_batch).
SURVIVAL = ("facts:survival", ex.baseline_survival, (P, range(64)))
CRISIS = ("facts:crisis", ex.crisis, (P, range(64), 72))
REPAYMENT = ("facts:repayment", ex.normal_repayment_at, (P, range(64), (24, 36)))
DILUTION_SELLERS = (5, 6, 8, 10)


def _dilution(n: int) -> dict:
    return ex.profit_dilution(P, n=n, seeds=range(4))


def _prices_against_demand() -> tuple[float, float, float]:
    """Fact 1's prices: against halved spending, and one entrant's effect with customers less
    and more price-sensitive."""
    soft = replace(P, market=replace(P.market, price_sensitivity_scale=0.3))
    hard = replace(P, market=replace(P.market, price_sensitivity_scale=3.0))
    return (
        ex.price_against_demand(P, seeds=range(3)),
        ex.profit_dilution(soft, n=8, seeds=range(3))["price_fall_one_entrant"],
        ex.profit_dilution(hard, n=8, seeds=range(3))["price_fall_one_entrant"],
    )


def _credit_windows() -> list[dict]:
    # months 12-18 and 24-36, from one run of each world to month 36
    windows = ((12, 18), (24, 36))
    return list(ex.credit_effect_windows(P, seeds=range(5), windows=windows).values())


def _returns_to_capital() -> dict:
    return ex.returns_to_capital(P, seeds=range(8))


def _demand_feedback() -> dict:
    return ex.demand_feedback(P)


def _remittance_shock() -> dict:
    return ex.remittance_shock(P, fall=0.2)


def _labour_market() -> dict[int, dict]:
    return ex.labour_market_at(P, seeds=range(6), horizons=(24, 36))


def _agreements() -> tuple[float, float]:
    """Agreements' survival among 3 calm sellers and among 12 desperate ones."""
    return (
        ex.agreement_survival(P, sellers=3, stressed=False),
        ex.agreement_survival(P, sellers=12, stressed=True),
    )


def _race_to_the_bottom() -> list[tuple[list[dict], list[dict]]]:
    """Seeds 1-4 of the default town over 60 months: the most-entered trade's rows and the
    town's rows."""
    out = []
    for e in ex.runs(replace(P, months=60), (1, 2, 3, 4)):
        entries = ex.entries_by_trade(e)
        top = max(entries, key=entries.get)
        out.append(([r for r in e.metrics.trades if r["trade"] == top], e.metrics.town))
    return out


def _ceilings() -> dict:
    """A ceiling of zero against loans switched off (seed 3, 24 months), and what is lent at
    the three ceilings (6 towns, 36 months)."""
    zero = replace(P, policy=replace(P.policy, loan_ceiling_yuan=0.0))
    off = replace(P, policy=replace(P.policy, loans_enabled=False))
    a, b = ex.run(zero, 3, 24), ex.run(off, 3, 24)
    lent = []
    for ceiling in (20_000.0, 50_000.0, 100_000.0):
        q = replace(P, policy=replace(P.policy, loan_ceiling_yuan=ceiling))
        lent.append(sum(e.state.loan_books["disbursed"] for e in ex.runs(q, range(6), 36)))
    return {
        "zero_town": a.metrics.town,
        "off_town": b.metrics.town,
        "zero_disbursed": a.state.loan_books["disbursed"],
        "zero_certificates": int((a.state.cert != 0).sum()),
        "lent": lent,
    }


def _job(name: str, function, *args) -> tuple:
    return (f"facts:{name}", function, args)


JOBS = {
    "survival": SURVIVAL,
    "crisis": CRISIS,
    "repayment": REPAYMENT,
    "ceilings": _job("ceilings", _ceilings),
    "credit": _job("credit", _credit_windows),
    "race": _job("race", _race_to_the_bottom),
    **{f"dilution:{n}": _job(f"dilution:{n}", _dilution, n) for n in DILUTION_SELLERS},
    "prices": _job("prices", _prices_against_demand),
    "demand_feedback": _job("demand_feedback", _demand_feedback),
    "remittances": _job("remittances", _remittance_shock),
    "labour_market": _job("labour_market", _labour_market),
    "agreements": _job("agreements", _agreements),
    "returns": _job("returns", _returns_to_capital),
}
# Each fixture below reads its jobs; a test that uses one queues them (tests/conftest.py).
EARLY_JOBS = {
    "survival": [SURVIVAL],
    "crisis": [CRISIS],
    "repayment": [REPAYMENT],
    "fact": [JOBS[name] for name in JOBS if name not in ("survival", "crisis", "repayment")],
}
CLUSTERING = [(P, range(8), ("noodles", "shop"))]  # fact 2's towns (conftest's shared_clustering)


@pytest.fixture(scope="module")
def survival(early_result) -> dict:
    return early_result(*SURVIVAL)  # fact 3: 64 calm towns, 48 months


@pytest.fixture(scope="module")
def crisis(early_result) -> dict:
    return early_result(*CRISIS)  # fact 4: 64 towns to month 72


@pytest.fixture(scope="module")
def repayment(early_result) -> dict[int, dict]:
    return early_result(*REPAYMENT)  # fact 4 in normal times: 64 towns, at 24 and 36 months


@pytest.fixture(scope="module")
def fact(early_result):
    """The result of the experiment named in JOBS."""
    return lambda name: early_result(*JOBS[name])


@pytest.mark.parametrize("n", [5, 6, 8, 10])
def test_fact_1_profit_dilution_and_the_price_effect_of_one_entrant(n, fact):
    r = fact(f"dilution:{n}")
    # Doubling the sellers with demand fixed cuts median gross profit by 50-75%.
    assert 0.50 <= r["profit_fall_when_doubled"] <= 0.75, r
    # One more seller in a market of 5-10 lowers the average price by 3-8% (Busso & Galiani).
    assert 0.03 <= r["price_fall_one_entrant"] <= 0.08, r


def test_fact_1_prices_answer_demand_not_the_seller_count(fact):
    """Halve a trade's spending and, a year on, its sellers charge clearly less; change how
    price-sensitive customers are and the effect of one entrant changes too."""
    against_demand, e_soft, e_hard = fact("prices")
    assert 0.5 <= against_demand <= 0.95
    assert abs(e_soft - e_hard) > 0.005, (e_soft, e_hard)


@pytest.mark.parametrize("months", [24, 36])
def test_fact_2_clustering_in_the_same_trades(months, shared_clustering):
    r = shared_clustering(P, seeds=range(8), months=months)
    assert 0.55 <= r["retail_and_catering_share"] <= 0.9, r
    assert 0.35 <= r["top_trade_share"] <= 0.8, r


def test_fact_3_baseline_survival_is_an_outcome_of_the_exit_rules(survival):
    """No hazard table is an input: owners close when they come to believe the business pays
    less than day labour. Pooled over 64 calm 500-household towns, four years each (a bigger
    town would put most shops in side streets: the main street has 40 lots; 24 towns were too
    few: year-by-year hazards moved by a third between sets of seeds)."""
    r = survival
    assert 0.07 <= r["closure_rate_per_year"] <= 0.10, r
    h = r["hazard_by_year"]
    # The hazard rises from year 1 (SAIC 2013). The model's rises to year 2 and then stays
    # level (year 2 within a tenth of year 3 on seven sets of 64 towns), where SAIC's goes on
    # rising to year 3: so year 2 is not compared with year 3 here (docs/model.md, fact 3).
    assert h[0] < h[1] and h[0] < h[2], r
    assert h[0] <= 0.08 and 0.05 <= h[2] <= 0.14, r


def test_fact_4_default_regime_shift_over_five_years(crisis):
    """The crisis is read over the first 60 months; the recovery over the 24 months after
    lending resumes, which for most towns end after month 60, so the towns run to month 72
    (the first 60 months are the same bytes either way)."""
    c = crisis
    # Of the loans that fell due in months 18-36, 20-40% were not repaid (Harbin 2008; the
    # other city's 41 of 103), pooled over the runs.
    assert 0.2 <= c["pooled_arrears_m18_36"] <= 0.4, c
    arr = c["arrears_by_month"]
    assert max(arr[18:37]) <= 0.45, arr
    assert c["defaulters_closed_share"] >= 0.5, c  # at least half of defaulters have closed
    assert c["suspended_months"] >= 6, c  # the bank stops lending ...
    assert c["runs_that_resumed"] >= 48, c  # ... and starts again in most towns
    # After lending resumes, arrears fall back within two years: the town's own 12-month rate
    # is under 20% (the evidence) and, pooled over the towns, the loans due in the second year
    # after resuming default clearly less often than in the crisis (seven sets of 64 towns:
    # 12-23% against 31-36%; fifteen more, seeds 9100-10500: 15-28%, mean 19.7%, above 25% on
    # two of them: a set-to-set spread of 4 points, near the 3.3 that ~150 loans give by chance;
    # a known gap, mostly loans to borrowers already owing relatives or moneylenders: docs/
    # model.md, fact 4).
    assert c["runs_with_a_whole_second_year"] >= 32, c
    assert c["arrears_two_years_after_resuming"] < 0.2, c
    after = c["pooled_arrears_second_year_after_resuming"]
    assert after < min(0.25, 0.8 * c["pooled_arrears_m18_36"]), c


@pytest.mark.parametrize("months", [24, 36])
def test_fact_4_normal_times_repayment(months, repayment):
    """Over the evidence's 36 months (Hejiang, Harbin: 96-98% repaid). Pooled over 64 towns: at
    16 the share moved by two points between sets of seeds. Before month 24 only loans whose
    business closed or loses money when they fall due at 12 months can go unpaid (the rest are
    extended a year). On fifteen other sets of 64 (seeds 9100-10500) the model repays 99.6-100%
    at 24 months, 95.7-97.4% at 36 and 94.0-96.6% at 60, below 95% at 60 on five. The loans due
    after month 36 are mostly late borrowers who already owed relatives or moneylenders and
    year-1 loans rolled over, where the evidence counts a programme's loans as they come due,
    not one layoff wave's tail: 60 months is not checked here, a known and open gap
    (docs/model.md, fact 4)."""
    r = repayment[months]
    assert r["matured"] >= 400 and 0.95 <= r["repaid"] <= 1.0, r


def test_facts_5_and_10_credit_adds_firms_not_consumption_and_shrinks_trade_profit(fact):
    r, later = fact("credit")  # months 12-18 and 24-36, from one run of each world to month 36
    assert 0.15 <= r["businesses_change"] <= 0.60, r  # more businesses with credit (about +1/3)
    assert abs(r["consumption_change"]) < 0.10, r  # modest, not transformative
    assert r["trade_profit_change"] < 0, r  # excess entry: more firms, less total profit
    assert 0.0 < later["businesses_change"] <= 0.60 and abs(later["consumption_change"]) < 0.10, (
        later
    )


def test_fact_6_returns_to_capital_by_family_duties(fact):
    """Extra capital earns about 5% a month for owners without heavy duties, about 0 for women
    with them (de Mel, McKenzie & Woodruff 2008: 4.6-5.3%; ~0 for women)."""
    r = fact("returns")
    assert 0.03 <= r["others"] <= 0.08, r
    assert -0.01 <= r["heavy_duties"] <= 0.015, r


def test_fact_7_demand_feedback(fact):
    r = fact("demand_feedback")
    assert 0.2 <= r["service_jobs_lost_per_job_cut"] <= 1.6, r


def test_fact_8_remittance_dependence_in_sellers_revenue(fact):
    change = dict(fact("remittances"))
    building = change.pop("building")
    assert -0.2 < building < 0
    assert all(building < 2 * other for other in change.values()), (building, change)


@pytest.mark.parametrize("months", [24, 36])
def test_fact_9_most_laid_off_are_not_back_in_wage_work_and_women_wait_longer(months, fact):
    r = fact("labour_market")[months]
    assert 0.5 <= r["not_in_wage_work"] <= 0.99, r
    assert r["women_in_wage_work"] < r["men_in_wage_work"], r
    assert r["least_educated_in_wage_work"] < r["others_in_wage_work"], r
    # Layoffs select (Appleton et al. 2002): women are most of the laid-off, with the town's
    # workers half women.
    assert 0.52 <= r["women_among_laid_off"] <= 0.75, r


def test_fact_11_agreements_hold_among_few_calm_sellers_and_collapse_among_many_desperate(fact):
    few_calm, many_desperate = fact("agreements")
    assert few_calm >= 0.5
    assert many_desperate <= 0.2
    assert few_calm - many_desperate >= 0.4


def test_fact_12_a_default_lands_on_the_guarantor_then_the_fund():
    e = Engine(P, seed=1, players=())
    st = e.state
    borrower, guarantor = 10, 11
    st.status[borrower] = Status.DAY_LABOUR
    st.cash[borrower] = 0.0
    st.informal_debt[borrower] = 1e6  # no relative left to lend
    st.loan_principal[borrower] = 30_000.0
    st.loan_books["disbursed"] += 30_000.0
    st.loan_due_month[borrower] = e.month
    st.guarantor[borrower] = guarantor
    st.cash[guarantor] = 10_000.0
    st.informal_debt[guarantor] = 1e6
    trust_before = float(st.trust[guarantor])
    e.end_month()
    assert st.blacklisted[borrower]
    assert e.last_flows.get("guarantor_paid", 0.0) > 5_000  # the guarantor paid what it could
    assert st.trust[guarantor] < trust_before and st.times_called[guarantor] == 1
    assert e.metrics.town[-1]["fund_paid"] > 0  # the rest fell on the guarantee fund
    # And a called guarantor is slower to help again.
    from game.core.rules.finance import guarantor_willingness

    st.cash[guarantor] = 100_000.0
    st.informal_debt[guarantor] = 0.0
    called = guarantor_willingness(P, st, np.array([guarantor]))[0]
    st.times_called[guarantor] = 0
    st.trust[guarantor] = 1.0
    assert called < guarantor_willingness(P, st, np.array([guarantor]))[0]


def test_the_default_town_races_to_the_bottom_and_does_not_bounce_above_where_it_started(fact):
    """The most-entered trade fills up, its price and margin fall in year one; at 36 and 60
    months, with less spent in town, its price is still below where it started."""
    for rows, town in fact("race"):
        assert max(r["sellers"] for r in rows[6:14]) > rows[0]["sellers"]
        assert rows[12]["median_price"] < rows[0]["median_price"]
        assert rows[12]["median_margin"] < rows[0]["median_margin"]
        for m in (36, 60):
            assert (
                rows[m]["median_price"] is None
                or rows[m]["median_price"] < 1.05 * rows[0]["median_price"]
            )
        # and the town spends less than before the layoffs (the price has a reason to stay down)
        assert town[36]["local_spending"] < town[1]["local_spending"] * 1.05


def test_a_ceiling_of_zero_is_no_loan_and_ceilings_give_different_towns(fact):
    """0 means no subsidised loan at all (the same town as loans switched off: no certificate,
    no guarantor); the 2002, 2009 and 2016 ceilings (20,000, 50,000, 100,000) give different
    towns: more is lent, and to dearer trades, the higher the ceiling."""
    c = fact("ceilings")
    assert c["zero_town"] == c["off_town"]
    assert c["zero_disbursed"] == 0 and c["zero_certificates"] == 0
    lent = c["lent"]
    assert lent[0] < lent[1] < lent[2], lent
