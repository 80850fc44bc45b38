"""The street and the guarantor candidates as views (game/core/neighbours.py): indices and
codes from the state, no words; the names in a language come from game.words above the core."""

from __future__ import annotations

import json

import pytest

from game import words
from game.core import names, neighbours
from game.core.state import Status
from game.session import GameSession


@pytest.fixture(scope="module")
def town() -> GameSession:
    s = GameSession.new("steel_town_2016", seed=5, autosave=False)
    for _ in range(6):
        s.end_month()
        s.pending_events.clear()
    return s


def test_each_lot_shows_who_trades_there(town):
    eng = town.engine
    st = eng.state
    lots = neighbours.street(eng)
    assert [lot.lot for lot in lots] == list(range(st.n_lots))
    open_ = [lot for lot in lots if lot.state == "open"]
    owners = (st.status == Status.SELF_EMPLOYED) & (st.lot >= 0)
    assert len(open_) == int(owners.sum()) > 0
    for lot in open_:
        h = lot.household
        assert st.lot[h] == lot.lot and st.trade[h] == lot.trade
        assert lot.price_yuan == float(st.price[h]) and lot.given_name == int(st.given_name[h])
    for lot in lots:
        if lot.state != "open":
            assert lot.trade == -1 and lot.household == -1
            assert (lot.state == "for_rent") == (lot.last_trade >= 0)
    assert json.loads(json.dumps([lot.to_dict() for lot in lots])) == [
        lot.to_dict() for lot in lots
    ]


def test_the_street_reads_in_the_players_language(town):
    eng = town.engine
    lot = next(x for x in neighbours.street(eng) if x.state == "open")
    surname, given = names.SURNAMES[lot.surname], names.GIVEN[lot.given_name]
    by_lang = {lang: words.street_lots(eng, lang)[lot.lot] for lang in ("en", "zh")}
    assert by_lang["en"]["owner"] == f"{surname[0]} {given[0]}"
    assert by_lang["zh"]["owner"] == f"{surname[1]}{given[1]}"
    assert by_lang["zh"]["surname"] == surname[1]
    trade = eng.params.trades[lot.trade]
    assert by_lang["en"]["trade_key"] == trade.key and by_lang["en"]["household"] == lot.household
    town.lang = "zh"
    assert town.street()[lot.lot]["owner"] == by_lang["zh"]["owner"]
    assert town.name_of(lot.household) == by_lang["zh"]["owner"]
    town.lang = None


def test_guarantor_candidates_are_fixed_by_the_seed_and_labelled_by_the_core(town):
    eng = town.engine
    first = neighbours.guarantor_candidates(eng, 3)
    assert first == neighbours.guarantor_candidates(eng, 3)  # asking again names the same
    assert len(first) == 4 and 3 not in {c.household for c in first}
    assert {c.relation for c in first} <= set(neighbours.RELATIONS)
    assert {c.likely for c in first} <= set(neighbours.LIKELINESS)
    st = eng.state
    for c in first:
        assert c.status == Status(st.status[c.household]).name.lower()
        assert c.trust == float(st.trust[c.household])
    assert json.loads(json.dumps(first[0].to_dict()))["household"] == first[0].household
