"""Continue on a run that has ended opens its ending at once: the month screen is not opened
first (it showed "month 24 of 24" for a moment before handing over to the ending)."""

from __future__ import annotations

import pytest
from ui_helpers import click, element, frames

from game import i18n, saves, userdirs
from game.debrief import scripted
from game.ui.app import App
from game.ui.scenes.ending import EndingScene
from game.ui.settings import Settings


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_continue_on_a_finished_run_goes_straight_to_the_ending(make_app, monkeypatch, lang):
    i18n.set_language("en")
    s = scripted.play("steel_town_2016", seed=3)  # its 24 months played
    assert s.over
    s.screen = "month"  # where a run that ended in play stopped
    saves.save(s, userdirs.autosave_path())
    opened: list[str] = []
    real_open = App.open

    def open_and_note(app, route, **kw):
        opened.append(route)
        return real_open(app, route, **kw)

    monkeypatch.setattr(App, "open", open_and_note)
    app = make_app(Settings(language=lang))
    app.top._build()  # the title notices the autosave
    frames(app, 1)
    click(app, element(app.top, "continue"))
    frames(app, 2)
    assert isinstance(app.top, EndingScene)
    assert "month" not in opened, opened
