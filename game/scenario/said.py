"""A scenario's problems as a screen says them: by line (and field) in the player's language,
from each problem's kind and values (yamlread.Problem), never naming a file (the house rule).
A terminal prints the loader's English words with file:line:column instead (tools.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from game.i18n import has_key, t
from game.scenario.yamlread import Problem

SHOWN_TEXT = 40  # characters of a value a screen repeats ("got '...'")
# values said as words of the game (the rest are the instructor's own: names and numbers)
_WORDS = {"want": "scenario.want.", "thing": "scenario.thing."}
# values a kind's words hold as a number
_NUMBERS = ("low", "high", "last", "n", "term", "months", "first_line", "other")


def value_text(value: Any) -> str:
    """A value as a problem repeats it: 'many', 40, true, a mapping, a list of 3, nothing."""
    if value is None:
        return t("scenario.value.nothing")
    if isinstance(value, bool):
        return t("scenario.value.true" if value else "scenario.value.false")
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, dict):
        return t("scenario.value.mapping")
    if isinstance(value, (list, tuple)):
        return t("scenario.value.list", n=len(value))
    text = str(value)
    if len(text) > SHOWN_TEXT:
        text = text[: SHOWN_TEXT - 3] + "..."
    return repr(text)


def number_text(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def what_is_wrong(p: Problem) -> str:
    """What is wrong, in the player's language, from the problem's kind and values."""
    key = "scenario.problem." + p.kind
    if not has_key(key, "en"):
        key = "scenario.problem.other"
    values = p.values
    fmt: dict[str, str] = {}
    for name, value in values.items():
        if name in _WORDS:
            word = _WORDS[name] + str(value)
            fmt[name] = t(word) if has_key(word, "en") else str(value)
        elif name in _NUMBERS:
            fmt[name] = number_text(value)
        elif name in ("got",):
            fmt[name] = value_text(value)
        elif value is not None:
            fmt[name] = _short(str(value))
    words = t(key, **fmt)
    if "got" in values and "{got}" not in t(key):
        if words.endswith(
            (")", "\uff09")
        ):  # inside the "(expected ...)": "(expected 0 to 1; got 40)"
            words = words[:-1] + t("scenario.problem.got_inside", got=fmt["got"]) + words[-1]
        else:
            words += t("scenario.problem.got", got=fmt["got"])
    if values.get("percent"):
        words += t("scenario.problem.percent")
    if values.get("hint"):
        words += t("scenario.problem.hint", hint=fmt["hint"])
    if "from_month" in values:
        words = t(
            "scenario.problem.from_month", month=number_text(values["from_month"]), what=words
        )
    return words


def said(p: Problem, own: Iterable[str] | None = None) -> str:
    """One problem's line on a screen: "Line 3, policy.loan_ceiling_yuan: out of range ...";
    a problem in the scenario it builds on (a file not in `own`) says so instead of naming it."""
    what = what_is_wrong(p)
    own = set(own or ())
    if p.mark.line <= 0:  # a failure that is not at a place in a file
        return what
    if own and p.mark.file not in own:
        return t("picker.problem.base", line=p.mark.line, what=what)
    if p.path:
        return t("picker.problem.field", line=p.mark.line, field=_short(p.path, 80), what=what)
    return t("picker.problem.file", line=p.mark.line, what=what)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
