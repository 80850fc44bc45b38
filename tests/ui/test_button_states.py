"""A button draws a state (hovered, pressed, selected, greyed) when it is first shown, not all
of them ahead (issue 17's memory): it looks exactly as pygame_gui's drawing ahead, and a state
drawn before a change of words shows the new words."""

from __future__ import annotations

import pygame
import pygame_gui
import pytest
from pygame_gui.core import ObjectID
from pygame_gui.core.drawable_shapes.drawable_shape import DrawableShape

from game.ui.widgets import shapes

STATES = ("normal", "hovered", "selected", "active", "disabled")


def _pixels(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGBA")


def _picture_bytes(button) -> int:
    shape = button.drawable_shape
    return sum(
        s.get_width() * s.get_height() * 4
        for st in shape.states.values()
        for s in (st.surface, st.pre_text_surface, st.text_surface)
        if s is not None
    )


def _button(app, text: str, cls: str | None, size=(300, 40)):
    ids = ObjectID(class_id=f"@{cls}" if cls else None, object_id="#probe")
    return pygame_gui.elements.UIButton(
        pygame.Rect((20, 20), size), text, app.manager, object_id=ids
    )


def _drawn_ahead(app, text: str, cls: str | None, size=(300, 40)) -> dict[str, bytes]:
    """Every state as pygame_gui draws them ahead (its own redraw_all_states)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(DrawableShape, "redraw_all_states", shapes._original_all_states)
        mp.setattr(DrawableShape, "set_active_state", shapes._original_set_active)
        button = _button(app, text, cls, size)
        shape = button.drawable_shape
        shape.redraw_all_states(force_full_redraw=True)
        while shape.states_to_redraw_queue:
            shape.update(0.01)
        return {name: _pixels(shape.states[name].surface) for name in STATES}


@pytest.mark.parametrize(
    ("cls", "size"), [(None, (300, 40)), ("primary", (94, 40)), ("menu", (300, 104))]
)
def test_a_state_drawn_when_first_shown_is_the_one_drawn_ahead(make_app, cls, size):
    app = make_app(title=False)
    want = _drawn_ahead(app, "Save", cls, size)
    button = _button(app, "Save", cls, size)
    shape = button.drawable_shape
    assert [n for n, st in shape.states.items() if st.generated] == ["normal"]
    assert _pixels(shape.get_active_state_surface()) == want["normal"]
    for name in STATES[1:]:
        shape.set_active_state(name)  # what hovering, pressing, selecting, greying out do
        assert _pixels(shape.get_active_state_surface()) == want[name], name


def test_a_state_drawn_before_new_words_shows_the_new_words(make_app):
    app = make_app(title=False)
    want = _drawn_ahead(app, "Leave the town", None)
    button = _button(app, "Save", None)
    shape = button.drawable_shape
    shape.set_active_state("hovered")
    shape.set_active_state("normal")
    button.set_text("Leave the town")
    assert not shape.states["hovered"].generated  # forgotten with the old words
    shape.set_active_state("hovered")
    assert _pixels(shape.get_active_state_surface()) == want["hovered"]
    shape.set_active_state("normal")
    assert _pixels(shape.get_active_state_surface()) == want["normal"]


def test_a_screen_of_buttons_keeps_a_quarter_of_the_pictures(make_app):
    app = make_app(title=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(DrawableShape, "redraw_all_states", shapes._original_all_states)
        ahead = [_button(app, f"Choice {i}", None) for i in range(6)]
        for b in ahead:
            while b.drawable_shape.states_to_redraw_queue:
                b.drawable_shape.update(0.01)
    shown = [_button(app, f"Choice {i}", None) for i in range(6)]
    app.manager.update(0.01)
    kept, drawn = sum(map(_picture_bytes, shown)), sum(map(_picture_bytes, ahead))
    assert kept * 3 <= drawn  # normal only, against normal, hovered, selected and pressed


def test_a_managers_shape_cache_makes_its_page_when_it_first_caches_a_shape(make_app):
    make_app(title=False)  # the app installs the game's drawing (shapes.install)
    cache = pygame_gui.UIManager((400, 300)).get_theme().shape_cache
    assert cache.cache_surfaces == []  # a manager that caches nothing keeps no 4 MB page
    shape = pygame.Surface((120, 30), pygame.SRCALPHA, 32)
    shape.fill((200, 40, 40, 180))
    cache.add_surface_to_cache(shape, "probe")
    cache.update()
    assert len(cache.cache_surfaces) == 1
    assert cache.cache_surfaces[0]["surface"].get_size() == (1024, 256)  # 1 MB, not 4
    found = cache.find_surface_in_cache("probe")
    assert _pixels(found) == _pixels(shape)
    tall = pygame.Surface((30, 300), pygame.SRCALPHA, 32)  # a scroll bar: drawn, not kept
    cache.add_surface_to_cache(tall, "tall")
    cache.update()
    assert cache.find_surface_in_cache("tall") is None
    assert len(cache.cache_surfaces) == 1 and _pixels(
        cache.find_surface_in_cache("probe")
    ) == _pixels(shape)


def test_a_buttons_words_are_freed_with_it_even_when_the_collector_is_frozen(make_app):
    """The title freezes the collector's heap (heap.settle_heap): a button alive then and
    dropped later must free its words' pictures without a collection."""
    import gc
    import weakref

    app = make_app(title=False)
    button = _button(app, "Steel town, 2016", None)
    layout = weakref.ref(button.drawable_shape.text_box_layout)
    words = weakref.ref(button.drawable_shape.text_box_layout.layout_rows[0])
    gc.disable()
    try:
        button.kill()
        del button
        assert layout() is None and words() is None
    finally:
        gc.enable()


def test_a_layouts_rows_still_reach_it(make_app):
    app = make_app(title=False)
    button = _button(app, "Save", None)
    layout = button.drawable_shape.text_box_layout
    assert all(row.layout is layout for row in layout.layout_rows)
