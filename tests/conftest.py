"""Test set-up: headless SDL before anything imports pygame (toolchain.md)."""

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


@pytest.fixture(autouse=True)
def scene_errors_raise(request, monkeypatch):
    """A screen that raises fails its test: the app's recovery to the title (what a player
    gets) re-raises instead, unless the test is about that recovery (`@pytest.mark.recovers`)."""
    from game.ui.app import App

    monkeypatch.setattr(
        App, "scene_errors_raise", request.node.get_closest_marker("recovers") is None
    )
    yield
