"""Workshop mode, headless: a room plays several households of one or more towns, run by a
facilitator (rounds, a timer, rule changes, same shocks), kept in a session file that replays
exactly and feeds a class report. No pygame here: the screens and the network host build on
`WorkshopSession` (session.py) and its views (views.py).

For a screen or a network host:

    ws = WorkshopSession.new(scenario, towns, seats, seed, path, names=, strategies=,
                             occupied=, same_shocks=, timer_seconds=)   # or .load(path)
    seat:        ws.take_seat(i) / ws.free_seat(i), ws.submit(i, command or its dict),
                 ws.pending_events(i), ws.choose_event(i, event_id, choice), ws.end_month(i)
    facilitator: ws.resolve(force=False), ws.waiting(), ws.time_left(), ws.set_timer(s),
                 ws.pause() / ws.resume(), ws.lever(name, town=None),
                 ws.town_event(name, town=None), ws.reveal(i=None) / ws.hide(i=None),
                 ws.end_game(), ws.close()
    reading:     ws.seat_view(i).to_dict(), ws.dashboard().to_dict(), ws.month, ws.over

Every call returns a `Result` (`ok`, `error` key, `message`, `reasons`; `to_dict()`); none
raises for a person's mistake. One thread at a time: a host serialises calls (one lock)."""

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
