"""Text from files (scenarios, saves) as the screen can draw it.

Letters may carry a few combining marks (Vietnamese stacks two; pinyin tone marks one), but
text with hundreds of marks on one letter draws a glyph tens of thousands of pixels tall
and stops the game. The scenario loader refuses such text (`stacked_marks`); messages that echo
what a file said, and dialogs, draw it with the stack cut short (`calm`).
"""

from __future__ import annotations

import unicodedata

MAX_MARKS = 2  # combining marks on one letter (Vietnamese stacks two)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def stacked_marks(text: str) -> int:
    """The most combining marks on any one letter of `text`."""
    most = run = 0
    for ch in text:
        run = run + 1 if _is_mark(ch) else 0
        most = max(most, run)
    return most


def calm(text: str, limit: int = MAX_MARKS) -> str:
    """`text` with at most `limit` combining marks on each letter (the rest dropped)."""
    if stacked_marks(text) <= limit:
        return text
    out, run = [], 0
    for ch in text:
        run = run + 1 if _is_mark(ch) else 0
        if run <= limit:
            out.append(ch)
    return "".join(out)
