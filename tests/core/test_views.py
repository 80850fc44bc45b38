"""The views (game/core/views.py) say what the state says, by the core's own rules, and travel
as JSON: what a screen, the debrief or a remote seat reads of the town."""

from __future__ import annotations

import json

import pytest

from game.core import commands as C
from game.core import views
from game.core.state import Cert, Status
from game.players import Seat
from game.session import GameSession


@pytest.fixture(scope="module")
def open_business() -> GameSession:
    """A run whose player opened a noodle stall on a loan in the second month."""
    s = GameSession.new("steel_town_2016", seed=41132, autosave=False)
    h, st = s.player, s.engine.state
    s.submit(C.ChoosePath(h, "self_employ"))
    s.submit(C.ApplyForCertificate(h))
    s.end_month()
    s.pending_events.clear()
    st.cert[h] = Cert.GRANTED
    for c in s.guarantors():
        st.cash[c.household] = 1e6
        if not s.submit(C.ApplyForLoan(h, 30_000.0, c.household)) and s.facts()["has_loan"]:
            break
    assert not s.submit(C.OpenBusiness(h, 0, -1))
    return s


def test_the_household_view_is_the_households_state(open_business):
    s = open_business
    st, h = s.engine.state, s.player
    v = s.household()
    assert v.status == Status(st.status[h]).name.lower() == "self_employed"
    assert v.cash == float(st.cash[h]) and v.price == float(st.price[h])
    assert v.trade == 0 and v.has_loan and v.loan_principal == float(st.loan_principal[h])
    assert v.skill == tuple(float(x) for x in st.skill[h])
    assert v.month == s.month


def test_a_price_the_market_view_allows_is_one_the_command_takes(open_business):
    s = open_business
    m = s.market(0)
    h = s.player
    assert not C.SetPrice(h, m.max_price).validate(s.engine)
    assert C.SetPrice(h, m.max_price + 0.01).validate(s.engine)
    assert C.SetPrice(h, m.unit_cost - 0.01).validate(s.engine)
    assert m.min_price >= m.unit_cost
    assert m.sellers >= 1  # the player at least


def test_the_seat_and_the_session_read_the_same_business(open_business):
    b = open_business.business()
    assert b is not None and b == Seat.of(open_business).business()
    assert b.trade == 0 and b.start_up == open_business.market(0).start_up


def test_no_business_no_business_view():
    s = GameSession.new("steel_town_2016", seed=2, autosave=False)
    assert s.business() is None and s.household().trade == -1


def test_every_view_travels_as_json(open_business):
    s = open_business
    eng, h = s.engine, s.player
    for v in (
        s.household(),
        s.market(0),
        s.business(),
        s.town(),
        views.budget(eng, h),
        views.path_preview(eng, h),
        views.spending_outlook(eng, h),
    ):
        d = v.to_dict()
        assert json.loads(json.dumps(d)) == d, type(v).__name__


def test_the_spending_outlook_counts_the_house_the_town_builds_next_month(monkeypatch):
    # The house built from the money sent home is spent with the living costs: a screen that
    # worked it out itself (each trade's share of the remittances) could drift from the rule.
    from game.core.rules import household

    s = GameSession.new("steel_town_2016", seed=1, autosave=False)
    eng = s.engine
    st = eng.state
    st.cash[:] = 1e6  # nobody short: every household builds all it means to
    outlooks = [views.spending_outlook(eng, h) for h in range(st.n)]
    assert s.spending_outlook()["house"] == outlooks[s.player].house_building_yuan > 0
    budget, seen = household.household_budget, {}

    def watched(p, st, ctx):
        out = budget(p, st, ctx)
        seen["built"] = float(ctx.pool_sources["building_total"][0])
        return out

    monkeypatch.setattr(household, "household_budget", watched)
    eng.end_month()
    built = seen["built"]
    assert built > 0
    assert sum(o.house_building_yuan for o in outlooks) == pytest.approx(built, rel=1e-9)
