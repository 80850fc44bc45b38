"""A seat's page puts its decisions in the seat's language: the run keeps codes (a trade's
index, the guarantor's household), and the page said the guarantor's name and the trade's
name in the language they were recorded in (an English run read "Noodle stall" and "Wang
Jun" on a Chinese page)."""

from __future__ import annotations

import pytest

from game import i18n
from game.core.commands import ApplyForCertificate, ApplyForLoan, ChoosePath, OpenBusiness
from game.core.state import Cert
from game.room import seatview
from game.session import GameSession, load_scenario


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


def _run_recorded_in(lang: str) -> tuple[GameSession, int, int]:
    """A run whose loan (with a guarantor) and shop were decided with `lang` shown."""
    i18n.set_language(lang)
    s = GameSession.new(load_scenario("steel_town_2016"), seed=5)
    s.lang = lang
    assert s.submit(ChoosePath(0, "self_employ")) == []
    assert s.submit(ApplyForCertificate(0)) == []
    while s.engine.state.cert[0] == Cert.PENDING:
        s.end_month()
    assert s.engine.state.cert[0] == Cert.GRANTED
    guarantor = max(s.guarantors(), key=lambda g: g.chance).household
    assert s.submit(ApplyForLoan(0, 20_000.0, guarantor)) == []  # (granted or refused: named)
    trade = 0
    assert s.submit(OpenBusiness(0, trade, -1)) == []
    return s, guarantor, trade


@pytest.mark.parametrize(("recorded", "shown"), [("en", "zh"), ("zh", "en")])
def test_the_guarantor_and_the_trade_read_in_the_seat_s_language(recorded, shown):
    s, guarantor, trade = _run_recorded_in(recorded)
    said = {recorded: (s.name_of(guarantor), s.trade_name(trade))}
    s.lang = shown
    said[shown] = (s.name_of(guarantor), s.trade_name(trade))
    assert said[shown] != said[recorded]  # (the names differ between the languages)
    s.lang = recorded
    for view in (seatview.seat_view(s, shown), seatview.debrief(s, shown, "")):
        text = " ".join(d["text"] for d in view["decisions"])
        name, trade_name = said[shown]
        assert name in text and trade_name.lower() in text.lower(), text
        assert said[recorded][0] not in text and said[recorded][1] not in text, text
    back = " ".join(d["text"] for d in seatview.seat_view(s, recorded)["decisions"])
    assert said[recorded][0] in back and said[recorded][1].lower() in back.lower()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_loan_s_refusal_says_the_certificate_s_state_in_words(lang):
    """The seat's loan window read "你得先拿到下岗证明（证明状态：none）": the core's code."""
    i18n.set_language(lang)
    s = GameSession.new(load_scenario("steel_town_2016"), seed=5)
    assert s.submit(ChoosePath(0, "self_employ")) == []
    reasons = " ".join(seatview.seat_view(s, lang)["loan"]["apply_reasons"])
    assert i18n.t("loan.cert.none") in reasons, reasons
    assert "none" not in reasons.replace(i18n.t("loan.cert.none"), "")
