"""Fixtures for the UI tests: a headless app in temporary user folders, and input helpers
that post the same events a person makes (clicks at a button's centre, key presses)."""

from __future__ import annotations

import pytest
from ui_helpers import frames

from game import i18n, userdirs


@pytest.fixture(autouse=True)
def user_dirs(tmp_path, monkeypatch):
    """Every UI test gets its own config and data folders (never the real ~/.config)."""
    config, data = tmp_path / "config", tmp_path / "data"
    monkeypatch.setenv("IRB_CONFIG_DIR", str(config))
    monkeypatch.setenv("IRB_DATA_DIR", str(data))
    monkeypatch.delenv("IRB_MAX_FRAMES", raising=False)
    yield config, data
    userdirs.close_logging()
    i18n.set_language("en")


@pytest.fixture
def make_app():
    """Build apps on the title screen; closes them (and pygame) after the test."""
    from game.ui.app import App
    from game.ui.scenes import title as title_mod
    from game.ui.scenes.title import TitleScene
    from game.ui.settings import Settings

    apps = []

    def factory(settings: Settings | None = None, notices=None, args=None, title: bool = True):
        app = App(settings or Settings(), notices, args)
        apps.append(app)
        if title:
            app.push(TitleScene(app))
            frames(app, 2)
            # The title's warm-up (started in its first frames) done: a test's first New game
            # opens the picker at once, as it does once a player has looked at the title.
            for thread in title_mod._warming:
                thread.join(120)
        return app

    yield factory
    for app in apps:
        app.close()


@pytest.fixture
def app(make_app):
    return make_app()
