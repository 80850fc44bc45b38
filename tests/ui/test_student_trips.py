"""Things a student tripped on while playing by hand, each pinned so it stays fixed."""

from __future__ import annotations

import pygame
import pytest
from test_month_support import business_session, end_months
from test_prerun_screens import TEST_SCENARIO, granted_session
from ui_helpers import click, element, frames, press

from game import i18n
from game.scenario.loader import load_scenario_text
from game.ui.scenes.rows import household_rows
from game.ui.settings import Settings


@pytest.fixture
def scenario():
    return load_scenario_text(TEST_SCENARIO, "test_town.yaml")


def open_loan_office(make_app, scenario):
    app = make_app(Settings(window_size=(1280, 720)))
    session = granted_session(scenario)
    lo = app.open("loan_office", session=session)
    frames(app, 3)
    return app, session, lo


def type_amount(app, lo, text: str):
    field = element(lo, "amount")
    click(app, field)
    assert app.typing()
    field.set_text(text)
    frames(app, 1)


def test_a_typed_amount_left_with_tab_is_what_the_screen_and_the_bank_show(make_app, scenario):
    # Typed 30000, pressed Tab: the repayment line and the bank button went on saying the
    # old amount until Enter.
    app, session, lo = open_loan_office(make_app, scenario)
    type_amount(app, lo, "30000")
    press(app, pygame.K_TAB)
    assert lo.amount == 30_000 and session.loan_wish == 30_000
    assert "30,000" in element(lo, "next").text


def test_a_typed_amount_survives_picking_a_guarantor(make_app, scenario):
    # Typed 30000, then clicked a guarantor: the rebuild made a fresh field and the bank
    # lent the old 10,000.
    app, session, lo = open_loan_office(make_app, scenario)
    type_amount(app, lo, "30000")
    guarantor = next(e for e in lo._elements if (lo.name_of(e) or "").startswith("g."))
    click(app, guarantor)
    assert lo.amount == 30_000
    assert element(lo, "amount").get_text() == "30000"


def test_plus_steps_from_the_typed_amount(make_app, scenario):
    app, session, lo = open_loan_office(make_app, scenario)
    type_amount(app, lo, "30000")
    click(app, element(lo, "plus"))
    assert lo.amount == 35_000


def test_a_typed_amount_the_bank_cannot_lend_is_refused_with_a_reason(make_app, scenario):
    app, session, lo = open_loan_office(make_app, scenario)
    before = lo.amount
    type_amount(app, lo, "500")
    press(app, pygame.K_TAB)
    assert lo.amount == before and lo.amount_problem


def test_a_typed_amount_left_with_a_click_on_empty_space_is_shown(make_app, scenario):
    app, session, lo = open_loan_office(make_app, scenario)
    type_amount(app, lo, "40000")
    pos = (2, app.window.get_height() // 2)  # the left margin: no button, no panel widget
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, {"pos": pos, "button": 1}))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, {"pos": pos, "button": 1}))
    frames(app, 2)
    assert lo.amount == 40_000
    assert "40,000" in element(lo, "next").text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_insurance_row_says_stopped_while_the_business_runs(lang):
    # The household panel said "22 months left" month after month while the stall ran: the
    # core pays no insurance to a registered business, so the months did not run.
    i18n.set_language(lang)
    s = business_session(months=1)
    left = int(s.household().ui_months_left)
    end_months(s, 1)
    assert int(s.household().ui_months_left) == left  # the core's rule, unchanged
    row = next(r for r in household_rows(s) if r.key == "insurance")
    assert row.text == i18n.t("month.insurance.stopped")
    assert "{" not in row.tip[1]


def test_no_screen_promises_insurance_while_running_a_business():
    # The path screen said the insurance runs "while you ... run a business"; it does not.
    for lang in ("en", "zh"):
        i18n.set_language(lang)
        for key in ("path.intro", "month.tip.insurance", "household.ui.tip"):
            text = i18n.t(key, months="24", amount="1")
            promise = "run a business;" if lang == "en" else "做生意期间"
            assert promise not in text, (lang, key)


def test_a_line_hidden_under_another_is_named_under_the_town_chart():
    # Every default called its guarantor: the two curves were identical and the student saw
    # one line for a legend of two.
    from game.ui.scenes.debrief_tabs.town import help_text

    i18n.set_language("en")
    spec = {
        "help": "Loans that fell due.",
        "series": [
            {"name": "Loans not repaid", "values": [0, 1, 3, 0]},
            {"name": "Guarantors called", "values": [0, 1, 3, 0]},
        ],
    }
    text = help_text(spec)
    assert text.startswith("Loans that fell due.") and "Loans not repaid" in text
    spec["series"][1]["values"] = [0, 1, 2, 0]
    assert help_text(spec) == "Loans that fell due."
    spec["series"][0]["values"] = spec["series"][1]["values"] = [0, 0, 0, 0]
    assert (
        help_text(spec) == "Loans that fell due."
    )  # both flat at zero: nothing hidden worth saying


def test_the_chinese_glossary_does_not_repeat_a_term_under_itself():
    from game.debrief.glossary import TERMS

    i18n.set_language("zh")
    repeats = [x.id for x in TERMS if not x.meaning()]
    assert "tiefanwan" in repeats and "danwei" in repeats  # "铁饭碗" under 铁饭碗
    assert all(x.meaning() for x in TERMS if x.id == "xiagang")  # a gloss stays
    i18n.set_language("en")
    assert all(x.meaning() for x in TERMS)  # every English name is shown


def test_a_long_member_note_is_cut_at_a_clause_not_dropped():
    # At 1024x600 in English the worker's row said only "laid off": the note did not fit
    # whole, and the fallback dropped the former job and the years at the mill.
    from game.ui.scenes.household import shorter_notes

    en = "laid off · Former crane operator, 24 years at the steel mill; schooling: middle school"
    assert shorter_notes(en)[1:] == [
        "laid off · Former crane operator, 24 years at the steel mill",
        "laid off · Former crane operator",
    ]
    zh = "已下岗 · 原轧钢车间行车工，在钢厂干了24年；文化程度：初中"
    assert shorter_notes(zh)[-1] == "已下岗 · 原轧钢车间行车工"
    assert shorter_notes("your son · in school") == ["your son · in school"]


def test_day_labour_days_times_the_day_rate_is_about_the_month(scenario):
    # "¥99 a day, 9 days a month, ¥863 a month": 9 x 99 is 891. The days now show a tenth.
    from game.session import GameSession
    from game.ui.scenes.path import path_options

    i18n.set_language("en")
    s = GameSession.new(load_scenario_text(TEST_SCENARIO, "t.yaml"), seed=5)
    rate, days, month = path_options(s)[[o.key for o in path_options(s)].index("day_labour")].facts[
        :3
    ]
    per_day = float(rate.value.strip("¥").split()[0].replace(",", ""))
    n = float(days.value.split()[0])
    paid = float(month.value.strip("¥").split()[0].replace(",", ""))
    assert abs(per_day * n - paid) <= per_day * 0.06  # within rounding of the shown figures


def test_the_month_screen_and_the_path_card_agree_on_day_labour(scenario):
    from game.core import commands as C
    from game.session import GameSession
    from game.ui.scenes.path import path_options
    from game.ui.scenes.rows import path_summary

    i18n.set_language("en")
    s = GameSession.new(scenario, seed=5)
    card = {o.key: o for o in path_options(s)}["day_labour"].facts
    assert s.submit(C.ChoosePath(s.player, "day_labour")) == []
    said = " ".join(path_summary(s))
    rate = card[0].value.split()[0]  # "¥99"
    days = card[1].value.split()[0]  # "8.7"
    assert rate in said and f"{days} days" in said, (card, said)


def test_a_save_slot_counts_the_month_as_the_month_screen_does(scenario):
    # Saved on "Month 3 of 24"; the slot said "month 2 of 24" (the months done).
    from game import saves
    from game.session import GameSession
    from game.ui.scenes.load import shown_month

    s = GameSession.new(scenario, seed=5)
    end_months(s, 2)
    info = saves.summary(s)
    assert shown_month(info) == s.month + 1 == 3  # the month screen shows month + 1
    end_months(s, s.params.months - s.month)
    assert shown_month(saves.summary(s)) == s.params.months  # a finished run: the last month


def test_the_lot_tip_does_not_send_a_student_to_a_street_that_is_not_shown(make_app, scenario):
    # 1280x720 at 150%: the business screen drops the street, but the lot's tip said
    # "click a free lot on the street".
    app = make_app(Settings(window_size=(1280, 720), ui_scale=1.5))
    s = granted_session(scenario)
    scene = app.open("business", session=s)
    frames(app, 3)
    assert scene.compact
    assert element(scene, "lot").irb_tip == i18n.t("business.lot.tip_compact")
