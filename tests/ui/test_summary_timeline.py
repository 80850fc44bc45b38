"""The debrief summary's "What you decided, and what followed" shows several moments of the run
at every text size, in both languages, on the usual and the small window (at 150% text it used
to show one row), and every decision the student made can be scrolled into view, by Page Down
or the mouse wheel, none skipped; its words are never cut or drawn on other words."""

from __future__ import annotations

import copy

import pygame
import pytest
from text_probe import TextProbe, measure_frame
from ui_helpers import frames, press

from game.debrief import scripted
from game.ui.settings import Settings

WINDOWS = [((1280, 720), 1.5), ((1024, 600), 1.5), ((1280, 720), 1.0), ((1024, 600), 1.0)]
_RUN: list = []


def finished_run():
    """A 24-month run played by the scripted player (40 moments: more than any window holds)."""
    if not _RUN:
        _RUN.append(scripted.play("steel_town_2016", seed=3))
    return _RUN[0]


def summary(make_app, size, ui_scale, lang):
    from game.ui.widgets import text as tx

    tx._fonts.clear()  # fonts cached by an app that was closed are dead
    app = make_app(Settings(window_size=size, ui_scale=ui_scale, language=lang), title=True)
    s = copy.deepcopy(finished_run())
    s.lang = lang
    scene = app.open("debrief_summary", session=s)
    frames(app, 20)  # past the fade-in
    return app, scene


def drawn_moments(app, scene) -> set[int]:
    """The moments whose first line is on the window as last drawn."""
    lines = {ink.text for ink in app.window_records}
    return {i for i, (_m, rows) in enumerate(scene.timeline.rows) if rows and rows[0] in lines}


def timeline_problems(app, scene) -> list[str]:
    """Words of the timeline panel cut by its edges or lying on other words."""
    area = scene.timeline.rect.inflate(scene.px(40), 0)
    inks = [i for i in app.window_records if i.rect.w and i.rect.h and area.contains(i.rect)]
    out = [f"{i.text!r} cut" for i in inks if i.cut]
    for k, a in enumerate(inks):
        for b in inks[k + 1 :]:
            clip = a.rect.clip(b.rect)
            if clip.w * clip.h >= 4:
                out.append(f"{a.text!r} on {b.text!r}")
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("size", "ui_scale"), WINDOWS)
def test_every_decision_can_be_read_in_the_summary(make_app, size, ui_scale, lang):
    app, scene = summary(make_app, size, ui_scale, lang)
    moments = scene.moments
    decisions = {i for i, m in enumerate(moments) if m.decision}
    assert len(decisions) >= 5 and len(moments) > 20
    seen: set[int] = set()
    with TextProbe():
        scene._build()
        for _ in range(len(moments)):
            measure_frame(app, 2)
            shown = drawn_moments(app, scene)
            if not seen:  # the first view: more than one moment, from the first
                assert 0 in shown and len(shown) >= 3, (len(shown), scene.timeline.rect)
            assert shown, "an empty timeline while scrolling"
            assert not timeline_problems(app, scene), timeline_problems(app, scene)
            # Page Down keeps the last moment in view: nothing is skipped on the way
            assert not seen or min(shown) <= max(seen) + 1, (sorted(seen), sorted(shown))
            seen |= shown
            if max(shown) == len(moments) - 1:
                break
            press(app, pygame.K_PAGEDOWN)
    assert seen == set(range(len(moments)))
    assert decisions <= seen
    assert not app._errors


def test_the_mouse_wheel_scrolls_the_timeline_to_its_end_and_back(make_app):
    app, scene = summary(make_app, (1280, 720), 1.5, "en")
    n = len(scene.moments)
    for _ in range(n + 5):  # more notches than moments: it stops with the last one in view
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1))
        frames(app, 1)
    with TextProbe():
        scene._build()
        measure_frame(app, 2)
        assert n - 1 in drawn_moments(app, scene)
        assert len(drawn_moments(app, scene)) >= 3  # a full panel at the end, not one row
        for _ in range(n + 5):
            pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1))
            frames(app, 1)
        measure_frame(app, 2)
        assert 0 in drawn_moments(app, scene)
