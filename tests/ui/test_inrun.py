"""The screens of a run after the month screen: result (with its causes), events, loan due,
charts, ending, debrief summary; each opens headless, runs frames, and every button and key
does what it says. Plus: every string these screens show is translated."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pygame
import pytest
from test_month_support import (  # noqa: F401
    business_session,
    end_months,
    fresh_session,
    fresh_widget_fonts,
    open_month,
)
from ui_helpers import buttons, click, element, frames, press

from game import i18n
from game.core.report import NOTE_CAUSES
from game.i18n import t
from game.scenario.schema import Event
from game.ui.scenes import rows as mp
from game.ui.scenes.result import money_rows

ROOT = Path(__file__).resolve().parents[2]
MY_FILES = [
    "month.py",
    "rows.py",
    "result.py",
    "event.py",
    "loan_due.py",
    "charts.py",
    "ending.py",
    "debrief_summary.py",
]


def top_name(app) -> str:
    return type(app.top).__name__


def cousin_event() -> Event:
    return Event.model_validate(
        {
            "id": "test_cousin",
            "title": "Your cousin needs help",
            "text": "Your cousin {cousin} lost her job in the same wave as you and asks to borrow money for "
            "her son's school fees.",
            "people": [
                {"role": "cousin", "name": "Wang Fang", "age": 44, "relation": "your cousin"}
            ],
            "choices": [
                {
                    "label": "Lend her 2,000 yuan",
                    "consequence": "Your cash falls by 2,000 yuan now.",
                    "effects": [
                        {"command": "event_payment", "amount_yuan": -2000, "reason": "cousin"}
                    ],
                },
                {
                    "label": "Lend her 500 yuan",
                    "consequence": "500 yuan less cash.",
                    "effects": [
                        {"command": "event_payment", "amount_yuan": -500, "reason": "cousin"}
                    ],
                },
                {
                    "label": "Say you cannot",
                    "consequence": "You keep your cash; things are cooler between you.",
                },
            ],
        }
    )


def add_event(s, ev: Event) -> None:
    s.pending_events.append(ev)
    s.event_facts[ev.id] = s.facts()


# ---- the result -------------------------------------------------------------------------


def test_result_adds_up_and_explains_the_month(app):
    s = business_session(months=2)
    start = s.month
    scene = open_month(app, s)
    press(app, pygame.K_e, n_frames=4)
    assert top_name(app) == "ResultScene"
    result = app.top
    r = result.report
    assert r is s.last_report
    account = s.account(r.month)
    for max_rows in (None, 3):  # folded to fit or not, the table adds up to the change in cash
        total = sum(v for _label, v, _tone, _key in money_rows(s, r, max_rows))
        # in the whole yuan shown: the cash shown now less the cash shown at the start
        assert total == round(account.cash_end) - round(account.cash_start)
        assert total == pytest.approx(account.cash_end - account.cash_start, abs=1.0)
    assert account.cash_end == pytest.approx(r.cash)
    assert r.revenue - (r.revenue - r.profit) == pytest.approx(r.profit)
    for code, values in r.causes:
        text = mp.cause_text(s, code, values)
        assert not text.startswith("cause.") and "{" not in text
    frames(app, 4)
    assert not result.chores  # autosave and the street's repaint ran, one a frame
    click(app, element(result, "charts"))
    assert top_name(app) == "ChartsScene"
    press(app, pygame.K_ESCAPE)
    assert app.top is scene
    press(app, pygame.K_e, n_frames=4)
    press(app, pygame.K_c)  # C on the result opens the charts too
    assert top_name(app) == "ChartsScene"
    press(app, pygame.K_c)
    press(app, pygame.K_e, n_frames=4)
    click(app, element(app.top, "continue"))
    assert app.top is scene
    press(app, pygame.K_e, n_frames=4)
    press(app, pygame.K_ESCAPE)  # Esc closes the result as well
    assert app.top is scene and s.month == start + 4


def test_an_event_after_a_month_covers_this_months_numbers_not_last_months(app):
    """The screen under a dialog is one still picture of its next frame: numbers still counting
    up from last month would stay at last month's value beside an event about this month
    (found playing by hand: 29 sellers behind an event that spoke of 34)."""
    s = business_session(months=2)
    scene = open_month(app, s)
    for with_event in (False, True):
        press(app, pygame.K_e, n_frames=4)
        assert top_name(app) == "ResultScene"
        if with_event:
            add_event(s, cousin_event())
        press(app, pygame.K_ESCAPE, n_frames=3)
        counting = [p for p in scene.panels if p.counter.running]
        if not with_event:
            assert app.top is scene and counting  # the month's numbers count up, as ever
            frames(app, 120)
        else:
            assert top_name(app) == "EventScene" and not counting
            for panel in scene.panels:  # under the dialog, each number is this month's
                for row in getattr(panel, "rows", []):
                    shown, _tint = panel.counter.value(row)
                    assert shown == row.value


def test_every_cause_reads_as_a_sentence():
    s = business_session(months=1)
    samples = {
        "new_entrants": {"count": 3, "sellers": 9},
        "neighbours_closed": {"count": 1},
        "demand_change": {"change": -0.08, "why": "remittances"},
        "loss": {"profit": -420.5},
        "loan_due_soon": {"due_month": 14, "principal": 30000.0},
    }
    for code in [*NOTE_CAUSES, *samples]:
        text = mp.cause_text(s, code, samples.get(code, {}))
        assert i18n.has_key(f"cause.{code}", "en"), code
        assert text and "{" not in text and not text.startswith("cause."), (code, text)
    assert "-" not in mp.cause_text(
        s, "loss", {"profit": -420.5}
    )  # "You lost ¥420.50", not "lost -¥..."
    assert mp.cause_text(s, "neighbours_closed", {"count": 1}) == t("cause.neighbours_closed.one")
    for why in ("remittances", "layoffs", "town_income"):
        assert why not in mp.cause_text(s, "demand_change", {"change": 0.05, "why": why})


# ---- events ------------------------------------------------------------------------------


def test_an_event_asks_before_the_month_and_a_key_chooses(app):
    s = fresh_session()
    add_event(s, cousin_event())
    cash = float(s.engine.state.cash[s.player])
    scene = open_month(app, s)
    frames(app, 2)
    assert top_name(app) == "EventScene"
    ev = app.top
    assert "Wang Fang" in ev.shown.text  # the people are named
    assert set(buttons(ev)) == {"choice_0", "choice_1", "choice_2"}
    press(app, pygame.K_ESCAPE)  # the household must answer
    assert app.top is ev
    press(app, pygame.K_2)  # too soon: a key held from the screen before is not an answer
    assert app.top is ev and s.pending_events
    frames(app, 40)
    for key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
        press(app, key)  # no choice has the focus: Enter answers nothing
        assert app.top is ev and s.pending_events
    press(app, pygame.K_2)
    assert app.top is scene and not s.pending_events
    assert float(s.engine.state.cash[s.player]) == pytest.approx(cash - 500)
    assert s.decisions[-1].key == "decision.event"


def test_an_event_choice_by_mouse_and_end_month_waits_for_events(app):
    s = fresh_session()
    scene = open_month(app, s)
    add_event(s, cousin_event())
    press(app, pygame.K_e)  # events first: the month does not end
    assert s.month == 0
    frames(app, 2)
    assert top_name(app) == "EventScene"
    frames(app, 40)  # the event takes input once it has faded in
    click(app, element(app.top, "choice_2"))
    assert app.top is scene and s.pending_events == []


# ---- the loan falls due ------------------------------------------------------------------


def loan_due_session(months_to_due: int = 0):
    s = business_session(months=1)
    st, h = s.engine.state, s.player
    end_months(s, int(st.loan_due_month[h]) - s.month - months_to_due)
    return s


def test_loan_due_shows_when_the_loan_falls_due_and_explains_default(app):
    s = loan_due_session(1)
    scene = open_month(app, s)
    frames(app, 2)
    assert top_name(app) == "LoanDueScene"
    due = app.top
    assert set(buttons(due)) == {"repay", "extend", "let_it"}
    guarantor = s.name_of(int(s.engine.state.guarantor[s.player]))
    assert guarantor in t("loan_due.process.guarantor", guarantor=guarantor)
    press(app, pygame.K_ESCAPE)  # let it fall due: back to the month, not shown again this month
    assert app.top is scene
    frames(app, 3)
    assert app.top is scene


def test_loan_due_extend_then_repay(app):
    s = loan_due_session(0)
    st, h = s.engine.state, s.player
    st.profit_avg[h] = max(
        float(st.profit_avg[h]), 500.0
    )  # test set-up: the stall covers its costs
    due_before = int(st.loan_due_month[h])
    open_month(app, s)
    frames(app, 2)
    assert top_name(app) == "LoanDueScene"
    press(app, pygame.K_x)  # extend, once
    assert int(st.loan_due_month[h]) == due_before + s.params.policy.loan_extension_months
    s2 = loan_due_session(0)
    st2, h2 = s2.engine.state, s2.player
    st2.cash[h2] = st2.loan_principal[h2] + 1000.0  # test set-up: enough cash to repay
    app.clear_to(type(app.stack[0])(app))
    open_month(app, s2)
    frames(app, 2)
    assert top_name(app) == "LoanDueScene" and element(app.top, "repay").is_enabled
    press(app, pygame.K_r)
    assert st2.loan_principal[h2] == 0.0 and top_name(app) == "MonthScene"


def test_loan_due_repay_by_mouse_and_let_it_by_click(app):
    s = loan_due_session(1)
    open_month(app, s)
    frames(app, 2)
    click(app, element(app.top, "let_it"))
    assert top_name(app) == "MonthScene"
    s2 = loan_due_session(1)
    app.clear_to(type(app.stack[0])(app))
    open_month(app, s2)
    frames(app, 2)
    owed = float(s2.engine.state.loan_principal[s2.player])
    click(app, element(app.top, "repay"))
    assert float(s2.engine.state.loan_principal[s2.player]) < owed


# ---- charts -------------------------------------------------------------------------------


def test_charts_tabs_keys_and_readout(app):
    s = business_session(months=4)
    app.open("charts", session=s)
    frames(app, 2)
    charts = app.top
    titles = set()
    for i, tab in enumerate(("sellers", "price", "profit", "income", "debt")):
        press(app, pygame.K_1 + i)
        assert charts.tab == tab and charts.focus.focused.name == f"tab_{tab}"
        assert charts.chart.series and charts.chart.n_months > 0
        titles.add(charts.chart.title)
    assert len(titles) == 5
    click(app, element(charts, "tab_sellers"))
    assert charts.tab == "sellers"
    press(app, pygame.K_LEFT)
    first = charts.month
    press(app, pygame.K_LEFT)
    assert charts.month == first - 1
    press(app, pygame.K_RIGHT)
    assert charts.month == first
    plot = charts.chart.rect
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEMOTION, {"pos": plot.center, "rel": (0, 0), "buttons": (0, 0, 0)}
        )
    )
    frames(app, 2)
    assert charts.month is not None
    mine = [x for x in charts.chart.series if t("charts.yours", trade=s.trade_name(0)) == x.name]
    assert mine  # the player's trade is named in the legend
    click(app, element(charts, "back"))
    assert top_name(app) == "TitleScene"


# ---- the ending and the debrief ------------------------------------------------------------


def test_ending_debrief_charts_and_title(app):
    s = business_session(months=1)
    end_months(s, s.params.months - s.month)
    open_month(app, s)
    frames(app, 2)
    assert top_name(app) == "EndingScene"
    ending = app.top
    assert set(buttons(ending)) == {"debrief", "charts", "title"}
    assert ending.street_info["sellers_end"] >= 0 and ending.street.lots
    press(app, pygame.K_c)
    assert top_name(app) == "ChartsScene" and app.top.tab == "income"
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_d)
    assert top_name(app) == "DebriefSummaryScene"
    debrief = app.top
    assert len(debrief.moments) > 3 and debrief.moments[0].decision
    assert (
        len(
            [
                m
                for m in debrief.moments
                if m.text == t("cause.borrowed_informally", rate=i18n.percent(0.03))
            ]
        )
        <= 1
    )  # no repeats
    questions = debrief.moments and __import__(
        "game.ui.scenes.debrief_summary", fromlist=["questions"]
    ).questions(s)
    assert len(questions) == 3 and all(q.strip() for q in questions)
    press(app, pygame.K_PAGEDOWN)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, {"x": 0, "y": 1, "flipped": False}))
    frames(app, 2)
    press(app, pygame.K_c)
    assert top_name(app) == "ChartsScene"
    press(app, pygame.K_ESCAPE)
    click(app, element(debrief, "back"))
    assert app.top is ending
    click(app, element(ending, "debrief"))
    press(app, pygame.K_ESCAPE)
    assert app.top is ending
    press(app, pygame.K_d)
    if "full" in buttons(app.top):  # the fuller debrief screen, when the game has it
        click(app, element(app.top, "full"))
        assert top_name(app) == "DebriefScene"
        app.pop()
        frames(app, 2)
    press(app, pygame.K_t)
    assert top_name(app) == "TitleScene" and len(app.stack) == 1


def test_ending_title_button_and_esc(app):
    s = fresh_session()
    end_months(s, s.params.months)
    open_month(app, s)
    frames(app, 2)
    assert top_name(app) == "EndingScene"
    click(app, element(app.top, "title"))
    assert top_name(app) == "TitleScene"
    open_month(app, s)
    frames(app, 2)
    press(app, pygame.K_ESCAPE)
    assert top_name(app) == "TitleScene"


# ---- every string is translated -------------------------------------------------------------


def test_every_key_these_screens_use_is_in_english():
    en = json.loads((ROOT / "assets/i18n/en.json").read_text(encoding="utf-8"))
    missing = []
    for name in MY_FILES:
        src = (ROOT / "game/ui/scenes" / name).read_text(encoding="utf-8")
        for key in re.findall(r'\bt\("([a-z_]+(?:\.[a-z_0-9]+)+)"', src):
            if key not in en:
                missing.append(f"{name}: {key}")
    families = {
        "status": [
            f"status.{s}"
            for s in (
                "soe_worker",
                "laid_off",
                "job_search",
                "retraining",
                "migrated",
                "retired",
                "wage_job",
                "self_employed",
                "day_labour",
            )
        ],
        "calendar": [f"calendar.month.{i}" for i in range(1, 13)]
        + [f"calendar.month_short.{i}" for i in range(1, 13)],
        "charts": [
            f"charts.{k}.{tab}"
            for k in ("tab", "title", "help")
            for tab in ("sellers", "price", "profit", "income", "debt")
        ],
        "paths": [
            f"month.path.button.{p}"
            for p in ("job_search", "retrain", "migrate", "day_labour", "retire")
        ]
        + [
            f"month.tip.path.{p}"
            for p in ("job_search", "retrain", "migrate", "day_labour", "retire")
        ]
        + [f"month.path.plans_business.{c}" for c in ("none", "pending", "granted", "refused")],
        "ending": [
            f"ending.outcome.{k}"
            for k in (
                "destitute",
                "defaulted",
                "still_open",
                "hanging_on",
                "closed",
                "migrated",
                "wage_job",
                "retired",
                "no_business",
            )
        ],
        "units": [
            f"unit.plural.{u}"
            for u in ("bowl", "basket", "haircut", "repair", "ride", "garment", "load")
        ],
    }
    for keys in families.values():
        missing += [k for k in keys if k not in en and f"{k}.help" not in en]
    missing += [
        f"status.{s}.help" for s in ("laid_off", "self_employed") if f"status.{s}.help" not in en
    ]
    assert not missing, missing


def test_no_placeholder_is_left_unfilled_on_the_month_screen(app):
    s = business_session(months=3)
    scene = open_month(app, s)
    texts = [sp.text for sp in scene.specs.values()] + [sp.tip for sp in scene.specs.values()]
    texts += [line.text for line in scene.log.lines()]
    rows = scene.household.rows + scene.business.rows + scene.market.rows
    texts += [r.shown() for r in rows] + [r.label for r in rows]
    for text in texts:
        assert "{" not in text and not re.match(r"^[a-z_]+\.[a-z_.]+$", text), text
