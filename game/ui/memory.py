"""Keep the C heap from holding on to memory the game has already freed (glibc only).

pygame_gui draws every rounded widget at 4x size on scratch surfaces (0.5-15 MB each) and frees
them at once. glibc raises its mmap threshold after such a free, so the next scratch surfaces
come from the heap, and the heap keeps the freed pages: at the month screen ~45 of 220 MB RSS
was freed memory (benchmarks/bench_game.py, `malloc_trim`). A fixed threshold keeps large
blocks in mmap, which goes back to the system on free; `trim()` returns what is left when a
screen is left. Elsewhere (Windows, macOS, musl) both do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_FROM = 256 * 1024  # blocks this large (a 256x256 RGBA surface) are mapped, not heaped
TRIM_FROM = 4 * 1024 * 1024  # free heap kept at the top before it is given back

_libc = None


def _glibc():
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                libc.mallopt  # noqa: B018 - glibc has both; musl has neither
                libc.malloc_trim  # noqa: B018
                _libc = libc
            except (OSError, AttributeError):
                _libc = False
    return _libc or None


def tune() -> bool:
    """Fix glibc's thresholds (once, at start-up). True if it could."""
    libc = _glibc()
    if libc is None:
        return False
    ok = libc.mallopt(M_MMAP_THRESHOLD, MMAP_FROM) == 1
    return libc.mallopt(M_TRIM_THRESHOLD, TRIM_FROM) == 1 and ok


def trim() -> None:
    """Give freed heap back to the system (a few ms; call it when a screen has changed)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
