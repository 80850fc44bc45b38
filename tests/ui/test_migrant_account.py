"""A worker who goes to work away: the month's result counts the living costs the core spent
by (the family's at home) and the house built from the money sent home on its own row. A
play-test (Chinese, 150%) read "living costs -2,300" (the budget's, the worker counted) and no
house row, where the month's spending tip had said living ¥1,725, house ¥573."""

from __future__ import annotations

from game import i18n
from game.core.commands import ChoosePath
from game.session import GameSession, load_scenario
from game.ui.scenes.result import money_rows


def test_a_migrants_month_shows_the_familys_living_costs_and_the_house():
    i18n.set_language("en")
    s = GameSession.new(load_scenario("steel_town_2016"), seed=12579, autosave=False)
    assert s.submit(ChoosePath(s.player, "migrate")) == []
    built = 0
    for _ in range(3):
        outlook = s.spending_outlook()
        s.end_month()
        s.pending_events.clear()
        r = s.last_report
        account = s.account(r.month)
        rows = {key: round(v) for _label, v, _tone, key in money_rows(s, r)}
        assert sum(rows.values()) == round(account.shown_change)
        if account.cash_end > 0:
            assert abs(-rows["living"] - outlook["living"]) <= 1
            assert abs(-rows["house_building"] - outlook["house"]) <= 1
            assert (
                -rows.get("spending_above", 0)
                <= round(outlook["next_month"] - outlook["living"]) + 1
            )
            built += 1
    assert built
