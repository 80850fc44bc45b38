"""One debrief step as an object (a panel): it owns its rect, its widgets (each button with its
action on the spec), its painted picture, its charts and scrolling lists, what it draws every
frame, and its own state (a page, a chart). The scene (game/ui/scenes/debrief.py) keeps the
panels in a plain ordered list and shows one at a time.

A panel is built the first time it is shown and then kept: switching steps only hides one
panel's widgets and shows another's (issue 17: a step opens within a frame). It is built again
when what it was built from has changed: its `stamp()` (its own state, whether the step is
locked, what of the student's written work it shows, and if it shows them the runs' results).
Built again, it takes back each button it makes the same as before (words, place, look, key):
pygame_gui takes ~1-3 ms to make and theme one, and a page turned or a verdict chosen keeps
most of them (Previous, Next, the answers not chosen).

Spacing: the panels' gaps and insets come from SPACE (design pixels at 1280x720, scaled by
the scene's `px`), on the theme's spacing scale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from game.i18n import t
from game.ui import theme
from game.ui.focus import make_room_for_cap
from game.ui.panel_base import Panel
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.common import Scroller
from game.ui.widgets import text as tx
from game.ui.widgets.chart import LineChart
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel

# The debrief's spacing (design px at scale 1), on the theme's scale (theme.SPACING), with the
# two steps between its values that the debrief's layout has always used (6 and 12).
SPACE = {
    "xs": theme.SPACING["hair"],
    "s": 6,
    "m": theme.SPACING["tight"],
    "l": 12,
    "xl": theme.SPACING["gap"],
    "xxl": theme.SPACING["edge"],
}

Action = Callable[[], None]


class TabPanel(Panel):
    """The base of a debrief step (a Panel: scene, rect, session, palette, scale, px).
    Subclasses set `key` and implement `build(layer, r)`; they may override `state()` (what of
    their own the build reads), `on_show()` and `follow_runs()`."""

    key = ""
    follows_runs = False  # shows the runs' results (built again as they come in)

    def __init__(self, scene: Any) -> None:  # the DebriefScene (which imports the panels)
        super().__init__(scene)
        self.elements: list = []
        self.actions: dict[int, Action] = {}
        self.picture: pygame.Surface | None = None  # what the step paints once, around `rect`
        self.picture_at = pygame.Rect(0, 0, 0, 0)
        self.charts: list[LineChart] = []
        self.scrollers: dict[str, Scroller] = {}
        self.live: list[Callable[[pygame.Surface], None]] = []  # painted every frame
        self.built_with: tuple | None = None
        self.shown = False
        # the last build's buttons while the step is built again, by how they were made
        self.spare: dict[tuple, list] = {}
        self._made: dict[int, tuple] = {}  # each button's way of making, by id

    # ---- what a step reads from the scene --------------------------------------------------
    def space(self, name: str) -> int:
        return self.scene.px(SPACE[name])

    # ---- the stamp: build again when it changes ----------------------------------------------
    def state(self) -> tuple:
        """The step's own state that its build reads (a page, a chart)."""
        return ()

    def written(self) -> tuple:
        """The part of the student's written work the step shows (its fields hold what is
        typed while it shows; this tells when it changed elsewhere)."""
        return ()

    def shows_runs(self) -> bool:
        """What it shows now depends on the runs' results (built again as they come in)."""
        return self.follows_runs

    def stamp(self) -> tuple:
        scene = self.scene
        why = scene.lock_reason(self.key)
        return (
            why,
            scene.guesses_locked() if why else None,  # a locked step counts them
            # the guesses: the answers shown are read with them (a step that shows verdicts
            # says so in its own `written`)
            scene.guess_choices() if self.follows_runs else None,
            scene.runs_version if self.shows_runs() else None,
            self.written(),
            self.state(),
        )

    def stale(self) -> bool:
        return self.built_with != self.stamp()

    # ---- building ------------------------------------------------------------------------------
    def build(self, layer: pygame.Surface, r: pygame.Rect) -> Iterator[None] | None:
        """Paint the step on `layer` (window-sized; the part around `r` is kept) and make its
        widgets; a generator may yield between pieces of work."""
        raise NotImplementedError

    def warm(self, r: pygame.Rect) -> Iterator[None]:
        """Work a step's first build would do that is remembered without building it (its
        lines wrapped), a piece at a time, for idle frames with nothing else to build."""
        yield from ()

    def make(self, r: pygame.Rect) -> None:
        """Build the step in `r` now (its widgets start hidden unless it is showing)."""
        for _ in self.making(r, self.scene.steps.scratch()):
            pass

    def making(self, r: pygame.Rect, layer: pygame.Surface) -> Iterator[None]:
        """Build the step in `r`, painting on `layer`, a piece at a time: the scene builds a
        step ahead in idle frames, a few milliseconds a frame (a `build` may yield between
        pieces, or not)."""
        self.teardown(keep_buttons=True)
        self.rect = pygame.Rect(r)
        stamp = self.stamp()  # what it is built from (if that moves meanwhile, it is stale)
        why = self.scene.lock_reason(self.key)
        if why is not None:
            self.build_locked(layer, r, why)
        else:
            pieces = self.build(layer, r)
            if pieces is not None:
                yield from pieces
        for chart in self.charts:  # a chart draws its picture the first time: now, not on show
            yield
            chart.draw(layer)
        # the picture reaches a little past `r`: the panels' soft shadows
        self.picture_at = r.inflate(self.px(16), self.px(16)).clip(layer.get_rect())
        self.picture = layer.subsurface(self.picture_at).copy()
        self.built_with = stamp
        self._drop_spare()

    def rebuild(self) -> None:
        """Build again in place (the student changed something the step shows), keeping the
        focus on the button that was pressed."""
        focus = self.scene.focus.focused
        name = focus.name if focus is not None else None
        self.scene.steps.built_now()
        self.make(self.rect)
        self.on_show()
        if name:
            self.scene.focus.focus_name(name)

    def teardown(self, keep_buttons: bool = False) -> None:
        """Kill the step's widgets and forget them (the scene's focus ring too); with
        `keep_buttons`, its buttons are put aside for the build that follows to take back."""
        self._drop_spare()
        if keep_buttons:
            for el in self.elements:
                if isinstance(el, pygame_gui.elements.UIButton) and el.alive():
                    self.spare.setdefault(self._made[id(el)], []).append(el)
        if self.elements:
            kept = [el for els in self.spare.values() for el in els]
            self.scene.forget(self.elements, keep=kept)
        self._made = {}
        self.elements = []
        self.actions = {}
        self.charts = []
        self.scrollers = {}
        self.live = []
        self.picture = None
        self.built_with = None

    def _drop_spare(self) -> None:
        """The buttons of the last build that this one did not make again."""
        for els in self.spare.values():
            for el in els:
                el.kill()
        self.spare = {}

    # ---- widgets ---------------------------------------------------------------------------------
    def button(self, rect: pygame.Rect, text: str, name: str, action: Action, **kw: Any):
        enabled, tip = kw.pop("enabled", True), kw.get("tooltip")
        made = (name, text, tuple(rect), tuple(sorted(kw.items(), key=lambda kv: kv[0])))
        spare = self.spare.get(made)
        if spare:  # made the same way by the last build: taken back as it is
            el = spare.pop()
            self.scene.track(
                el,
                name,
                kw.get("focus", True),
                kw.get("shortcut"),
                kw.get("show_key", True),
                kw.get("on_adjust"),
            )
            el.irb_tip = tip
            if enabled and not el.is_enabled:
                el.enable()
            elif not enabled and el.is_enabled:
                el.disable()
            if self.shown and not el.visible:
                el.show()
            elif not self.shown and el.visible:
                el.hide()
        else:
            el = self.scene.button(rect, text, name, enabled=enabled, **kw)
            if not self.shown:  # built ahead, out of sight
                el.hide()
        self._made[id(el)] = made
        self.elements.append(el)
        self.actions[id(el)] = action
        return el

    def restyle(self, el, cls: str | None) -> None:
        """A button of this build in another look (`cls`), as if made so: only its pictures
        are drawn again (a choice marked without building the step again)."""
        name, text, rect, kw_items = self._made[id(el)]
        kw = dict(kw_items)
        if kw.get("cls") == cls:
            return
        kw["cls"] = cls
        el.change_object_id(
            ObjectID(
                class_id=f"@{cls}" if cls else None, object_id=f"#{kw.get('object_id') or name}"
            )
        )
        shortcut = kw.get("shortcut")
        if shortcut is not None and kw.get("show_key", True):
            make_room_for_cap(el, shortcut, self.scale)  # (the look may have moved the words)
        self._made[id(el)] = (name, text, rect, tuple(sorted(kw.items(), key=lambda kv: kv[0])))

    def text_field(self, rect: pygame.Rect, name: str, text: str, on_change, **kw: Any):
        el = self.scene.writing.text_field(rect, name, text, on_change, **kw)
        if not self.shown:
            el.hide()
        self.elements.append(el)
        return el

    def chart(self, rect: pygame.Rect, spec: dict) -> None:
        if rect.h < self.px(80) or rect.w < self.px(120):
            return
        self.charts.append(self.line_chart(rect, spec))

    def line_chart(self, rect: pygame.Rect, spec: dict) -> LineChart:
        return LineChart(
            rect,
            [dict(s) for s in spec["series"]],
            title=spec.get("title", ""),
            y_label=spec.get("y_label", ""),
            y_format=spec.get("y_format", "number"),
            x_start=spec.get("x_start", 0),
            include_zero=spec.get("include_zero", True),
            scale=self.scale,
            palette=self.pal,
        )

    def add_scroller(self, key: str, rect: pygame.Rect, surf: pygame.Surface) -> Scroller:
        s = Scroller(rect, surf)
        s.offset = min(self.scene.scroll_at.get(key, 0), s.limit)
        self.scrollers[key] = s
        return s

    def field_label(self, layer, x: int, y: int, width: int, text: str) -> int:
        """A small amber label above a field; returns the y below it."""
        s = tx.fit_text(text, width, tx.SIZE_SMALL * self.scale + 1, rgb(self.pal.amber), bold=True)
        layer.blit(s, (x, y))
        return y + s.get_height() + self.space("xs")

    def nav(
        self, layer, r: pygame.Rect, by: int, bh: int, page: int, pages: int, turn, where: str
    ) -> None:
        """Previous / Next (P / N) and where the page is between them ("Claim 2 of 8": counted
        in the step's own items, a page after them by its name); `turn(+1 or -1)` turns."""
        bw = self.px(170)
        self.button(
            pygame.Rect(r.x, by, bw, bh),
            t("debrief.button.prev"),
            "prev",
            lambda: turn(-1, "prev"),
            shortcut=pygame.K_p,
            enabled=page > 0,
        )
        self.button(
            pygame.Rect(r.right - bw, by, bw, bh),
            t("debrief.button.next"),
            "next",
            lambda: turn(1, "next"),
            shortcut=pygame.K_n,
            enabled=page < pages - 1,
        )
        ps = tx.fit_text(
            where,
            r.w // 3,
            tx.SIZE_BODY * self.scale,
            rgb(self.pal.text_dim),
        )
        layer.blit(ps, (r.centerx - ps.get_width() // 2, by + (bh - ps.get_height()) // 2))

    def refocus(self, name: str) -> None:
        """After turning a page: the focus stays on Previous / Next (or the other one, at an end)."""
        focus = self.scene.focus
        if not focus.focus_name(name) and name in ("prev", "next"):
            focus.focus_name("prev" if name == "next" else "next")

    def build_locked(self, layer: pygame.Surface, r: pygame.Rect, why: str) -> None:
        """A step that opens later: what to do first, and a button that goes there."""

        pal, sc, scene = self.pal, self.scale, self.scene
        box = pygame.Rect(r.x, r.y, r.w, min(r.h, self.px(260)))
        draw_panel(layer, box, pal, sc)
        inner = box.inflate(-self.px(40), -self.px(32))
        draw_icon(layer, "padlock", (inner.x, inner.y, self.px(34), self.px(34)), rgb(pal.amber))
        x = inner.x + self.px(48)
        y = mp.draw_paragraph(
            layer,
            x,
            inner.y,
            inner.right - x,
            t(f"debrief.locked.{why}.title"),
            tx.SIZE_BIG * sc,
            rgb(pal.text),
            bold=True,
            max_lines=2,
        )
        y = mp.draw_paragraph(
            layer,
            x,
            y + self.space("s"),
            inner.right - x,
            t(
                f"debrief.locked.{why}.body",
                done=scene.guesses_locked(),
                total=len(scene.prediction_keys),
            ),
            tx.SIZE_BODY * sc,
            rgb(pal.text_dim),
            max_lines=4,
        )
        target = "guess" if why == "guesses" else "explain"
        self.button(
            pygame.Rect(
                x, min(y + self.space("l"), box.bottom - self.px(52)), self.px(300), self.px(40)
            ),
            t(f"debrief.locked.{why}.go"),
            f"go_{target}",
            lambda: scene.go_to(target),
            cls="primary",
        )

    # ---- showing -----------------------------------------------------------------------------
    def show(self) -> None:
        self.shown = True
        for el in self.elements:
            el.show()
        self.on_show()

    def hide(self) -> None:
        self.shown = False
        for el in self.elements:
            el.hide()

    def on_show(self) -> None:
        """The step came into view (or was built again while in view)."""

    def follow_runs(self, job_changed: bool, settled: bool) -> None:
        """Per frame while shown: the runs moved on (`settled`: the last one is in)."""

    def on_key(self, event: pygame.event.Event) -> bool:
        return False

    def draw(self, surface: pygame.Surface) -> None:
        if self.picture is not None:
            surface.blit(self.picture, self.picture_at.topleft)
        self.scene.writing.draw_fields(surface, self.elements)
        for chart in self.charts:
            chart.draw(surface)
        for s in self.scrollers.values():
            s.draw(surface, self.pal, self.scale)
        for draw in self.live:
            draw(surface)

    def marked(self) -> set[str]:
        """Button names the overlay marks as the one chosen (amber bar)."""
        return set()

    def answered(self) -> set[str]:
        """Question buttons whose question has a written answer (a teal dot)."""
        return set()
