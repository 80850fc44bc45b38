"""Work on other threads takes its turns between frames (issue 17).

Python runs one thread at a time: a thread importing a module or reading a scenario while the
main thread builds a frame makes the frame wait for the lock (the picker's frames took 45-72 ms
wall for 14-23 ms of their own work while the title's warm-up imported whole screens, up to 18
modules at once). So that work is cut in steps (one module's body, one scenario) and a step
starts only while the main loop sleeps until its next frame (`Clock`, the app's clock wrapped
once the title starts its warm-up): with this much of the sleep left (`take(room)`), or, after
FREE_AFTER_S of frames that leave less, in the next sleep whatever is left of it. The frame
after the sleep waits (at most HOLD_MAX_S, without Python's lock) for a step still under way,
then the two share the lock as before. A loop that has not slept for LOOP_GONE_S (the tests'
frames, which never sleep; a frame that long) is not waited for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

STEP_ROOM_S = 0.002  # a step starts with this much of the sleep left...
BIG_ROOM_S = 0.006  # ...a big one (numpy's parts: 6-15 ms) with this much
FREE_AFTER_S = 0.05
HOLD_MAX_S = 0.004
LOOP_GONE_S = 0.25


class Turns:
    """Whose turn it is: the main loop's (a frame) or the steps' (its sleep)."""

    def __init__(self) -> None:
        self.sleeping = threading.Event()  # set while the main loop sleeps (or lends a turn)
        self.until = 0.0  # when that sleep ends (perf_counter)
        self.woke = 0.0  # when the last one ended
        self.step = threading.Lock()  # held through a step
        self.held: list[float] = []  # how long frames waited for a step to end (s; the bench)
        self.waited = 0  # steps that waited for their turn (tests)

    def _loop_gone(self, now: float) -> bool:
        return not self.sleeping.is_set() and now - self.woke >= LOOP_GONE_S

    def take(self, room: float = STEP_ROOM_S) -> None:
        """Off the main thread, before a step: wait for a sleep of the main loop with `room`
        left (or any, after FREE_AFTER_S; or none, with no loop sleeping), then hold `step`.
        Never called holding a lock the main thread may wait for in a frame."""
        start = time.perf_counter()
        waited = False
        while True:
            now = time.perf_counter()
            sleeping = self.sleeping.is_set()
            if not (
                sleeping and (self.until - now >= room or now - start >= FREE_AFTER_S)
            ) and not self._loop_gone(now):
                waited = True
                if sleeping:  # too little of this sleep left: the next one
                    time.sleep(min(max(self.until - now, 0.0005), 0.005))
                else:
                    self.sleeping.wait(max(LOOP_GONE_S - (now - self.woke), 0.001))
                continue
            self.step.acquire()
            if self.sleeping.is_set() or self._loop_gone(time.perf_counter()):
                self.waited += waited
                return
            self.step.release()  # (a frame began meanwhile)

    def done(self) -> None:
        self.step.release()

    def next_turn(self, room: float = STEP_ROOM_S) -> None:
        """Between two steps of one call (a scenario of a list read, the next one)."""
        self.done()
        self.take(room)

    def sleep_then_hold(self, sleep: Callable[[], object], seconds: float):
        """On the main thread: `sleep()` (expected to take `seconds`) is the steps' turn;
        after it, wait (at most HOLD_MAX_S) for a step still under way."""
        self.until = time.perf_counter() + seconds
        self.sleeping.set()
        try:
            return sleep()
        finally:
            self.sleeping.clear()
            self.woke = time.perf_counter()
            if self.step.acquire(timeout=HOLD_MAX_S):
                self.step.release()
            held = time.perf_counter() - self.woke
            if held >= 0.0001:
                self.held.append(held)

    def lend(self, seconds: float) -> None:
        """On the main thread, in a frame that only waits for the steps (the title waiting for
        the scenario list): a turn of `seconds` now."""
        self.sleep_then_hold(lambda: time.sleep(seconds), seconds)


TURNS = Turns()


class Clock:
    """The app's clock: its sleep until the next frame is the steps' turn."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self._last = TURNS.woke = time.perf_counter()

    def tick(self, framerate: float = 0) -> int:
        left = 1.0 / framerate - (time.perf_counter() - self._last) if framerate else 0.0
        try:
            return TURNS.sleep_then_hold(lambda: self.clock.tick(framerate), left)
        finally:
            self._last = TURNS.woke  # (when the clock's own wait ended, as pygame counts)

    def __getattr__(self, name: str):
        return getattr(self.clock, name)


def install(app) -> None:
    """The app's frames give their sleeps to the steps from now on (once)."""
    if not isinstance(app.clock, Clock):
        app.clock = Clock(app.clock)


def stepped(work: Callable[..., object], room: float = STEP_ROOM_S) -> Callable[[], None]:
    """`work(between=...)` on a thread, in turns: its first part in a turn, the next after
    each `between()`."""

    def run() -> None:
        TURNS.take(room)
        try:
            work(between=TURNS.next_turn)
        finally:
            TURNS.done()

    return run
