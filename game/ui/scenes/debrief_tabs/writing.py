"""The student's text fields on the debrief's steps: each bound to a part of the written work
(game/debrief/reflection.py), kept as typed, saved with the run every few seconds and whenever
the student moves on. Mixed into DebriefScene.

While a field has the keyboard, keys type into it: the step shortcuts (1-9, E, N ...) do not
fire, Esc gives the keyboard back (a second Esc leaves the screen), Tab moves on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pygame
import pygame_gui

from game.debrief import reflection
from game.ui import theme
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb

SAVE_EVERY = 8.0  # seconds between saves while the student types

log = logging.getLogger(__name__)


class TextBox(pygame_gui.elements.UITextEntryBox):
    """pygame_gui's multi-line field, kept from losing what was typed: in 0.6.14 a click into an
    empty box (its placeholder's layout) or a selection deleted across rows leaves the cursor
    where no text is, and the next letter raises (pygame_gui issues #717 and #555). Here the
    letter goes at the end of the text and the box carries on."""

    def process_event(self, event: pygame.event.Event) -> bool:
        try:
            return super().process_event(event)
        except (RuntimeError, IndexError, TypeError, ValueError):
            log.warning("text box lost its cursor; the text was kept", exc_info=True)
            text = self.get_text()
            if event.type == pygame.TEXTINPUT and not text.endswith(event.text):
                text += event.text
            self.set_text(text)
            self.edit_position = len(text)
            self.text_box_layout.set_cursor_position(self.edit_position)
            return True


class Writing:
    """Mixed into DebriefScene (uses the scene's app, manager, session, track, px, pal)."""

    def init_writing(self) -> None:
        self._fields: dict[str, tuple[object, Callable[[str], object]]] = {}
        self._dirty = False
        self._since_save = 0.0

    def clear_fields(self) -> None:
        self._fields.clear()

    def text_field(
        self,
        rect: pygame.Rect,
        name: str,
        text: str,
        on_change: Callable[[str], object],
        multiline: bool = True,
        placeholder: str | None = None,
        limit: int = reflection.TEXT_MAX,
    ):
        """A text field the student writes in; `on_change(text)` keeps what they type."""
        if multiline:
            el = TextBox(
                rect, initial_text=text, manager=self.manager, placeholder_text=placeholder
            )
            # pygame_gui 0.6.14 builds the box with the plain text box's theme and only then
            # names it "text_entry_box": read the theme again, or it has no frame and no fill.
            el.rebuild_from_changed_theme_data()
        else:
            el = pygame_gui.elements.UITextEntryLine(
                rect, self.manager, initial_text=text, placeholder_text=placeholder
            )
            el.set_text_length_limit(limit)
        self.track(el, name, focus=True)
        self._fields[name] = (el, on_change)
        return el

    def draw_fields(self, surface: pygame.Surface) -> None:
        """The multi-line fields' rounded boxes, painted under their text. pygame_gui would draw
        a rounded box at 4x size on every keystroke: 50-70 MB of scratch surfaces and
        40-100 ms for a large field (bench_game.py); its own box is a bare rectangle here
        (theme.json "text_entry_box", its padding one pixel more: where the rounded box put
        the text)."""
        radius, width = self.px(6), theme.line_width()
        for el, _keep in self._fields.values():
            if isinstance(el, TextBox) and el.visible and el.alive():
                pygame.draw.rect(surface, theme.colour("bg"), el.rect, border_radius=radius)
                pygame.draw.rect(
                    surface, theme.colour("border"), el.rect, width, border_radius=radius
                )

    def field_label(self, layer, x: int, y: int, width: int, text: str) -> int:
        """A small amber label above a field; returns the y below it."""
        s = tx.fit_text(text, width, tx.SIZE_SMALL * self.scale + 1, rgb(self.pal.amber), bold=True)
        layer.blit(s, (x, y))
        return y + s.get_height() + self.px(4)

    def focus_field(self, name: str) -> bool:
        """Enter on a focused field (keyboard): give it the keyboard."""
        field = self._fields.get(name)
        if field is None:
            return False
        self.manager.set_focus_set(field[0])
        self.focus.focus_element(field[0])  # the outline goes where the keyboard is
        return True

    def release_keyboard(self) -> None:
        self.manager.set_focus_set(None)

    def writing_event(self, event: pygame.event.Event) -> bool:
        """Text typed, and the keys a field must keep; True when the event was the field's."""
        if event.type in (pygame_gui.UI_TEXT_ENTRY_CHANGED, pygame_gui.UI_TEXT_ENTRY_FINISHED):
            for name, (el, on_change) in self._fields.items():
                if event.ui_element is el:
                    on_change(el.get_text())
                    self._dirty = True
                    if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
                        self.release_keyboard()
                        self.field_finished(name)
                    return True
            return False
        if event.type == pygame.MOUSEBUTTONUP:  # a click into a field: the outline follows
            for el, _keep in self._fields.values():
                if el in (self.manager.get_focus_set() or ()):
                    self.focus.focus_element(el)
        if event.type == pygame.KEYDOWN and self.app.typing():
            if event.key == pygame.K_ESCAPE:
                self.release_keyboard()
                self.save_written()
                return True
            if event.key == pygame.K_TAB:
                self.release_keyboard()
                return False  # the focus ring moves on
            return True  # a letter for the field, not a shortcut
        return False

    def field_finished(self, name: str) -> None:
        """Enter in a one-line field (a step may act on it: lock the guess)."""

    def written(self) -> None:
        self._dirty = True

    def save_written(self) -> None:
        if self._dirty:
            self._dirty = False
            self._since_save = 0.0
            self.session.autosave()

    def save_now_and_then(self, dt: float) -> None:
        self._since_save += dt
        if self._dirty and self._since_save >= SAVE_EVERY:
            self.save_written()
