"""Play a whole run with any player: `play(session, player)`.

The loop a person goes through at the screen, without the screen: the player acts, the month
is resolved, the scenario's events are answered. With a bare `Engine` instead of a session
there are no events (the debrief's counterfactual runs)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from game.core.engine import Engine
from game.core.params import Params
from game.core.report import MonthReport
from game.players.protocol import Player
from game.players.seat import Seat
from game.session import GameSession, load_scenario


@dataclass
class PlayResult:
    seat: Seat
    months_played: int
    # Month ends at which the household's subsidised loan stood in default (see `Seat.in_default`).
    months_in_arrears: int
    unavailable: list  # why the player's path could not be taken at all (empty: it was)

    @property
    def final_cash_minus_debts(self) -> float:
        f = self.seat.facts()
        return float(f["cash_yuan"] - f["informal_debt_yuan"] - f["loan_yuan"])


def new_session(scenario: Any = None, seed: int = 1, params: Params | None = None) -> GameSession:
    """A fresh run of `scenario` (a name, a file or a loaded scenario) with `params` in place of
    the scenario's own (a shorter run, a policy changed from the command line), no autosave."""
    sc = load_scenario(scenario)
    if params is not None:
        sc = replace(sc, params=params)
    return GameSession.new(sc, seed=seed, autosave=False)


def play(run: GameSession | Engine, player: Player, months: int | None = None) -> PlayResult:
    """Play `run` with `player` to its end (or for `months` more months)."""
    if isinstance(run, GameSession):
        session: GameSession | None = run
        eng, seat = run.engine, Seat.of(run)
    else:
        session, eng = None, run
        seat = Seat(run, run.players[0])
    end = eng.params.months if months is None else min(eng.month + months, eng.params.months)
    played = arrears = 0
    while eng.month < end:
        player.act(seat)
        unavailable = list(getattr(player, "unavailable", []) or [])
        if unavailable:
            return PlayResult(seat, played, arrears, unavailable)
        if session is None:
            eng.end_month()
        else:
            session.end_month()
            for ev in list(session.pending_events):
                problems = session.choose(ev, player.choose(seat, ev))
                if problems:
                    seat.refused.append({"month": eng.month, "event": ev.id, "reasons": problems})
        played += 1
        arrears += seat.in_default()
    return PlayResult(seat, played, arrears, [])


def play_together(
    sessions: Sequence[GameSession],
    players: Sequence[Player],
    resolve: Callable[[], Sequence[dict[int, MonthReport]]],
    done: Callable[[int, PlayResult], None],
) -> None:
    """`play(session, player)` for many sessions of one length at once, month by month: every
    player acts, then `resolve()` resolves every session's town for the month at once (a
    `Batch` whose towns are the sessions' engines, in order, returning each town's reports),
    then each session keeps its account and answers its events. `done(i, result)` is called
    the moment play i ends, with what `play` would return: read its town then (a play that
    could not be taken ends early; its town is still resolved with the others after)."""
    seats = [Seat.of(s) for s in sessions]
    arrears = [0] * len(sessions)
    playing = list(range(len(sessions)))
    played = 0
    while playing and sessions[0].engine.month < sessions[0].engine.params.months:
        still = []
        for i in playing:
            players[i].act(seats[i])
            unavailable = list(getattr(players[i], "unavailable", []) or [])
            if unavailable:
                done(i, PlayResult(seats[i], played, arrears[i], unavailable))
            else:
                still.append(i)
        openings = {i: sessions[i].month_opening() for i in still}
        reports = resolve()
        for i in still:
            session, seat = sessions[i], seats[i]
            session.month_resolved(openings[i], reports[i])
            for ev in list(session.pending_events):
                problems = session.choose(ev, players[i].choose(seat, ev))
                if problems:
                    seat.refused.append(
                        {"month": session.month, "event": ev.id, "reasons": problems}
                    )
            arrears[i] += seat.in_default()
        played += 1
        playing = still
    for i in playing:
        done(i, PlayResult(seats[i], played, arrears[i], []))


__all__ = ["PlayResult", "new_session", "play", "play_together"]
