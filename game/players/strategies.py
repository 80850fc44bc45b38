"""Scripted strategies: one household following one path, parameterised by path x trade x
entry month.

    PathPlayer("migrate")                     # leaves for the city in the first month
    PathPlayer("self_employ", trade=1, entry_month=3)

Every path is taken in the first month (month 0, the month of the layoff): job search,
retraining (then job search when the course ends), migration, internal retirement, day labour.
Self-employment decides in the first month too (and asks for the certificate the loan needs),
waits on its unemployment insurance, and opens in `entry_month` (see `Entrepreneur`). A
household that closes its business or gives up its plan falls back on day labour or job search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.core import commands as C
from game.core.commands import PATHS
from game.players.business import Entrepreneur
from game.players.events import calm_choice
from game.players.seat import Seat

OTHER_PATHS = tuple(p for p in PATHS if p != "self_employ")
ENTRY_MONTHS = (1, 3, 6)


@dataclass
class PathPlayer:
    path: str
    trade: int | None = None  # self_employ: the trade's index (None: the best fit it can reach)
    entry_month: int = 1  # self_employ: the month the business opens
    bridge: bool = True  # self_employ: may open on informal credit before the loan comes
    on_path: str = ""  # the path the household is on now (its fallback after a business)
    unavailable: list = field(default_factory=list)  # why the path could not be taken
    fell_back_month: int = -1
    business: Entrepreneur | None = None
    started: bool = False

    def __post_init__(self) -> None:
        if self.path not in PATHS:
            raise ValueError(f"unknown path {self.path!r}; one of {', '.join(PATHS)}")
        self.on_path = self.path
        if self.path == "self_employ":
            self.business = Entrepreneur(self.trade, self.entry_month, self.bridge)

    # ---- the Player protocol ---------------------------------------------------------------
    def act(self, seat: Seat) -> None:
        h = seat.household
        if seat.status() == "soe_worker":
            return  # the scenario lays the household off in a later wave: it works until then
        if not self.started:
            self.started = True
            if self.business is None:
                cmd = C.ChoosePath(h, self.path)
                self.unavailable = cmd.validate(seat.engine)
                if not self.unavailable:
                    seat.submit(cmd)
                return
            self.business.prepare(seat)
        if self.business is not None and self.on_path == "self_employ":
            fallback = self.business.act(seat)
            if fallback is not None:
                self.fall_back(seat, fallback)
        elif self.business is not None:
            self.business.settle_loan(seat, None)  # a loan outlives the business

    def choose(self, seat: Seat, event: Any) -> int:
        return calm_choice(seat, event, self.on_path)

    # ---- helpers ---------------------------------------------------------------------------
    def fall_back(self, seat: Seat, path: str) -> None:
        self.on_path = path
        self.fell_back_month = seat.month
        if seat.status() != path:
            seat.submit(C.ChoosePath(seat.household, path))

    @property
    def label(self) -> str:
        if self.path != "self_employ":
            return self.path
        return f"self_employ:{self.trade}:{self.entry_month}"


def path_players(n_trades: int, entry_months: tuple[int, ...] = ENTRY_MONTHS) -> list[PathPlayer]:
    """Every strategy the `paths` command plays: the other paths, then self-employment in each
    trade entering in each month."""
    out = [PathPlayer(p) for p in OTHER_PATHS]
    out += [
        PathPlayer("self_employ", trade=t, entry_month=m)
        for t in range(n_trades)
        for m in entry_months
    ]
    return out


__all__ = ["ENTRY_MONTHS", "OTHER_PATHS", "PathPlayer", "path_players"]
