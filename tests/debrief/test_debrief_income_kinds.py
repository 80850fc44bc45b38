"""The debrief summary names the kinds of other income the household really had: a household
on the minimum living guarantee (dibao) is not told its other income was "remittances, wages,
day labour" (a hand play-test in Chinese read "（汇款、工资、零工）" on a run living on dibao)."""

from __future__ import annotations

import pytest
from debrief_helpers import job_search_run

from game.debrief import story
from game.i18n import t
from game.session import GameSession


def dibao_run() -> GameSession:
    """A whole run of a household with no spouse's wage that only looked for a job: it lived on
    the insurance, the minimum living guarantee and what relatives lent."""

    def no_wage(s: GameSession) -> None:
        s.engine.state.spouse_income[s.player] = 0.0

    return job_search_run(start=no_wage)


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
