"""The loan screens tell the player what an extension asks under the scenario's policy
(docs/evidence.md#loan-2002): the interest the state stops paying, and the guarantor's
agreement where the scenario asks for it; in both languages, nothing where it is waived."""

from dataclasses import replace

import pytest

from game import i18n
from game.core.params import Params
from game.ui.scenes.loan_due import extension_terms


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_language("en")


def policy(**kw):
    return replace(Params().policy, **kw)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_hint_says_what_the_extension_asks(lang):
    i18n.set_language(lang)
    guarantor, interest = i18n.t("loan.extension.guarantor"), i18n.t("loan.extension.interest")
    default = extension_terms(policy(), "HINT")
    assert default.startswith("HINT") and interest in default and guarantor not in default
    asked = extension_terms(policy(extension_needs_guarantor=True), "HINT")
    assert guarantor in asked and interest in asked
    waived = extension_terms(policy(subsidy_during_extension=True), "HINT")
    assert waived == "HINT"
    if lang == "zh":
        assert " " not in asked  # Chinese sentences run on without spaces


def test_a_borrower_who_pays_all_the_interest_is_not_told_the_state_stops():
    i18n.set_language("en")
    assert extension_terms(policy(borrower_interest_share=1.0), "HINT") == "HINT"
