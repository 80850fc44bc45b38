"""The epilogue's money sentence says a debt owed to one lender once: it read "欠款¥20,069
（亲戚¥20,069）", a breakdown of one part repeating the total. Owed to one lender it names the
lender and the sum once; owed to both, the total and its parts; owed nothing, nothing."""

from __future__ import annotations

import pytest

from game import epilogue, i18n
from game.session import GameSession

ONE_PART = {  # (informal, loan): what the sentence says, in each language
    (20_069.0, 0.0): {"en": "owes relatives ¥20,069", "zh": "欠亲戚¥20,069"},
    (0.0, 3_000.0): {"en": "owes the bank ¥3,000", "zh": "欠银行¥3,000"},
}


def sentence(session, informal: float, loan: float) -> str:
    e = epilogue.Epilogue(months=12, start=session.params.months)
    e.cash_end, e.informal_end, e.loan_end = 1_500.0, informal, loan
    e.debt_end = informal + loan
    e.at_run_end = (2_000.0, informal, loan)
    e.status_end = "laid_off"
    return e.money_sentence(session)


@pytest.fixture(scope="module")
def session():
    return GameSession.new("steel_town_2016", seed=3, autosave=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("debts", list(ONE_PART))
def test_a_debt_to_one_lender_is_said_once(session, debts, lang):
    i18n.set_language(lang)
    try:
        text = sentence(session, *debts)
        amount = i18n.yuan(sum(debts))
        assert ONE_PART[debts][lang] in text
        assert text.count(amount) == 1, text  # not "¥20,069 (¥20,069 family)"
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_debt_to_both_lenders_gives_the_total_and_its_parts(session, lang):
    i18n.set_language(lang)
    try:
        text = sentence(session, 1_200.0, 3_000.0)
        assert i18n.yuan(4_200) in text and i18n.debt_parts(1_200.0, 3_000.0) in text
    finally:
        i18n.set_language("en")
