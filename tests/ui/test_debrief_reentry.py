"""Back from the debrief to its summary (Esc) and into it again (F): the what-if runs that had
finished are kept for the same run, not run again from 0%; another run gets its own."""

from __future__ import annotations

import copy

import pygame
import pytest
from shared_runs import runs_ended, runs_once
from test_summary_timeline import finished_run
from ui_helpers import frames, press

from game.debrief import scripted
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.debrief_summary import DebriefSummaryScene


@pytest.fixture(autouse=True)
def _what_ifs_once(monkeypatch):
    """The runs' results, not their process: worked out once (shared_runs.py)."""
    runs_once(monkeypatch)


def into_the_debrief(app) -> DebriefScene:
    press(app, pygame.K_f)
    frames(app, 3)
    assert isinstance(app.top, DebriefScene)
    return app.top


def test_the_finished_what_if_runs_are_kept_when_the_debrief_is_opened_again(app):
    s = copy.deepcopy(finished_run())
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}
    app.open("debrief_summary", session=s)
    frames(app, 20)
    first = into_the_debrief(app)
    runs_ended(first)
    frames(app, 2)
    state = first.job_state()
    assert state[0] == "done" and state[1] == len(first.job.variants)
    results = first.results()
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.top, DebriefSummaryScene)
    again = into_the_debrief(app)
    assert again is not first
    assert again.job_state() == state  # finished at once: no second round from 0%
    assert again.results() == results

    other = copy.deepcopy(s)  # another run (a copy of it): its own runs
    press(app, pygame.K_ESCAPE)
    app.open("debrief", session=other)
    frames(app, 3)
    assert app.top.job is not again.job
    app.top.cancel_runs()
