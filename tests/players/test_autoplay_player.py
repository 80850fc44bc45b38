"""The autoplay's decisions are a player like the scripted ones (game/players/autoplay.py): the
bot that plays through the screens asks it, and it plays the same household without them."""

from __future__ import annotations

from types import SimpleNamespace

from game.players import AutoplayPlayer, Player, new_session, play


def event(*effects: list[str]):
    """An event whose choices carry these commands (a scenario's event, as the screens get it)."""
    return SimpleNamespace(
        choices=[SimpleNamespace(effects=[{"command": c} for c in cmds]) for cmds in effects]
    )


def test_an_event_takes_the_first_choice_that_stays_on_the_path_and_leaves_the_loan_alone():
    p = AutoplayPlayer()
    ev = event(["close_business"], ["extend_loan"], ["choose_path"], ["pay_fees"], ["pay"])
    assert p.choose(None, ev) == 3
    assert p.choose(None, event(["pay"], ["close_business"])) == 0
    assert p.choose(None, event(["close_business"], ["choose_path"])) == 0  # nothing else


def test_a_loan_due_is_repaid_if_it_can_be_else_extended_else_left():
    assert AutoplayPlayer.answer_due(["let_it", "extend", "repay"]) == "repay"
    assert AutoplayPlayer.answer_due(["let_it", "extend"]) == "extend"
    assert AutoplayPlayer.answer_due(["let_it"]) == "let_it"
    assert AutoplayPlayer.answer_due([]) is None


def test_it_asks_the_likeliest_guarantor_first_and_opens_the_first_trade_it_can_afford():
    assert AutoplayPlayer.guarantors_in_order([0.2, 0.9, 0.5]) == [1, 2, 0]
    p = AutoplayPlayer()
    assert p.trade_to_open([2, 0, 3]) == 0
    assert p.trade_to_open([2, 3]) == 2
    assert p.trade_to_open([]) is None


def test_it_plays_a_whole_run_without_the_screens_through_the_one_protocol():
    player: Player = AutoplayPlayer()
    s = new_session("steel_town_2016", seed=3)
    result = play(s, player)
    assert result.months_played == s.params.months
    assert result.seat.refused == []  # every command it sent was one the rules allow
    assert result.unavailable == []
    assert s.facts()["has_loan"] or s.facts()["has_business"] or player.fell_back_month >= 0
