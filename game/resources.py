"""Where the game's own files are: the translations (assets/) and the built-in scenarios
(scenarios/). In a clone they sit beside the `game` package; an installed wheel and the
PyInstaller build carry them inside it, as ``game/_data/assets`` and ``game/_data/scenarios``
(pyproject.toml and packaging/iron-rice-bowl.spec put them there)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED = PACKAGE_DIR / "_data"  # only in an installed package or a build
SOURCE_ROOT = PACKAGE_DIR.parent  # the clone's root


def folder(name: str) -> Path:
    """The folder of the game's own `name` ("assets" or "scenarios"), installed or not."""
    packaged = PACKAGED / name
    return packaged if packaged.is_dir() else SOURCE_ROOT / name
