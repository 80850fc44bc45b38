"""The key caps on buttons measure the button's own words (focus.words_rect) to keep clear
of them: measured once per font and text, and again when a button's words change."""

from __future__ import annotations

import sys

from test_month_support import fresh_session, open_month
from ui_helpers import element, frames

from game.ui import focus


def test_a_buttons_words_are_measured_once_and_again_when_they_change(app, monkeypatch):
    scene = open_month(app, fresh_session())
    button = element(scene, "end_month")
    font = button.font
    real = type(font).get_rect
    by_the_caps = []  # what the key caps measured (pygame_gui measures for itself too)

    def get_rect(self, text):
        if sys._getframe(1).f_globals.get("__name__") == focus.__name__:
            by_the_caps.append(text)
        return real(self, text)

    monkeypatch.setattr(type(font), "get_rect", get_rect)
    focus._WORDS_SIZE.clear()
    first = focus.words_rect(button)
    assert first.size == real(font, button.text).size and first.center == button.rect.center
    frames(app, 5)  # the caps are drawn every frame
    assert by_the_caps.count(button.text) == 1
    button.set_text(button.text + " and more words")
    words = focus.words_rect(button)
    assert words.size == real(font, button.text).size and words.w > first.w
    frames(app, 5)
    assert by_the_caps.count(button.text) == 1
