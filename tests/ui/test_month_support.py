"""Sessions at the points the in-run screens need (set up through the core, as a player's
commands), shared by test_month.py and test_inrun.py. No tests here."""

from __future__ import annotations

import pytest

from game.core import commands as C
from game.core.neighbours import guarantor_candidates
from game.session import GameSession, fallback_scenario


def fresh_session(seed: int = 3, scenario=None) -> GameSession:
    """A run just after the layoff. By default the default town with no scripted events, so a
    test sees only the events it adds."""
    s = GameSession.new(
        scenario if scenario is not None else fallback_scenario(), seed=seed, autosave=False
    )
    s.pending_events.clear()
    return s


def end_months(s: GameSession, n: int) -> None:
    for _ in range(n):
        s.end_month()
    s.pending_events.clear()


def certified_session(seed: int = 3) -> GameSession:
    """A household on the self-employment path whose certificate came through (the first seed
    from `seed` where it does), two months in: the loan office is open to it."""
    for k in range(20):
        s = fresh_session(seed + k)
        assert s.submit(C.ChoosePath(s.player, "self_employ")) == []
        assert s.submit(C.ApplyForCertificate(s.player)) == []
        end_months(s, 2)
        if s.facts()["certificate"] == "granted":
            break
    assert s.facts()["certificate"] == "granted"
    return s


def business_session(
    seed: int = 3, months: int = 1, amount: float = 30_000.0, trade: int = 0
) -> GameSession:
    """A household that took the loan and opened a stall (the first seed from `seed` whose
    certificate comes through)."""
    s = certified_session(seed)
    h = s.player
    for cand in guarantor_candidates(s.engine, h):
        s.submit(C.ApplyForLoan(h, amount, cand.household))
        if s.facts()["has_loan"]:
            break
    assert s.facts()["has_loan"]
    assert s.submit(C.OpenBusiness(h, trade, -1)) == []
    end_months(s, months)
    return s


def open_month(app, session):
    from ui_helpers import frames

    scene = app.open("month", session=session)
    frames(app, 4)
    return scene


@pytest.fixture(autouse=True)
def fresh_widget_fonts():
    """Each test's app restarts pygame: the widgets' cached fonts from a closed app are dead."""
    from game.ui.widgets import text as tx

    tx._fonts.clear()
