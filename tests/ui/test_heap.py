"""glibc's malloc after `game.ui` is imported (heap.map_big_blocks): a big block, such as a
picture of a panel, gets a mapping of its own even after a bigger one was freed, so freeing it
hands its memory back instead of leaving a hole in the heap (issue 17's memory)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import ctypes, sys
sys.path.insert(0, {root!r})
import game.ui  # noqa: F401 - sets the threshold
libc = ctypes.CDLL("libc.so.6")

class Mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc.mallinfo2.restype = Mallinfo2
window = bytearray(8 * 1024 * 1024)  # a window-sized picture, freed: glibc would raise
del window                           # its threshold to 8 MB here
before = libc.mallinfo2().hblkhd
panel = bytearray(1024 * 1024)
print(libc.mallinfo2().hblkhd - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_a_big_block_gets_its_own_mapping_after_a_bigger_one_was_freed():
    from pathlib import Path

    from game.ui import heap

    if heap._glibc("mallinfo2") is None:
        pytest.skip("not glibc 2.33+")
    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(root=root)], capture_output=True, text=True, check=True
    )
    assert int(out.stdout.strip()) >= 1024 * 1024
