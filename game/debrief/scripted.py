"""A plain scripted player for a whole run, headless: what the tests, the benchmark and the
teaching guide's sample figures use to get a finished run without a person.

It does what most first-time players do: takes the state's favoured path (a business) in the
first month, the trade its skills fit best among those it can finance, the subsidised loan
with a guarantor for what savings do not cover, and runs the business as
`game.players.PathPlayer` does (the going price, repay or extend the loan when it falls due,
close after months of losses); in events it keeps to its path. It writes a one-line plan at
the start, and at the end `reflect` does the written debrief the way a student would: a guess
with a reason for every prediction, an explanation, a verdict on every claim and answers to
three questions.
"""

from __future__ import annotations

import weakref

from game.debrief import argument, predictions, questions, reflection
from game.players import PathPlayer, Seat
from game.session import GameSession

NAME = "Scripted Student"
STRATEGY = "Borrow for a small business in the trade I know and price a little under the rest."

# One player per session, so `act` can be called month by month with the session alone.
_PLAYERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def player() -> PathPlayer:
    """The scripted first-time entrepreneur: opens as soon as the loan is there."""
    return PathPlayer("self_employ", trade=None, entry_month=0, bridge=False)


def _player_of(s: GameSession) -> PathPlayer:
    if s not in _PLAYERS:
        _PLAYERS[s] = player()
    return _PLAYERS[s]


def act(s: GameSession) -> None:
    """One month's decisions before `end_month`."""
    _player_of(s).act(Seat.of(s))


def play_month(s: GameSession) -> None:
    act(s)
    s.end_month()
    p, seat = _player_of(s), Seat.of(s)
    for ev in list(s.pending_events):
        s.choose(ev, p.choose(seat, ev))


def play(
    scenario: str | None = "steel_town_2016", seed: int = 3, months: int | None = None
) -> GameSession:
    """A run played to its end (or `months` months, or until the household can go on no more)."""
    s = GameSession.new(scenario, seed=seed, autosave=False)
    s.pending_events.clear()
    reflection.set_name(s, NAME)
    reflection.set_strategy(s, STRATEGY)
    while not s.over and (months is None or s.month < months):
        play_month(s)
    return s


def reflect(s: GameSession, results: dict | None = None) -> None:
    """The written debrief, filled in: the first choice of every prediction with a reason
    (locked in), an explanation, a verdict with a reason on every claim (in turn: supports,
    complicates, contradicts) and answers to the first three core questions."""

    for p in predictions.build(s, results):
        reflection.choose(s, p["key"], p["choices"][0]["key"])
        reflection.set_reason(s, p["key"], "It is what I saw happen around me.")
        reflection.lock(s, p["key"])
    reflection.set_explanation(
        s,
        "I chose the loan; my neighbours opened the same business; the state paid my insurance.",
    )
    for i, key in enumerate(argument.PANELS):
        verdict = reflection.VERDICTS[i % len(reflection.VERDICTS)]
        reflection.set_verdict(s, key, verdict, f"My run's numbers on {key}.")
    core = [q for name in questions.PHASES for q in questions.phase(s, name) if q["core"]]
    for q in core[: reflection.ANSWERS_WANTED]:
        reflection.set_answer(s, q["id"], f"My answer to: {q['text']}")


__all__ = ["play", "play_month", "act", "player", "reflect", "NAME", "STRATEGY"]
