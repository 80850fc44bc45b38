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

_VEIL: dict[tuple, pygame.Surface] = {}  # one entry: the window's size and the colour


def veil_picture(size: tuple[int, int], colour: pygame.Color) -> pygame.Surface:
    key = (tuple(size), tuple(colour))
    picture = _VEIL.get(key)
    if picture is None:
        plain = pygame.Surface(size, pygame.SRCALPHA, 32)
        plain.fill(colour)
        picture = plain.premul_alpha()
        _VEIL.clear()  # a resize or another palette: the old one is not drawn again
        _VEIL[key] = picture
    return picture


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
