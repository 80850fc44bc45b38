"""The built-in scenarios checked ahead (game/scenario/checked.py) and the plain scenario a run
keeps (plain.py): the same scenario as the loader gives, value for value, without pydantic."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic_core import PydanticUndefined

from game.core.params import Params
from game.scenario import builtin, checked, loader, plain, schema

NAMES = builtin.builtin_names()
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def nothing_vouched_for(monkeypatch):
    """Each test starts as a new process does, with no run's data vouched for (tests before it
    in this process played runs of the same built-ins)."""
    monkeypatch.setattr(checked, "_vouched", [])


@pytest.mark.parametrize("name", NAMES)
def test_each_checked_file_is_what_the_loader_gives_now(name: str) -> None:
    """Fails when a built-in, the loader or the core's defaults changed and the checked files
    were not made again: `python -m game.scenario.checked`."""
    path = builtin.BUILTIN_DIR / checked.CHECKED_DIR / f"{name}.json"
    assert path.read_text(encoding="utf-8") == checked.checked_text(name), (
        "run `python -m game.scenario.checked`"
    )


@pytest.mark.parametrize("name", NAMES)
def test_a_built_in_read_from_its_checked_file_is_the_loaders(name: str) -> None:
    for ref in (
        name,
        builtin.BUILTIN_DIR / f"{name}.yaml",
        str(builtin.BUILTIN_DIR / f"{name}.yaml"),
    ):
        fast, full = checked.load_scenario(ref), loader.load_scenario(ref)
        assert checked._from_checked(checked.find_scenario(ref), os.fspath(ref)) is not None
        assert repr(fast) == repr(full)  # every value, its type (5 and 5.0) and dict order
        assert fast == full
        assert fast.sources() == full.sources()
        assert fast.to_dict() == full.to_dict() and fast.digest() == full.digest()
    assert checked.list_builtin() == loader.list_builtin()


@pytest.fixture
def no_built_ins_known(monkeypatch):
    """Only what a run of this process vouched for is known (not the built-ins' saved data)."""
    monkeypatch.setattr(checked, "_entries", lambda: iter(()))


@pytest.mark.parametrize("name", NAMES)
def test_a_run_read_back_in_its_process_is_the_loaders_reading(
    name: str, no_built_ins_known
) -> None:
    sc = checked.load_scenario(name)
    data = json.loads(json.dumps(sc.to_dict()))
    assert checked.vouched_scenario(data, "scenario") is None  # not vouched for yet
    checked.vouch(sc, sc.params)
    again = checked.vouched_scenario(data, "scenario")
    assert repr(again) == repr(loader.load_scenario_data(data, "scenario"))
    params = checked.vouched_params(json.loads(json.dumps(plain.dump(sc.params))))
    assert params == sc.params and params is not sc.params


def test_only_the_same_data_is_vouched_for(no_built_ins_known) -> None:
    sc = checked.load_scenario("tutorial")
    checked.vouch(sc, sc.params)
    data = plain.dump(sc.params)
    assert checked.vouched_params(data) == sc.params
    months = data["months"]
    for other in (months + 1, float(months), str(months)):  # a whole number written 24.0 differs
        assert checked.vouched_params({**data, "months": other}) is None
    edited = sc.to_dict()
    edited["title"] = "Edited"
    assert checked.vouched_scenario(edited, "scenario") is None


def test_an_edited_built_in_is_read_by_the_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "scenarios"
    shutil.copytree(builtin.BUILTIN_DIR, folder)
    monkeypatch.setattr(builtin, "BUILTIN_DIR", folder)
    monkeypatch.setattr(loader, "BUILTIN_DIR", folder)
    steel = folder / "steel_town_2016.yaml"
    steel.write_text(
        steel.read_text(encoding="utf-8").replace("months: {value: 24,", "months: {value: 18,", 1),
        encoding="utf-8",
    )
    assert checked.load_scenario("steel_town_2016").months == 18
    # a variant extending it is not read from its checked file either
    assert checked.load_scenario("what_if_no_loans").months == 18
    # the others still are (their files are the ones checked)
    assert checked._from_checked(folder / "tutorial.yaml", "tutorial") is not None
    assert checked.load_scenario("tutorial") == loader.load_scenario("tutorial")
    (folder / "xiagang_1998.yaml").write_text("title: [\n", encoding="utf-8")
    broken = next(b for b in checked.list_builtin() if b.name == "xiagang_1998")
    assert broken.problems and "YAML syntax error" in broken.problems[0]
    with pytest.raises(loader.ScenarioError, match="YAML syntax error"):
        checked.load_scenario("xiagang_1998")
    with pytest.raises(loader.ScenarioError, match="no such file or built-in scenario"):
        checked.load_scenario("no_such_town")


def test_other_defaults_are_not_read_from_the_checked_files(monkeypatch) -> None:
    monkeypatch.setattr(checked, "defaults_fingerprint", lambda: 0)
    assert checked._entry(builtin.BUILTIN_DIR / "tutorial.yaml") is None
    assert checked.load_scenario("tutorial") == loader.load_scenario("tutorial")


@pytest.mark.parametrize(
    ("plain_cls", "model"),
    [
        (plain.Person, schema.Person),
        (plain.When, schema.When),
        (plain.Choice, schema.Choice),
        (plain.Event, schema.Event),
        (plain.Page, schema.Page),
        (plain.Player, schema.Player),
        (plain.Story, schema.Story),
    ],
)
def test_the_plain_story_mirrors_the_schemas_models(plain_cls, model) -> None:
    """Same fields in the same order; the same defaults where the model has one."""
    fields = dataclasses.fields(plain_cls)
    assert [f.name for f in fields] == list(model.model_fields)
    for f in fields:
        info = model.model_fields[f.name]
        if info.default is not PydanticUndefined:
            assert f.default == info.default, f.name
        elif info.default_factory is not None:
            assert plain.dump(f.default_factory()) == _dumped(info.default_factory()), f.name
    assert plain.STORY_KEYS == schema.STORY_KEYS


def _dumped(value):
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def test_a_run_never_imports_pydantic() -> None:
    """A run of a built-in (new, months played, saved, read back as the epilogue does) without
    the loader, pydantic and the schema's models: ~15 MB of the game's memory (issue 17)."""
    code = """
import json, sys
from game.session import GameSession
s = GameSession.new("steel_town_2016", seed=3)
for _ in range(3):
    s.end_month()
copy = GameSession.from_dict(json.loads(json.dumps(s.to_dict())))
assert copy.params == s.params and copy.scenario.title == s.scenario.title
heavy = [m for m in ("pydantic", "game.scenario.loader", "game.scenario.schema") if m in sys.modules]
assert not heavy, heavy
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_a_plain_scenario_keeps_no_pydantic_model() -> None:
    sc = loader.load_scenario("steel_town_2016")
    assert isinstance(sc.story, plain.Story) and isinstance(sc.events[0], plain.Event)
    assert isinstance(sc.params, Params)


def test_a_runs_scenario_is_written_the_same_for_every_save() -> None:
    from game.session import scenario_data

    sc = checked.load_scenario("steel_town_2016")
    first, again = scenario_data(sc), scenario_data(sc)
    assert first == again == sc.to_dict() and first is not again
    again["title"] = "changed by a reader"
    assert scenario_data(sc) == sc.to_dict()  # each save gets its own copy
    other = checked.load_scenario("tutorial")
    assert scenario_data(other) == other.to_dict()
    assert scenario_data(sc) == sc.to_dict()


@pytest.mark.parametrize("name", NAMES)
def test_a_saved_run_of_a_built_in_is_read_as_the_loader_reads_it(name: str) -> None:
    """A save of a built-in, loaded in another process (nothing vouched for): its scenario and
    parameters are taken from the checked file, the very values the loader gives for the data."""
    from game.scenario.overrides import params_from_data

    sc = checked.load_scenario(name)
    data = json.loads(json.dumps(sc.to_dict()))
    params = json.loads(json.dumps(plain.dump(sc.params)))
    known = checked.vouched_scenario(data, "scenario")
    assert known is not None
    assert repr(known) == repr(loader.load_scenario_data(data, "scenario"))
    assert known.sources() == loader.load_scenario_data(data, "scenario").sources()
    got = checked.vouched_params(params)
    assert got is not None
    assert repr(got) == repr(params_from_data(params, "engine.params"))


def test_a_saved_scenario_edited_is_not_taken_from_the_checked_files() -> None:
    sc = checked.load_scenario("steel_town_2016")
    data = sc.to_dict()
    data["town"]["households"]["value"] += 1  # the same title, another town
    assert checked.vouched_scenario(data, "scenario") is None
    params = plain.dump(sc.params)
    params["months"] = float(params["months"])  # 24.0, not 24: the loader says what it makes of it
    assert checked.vouched_params(params) is None
    assert checked.vouched_scenario({"title": sc.to_dict()["title"]}, "scenario") is None
    assert checked.vouched_scenario([sc.to_dict()], "scenario") is None


def test_a_saved_run_of_a_built_in_loads_without_pydantic(tmp_path: Path) -> None:
    """Continue or Load of a built-in's run: the save is checked as before, the scenario and
    parameters read from the checked files (no pydantic: ~15 MB and ~200 ms), and the run
    goes on as the loader's reading of the same save does."""
    from game import saves
    from game.session import GameSession

    s = GameSession.new("steel_town_2016", seed=3, autosave=False)
    for _ in range(2):
        s.end_month()
    path = tmp_path / "slot.json"
    saves.save(s, path)
    code = """
import json, sys
from game.session import GameSession
s = GameSession.load(sys.argv[1])
heavy = [m for m in ("pydantic", "game.scenario.loader", "game.scenario.schema") if m in sys.modules]
assert not heavy, heavy
s.autosave_enabled = False
s.end_month()
from game.scenario import loader
data = json.loads(open(sys.argv[1], encoding="utf-8").read())["session"]
assert repr(s.scenario) == repr(loader.load_scenario_data(data["scenario"], "scenario"))
print(s.engine.hashes[-1])
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IRB_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    s.end_month()
    assert done.stdout.strip() == s.engine.hashes[-1]


def test_a_broken_save_of_a_built_in_still_says_what_is_wrong(tmp_path: Path) -> None:
    """Not the built-in's data exactly: the loader checks it as before (a field out of bounds is
    refused with the field's name; the file is left as it was)."""
    from game import saves
    from game.session import GameSession

    s = GameSession.new("steel_town_2016", seed=3, autosave=False)
    s.end_month()
    path = tmp_path / "slot.json"
    saves.save(s, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["session"]["scenario"]["town"]["households"]["value"] = -5
    doc["checksum"] = saves._payload_digest(doc["session"], doc["summary"])
    raw = json.dumps(doc)
    path.write_text(raw, encoding="utf-8")
    with pytest.raises(saves.SaveError) as err:
        GameSession.load(path)
    assert "households" in str(err.value) and "Traceback" not in str(err.value)
    assert path.read_text(encoding="utf-8") == raw
