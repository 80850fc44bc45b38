"""Chinese typesetting rules the game applies wherever it breaks or joins Chinese text
(issue 9, point 13), in one place for the line breaker (game/ui/fonts.py), the scenario
loader and the tests.

- No line starts with closing punctuation (，。、；：？！）》」… ) and no line ends with opening
  punctuation (（《「“ ): the kinsoku rules of GB/T 15834 and W3C's clreq.
- Chinese is never hyphenated: a line may break between any two hanzi.
- Lines a YAML block folds together are joined without a space where either side is Chinese.
"""

from __future__ import annotations

import re

# Closing and middle punctuation that must not begin a line.
NO_LINE_START = set("，。、；：？！）》」』】〉”’…—·％%,.;:?!)]}")
# Opening punctuation that must not end a line.
NO_LINE_END = set("（《「『【〈“‘([{")
# Full-width forms of the half-width punctuation a Chinese sentence should not contain.
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


def is_cjk(ch: str) -> bool:
    """Hanzi, kana, hangul or full-width punctuation: characters with no spaces around them."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or (0x3000 <= o <= 0x303F)
    )


_FOLD_SPACE = re.compile(
    r"(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]) +|"
    r" +(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f])"
)


def join_folded(text: str) -> str:
    """Drop the spaces a YAML fold (or a careless edit) leaves beside Chinese characters;
    spaces between two Latin words ("Page Up") stay."""
    return _FOLD_SPACE.sub("", text)


def half_width_punctuation(text: str) -> list[str]:
    """Half-width , : ; ? ! ( ) written beside Chinese, where full-width forms belong."""
    out = []
    for i, ch in enumerate(text):
        if ch not in FULL_WIDTH:
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        opening = ch == "("
        if (not opening and before and is_cjk(before)) or (opening and after and is_cjk(after)):
            out.append(f"{ch!r} at {i}: {text[max(0, i - 6) : i + 6]!r}")
    return out


def spaced_numbers(text: str) -> list[str]:
    """Spaces between a Chinese character and a digit ("month 3" written with a space either
    side of the 3), or around a slash between them ("¥8 / sale" with the unit in hanzi):
    Chinese runs numbers into the sentence, as the game's Chinese does everywhere; each place,
    in context. (No hanzi here: the code's text goes into the English game's font subset,
    game/ui/font_subset.py.)"""
    out = []
    for i, ch in enumerate(text[1:-1], start=1):
        if ch != " ":
            continue
        before, after = text[i - 1], text[i + 1]
        if (is_cjk(before) and after.isdigit()) or (before.isdigit() and is_cjk(after)):
            out.append(text[max(0, i - 4) : i + 5])
    # a slash between them with a space beside it: "¥8 / sale" in hanzi, "0 / 4" (¥8/sale, 0/4)
    for m in re.finditer(r"(\S)( ?)/( ?)(\S)", text):
        before, after = m.group(1), m.group(4)
        near = (before.isdigit() or is_cjk(before)) and (after.isdigit() or is_cjk(after))
        if near and (m.group(2) or m.group(3)):
            out.append(text[max(0, m.start() - 3) : m.end() + 3])
    return out


def bad_breaks(lines: list[str]) -> list[str]:
    """Lines that break a rule: start with closing punctuation, end with opening punctuation,
    or end with a hyphen inside Chinese."""
    out = []
    for k, line in enumerate(lines):
        if not line:
            continue
        if k > 0 and line[0] in NO_LINE_START and any(is_cjk(c) for c in line):
            out.append(f"line starts with {line[0]!r}: {line!r}")
        if k < len(lines) - 1 and line[-1] in NO_LINE_END:
            out.append(f"line ends with {line[-1]!r}: {line!r}")
        if line.endswith("-") and len(line) > 1 and is_cjk(line[-2]):
            out.append(f"Chinese hyphenated: {line!r}")
    return out


__all__ = [
    "FULL_WIDTH",
    "NO_LINE_END",
    "NO_LINE_START",
    "bad_breaks",
    "half_width_punctuation",
    "is_cjk",
    "join_folded",
    "spaced_numbers",
]
