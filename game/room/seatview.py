"""A seat's view for a remote client: the household, the month's choices, the last month's
account and causes, the curve of its cash, the debrief at the end.

Built from the seat's own `GameSession` with the same functions the desktop screens use
(`facts`, `reasons`, `accounts`, `words.cause_text`, `guarantors`, `show_event`, `ending`),
in the seat's language, as plain JSON data. It holds only this seat's household: nothing of
another seat's private numbers.
"""

from __future__ import annotations

import contextlib
from typing import Any

from game import i18n, words
from game.core import commands as C
from game.core import views
from game.session import reason_text

RECENT_DECISIONS = 8


@contextlib.contextmanager
def language(lang: str):
    """Translate in `lang` for the time of one view (the session thread builds them one at a
    time), then back to the host's own language."""
    before = i18n.get_language()
    if before == lang:  # switching reads the folder of translations: only when it changes
        yield
        return
    i18n.set_language(lang)
    try:
        yield
    finally:
        i18n.set_language(before)


def seat_view(s: Any, lang: str, account: dict | None = None) -> dict:
    """Everything the page shows for the seat playing session `s`, translated into `lang`.
    `account`: last month's account as the workshop's view already has it (else built here)."""
    with language(lang):
        s.lang = lang
        h, eng = s.player, s.engine
        f = s.facts()
        return {
            "household": _household(s, f),
            "paths": _paths(s),
            "loan": _loan(s, f),
            "business": _business(s, f),
            "trades": _trades(s, f),
            "events": _events(s),
            "account": _account(s, account),
            "history": [
                {"month": a.month, "cash": round(a.cash_end, 2), "change": round(a.change, 2)}
                for a in s.accounts()
            ],
            "decisions": [_decision(s, d) for d in s.decisions[-RECENT_DECISIONS:]],
            "free_lots": views.free_lots(eng),
            "household_index": int(h),
        }


def _decision(s: Any, d: Any) -> dict:
    """A decision in the seat's language, as the desktop's log words it: the run keeps codes
    (a trade's index, the guarantor's household), so a trade or a guarantor asked in one
    language reads in the other (with only `d.text()` they stayed as recorded)."""
    return {"month": d.month, "text": words.decision_text(d, s) or d.text(s)}


def _household(s: Any, f: dict) -> dict:
    money = s.money_now()
    return {
        "name": s.player_name(),
        "status": f["status"],
        "status_text": i18n.t(f"status.{f['status']}"),
        "cash": round(money["cash"], 2),
        "living": round(money["living"], 2),
        "informal_debt": round(f["informal_debt_yuan"], 2),
        "informal_room": round(f["informal_room_yuan"], 2),
        "loan": round(f["loan_yuan"], 2),
        "loan_due_in_months": f["loan_due_in_months"],
        "certificate": f["certificate"],
        "age": int(f["age"]),
        "dependants": f["dependants"],
        "children_in_school": f["children_in_school"],
        "health": round(f["health"], 3),
        "sick": f["sick"],
        "on_minimum_living_guarantee": f["on_minimum_living_guarantee"],
    }


def _paths(s: Any) -> list[dict]:
    out = []
    for path in C.PATHS:
        reasons = s.reasons(C.ChoosePath(s.player, path))
        out.append(
            {
                "path": path,
                "title": i18n.t(f"path.{path}.title"),
                "blurb": i18n.t(f"path.{path}.blurb"),
                "open": not reasons,
                "reasons": reasons,
                "current": s.status == path,
            }
        )
    return out


def _loan(s: Any, f: dict) -> dict:
    """The loan office: what stands in the way of a loan now (the core's reasons, without the
    guarantor, who is picked from the list), and whom the household could ask."""
    pol = s.params.policy
    probe = C.ApplyForLoan(s.player, float(min(pol.loan_ceiling_yuan, 10_000)), -1)
    blockers = [
        reason_text(k, v) for k, v in probe.validate(s.engine) if k not in ("bad_guarantor",)
    ]
    guarantors = []
    if pol.loans_enabled and pol.guarantor_required and not blockers:
        for g in s.guarantors()[:6]:  # asked for only when a loan could be had
            odds = f"guarantor.odds.{g.odds}"
            guarantors.append(
                {
                    "household": g.household,
                    "name": g.name,
                    "chance": round(g.chance, 3),
                    "odds": i18n.t(odds) if i18n.has_key(odds, "en") else g.odds,
                    "ask_again_month": g.ask_again_month,
                }
            )
    return {
        "offered": bool(pol.loans_enabled and pol.loan_ceiling_yuan > 0),
        "ceiling": float(pol.loan_ceiling_yuan),
        "guarantor_required": bool(pol.guarantor_required),
        "certificate": f["certificate"],
        "certificate_reasons": s.reasons(C.ApplyForCertificate(s.player)),
        "has_loan": f["has_loan"],
        "principal": round(f["loan_yuan"], 2),
        "due_in_months": f["loan_due_in_months"],
        "apply_reasons": blockers,
        "extend_reasons": s.reasons(C.ExtendLoan(s.player)) if f["has_loan"] else [],
        "guarantors": guarantors,
    }


def _business(s: Any, f: dict) -> dict | None:
    eng, h = s.engine, s.player
    st, ta = eng.state, eng.trade_arrays
    t = int(st.trade[h])
    if s.status != "self_employed" or t < 0:
        return None
    full = float(eng.params.behaviour.full_hours_per_month)
    unit = float(ta["unit_cost"][t])
    return {
        "trade": t,
        "trade_name": s.trade_name(t),
        "lot": int(st.lot[h]),
        "price": round(float(st.price[h]), 2),
        "going_price": round(float(st.going_price[t]), 2),
        "unit_cost": round(unit, 2),
        "min_price": round(unit, 2),
        "max_price": round(4.0 * float(ta["start_price"][t]), 2),
        "hours": round(float(st.hours[h]), 1),
        "min_hours": 0.25 * full,
        "max_hours": 1.25 * full,
        "profit": round(float(st.profit[h]), 2),
        "months_open": int(st.months_open[h]),
        "sold_out": bool(st.capacity_bound[h]),
        "sellers": int(f["sellers_in_trade"]),
    }


def _trades(s: Any, f: dict) -> list[dict]:
    """The trades it could open, with why not; for a household already in business (or
    working), only their names and costs: it cannot open another now."""
    eng, h = s.engine, s.player
    could_open = f["status"] in ("laid_off", "job_search", "day_labour")
    out = []
    for t in range(len(s.params.trades)):
        out.append(
            {
                "trade": t,
                "name": s.trade_name(t),
                "start_up": round(float(eng.trade_arrays["start_up"][t]), 2),
                "skill": round(float(eng.state.skill[h, t]), 2),
                "open_reasons": s.reasons(C.OpenBusiness(h, t, -1)) if could_open else [],
            }
        )
    return out


def _events(s: Any) -> list[dict]:
    out = []
    for ev in s.pending_events:
        shown = s.show_event(ev)
        out.append(
            {
                "id": ev.id,
                "title": str(getattr(shown, "title", "")),
                "text": str(getattr(shown, "text", "")),
                "choices": [
                    {
                        "index": i,
                        "label": str(getattr(c, "label", c)),
                        "consequence": str(getattr(c, "consequence", "") or ""),
                    }
                    for i, c in enumerate(getattr(shown, "choices", []))
                ],
            }
        )
    return out


def _account(s: Any, account: dict | None) -> dict | None:
    book = s.accounts()
    if not book:
        return None
    if account is None:
        account = book[-1].to_dict(s)
    report = s.last_report
    causes = [
        words.cause_text(s, code, values) for code, values in (report.causes if report else [])
    ]
    return {**account, "causes": causes}


def debrief(s: Any, lang: str, strategy: str) -> dict:
    """The end of the run for this seat: the ending's numbers and the strategy read back."""
    with language(lang):
        s.lang = lang
        e = s.ending()
        incomes = [round(float(r.income), 2) for r in s.history]
        return {
            "ending": e,
            "status_text": i18n.t(f"status.{e['status']}"),
            "strategy": strategy,
            "incomes": incomes,
            "decisions": [_decision(s, d) for d in s.decisions],
        }


def told(ws: Any, seat: Any) -> tuple[bool, list[dict]]:
    """(late, messages): what the seat is told this month, as the workshop's own seat view
    words it (game/workshop/views.py); built here without the rest of that view, which the
    room does not send and which costs a third of a month's resolution with 40 seats."""
    late = bool(seat.late_months and seat.late_months[-1] == ws.month - 1)
    keys = []
    if late:
        keys.append("workshop.msg.late")
    if ws.paused:
        keys.append("workshop.msg.paused")
    if ws.over:
        keys.append("workshop.msg.over")
    if not seat.occupied:
        keys.append("workshop.msg.scripted")
    for c in ws.changes:
        if (
            c["m"] == ws.month - 1
            and c["a"] in ("lever", "event")
            and c.get("town")
            in (
                None,
                seat.town,
            )
        ):
            keys.append(f"workshop.change.{c.get('lever') or c.get('event')}")
    return late, [{"key": k, "values": {}, "text": i18n.t(k)} for k in keys]
