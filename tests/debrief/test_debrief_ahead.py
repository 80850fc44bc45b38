"""The debrief opens from what was worked out while the summary showed (issue 17), and shows
exactly what it would have worked out itself: for the same run, month and language only; its
counterfactual runs start a frame after it appears and count as running from the start; its
tall lists (glossary, sources), painted line by line, look as one picture of them did."""

from __future__ import annotations

import copy

import pygame
from debrief_helpers import GUARD_S, finished, frames, runs_finished
from shared_runs import runs_once

from game import i18n
from game.ui.scenes import debrief_ahead
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.debrief_tabs.common import Scroller, Tall, text_piece
from game.ui.widgets import text as tx

FIELDS = ("focus_trade", "actual", "beats", "moments", "income", "town", "sections", "sources")


def same(a: debrief_ahead.DebriefData, b: debrief_ahead.DebriefData) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in FIELDS) and a.rebuildable == b.rebuildable


def test_what_is_prepared_is_what_the_debrief_would_read():
    s = finished("steel_town_2016", 3)
    debrief_ahead.prepare(s)
    assert same(debrief_ahead.take(s), debrief_ahead.compute(s))


def test_another_run_or_language_is_read_afresh():
    a, b = finished("steel_town_2016", 3), finished("tutorial", 3)
    debrief_ahead.prepare(a)
    assert same(debrief_ahead.take(b), debrief_ahead.compute(b))  # not a's
    debrief_ahead.prepare(a)
    i18n.set_language("zh")
    try:
        zh = debrief_ahead.take(a)
        assert same(zh, debrief_ahead.compute(a))
    finally:
        i18n.set_language("en")
    assert zh.beats != debrief_ahead.compute(a).beats  # the story is told in Chinese


def test_the_summary_prepares_the_debrief_and_lets_go_of_the_run(make_app):
    s = copy.deepcopy(finished("steel_town_2016", 3))
    app = make_app()
    summary = app.open("debrief_summary", session=s)
    frames(app, 2)
    assert debrief_ahead._ahead.session is s
    scene = app.open("debrief", session=s, start_runs=False)
    assert isinstance(scene, DebriefScene)
    assert debrief_ahead._ahead.session is None  # taken, then not held
    frames(app, 2)
    app.pop()
    assert app.top is summary
    # back on the summary: the run is read again (a thread) for the debrief to open again,
    # then the summary builds the debrief ahead with that reading in its idle frames. (Read
    # and half built within two frames, as a quick machine did, it was neither held nor
    # ready: the reading's end is waited for, then the build's.)
    assert debrief_ahead._ahead.session is s
    debrief_ahead._ahead.thread.join(GUARD_S)
    for _ in range(600):  # a guard, not a timing: a piece an idle frame
        if app.prepared("debrief", session=s):
            break
        frames(app, 1)
    assert app.top is summary
    assert app.prepared("debrief", session=s)  # ready to open again
    assert debrief_ahead._ahead.session is None  # the reading taken by the debrief built ahead
    app.go_home()
    assert not app.prepared("debrief", session=s)
    assert debrief_ahead._ahead.session is None  # the run is not kept once its screens close


def test_the_runs_count_as_running_from_the_first_frame_and_start_after_it(make_app, monkeypatch):
    runs_once(monkeypatch)  # when the job starts, not its process (tests/ui/shared_runs.py)
    s = copy.deepcopy(finished("tutorial", 3))
    app = make_app()
    scene = app.open("debrief", session=s)
    assert scene.job is None and scene.job_state()[0] == "running"  # no "done" flashing first
    frames(app, 1)  # the frame that shows the debrief
    assert scene.job is None
    frames(app, 1)
    assert scene.job is not None and (scene.job.running or scene.job.done)
    runs_finished(scene)
    assert scene.job.error is None


def test_leaving_before_the_runs_start_starts_none(make_app):
    s = copy.deepcopy(finished("tutorial", 3))
    app = make_app()
    scene = app.open("debrief", session=s)
    scene.on_back()
    frames(app, 3)
    assert scene.job is None


def test_a_tall_list_looks_as_its_one_picture_did_at_every_scroll(make_app):
    make_app()  # pygame and its fonts up
    width, line_h, colour = 300, 22, (230, 220, 200)
    texts = [f"Line {i}: the loan, the stall, the street ({i * 37})" for i in range(40)]
    pieces = [
        (12 * (i % 3), i * line_h, line_h, text_piece(lambda t=t: tx.fit_text(t, 260, 14, colour)))
        for i, t in enumerate(texts)
    ]
    height = len(texts) * line_h + 7
    picture = pygame.Surface((width, height), pygame.SRCALPHA)
    for x, y, _h, paint in pieces:
        paint(picture, x, y)
    rect = pygame.Rect(20, 30, width, 150)
    for offset in (0, 11, 200, 10_000):
        shots = []
        for source in (picture, Tall(width, height, pieces)):
            target = pygame.Surface((400, 260))
            target.fill((40, 30, 20))
            scroller = Scroller(rect, source)
            scroller.scroll(offset)
            scroller.draw(target, _Pal(), 1.0)
            shots.append(pygame.image.tobytes(target, "RGB"))
        assert shots[0] == shots[1], offset


class _Pal:
    border = "#444444"
    text_dim = "#999999"
