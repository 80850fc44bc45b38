"""The scenario format: the story (pydantic models) plus the core's parameters (game.core.params).

A scenario file is one YAML mapping. Its keys are either *story* keys (title, place, year,
summary, briefing, player, events, debrief questions, references, ...; the models below) or
*parameter* keys, the fields of :class:`game.core.params.Params` (``months``, ``town``,
``income``, ``trades``, ``layoff_waves``, ``policy``, ``behaviour``, ...), plus ``extends``.
Every parameter has a default, so a file can be short.

Every number may be written plain (``loan_ceiling_yuan: 50000``) or with where it comes from
(``loan_ceiling_yuan: {value: 50000, source: "PBoC 2002 No.394"}``, or ``assumption: true``);
:meth:`Scenario.sources` lists them for the game's sources screen. Text the player reads may
be a plain string or one per language (``{en: ..., zh: ...}``).
"""

from __future__ import annotations

import typing
from dataclasses import is_dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from game import zh
from game.core.params import Params
from game.scenario.bounds import Bound, bound
from game.scenario.plain import (  # noqa: F401 - the scenario as a run keeps it, re-exported
    LANGS,
    PARAM_KEYS,
    PERSON_ATTRIBUTES,
    Scenario,
    Source,
    SourceNote,
    _dataclass_dict,
    _is_number_like,
    _story_value,
    _wrap,
    field_default,
    field_meta,
    iter_param_leaves,
    tr,
)

IDENT_PATTERN = r"^[a-z][a-z0-9_]*$"
WRAPPER_KEYS = ("value", "source", "assumption", "note")
ICONS = ("bowl", "bag", "scissors", "wrench", "wheel", "needle", "bricks", "coin")


# --- text the player reads ------------------------------------------------------------------


def _check_text(value: Any) -> str | dict[str, str]:
    # pydantic fills {names} from the context but knows no escapes: values carry the quoting.
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value:
        for lang, text in value.items():
            if lang not in LANGS:
                raise PydanticCustomError(
                    "text_language",
                    "unknown language {lang} (expected {langs}; got {lang})",
                    {"lang": repr(str(lang)), "langs": " or ".join(LANGS), "name": str(lang)},
                )
            if not isinstance(text, str):
                raise PydanticCustomError(
                    "text_type",
                    "the {lang} text is not text (expected words; got {got})",
                    {"lang": str(lang), "got": describe(text)},
                )
        # A folded YAML block joins its lines with a space: none belongs beside Chinese.
        return {
            lang: zh.join_folded(text) if lang == "zh" else text for lang, text in value.items()
        }
    raise PydanticCustomError(
        "text_type",
        "not text (expected words, or one text per language like {example}; got {got})",
        {"example": "{en: ..., zh: ...}", "got": describe(value)},
    )


TEXT_JSON_SCHEMA = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "properties": {lang: {"type": "string"} for lang in LANGS},
            "additionalProperties": False,
            "minProperties": 1,
        },
    ],
    "description": "text the player reads: a string, or one per language ({en: ..., zh: ...})",
}

Text = Annotated[Any, PlainValidator(_check_text), WithJsonSchema(TEXT_JSON_SCHEMA)]
"""A string, or a mapping of language code to string."""

Ident = Annotated[str, Field(pattern=IDENT_PATTERN, max_length=40)]


def describe(value: Any) -> str:
    """How a value looks to a person reading a problem message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return type(value).__name__


def _listify(value: Any) -> Any:
    """Let a condition name one value or a list of them: `status: self_employed`."""
    return value if isinstance(value, list) else [value]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# --- the story ------------------------------------------------------------------------------


class Person(_Model):
    """Someone an event is about; their `role` is the placeholder in the event's text."""

    role: Ident = Field(
        description="placeholder name: `{role}` in the text gives the name, `{role.age}` the age"
    )
    name: Text = Field(description="what the player reads")
    age: int | None = Field(None, ge=10, le=100, description="years")
    sex: Literal["female", "male"] | None = Field(None, description="for the text's pronouns")
    former_job: Text | None = Field(None, description="e.g. crane driver at the mill")
    relation: Text | None = Field(None, description="e.g. your neighbour, your cousin")


MonthOfYear = Annotated[int, Field(ge=1, le=12)]


class When(_Model):
    """When an event may happen: every condition given must hold (facts from the engine)."""

    month_of_year: Annotated[list[MonthOfYear], BeforeValidator(_listify)] = Field(
        default_factory=list, description="calendar month(s), 1-12, e.g. 9 for September"
    )
    status: Annotated[list[str], BeforeValidator(_listify)] = Field(
        default_factory=list,
        description="the household's status (one or a list), e.g. self_employed",
    )
    trade: Annotated[list[str], BeforeValidator(_listify)] = Field(
        default_factory=list, description="the trade key(s) the household runs, e.g. noodles"
    )
    min: dict[str, float] = Field(
        default_factory=dict, description="fact: lowest value, e.g. {cash_yuan: 5000}"
    )
    max: dict[str, float] = Field(default_factory=dict, description="fact: highest value")
    equals: dict[str, Any] = Field(
        default_factory=dict, description="fact: exact value (number, true/false or word)"
    )
    after: Annotated[list[str], BeforeValidator(_listify)] = Field(
        default_factory=list, description="event id(s) that must have been shown before"
    )
    not_after: Annotated[list[str], BeforeValidator(_listify)] = Field(
        default_factory=list, description="event id(s) that must not have been shown"
    )
    chance: float = Field(
        1.0, ge=0.0, le=1.0, description="probability per month once the rest holds"
    )


class Choice(_Model):
    label: Text = Field(description="the button")
    consequence: Text = Field(description="what the player is told will happen, before choosing")
    effects: list[dict[str, Any]] = Field(
        default_factory=list,
        description="commands to the core, e.g. {command: event_payment, amount_yuan: -2000, reason: gift}; "
        "the player's household is filled in; `trade` may be a trade key",
    )


class Event(_Model):
    """Something that happens to the household, with two or three choices."""

    id: Ident = Field(description="unique within the scenario")
    once: bool = Field(True, description="shown at most once per run")
    when: When = Field(
        default_factory=When, description="conditions; without any, the event is due at once"
    )
    title: Text | None = Field(None, description="the dialog's heading")
    text: Text = Field(
        description="may use {placeholders}: facts (e.g. {cash_yuan}) and people ({neighbour})"
    )
    people: list[Person] = Field(default_factory=list, description="the people the text names")
    choices: list[Choice] = Field(min_length=2, max_length=3, description="two or three")
    source: str | None = Field(
        None, description="where the situation comes from (docs/evidence.md)"
    )


def _page(value: Any) -> Any:
    if isinstance(value, str) or (isinstance(value, dict) and value and set(value) <= set(LANGS)):
        return {"text": value}
    return value


class Page(_Model):
    title: Text | None = Field(None, description="the page's heading")
    text: Text = Field(description="the page")
    sources: list[str] = Field(default_factory=list, description="references shown under the page")


BriefingPage = Annotated[Page, BeforeValidator(_page)]


class Player(_Model):
    """The player's household: fixed, or drawn from the town (`drawn: true`); with `drawn: true`
    any attribute also given is kept fixed and the rest are drawn."""

    drawn: bool = Field(False, description="draw the household from the town's distribution")
    name: Text | None = Field(None, description="the worker's name")
    age: int | None = Field(None, ge=16, le=80, description="years")
    sex: Literal["female", "male"] | None = Field(None, description="the worker's sex")
    education: Literal["primary", "middle", "high"] | None = Field(
        None, description="primary, middle school, high school or more"
    )
    dependants: int | None = Field(None, ge=0, le=10, description="children and elderly parents")
    children_in_school: int | None = Field(
        None, ge=0, le=10, description="children whose school fees are due each year"
    )
    savings_yuan: float | None = Field(None, ge=0, le=10_000_000, description="yuan")
    former_job: Text | None = Field(None, description="e.g. crane driver")
    former_wage_yuan_per_month: float | None = Field(
        None, ge=0, le=1_000_000, description="yuan/month"
    )
    years_in_plant: int | None = Field(None, ge=0, le=50, description="years")
    skill_group: Ident | None = Field(None, description="one of town.skill_groups")
    bio: Text | None = Field(None, description="a sentence or two the household screen shows")
    family: list[Person] = Field(
        default_factory=list,
        description="the other members of the household, as the household screen shows them "
        "(events naming them should use the same names and ages); `former_job` says what they "
        "do now",
    )


PLAYER_REQUIRED_WHEN_FIXED = ("name", "age", "sex")


class Story(_Model):
    """The scenario's words: what the picker, the briefing and the debrief show."""

    title: Text = Field(description="the scenario's name in the picker")
    place: Text = Field("", description="where the story happens")
    year: int | None = Field(None, ge=1900, le=2100, description="the year the story starts")
    firm: Text | None = Field(
        None,
        description='what the laid-off worked for, a noun the game\'s words use ("the mill laid you off"), e.g. {en: plant, zh: 工厂}; default {en: mill, zh: 钢厂}',
    )
    summary: Text = Field("", description="two or three sentences for the picker")
    order: int = Field(100, ge=0, le=1000, description="position in the picker (lower first)")
    guided: bool = Field(False, description="the game explains each step (the tutorial)")
    briefing: list[BriefingPage] = Field(
        default_factory=list, description="pages shown before the run"
    )
    player: Player = Field(
        default_factory=lambda: Player(drawn=True), description="the player's household"
    )
    debrief_questions: list[Text] = Field(default_factory=list, description="asked after the run")
    events: list[Event] = Field(
        default_factory=list, description="things that happen to the household, with choices"
    )
    references: list[str] = Field(
        default_factory=list, description="sources cited by this scenario"
    )


STORY_KEYS = tuple(Story.model_fields)
EXTENDS_KEY = "extends"


# --- the parameters (the core's dataclasses) -------------------------------------------------


@cache
def hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def is_dataclass_type(tp: Any) -> bool:
    return isinstance(tp, type) and is_dataclass(tp)


def list_item(tp: Any) -> Any | None:
    """The item type of list[X], or None."""
    return typing.get_args(tp)[0] if typing.get_origin(tp) is list else None


SECTION_NAMES = {
    "town": "the town",
    "income": "incomes and prices",
    "policy": "the policy",
    "market": "the market: customers, prices, capital",
    "behaviour": "how households decide",
}


@cache
def class_paths() -> dict[type, str]:
    """Each parameter dataclass -> its dotted path in Params ("" for Params, "trades." for Trade)."""
    out: dict[type, str] = {Params: ""}

    def walk(cls: type, prefix: str) -> None:
        for name, tp in hints(cls).items():
            item = list_item(tp)
            sub = tp if is_dataclass_type(tp) else item if is_dataclass_type(item) else None
            if sub is not None and sub not in out:
                out[sub] = f"{prefix}{name}."
                walk(sub, f"{prefix}{name}.")

    walk(Params, "")
    return out


def param_bound(cls: type, name: str) -> Bound:
    """The bounds table's range for field `name` of parameter dataclass `cls`."""
    tp = hints(cls)[name]
    integer = tp is int or list_item(tp) is int
    return bound(class_paths().get(cls, "") + name, integer, field_meta(cls, name).get("unit", ""))


def type_word(tp: Any, unit: str = "") -> str:
    """'a number in yuan', 'a whole number', 'true or false' ... for messages and docs."""
    suffix = f" in {unit}" if unit and unit not in ("share", "probability", "0-1") else ""
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number" + suffix
    if tp is float:
        return "a number" + suffix
    if tp is str:
        return "a word"
    item = list_item(tp)
    if item is not None:
        if is_dataclass_type(item):
            return f"a list of {item.__name__} mappings"
        return f"a list of {type_word(item)}s".replace("a list of a ", "a list of ")
    if is_dataclass_type(tp):
        return "a mapping"
    return str(tp)


def want_of(tp: Any) -> str:
    """What a field takes, as a problem's `want` (said in the player's language on screens):
    bool, whole_number, number, word, list, mapping."""
    if tp is bool:
        return "bool"
    if tp is int:
        return "whole_number"
    if tp is float:
        return "number"
    if tp is str:
        return "word"
    if list_item(tp) is not None:
        return "list"
    return "mapping" if is_dataclass_type(tp) else "other"


def type_name(tp: Any) -> str:
    """Short type name for the reference document."""
    if tp in (bool, int, float, str):
        return {bool: "bool", int: "int", float: "number", str: "string"}[tp]
    item = list_item(tp)
    if item is not None:
        return f"list of {type_name(item) if not is_dataclass_type(item) else item.__name__}"
    if is_dataclass_type(tp):
        return tp.__name__
    return str(tp)


def numeric(tp: Any) -> bool:
    return tp in (int, float)
