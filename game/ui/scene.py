"""The base of every screen: a scene owns its pygame_gui elements, its focus ring and its layout.

The app keeps scenes on a stack (arcade's View; the pushdown automaton of Game Programming
Patterns). A scene builds its elements in `build()` from the window's current size and scale;
the app calls `build()` again after a resize or a settings change, so never position anything
once and keep it. Elements made with `self.button(...)` etc. are killed when the scene is left.

Adding a screen: subclass Scene, add `"route": "game.ui.scenes.mine:MyScene"` to SCENES in
game/ui/scenes/__init__.py, open it with `app.open("route", **kwargs)` (kwargs reach
__init__ after `app`), or `app.push(MyScene(app))` / `app.replace(...)` / `app.pop()`.
Class attributes: `modal` (a dialog drawn over the scene below, which is paused and painted
once), `fade_in` (seconds), `default_focus` (element name focused first), `route` (the key
others know it by; scenes never import each other to switch: they open routes).

Subclass API (all optional):
    build()                 create elements (use self.safe_rect, self.px, self.button, ...)
    on_button(name, el)     a button of this scene was pressed (mouse, Enter/Space, shortcut)
    on_key(event) -> bool   a key the focus ring did not use
    on_back()               Esc; default: leave the scene (pop)
    update(dt)              per frame, dt in seconds
    draw_background(surf)   before the widgets (default: fill with the palette's bg); draw
                            the scene's own pictures here (street, charts)
    draw_on_widgets(surf)   after the widgets, on top and under a dialog alike (the words
                            and pictures a screen paints over its own buttons)
    draw_overlay(surf)      after that, only while on top (focus outline, key caps, tips)
    on_resume()             became the top scene again
    forget_pictures()       left (covered by a screen, or closed): drop what build() repaints
"""

from __future__ import annotations

import time
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from game.ui import fonts, theme
from game.ui.focus import FocusRing, make_room_for_cap
from game.ui.widgets.veil import Veil

AHEAD_BUDGET_S = 0.005  # an idle frame's time for pieces of a screen built ahead
CLOSING_BUDGET_S = 0.008  # a closing dialog's frame: time for the screen below to catch up
CLOSE_WAIT_FRAMES = 12  # at most this many frames (0.2 s) a dialog stays after its answer
OPEN_BUDGET_S = 0.007  # a screen asked for before it was built ahead: its pieces a frame
OPEN_WAIT_FRAMES = 30  # then it opens, built or not

GRID = 8
EDGE_MARGIN = 24


class Scene:
    modal = False  # drawn over the scene below, which stays built (dialogs)
    fade_in = 0.12  # seconds of cross-fade when the scene appears
    default_focus: str | None = None
    route = ""  # the route key the screen is known by where others look for it ("title")

    def __init__(self, app: Any) -> None:  # the App (game/ui/app.py), which imports scenes
        self.app = app
        self.focus = FocusRing()
        self._elements: list = []
        self._names: dict[int, str] = {}
        self._painted: list = []
        self._panel_cache: dict = {}
        self.built = False
        self.shown_at = -1  # the app's frame in which it last came on top (app.push, pop)
        self._ahead_tries: dict[str, int] = {}
        self._closing: tuple | None = None  # (frame answered, chores left, then): closing_step
        self._asked: tuple | None = None  # (frame asked, route, kwargs, then): opening_step
        self._telling = None  # what the next frame shows (tell_next_frame)
        self._asked_ready_at = -1  # the frame its last piece was built in
        self._asked_step_at = -1  # the last frame that built pieces of it

    # ---- lifecycle (called by the app) -------------------------------------------------
    def _build(self) -> None:
        self._ahead_tries.clear()  # (built again: what comes next is built ahead again)
        self._teardown()
        self.build()
        self.built = True
        self.focus.restore(self.default_focus)

    def _build_in_pieces(self):
        """`_build`, a piece at a time (app.prepare runs one piece per idle frame)."""
        self._ahead_tries.clear()
        self._teardown()
        yield from self.build_pieces()
        self.built = True
        self.focus.restore(self.default_focus)

    def build_pieces(self):
        """The build as pieces (a generator: each `yield` ends a piece; the last piece ends
        with it), for a screen built ahead a piece per idle frame (app.prepare). By default
        all of build() is one piece."""
        self.build()
        yield from ()

    def _teardown(self) -> None:
        self.focus.clear()
        for element in self._elements:
            element.kill()
        self._elements.clear()
        self._names.clear()
        self._painted.clear()
        self.built = False

    def owns(self, element) -> bool:
        return id(element) in self._names

    def name_of(self, element) -> str | None:
        return self._names.get(id(element))

    # ---- override points ---------------------------------------------------------------
    def build(self) -> None:
        pass

    def on_button(self, name: str, element) -> None:
        pass

    def on_key(self, event: pygame.event.Event) -> bool:
        return False

    def on_back(self) -> None:
        if len(self.app.stack) > 1:
            self.app.pop()

    def on_resume(self) -> None:
        pass

    def on_shown(self) -> None:
        """It came on top as a new screen (app.push: built now, or shown as built ahead)."""

    def let_below_work_ahead(self) -> None:
        """A modal screen's update: from the frame after the one that showed it, the screen
        below may use the frames the player spends reading to prepare what comes next (its
        `work_ahead`)."""
        stack = self.app.stack
        if self.app.frames <= self.shown_at or len(stack) < 2 or stack[-1] is not self:
            return
        work = getattr(stack[-2], "work_ahead", None)
        if work is not None:
            work()

    def close_when_below_ready(self, chores=(), then=None) -> None:
        """A modal screen answered (an event's choice, the result's Continue): it does not close
        in the frame of the answer, where the screen below would bring itself up to date whole
        (10-25 ms on top of the answer, issue 17), but stays up, taking no input, while the
        screen below does it a piece a frame (its `work_ahead`, until its `ready_to_show`),
        and closes in the frame after that, which then only shows the screen below; at most
        CLOSE_WAIT_FRAMES frames. `chores`: work the answer left (an autosave), one a frame
        first. `then`: called once it has closed (as a dialog's button callback)."""
        self._closing = (self.app.frames, list(chores), then)

    @property
    def closing(self) -> bool:
        return self._closing is not None

    @property
    def settling(self) -> bool:
        """An input it took is still carried out over the next frames (a dialog closing once
        the screen below is ready; the title building the picker it opens)."""
        return self._closing is not None or self._asked is not None or self._telling is not None

    def tell_next_frame(self, show) -> None:
        """`show()` (the dialog that tells what a press carried out: a command, its autosave)
        at the start of the next frame, so the frame that builds the dialog does not also carry
        out the press (issue 17: the loan office's messages and the shop opened took 11-13 ms
        of main-thread CPU with both, ~5 of them the dialog's widgets). Meanwhile the screen
        takes no input (settling)."""
        self._telling = show
        self.app.remove_frame_hook(self._tell_now)
        self.app.add_frame_hook(self._tell_now)

    @property
    def busy(self) -> bool:
        """A press's message opens in the next frame (tell_next_frame): a person waits for it
        (the autoplay bot too)."""
        return self._telling is not None

    def _tell_now(self, app) -> None:
        app.remove_frame_hook(self._tell_now)
        show, self._telling = self._telling, None
        if show is not None and self in app.stack:  # (not if the screen was left meanwhile)
            show()

    def open_when_built(self, route: str, then, **kwargs) -> None:
        """The player asked for the screen `open(route, **kwargs)` shows (`then` opens it)
        before the idle frames had built it ahead: this screen stays up, taking no input, while
        the rest is built (app.prepare, OPEN_BUDGET_S a frame, this one too), and `then` is
        called in the frame after the last piece, or after OPEN_WAIT_FRAMES whatever is left
        (built whole in the one frame, a month took 20-35 ms on top of the press, issue 17).
        Built ahead already: `then` at once. The subclass's update calls opening_step."""
        self._asked = (self.app.frames, route, kwargs, then)
        self._asked_ready_at = self._asked_step_at = -1
        self.opening_step()

    def opening_step(self) -> bool:
        """From update: a frame of open_when_built. True while it waits (its update then does
        nothing else)."""
        if self._asked is None:
            return False
        since, route, kwargs, then = self._asked
        app = self.app
        if app.top is not self:
            self._asked = None
            return False
        if app.prepared(route, **kwargs):
            if self._asked_ready_at == app.frames:
                return True  # (its last piece built in this frame: shown in the next)
        elif app.frames - since < OPEN_WAIT_FRAMES:
            if self._asked_step_at == app.frames:
                return True  # (its pieces for this frame built already: the press's)
            self._asked_step_at = app.frames
            start = time.perf_counter()
            while (done := app.prepare(route, **kwargs)) is None:
                if time.perf_counter() - start >= OPEN_BUDGET_S:
                    return True
            if done:
                self._asked_ready_at = app.frames
                return True  # (built now: shown in the next frame)
        self._asked = None
        then()
        return True

    def closing_step(self) -> bool:
        """From a modal's update: a frame of its closing (close_when_below_ready). True while
        it is closing (its update then does nothing else)."""
        if self._closing is None:
            return False
        answered, chores, then = self._closing
        app = self.app
        if app.frames <= answered:
            return True  # (the frame of the answer does nothing more)
        if chores:
            chores.pop(0)()
            return True
        stack = app.stack
        below = stack[-2] if len(stack) > 1 and stack[-1] is self else None
        ready = getattr(below, "ready_to_show", None)
        work = getattr(below, "work_ahead", None)
        if ready is not None and work is not None and not ready():
            if app.frames - answered < CLOSE_WAIT_FRAMES:
                start = time.perf_counter()
                while not ready() and time.perf_counter() - start < CLOSING_BUDGET_S:
                    work()
                return True  # (shown on the next frame, which does nothing else)
        self._closing = None
        if app.top is self:
            app.pop()
        if then is not None:
            then()
        return True

    def prepare_next(self, route: str, **kwargs) -> None:
        """From update(): build the screen that comes next ahead (app.prepare), in the idle
        frames after the one that showed this screen, while it is on top. A few tries at most
        (a screen that cannot be built ahead is built when it opens)."""
        if self.app.top is not self or self.app.frames <= self.shown_at:
            return
        tries = self._ahead_tries.get(route, 0)
        if tries >= 3 or self.app.prepared(route, **kwargs):
            return
        if self.app.prepare(route, **kwargs) is False:
            self._ahead_tries[route] = tries + 1

    def prepare_in_pieces(self, route: str, **kwargs) -> None:
        """From a work_ahead: build `route` ahead (app.prepare) a piece at a time while this
        idle frame has time (AHEAD_BUDGET_S), again in later frames until it is ready; a few
        tries at most, as `prepare_next`."""
        tries = self._ahead_tries.get(route, 0)
        if tries >= 3 or self.app.prepared(route, **kwargs):
            return
        start = time.perf_counter()  # pieces while the frame has time for them
        while (ready := self.app.prepare(route, **kwargs)) is None:
            if time.perf_counter() - start >= AHEAD_BUDGET_S:
                break
        if ready is False:
            self._ahead_tries[route] = tries + 1

    def ahead_mark(self) -> tuple | None:
        """What this screen's build reads that may change while it waits, built ahead
        (`app.prepare`, game/ui/prepared.py): the screen is shown as built only if this is
        the same when it opens. None (the default): the screen is never built ahead."""
        return None

    def forget_pictures(self) -> None:
        """The scene was left (another screen covers it, or it closed): drop pictures it can
        paint again when it is built again (a full-window picture is 3.5 MB at 1280x720, and
        every screen before the first month stays on the stack under the next)."""

    def update(self, dt: float) -> None:
        pass

    def draw_background(self, surface: pygame.Surface) -> None:
        surface.fill(theme.colour("bg"))

    def draw_on_widgets(self, surface: pygame.Surface) -> None:
        """Paint over this scene's own widgets (a card button's picture): the app calls it
        after the widgets, while on top and under a dialog alike."""

    def draw_overlay(self, surface: pygame.Surface) -> None:
        self.focus.draw(surface, self.scale)
        self.draw_button_tip(surface)

    # ---- tooltips -------------------------------------------------------------------------
    TIP_DELAY_S = 0.35

    def hovered_button(self):
        """The button under the pointer (a greyed-out one too: it says why), once the pointer
        has rested on it a moment."""
        import time

        pos = self.app.mouse_pos
        if pos is None or time.monotonic() - self.app.mouse_moved_at < self.TIP_DELAY_S:
            return None
        for element in reversed(self._elements):
            if (
                isinstance(element, pygame_gui.elements.UIButton)
                and element.visible
                and element.alive()
                and element.rect.collidepoint(pos)
            ):
                return element
        return None

    def button_tip(self) -> tuple[list[str], pygame.Rect] | None:
        """The tooltip of the hovered button: its own words, scaled with the text."""
        element = self.hovered_button()
        text = getattr(element, "irb_tip", None) if element is not None else None
        if not text:
            return None
        return [text] + self.key_hint(element), element.rect

    def key_hint(self, element) -> list[str]:
        """ "Key: C" when the button's key cap had no room to show (focus.cap_fits)."""
        from game.ui.focus import cap_fits, key_label

        item = next((i for i in self.focus.items if i.element is element), None)
        if item is None or item.shortcut is None or not item.show_key:
            return []
        label = key_label(item.shortcut)
        if cap_fits(element, label, theme.scaled(13, self.scale), self.scale):
            return []
        from game.i18n import t

        return [t("ui.key_hint", shortcut=label)]

    def draw_button_tip(self, surface: pygame.Surface) -> None:
        from game.ui.widgets.panel import render_tooltip

        tip = self.button_tip()
        if tip is None:
            return
        surf, _rects = render_tooltip(
            tip[0], self.pal, self.scale, max_width=self.tip_max_width(tip[1])
        )
        bounds = surface.get_rect().inflate(-self.px(8), -self.px(8))
        surface.blit(surf, self.tip_place(surf.get_size(), tip[1], bounds))

    def tip_place(self, size: tuple[int, int], rect: pygame.Rect, bounds: pygame.Rect):
        """Where a button's tooltip of `size` goes, near the button's `rect`: never on the
        button, nor on the panel it explains (tip_keep_clear), on as few other buttons as
        it can (tip_rather_not)."""
        from game.ui.tip_place import place_clear

        above = self.tip_goes_above(rect)
        return place_clear(
            size,
            self.tip_anchor(rect),
            bounds,
            gap=self.px(8),
            prefer_above=above,
            keep_clear=self.tip_keep_clear(rect),
            rather_not=self.tip_rather_not(rect),
        )

    def tip_goes_above(self, rect: pygame.Rect) -> bool:
        """A scene may keep a button's tip above it (so it covers nothing beside it)."""
        return False

    def tip_anchor(self, rect: pygame.Rect) -> pygame.Rect:
        """What a tip for `rect` is placed beside and must not cover: the button itself, or a
        scene's larger block around it."""
        return rect

    def tip_keep_clear(self, rect: pygame.Rect) -> list[pygame.Rect]:
        """What a tip for `rect` must not cover besides `rect` itself: the panel the student
        reads along with it (none by default)."""
        return []

    def tip_rather_not(self, rect: pygame.Rect) -> list[pygame.Rect]:
        """What a tip for `rect` covers only when there is nowhere else: the other buttons."""
        return [
            e.rect
            for e in self._elements
            if isinstance(e, pygame_gui.elements.UIButton) and e.visible and e.rect != rect
        ]

    def tip_max_width(self, rect: pygame.Rect) -> int | None:
        """A narrower tip for `rect` where the room beside its panel is narrow (None: the
        usual width)."""
        return None

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Keys: the focus ring first, then Esc, then the scene's own keys."""
        if self._closing is not None or self._asked is not None or self._telling is not None:
            return True  # answered and closing (or opening what was asked): nothing more now
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and self.owns(event.ui_element):
            self.on_text(self.name_of(event.ui_element), event.text)
            return True
        if self.focus.handle_event(event, typing=self.app.typing()):
            self._sync_field_focus()
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.on_back()
                return True
            return self.on_key(event)
        return False

    # ---- layout helpers ----------------------------------------------------------------
    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.manager

    @property
    def pal(self):
        """The drawn widgets' palette for the current setting (normal, colour-blind, high contrast)."""
        from game.ui.widgets.palette import get_palette

        return get_palette(theme.palette_name())

    @property
    def scale(self) -> float:
        return self.app.scale

    @property
    def size(self) -> tuple[int, int]:
        return self.app.window.get_size()

    def px(self, value: float) -> int:
        """A design size (at 1280x720) in pixels at the current scale."""
        return int(round(value * self.scale))

    def grid(self, cells: float) -> int:
        """`cells` steps of the 8 px grid, scaled."""
        return self.px(cells * GRID)

    @property
    def safe_rect(self) -> pygame.Rect:
        """The window minus the 24 px edge margin: nothing important goes outside it."""
        w, h = self.size
        m = self.px(EDGE_MARGIN)
        return pygame.Rect(m, m, max(1, w - 2 * m), max(1, h - 2 * m))

    def font_px(self, role: str) -> int:
        return theme.scaled(theme.FONT_SIZES[role], self.scale)

    def text_h(self, role: str = "body", bold: bool = False) -> int:
        """The height a one-line label of this font role needs."""
        return fonts.get(self.font_px(role), bold).get_linesize() + 2

    # ---- element factories (tracked: killed when the scene is left) ----------------------
    def track(
        self,
        element,
        name: str | None = None,
        focus: bool = False,
        shortcut: int | None = None,
        show_key: bool = True,
        on_adjust=None,
    ):
        """Own an element made elsewhere; give it a name to receive on_button, or focus."""
        self._elements.append(element)
        if name is not None:
            self._names[id(element)] = name
            if focus:
                self.focus.add(element, name, shortcut, show_key, on_adjust)
                if shortcut is not None and show_key:
                    make_room_for_cap(element, shortcut, self.scale)
        return element

    def button(
        self,
        rect: pygame.Rect,
        text: str,
        name: str,
        *,
        shortcut: int | None = None,
        show_key: bool = True,
        cls: str | None = None,
        tooltip: str | None = None,
        enabled: bool = True,
        focus: bool = True,
        container=None,
        on_adjust=None,
        object_id: str | None = None,
        kind: type[pygame_gui.elements.UIButton] | None = None,
    ) -> pygame_gui.elements.UIButton:
        """A tracked button; `kind`: a UIButton subclass (widgets/painted_button.py)."""
        element = (kind or pygame_gui.elements.UIButton)(
            rect,
            text,
            self.manager,
            container=container,
            object_id=ObjectID(
                class_id=f"@{cls}" if cls else None, object_id=f"#{object_id or name}"
            ),
        )
        # The scene draws the tooltip itself (draw_button_tip): wrapped, scaled with the text,
        # and for a greyed-out button too, where it says why; pygame_gui's would do neither.
        element.irb_tip = tooltip
        if not enabled:
            element.disable()
        return self.track(element, name, focus, shortcut, show_key, on_adjust)

    def label(
        self,
        rect: pygame.Rect,
        text: str,
        cls: str | None = None,
        container=None,
        object_id: str | None = None,
    ) -> pygame_gui.elements.UILabel:
        element = pygame_gui.elements.UILabel(
            rect,
            text,
            self.manager,
            container=container,
            object_id=ObjectID(
                class_id=f"@{cls}" if cls else None,
                object_id=f"#{object_id}" if object_id else None,
            ),
        )
        return self.track(element)

    def text_box(
        self, rect: pygame.Rect, html: str, cls: str | None = None, container=None
    ) -> pygame_gui.elements.UITextBox:
        if cls is None and fonts.needs_cjk(html):
            cls = "cjk"  # Chinese words in an English text (a glossary term): a font that has them
        element = pygame_gui.elements.UITextBox(
            html,
            rect,
            self.manager,
            container=container,
            object_id=ObjectID(class_id=f"@{cls}" if cls else None),
        )
        return self.track(element)

    def wrap_html(self, text: str, width: int, role: str = "body", bold: bool = False) -> str:
        """Text for a pygame_gui text box, already broken into lines by the game's line breaker
        (pygame_gui's own wrapping would hyphenate Chinese and cut Latin words with dashes)."""
        import html

        font = fonts.for_text(text, self.font_px(role), bold)
        lines = fonts.wrap(text, font, max(1, width - self.px(8)))
        return "<br>".join(html.escape(line) for line in lines)

    def text_field(
        self,
        rect: pygame.Rect,
        text: str,
        name: str,
        *,
        digits: bool = False,
        max_length: int = 12,
        tooltip: str | None = None,
        container=None,
    ) -> pygame_gui.elements.UITextEntryLine:
        """A one-line field the player types into. Tab reaches it like a button; typing
        starts at once; Enter finishes (the scene's on_text(name, text) hears it)."""
        element = pygame_gui.elements.UITextEntryLine(
            rect, self.manager, container=container, object_id=ObjectID(object_id=f"#{name}")
        )
        if digits:
            element.set_allowed_characters(list("0123456789,"))
        element.set_text_length_limit(max_length)
        element.set_text(text)
        element.irb_tip = tooltip
        return self.track(element, name, focus=True)

    def on_text(self, name: str, text: str) -> None:
        """A field of this scene was finished with Enter."""

    def _sync_field_focus(self) -> None:
        """Give the keyboard to a field the focus ring reached (and take it from one it left)."""
        item = self.focus.focused
        field = item.element if item is not None else None
        is_field = isinstance(field, pygame_gui.elements.UITextEntryLine)
        for element in self._elements:
            if not isinstance(element, pygame_gui.elements.UITextEntryLine):
                continue
            if element is field and is_field and not element.is_focused:
                self.manager.set_focus_set(element)
            elif element is not field and element.is_focused:
                element.unfocus()

    def panel(
        self,
        rect: pygame.Rect,
        cls: str | None = None,
        layer: int = 1,
        container=None,
        painted: bool | None = None,
    ) -> pygame_gui.elements.UIPanel:
        """A panel (a container for widgets) with 8 px rounded corners.

        painted (default: True in non-modal scenes): the scene paints the panel itself, under
        all widgets, with pygame.draw; pygame_gui only gets an invisible container. pygame_gui
        draws rounded shapes at 4x size for anti-aliasing, which costs ~100 ms for a large
        panel at 1080p on every rebuild. Pass painted=False for a panel that must cover other
        widgets of the same scene (a pop-up).
        """
        if painted is None:
            painted = not self.modal
        class_id = "@frame" if painted else (f"@{cls}" if cls else None)
        element = pygame_gui.elements.UIPanel(
            rect,
            starting_height=layer,
            manager=self.manager,
            container=container,
            object_id=ObjectID(class_id=class_id),
        )
        if painted:
            self._painted.append((element, cls))
        return self.track(element)

    def veil(self, layer: int) -> Veil:
        """The whole window dimmed under a dialog in `layer`, taking every click outside it
        (one shared picture; a full-window `panel(cls="dim_overlay")` paints its own)."""
        w, h = self.size
        return self.track(
            Veil(pygame.Rect(0, 0, w, h), theme.colour("overlay"), self.manager, layer)
        )

    def draw_panels(self, surface: pygame.Surface) -> None:
        """Paint this scene's painted panels (called by the app after draw_background)."""
        radius = self.px(8)
        width = theme.line_width()
        for element, cls in self._painted:
            if not element.visible:
                continue
            fill = theme.colour("panel_glass" if cls == "glass" else "panel")
            rect = element.rect
            if fill.a < 255:
                key = (rect.size, cls, theme.palette_name(), radius)
                layer = self._panel_cache.get(key)
                if layer is None:
                    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
                    pygame.draw.rect(layer, fill, layer.get_rect(), border_radius=radius)
                    self._panel_cache[key] = layer
                surface.blit(layer, rect)
            else:
                pygame.draw.rect(surface, fill, rect, border_radius=radius)
            pygame.draw.rect(surface, theme.colour("border"), rect, width, border_radius=radius)
