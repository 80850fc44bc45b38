"""The built-in scenarios' folder and names: what the picker, the loader and checked.py share,
without the loader's modules (pydantic: checked.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game import resources

BUILTIN_DIR = resources.folder("scenarios")
SUFFIXES = (".yaml", ".yml")


def names_in(folder: Path) -> list[str]:
    """The scenario names (file stems) in `folder`, sorted; none if it is not a folder."""
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def builtin_names() -> list[str]:
    return names_in(BUILTIN_DIR)


def display(path: Path) -> str:
    """A file's name as messages show it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def find_scenario(name: str | os.PathLike[str], folder: Path | None = None) -> Path | None:
    """A built-in name ("steel_town_2016") or a file path -> the file, or None (the loader's
    `resolve_scenario` says what is wrong). `folder`: where the built-ins are (the loader passes
    its own, which tests point elsewhere)."""
    text = os.fspath(name)
    p = Path(text)
    try:
        if p.exists():
            return p
    except (OSError, ValueError):  # too long for the system, or a NUL: no such file
        pass
    stem = p.stem if p.suffix in SUFFIXES and len(p.parts) == 1 else text
    for suffix in SUFFIXES:
        candidate = (folder or BUILTIN_DIR) / f"{stem}{suffix}"
        if "/" not in stem and "\\" not in stem and len(stem) < 200 and candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class BuiltinInfo:
    """One line of the scenario picker."""

    name: str
    title: Any
    year: int | None
    place: Any
    months: int
    summary: Any
    path: Path
    order: int = 100
    problems: tuple[str, ...] = ()  # as a terminal prints them
    details: tuple[Any, ...] = ()  # the same, each a yamlread.Problem (for a screen: said.py)
