"""Give freed memory back to the system (glibc on Linux; elsewhere these do nothing).

A screen's pictures are large (a 1280x720 layer is 3.7 MB). glibc's malloc raises its mmap
threshold each time such a block is freed, so later screens' pictures come from the heap, and
freed heap stays in the process: the game's RSS grew by ~25 MB of freed memory over a run
(measured in benchmarks/bench_game.py, "after malloc_trim"). `setup()` fixes the threshold
(M_MMAP_THRESHOLD), so every large picture is its own mapping and goes back to the system when
freed; `trim()` (malloc_trim) returns the freed heap after a screen is closed. Windows and
macOS return large blocks by themselves; there `setup()` and `trim()` do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
MMAP_THRESHOLD = 256 * 1024  # blocks this big or bigger: their own mapping (glibc's default 128 KB)


@cache
def _libc():
    """glibc, or None (another C library, another system)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt, libc.malloc_trim  # noqa: B018 - musl has no malloc_trim: not glibc
    except (OSError, AttributeError):
        return None
    return libc


def setup() -> bool:
    """Large blocks always mapped on their own (no growing threshold). True if done."""
    libc = _libc()
    return bool(libc is not None and libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def trim() -> bool:
    """Give the heap's free pages back to the system. True if some were."""
    libc = _libc()
    return bool(libc is not None and libc.malloc_trim(0))
