"""The room's side of the workshop session: what the host asks of it, one call at a time.

`RoomGame` wraps a `WorkshopSession` (game/workshop) and adds only what a network needs:
exactly-once commands (`after`: the seat's accepted commands this month, so a command resent
after a lost acknowledgement is recognised and not applied twice), the month resolved as soon
as the last seat ends it or the facilitator's timer runs out, seats handed back to their
script when their holder has been away for a while (and taken again on return), and views in
each client's language. Every command is validated by the session, hence by the core.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import i18n
from game.room import seatview
from game.room.seats import Seats
from game.workshop import sessionfile
from game.workshop.session import WorkshopSession

AWAY_SECONDS = 90.0  # a seat whose holder is gone this long is played by its script


@dataclass
class Outcome:
    applied: bool = False
    stale: bool = False  # the command was already applied (a resend): nothing done
    reasons: list = field(default_factory=list)
    result: dict = field(default_factory=dict)
    accepted: int = 0
    resolved: bool = False
    month: int = 0
    waiting_for: int = 0
    notice: dict | None = None


def _reason_list(result: Any) -> list[dict]:
    """A refused call's reasons: the core's (translated) or the session's own message."""
    texts = list(result.reasons) or [result.message]
    return [{"key": result.error, "text": t} for t in texts if t]


class RoomGame:
    def __init__(self, ws: WorkshopSession, seats: Seats, away_seconds: float = AWAY_SECONDS):
        self.ws, self.seats = ws, seats
        self.away_seconds = away_seconds
        self.accepted: dict[tuple[int, int], int] = {}  # (seat, month) -> person's commands
        self.present: dict[int, int] = {}  # seat -> open connections
        self.gone_since: dict[int, float] = {}  # seat -> when its last connection closed
        self.handed_back: set[int] = set()  # held seats the room gave back to their script
        for seat, holder in seats.holders.items():
            self._name(seat, holder.name, holder.strategy)
            self.gone_since[seat] = self.clock()
        if ws.path is not None:
            self._count_from_file(ws.path)

    clock = staticmethod(time.perf_counter)

    # ---- starting -------------------------------------------------------------------
    @classmethod
    def resume(cls, path: Path, seats: Seats, **kw: Any) -> RoomGame:
        return cls(WorkshopSession.load(path), seats, **kw)

    def _count_from_file(self, path: Path) -> None:
        """The person's accepted commands per seat and month, as the file has them (resume)."""
        try:
            entries = sessionfile.load(path).entries
        except sessionfile.SessionFileError:
            return
        for e in entries:
            if e.get("k") == "cmd" and e.get("by") == "p":
                key = (int(e["s"]), int(e["m"]))
                self.accepted[key] = self.accepted.get(key, 0) + 1

    def _name(self, seat: int, name: str, strategy: str) -> None:
        """The holder's name and plan on a seat already held (a holder rejoining; the room's
        own file after a restart), for every view and the debrief. A seat taken anew records
        them in the session file (WorkshopSession.take_seat)."""
        s = self.ws.seat(seat)
        s.spec.name = name
        s.spec.strategy = strategy
        s.run.reflection = {**s.run.reflection, "name": name, "strategy": strategy}

    # ---- facts ----------------------------------------------------------------------
    @property
    def seat_count(self) -> int:
        return len(self.ws.seats)

    def seat_place(self, seat: int) -> dict:
        s = self.ws.seat(seat)
        return {"town": s.town, "name": s.name, "month": self.ws.month, "months": self.ws.months}

    def household_of(self, seat: int) -> int:
        return self.ws.seat(seat).household

    # ---- seats coming and going -----------------------------------------------------
    def take_seat(self, seat: int, name: str, strategy: str) -> None:
        s = self.ws.seat(seat)
        if not s.occupied and not self.ws.over:
            # Sitting down: the name and plan go into the session file with the seat taken.
            self.ws.take_seat(seat, name, strategy)
            self.handed_back.discard(seat)
        else:
            self._name(seat, name, strategy)
        self.arrived(seat)

    def arrived(self, seat: int) -> None:
        self.present[seat] = self.present.get(seat, 0) + 1
        self.gone_since.pop(seat, None)
        s = self.ws.seat(seat)
        if not s.occupied and not self.ws.over:
            self.ws.take_seat(seat)
            self.handed_back.discard(seat)

    def left(self, seat: int) -> None:
        self.present[seat] = max(self.present.get(seat, 0) - 1, 0)
        if not self.present[seat]:
            self.gone_since[seat] = self.clock()

    def release(self, seat: int) -> None:
        """The facilitator freed the seat: its script plays it until someone claims it."""
        self.present.pop(seat, None)
        self.gone_since.pop(seat, None)
        if self.ws.seat(seat).occupied and not self.ws.over:
            self.ws.free_seat(seat)

    # ---- a seat's actions -----------------------------------------------------------
    def submit(self, seat: int, cmd: dict, after: int | None, lang: str) -> Outcome:
        key = (seat, self.ws.month)
        count = self.accepted.get(key, 0)
        if after is not None and after != count:
            return Outcome(stale=True, accepted=count)
        with seatview.language(lang):
            result = self.ws.submit(seat, cmd)
        if not result.ok:
            return Outcome(reasons=_reason_list(result), accepted=count)
        self.accepted[key] = count + 1
        outcome = self.ws.seat(seat).run.last_outcome if cmd["command"] == "apply_for_loan" else {}
        return Outcome(applied=True, accepted=count + 1, result=dict(outcome))

    def end_month(self, seat: int, month: int) -> Outcome:
        ws = self.ws
        if month != ws.month or ws.seat(seat).done or ws.over:
            return Outcome(month=ws.month, waiting_for=len(ws.waiting()))
        result = ws.end_month(seat)
        if not result.ok:
            return Outcome(reasons=_reason_list(result), month=ws.month)
        resolved = self._resolve_if_ready()
        waiting = 0 if resolved else len(ws.waiting())
        return Outcome(applied=True, resolved=resolved, month=month, waiting_for=waiting)

    def choose(self, seat: int, event_id: str, choice: int, lang: str) -> list:
        with seatview.language(lang):
            result = self.ws.choose_event(seat, event_id, choice)
        if not result.ok:
            return _reason_list(result)
        return []  # effects that could not apply are in result.reasons, shown as a notice

    def _resolve_if_ready(self, force: bool = False) -> bool:
        ws = self.ws
        if ws.over or ws.paused or (ws.waiting() and not force):
            return False
        return ws.resolve(force=force).ok

    # ---- time -----------------------------------------------------------------------
    def tick(self) -> bool:
        """The facilitator's timer and absent holders; True if the month resolved."""
        ws = self.ws
        if ws.over:
            return False
        now = self.clock()
        freed = False
        for seat, since in list(self.gone_since.items()):
            s = ws.seat(seat)
            if now - since >= self.away_seconds and s.occupied and not s.done:
                if ws.free_seat(seat).ok:
                    self.handed_back.add(seat)
                    freed = True
        left = ws.time_left()
        if left is not None and left <= 0 and not ws.paused:
            return self._resolve_if_ready(force=True)
        if freed and any(s.occupied for s in ws.seats):
            # the seats still here have all ended the month: it waited only for the one gone
            return self._resolve_if_ready()
        return False

    # ---- the facilitator ------------------------------------------------------------
    def control(self, action: str, args: dict, lang: str) -> Outcome:
        ws = self.ws
        calls = {
            "pause": lambda: ws.pause(),
            "resume": lambda: ws.resume(),
            "timer": lambda: ws.set_timer(args.get("seconds")),
            "lever": lambda: ws.lever(args.get("lever"), args.get("town")),
            "town_event": lambda: ws.town_event(args.get("event"), args.get("town")),
            "reveal": lambda: ws.reveal(args.get("seat")),
            "hide": lambda: ws.hide(args.get("seat")),
            "end_game": lambda: ws.end_game(),
            "resolve": lambda: ws.resolve(force=True),
            "message": None,
        }
        if action not in calls:
            return Outcome(
                reasons=[
                    {
                        "key": "room.error.unknown_control",
                        "text": i18n.t("room.error.unknown_control"),
                    }
                ]
            )
        if action == "message":
            text = args.get("text")
            from game.room.limits import MAX_STRATEGY_CHARS, plain_text  # noqa: PLC0415

            clean = plain_text(text, MAX_STRATEGY_CHARS)
            return Outcome(applied=bool(clean), notice={"kind": "message", "text": clean})
        month = ws.month
        with seatview.language(lang):
            result = calls[action]()
        if not result.ok:
            return Outcome(reasons=_reason_list(result))
        key = f"room.notice.{action}"
        notice = {"kind": action, "key": key, "text": i18n.t(key)}
        return Outcome(applied=True, notice=notice, resolved=ws.month != month)

    # ---- views ----------------------------------------------------------------------
    def seat_view(self, seat: int, lang: str) -> dict:
        ws, s = self.ws, self.ws.seat(seat)
        with seatview.language(lang):
            late, messages = seatview.told(ws, s)
            extra = seatview.seat_view(s.run, lang)
            view = {
                "seat": seat,
                "town": s.town,
                "name": s.name,
                "strategy": s.spec.strategy,
                "month": ws.month,
                "months": ws.months,
                "paused": ws.paused,
                "over": ws.over,
                "ended": s.done,
                "occupied": s.occupied,
                "late": late,
                "waiting_for": len(ws.waiting()),
                "deadline_seconds": ws.time_left(),
                "accepted": self.accepted.get((seat, ws.month), 0),
                "messages": messages,
                "start_cash": round(float(s.run.book[0].cash_start), 2)
                if s.run.book
                else extra["household"]["cash"],
                **extra,
            }
            if ws.over:
                view["debrief"] = seatview.debrief(s.run, lang, s.spec.strategy)
        return view

    def seat_views(self, wanted: list[tuple[int, str]]) -> dict:
        """Views for many seats, language by language (switching language has a cost)."""
        out = {}
        for lang in sorted({lang for _s, lang in wanted}):
            with seatview.language(lang):
                for seat, want in wanted:
                    if want == lang:
                        out[(seat, lang)] = self.seat_view(seat, lang)
        return out

    def dashboard(self, lang: str, facilitator: bool = False) -> dict:
        with seatview.language(lang):
            d = self.ws.dashboard(lang).to_dict()
        held = self.seats.holders
        for row in d["seats"]:
            row["held"] = row["seat"] in held
            row["online"] = self.present.get(row["seat"], 0) > 0
        d["free_seats"] = len(self.seats.free())
        d["controls"] = facilitator
        return d
