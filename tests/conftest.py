"""Test set-up: headless SDL before anything imports pygame (toolchain.md)."""

import multiprocessing as mp
import os
import warnings

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


# --- shared work started early ------------------------------------------------------------------
# A test module may list expensive computations its tests share in `EARLY_JOBS`: a fixture name
# -> [(key, function, args)]. When a selected test of that module uses the fixture, the jobs
# start in worker processes as soon as the session's selection is known (in the order the
# modules and their lists give), so they step while the tests before them run; the fixture reads
# a job with `early(key, function, args)` (computed here instead where nothing was started: no
# fork on the platform, one core). The results are those of the same call in this process.
_early: dict = {}  # "pool", and each started job's pending result by key


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    jobs: list = []
    modules: dict = {}  # module -> the fixtures its selected tests use
    for item in session.items:
        module = getattr(item, "module", None)
        if module is not None:
            modules.setdefault(module, set()).update(getattr(item, "fixturenames", ()))
    for module, used in modules.items():
        for fixture, listed in getattr(module, "EARLY_JOBS", {}).items():
            if fixture in used:
                jobs += listed
    workers = min(os.cpu_count() or 1, 8)
    if not jobs or workers < 2 or "fork" not in mp.get_all_start_methods():
        return
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork in a threaded process; the workers start no threads.
        warnings.simplefilter("ignore", DeprecationWarning)
        pool = mp.get_context("fork").Pool(workers)
    _early["pool"] = pool
    for key, function, args in jobs:
        _early[key] = pool.apply_async(function, args)


def early(key: str, function, args: tuple = ()):
    """The result of a job started early (waiting for it), else `function(*args)` here."""
    pending = _early.pop(key, None)
    return pending.get() if pending is not None else function(*args)


@pytest.fixture(scope="session")
def early_result():
    """`early`, for the fixtures that read jobs started early."""
    return early


def pytest_sessionfinish(session):
    """The early workers end with the session (also when no test got to read their results)."""
    pool = _early.pop("pool", None)
    if pool is not None:
        pool.terminate()
        pool.join()
    _early.clear()
