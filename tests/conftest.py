"""Test set-up: headless SDL before anything imports pygame (toolchain.md)."""

import multiprocessing as mp
import os
import pickle
import shutil
import tempfile
import time
import warnings
from typing import cast

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


def _clustering_job(params, seeds=range(8), retail_catering=("noodles", "shop")) -> tuple:
    """The job measuring clustering in these towns at every horizon of CLUSTERING_HORIZONS."""
    from game.core.experiments import clustering_at

    key = "clustering:" + repr((repr(params), tuple(seeds), tuple(retail_catering)))
    return key, clustering_at, (params, seeds, CLUSTERING_HORIZONS, tuple(retail_catering))


@pytest.fixture(scope="session")
def shared_clustering(early_result):
    """`experiments.clustering`, run once per session for each set of parameters, seeds and
    retail-and-catering trades, at every horizon of CLUSTERING_HORIZONS: the built-in steel
    town's fact-2 test and the stylized-fact test measure the same towns (the core's default
    parameters, 8 seeds, 24 and 36 months). Parameters are told apart by their full repr (a
    frozen dataclass holding lists: not hashable). A module lists the towns its tests measure
    in `CLUSTERING` ((params, seeds, retail-and-catering trades) each): they are queued early."""
    from game.core.experiments import clustering_at

    measured: dict[tuple, dict] = {}

    def measure(params, seeds=range(8), months=24, retail_catering=("noodles", "shop")) -> dict:
        key = (repr(params), tuple(seeds), tuple(retail_catering))
        if months not in measured.get(key, {}):
            if months in CLUSTERING_HORIZONS:
                at = early_result(*_clustering_job(params, seeds, retail_catering))
            else:
                at = clustering_at(
                    params, seeds=seeds, horizons=(months,), retail_catering=retail_catering
                )
            measured.setdefault(key, {}).update(at)
        return dict(measured[key][months])

    return measure


# --- shared work started early ------------------------------------------------------------------
# A test module may list expensive computations its tests share in `EARLY_JOBS`: a fixture name
# -> [(key, function, args)]. When a selected test of that module uses the fixture, the jobs are
# queued as soon as the session's selection is known (in the order the modules and their lists
# give) and worker processes take them one after another, so they step while the tests before
# them run. The session's own process takes part: a fixture reads a job with
# `early(key, function, args)`, which runs the job here if no worker has taken it yet, and while
# it waits for one a worker is running it takes the next job nobody has taken (its result kept
# for when it is read), so no core idles while jobs are left. Where nothing was queued (no fork
# on the platform, one core) `early` computes the job here. The results are those of the same
# call in this process (a worker's result comes back pickled).
_early: dict = {}  # "jobs": the session's `_Jobs`


class _Jobs:
    """The session's queued jobs, shared with forked worker processes: which are free, taken,
    done or failed (one byte each, in shared memory), the results as pickle files."""

    FREE, TAKEN, DONE, FAILED = 0, 1, 2, 3

    def __init__(self, jobs: list, workers: int) -> None:
        ctx = mp.get_context("fork")
        self.jobs = jobs
        self.index = {key: i for i, (key, _function, _args) in enumerate(jobs)}
        self.state = ctx.RawArray("b", len(jobs))
        self.lock = ctx.Lock()
        self.folder = tempfile.mkdtemp(prefix="early-jobs-")
        self.here: dict[int, tuple[bool, object]] = {}  # jobs this process took: (ok, result)
        self.read: dict[int, object] = {}  # results read (a key may be read again)
        self.workers = [ctx.Process(target=self._work, daemon=True) for _ in range(workers)]
        for w in self.workers:
            w.start()

    def _take(self, i: int | None = None) -> int | None:
        """Mark job i (or the first free one) taken; None if it (or every job) is taken."""
        with self.lock:
            for j in range(len(self.jobs)) if i is None else (i,):
                if self.state[j] == self.FREE:
                    self.state[j] = self.TAKEN
                    return j
        return None

    def _work(self) -> None:  # a worker process: free jobs in order until none is left
        while (i := self._take()) is not None:
            _key, function, args = self.jobs[i]
            _log("start", _key)
            try:
                result, state = function(*args), self.DONE
            except BaseException:  # (the session's process runs it again for its traceback)
                result, state = None, self.FAILED
            path = os.path.join(self.folder, f"{i}.pickle")
            with open(path + ".part", "wb") as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(path + ".part", path)
            self.state[i] = state
            _log("end", _key)

    def _run_here(self, i: int) -> None:
        _key, function, args = self.jobs[i]
        _log("start", _key)
        try:
            self.here[i] = (True, function(*args))
        except BaseException as exc:  # raised when the job is read
            self.here[i] = (False, exc)
        _log("end", _key)

    def result(self, key: str, function, args: tuple):
        i = self.index.get(key)
        if i is None:
            return function(*args)
        if i in self.read:
            return self.read[i]
        if i not in self.here and self._take(i) is not None:
            self._run_here(i)  # nobody had started it
        while i not in self.here and self.state[i] == self.TAKEN:
            other = self._take()  # a worker has it: meanwhile run the next free job here
            if other is not None:
                self._run_here(other)
            elif not any(w.is_alive() for w in self.workers):
                self._run_here(i)  # (the workers are gone: a job left taken is run here)
            else:
                time.sleep(0.002)
        if i in self.here:
            ok, value = self.here.pop(i)
            if not ok:
                raise cast(BaseException, value)
        elif self.state[i] == self.FAILED:
            return function(*args)  # the error again, here, with its traceback
        else:
            path = os.path.join(self.folder, f"{i}.pickle")
            with open(path, "rb") as f:
                value = pickle.load(f)
            os.remove(path)
        self.read[i] = value
        return value

    def close(self) -> None:
        for w in self.workers:
            if w.is_alive():
                w.kill()
            w.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def _log(what, key):
    """With EARLY_LOG=path, when each process starts and ends each job (wall, pid, CPU)."""
    if os.environ.get("EARLY_LOG"):
        with open(os.environ["EARLY_LOG"], "a") as f:
            f.write(f"{time.time():.3f} {os.getpid()} {time.process_time():.2f} {what} {key}\n")


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    jobs: list = []
    modules: dict = {}  # module -> the fixtures its selected tests use
    for item in session.items:
        module = getattr(item, "module", None)
        if module is not None:
            modules.setdefault(module, set()).update(getattr(item, "fixturenames", ()))
    seen: set = set()
    for module, used in modules.items():
        for fixture, listed in getattr(module, "EARLY_JOBS", {}).items():
            if fixture in used:
                jobs += [job for job in listed if job[0] not in seen]
                seen.update(job[0] for job in listed)
        if "shared_clustering" in used:
            listed = [_clustering_job(*towns) for towns in getattr(module, "CLUSTERING", ())]
            jobs += [job for job in listed if job[0] not in seen]
            seen.update(job[0] for job in listed)
    workers = min(os.cpu_count() or 1, 8)
    if not jobs or workers < 2 or "fork" not in mp.get_all_start_methods():
        return
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork in a threaded process; the workers start no threads.
        warnings.simplefilter("ignore", DeprecationWarning)
        _early["jobs"] = _Jobs(jobs, workers)


def early(key: str, function, args: tuple = ()):
    """The result of `function(*args)`, queued early as job `key` (waiting for it, or running it
    here), else computed here."""
    jobs = _early.get("jobs")
    return jobs.result(key, function, args) if jobs is not None else function(*args)


@pytest.fixture(scope="session")
def early_result():
    """`early`, for the fixtures that read jobs started early."""
    return early


def pytest_sessionfinish(session):
    """The early workers end with the session (also when no test got to read their results)."""
    jobs = _early.pop("jobs", None)
    if jobs is not None:
        jobs.close()
    _early.clear()
