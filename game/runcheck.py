"""The checks a run read from a file must pass before the game rebuilds it: a save (game/saves.py)
and a report's replay (game/debrief/report.py) share them.

A save's checksum catches damage, not edits (anyone can recompute it), and a report file has no
checksum at all, so every field is checked here: types, ranges, sizes. A failure raises
:class:`BadField` (a ValueError) whose message names the field and says what was expected:
`seed: expected a whole number from 0 to 4,294,967,295 (got -1)`. The parameters go through the
scenario loader's own checks (game/scenario/overrides.py), like a file's.
"""

from __future__ import annotations

import functools
import json
import math
from typing import Any

MAX_SEED = 2**32 - 1
MAX_MONTH = 360
MAX_LIST = 20_000  # commands, decisions, metrics rows: far more than a 30-year run makes
MAX_TEXT = 2_000
MAX_HOUSEHOLDS = 40_000  # twice the largest town a scenario may ask for
SCREENS = (
    "briefing",
    "household",
    "path",
    "loan_office",
    "business",
    "month",
    "ending",
    "debrief",
)


class BadField(ValueError):
    """A field that is wrong: `str(err)` is `field: what (expected ...; got ...)`."""

    def __init__(self, field: str, expected: str, got: Any = None, what: str = "") -> None:
        self.field = field
        super().__init__(f"{field}: {what or f'expected {expected} (got {_shown(got)})'}")


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'} of {len(value)}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --- values -----------------------------------------------------------------------------------


def whole(value: Any, field: str, lo: int, hi: int) -> int:
    """A whole number (not a float, not true/false) from lo to hi."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise BadField(field, f"a whole number from {lo:,} to {hi:,}", value)
    return value


def number(value: Any, field: str, lo: float = -1e15, hi: float = 1e15) -> float:
    """A finite number (ints too) from lo to hi."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not lo <= value <= hi:
        raise BadField(field, f"a finite number from {lo:g} to {hi:g}", value)
    return float(value)


def text(value: Any, field: str, max_len: int = MAX_TEXT, none: bool = False) -> str | None:
    if value is None and none:
        return None
    if not isinstance(value, str) or len(value) > max_len:
        raise BadField(field, f"text of at most {max_len:,} characters", value)
    return value


def seq(value: Any, field: str, max_len: int = MAX_LIST) -> list:
    if not isinstance(value, list) or len(value) > max_len:
        raise BadField(field, f"a list of at most {max_len:,} items", value)
    return value


def mapping(value: Any, field: str, max_len: int = MAX_LIST) -> dict:
    if not isinstance(value, dict) or len(value) > max_len:
        raise BadField(field, f"a mapping of at most {max_len:,} entries", value)
    for key in value:
        text(key, f"{field} (a key)", 80)
    return value


def scalar(value: Any, field: str) -> Any:
    """A plain value a message may show: text, a finite number, true/false or nothing."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return number(value, field)
    return text(value, field)


def scalars(value: Any, field: str) -> dict:
    """A mapping of plain values (a decision's details, the facts an event was drawn with)."""
    for key, v in mapping(value, field, 200).items():
        scalar(v, f"{field}.{key}")
    return value


def plain_numbers(value: Any, field: str, depth: int = 0) -> None:
    """Nested lists and mappings of plain values only (metrics rows, month reports)."""
    if depth > 8:
        raise BadField(field, "at most 8 levels of lists and mappings", value)
    if isinstance(value, dict):
        for k, v in mapping(value, field).items():
            plain_numbers(v, f"{field}.{k}", depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(seq(value, field, 500_000)):
            plain_numbers(v, f"{field}.{i}", depth + 1)
    else:
        scalar(value, field)


# --- pieces of a run --------------------------------------------------------------------------


def scenario_ref(value: Any, field: str = "scenario_ref") -> str | None:
    """What the run says its scenario was called: a label here (where it may be loaded from
    is the report's business: game/debrief/report.py)."""
    ref = text(value, field, 500, none=True)
    if ref is not None and any(ord(c) < 32 for c in ref):
        raise BadField(field, "a scenario name or path without control characters", value)
    return ref


def decisions(value: Any, months: int, field: str = "decisions") -> list:
    for i, d in enumerate(seq(value, field)):
        where = f"{field}.{i}"
        if not (isinstance(d, list) and len(d) == 3):
            raise BadField(where, "[month, what, details]", d)
        whole(d[0], f"{where}.month", 0, months)
        key = text(d[1], f"{where}.what", 80)
        if not key.startswith("decision."):
            raise BadField(f"{where}.what", "a decision (decision.<kind>)", key)
        scalars(d[2], f"{where}.details")
    return value


def command_log(value: Any, households: int, months: int, field: str = "command_log") -> list:
    """Every logged command: a known kind, its own fields only, each of the right type; the
    household a member of the town; the month within the run."""
    from game.scenario.events import command_specs  # noqa: PLC0415 - the commands' fields

    specs = command_specs()
    for i, entry in enumerate(seq(value, field)):
        where = f"{field}.{i}"
        mapping(entry, where, 20)
        whole(entry.get("month"), f"{where}.month", 0, months)
        kind = entry.get("command")
        if kind not in specs:
            raise BadField(f"{where}.command", "a command of the game", kind)
        whole(entry.get("household"), f"{where}.household", 0, households - 1)
        for name, v in entry.items():
            if name in ("month", "command", "household"):
                continue
            tp = specs[kind].get(name)
            if tp is None:
                raise BadField(f"{where}.{name}", f"a field of {kind}", name)
            if tp is bool and not isinstance(v, bool):
                raise BadField(f"{where}.{name}", "true or false", v)
            if tp is int:
                whole(v, f"{where}.{name}", -1, 10**9)
            elif tp is float:
                number(v, f"{where}.{name}")
            elif tp is str:
                text(v, f"{where}.{name}", 200)
    return value


def saved_scenario(value: Any, field: str) -> dict:
    """A scenario saved whole, as plain data: no `extends:` (a saved run must not reach out
    to read another file on this computer)."""
    mapping(value, field, 100)
    if "extends" in value:
        raise BadField(
            f"{field}.extends", "a scenario saved whole, without extends", value["extends"]
        )
    return value


def run_id(value: Any, field: str = "run_id") -> str | None:
    """A run's id: a few hex digits (it goes into report file names)."""
    rid = text(value, field, 16, none=True)
    if rid is not None and not (rid and all(c in "0123456789abcdef" for c in rid)):
        raise BadField(field, "a few hex digits, like 3fa9c1", rid)
    return rid


def ids(value: Any, field: str) -> list:
    for i, x in enumerate(seq(value, field, 5_000)):
        text(x, f"{field}.{i}", 5_000)
    return value


# --- a whole session (a save's `session`) ------------------------------------------------------


def session(d: Any, languages: tuple[str, ...]) -> Any:
    """Check a saved session's fields; returns the parameters, checked by the scenario loader.

    Raises BadField (or the loader's ScenarioError) naming the first field that is wrong."""
    mapping(d, "session", 100)
    seed = whole(d.get("seed"), "seed", 0, MAX_SEED)
    run_id(d.get("run_id"))
    lang = d.get("lang")
    if lang is not None and lang not in languages:
        raise BadField("lang", f"one of {', '.join(languages)}", lang)
    scenario_ref(d.get("scenario_ref"))
    saved_scenario(d.get("scenario", {}), "scenario")
    if d.get("screen", "month") not in SCREENS:
        raise BadField("screen", f"one of {', '.join(SCREENS)}", d.get("screen"))
    eng = mapping(d.get("engine"), "engine", 100)
    params = engine_params(eng.get("params"))
    months = params.months
    state = mapping(eng.get("state"), "engine.state", 1000)
    n = whole(state.get("n"), "engine.state.n", 1, MAX_HOUSEHOLDS)
    whole(state.get("n_trades"), "engine.state.n_trades", len(params.trades), len(params.trades))
    whole(state.get("n_lots"), "engine.state.n_lots", 0, 4 * n + 1000)
    whole(state.get("month"), "engine.state.month", 0, months)
    state_scalars(state, n, months)
    if eng.get("seed") != seed:
        raise BadField("engine.seed", f"the session's seed {seed}", eng.get("seed"))
    players = seq(eng.get("players"), "engine.players", 16)
    for i, h in enumerate(players):
        whole(h, f"engine.players.{i}", 0, n - 1)
    whole(d.get("player", 0), "player", 0, n - 1)
    command_log(eng.get("command_log"), n, months, "engine.command_log")
    for i, h in enumerate(seq(eng.get("hashes"), "engine.hashes", MAX_MONTH + 2)):
        text(h, f"engine.hashes.{i}", 64)
    engine_tables(eng, [t.key for t in params.trades], n, months)
    decisions(d.get("decisions", []), months)
    ids(d.get("shown_event_ids", []), "shown_event_ids")
    ids(d.get("shown_event_texts", []), "shown_event_texts")
    ids(d.get("pending_events", []), "pending_events")
    for k, facts in mapping(d.get("event_facts", {}), "event_facts", 5_000).items():
        scalars(facts, f"event_facts.{k}")
    for i, m in enumerate(seq(d.get("guarantor_rounds", []), "guarantor_rounds", MAX_MONTH)):
        whole(m, f"guarantor_rounds.{i}", 0, months)
    if d.get("loan_wish") is not None:
        number(d.get("loan_wish"), "loan_wish", 0.0, 1e9)
    if "accounts" in d:
        accounts(d["accounts"], months)
    return params


def account_lines(value: Any, field: str) -> None:
    """An account's lines: [key, yuan, detail] each."""
    for j, line in enumerate(seq(value, field, 200)):
        if not (isinstance(line, list) and len(line) == 3):
            raise BadField(f"{field}.{j}", "[line, yuan, detail]", line)
        text(line[0], f"{field}.{j}.0", 80)
        number(line[1], f"{field}.{j}.1")
        text(line[2], f"{field}.{j}.2", 200)


def accounts(value: Any, months: int) -> None:
    """The household's monthly accounts (game/accounts.py): cash at the month's start, the
    cash each decision moved, and every finished month's lines."""
    acc = mapping(value, "accounts", 3)
    number(acc.get("month_start_cash"), "accounts.month_start_cash")
    for m, lines in mapping(acc.get("moves", {}), "accounts.moves", MAX_MONTH).items():
        if not m.isdigit() or int(m) > months:
            raise BadField("accounts.moves", "months of the run", m)
        account_lines(lines, f"accounts.moves.{m}")
    for i, a in enumerate(seq(acc.get("book", []), "accounts.book", MAX_MONTH)):
        where = f"accounts.book.{i}"
        if not (isinstance(a, list) and len(a) == 4):
            raise BadField(where, "[month, cash at start, cash at end, lines]", a)
        whole(a[0], f"{where}.0", 1, months)
        number(a[1], f"{where}.1")
        number(a[2], f"{where}.2")
        account_lines(a[3], f"{where}.3")


def state_scalars(state: dict, n: int, months: int) -> None:
    """The town's own numbers (lending, the guarantee fund, loans come due)."""
    # here, not at the top: the title imports this (through game.saves) and must not wait
    # for numpy, which game.core.state brings (issue 17)
    from game.core.state import LOAN_BOOKS, SECTOR_STOCKS  # noqa: PLC0415

    whole(state.get("soe_workers_at_start"), "engine.state.soe_workers_at_start", 0, n)
    whole(state.get("wage_jobs_at_start"), "engine.state.wage_jobs_at_start", 0, n)
    for key in ("spending_at_start", "day_labour_days_at_start", "informal_written_off"):
        number(state.get(key), f"engine.state.{key}")
    for group, keys in (("sector_cash", SECTOR_STOCKS), ("loan_books", LOAN_BOOKS)):
        books = mapping(state.get(group), f"engine.state.{group}", len(keys))
        for key in keys:
            number(books.get(key), f"engine.state.{group}.{key}")
    whole(state.get("suspended_since"), "engine.state.suspended_since", -1, months)
    for key in ("loans_matured", "loans_defaulted"):
        whole(state.get(key), f"engine.state.{key}", 0, 10**7)
    number(state.get("fund_paid_this_year"), "engine.state.fund_paid_this_year")
    if not isinstance(state.get("lending_suspended"), bool):
        raise BadField(
            "engine.state.lending_suspended", "true or false", state.get("lending_suspended")
        )
    for i, pair in enumerate(seq(state.get("matured_window"), "engine.state.matured_window", 400)):
        if not (isinstance(pair, list) and len(pair) == 2):
            raise BadField(f"engine.state.matured_window.{i}", "[matured, defaulted]", pair)
        whole(pair[0], f"engine.state.matured_window.{i}.0", 0, 10**7)
        whole(pair[1], f"engine.state.matured_window.{i}.1", 0, 10**7)


def engine_tables(eng: dict, trade_keys: list[str], n: int, months: int) -> None:
    """The engine's records (metrics, reports, outcomes) in the shapes the screens read."""
    metrics = mapping(eng.get("metrics"), "engine.metrics", 10)
    if metrics.get("trade_keys") != trade_keys:
        raise BadField(
            "engine.metrics.trade_keys", f"the trades' keys {trade_keys}", metrics.get("trade_keys")
        )
    for table in ("town", "trades", "flows", "sectors"):
        for i, row in enumerate(seq(metrics.get(table), f"engine.metrics.{table}")):
            scalars(row, f"engine.metrics.{table}.{i}")
    for i, pair in enumerate(seq(metrics.get("window"), "engine.metrics.window", 12)):
        ok = isinstance(pair, list) and len(pair) == 2
        if not ok or not all(isinstance(x, list) and len(x) == len(trade_keys) for x in pair):
            raise BadField(f"engine.metrics.window.{i}", "[matured, defaulted] per trade", pair)
        for j, x in enumerate(pair[0] + pair[1]):
            whole(x, f"engine.metrics.window.{i}.{j}", 0, MAX_HOUSEHOLDS)
    for i, row in enumerate(seq(eng.get("outcomes", []), "engine.outcomes")):
        scalars(row, f"engine.outcomes.{i}")
    scalars(eng.get("ctx_flows", {}), "engine.ctx_flows")
    for h, lines in mapping(eng.get("ctx_lines", {}), "engine.ctx_lines", 16).items():
        scalars(lines, f"engine.ctx_lines.{h}")
    scalars(eng.get("month_start_cash", {}), "engine.month_start_cash")
    plain_numbers(eng.get("ctx_announcements", []), "engine.ctx_announcements")
    whole(eng.get("command_seq", 0), "engine.command_seq", 0, 10**9)
    block = eng.get("block_entry")
    if block is not None:
        if not (isinstance(block, list) and len(block) == 2):
            raise BadField("engine.block_entry", "[trade, month]", block)
        whole(block[0], "engine.block_entry.0", 0, len(trade_keys) - 1)
        whole(block[1], "engine.block_entry.1", 0, months)
    for i, month in enumerate(seq(eng.get("reports", []), "engine.reports", MAX_MONTH + 2)):
        for h, report in mapping(month, f"engine.reports.{i}", 16).items():
            where = f"engine.reports.{i}.{h}"
            if not h.isdigit() or int(h) >= n:
                raise BadField(where, "a household of the town", h)
            causes = mapping(report, where, 60).get("causes", [])
            scalars({k: v for k, v in report.items() if k not in ("causes", "accounts")}, where)
            for j, line in enumerate(seq(report.get("accounts", []), f"{where}.accounts", 100)):
                if not (isinstance(line, list) and len(line) == 2):
                    raise BadField(f"{where}.accounts.{j}", "[line, yuan]", line)
                text(line[0], f"{where}.accounts.{j}.0", 80)
                number(line[1], f"{where}.accounts.{j}.1")
            for j, cause in enumerate(seq(causes, f"{where}.causes", 200)):
                if not (isinstance(cause, list) and len(cause) == 2):
                    raise BadField(f"{where}.causes.{j}", "[what, details]", cause)
                text(cause[0], f"{where}.causes.{j}.0", 80)
                scalars(cause[1], f"{where}.causes.{j}.1")


def finite_state(state: Any) -> list[str]:
    """The town's arrays that hold a number that is not finite (NaN, infinity)."""
    import numpy as np  # noqa: PLC0415

    arrays = {**state.columns, "skill": state.skill}
    arrays.update({k: getattr(state, k) for k in state._TRADE_ARRAYS})
    return [k for k, a in arrays.items() if a.dtype.kind == "f" and not np.isfinite(a).all()]


@functools.lru_cache(maxsize=8)
def _params_from_json(text: str) -> Any:
    """The loader's check is ~6 ms; a save and its trial month read the same parameters."""
    from game.scenario.overrides import params_from_data  # noqa: PLC0415

    return params_from_data(json.loads(text), "engine.params")


def engine_params(value: Any) -> Any:
    """The saved parameters, through the scenario loader's checks (as if a file said them)."""
    mapping(value, "engine.params", 100)
    from game.scenario import checked  # noqa: PLC0415

    known = checked.vouched_params(value)  # a run of this process, read back: checked already
    if known is not None:
        return known
    from game.scenario.problems import ScenarioError  # noqa: PLC0415

    try:
        return _params_from_json(json.dumps(value, sort_keys=True))
    except ScenarioError as exc:
        first = exc.details[0] if exc.details else None
        if first is None:
            raise BadField("engine.params", "", what=exc.problems[0]) from None
        field = ".".join(x for x in ("engine.params", first.path) if x)
        raise BadField(field, "", what=first.message) from None
