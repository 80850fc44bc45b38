"""A guess's answers keep their look when it is locked in: at 150% text, locking the last guess
turned its answer buttons from the page's centred type into larger, left-aligned type (the
page's intro got shorter once every guess was in, so the answers had room to grow)."""

from __future__ import annotations

import copy

import pygame
import pytest
from debrief_helpers import buttons, finished, frames, press

from game.debrief import reflection, scripted
from game.ui.scenes.debrief import DebriefScene


def looks(scene, names: list[str]) -> dict[str, tuple]:
    """Each answer button's type size, alignment and height, by name."""
    b = buttons(scene)
    return {n: (b[n].font.get_point_size(), b[n].text_horiz_alignment, b[n].rect.h) for n in names}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("size", "ui_scale"), [((1280, 720), 1.5), ((1280, 720), 1.0)])
def test_a_guess_keeps_its_answers_look_when_locked(make_app, lang, size, ui_scale):
    app = make_app(size, ui_scale=ui_scale, lang=lang)
    s = copy.deepcopy(finished("steel_town_2016", 3))
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}
    scene = app.open("debrief", session=s, tab="guess", start_runs=False)
    assert isinstance(scene, DebriefScene)
    frames(app, 20)
    keys = scene.prediction_keys
    for key in keys[1:]:  # every guess in but the first
        p = next(q for q in scene.preds if q["key"] == key)
        reflection.choose(s, key, p["choices"][0]["key"])
        reflection.set_reason(s, key, "a reason")
        reflection.lock(s, key)
    scene.changed()
    scene.step("guess").page = 0
    scene._build()
    frames(app, 3)
    p = scene.preds[0]
    names = [f"choice_{ch['key']}" for ch in p["choices"]]
    press(app, pygame.K_b)  # the second answer chosen
    before = looks(scene, names)
    reflection.set_reason(s, p["key"], "a reason")
    scene.step("guess").lock_current()
    frames(app, 3)
    assert reflection.guess(s, p["key"])["locked"] and scene.guessed()
    assert scene.step("guess").page == 0
    assert looks(scene, names) == before
    assert not app._errors
