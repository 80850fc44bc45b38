"""How a scripted player answers a scenario's events: it keeps to its path.

Of an event's choices it takes the first that (in this order of importance) does not move the
household off its path, can be carried out now, does not take on someone else's debt, and
does not make a decision the strategy makes for itself every month (price, hours, the loan).
A calm, conventional household: it pays the school fees, goes to the doctor, gives at the
wedding, and declines to sign for a neighbour's loan when it may.
"""

from __future__ import annotations

from typing import Any

from game.players.seat import Seat
from game.scenario.events import choice_commands

# Commands that change what the household does for a living.
PATH_CHANGING = {
    "choose_path",
    "close_business",
    "open_business",
    "apply_for_loan",
    "take_job",
    "return_home",
}
# Risks a careful household does not take on for others.
RISKY = {"stand_as_guarantor"}
# Decisions a strategy makes for itself each month; an event's choice that would make one for
# it comes after the choices that leave them alone.
OWN_DECISIONS = {
    "set_price",
    "set_hours",
    "join_agreement",
    "leave_agreement",
    "repay_loan",
    "extend_loan",
    "borrow_informally",
}


def event_commands(seat: Seat, choice: Any) -> list:

    return choice_commands(choice, seat.household, seat.engine.params)


def calm_choice(seat: Seat, event: Any, path: str) -> int:
    """The index of the choice a household on `path` takes (see the module's docstring)."""

    def rank(i: int) -> tuple:
        cmds = event_commands(seat, event.choices[i])
        moves = any(
            c.kind in PATH_CHANGING and not (c.kind == "choose_path" and c.path == path)
            for c in cmds
        )
        feasible = all(seat.allowed(c) for c in cmds)
        risky = any(c.kind in RISKY for c in cmds)
        own = any(c.kind in OWN_DECISIONS for c in cmds)
        return (moves, not feasible, risky, own, i)

    return min(range(len(event.choices)), key=rank)


__all__ = ["calm_choice", "event_commands", "PATH_CHANGING", "RISKY", "OWN_DECISIONS"]
