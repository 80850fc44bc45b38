"""What the debrief reads from the finished run, worked out ahead (issue 17: it opens in a frame).

The debrief's story, town curves, questions, glossary and sources, and which other paths can be
run again, are pure functions of the finished session (game/debrief/, no pygame). Worked out
when the debrief opened, with its imports, they cost its first frame 100-390 ms. The debrief
summary starts `prepare(session)` when it opens: a background thread works them out while the
student reads, and `DebriefScene` takes them with `take(session)` (waiting for the thread if
it has not finished; working them out there and then for a debrief opened another way, e.g.
from a loaded save). Keyed by the session, its month and the language (the texts are
translated): anything else gets a fresh read, so what the debrief shows never differs.
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game import i18n
from game.ui.prepared import run_moment

log = logging.getLogger(__name__)


@dataclass
class DebriefData:
    spec: Any
    focus_trade: str | None
    actual: dict
    beats: list
    moments: list
    ended: Any
    income: dict
    town: dict
    sections: dict
    terms: list
    sources: dict
    rebuildable: bool
    documents: Path | None  # the report's default folder (its tooltip), or None: ask again


def compute(session) -> DebriefData:
    """Everything the debrief reads from the run (pure: nothing is written to the session)."""
    from game.debrief import counterfactual as cf  # noqa: PLC0415 - the debrief's heavy imports
    from game.debrief import glossary, questions, story  # noqa: PLC0415

    spec = cf.spec_from_session(session)
    focus = cf.focus_trade(session, session.player, spec)
    try:
        from game.ui.scenes.debrief_tabs.export import documents  # noqa: PLC0415

        docs = documents()
    except OSError:
        docs = None
    return DebriefData(
        spec=spec,
        focus_trade=focus,
        actual=cf.actual_outcome(session, spec),
        beats=story.beats(session, focus),
        moments=story.timeline(session),
        ended=story.where_ended(session),
        income=story.income_totals(session),
        town=story.town_curves(session, focus),
        sections={sec["key"]: sec for sec in questions.sections(session)},
        terms=glossary.terms(),
        sources=glossary.sources(session),
        rebuildable=cf.rebuildable(spec),
        documents=docs,
    )


def _key(session) -> tuple:
    return (id(session), session.month, i18n.get_language())


class _Ahead:
    """The one debrief being prepared (or prepared): its key, thread and result."""

    def __init__(self) -> None:
        self.key: tuple | None = None
        self.session = None  # kept alive while its id is the key
        self.thread: threading.Thread | None = None
        self.data: DebriefData | None = None


_ahead = _Ahead()
_lock = threading.Lock()


def prepare(session) -> None:
    """Start working out `session`'s debrief in the background (once per session and month)."""
    key = _key(session)
    with _lock:
        if _ahead.key == key:
            return
        job = _Ahead()
        job.key, job.session = key, session

        def work() -> None:
            try:
                job.data = compute(session)
            except Exception:  # noqa: BLE001 - the debrief works it out again and reports it
                log.exception("preparing the debrief failed")
            # (a thread of its own: `take` waits for this one)
            threading.Thread(target=_import_process_starting, daemon=True).start()

        job.thread = threading.Thread(target=work, name="debrief-ahead", daemon=True)
        _swap(job)
    job.thread.start()


def _import_process_starting() -> None:
    """What starting the runs' process imports (multiprocessing's spawning, its pipes and its
    resource tracker: 14 modules) and the tracker's process it starts once: 5-9 ms of the
    frame after the debrief's first (14.6 ms in a bench_game run), done here off the main
    thread while the summary is read."""
    from game.debrief import counterfactual as cf  # noqa: PLC0415

    if cf.job_mode() != "process":
        return  # (the runs go in a thread)
    try:
        import multiprocessing  # noqa: PLC0415

        ctx = multiprocessing.get_context("spawn")
        reader, writer = ctx.Pipe(duplex=False)
        reader.close()
        writer.close()
        if sys.platform != "win32":
            import multiprocessing.popen_spawn_posix  # noqa: F401,PLC0415
            from multiprocessing import resource_tracker  # noqa: PLC0415

            resource_tracker.ensure_running()  # (its own process, started once, 2-3 ms)
    except (ImportError, OSError, ValueError):
        pass  # the runs start in a thread then (CounterfactualJob.start)


def _swap(job: _Ahead) -> None:
    global _ahead
    _ahead = job


def forget(session) -> None:
    """Let go of what was prepared for `session` (its screen closed)."""
    with _lock:
        if _ahead.session is session:
            _swap(_Ahead())


def ready(session) -> bool:
    """`session`'s debrief is worked out (take() will not wait)."""
    job = _ahead
    return job.key == _key(session) and job.thread is not None and not job.thread.is_alive()


def take(session) -> DebriefData:
    """`session`'s debrief data: the one prepared ahead if it is for this session, month and
    language (waiting for it if need be), else worked out now. Forgotten once taken."""
    key = _key(session)
    with _lock:
        job = _ahead if _ahead.key == key else None
        if job is not None:
            _swap(_Ahead())
    if job is not None and job.thread is not None:
        job.thread.join()
        if job.data is not None:
            return job.data
    return compute(session)


# ---- the what-if runs, kept -----------------------------------------------------------------
# Back from the debrief to its summary (Esc) and in again (F), the student finds the what-if
# runs as they left them: finished runs of the same run at the same moment are taken again,
# not run again from 0%. One run's are kept (the last debrief left that way).
_kept_runs: tuple | None = None  # (the run at that moment, its session, the finished job)


def keep_runs(session, job) -> None:
    """Keep `job`, `session`'s what-if runs, if they all finished (else keep none)."""
    global _kept_runs
    finished = job is not None and job.done and not job.cancelled and not job.error
    _kept_runs = (run_moment(session), session, job) if finished else None


def kept_runs(session):
    """The finished what-if runs kept for `session` at this moment of its run, or None."""
    kept = _kept_runs
    if kept is not None and kept[1] is session and kept[0] == run_moment(session):
        return kept[2]
    return None


__all__ = [
    "DebriefData",
    "compute",
    "forget",
    "keep_runs",
    "kept_runs",
    "prepare",
    "ready",
    "take",
]
