"""The scenario's `schedule:` - from a month on, parameters take new values and the players are
told why, or the street committee organises a price agreement in a trade:

    schedule:
      - month: 6
        set: {policy.certificate_probability: 0.0}
        say: {en: "The district stops issuing re-employment certificates.", zh: "..."}

Every path the loader accepts in the file may be set, except what shapes the town as it is
drawn (its size, households, the list of trades or waves, the run's length); a value must be
valid as it would be at month 0 (the same ranges), and the parameters as they stand from that
month on must pass the same checks across fields as the file's own. The engine applies the
changes as the month opens (Engine.apply_change, also the facilitator's controls).
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from game.core.params import Params, ScheduledChange, Trade
from game.scenario.problems import Loc, _Ctx, listed, text_problem
from game.scenario.schema import (
    _check_text,
    describe,
    hints,
    is_dataclass_type,
    list_item,
)
from game.scenario.yamlread import BAD, Problem

# What a change cannot touch: the town is drawn from these before the first month.
FIXED = ("months", "start_month_of_year", "town", "layoff_waves", "schedule", "trades")
FIXED_WHY = "the town is drawn from it before the first month"
TRADE_FIXED = ("key",)


@cache
def settable() -> dict[str, tuple[type, str, Any]]:
    """Dotted path -> (owning dataclass, field name, type) for every value a change may set.
    A trade's fields are written `trades.N.field` (N counts from 0) and listed here as
    `trades.N.field`."""
    out: dict[str, tuple[type, str, Any]] = {}

    def walk(cls: type, prefix: str) -> None:
        for name, tp in hints(cls).items():
            if cls is Params and name in FIXED:
                continue
            if is_dataclass_type(tp):
                walk(tp, f"{prefix}{name}.")
            elif not is_dataclass_type(list_item(tp)):
                out[f"{prefix}{name}"] = (cls, name, tp)

    walk(Params, "")
    for name, tp in hints(Trade).items():
        if name not in TRADE_FIXED:
            out[f"trades.N.{name}"] = (Trade, name, tp)
    return out


def generic(path: str) -> str:
    """`trades.2.rent_yuan_per_month` -> `trades.N.rent_yuan_per_month` (the settable key)."""
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "trades" and parts[1].isdigit():
        return f"trades.N.{parts[2]}"
    return path


def _path_problem(path: str) -> tuple[str, list[str]]:
    """Why a path cannot be set, and the names to suggest from."""
    names = sorted(settable())
    parts = path.split(".")
    head = parts[0]
    if head == "trades" and len(parts) > 1:
        if len(parts) != 3 or not parts[1].isdigit():
            return "a trade's field is written trades.N.field (N: the trade's place, from 0)", []
        if parts[2] in TRADE_FIXED:
            return "a trade's key cannot change during the game (events and commands name it)", []
        trade_fields = [n for n in hints(Trade) if n not in TRADE_FIXED]
        return "no such trade field", trade_fields
    if head in FIXED:
        return f"cannot change during the game: {FIXED_WHY}", []
    return "no such parameter", names


def walk_set(node: Any, loc: Loc, ctx: _Ctx, walk_leaf: Any, skip: object) -> Any:
    """Check `set:` - every key a settable path, every value as the loader checks it in the
    file (types and ranges). Returns plain data for pydantic, or BAD."""
    if node is BAD:
        return BAD
    if not isinstance(node, dict) or not node:
        ctx.add(
            loc,
            "not a mapping of parameters (expected dotted paths and their new values, like "
            f"{{policy.certificate_probability: 0}}; got {describe(node)})",
            kind="wrong_type",
            want="mapping",
            got=node,
        )
        return BAD
    out: dict[str, Any] = {}
    table = settable()
    for key, value in node.items():
        sub = loc + (key,)
        entry = table.get(generic(str(key)))
        if entry is None:
            why, names = _path_problem(str(key))
            text = str(key)
            hint = ctx.hint(text.split(".")[-1] if text.startswith("trades.") else text, names)
            said = "cannot_change" if "cannot change" in why else "unknown_name"
            ctx.add(
                sub,
                f"{why} (expected a parameter's dotted path; got {key!r}){hint}",
                key=True,
                kind=said,
                thing="parameter",
                got=key,
            )
            continue
        cls, name, tp = entry
        at = tuple(generic(str(key)).replace("trades.N.", "trades.0.").split("."))
        result = walk_leaf(value, cls, name, tp, sub, node, ctx, at)
        if result is not skip:
            out[str(key)] = result
    return out


def walk_say(node: Any, loc: Loc, ctx: _Ctx) -> Any:
    """`say:` is text the players read, one per language."""
    if node is BAD:
        return BAD
    try:
        return _check_text(node)
    except Exception as exc:  # PydanticCustomError: its message is ours
        text_problem(ctx, loc, exc)
        return BAD


def check_schedule(plain: dict, ctx: _Ctx, check_params: Any, trades: list[dict]) -> None:
    """Across fields: the month is in the game, the agreement's trade exists, a trade's index
    is in the list, and the parameters as they stand from each change on pass the checks the
    file's own pass (a loan term longer than what is left is fine; resume above suspend is not)."""
    entries = plain.get("schedule")
    if not isinstance(entries, list):
        return
    trades = [dict(t) for t in trades]  # with defaults filled (checks._trades)
    trade_keys = [t["key"] for t in trades if isinstance(t.get("key"), str)]
    months = plain.get("months")
    months = (
        int(months) if isinstance(months, (int, float)) and not isinstance(months, bool) else 24
    )
    base = _scratch(ctx, plain, check_params)
    state = copy.deepcopy({k: v for k, v in plain.items() if k != "schedule"})
    order = sorted(
        (i for i, e in enumerate(entries) if isinstance(e, dict)),
        key=lambda i: (_month(entries[i]), i),
    )
    for i in order:
        e = entries[i]
        loc: Loc = ("schedule", i)
        m = _month(e)
        if "month" not in e:
            ctx.add(
                loc + ("month",),
                "missing (expected `month:`, the month the change takes effect; got nothing)",
                kind="missing",
                name="month",
                key=True,
            )
        elif m >= months:
            ctx.add(
                loc + ("month",),
                f"this change comes after the game ends (expected a month from 0 to {months - 1}; got {m}, and the game lasts {months} months)",
                kind="after_end",
                last=months - 1,
                got=m,
            )
        agreement = e.get("agreement")
        if isinstance(agreement, str) and agreement and agreement not in trade_keys:
            ctx.add(
                loc + ("agreement",),
                f"no trade with this key (expected one of: {listed(trade_keys)}; got {agreement!r}){ctx.hint(agreement, trade_keys)}",
                kind="unknown_name",
                thing="trade",
                got=agreement,
            )
        changes = e.get("set")
        if not isinstance(changes, dict):
            continue
        if not changes and not e.get("say") and not agreement:
            continue
        for key, value in changes.items():
            parts = str(key).split(".")
            if parts[0] == "trades" and len(parts) == 3 and parts[1].isdigit():
                if int(parts[1]) >= len(trades):
                    ctx.add(
                        loc + ("set", key),
                        f"no trade {parts[1]} (expected trades.0 to trades.{len(trade_keys) - 1}: {listed(trade_keys)}; got {key!r})",
                        kind="unknown_name",
                        thing="trade_index",
                        got=key,
                        key=True,
                    )
                    continue
            _put(state, parts, value, trades)
        found = _scratch(ctx, state, check_params)
        for path, message in found.keys() - base.keys():
            where = ("set", path) if path in changes else ()
            p = found[path, message]
            ctx.add(
                loc + where,
                f"from month {m} on: {message}",
                key=bool(where),
                kind=p.kind,
                **{**p.values, "from_month": m},
            )


def _month(e: dict) -> int:
    m = e.get("month", 0)
    return int(m) if isinstance(m, (int, float)) and not isinstance(m, bool) else 0


def _put(state: dict, parts: list[str], value: Any, trades: list[dict]) -> None:
    if parts[0] == "trades":
        i = int(parts[1])
        if i < len(trades):
            trades[i] = {**trades[i], parts[2]: value}
            state["trades"] = trades
        return
    node = state
    for p in parts[:-1]:
        if not isinstance(node.get(p), dict):
            node[p] = {}
        node = node[p]
    node[parts[-1]] = value


def _scratch(ctx: _Ctx, plain: dict, check_params: Any) -> dict[tuple[str, str], Problem]:
    """The problems the checks across fields find in `plain`, by (path, message)."""
    scratch = _Ctx(ctx.shown)
    check_params({k: v for k, v in plain.items() if k != "schedule"}, scratch)
    return {(p.path, p.message): p for p in scratch.problems}


def change_from_data(data: dict) -> ScheduledChange:
    """A facilitator's control or an event effect as the core's ScheduledChange."""
    return ScheduledChange(
        month=int(data.get("month", 0)),
        set=dict(data.get("set") or {}),
        say=dict(data.get("say") or {}),
        agreement=str(data.get("agreement") or ""),
    )
