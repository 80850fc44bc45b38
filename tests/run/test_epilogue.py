"""A year later: the ending plays the next twelve months of the same town and tells what
became of the loan, the guarantor and the insurance; no loan is renewed past the story's
end (issue 9, point 2)."""

from __future__ import annotations

import pytest

from game import epilogue, i18n
from game.core import commands as C
from game.core.state import Cert, Status
from game.session import GameSession


def borrower(seed: int, renew: bool) -> GameSession | None:
    """A run that borrows 40,000 for a motor-taxi; renews the loan when it falls due if asked
    (None: the bank would not renew it, the taxi not covering its costs)."""
    s = GameSession.new("steel_town_2016", seed=seed, autosave=False)
    h, st = s.player, s.engine.state
    s.submit(C.ChoosePath(h, "self_employ"))
    s.submit(C.ApplyForCertificate(h))
    s.end_month()
    st.cert[h] = Cert.GRANTED
    for c in s.guarantors():  # comfortable relatives: one of them says yes
        st.cash[c.household] = 1e6
        if not s.submit(C.ApplyForLoan(h, 40_000.0, c.household)) and s.facts()["has_loan"]:
            break
    assert s.facts()["has_loan"]
    s.submit(C.OpenBusiness(h, 4, -1))
    while not s.engine.done:
        s.pending_events.clear()
        f = s.facts()
        if renew and f["has_loan"] and f["loan_due_in_months"] == 1:
            if s.submit(C.ExtendLoan(h)):
                return None
        s.end_month()
    return s


def test_a_renewed_loan_meets_its_due_date_in_the_epilogue():
    runs = (borrower(seed, renew=True) for seed in range(3, 15))
    s = next((r for r in runs if r is not None), None)
    assert s is not None, "no taxi covered its costs when its loan fell due"
    assert s.facts()["has_loan"]  # renewed past the run's end ...
    due = int(s.engine.state.loan_due_month[s.player])
    assert s.params.months <= due <= epilogue.last_story_month(s)
    hash_before, month_before = s.engine.state_hash(), s.month
    e = epilogue.run(s)
    assert (s.engine.state_hash(), s.month) == (hash_before, month_before)  # the run is untouched
    assert e.months == epilogue.EPILOGUE_MONTHS
    assert e.loan_fate in ("repaid", "repaid_family", "defaulted")  # ... and its fate is told
    assert e.loan_due == due
    for lang in ("en", "zh"):
        i18n.set_language(lang)
        s.lang = lang
        lines = e.sentences(s)
        assert lines and all(text and "{" not in text for text, _tone in lines)
    i18n.set_language("en")


def test_no_renewal_past_the_story():
    s = GameSession.new("steel_town_2016", seed=2, autosave=False)
    h, st = s.player, s.engine.state
    st.loan_principal[h] = 20_000.0
    st.status[h], st.trade[h], st.profit_avg[h] = Status.SELF_EMPLOYED, 4, 1_000.0  # it pays
    st.month = s.params.months - 1  # the run's last month; a loan taken a year ago falls due
    st.loan_due_month[h] = s.params.months + 1  # in the epilogue, and a renewal would end after it
    reasons = s.submit(C.ExtendLoan(h))
    assert reasons and "renew" in reasons[0]
    assert int(st.loan_due_month[h]) == s.params.months + 1
    st.loan_due_month[h] = s.params.months - 1  # due now: renewed into the epilogue, allowed
    assert s.submit(C.ExtendLoan(h)) == []


def test_the_insurance_cliff_at_the_end_is_told():
    # Liu Min's 24 years at the mill bring 24 months of insurance; a day labourer draws it
    # every month (a business pauses it), so it ends in the run's last month
    s = GameSession.new("steel_town_2016", seed=4, autosave=False)
    s.submit(C.ChoosePath(s.player, "day_labour"))
    while not s.engine.done:
        s.pending_events.clear()
        s.end_month()
    e = epilogue.run(s)
    assert e.insurance_end == s.params.months - 1
    text = " ".join(x for x, _t in e.sentences(s))
    assert "insurance" in text


def test_a_business_keeps_its_insurance_months_and_the_ending_says_why():
    # Seed 7's motor-taxi still runs a year later: it draws no insurance while it trades, so
    # the ending says the months wait unclaimed, not that the insurance "still runs".
    i18n.set_language("en")
    s = borrower(seed=7, renew=False)
    assert s is not None
    e = epilogue.run(s)
    assert e.status_end == "self_employed" and e.insurance_left > 0
    text = " ".join(x for x, _t in e.sentences(s))
    assert "runs a registered business" in text
    assert "still has" not in text


@pytest.mark.parametrize("seed", [1, 6])
def test_standing_guarantor_is_followed_into_the_epilogue(seed):
    s = borrower(seed=seed, renew=False)
    s.engine.state.month -= 1  # stand for the newest loan in town before the run ends
    assert s.submit(C.StandAsGuarantor(s.player)) == []
    s.engine.state.month += 1
    e = epilogue.run(s)
    assert e.stood_for
    assert any("guarantor" in text for text, _t in e.sentences(s))


def test_a_guarantee_that_ended_in_the_story_is_still_told():
    """The player signed for a neighbour whose loan was repaid before the run ended: the
    year-later panel still says how it went (nobody came to the door)."""
    i18n.set_language("en")
    s = GameSession.new("steel_town_2016", seed=2, autosave=False)
    for _ in range(6):
        s.pending_events.clear()
        s.end_month()
    assert s.submit(C.StandAsGuarantor(s.player)) == []
    st = s.engine.state
    b = next(o["borrower"] for o in s.engine.outcomes if o["command"] == "stand_as_guarantor")
    st.loan_principal[b] = 0.0  # the neighbour repaid in full
    st.guarantor[b] = -1
    e = epilogue.run(s)
    assert e.stood_for and not e.called_as_guarantor
    assert (i18n.t("epilogue.stood_for.quiet"), "text") in e.sentences(s)
