"""JSON files a person may have edited or broken (saves, report files): read without crashing
on what `json.loads` lets through, and find where a field is for `file:line:column` messages."""

from __future__ import annotations

import json
from typing import Any


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number this file can hold")


def read_json(raw: bytes) -> Any:
    """JSON from bytes, refusing what json.loads would let through or crash on: NaN and
    Infinity, integers of thousands of digits (ValueError), nesting deeper than Python recurses
    (RecursionError). Raises ValueError with a short reason."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except json.JSONDecodeError:
        raise
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start:,})") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:80]
        raise ValueError(reason or type(exc).__name__) from None


def locate(text: str, field: str) -> tuple[int, int]:
    """(line, column) of the value at dotted `field` in JSON `text` (already known to parse),
    for `file:line:column: field: what` messages; the deepest part found if the rest is not."""
    pos = 0
    n = len(text)

    def ws(i: int) -> int:
        while i < n and text[i] in " \t\r\n":
            i += 1
        return i

    def skip(i: int) -> int:
        """The index just after the JSON value starting at i (iterative: any depth)."""
        depth = 0
        while i < n:
            c = text[i]
            if c == '"':
                i += 1
                while i < n and text[i] != '"':
                    i += 2 if text[i] == "\\" else 1
                i += 1
                if depth == 0:
                    return i
                continue
            if c in "[{":
                depth += 1
            elif c in "]}":
                if depth == 0:  # the end of the container a scalar was in
                    return i
                depth -= 1
                if depth == 0:
                    return i + 1
            elif depth == 0 and c in ",: \t\r\n":
                return i
            i += 1
        return i

    def string_at(i: int) -> tuple[str, int]:
        end = skip(i)
        return json.loads(text[i:end]), end

    pos = ws(pos)
    for part in field.split(".") if field else []:
        if pos >= n or text[pos] not in "[{":
            break
        start = pos
        opener, pos = text[pos], ws(pos + 1)
        found = False
        index = 0
        while pos < n and text[pos] not in "]}":
            if opener == "{":
                key, pos = string_at(pos)
                pos = ws(ws(pos) + 1)  # past ':'
                hit = key == part
            else:
                hit = part.isdigit() and int(part) == index
            if hit:
                found = True
                break
            pos = ws(skip(pos))
            if pos < n and text[pos] == ",":
                pos = ws(pos + 1)
            index += 1
        if not found:
            pos = start
            break
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1
