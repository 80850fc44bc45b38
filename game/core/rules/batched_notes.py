"""The household notes of a batch's towns (`ctx.notes`), kept for all towns at once.

A rule stepping all towns notes, say, who defaulted in every town with one call
(`batched.note`); handing each town its own indices then cost a dict update per town and note
(~30 notes a month: ~3,000 updates at 100 towns), though a town without players reads two
notes a month. So the batch logs each note once (`NoteLog`: the towns' indices side by side
and where each town's part starts) and each town's `ctx.notes` is a `TownNotes`: a dict that
takes its part of a key from the log when the key is read, giving the arrays a town alone
would have noted (the same values, the same dtype, notes of one key in the order made, and an
empty array where the town was asked and had nobody). Writes made town by town (a command, a
rule without a batched form) go through the same dict, after the log's part of that key.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

import numpy as np


class NoteLog:
    """The notes a batch's rules made this month for all towns: per key, each note as (its
    place in the month's notes, the towns' indices side by side, where each town's part
    starts, which towns were noted: None for all)."""

    __slots__ = ("by_key", "count")

    def __init__(self) -> None:
        self.by_key: dict[str, list[tuple[int, np.ndarray, list[int], Any]]] = {}
        self.count = 0

    def add(self, key: str, cols: np.ndarray, cut: list[int], only: Any) -> None:
        self.by_key.setdefault(key, []).append((self.count, cols, cut, only))
        self.count += 1


class TownNotes(dict):
    """Town `r`'s `ctx.notes` in a batch: a plain dict of key -> household indices whose keys
    logged for all towns (`log`) are taken in when read. Iterating or copying takes in every
    key and gives the keys in the order the town alone would have made them (`first`)."""

    __slots__ = ("first", "log", "r", "taken")

    def __init__(self, log: NoteLog, r: int, before: dict | None = None) -> None:
        super().__init__(before or {})
        self.log, self.r = log, r
        self.taken: dict[str, int] = {}  # key -> how many of the log's notes are in
        # key -> when it was first noted: 2 * the log's place of a logged note, between two
        # (odd) for a write made town by town, -1 for what the town held before
        self.first: dict[str, int] = dict.fromkeys(dict.keys(self), -1)

    def _take(self, key: str) -> None:
        notes = self.log.by_key.get(key)
        if notes is None:
            return
        done = self.taken.get(key, 0)
        if done == len(notes):
            return
        self.taken[key] = len(notes)
        r = self.r
        for seq, cols, cut, only in notes[done:]:
            if only is None or only[r]:
                part = cols[cut[r] : cut[r + 1]]
                before = dict.get(self, key)
                if before is None:
                    self.first[key] = 2 * seq
                    dict.__setitem__(self, key, part)
                else:
                    dict.__setitem__(self, key, np.concatenate((before, part)))

    def _take_all(self) -> None:
        for key in self.log.by_key:
            self._take(key)
        first = self.first
        keys = list(dict.keys(self))
        in_order = sorted(keys, key=first.__getitem__)
        if keys != in_order:
            items = [(k, dict.__getitem__(self, k)) for k in in_order]
            dict.clear(self)
            dict.update(self, items)

    # (reads: `_take` called only when the log holds notes of the key not yet taken in, as a
    # player's report reads some thirty keys a month, most of them taken or never noted)
    def __getitem__(self, key: str) -> np.ndarray:
        notes = self.log.by_key.get(key)
        if notes is not None and self.taken.get(key, 0) != len(notes):
            self._take(key)
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        notes = self.log.by_key.get(key)
        if notes is not None and self.taken.get(key, 0) != len(notes):
            self._take(key)
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        notes = self.log.by_key.get(key) if key.__class__ is str else None  # type: ignore[call-overload]
        if notes is not None and self.taken.get(key, 0) != len(notes):  # type: ignore[call-overload]
            self._take(key)  # type: ignore[arg-type]
        return dict.__contains__(self, key)

    def __setitem__(self, key: str, value: np.ndarray) -> None:
        self._take(key)  # (a write replaces what the key held, the log's part included)
        if not dict.__contains__(self, key):
            self.first[key] = 2 * self.log.count - 1
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: str) -> None:
        self._take(key)
        dict.__delitem__(self, key)
        self.first.pop(key, None)

    def pop(self, key: str, *default: Any) -> Any:
        self._take(key)
        self.first.pop(key, None)
        return dict.pop(self, key, *default)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def __iter__(self):
        self._take_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._take_all()
        return dict.__len__(self)

    def __eq__(self, other: object) -> bool:
        self._take_all()
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._take_all()
        return dict.__repr__(self)

    def keys(self):
        self._take_all()
        return dict.keys(self)

    def values(self):
        self._take_all()
        return dict.values(self)

    def items(self):
        self._take_all()
        return dict.items(self)

    def copy(self) -> dict:
        self._take_all()
        return dict(dict.items(self))

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def popitem(self) -> tuple[str, np.ndarray]:
        self._take_all()
        key, value = dict.popitem(self)
        self.first.pop(key, None)
        return key, value

    def clear(self) -> None:
        self._take_all()
        dict.clear(self)
        self.first.clear()

    def __reduce__(self):  # pickled (a save, a worker's result) as the plain dict it reads as
        return (dict, (self.copy(),))


def households_noted(
    log: NoteLog | None, notes: list, households: tuple[int, ...], keys: list[str]
) -> list[dict[int, set[str]]] | None:
    """Which of `keys` name each of `households` in each town (`notes`: the towns' `ctx.notes`,
    `TownNotes` of the month's log `log`), as `h in notes[key]` would say town by town:
    [{h: {key, ...}}] per town. What the log holds is looked through once for all towns (a
    player's report asks ~30 keys a month: town by town, ~30 reads of each town's notes);
    what a town holds itself (its own writes, the log's notes it has taken in) is read from
    it. None if a town's notes are not of `log` (then each is read as before)."""
    if log is None or not all(n.__class__ is TownNotes and n.log is log for n in notes):
        return None
    runs = len(notes)
    out: list[dict[int, set[str]]] = [{h: set() for h in households} for _ in range(runs)]
    asked = set(keys)
    for r, n in enumerate(notes):  # what each town holds itself (most hold a key or two)
        if dict.__len__(n):
            for key, held in dict.items(n):
                if key in asked and held.size:
                    for h in households:
                        if h in held:
                            out[r][h].add(key)
    for key, logged in log.by_key.items():
        if key not in asked:
            continue
        taken = None
        for i, (_, cols, cut, only) in enumerate(logged):
            for h in households:
                hits = (cols == h).nonzero()[0]  # (cols: 1-D)
                if not hits.size:
                    continue
                if taken is None:
                    taken = [n.taken.get(key, 0) for n in notes]
                towns = np.searchsorted(cut, hits, side="right") - 1  # whose each hit is
                for r in towns.tolist():
                    if i >= taken[r] and (only is None or only[r]):  # (not yet held)
                        out[r][h].add(key)
    return out


def logged_households(log: NoteLog | None, notes: list, offsets: np.ndarray, key: str):
    """Every town's notes of `key` as flat household indices (town r's from `offsets[r]`),
    when they are all in the month's log `log` (each town's `notes` a `TownNotes` of it that
    has not taken in, nor been given, that key); None otherwise (then read town by town)."""
    if log is None or not all(map(isinstance, notes, repeat(TownNotes))):
        return None
    if not all(map(_of_log, notes, repeat(log))) or any(map(dict.__contains__, notes, repeat(key))):
        return None
    runs = np.arange(len(notes))
    parts = []
    for _, cols, cut, only in log.by_key.get(key, ()):
        town = np.repeat(runs, np.diff(cut))
        flat = cols + offsets[town]
        parts.append(flat if only is None else flat[np.asarray(only, bool)[town]])
    return np.concatenate(parts) if parts else np.zeros(0, "i8")


def _of_log(notes: TownNotes, log: NoteLog) -> bool:
    return notes.log is log
