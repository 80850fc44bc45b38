"""What a seat and the facilitator's dashboard see: plain records, JSON as they are (what a
hot-seat screen draws, and what a remote seat or projector receives over the network).

A seat sees its own household whole; the dashboard sees every town's street with the seats'
shops marked, the towns' curves, the round and who has not yet ended the month, and a seat's
private numbers (cash, debts) only once the facilitator reveals them. Everything is read
through the core's views (`game.core.views`), the engine's reports and the seats' accounts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from game import i18n, words
from game.core import views
from game.core.curves import TownCurves, town_curves
from game.players import Seat

# The town's curves the dashboard draws, from the core's metrics (month by month).
CURVES = (
    "self_employed",
    "wage_job",
    "day_labour",
    "migrated",
    "median_income_vs_former_wage",
    "arrears_rate",
    "entries",
    "exits",
    "defaults",
)


@dataclass(frozen=True)
class SeatView:
    seat: int
    town: int
    household: int
    name: str
    strategy: str
    month: int  # the month in progress (0 = the first)
    months: int
    occupied: bool
    ended_month: bool  # the seat has ended the month in progress
    late_last_month: bool  # last month ended before the seat did: no new decision was made
    paused: bool
    over: bool
    facts: dict  # the household (engine.player_facts): status, cash, debts, loan, trade...
    budget: dict  # living costs, what lenders would still lend (views.Budget)
    paths: dict  # what each path would bring now (views.PathPreview)
    business: dict | None  # its business, if it runs one (players.Business)
    last_month: dict | None  # last month's report: income, profit, causes
    account: dict | None  # last month's account: every line that moved its cash
    events: list  # scenario events waiting for an answer (id, title, text, choices)
    messages: list  # what the seat is told: {key, text, values}

    def to_dict(self) -> dict:
        return _plain(asdict(self))


@dataclass(frozen=True)
class DashboardView:
    month: int
    months: int
    paused: bool
    over: bool
    timer_seconds: int
    time_left: float | None
    waiting: list  # seats not yet done, with names
    towns: list  # per town: street (lots, seats' shops marked), curves, trades
    seats: list  # per seat: name, town, occupied, done, status, trade; private numbers if revealed
    changes: list  # the facilitator's actions so far (the timeline)
    messages: list  # what the facilitator is told (the session file could not be written)

    def to_dict(self) -> dict:
        return _plain(asdict(self))


def _plain(x: Any) -> Any:
    """JSON-ready: numpy numbers and tuples become Python's."""
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x


def _message(key: str, **values: Any) -> dict:
    return {"key": key, "values": values, "text": i18n.t(key, **values)}


def seat_view(ws: Any, s: Any, lang: str | None = None) -> SeatView:
    lang = lang or i18n.get_language()
    eng, h, run = s.engine, s.household, s.run
    report = run.last_report
    account = run.account(len(run.book)) if run.book else None
    biz = Seat(eng, h).business()
    messages = []
    late = bool(s.late_months and s.late_months[-1] == ws.month - 1)
    if late:
        messages.append(_message("workshop.msg.late"))
    if ws.paused:
        messages.append(_message("workshop.msg.paused"))
    if ws.over:
        messages.append(_message("workshop.msg.over"))
    if not s.occupied:
        messages.append(_message("workshop.msg.scripted"))
    for c in ws.changes:
        if (
            c["m"] == ws.month - 1
            and c["a"] in ("lever", "event")
            and c.get("town") in (None, s.town)
        ):
            key = f"workshop.change.{c.get('lever') or c.get('event')}"
            messages.append(_message(key))
    return SeatView(
        seat=s.index,
        town=s.town,
        household=h,
        name=s.name,
        strategy=s.spec.strategy,
        month=ws.month,
        months=ws.months,
        occupied=s.occupied,
        ended_month=s.done,
        late_last_month=late,
        paused=ws.paused,
        over=ws.over,
        facts=eng.player_facts(h),
        budget=views.budget(eng, h).to_dict(),
        paths=views.path_preview(eng, h).to_dict(),
        business=asdict(biz) if biz is not None else None,
        last_month=report.to_dict() if report is not None else None,
        account=account.to_dict(run) if account is not None else None,
        events=[_event(run.show_event(ev), ev.id) for ev in run.pending_events],
        messages=messages,
    )


def _event(shown: Any, event_id: str) -> dict:
    d = asdict(shown) if hasattr(shown, "__dataclass_fields__") else dict(vars(shown))
    return {"id": event_id, **{k: v for k, v in d.items() if k != "id"}}


def dashboard(ws: Any, lang: str | None = None) -> DashboardView:
    lang = lang or i18n.get_language()
    towns = []
    for k, eng in enumerate(ws.towns):
        seat_of = {s.household: s.index for s in ws.seats if s.town == k}
        street = []
        for lot in words.street_lots(eng, lang):
            seat = seat_of.get(lot.get("household", -1))
            entry = {**lot, "seat": seat}
            if seat is not None and not ws.seats[seat].revealed:
                entry.pop("profit_yuan", None)  # a seat's takings are its own business
            street.append(entry)
        curves = town_curves(eng)
        towns.append(
            {
                "town": k,
                "street": street,
                "curves": {c: list(curves.town[c]) for c in CURVES},
                "trades": _trade_curves(curves),
            }
        )
    seats = []
    for s in ws.seats:
        f = s.engine.player_facts(s.household)
        row = {
            "seat": s.index,
            "town": s.town,
            "name": s.name,
            "occupied": s.occupied,
            "done": s.done,
            "status": f["status"],
            "trade": f["trade"],
            "late_months": len(s.late_months),
            "revealed": s.revealed,
            "private": None,
        }
        if s.revealed:
            row["private"] = {
                "cash_yuan": f["cash_yuan"],
                "informal_debt_yuan": f["informal_debt_yuan"],
                "loan_yuan": f["loan_yuan"],
                "net_worth_yuan": f["cash_yuan"] - f["informal_debt_yuan"] - f["loan_yuan"],
                "profit_yuan": f["profit_yuan"],
            }
        seats.append(row)
    return DashboardView(
        month=ws.month,
        months=ws.months,
        paused=ws.paused,
        over=ws.over,
        timer_seconds=ws.timer_seconds,
        time_left=ws.time_left(),
        waiting=[{"seat": i, "name": ws.seats[i].name} for i in ws.waiting()],
        towns=towns,
        seats=seats,
        changes=list(ws.changes),
        messages=[_message("workshop.msg.file_error")] if ws.file_error else [],
    )


def _trade_curves(curves: TownCurves) -> dict:
    """Per trade: sellers and the median price, month by month."""
    return {
        key: {name: list(curves.trades[key][name]) for name in ("sellers", "median_price")}
        for key in curves.trade_keys
    }


__all__ = ["CURVES", "DashboardView", "SeatView", "dashboard", "seat_view"]
