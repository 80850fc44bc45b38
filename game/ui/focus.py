"""Keyboard navigation over pygame_gui elements (pygame_gui has none: its issue #101).

Modelled on OpenMW's: Tab / Shift+Tab cycle, arrow keys move to the nearest element in that
direction, Enter / Space activate, the focused element gets an amber outline. An element may
take Left/Right itself (`on_adjust`, e.g. a setting's value) and may have a shortcut key,
drawn as a key cap on the button. Activation posts the same UI_BUTTON_PRESSED event a mouse
click makes, so scenes handle one kind of event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pygame
import pygame_gui

from game.ui import fonts, theme

ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
DIRECTIONS = {
    pygame.K_LEFT: (-1, 0),
    pygame.K_RIGHT: (1, 0),
    pygame.K_UP: (0, -1),
    pygame.K_DOWN: (0, 1),
}


@dataclass
class FocusItem:
    element: pygame_gui.core.UIElement
    name: str
    shortcut: int | None = None
    show_key: bool = True
    on_adjust: Callable[[int], None] | None = None

    def usable(self) -> bool:
        """Can be pressed now."""
        return bool(self.reachable() and getattr(self.element, "is_enabled", True))

    def reachable(self) -> bool:
        """Can take the focus: a greyed-out button too, so the keyboard reaches its reason."""
        el = self.element
        return bool(el.alive() and el.visible)


def key_label(key: int) -> str:
    names = {
        pygame.K_ESCAPE: "Esc",
        pygame.K_RETURN: "Enter",
        pygame.K_SPACE: "Space",
        pygame.K_TAB: "Tab",
    }
    return names.get(key) or pygame.key.name(key).upper()


def post_press(element) -> None:
    """The event a mouse click on `element` would produce."""
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_BUTTON_PRESSED,
            {
                "ui_element": element,
                "ui_object_id": element.most_specific_combined_id,
                "mouse_button": pygame.BUTTON_LEFT,
            },
        )
    )


class FocusRing:
    """The focusable elements of one scene, in Tab order, and which one has the focus."""

    def __init__(self) -> None:
        self.items: list[FocusItem] = []
        self.index = -1
        self.remembered: str | None = None  # survives a rebuild (resize, language change)
        # A scene with text fields may say which shortcuts' keys go into a field now instead
        # (the debrief: its scene-wide letters on a step where the student writes): those
        # neither fire nor show their key cap.
        self.typed: Callable[[FocusItem], bool] | None = None

    def add(
        self,
        element,
        name: str,
        shortcut: int | None = None,
        show_key: bool = True,
        on_adjust: Callable[[int], None] | None = None,
    ) -> None:
        self.items.append(FocusItem(element, name, shortcut, show_key, on_adjust))

    def clear(self) -> None:
        if self.focused is not None:
            self.remembered = self.focused.name
        self.items.clear()
        self.index = -1

    def restore(self, default: str | None = None) -> None:
        """After a rebuild: focus the remembered item, else `default`, else the first usable
        (a scene with `default_focus = ""` starts with nothing focused: Enter does nothing)."""
        for wanted in (self.remembered, default):
            if wanted and self.focus_name(wanted):
                return
        self.index = -1
        if default == "":
            return
        for i, item in enumerate(self.items):
            if item.usable():
                self.index = i
                self.remembered = item.name
                return

    @property
    def focused(self) -> FocusItem | None:
        if 0 <= self.index < len(self.items):
            return self.items[self.index]
        return None

    def focus_name(self, name: str) -> bool:
        for i, item in enumerate(self.items):
            if item.name == name and item.usable():
                self.index = i
                self.remembered = name
                return True
        return False

    def focus_element(self, element) -> bool:
        for i, item in enumerate(self.items):
            if item.element is element:
                self.index = i
                self.remembered = item.name
                return True
        return False

    def _step(self, delta: int) -> bool:
        n = len(self.items)
        for k in range(1, n + 1):
            i = (self.index + delta * k) % n if self.index >= 0 else (k - 1 if delta > 0 else n - k)
            if self.items[i].reachable():
                self.index = i
                self.remembered = self.items[i].name
                return True
        return False

    def _move(self, dx: int, dy: int) -> bool:
        current = self.focused
        if current is None or not current.reachable():
            return self._step(1)
        cx, cy = current.element.rect.center
        best, best_score = None, float("inf")
        for i, item in enumerate(self.items):
            if i == self.index or not item.reachable():
                continue
            ox, oy = item.element.rect.center
            along = (ox - cx) * dx + (oy - cy) * dy
            if along <= 0:
                continue
            across = abs((ox - cx) * dy) + abs((oy - cy) * dx)
            score = along + 2 * across
            if score < best_score:
                best, best_score = i, score
        if best is None:
            return False
        self.index = best
        self.remembered = self.items[best].name
        return True

    def handle_event(self, event: pygame.event.Event, typing: bool = False) -> bool:
        """Navigation and activation keys; returns True if the key was used."""
        if event.type != pygame.KEYDOWN:
            return False
        key, mods = event.key, event.mod
        if key == pygame.K_TAB:
            return self._step(-1 if mods & pygame.KMOD_SHIFT else 1)
        if typing:
            return False
        current = self.focused
        if key in DIRECTIONS:
            dx, dy = DIRECTIONS[key]
            if dx and current is not None and current.on_adjust is not None and current.usable():
                current.on_adjust(dx)
                return True
            return self._move(dx, dy)
        if key in ACTIVATE_KEYS:
            if current is not None and current.usable():
                post_press(current.element)
                return True
            return False
        if mods & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
            return False
        for i, item in enumerate(self.items):
            if item.shortcut == key and item.usable() and not self.types(item):
                self.index = i
                self.remembered = item.name
                post_press(item.element)
                return True
        return False

    def types(self, item: FocusItem) -> bool:
        """True if `item`'s key goes into a text field now, not to the item."""
        return self.typed is not None and item.shortcut is not None and self.typed(item)

    def draw(self, surface: pygame.Surface, scale: float = 1.0) -> None:
        """Key caps on buttons that have a shortcut, and the focus outline."""
        size = theme.scaled(13, scale)
        for item in self.items:
            if item.shortcut is None or not item.show_key or not item.element.visible:
                continue
            if self.types(item):
                continue  # its key types now: no cap that says otherwise
            if not cap_fits(item.element, key_label(item.shortcut), size, scale):
                continue  # a key cap never covers a button's words (the tooltip names the key)
            on_accent = "@primary" in item.element.get_class_ids()
            draw_key_cap(
                surface,
                item.element.rect,
                key_label(item.shortcut),
                size,
                enabled=item.usable(),
                scale=scale,
                on_accent=on_accent,
            )
        current = self.focused
        if current is not None and current.reachable():
            pad = max(2, int(round(3 * scale)))
            rect = current.element.rect.inflate(pad * 2, pad * 2)
            width = max(2, int(round(2 * scale))) + theme.line_width() - 1
            pygame.draw.rect(
                surface, theme.colour("focus"), rect, width, border_radius=int(round(9 * scale))
            )


def cap_rect(button_rect: pygame.Rect, label: str, size: int, scale: float) -> pygame.Rect:
    text = _cap_text(label, size, (0, 0, 0))
    pad_x, pad_y = int(round(6 * scale)), int(round(2 * scale))
    cap = pygame.Rect(0, 0, text.get_width() + 2 * pad_x, text.get_height() + 2 * pad_y)
    cap.midright = (button_rect.right - int(round(12 * scale)), button_rect.centery)
    return cap


# A text's size per (font, text): pygame_gui's `get_rect` renders the text to measure it, and
# the key caps ask for their buttons' words every frame (~2 ms a frame with ten caps). Fonts
# live as long as their manager's font dictionary; emptied when full (a few looks' worth).
_WORDS_SIZE: dict[tuple[object, str], tuple[int, int]] = {}
_WORDS_SIZE_MAX = 2048


def words_size(font, text: str) -> tuple[int, int]:
    """The size `font` draws `text` at, measured once."""
    key = (font, text)  # (fonts compare as themselves)
    size = _WORDS_SIZE.get(key)
    if size is None:
        if len(_WORDS_SIZE) >= _WORDS_SIZE_MAX:
            _WORDS_SIZE.clear()
        size = _WORDS_SIZE[key] = tuple(font.get_rect(text).size)
    return size


def words_rect(element) -> pygame.Rect | None:
    """Where a pygame_gui button's own words are drawn (None: it has none)."""
    text = getattr(element, "text", "") or ""
    font = getattr(element, "font", None)
    if not text or font is None:
        return None
    w, h = words_size(font, text)
    words = pygame.Rect(0, 0, w, h)
    words.center = element.rect.center
    if getattr(element, "text_horiz_alignment", "center") == "left":
        words.left = element.rect.left + int(getattr(element, "text_horiz_alignment_padding", 0))
    return words


def cap_fits(element, label: str, size: int, scale: float) -> bool:
    """True if the key cap leaves the button's own words clear."""
    words = words_rect(element)
    if words is None:
        return True
    return not words.inflate(int(round(14 * scale)), 0).colliderect(
        cap_rect(element.rect, label, size, scale)
    )


def make_room_for_cap(element, key: int, scale: float) -> None:
    """A button whose centred words would run into its key cap gets them on the left."""
    size = theme.scaled(13, scale)
    label = key_label(key)
    if cap_fits(element, label, size, scale):
        return
    element.text_horiz_alignment = "left"
    element.text_horiz_alignment_padding = int(round(14 * scale))
    if cap_fits(element, label, size, scale):
        element.rebuild()
    else:
        element.text_horiz_alignment = "center"


def draw_key_cap(
    surface,
    button_rect: pygame.Rect,
    label: str,
    size: int,
    enabled: bool,
    scale: float,
    on_accent: bool = False,
) -> None:
    """A small rounded key cap at the right end of a button: "N", "Esc"."""
    if on_accent:
        colour = theme.colour("ink")
    else:
        colour = theme.colour("text_dim" if enabled else "text_disabled")
    text = _cap_text(label, size, tuple(colour))
    pad_x, pad_y = int(round(6 * scale)), int(round(2 * scale))
    cap = pygame.Rect(0, 0, text.get_width() + 2 * pad_x, text.get_height() + 2 * pad_y)
    cap.midright = (button_rect.right - int(round(12 * scale)), button_rect.centery)
    pygame.draw.rect(surface, colour, cap, 1, border_radius=int(round(4 * scale)))
    surface.blit(text, text.get_rect(center=cap.center))


@cache
def _cap_text(label: str, size: int, colour: tuple) -> pygame.Surface:
    return fonts.get(size, bold=True, family="sans").render(label, True, colour)
