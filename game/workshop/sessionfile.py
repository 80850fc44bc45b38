"""The session file: one header line, then one JSON line per thing that happened, in order.

    {"session": "iron-rice-bowl workshop", "format": 1, "scenario": ..., "seed": ..., ...}
    {"k": "cmd", "m": 0, "s": 3, "by": "p", "cmd": {...}, "c": "9f2a61c0"}
    {"k": "done", "m": 0, "s": 3, "c": ...}
    {"k": "fac", "m": 0, "a": "lever", "lever": "stop_lending", "c": ...}
    {"k": "month", "m": 0, "hashes": ["0001-...", ...], "late": [5], "c": ...}

Each line is written whole with one `write` and fsynced before the game goes on, so a kill at
any moment loses at most the line being written; the header is written to a temporary file
and renamed, so the file is either absent or starts with a whole header. `c` chains a
checksum over the line and the one before it: a line edited, removed or moved is found (and
its month named) before anything is replayed. Reading tolerates a torn last line (it is
dropped, and the reader says so).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from game.jsonfile import read_json
from game.saves import _fsync_dir as fsync_dir  # the saves' own: a rename made durable

MAGIC = "iron-rice-bowl workshop"
FORMAT = 1
MAX_FILE_BYTES = 64 * 1024 * 1024  # far beyond a 40-seat, 360-month session


class SessionFileError(Exception):
    """A session file that cannot be used; the message is for the facilitator."""


@dataclass
class Loaded:
    header: dict
    entries: list[dict]
    torn: bool = False  # the last line was cut off (a kill while writing it) and dropped
    good_bytes: int = 0  # the length of the whole lines (where appending resumes)
    notes: list[str] = field(default_factory=list)


def canonical(obj: dict) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def checksum(previous: str, body: dict) -> str:
    return hashlib.sha256((previous + canonical(body)).encode()).hexdigest()[:8]


def header_checksum(header: dict) -> str:
    return checksum("", {k: v for k, v in header.items() if k != "c"})


class Writer:
    """Appends lines to a session file, each fsynced."""

    def __init__(self, path: Path, last_checksum: str, fd: int) -> None:
        self.path = path
        self.last = last_checksum
        self._fd = fd
        self.bytes = os.fstat(fd).st_size

    @classmethod
    def create(cls, path: Path, header: dict) -> Writer:
        """A new session file holding only the header (temporary file, fsync, rename)."""
        path = Path(path)
        header = {**header, "c": header_checksum(header)}
        tmp = path.with_name(path.name + ".tmp")
        data = (canonical(header) + "\n").encode()
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
        return cls(path, header["c"], os.open(path, os.O_WRONLY | os.O_APPEND))

    @classmethod
    def reopen(cls, path: Path, loaded: Loaded) -> Writer:
        """Append to an existing file after its last whole line (a torn one is cut off)."""
        fd = os.open(path, os.O_WRONLY)
        if loaded.torn:
            os.ftruncate(fd, loaded.good_bytes)
            os.fsync(fd)
        os.close(fd)
        last = loaded.entries[-1]["c"] if loaded.entries else loaded.header["c"]
        return cls(Path(path), last, os.open(path, os.O_WRONLY | os.O_APPEND))

    def append(self, body: dict) -> dict:
        line = {**body, "c": checksum(self.last, body)}
        data = (canonical(line) + "\n").encode()
        os.write(self._fd, data)
        os.fsync(self._fd)
        self.last = line["c"]
        self.bytes += len(data)
        return line

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def load(path: str | Path) -> Loaded:
    """Read a session file: the header and every whole line, checked. Raises SessionFileError
    with a plain message for a file that is missing, not a session, from another format,
    cut off inside its header, or edited."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SessionFileError(f"{path.name} is {size // 1024:,} KB: too big to be a session")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SessionFileError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise SessionFileError(f"{path} is a folder, not a session file") from None
    except OSError as exc:
        raise SessionFileError(f"{path} cannot be read ({exc.strerror or exc})") from None
    lines = raw.split(b"\n")
    torn_tail = lines.pop()  # after the last newline: b"" when the file ends with a whole line
    if not lines:
        if torn_tail.startswith(b'{"'):
            raise SessionFileError(f"{path.name} was cut off inside its header: it cannot be used")
        raise SessionFileError(f"{path.name} is not a workshop session file")
    header = _header(lines[0], path.name)
    out = Loaded(header, [], torn=bool(torn_tail))
    good = len(lines[0]) + 1
    previous = header["c"]
    for number, line in enumerate(lines[1:], start=2):
        entry = _line(line, number, path.name)
        body = {k: v for k, v in entry.items() if k != "c"}
        if entry.get("c") != checksum(previous, body):
            month = body.get("m")
            where = f" (month {int(month) + 1})" if isinstance(month, int) else ""
            raise SessionFileError(
                f"{path.name} has been edited at line {number}{where}: its checksum does not "
                "match, so it cannot be replayed as the session that was played"
            )
        previous = entry["c"]
        out.entries.append(entry)
        good += len(line) + 1
    out.good_bytes = good
    if out.torn:
        out.notes.append(
            f"the last line of {path.name} was cut off (the game stopped while writing it); "
            "it is left out"
        )
    return out


def _header(line: bytes, name: str) -> dict:
    try:
        header = read_json(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("session") != MAGIC:
        raise SessionFileError(f"{name} is not a workshop session file")
    if header.get("format") != FORMAT:
        raise SessionFileError(
            f"{name} is a session file of format {str(header.get('format'))[:12]}; this version "
            f"of the game reads format {FORMAT}"
        )
    if header.get("c") != header_checksum(header):
        raise SessionFileError(f"{name} has been edited in its header: it cannot be used")
    return header


def _line(line: bytes, number: int, name: str) -> dict:
    try:
        entry = read_json(line)
    except ValueError:
        entry = None
    if not isinstance(entry, dict) or not isinstance(entry.get("k"), str):
        raise SessionFileError(f"{name}: line {number} is damaged (not a session record)")
    return entry


__all__ = ["FORMAT", "Loaded", "MAGIC", "SessionFileError", "Writer", "canonical", "load"]
