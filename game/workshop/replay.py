"""Replay a session file: the towns rebuilt from the header, every recorded command and
facilitator change applied in the order it was made, and each town's state hash compared with
the file's at the end of every month. Only the core is involved (no scripted player decides
anything again), so a replay checks the file against the rules, not against the bots.

`replay(path)` also hands back the rebuilt towns, which the class report reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.core.commands import command_from_dict
from game.core.engine import Engine
from game.session import ScenarioError
from game.workshop import levers, sessionfile
from game.workshop.sessionfile import Loaded, SessionFileError
from game.workshop.towns import build_towns, scenario_for


@dataclass
class Replay:
    loaded: Loaded
    scenario: object
    towns: list[Engine]
    months: int = 0  # months replayed
    differs: tuple[int, int] | None = None  # (month 1-based, town 1-based) of the first difference
    detail: str = ""
    # (month, seat, command dict) in the order applied: the class report's decisions
    commands: list[tuple[int, int, dict]] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)  # the facilitator's actions
    late: dict[int, list[int]] = field(default_factory=dict)  # seat -> months it ran late
    # The seats as the header set them, with the names and plans people gave on sitting down.
    seats: list[dict] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.differs is None

    @property
    def header(self) -> dict:
        return self.loaded.header


def replay(path: str | Path, loaded: Loaded | None = None) -> Replay:
    """Raises SessionFileError for a file that cannot be replayed at all (see sessionfile)."""
    loaded = loaded or sessionfile.load(path)
    h = loaded.header
    try:
        sc = scenario_for(h["scenario"], int(h["months"]))
        towns = build_towns(h, sc)
        seats = [dict(x) for x in h["seats"]]
    except ScenarioError as exc:
        raise SessionFileError(f"the session's scenario cannot be loaded: {exc}") from None
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise SessionFileError(f"the session file's header is damaged ({exc})") from None
    r = Replay(loaded, sc, towns, seats=seats)
    start = [eng.hashes[0] for eng in towns]
    if h.get("start") != start:
        bad = next((k for k, x in enumerate(start) if x != (h.get("start") or [None] * 99)[k]), 0)
        r.differs, r.detail = (0, bad + 1), "the towns are built differently"
        return r
    for e in loaded.entries:
        try:
            if not _apply(r, e, seats):
                return r
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            r.differs = (int(e.get("m", 0)) + 1 if isinstance(e.get("m"), int) else 0, 0)
            r.detail = f"a damaged record ({str(exc)[:80]})"
            return r
    return r


def _apply(r: Replay, e: dict, seats: list[dict]) -> bool:
    kind = e["k"]
    if kind in ("cmd", "ev"):
        seat = seats[int(e["s"])]
        eng = r.towns[seat["town"]]
        for body in [e["cmd"]] if kind == "cmd" else e["cmds"]:
            cmd = command_from_dict({**body, "household": seat["household"]})
            reasons = eng.submit(cmd)
            if reasons:
                r.differs = (eng.month + 1, seat["town"] + 1)
                r.detail = f"a recorded decision was refused: {reasons[0]}"
                return False
            r.commands.append((eng.month, int(e["s"]), dict(body)))
    elif kind == "fac":
        action = {k: v for k, v in e.items() if k not in ("k", "c")}
        r.changes.append(action)
        if action["a"] == "take":
            for key in ("name", "strategy"):
                if isinstance(action.get(key), str):
                    seats[int(action["s"])][key] = action[key]
        if action["a"] in ("lever", "event"):
            make = levers.lever_change if action["a"] == "lever" else levers.event_change
            town = action.get("town")
            for k, eng in enumerate(r.towns):
                if town is None or town == k:
                    eng.schedule_change(make(eng, action[action["a"]], eng.month + 1))
    elif kind == "month":
        for s in e.get("late", []):
            r.late.setdefault(int(s), []).append(int(e["m"]))
        for k, eng in enumerate(r.towns):
            eng.end_month()
            if eng.hashes[-1] != e["hashes"][k]:
                r.differs = (int(e["m"]) + 1, k + 1)
                r.detail = "the town's state differs from the one recorded"
                return False
        r.months = int(e["m"]) + 1
    return True


__all__ = ["Replay", "replay"]
