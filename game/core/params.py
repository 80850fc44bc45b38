"""The town's parameters: one typed, frozen object with defaults for a steel town in 2016.

Every number cites its source in `evidence.md` (../shared/docs/evidence.md) in the field's
metadata, or says "assumption" where the evidence is silent. The scenario loader builds this
object from YAML; the core never reads a file. Units are in the names (`_yuan_per_month`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

# pydantic reads this plain dict when it validates these stdlib dataclasses (scenario loader):
# unknown keys are errors. The core itself never imports pydantic.
_FORBID: dict[str, Any] = {"extra": "forbid"}


def cited(default: Any, source: str, unit: str = "", help: str = "") -> Any:
    """A field default that carries where its number comes from (shown by the game and docs)."""
    meta = {"source": source, "unit": unit, "help": help}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda d=default: type(d)(d), metadata=meta)
    return field(default=default, metadata=meta)


ASSUMPTION = "assumption"


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
    colour: str = cited("#E69F00", "visual-style.md (Okabe-Ito)", help="awning and chart colour")
    start_up_cost_yuan: float = cited(
        30_000.0,
        "evidence.md: a noodle shop costs 50-150k (advice sites, low confidence); a street stall less (assumption)",
        "yuan",
    )
    rent_yuan_per_month: float = cited(
        1_500.0, "evidence.md: rent 1-3k/month in a county town", "yuan/month"
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
        "evidence.md: Hejiang county, what borrowers open (catering 23%)",
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
        True, "evidence.md: 2002 rules, micro-profit trades get the interest subsidy"
    )


def default_trades() -> list[Trade]:
    """Seven trades of a northern county town (evidence.md: Hejiang shares; start-up costs)."""
    return [
        Trade(),
        Trade(
            key="shop",
            unit="item",
            name="Small shop",
            icon="bag",
            colour="#56B4E9",
            start_up_cost_yuan=15_000.0,
            rent_yuan_per_month=1_200.0,
            unit_cost_yuan=7.5,
            start_price_yuan=10.0,
            units_per_hour=14.0,
            budget_share=0.11,
            external_demand_yuan_per_month=10_000.0,
            skill_group="selling",
        ),
        Trade(
            key="hair",
            unit="haircut",
            name="Hair salon",
            icon="scissors",
            colour="#CC79A7",
            start_up_cost_yuan=35_000.0,
            rent_yuan_per_month=1_500.0,
            unit_cost_yuan=5.0,
            start_price_yuan=25.0,
            units_per_hour=2.0,
            budget_share=0.025,
            external_demand_yuan_per_month=2_000.0,
            skill_group="care",
        ),
        Trade(
            key="repair",
            unit="repair",
            name="Repair shop",
            icon="wrench",
            colour="#0072B2",
            start_up_cost_yuan=20_000.0,
            rent_yuan_per_month=1_000.0,
            unit_cost_yuan=15.0,
            start_price_yuan=40.0,
            units_per_hour=1.5,
            budget_share=0.02,
            external_demand_yuan_per_month=3_000.0,
            skill_group="mechanical",
        ),
        Trade(
            key="motor_taxi",
            unit="ride",
            name="Motor-taxi",
            icon="wheel",
            colour="#F0E442",
            start_up_cost_yuan=10_000.0,
            rent_yuan_per_month=200.0,
            unit_cost_yuan=3.0,
            start_price_yuan=8.0,
            units_per_hour=2.5,
            budget_share=0.02,
            external_demand_yuan_per_month=3_000.0,
            skill_group="mechanical",
        ),
        Trade(
            key="tailor",
            unit="garment",
            name="Tailoring",
            icon="needle",
            colour="#999999",
            start_up_cost_yuan=8_000.0,
            rent_yuan_per_month=800.0,
            unit_cost_yuan=12.0,
            start_price_yuan=35.0,
            units_per_hour=1.0,
            budget_share=0.01,
            external_demand_yuan_per_month=1_000.0,
            skill_group="care",
        ),
        Trade(
            key="building",
            unit="load",
            name="Building materials",
            icon="bricks",
            colour="#D55E00",
            start_up_cost_yuan=60_000.0,
            rent_yuan_per_month=2_500.0,
            unit_cost_yuan=70.0,
            start_price_yuan=100.0,
            units_per_hour=1.2,
            budget_share=0.03,
            remittance_share=0.35,
            external_demand_yuan_per_month=15_000.0,
            skill_group="construction",
            micro_profit=False,
        ),
    ]


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
        "evidence.md: returns to capital 4.6-5.7% a month (de Mel, McKenzie & Woodruff 2008) on 50-100k start-up",
        "yuan/month",
        "what an owner made before the layoffs",
    )
    incumbent_fill: float = cited(
        0.75,
        ASSUMPTION,
        "share",
        "businesses open before the layoffs, as a share of what demand could keep at a healthy profit",
    )
    migrant_member_share: float = cited(
        0.15, ASSUMPTION, "share", "households with a member working elsewhere who sends money home"
    )
    female_share: float = cited(
        0.5,
        "evidence.md: the laid-off are mostly women (Loubere 2016; Appleton et al. 2002)",
        "share",
    )
    age_mean_years: float = cited(
        44.0, "evidence.md: the laid-off are middle-aged (Appleton et al. 2002)", "years"
    )
    age_sd_years: float = cited(7.0, ASSUMPTION, "years")
    education_shares: list[float] = cited(
        [0.35, 0.45, 0.2],
        "evidence.md: the laid-off are less educated (Appleton et al. 2002)",
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
        "evidence.md claim 7: the laid-off share the same skills",
        "0-1",
        "how alike the laid-off are in skills",
    )


@dataclass(frozen=True)
class IncomeParams:
    """Wages, transfers and prices of living."""

    __pydantic_config__ = _FORBID

    soe_wage_yuan_per_month: float = cited(
        3_500.0,
        "evidence.md: average wage 2016 5,630/month urban non-private; steel/coal pay in distress ~2,000 (SCMP 2015)",
        "yuan/month",
    )
    wage_job_yuan_per_month: float = cited(
        3_000.0,
        "evidence.md: private-sector wage 42,833/yr; the re-employed earn less (Appleton et al. 2002)",
        "yuan/month",
    )
    day_labour_yuan_per_day: float = cited(100.0, ASSUMPTION, "yuan/day")
    day_labour_days_per_month: float = cited(
        14.0, ASSUMPTION, "days/month", "days of work a day labourer finds in a normal month"
    )
    unemployment_insurance_yuan_per_month: float = cited(
        1_200.0,
        "evidence.md: between the minimum living allowance and the minimum wage",
        "yuan/month",
    )
    unemployment_insurance_months: int = cited(
        18, "evidence.md: 12/18/24 months for 1-5/5-10/10+ contribution years", "months"
    )
    mill_spending_yuan_per_worker_per_month: float = cited(
        1_500.0,
        "evidence.md: local multiplier ~1.6 service jobs per manufacturing job (Moretti 2010); amount assumed",
        "yuan/month",
        "what the mill buys in town (meals, transport, repairs) per worker in post",
    )
    pension_yuan_per_month: float = cited(2_400.0, ASSUMPTION, "yuan/month")
    internal_retirement_allowance_yuan_per_month: float = cited(
        1_500.0,
        "evidence.md: firm pays a living allowance (Xinhua, Mar 2016); amount assumed",
        "yuan/month",
    )
    migrant_wage_yuan_per_month: float = cited(
        3_275.0, "evidence.md: migrant workers 3,275/month (NBS 2017)", "yuan/month"
    )
    remittance_share_of_migrant_wage: float = cited(0.5, ASSUMPTION, "share")
    living_cost_yuan_per_month: float = cited(
        1_300.0, ASSUMPTION, "yuan/month", "the worker and spouse"
    )
    living_cost_per_dependant_yuan_per_month: float = cited(500.0, ASSUMPTION, "yuan/month")
    school_fee_yuan_per_child: float = cited(2_000.0, ASSUMPTION, "yuan/year", "paid in September")
    school_fee_month_of_year: int = cited(9, ASSUMPTION, "month", "September")
    propensity_to_consume: float = cited(0.6, ASSUMPTION, "share", "of income above living costs")
    hospitalisation_rate_per_person_year: float = cited(
        0.165, "evidence.md: health statistics 2016", "per person-year"
    )
    hospital_bill_yuan: float = cited(
        8_605.0, "evidence.md: health statistics 2016, mean bill", "yuan"
    )
    out_of_pocket_share: float = cited(0.288, "evidence.md: health statistics 2016", "share")
    informal_rate_per_month: float = cited(
        0.03, ASSUMPTION, "per month", "informal lenders' monthly interest"
    )
    informal_limit_months_of_living: float = cited(
        12.0,
        ASSUMPTION,
        "months",
        "how much an informal lender will lend, in months of living costs",
    )


@dataclass(frozen=True)
class LayoffWave:
    """A share of the remaining state-firm workers lose their jobs in one month."""

    __pydantic_config__ = _FORBID

    month: int = cited(
        0, "evidence.md claim 1: the 2016 restructuring", "month", "0: the game opens on this wave"
    )
    share: float = cited(
        0.45,
        "evidence.md: ~15% of coal+steel workforce nationally; higher in a mill town (assumption)",
        "share",
    )
    wage_change: float = cited(
        -0.1,
        "evidence.md: coal pay in distress ~2,000/month with arrears (SCMP 2015)",
        "share",
        "change in the remaining state workers' wage",
    )
    remittance_index_change: float = cited(
        0.0,
        "evidence.md claim 8: migrants work in the same shedding firms",
        "share",
        "change in remittances from migrants elsewhere",
    )


@dataclass(frozen=True)
class Policy:
    """The state's answer: the four measures of the 2016 guidelines and the loan's terms."""

    __pydantic_config__ = _FORBID

    loans_enabled: bool = cited(True, "evidence.md claim 4: the Employment Microcredit Program")
    loan_ceiling_yuan: float = cited(
        100_000.0, "evidence.md: in most places 100,000 yuan (Loubere 2016)", "yuan"
    )
    loan_term_months: int = cited(12, "evidence.md: usually 1 year (Shanghai rural bank)", "months")
    loan_extension_months: int = cited(
        12,
        "evidence.md: 2002 rules allowed one extension; at most 3 years in practice (Shanghai rural bank)",
        "months",
        "one renewal for a business still trading",
    )
    loan_interest_rate_per_year: float = cited(
        0.0435, ASSUMPTION, "per year", "the bank's benchmark rate"
    )
    borrower_interest_share: float = cited(
        0.0,
        "evidence.md claim 4: zero interest to the borrower, the finance ministry pays",
        "share",
    )
    certificate_probability: float = cited(
        0.85, "evidence.md claim 4: not everyone could get proof of laid-off status", "probability"
    )
    certificate_delay_months: int = cited(
        1,
        "evidence.md: bank must answer within 3 weeks (PBoC 2002 No.394); delay assumed",
        "months",
    )
    guarantor_required: bool = cited(
        True, "evidence.md claim 4: no collateral but a trustworthy guarantor"
    )
    guarantor_base_willingness: float = cited(0.7, ASSUMPTION, "probability")
    guarantee_fund_cap_share: float = cited(
        0.2, "evidence.md: guarantee fund payouts capped at 20% of balance a year", "share/year"
    )
    arrears_suspend_threshold: float = cited(
        0.2, "evidence.md: Harbin 2008, ~20% overdue, lending halted", "share"
    )
    arrears_resume_threshold: float = cited(
        0.08, ASSUMPTION, "share", "hysteresis: lending resumes only well below the trigger"
    )
    suspension_min_months: int = cited(6, ASSUMPTION, "months")
    tax_relief_months: int = cited(
        36, "evidence.md claim 2: tax relief for the self-employed", "months"
    )
    business_tax_share_of_revenue: float = cited(0.03, ASSUMPTION, "share")
    retraining_months: int = cited(3, ASSUMPTION, "months")
    retraining_stipend_yuan_per_month: float = cited(800.0, ASSUMPTION, "yuan/month")
    retraining_offer_boost: float = cited(
        1.5, ASSUMPTION, "ratio", "job offer odds after a course, relative to before"
    )
    internal_retirement_years_before: float = cited(
        5.0, "evidence.md: up to 5 years before statutory age (Xinhua 2016)", "years"
    )
    retirement_age_men: float = cited(60.0, "evidence.md: State Council 1978 No.104", "years")
    retirement_age_women: float = cited(
        50.0, "evidence.md: State Council 1978 No.104 (women workers)", "years"
    )
    migration_enabled: bool = cited(True, "evidence.md claim 2: cross-region job information")
    public_employment_jobs_share: float = cited(
        0.0, ASSUMPTION, "share", "what-if: public jobs offered to the laid-off each month"
    )
    cooperative_risk_sharing: float = cited(
        0.0, ASSUMPTION, "share", "what-if: share of a default the sellers' cooperative absorbs"
    )


@dataclass(frozen=True)
class Behaviour:
    """How households decide: the rules the AI neighbours follow. Mostly assumptions, tuned
    so the stylized facts in evidence.md hold (see docs/model.md)."""

    __pydantic_config__ = _FORBID

    price_sensitivity: float = cited(
        1.5,
        "evidence.md: multinomial logit on price (Salop/logit theory)",
        "",
        "logit weight on log price",
    )
    outside_option_weight: float = cited(
        0.35,
        ASSUMPTION,
        "sellers per 20,000 yuan/month",
        "pull of the county seat / chain store, in seller-equivalents per 20,000 yuan of monthly spending",
    )
    loyalty_speed: float = cited(
        0.2, "evidence.md: loyalty updates slowly (Weisbuch, Kirman & Herreiner)", "per month"
    )
    price_adjust_speed: float = cited(
        0.35,
        "evidence.md: adaptive pricing (Howitt & Clower 2000)",
        "share/month",
        "part of the gap to the Salop price closed each month",
    )
    price_step: float = cited(
        0.03,
        "evidence.md: adaptive pricing, raise when capacity binds (Howitt & Clower 2000)",
        "share",
    )
    desperate_extra_cut: float = cited(0.025, "evidence.md: desperate sellers cut deeper", "share")
    min_markup: float = cited(0.03, "evidence.md: never below unit cost", "share")
    full_hours_per_month: float = cited(
        260.0, ASSUMPTION, "hours/month", "ten hours a day, 26 days"
    )
    decision_rate_per_month: float = cited(
        0.35, ASSUMPTION, "probability", "chance a laid-off household acts on its plans in a month"
    )
    job_offer_rate_per_month: float = cited(
        0.06,
        "evidence.md: 53% of retrenched still unemployed (Appleton et al. 2002)",
        "probability",
    )
    offer_factor_women: float = cited(
        0.7, "evidence.md: women at higher risk (Appleton et al. 2002)", "ratio"
    )
    offer_factor_over_40: float = cited(
        0.7, "evidence.md: middle-aged at higher risk (Appleton et al. 2002)", "ratio"
    )
    offer_factor_by_education: list[float] = cited(
        [0.6, 1.0, 1.5], "evidence.md: less educated at higher risk (Appleton et al. 2002)", "ratio"
    )
    skill_weight: float = cited(
        2.0, "evidence.md: trade chosen by skills (Garcia-Diaz & Moreno-Monroy 2012)"
    )
    profit_weight: float = cited(1.5, "evidence.md: lagged noisy incumbent profit")
    herding_weight: float = cited(7.0, "evidence.md: share of peers already in the trade (herding)")
    profit_noise_sd: float = cited(0.3, ASSUMPTION, "share")
    entry_propensity: float = cited(
        0.5, ASSUMPTION, "", "how keen the laid-off are on the entrepreneurship the state promotes"
    )
    migration_propensity: float = cited(0.1, ASSUMPTION, "")
    retraining_propensity: float = cited(0.15, ASSUMPTION, "")
    exit_hazard_by_year: list[float] = cited(
        [0.016, 0.063, 0.095, 0.083],
        "evidence.md: SAIC 2013 firm hazard by age, years 1-3; later years at the 8.3% average (McKenzie & Paffhausen)",
        "per year",
    )
    months_below_outside_before_exit: int = cited(
        2, "evidence.md fact 4: 2+ months below the outside option", "months"
    )
    exit_probability_when_below: float = cited(0.1, ASSUMPTION, "per month")
    salvage_share: float = cited(0.3, ASSUMPTION, "share", "what a closed business's assets fetch")
    agreement_max_sellers: int = cited(
        6, ASSUMPTION, "sellers", "agreements form only among few sellers"
    )
    agreement_form_probability: float = cited(0.15, ASSUMPTION, "per month")
    agreement_markup: float = cited(
        0.08, ASSUMPTION, "share", "floor above the going price at formation"
    )
    defect_base: float = cited(0.02, ASSUMPTION, "per month")
    defect_per_stress: float = cited(0.25, ASSUMPTION, "per month")
    defect_per_seller: float = cited(0.012, ASSUMPTION, "per month")
    agreement_collapse_share: float = cited(
        0.34, ASSUMPTION, "share", "defection that ends the agreement"
    )


@dataclass(frozen=True)
class Params:
    """Everything one run of the town needs (besides the seed and the players' commands)."""

    __pydantic_config__ = _FORBID

    months: int = cited(24, "design.md: 24 months by default", "months")
    start_month_of_year: int = cited(
        4, "evidence.md claim 2: the guidelines of 15 April 2016", "month"
    )
    town: TownParams = field(default_factory=TownParams)
    income: IncomeParams = field(default_factory=IncomeParams)
    trades: list[Trade] = field(default_factory=default_trades)
    layoff_waves: list[LayoffWave] = field(default_factory=lambda: [LayoffWave()])
    remittance_index_by_month: list[float] = cited(
        [],
        "evidence.md claim 8",
        "ratio",
        "remittance multiplier schedule (month 0 first; last value holds)",
    )
    policy: Policy = field(default_factory=Policy)
    behaviour: Behaviour = field(default_factory=Behaviour)

    def with_changes(self, **changes: Any) -> Params:
        return replace(self, **changes)


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
    if not is_dataclass(params):
        raise KeyError(f"cannot go into {path!r}")
    names = [f.name for f in fields(params)]
    if head not in names:
        raise KeyError(f"unknown field {head!r} (fields: {', '.join(names)})")
    current = getattr(params, head)
    return replace(params, **{head: set_path(current, rest, value) if rest else value})
