"""The household's story and the town's curves, read from the session (never changed).

* `timeline(session)`: every decision and what followed, month by month (the month's causes
  from the core's explanations), with repeating causes shown the first time only;
* `beats(session)`: the story in a few sentences with the household's own numbers ("opened a
  noodle stall in month 3; by month 8, 4 neighbours had opened one; the price fell 30%");
* `household_series(session)`: income against the former wage, cash and debts over time;
* `where_ended(session)`: the household's end, as a key and a sentence;
* `town_curves(session)`: chart specs for the town (sellers, price and margin per trade with the
  player's trade marked, entries and exits, arrears and guarantor calls, households by status,
  the share of sellers in a working price agreement).

No pygame: the debrief screen and the HTML report draw the same data.
"""

from __future__ import annotations

from dataclasses import dataclass

from game import i18n
from game.core.report import own_income
from game.debrief.counterfactual import focus_trade, hinges, spec_from_session
from game.i18n import t
from game.words import (  # noqa: F401 (re-exported for the debrief's other modules)
    BAD_CAUSES,
    GOOD_CAUSES,
    UNIT_KEYS,
    calendar,
    cause_text,
    cause_tone,
    decision_text,
    gap,
    in_sentence,
    lang_text,
    per_unit,
    trade_name,
    trade_word,
    unit_key,
)

# Causes that come back month after month: the timeline shows the first time only.
REPEATING = {
    "borrowed_informally",
    "went_without",
    "loss",
    "new_entrants",
    "neighbours_closed",
    "demand_change",
    "loan_due_soon",
    "ill",
    "school_fees_paid",
    "agreement_defected",
}
# Decisions a player repeats with small steps: one line per month, the last value.
COLLAPSE = {
    "decision.set_price",
    "decision.set_hours",
    "decision.set_school_fees",
    "decision.set_doctor",
}


def decision_kind(key: str) -> str:
    """ "decision.set_doctor.no" -> "decision.set_doctor": yes/no variants are one decision."""
    return key.rsplit(".", 1)[0] if key.endswith((".yes", ".no")) else key


STATUS_LINES = (  # (town column, translation key, colour)
    ("soe_worker", "status.soe_worker", "#0072B2"),
    ("self_employed", "status.self_employed", "#E69F00"),
    ("wage_job", "status.wage_job", "#009E73"),
    ("laid_off", "debrief.status.searching", "#CC79A7"),
    ("day_labour", "status.day_labour", "#D55E00"),
    ("migrated", "status.migrated", "#56B4E9"),
    ("retired", "debrief.status.retired", "#999999"),
)


# --- words ---------------------------------------------------------------------------------------


def month_label(session, month: int) -> str:
    """ "Month 3 · Jun 2016" for the 1-based month of the run."""
    return t("debrief.month_label", n=month, when=calendar(session, month - 1, short=True))


def signed_yuan(x: float) -> str:
    x = float(x)
    if round(x) == 0:
        return i18n.yuan(0)
    return ("+" if x > 0 else "\u2212") + i18n.yuan(abs(x))


def signed_percent(x: float) -> str:
    return ("+" if x > 0 else "\u2212" if x < 0 else "") + i18n.percent(abs(x))


# --- the timeline --------------------------------------------------------------------------------


@dataclass
class Moment:
    month: int  # 1-based month of the run
    text: str
    tone: str  # accent (a decision), good, bad, dim, text
    decision: bool

    def to_dict(self) -> dict:
        return {
            "month": self.month,
            "text": self.text,
            "tone": self.tone,
            "decision": self.decision,
        }


def timeline(session) -> list[Moment]:
    """The household's story in order: what it decided, then what followed in that month."""
    by_month: dict[int, list] = {}
    for d in session.decisions:
        by_month.setdefault(int(d.month), []).append(d)
    out: list[Moment] = []
    seen: set[str] = set()
    history = {r.month: r for r in session.history}
    last = max([session.month] + list(history))
    for month in range(0, last + 1):
        decisions = by_month.get(month, [])
        for i, d in enumerate(decisions):
            kind = decision_kind(d.key)
            if kind in COLLAPSE and any(decision_kind(e.key) == kind for e in decisions[i + 1 :]):
                continue
            text = decision_text(d, session)
            if text:
                out.append(Moment(month + 1, text, "accent", True))
        r = history.get(month + 1)
        if r is None:
            continue
        for code, values in r.causes:
            if code in REPEATING and code in seen:
                continue
            seen.add(code)
            out.append(
                Moment(r.month, cause_text(session, code, values), cause_tone(code, values), False)
            )
    return out


# --- the story in a few sentences ----------------------------------------------------------------


@dataclass
class Beat:
    month: int
    text: str
    tone: str

    def to_dict(self) -> dict:
        return {"month": self.month, "text": self.text, "tone": self.tone}


def _first(hist, code: str):
    return next((r for r in hist if any(c[0] == code for c in r.causes)), None)


def trade_rows(session, trade: int) -> list[dict]:
    return session.curves().trade_rows(session.params.trades[trade].key)


def price_path(session, trade: int) -> dict:
    """The going price of a trade from the month of the layoff (month 0, before anyone chose)
    to the last month with sellers: the one baseline every price change in the debrief, the
    ending and the report is measured from. Also its low point, for "it fell, then recovered"."""
    rows = trade_rows(session, trade)
    start_price = session.params.trades[trade].start_price_yuan
    p0 = (rows[0]["median_price"] if rows else None) or start_price
    priced = [(int(r["month"]), float(r["median_price"])) for r in rows if r["median_price"]]
    p1 = priced[-1][1] if priced else p0
    low_month, low = min(priced, key=lambda mp: mp[1]) if priced else (0, p0)
    return {
        "start": float(p0),
        "end": float(p1),
        "change": float(p1) / float(p0) - 1.0 if p0 else 0.0,
        "low": float(low),
        "low_month": int(low_month),
        "prices": [r["median_price"] for r in rows],
    }


def beats(session, focus: int | None = None) -> list[Beat]:
    """The household's story as a handful of sentences with its own numbers."""
    hist = session.history
    spec = spec_from_session(session)
    hg = hinges(spec)
    focus = focus_trade(session, session.player, spec) if focus is None else focus
    out: list[Beat] = []
    former = float(session.household().former_wage)
    out.append(Beat(1, t("debrief.beat.laid_off", wage=i18n.yuan(former)), "bad"))
    if hg.actual_path and hg.actual_path != "self_employ":
        out.append(
            Beat(
                hg.divergence_month + 1,
                t("debrief.beat.path", path=t(f"path.{hg.actual_path}.title")),
                "accent",
            )
        )
    refused = _first(hist, "certificate_refused")
    if refused is not None:
        out.append(Beat(refused.month, t("debrief.beat.certificate_refused"), "bad"))
    loan = next(
        (
            d
            for d in session.engine.outcomes
            if d.get("command") == "apply_for_loan" and d.get("outcome") == "loan_granted"
        ),
        None,
    )
    refusals = sum(1 for d in session.engine.outcomes if d.get("outcome") == "guarantor_refused")
    if loan is not None:
        amount = next(
            (
                e.get("amount_yuan", 0.0)
                for e in spec.log
                if e["command"] == "apply_for_loan" and int(e["month"]) == int(loan["month"])
            ),
            0.0,
        )
        out.append(
            Beat(
                int(loan["month"]) + 1,
                t(
                    "debrief.beat.loan",
                    amount=i18n.yuan(float(amount)),
                    due=calendar(session, int(loan.get("due_month", 0))),
                ),
                "accent",
            )
        )
        if refusals:
            out[-1].text += gap() + i18n.plural("debrief.beat.refusals", refusals)
    if hg.trade >= 0:
        rows = trade_rows(session, hg.trade)
        tname = in_sentence(session, hg.trade)
        open_m = hg.open_month
        before = rows[open_m]["sellers"] if open_m < len(rows) else 0
        out.append(
            Beat(open_m + 1, i18n.plural("debrief.beat.opened", before, trade=tname), "accent")
        )
        after = rows[open_m + 1 :]
        entrants = (
            sum(int(r["entries"]) for r in after) - 1
        )  # the player's own opening is in the row
        if entrants > 0 and after:
            peak_row = max(after, key=lambda r: r["sellers"])
            out.append(
                Beat(
                    int(peak_row["month"]),
                    i18n.plural(
                        "debrief.beat.entrants",
                        entrants,
                        trade=tname,
                        peak=peak_row["sellers"],
                        when=calendar(session, int(peak_row["month"]) - 1),
                    ),
                    "bad",
                )
            )
        pp = price_path(session, hg.trade)
        if abs(pp["change"]) >= 0.02:
            key = "debrief.beat.price_fell" if pp["change"] < 0 else "debrief.beat.price_rose"
            out.append(
                Beat(
                    len(rows) - 1,
                    t(
                        key,
                        trade=tname,
                        start=per_unit(pp["start"], rows[0]["trade"]),
                        end=per_unit(pp["end"], rows[0]["trade"]),
                        change=i18n.percent(abs(pp["change"])),
                    ),
                    "bad" if pp["change"] < 0 else "good",
                )
            )
    for code, key, tone in (
        ("guarantor_refused", None, None),
        ("defaulted", "debrief.beat.defaulted", "bad"),
        ("guarantor_was_called", "debrief.beat.guarantor_called", "bad"),
        ("closed_hopeless", "debrief.beat.closed_hopeless", "bad"),
        ("closed_business", "debrief.beat.closed", "dim"),
        ("job_offer", "debrief.beat.job", "good"),
        ("school_dropout", "debrief.beat.dropout", "bad"),
    ):
        r = _first(hist, code)
        if key and r is not None:
            out.append(Beat(r.month, t(key), tone))
    repaid = next(
        (
            d
            for d in session.engine.outcomes
            if d.get("command") == "repay_loan" and d.get("left", 1) == 0
        ),
        None,
    )
    if repaid is not None:
        out.append(Beat(int(repaid["month"]) + 1, t("debrief.beat.repaid"), "good"))
    end = where_ended(session)
    out.append(Beat(max(session.month, 1), end["sentence"], end["tone"]))
    out.sort(key=lambda b: b.month)
    return out


def borrowed(session) -> dict[str, float]:
    """What the household borrowed over the run, by lender, in yuan: `bank` (the subsidised
    loan paid out) and `family` (relatives and moneylenders: every sum lent, the family credit
    taken at a month's end where cash ran short included), from the household's own accounts,
    as the ending and the month's result count its debts. A sum repaid in the month it was
    borrowed was still borrowed; a run without accounts falls back on the most owed at a
    month's end."""
    bank = family = 0.0
    for account in session.accounts():
        bank += account.total(("loan_in",))
        family += account.total(("family_borrowed",))
    peak = max((float(r.informal_debt) for r in session.history), default=0.0)
    return {"bank": max(bank, 0.0), "family": max(family, peak, 0.0)}


def where_ended(session) -> dict:
    """Where the household ended: business, wage job, migrated, retired, in debt; a sentence."""
    e = session.ending()
    debt = e["informal_debt_yuan"] + e["loan_yuan"]
    if e["has_business"]:
        key = "business"
    elif e["status"] in ("wage_job", "migrated", "retired", "day_labour", "retraining"):
        key = e["status"]
    else:
        key = "searching"
    values = {
        "trade": e.get("trade_name", ""),
        "months": i18n.months(e.get("months_open", 0)),
        "share": i18n.percent(e["income_vs_former_wage"]),
        "cash": i18n.yuan(e["cash_yuan"]),
        "debt": i18n.yuan(debt),
        "net": i18n.yuan(e["net_worth_yuan"]),
    }
    sentence = t(f"debrief.ended.{key}", **values)
    if debt > 0.5:
        sentence += gap() + t("debrief.ended.debt", **values)
    tone = (
        "good"
        if e["net_worth_yuan"] >= 0 and e["income_vs_former_wage"] >= 0.8
        else ("bad" if e["net_worth_yuan"] < 0 or debt > e["cash_yuan"] else "text")
    )
    return {"key": key, "in_debt": debt > 0.5, "sentence": sentence, "tone": tone, **e}


# --- series --------------------------------------------------------------------------------------


# Statuses in which unemployment insurance stops (the household's own rules: docs/model.md).
UI_STOPS = ("wage_job", "migrated", "retired")


def income_parts(session) -> dict[str, list[float]]:
    """Each month's income split three ways: the business's profit, unemployment insurance (a
    state benefit) and everything else (remittances, wages, day labour, a stipend, a pension),
    so no chart or sentence passes the state's money off as the business's.

    The insurance is the month's own account line (the core's books). A report without
    accounts (an old save) has it read from the run: paid from the month of the layoff to the
    month it ended (the "ui_ended" cause), while the household is not in a wage job, migrated
    or retired, never more than the month's non-business income.
    """
    hist = session.history
    amount = float(session.params.income.unemployment_insurance_yuan_per_month)
    laid = next((r.month for r in hist if any(c[0] == "laid_off" for c in r.causes)), None)
    ended = next((r.month for r in hist if any(c[0] == "ui_ended" for c in r.causes)), None)
    business, insurance, other = [], [], []
    for r in hist:
        profit = max(float(r.profit), 0.0) if r.trade >= 0 else 0.0
        rest = max(float(r.income) - profit, 0.0)
        reported = getattr(r, "unemployment_insurance", None)
        if getattr(r, "accounts", None):
            ui = float(dict(r.accounts).get("unemployment_insurance", 0.0))
        elif reported is not None:
            ui = float(reported)
        elif laid is not None and laid <= r.month and (ended is None or r.month <= ended):
            ui = 0.0 if r.status in UI_STOPS else amount
        else:
            ui = 0.0
        ui = min(ui, rest)
        business.append(profit)
        insurance.append(ui)
        other.append(rest - ui)
    return {"business": business, "insurance": insurance, "other": other}


def income_totals(session) -> dict[str, float]:
    """The run's income by source, in yuan, and the insurance's share of all of it."""
    parts = income_parts(session)
    total = float(sum(r.income for r in session.history))
    out = {k: float(sum(v)) for k, v in parts.items()}
    out["total"] = total
    out["insurance_share"] = out["insurance"] / total if total > 0 else 0.0
    out["business_share"] = out["business"] / total if total > 0 else 0.0
    return out


# The account lines of income other than the business and the insurance, as the accounts name them.
OTHER_INCOME = ("wages", "day_labour", "remittances", "stipend", "pension", "dibao", "other_income")


def other_income_kinds(session) -> list[str]:
    """The kinds of other income (`OTHER_INCOME`) the household really had over the run, the
    largest first, from its own accounts: a run on dibao is not told of remittances and day
    labour. Empty for a run without accounts."""
    totals = dict.fromkeys(OTHER_INCOME, 0.0)
    for account in session.accounts():
        for line in account.lines:
            if line.key in totals:
                totals[line.key] += line.yuan
    return sorted((k for k, v in totals.items() if v >= 0.5), key=lambda k: -totals[k])


def household_series(session) -> dict:
    hist = session.history
    hv = session.household()
    former = float(hv.former_wage)
    town = session.curves().town_rows()[1 : len(hist) + 1]
    parts = income_parts(session)
    spouse = session.budget().spouse_income_yuan
    return {
        "months": [r.month for r in hist],
        "former_wage": former,
        "income": [float(r.income) for r in hist],
        # what replaced the wage (the neighbours' line and the former wage count the same)
        "own_income": [own_income(r, spouse) for r in hist],
        "profit": [float(r.profit) if r.trade >= 0 else None for r in hist],
        "insurance": parts["insurance"],
        "other_income": parts["other"],
        "neighbours_income": [
            None
            if row.get("median_income_vs_former_wage") is None
            else float(row["median_income_vs_former_wage"]) * former
            for row in town
        ],
        "cash": [float(r.cash) for r in hist],
        "informal_debt": [float(r.informal_debt) for r in hist],
        "loan": [float(r.loan_principal) for r in hist],
        "net_worth": [float(r.cash - r.informal_debt - r.loan_principal) for r in hist],
        "status": [r.status for r in hist],
    }


def income_chart(session) -> dict:
    return income_spec(household_series(session))


def income_spec(s: dict) -> dict:
    """Income against the former wage, insurance and profit apart, from `household_series` (a
    session's, or the report's JSON: the screen and the report draw the same chart)."""
    n = len(s["months"])
    return {
        "key": "income",
        "title": t("debrief.chart.income"),
        "y_format": "yuan",
        "x_start": 1,
        "y_label": t("charts.unit.per_month"),
        "series": [
            {
                "name": t("charts.series.former_wage"),
                "values": [s["former_wage"]] * n,
                "colour": "#999999",
            },
            {
                "name": t("charts.series.neighbours"),
                "values": s["neighbours_income"],
                "colour": "#56B4E9",
            },
            {"name": t("charts.series.profit"), "values": s["profit"], "colour": "#009E73"},
            {
                "name": t("charts.series.insurance"),
                "values": s["insurance"] if any(s.get("insurance") or []) else [None] * n,
                "colour": "#CC79A7",
            },
            {
                "name": t("charts.series.your_income"),
                "values": s.get("own_income", s["income"]),  # (a report written before it)
                "is_player": True,
            },
        ],
    }


def money_chart(session) -> dict:
    return money_spec(household_series(session))


def money_spec(s: dict) -> dict:
    """Cash, the loan and debts to family, from `household_series` (see `income_spec`)."""
    return {
        "key": "money",
        "title": t("debrief.chart.money"),
        "y_format": "yuan",
        "x_start": 1,
        "y_label": t("charts.unit.yuan"),
        "series": [
            {"name": t("charts.series.loan"), "values": s["loan"], "colour": "#D55E00"},
            {
                "name": t("charts.series.informal"),
                "values": s["informal_debt"],
                "colour": "#CC79A7",
            },
            {"name": t("charts.series.cash"), "values": s["cash"], "is_player": True},
        ],
    }


def _trade_lines(session, column: str, focus: int) -> list[dict]:
    curves = session.curves()
    out = []
    for i, tr in enumerate(session.params.trades):
        values = [None if v is None else float(v) for v in curves.trades[tr.key][column]]
        name = trade_name(session, i)
        if i == focus:
            name = t("charts.yours", trade=name)
        out.append(
            {
                "name": name,
                "values": values,
                "colour": tr.colour,
                "icon": tr.icon,
                "is_player": i == focus,
                "trade": tr.key,
            }
        )
    return out


def _price_index(lines: list[dict]) -> list[dict]:
    """Each trade's median price against its own first price, so a bowl of noodles and a load
    of bricks share one axis."""
    for line in lines:
        base = next((v for v in line["values"] if v), None)
        line["values"] = [None if v is None or not base else v / base for v in line["values"]]
    return lines


def town_curves(session, focus: int | None = None) -> list[dict]:
    """The town's charts, each {key, title, help, y_format, y_label, x_start, series}, month 1
    first: every chart counts the months as the month screen does (month n is its end). The
    price index still compares with the price at the layoff (the town before month 1)."""
    focus = focus_trade(session, session.player) if focus is None else focus
    curves = session.curves()
    col = {"month": list(curves.months), **{k: list(v) for k, v in curves.town.items()}}
    col = col if curves.months else {}
    charts = [
        {
            "key": "sellers",
            "y_format": "int",
            "y_label": t("charts.unit.sellers"),
            "series": _trade_lines(session, "sellers", focus),
        },
        {
            "key": "price",
            "y_format": "percent",
            "y_label": t("debrief.unit.price_index"),
            "include_zero": False,
            "series": _price_index(_trade_lines(session, "median_price", focus)),
        },
        {
            "key": "margin",
            "y_format": "percent",
            "y_label": t("charts.unit.margin"),
            "series": _trade_lines(session, "median_margin", focus),
        },
        {
            "key": "churn",
            "y_format": "int",
            "y_label": t("debrief.unit.businesses"),
            "series": [
                {
                    "name": t("debrief.series.entries"),
                    "values": col.get("entries", []),
                    "colour": "#E69F00",
                },
                {
                    "name": t("debrief.series.exits"),
                    "values": col.get("exits", []),
                    "colour": "#0072B2",
                },
            ],
        },
        {
            "key": "defaults",
            "y_format": "int",
            "y_label": t("debrief.unit.loans"),
            "series": [
                {
                    "name": t("debrief.series.defaults"),
                    "values": col.get("defaults", []),
                    "colour": "#D55E00",
                },
                {
                    "name": t("debrief.series.guarantor_calls"),
                    "values": col.get("guarantor_calls", []),
                    "colour": "#CC79A7",
                },
            ],
        },
        {
            "key": "arrears",
            "y_format": "percent",
            "y_label": t("debrief.unit.share_of_matured"),
            "series": [
                {
                    "name": t("debrief.series.arrears_rate"),
                    "values": col.get("arrears_rate", []),
                    "colour": "#D55E00",
                }
            ],
        },
        {
            "key": "status",
            "y_format": "int",
            "y_label": t("debrief.unit.households"),
            "series": [
                {"name": t(label), "values": col.get(k, []), "colour": colour}
                for k, label, colour in STATUS_LINES
            ],
        },
        {
            "key": "agreement",
            "y_format": "percent",
            "y_label": t("debrief.unit.share_of_sellers"),
            "series": [
                {
                    "name": t("debrief.series.agreement_share"),
                    "values": col.get("agreement_share", []),
                    "colour": "#009E73",
                }
            ],
        },
    ]
    for c in charts:
        c["title"] = t(f"debrief.town.{c['key']}.title")
        c["help"] = t(f"debrief.town.{c['key']}.help", trade=trade_name(session, focus))
        for line in c["series"]:
            line["values"] = line["values"][1:]  # the town before month 1 is no month played
        c["x_start"] = 1
    return charts


__all__ = [
    "Moment",
    "Beat",
    "timeline",
    "beats",
    "where_ended",
    "household_series",
    "income_parts",
    "income_totals",
    "other_income_kinds",
    "borrowed",
    "price_path",
    "income_chart",
    "income_spec",
    "money_chart",
    "money_spec",
    "town_curves",
    "calendar",
    "month_label",
    "cause_text",
    "per_unit",
]
