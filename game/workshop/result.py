"""What every call of a workshop returns: ok, or why not, in the reader's language. A person's
mistake is an answer, never an exception."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game import i18n


@dataclass(frozen=True)
class Result:
    """What a call did: ok, or why not (a translation key, its text, the core's reasons)."""

    ok: bool
    error: str = ""  # "workshop.error.<what>" when not ok
    message: str = ""  # the error in the reader's language
    reasons: tuple[str, ...] = ()  # a refused command's reasons, translated

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "error": self.error,
            "message": self.message,
            "reasons": list(self.reasons),
        }


OK = Result(True)


def fail(key: str, reasons: list[str] | tuple[str, ...] = (), **values: Any) -> Result:
    return Result(
        False, f"workshop.error.{key}", i18n.t(f"workshop.error.{key}", **values), tuple(reasons)
    )


__all__ = ["OK", "Result", "fail"]
