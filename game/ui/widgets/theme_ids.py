"""pygame_gui's theme look-up key for an element, made without a quadratic string.

Every element pygame_gui builds asks its theme for the element's "combined ids" (button,
@menu.button, #new_game, ...). pygame_gui (0.6.14) remembers the answer under a key made with
`str(a).join(str(b).join(str(c)).join(str(d)))`: `join` puts the whole of one string between
every character of the next, so the key of an element in a container grows to tens of
kilobytes. The settings screen spent ~27 ms of its first frame building such keys (issue 17).
Here the key is a tuple of the same four lists; the ids computed are pygame_gui's own.

`install()` is called once by the app.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pygame_gui
from pygame_gui.core.ui_appearance_theme import UIAppearanceTheme

_original = UIAppearanceTheme.build_all_combined_ids


def _key(ids) -> tuple | None:
    return None if ids is None else tuple(ids)


def build_all_combined_ids(self, element_base_ids, element_ids, class_ids, object_ids):
    key = (_key(element_base_ids), _key(element_ids), _key(class_ids), _key(object_ids))
    known = self.__dict__.setdefault("_irb_combined_ids", {})
    found = known.get(key)
    if found is not None:
        return found
    combined: list[str] = []
    if None not in key:
        if not len(object_ids) == len(class_ids) == len(element_base_ids) == len(element_ids):
            return _original(self, element_base_ids, element_ids, class_ids, object_ids)  # raises
        if element_ids:
            self._get_next_id_node(
                None,
                element_base_ids,
                element_ids,
                class_ids,
                object_ids,
                0,
                len(element_ids),
                combined,
            )
        # then each id with its leading parts dropped, one part at a time (as pygame_gui does)
        current = combined[:]
        done = not current
        while not done:
            for index, current_id in enumerate(current):
                stop = current_id.find(".")
                if stop == -1:
                    done = True
                else:
                    current[index] = current_id[stop + 1 :]
                    combined.append(current[index])
    known[key] = combined
    return combined


# Both this module and shapes.py reach into pygame_gui's internals as of this version (the pin
# in requirements.txt); under any other version the game leaves pygame_gui to work its own way.
TESTED_PYGAME_GUI = "0.6.14"


@cache
def fits_this_pygame_gui() -> bool:
    return _installed_version("pygame_gui") == TESTED_PYGAME_GUI


def _installed_version(name: str) -> str | None:
    """The package's version from the METADATA of its dist-info beside it, as importlib.metadata
    reads it: importing importlib.metadata (email, csv, calendar) cost ~1.5 MB of RSS and ~40 ms
    at start-up (issue 17). importlib.metadata where there is no such folder."""
    for info in sorted(Path(pygame_gui.__file__).parent.parent.glob(f"{name}-*.dist-info")):
        try:
            head = (info / "METADATA").read_text(encoding="utf-8").split("\n\n", 1)[0]
        except OSError:
            continue
        for line in head.splitlines():
            if line.startswith("Version:"):
                return line.partition(":")[2].strip()
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def install() -> None:
    UIAppearanceTheme.build_all_combined_ids = build_all_combined_ids  # type: ignore[method-assign]


def uninstall() -> None:
    UIAppearanceTheme.build_all_combined_ids = _original  # type: ignore[method-assign]
