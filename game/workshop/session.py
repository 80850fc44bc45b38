"""A workshop: K towns, N seats in each, rounds, a facilitator, and a session file.

    ws = WorkshopSession.new("steel_town_2016", towns=2, seats=10, seed=7, path="class.session",
                             names=["Li Hua", ...], strategies=["open early", ...])
    ws.take_seat(3)                                               # a person sits down
    ws.submit(3, ChoosePath(ws.seat(3).household, "retrain"))   # -> Result(ok=True)
    ws.end_month(3)                                               # seat 3 is done
    ws.lever("double_loan_ceiling")                               # from next month, every town
    ws.resolve()            # every occupied seat done: the month resolves; else Result(ok=False)
    ws.resolve(force=True)  # the facilitator's timer ran out: late seats end with no decision
    ws.seat_view(3).to_dict(), ws.dashboard().to_dict()
    WorkshopSession.load("class.session")                        # resume after a crash

Seats are numbered 0..K*N-1, town by town. A seat nobody sits in is played by its scripted
strategy when the month resolves; `take_seat` / `free_seat` hand it to a person and back at any
month. Every call returns a `Result` (never raises for a person's mistake) and everything that
happens is appended to the session file as it happens (sessionfile.py), so the file replays
the session exactly (replay.py) and a killed session resumes (`load`). No pygame here.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import i18n
from game.core.commands import Command, command_from_dict, command_to_dict
from game.core.engine import Engine
from game.players import Seat
from game.players.events import calm_choice
from game.session import ScenarioError
from game.workshop import facilitator, levers, sessionfile, views
from game.workshop.header import MAX_SEATS_PER_TOWN, MAX_TOWNS, new_header
from game.workshop.result import OK, Result, fail
from game.workshop.resume import catch_up
from game.workshop.seats import (
    NAME_MAX,
    STRATEGY_MAX,
    SeatSession,
    SeatSpec,
    clean_text,
    script_player,
)
from game.workshop.sessionfile import SessionFileError, canonical
from game.workshop.towns import build_towns, scenario_for


@dataclass
class SeatState:
    """A seat as the session keeps it."""

    index: int
    spec: SeatSpec
    run: SeatSession
    occupied: bool
    player: Any = None  # the scripted player while nobody sits in the seat
    done: bool = False  # the seat has ended the month in progress
    late_months: list[int] = field(default_factory=list)  # months it ran out of time in
    revealed: bool = False  # its private numbers are shown on the dashboard

    @property
    def household(self) -> int:
        return self.spec.household

    @property
    def town(self) -> int:
        return self.spec.town

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def engine(self) -> Engine:
        return self.run.engine


class _Door:
    """What a scripted player's `Seat` submits through: the workshop, so its commands are
    recorded like anyone's."""

    def __init__(self, ws: WorkshopSession, seat: SeatState) -> None:
        self.ws, self.seat = ws, seat

    def submit(self, cmd: Command) -> list[str]:
        return list(self.ws._apply(self.seat, cmd, by="a").reasons)


class WorkshopSession:
    def __init__(self, header: dict, scenario: Any, path: Path | None) -> None:
        self.header = header
        self.scenario = scenario
        self.path = Path(path) if path is not None else None
        self.towns: list[Engine] = build_towns(header, scenario)
        opts = header["options"]
        self.same_shocks = bool(opts.get("same_shocks"))
        self.timer_seconds = int(opts.get("timer_seconds", 0))
        self.paused = False
        self.paused_at: float | None = None  # when the pause began (the timer stops)
        self.ended = False  # the facilitator ended the game
        self.changes: list[dict] = []  # the facilitator's actions, in order (the timeline)
        self.month_opened_at = time.monotonic()
        self.seats: list[SeatState] = []
        for i, d in enumerate(header["seats"]):
            spec = SeatSpec(**d)
            eng = self.towns[spec.town]
            event_seed = eng.seed if self.same_shocks else eng.seed + 1 + i
            run = SeatSession(scenario, eng, eng.seed, spec.household, event_seed)
            run.reflection = {"name": spec.name, "strategy": spec.strategy}
            run.workshop, run.seat_index = self, i
            st = SeatState(i, spec, run, spec.occupied)
            if not spec.occupied:
                st.player = script_player(spec.script)
            self.seats.append(st)
        self._writer: sessionfile.Writer | None = None
        self._expect: deque[dict] = deque()  # records a resumed session must make again
        self.file_notes: list[str] = []
        # Why the session file stopped being written (None: it is being written, or there is
        # none); the dashboard tells the facilitator.
        self.file_error: str | None = None

    # ---- making one ---------------------------------------------------------------------
    @classmethod
    def new(
        cls,
        scenario: str = "steel_town_2016",
        towns: int = 1,
        seats: int = 4,
        seed: int = 1,
        path: str | Path | None = None,
        *,
        names: list[str] | None = None,
        strategies: list[str] | None = None,
        occupied: list[bool] | bool = False,
        scripts: list[str] | None = None,
        months: int | None = None,
        same_shocks: bool = False,
        timer_seconds: int = 0,
        households: str = "scenario",
        plan: list[tuple[int, str]] | None = None,
    ) -> WorkshopSession:
        """A new session: `towns` towns of `seats` seats each (lists run over every seat, town
        by town). `path`: the session file to write (None: keep no file). Raises
        ScenarioError for a scenario that cannot be played, ValueError for a bad setting,
        OSError if the file cannot be written."""
        header, sc = new_header(
            scenario, towns, seats, seed, names=names, strategies=strategies,
            occupied=occupied, scripts=scripts, months=months, same_shocks=same_shocks,
            timer_seconds=timer_seconds, households=households, plan=plan,
        )  # fmt: skip
        ws = cls(header, sc, Path(path) if path is not None else None)
        header["start"] = [eng.hashes[0] for eng in ws.towns]
        if path is not None:
            ws._writer = sessionfile.Writer.create(Path(path), header)
        return ws

    @classmethod
    def load(cls, path: str | Path) -> WorkshopSession:
        """Resume a session from its file: every record played again and checked (the
        scripted seats decide again, and must decide the same), then appending goes on.
        Raises SessionFileError with a plain message if the file cannot be resumed."""
        loaded = sessionfile.load(path)
        h = loaded.header
        try:
            sc = scenario_for(h["scenario"], int(h["months"]))
            ws = cls(h, sc, Path(path))
        except ScenarioError as exc:
            raise SessionFileError(f"the session's scenario cannot be loaded: {exc}") from None
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise SessionFileError(f"the session file's header is damaged ({exc})") from None
        if h.get("start") != [eng.hashes[0] for eng in ws.towns]:
            raise SessionFileError(
                "this session's towns come out differently in this version of the game: "
                "it cannot be resumed"
            )
        ws.file_notes = list(loaded.notes)
        ws._writer = sessionfile.Writer.reopen(Path(path), loaded)
        catch_up(ws, loaded.entries)
        return ws

    def _mismatch(self, expected: dict) -> SessionFileError:
        self._expect.clear()
        return SessionFileError(
            f"the session file does not match the game at month {int(expected.get('m', 0)) + 1}: "
            "it was written by another version of the game, or edited"
        )

    def _record(self, body: dict) -> None:
        """Note what happened: checked against the file while a resumed session catches up,
        appended (and fsynced) after."""
        if self._expect:
            want = self._expect[0]
            if canonical(want) != canonical(body):
                raise self._mismatch(want)
            self._expect.popleft()
            return
        if self._writer is not None:
            try:
                self._writer.append(body)
            except OSError as exc:  # a full disk, a pulled USB stick: play on, and say so
                self.file_error = exc.strerror or str(exc)
                self._writer.close()
                self._writer = None

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()

    # ---- reading ------------------------------------------------------------------------
    @property
    def month(self) -> int:
        """The month in progress (0 = the first)."""
        return self.towns[0].month

    @property
    def months(self) -> int:
        return int(self.header["months"])

    @property
    def over(self) -> bool:
        return self.ended or self.month >= self.months

    def seat(self, index: int) -> SeatState:
        return self.seats[index]

    def waiting(self) -> list[int]:
        """Occupied seats that have not yet ended the month."""
        return [s.index for s in self.seats if s.occupied and not s.done]

    def time_left(self, now: float | None = None) -> float | None:
        """Seconds left on the facilitator's timer (None: no timer)."""
        if not self.timer_seconds:
            return None
        now = time.monotonic() if now is None else now
        if self.paused and self.paused_at is not None:
            now = self.paused_at  # the clock stands still while the room is paused
        return max(self.timer_seconds - (now - self.month_opened_at), 0.0)

    def _check_seat(self, seat: Any) -> Result | SeatState:
        if isinstance(seat, bool) or not isinstance(seat, int) or not 0 <= seat < len(self.seats):
            return fail("unknown_seat", seat=str(seat)[:20])
        return self.seats[seat]

    def _closed(self) -> Result | None:
        if self.over:
            return fail("over")
        if self.paused:
            return fail("paused")
        return None

    # ---- a seat's actions ---------------------------------------------------------------
    def _seat_may_act(self, seat: Any, answering: bool = False) -> Result | SeatState:
        """The seat, if a person in it may decide now (`answering`: answer its news, which a
        seat may do even after ending the month); else why not."""
        s = self._check_seat(seat)
        if isinstance(s, Result):
            return s
        closed = self._closed()
        if closed:
            return closed
        if not s.occupied:
            return fail("empty_seat", name=s.name)
        if answering:
            return s
        if s.done:
            return fail("seat_done", name=s.name)
        if s.run.pending_events:
            return fail("events_pending", name=s.name)
        return s

    def submit(self, seat: int, command: Command | dict) -> Result:
        """A decision from a person in `seat`, applied now if the rules allow it."""
        s = self._seat_may_act(seat)
        if isinstance(s, Result):
            return s
        if isinstance(command, dict):
            try:
                command = command_from_dict(command)
            except (ValueError, TypeError) as exc:
                return fail("bad_command", detail=str(exc)[:120])
        if not isinstance(command, Command):
            return fail("bad_command", detail=type(command).__name__)
        if command.household != s.household:
            return fail("not_your_household", name=s.name)
        return self._apply(s, command, by="p")

    def _apply(self, s: SeatState, cmd: Command, by: str) -> Result:
        reasons = s.run.submit_now(cmd)
        if reasons:
            return fail("not_allowed", reasons)
        body = command_to_dict(cmd)
        body.pop("household")
        self._record({"k": "cmd", "m": self.month, "s": s.index, "by": by, "cmd": body})
        return OK

    def end_month(self, seat: int) -> Result:
        """The person in `seat` has made the month's decisions."""
        s = self._seat_may_act(seat)
        if isinstance(s, Result):
            return s
        s.done = True
        self._record({"k": "done", "m": self.month, "s": s.index})
        return OK

    def pending_events(self, seat: int) -> list:
        """The scenario events waiting for the seat's answer, as it reads them."""
        s = self._check_seat(seat)
        if isinstance(s, Result):
            return []
        return [s.run.show_event(ev) for ev in s.run.pending_events]

    def choose_event(self, seat: int, event_id: str, choice: int) -> Result:
        s = self._seat_may_act(seat, answering=True)
        if isinstance(s, Result):
            return s
        return self._choose(s, event_id, choice, by="p")

    def _choose(self, s: SeatState, event_id: str, choice: int, by: str) -> Result:
        ev = next((e for e in s.run.pending_events if e.id == event_id), None)
        if ev is None:
            return fail("unknown_event")
        if (
            isinstance(choice, bool)
            or not isinstance(choice, int)
            or not 0 <= choice < len(ev.choices)
        ):
            return fail("bad_choice", n=len(ev.choices))
        before = len(s.engine.command_log)
        problems = s.run.choose_now(ev, choice)
        applied = [
            {k: v for k, v in e.items() if k not in ("month", "household")}
            for e in s.engine.command_log[before:]
        ]
        self._record(
            {
                "k": "ev",
                "m": self.month,
                "s": s.index,
                "by": by,
                "id": ev.id,
                "i": choice,
                "cmds": applied,
            }
        )
        return Result(True, reasons=tuple(problems))

    # ---- the facilitator ----------------------------------------------------------------
    def take_seat(self, seat: int, name: str | None = None, strategy: str | None = None) -> Result:
        """A person sits down in `seat` (from now; the scripted strategy stops). A name and a
        one-line plan, when given, are the seat's from now on (in the file, the views, the
        class report)."""
        action: dict = {"a": "take", "s": seat}
        if name is not None and clean_text(name, NAME_MAX):
            action["name"] = clean_text(name, NAME_MAX)
        if strategy is not None:
            action["strategy"] = clean_text(strategy, STRATEGY_MAX)
        return self._facilitate(action)

    def free_seat(self, seat: int) -> Result:
        """The seat is handed back to its scripted strategy (it plays from this month)."""
        return self._facilitate({"a": "free", "s": seat})

    def pause(self) -> Result:
        return self._facilitate({"a": "pause"})

    def resume(self) -> Result:
        """Play on; the month's timer gets back the time the pause took."""
        return self._facilitate({"a": "resume"})

    def set_timer(self, seconds: int) -> Result:
        return self._facilitate({"a": "timer", "seconds": seconds})

    def lever(self, lever: str, town: int | None = None) -> Result:
        """A policy lever (levers.LEVERS) from next month, in one town or all."""
        return self._facilitate({"a": "lever", "lever": lever, "town": town})

    def town_event(self, event: str, town: int | None = None) -> Result:
        """A town event (levers.TOWN_EVENTS) from next month, in one town or all."""
        return self._facilitate({"a": "event", "event": event, "town": town})

    def reveal(self, seat: int | None = None) -> Result:
        """Show a seat's private numbers on the dashboard (None: every seat's)."""
        return self._facilitate({"a": "reveal", "s": seat})

    def hide(self, seat: int | None = None) -> Result:
        return self._facilitate({"a": "hide", "s": seat})

    def end_game(self) -> Result:
        return self._facilitate({"a": "end"})

    def _facilitate(self, action: dict) -> Result:
        a = {k: v for k, v in action.items() if k not in ("k", "m", "c")}
        if self.over:
            return fail("over")
        result = facilitator.check(self, a)
        if not result.ok:
            return result
        facilitator.carry_out(self, a)
        self.changes.append({"m": self.month, **a})
        self._record({"k": "fac", "m": self.month, **a})
        return OK

    def _seats_of(self, seat: int | None) -> list[SeatState]:
        return list(self.seats) if seat is None else [self.seats[int(seat)]]

    # ---- the month ----------------------------------------------------------------------
    def resolve(self, force: bool = False) -> Result:
        """Resolve the month in every town: when every occupied seat has ended it, or with
        `force` (the timer ran out: a late seat's month ends with no new decision)."""
        closed = self._closed()
        if closed:
            return closed
        waiting = self.waiting()
        if waiting and not force:
            names = i18n.listing([self.seats[i].name for i in waiting])
            return fail("waiting", names=names)
        month = self.month
        self._record({"k": "resolve", "m": month, "force": bool(force)})
        for s in self.seats:
            if s.occupied and not s.done:
                s.late_months.append(month)
                for ev in list(s.run.pending_events):  # answered as a calm household would
                    self._choose(s, ev.id, calm_choice(self._seat_for(s), ev, s.run.status), by="a")
            elif not s.occupied:
                s.player.act(self._seat_for(s))
        # what each seat's account compares with (its living costs, its habit), as a single
        # player's (GameSession.month_opening)
        opening = {s.index: s.run.month_opening()[1] for s in self.seats}
        hashes = []
        for eng in self.towns:
            reports = eng.end_month()
            hashes.append(eng.hashes[-1] if eng.hashes else eng.state_hash())
            for s in self.seats:
                if s.engine is eng:
                    s.run.close_month(month, reports[s.household], opening[s.index])
        late = [s.index for s in self.seats if s.late_months and s.late_months[-1] == month]
        self._record({"k": "month", "m": month, "hashes": hashes, "late": late})
        for s in self.seats:
            s.done = False
            if not s.occupied and not self.over:
                for ev in list(s.run.pending_events):
                    self._choose(s, ev.id, s.player.choose(self._seat_for(s), ev), by="a")
        self.month_opened_at = time.monotonic()
        return OK

    def _seat_for(self, s: SeatState) -> Seat:
        return Seat(s.engine, s.household, _Door(self, s))

    def play_to_end(self, plan=(), on_month=None) -> None:
        """Resolve month after month (scripted seats and late seats) to the end: the
        facilitator's preview, `workshop --autoplay`, the tests. `plan`: (month, lever or
        town event) changes to make in those months (each once, in every town)."""
        while not self.over:
            for m, what in plan:
                made = any(
                    c["m"] == m and what in (c.get("lever"), c.get("event")) for c in self.changes
                )
                if m == self.month and not made:
                    if what in levers.LEVERS:
                        self.lever(what)
                    else:
                        self.town_event(what)
            self.resolve(force=True)
            if on_month is not None:
                on_month(self)

    # ---- views --------------------------------------------------------------------------
    def seat_view(self, seat: int, lang: str | None = None):
        return views.seat_view(self, self.seats[seat], lang)

    def dashboard(self, lang: str | None = None):
        return views.dashboard(self, lang)


__all__ = ["MAX_SEATS_PER_TOWN", "MAX_TOWNS", "Result", "SeatState", "WorkshopSession"]
