"""How large or small every parameter may be: one table, read by the loader (walk.py), the
exported JSON Schema (schema.py), the reference document (docs.py) and `simulate --set`.

A value the loader accepts must run: a whole number that is stored in a household column must
fit that column's dtype (game/core/state.py) with the months it is added to, and every number
must make sense in the model (a loan of 400 months is not a scenario; a logit weight of 10,000
overflows the market's shares). Fields without an entry are bounded by their unit (shares and
probabilities 0-1, yuan 0 to ten million, months up to the longest game), so a field added to
the core later is bounded too. Keys are dotted field paths without list indices:
`policy.loan_term_months`, `trades.rent_yuan_per_month`, `behaviour.exit_hazard_by_year`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.core.state import HOUSEHOLD_COLUMNS

MAX_MONTHS = 360  # 30 years: the longest run the game plays
MAX_HOUSEHOLDS = 20_000  # the largest town the game draws and runs month by month on a laptop
MAX_YUAN = 10_000_000.0  # ten million: a generous cap for any sum of money
MAX_TEXT = 200  # characters in a parameter's word (a trade's name, unit, key)


@dataclass(frozen=True)
class Bound:
    """The allowed range of a number, both ends included, and why it stops there."""

    lo: float
    hi: float
    why: str = ""

    def allows(self, value: float) -> bool:
        return math.isfinite(value) and self.lo <= value <= self.hi

    def span(self) -> str:
        """'1 to 60', '0 to 10,000,000' (the reference document's "allowed" column)."""
        return f"{_num(self.lo)} to {_num(self.hi)}"

    def words(self, integer: bool = False, unit: str = "") -> str:
        """'a whole number from 1 to 24 (months): why' - the `expected` part of a message."""
        if (self.lo, self.hi) == (0, 1) and unit in UNIT_SHARES:
            what = f"a {UNIT_WORDS.get(unit, unit)} between 0 and 1"
        elif (self.lo, self.hi) == (-1, 1):
            what = "a change between -1 and 1 (a share)"
        else:
            kind = "a whole number" if integer else "a number"
            what = f"{kind} from {_num(self.lo)} to {_num(self.hi)}" + (
                f" ({unit})" if unit else ""
            )
        return f"{what}: {self.why}" if self.why else what


@dataclass(frozen=True)
class Length:
    """How many items a list may have."""

    lo: int
    hi: int
    what: str  # "trades", "education levels" - for the message
    why: str = ""


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def column_max(column: str) -> int | None:
    """The largest whole number household column `column` holds, or None if there is no such
    integer column (the core renamed it: then the table's own sense still bounds the field)."""
    dtype = HOUSEHOLD_COLUMNS.get(column)
    if dtype is None or np.dtype(dtype).kind not in "iu":
        return None
    return int(np.iinfo(np.dtype(dtype)).max)


def stored(lo: int, sense: int, column: str, added: int = 0, why: str = "") -> Bound:
    """A whole number the core stores in household column `column`, after adding up to `added`
    to it (the month it starts from): at most what the model finds sensible and what fits."""
    room = column_max(column)
    hi = sense if room is None else min(sense, room - added)
    return Bound(lo, hi, why)


# Whole-number fields the core writes into a household column: (column, what is added to them).
# A test checks every column named here exists in game/core/state.py.
STORED_IN: dict[str, tuple[str, int]] = {
    "income.unemployment_insurance_months": ("ui_months_left", 6),  # 10+ years: 6 more months
    "policy.loan_term_months": ("loan_due_month", MAX_MONTHS + 36),  # the month, an extension
    "policy.loan_extension_months": ("loan_due_month", MAX_MONTHS + 60),  # the month, the term
    "policy.certificate_delay_months": ("cert_ready_month", MAX_MONTHS),
    "policy.tax_relief_months": ("months_open", 0),
    "policy.retraining_months": ("retrain_months_left", 0),
    "behaviour.months_below_outside_before_exit": ("below_outside_months", 0),
}


def _stored(path: str, lo: int, sense: int, why: str) -> Bound:
    column, added = STORED_IN[path]
    return stored(lo, sense, column, added, why)


BOUNDS: dict[str, Bound] = {
    "months": Bound(1, MAX_MONTHS, "a run of at most 30 years"),
    "start_month_of_year": Bound(1, 12, "a calendar month"),
    "town.households": Bound(
        10, MAX_HOUSEHOLDS, "a town the game can draw and run month by month on a laptop"
    ),
    "town.healthy_profit_yuan_per_month": Bound(
        1, 1_000_000, "what an owner made before the layoffs sizes the businesses already open"
    ),
    "town.age_mean_years": Bound(16, 80, "working age"),
    "town.age_sd_years": Bound(0, 30, "ages spread around the mean"),
    "town.dependants_mean": Bound(0, 5, "the town draws at most 5 dependants a household"),
    "town.savings_months_of_wage": Bound(0.1, 120, "the median household's savings"),
    "income.unemployment_insurance_months": _stored(
        "income.unemployment_insurance_months", 0, 60, "the law pays 12 to 24 months"
    ),
    "income.school_fee_month_of_year": Bound(1, 12, "a calendar month"),
    "income.day_labour_yuan_per_day": Bound(
        1, 100_000, "day labour is the yardstick a business is measured against"
    ),
    "income.day_labour_days_per_month": Bound(
        1, 31, "day labour is the yardstick a business is measured against"
    ),
    "income.day_labour_wage_elasticity": Bound(
        0, 5, "the day wage moves with crowding; beyond 5 it leaves the numbers a town can hold"
    ),
    "income.living_cost_yuan_per_month": Bound(1, 1_000_000, "living costs something"),
    "income.hospitalisation_rate_per_person_year": Bound(0, 1, "stays per person and year"),
    "income.informal_limit_months_of_living": Bound(0, 120, "ten years of living costs at most"),
    "layoff_waves.month": Bound(0, MAX_MONTHS - 1, "a month of the run"),
    "remittance_index_by_month": Bound(0, 10, "a multiplier of the usual remittances"),
    "policy.loan_term_months": _stored(
        "policy.loan_term_months", 1, 60, "microcredit runs for months, not decades"
    ),
    "policy.loan_extension_months": _stored(
        "policy.loan_extension_months", 0, 36, "at most 3 years in practice"
    ),
    "policy.certificate_delay_months": _stored(
        "policy.certificate_delay_months", 0, 24, "an office answers within two years"
    ),
    "policy.suspension_min_months": Bound(0, 120, "a pause in lending, not a ban"),
    "policy.tax_relief_months": _stored(
        "policy.tax_relief_months", 0, MAX_MONTHS, "no longer than the longest run"
    ),
    "policy.retraining_months": _stored(
        "policy.retraining_months", 1, 24, "a course, not a new degree"
    ),
    "policy.retraining_offer_boost": Bound(0, 10, "how much a course raises the odds of a job"),
    "policy.internal_retirement_years_before": Bound(0, 20, "years before the statutory age"),
    "policy.retirement_age_men": Bound(40, 80, "an age people retire at"),
    "policy.retirement_age_women": Bound(40, 80, "an age people retire at"),
    "behaviour.price_sensitivity": Bound(
        0, 10, "a logit weight on log price; much more and one fen decides every sale"
    ),
    "behaviour.outside_option_weight": Bound(0, 100, "seller-equivalents of the county seat"),
    "behaviour.full_hours_per_month": Bound(1, 744, "hours in a month"),
    "behaviour.skill_weight": Bound(0, 50, "a logit weight"),
    "behaviour.profit_weight": Bound(0, 20, "a logit weight on log profit"),
    "behaviour.herding_weight": Bound(0, 50, "a logit weight"),
    "behaviour.entry_propensity": Bound(0, 1, "a chance per decision"),
    "behaviour.migration_propensity": Bound(0, 1, "a chance per decision"),
    "behaviour.retraining_propensity": Bound(0, 1, "a chance per decision"),
    "behaviour.months_below_outside_before_exit": _stored(
        "behaviour.months_below_outside_before_exit", 0, 60, "five years of losses at most"
    ),
    "behaviour.agreement_max_sellers": Bound(0, 100, "agreements form among few sellers"),
    "trades.units_per_hour": Bound(0.01, 1000, "what one worker can serve in an hour"),
    "trades.start_price_yuan": Bound(0.01, 100_000, "the price of one sale"),
    "trades.unit_cost_yuan": Bound(
        0.01, 100_000, "every sale costs something, or a price could fall to nothing"
    ),
}

# Units that mean a share, a probability or a rate per period: 0 to 1.
UNIT_SHARES = {
    "share",
    "probability",
    "0-1",
    "share/year",
    "share/month",
    "per month",
    "per year",
    "per person-year",
}
UNIT_WORDS = {
    "share/year": "share per year",
    "share/month": "share per month",
    "0-1": "value",
    "per month": "rate per month",
    "per year": "rate per year",
    "per person-year": "rate per person and year",
}
UNIT_BOUNDS: dict[str, Bound] = {
    **{u: Bound(0, 1) for u in UNIT_SHARES},
    "health": Bound(0, 1, "health runs from 0 to 1 (full)"),
    "health/month": Bound(0, 1, "health runs from 0 to 1 (full)"),
    "times": Bound(0, 10, "a multiplier"),
    "ratio": Bound(0, 10, "a multiplier"),
    "months": Bound(0, MAX_MONTHS, "no longer than the longest run"),
    "month": Bound(0, MAX_MONTHS, "no later than the longest run"),
    "years": Bound(0, 100, "a human lifetime"),
    "people": Bound(0, 10, "people in one household"),
    "households": Bound(0, MAX_HOUSEHOLDS, "households in the town"),
    "sellers": Bound(0, 1000, "sellers in one trade"),
    "hours/month": Bound(0, 744, "hours in a month"),
    "days/month": Bound(0, 31, "days in a month"),
    "units/hour": Bound(0, 1000, "what one worker can serve in an hour"),
}
YUAN = Bound(0, MAX_YUAN, "a generous cap for a sum of money")
WHOLE = Bound(0, 10_000, "a count the game can hold")
NUMBER = Bound(0, 1000, "a weight or a rate without a unit")
CHANGE = Bound(-1, 1)

LENGTHS: dict[str, Length] = {
    "trades": Length(1, 12, "trades", "the street and the charts show each"),
    "layoff_waves": Length(0, 60, "layoff waves", "a few rounds of layoffs"),
    "remittance_index_by_month": Length(
        0, MAX_MONTHS + 1, "months", "one value per month of the longest run"
    ),
    "town.education_shares": Length(
        3, 3, "education levels", "primary, middle school, high school or more"
    ),
    "town.skill_groups": Length(1, 12, "skills", "at least one skill group, like cooking"),
    "behaviour.offer_factor_by_education": Length(
        3, 3, "education levels", "primary, middle school, high school or more"
    ),
    "layoff_waves.odds_by_education": Length(
        3, 3, "education levels", "primary, middle school, high school or more"
    ),
    "layoff_waves.education": Length(
        0, 3, "education levels", "any of primary, middle, high; none: everyone"
    ),
    "behaviour.exit_hazard_by_year": Length(
        1, 50, "yearly rates", "one rate per year of a business's life; the last one holds"
    ),
}
LIST_DEFAULT = Length(0, 1000, "items")


def field_path(loc: tuple[Any, ...] | str) -> str:
    """`("trades", 0, "rent_yuan_per_month")` -> "trades.rent_yuan_per_month" (indices dropped)."""
    parts = loc.split(".") if isinstance(loc, str) else [str(p) for p in loc]
    return ".".join(p for p in parts if not p.lstrip("-").isdigit())


def bound(path: str | tuple[Any, ...], integer: bool = False, unit: str = "") -> Bound:
    """The range of the numeric field at `path` (its entry, else the rule for its unit)."""
    key = field_path(path)
    if key in BOUNDS:
        return BOUNDS[key]
    if "change" in key.rsplit(".", 1)[-1]:
        return CHANGE
    if unit in UNIT_BOUNDS:
        return UNIT_BOUNDS[unit]
    if unit.startswith("yuan"):
        return YUAN
    return WHOLE if integer else NUMBER


def length(path: str | tuple[Any, ...]) -> Length:
    return LENGTHS.get(field_path(path), LIST_DEFAULT)
