"""The dim veil under a dialog: the whole window darkened, and every click outside the dialog
taken (the screen below is paused).

pygame_gui's way, a full-window UIPanel, painted a 1280x720 shape and copied it for the
panel's image on every dialog (~7 MB made and freed at 1280x720, 16 at 1920x1080; 6-13 ms
CPU of the dialog's first frame). Then one shared window-sized picture, blitted every frame
(3.5 MB kept at 1280x720). Now the app paints the veil once, in strips, into its picture of
the screens under the dialog (`App._draw`, `paint_veil`): the screens below are paused, so the
veiled picture is the same every frame and no window-sized picture of the veil is kept. The
element stays, in the dialog's lowest layer, for the clicks it takes; its own image is one
clear pixel. The colour is premultiplied and blended with BLEND_PREMULTIPLIED, as the panel was.
"""

from __future__ import annotations

import pygame
from pygame_gui.core import UIElement
from pygame_gui.elements import UIImage

_STRIP_BYTES = 256 * 1024  # the veil is painted through a strip of the window's width


def paint_veil(surface: pygame.Surface, colour) -> None:
    """Darken all of `surface` with the veil's `colour` (the pixels a window-sized picture of
    the premultiplied colour blitted with BLEND_PREMULTIPLIED gives; test_frames)."""
    w, h = surface.get_size()
    if w <= 0 or h <= 0:
        return
    rows = max(1, min(h, _STRIP_BYTES // (4 * w)))
    strip = pygame.Surface((w, rows), pygame.SRCALPHA, 32)
    strip.fill(premultiplied(colour))
    flag = pygame.BLEND_PREMULTIPLIED
    surface.blits([(strip, (0, y), None, flag) for y in range(0, h, rows)], doreturn=False)


_CLEAR: list[pygame.Surface] = []  # the veil element's own image: one clear pixel


def _clear_dot() -> pygame.Surface:
    if not _CLEAR:
        dot = pygame.Surface((1, 1), pygame.SRCALPHA, 32)
        dot.fill((0, 0, 0, 0))
        _CLEAR.append(dot)
    return _CLEAR[0]


def premultiplied(colour) -> pygame.Color:
    """`colour` as `premul_alpha()` makes it (one pixel's worth: a plain fill of this is the
    premultiplied picture of a plain fill, without a second full-window pass)."""
    dot = pygame.Surface((1, 1), pygame.SRCALPHA, 32)
    dot.fill(colour)
    return dot.premul_alpha().get_at((0, 0))


class Veil(UIElement):
    """A full-window element in `layer` that takes mouse clicks; the app paints its `colour`
    under it (`paint_veil`)."""

    def __init__(self, rect: pygame.Rect, colour: pygame.Color, manager, layer: int) -> None:
        super().__init__(
            rect, manager, None, starting_height=layer, layer_thickness=1, element_id=["veil"]
        )
        self.colour = pygame.Color(colour)
        self.blendmode = pygame.BLEND_PREMULTIPLIED
        # Not `_set_image` (it copies): the app paints the veil, this pixel is never seen.
        self.image = _clear_dot()

    def process_event(self, event: pygame.event.Event) -> bool:
        """A click anywhere on the veil stops here (as a pygame_gui panel does): the
        widgets of the screen below never see it."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (
            pygame.BUTTON_LEFT,
            pygame.BUTTON_RIGHT,
            pygame.BUTTON_MIDDLE,
        ):
            x, y = self.ui_manager.calculate_scaled_mouse_position(event.pos)
            return self.hover_point(x, y)
        return False


class StillImage(UIImage):
    """A UIImage that shows the picture it is given (premultiplied, the element's size) as it
    is: pygame_gui's converts it and copies it again (two more full-window passes)."""

    def set_image(self, new_image, image_is_alpha_premultiplied=False, scale_func=None) -> None:
        if new_image is None or new_image.get_size() != self.rect.size:
            super().set_image(new_image, image_is_alpha_premultiplied)
            return
        if not image_is_alpha_premultiplied:
            new_image = new_image.premul_alpha()
        self.image = new_image
        self._pre_clipped_image = None
