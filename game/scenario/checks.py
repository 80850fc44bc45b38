"""The checks that span fields: a loan longer than the game, budget shares, trade keys, icons and
skills, the player household, and events that name trades, facts, roles or commands that do not exist."""

from __future__ import annotations

import re
from typing import Any

from game.core.params import EDUCATION_LEVELS, Params, Trade, default_trades
from game.scenario import schedule
from game.scenario.bounds import LENGTHS
from game.scenario.events import KNOWN_FACTS, MONTHS_TEXT, command_specs, placeholders, word_values
from game.scenario.problems import Loc, _Ctx, listed
from game.scenario.schema import (
    ICONS,
    IDENT_PATTERN,
    PERSON_ATTRIBUTES,
    PLAYER_REQUIRED_WHEN_FIXED,
    _dataclass_dict,
    describe,
    field_default,
    hints,
    type_word,
    want_of,
)
from game.scenario.yamlread import BAD

BUDGET_SHARE_MAX = 0.8
MAX_TRADES = LENGTHS["trades"].hi
_IDENT = re.compile(IDENT_PATTERN)
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Shares of households in exclusive groups at the start (those present in TownParams).
TOWN_GROUP_SHARES = ("soe_share", "wage_job_share", "retired_share", "self_employed_share")


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _effective(plain: dict, section: str, name: str) -> Any:
    sec = plain.get(section)
    if isinstance(sec, dict) and name in sec and sec[name] is not BAD:
        return sec[name]
    return field_default(hints(Params)[section], name)


def _trades(plain: dict) -> list[tuple[int, dict]]:
    """(index, trade with defaults filled) for every trade that is a mapping."""
    raw = plain.get("trades")
    if raw is BAD:
        return []
    if raw is None:
        raw = [_dataclass_dict(t) for t in default_trades()]
    defaults = _dataclass_dict(Trade())
    return [(i, {**defaults, **t}) for i, t in enumerate(raw) if isinstance(t, dict)]


def _check_params(plain: dict, ctx: _Ctx) -> None:
    months = _num(plain.get("months"))
    months_set = months is not None
    months = int(months) if months is not None else field_default(Params, "months")

    term = _num(_effective(plain, "policy", "loan_term_months"))
    loans = _effective(plain, "policy", "loans_enabled") is not False
    if term is not None and loans and term > months:
        term_set = isinstance(plain.get("policy"), dict) and "loan_term_months" in plain["policy"]
        loc = ("policy", "loan_term_months") if term_set or not months_set else ("months",)
        ctx.add(
            loc,
            f"the loan runs {term:g} months but the game lasts {months}: no loan would come due "
            f"(expected policy.loan_term_months at most months; got {term:g} > {months})",
            kind="loan_after_end",
            term=term,
            months=months,
        )

    trades = _trades(plain)
    skills = _effective(plain, "town", "skill_groups")
    skills = [s for s in skills if isinstance(s, str)] if isinstance(skills, list) else []
    seen: dict[str, int] = {}
    total = remit = 0.0
    shares_ok = True
    for i, t in trades:
        key = t.get("key")
        if isinstance(key, str):
            if not _IDENT.match(key):
                ctx.add(
                    ("trades", i, "key"),
                    f"not a valid trade key (expected lowercase letters, digits and _, starting with a letter, like noodles; got {key!r})",
                    kind="bad_name",
                    got=key,
                )
            if key in seen:
                ctx.add(
                    ("trades", i, "key"),
                    f"two trades have the key {key!r} (expected each key once; trade {seen[key]} has it too)",
                    kind="duplicate",
                    thing="trade_key",
                    got=key,
                    other=seen[key],
                )
            seen.setdefault(key, i)
        icon = t.get("icon")
        if isinstance(icon, str) and icon not in ICONS:
            ctx.add(
                ("trades", i, "icon"),
                f"unknown icon (expected one of: {', '.join(ICONS)}; got {icon!r}){ctx.hint(icon, list(ICONS))}",
                kind="unknown_name",
                thing="icon",
                got=icon,
            )
        colour = t.get("colour")
        if isinstance(colour, str) and not _COLOUR.match(colour):
            ctx.add(
                ("trades", i, "colour"),
                f"not a colour (expected #RRGGBB, like '#E69F00', in quotes; got {colour!r})",
                kind="bad_colour",
                got=colour,
            )
        skill = t.get("skill_group")
        if isinstance(skill, str) and skills and skill not in skills:
            ctx.add(
                ("trades", i, "skill_group"),
                f"no one in town has this skill (expected one of town.skill_groups: {listed(skills)}; got {skill!r}){ctx.hint(skill, skills)}",
                kind="unknown_name",
                thing="skill",
                got=skill,
            )
        unit, price = _num(t.get("unit_cost_yuan")), _num(t.get("start_price_yuan"))
        if unit is not None and price is not None and price <= unit:
            ctx.add(
                ("trades", i, "start_price_yuan"),
                f"the starting price does not cover the unit cost: every sale would lose money (expected more than unit_cost_yuan {unit:g}; got {price:g})",
                kind="price_below_cost",
                low=unit,
                got=price,
            )
        share, rshare = _num(t.get("budget_share")), _num(t.get("remittance_share"))
        if share is None or rshare is None:
            shares_ok = False
        else:
            total += share
            remit += rshare
    if trades and shares_ok and not (0 < total <= BUDGET_SHARE_MAX + 1e-9):
        ctx.add(
            ("trades",),
            f"the trades' budget shares add up to {total:.3g}: the share of household spending that goes to "
            f"the town's trades (expected a total above 0 and at most {BUDGET_SHARE_MAX:g}; got {total:.3g})",
            kind="budget_shares",
            high=BUDGET_SHARE_MAX,
            got=round(total, 3),
        )
    if trades and shares_ok and remit > 1 + 1e-9:
        ctx.add(
            ("trades",),
            f"the trades' remittance shares add up to {remit:.3g} (expected at most 1: remittances cannot be spent twice; got {remit:.3g})",
            kind="remittance_shares",
            got=round(remit, 3),
        )

    _check_waves(plain.get("layoff_waves"), months, ctx)

    edu = _effective(plain, "town", "education_shares")
    if isinstance(edu, list) and all(_num(x) is not None for x in edu):
        if abs(sum(edu) - 1) > 0.01:
            ctx.add(
                ("town", "education_shares"),
                f"the education shares do not add up to 1 (expected shares of primary, middle and high school that sum to 1; got {sum(edu):.3g})",
                kind="education_shares",
                got=round(sum(edu), 3),
            )
    if isinstance(skills, list):
        raw_skills = _effective(plain, "town", "skill_groups")
        for i, s in enumerate(raw_skills if isinstance(raw_skills, list) else []):
            if isinstance(s, str) and not _IDENT.match(s):
                ctx.add(
                    ("town", "skill_groups", i),
                    f"not a valid skill name (expected lowercase letters, digits and _, like cooking; got {s!r})",
                    kind="bad_name",
                    got=s,
                )

    share_names = [n for n in TOWN_GROUP_SHARES if n in hints(hints(Params)["town"])]
    shares = [_num(_effective(plain, "town", n)) for n in share_names]
    if share_names and all(x is not None for x in shares) and sum(shares) > 1 + 1e-9:  # type: ignore[arg-type]
        ctx.add(
            ("town",),
            f"the town's household groups add up to more than all households (expected "
            f"{' + '.join(share_names)} at most 1; got {sum(shares):.3g})",
            kind="group_shares",
            names=" + ".join(share_names),
            got=round(sum(shares), 3),  # type: ignore[arg-type]
        )  # type: ignore[arg-type]
    suspend = _num(_effective(plain, "policy", "arrears_suspend_threshold"))
    resume = _num(_effective(plain, "policy", "arrears_resume_threshold"))
    if suspend is not None and resume is not None and resume >= suspend:
        ctx.add(
            ("policy", "arrears_resume_threshold"),
            f"lending would resume before it stops (expected less than arrears_suspend_threshold {suspend:g}; got {resume:g})",
            kind="arrears_order",
            high=suspend,
            got=resume,
        )

    if "schedule" in plain:
        schedule.check_schedule(plain, ctx, _check_params, [t for _, t in trades])


def _check_waves(waves: Any, months: int, ctx: _Ctx) -> None:
    """Each wave in the game, aimed at a group that can exist, and at most one player's wave."""
    if not isinstance(waves, list):
        return
    marked = []
    for i, w in enumerate(waves):
        if not isinstance(w, dict):
            continue
        loc = ("layoff_waves", i)
        m = _num(w.get("month"))
        if m is not None and m >= months:
            ctx.add(
                loc + ("month",),
                f"this layoff comes after the game ends (expected a month from 0 to {months - 1}; got {m:g}, and the game lasts {months} months)",
                kind="after_end",
                last=months - 1,
                got=m,
            )
        sex = w.get("sex")
        if isinstance(sex, str) and sex not in ("", "female", "male"):
            ctx.add(
                loc + ("sex",),
                f"not a sex the town knows (expected female or male, or leave it out for both; got {sex!r})",
                kind="not_allowed",
                options="female, male",
                got=sex,
            )
        levels = w.get("education")
        for j, level in enumerate(levels if isinstance(levels, list) else []):
            if isinstance(level, str) and level not in EDUCATION_LEVELS:
                ctx.add(
                    loc + ("education", j),
                    f"unknown schooling (expected any of: {', '.join(EDUCATION_LEVELS)}; got {level!r}){ctx.hint(level, list(EDUCATION_LEVELS))}",
                    kind="unknown_name",
                    thing="schooling",
                    got=level,
                    options=", ".join(EDUCATION_LEVELS),
                )
        lo, hi = _num(w.get("age_min")), _num(w.get("age_max"))
        if lo is not None and hi is not None and lo > hi:
            ctx.add(
                loc + ("age_max",),
                f"no one is that old and that young (expected age_max at least age_min {lo:g}; got {hi:g})",
                kind="age_range",
                low=lo,
                got=hi,
            )
        if w.get("player") is True:
            marked.append(i)
    for i in marked[1:]:
        ctx.add(
            ("layoff_waves", i, "player"),
            f"the player's household is laid off once (expected player: true on one wave; wave {marked[0]} has it too)",
            kind="player_wave_twice",
            other=marked[0],
        )


def _check_story(story: Any, plain: dict, ctx: _Ctx) -> None:
    if not isinstance(story, dict):
        return
    trade_keys = [t["key"] for _, t in _trades(plain) if isinstance(t.get("key"), str)]
    skills = _effective(plain, "town", "skill_groups")
    skills = [s for s in skills if isinstance(s, str)] if isinstance(skills, list) else []

    for lang, text in _texts(story.get("title")):
        if not text.strip():
            ctx.add(
                ("title",) + ((lang,) if lang else ()),
                "an empty title (expected the name the scenario picker shows; got nothing)",
                kind="empty_title",
            )

    player = story.get("player")
    if isinstance(player, dict):
        drawn = player.get("drawn", False) is True
        if not drawn:
            for name in PLAYER_REQUIRED_WHEN_FIXED:
                if name not in player:
                    ctx.add(
                        ("player", name),
                        f"missing (expected the household's {name}, or drawn: true to draw the household from the town; got nothing)",
                        kind="player_missing",
                        name=name,
                    )
        skill = player.get("skill_group")
        if isinstance(skill, str) and skills and skill not in skills:
            ctx.add(
                ("player", "skill_group"),
                f"no such skill in town (expected one of town.skill_groups: {listed(skills)}; got {skill!r}){ctx.hint(skill, skills)}",
                kind="unknown_name",
                thing="skill",
                got=skill,
            )
        dep, kids = _num(player.get("dependants")), _num(player.get("children_in_school"))
        if dep is not None and kids is not None and kids > dep:
            ctx.add(
                ("player", "children_in_school"),
                f"more children in school than dependants (expected at most dependants, {dep:g}; got {kids:g})",
                kind="children_over_dependants",
                high=dep,
                got=kids,
            )
        age, years = _num(player.get("age")), _num(player.get("years_in_plant"))
        if age is not None and years is not None and years > age - 14:
            ctx.add(
                ("player", "years_in_plant"),
                f"more years in the plant than the worker's age allows (expected at most age - 14 = {age - 14:g}; got {years:g})",
                kind="years_in_plant",
                high=age - 14,
                got=years,
            )

    events = story.get("events")
    if not isinstance(events, list):
        return
    ids = [e.get("id") for e in events if isinstance(e, dict)]
    first: dict[str, int] = {}
    for i, e in enumerate(events):
        if not isinstance(e, dict):
            continue
        eid = e.get("id")
        if isinstance(eid, str):
            if eid in first:
                ctx.add(
                    ("events", i, "id"),
                    f"two events have the id {eid!r} (expected each id once; event {first[eid]} has it too)",
                    kind="duplicate",
                    thing="event_id",
                    got=eid,
                    other=first[eid],
                )
            first.setdefault(eid, i)
        _check_event(e, i, [x for x in ids if isinstance(x, str)], trade_keys, ctx)


def _check_event(e: dict, i: int, ids: list[str], trade_keys: list[str], ctx: _Ctx) -> None:
    loc: Loc = ("events", i)
    when = e.get("when")
    if isinstance(when, dict):
        for key in ("trade",):
            for j, t in enumerate(_as_list(when.get(key))):
                if isinstance(t, str) and t not in trade_keys:
                    sub = loc + ("when", key) + ((j,) if isinstance(when.get(key), list) else ())
                    ctx.add(
                        sub,
                        f"no trade with this key (expected one of: {listed(trade_keys)}; got {t!r}){ctx.hint(t, trade_keys)}",
                        kind="unknown_name",
                        thing="trade",
                        got=t,
                    )
        statuses = list(word_values("status") or ())
        for j, s in enumerate(_as_list(when.get("status"))):
            if isinstance(s, str) and s not in statuses:
                sub = (
                    loc
                    + ("when", "status")
                    + ((j,) if isinstance(when.get("status"), list) else ())
                )
                ctx.add(
                    sub,
                    f"unknown status (expected one of: {listed(statuses)}; got {s!r}){_status_hint(s, statuses, ctx)}",
                    kind="unknown_name",
                    thing="status",
                    got=s,
                )
        numbers = [f for f, kind in KNOWN_FACTS.items() if kind == "number"]
        for bound in ("min", "max"):
            facts = when.get(bound)
            if isinstance(facts, dict):
                for fact in facts:
                    if fact not in numbers:
                        why = (
                            "is not a number"
                            if fact in KNOWN_FACTS
                            else "is not a fact the game knows"
                        )
                        hint = ctx.hint(fact, numbers)
                        ctx.add(
                            loc + ("when", bound, fact),
                            f"{fact!r} {why} (expected a numeric fact: {listed(numbers)}; got {fact!r}){hint}",
                            key=True,
                            kind="unknown_name",
                            thing="number_fact",
                            got=fact,
                        )
        equals = when.get("equals")
        if isinstance(equals, dict):
            for fact, want in equals.items():
                kind = KNOWN_FACTS.get(fact)
                if kind is None:
                    ctx.add(
                        loc + ("when", "equals", fact),
                        f"unknown fact (expected one of: {', '.join(KNOWN_FACTS)}; got {fact!r}){ctx.hint(fact, list(KNOWN_FACTS))}",
                        key=True,
                        kind="unknown_name",
                        thing="fact",
                        got=fact,
                    )
                    continue
                ok = (
                    isinstance(want, bool)
                    if kind == "bool"
                    else isinstance(want, str)
                    if kind == "word"
                    else _num(want) is not None
                )
                allowed = word_values(fact) if kind == "word" else None
                if fact == "trade":
                    allowed = ("", *trade_keys)
                if not ok:
                    ctx.add(
                        loc + ("when", "equals", fact),
                        f"wrong kind of value (expected {'true or false' if kind == 'bool' else 'a word' if kind == 'word' else 'a number'}; got {describe(want)})",
                        kind="wrong_type",
                        want={"bool": "bool", "word": "word"}.get(kind, "number"),
                        got=want,
                    )
                elif allowed is not None and want not in allowed:
                    ctx.add(
                        loc + ("when", "equals", fact),
                        f"not a possible value (expected one of: {', '.join(repr(a) for a in allowed)}; got {want!r}){ctx.hint(want, list(allowed))}",
                        kind="not_allowed",
                        options=", ".join(str(a) for a in allowed if a),
                        got=want,
                    )
        for key in ("after", "not_after"):
            for j, ref in enumerate(_as_list(when.get(key))):
                if isinstance(ref, str) and ref not in ids:
                    sub = loc + ("when", key) + ((j,) if isinstance(when.get(key), list) else ())
                    ctx.add(
                        sub,
                        f"no event with this id (expected one of: {listed(ids)}; got {ref!r}){ctx.hint(ref, ids)}",
                        kind="unknown_name",
                        thing="event",
                        got=ref,
                    )

    people = (
        [p for p in e.get("people", []) if isinstance(p, dict)]
        if isinstance(e.get("people"), list)
        else []
    )
    roles = [p.get("role") for p in people if isinstance(p.get("role"), str)]
    for j, role in enumerate(roles):
        if role in KNOWN_FACTS:
            ctx.add(
                loc + ("people", j, "role"),
                f"this role has the name of a fact (expected a different word, like neighbour; got {role!r})",
                kind="role_is_fact",
                got=role,
            )
        elif roles.index(role) != j:
            ctx.add(
                loc + ("people", j, "role"),
                f"two people have the role {role!r} (expected each role once)",
                kind="duplicate",
                thing="role",
                got=role,
            )
    texts: list[tuple[Loc, Any]] = [
        (loc + ("text",), e.get("text")),
        (loc + ("title",), e.get("title")),
    ]
    choices = e.get("choices")
    if isinstance(choices, list):
        for j, c in enumerate(choices):
            if isinstance(c, dict):
                texts += [
                    (loc + ("choices", j, "label"), c.get("label")),
                    (loc + ("choices", j, "consequence"), c.get("consequence")),
                ]
                effects = c.get("effects")
                if isinstance(effects, list):
                    for k, eff in enumerate(effects):
                        _check_effect(eff, loc + ("choices", j, "effects", k), trade_keys, ctx)
    uses_fact = False
    for tloc, text in texts:
        for lang, s in _texts(text):
            try:
                names = placeholders(s)
            except ValueError as exc:
                ctx.add(
                    tloc + ((lang,) if lang else ()),
                    f"a broken placeholder {exc} (expected {{fact}} or {{role}} or {{role.age}}; write {{{{ and }}}} for a brace)",
                    kind="broken_placeholder",
                    got=str(exc),
                )
                continue
            for name in names:
                head, _, attr = name.partition(".")
                if head in roles:
                    if attr and attr not in PERSON_ATTRIBUTES:
                        ctx.add(
                            tloc + ((lang,) if lang else ()),
                            f"unknown detail {{{name}}} (expected {head}.{' or .'.join(PERSON_ATTRIBUTES)}; got .{attr})",
                            kind="unknown_name",
                            thing="detail",
                            got="{" + name + "}",
                        )
                elif (head in KNOWN_FACTS or head in MONTHS_TEXT) and not attr:
                    uses_fact = uses_fact or tloc[-1] == "text"
                else:
                    options = [*roles, *KNOWN_FACTS, *MONTHS_TEXT]
                    ctx.add(
                        tloc + ((lang,) if lang else ()),
                        f"unknown placeholder {{{name}}} (expected a person's role ({listed(roles) or 'no people given'}) or a fact; got {{{name}}}){ctx.hint(head, options)}",
                        kind="unknown_name",
                        thing="placeholder",
                        got="{" + name + "}",
                    )
    if e.get("once") is False and not uses_fact:
        ctx.add(
            loc + ("once",),
            "an event that can repeat must name a fact that changes in its text, so the player never reads the same text twice (expected a {placeholder} such as {month} or {cash_yuan} in text; got none)",
            kind="repeat_needs_fact",
            example="{month}",
        )


def _check_effect(eff: Any, loc: Loc, trade_keys: list[str], ctx: _Ctx) -> None:
    if not isinstance(eff, dict):
        ctx.add(
            loc,
            f"not a command (expected a mapping like {{command: event_payment, amount_yuan: -500, reason: gift}}; got {describe(eff)})",
            kind="wrong_type",
            want="mapping",
            got=eff,
        )
        return
    specs = command_specs()
    kind = eff.get("command")
    if kind is None:
        ctx.add(
            loc,
            f"missing command (expected command: one of {', '.join(sorted(specs))}; got nothing)",
            kind="missing",
            name="command",
        )
        return
    if not isinstance(kind, str) or kind not in specs:
        ctx.add(
            loc + ("command",),
            f"unknown command (expected one of: {', '.join(sorted(specs))}; got {describe(kind)}){ctx.hint(str(kind), list(specs))}",
            kind="unknown_name",
            thing="command",
            got=kind,
        )
        return
    spec = specs[kind]
    for name, value in eff.items():
        if name == "command":
            continue
        if name == "household":
            ctx.add(
                loc + (name,),
                "the game fills in the player's household (expected no household: in an effect; got one)",
                key=True,
                kind="household_in_effect",
            )
            continue
        if name not in spec:
            options = list(spec)
            known = listed(options) if options else "no other fields"
            ctx.add(
                loc + (name,),
                f"{kind} has no field {name!r} (expected {known}; got {name!r}){ctx.hint(name, options)}",
                key=True,
                kind="unknown_key",
                name=name,
            )
            continue
        tp = spec[name]
        if kind == "schedule_change" and name in ("set", "say", "agreement", "after_months"):
            _check_change_effect(name, value, loc + (name,), trade_keys, ctx)
            continue
        if name == "trade" and isinstance(value, str):
            if value not in trade_keys:
                ctx.add(
                    loc + (name,),
                    f"no trade with this key (expected one of: {listed(trade_keys)}; got {value!r}){ctx.hint(value, trade_keys)}",
                    kind="unknown_name",
                    thing="trade",
                    got=value,
                )
            continue
        good = (
            isinstance(value, bool)
            if tp is bool
            else isinstance(value, int) and not isinstance(value, bool)
            if tp is int
            else _num(value) is not None
            if tp is float
            else isinstance(value, str)
            if tp is str
            else True
        )
        if not good:
            message = f"wrong type (expected {type_word(tp)}; got {describe(value)})"
            ctx.add(loc + (name,), message, kind="wrong_type", want=want_of(tp), got=value)


# Everyday words for a status, and the statuses they mean: spelling alone would offer
# self_employed for "unemployed".
STATUS_WORDS = {
    "unemployed": ("laid_off", "job_search", "day_labour"),
    "jobless": ("laid_off", "job_search"),
    "employed": ("wage_job", "soe_worker"),
    "working": ("wage_job", "soe_worker", "day_labour"),
    "business": ("self_employed",),
    "entrepreneur": ("self_employed",),
    "migrant": ("migrated",),
    "away": ("migrated",),
    "training": ("retraining",),
    "retirement": ("retired",),
    "mill": ("soe_worker",),
    "at_the_mill": ("soe_worker",),
}


def _status_hint(word: str, statuses: list[str], ctx: _Ctx) -> str:
    meant = [m for m in STATUS_WORDS.get(word.lower().replace(" ", "_"), ()) if m in statuses]
    if meant:
        ctx._meant = " / ".join(meant)  # (a screen says them as one hint)
        return "; did you mean " + " or ".join(repr(m) for m in meant) + "?"
    return ctx.hint(word, statuses)


def _check_change_effect(name: str, value: Any, loc: Loc, trade_keys: list[str], ctx: _Ctx) -> None:
    """An event's scheduled change, checked as the schedule's (paths, ranges, texts, trades)."""
    from game.scenario.walk import _SKIP, _walk_leaf  # noqa: PLC0415 (walk imports schedule)

    if name == "set":
        schedule.walk_set(value, loc, ctx, _walk_leaf, _SKIP)
    elif name == "say":
        schedule.walk_say(value, loc, ctx)
    elif name == "agreement" and value not in ("", *trade_keys):
        ctx.add(
            loc,
            f"no trade with this key (expected one of: {listed(trade_keys)}; got {value!r}){ctx.hint(str(value), trade_keys)}",
            kind="unknown_name",
            thing="trade",
            got=value,
        )
    elif name == "after_months" and (
        isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 360
    ):
        ctx.add(
            loc,
            f"not a number of months (expected a whole number from 0, this month, to 360; got {describe(value)})",
            kind="out_of_range",
            low=0,
            high=360,
            got=value,
        )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _texts(text: Any) -> list[tuple[str, str]]:
    if isinstance(text, str):
        return [("", text)]
    if isinstance(text, dict):
        return [(k, v) for k, v in text.items() if isinstance(v, str)]
    return []
