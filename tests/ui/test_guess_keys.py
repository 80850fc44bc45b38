"""The debrief's guesses are answered with the keys on their buttons, A, B, C ... in order with
no letter skipped (they were A-D, then G: E and F exported the report), in both languages; the
report's export moved to W and V, and no key does two things on any step of the debrief."""

from __future__ import annotations

import copy

import pygame
import pytest
from shared_runs import runs_ended, runs_once
from test_summary_timeline import finished_run
from ui_helpers import frames, press

from game.debrief import reflection, scripted
from game.i18n import t
from game.ui.focus import key_label
from game.ui.scenes.debrief import TABS
from game.ui.settings import Settings


@pytest.fixture(autouse=True)
def _what_ifs_once(monkeypatch):
    """The runs' results, not their process: worked out once (shared_runs.py)."""
    runs_once(monkeypatch)


def open_guesses(make_app, lang: str):
    from game.ui.widgets import text as tx

    tx._fonts.clear()
    app = make_app(Settings(language=lang))
    s = copy.deepcopy(finished_run())
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}
    s.lang = lang
    scene = app.open("debrief", session=s, tab="guess")
    frames(app, 3)
    runs_ended(scene)
    frames(app, 3)
    return app, scene


def shown_keys(scene) -> dict[str, str]:
    """Each usable button's name -> the key cap on it."""
    return {
        item.name: key_label(item.shortcut)
        for item in scene.focus.items
        if item.shortcut is not None and item.show_key and item.usable()
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_choice_is_picked_by_the_letter_on_it_a_b_c_in_order(make_app, lang):
    app, scene = open_guesses(make_app, lang)
    s = scene.session
    keys = shown_keys(scene)
    for page, p in enumerate(scene.preds):
        assert scene.step("guess").page == page
        caps = [keys[f"choice_{ch['key']}"] for ch in p["choices"]]
        assert caps == list("ABCDEF"[: len(caps)]), caps
        for i in reversed(range(len(caps))):  # the last first: E and F pick, not export
            press(app, pygame.K_a + i)
            assert reflection.guess(s, p["key"])["guess"] == p["choices"][i]["key"]
            assert scene.exporter.thread is None and app.top is scene  # nothing exported
        press(app, pygame.K_n)
        keys = shown_keys(scene)
    assert max(len(p["choices"]) for p in scene.preds) >= 5  # a page with E on it
    assert "A" in t("debrief.guess.howto") and "B" in t("debrief.guess.howto")


def test_no_key_does_two_things_on_any_step(make_app):
    app, scene = open_guesses(make_app, "en")
    s = scene.session
    for key, p in zip(scene.prediction_keys, scene.preds, strict=True):  # all in: every step opens
        reflection.choose(s, key, p["choices"][0]["key"])
        reflection.set_reason(s, key, "a reason")
        reflection.lock(s, key)
    scene.changed()
    for i, tab in enumerate(TABS):
        press(app, pygame.K_1 + i)
        assert scene.tab == tab
        caps = list(shown_keys(scene).items())
        clash = {c for _n, c in caps if [c2 for _m, c2 in caps].count(c) > 1}
        assert not clash, (tab, sorted(caps, key=lambda nc: nc[1]))
        assert ("export", "W") in caps and ("export_to", "V") in caps
