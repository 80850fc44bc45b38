"""Give the C heap's freed memory back to the system after a screen change (glibc only).

pygame_gui draws every rounded widget at 4x size on scratch surfaces (0.5-15 MB each) and frees
them at once; glibc keeps most of that freed heap: at the month screen ~45 of 220 MB RSS was
freed memory (benchmarks/bench_game.py, `malloc_trim`). `trim()` returns it, half a second after
a screen has changed (about 0.5 ms of CPU, at most ~1.6 ms in a whole bot run).

Fixing glibc's mmap threshold instead (mallopt M_MMAP_THRESHOLD 256 KB) kept ~35 MB less while
playing but made building a screen 1.2-1.7x slower (every big surface a fresh, page-faulted
mapping), so it is not done. Elsewhere (Windows, macOS, musl) `trim()` does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_libc = None


def _glibc():
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                libc.malloc_trim  # noqa: B018 - glibc has it; musl has not
                _libc = libc
            except (OSError, AttributeError):
                _libc = False
    return _libc or None


def trim() -> None:
    """Give freed heap back to the system (call it when a screen has settled)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
