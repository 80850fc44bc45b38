"""A dialog shows a word wider than its box as it is (a name typed with no spaces, an address):
the "Report saved" message used to name the report's file, and pygame_gui broke it with dashes
that are not in it ("...-600-" / "-24a.html") and scrolled the last line out of sight. The
message now says where the report went in words (never a file name to a player); the dialog
still keeps any long word whole. Both languages, at 100% and 150% text."""

from __future__ import annotations

import pygame_gui
import pytest
from ui_helpers import frames

from game import i18n
from game.i18n import t
from game.ui import fonts
from game.ui.scenes.dialog import DialogButton, DialogScene, wrap_body
from game.ui.settings import Settings

PATH = "/home/student/Documents/Iron Rice Bowl/iron-rice-bowl-steel-town-2016-4-seed859-month24-60024a.html"
LONG = "iron-rice-bowl-steel-town-2016-4-seed859-month24-60024a-classroom-seven-of-the-morning"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("ui_scale", [1.0, 1.5])
def test_a_long_word_shows_whole_without_scrolling(make_app, lang, ui_scale):
    app = make_app(Settings(ui_scale=ui_scale, language=lang))
    i18n.set_language(lang)
    buttons = [
        DialogButton("open_report", t("debrief.export.open_report")),
        DialogButton("open_folder", t("debrief.export.open_folder")),
        DialogButton("ok", t("dialog.ok"), primary=True, cancel=True),
    ]
    dialog = app.push(
        DialogScene(
            app, t("debrief.export.done_title"), i18n.then(t("debrief.export.done"), LONG), buttons
        )
    )
    frames(app, 3)
    box = next(e for e in dialog._elements if isinstance(e, pygame_gui.elements.UITextBox))
    assert box.scroll_bar is None  # every line in sight
    shown = box.html_text.replace("&amp;", "&").split("<br>")
    font = fonts.for_text(dialog.body, dialog.font_px("body"))
    assert all(font.size(line)[0] <= box.text_wrap_rect.w for line in shown), shown
    # every character as it is, no dash added
    assert LONG in "".join(shown).replace(" ", "")


def test_a_word_too_wide_breaks_after_a_separator_that_fits(make_app):
    make_app()
    font = fonts.get(16)
    lines = wrap_body("see " + PATH, font, 300)
    assert "".join(lines).replace(" ", "") == ("see " + PATH).replace(" ", "")
    assert all(font.size(line)[0] <= 300 for line in lines)
