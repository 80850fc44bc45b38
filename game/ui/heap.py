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
    thousand objects, 1-6 ms). Freezing moves them to a generation that is never collected; no
    object is kept alive by it (reference counting frees them as before), only a cycle among
    them that became garbage before this moment stays (start-up's, once). Once per process."""
    if _heap_settled:
        return
    _heap_settled.append(True)
    gc.freeze()


def _glibc(name: str, *argtypes):
    """One of glibc's malloc functions (returning an int), or None (another C library, another
    system)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), name)
    except (OSError, AttributeError):  # musl has neither malloc_trim nor mallopt
        return None
    func.argtypes = list(argtypes)
    func.restype = ctypes.c_int
    return func


_trim: list = []

M_MMAP_THRESHOLD = -3  # mallopt's parameter (glibc's malloc.h)
BIG_BLOCK = 128 * 1024  # glibc's own starting threshold


def map_big_blocks() -> bool:
    """Have glibc give every block over 128 KiB (a picture of a button or a panel and up) its
    own mapping, handed back to the system when freed, for the whole run. glibc starts so, but
    raises the threshold to the size of each big block freed (up to 32 MB): after the first
    window-sized picture is dropped, pictures go into the heap, and the holes they leave between
    live objects stay in RSS (~20-25 MB in the month loop and the debrief; issue 17). Setting
    it once switches that raising off. Called before pygame is imported (`game/ui/__init__`).
    False off glibc."""
    mallopt = _glibc("mallopt", ctypes.c_int, ctypes.c_int)
    return mallopt is not None and mallopt(M_MMAP_THRESHOLD, BIG_BLOCK) == 1


def give_back() -> None:
    """Hand the heap's freed pages back to the system (glibc keeps them: 20-35 MB of the
    debrief's RSS was heap freed by the screens before it and by its own steps' builds, in
    holes between live pictures). ~0.5-2 ms; pages used again later are faulted in again, so
    it is called where little is built next: in the debrief's idle frames after a step was
    built or torn down, not in the month loop (measured there: build frames 1.2-1.7x slower,
    benchmarks/README.md). A no-op off glibc."""
    if not _trim:
        _trim.append(_glibc("malloc_trim", ctypes.c_size_t))
    if _trim[0] is not None:
        _trim[0](0)
