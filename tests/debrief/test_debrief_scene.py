"""The debrief screen: opens at the end of every built-in scenario and for a saved mid-game run,
runs the counterfactuals in the background, and every button and key does what it says."""

from __future__ import annotations

import pygame
import pygame_gui
import pytest
from debrief_helpers import buttons, click, finished, frames, press

from game import saves
from game.debrief import scripted
from game.scenario.loader import builtin_names
from game.ui.scenes.debrief import TABS, DebriefScene


def open_debrief(app, session, **kwargs) -> DebriefScene:
    scene = app.open("debrief", session=session, **kwargs)
    assert isinstance(scene, DebriefScene)
    frames(app, 3)
    return scene


def no_errors(app) -> None:
    assert not app._errors, "the app recovered from an exception (see the log)"


@pytest.mark.parametrize("name", builtin_names())
def test_the_debrief_opens_at_the_end_of_every_builtin_scenario(make_app, name):
    s = finished(name, 3)
    assert s.over
    app = make_app()
    scene = open_debrief(app, s)
    assert scene.job is not None and scene.job.wait(30) and scene.job.error is None
    for i, tab in enumerate(TABS):
        press(app, pygame.K_1 + i, n_frames=3)
        assert app.top is scene and scene.tab == tab
    no_errors(app)
    assert len(scene._findings) >= 4  # the cards of the counterfactuals
    assert scene.job.results["replay"]["hashes"] == s.engine.hashes


def test_the_debrief_opens_for_a_saved_mid_game_run(make_app, tmp_path):
    s = scripted.play("steel_town_2016", seed=8, months=9)
    loaded = saves.load(saves.save(s, tmp_path / "slot.json"))
    app = make_app()
    scene = open_debrief(app, loaded, tab="difference")
    assert scene.rebuildable and scene.job.wait(30)
    frames(app, 3)
    assert scene.job.spec.months == 9 and scene.job.results["replay"]["hashes"] == s.engine.hashes
    assert scene._findings and "replay" in scene.job.results
    no_errors(app)


def test_every_tab_and_button_by_mouse(make_app):
    app = make_app()
    scene = open_debrief(app, finished())
    scene.job.wait(30)
    frames(app, 2)
    for tab in TABS:
        click(app, buttons(scene)[f"tab_{tab}"])
        assert scene.tab == tab
    click(app, buttons(scene)["tab_story"])
    before = scene.scrollers["story"].surface.get_height()
    click(app, buttons(scene)["every"])
    assert scene.show_all and scene.scrollers["story"].surface.get_height() > before
    click(app, buttons(scene)["chart_money"])
    assert scene.story_chart == "money" and scene.charts[0].title == scene.charts[0].title
    click(app, buttons(scene)["chart_income"])
    assert scene.story_chart == "income"
    click(app, buttons(scene)["tab_town"])
    for key in (
        "price",
        "margin",
        "churn",
        "defaults",
        "arrears",
        "status",
        "agreement",
        "sellers",
    ):
        click(app, buttons(scene)[f"town_{key}"])
        assert scene.town_chart == key and scene.charts
    click(app, buttons(scene)["tab_argument"])
    while buttons(scene)["next"].is_enabled:
        click(app, buttons(scene)["next"])
    assert scene.arg_page == scene.pages() - 1 == 3
    click(app, buttons(scene)["prev"])
    assert scene.arg_page == 2
    click(app, buttons(scene)["tab_discuss"])
    click(app, buttons(scene)["next"])
    assert (
        scene.sections[scene.section]["key"] == "predict" and not scene.charts
    )  # hidden before a guess
    click(app, buttons(scene)["guess_rose"])
    assert scene.guess == "rose" and scene.charts  # the real curve, revealed
    click(app, buttons(scene)["prev"])
    assert scene.section == 0
    no_errors(app)


def test_keys_for_tabs_pages_guesses_charts_and_scrolling(make_app):
    app = make_app()
    scene = open_debrief(app, finished())
    scene.job.wait(30)
    press(app, pygame.K_d)
    assert scene.show_all
    press(app, pygame.K_m)
    assert scene.story_chart == "money"
    press(app, pygame.K_i)
    assert scene.story_chart == "income"
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
    press(app, pygame.K_2)
    for key, chart in (
        (pygame.K_p, "price"),
        (pygame.K_m, "margin"),
        (pygame.K_o, "churn"),
        (pygame.K_d, "defaults"),
        (pygame.K_a, "arrears"),
        (pygame.K_h, "status"),
        (pygame.K_g, "agreement"),
        (pygame.K_s, "sellers"),
    ):
        press(app, key)
        assert scene.town_chart == chart
    press(app, pygame.K_3)
    assert scene.tab == "difference"
    press(app, pygame.K_PAGEDOWN)
    assert scene.scrollers["cards"].offset > 0
    press(app, pygame.K_4)
    press(app, pygame.K_n)
    press(app, pygame.K_n)
    assert scene.arg_page == 2
    press(app, pygame.K_p)
    assert scene.arg_page == 1
    press(app, pygame.K_5)
    press(app, pygame.K_n)
    for key, shape in zip(
        (pygame.K_a, pygame.K_b, pygame.K_c, pygame.K_d),
        ("rose", "flat", "fell_little", "fell_lot"),
        strict=True,
    ):
        press(app, key)
        assert scene.guess == shape
    for _ in range(8):
        press(app, pygame.K_n)
    assert scene.section == len(scene.sections) - 1
    press(app, pygame.K_p)
    assert scene.section == len(scene.sections) - 2
    press(app, pygame.K_6)
    assert scene.tab == "sources" and set(scene.scrollers) == {"glossary", "sources"}
    press(app, pygame.K_PAGEDOWN)
    assert scene.scrollers["glossary"].offset > 0
    no_errors(app)


def test_cancel_then_run_again(make_app):
    app = make_app()
    scene = open_debrief(app, finished("steel_town_2016", 3))
    scene.job.cancel()
    scene.job.wait(5)
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
    assert scene.job.wait(30) and not scene.job.cancelled
    frames(app, 2)
    assert not b["rerun"].visible and not b["cancel"].visible
    assert set(scene.job.results) == {v.key for v in scene.job.variants}
    no_errors(app)


def test_export_writes_the_report_to_the_documents_folder_and_to_a_chosen_one(make_app, user_dirs):
    app = make_app()
    scene = open_debrief(app, finished("tutorial", 3))
    press(app, pygame.K_e)
    scene.wait_export(60)
    frames(app, 3)
    docs = user_dirs / "reports"
    assert sorted(p.suffix for p in docs.iterdir()) == [".html", ".json"]
    assert type(app.top).__name__ == "DialogScene"  # "Report saved", with the path
    app.pop()
    frames(app, 2)
    assert app.top is scene
    press(app, pygame.K_f)
    assert scene.file_dialog is not None and scene.file_dialog.alive()
    chosen = user_dirs / "chosen"
    chosen.mkdir()
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_FILE_DIALOG_PATH_PICKED,
            {"text": str(chosen), "ui_element": scene.file_dialog},
        )
    )
    frames(app, 2)
    scene.wait_export(60)
    frames(app, 2)
    assert sorted(p.suffix for p in chosen.iterdir()) == [".html", ".json"]
    no_errors(app)


def test_export_to_a_folder_that_cannot_be_written_says_so(make_app, user_dirs):
    app = make_app()
    scene = open_debrief(app, finished("tutorial", 3), start_runs=False)
    blocker = user_dirs / "file"
    blocker.write_text("not a folder")
    scene.export(blocker / "sub")
    scene.wait_export(60)
    frames(app, 2)
    assert scene.export_status[0] == "bad" and "Could not write" in scene.export_status[1]
    assert app.top is scene
    no_errors(app)


def test_back_and_title(make_app):
    app = make_app()
    s = finished()
    scene = open_debrief(app, s)
    press(app, pygame.K_ESCAPE)
    assert app.top is not scene and scene.job.cancelled
    scene = open_debrief(app, s)
    click(app, buttons(scene)["back"])
    assert app.top is not scene
    scene = open_debrief(app, s)
    press(app, pygame.K_t)
    assert type(app.top).__name__ == "TitleScene" and len(app.stack) == 1


@pytest.mark.parametrize("size", [(960, 540), (1920, 1080)])
def test_the_layout_holds_at_other_window_sizes(make_app, size):
    app = make_app(size)
    scene = open_debrief(app, finished())
    scene.job.wait(30)
    safe = scene.safe_rect
    for tab in TABS:
        scene.on_button(f"tab_{tab}", None)
        frames(app, 2)
        for name, el in buttons(scene).items():
            assert safe.contains(el.rect), (tab, name, el.rect, safe)
        for s in scene.scrollers.values():
            assert safe.contains(s.rect)
        for chart in scene.charts:
            assert safe.contains(chart.rect)
    no_errors(app)
