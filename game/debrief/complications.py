"""The other side of each of the essay's claims, from the student's own run: the numbers of this
run that cut against the claim (`complications`), what the model builds in that pushes the run
towards it (`built_in`), and the research and arguments on the other side (`other_side`).

Every number is read from the run (its history, its metrics tables, its parameters and, where
they have finished, the counterfactual runs of the same town); a complication is only said when
the run's numbers bear it out. No pygame.
"""

from __future__ import annotations

from game import i18n
from game.debrief import story
from game.i18n import t

# Thresholds for "about the same" and "a real change": the debrief's wording, not the model's.
SAME_PRICE = 0.03
SMALL_CHANGE = 0.05
RISE = 0.05


def _param_rows(session) -> dict[str, object]:
    try:
        rows = session.scenario.sources() if hasattr(session.scenario, "sources") else []
    except Exception:  # noqa: BLE001 - a scenario rebuilt from an old save may not answer
        rows = []
    return {r.path: r for r in rows}


def _kind(rows: dict, path: str) -> str:
    """ "an assumption" or "sourced": how the Sources tab lists the parameter."""
    r = rows.get(path)
    return t(
        "debrief.built_in.assumption" if r is None or r.assumption else "debrief.built_in.sourced"
    )


def successes(session) -> dict:
    """The essay grants that some will succeed: of the businesses opened during the run, how
    many still trade on the street at the end, and how many of those earned at least the
    mill's wage last month (read through the engine's street, not its state)."""
    wage = float(session.params.income.soe_wage_yuan_per_month)
    opened = int(session.curves().total("entries"))
    new = [
        lot
        for lot in session.street()
        if lot["trade"] >= 0 and int(lot["months_open"]) <= session.month
    ]
    earning = [lot for lot in new if float(lot["profit_yuan"]) >= wage]
    best = max(new, key=lambda lot: float(lot["profit_yuan"]), default=None)
    return {
        "opened": opened,
        "open": len(new),
        "earning": len(earning),
        "best_profit": float(best["profit_yuan"]) if best else 0.0,
        "best_trade": int(best["trade"]) if best else -1,
    }


def _interest_paid_by_state(session) -> float:
    pol = session.params.policy
    monthly = pol.loan_interest_rate_per_year / 12.0 * (1.0 - pol.borrower_interest_share)
    return float(sum(r.loan_principal for r in session.history)) * monthly


def guaranteed_for(session) -> list[int]:
    """Months (1-based) in which the student stood as a neighbour's guarantor."""
    return [
        int(e["month"]) + 1
        for e in session.engine.command_log
        if e["command"] == "stand_as_guarantor" and int(e.get("household", -1)) == session.player
    ]


def complications(session, key: str, f: dict, results: dict, focus: int) -> list[str]:
    """This run's numbers that cut against the claim `key` (may be empty: then say so)."""
    y, pct = i18n.yuan, i18n.percent
    town = session.curves().town_rows()
    out: list[str] = []
    nl = (results or {}).get("no_loans")
    if key == "responsibility":
        inc = story.income_totals(session)
        if inc["insurance"] > 0.5:
            out.append(
                t(
                    "debrief.comp.responsibility.insurance",
                    ui=y(inc["insurance"]),
                    income=y(inc["total"]),
                    share=pct(inc["insurance_share"]),
                    profit=y(inc["business"]),
                )
            )
        interest = _interest_paid_by_state(session)
        if interest > 0.5:
            out.append(t("debrief.comp.responsibility.interest", interest=y(interest)))
        fund = sum(float(r.get("fund_paid", 0.0) or 0.0) for r in town)
        if fund > 0.5:
            out.append(t("debrief.comp.responsibility.fund", fund=y(fund)))
    elif key == "work_unit":
        if f["went_without"] == 0:
            out.append(t("debrief.comp.work_unit.never_without"))
        if f["informal_peak"] <= 0.5 and f.get("borrowed_family", 0.0) <= 0.5:
            out.append(t("debrief.comp.work_unit.no_informal"))
        inc = story.income_totals(session)
        if inc["insurance"] > 0.5:
            months = sum(1 for v in story.income_parts(session)["insurance"] if v > 0.5)
            out.append(
                t(
                    "debrief.comp.work_unit.insurance",
                    ui=y(inc["insurance"]),
                    months=i18n.months(months),
                )
            )
    elif key == "same_skills":
        if f["entries"] and f["top_share"] < 0.5:
            spread = sum(1 for v in f["entries_by_trade"].values() if v > 0)
            out.append(
                t(
                    "debrief.comp.same_skills.spread",
                    trades=spread,
                    share=pct(f["top_share"]),
                    top=story.in_sentence(session, f["top_trade"]),
                )
            )
        lost, added = f["lost"], f["businesses_added"]
        if lost > 0 and added < 0.5 * lost:
            out.append(
                t(
                    "debrief.comp.same_skills.other_paths",
                    lost=i18n.grouped(lost),
                    added=i18n.grouped(max(added, 0)),
                )
            )
    elif key == "race":
        tk = session.params.trades[focus].key
        if nl is not None and nl.get("final", {}).get("trade_price_end"):
            p_cf, p = float(nl["final"]["trade_price_end"]), float(f["price_end"])
            if p and p_cf <= p * (1 + SAME_PRICE):
                out.append(
                    t(
                        "debrief.comp.race.no_loans_price",
                        trade=story.in_sentence(session, focus),
                        price_cf=story.per_unit(p_cf, tk),
                        price=story.per_unit(p, tk),
                    )
                )
        if f["price_low"] < f["price_end"] * (1 - SAME_PRICE):
            out.append(
                t(
                    "debrief.comp.race.recovered",
                    low=story.per_unit(f["price_low"], tk),
                    month=f["price_low_month"],
                    end=story.per_unit(f["price_end"], tk),
                )
            )
        if f["price_change"] < -SAME_PRICE:
            out.append(t("debrief.comp.race.buyers", change=pct(-f["price_change"])))
    elif key == "same_system":
        r0, r1 = f["remittances_start"], f["remittances_end"]
        if r0 > 0 and r1 > r0 * (1 + RISE):
            out.append(
                t(
                    "debrief.comp.same_system.remittances",
                    start=y(r0),
                    end=y(r1),
                    change=story.signed_percent(r1 / r0 - 1.0),
                )
            )
        if f["spending_start"] and abs(f["spending_change"]) < SMALL_CHANGE:
            out.append(
                t(
                    "debrief.comp.same_system.spending",
                    change=story.signed_percent(f["spending_change"]),
                )
            )
    elif key == "solidarity":
        if f["peak"] > 0:
            out.append(t("debrief.comp.solidarity.agreed", peak=pct(f["peak"])))
        if f["formed"]:
            out.append(
                i18n.plural(
                    "debrief.comp.solidarity.formed",
                    f["formed"],
                    trade=story.in_sentence(session, focus),
                )
            )
    elif key == "failure":
        running = int(town[-1].get("loans_outstanding", 0)) if town else 0
        if running:
            out.append(t("debrief.comp.failure.running", n=i18n.grouped(running)))
        borrowers = f["borrowers"]
        if borrowers and f["defaults"] / borrowers < 0.1:
            out.append(
                t(
                    "debrief.comp.failure.few",
                    defaults=i18n.grouped(f["defaults"]),
                    loans=i18n.grouped(borrowers),
                )
            )
        if f["fund_paid"] > 0.5:
            out.append(t("debrief.comp.failure.fund", fund=y(f["fund_paid"])))
    elif key == "gap":
        lost = f["lost"]
        made = f["businesses_added"] + f["wage_jobs_added"]
        if lost > 0 and made >= 0.5 * lost:
            out.append(
                t(
                    "debrief.comp.gap.filled",
                    made=i18n.grouped(made),
                    lost=i18n.grouped(lost),
                    share=pct(made / lost),
                )
            )
        if f["median_share"] >= 0.8:
            out.append(t("debrief.comp.gap.median", share=pct(f["median_share"])))
        out.append(
            t("debrief.comp.gap.scale", lost=i18n.grouped(lost), months=i18n.months(session.month))
        )
    return out


def built_in(session, key: str, focus: int) -> list[str]:
    """What the model assumes that bears on the claim, with the values this run used."""
    p = session.params
    pol, inc, beh, town = p.policy, p.income, p.behaviour, p.town
    rows = _param_rows(session)
    pct = i18n.percent
    if key == "responsibility":
        return [
            t(
                "debrief.built_in.responsibility.interest",
                share=pct(pol.borrower_interest_share),
                rate=pct(pol.loan_interest_rate_per_year, 2),
                kind=_kind(rows, "policy.loan_interest_rate_per_year"),
            ),
            t(
                "debrief.built_in.responsibility.insurance",
                ui=i18n.yuan(inc.unemployment_insurance_yuan_per_month),
                months=i18n.months(inc.unemployment_insurance_months),
            ),
        ]
    if key == "work_unit":
        return [
            t(
                "debrief.built_in.work_unit.costs",
                fee=i18n.yuan(inc.school_fee_yuan_per_child),
                kind=_kind(rows, "income.school_fee_yuan_per_child"),
            )
        ]
    if key == "same_skills":
        return [
            t(
                "debrief.built_in.same_skills.herding",
                weight=f"{beh.herding_weight:g}",
            ),
            t(
                "debrief.built_in.same_skills.skills",
                strength=f"{town.common_skill_strength:g}",
                women=pct(town.female_share),
            ),
        ]
    if key == "race":
        tr = p.trades[focus]
        return [
            t(
                "debrief.built_in.race.fixed_market",
                trade=story.in_sentence(session, focus),
                share=pct(tr.budget_share, 1),
            ),
            t("debrief.built_in.race.desperate", cut=pct(p.market.desperate_extra_cut, 1)),
        ]
    if key == "same_system":
        return [t("debrief.built_in.same_system.flows")]
    if key == "solidarity":
        return [t("debrief.built_in.solidarity.agreement", n=beh.agreement_max_sellers)]
    if key == "failure":
        return [
            t("debrief.built_in.failure.guarantor", cap=pct(pol.guarantee_fund_cap_share)),
            t(
                "debrief.built_in.failure.term",
                term=i18n.months(pol.loan_term_months),
                ext=i18n.months(pol.loan_extension_months),
                run=i18n.months(p.months),
            ),
        ]
    return [t("debrief.built_in.gap.jobs", rate=pct(beh.job_offer_rate_per_month, 1))]


def other_side(session, results: dict) -> dict:
    """The page "The other side": the research and arguments against the essay's reading, the
    essay's own concession with this run's successes, and what no game can test."""
    ok = successes(session)
    items = [
        {"key": "concession", "text": t("debrief.other.concession"), "cite": "Loubere 2016"},
    ]
    if ok["opened"]:
        items[0]["numbers"] = t(
            "debrief.other.concession.numbers",
            opened=i18n.grouped(ok["opened"]),
            open=i18n.grouped(ok["open"]),
            earning=i18n.grouped(ok["earning"]),
        )
    items += [
        {
            "key": "trials",
            "text": t("debrief.other.trials"),
            "cite": "Banerjee, Karlan & Zinman 2015",
        },
        {"key": "customers", "text": t("debrief.other.customers"), "cite": "Busso & Galiani 2019"},
        {
            "key": "capital",
            "text": t("debrief.other.capital"),
            "cite": "de Mel, McKenzie & Woodruff 2008",
        },
        {"key": "markets", "text": t("debrief.other.markets"), "cite": "McKenzie & Puerto 2021"},
        {"key": "yunus", "text": t("debrief.other.yunus"), "cite": "Yunus & Jolis 2001"},
    ]
    paths = {
        k.split(":", 1)[1]: r["final"]["net_worth"]
        for k, r in (results or {}).items()
        if k.startswith("path:") and r.get("available")
    }
    alt = {"key": "alternatives", "text": t("debrief.other.alternatives"), "cite": ""}
    if paths:
        best = max(paths, key=lambda k: paths[k])
        mine = float(session.ending()["net_worth_yuan"])
        if paths[best] > mine + 500.0:
            alt["numbers"] = t(
                "debrief.other.alternatives.numbers",
                path=t(f"path.{best}.title"),
                diff=i18n.yuan(paths[best] - mine),
            )
    items.append(alt)
    return {
        "title": t("debrief.other.title"),
        "intro": t("debrief.other.intro"),
        "items": items,
        "untestable": t("debrief.other.untestable"),
        "figures": ok,
    }


__all__ = ["complications", "built_in", "other_side", "successes"]
