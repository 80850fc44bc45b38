"""The debrief's what-if runs, worked out once per finished run for the whole test session.

The debrief starts its comparisons in a child process (game/debrief/counterfactual.py,
`CounterfactualJob`); a test of the debrief's pages, keys or re-entry needs their results,
not the process: each such test started a process (a new interpreter, the game's imports) and
the same 11 runs again. `runs_once(monkeypatch)` runs the job in a thread of the test's own
process (`IRB_DEBRIEF_MODE=thread`, the job's fallback) and hands it the messages the runs sent
the first time they ran for that run (a copy each time: a test cannot change another's). The
job itself is the game's: its thread, progress, results, cancel and end. The process, and the
results equal either way, are tested in tests/debrief/test_counterfactual.py."""

from __future__ import annotations

import copy
import json

from game.debrief import counterfactual as cf

# (the run, its variants, the focus trade) -> the messages the runs sent, in order
_SENT: dict[tuple, list[tuple]] = {}


def _key(spec: cf.RunSpec, variants: list[cf.Variant], focus: int) -> tuple:
    log = json.dumps(spec.log, sort_keys=True, default=str)
    return (spec.seed, spec.months, tuple(spec.hashes), log, tuple(variants), focus)


def runs_once(monkeypatch) -> None:
    """The debrief's jobs in this test run in a thread and reuse the runs' results."""
    monkeypatch.setenv("IRB_DEBRIEF_MODE", "thread")
    work = cf._run_variants

    def shared(spec, variants, focus, send, cancelled) -> None:
        key = _key(spec, variants, focus)
        sent = _SENT.get(key)
        if sent is None:  # the first time: the runs themselves, every message kept
            sent = []
            work(spec, variants, focus, sent.append, lambda: False)
            _SENT[key] = sent
        for message in copy.deepcopy(sent):
            if cancelled():
                return
            send(message)

    monkeypatch.setattr(cf, "_run_variants", shared)


# A guard against a job that hangs, not a timing (the shared runs end in milliseconds; the
# first, in a thread, in about a second of CPU, longer on a loaded machine).
GUARD_S = 600


def runs_ended(scene) -> None:
    """Wait until the debrief's job has ended (all in, or stopped)."""
    assert scene.job is not None
    assert scene.job.wait(GUARD_S), f"the what-if runs did not end in {GUARD_S} s: hung?"
