"""The essay's argument, presented as Loubere's argument and argued with: eight panels, each
paraphrasing one claim of Loubere 2016 ("Laying Off Responsibility", Made in China) with the
student's numbers that bear it out, the numbers of the same run that cut against it, what the
model builds in, the other side, a question and the citation. The claims are paraphrased in
assets/i18n (debrief.arg.*.claim), never the essay's own sentences; where a mechanism is the
game's own (the guarantor's burden, the desperate seller's extra cut, herding) it says so.

`panels(session, focus, results)` -> [{key, title, claim, numbers, complications, built_in,
other, question, cite, figures, verdict}]; `figures` are the raw numbers (the report's JSON and
the tests read them); `results` are the counterfactual runs, when they have finished.
"""

from __future__ import annotations

import numpy as np

from game import i18n
from game.debrief import complications as comp
from game.debrief import reflection, story
from game.debrief.counterfactual import focus_trade, hinges, spec_from_session
from game.i18n import t

LOUBERE = "Loubere 2016"
PANELS = (
    "responsibility",
    "work_unit",
    "same_skills",
    "race",
    "same_system",
    "solidarity",
    "failure",
    "gap",
)
CITES = {
    "responsibility": (LOUBERE, "Yunus & Jolis 2001"),
    "work_unit": (LOUBERE, "Health statistics 2016"),
    "same_skills": (LOUBERE, "Hejiang county report", "de Mel, McKenzie & Woodruff 2008"),
    "race": (LOUBERE, "Busso & Galiani 2019"),
    "same_system": (LOUBERE, "Moretti 2010", "Taylor, Rozelle & de Brauw 2003"),
    "solidarity": (LOUBERE, "Franceschini 2016"),
    "failure": (LOUBERE, "Harbin 2008 reports"),
    "gap": (LOUBERE, "Appleton et al. 2002", "Banerjee, Karlan & Zinman 2015"),
}


def _town(session) -> list[dict]:
    return session.curves().town_rows()


def figures(session, focus: int | None = None) -> dict[str, dict]:
    """The numbers each panel quotes, from the session's history and the town's curves."""

    eng, h = session.engine, session.player
    mill_start = session.town().soe_workers_at_start
    spec = spec_from_session(session)
    hg = hinges(spec)
    focus = focus_trade(session, h, spec) if focus is None else focus
    hist = session.history
    town = _town(session)
    end = session.ending()
    first, last = town[0], town[-1]
    spend = [r["local_spending"] for r in town[1:]]
    remit = [r["remittances"] for r in town[1:]]
    trades = session.curves().trade_rows()
    keys = [tr.key for tr in session.params.trades]
    entries_by_trade = {k: 0 for k in keys}
    for r in trades:
        entries_by_trade[r["trade"]] += int(r["entries"])
    all_entries = sum(entries_by_trade.values())
    top = max(entries_by_trade, key=lambda k: entries_by_trade[k]) if all_entries else keys[focus]
    rows = story.trade_rows(session, focus)
    pp = story.price_path(session, focus)
    p0, p1 = pp["start"], pp["end"]
    m0 = rows[0]["median_margin"]
    m1 = next((r["median_margin"] for r in reversed(rows) if r["median_margin"] is not None), m0)
    loan_amount = next(
        (
            float(e.get("amount_yuan", 0.0))
            for e, o in zip(eng.command_log, eng.outcomes, strict=False)
            if e["command"] == "apply_for_loan" and o.get("outcome") == "loan_granted"
        ),
        0.0,
    )
    shares = [r["agreement_share"] for r in town]
    joined = any(e["command"] == "join_agreement" for e in eng.command_log)
    # relatives and moneylenders count as borrowing, as the ending counts their debt
    family = story.borrowed(session)["family"]
    return {
        "responsibility": {
            "income": end["mean_own_income_yuan_per_month"],
            "former_wage": end["former_wage_yuan_per_month"],
            "share": end["income_vs_former_wage"],
            "loan": loan_amount,
            "borrowed_family": family,
            "borrowers_in_town": max((int(r["loans_outstanding"]) for r in town), default=0),
        },
        "work_unit": {
            "health_bills": float(sum(r.health_bill for r in hist)),
            "school_fees": float(sum(r.school_fees for r in hist)),
            "ui_months": next(
                (r.month for r in hist if any(c[0] == "ui_ended" for c in r.causes)), None
            ),
            "informal_peak": max((r.informal_debt for r in hist), default=0.0),
            "borrowed_family": family,
            "went_without": sum(1 for r in hist if any(c[0] == "went_without" for c in r.causes)),
        },
        "same_skills": {
            "entries": all_entries,
            "top_trade": keys.index(top),
            "top_entries": entries_by_trade[top],
            "top_share": entries_by_trade[top] / all_entries if all_entries else 0.0,
            "sellers_start": int(rows[0]["sellers"]),
            "sellers_peak": max(int(r["sellers"]) for r in rows),
            "trade": focus,
            "entries_by_trade": entries_by_trade,
            "lost": mill_start - int(last["soe_worker"]),
            "businesses_added": int(last["self_employed"]) - int(first["self_employed"]),
        },
        "race": {
            "trade": focus,
            "price_start": float(p0),
            "price_end": float(p1),
            "price_change": pp["change"],
            "price_low": pp["low"],
            "price_low_month": pp["low_month"],
            "margin_start": m0,
            "margin_end": m1,
        },
        "same_system": {
            "spending_start": spend[0] if spend else 0.0,
            "spending_end": spend[-1] if spend else 0.0,
            "spending_change": (spend[-1] / spend[0] - 1.0) if spend and spend[0] else 0.0,
            "mill_start": mill_start,
            "mill_end": int(last["soe_worker"]),
            "remittances_start": remit[0] if remit else 0.0,
            "remittances_end": remit[-1] if remit else 0.0,
        },
        "solidarity": {
            "peak": max(shares) if shares else 0.0,
            "end": shares[-1] if shares else 0.0,
            "joined": joined,
            "has_business": hg.trade >= 0,
            "formed": sum(1 for r in trades if r["trade"] == keys[focus] and r["agreement"]),
        },
        "failure": {
            "defaults": sum(int(r["defaults"]) for r in town),
            "calls": sum(int(r["guarantor_calls"]) for r in town),
            "informal_town": float(last["informal_debt"]),
            "defaulted": end["defaulted"],
            "guarantor_called": end["guarantor_called"],
            "had_loan": loan_amount > 0,
            "suspended": any(r["lending_suspended"] for r in town),
            "borrowers": max((int(r.get("loans_outstanding", 0)) for r in town), default=0),
            "fund_paid": float(sum(float(r.get("fund_paid", 0.0) or 0.0) for r in town)),
            "running_at_end": int(last.get("loans_outstanding", 0)),
            "guaranteed_month": next(iter(comp.guaranteed_for(session)), None),
        },
        "gap": {
            "lost": mill_start - int(last["soe_worker"]),
            "businesses_added": int(last["self_employed"]) - int(first["self_employed"]),
            "wage_jobs_added": int(last["wage_job"]) - int(first["wage_job"]),
            "still_without": int(last["laid_off"]) + int(last["day_labour"]),
            "median_share": last.get("median_income_vs_former_wage") or 0.0,
        },
    }


def _numbers(session, key: str, f: dict) -> str:
    y, pct = i18n.yuan, i18n.percent
    tname = story.in_sentence(session, f.get("trade", -1)) if "trade" in f else ""
    if key == "responsibility":
        text = t(
            "debrief.arg.responsibility.numbers",
            share=pct(f["share"]),
            income=y(f["income"]),
            wage=y(f["former_wage"]),
        )
        n = i18n.grouped(f["borrowers_in_town"])
        if f["loan"] > 0:
            text += story.gap() + t("debrief.arg.responsibility.loan", loan=y(f["loan"]))
            if f.get("borrowed_family", 0.0) > 0.5:  # all it borrowed, not the bank's alone
                text += story.gap() + t(
                    "debrief.arg.responsibility.also_family", borrowed=y(f["borrowed_family"])
                )
        elif f.get("borrowed_family", 0.0) > 0.5:  # no bank loan is not "did not borrow"
            text += story.gap() + t(
                "debrief.arg.responsibility.family_only", borrowed=y(f["borrowed_family"]), n=n
            )
        else:
            text += story.gap() + t("debrief.arg.responsibility.no_loan", n=n)
        return text
    if key == "work_unit":
        text = t(
            "debrief.arg.work_unit.numbers", health=y(f["health_bills"]), school=y(f["school_fees"])
        )
        if f["informal_peak"] > 0.5:
            text += story.gap() + t("debrief.arg.work_unit.informal", peak=y(f["informal_peak"]))
        if f["went_without"]:
            text += story.gap() + i18n.plural(
                "debrief.arg.work_unit.went_without", f["went_without"]
            )
        return text
    if key == "same_skills":
        return t(
            "debrief.arg.same_skills.numbers",
            entries=i18n.grouped(f["entries"]),
            share=pct(f["top_share"]),
            top=story.in_sentence(session, f["top_trade"]),
            trade=tname,
            start=f["sellers_start"],
            peak=f["sellers_peak"],
        )
    if key == "race":
        tk = session.params.trades[f["trade"]].key
        text = t(
            "debrief.arg.race.numbers",
            trade=tname,
            start=story.per_unit(f["price_start"], tk),
            end=story.per_unit(f["price_end"], tk),
            change=story.signed_percent(f["price_change"]),
        )
        if f["margin_start"] is not None and f["margin_end"] is not None:
            text += story.gap() + t(
                "debrief.arg.race.margin", start=pct(f["margin_start"]), end=pct(f["margin_end"])
            )
        return text
    if key == "same_system":
        text = t(
            "debrief.arg.same_system.numbers",
            mill_start=i18n.grouped(f["mill_start"]),
            mill_end=i18n.grouped(f["mill_end"]),
        )
        if f["spending_change"] <= -comp.SMALL_CHANGE:  # a small change is on the other side
            text += story.gap() + t(
                "debrief.arg.same_system.spending",
                start=y(f["spending_start"]),
                end=y(f["spending_end"]),
                change=story.signed_percent(f["spending_change"]),
            )
        if 0 < f["remittances_end"] < f["remittances_start"]:  # a rise is on the other side
            text += story.gap() + t(
                "debrief.arg.same_system.remittances",
                start=y(f["remittances_start"]),
                end=y(f["remittances_end"]),
            )
        return text
    if key == "solidarity":  # the peak, when there was one, is on the other side
        key_ = "debrief.arg.solidarity.numbers" if f["peak"] > 0 else "debrief.arg.solidarity.none"
        text = t(key_, end=pct(f["end"]))
        if f["has_business"]:
            text += story.gap() + t(
                "debrief.arg.solidarity.joined"
                if f["joined"]
                else "debrief.arg.solidarity.not_joined"
            )
        return text
    if key == "failure":
        text = t(
            "debrief.arg.failure.numbers",
            defaults=i18n.grouped(f["defaults"]),
            calls=i18n.grouped(f["calls"]),
            informal=y(f["informal_town"]),
        )
        if f["suspended"]:
            text += story.gap() + t("debrief.arg.failure.suspended")
        if f["defaulted"]:
            text += story.gap() + t(
                "debrief.arg.failure.you_defaulted"
                if not f["guarantor_called"]
                else "debrief.arg.failure.your_guarantor"
            )
        elif f["had_loan"]:
            text += story.gap() + t("debrief.arg.failure.you_repaid")
        if f["guaranteed_month"] is not None:
            text += story.gap() + t(
                "debrief.arg.failure.you_guaranteed", month=f["guaranteed_month"]
            )
        return text
    return t(
        "debrief.arg.gap.numbers",
        lost=i18n.grouped(f["lost"]),
        businesses=_more_or_fewer(f["businesses_added"], "businesses"),
        wage=_more_or_fewer(f["wage_jobs_added"], "wage"),
        still=i18n.grouped(f["still_without"]),
        share=pct(f["median_share"]),
    )


def _more_or_fewer(n: int, what: str) -> str:
    """ "12 more businesses" or "10 fewer wage jobs": a count that fell is said as such."""
    key = f"debrief.arg.gap.{what}.{'more' if n >= 0 else 'fewer'}"
    return t(key, n=i18n.grouped(abs(n)))


def panels(session, focus: int | None = None, results: dict | None = None) -> list[dict]:
    """Eight panels: Loubere's claim (paraphrased), the student's numbers for it and against
    it, what the model builds in, the other side, a question, the citation, the verdict."""

    focus = focus_trade(session, session.player) if focus is None else focus
    figs = figures(session, focus)
    out = []
    for key in PANELS:
        f = {k: (float(v) if isinstance(v, np.floating) else v) for k, v in figs[key].items()}
        out.append(
            {
                "key": key,
                "title": t(f"debrief.arg.{key}.title"),
                "claim": t(f"debrief.arg.{key}.claim"),
                "numbers": _numbers(session, key, f),
                "complications": comp.complications(session, key, f, results or {}, focus),
                "built_in": comp.built_in(session, key, focus),
                "other": t(f"debrief.arg.{key}.other"),
                "question": t(f"debrief.arg.{key}.question"),
                "cite": "; ".join(CITES[key]),
                "figures": f,
                "verdict": reflection.verdict(session, key),
            }
        )
    return out


__all__ = ["panels", "figures", "PANELS", "CITES", "LOUBERE"]
