"""The debrief screen: opens at the end of every built-in scenario and for a saved mid-game run,
runs the counterfactuals in the background, goes in the facilitated order (the answers behind
the guesses, the argument behind the student's own explanation), keeps what the student
writes, and every button and key does what it says."""

from __future__ import annotations

import copy

import pygame
import pygame_gui
import pytest
from debrief_helpers import buttons, click, exported, finished, frames, press, runs_finished
from shared_runs import runs_once

from game import saves, userdirs
from game.debrief import reflection, scripted
from game.scenario.loader import builtin_names
from game.session import GameSession
from game.ui.scenes.debrief import NEEDS_GUESSES, TABS, DebriefScene
from game.ui.scenes.debrief_tabs.common import EXPORT_KEY, EXPORT_TO_KEY


@pytest.fixture(autouse=True)
def _what_ifs_once(monkeypatch):
    """These tests need the what-if runs' results, not their process: worked out once
    (tests/ui/shared_runs.py). The process is tested in test_counterfactual.py, and by
    test_cancel_then_run_again and test_back_and_title (runs stopped while going)."""
    runs_once(monkeypatch)


def open_debrief(app, session, **kwargs) -> DebriefScene:
    scene = app.open("debrief", session=session, **kwargs)
    assert isinstance(scene, DebriefScene)
    frames(app, 3)
    return scene


def no_errors(app) -> None:
    assert not app._errors, "the app recovered from an exception (see the log)"


def fresh(scenario: str = "steel_town_2016", seed: int = 3):
    """A finished run of its own (the debrief writes into the session's reflection)."""
    s = copy.deepcopy(finished(scenario, seed))
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}
    return s


def type_into(app, scene, field: str, text: str) -> None:
    """Click a field and type, as a keyboard does (text input events), then let it go (Esc)."""
    click(app, scene.writing.fields[field][0])
    assert app.typing()
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": text}))
    frames(app, 3)
    press(app, pygame.K_ESCAPE)
    assert not app.typing() and app.top is scene  # Esc let go of the field, did not leave


def guess_everything(app, scene) -> None:
    """Every prediction: a choice (key A), a reason typed, locked with L."""
    press(app, pygame.K_2)
    for i, key in enumerate(scene.prediction_keys):
        assert scene.tab == "guess" and scene.step("guess").page == i
        press(app, pygame.K_a)
        assert reflection.guess(scene.session, key)["guess"]
        assert not buttons(scene)["lock"].is_enabled  # a choice alone does not lock
        type_into(app, scene, "reason", "what I saw around me")
        assert buttons(scene)["lock"].is_enabled
        press(app, pygame.K_l)
        assert reflection.guess(scene.session, key)["locked"]
    assert scene.guessed()


@pytest.mark.parametrize("name", builtin_names())
def test_the_debrief_opens_at_the_end_of_every_builtin_scenario(make_app, name):
    s = copy.deepcopy(finished(name, 3))
    assert s.over
    app = make_app()
    scene = open_debrief(app, s)
    assert scene.tab == "feelings"  # feelings first, before any numbers
    runs_finished(scene)
    assert scene.job.error is None
    scripted.reflect(s, scene.job.snapshot())
    for i, tab in enumerate(TABS):
        press(app, pygame.K_1 + i, n_frames=3)
        assert app.top is scene and scene.tab == tab and scene.lock_reason(tab) is None
    no_errors(app)
    assert len(scene.step("difference").findings) >= 4  # the cards of the counterfactuals
    assert scene.job.results["replay"]["hashes"] == s.engine.hashes


def test_the_debrief_opens_for_a_saved_mid_game_run(make_app, tmp_path):
    s = scripted.play("steel_town_2016", seed=8, months=9)
    scripted.reflect(s, {})
    loaded = GameSession.load(saves.save(s, tmp_path / "slot.json"))
    app = make_app()
    scene = open_debrief(app, loaded, tab="difference")
    assert scene.rebuildable
    runs_finished(scene)
    frames(app, 3)
    assert scene.job.spec.months == 9 and scene.job.results["replay"]["hashes"] == s.engine.hashes
    assert scene.step("difference").findings and "replay" in scene.job.results
    no_errors(app)


def test_the_answers_wait_for_the_guesses_and_the_argument_for_the_explanation(make_app):
    app = make_app()
    scene = open_debrief(app, fresh())
    runs_finished(scene)
    for tab in TABS:
        scene.go_to(tab)
        frames(app, 2)
        locked = scene.lock_reason(tab)
        assert (locked == "guesses") == (tab in NEEDS_GUESSES)
        if locked:
            assert "go_guess" in buttons(scene) and not scene.charts
    press(app, pygame.K_3)
    click(app, buttons(scene)["go_guess"])
    assert scene.tab == "guess"
    guess_everything(app, scene)
    for tab in NEEDS_GUESSES - {"argument"}:
        scene.go_to(tab)
        assert scene.lock_reason(tab) is None
    press(app, pygame.K_6)
    assert scene.lock_reason("argument") == "explanation"
    click(app, buttons(scene)["go_explain"])
    assert scene.tab == "explain"
    type_into(app, scene, "explanation", "Too many of us opened the same stall.")
    assert reflection.explained(scene.session)
    press(app, pygame.K_6)
    assert scene.tab == "argument" and scene.lock_reason("argument") is None
    no_errors(app)


def test_a_guess_shows_its_answer_only_when_all_are_in(make_app):
    app = make_app()
    s = fresh()
    scene = open_debrief(app, s, tab="guess")
    runs_finished(scene)
    frames(app, 3)
    first = scene.preds[0]
    press(app, pygame.K_a)
    type_into(app, scene, "reason", "a reason")
    press(app, pygame.K_l)
    assert scene.step("guess").page == 1  # on to the next guess
    status = scene.step("guess")._guess_status(scene.preds[0], reflection.guess(s, first["key"]))
    assert first["actual"] not in status
    press(app, pygame.K_p)
    assert not buttons(scene)["choice_" + first["choices"][1]["key"]].is_enabled  # locked
    guess_rest = [k for k in scene.prediction_keys if not reflection.guess(s, k)["locked"]]
    for key in guess_rest:
        reflection.choose(s, key, "none" if key != "no_loans" else "same")
        reflection.set_reason(s, key, "a reason")
        reflection.lock(s, key)
    scene.changed()
    scene.step("guess").page = 0
    scene._build()
    p = scene.preds[0]
    assert p["actual"] in scene.step("guess")._guess_status(p, reflection.guess(s, p["key"]))
    no_errors(app)


def test_every_step_and_button_by_mouse(make_app):
    app = make_app()
    s = fresh()
    scene = open_debrief(app, s)
    runs_finished(scene)
    frames(app, 2)
    click(app, buttons(scene)["q_feelings_1"])
    assert scene.q_index["feelings"] == 1
    type_into(app, scene, "answer_feelings", "I blamed the neighbours at first.")
    assert "q_feelings_1" in scene.current.answered()
    qid = scene.sections["feelings"]["items"][1]["id"]
    assert s.reflection["answers"][qid] == "I blamed the neighbours at first."
    guess_everything(app, scene)
    click(app, buttons(scene)["tab_story"])
    before = scene.scrollers["story"].surface.get_height()
    click(app, buttons(scene)["every"])
    assert scene.step("story").show_all and scene.scrollers["story"].surface.get_height() > before
    click(app, buttons(scene)["chart_money"])
    assert scene.step("story").chart_key == "money"
    click(app, buttons(scene)["chart_income"])
    assert scene.step("story").chart_key == "income"
    assert any(sr.name == "Unemployment insurance" for sr in scene.charts[0].series)
    click(app, buttons(scene)["tab_town"])
    for key in ("price", "margin", "churn", "defaults", "arrears", "status", "agreement"):
        click(app, buttons(scene)[f"town_{key}"])
        assert scene.step("town").chart_key == key and scene.charts
    click(app, buttons(scene)["tab_explain"])
    type_into(app, scene, "explanation", "We all opened noodle stalls on one street.")
    click(app, buttons(scene)["tab_argument"])
    click(app, buttons(scene)["verdict_complicates"])
    type_into(app, scene, "verdict_reason", "insurance paid most of it")
    v = reflection.verdict(s, scene.panels[0]["key"])
    assert v == {"verdict": "complicates", "reason": "insurance paid most of it"}
    while buttons(scene)["next"].is_enabled:
        click(app, buttons(scene)["next"])
    assert (
        scene.step("argument").page == scene.step("argument").pages() - 1 == len(scene.panels) + 1
    )
    assert "answer_real_world" in scene.writing.fields  # the real-world questions, to answer
    click(app, buttons(scene)["prev"])
    assert scene.step("argument").page == len(scene.panels) and "other" in scene.scrollers
    click(app, buttons(scene)["tab_difference"])
    assert scene.step("difference").findings
    click(app, buttons(scene)["tab_next"])
    type_into(app, scene, "name", "Wang Li")
    assert s.reflection["name"] == "Wang Li"
    click(app, buttons(scene)["tab_sources"])
    no_errors(app)


def test_keys_for_steps_pages_guesses_verdicts_charts_and_scrolling(make_app):
    app = make_app()
    s = fresh()
    scripted.reflect(s, {})
    scene = open_debrief(app, s)
    runs_finished(scene)
    press(app, pygame.K_3)
    press(app, pygame.K_d)
    assert scene.step("story").show_all
    press(app, pygame.K_m)
    assert scene.step("story").chart_key == "money"
    press(app, pygame.K_i)
    assert scene.step("story").chart_key == "income"
    press(app, pygame.K_PAGEDOWN)
    assert scene.scrollers["story"].offset > 0
    press(app, pygame.K_END)
    assert scene.scrollers["story"].offset == scene.scrollers["story"].limit
    press(app, pygame.K_HOME)
    assert scene.scrollers["story"].offset == 0
    pos = scene.scrollers["story"].rect.center
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, {"x": 0, "y": -2, "flipped": False}))
    frames(app, 2)
    assert scene.scrollers["story"].offset > 0
    press(app, pygame.K_4)
    for key, chart in ((pygame.K_p, "price"), (pygame.K_h, "status"), (pygame.K_s, "sellers")):
        press(app, key)
        assert scene.step("town").chart_key == chart
    press(app, pygame.K_7)
    assert scene.tab == "difference"
    press(app, pygame.K_PAGEDOWN)
    assert scene.scrollers["cards"].offset > 0
    press(app, pygame.K_6)
    press(app, pygame.K_n)
    press(app, pygame.K_n)
    assert scene.step("argument").page == 2
    press(app, pygame.K_p)
    assert scene.step("argument").page == 1
    for key, verdict in zip((pygame.K_s, pygame.K_c, pygame.K_d), reflection.VERDICTS, strict=True):
        press(app, key)
        assert reflection.verdict(s, scene.panels[1]["key"])["verdict"] == verdict
        press(app, pygame.K_ESCAPE)  # the reason's box took the keys: given back
    press(app, pygame.K_2)
    press(app, pygame.K_n)
    assert scene.step("guess").page == 1
    press(app, pygame.K_9)
    assert scene.tab == "sources" and set(scene.scrollers) == {"glossary", "sources"}
    press(app, pygame.K_PAGEDOWN)
    assert scene.scrollers["glossary"].offset > 0
    no_errors(app)


def test_keys_type_into_a_field_instead_of_jumping(make_app):
    app = make_app()
    s = fresh()
    scene = open_debrief(app, s)
    click(app, scene.writing.fields["answer_feelings"][0])
    for key in (pygame.K_2, pygame.K_e, pygame.K_t, pygame.K_n):
        press(app, key)
        assert app.top is scene and scene.tab == "feelings" and scene.exporter.thread is None
    press(app, pygame.K_ESCAPE)
    assert app.top is scene and not app.typing()
    press(app, pygame.K_ESCAPE)
    assert app.top is not scene  # the second Esc leaves


def test_what_is_written_is_saved_with_the_run(make_app, user_dirs):
    app = make_app()
    s = fresh()
    s.autosave_enabled = True
    scene = open_debrief(app, s)
    type_into(app, scene, "answer_feelings", "Not in control at all.")
    press(app, pygame.K_2)  # moving on saves
    loaded = GameSession.load(saves.autosave_path())
    assert loaded.reflection["answers"]["feelings.control"] == "Not in control at all."
    assert loaded.reflection["strategy"] == scripted.STRATEGY


def test_cancel_then_run_again(make_app, monkeypatch):
    monkeypatch.setenv("IRB_DEBRIEF_MODE", "process")  # the job itself: its child, stopped
    app = make_app()
    scene = open_debrief(app, fresh(), tab="sources")  # (on a step with a box, X and R type)
    scene.job.cancel()
    runs_finished(scene)  # the cancelled runs' end
    scene.start_runs()
    frames(app, 2)
    b = buttons(scene)
    assert b["cancel"].visible and not b["rerun"].visible
    press(app, pygame.K_x, n_frames=3)
    assert scene.job.cancelled and not scene.job.running
    assert (
        b["rerun"].visible and not b["cancel"].visible and b["rerun"].alive()
    )  # swapped, not rebuilt
    press(app, pygame.K_r, n_frames=2)
    assert scene.job.running or scene.job.done
    runs_finished(scene)
    assert not scene.job.cancelled
    frames(app, 2)
    assert not b["rerun"].visible and not b["cancel"].visible
    assert set(scene.job.results) == {v.key for v in scene.job.variants}
    no_errors(app)


def test_export_writes_the_report_to_the_documents_folder_and_to_a_chosen_one(
    make_app, user_dirs, monkeypatch
):
    opened = []
    monkeypatch.setattr(userdirs, "reveal", lambda path: opened.append(path) or True)
    app = make_app()
    s = fresh("tutorial", 3)
    reflection.set_name(s, "Chen Jing")
    scene = open_debrief(app, s, tab="sources")  # (on a step with a box, W and V type)
    press(app, EXPORT_KEY)
    exported(scene)
    frames(app, 3)
    docs = user_dirs / "reports"
    assert sorted(p.suffix for p in docs.iterdir()) == [".html", ".json"]
    assert all("Chen-Jing" in p.name for p in docs.iterdir())
    assert "Chen Jing" in next(docs.glob("*.html")).read_text(encoding="utf-8")
    said = app.top
    assert type(said).__name__ == "DialogScene"  # "Report saved": where, in words
    assert "your reports folder" in said.body  # never a file name to a player
    assert str(docs) not in said.body and ".html" not in said.body and "/" not in said.body
    click(app, buttons(said)["open_folder"])  # the player's file manager shows the folder
    assert opened == [docs] and app.top is scene
    press(app, EXPORT_TO_KEY)
    assert scene.exporter.file_dialog is not None and scene.exporter.file_dialog.alive()
    chosen = user_dirs / "chosen"
    chosen.mkdir()
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_FILE_DIALOG_PATH_PICKED,
            {"text": str(chosen), "ui_element": scene.exporter.file_dialog},
        )
    )
    frames(app, 2)
    exported(scene)
    frames(app, 2)
    assert sorted(p.suffix for p in chosen.iterdir()) == [".html", ".json"]
    assert "the folder you chose" in app.top.body and str(chosen) not in app.top.body
    no_errors(app)


def test_export_to_a_folder_that_cannot_be_written_says_so(make_app, user_dirs):
    app = make_app()
    scene = open_debrief(app, fresh("tutorial", 3), start_runs=False)
    blocker = user_dirs / "file"
    blocker.write_text("not a folder")
    scene.exporter.export(blocker / "sub")
    exported(scene)
    frames(app, 2)
    tone, said = scene.exporter.status
    assert tone == "bad" and "Could not write" in said
    assert str(user_dirs) not in said  # the system's reason, without the path
    assert app.top is scene
    no_errors(app)


def test_back_and_title(make_app, monkeypatch):
    monkeypatch.setenv("IRB_DEBRIEF_MODE", "process")  # leaving stops the runs still going
    app = make_app()
    s = fresh()
    scene = open_debrief(app, s)
    press(app, pygame.K_ESCAPE)
    assert app.top is not scene and scene.job.cancelled
    scene = open_debrief(app, s)
    click(app, buttons(scene)["back"])
    assert app.top is not scene
    scene = open_debrief(app, s, tab="sources")  # (on a step with a box, T types)
    press(app, pygame.K_t)
    assert type(app.top).__name__ == "TitleScene" and len(app.stack) == 1


@pytest.mark.parametrize(
    ("size", "ui_scale", "lang"),
    [
        ((960, 540), 1.0, "en"),
        ((1920, 1080), 1.0, "en"),
        ((1280, 720), 1.5, "en"),
        ((1280, 720), 1.5, "zh"),
    ],
)
def test_the_layout_holds_at_other_window_sizes_text_sizes_and_in_chinese(
    make_app, size, ui_scale, lang
):
    from game import i18n  # noqa: PLC0415

    app = make_app(size, ui_scale=ui_scale, lang=lang)
    s = fresh()
    s.lang = lang
    scene = open_debrief(app, s)
    runs_finished(scene)
    scripted.reflect(s, scene.job.snapshot())
    safe = scene.safe_rect
    pages = {
        "argument": range(len(scene.panels) + 2),
        "guess": range(len(scene.prediction_keys) + 1),
    }
    for tab in TABS:
        for page in pages.get(tab, [0]):
            scene.step("argument").page = scene.step("guess").page = page
            scene.go_to(tab)
            frames(app, 2)
            for el in scene._elements:
                if scene.name_of(el):
                    assert safe.contains(el.rect), (tab, page, scene.name_of(el), el.rect, safe)
            for sc in scene.scrollers.values():
                assert safe.contains(sc.rect)
            for chart in scene.charts:
                assert safe.contains(chart.rect)
    no_errors(app)
    assert not [k for k in i18n._missing_logged if k[0].startswith(("debrief", "ending"))]


def test_the_what_if_step_keeps_only_the_cards_it_shows(make_app):
    """Cards are painted as the runs finish; a finding's sentence changes as more runs come in
    (it compares with them), and the card painted for the old sentence is let go."""
    app = make_app()
    s = fresh()
    scripted.reflect(s, {})
    scene = open_debrief(app, s)
    press(app, pygame.K_7)
    step = scene.step("difference")
    while scene.job.running:
        frames(app, 1)
    runs_finished(scene)
    frames(app, 3)
    shown = {f["key"] for f in step.findings}
    assert shown and {key[0] for key in step.card_cache} == shown
    assert len(step.card_cache) == len(step.findings)
