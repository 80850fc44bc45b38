"""Corrupt saves by construction (the audit's 121 hand-corrupted saves, generated here): every
damaged or edited save gives a SaveError with a message (and the previous save when there is
one), never another exception; a save that does load plays on; one bad slot never blocks the
others. Field edits recompute the checksum, as anyone editing a save can."""

from __future__ import annotations

import copy
import json
import random

import pytest

from game import i18n, saves
from game.core.commands import ChoosePath
from game.scenario import load_scenario, load_scenario_data
from game.session import GameSession

WRONG = [None, -1, 1.5, 10**30, "x" * 300, [], {}, True, -(10**6)]


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("IRB_DATA_DIR", str(tmp_path / "data"))
    i18n.set_language("en")


@pytest.fixture(scope="module")
def good_doc() -> dict:
    small = load_scenario("tests/data/good_minimal.yaml").to_dict()
    small["town"]["households"] = 20  # a small town: a small save, a thousand loads in seconds
    s = GameSession.new(load_scenario_data(small), seed=5, autosave=False)
    s.submit(ChoosePath(0, "self_employ"))
    for _ in range(2):
        s.end_month()
    s.screen = "month"
    return json.loads(json.dumps(_doc(s)))


def _doc(s: GameSession) -> dict:
    data = s.to_dict()
    shown = saves.summary(s)
    return {
        "format": saves.MAGIC,
        "version": saves.VERSION,
        "saved_at": "2026-12-01 10:00:00",
        "summary": shown,
        "checksum": saves._payload_digest(data, shown),
        "session": data,
    }


def _write(path, doc: dict, checksum: bool = True) -> None:
    if checksum and isinstance(doc.get("session"), dict) and isinstance(doc.get("summary"), dict):
        doc["checksum"] = saves._payload_digest(doc["session"], doc["summary"])
    path.write_text(json.dumps(doc), encoding="utf-8")


def _outcome(path) -> str:
    """'refused' (a SaveError), or 'plays' (loaded and played two more months)."""
    try:
        s = GameSession.load(path)
    except saves.SaveError as err:
        assert str(err) and "Traceback" not in str(err)
        assert err.located().startswith(f"{path}:")
        return "refused"
    s.autosave_enabled = False
    for _ in range(2):
        if not s.engine.done:
            s.end_month()
    return "plays"


def _paths(doc: dict, depth: int = 3, prefix: tuple = ()) -> list[tuple]:
    """Every field down to `depth` levels (lists: their first item)."""
    out = []
    items = doc.items() if isinstance(doc, dict) else enumerate(doc[:1])
    for key, value in items:
        path = (*prefix, key)
        out.append(path)
        if depth > 1 and isinstance(value, (dict, list)) and value:
            out += _paths(value, depth - 1, path)
    return out


def _set(doc: dict, path: tuple, value) -> None:
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def test_byte_damage_is_refused_with_the_previous_save_offered(tmp_path, good_doc):
    path = tmp_path / "slot.json"
    _write(path, copy.deepcopy(good_doc))
    saves.prev_path(path).write_bytes(path.read_bytes())
    raw = path.read_bytes()
    rnd = random.Random(7)
    damaged = [raw[:n] for n in sorted(rnd.sample(range(1, len(raw)), 24))]  # cut off
    for _ in range(24):  # a few bytes overwritten
        b = bytearray(raw)
        for i in rnd.sample(range(len(b)), 3):
            b[i] = rnd.randrange(256)
        damaged.append(bytes(b))
    damaged += [b"", b"\x00" * 64, raw.decode().encode("utf-16"), b"\xef\xbb\xbf" + raw[1:]]
    outcomes = []
    for data in damaged:
        path.write_bytes(data)
        outcomes.append(_outcome(path))
        assert saves.slot_info(path)["state"] in ("ok", "broken")
    assert outcomes.count("refused") >= len(damaged) - 3  # a flipped byte in a name may pass
    with pytest.raises(saves.SaveError) as err:
        path.write_bytes(raw[:100])
        GameSession.load(path)
    assert err.value.prev == saves.prev_path(path)


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "iron-rice-bowl-save", "version": 1, "session": '
        + "[" * 50_000
        + "]" * 50_000
        + "}",
        '{"format": "iron-rice-bowl-save", "version": 1, "seed": 1' + "0" * 100_000 + "}",
        '{"format": "iron-rice-bowl-save", "version": NaN}',
        '{"format": "iron-rice-bowl-save", "version": 1, "session": {}, "summary": Infinity}',
        "[" * 100_000,
    ],
    ids=["deep nesting", "100,000 digits", "NaN", "Infinity", "unclosed nesting"],
)
def test_json_that_breaks_the_parser_is_a_damaged_save(tmp_path, text):
    path = tmp_path / "autosave.json"
    path.write_text(text, encoding="utf-8")
    assert _outcome(path) == "refused"
    assert saves.slot_info(path)["state"] == "broken"


def test_every_field_edited_to_a_wrong_value_is_refused_or_plays(tmp_path, good_doc):
    path = tmp_path / "slot.json"
    fields = [p for p in _paths(good_doc, 3) if p[0] in ("summary", "session")]
    fields += [p for p in _paths(good_doc["session"]["engine"], 2, ("session", "engine"))]
    fields = sorted(set(fields), key=str)
    counts = {"refused": 0, "plays": 0}
    text = json.dumps(good_doc)
    for field in fields:
        for value in WRONG:
            doc = json.loads(text)
            _set(doc, field, value)
            counts[_outcome(path) if _write(path, doc) is None else "?"] += 1
    # What still plays is a value the format allows (no scenario_ref, no events shown yet,
    # an empty section of the saved scenario, a long title).
    assert counts["refused"] > 0.9 * sum(counts.values()), counts
    print(f"{len(fields)} fields x {len(WRONG)} values: {counts}")


def test_an_edited_summary_is_checked_like_the_rest(tmp_path, good_doc):
    path = tmp_path / "slot.json"
    for key, value in (("month", "soon"), ("cash_yuan", "lots"), ("month", 10**9), ("title", [])):
        doc = copy.deepcopy(good_doc)
        doc["summary"][key] = value
        _write(path, doc, checksum=False)  # an edit outside the old checksum
        assert _outcome(path) == "refused"
        assert saves.slot_info(path)["state"] == "broken"
        _write(path, doc)  # and with the checksum recomputed
        assert saves.slot_info(path)["state"] == "broken"


def test_a_saved_scenario_cannot_reach_for_another_file(tmp_path, good_doc):
    path = tmp_path / "slot.json"
    doc = copy.deepcopy(good_doc)
    doc["session"]["scenario"]["extends"] = "/etc/passwd.yaml"
    _write(path, doc)
    with pytest.raises(saves.SaveError, match="extends"):
        GameSession.load(path)


def test_a_parameter_out_of_its_bounds_is_refused_like_in_a_file(tmp_path, good_doc):
    path = tmp_path / "slot.json"
    doc = copy.deepcopy(good_doc)
    doc["session"]["engine"]["params"]["policy"]["retraining_months"] = 400
    _write(path, doc)
    with pytest.raises(saves.SaveError) as err:
        GameSession.load(path)
    assert "retraining_months" in str(err.value) and "out of range" in str(err.value)
    assert ":session.engine.params.policy.retraining_months:" in err.value.located().replace(
        ": ", ":"
    )


def test_each_slot_fails_alone(tmp_path, good_doc):
    doc = copy.deepcopy(good_doc)
    _write(saves.slot_path(1), doc)
    saves.autosave_path().write_text("[" * 100_000, encoding="utf-8")
    saves.slot_path(2).write_text('{"seed": 1' + "0" * 100_000 + "}", encoding="utf-8")
    edited = copy.deepcopy(good_doc)
    edited["summary"]["cash_yuan"] = "lots"
    _write(saves.slot_path(3), edited, checksum=False)
    states = {
        p.name: saves.slot_info(p)["state"]
        for p in [saves.autosave_path()] + [saves.slot_path(n) for n in saves.SLOTS]
    }
    assert states == {
        "autosave.json": "broken",
        "slot1.json": "ok",
        "slot2.json": "broken",
        "slot3.json": "broken",
        "slot4.json": "empty",
        "slot5.json": "empty",
    }
    assert GameSession.load(saves.slot_path(1)).month == 2
