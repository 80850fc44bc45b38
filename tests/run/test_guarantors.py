"""Guarantors: odds in words that hold the real chance, a refusal with a reason from the
guarantor's own situation, asking again after some months, new names, a closed door said
plainly (issue 9, point 3)."""

from __future__ import annotations

import numpy as np
import pytest

from game import guarantors, i18n, saves
from game.core import commands as C
from game.core.state import Cert, Status
from game.session import GameSession

FRACTION = {  # what each band's words say, as a probability
    "one_in_ten": 0.1,
    "one_in_five": 0.2,
    "one_in_three": 1 / 3,
    "even": 0.5,
    "two_in_three": 2 / 3,
}


def ready(seed: int = 5) -> GameSession:
    s = GameSession.new("steel_town_2016", seed=seed, autosave=False)
    h = s.player
    s.submit(C.ChoosePath(h, "self_employ"))
    s.submit(C.ApplyForCertificate(h))
    s.end_month()
    s.engine.state.cert[h] = Cert.GRANTED  # the certificate is not what these tests are about
    return s


def test_odds_words_hold_the_chance_they_name():
    bounds = [0.0] + [upper for upper, _k in guarantors.ODDS]
    for (upper, key), lower in zip(guarantors.ODDS, bounds, strict=False):
        if key in FRACTION:
            assert lower <= FRACTION[key] < upper, key
    for p in np.linspace(0, 1, 101):
        key = guarantors.odds_key(float(p))
        lower, upper = next(
            (lo, up) for (up, k), lo in zip(guarantors.ODDS, bounds, strict=False) if k == key
        )
        assert lower <= p < upper
    # on screen, the odds are the core's own chance
    s = ready()
    for c in s.guarantors():
        assert c.odds == guarantors.odds_key(c.chance)
        assert 0.0 <= c.chance <= 1.0


@pytest.mark.parametrize(
    ("change", "situation"),
    [
        ({"status": Status.MIGRATED}, "away"),
        ({"blacklisted": True}, "blacklisted"),
        ({"informal_debt": 4000.0}, "in_debt"),
        ({"cash_months": 0.2}, "no_savings"),
        ({"cash_months": 2}, "savings"),
        ({"cash_months": 4.5}, "savings_some"),
        ({"times_called": 2, "cash": 1e6}, "called"),
        ({"trust": 0.2, "cash": 1e6}, "trust"),
        ({"cash": 1e6}, "careful"),
    ],
)
def test_the_reason_comes_from_the_guarantors_situation(change, situation):
    s = ready()
    g = s.guarantors()[0].household
    st = s.engine.state
    st.informal_debt[g], st.blacklisted[g], st.times_called[g], st.trust[g] = 0, False, 0, 1.0
    st.status[g] = Status.WAGE_JOB
    from game.core.rules.household import living_cost

    for column, value in change.items():
        if column == "cash_months":  # savings as months of the guarantor's own living costs
            column, value = "cash", value * float(living_cost(s.params, st)[g])
        getattr(st, column)[g] = value
    c = next(c for c in s.guarantors() if c.household == g)
    assert c.situation == situation
    assert c.why() and "{" not in c.why()
    if situation in ("away", "blacklisted", "in_debt"):
        assert c.chance == 0.0 and c.odds == "none"


def refuse_all(s: GameSession) -> list[int]:
    """Ask everyone once; make sure they all say no (a refusal is what is tested)."""
    st = s.engine.state
    asked = []
    for c in s.guarantors():
        st.cash[c.household] = 0.0  # nothing to spare: willingness is zero
        s.submit(C.ApplyForLoan(s.player, 20_000.0, c.household))
        assert s.last_outcome["outcome"] == "guarantor_refused"
        asked.append(c.household)
    return asked


def test_a_refusal_says_why_and_when_to_ask_again():
    s = ready()
    first = refuse_all(s)[0]
    text = guarantors.refusal_text(s, first)
    c = next(c for c in s.guarantors() if c.household == first)
    assert c.why() in text and "{" not in text
    assert c.ask_again_month == s.month + guarantors.ASK_AGAIN_MONTHS
    log = [d.text() for d in s.decisions if d.key.startswith("decision.apply_for_loan")]
    assert c.name in log[0] and c.why() in log[0]
    # the same person cannot be asked again at once ...
    reasons = s.submit(C.ApplyForLoan(s.player, 20_000.0, first))
    assert reasons and c.name in reasons[0]
    kind, sentence = guarantors.loan_door(s)
    assert kind == "later" and sentence
    # ... but can be after the months have passed
    for _ in range(guarantors.ASK_AGAIN_MONTHS):
        s.end_month()
        s.pending_events.clear()
    assert s.reasons(C.ApplyForLoan(s.player, 20_000.0, first)) == []
    assert next(c for c in s.guarantors() if c.household == first).can_ask(s.month)


def test_asking_around_finds_new_names_once_a_month(tmp_path):
    s = ready()
    before = [c.household for c in s.guarantors()]
    refuse_all(s)
    assert s.look_for_guarantors() == []
    after = [c.household for c in s.guarantors()]
    new = after[len(before) :]
    assert after[: len(before)] == before
    assert len(new) == guarantors.NAMES_PER_ROUND and len(set(after)) == len(after)
    assert s.player not in after
    assert s.look_for_guarantors()  # once a month
    assert guarantors.loan_door(s)[0] == "open"  # the new names can be asked now
    path = tmp_path / "run.json"
    saves.save(s, path)
    assert [c.household for c in GameSession.load(path).guarantors()] == after


@pytest.mark.parametrize("closed", ["blacklisted", "certificate", "old", "off"])
def test_a_closed_door_is_said_plainly(closed):
    s = ready()
    st, h = s.engine.state, s.player
    if closed == "blacklisted":
        st.blacklisted[h] = True
    elif closed == "certificate":
        st.cert[h] = Cert.REFUSED
    elif closed == "old":
        st.age[h] = 61
    else:
        import dataclasses

        s.engine.params = dataclasses.replace(
            s.params, policy=dataclasses.replace(s.params.policy, loans_enabled=False)
        )
    for lang in ("en", "zh"):
        i18n.set_language(lang)
        kind, sentence = guarantors.loan_door(s)
        assert kind == "closed" and sentence and "{" not in sentence
    i18n.set_language("en")
