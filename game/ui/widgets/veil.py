"""The dim veil under a dialog: the whole window darkened, and every click outside the dialog
taken (the screen below is paused).

pygame_gui's way, a full-window UIPanel, painted a 1280x720 shape and copied it for the
panel's image on every dialog (~7 MB made and freed at 1280x720, 16 at 1920x1080; 6-13 ms
CPU of the dialog's first frame). The veil is one picture per window size and colour, shared
by the dialogs that follow one another over a screen (`forget` drops it); pygame_gui still
draws it in its layer (above the screen's widgets, below the dialog's), exactly as the panel
was drawn: the colour premultiplied, blitted with BLEND_PREMULTIPLIED.
"""

from __future__ import annotations

import pygame
from pygame_gui.core import UIElement
from pygame_gui.elements import UIImage

_VEIL: dict[tuple, pygame.Surface] = {}  # one entry: the window's size and the colour


def veil_picture(size: tuple[int, int], colour: pygame.Color) -> pygame.Surface:
    key = (tuple(size), tuple(colour))
    picture = _VEIL.get(key)
    if picture is None:
        picture = pygame.Surface(size, pygame.SRCALPHA, 32)
        picture.fill(premultiplied(colour))
        _VEIL.clear()  # a resize or another palette: the old one is not drawn again
        _VEIL[key] = picture
    return picture


def premultiplied(colour) -> pygame.Color:
    """`colour` as `premul_alpha()` makes it (one pixel's worth: a plain fill of this is the
    premultiplied picture of a plain fill, without a second full-window pass)."""
    dot = pygame.Surface((1, 1), pygame.SRCALPHA, 32)
    dot.fill(colour)
    return dot.premul_alpha().get_at((0, 0))


def forget() -> None:
    """Drop the shared picture (the app calls this when a screen, not a dialog, opens: kept
    only while dialogs come one after another over the same screen)."""
    _VEIL.clear()


class Veil(UIElement):
    """A full-window element in `layer` showing the shared veil; it takes mouse clicks."""

    def __init__(self, rect: pygame.Rect, colour: pygame.Color, manager, layer: int) -> None:
        super().__init__(
            rect, manager, None, starting_height=layer, layer_thickness=1, element_id=["veil"]
        )
        self.blendmode = pygame.BLEND_PREMULTIPLIED
        # Not `_set_image`: it copies the picture, and the point is not to.
        self.image = veil_picture(self.rect.size, colour)

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
