"""The debrief's Chinese runs numbers in: "0/4", not "0 / 4" (a play-test at 150% text saw
"已锁定的猜测：0 / 4"). zh.spaced_numbers, the check run over every Chinese string, looks for a
space between a character and a digit; a space between a digit and a slash passed it."""

from __future__ import annotations

import re

from game import i18n
from game.zh import is_cjk


def spaced_slashes(text: str) -> list[str]:
    """A slash with a space beside it, between numbers or Chinese words ("0 / 4", "家生意 / 月")."""
    out = []
    for m in re.finditer(r"(\S)( ?)/( ?)(\S)", text):
        before, after = m.group(1), m.group(4)
        near = (before.isdigit() or is_cjk(before)) and (after.isdigit() or is_cjk(after))
        if near and (m.group(2) or m.group(3)):
            out.append(m.group(0))
    return out


def test_the_debriefs_chinese_sets_a_count_as_0_of_4_without_spaces():
    table = i18n._table("zh")
    filled = {k: re.sub(r"\{[^}]*\}", "7", v) for k, v in table.items() if k.startswith("debrief.")}
    assert "已锁定的猜测：7/7" == filled["debrief.handin.guesses"]
    assert not {k: spaced_slashes(v) for k, v in filled.items() if spaced_slashes(v)}
    assert spaced_slashes("0 / 4") and spaced_slashes("家生意 / 月") and not spaced_slashes("A / B")
