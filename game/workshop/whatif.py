"""The room's counterfactual: what if no one had followed into the crowded trade?

In each town, the crowded trade is the one most seats opened a business in. The same town is
rebuilt from the session file and its decisions replayed, except that from the month the first
seat opened there nobody follows: no scripted neighbour opens in that trade
(`Engine.block_entry_after`, as in the single-player debrief), and the seats that followed the
first one in take day labour instead of opening. Every other decision and the facilitator's
changes are replayed as made (one the changed town no longer allows is left out and counted).
Each seat's outcome is read with the debrief's own `outcome_of`.
"""

from __future__ import annotations

from collections import Counter

from game.core.commands import ChoosePath, command_from_dict
from game.debrief.counterfactual import outcome_of
from game.workshop import levers
from game.workshop.replay import Replay
from game.workshop.towns import build_towns

FALLBACK_PATH = "day_labour"  # what a follower does instead of opening


def crowded_trade(r: Replay, town: int) -> dict | None:
    """The trade most seats of `town` opened in, who was first (month, seat), who followed."""
    seats = r.header["seats"]
    opens = [
        (m, s, int(c["trade"]))
        for m, s, c in r.commands
        if c["command"] == "open_business" and seats[s]["town"] == town
    ]
    if not opens:
        return None
    by_trade = Counter(t for _m, _s, t in opens)
    first_open = {t: min(m for m, _s, tt in opens if tt == t) for t in by_trade}
    trade = min(by_trade, key=lambda t: (-by_trade[t], first_open[t], t))
    mine = sorted((m, s) for m, s, t in opens if t == trade)
    first_month, first_seat = mine[0]
    followers: dict[int, int] = {}
    for m, s in mine[1:]:
        if s != first_seat:
            followers.setdefault(s, m)
    return {
        "trade": trade,
        "trade_key": r.towns[town].params.trades[trade].key,
        "first_month": first_month,
        "first_seat": first_seat,
        "followers": followers,  # seat -> the month it opened
    }


def no_followers(r: Replay, town: int) -> dict | None:
    """The town replayed with nobody following into its crowded trade; None if no seat
    opened a business there. Returns the crowd facts and each seat's two outcomes."""
    crowd = crowded_trade(r, town)
    if crowd is None:
        return None
    eng = build_towns(r.header, r.scenario)[town]
    eng.block_entry_after(crowd["trade"], crowd["first_month"])
    seats = r.header["seats"]
    followers = crowd["followers"]
    skipped = 0
    for e in r.loaded.entries:
        kind = e["k"]
        if kind in ("cmd", "ev"):
            s = int(e["s"])
            if seats[s]["town"] != town:
                continue
            h = seats[s]["household"]
            if s in followers and eng.month >= followers[s]:
                if eng.month == followers[s]:
                    eng.submit(ChoosePath(h, FALLBACK_PATH))  # refused if not free: fine
                continue
            for body in [e["cmd"]] if kind == "cmd" else e["cmds"]:
                if eng.submit(command_from_dict({**body, "household": h})):
                    skipped += 1
        elif kind == "fac" and e["a"] in ("lever", "event"):
            if e.get("town") in (None, town):
                make = levers.lever_change if e["a"] == "lever" else levers.event_change
                eng.schedule_change(make(eng, e[e["a"]], eng.month + 1))
        elif kind == "month" and not eng.done:
            eng.end_month()
    actual = r.towns[town]
    months = min(actual.month, eng.month)
    rows = []
    for i, spec in enumerate(seats):
        if spec["town"] != town:
            continue
        h = spec["household"]
        was = outcome_of(actual, h, crowd["trade"], months)["final"]
        would = outcome_of(eng, h, crowd["trade"], months)["final"]
        role = (
            "first" if i == crowd["first_seat"] else ("follower" if i in followers else "elsewhere")
        )
        rows.append(
            {
                "seat": i,
                "role": role,
                "net_worth": was["net_worth"],
                "net_worth_if": would["net_worth"],
                "total_profit": was["total_profit"],
                "total_profit_if": would["total_profit"],
            }
        )
    was = outcome_of(actual, seats[crowd["first_seat"]]["household"], crowd["trade"], months)
    would = outcome_of(eng, seats[crowd["first_seat"]]["household"], crowd["trade"], months)
    return {
        **crowd,
        "followers": {str(k): v for k, v in followers.items()},
        "months": months,
        "skipped": skipped,
        "sellers_peak": was["final"]["sellers_peak"],
        "sellers_peak_if": would["final"]["sellers_peak"],
        "price_end": was["final"]["trade_price_end"],
        "price_end_if": would["final"]["trade_price_end"],
        "entries": was["final"]["trade_entries"],
        "entries_if": would["final"]["trade_entries"],
        "seats": rows,
    }


__all__ = ["FALLBACK_PATH", "crowded_trade", "no_followers"]
