"""Fixtures for the debrief tests: finished runs (played by the scripted player, cached per
test session: the debrief only reads them), user folders in tmp, and headless apps."""

from __future__ import annotations

import pytest
from debrief_helpers import finished

from game import i18n, userdirs


@pytest.fixture(autouse=True)
def user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("IRB_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("IRB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IRB_REPORT_DIR", str(tmp_path / "reports"))
    monkeypatch.delenv("IRB_MAX_FRAMES", raising=False)
    yield tmp_path
    userdirs.close_logging()
    i18n.set_language("en")


@pytest.fixture
def steel_run():
    return finished("steel_town_2016", 3)


@pytest.fixture
def make_app():
    from game.ui.app import App
    from game.ui.scenes.title import TitleScene
    from game.ui.settings import Settings
    from game.ui.widgets import text as tx

    apps = []

    def factory(size=(1280, 720), ui_scale=1.0, lang="en"):
        tx._fonts.clear()  # fonts cached by an app that was closed are dead
        st = Settings()
        st.window_size = size
        st.ui_scale = ui_scale
        st.language = lang
        app = App(st)
        apps.append(app)
        app.push(TitleScene(app))
        app.step(1 / 60)
        return app

    yield factory
    for app in apps:
        top = app.top
        job = getattr(top, "job", None)
        if job is not None:
            job.cancel()
        app.close()
