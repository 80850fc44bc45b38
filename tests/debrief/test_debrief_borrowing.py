"""A household that borrowed only from relatives and moneylenders borrowed: no sentence of the
debrief tells it that it did not borrow (a hand play-test owed relatives ¥9,311 and was told
"you did not borrow"), in English or Chinese."""

from __future__ import annotations

import pytest
from debrief_helpers import job_search_run

from game import i18n
from game.core.commands import BorrowInformally
from game.debrief import argument, story
from game.players import PathPlayer, Seat
from game.session import GameSession

FAMILY = 3000.0
# What "you did not borrow" reads like in each language (the sentences that say it).
NOT_BORROWED = {
    "en": ("did not borrow", "never had to borrow"),
    "zh": ("没有借钱", "从来不用向亲戚或放贷人借钱"),
}


def family_only_run() -> GameSession:
    """A whole run that looked for a job, took no bank loan and borrowed from relatives in its
    first month."""

    def borrow(s: GameSession) -> None:
        assert s.submit(BorrowInformally(s.player, FAMILY)) == []

    return job_search_run(first_month=borrow)


@pytest.fixture(scope="module")
def run():
    return family_only_run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_run_that_borrowed_only_from_relatives_is_never_told_it_did_not_borrow(run, lang):
    assert not any(e["command"] == "apply_for_loan" for e in run.engine.command_log)
    i18n.set_language(lang)
    try:
        panels = argument.panels(run)
        text = "\n".join(
            [p["numbers"] for p in panels]
            + [c for p in panels for c in p["complications"]]
            + [b.text for b in story.beats(run)]
        )
        for words in NOT_BORROWED[lang]:
            assert words not in text
        # the claim says what it borrowed, and from whom
        assert i18n.yuan(FAMILY) in panels[0]["numbers"]
        assert story.borrowed(run) == {"bank": 0.0, "family": pytest.approx(FAMILY)}
    finally:
        i18n.set_language("en")


def played(path: str) -> GameSession:
    """A whole run that takes `path` in its first month, as `PathPlayer` plays it."""
    s = GameSession.new("steel_town_2016", seed=3, autosave=False)
    s.pending_events.clear()
    p = PathPlayer(path, trade=None, entry_month=0)
    while not s.over:
        p.act(Seat.of(s))
        s.end_month()
        for ev in list(s.pending_events):
            s.choose(ev, p.choose(Seat.of(s), ev))
    return s


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_run_that_borrowed_from_the_bank_and_relatives_is_told_both(lang):
    s = played("self_employ")  # opened on relatives' money, then the bank's loan came
    got = story.borrowed(s)
    assert got["bank"] > 0 and got["family"] > 0
    i18n.set_language(lang)
    try:
        claim = argument.panels(s)[0]["numbers"]
        assert i18n.yuan(got["bank"]) in claim and i18n.yuan(got["family"]) in claim
    finally:
        i18n.set_language("en")
