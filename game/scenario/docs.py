"""Write the scenario reference (docs/scenarios.md) from the models themselves:

    python -m game.scenario.docs > docs/scenarios.md

Every field with its type, unit, default, allowed range, meaning and source. A test checks that
the committed file is what this prints, so the reference cannot drift from the code.
"""

from __future__ import annotations

import sys
import types
from dataclasses import MISSING, fields
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel, BeforeValidator, PlainValidator
from pydantic_core import PydanticUndefined

from game.core.params import Params, default_trades
from game.scenario import loader, yamlread
from game.scenario.events import (
    CERTIFICATE_STATES,
    KNOWN_FACTS,
    MONTHS_TEXT,
    command_specs,
    status_names,
)
from game.scenario.schema import (
    EXTENDS_KEY,
    ICONS,
    LANGS,
    SECTION_NAMES,
    Choice,
    Event,
    Page,
    Person,
    Player,
    Story,
    When,
    _check_text,
    _listify,
    field_default,
    hints,
    is_dataclass_type,
    list_item,
    numeric,
    param_bound,
    type_name,
)


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _default(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, str):
        return f"`{value}`" if value else '""'
    if isinstance(value, list):
        return "[" + ", ".join(_default(v).strip("`") for v in value) + "]" if value else "[]"
    return str(value)


# --- the story models ----------------------------------------------------------------------


def _ann(tp: Any, metadata: list[Any]) -> str:
    if any(isinstance(m, PlainValidator) and m.func is _check_text for m in metadata):
        return "text"
    origin = get_origin(tp)
    if origin is Annotated:
        args = get_args(tp)
        return _ann(args[0], [*metadata, *args[1:]])
    listify = any(isinstance(m, BeforeValidator) and m.func is _listify for m in metadata)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(tp) if a is not type(None)]
        return " or ".join(_ann(a, []) for a in inner)
    if origin is list:
        item = _ann(get_args(tp)[0], [])
        return f"one {item} or a list" if listify else f"list of {item}"
    if origin is dict:
        return f"map of fact to {_ann(get_args(tp)[1], [])}"
    if origin is Literal:
        return " or ".join(f"`{a}`" for a in get_args(tp))
    if tp is Any:
        return "any"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return {int: "int", float: "number", bool: "bool", str: "string"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def _range(metadata: list[Any], tp: Any) -> str:
    parts = []
    for m in [*metadata, *(get_args(tp)[1:] if get_origin(tp) is Annotated else [])]:
        if isinstance(m, Ge):
            parts.append(f">= {m.ge:g}")
        elif isinstance(m, Le):
            parts.append(f"<= {m.le:g}")
        elif isinstance(m, MinLen):
            parts.append(f"at least {m.min_length} items")
        elif isinstance(m, MaxLen) and get_origin(tp) is list:
            parts.append(f"at most {m.max_length} items")
    if "pattern" in repr(metadata):
        parts.append("lowercase word: a-z, 0-9, _")
    return ", ".join(parts)


def _model_table(model: type[BaseModel]) -> list[str]:
    rows = ["| key | type | default | allowed | meaning |", "|---|---|---|---|---|"]
    for name, info in model.model_fields.items():
        meta = list(info.metadata)
        if info.default is PydanticUndefined and info.default_factory is None:
            default = "**required**"
        elif info.default_factory is not None:
            value = info.default_factory()  # type: ignore[call-arg]
            default = (
                "drawn from the town"
                if isinstance(value, Player)
                else ("(all defaults)" if isinstance(value, BaseModel) else _default(value))
            )
        else:
            default = _default(info.default) if info.default is not None else "none"
            if info.default == "":
                default = '""'
        kind = (
            "list of [commands](#effects-commands)"
            if (model is Choice and name == "effects")
            else _ann(info.annotation, meta)
        )
        rows.append(
            f"| `{name}` | {kind} | {default} | {_cell(_range(meta, info.annotation))} | "
            f"{_cell(info.description or '')} |"
        )
    return rows


# --- the parameters --------------------------------------------------------------------------


def _param_table(cls: type) -> list[str]:
    rows = [
        "| key | type | unit | default | allowed | meaning | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in fields(cls):
        tp = hints(cls)[f.name]
        if is_dataclass_type(tp) or (
            list_item(tp) is not None and is_dataclass_type(list_item(tp))
        ):
            continue
        meta = dict(f.metadata)
        allowed = ""
        if numeric(tp) or list_item(tp) in (int, float):
            allowed = param_bound(cls, f.name).span()
        kind = "text" if (cls.__name__ == "Trade" and f.name == "name") else type_name(tp)
        rows.append(
            f"| `{f.name}` | {kind} | {_cell(meta.get('unit', ''))} | {_cell(_default(field_default(cls, f.name)))} | "
            f"{allowed} | {_cell(meta.get('help', ''))} | {_cell(meta.get('source', ''))} |"
        )
    return rows


MONTHS_NOTE = [
    "**Months.** Every month in a file, in the CSV tables and on the command line counts the months",
    "played before it: **month 0 is the month the game opens** (April 2016 in the steel town), month",
    "1 the next, up to `months - 1`. A wave, a scheduled change or an event's `month` fact at month",
    "*m* happens as month *m* opens, before the player decides anything in it. The game's screens",
    'name the same month by its calendar month and as "Month *m*+1 of N" (the first month is',
    '"Month 1"). The CSV tables of `simulate`, `paths` and `sweep` give the town *after* `month`',
    "months: row 0 is the town as the game opens (after month 0's waves), row *m* its state at the",
    "end of month *m*-1; so what happens as month *m* opens shows from row *m*+1 on (layoffs in",
    "month 3 appear in row 4; lending stopped in month 6 adds nothing from row 7 on). The charts",
    "mark a scheduled change at the month it is scheduled.",
]


def _schedule_section() -> list[str]:
    """What happens when, and to whom: the schedule and aimed layoff waves."""
    from game.scenario.schedule import FIXED, settable  # noqa: PLC0415

    sections = sorted({p.split(".")[0] for p in settable() if "." in p and p[0] != "t"})
    top = sorted(p for p in settable() if "." not in p)
    return [
        "",
        "## Schedule: what happens when",
        "",
        "`schedule:` is a list of changes, each from a month on (see **Months** above). `set:` gives",
        "parameters new values by their dotted path, checked like the same parameter in the file",
        "(a value allowed at month 0 is allowed at month *m*; the parameters as they stand from the",
        "change on must pass the checks across fields). `say:` is what the players are told that",
        "month (text, both languages); `agreement:` a trade's key: the street committee organises a",
        "price agreement among its sellers that month. An event's choice can schedule the same with",
        "the effect `schedule_change`.",
        "",
        "```yaml",
        "schedule:",
        "  - month: 6",
        "    set: {policy.certificate_probability: 0.0}",
        '    say: {en: "The district stops issuing re-employment certificates.", zh: "区里停发再就业证明。"}',
        "  - month: 4",
        "    agreement: noodles",
        '    say: {en: "The street committee calls the noodle sellers together.", zh: "街道居委会召集面摊摊主开会。"}',
        "  - month: 18",
        "    set: {remittance_index_by_month: [0.85]}",
        '    say: {en: "Migrants send home less.", zh: "外出打工的人寄回家的钱少了。"}',
        "```",
        "",
        "What may be set: every field of "
        + ", ".join(f"`{p}`" for p in sections)
        + " (the tables below), "
        + ", ".join(f"`{p}`" for p in top)
        + ", and a trade's field as `trades.N.field` (N counts the trades from 0, as listed;",
        "not `key`). Not: "
        + ", ".join(f"`{f}`" for f in FIXED)
        + " (the town is drawn from them before the first month).",
        "",
        "**Layoff waves aimed at a group.** A wave may name `sex` (female or male), `age_min`,",
        "`age_max` and `education` (any of primary, middle, high): its `share` is then of the workers",
        "still in post *in that group*, ranked by the wave's odds as usual. The player's household is",
        "laid off in the wave marked `player: true`, else in the earliest wave; until then it works",
        "at the firm.",
        "",
        "```yaml",
        "layoff_waves:",
        "  - {month: 2, share: 0.5, sex: female, player: true}   # half the women first",
        "  - {month: 8, share: 0.3}                              # then anyone",
        "```",
    ]


def command_defaults(kind: str) -> dict[str, Any]:
    """An effect's fields as the core's command fills them when the file leaves them out."""
    from game.core.commands import COMMANDS  # noqa: PLC0415

    out: dict[str, Any] = {}
    for f in fields(COMMANDS[kind]):
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
    return out


def _effect_default(value: Any) -> str:
    if value == -1:
        return "-1: none"
    if value in ({}, ""):
        return "none"
    return _default(value).strip("`")


def render() -> str:
    out: list[str] = []
    w = out.append
    w("# Scenario reference")
    w("")
    w("<!-- Generated by `python -m game.scenario.docs > docs/scenarios.md` from game/scenario and")
    w("game/core/params.py; do not edit by hand (a test checks it is current). -->")
    w("")
    w(
        "A scenario is one YAML file: the **story** (what the player reads) and the **parameters** of"
    )
    w(
        "the town (the simulation core's `Params`). Every parameter has a default (a northern steel town"
    )
    w(
        "in 2016, see docs/evidence.md), so a file can be as short as `title: My town`. Check a file with"
    )
    w("`python main.py validate FILE`; editors can autocomplete from `python main.py schema`.")
    w("A text the player reads written in one language only (`title: My town`, or `{en: ...}`")
    w("without `zh:`) is accepted, and `validate` warns with its file:line:column: the other")
    w("interface would show it untranslated.")
    w("")
    out += MONTHS_NOTE
    w("")
    w("```yaml")
    w("title: {en: A short test town, zh: 测试小镇}")
    w("months: 12")
    w("policy:")
    w('  loan_ceiling_yuan: {value: 50000, source: "docs/evidence.md: 2008-09 ceilings"}')
    w("trades:")
    w("  - {key: noodles, budget_share: 0.08}")
    w("  - {key: shop, name: Small shop, icon: bag, budget_share: 0.11, skill_group: selling}")
    w("```")
    w("")
    w("## Rules of the format")
    w("")
    w(
        "- **Numbers with sources.** Any parameter may be written plain (`rent_yuan_per_month: 1500`) or as"
    )
    w(
        '  `{value: 1500, source: "..."}` or `{value: 1500, assumption: true}` (`note:` is also allowed).'
    )
    w(
        "  The game's sources screen lists every number with its source; a number set without one is shown"
    )
    w(
        "  as set by the file, with no source. Numbers in the story (e.g. `player.savings_yuan`) may carry"
    )
    w("  a source the same way.")
    w(
        f"- **Text the player reads** (marked *text* below) is a string, or one string per language: `{{{', '.join(f'{lang}: ...' for lang in LANGS)}}}`."
    )
    w("  A trade's `name` may be given per language too.")
    w(
        "- **Numbers** are written without quotes; `1e5` is 100000. Shares and probabilities are between 0"
    )
    w("  and 1; money, counts and durations are 0 or more. `.nan`, `.inf` and numbers larger than")
    w(f"  {yamlread.MAX_ABS_NUMBER:g} are refused.")
    w(
        f"- **`{EXTENDS_KEY}:`** names a built-in scenario (its file name without `.yaml`, e.g. `steel_town_2016`)"
    )
    w(
        "  or a `.yaml` path relative to this file. This file is laid over the base: the sections `town`,"
    )
    w(
        "  `income`, `policy`, `behaviour` change field by field; `trades` are matched by `key` (a matching"
    )
    w(
        "  trade changes field by field, a new key adds a trade, `remove: true` drops one); every other key"
    )
    w(
        "  (lists, the story's keys) replaces the base's. Without `extends`, a `trades:` list is the whole"
    )
    w("  list of trades. Loops and missing bases are reported.")
    w(
        f"- **Safety limits.** At most {yamlread.MAX_BYTES // 1024} KiB, UTF-8 text, one YAML document, at most"
    )
    w(
        f"  {yamlread.MAX_DEPTH} levels of nesting, {yamlread.MAX_NODES:,} values and {yamlread.MAX_ALIASES} aliases"
    )
    w("  (`*name`); no tags such as `!!python/object` and no merge keys (`<<`).")
    w(
        "- **Problems** are reported all at once, each as `file:line:column: field.path: what is wrong"
    )
    w('  (expected ...; got ...)`, with "did you mean ...?" for a misspelt key.')
    w("")
    w("## Story")
    w("")
    w("Top-level keys (besides the parameter sections below and `extends`).")
    w("")
    out += _model_table(Story)
    for model in (Player, Page, Event, When, Choice, Person):
        w("")
        w(f"### {model.__name__}")
        w("")
        doc = (model.__doc__ or "").strip()
        if doc:
            w(" ".join(doc.split()))
            w("")
        if model is Page:
            w("A briefing page may also be just a text (a string or `{en:, zh:}`).")
            w("")
        out += _model_table(model)
    w("")
    w("### Facts for conditions and placeholders")
    w("")
    w(
        "`when:` tests these facts about the player's household (from the engine, each month); an event's"
    )
    w("texts may show them as `{fact}` (money with thousands separators). People of an event are")
    w(
        "`{role}` (their name) and `{role.age}`, `{role.former_job}`, `{role.relation}`, `{role.sex}`."
    )
    w("")
    w("| fact | kind | values |")
    w("|---|---|---|")
    for fact, kind in KNOWN_FACTS.items():
        values = {
            "status": ", ".join(status_names()),
            "certificate": ", ".join(CERTIFICATE_STATES),
            "trade": 'a trade key, or "" without a business',
        }.get(fact, "")
        w(f"| `{fact}` | {kind} | {values} |")
    w("")
    w("Texts may also write a count of months out in the player's language (`2 months`, `1 month`,")
    w('`2个月`), so no text needs to say "month(s)":')
    w("")
    for name, fact in MONTHS_TEXT.items():
        w(f"- `{{{name}}}`: `{fact}` as words")
    w("")
    w("### Effects (commands)")
    w("")
    w(
        "A choice's `effects` are commands to the simulation core, applied for the player's household"
    )
    w("(never give `household`). `trade` may be a trade key. Every field is optional: one left out")
    w("takes the default shown (an `event_payment` without `reason` has no reason in the log, an")
    w("`open_business` without `lot` opens off the main street, an `apply_for_loan` without")
    w("`guarantor` names none).")
    w("")
    w("| command | fields (default) |")
    w("|---|---|")
    for kind, spec in sorted(command_specs().items()):
        defaults = command_defaults(kind)
        fields_text = (
            ", ".join(
                f"`{n}` ({'map' if t is dict else type_name(t)}, {_effect_default(defaults.get(n))})"
                for n, t in spec.items()
            )
            or "none"
        )
        w(f"| `{kind}` | {_cell(fields_text)} |")
    w("")
    w(
        "`schedule_change` is the schedule's change (see [Schedule](#schedule-what-happens-when)) from an"
    )
    w(
        "event's choice: `set`, `say` and `agreement` as there, from this month or `after_months` on."
    )
    w("")
    out += _schedule_section()
    w("")
    w("## Parameters")
    w("")
    out += _param_table(Params)
    for name, tp in hints(Params).items():
        item = list_item(tp)
        cls = (
            tp
            if is_dataclass_type(tp)
            else item
            if item is not None and is_dataclass_type(item)
            else None
        )
        if cls is None:
            continue
        w("")
        heading = f"`{name}`" + (f": {SECTION_NAMES[name]}" if name in SECTION_NAMES else "")
        w(f"### {heading}")
        w("")
        doc = (cls.__doc__ or "").strip()
        if doc:
            w(" ".join(doc.split()))
            w("")
        if item is not None:
            w(f"A list; each item is a `{cls.__name__}` with these keys.")
            w("")
        out += _param_table(cls)
        if name == "trades":
            w("")
            w(
                f'Icons: {", ".join(f"`{i}`" for i in ICONS)}. Colours: `"#RRGGBB"` (in quotes). Default trades:'
            )
            w(", ".join(f"`{t.key}` ({t.name})" for t in default_trades()) + ".")
    w("")
    w("## Checks across fields")
    w("")
    w("- the loan term is at most the game's `months` (else no loan comes due);")
    w(
        f"- the trades' `budget_share` add up to more than 0 and at most {loader.BUDGET_SHARE_MAX:g}; their `remittance_share` to at most 1;"
    )
    w(
        f"- 1 to {loader.MAX_TRADES} trades, each `key` once; icons, colours and skills exist (`town.skill_groups`); a trade's start price is above its unit cost;"
    )
    w("- every layoff wave comes before the game ends;")
    w(
        "- `town.education_shares` has 3 shares that add up to 1; `behaviour.offer_factor_by_education` has 3 factors;"
    )
    w(
        "- the town's household shares (state firm, wage job, retired, self-employed) add up to at most 1;"
    )
    w("- `policy.arrears_resume_threshold` is below `policy.arrears_suspend_threshold`;")
    w("- the title is not empty (in any language given);")
    w(
        "- a fixed player has `name`, `age` and `sex`; at most as many children in school as dependants;"
    )
    w(
        "- events: unique ids; conditions name existing trades, statuses, facts and event ids; placeholders"
    )
    w(
        "  name facts or the event's people; effects are known commands with known fields; an event with"
    )
    w("  `once: false` must show a changing fact in its text (no run shows the same text twice).")
    w("")
    return "\n".join(out)


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
