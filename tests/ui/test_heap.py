"""Freed heap handed back in quiet frames (issue 17: glibc keeps what the screens free, in holes
that stay resident, ~15-20 MB of a run's peak)."""

from __future__ import annotations

import sys

import pygame
import pytest

from game.ui import heap

MB = 1024 * 1024


def _frames(give: heap.IdleGiveBack, count: int, quiet: bool = True) -> int:
    return sum(give.frame(quiet) for _ in range(count))


def test_handed_back_in_a_quiet_frame_once_freed_heap_piled_up(monkeypatch):
    given: list[int] = []
    monkeypatch.setattr(heap, "give_back", lambda: given.append(1))
    give = heap.IdleGiveBack()
    if give._info is None:
        pytest.skip("not glibc")
    measured = {"resident": 100 * MB, "in_use": 50 * MB}
    monkeypatch.setattr(give, "_measure", lambda: (measured["resident"], measured["in_use"]))
    n = give.CHECK_FRAMES
    assert _frames(give, n) == 0  # the first look only notes where memory is
    # a screen built: resident and in use grew together (live data, nothing to give back)
    measured.update(resident=120 * MB, in_use=70 * MB)
    assert _frames(give, 2 * n) == 0
    # the screen freed 10 MB that stays resident: noticed at the next look, handed back in
    # the first quiet frame after it
    measured.update(in_use=60 * MB)
    assert _frames(give, n, quiet=False) == 0
    assert _frames(give, 3, quiet=False) == 0
    assert _frames(give, 1) == 1 and given == [1]
    # measured again after the hand-back: nothing more until more is freed
    measured.update(resident=110 * MB)
    assert _frames(give, 3 * n) == 0
    measured.update(in_use=52 * MB)
    assert _frames(give, n + 1) == 1 and len(given) == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_heap_comes_back_to_the_system():
    give = heap.IdleGiveBack()
    if give._info is None:
        pytest.skip("not glibc")
    _frames(give, give.CHECK_FRAMES)  # where memory is now
    before = heap._resident_bytes()
    # 40 MB in blocks small enough for the heap, every tenth kept: holes between live blocks
    blocks = [bytearray(b"x" * (100 * 1024)) for _ in range(400)]
    kept = blocks[::10]
    del blocks
    full = heap._resident_bytes()
    assert full > before  # (the blocks may fill holes the tests before left)
    assert _frames(give, give.CHECK_FRAMES + 1) == 1
    assert heap._resident_bytes() < full - 20 * MB
    assert len(kept) == 40


def test_the_app_hands_back_in_frames_with_no_input_no_new_screen_and_no_fade(app):
    seen: list[bool] = []
    app._give_back.frame = seen.append
    app.step(1 / 60)
    app.step(1 / 60)
    assert seen[-1] is True
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, {"pos": (5, 5), "rel": (1, 1)}))
    app.step(1 / 60)
    assert seen[-1] is False
    app._start_fade(0.25)
    app.step(1 / 60)
    assert seen[-1] is False
