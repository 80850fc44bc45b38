"""The debrief summary names the kinds of other income the household really had: a household
on the minimum living guarantee (dibao) is not told its other income was "remittances, wages,
day labour" (a hand play-test in Chinese read "（汇款、工资、零工）" on a run living on dibao)."""

from __future__ import annotations

import pytest

from game.debrief import story
from game.i18n import t
from game.players import PathPlayer, Seat
from game.session import GameSession


def dibao_run() -> GameSession:
    """A whole run of a household with no spouse's wage that only looked for a job: it lived on
    the insurance, the minimum living guarantee and what relatives lent."""
    s = GameSession.new("steel_town_2016", seed=3, autosave=False)
    s.engine.state.spouse_income[s.player] = 0.0
    s.pending_events.clear()
    p = PathPlayer("job_search", trade=None, entry_month=0)
    while not s.over:
        p.act(Seat.of(s))
        s.end_month()
        for ev in list(s.pending_events):
            s.choose(ev, p.choose(Seat.of(s), ev))
    return s


@pytest.fixture(scope="module")
def run():
    return dibao_run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_summary_names_only_the_other_income_the_household_had(make_app, run, lang):
    app = make_app(lang=lang)
    scene = app.open("debrief_summary", session=run)
    text = scene._income_text()
    assert t("debrief_summary.kind.dibao") in text
    for kind in ("remittances", "wages", "day_labour", "pension", "stipend"):
        assert t(f"debrief_summary.kind.{kind}") not in text, kind
    assert story.other_income_kinds(run) == ["dibao"]
