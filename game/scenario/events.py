"""Scenario events: which are due this month, their text with the people and numbers filled in,
and the core commands their choices stand for.

Pure functions, no pygame: the UI (and the bots and tests) call :func:`due_events` once a month
with the engine's facts about the player's household (``engine.player_facts(h)``), the ids
already shown, and a numpy Generator. Effects never touch the town directly: each is a command
dict that goes through :func:`game.core.commands.command_from_dict` and the engine's ``submit``.

No run shows the same text twice: an event is shown at most once (``once: true``, the
default); an event that may repeat (``once: false``) must put a changing fact in its text, and
:func:`due_events` skips it if that text was already shown (``shown_texts``).
"""

from __future__ import annotations

import re
import string
import typing
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

import numpy as np

from game.scenario.plain import PERSON_ATTRIBUTES, tr

if typing.TYPE_CHECKING:  # the run's plain story (plain.py) or the schema's models alike
    from game.scenario.plain import Choice, Event, Person, When

# What engine.player_facts(h) gives (game/core/engine.py): name -> "number" | "bool" | "word".
# tests/scenario/test_events.py checks this against a real engine.
KNOWN_FACTS: dict[str, str] = {
    "month": "number",
    "month_of_year": "number",
    "months_left": "number",
    "status": "word",
    "cash_yuan": "number",
    "informal_debt_yuan": "number",
    "loan_yuan": "number",
    "loan_due_in_months": "number",
    "has_loan": "bool",
    "blacklisted": "bool",
    "certificate": "word",
    "dependants": "number",
    "children_in_school": "number",
    "female": "bool",
    "age": "number",
    "health": "number",
    "sick": "bool",
    "trust": "number",
    "times_called": "number",
    "has_business": "bool",
    "trade": "word",
    "months_open": "number",
    "on_street": "bool",
    "profit_yuan": "number",
    "price_yuan": "number",
    "in_agreement": "bool",
    "agreement_in_trade": "bool",
    "sellers_in_trade": "number",
    "lending_suspended": "bool",
    "loans_in_town": "number",
    "town_arrears_rate": "number",
    "business_covers_costs": "bool",
    "informal_room_yuan": "number",
    "hardship": "number",
    "on_minimum_living_guarantee": "bool",
}

# Texts only: a count of months written out in the player's language ("2 months", "1 month",
# "2个月"), so a text never says "month(s)". Each names the fact it shows.
MONTHS_TEXT: dict[str, str] = {
    "loan_due_in": "loan_due_in_months",
    "open_for": "months_open",
    "months_to_go": "months_left",
}

CERTIFICATE_STATES = ("none", "pending", "granted", "refused")


@cache
def status_names() -> tuple[str, ...]:
    from game.core.state import STATUS_NAMES

    return tuple(STATUS_NAMES)


def word_values(fact: str) -> tuple[str, ...] | None:
    """The allowed values of a word fact (None: any word, e.g. a trade key checked elsewhere)."""
    if fact == "status":
        return status_names()
    if fact == "certificate":
        return CERTIFICATE_STATES
    return None


@cache
def command_specs() -> dict[str, dict[str, Any]]:
    """Command kind -> {field: type} of the fields an event effect may set (not `household`)."""
    from game.core.commands import COMMANDS

    out: dict[str, dict[str, Any]] = {}
    for kind, cls in COMMANDS.items():
        hints = typing.get_type_hints(cls)
        out[kind] = {f.name: hints[f.name] for f in fields(cls) if f.name != "household"}
    return out


# --- placeholders -----------------------------------------------------------------------------

_FORMATTER = string.Formatter()
PLACEHOLDER = re.compile(r"^([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?$")


def placeholders(text: str) -> list[str]:
    """The {names} a text uses. Raises ValueError for a malformed one (or a lone brace)."""
    out = []
    for _literal, name, spec, conv in _FORMATTER.parse(text):
        if name is None:
            continue
        if spec or conv or not PLACEHOLDER.match(name):
            raise ValueError(f"{{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}")
        out.append(name)
    return out


def _fmt(fact: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}" if fact.endswith("_yuan") else str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if fact.endswith("_yuan"):
            return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}"
        if fact.endswith("_rate"):
            return f"{v:.0%}"
        return f"{v:g}" if v == int(v) else f"{v:.1f}"
    return str(value)


def render(
    text: Any, facts: Mapping[str, Any], people: Iterable[Person] = (), lang: str = "en"
) -> str:
    """`text` in `lang` with {fact} and {role} / {role.attribute} filled in.

    Unknown or malformed placeholders are left as written (the loader rejects them, so this
    only happens with hand-made data)."""
    raw = tr(text, lang)
    by_role = {p.role: p for p in people}
    out: list[str] = []
    try:
        parts = list(_FORMATTER.parse(raw))
    except ValueError:
        return raw
    for literal, name, spec, conv in parts:
        out.append(literal)
        if name is None:
            continue
        out.append(_fill(name, facts, by_role, lang, spec, conv))
    return "".join(out)


def _fill(
    name: str,
    facts: Mapping[str, Any],
    by_role: dict[str, Person],
    lang: str,
    spec: str | None,
    conv: str | None,
) -> str:
    written = "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
    m = PLACEHOLDER.match(name)
    if not m or spec or conv:
        return written
    head, attr = m.group(1), m.group(2)
    if head in by_role:
        person = by_role[head]
        value = (
            getattr(person, attr or "name", None) if (attr or "name") in PERSON_ATTRIBUTES else None
        )
        if value is None:
            return written
        return tr(value, lang) if not isinstance(value, int) else str(value)
    if attr is None and head in facts:
        return _fmt(head, facts[head])
    if attr is None and MONTHS_TEXT.get(head) in facts:
        return months_text(int(facts[MONTHS_TEXT[head]]), lang)
    return written


def months_text(n: int, lang: str = "en") -> str:
    """ "1 month", "3 months", "3个月"."""
    if lang.startswith("zh"):
        return f"{n}个月"
    return f"{n:,} month" + ("" if n == 1 else "s")


# --- conditions and due events ----------------------------------------------------------------


def conditions_hold(when: When, facts: Mapping[str, Any], shown: Collection[str]) -> bool:
    """Every condition of `when` except its chance. A fact the engine does not give fails."""
    if when.month_of_year and facts.get("month_of_year") not in when.month_of_year:
        return False
    if when.status and facts.get("status") not in when.status:
        return False
    if when.trade and facts.get("trade") not in when.trade:
        return False
    for fact, low in when.min.items():
        v = facts.get(fact)
        if not isinstance(v, (int, float, np.number)) or not v >= low:
            return False
    for fact, high in when.max.items():
        v = facts.get(fact)
        if not isinstance(v, (int, float, np.number)) or not v <= high:
            return False
    for fact, want in when.equals.items():
        if fact not in facts or facts[fact] != want:
            return False
    if any(a not in shown for a in when.after):
        return False
    return not any(a in shown for a in when.not_after)


def due_events(
    scenario: Any,
    facts: Mapping[str, Any],
    shown_ids: Collection[str],
    rng: np.random.Generator,
    *,
    limit: int = 1,
    shown_texts: Collection[str] = (),
) -> list[Event]:
    """The events to show this month (at most `limit`, in file order).

    `scenario`: a Scenario (or anything with `.events`); `facts`: `engine.player_facts(h)`;
    `shown_ids`: ids of the events already shown in this run; `shown_texts`: their English
    texts as shown (only needed for events with `once: false`). Draws one number from `rng`
    per event whose conditions hold, plus one choice when more than `limit` fire, so a run
    with the same seed and choices shows the same events."""
    shown = set(shown_ids)
    seen_texts = set(shown_texts)
    candidates: list[Event] = []
    for ev in scenario.events:
        if ev.once and ev.id in shown:
            continue
        if not conditions_hold(ev.when, facts, shown):
            continue
        candidates.append(ev)
    if not candidates:
        return []
    draws = rng.random(len(candidates))
    fired = [ev for ev, u in zip(candidates, draws, strict=True) if u < ev.when.chance]
    fired = [ev for ev in fired if ev.once or render(ev.text, facts, ev.people) not in seen_texts]
    if len(fired) > limit:
        keep = set(rng.choice(len(fired), size=limit, replace=False).tolist())
        fired = [ev for i, ev in enumerate(fired) if i in keep]
    return fired


# --- what the UI shows and what a choice does ---------------------------------------------------


@dataclass(frozen=True)
class ShownChoice:
    label: str
    consequence: str
    effects: list[dict[str, Any]]


@dataclass(frozen=True)
class ShownEvent:
    id: str
    title: str
    text: str
    choices: list[ShownChoice]


def show(event: Event, facts: Mapping[str, Any], lang: str = "en") -> ShownEvent:
    """The event as the player reads it, in `lang`, with its placeholders filled."""

    def r(t: Any) -> str:
        return render(t, facts, event.people, lang)

    return ShownEvent(
        id=event.id,
        title=r(event.title) if event.title is not None else "",
        text=r(event.text),
        choices=[
            ShownChoice(r(c.label), r(c.consequence), [dict(e) for e in c.effects])
            for c in event.choices
        ],
    )


def effect_dict(effect: Mapping[str, Any], household: int, trade_keys: list[str]) -> dict[str, Any]:
    """An effect as a command dict for `household` (a trade key becomes the trade's index)."""
    d = dict(effect)
    d["household"] = household
    if isinstance(d.get("trade"), str):
        d["trade"] = trade_keys.index(d["trade"])
    return d


def choice_commands(choice: Choice, household: int, params: Any) -> list[Any]:
    """The core commands a choice stands for, ready for `engine.submit`."""
    from game.core.commands import command_from_dict

    keys = [t.key for t in params.trades]
    return [command_from_dict(effect_dict(e, household, keys)) for e in choice.effects]
