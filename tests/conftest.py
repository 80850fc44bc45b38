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


@pytest.fixture(scope="session")
def shared_clustering():
    """`experiments.clustering`, run once per session for each set of parameters, seeds and
    months: the built-in steel town's fact-2 test and the stylized-fact test measure the same
    towns (the core's default parameters, 8 seeds, 24 and 36 months). Parameters are told
    apart by their full repr (a frozen dataclass holding lists: not hashable)."""
    from game.core.experiments import clustering

    measured: dict[tuple, dict] = {}

    def measure(params, seeds=range(8), months=24, retail_catering=("noodles", "shop")) -> dict:
        key = (repr(params), tuple(seeds), months, tuple(retail_catering))
        if key not in measured:
            measured[key] = clustering(
                params, seeds=seeds, months=months, retail_catering=retail_catering
            )
        return dict(measured[key])

    return measure
