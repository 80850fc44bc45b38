"""The ending shows two moments: the household at the run's end, and "a year later" (the
town played on). A play-tester read "cash ¥0, owes ¥9,576" a year later beside "cash minus
debts ¥6,772" at the run's end as a contradiction. Each figure drawn on the window is checked
here against the engine's own household state at the moment its words name (the year later
played again from a copy of the run, not read from the epilogue), and cash, debts and cash
minus debts add up as shown."""

from __future__ import annotations

import dataclasses
import json
import re

from text_probe import TextProbe, measure_frame
from ui_helpers import frames

from game import i18n, words
from game.players.autoplay import AutoplayPlayer
from game.players.play import new_session, play
from game.session import GameSession
from game.ui.settings import Settings

YUAN = re.compile(r"(-?)¥([\d,]+)")


def amounts(text: str) -> list[int]:
    return [int(sign + digits.replace(",", "")) for sign, digits in YUAN.findall(text)]


def money_at(session) -> tuple[int, int, int]:
    """(cash, owed to family and lenders, owed to the bank) in whole yuan, from the engine."""
    st, h = session.engine.state, session.player
    return (
        round(float(st.cash[h])),
        round(float(st.informal_debt[h])),
        round(float(st.loan_principal[h])),
    )


def a_year_on(session) -> GameSession:
    """The same run played twelve months further by the engine, the household as it was."""
    copy = GameSession.from_dict(json.loads(json.dumps(session.to_dict())))
    copy.engine.params = dataclasses.replace(copy.params, months=copy.params.months + 12)
    copy.autosave_enabled = False
    for _ in range(12):
        copy.end_month()
        copy.pending_events.clear()
    return copy


def row_value(inks, label: str) -> str:
    """The value drawn on the same line as a row's label, at the panel's right."""
    (lab,) = [i for i in inks if i.text == label]
    same = [
        i
        for i in inks
        if i is not lab
        and abs(i.rect.centery - lab.rect.centery) < 4
        and i.rect.right < 640  # the left panel's (the right one asks questions)
    ]
    return max(same, key=lambda i: i.rect.right).text


def test_the_endings_figures_are_the_runs_own_at_the_moments_they_name(make_app):
    i18n.set_language("en")
    # Seed 1's autoplay stood guarantor for a neighbour: called in the year after the run,
    # the household ends it with no cash and deep in debt, far from its figures at the end
    s = new_session("steel_town_2016", seed=1)
    play(s, AutoplayPlayer())
    assert s.engine.done
    cash, informal, loan = money_at(s)
    later = a_year_on(s)
    cash2, informal2, loan2 = money_at(later)
    assert cash2 - informal2 - loan2 != cash - informal - loan  # two moments, two figures

    from game.ui.widgets import text as tx

    tx._fonts.clear()
    app = make_app(Settings(window_size=(1280, 720), ui_scale=1.0, language="en"))
    app.open("ending", session=s)
    frames(app, 30)
    with TextProbe() as probe:
        app.top._painted_for = None  # painted again under the probe
        app.top._build()
        measure_frame(app, 2)
        assert not probe.problems(app), probe.problems(app)
    inks = [i for i in app.window_records if i.rect.w and i.rect.h]

    # The household panel: the run's end, named in its title, its money adding up
    end = words.calendar(s, s.params.months - 1)
    assert amounts(row_value(inks, "Cash")) == [cash]
    assert amounts(row_value(inks, "Debts")) == [informal, loan]
    assert amounts(row_value(inks, "Cash minus debts")) == [cash - informal - loan]

    # A year later: its own month, its own cash and debts, and the run's end said again
    when = words.calendar(s, s.params.months + 11)
    (title,) = [i for i in inks if end in i.text and "run's end" in i.text]
    panel = [i for i in inks if i.rect.bottom < title.rect.y]  # the year later, above
    lines = sorted(panel, key=lambda i: (i.rect.y, i.rect.x))
    text = " ".join(i.text for i in lines)
    start = text.index(f"{when}:")
    sentence = text[start:]
    assert f"({end})" in sentence
    debt2 = informal2 + loan2
    assert amounts(sentence) == [
        cash2,
        debt2,
        informal2,
        loan2,
        cash2 - debt2,
        cash - informal - loan,
    ]
