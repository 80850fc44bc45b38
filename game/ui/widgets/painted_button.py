"""A big button whose face the scene paints: pygame_gui keeps no pictures for it.

pygame_gui keeps, for every button, a full-size picture of each state it has drawn (normal,
hovered, pressed, selected, disabled), a copy of each before its text and one base picture:
for the business screen's twelve 299x182 trade cards ~20 MB while the screen is open, the
month loop's memory high (issue 17, benchmarks/README.md). Those cards are painted by the
scene anyway (words, numbers, chips on a transparent layer over the button), so here the
button only keeps what it is for: where it is hit, its state (hovered, pressed, disabled,
focused by keys) and its events. `paint_face` draws the state's background and border with the
button's own theme colours and border, the same pixels pygame_gui would blit, just before the
scene's layer goes on top.

Only square ("rectangle") buttons in plain colours are painted this way; anything else (and any
pygame_gui but the one the game pins) is a plain UIButton that draws itself, and `paint_face`
then leaves it alone.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.core.drawable_shapes import RectDrawableShape

from game.ui.widgets.theme_ids import fits_this_pygame_gui


class FaceShape(RectDrawableShape):
    """pygame_gui's square shape with its geometry and states but no pictures: every state
    shows the manager's empty surface, and the scene paints the face (`paint_face`)."""

    def full_rebuild_on_size_change(self):
        super().full_rebuild_on_size_change()
        self.base_surface = None  # a full-size picture pygame_gui would copy for each state

    def redraw_state(self, state_str: str, add_text: bool = True):
        state = self.states[state_str]
        state.surface = self.ui_manager.get_universal_empty_surface()
        state.has_fresh_surface = True
        state.generated = True


class PaintedButton(pygame_gui.elements.UIButton):
    """A UIButton drawn by its scene (see the module's note)."""

    def rebuild(self):
        if self.shape != "rectangle" or self.shadow_width or not _plain(self.colours):
            super().rebuild()  # the look pygame_gui draws itself
            return
        theming = {
            key: self.colours[key]
            for state in ("normal", "hovered", "disabled", "selected", "active")
            for key in (f"{state}_bg", f"{state}_border")
        }
        theming.update(
            border_width=self.border_width,
            shadow_width=self.shadow_width,
            shape_corner_radius=self.shape_corner_radius,
            transitions={},
            border_overlap=self.border_overlap,
        )
        self.drawable_shape = FaceShape(
            self.rect.copy(),
            theming,
            ["normal", "hovered", "disabled", "selected", "active"],
            self.ui_manager,
        )
        if not self.is_enabled:
            self.drawable_shape.set_active_state("disabled")
        self.on_fresh_drawable_shape_ready()
        self._on_contents_changed()


def _plain(colours: dict) -> bool:
    """Opaque plain colours: filled on the screen they are exactly pygame_gui's blitted picture
    (a translucent fill would be replaced, not blended, under the border)."""
    return all(
        isinstance(colours.get(f"{s}_{part}"), pygame.Color) and colours[f"{s}_{part}"].a == 255
        for s in ("normal", "hovered", "disabled", "selected", "active")
        for part in ("bg", "border")
    )


def painted_button(
    scene,
    rect: pygame.Rect,
    name: str,
    *,
    cls: str,
    tooltip: str | None = None,
    enabled: bool = True,
) -> pygame_gui.elements.UIButton:
    """A button without words of its own, made by `Scene.button` (tracked, focusable, the
    scene's tooltip), whose face the scene paints with `paint_face`."""
    kind = PaintedButton if fits_this_pygame_gui() else pygame_gui.elements.UIButton
    return scene.button(rect, "", name, cls=cls, tooltip=tooltip, enabled=enabled, kind=kind)


def paint_face(surface: pygame.Surface, element) -> None:
    """The button's background and border in its present state, where pygame_gui would have
    blitted its picture (nothing for a button that draws itself)."""
    shape = getattr(element, "drawable_shape", None)
    if not isinstance(shape, FaceShape) or not element.visible:
        return
    state = shape.active_state.state_id
    top_left = pygame.Vector2(element.rect.topleft)
    border = shape.theming[f"{state}_border"]
    if any(w > 0 for w in shape.border_widths.values()):
        if shape.use_simple_border_rect:
            surface.fill(border, shape.simple_border_rect.move(top_left))
        else:
            for side, r in shape.border_rects.items():
                if r is not None and shape.border_widths[side] > 0:
                    surface.fill(border, r.move(top_left))
    surface.fill(shape.theming[f"{state}_bg"], shape.background_rect.move(top_left))
