"""The room: the workshop session the screens share, its file, and the facilitator's timer.

Every workshop screen holds the same `Room`. It answers what the screens ask between them:
whose turn is next, whether the timer has run out (then the month resolves with the late seats
ending it with no new decision), and where session files and class reports go.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from game import i18n, userdirs
from game.workshop import SessionFileError, WorkshopSession
from game.workshop.sessionfile import MAGIC

SUFFIX = ".session"
TIMER_STEPS = (0, 60, 90, 120, 180, 300)  # the timer per month the facilitator picks from


def sessions_dir(create: bool = True) -> Path:
    """Where the workshop's session files live (beside the saves)."""
    path = userdirs.data_dir(create) / "workshops"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def new_session_path() -> Path:
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    path = sessions_dir() / f"workshop-{stamp}{SUFFIX}"
    n = 2
    while path.exists():
        path = sessions_dir() / f"workshop-{stamp}-{n}{SUFFIX}"
        n += 1
    return path


def last_sessions(limit: int = 5) -> list[dict]:
    """The newest session files, read from their header line only (fast): path, when,
    scenario, towns, seats, the month reached."""
    try:
        files = sorted(
            sessions_dir(create=False).glob(f"*{SUFFIX}"),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
    except OSError:
        return []
    out = []
    import json

    for path in files[: limit * 3]:
        try:
            with open(path, encoding="utf-8") as f:
                header = json.loads(f.readline())
                months_done = sum(
                    1 for line in f if '"k": "month"' in line or '"k":"month"' in line
                )
            if header.get("session") != MAGIC:
                continue
            out.append(
                {
                    "path": path,
                    "when": datetime.fromtimestamp(path.stat().st_mtime),
                    "scenario": str(header.get("scenario", "")),
                    "towns": len(header.get("towns", [])),
                    "seats": len(header.get("seats", [])),
                    "people": sum(1 for s in header.get("seats", []) if s.get("occupied")),
                    "month": months_done,
                    "months": int(header.get("months", 0)),
                }
            )
        except (OSError, ValueError, TypeError, AttributeError):
            continue  # not a session (or unreadable): not offered
        if len(out) >= limit:
            break
    return out


class Room:
    """The session on screen, whose turn it is, and what the dashboard must redraw for."""

    def __init__(self, ws: WorkshopSession, path: Path | None) -> None:
        self.ws = ws
        self.path = Path(path) if path is not None else None
        self.turn: int | None = None  # the seat whose turn is on screen
        self.version = 0  # bumped on every change the dashboard must redraw for

    @classmethod
    def resume(cls, path: Path) -> Room:
        """Raises SessionFileError with a message for the facilitator."""
        try:
            ws = WorkshopSession.load(path)
        except OSError as exc:
            raise SessionFileError(exc.strerror or str(exc)) from None
        return cls(ws, path)

    # ---- turns -------------------------------------------------------------------------
    def next_seat(self, after: int | None = None) -> int | None:
        """The next seat still deciding: the first after `after` in seat order, round again."""
        waiting = self.ws.waiting()
        if not waiting or self.ws.over:
            return None
        if after is not None:
            later = [i for i in waiting if i > after]
            if later:
                return later[0]
        return waiting[0]

    def changed(self) -> None:
        self.version += 1

    # ---- the facilitator's clock (the session stops it while paused) ------------------------
    def pause(self):
        r = self.ws.pause()
        if r.ok:
            self.changed()
        return r

    def resume_play(self):
        r = self.ws.resume()
        if r.ok:
            self.changed()
        return r

    def time_left(self) -> float | None:
        return self.ws.time_left()

    def timer_ran_out(self) -> bool:
        ws = self.ws
        left = self.time_left()
        return (
            left is not None and left <= 0 and not ws.paused and not ws.over and bool(ws.waiting())
        )

    def resolve(self, force: bool = False):
        r = self.ws.resolve(force=force)
        if r.ok:
            self.turn = None
            self.changed()
        return r

    def tick(self) -> bool:
        """Called every frame by the workshop's screens: the timer ran out -> the month
        resolves (late seats end it with no new decision). True if it did."""
        if self.timer_ran_out():
            return self.resolve(force=True).ok
        return False

    def clock_text(self) -> str:
        left = self.time_left()
        if left is None:
            return i18n.t("wsui.clock.none")
        whole = int(left + 0.999)
        return i18n.t("wsui.clock.left", time=f"{whole // 60}:{whole % 60:02d}")

    def report_dir(self) -> Path:
        stem = self.path.stem if self.path is not None else "workshop"
        return userdirs.reports_dir() / f"{stem}-class-report"


__all__ = [
    "Room",
    "SUFFIX",
    "SessionFileError",
    "TIMER_STEPS",
    "last_sessions",
    "new_session_path",
    "sessions_dir",
]
