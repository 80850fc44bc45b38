"""The student's text fields on the debrief's steps: each bound to a part of the written work
(game/debrief/reflection.py), kept as typed, saved with the run every few seconds and whenever
the student moves on.

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


class Fields:
    """A scene's text fields (one object; the debrief holds it as `writing`): each step's
    panel makes its fields here, so the keyboard, the autosave and the fields' boxes are in
    one place whichever step is showing."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self.fields: dict[str, tuple[object, Callable[[str], object]]] = {}
        self._dirty = False
        self._since_save = 0.0
        self.on_finished: dict[str, Callable[[], None]] = {}  # Enter in a one-line field

    @property
    def manager(self):
        return self.scene.manager

    def clear(self) -> None:
        self.fields.clear()
        self.on_finished.clear()

    def forget(self, elements) -> None:
        gone = {id(el) for el in elements}
        for name in [n for n, (el, _k) in self.fields.items() if id(el) in gone]:
            del self.fields[name]
            self.on_finished.pop(name, None)

    def text_field(
        self,
        rect: pygame.Rect,
        name: str,
        text: str,
        on_change: Callable[[str], object],
        multiline: bool = True,
        placeholder: str | None = None,
        limit: int = reflection.TEXT_MAX,
        on_enter: Callable[[], None] | None = None,
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
        self.scene.track(el, name, focus=True)
        self.fields[name] = (el, on_change)
        if on_enter is not None:
            self.on_finished[name] = on_enter
        return el

    def draw_fields(self, surface: pygame.Surface, elements) -> None:
        """The multi-line fields' rounded boxes among `elements`, painted under their text.
        pygame_gui would draw a rounded box at 4x size on every keystroke: 50-70 MB of scratch
        surfaces and 40-100 ms for a large field (bench_game.py); its own box is a bare
        rectangle here (theme.json "text_entry_box", its padding one pixel more: where the
        rounded box put the text)."""
        radius, width = self.scene.px(6), theme.line_width()
        for el in elements:
            if isinstance(el, TextBox) and el.visible and el.alive():
                pygame.draw.rect(surface, theme.colour("bg"), el.rect, border_radius=radius)
                pygame.draw.rect(
                    surface, theme.colour("border"), el.rect, width, border_radius=radius
                )

    def focus_field(self, name: str) -> bool:
        """Enter on a focused field (keyboard): give it the keyboard."""
        field = self.fields.get(name)
        if field is None:
            return False
        self.manager.set_focus_set(field[0])
        self.scene.focus.focus_element(field[0])  # the outline goes where the keyboard is
        return True

    def release_keyboard(self) -> None:
        self.manager.set_focus_set(None)

    def event(self, event: pygame.event.Event) -> bool:
        """Text typed, and the keys a field must keep; True when the event was the field's."""
        if event.type in (pygame_gui.UI_TEXT_ENTRY_CHANGED, pygame_gui.UI_TEXT_ENTRY_FINISHED):
            for name, (el, on_change) in self.fields.items():
                if event.ui_element is el:
                    on_change(el.get_text())
                    self._dirty = True
                    if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
                        self.release_keyboard()
                        finished = self.on_finished.get(name)
                        if finished is not None:
                            finished()
                    return True
            return False
        if event.type == pygame.MOUSEBUTTONUP:  # a click into a field: the outline follows
            for el, _keep in self.fields.values():
                if el in (self.manager.get_focus_set() or ()):
                    self.scene.focus.focus_element(el)
        if event.type == pygame.KEYDOWN and self.scene.app.typing():
            if event.key == pygame.K_ESCAPE:
                self.release_keyboard()
                self.save()
                return True
            if event.key == pygame.K_TAB:
                self.release_keyboard()
                return False  # the focus ring moves on
            return True  # a letter for the field, not a shortcut
        return False

    def written(self) -> None:
        self._dirty = True

    def save(self) -> None:
        if self._dirty:
            self._dirty = False
            self._since_save = 0.0
            self.scene.session.autosave()

    def save_now_and_then(self, dt: float) -> None:
        self._since_save += dt
        if self._dirty and self._since_save >= SAVE_EVERY:
            self.save()


class Writing:
    """The same fields as a mixin, for a screen not built from panels (the strategy screen):
    call `init_writing()` in __init__; `field_finished(name)` hears Enter in a field."""

    def init_writing(self) -> None:
        self._writing = Fields(self)

    @property
    def _fields(self) -> dict:
        return self._writing.fields

    def clear_fields(self) -> None:
        self._writing.clear()

    def text_field(self, rect: pygame.Rect, name: str, text: str, on_change, **kw):
        """As `Fields.text_field`; Enter in it calls `field_finished(name)`."""
        return self._writing.text_field(
            rect, name, text, on_change, on_enter=lambda: self.field_finished(name), **kw
        )

    def draw_fields(self, surface: pygame.Surface) -> None:
        self._writing.draw_fields(surface, [el for el, _keep in self._writing.fields.values()])

    def focus_field(self, name: str) -> bool:
        return self._writing.focus_field(name)

    def release_keyboard(self) -> None:
        self._writing.release_keyboard()

    def writing_event(self, event: pygame.event.Event) -> bool:
        return self._writing.event(event)

    def field_finished(self, name: str) -> None:
        """Enter in a one-line field."""

    def written(self) -> None:
        self._writing.written()

    def save_written(self) -> None:
        self._writing.save()

    def save_now_and_then(self, dt: float) -> None:
        self._writing.save_now_and_then(dt)
