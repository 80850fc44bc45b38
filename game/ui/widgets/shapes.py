"""pygame_gui's rounded buttons and panels, drawn the same but without the 4x full-size picture.

pygame_gui draws every state of a rounded rectangle (normal, hovered, pressed, disabled, ...)
at four times its size and smooth-scales it down, for anti-aliased corners: a 300x104 button
costs a 1200x416 picture and a scale per state, ~4 ms, and a screen of cards and buttons spent
half its first frame there (issue 17). Only the corners need the 4x treatment: here one small
picture of the four corners (radius + border + 2 pixels each way) is drawn at 4x the same way,
scaled down, and stretched to the full size (its middle row and column are plain edge, so the
stretch copies exactly what pygame_gui would have computed).

`install()` (called once by the app) routes `RoundedRectangleShape.redraw_state` here for the
common case (no shadow, plain colours, not a progress bar); anything else goes to pygame_gui.
The small picture is drawn by pygame_gui's own code (the shape is shrunk for the call), so
corners, borders and the translucent fills come out as pygame_gui draws them.

`install()` also has every shape draw a state when it is first shown (`redraw_shown_state`):
pygame_gui drew all of a button's states ahead (normal, hovered, pressed, selected; each a
full-size picture, a copy before the text and a text layer), ~5-7 MB of pictures for states
most buttons never show (issue 17's memory target). Hovering or pressing a button draws that
state in that frame (pygame_gui's own `set_active_state` does so for a state not yet drawn).
And pygame_gui's shape cache (one per manager; the app keeps two) gets its page when it first
caches a shape, not when the manager is made (the spare manager never does), and a 1024x256 page
(1 MB) instead of 1024x1024 (4 MB): a run caches under ten small shapes (36x36 to 512x66); one
taller than the page is drawn each time instead of kept.
And a text layout's rows hold their layout weakly (`_WeakLayout`): pygame_gui's row -> layout
-> rows cycle made every dropped layout wait for the cycle collector, and a layout alive when
the title froze the collector's heap (`heap.settle_heap`) was never collected: the title's and
the picker's button words, ~8-11 MB of text pictures kept through the whole run.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict, deque

import pygame
from pygame_gui.core.drawable_shapes.drawable_shape import DrawableShape
from pygame_gui.core.drawable_shapes.rounded_rect_drawable_shape import RoundedRectangleShape
from pygame_gui.core.surface_cache import SurfaceCache
from pygame_gui.core.text.text_box_layout_row import TextBoxLayoutRow

PROXY_MIN = 64  # a side longer than this is drawn this long and stretched
_original = RoundedRectangleShape.redraw_state
_original_all_states = DrawableShape.redraw_all_states
_original_set_active = DrawableShape.set_active_state
_original_cache_init = SurfaceCache.__init__
_original_cache_add = SurfaceCache.add_surface_to_long_term_cache
CACHE_PAGE = (1024, 256)
# finished backgrounds by size and look (buttons of one size repeat across a screen and across
# screens), least recently used first, kept to a few megabytes
_made: OrderedDict[tuple, pygame.Surface] = OrderedDict()
_MADE_BYTES = 2 * 1024 * 1024
REMEMBER_AREA = 40_000  # pixels; as pygame_gui's own shape cache
_made_bytes = [0]
# the small pictures themselves, by their size and look: buttons of one height and look but
# many widths (a screen's list, its footer) draw the corners once (~1-2 ms a state under load)
_proxies: OrderedDict[tuple, pygame.Surface] = OrderedDict()
PROXIES_KEPT = 256  # at most 64x64x4 bytes each: 4 MB, usually far less


def _remember(key: tuple, surf: pygame.Surface) -> None:
    _made[key] = surf
    _made_bytes[0] += surf.get_width() * surf.get_height() * 4
    while len(_made) > 1 and _made_bytes[0] > _MADE_BYTES:
        old = _made.popitem(last=False)[1]
        _made_bytes[0] -= old.get_width() * old.get_height() * 4


def clear_cache() -> None:
    _made.clear()
    _proxies.clear()
    _made_bytes[0] = 0


def stretch(surf: pygame.Surface, size: tuple[int, int]) -> pygame.Surface:
    """Grow a rounded shape's picture to `size` by repeating its middle row and column (the
    corners and edges stay as drawn)."""
    return _stretch(_stretch(surf, size[0], axis=0), size[1], axis=1)


def _stretch(surf: pygame.Surface, length: int, axis: int) -> pygame.Surface:
    size = surf.get_size()
    if size[axis] >= length:
        return surf
    c = size[axis] // 2
    rest = size[axis] - c - 1  # pixels after the middle one
    out = pygame.Surface((length, size[1]) if axis == 0 else (size[0], length), pygame.SRCALPHA, 32)
    if axis == 0:
        h = size[1]
        out.blit(surf, (0, 0), pygame.Rect(0, 0, c, h))
        out.blit(surf, (length - rest, 0), pygame.Rect(c + 1, 0, rest, h))
        middle = surf.subsurface(pygame.Rect(c, 0, 1, h))
        out.blit(pygame.transform.scale(middle, (length - c - rest, h)), (c, 0))
    else:
        w = size[0]
        out.blit(surf, (0, 0), pygame.Rect(0, 0, w, c))
        out.blit(surf, (0, length - rest), pygame.Rect(0, c + 1, w, rest))
        middle = surf.subsurface(pygame.Rect(0, c, w, 1))
        out.blit(pygame.transform.scale(middle, (w, length - c - rest)), (0, c))
    return out


def proxy_size(shape: RoundedRectangleShape) -> tuple[int, int]:
    """The small size the shape is drawn at: each side at most max(PROXY_MIN, both corners and
    a plain pixel between)."""
    c = max(max(shape.shape_corner_radius), 0) + shape.border_widths["left"] + 2
    side = max(PROXY_MIN, 2 * c + 1)
    w, h = shape.containing_rect.size
    return min(w, side), min(h, side)


def _fits(shape: RoundedRectangleShape, state_str: str) -> bool:
    theming = shape.theming
    rect = shape.containing_rect
    return (
        shape.shadow_width == 0
        and rect.width > 0
        and rect.height > 0
        and "filled_bar" not in theming
        and "filled_bar_width_percentage" not in theming
        and isinstance(theming.get(f"{state_str}_bg"), pygame.Color)
        and isinstance(theming.get(f"{state_str}_border"), pygame.Color)
        and not theming.get(f"{state_str}_images")
    )


# what pygame_gui's drawing reads of the shape's size, swapped for the small one during the call
_SWAPPED = (
    "containing_rect",
    "click_area_shape",
    "base_surface",
    "has_been_resized",
    "temp_additive_shape",
    "temp_subtractive_shape",
)


def redraw_state(self: RoundedRectangleShape, state_str: str, add_text: bool = True) -> None:
    if not _fits(self, state_str):
        _original(self, state_str, add_text)
        return
    size = self.containing_rect.size
    small = proxy_size(self)
    if small == size:
        _original(self, state_str, add_text)
        return
    key = (
        size,
        tuple(self.shape_corner_radius),
        self.border_widths["left"],
        tuple(self.theming[f"{state_str}_bg"]),
        tuple(self.theming[f"{state_str}_border"]),
        self.theming.get("border_overlap", 0),
    )
    done = _made.get(key)
    if done is not None:
        _made.move_to_end(key)
        _finish(self, state_str, done.copy(), add_text)
        return
    proxy_key = (small, *key[1:])
    proxy = _proxies.get(proxy_key)
    if proxy is not None:  # the same look at another length: only the stretch is new
        _proxies.move_to_end(proxy_key)
        surf = stretch(proxy, size)
        if size[0] * size[1] < REMEMBER_AREA:
            _remember(key, surf.copy())
        _finish(self, state_str, surf, add_text)
        return
    # pygame_gui's drawing at the small size: swap the sizes it reads, keep the text for later
    saved = {name: getattr(self, name) for name in _SWAPPED}
    self.containing_rect = pygame.Rect(self.containing_rect.topleft, small)
    self.click_area_shape = pygame.Rect(self.click_area_shape.topleft, small)
    self.base_surface = pygame.Surface(small, pygame.SRCALPHA, 32)
    self.has_been_resized = True  # not into pygame_gui's shape cache under the small size
    self.temp_additive_shape = self.temp_subtractive_shape = None
    self.finalise_images_and_text = _no_text  # type: ignore[method-assign]
    try:
        _original(self, state_str, False)
    finally:
        del self.finalise_images_and_text
        for name, value in saved.items():
            setattr(self, name, value)
    _proxies[proxy_key] = self.states[state_str].surface.copy()
    while len(_proxies) > PROXIES_KEPT:
        _proxies.popitem(last=False)
    surf = stretch(self.states[state_str].surface, size)
    if size[0] * size[1] < REMEMBER_AREA:  # big ones rarely repeat: not worth a copy
        _remember(key, surf.copy())
    _finish(self, state_str, surf, add_text)


def _finish(self: RoundedRectangleShape, state_str: str, surf: pygame.Surface, add_text: bool):
    state = self.states[state_str]
    state.surface = surf
    if state.cached_background_id is not None:  # from pygame_gui's cache before: let it go
        self.shape_cache.remove_user_from_cache_item(state.cached_background_id)
        state.cached_background_id = None
    self.finalise_images_and_text(
        f"{state_str}_images",
        state_str,
        f"{state_str}_text",
        f"{state_str}_text_shadow",
        add_text,
    )
    state.has_fresh_surface = True
    state.generated = True


def _no_text(*_args, **_kwargs) -> None:
    pass


def redraw_shown_state(self: DrawableShape, force_full_redraw: bool = False) -> None:
    """pygame_gui's `redraw_all_states` (after a resize, a text or theme change), drawing only
    the state shown now; every other state forgets its pictures and is drawn by
    `set_active_state` when it is first shown (`generated` False), so none is stale."""
    shown = self.active_state.state_id
    for state_id, state in self.states.items():
        if state_id != shown:
            state.generated = False
            state.surface = self.ui_manager.get_universal_empty_surface()
            state.pre_text_surface = state.text_surface = None
    self.states_to_redraw_queue = deque()
    self.redraw_state(shown)
    self.need_to_clean_up = True  # pygame_gui's temporary shapes go at the next update


def set_active_state(self: DrawableShape, state_id: str) -> None:
    drawn_now = state_id in self.states and not self.states[state_id].generated
    _original_set_active(self, state_id)
    if drawn_now:
        self.need_to_clean_up = True


def _cache_without_a_page(self: SurfaceCache) -> None:
    _original_cache_init(self)
    # pygame_gui's own `_expand_lt_cache` makes the first page when a shape is first cached
    self.cache_surfaces.clear()
    self.cache_surface_size = CACHE_PAGE


def _cache_what_fits(self: SurfaceCache, cached_item, string_id: str):
    surface = cached_item["surface"]
    if surface.get_width() > CACHE_PAGE[0] or surface.get_height() > CACHE_PAGE[1]:
        return None  # (pygame_gui's size test compares (w, h) as a tuple: here each side)
    return _original_cache_add(self, cached_item, string_id)


class _WeakLayout:
    """`TextBoxLayoutRow.layout` as a weak reference (the layout owns its rows)."""

    def __get__(self, row, owner=None):
        if row is None:
            return self
        ref = row.__dict__.get("_layout_ref")
        if ref is None:  # a row made before install()
            return row.__dict__.get("layout")
        return ref()

    def __set__(self, row, layout) -> None:
        row.__dict__["_layout_ref"] = weakref.ref(layout) if layout is not None else None


def install() -> None:
    """Draw pygame_gui's rounded shapes the fast way, each shape's states when first shown, and
    a shape cache's page when first used, from now on (idempotent)."""
    RoundedRectangleShape.redraw_state = redraw_state  # type: ignore[method-assign]
    DrawableShape.redraw_all_states = redraw_shown_state  # type: ignore[method-assign]
    DrawableShape.set_active_state = set_active_state  # type: ignore[method-assign]
    SurfaceCache.__init__ = _cache_without_a_page  # type: ignore[method-assign]
    SurfaceCache.add_surface_to_long_term_cache = _cache_what_fits  # type: ignore[method-assign]
    TextBoxLayoutRow.layout = _WeakLayout()  # type: ignore[assignment]


def uninstall() -> None:
    """pygame_gui's own drawing again (rows keep holding their layout weakly: rows made
    since install() have no other reference to it)."""
    RoundedRectangleShape.redraw_state = _original  # type: ignore[method-assign]
    DrawableShape.redraw_all_states = _original_all_states  # type: ignore[method-assign]
    DrawableShape.set_active_state = _original_set_active  # type: ignore[method-assign]
    SurfaceCache.__init__ = _original_cache_init  # type: ignore[method-assign]
    SurfaceCache.add_surface_to_long_term_cache = _original_cache_add  # type: ignore[method-assign]
