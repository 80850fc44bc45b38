"""The debrief's steps as a plain ordered list of panels, and which of them are kept built.

Showing a step that is built is only a show (its widgets were hidden, not killed). While the
student reads, the next step in the debrief's order (then the one before) is built ahead, a
piece of work at a time in idle frames, so that opening it costs a frame (issue 17). Each built
step keeps its picture and scrolling lists, 2-20 MB at 1280x720: at most KEEP_BUILT are kept,
the longest unseen torn down first. All paint on one window-sized surface, freed when idle.
When the debrief is first shown (the month loop's freed heap, ~25 MB) and after a step was torn
down, the next idle frame hands the freed heap back to the system (`heap.give_back`); not after
every build: the next build would fault the same pages in again (+3 ms to the idle frames' p99).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

import pygame

from game.ui import heap
from game.ui.scenes.debrief_tabs.common import window_picture
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.widgets.palette import rgb

# Building steps ahead: pieces of work in an idle frame until this much time has gone (a
# piece may take longer: one is always done).
WARM_BUDGET_S = 0.002
# Steps kept built: the one showing, the last one shown, the next built ahead.
KEEP_BUILT = 3


class Steps:
    def __init__(self, scene: Any, classes: Sequence[type[TabPanel]]) -> None:
        self.scene = scene
        self.panels: list[TabPanel] = [cls(scene) for cls in classes]
        self.keys = tuple(p.key for p in self.panels)
        self._scratch: pygame.Surface | None = None
        self._ahead: tuple[TabPanel, Iterator[None]] | None = None  # a step being built ahead
        self._recent: list[str] = []  # the steps kept built, the one shown last at the end
        self._just_shown = False
        self._give_back = False  # first shown, or a step torn down: freed heap to hand back
        self._warm: Iterator[None] | None = None  # the steps' `warm`, once nothing is to build
        self._warmed = False

    def __iter__(self) -> Iterator[TabPanel]:
        return iter(self.panels)

    def get(self, key: str) -> TabPanel:
        return self.panels[self.keys.index(key)]

    def reset(self) -> None:
        """The scene was built again (a resize, a setting): every step's widgets are gone."""
        self._ahead = None
        self._recent = []
        self._scratch = None
        self._warm, self._warmed = None, False  # (another size, look or language)
        for panel in self.panels:
            panel.elements = []
            panel.teardown()
            panel.shown = False

    # ---- painting ----------------------------------------------------------------------------
    def scratch(self, ahead: bool = False) -> pygame.Surface:
        """The window-sized surface a step paints on (cleared to the background each time);
        the step keeps the part around its rect. One for all: a step being built ahead
        (`ahead`) gives way to one built now."""
        if not ahead:
            self._stop_ahead()
        size = self.scene.size
        if self._scratch is None or self._scratch.get_size() != size:
            self._scratch = window_picture(size)
        self._scratch.fill(rgb(self.scene.pal.background))
        return self._scratch

    # ---- showing -----------------------------------------------------------------------------
    def show(self, key: str, content: pygame.Rect) -> None:
        """Show step `key` in `content` (built now if it never was, or if what it shows has
        changed), and hide the others."""
        for _ in self.show_in_pieces(key, content):
            pass

    def show_in_pieces(self, key: str, content: pygame.Rect) -> Iterator[None]:
        """`show`, its build a piece at a time (the screen built ahead: DebriefScene)."""
        for panel in self.panels:
            if panel.key != key and panel.shown:
                panel.hide()
        panel = self.get(key)
        self._finish_ahead(panel)
        if panel.stale():
            panel.shown = True
            yield from panel.making(content, self.scratch())
            panel.on_show()
        else:
            panel.show()
        self._scratch = None
        first = not self._recent
        self._keep(key, last=True)
        self._just_shown = True  # nothing is built ahead in the frame that shows a step
        self._give_back |= first

    def built_now(self) -> None:
        """A step was built again in this frame (a page turned, a choice made): nothing is
        built ahead in it."""
        self._just_shown = True

    def _keep(self, key: str, last: bool) -> None:
        """Step `key` was shown (`last`) or built ahead (next to last): keep it built, and
        tear down the steps beyond KEEP_BUILT, the longest unseen first."""
        recent = [k for k in self._recent if k != key]
        recent.insert(len(recent) if last or not recent else len(recent) - 1, key)
        self._recent = recent[-KEEP_BUILT:]
        for panel in self.panels:
            if panel.key not in self._recent and not panel.shown and panel.built_with is not None:
                panel.teardown()
                self._give_back = True  # its pictures and widgets are freed heap now

    # ---- building ahead ------------------------------------------------------------------------
    def build_ahead(self, content: pygame.Rect, showing: str) -> None:
        """An idle frame: a little of the next step's build (then the one before)."""
        if self._just_shown or self.scene.app.typing() or not self.scene.built:
            self._just_shown = False
            return
        if self._give_back and self._ahead is None:  # a frame of its own
            self._give_back = False
            heap.give_back()
            return
        start = time.perf_counter()
        while time.perf_counter() - start < WARM_BUDGET_S:
            if self._ahead is None:
                running = self.scene.job_state()[0] == "running"
                at = self.keys.index(showing)
                panel = next(
                    (
                        p
                        for p in self.panels[at + 1 : at + 2] + self.panels[max(at - 1, 0) : at]
                        # (a step that shows the runs would be stale again at the next one)
                        if not p.shown and not (running and p.shows_runs()) and p.stale()
                    ),
                    None,
                )
                if panel is None:
                    self._scratch = None
                    if not self._warm_a_piece(content):
                        return
                    continue
                self._ahead = (panel, panel.making(content, self.scratch(ahead=True)))
            panel, pieces = self._ahead
            if next(pieces, StopIteration) is StopIteration:
                self._ahead = None
                self._keep(panel.key, last=False)
                if self._give_back:  # (a frame of its own, next)
                    return

    def _warm_a_piece(self, content: pygame.Rect) -> bool:
        """Nothing to build ahead: a piece of the steps' `warm` work; False once all is done."""
        if self._warmed:
            return False
        if self._warm is None:
            self._warm = (piece for panel in self.panels for piece in panel.warm(content))
        if next(self._warm, StopIteration) is StopIteration:
            self._warm, self._warmed = None, True
            return False
        return True

    def _finish_ahead(self, panel: TabPanel) -> None:
        """The student opened the step being built ahead: finish it now."""
        if self._ahead is not None and self._ahead[0] is panel:
            for _ in self._ahead[1]:
                pass
            self._ahead = None
            self._keep(panel.key, last=False)

    def _stop_ahead(self) -> None:
        """Another step is built now: the one being built ahead starts again later."""
        if self._ahead is not None:
            panel, pieces = self._ahead
            self._ahead = None
            pieces.close()
            panel.teardown()


__all__ = ["KEEP_BUILT", "WARM_BUDGET_S", "Steps"]
