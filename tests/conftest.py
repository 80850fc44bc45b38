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


# The horizons at which the fact-2 tests read clustering: asked for one of them, the towns run
# once to the longest and every horizon is kept (the same numbers as runs stopped there).
CLUSTERING_HORIZONS = (24, 36)


@pytest.fixture(scope="session")
def shared_clustering():
    """`experiments.clustering`, run once per session for each set of parameters, seeds and
    retail-and-catering trades, at every horizon of CLUSTERING_HORIZONS: the built-in steel
    town's fact-2 test and the stylized-fact test measure the same towns (the core's default
    parameters, 8 seeds, 24 and 36 months). Parameters are told apart by their full repr (a
    frozen dataclass holding lists: not hashable)."""
    from game.core.experiments import clustering_at

    measured: dict[tuple, dict] = {}

    def measure(params, seeds=range(8), months=24, retail_catering=("noodles", "shop")) -> dict:
        key = (repr(params), tuple(seeds), tuple(retail_catering))
        if months not in measured.get(key, {}):
            horizons = CLUSTERING_HORIZONS if months in CLUSTERING_HORIZONS else (months,)
            measured.setdefault(key, {}).update(
                clustering_at(
                    params, seeds=seeds, horizons=horizons, retail_catering=retail_catering
                )
            )
        return dict(measured[key][months])

    return measure


_early_stops: list = []  # how to end what pytest_collection_finish started


def pytest_collection_finish(session):
    """Work that selected tests share and read late may start as soon as the selection is known:
    the built-ins' 120-month runs (the `long_runs` fixture of tests/scenario/
    test_builtin_scenarios.py) step in worker processes while the tests before them run."""
    if session.config.option.collectonly:
        return
    for item in session.items:
        if "long_runs" in getattr(item, "fixturenames", ()):
            start = getattr(item.module, "start_long_runs", None)
            if start is not None:
                start()
                _early_stops.append(item.module.stop_long_runs)
                return


def pytest_sessionfinish(session):
    """The early workers end with the session (also when no test got to read their runs)."""
    while _early_stops:
        _early_stops.pop()()
