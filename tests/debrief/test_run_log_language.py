"""The run's log (the debrief summary's "What you decided", the story step, the report) is in
the language shown now: a run played in English reads in Chinese after the student switches,
and back, because each decision keeps codes and numbers, put in words when shown. A save
made before that change still opens and reads in the language shown now where its words can
be turned back into keys."""

from __future__ import annotations

import copy
import re

import pytest

from game import i18n, saves
from game.core.commands import ApplyForCertificate, ApplyForLoan, ChoosePath
from game.core.neighbours import guarantor_candidates
from game.core.state import Cert
from game.debrief import scripted, story
from game.i18n import t
from game.session import Decision, GameSession

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
HAN = re.compile(r"[\u4e00-\u9fff]")
_RUN: list = []


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


def played_in_english() -> GameSession:
    """A 24-month run played in English (a path, a loan from a lender, a stall, 11 events)."""
    if not _RUN:
        i18n.set_language("en")
        _RUN.append(scripted.play("steel_town_2016", seed=3))
    return copy.deepcopy(_RUN[0])


def decisions_shown(session) -> list[str]:
    return [m.text for m in story.timeline(session) if m.decision]


def test_a_run_played_in_english_reads_in_chinese_after_the_switch_and_back():
    s = played_in_english()
    english = decisions_shown(s)
    assert "Chose a path: " + t("path.self_employ.title") in english
    i18n.set_language("zh")
    chinese = decisions_shown(s)
    assert "选择了出路：" + t("path.self_employ.title") in chinese
    assert any("面摊" in line for line in chinese)  # the trade, and each event's answer
    assert [line for line in chinese if LATIN_WORD.search(line)] == []
    i18n.set_language("en")
    assert decisions_shown(s) == english


def test_a_save_made_before_the_change_opens_and_follows_the_language(tmp_path):
    """The words an older version kept (the path's title, the bank's answer, an event's
    answer in English only) are shown in the language chosen now."""
    s = played_in_english()
    for d in s.decisions:  # as the version before kept them
        v = d.values
        if "path" in v:
            v["path_name"] = "Start a business"
        for lang in ("en", "zh"):
            v.pop(f"label_{lang}", None)
    s.decisions.append(
        Decision(s.month, "decision.extend_loan", {"outcome": "the bank lent the money"})
    )
    path = tmp_path / "old.json"
    saves.save(s, path)
    loaded = GameSession.load(path)
    i18n.set_language("zh")
    chinese = decisions_shown(loaded)
    assert "选择了出路：" + t("path.self_employ.title") in chinese
    assert t("decision.extend_loan", outcome=t("outcome.loan_granted")) in chinese
    assert [line for line in chinese if LATIN_WORD.search(line)] == []


def test_a_guarantors_refusal_is_told_in_the_language_shown_now():
    i18n.set_language("en")
    s = GameSession.new(None, seed=3, autosave=False)  # a seed whose first ask is refused
    s.submit(ChoosePath(0, "self_employ"))
    s.submit(ApplyForCertificate(0))
    while s.engine.state.cert[0] == Cert.PENDING and s.month < 6:
        s.end_month()
    if s.engine.state.cert[0] != Cert.GRANTED:
        pytest.skip("no certificate with this seed")
    for cand in guarantor_candidates(s.engine, 0):
        if s.submit(ApplyForLoan(0, 20_000.0, cand.household)):
            continue
        if s.last_outcome["outcome"] == "guarantor_refused":
            break
    else:
        pytest.skip("nobody refused with this seed")
    refusal = s.decisions[-1]
    assert refusal.key == "decision.apply_for_loan.refused"
    english = refusal.text(s)
    i18n.set_language("zh")
    chinese = refusal.text(s)
    assert s.name_of(cand.household) in chinese and HAN.search(chinese)
    assert not LATIN_WORD.search(chinese), chinese
    i18n.set_language("en")
    assert refusal.text(s) == english
