"""The town's parameters: one typed, frozen object with defaults for a steel town in 2016.

Every number cites its source in the field's metadata: `docs/evidence.md` (the calibration
table, the stylized facts and the references, in the repository), or "assumption" where the
evidence is silent, or "calibrated" for a behavioural weight tuned to a named target (the
target is in the source string). The scenario loader builds this object from YAML; the core
never reads a file. Units are in the names (`_yuan_per_month`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

# pydantic reads this plain dict when it validates these stdlib dataclasses (scenario loader):
# unknown keys are errors. The core itself never imports pydantic.
_FORBID: dict[str, Any] = {"extra": "forbid"}

EV = "docs/evidence.md"


def cited(default: Any, source: str, unit: str = "", help: str = "") -> Any:
    """A field default that carries where its number comes from (shown by the game and docs)."""
    meta = {"source": source, "unit": unit, "help": help}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


ASSUMPTION = "assumption"
# Schooling levels, in the order of the household column `education` (0, 1, 2).
EDUCATION_LEVELS = ("primary", "middle", "high")


def calibrated(target: str) -> str:
    """The source string of a behavioural weight tuned so that a stylized fact holds."""
    return f"calibrated (assumption) so that {target}"


@dataclass(frozen=True)
class Trade:
    """One kind of business the laid-off can open."""

    __pydantic_config__ = _FORBID

    key: str = cited("noodles", "", help="short identifier used in events and commands")
    name: str = cited("Noodle stall", "", help="what the player reads")
    icon: str = cited(
        "bowl", "", help="icon glyph: bowl, bag, scissors, wrench, wheel, needle, bricks, coin"
    )
    unit: str = cited(
        "bowl",
        "",
        help="what one sale is: bowl, item, haircut, repair, ride, garment, load (price tags read 'per bowl')",
    )
    colour: str = cited(
        "#E69F00", "Okabe & Ito colour-blind-safe palette", help="awning and chart colour"
    )
    start_up_cost_yuan: float = cited(
        20_000.0,
        f"{EV}#startup-noodle-stall: a noodle stall with a few tables, about 20k (advice sites, low confidence)",
        "yuan",
        "equipment, fit-out and first stock: the business's capital at opening",
    )
    rent_yuan_per_month: float = cited(
        1_500.0,
        f"{EV}#rent-county: rent 1-3k/month in a county town (a motor-taxi pays ~500 a month in fees instead: #startup-motor-taxi)",
        "yuan/month",
    )
    unit_cost_yuan: float = cited(
        6.0, ASSUMPTION, "yuan/unit", "ingredients or materials per unit sold"
    )
    start_price_yuan: float = cited(12.0, ASSUMPTION, "yuan/unit", "going price before the layoffs")
    units_per_hour: float = cited(
        12.0, ASSUMPTION, "units/hour", "capacity: what one worker can serve in an hour"
    )
    budget_share: float = cited(
        0.08,
        f"{EV}#spending-2016-urban: NBS 2016, food is about 30% of urban household spending and eating out about a quarter of food; the split into this trade is assumed",
        "share",
        "share of local household spending that goes to this trade",
    )
    remittance_share: float = cited(
        0.0, ASSUMPTION, "share", "share of remittances spent on this trade (house building)"
    )
    external_demand_yuan_per_month: float = cited(
        8_000.0, ASSUMPTION, "yuan/month", "spending from outside the town (passers-by, the county)"
    )
    skill_group: str = cited(
        "cooking", ASSUMPTION, help="the skill this trade uses; laid-off workers share the same few"
    )
    micro_profit: bool = cited(
        True, f"{EV}#loan-2002: micro-profit trades get the interest subsidy (PBoC 2002 No.394)"
    )
    seizure_rate_per_month: float = cited(
        0.0,
        ASSUMPTION,
        "per month",
        "chance the authorities close an unlicensed business and seize its equipment (motor-taxis are banned in waves)",
    )


def default_trades() -> list[Trade]:
    """Seven trades of a northern county town. Start-up costs within the evidence's ranges
    (docs/evidence.md#startup-noodle-stall, #startup-small-shop, #startup-hair, #startup-repair,
    #startup-motor-taxi, #startup-tailor, #startup-building-materials: advice sites, low
    confidence); spending shares, prices and unit costs are assumptions."""
    # fmt: off
    return [
        Trade(),
        Trade(
            key="shop", unit="item", name="Small shop", icon="bag", colour="#56B4E9",
            start_up_cost_yuan=20_000.0, rent_yuan_per_month=1_200.0, unit_cost_yuan=7.5,
            start_price_yuan=10.0, units_per_hour=14.0, budget_share=0.11,
            external_demand_yuan_per_month=10_000.0, skill_group="selling",
        ),
        Trade(
            key="hair", unit="haircut", name="Hair salon", icon="scissors", colour="#CC79A7",
            start_up_cost_yuan=60_000.0, rent_yuan_per_month=1_500.0, unit_cost_yuan=5.0,
            start_price_yuan=25.0, units_per_hour=2.0, budget_share=0.025,
            external_demand_yuan_per_month=2_000.0, skill_group="care",
        ),
        Trade(
            key="repair", unit="repair", name="Repair shop", icon="wrench", colour="#0072B2",
            start_up_cost_yuan=20_000.0, rent_yuan_per_month=1_000.0, unit_cost_yuan=15.0,
            start_price_yuan=40.0, units_per_hour=1.5, budget_share=0.02,
            external_demand_yuan_per_month=3_000.0, skill_group="mechanical",
        ),
        Trade(
            key="motor_taxi", unit="ride", name="Motor-taxi", icon="wheel", colour="#F0E442",
            start_up_cost_yuan=7_000.0, rent_yuan_per_month=500.0, unit_cost_yuan=3.0,
            start_price_yuan=8.0, units_per_hour=2.5, budget_share=0.02,
            external_demand_yuan_per_month=3_000.0, skill_group="mechanical",
            seizure_rate_per_month=0.005,
        ),
        Trade(
            key="tailor", unit="garment", name="Tailoring", icon="needle", colour="#999999",
            start_up_cost_yuan=10_000.0, rent_yuan_per_month=800.0, unit_cost_yuan=12.0,
            start_price_yuan=35.0, units_per_hour=1.0, budget_share=0.01,
            external_demand_yuan_per_month=1_000.0, skill_group="care",
        ),
        Trade(
            key="building", unit="load", name="Building materials", icon="bricks", colour="#D55E00",
            start_up_cost_yuan=150_000.0, rent_yuan_per_month=2_500.0, unit_cost_yuan=70.0,
            start_price_yuan=100.0, units_per_hour=1.2, budget_share=0.03,
            remittance_share=0.35, external_demand_yuan_per_month=15_000.0,
            skill_group="construction", micro_profit=False,
        ),
    ]
    # fmt: on


@dataclass(frozen=True)
class TownParams:
    """Who lives in the town when the game starts."""

    __pydantic_config__ = _FORBID

    households: int = cited(
        500, ASSUMPTION, "households", "a county-town neighbourhood around one mill"
    )
    soe_share: float = cited(
        0.55, ASSUMPTION, "share", "households with a worker in the state mill or mine"
    )
    wage_job_share: float = cited(
        0.25, ASSUMPTION, "share", "households with a private wage job or a business"
    )
    retired_share: float = cited(0.12, ASSUMPTION, "share")
    healthy_profit_yuan_per_month: float = cited(
        4_500.0,
        f"{EV}#returns-to-capital: 4.6-5.7% a month (de Mel, McKenzie & Woodruff 2008) on a 50-100k business",
        "yuan/month",
        "what an owner expects to make in a trade in its old balance (how many shops the old town held)",
    )
    incumbent_fill: float = cited(
        0.75,
        ASSUMPTION,
        "share",
        "businesses open before the layoffs, as a share of what demand could keep at a healthy profit",
    )
    spouse_earner_share: float = cited(
        0.6,
        ASSUMPTION,
        "share",
        "households where the spouse also earns a wage (most urban couples both worked)",
    )
    migrant_member_share: float = cited(
        0.15,
        ASSUMPTION,
        "share",
        "households with a member working elsewhere who sends money home",
    )
    female_share: float = cited(0.5, ASSUMPTION, "share", "women among the town's workers")
    age_mean_years: float = cited(
        44.0, f"{EV}#claim-7: the laid-off are middle-aged (Appleton et al. 2002)", "years"
    )
    age_sd_years: float = cited(7.0, ASSUMPTION, "years")
    education_shares: list[float] = cited(
        [0.35, 0.45, 0.2],
        f"{EV}#claim-7: the laid-off are less educated (Appleton et al. 2002); shares assumed",
        "share",
        "primary, middle school, high school or more",
    )
    dependants_mean: float = cited(
        1.6, ASSUMPTION, "people", "children and elderly parents per household"
    )
    savings_months_of_wage: float = cited(
        4.0, ASSUMPTION, "months", "median savings in months of the former wage"
    )
    skill_groups: list[str] = cited(
        ["cooking", "selling", "care", "mechanical", "construction"],
        ASSUMPTION,
        help="the skills in town; mill workers have few",
    )
    common_skill_strength: float = cited(
        0.8,
        f"{EV}#claim-7: the laid-off share the same skills (Loubere 2016)",
        "0-1",
        "how alike the laid-off are in skills",
    )


@dataclass(frozen=True)
class IncomeParams:
    """Wages, transfers and prices of living."""

    __pydantic_config__ = _FORBID

    soe_wage_yuan_per_month: float = cited(
        3_500.0,
        f"{EV}#wage-2016: average urban non-private wage 5,630/month (NBS 2017); steel and coal pay in distress ~2,000 (SCMP 2015)",
        "yuan/month",
    )
    wage_job_yuan_per_month: float = cited(
        3_000.0,
        f"{EV}#wage-2016: private-sector wage 42,833/yr (NBS 2017); the re-employed earn less (Appleton et al. 2002)",
        "yuan/month",
    )
    spouse_wage_yuan_per_month: float = cited(
        2_000.0,
        f"{EV}#wage-2016: private-sector wages below the urban average (NBS 2017); a second earner on a lower wage is assumed",
        "yuan/month",
        "what an earning spouse brings home",
    )
    wage_job_separation_rate_per_month: float = cited(
        0.02,
        ASSUMPTION,
        "per month",
        "private wage jobs that end each month (and open again): small private employers turn over staff",
    )
    day_labour_yuan_per_day: float = cited(
        100.0,
        f"{EV}#daylabour-2016: migrant workers averaged about 130 yuan a day in 2016, less near"
        " home (NBS migrant worker report 2016); unskilled county day labour 100-150",
        "yuan/day",
    )
    day_labour_days_per_month: float = cited(
        14.0,
        f"{EV}#daylabour-days: day-labour markets have more seekers than jobs; 8-20 days a month"
        " in season (press reports on Guiyang and Beijing; the crowding rule is assumed)",
        "days/month",
        "days of work a day labourer finds in a normal month, when no more seek it than at the start",
    )
    day_labour_max_days_per_month: float = cited(
        26.0, ASSUMPTION, "days/month", "the most days of casual work anyone finds in a month"
    )
    day_labour_wage_elasticity: float = cited(
        0.4,
        ASSUMPTION,
        "",
        "how much the day wage falls as more people seek the same days (elasticity to days offered per seeker)",
    )
    day_labour_women_factor: float = cited(
        0.7,
        f"{EV}#daylabour-2016: casual building and loading work goes to men first; women find fewer days (share assumed, as for job offers: Appleton et al. 2002)",
        "ratio",
        "days a woman finds against a man seeking the same casual work",
    )
    day_labour_winter_factor: float = cited(
        0.5,
        ASSUMPTION,
        "share",
        "days on offer from November to March against the rest of the year (building stops in the northern frost)",
    )
    day_labour_injury_rate_per_month: float = cited(
        0.01,
        ASSUMPTION,
        "per month",
        "a day labourer hurt at work: no pay that month and a blow to health",
    )
    unemployment_insurance_yuan_per_month: float = cited(
        1_200.0,
        f"{EV}#unemployment-insurance: between the minimum living allowance and the minimum wage",
        "yuan/month",
    )
    unemployment_insurance_months: int = cited(
        18,
        f"{EV}#unemployment-insurance: 12/18/24 months for 1-5/5-10/10+ contribution years",
        "months",
    )
    mill_spending_yuan_per_worker_per_month: float = cited(
        1_500.0,
        f"{EV}#local-multiplier: ~1.6 service jobs per manufacturing job (Moretti 2010); amount assumed",
        "yuan/month",
        "what the mill buys in town (meals, transport, repairs) per worker in post",
    )
    pension_yuan_per_month: float = cited(2_400.0, ASSUMPTION, "yuan/month")
    internal_retirement_allowance_yuan_per_month: float = cited(
        1_500.0,
        f"{EV}#internal-retirement: the firm pays a living allowance (Xinhua, Mar 2016); amount assumed",
        "yuan/month",
    )
    migrant_wage_yuan_per_month: float = cited(
        3_275.0, f"{EV}#wage-2016: migrant workers 3,275/month (NBS 2017)", "yuan/month"
    )
    remittance_share_of_migrant_wage: float = cited(0.5, ASSUMPTION, "share")
    migration_cost_yuan: float = cited(
        1_500.0,
        ASSUMPTION,
        "yuan",
        "the fare and the first weeks in the city before the first pay",
    )
    migrant_wage_arrears_rate_per_month: float = cited(
        0.01,
        f"{EV}#migrant-arrears-2016: wage arrears of migrant workers (NBS migrant worker monitoring reports)",
        "per month",
        "chance an employer in the city withholds a month's pay",
    )
    migrant_return_rate_per_month: float = cited(
        0.03,
        ASSUMPTION,
        "per month",
        "chance a migrant comes home for good (the job ends, the family needs them)",
    )
    living_cost_yuan_per_month: float = cited(
        1_300.0, ASSUMPTION, "yuan/month", "the worker and spouse"
    )
    living_cost_per_dependant_yuan_per_month: float = cited(500.0, ASSUMPTION, "yuan/month")
    school_fee_yuan_per_child: float = cited(2_000.0, ASSUMPTION, "yuan/year", "paid in September")
    school_fee_month_of_year: int = cited(9, ASSUMPTION, "month", "September")
    propensity_to_consume: float = cited(0.6, ASSUMPTION, "share", "of income above living costs")
    propensity_to_consume_with_loan: float = cited(
        0.3,
        ASSUMPTION,
        "share",
        "the same while a subsidised loan is running: the household saves to repay it",
    )
    hardship_health_loss: float = cited(
        0.15,
        ASSUMPTION,
        "per month",
        "health lost in a month spent entirely without the living costs (less for a partial shortfall; half again in winter)",
    )
    winter_hardship_factor: float = cited(
        1.5,
        ASSUMPTION,
        "times",
        "how much more health going without costs in the heating months",
    )
    untreated_illness_health_loss: float = cited(
        0.3,
        ASSUMPTION,
        "health",
        "health an illness takes when the household cannot pay the doctor",
    )
    health_recovery_per_month: float = cited(
        0.05, ASSUMPTION, "health/month", "health regained in a month without illness"
    )
    health_floor: float = cited(
        0.2,
        ASSUMPTION,
        "health",
        "the lowest health hardship, illness or an injury leave (light work is still possible)",
    )
    hospitalisation_rate_per_person_year: float = cited(
        0.165, f"{EV}#health-shock: health statistics 2016", "per person-year"
    )
    hospital_bill_yuan: float = cited(
        8_605.0, f"{EV}#health-shock: health statistics 2016, mean bill", "yuan"
    )
    out_of_pocket_share: float = cited(0.288, f"{EV}#health-shock: health statistics 2016", "share")
    minimum_living_guarantee_yuan_per_person_per_month: float = cited(
        450.0,
        f"{EV}#dibao-2016: urban dibao lines averaged about 495 yuan a person a month in 2016 (Ministry of Civil Affairs); county towns lower",
        "yuan/month",
        "the dibao line: the state tops a poor household's income up to this much a head",
    )
    minimum_living_guarantee_take_up: float = cited(
        0.6,
        f"{EV}#dibao-2016: many eligible households do not receive it (targeting errors, stigma); share assumed",
        "share",
        "share of eligible households that get the guarantee",
    )
    informal_rate_per_month: float = cited(
        0.02,
        f"{EV}#informal-rate-market: private lenders charge 1.5-3% a month; the courts protect up to 24% a year",
        "per month",
        "moneylenders' monthly interest (on the part beyond what the family lends free)",
    )
    informal_interest_free_months_of_living: float = cited(
        4.0,
        f"{EV}#informal-rate-market: most loans between relatives carry no interest; amount assumed",
        "months",
        "what relatives lend without interest, in months of living costs",
    )
    informal_limit_months_of_living: float = cited(
        14.0,
        ASSUMPTION,
        "months",
        "how much informal lenders (relatives and moneylenders together) will lend, in months of living costs",
    )
    informal_write_off_multiple: float = cited(
        1.5,
        ASSUMPTION,
        "ratio",
        "lenders write off what is owed beyond this multiple of the limit, and lend no more",
    )
    lenders_capital_yuan_per_household: float = cited(
        4_000.0,
        ASSUMPTION,
        "yuan",
        "what the town's relatives and moneylenders can lend in all, per household",
    )


@dataclass(frozen=True)
class LayoffWave:
    """A share of the remaining state-firm workers lose their jobs in one month. Who goes
    first follows the odds below (Appleton et al. 2002: women, the middle-aged and the less
    educated were retrenched more often)."""

    __pydantic_config__ = _FORBID

    month: int = cited(
        0, f"{EV}#claim-1: the 2016 restructuring", "month", "0: the game opens on this wave"
    )
    share: float = cited(
        0.45,
        f"{EV}#layoffs-2016: ~15% of coal+steel workforce nationally; higher in a mill town (assumption)",
        "share",
    )
    wage_change: float = cited(
        -0.1,
        f"{EV}#wage-2016: coal pay in distress ~2,000/month with arrears (SCMP 2015)",
        "share",
        "change in the remaining state workers' wage",
    )
    remittance_index_change: float = cited(
        0.0,
        f"{EV}#claim-8: migrants work in the same shedding firms",
        "share",
        "change in remittances from migrants elsewhere",
    )
    odds_women: float = cited(
        1.6,
        f"{EV}#retrenched-unemployed: women were retrenched more often (Appleton et al. 2002); the odds ratio is assumed",
        "ratio",
        "odds of a woman being laid off against a man",
    )
    odds_middle_aged: float = cited(
        1.5,
        f"{EV}#retrenched-unemployed: the middle-aged were retrenched more often (Appleton et al. 2002); the odds ratio is assumed",
        "ratio",
        "odds for workers aged 40 to 55 against the rest",
    )
    odds_by_education: list[float] = cited(
        [1.5, 1.0, 0.5],
        f"{EV}#retrenched-unemployed: the less educated were retrenched more often (Appleton et al. 2002); odds assumed",
        "ratio",
        "odds by schooling: primary, middle school, high school or more",
    )
    # Whom the wave is aimed at (a scenario's story: "women are laid off first"). The share is
    # then of the workers in post who match; the odds above still rank them.
    sex: str = cited(
        "", "", help="female or male: only workers of this sex are laid off in this wave"
    )
    age_min: float = cited(0.0, "", "years", "only workers at least this old")
    age_max: float = cited(100.0, "", "years", "only workers at most this old")
    education: list[str] = cited(
        [], "", help="only workers with this schooling: any of primary, middle, high"
    )
    player: bool = cited(
        False,
        "",
        help="the player's household is laid off in this wave (default: the first wave)",
    )


def player_wave(waves: list[LayoffWave]) -> int:
    """The index of the wave that lays off the player's household: the one marked `player`,
    else the earliest (-1: no waves, the player is laid off as the game opens)."""
    for i, w in enumerate(waves):
        if w.player:
            return i
    if not waves:
        return -1
    return min(range(len(waves)), key=lambda i: (waves[i].month, i))


@dataclass(frozen=True)
class Policy:
    """The state's answer: the four measures of the 2016 guidelines and the loan's terms."""

    __pydantic_config__ = _FORBID

    loans_enabled: bool = cited(True, f"{EV}#claim-4: the Employment Microcredit Program")
    loan_ceiling_yuan: float = cited(
        100_000.0,
        f"{EV}#loan-2016: in most places 100,000 yuan (Loubere 2016); 0 means no subsidised loan",
        "yuan",
    )
    loan_term_months: int = cited(
        12, f"{EV}#loan-term: usually 1 year (Shanghai rural bank)", "months"
    )
    loan_extension_months: int = cited(
        12,
        f"{EV}#loan-term: 2002 rules allowed one extension; at most 3 years in practice (Shanghai rural bank)",
        "months",
        "one renewal, only for a business that covers its costs",
    )
    loan_interest_rate_per_year: float = cited(
        0.0435, ASSUMPTION, "per year", "the bank's benchmark rate"
    )
    borrower_interest_share: float = cited(
        0.0,
        f"{EV}#claim-4: zero interest to the borrower, the finance ministry pays",
        "share",
    )
    loan_renewals: int = cited(
        10,
        ASSUMPTION,
        "loans",
        "times a loan whose business pays its owner at least day labour's pay may be repaid with a bridge and borrowed again at maturity (the bank rolls such loans over even while it has stopped new lending)",
    )
    renewal_repayment_share: float = cited(
        0.5,
        ASSUMPTION,
        "share",
        "part of the principal the bank asks for at a renewal (from cash beyond two months' living)",
    )
    loan_age_limit_years: float = cited(
        60.0, f"{EV}#loan-2002: borrowers aged 60 or under (PBoC 2002 No.394)", "years"
    )
    certificate_probability: float = cited(
        0.85,
        f"{EV}#claim-4: not everyone could get proof of laid-off status",
        "probability",
    )
    certificate_delay_months: int = cited(
        1,
        f"{EV}#loan-2002: the bank must answer within 3 weeks (PBoC 2002 No.394); delay assumed",
        "months",
    )
    guarantor_required: bool = cited(
        True, f"{EV}#claim-4: no collateral but a trustworthy guarantor"
    )
    guarantor_base_willingness: float = cited(0.7, ASSUMPTION, "probability")
    extension_needs_guarantor: bool = cited(
        False,
        f"{EV}#loan-2002: one extension if the guarantor agrees (PBoC 2002 No.394); off by default: asked as for a new loan (willingness x standing, assumptions), guarantors refuse about half of all extensions and the recovery after a crisis fails (docs/model.md, fact 4)",
        "",
        "the guarantor is asked before an extension, and before a renewal (a new loan on the same guarantee); if it says no, the loan falls due",
    )
    subsidy_during_extension: bool = cited(
        False,
        f"{EV}#loan-2002: the central budget pays the interest, but not during an extension (PBoC 2002 No.394)",
        "",
        "the state goes on paying the interest subsidy while a loan is extended",
    )
    guarantee_fund_yuan_per_household: float = cited(
        1_500.0,
        f"{EV}#guarantee-fund-cap: banks lend at least 3x the guarantee fund; the fund's size per household is assumed",
        "yuan",
        "the guarantee fund's money at the start, per household in town",
    )
    guarantee_fund_cap_share: float = cited(
        0.2,
        f"{EV}#guarantee-fund-cap: payouts capped at 20% of the balance a year",
        "share/year",
    )
    arrears_suspend_threshold: float = cited(
        0.2, f"{EV}#crisis-arrears: Harbin 2008, ~20% overdue, lending halted", "share"
    )
    arrears_resume_threshold: float = cited(
        0.1, ASSUMPTION, "share", "hysteresis: lending resumes only well below the trigger"
    )
    suspension_min_months: int = cited(6, ASSUMPTION, "months")
    tax_relief_months: int = cited(36, f"{EV}#claim-2: tax relief for the self-employed", "months")
    business_tax_share_of_revenue: float = cited(0.03, ASSUMPTION, "share")
    retraining_months: int = cited(3, ASSUMPTION, "months")
    retraining_stipend_yuan_per_month: float = cited(800.0, ASSUMPTION, "yuan/month")
    retraining_offer_boost: float = cited(
        1.5, ASSUMPTION, "ratio", "job offer odds after a course, relative to before"
    )
    internal_retirement_years_before: float = cited(
        5.0, f"{EV}#internal-retirement: up to 5 years before statutory age (Xinhua 2016)", "years"
    )
    retirement_age_men: float = cited(
        60.0, f"{EV}#retirement-age: State Council 1978 No.104", "years"
    )
    retirement_age_women: float = cited(
        50.0, f"{EV}#retirement-age: State Council 1978 No.104 (women workers)", "years"
    )
    migration_enabled: bool = cited(True, f"{EV}#claim-2: cross-region job information")
    public_employment_jobs_share: float = cited(
        0.0, ASSUMPTION, "share", "what-if: public jobs offered to the laid-off each month"
    )
    cooperative_risk_sharing: float = cited(
        0.0, ASSUMPTION, "share", "what-if: share of a default the sellers' cooperative absorbs"
    )


@dataclass(frozen=True)
class MarketParams:
    """How customers choose and how sellers price, invest and fare (the market mechanism of
    docs/evidence.md: a logit within each trade, adaptive pricing on the seller's own sales)."""

    __pydantic_config__ = _FORBID

    demand_scale: float = cited(
        1.0,
        ASSUMPTION,
        "ratio",
        "multiplies every trade's spending in town (0.5: a town half as rich)",
    )
    price_sensitivity_scale: float = cited(
        1.0,
        f"{EV}#mechanism-pricing: multinomial logit on price; each trade's weight is derived so that its start price is the sellers' best response (Lerner) before the layoffs",
        "ratio",
        "multiplies each trade's derived logit weight on log price",
    )
    outside_option_weight: float = cited(
        0.35,
        calibrated(
            "about a fifth of a trade's spending goes to the county seat and the chain stores"
        ),
        "sellers per 20,000 yuan/month",
        "pull of the county seat / chain store, in seller-equivalents per 20,000 yuan of monthly spending",
    )
    loyalty_speed: float = cited(
        0.2,
        f"{EV}#mechanism-pricing: loyalty updates slowly (Weisbuch, Kirman & Herreiner); the speed is assumed",
        "per month",
    )
    sales_response: float = cited(
        0.3,
        calibrated(
            "one entrant among 5-10 sellers lowers prices 3-8% within six months (Busso & Galiani)"
        ),
        "",
        "share of a sales shortfall (against the seller's usual sales) passed into a price cut each month",
    )
    sales_response_up: float = cited(
        0.1,
        calibrated(
            "prices recover only slowly after a shake-out (recovery lags: docs/evidence.md#fact-4)"
        ),
        "",
        "the same when sales run above what the seller expects: sellers raise more warily than they cut (Howitt & Clower raise mainly when stock runs out)",
    )
    sales_memory: float = cited(
        0.2,
        calibrated(
            "one entrant among 5-10 sellers lowers prices 3-8% within six months (Busso & Galiani)"
        ),
        "share/month",
        "how fast a seller's idea of its usual sales follows what it sells",
    )
    best_response_pull: float = cited(
        0.05,
        ASSUMPTION,
        "share/month",
        "part of the gap to the price that maximises the seller's own profit closed each month",
    )
    price_step: float = cited(
        0.03,
        f"{EV}#mechanism-pricing: adaptive pricing, raise when capacity binds (Howitt & Clower 2000); size assumed",
        "share",
    )
    loss_cut: float = cited(
        0.02,
        f"{EV}#mechanism-pricing: sales below break-even, cut the price (Howitt & Clower 2000); size assumed",
        "share",
    )
    desperate_extra_cut: float = cited(
        0.03,
        f"{EV}#mechanism-pricing: desperate sellers cut deeper; size assumed",
        "share",
    )
    min_markup: float = cited(0.03, f"{EV}#mechanism-pricing: never below unit cost", "share")
    street_appeal: float = cited(
        0.4,
        ASSUMPTION,
        "",
        "customers' pull toward a shop on the main street over one in a side street (logit units): the first to open take the street's free lots",
    )
    skill_appeal: float = cited(
        0.8,
        ASSUMPTION,
        "",
        "customers' pull toward a skilled owner (logit units per unit of skill above the middle)",
    )
    capital_appeal: float = cited(
        0.5,
        calibrated(
            "10,000 yuan of extra capital raises monthly profit by about 5% of it for owners without heavy family duties (de Mel, McKenzie & Woodruff 2008)"
        ),
        "",
        "customers' pull toward a better-equipped, better-stocked shop (logit units per log of capital over the trade's start-up cost)",
    )
    capital_depreciation_per_month: float = cited(
        0.01, ASSUMPTION, "per month", "equipment wears and stock spoils"
    )
    reinvest_share_per_month: float = cited(
        0.1,
        ASSUMPTION,
        "share/month",
        "share of cash beyond a safe reserve an owner puts back into the business",
    )
    capital_cap_multiple: float = cited(
        2.0, ASSUMPTION, "ratio", "owners stop investing at this multiple of the start-up cost"
    )
    household_capture_per_month: float = cited(
        0.8,
        f"{EV}#returns-to-capital: in households with heavy duties, business capital is drawn into family needs (de Mel et al. 2008, 2009); rate assumed",
        "share/month",
        "share of capital beyond the start-up cost sold off for family needs each month by owners with heavy family duties",
    )


@dataclass(frozen=True)
class Behaviour:
    """How households decide: the rules the AI neighbours follow. Mostly assumptions or weights
    calibrated to the stylized facts of docs/evidence.md (see docs/model.md)."""

    __pydantic_config__ = _FORBID

    full_hours_per_month: float = cited(
        260.0, ASSUMPTION, "hours/month", "ten hours a day, 26 days"
    )
    burden_hours_share: float = cited(
        0.75,
        f"{EV}#returns-to-capital: women with heavy family duties work fewer hours in the business (de Mel et al. 2008); share assumed",
        "share",
        "hours a woman with two or more dependants can give the business",
    )
    decision_rate_per_month: float = cited(
        0.35,
        ASSUMPTION,
        "probability",
        "chance a laid-off household acts on its plans in a month",
    )
    job_offer_rate_per_month: float = cited(
        0.06,
        calibrated(
            "two years on, about half the retrenched are not back in wage work (Appleton et al. 2002)"
        ),
        "probability",
        "chance a job seeker is offered one of the month's vacancies (before the town's vacancies run out)",
    )
    offer_factor_women: float = cited(
        0.7,
        f"{EV}#retrenched-unemployed: women at higher risk (Appleton et al. 2002); factor assumed",
        "ratio",
    )
    offer_factor_over_40: float = cited(
        0.7,
        f"{EV}#retrenched-unemployed: the middle-aged at higher risk (Appleton et al. 2002); factor assumed",
        "ratio",
    )
    offer_factor_by_education: list[float] = cited(
        [0.6, 1.0, 1.5],
        f"{EV}#retrenched-unemployed: the less educated at higher risk (Appleton et al. 2002); factors assumed",
        "ratio",
    )
    skill_weight: float = cited(
        3.5,
        calibrated(
            "at least 55% of start-ups fall in retail and catering (fact 2); trade chosen by skills (Garcia-Diaz & Moreno-Monroy 2012)"
        ),
    )
    profit_weight: float = cited(
        1.5, calibrated("the most-entered trade takes at least 35% of start-ups (fact 2)")
    )
    herding_weight: float = cited(
        7.0,
        calibrated(
            "the most-entered trade takes at least 35% of start-ups (fact 2); herding on peers (Garcia-Diaz & Moreno-Monroy 2012)"
        ),
    )
    profit_noise_sd: float = cited(0.3, ASSUMPTION, "share")
    entry_propensity: float = cited(
        0.52,
        calibrated(
            "credit raises the number of businesses by about a third (Banerjee, Karlan & Zinman 2015) and crisis arrears reach 20-40% (docs/evidence.md#crisis-arrears)"
        ),
        "",
        "how keen the laid-off are on the entrepreneurship the state promotes",
    )
    entry_after_failure: float = cited(
        0.4,
        ASSUMPTION,
        "ratio",
        "how keen a household whose business has closed is to open another, against before",
    )
    migration_propensity: float = cited(0.1, ASSUMPTION, "")
    migration_stress_months: float = cited(
        6.0,
        ASSUMPTION,
        "months",
        "months of living costs in hand below which leaving for the city grows more tempting",
    )
    day_labour_cash_months: float = cited(
        3.0,
        ASSUMPTION,
        "months",
        "months of living costs in hand below which a job seeker with no insurance left takes day labour",
    )
    retraining_propensity: float = cited(0.15, ASSUMPTION, "")
    life_event_exit_rate_per_year: float = cited(
        0.015,
        ASSUMPTION,
        "per year",
        "businesses closed by events outside the market (a death, a move, a family crisis)",
    )
    learning_months: float = cited(
        30.0,
        calibrated(
            "the hazard of closing rises from a firm's first year to its third (SAIC 2013; docs/evidence.md#firm-hazard-china); owners learn what their business really earns (Jovanovic 1982)"
        ),
        "months",
        "months of its own results that weigh as much as what the owner expected on opening",
    )
    months_below_outside_before_exit: int = cited(
        2, f"{EV}#fact-4: 2+ months below the outside option", "months"
    )
    exit_probability_when_below: float = cited(
        0.6,
        calibrated("7-10% of businesses close a year in a calm town (McKenzie & Paffhausen)"),
        "per month",
        "chance an owner who believes the business pays less than day labour gives up (a quarter of it with money in hand)",
    )
    calm_exit_share: float = cited(
        0.25,
        ASSUMPTION,
        "share",
        "the part of that chance an owner with money in hand has (a desperate one has all of it)",
    )
    desperation_cash_months: float = cited(
        3.0,
        ASSUMPTION,
        "months",
        "months of fixed costs in hand below which an owner starts to feel pressed",
    )
    observed_profit_memory: float = cited(
        0.6,
        f"{EV}#mechanism-occupation: entry follows what neighbours see, with a lag; weight assumed",
        "share",
        "weight of what neighbours believed last month in what they believe a trade makes now",
    )
    salvage_share: float = cited(0.3, ASSUMPTION, "share", "what a closed business's assets fetch")
    agreement_max_sellers: int = cited(
        6, ASSUMPTION, "sellers", "agreements are proposed only among few sellers"
    )
    agreement_form_probability: float = cited(0.15, ASSUMPTION, "per month")
    agreement_markup: float = cited(
        0.08, ASSUMPTION, "share", "floor above the going price at formation"
    )
    agreement_join_probability: float = cited(
        0.6, ASSUMPTION, "probability", "a newcomer to a trade with an agreement joins it"
    )
    agreement_cooling_off_months: int = cited(
        12, ASSUMPTION, "months", "after a collapse, no new agreement in the trade for this long"
    )
    patience_per_month: float = cited(
        0.9,
        ASSUMPTION,
        "ratio",
        "how much a calm seller values next month's profit against this month's (a desperate one far less)",
    )
    undercut_share: float = cited(
        0.1,
        ASSUMPTION,
        "share",
        "how far below the agreed floor a member reckons it would price if it broke ranks (the gain it weighs)",
    )
    defection_noise_yuan: float = cited(
        300.0,
        ASSUMPTION,
        "yuan",
        "spread of sellers' private reasons to defect or stay (grudges, loyalty)",
    )
    agreement_collapse_share: float = cited(
        0.34, ASSUMPTION, "share", "defection that ends the agreement"
    )


@dataclass(frozen=True)
class ScheduledChange:
    """From a month on, parameters take new values (the district stops issuing certificates, the
    bank stops lending), and players are told why; or the street committee organises a price
    agreement in a trade. The one mechanism scenario schedules and a facilitator's controls use."""

    __pydantic_config__ = _FORBID

    month: int = cited(1, "", "month", "the month the change takes effect (0: from the start)")
    set: dict[str, Any] = cited(
        {}, "", help="dotted parameter path -> new value, e.g. policy.loans_enabled: false"
    )
    say: dict[str, str] = cited({}, "", help="what the players are told, by language (en, zh)")
    agreement: str = cited(
        "", "", help="a trade's key: the street committee organises a price agreement in it"
    )


@dataclass(frozen=True)
class Params:
    """Everything one run of the town needs (besides the seed and the players' commands)."""

    __pydantic_config__ = _FORBID

    months: int = cited(24, "design.md: 24 months by default", "months")
    start_month_of_year: int = cited(4, f"{EV}#claim-2: the guidelines of 15 April 2016", "month")
    town: TownParams = field(default_factory=TownParams)
    income: IncomeParams = field(default_factory=IncomeParams)
    trades: list[Trade] = field(default_factory=default_trades)
    layoff_waves: list[LayoffWave] = field(default_factory=lambda: [LayoffWave()])
    remittance_index_by_month: list[float] = cited(
        [],
        f"{EV}#claim-8",
        "ratio",
        "remittance multiplier schedule (month 0 first; last value holds)",
    )
    policy: Policy = field(default_factory=Policy)
    market: MarketParams = field(default_factory=MarketParams)
    behaviour: Behaviour = field(default_factory=Behaviour)
    schedule: list[ScheduledChange] = field(default_factory=list)


def set_path(params: Any, path: str, value: Any) -> Any:
    """Return a copy of a parameter tree with one dotted field changed (`policy.loan_ceiling_yuan`).

    List items are addressed by index (`trades.0.rent_yuan_per_month`). Raises KeyError with a
    plain message for an unknown path.
    """
    head, _, rest = path.partition(".")
    if isinstance(params, list):
        try:
            i = int(head)
            item = params[i]
        except (ValueError, IndexError):
            raise KeyError(f"no item {head!r} in a list of {len(params)}") from None
        new = list(params)
        new[i] = set_path(item, rest, value) if rest else value
        return new
    if not is_dataclass(params) or isinstance(params, type):
        raise KeyError(f"cannot go into {path!r}")
    names = [f.name for f in fields(params)]
    if head not in names:
        raise KeyError(f"unknown field {head!r} (fields: {', '.join(names)})")
    current = getattr(params, head)
    return replace(params, **{head: set_path(current, rest, value) if rest else value})
