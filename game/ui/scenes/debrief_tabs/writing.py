"""The student's text fields on the debrief's steps: each bound to a part of the written work
(game/debrief/reflection.py), kept as typed, saved with the run every few seconds and whenever
the student moves on.

While a field has the keyboard, keys type into it: the step shortcuts (1-9, E, N ...) do not
fire, Esc gives the keyboard back (a second Esc leaves the screen), Tab moves on.

Before a field is chosen, on a screen that says which field typing goes into
(`field_to_type`, the debrief's steps): a letter typed with Shift (a sentence's capital:
"Since ...") gives that field the keyboard and goes into it, though the letter is a step's
key; a step's key pressed alone acts as its cap says. Text that comes with no key (an input
method's words) goes into the field too.
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


def starts_writing(event: pygame.event.Event) -> bool:
    """A key that gives a letter or mark with Shift (or an upper-case letter, Caps Lock on):
    what a sentence starts with, not a key cap's shortcut (pressed alone)."""
    text = getattr(event, "unicode", "")
    if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
        return False
    printable = bool(text) and text.isprintable() and not text.isspace()
    return printable and (text.isupper() or bool(event.mod & pygame.KMOD_SHIFT))


def several_letters(field: pygame_gui.core.UIElement, event: pygame.event.Event) -> bool:
    """Several letters in one text event for a field that has the keyboard: put in as one
    edit (`type_at_once`), not one letter at a time."""
    return (
        event.type == pygame.TEXTINPUT
        and len(event.text) > 1
        and field.is_enabled
        and field.is_focused
    )


class TextBox(pygame_gui.elements.UITextEntryBox):
    """pygame_gui's multi-line field, kept from losing what was typed: in 0.6.14 a click into an
    empty box (its placeholder's layout) or a selection deleted across rows leaves the cursor
    where no text is, and the next letter raises (pygame_gui issues #717 and #555); here the
    field then shows what was typed, laid out afresh, and carries on.

    Several letters in one text event (a paste by a keyboard tool, an input method giving a
    phrase, a fast typist on a slow frame) go in as one edit: pygame_gui would insert them one
    at a time, re-laying the rows out and redrawing the box after each (a 131-letter paste was
    ~100 ms in one frame), and a row that wrapped part way through lost the rest (the letters
    came out twice)."""

    def process_event(self, event: pygame.event.Event) -> bool:
        self._keep_cursor_in_text()
        if several_letters(self, event):
            return self.type_at_once(event.text)
        before = (self.get_text(), self.edit_position, tuple(self.select_range))
        try:
            done = super().process_event(event)
        except (RuntimeError, IndexError, TypeError, ValueError):
            log.warning("text box lost its cursor; the text was kept", exc_info=True)
            text, at, selected = before
            if event.type == pygame.TEXTINPUT:  # the letter typed, where it was typed
                lo, hi = sorted(selected) if selected[0] != selected[1] else (at, at)
                text, at = text[:lo] + event.text + text[hi:], lo + len(event.text)
            else:
                text, at = self.get_text(), len(self.get_text())
            self._lay_out_afresh(text, at)
            self._changed()
            return True
        self._keep_cursor_in_text()
        return done

    def unfocus(self) -> None:
        """pygame_gui lays a box with a placeholder out again when it loses the keyboard (the
        placeholder shows in an empty box without it): ~8 ms for a full box, in the frame of
        Esc. With words in it, the layout is the same: only the cursor goes. (Given the
        keyboard, the box is laid out again as pygame_gui does: its cursor starts anew.)"""
        pending = self.should_trigger_full_rebuild
        super().unfocus()
        if self.html_text and not pending:
            self.should_trigger_full_rebuild = False

    def _keep_cursor_in_text(self) -> None:
        """A click into the empty box puts the cursor at the end of the placeholder's words
        (pygame_gui #717): it goes to the end of the text (what is written: none)."""
        end = len(self.html_text)
        if self.edit_position > end:
            self.edit_position = end
            self.cursor_has_moved_recently = True
        if max(self.select_range) > end:
            self.select_range = [min(v, end) for v in self.select_range]

    def type_at_once(self, typed: str) -> bool:
        """`typed` goes in where the cursor is (over the selection), as one edit: the rows
        laid out and the box drawn once."""
        font = self.ui_theme.get_font(self.combined_element_ids)
        typed = "".join(c for c in typed if (m := font.get_metrics(c)) and m[0] is not None)
        if not typed:
            return False
        text = self.get_text()
        lo, hi = sorted(self.select_range)
        if lo == hi:
            lo = hi = self.edit_position
        new = text[:lo] + typed + text[hi:]
        try:
            layout = self.text_box_layout
            if layout is None:
                raise ValueError("the box has no rows yet")
            if hi > lo:
                layout.delete_selected_text()
                self.select_range = [0, 0]
            self.html_text = new
            layout.insert_text(typed, lo, self.parser)
            self.edit_position = lo + len(typed)
            self.redraw_from_text_block()
            self.cursor_has_moved_recently = True
        except (RuntimeError, IndexError, TypeError, ValueError):
            self._lay_out_afresh(new, lo + len(typed))
        self._changed()
        return True

    def _changed(self) -> None:
        """What pygame_gui posts when the text changes (the scene keeps the text then)."""
        pygame.event.post(
            pygame.event.Event(
                pygame_gui.UI_TEXT_ENTRY_CHANGED,
                {
                    "text": self.html_text,
                    "ui_element": self,
                    "ui_object_id": self.most_specific_combined_id,
                },
            )
        )

    def _lay_out_afresh(self, text: str, at: int) -> None:
        """The field shows `text` (laid out anew), the cursor at `at`."""
        self.set_text(text)  # (a new layout: nothing selected in it)
        self._select_range = [0, 0]
        self.edit_position = at
        if self.text_box_layout is not None:
            self.text_box_layout.set_cursor_position(at)
        self.cursor_has_moved_recently = True


class TextLine(pygame_gui.elements.UITextEntryLine):
    """pygame_gui's one-line field, with several letters in one text event put in as one edit,
    the way its own Ctrl+V puts a paste in: it would insert and lay out the line once per letter
    (a 239-letter reason was ~45 ms in one frame). Letters it would refuse one at a time (no
    glyph in the font, past the length limit) are left out the same way."""

    def process_event(self, event: pygame.event.Event) -> bool:
        if several_letters(self, event):
            return self.type_at_once(event.text)
        return super().process_event(event)

    def type_at_once(self, typed: str) -> bool:
        font = self.font
        if font is None:
            return super().process_event(pygame.event.Event(pygame.TEXTINPUT, {"text": typed}))
        kept = [
            c
            for c in typed
            if (m := font.get_metrics(c))
            and m[0] is not None
            and (self.allowed_characters is None or c in self.allowed_characters)
            and (self.forbidden_characters is None or c not in self.forbidden_characters)
        ]
        lo, hi = sorted(self.select_range)
        if self.length_limit is not None:
            kept = kept[: max(0, self.length_limit - (len(self.text) - (hi - lo)))]
        if not kept:
            return False
        text = "".join(kept)
        # pygame_gui 0.6.14's own paste steps (requirements.txt pins it)
        if hi > lo:
            final = self.text[:lo] + text + self.text[hi:]
            self._replace_selection_with_new_text_in_drawable_shape(final, text, lo)
        else:
            at = self.edit_position
            self._insert_new_text_to_shape_at_edit_position(
                self.text[:at] + text + self.text[at:], text
            )
        self._post_text_event(pygame_gui.UI_TEXT_ENTRY_CHANGED)
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
        self._keyed = ""  # the text of the last key pressed with no field chosen

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
            el = TextLine(rect, self.manager, initial_text=text, placeholder_text=placeholder)
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
        """Enter on a focused field, or typing with none chosen (keyboard): give it the
        keyboard, the cursor after what is written (pygame_gui puts it before: a sentence
        typed on went in ahead of the words there)."""
        field = self.fields.get(name)
        if field is None:
            return False
        el = field[0]
        self.manager.set_focus_set(el)
        end = len(el.get_text())
        if isinstance(el, TextBox) and el.text_box_layout is not None:
            el.text_box_layout.set_cursor_position(end)
        el.edit_position = end
        el.cursor_has_moved_recently = True
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
        if self._before_a_field(event):
            return True
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

    def _before_a_field(self, event: pygame.event.Event) -> bool:
        """Typing with no field chosen, on a screen that names the field it goes into: a
        sentence's first letter (`starts_writing`) and an input method's words go into it."""
        to_type = getattr(self.scene, "field_to_type", None)
        if to_type is None or self.scene.app.typing():
            return False
        if event.type == pygame.KEYDOWN:
            self._keyed = event.unicode  # (its text event follows: not typed again)
            name = to_type() if starts_writing(event) else None
            return name is not None and self.focus_field(name)
        if event.type == pygame.TEXTINPUT:
            keyed, self._keyed = self._keyed, ""
            if not event.text or event.text == keyed:
                return False  # a key's own letter: the key did what it does
            name = to_type()
            if name is None or not self.focus_field(name):
                return False
            el = self.fields[name][0]
            return bool(el.type_at_once(event.text))
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
