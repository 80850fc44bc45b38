"""The built-in scenarios, checked ahead: what the game's process loads them from (issue 17).

The loader (loader.py) checks a file with pydantic and the schema's models; importing them and
building their validators is ~15 MB of a playing game's memory (pydantic 3-4, the models and the
loader's modules ~11, a loaded scenario's validators ~2), kept for the whole run although a run
only reads its scenario's plain data (plain.py). The built-in scenarios are the game's own files:
`python -m game.scenario.checked` loads each with the loader and writes what it gave, as plain
data, into `scenarios/checked/NAME.json`; the game reads a built-in from there when the file and its
`extends:` chain are byte for byte the ones checked, and the core's defaults are the same (a
fingerprint). Anything else (an instructor's file, a built-in edited since, a saved scenario)
goes through the loader as before, with its messages. tests/scenario/test_checked.py fails when
a file there is not what the loader gives now, and checks a scenario read from it equals the
loader's, value for value.
"""

from __future__ import annotations

import json
import os
import sys
import weakref
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from game.core.params import Params
from game.scenario import builtin, plain
from game.scenario.builtin import BuiltinInfo, display, find_scenario

CHECKED_DIR = "checked"
FORMAT = 1  # raise when the files' layout (or what a scenario holds) changes


# --- what the game calls --------------------------------------------------------------------


def load_scenario(path_or_name: str | os.PathLike[str]) -> plain.Scenario:
    """`loader.load_scenario`, from scenarios/checked/ for a built-in checked ahead (no pydantic)."""
    path = find_scenario(path_or_name)
    if path is not None:
        sc = _from_checked(path, os.fspath(path_or_name))
        if sc is not None:
            return sc
    from game.scenario import loader  # noqa: PLC0415 - pydantic and the models: ~15 MB

    return loader.load_scenario(path_or_name)


def list_builtin(between=None) -> list[BuiltinInfo]:
    """`loader.list_builtin`: the built-in scenarios for the picker, in their `order`; those not
    checked ahead (or broken: listed with their problems) through the loader. `between()` is
    called between two scenarios (the title's warm-up waits there for its next turn)."""
    out: list[BuiltinInfo] = []
    for n, name in enumerate(builtin.builtin_names()):
        if n and between is not None:
            between()
        path = next(
            builtin.BUILTIN_DIR / f"{name}{s}"
            for s in builtin.SUFFIXES
            if (builtin.BUILTIN_DIR / f"{name}{s}").is_file()
        )
        sc = _from_checked(path, os.fspath(path))
        if sc is None:
            from game.scenario import loader  # noqa: PLC0415

            try:
                sc = loader.load_scenario(path)
            except loader.ScenarioError as exc:
                out.append(
                    BuiltinInfo(
                        name,
                        name,
                        None,
                        "",
                        0,
                        "",
                        path,
                        1000,
                        tuple(exc.problems),
                        tuple(exc.details),
                    )
                )
                continue
        out.append(
            BuiltinInfo(
                name, sc.title, sc.year, sc.place, sc.months, sc.summary, path, sc.story.order
            )
        )
    return sorted(out, key=lambda b: (b.order, b.name))


# --- reading scenarios/checked/ ----------------------------------------------------------------


@cache
def defaults_fingerprint() -> int:
    """The core's default parameters (and this file's format): a scenario checked under other
    defaults is not read from its checked file."""
    blob = json.dumps([FORMAT, plain.dump(Params())], sort_keys=True, default=str)
    return zlib.crc32(blob.encode("utf-8"))


def _file_mark(path: Path) -> list[int] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return [len(data), zlib.crc32(data)]


def _entry(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((builtin.BUILTIN_DIR / CHECKED_DIR / f"{path.stem}.json").read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != defaults_fingerprint():
        return None
    return data


def _from_checked(path: Path, shown: str) -> plain.Scenario | None:
    """The scenario at `path` from its checked file, or None: not a built-in, not checked, or its
    file (or a base it extends) changed since."""
    try:
        if path.resolve().parent != builtin.BUILTIN_DIR.resolve():
            return None
    except (OSError, ValueError):
        return None
    entry = _entry(path)
    if entry is None or entry.get("file") != path.name:
        return None
    try:
        for name, mark in entry["marks"].items():
            if _file_mark(builtin.BUILTIN_DIR / name) != mark:
                return None
        files = (shown, *(display((builtin.BUILTIN_DIR / b).resolve()) for b in entry["bases"]))
        return plain.Scenario(
            story=plain.build(plain.Story, entry["story"]),
            params=plain.build_params(Params, entry["params"]),
            name=path.stem,
            path=path,
            files=files,
            trade_names=dict(entry["trade_names"]),
            notes={
                k: plain.SourceNote(source, assumption, files[i])
                for k, (source, assumption, i) in entry["notes"].items()
            },
        )
    except (KeyError, TypeError, ValueError, IndexError):  # a damaged file: the loader reads it
        return None


# --- a run's data read back: this process's own (the epilogue's copy), a saved run of a built-in --

_vouched: list[weakref.ref] = []  # scenarios and parameters a run of this process played with


def vouch(*objs: Any) -> None:
    """`objs` (a run's scenario, its engine's parameters) are checked already: the same data
    read back in this process (a save of the run, the epilogue's copy of it) is taken as it
    is, without the loader (which brings pydantic: ~15 MB, at the end of the month loop)."""
    alive = [r for r in _vouched if r() is not None]
    for obj in objs:  # (a fallback story or a test's stand-in: not vouched for)
        if isinstance(obj, (plain.Scenario, Params)) and not any(r() is obj for r in alive):
            alive.append(weakref.ref(obj))
    _vouched[:] = alive[-8:]


def _text(data: Any) -> str | None:
    try:  # exact: 1, 1.0 and true are three texts
        return json.dumps(data, sort_keys=True, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        return None


def vouched_params(value: Any) -> Params | None:
    """Parameters a run of this process played with, or a built-in's as checked ahead, if
    `value` is their data exactly (a fresh copy); else None (the loader checks them)."""
    text = _text(value)
    if text is None:
        return None
    for ref in _vouched:
        obj = ref()
        if isinstance(obj, Params) and _text(plain.dump(obj)) == text:
            return plain.build_params(Params, plain.dump(obj))
    for path, entry in _entries():
        if _text(entry.get("params")) == text and _from_checked(path, path.stem) is not None:
            return plain.build_params(Params, entry["params"])
    return None


def vouched_scenario(data: Any, shown: str) -> plain.Scenario | None:
    """The scenario `loader.load_scenario_data(data, shown)` gives, if `data` is exactly the
    `to_dict()` of a scenario a run of this process played, or of a built-in as checked ahead
    (a saved run of it, loaded: without pydantic); else None."""
    text = _text(data)
    if text is None or not isinstance(data, dict):
        return None
    for ref in _vouched:
        sc = ref()
        if isinstance(sc, plain.Scenario) and _text(sc.to_dict()) == text:
            return as_saved(sc, shown)
    title = _text(data.get("title"))
    for path, entry in _entries():
        story = entry.get("story")
        if not isinstance(story, dict) or _text(story.get("title")) != title:
            continue  # (a save names no built-in: its title picks the one to compare)
        sc = _from_checked(path, path.stem)
        if sc is not None and _text(sc.to_dict()) == text:
            return as_saved(sc, shown)
    return None


def _entries():
    """(the built-in's file, its checked entry) for each built-in checked ahead."""
    for name in builtin.builtin_names():
        path = next(
            (
                builtin.BUILTIN_DIR / f"{name}{s}"
                for s in builtin.SUFFIXES
                if (builtin.BUILTIN_DIR / f"{name}{s}").is_file()
            ),
            None,
        )
        entry = _entry(path) if path is not None else None
        if entry is not None and entry.get("file") == path.name:
            yield path, entry


def as_saved(sc: plain.Scenario, shown: str) -> plain.Scenario | None:
    """`sc` (read from its checked file) as the loader reads its `to_dict()` back: named
    `shown`, every parameter's source as the data gives it (the file keeps them), the trades'
    names by language. None for a scenario not read from a checked file."""
    entry = _entry(sc.path) if sc.path is not None else None
    if entry is None or "saved_notes" not in entry:
        return None
    data = sc.to_dict()
    names = {t["key"]: dict(t["name"]) for t in data["trades"] if isinstance(t["name"], dict)}
    return plain.Scenario(
        story=sc.story,
        params=plain.build_params(Params, plain.dump(sc.params)),
        name=Path(shown).stem,
        path=None,
        files=(shown,),
        trade_names=names,
        notes={
            k: plain.SourceNote(source, assumption, shown)
            for k, (source, assumption) in entry["saved_notes"].items()
        },
    )


# --- writing it (python -m game.scenario.checked) --------------------------------------------


def checked_entry(name: str) -> dict[str, Any] | None:
    """What the checked file holds for built-in `name`, from the loader; None if it cannot be held
    (a broken file, or one that extends a file outside the built-ins)."""
    from game.scenario import loader  # noqa: PLC0415

    path = find_scenario(name)
    if path is None:
        return None
    shown = os.fspath(path)
    try:
        sc = loader.load_scenario(path)
    except loader.ScenarioError:
        return None
    by_display = {
        display(p.resolve()): p.name for p in builtin.BUILTIN_DIR.iterdir() if p.is_file()
    }
    if sc.files[:1] != (shown,) or any(f not in by_display for f in sc.files[1:]):
        return None
    bases = [by_display[f] for f in sc.files[1:]]
    notes = {}
    for key, note in sc.notes.items():
        if note.file not in sc.files:
            return None
        notes[key] = [note.source, note.assumption, sc.files.index(note.file)]
    marks = {n: _file_mark(builtin.BUILTIN_DIR / n) for n in [path.name, *bases]}
    saved = loader.load_scenario_data(sc.to_dict(), "scenario")  # a save of it, read back
    if any(note.file != "scenario" for note in saved.notes.values()):
        return None
    return {
        "about": "built-in scenario as the loader checked it: `python -m game.scenario.checked`",
        "fingerprint": defaults_fingerprint(),
        "file": path.name,
        "marks": marks,
        "bases": bases,
        "story": plain.dump(sc.story),
        "params": plain.dump(sc.params),
        "trade_names": plain.dump(sc.trade_names),
        "notes": notes,
        "saved_notes": {k: [n.source, n.assumption] for k, n in saved.notes.items()},
    }


def checked_text(name: str) -> str | None:
    """The text of built-in `name`'s checked file (None: the loader must read it)."""
    entry = checked_entry(name)
    if entry is None:
        return None
    return json.dumps(entry, ensure_ascii=False, indent=1) + "\n"  # dicts in their order


def main() -> int:
    folder = builtin.BUILTIN_DIR / CHECKED_DIR
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    names = builtin.builtin_names()
    written = 0
    for name in names:
        text = checked_text(name)
        if text is not None:
            (folder / f"{name}.json").write_text(text, encoding="utf-8")
            written += 1
    print(f"wrote {folder}: {written} of {len(names)} built-in scenarios")
    return 0


if __name__ == "__main__":
    sys.exit(main())
