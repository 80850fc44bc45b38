"""The scenario as a run keeps it: plain frozen dataclasses, no pydantic (issue 17).

The loader validates a file with pydantic (schema.py) and hands back a :class:`Scenario` whose
story is made of the dataclasses below, field for field the schema's models (same names, order
and defaults; tests/scenario/test_plain_scenario.py). So a run never needs pydantic or the
schema's models once its scenario is loaded, and the game's process can play a built-in scenario
checked ahead (checked.py) without importing them at all: pydantic, the models' validators and
the loader's modules are ~15 MB of a playing game's memory.
"""

from __future__ import annotations

import hashlib
import json
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from game.core.params import Params

LANGS = ("en", "zh")
PERSON_ATTRIBUTES = ("name", "age", "sex", "former_job", "relation")


def tr(text: str | dict[str, str] | None, lang: str = "en") -> str:
    """The text in `lang`, falling back to English, then to any language given."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")


# --- the story (the schema's models as plain data) -------------------------------------------


@dataclass(frozen=True)
class Person:
    role: str
    name: Any
    age: int | None = None
    sex: str | None = None
    former_job: Any = None
    relation: Any = None


@dataclass(frozen=True)
class When:
    month_of_year: list[int] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    trade: list[str] = field(default_factory=list)
    min: dict[str, float] = field(default_factory=dict)
    max: dict[str, float] = field(default_factory=dict)
    equals: dict[str, Any] = field(default_factory=dict)
    after: list[str] = field(default_factory=list)
    not_after: list[str] = field(default_factory=list)
    chance: float = 1.0


@dataclass(frozen=True)
class Choice:
    label: Any
    consequence: Any
    effects: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Event:
    id: str
    once: bool = True
    when: When = field(default_factory=When)
    title: Any = None
    text: Any = None
    people: list[Person] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    source: str | None = None


@dataclass(frozen=True)
class Page:
    title: Any = None
    text: Any = None
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Player:
    drawn: bool = False
    name: Any = None
    age: int | None = None
    sex: str | None = None
    education: str | None = None
    dependants: int | None = None
    children_in_school: int | None = None
    savings_yuan: float | None = None
    former_job: Any = None
    former_wage_yuan_per_month: float | None = None
    years_in_plant: int | None = None
    skill_group: str | None = None
    bio: Any = None
    family: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class Story:
    title: Any
    place: Any = ""
    year: int | None = None
    firm: Any = None
    summary: Any = ""
    order: int = 100
    guided: bool = False
    briefing: list[Page] = field(default_factory=list)
    player: Player = field(default_factory=lambda: Player(drawn=True))
    debrief_questions: list[Any] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


STORY_KEYS = tuple(f.name for f in fields(Story))
PARAM_KEYS = tuple(f.name for f in fields(Params))

# The fields that hold other models (the rest are plain values: text, numbers, lists, dicts).
_NESTED: dict[type, dict[str, tuple[type, bool]]] = {
    Story: {"briefing": (Page, True), "player": (Player, False), "events": (Event, True)},
    Event: {"when": (When, False), "people": (Person, True), "choices": (Choice, True)},
    Player: {"family": (Person, True)},
}


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


def build(cls: type, data: typing.Mapping[str, Any]) -> Any:
    """A story dataclass from its plain data (the schema's `model_dump()`, or a checked file, checked.py)."""
    nested = _NESTED.get(cls, {})
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        sub = nested.get(f.name)
        if sub is not None and value is not None:
            kind, many = sub
            value = [build(kind, v) for v in value] if many else build(kind, value)
        else:
            value = _copy(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def dump(obj: Any) -> Any:
    """A dataclass tree as fresh plain data (what pydantic's `model_dump(mode="json")` gives for
    the schema's models: dicts in field order, lists, no objects shared with `obj`)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: dump(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, dict):
        return {k: dump(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [dump(v) for v in obj]
    return obj


@cache
def _param_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def build_params(cls: type, data: typing.Mapping[str, Any]) -> Any:
    """The core's parameter dataclasses from `dump(params)` (a checked file, checked.py): the same values and
    types (a float stays a float: JSON writes 5.0)."""
    hints = _param_hints(cls)
    kwargs = {}
    for f in fields(cls):
        if f.name in data:
            kwargs[f.name] = _param_value(hints[f.name], data[f.name])
    return cls(**kwargs)


def _param_value(tp: Any, value: Any) -> Any:
    if isinstance(tp, type) and is_dataclass(tp):
        return build_params(tp, value)
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        return [_param_value(item, v) for v in value]
    return _copy(value)


# --- the scenario --------------------------------------------------------------------------


class Source(NamedTuple):
    """Where one number comes from (the game's sources screen)."""

    path: str
    value: Any
    source: str
    assumption: bool
    set_in: str  # the file that set it, or "default"


@dataclass(frozen=True)
class SourceNote:
    source: str
    assumption: bool
    file: str


def field_meta(cls: type, name: str) -> dict[str, str]:
    return _metas(cls).get(name, {})


@cache
def _metas(cls: type) -> dict[str, dict[str, str]]:
    return {f.name: dict(f.metadata) for f in fields(cls)}


def field_default(cls: type, name: str) -> Any:
    for f in fields(cls):
        if f.name == name:
            if f.default is not MISSING:
                return f.default
            if f.default_factory is not MISSING:
                return f.default_factory()
    return None


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: the story, the core's parameters, and where each number comes from."""

    story: Story
    params: Params
    name: str = ""
    path: Path | None = None
    files: tuple[str, ...] = ()
    trade_names: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, SourceNote] = field(default_factory=dict)

    # the story, directly
    @property
    def title(self) -> Any:
        return self.story.title

    @property
    def place(self) -> Any:
        return self.story.place

    @property
    def year(self) -> int | None:
        return self.story.year

    @property
    def firm(self) -> Any:
        return self.story.firm

    @property
    def summary(self) -> Any:
        return self.story.summary

    @property
    def briefing(self) -> list[Page]:
        return self.story.briefing

    @property
    def player(self) -> Player:
        return self.story.player

    @property
    def events(self) -> list[Event]:
        return self.story.events

    @property
    def debrief_questions(self) -> list[Any]:
        return self.story.debrief_questions

    @property
    def months(self) -> int:
        return self.params.months

    def text(self, value: Any, lang: str = "en") -> str:
        return tr(value, lang)

    def trade_name(self, key: str, lang: str = "en") -> str:
        """A trade's name in `lang` (the file may give {en:, zh:}; the core keeps English)."""
        if key in self.trade_names:
            return tr(self.trade_names[key], lang)
        for t in self.params.trades:
            if t.key == key:
                return t.name
        return key

    def sources(self) -> list[Source]:
        """Every number (and switch) of the scenario with where it comes from: (path, value,
        source, assumption, set_in).

        A value set in a file shows the file's `source:` (or "assumption"); a value the file
        did not set shows the parameter's default citation. Found once (the scenario is frozen;
        the debrief's argument asks on every verdict, ~12 ms a time)."""
        kept = self.__dict__.get("_sources")
        if kept is None:
            kept = tuple(self._find_sources())
            object.__setattr__(self, "_sources", kept)
        return list(kept)

    def _find_sources(self) -> list[Source]:
        out: list[Source] = []
        for path, value, cls, name in iter_param_leaves(self.params):
            if not _is_number_like(value):
                continue
            note = self.notes.get(path)
            if note is not None:
                text = note.source or (
                    "assumption" if note.assumption else f"set in {note.file} (no source given)"
                )
                out.append(Source(path, value, text, note.assumption or not note.source, note.file))
            else:
                src = field_meta(cls, name).get("source", "")
                out.append(Source(path, value, src, src in ("", "assumption"), "default"))
        for path, note in sorted(self.notes.items()):
            if path.split(".")[0] in STORY_KEYS:
                text = note.source or (
                    "assumption" if note.assumption else f"set in {note.file} (no source given)"
                )
                out.append(
                    Source(
                        path,
                        _story_value(self.story, path),
                        text,
                        note.assumption or not note.source,
                        note.file,
                    )
                )
        return out

    def to_dict(self) -> dict[str, Any]:
        """The scenario as plain data in the file format (self-contained: no `extends`).

        `load_scenario_data(s.to_dict())` gives the same scenario (used by saves)."""
        data: dict[str, Any] = dump(self.story)
        params = _dataclass_dict(self.params)
        for path, note in self.notes.items():
            if path.split(".")[0] in PARAM_KEYS and (note.source or note.assumption):
                _wrap(params, path.split("."), note)
        for _i, t in enumerate(params["trades"]):
            if t["key"] in self.trade_names and isinstance(self.trade_names[t["key"]], dict):
                t["name"] = dict(self.trade_names[t["key"]])
        data.update(params)
        return data

    def digest(self) -> str:
        """A short fingerprint of everything that shapes a run (for replays and saves)."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def _is_number_like(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, (int, float)) for v in value)
    return isinstance(value, (int, float))


def _story_value(story: Any, path: str) -> Any:
    node: Any = story
    for part in path.split("."):
        if isinstance(node, list):
            node = node[int(part)] if part.isdigit() and int(part) < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            node = getattr(node, part, None)
    return node


def _dataclass_dict(obj: Any) -> Any:
    if is_dataclass(obj):
        return {f.name: _dataclass_dict(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, list):
        return [_dataclass_dict(x) for x in obj]
    return obj


def _wrap(tree: Any, parts: list[str], note: SourceNote) -> None:
    node = tree
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.get(part)
        if node is None:
            return
    last = parts[-1]
    key: Any = int(last) if isinstance(node, list) else last
    wrapper: dict[str, Any] = {"value": node[key]}
    if note.source:
        wrapper["source"] = note.source
    if note.assumption:
        wrapper["assumption"] = True
    node[key] = wrapper


def iter_param_leaves(obj: Any, prefix: str = "") -> typing.Iterator[tuple[str, Any, type, str]]:
    """(dotted path, value, owning dataclass, field name) for every leaf parameter."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        path = f"{prefix}{f.name}"
        if is_dataclass(value):
            yield from iter_param_leaves(value, path + ".")
        elif isinstance(value, list) and value and is_dataclass(value[0]):
            for i, item in enumerate(value):
                yield from iter_param_leaves(item, f"{path}.{i}.")
        else:
            yield path, value, type(obj), f.name
