"""Workshop mode, headless: a room plays several households of one or more towns, run by a
facilitator (rounds, a timer, rule changes, same shocks), kept in a session file that replays
exactly and feeds a class report. No pygame here: the screens and the network host build on
`WorkshopSession` (session.py) and its views (views.py)."""

from game.workshop.session import MAX_SEATS_PER_TOWN, MAX_TOWNS, Result, SeatState, WorkshopSession
from game.workshop.sessionfile import SessionFileError

__all__ = [
    "MAX_SEATS_PER_TOWN",
    "MAX_TOWNS",
    "Result",
    "SeatState",
    "SessionFileError",
    "WorkshopSession",
]
