"""What the picker promises a class: a typed seed, a scenario file opened from anywhere and
kept in the player's own folder, copies told apart by file name, a broken file that shows its
problems without a missing-glyph box and cannot be started (issue 9, point 12)."""

from __future__ import annotations

import re
import shutil

import pygame
import pytest
from ui_helpers import click, element, frames, press, until_settled

from game import userdirs
from game.scenario.loader import BUILTIN_DIR
from game.ui import fonts
from game.ui.scenes import picker as picker_mod
from game.ui.scenes.picker import PickerScene


@pytest.fixture(autouse=True)
def fresh_list():
    picker_mod._cache.clear()
    yield
    picker_mod._cache.clear()


def open_picker(app) -> PickerScene:
    scene = app.open("new_game")
    frames(app, 3)
    assert isinstance(app.top, PickerScene)
    return scene


def type_into(app, field, text: str) -> None:
    click(app, field)
    field.set_text(text)
    press(app, pygame.K_RETURN)


def test_a_typed_seed_starts_that_town(app, monkeypatch):
    picker = open_picker(app)
    type_into(app, element(picker, "seed_field"), "4242")
    assert picker.seed == 4242
    type_into(app, element(picker, "seed_field"), "0")  # letters cannot even be typed
    assert picker.seed == 4242 and picker.seed_problem
    started = []
    monkeypatch.setattr(
        app, "open", lambda route, **kw: started.append((route, kw)) or None, raising=True
    )
    picker.on_next()
    until_settled(app)  # (the briefing is built ahead a few frames, then opened)
    assert started and started[0][1]["session"].seed == 4242


def test_own_scenarios_are_listed_copies_numbered_and_no_file_named(app):
    # The house rule: no file's name on a player's screen. A copy is told apart by a number,
    # a broken file by its title (still readable here) and, in words, that it cannot be played.
    own = userdirs.scenarios_dir()
    shutil.copy(BUILTIN_DIR / "steel_town_2016.yaml", own / "my_class_copy.yaml")
    (own / "zz_broken.yaml").write_text("title: Coal town\nmonths: many\n", encoding="utf-8")
    (own / "zz_unreadable.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    picker = open_picker(app)
    labels = picker_mod.entry_labels(picker.entries)
    steel = [x for x in labels if x.startswith("Steel town, 2016")]
    assert len(steel) == 2 and "Steel town, 2016 (copy 2)" in steel
    broken = [i for i, e in enumerate(picker.entries) if e.broken]
    assert sorted(labels[i] for i in broken) == [
        "A scenario without a title: cannot be played",
        "Coal town: cannot be played",
    ]
    for text in labels:
        assert ".yaml" not in text and "my_class_copy" not in text and "zz_" not in text
        assert not fonts.missing_glyphs(text, "sans"), text  # no empty boxes
    first = broken[0]
    click(app, element(picker, f"sc.{first}"))
    assert picker.selected == first
    start = element(picker, "next")
    assert not start.is_enabled and ".yaml" not in start.irb_tip
    assert picker.entries[first].shown_name in start.irb_tip


def test_open_a_file_from_anywhere_keeps_a_copy(app, tmp_path):
    outside = tmp_path / "elsewhere" / "coal_town.yaml"
    outside.parent.mkdir()
    text = (BUILTIN_DIR / "tutorial.yaml").read_text(encoding="utf-8")
    outside.write_text(text.replace("Tutorial", "Coal town"), encoding="utf-8")
    picker = open_picker(app)
    click(app, element(picker, "open_file"))
    dialog = app.top
    assert app.typing()  # the path field has the keyboard at once
    element(dialog, "path").set_text(str(outside))
    press(app, pygame.K_RETURN)
    frames(app, 2)
    assert app.top is picker
    assert picker.entry.path.parent == userdirs.scenarios_dir()
    assert (userdirs.scenarios_dir() / "coal_town.yaml").exists()
    # the file stays in the list the next time
    picker_mod._cache.clear()
    assert any(e.file_name == "coal_town.yaml" for e in picker_mod.scenario_entries())


def test_a_file_dropped_on_the_window_opens(app, tmp_path):
    dropped = tmp_path / "dropped.yaml"
    shutil.copy(BUILTIN_DIR / "tutorial.yaml", dropped)
    picker = open_picker(app)
    pygame.event.post(pygame.event.Event(pygame.DROPFILE, {"file": str(dropped)}))
    frames(app, 3)
    assert picker.entry.file_name == "dropped.yaml"


def test_a_path_that_is_not_a_scenario_says_so(app, tmp_path):
    picker = open_picker(app)
    picker.open_file(str(tmp_path / "nothing.yaml"))
    frames(app, 2)
    assert "nothing.yaml" in app.top.body


def test_a_broken_scenarios_problems_name_it_by_its_title_and_no_file(app, tmp_path, monkeypatch):
    # The picker listed a broken scenario's problems as the loader writes them for a
    # terminal: "/home/.../scenarios/zz_broken.yaml:2:9: months: not a number ...".
    own = userdirs.scenarios_dir()
    (own / "zz_broken.yaml").write_text(
        "title: Coal town\nmonths: many\nextends: towns/base_town.yaml\n", encoding="utf-8"
    )
    picker = open_picker(app)
    (entry,) = [e for e in picker.entries if e.broken]
    lines = picker_mod.problem_lines(entry.problems, entry.path)
    assert lines
    for line in lines:
        assert not re.search(r"\w\.ya?ml", line), line  # no file's name (".yaml" alone: words)
        assert "zz_broken" not in line and "base_town" not in line and str(own) not in line
        assert line.startswith("Line "), line  # where in the scenario, in words
    assert any("months" in line and "where a number belongs" in line for line in lines)
    # the one it names is not found: said so, unnamed
    assert any("the scenario it builds on cannot be found" in line for line in lines)
    # the same file opened from elsewhere: the dialog names it by its title
    shown = []
    monkeypatch.setattr(app, "message", lambda title, body: shown.append(body))
    outside = tmp_path / "coal.yaml"
    outside.write_text("title: Coal town\nmonths: many\n", encoding="utf-8")
    picker.open_file(str(outside))
    (body,) = shown
    assert body.startswith("Coal town could not be loaded")
    assert ".yaml" not in body and str(tmp_path) not in body
