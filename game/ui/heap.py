"""Python's cycle collector and the game's long-lived objects (issue 17)."""

from __future__ import annotations

import gc

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
