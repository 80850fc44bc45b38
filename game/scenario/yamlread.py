"""Safe YAML reading: bytes in, a tree of plain values that remembers where each came from.

Any file in, a tree or a list of problems out. Guards, in order:

- the file must be a regular file of at most 1 MiB (a FIFO or a device would block or never end);
- no NUL bytes (binary), and valid UTF-8 (a UTF-8 byte-order mark is accepted);
- the YAML is parsed into *events* by PyYAML's (C, when available) parser, a subclass of its
  ``SafeLoader`` family, and the event stream is composed into values by an iterative
  composer here, so nothing recurses on the input's depth: nesting depth, the number of nodes
  and the number of aliases are bounded while reading, before anything is built;
- an alias is counted with the full size of what it repeats, so a "billion laughs" file
  (a few hundred bytes that expand to billions of values) stops at the node limit;
- only the standard tags (str, int, float, bool, null, seq, map); ``!!python/...`` and any
  other tag is a problem, never a constructor call;
- numbers must be finite and of a sane magnitude (no ``.nan``, ``.inf``, ``1e400`` or a
  5,000-digit integer).

Mappings come back as :class:`YMap` (a dict that also keeps the line and column of every key
and value), sequences as :class:`YList`. Scalars are plain ``str``/``int``/``float``/``bool``/
``None``. A value that could not be read is replaced by :data:`BAD` after its problem is
recorded, so the checks that follow can skip it and still report everything else.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from game.plaintext import MAX_MARKS, calm, stacked_marks

MAX_BYTES = 1 << 20
MAX_DEPTH = 40
MAX_NODES = 50_000
MAX_ALIASES = 16
MAX_ABS_NUMBER = 1e12

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP = _TAG + "seq", _TAG + "map"
_KEEP_AS_TEXT = {_TAG + "timestamp", _TAG + "merge", _TAG + "value", _TAG + "binary"}

_BaseLoader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class _EventLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader (the C one when libyaml is present), used only for its parser and
    its resolver; composing and constructing are done by :func:`_compose` below."""


# YAML 1.1 reads `1e5` and `2E-3` as text; instructors mean numbers (as in YAML 1.2).
_EventLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


_constructor = yaml.constructor.SafeConstructor()


@dataclass(frozen=True, order=True)
class Mark:
    """Where something is in a file: 1-based line and column, as editors count."""

    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, with its place and the field it concerns.

    `message`: the English words a terminal prints (`validate`, `check`). `kind` and `values`:
    the same problem for a screen to say in the player's language without a file's name
    (game/scenario/said.py): "unknown_key" with name and hint, "out_of_range" with low, high
    and got, ... ("other": a problem not sorted yet, said in general words)."""

    mark: Mark
    path: str
    message: str
    kind: str = "other"
    values: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        line = f"{self.mark.file}:{self.mark.line}:{self.mark.column}: {self.path or '(file)'}: {self.message}"
        return calm(line)  # a message may echo the text it refuses


class _Bad:
    """A value that could not be read (its problem is already recorded)."""

    _instance: _Bad | None = None

    def __new__(cls) -> _Bad:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "BAD"

    def __deepcopy__(self, memo: dict) -> _Bad:
        return self


BAD = _Bad()


class YMap(dict):
    """A mapping read from YAML; remembers the position of itself, its keys and its values."""

    mark: Mark
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]

    def __init__(self, *args: Any, mark: Mark | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark = mark or Mark("", 1, 1)
        self.key_marks = {}
        self.value_marks = {}

    def copy(self) -> YMap:  # type: ignore[override]
        new = YMap(self, mark=self.mark)
        new.key_marks = dict(self.key_marks)
        new.value_marks = dict(self.value_marks)
        return new


class YList(list):
    """A sequence read from YAML; remembers its own position and each item's."""

    mark: Mark
    item_marks: list[Mark]

    def __init__(self, *args: Any, mark: Mark | None = None) -> None:
        super().__init__(*args)
        self.mark = mark or Mark("", 1, 1)
        self.item_marks = []


class ReadError(Exception):
    """Reading stopped: the file cannot be turned into a tree at all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _mark(name: str, m: Any) -> Mark:
    if m is None:
        return Mark(name, 1, 1)
    return Mark(name, int(m.line) + 1, int(m.column) + 1)


def _whole_file(
    name: str, message: str, line: int = 1, column: int = 1, kind: str = "unreadable"
) -> ReadError:
    return ReadError([Problem(Mark(name, line, column), "", message, kind)])


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, or ReadError if it is missing, not a regular file or too large."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _whole_file(name, "no such file (expected a scenario .yaml file)") from None
    except OSError as exc:
        raise _whole_file(name, f"cannot read the file ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise _whole_file(name, "this is a folder (expected a scenario .yaml file)")
    if not stat.S_ISREG(st.st_mode):
        raise _whole_file(name, "not a regular file (expected a scenario .yaml file)")
    if st.st_size > MAX_BYTES:
        raise _whole_file(
            name,
            f"the file is too large (expected at most {MAX_BYTES:,} bytes; got {st.st_size:,})",
        )
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _whole_file(name, f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise _whole_file(
            name, f"the file is too large (expected at most {MAX_BYTES:,} bytes; got more)"
        )
    return data


def decode(data: bytes, name: str) -> str:
    """UTF-8 text without NUL bytes, or ReadError with a plain explanation."""
    if len(data) > MAX_BYTES:
        raise _whole_file(
            name, f"the file is too large (expected at most {MAX_BYTES:,} bytes; got {len(data):,})"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _whole_file(
            name,
            "the file is saved as UTF-16 (expected UTF-8 text; save it as UTF-8)",
            kind="not_utf8",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise _whole_file(
            name, "this is a binary file, not text (expected UTF-8 YAML text; got a NUL byte)", line
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex().upper()
        raise _whole_file(
            name,
            f"the file is not UTF-8 text (expected UTF-8; got byte 0x{bad}); save it as UTF-8",
            line,
            column,
            "not_utf8",
        ) from None
    return text


def _number_problem(value: Any, text: str) -> str | None:
    shown = text if len(text) <= 24 else text[:21] + "..."
    if isinstance(value, float) and value != value:
        return f"not a number (expected a finite number; got {shown})"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return f"not a finite number (expected a finite number of at most {MAX_ABS_NUMBER:g} in size; got {shown})"
    if abs(value) > MAX_ABS_NUMBER:
        return f"number too large (expected at most {MAX_ABS_NUMBER:g} in size; got {shown})"
    return None


def _scalar(loader: Any, ev: Any, name: str, problems: list[Problem], path: str) -> Any:
    value = ev.value
    tag = ev.tag
    where = _mark(name, ev.start_mark)
    if tag is None:
        tag = loader.resolve(yaml.ScalarNode, value, ev.implicit)
    elif tag == "!":
        tag = _STR
    if tag == _STR or tag in _KEEP_AS_TEXT:
        trouble = text_problem(value)
        if trouble:
            problems.append(Problem(where, path, trouble, "text_marks"))
            return BAD
        return value
    if tag in (_INT, _FLOAT, _BOOL, _NULL):
        node = yaml.ScalarNode(tag, value, ev.start_mark, ev.end_mark)
        try:
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return _constructor.construct_yaml_bool(node)
            number = (
                _constructor.construct_yaml_int
                if tag == _INT
                else _constructor.construct_yaml_float
            )(node)
        except (
            Exception
        ):  # PyYAML's constructors fail in odd ways on odd text ('!!int ' -> IndexError)
            shown = value if len(value) <= 20 else value[:17] + "..."
            problems.append(
                Problem(
                    where,
                    path,
                    f"cannot read this number (expected a number of sane size; got {shown!r})",
                    "wrong_type",
                    {"want": "number", "got": shown},
                )
            )
            return BAD
        trouble = _number_problem(number, value)
        if trouble:
            shown = value if len(value) <= 24 else value[:21] + "..."
            problems.append(Problem(where, path, trouble, "bad_number", {"got": shown}))
            return BAD
        return number
    problems.append(_tag_problem(where, path, tag))
    return BAD


def text_problem(text: str) -> str | None:
    """Why the game cannot draw `text`, or None (letters buried under combining marks)."""
    marks = stacked_marks(text)
    if marks > MAX_MARKS:
        return (
            f"too many accent marks stacked on one letter: the game cannot draw it "
            f"(expected at most {MAX_MARKS} on a letter; got {marks:,})"
        )
    return None


def _tag_problem(where: Mark, path: str, tag: str) -> Problem:
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    return Problem(where, path, _tag_message(tag), "yaml_feature", {"got": shown[:60]})


def _tag_message(tag: str) -> str:
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return (
        f"the tag {shown} is not allowed (expected plain values, lists and mappings; "
        f"got {shown}); scenario files cannot run code or build objects"
    )


def _size(value: Any) -> int:
    """Number of nodes in an already-built value (for counting what an alias repeats)."""
    return getattr(value, "_size", 1) if isinstance(value, (YMap, YList)) else 1


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?[^\s#"'][^#"']*?:\s+(["'])(.*)$""")


def _unclosed_quote(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """(line, column, words) for a quote that is never closed, or None. PyYAML reads on to the
    end of the file or to the next quote and reports there; the instructor needs the opening.
    A quoted value may run over several lines, so this only names a line that opened a quote
    without closing it, before the place the error was found."""
    lines = text.splitlines()
    context = str(exc.context or "")
    if "quoted scalar" in context and exc.context_mark is not None:
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
    else:
        stop = exc.problem_mark.line if exc.problem_mark is not None else len(lines)
        found = None
        for i, raw in enumerate(lines[:stop]):
            m = _QUOTED_VALUE.match(raw)
            if m and not _closes(m.group(1), m.group(2)):
                found = (i + 1, m.start(1) + 1)
        if found is None:
            return None
        line, column = found
    quote = (
        lines[line - 1][column - 1]
        if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1])
        else '"'
    )
    return (
        line,
        column,
        f"a quote opened here is never closed on its line (expected a closing {quote} "
        "at the end of the value; YAML read on past it and stopped further down)",
    )


def _closes(quote: str, rest: str) -> bool:
    """Whether `rest` (what follows an opening quote on its line) closes it."""
    if quote == "'":
        return "'" in rest.replace("''", "")
    escaped = False
    for ch in rest:
        if ch == "\\" and not escaped:
            escaped = True
            continue
        if ch == '"' and not escaped:
            return True
        escaped = False
    return False


def parse(text: str, name: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into a located tree.

    Returns (tree, problems) where problems are non-fatal ones (bad tags, duplicate keys,
    bad numbers: the value became BAD). Raises ReadError for what stops reading (syntax,
    limits, no document or several documents).
    """
    problems: list[Problem] = []
    loader = _EventLoader(text)
    try:
        return _compose(loader, name, problems), problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        where = _mark(name, mark)
        unclosed = _unclosed_quote(exc, text)
        if unclosed:
            where, what = Mark(name, unclosed[0], unclosed[1]), unclosed[2]
        line = text.splitlines()[where.line - 1] if where.line - 1 < len(text.splitlines()) else ""
        kind = "yaml_syntax"
        if "\t" in line[: where.column]:
            what += "; tabs cannot indent YAML: use spaces"
            kind = "yaml_tab"
        raise ReadError([Problem(where, "", f"YAML syntax error: {what}", kind)]) from None
    except yaml.reader.ReaderError as exc:
        pos = max(0, min(int(exc.position), len(text)))
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        code = f"#x{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise ReadError(
            [
                Problem(
                    Mark(name, line, column),
                    "",
                    f"a character YAML does not allow (expected printable text; got {code}: {exc.reason})",
                    "bad_character",
                    {"got": code},
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ReadError(
            [Problem(Mark(name, 1, 1), "", f"YAML syntax error: {exc}", "yaml_syntax")]
        ) from None
    finally:
        loader.dispose()


class _Frame:
    __slots__ = ("container", "anchor", "key", "key_mark", "skip_value", "size", "path", "bad")

    def __init__(self, container: YMap | YList, anchor: str | None, path: str) -> None:
        self.container = container
        self.anchor = anchor
        self.key: str | None = None
        self.key_mark: Mark | None = None
        self.skip_value = False
        self.size = 1
        self.path = path
        self.bad = False


def _child_path(frame: _Frame | None) -> str:
    if frame is None:
        return ""
    if isinstance(frame.container, YList):
        index = str(len(frame.container))
        return f"{frame.path}.{index}" if frame.path else index
    if frame.key is None:
        return frame.path
    return f"{frame.path}.{frame.key}" if frame.path else frame.key


def _compose(loader: Any, name: str, problems: list[Problem]) -> Any:
    anchors: dict[str, Any] = {}
    stack: list[_Frame] = []
    nodes = 0
    aliases = 0
    documents = 0
    root: Any = None
    have_root = False

    def limit(message: str, ev: Any) -> ReadError:
        return ReadError([Problem(_mark(name, ev.start_mark), "", message, "unreadable")])

    def add(value: Any, ev_mark: Mark, size: int) -> None:
        """Put a finished value into the container on top of the stack (or make it the root)."""
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            return
        top = stack[-1]
        top.size += size
        c = top.container
        if isinstance(c, YList):
            c.append(value)
            c.item_marks.append(ev_mark)
            return
        if top.key is None and not top.skip_value:
            # this value is a key
            if isinstance(value, (YMap, YList)) or value is BAD:
                if value is not BAD:
                    problems.append(
                        Problem(
                            ev_mark,
                            top.path,
                            "a key must be a plain word (expected name: value; got a list or mapping as a key)",
                            "key_not_word",
                        )
                    )
                top.skip_value = True
                return
            key = str(value)
            if key in c:
                first = c.key_marks[key]
                where = f"{top.path}.{key}" if top.path else key
                problems.append(
                    Problem(
                        ev_mark,
                        where,
                        f"the key {key!r} appears twice in this mapping (expected each key once; first at line {first.line})",
                        "duplicate_key",
                        {"name": key, "first_line": first.line},
                    )
                )
            if key == "<<":
                problems.append(
                    Problem(
                        ev_mark,
                        top.path,
                        "YAML merge keys (<<) are not supported (expected plain keys; got <<); use `extends:` to build on another scenario",
                        "yaml_feature",
                        {"got": "<<"},
                    )
                )
                top.skip_value = True
                return
            top.key = key
            top.key_mark = ev_mark
            return
        if top.skip_value:
            top.skip_value = False
            return
        key = top.key
        assert key is not None
        c[key] = value
        c.key_marks[key] = top.key_mark or ev_mark
        c.value_marks[key] = ev_mark
        top.key = None
        top.key_mark = None

    def expecting_key() -> bool:
        return (
            bool(stack)
            and isinstance(stack[-1].container, YMap)
            and stack[-1].key is None
            and not stack[-1].skip_value
        )

    while True:
        ev = loader.get_event()
        if ev is None or isinstance(ev, yaml.StreamEndEvent):
            break
        if isinstance(ev, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(ev, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise limit(
                    "more than one YAML document in the file (expected one scenario; got a second `---`)",
                    ev,
                )
            continue
        nodes += 1
        if nodes > MAX_NODES:
            raise limit(f"too many values in one file (expected at most {MAX_NODES:,})", ev)
        where = _mark(name, ev.start_mark)
        if isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise limit(
                    f"too many aliases (*name) (expected at most {MAX_ALIASES}; write the values out instead)",
                    ev,
                )
            if ev.anchor not in anchors:
                raise limit(
                    f"the alias *{ev.anchor} refers to no anchor defined before it (expected &{ev.anchor} earlier in the file)",
                    ev,
                )
            value = anchors[ev.anchor]
            size = _size(value)
            nodes += size - 1
            if nodes > MAX_NODES:
                raise limit(
                    f"aliases expand to too many values (expected at most {MAX_NODES:,}); this looks like a 'billion laughs' file",
                    ev,
                )
            add(value, where, size)  # shared, not copied: nothing changes the tree in place
            continue
        if isinstance(ev, yaml.ScalarEvent):
            if expecting_key():
                top = stack[-1]
                if ev.tag not in (None, "!", _STR):
                    problems.append(_tag_problem(where, top.path, ev.tag))
                    top.skip_value = True
                    continue
                value: Any = ev.value  # keys are taken as written (`no:` stays "no")
            else:
                value = _scalar(
                    loader, ev, name, problems, _child_path(stack[-1] if stack else None)
                )
            if ev.anchor:
                anchors[ev.anchor] = value
            add(value, where, 1)
            continue
        if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) + 1 > MAX_DEPTH:
                raise limit(
                    f"nested too deeply (expected at most {MAX_DEPTH} levels of lists and mappings)",
                    ev,
                )
            is_map = isinstance(ev, yaml.MappingStartEvent)
            want = _MAP if is_map else _SEQ
            container: YMap | YList = YMap(mark=where) if is_map else YList(mark=where)
            path = _child_path(stack[-1] if stack else None)
            if (
                stack
                and isinstance(stack[-1].container, YMap)
                and stack[-1].key is None
                and not stack[-1].skip_value
            ):
                path = stack[-1].path  # a mapping used as a key: reported when it ends
            frame = _Frame(container, ev.anchor, path)
            if ev.tag not in (None, "!", want):
                problems.append(_tag_problem(where, path, ev.tag))
                frame.bad = True
            stack.append(frame)
            continue
        if isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frame = stack.pop()
            done = frame.container
            done._size = frame.size  # type: ignore[union-attr]
            value = BAD if frame.bad else done
            if frame.anchor:
                anchors[frame.anchor] = value
            add(value, done.mark, frame.size)
            continue
    if documents == 0 or not have_root:
        raise ReadError(
            [
                Problem(
                    Mark(name, 1, 1),
                    "",
                    "the file is empty (expected a scenario: a mapping with at least `title:`)",
                    "empty_file",
                )
            ]
        )
    return root


def read_file(path: Path, name: str | None = None) -> tuple[Any, list[Problem]]:
    """Read, check and parse one file: (tree, non-fatal problems) or ReadError."""
    shown = name or str(path)
    text = decode(read_bytes(path, shown), shown)
    return parse(text, shown)


def plain(value: Any) -> Any:
    """A copy with YMap/YList turned into dict/list (for pydantic and for saving)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
