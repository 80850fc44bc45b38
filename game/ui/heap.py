"""Python's cycle collector, the game's long-lived objects, and freed heap (issue 17)."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys

_heap_settled: list[bool] = []


def settle_heap() -> None:
    """Tell Python's cycle collector that what exists now lives as long as the program
    (modules, classes, the theme, the fonts, the scenario list: ~60,000 objects once the
    title's warm-up has imported every screen). A full collection walked all of them, 45-130 ms
    in one frame at any moment of a run (issue 17); it now walks only what came later (a few
    thousand objects, 1-6 ms). Freezing moves them to a generation that is never collected:
    reference counting frees them as before, but a cycle among them is never freed, whether it
    was garbage already or becomes garbage later. So what the title's screens hold when this runs
    must not be cyclic: pygame_gui's text layouts were (row -> layout -> rows; ~8-11 MB of the
    title's and picker's words kept through the run, issue 17), and `widgets.shapes.install`
    makes a row's layout a weak reference. Once per process."""
    if _heap_settled:
        return
    _heap_settled.append(True)
    gc.freeze()


def _malloc_trim():
    """glibc's malloc_trim, or None (another C library, another system)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # musl has no malloc_trim
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_trim: list = []


def give_back() -> None:
    """Hand the heap's freed pages back to the system (glibc keeps them: 20-35 MB of the
    debrief's RSS was heap freed by the screens before it and by its own steps' builds, in
    holes between live pictures). ~0.5-2 ms; pages used again later are faulted in again, so
    it is called where little is built next: in the debrief's idle frames after a step was
    built or torn down, and once under the last month's result before the ending is painted
    ahead there (the run's peak: month.py), not in the month loop (measured there: build frames
    1.2-1.7x slower, benchmarks/README.md; a window-sized picture made on handed-back pages
    costs ~1.5 ms more of page faults). A no-op off glibc."""
    if not _trim:
        _trim.append(_malloc_trim())
    if _trim[0] is not None:
        _trim[0](0)
