"""Saves: atomic JSON with a version and a checksum, the previous save kept, clear errors for
damaged files, and loading that continues a run bit for bit."""

from __future__ import annotations

import errno
import json
import os
import threading

import pytest

from game import i18n, saves, userdirs
from game.core.commands import (
    ApplyForCertificate,
    ApplyForLoan,
    ChoosePath,
    OpenBusiness,
    SetHours,
    SetPrice,
)
from game.core.state import Cert
from game.session import GameSession


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("IRB_DATA_DIR", str(tmp_path / "data"))
    i18n.set_language("en")
    return tmp_path / "data"


def month_commands(s: GameSession, k: int) -> None:
    """The same decisions every run makes in its k-th month after the save."""
    if s.facts()["has_business"]:
        s.submit(SetPrice(0, 11.0 + 0.25 * (k % 3)))
        s.submit(SetHours(0, 200.0 + 10 * k))


def started_run(seed: int = 7) -> GameSession:
    s = GameSession.new(None, seed=seed, autosave=False)
    s.submit(ChoosePath(0, "self_employ"))
    s.submit(ApplyForCertificate(0))
    s.engine.state.cash[0] = 60_000.0  # enough to open without the loan
    assert s.submit(OpenBusiness(0, 0, -1)) == []
    for k in range(3):
        month_commands(s, k)
        s.end_month()
    return s


def test_save_load_continue_equals_an_uninterrupted_run(tmp_path):
    a = started_run()
    path = tmp_path / "run.json"
    saves.save(a, path)
    b = GameSession.load(path)
    assert b.engine.state_hash() == a.engine.state_hash()
    assert b.month == a.month and b.seed == a.seed and b.decisions == a.decisions
    for k in range(3, 9):  # 6 more months, the same decisions
        month_commands(a, k)
        month_commands(b, k)
        a.end_month()
        b.end_month()
        assert b.engine.state_hash() == a.engine.state_hash(), f"diverged in month {a.month}"
    assert [r.to_dict() for r in b.history] == [r.to_dict() for r in a.history]


def test_a_loaded_session_keeps_pending_events_and_the_screen(tmp_path):
    s = GameSession.new("tests/data/good_minimal.yaml", seed=4, autosave=False)
    while not s.pending_events and s.month < 10:
        s.end_month()
    assert s.pending_events, "the minimal scenario's events fire within 10 months with seed 4"
    s.screen = "month"
    saves.save(s, tmp_path / "e.json")
    t = GameSession.load(tmp_path / "e.json")
    assert [e.id for e in t.pending_events] == [e.id for e in s.pending_events]
    assert t.show_event(t.pending_events[0]).text == s.show_event(s.pending_events[0]).text
    assert t.screen == "month" and t.title() == "A short test town"


def test_the_previous_save_is_kept(tmp_path):
    s = GameSession.new(None, seed=2, autosave=False)
    path = tmp_path / "slot.json"
    saves.save(s, path)
    first = path.read_bytes()
    s.end_month()
    saves.save(s, path)
    assert saves.prev_path(path).read_bytes() == first
    assert GameSession.load(saves.prev_path(path)).month == 0
    assert GameSession.load(path).month == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "slot.json",
        "slot.json.prev",
    ]  # no temp files left


def test_a_failed_write_leaves_the_old_save_untouched(tmp_path, monkeypatch):
    s = GameSession.new(None, seed=2, autosave=False)
    path = tmp_path / "slot.json"
    saves.save(s, path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        saves.save(s, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


@pytest.fixture
def two_saves(tmp_path):
    s = GameSession.new(None, seed=2, autosave=False)
    path = tmp_path / "slot.json"
    saves.save(s, path)
    s.end_month()
    saves.save(s, path)
    return path


def test_a_truncated_save_gives_a_message_and_offers_the_previous(two_saves):
    data = two_saves.read_bytes()
    two_saves.write_bytes(data[: len(data) // 2])
    with pytest.raises(saves.SaveError) as err:
        GameSession.load(two_saves)
    assert "damaged" in str(err.value) and str(two_saves) not in str(err.value)  # no file names
    assert err.value.located().startswith(f"{two_saves}:1:")  # ... but the terminal gets them
    assert err.value.prev == saves.prev_path(two_saves)
    assert GameSession.load(err.value.prev).month == 0


def test_a_garbled_save_is_caught_by_its_checksum(two_saves):
    doc = json.loads(two_saves.read_text(encoding="utf-8"))
    cash = doc["session"]["engine"]["state"]["columns"]["cash"]
    cash["hex"] = ("ff" if cash["hex"][:2] != "ff" else "00") + cash["hex"][2:]
    two_saves.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(saves.SaveError, match="checksum") as err:
        GameSession.load(two_saves)
    assert err.value.prev is not None


def test_binary_junk_and_empty_files(two_saves):
    two_saves.write_bytes(b"\x00\xff\xfe garbage \x89PNG")
    with pytest.raises(saves.SaveError, match="damaged"):
        GameSession.load(two_saves)
    two_saves.write_bytes(b"")
    with pytest.raises(saves.SaveError, match="empty"):
        GameSession.load(two_saves)


def test_wrong_version_and_not_a_save(two_saves):
    doc = json.loads(two_saves.read_text(encoding="utf-8"))
    doc["version"] = 99
    two_saves.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(saves.SaveError, match="another version") as err:
        GameSession.load(two_saves)
    assert "99" in str(err.value)
    two_saves.write_text('{"settings": true}', encoding="utf-8")
    with pytest.raises(saves.SaveError, match="not an Iron Rice Bowl save"):
        GameSession.load(two_saves)


def test_a_missing_save(tmp_path):
    with pytest.raises(saves.SaveError, match="There is no save here") as err:
        GameSession.load(tmp_path / "nothing.json")
    assert err.value.prev is None


def test_consistent_but_wrong_inside_is_a_save_error(two_saves):
    doc = json.loads(two_saves.read_text(encoding="utf-8"))
    del doc["session"]["engine"]["state"]
    doc["checksum"] = saves._payload_digest(doc["session"])
    two_saves.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(saves.SaveError, match="could not be restored"):
        GameSession.load(two_saves)


def test_slots_and_autosave_live_in_the_data_folder(data_dir):
    assert saves.autosave_path() == userdirs.autosave_path()
    assert saves.slot_path(3).parent == data_dir / "saves"
    with pytest.raises(ValueError):
        saves.slot_path(6)
    assert saves.slot_info(saves.slot_path(1)) == {"state": "empty"}
    s = GameSession.new(None, seed=2, autosave=False)
    saves.save(s, saves.slot_path(1))
    info = saves.slot_info(saves.slot_path(1))
    assert info["state"] == "ok" and info["month"] == 0 and info["seed"] == 2
    saves.slot_path(2).write_text("{", encoding="utf-8")
    assert saves.slot_info(saves.slot_path(2))["state"] == "broken"


@pytest.fixture
def in_background():
    """Autosaves written on the saves' thread, as while the game's window runs."""
    saves.write_in_background(True)
    yield
    saves.write_in_background(False)


def test_an_autosave_in_the_background_keeps_the_run_as_it_was_when_asked(in_background):
    s = GameSession.new(None, seed=5)
    s.submit(ChoosePath(0, "day_labour"))
    assert s.autosave()
    asked = s.engine.state_hash()
    s.autosave_enabled = False  # (the month's own autosave would overwrite it)
    s.end_month()  # the run moves on while the file is written
    s.autosave_enabled = True
    saves.wait_for_writes()
    saved = GameSession.load(saves.autosave_path())
    assert saved.month == 0 and saved.engine.state_hash() == asked
    assert s.saved_month == 0 and not s.unsaved
    for _ in range(3):  # several in a row (the month's own, then one more) land in order
        s.end_month()
        s.autosave()
    assert GameSession.load(saves.autosave_path()).month == s.month == 4  # load waits for them
    assert s.saved_month == 4


def test_an_autosave_written_in_the_background_is_not_kept_until_the_next(
    in_background, monkeypatch
):
    """Issue 17: once on disk, a save's snapshot (the run pickled, ~4 MB at 24 months) and its
    text are let go; the saves' thread kept the last ones until the next save."""
    import gc
    import weakref

    taken: list = []

    class Watched(saves.Snapshot):
        def __init__(self, session) -> None:
            super().__init__(session)
            taken.append(weakref.ref(self))

    monkeypatch.setattr(saves, "Snapshot", Watched)
    s = GameSession.new(None, seed=5)
    assert s.autosave()
    saves.wait_for_writes()
    gc.collect()
    assert len(taken) == 1 and taken[0]() is None
    assert GameSession.load(saves.autosave_path()).month == 0


def test_an_autosave_that_fails_in_the_background_says_why(in_background, monkeypatch):
    s = GameSession.new(None, seed=5)
    s.autosave()
    saves.wait_for_writes()

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(saves, "write_text", full)
    s.end_month()
    assert s.autosave()  # handed over: the failure comes a moment later
    saves.wait_for_writes()
    assert s.unsaved and s.autosave_reason == saves.failure_reason(OSError(errno.ENOSPC, ""))
    assert s.unsaved_since == 0 and not s.unsaved_told  # the screens tell the player now
    monkeypatch.undo()
    s.autosave()
    saves.wait_for_writes()
    assert not s.unsaved and s.saved_month == 1


# --- the autosave's text made on the saves thread, from a snapshot taken in the frame -----------


@pytest.fixture
def frozen_clock(monkeypatch):
    """Saves made at the same moment (the file holds the time it was asked for)."""
    monkeypatch.setattr(saves.time, "strftime", lambda *_a: "2026-12-07 03:00:00")


def run_with_a_loan_and_a_business() -> GameSession:
    """A few months into a run on the built-in town: a loan, a business, notes, plans."""
    s = GameSession.new("steel_town_2016", seed=41132, autosave=False)
    h, st = s.player, s.engine.state
    s.submit(ChoosePath(h, "self_employ"))
    s.submit(ApplyForCertificate(h))
    s.end_month()
    st.cert[h] = Cert.GRANTED
    for c in s.guarantors():
        st.cash[c.household] = 1e6
        if not s.submit(ApplyForLoan(h, 30_000.0, c.household)) and s.facts()["has_loan"]:
            break
    assert s.submit(OpenBusiness(h, 0, -1)) == []
    for k in range(3):
        month_commands(s, k)
        s.end_month()
    s.reflection = {"name": "Li Wei", "guesses": {"income": 900.0}}
    s.loan_wish = 30_000.0
    s.autosave_enabled = True
    assert s.facts()["has_loan"] and s.facts()["has_business"]
    return s


def test_the_saves_thread_writes_the_bytes_the_frame_would_have(
    tmp_path, in_background, frozen_clock
):
    s = run_with_a_loan_and_a_business()
    made_now = saves.save(s, tmp_path / "made_in_the_frame.json")
    assert s.autosave()
    saves.wait_for_writes()
    assert saves.autosave_path().read_bytes() == made_now.read_bytes()
    assert GameSession.load(saves.autosave_path()).engine.state_hash() == s.engine.state_hash()


def test_what_the_player_does_while_the_save_is_written_is_not_in_it(
    in_background, frozen_clock, monkeypatch
):
    s = run_with_a_loan_and_a_business()
    asked = saves.document_text(s)  # the run when the save is asked for
    month = s.month
    make_text, gate = saves.Snapshot.text, threading.Event()

    def held(snapshot):  # the saves thread starts on the text only when the gate opens
        assert gate.wait(60)
        return make_text(snapshot)

    monkeypatch.setattr(saves.Snapshot, "text", held)
    assert s.autosave()
    try:  # the player goes on meanwhile: the state's columns, a decision, the notes, a month
        s.engine.state.cash[s.player] += 1_000.0
        assert s.submit(SetPrice(s.player, 13.5)) == []
        s.reflection["guesses"]["income"] = 1_200.0
        s.autosave_enabled = False
        s.end_month()
    finally:
        gate.set()
    saves.wait_for_writes()
    assert saves.document_text(s) != asked  # (each of those changes what a save holds)
    assert saves.autosave_path().read_text(encoding="utf-8") == asked
    assert s.saved_month == month and not s.unsaved


def test_a_run_whose_text_cannot_be_made_on_the_thread_says_it_is_unsaved(in_background):
    s = GameSession.new(None, seed=5)
    assert s.autosave()
    saves.wait_for_writes()
    s.reflection = {"guesses": {1, 2}}  # a set: no JSON for it
    assert s.autosave()  # handed over: the failure comes a moment later, as a full disk's does
    saves.wait_for_writes()
    assert s.unsaved and s.autosave_reason == "save.failure.other" and s.unsaved_since == 0
    s.reflection = {}
    s.autosave()
    saves.wait_for_writes()
    assert not s.unsaved


def test_a_run_that_cannot_be_copied_is_saved_in_the_frame_as_before(in_background, frozen_clock):
    class Notes(dict):  # a class pickle cannot name; JSON writes it as any dict
        pass

    s = GameSession.new(None, seed=5)
    s.reflection = Notes(name="Li Wei")
    asked = saves.document_text(s)
    assert s.autosave()
    s.reflection["name"] = "Wang Fang"
    saves.wait_for_writes()
    assert saves.autosave_path().read_text(encoding="utf-8") == asked and not s.unsaved


def test_the_text_made_in_pieces_is_the_text_made_at_once():
    s = run_with_a_loan_and_a_business()
    s.reflection = {"name": "李伟 \u2028", "guesses": {"income": 900.0}, "empty": {}}
    data, shown = s.to_dict(), saves.summary(s)
    data["odd"] = {"ints": {3: "c", 1: "a"}, "nan": float("nan"), "deep": {"a": {"b": [1, {}]}}}
    made = saves._document_in_pieces(data, shown, "2026-12-07 03:00:00")
    assert made == saves._document(data, shown, "2026-12-07 03:00:00")
    assert json.loads(made)["checksum"] == saves._payload_digest(data, shown)


def test_the_frame_copies_the_engine_instead_of_writing_it_out(in_background, frozen_clock):
    s = run_with_a_loan_and_a_business()
    data, engine, _scenario = s.save_parts()
    assert data["engine"] is None and data["scenario"] is None and engine is s.engine
    snap = saves.Snapshot(s)
    s.engine.state.cash[s.player] += 1_000.0  # after the snapshot: not in it
    s.engine.state.cash[s.player] -= 1_000.0
    assert snap.text() == saves.document_text(s)
