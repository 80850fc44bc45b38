"""Events: conditions on the engine's facts, text with people and numbers, choices that go
through the core's commands, and no text shown twice in a run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from game.core.commands import EventPayment, OpenBusiness, SetSchoolFees
from game.core.engine import Engine
from game.scenario import ScenarioError, load_scenario, load_scenario_text
from game.scenario.events import KNOWN_FACTS, choice_commands, due_events, render, show

GOOD = Path(__file__).resolve().parent.parent / "data" / "good_minimal.yaml"

EVENTS = """
title: Events
months: 12
events:
  - id: september
    when: {month_of_year: 9}
    text: "September: fees."
    choices: [{label: Pay, consequence: Paid.}, {label: Wait, consequence: Later.}]
  - id: rich
    when: {min: {cash_yuan: 5000}, max: {cash_yuan: 20000}}
    text: "You have {cash_yuan} yuan."
    choices: [{label: A, consequence: a}, {label: B, consequence: b}]
  - id: seller
    when: {status: self_employed, trade: [noodles, shop]}
    text: "A customer complains about your {trade}."
    choices: [{label: A, consequence: a}, {label: B, consequence: b}]
  - id: follow_up
    when: {after: september, not_after: rich}
    text: "After September."
    choices: [{label: A, consequence: a}, {label: B, consequence: b}]
  - id: loan_flag
    when: {equals: {has_loan: true, certificate: granted}}
    text: "Your loan."
    choices: [{label: A, consequence: a}, {label: B, consequence: b}]
  - id: coin
    when: {chance: 0.5}
    text: "Coin."
    choices: [{label: A, consequence: a}, {label: B, consequence: b}]
"""


@pytest.fixture(scope="module")
def scenario():
    return load_scenario_text(EVENTS, "events.yaml")


def ids(events) -> list[str]:
    return [e.id for e in events]


def test_conditions_follow_the_facts(scenario) -> None:
    rng = np.random.default_rng(0)
    base = {
        "month_of_year": 5,
        "cash_yuan": 100.0,
        "status": "laid_off",
        "trade": "",
        "has_loan": False,
        "certificate": "none",
    }
    due = lambda facts, shown=(): ids(due_events(scenario, facts, shown, rng, limit=10))  # noqa: E731
    never_coin = [e for e in due(base) if e != "coin"]
    assert never_coin == []
    assert "september" in due({**base, "month_of_year": 9})
    assert "rich" in due({**base, "cash_yuan": 6000.0})
    assert "rich" not in due({**base, "cash_yuan": 60000.0})
    assert "seller" in due({**base, "status": "self_employed", "trade": "shop"})
    assert "seller" not in due({**base, "status": "self_employed", "trade": "hair"})
    assert "follow_up" not in due(base)
    assert "follow_up" in due(base, {"september"})
    assert "follow_up" not in due(base, {"september", "rich"})
    assert "loan_flag" in due({**base, "has_loan": True, "certificate": "granted"})
    assert "loan_flag" not in due({**base, "has_loan": True, "certificate": "pending"})
    assert "september" not in due({**base, "month_of_year": 9}, {"september"})  # once per run
    assert "rich" not in due({"month_of_year": 9})  # a missing fact fails its condition


def test_chance_is_drawn_from_the_given_generator(scenario) -> None:
    facts = {"month_of_year": 1}
    rng = np.random.default_rng(7)
    hits = sum("coin" in ids(due_events(scenario, facts, (), rng)) for _ in range(2000))
    assert 900 < hits < 1100
    a = [ids(due_events(scenario, facts, (), np.random.default_rng(s))) for s in range(20)]
    b = [ids(due_events(scenario, facts, (), np.random.default_rng(s))) for s in range(20)]
    assert a == b


def test_limit_keeps_at_most_that_many(scenario) -> None:
    facts = {"month_of_year": 9, "cash_yuan": 6000.0, "status": "self_employed", "trade": "noodles"}
    rng = np.random.default_rng(1)
    assert len(due_events(scenario, facts, (), rng, limit=1)) == 1
    assert len(due_events(scenario, facts, (), rng, limit=2)) == 2


def test_text_names_the_people_and_numbers_in_each_language() -> None:
    sc = load_scenario(GOOD)
    ev = next(e for e in sc.events if e.id == "guarantor_request")
    assert render(ev.text, {}, ev.people, "en").startswith(
        "Zhao Hong (51), a former crane driver, asks"
    )
    assert render(ev.text, {}, ev.people, "zh").startswith("赵红 (51)")
    fee = next(e for e in sc.events if e.id == "school_fee")
    shown = show(fee, {"cash_yuan": 12345.6}, "en")
    assert "you have 12,346 yuan" in shown.text
    assert [c.label for c in shown.choices] == ["Pay the fees", "Ask for a delay"]


def test_choices_become_core_commands_with_trade_keys_as_indices() -> None:
    sc = load_scenario_text(
        """
title: x
events:
  - id: offer
    text: A stall is free.
    choices:
      - {label: Take it, consequence: You open a shop., effects: [{command: open_business, trade: shop}]}
      - {label: Give money, consequence: 300 yuan., effects: [{command: event_payment, amount_yuan: -300, reason: gift}, {command: set_school_fees, pay: false}]}
""",
        "c.yaml",
    )
    take, give = sc.events[0].choices
    [cmd] = choice_commands(take, 5, sc.params)
    assert cmd == OpenBusiness(household=5, trade=[t.key for t in sc.params.trades].index("shop"))
    assert choice_commands(give, 5, sc.params) == [
        EventPayment(household=5, amount_yuan=-300, reason="gift"),
        SetSchoolFees(household=5, pay=False),
    ]


def test_known_facts_are_the_engines_facts() -> None:
    eng = Engine(
        replace(
            load_scenario(GOOD).params, town=replace(load_scenario(GOOD).params.town, households=60)
        ),
        seed=3,
        players=(0,),
    )
    eng.end_month()
    facts = eng.player_facts(0)
    assert set(facts) == set(KNOWN_FACTS)
    for name, kind in KNOWN_FACTS.items():
        value = facts[name]
        if kind == "bool":
            assert isinstance(value, bool), name
        elif kind == "word":
            assert isinstance(value, str), name
        else:
            assert isinstance(value, (int, float)) and not isinstance(value, bool), name


def test_a_whole_run_never_shows_the_same_text_twice() -> None:
    repeating = """events:
  - id: monthly_news
    once: false
    text: "Month {month}: the market is quiet."
    choices: [{label: Read on, consequence: Nothing changes.}, {label: Close the paper, consequence: Nothing changes.}]
"""
    text = (
        GOOD.read_text(encoding="utf-8")
        .replace("months: 12", "months: 24")
        .replace("events:\n", repeating)
    )
    sc = load_scenario_text(text, "run.yaml")
    for seed in range(3):
        eng = Engine(sc.params, seed=seed, players=(0,))
        rng = np.random.default_rng(seed)
        shown_ids: list[str] = []
        texts: list[str] = []
        while not eng.done:
            facts = eng.player_facts(0)
            for ev in due_events(sc, facts, shown_ids, rng, limit=2, shown_texts=texts):
                text = render(ev.text, facts, ev.people)
                assert text not in texts
                texts.append(text)
                shown_ids.append(ev.id)
                for cmd in choice_commands(ev.choices[0], 0, sc.params):
                    assert isinstance(eng.submit(cmd), list)  # through the core, which may refuse
            eng.end_month()
        assert "monthly_news" in shown_ids and len(texts) == len(set(texts)) >= 20


def test_effects_are_checked_against_the_core_commands() -> None:
    bad = """
title: x
events:
  - id: e
    text: t
    choices:
      - {label: a, consequence: a, effects: [{command: set_price, price_yuen: 3}, {command: set_price, price_yuan: cheap}, {command: open_business, trade: noodle}, [1]]}
      - {label: b, consequence: b, effects: [{amount_yuan: 3}]}
"""
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(bad, "e.yaml")
    text = "\n".join(info.value.problems)
    assert "set_price has no field 'price_yuen'" in text and "did you mean 'price_yuan'?" in text
    assert "effects.1.price_yuan: wrong type (expected a number; got 'cheap')" in text
    assert "effects.2.trade: no trade with this key" in text and "did you mean 'noodles'?" in text
    assert "effects.3: not a command" in text
    assert "choices.1.effects.0: missing command" in text


def test_a_count_of_months_is_written_out_in_the_players_language():
    # "{loan_due_in}" reads "1 month" / "2 months" / "2个月", never "month(s)"
    text = {"en": "due in {loan_due_in}", "zh": "{loan_due_in}后到期"}
    assert render(text, {"loan_due_in_months": 1}, (), "en") == "due in 1 month"
    assert render(text, {"loan_due_in_months": 2}, (), "en") == "due in 2 months"
    assert render(text, {"loan_due_in_months": 2}, (), "zh") == "2个月后到期"
    # and the loader accepts it in a file's event text
    for path in sorted(Path("scenarios").glob("*.yaml")):
        sc = load_scenario(path)
        for ev in sc.events:
            for lang in ("en", "zh"):
                assert "month(s)" not in render(ev.text, {"loan_due_in_months": 2}, ev.people, lang)
