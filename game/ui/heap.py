"""Python's cycle collector, the game's long-lived objects, and freed heap (issue 17)."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import sys
import time

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


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()
    ]


def _mallinfo2():
    """glibc's mallinfo2, or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        info = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallinfo2
    except (OSError, AttributeError):  # musl, glibc before 2.33
        return None
    info.restype = _MallInfo2
    return info


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class IdleGiveBack:
    """Freed heap handed back in a quiet frame once enough of it has piled up (issue 17).

    glibc keeps what the screens free in holes between live blocks; the holes stay resident
    until a `malloc_trim`. Every `CHECK_FRAMES` frames this looks at how far resident memory
    grew since the last hand-back beyond what malloc's callers hold (VmRSS and `mallinfo2`'s
    in-use bytes: ~0.1 ms); at `GARBAGE_BYTES` or more it hands the heap back (~0.5-2 ms) in the
    next quiet frame: no input, no new screen, no fade, nothing built ahead. A hole used again
    later is faulted in again (~0.6 ms per MB here): a screen that builds often and frees what
    it built (the month's results) pays that when it builds, hence the threshold. A no-op off
    glibc."""

    CHECK_FRAMES = 30  # ~0.5 s at 60 frames a second
    GARBAGE_BYTES = 6 * 1024 * 1024

    def __init__(self) -> None:
        self._info = _mallinfo2()
        self._frames = 0
        self._due = False  # enough piled up: handed back in the next quiet frame
        self._since: tuple[int, int] | None = None  # (resident, in use) after the last one
        self.spent: list[float] = []  # each hand-back's CPU seconds (benchmarks/bench_memory.py)

    def frame(self, quiet: bool) -> bool:
        """Called once a frame; `quiet`: nothing was built or asked for in it. True if the
        heap was handed back in it."""
        if self._info is None:
            return False
        if self._due:
            if not quiet:
                return False
            self._due = False
            start = time.thread_time()
            give_back()
            self.spent.append(time.thread_time() - start)
            self._since = self._measure()
            return True
        self._frames += 1
        if self._frames < self.CHECK_FRAMES:
            return False
        self._frames = 0
        now = self._measure()
        if now is None:
            return False
        if self._since is None:
            self._since = now
            return False
        grew = (now[0] - self._since[0]) - (now[1] - self._since[1])
        if grew >= self.GARBAGE_BYTES:
            self._due = True
        elif now[0] < self._since[0]:  # (memory went down: measured from there)
            self._since = now
        return False

    def _measure(self) -> tuple[int, int] | None:
        resident = _resident_bytes()
        if resident is None or self._info is None:
            return None
        info = self._info()
        return resident, info.uordblks + info.hblkhd
