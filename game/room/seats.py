"""Who holds which seat: the room's join code, each seat's secret token, the facilitator's.

A seat is claimed once with the join code (the first free seat, or the one asked for) and is
then held by a random token the client keeps; any device that shows the token is that seat
again (a dropped phone, a borrowed laptop). Only hashes of the tokens are kept, in a small
file beside the session file (`<session>.room`, rewritten atomically), so a host killed and
restarted with `--resume` lets every seat back in and the file itself opens no seat.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector
CODE_LENGTH = 6
ROOM_FORMAT = 1


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text: object) -> str:
    """A join code as typed (lower case, spaces, a dash) in the form it was printed."""
    if not isinstance(text, str):
        return ""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:32]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass
class Holder:
    name: str
    strategy: str
    token_hash: str


@dataclass
class Seats:
    """The seats of one room. `path`: where the hashes are kept (None: memory only)."""

    count: int
    path: Path | None = None
    code: str = field(default_factory=new_code)
    facilitator_hash: str = ""
    holders: dict[int, Holder] = field(default_factory=dict)
    address: dict = field(default_factory=dict)  # where the room listens: bind, port

    # ---- the facilitator -------------------------------------------------------------
    def new_facilitator_token(self) -> str:
        token = secrets.token_urlsafe(18)
        self.facilitator_hash = _digest(token)
        self.save()
        return token

    def is_facilitator(self, token: object) -> bool:
        return (
            isinstance(token, str)
            and bool(self.facilitator_hash)
            and hmac.compare_digest(_digest(token), self.facilitator_hash)
        )

    # ---- seats -----------------------------------------------------------------------
    def code_matches(self, code: object) -> bool:
        return hmac.compare_digest(normal_code(code), self.code)

    def free(self) -> list[int]:
        return [s for s in range(self.count) if s not in self.holders]

    def claim(self, name: str, strategy: str, wanted: int | None = None) -> tuple[int, str] | None:
        """(seat, token) for a new holder, or None when no seat (or not the one asked) is free."""
        free = self.free()
        if wanted is not None:
            free = [s for s in free if s == wanted]
        if not free:
            return None
        seat, token = free[0], secrets.token_urlsafe(24)
        self.holders[seat] = Holder(name, strategy, _digest(token))
        self.save()
        return seat, token

    def seat_of(self, token: object) -> int | None:
        if not isinstance(token, str) or not token or len(token) > 200:
            return None
        d = _digest(token)
        for seat, h in self.holders.items():
            if hmac.compare_digest(d, h.token_hash):
                return seat
        return None

    def release(self, seat: int) -> bool:
        """The facilitator frees a seat (a student lost the token): it can be claimed again."""
        if self.holders.pop(seat, None) is None:
            return False
        self.save()
        return True

    # ---- the file beside the session -------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "format": ROOM_FORMAT,
            "code": self.code,
            "facilitator": self.facilitator_hash,
            "address": self.address,
            "seats": {
                str(s): {"name": h.name, "strategy": h.strategy, "token": h.token_hash}
                for s, h in sorted(self.holders.items())
            },
        }

    def save(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        data = json.dumps(self.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        from game.saves import _fsync_dir  # noqa: PLC0415 - the saves' own, for one rename

        _fsync_dir(self.path.parent)

    @classmethod
    def load(cls, path: Path, count: int) -> Seats:
        """The seats as they were when the host stopped. ValueError with a plain message for a
        file that is not a room file."""
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"the room file {path.name} cannot be read ({exc})") from None
        if not isinstance(d, dict) or d.get("format") != ROOM_FORMAT:
            raise ValueError(f"{path.name} is not a room file of this version")
        seats = cls(count, path, code=str(d.get("code", "")) or new_code())
        seats.facilitator_hash = str(d.get("facilitator", ""))
        address = d.get("address")
        seats.address = address if isinstance(address, dict) else {}
        for key, h in (d.get("seats") or {}).items():
            if key.isdigit() and int(key) < count and isinstance(h, dict):
                seats.holders[int(key)] = Holder(
                    str(h.get("name", "")), str(h.get("strategy", "")), str(h.get("token", ""))
                )
        return seats
