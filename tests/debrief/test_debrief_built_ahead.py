"""A step built ahead while the student reads another shows in a frame: the "What if" step's
cards are painted a piece at a time while it is built ahead, and showing it paints them again
only if the runs or the guesses moved on since; what it shows is what a fresh build shows."""

from __future__ import annotations

import copy

import pygame
from built_ahead import made_by_frame
from debrief_helpers import finished, frames, press
from shared_runs import runs_once

from game.debrief import reflection, scripted
from game.ui.scenes.debrief import DebriefScene


def test_the_what_if_step_built_ahead_shows_without_painting_its_cards_again(make_app, monkeypatch):
    runs_once(monkeypatch)  # the runs' results, not their process (tests/ui/shared_runs.py)
    app = make_app()
    s = copy.deepcopy(finished("steel_town_2016", 3))
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}
    scripted.reflect(s, {})
    scene = app.open("debrief", session=s, tab="next")
    assert isinstance(scene, DebriefScene)
    frames(app, 3)
    assert scene.job.wait(60)
    what_if = scene.step("difference")
    for _ in range(600):  # idle frames: the runs read, then the step before built ahead
        frames(app, 1)
        if what_if.built_with is not None and what_if.painted_for == what_if.paint_key():
            break
    assert what_if.painted_for == what_if.paint_key() and not what_if.shown
    cards = what_if.scrollers["cards"].surface
    assert len(what_if.card_cache) == len(what_if.findings) > 0
    press(app, pygame.K_7)
    assert scene.tab == "difference"
    assert what_if.scrollers["cards"].surface is cards  # shown as built: not painted again
    frames(app, 2)
    shown = pygame.image.tobytes(app.window, "RGB")
    what_if.card_cache.clear()
    what_if.teardown()
    what_if.make(what_if.rect)
    what_if.on_show()
    frames(app, 2)
    assert pygame.image.tobytes(app.window, "RGB") == shown  # as a fresh build paints it
    # a guess changed elsewhere (the note beside the cards quotes them): painted again
    first = scene.preds[0]
    other = next(c["key"] for c in first["choices"] if c["key"] != first["guess_key"])
    reflection.data(s)["guesses"][first["key"]]["guess"] = other
    assert what_if.painted_for != what_if.paint_key()
    what_if.on_show()
    assert what_if.scrollers["cards"].surface is not cards
    assert not app._errors


def test_idle_frames_with_nothing_to_build_wrap_the_sources_lines_ahead(make_app, monkeypatch):
    """Idle frames with no step to build ahead wrap the glossary's and the sources' lines (the
    line breaker remembers them): the step's first build then wraps none itself."""
    from game.ui import fonts

    wrapped: list[str] = []
    real = fonts._wrap

    def counting(text, font, width):
        wrapped.append(text)
        return real(text, font, width)

    monkeypatch.setattr(fonts, "_wrap", counting)
    fonts._wrapped.clear()
    app = make_app()
    s = copy.deepcopy(finished("steel_town_2016", 3))
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}
    scene = app.open("debrief", session=s, start_runs=False)
    for _ in range(600):
        frames(app, 1)
        if scene.steps._warmed:
            break
    assert scene.steps._warmed
    sources = scene.step("sources")
    assert sources.built_with is None  # not built: only its lines wrapped
    wrapped.clear()
    sources.make(scene.content)
    assert wrapped == []
    assert set(sources.scrollers) == {"glossary", "sources"}
    assert not app._errors


def test_the_full_debrief_opened_while_built_ahead_is_that_build_finished(make_app):
    """Full debrief (F) pressed while the summary's idle frames are still building it ahead:
    the pieces left are built, a few a frame while the summary stays up, and that debrief
    shows (it is not built again from nothing)."""
    import time

    from debrief_helpers import buttons, click

    app = make_app()
    done = copy.deepcopy(finished("steel_town_2016", 3))
    summary = app.open("debrief_summary", session=done)
    building = None
    for _ in range(3000):
        frames(app, 1)
        ahead = app._building
        if ahead is not None and ahead.route == "debrief":
            building = ahead.scene
            break
        time.sleep(0.003)  # (the reading thread's turn, as between the game's paced frames)
    assert isinstance(building, DebriefScene)
    assert not app.prepared("debrief", session=done)  # not finished yet
    click(app, buttons(summary)["full"])
    for _ in range(100):  # the pieces left, a few milliseconds a frame; then it opens
        if app.top is not summary:
            break
        assert summary.settling
        frames(app, 1)
    assert app.top is building and building.built
    assert not app._errors


def test_the_guesses_built_ahead_while_the_runs_go_on_show_as_built_afresh(make_app, monkeypatch):
    """Until every guess is in, no guess page shows an answer: the guess step is built ahead
    while the runs are still going (they moving on leaves it built), and shown, it is what a
    fresh build shows. Once all guesses are in, the runs moving on make it stale again."""
    monkeypatch.setattr(DebriefScene, "start_runs", lambda self: None)  # the runs never end
    app = make_app()
    s = copy.deepcopy(finished("steel_town_2016", 3))
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}
    scene = app.open("debrief", session=s, tab="feelings")
    assert isinstance(scene, DebriefScene)
    guess = scene.step("guess")
    for _ in range(600):  # idle frames: the next step built ahead
        frames(app, 1)
        if guess.built_with is not None and not guess.stale() and scene.steps._ahead is None:
            break
    assert scene.job_state()[0] == "running"
    assert guess.built_with is not None and not guess.shown
    scene.changed(runs=True)  # a run came in: nothing the guesses' pages show
    assert not guess.stale()
    made = made_by_frame(app, monkeypatch)
    press(app, pygame.K_2)
    assert scene.tab == "guess" and made == []  # shown as built: no button made
    frames(app, 2)
    while app._fade_from is not None:  # (the step fades in)
        frames(app, 1)
    shown = pygame.image.tobytes(app.window, "RGB")
    names = sorted(scene.name_of(e) for e in guess.elements if e.visible)
    guess.teardown()
    guess.make(guess.rect)
    guess.on_show()
    frames(app, 2)
    assert sorted(scene.name_of(e) for e in guess.elements if e.visible) == names
    assert pygame.image.tobytes(app.window, "RGB") == shown  # as a fresh build paints it
    # every guess in: the pages show the answers, which the runs moving on change
    for p in scene.preds:
        reflection.choose(s, p["key"], p["choices"][0]["key"])
        reflection.set_reason(s, p["key"], "What I saw.")
        reflection.lock(s, p["key"])
    guess.rebuild()
    assert not guess.stale()
    scene.changed(runs=True)
    assert guess.stale()
    assert not app._errors
