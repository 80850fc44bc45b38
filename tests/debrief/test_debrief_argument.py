"""The argument step: a verdict chosen marks its button and changes its own claim, and nothing
else; the screen is what a fresh build of the page shows. Pages turned keep the buttons that
stay the same."""

from __future__ import annotations

import copy

import pygame
import pytest
from debrief_helpers import buttons, finished, frames, press
from shared_runs import runs_once

from game.debrief import argument, reflection, scripted
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.debrief_tabs.argument import VERDICT_BUTTONS


def argued_run():
    """A finished run with the guesses and the explanation written, no verdicts yet."""
    s = copy.deepcopy(finished("steel_town_2016", 3))
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}
    scripted.reflect(s, {})
    reflection.data(s)["verdicts"] = {}
    return s


@pytest.fixture(autouse=True)
def _what_ifs_once(monkeypatch):
    """The page needs the what-if runs' results, not their process (tests/ui/shared_runs.py)."""
    runs_once(monkeypatch)


def open_argument(app, session, runs: bool) -> DebriefScene:
    scene = app.open("debrief", session=session, tab="argument", start_runs=runs)
    assert isinstance(scene, DebriefScene)
    frames(app, 30)  # (past the fade in)
    if runs:
        assert scene.job.wait(60)
        frames(app, 4)  # the last runs read, the page built again with them
    return scene


def window(app) -> bytes:
    frames(app, 2)
    return pygame.image.tobytes(app.window, "RGB")


def fresh_page(app, scene) -> bytes:
    """The page as a build from nothing shows it (its widgets all new), the focus where it was."""
    panel = scene.current
    focused = scene.focus.focused.name if scene.focus.focused is not None else None
    panel.teardown()
    panel.make(panel.rect)
    panel.on_show()
    if focused:
        scene.focus.focus_name(focused)
    return window(app)


@pytest.mark.parametrize("runs", [False, True], ids=["runs not started", "runs finished"])
def test_a_verdict_changes_its_claim_and_button_and_nothing_else(make_app, runs):
    app = make_app()
    s = argued_run()
    scene = open_argument(app, s, runs)
    press(app, pygame.K_n)  # the second claim
    panel = scene.step("argument")
    assert panel.page == 1
    before = [dict(p) for p in scene.panels]
    kept = {scene.name_of(el): el for el in panel.elements if scene.name_of(el)}
    guess = scene.step("guess")
    guess_built = guess.built_with is not None and not guess.stale()
    for key, verdict in ((pygame.K_c, "complicates"), (pygame.K_d, "contradicts")):
        press(app, key)
        assert app.typing()  # the reason's box took the keys (what comes next is why)
        press(app, pygame.K_ESCAPE)  # given back: the next key picks again
        assert reflection.verdict(s, argument.PANELS[1])["verdict"] == verdict
        after = scene.panels
        assert after[1]["verdict"]["verdict"] == verdict
        assert [p for i, p in enumerate(after) if i != 1] == [
            p for i, p in enumerate(before) if i != 1
        ]
        # what the argument says is what it says read afresh
        assert after == argument.panels(s, scene.focus_trade, scene.results())
        b = buttons(scene)
        assert "@primary" in b[f"verdict_{verdict}"].class_ids
        assert all(
            "@primary" not in b[n].class_ids for n in VERDICT_BUTTONS - {f"verdict_{verdict}"}
        )
        # the page was not built again: the same widgets, restyled where the choice moved
        assert {scene.name_of(el): el for el in panel.elements if scene.name_of(el)} == kept
        assert not panel.stale()
        shown = window(app)
        assert shown == fresh_page(app, scene)
        kept = {scene.name_of(el): el for el in panel.elements if scene.name_of(el)}
    if guess_built:  # a verdict is not shown on the guesses: they need no new build
        assert not guess.stale()
    assert not app._errors


def test_turning_pages_keeps_the_buttons_that_stay_the_same(make_app):
    app = make_app()
    scene = open_argument(app, argued_run(), runs=False)
    panel = scene.step("argument")
    first = {scene.name_of(el): el for el in panel.elements if scene.name_of(el)}
    press(app, pygame.K_n)
    second = {scene.name_of(el): el for el in panel.elements if scene.name_of(el)}
    assert second["next"] is first["next"]  # the same button, taken back by the new page
    assert second["prev"] is first["prev"] and second["prev"].is_enabled  # (greyed on page 1)
    assert all(second[n] is first[n] for n in VERDICT_BUTTONS)  # no verdict on either page
    assert second["verdict_reason"] is not first["verdict_reason"]
    assert not first["verdict_reason"].alive()
    assert window(app) == fresh_page(app, scene)
    # the focus ring runs in the page's order, as a fresh build's does
    names = [item.name for item in scene.focus.items]
    order = [n for n in names if n in second]
    assert order == [scene.name_of(el) for el in panel.elements if scene.name_of(el) in order]
    assert not app._errors


def test_the_page_counters_count_the_steps_own_items(make_app, monkeypatch):
    """Between Previous and Next: "Guess 2 of 4" over four guesses (the page that sets them side
    by side by its name), "Claim 2 of 8" over eight claims, as the claim's own label says (the
    other side and the real-world questions by their names)."""
    from game.ui.widgets import text as tx

    drawn: list[str] = []
    fit_text = tx.fit_text

    def recording(text, *args, **kwargs):
        drawn.append(text)
        return fit_text(text, *args, **kwargs)

    monkeypatch.setattr(tx, "fit_text", recording)
    app = make_app()
    s = argued_run()
    scene = open_argument(app, s, runs=False)
    claims = len(scene.panels)
    assert claims == len(argument.PANELS)
    seen = []
    for page in range(claims + 2):
        assert scene.step("argument").page == page
        where = scene.step("argument").where()
        seen.append(where)
        assert where in drawn
        if page < claims:
            assert where == f"Claim {page + 1} of {claims}"
            assert f"Loubere's argument · claim {page + 1} of {claims}" in drawn
        drawn.clear()
        press(app, pygame.K_n)
    assert seen[claims:] == ["The other side", "The real world"]
    press(app, pygame.K_2)
    guesses = len(scene.prediction_keys)
    guess = scene.step("guess")
    for _ in range(guesses + 1):
        press(app, pygame.K_p)
    for page in range(guesses + 1):
        assert guess.page == page
        drawn.clear()
        guess.rebuild()  # (drawn again while recording: a page kept built is not)
        expected = f"Guess {page + 1} of {guesses}" if page < guesses else "All your guesses"
        assert guess.where() == expected and expected in drawn
        press(app, pygame.K_n)
    assert not app._errors
