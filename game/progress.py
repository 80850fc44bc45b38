"""A plain-text progress bar for long command-line work (no dependencies, no colours).

The bar stays silent for the first second, so quick commands (and tests) print nothing. After
that, on a terminal it redraws one line in place:

    simulate [##########----------]  50%  500/1000 runs  12.1 s, about 12 s left

Where the stream is not a terminal (a log file, CI), it prints a plain line at each tenth of
the work instead, and only when `log_when_not_tty` is set (the simulate command sets it when it
does more than one run), so a piped single run stays clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    """Count finished units of work and show how far along it is.

    `update(k)` adds k finished units; `close()` ends the line. Use as a context manager.
    """

    def __init__(
        self,
        total: int,
        label: str = "",
        unit: str = "",
        stream: TextIO | None = None,
        delay_s: float = 1.0,
        width: int = 24,
        log_when_not_tty: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = max(int(total), 1)
        self.label = label
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.delay_s = delay_s
        self.width = width
        self.clock = clock
        self.done = 0
        self.start = clock()
        self.shown = False
        self._last_draw = -1.0
        self._last_tenth = -1
        try:
            self.tty = bool(self.stream.isatty())
        except (AttributeError, ValueError):
            self.tty = False
        self.enabled = self.tty or log_when_not_tty

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, k: int = 1) -> None:
        self.update(k)

    def update(self, k: int = 1) -> None:
        self.done = min(self.done + int(k), self.total)
        if not self.enabled:
            return
        now = self.clock()
        elapsed = now - self.start
        if elapsed < self.delay_s:
            return
        if self.tty:
            # Redraw at most ten times a second, and always at the end.
            if now - self._last_draw < 0.1 and self.done < self.total:
                return
            self._last_draw = now
            self.stream.write("\r" + self.line(elapsed))
            self.shown = True
        else:
            tenth = self.done * 10 // self.total
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self.stream.write(self.line(elapsed) + "\n")
        self.stream.flush()

    def line(self, elapsed: float) -> str:
        share = self.done / self.total
        filled = int(round(share * self.width))
        bar = "#" * filled + "-" * (self.width - filled)
        text = f"{self.label} [{bar}] {share:4.0%}  {self.done}/{self.total}"
        if self.unit:
            text += f" {self.unit}"
        text += f"  {elapsed:.1f} s"
        if 0 < self.done < self.total:
            left = elapsed * (self.total - self.done) / self.done
            text += f", about {left:.0f} s left"
        return text.strip() + "  "

    def close(self) -> None:
        if self.shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()
        self.shown = False
