"""A seat's turn: the single-player month screen on the seat's `SeatSession` (its household
only), adapted where a workshop differs: ending the month marks the seat done and hands the
laptop on (the town resolves once every seat has ended it, or the timer runs out), the menu
leaves the turn instead of saving, and the turn opens with what the seat must know first
(last month's result, a month the timer ended for it, the facilitator's changes)."""

from __future__ import annotations

from game.i18n import t
from game.ui.scenes.month import MonthScene
from game.ui.scenes.workshop.handover import back_to_dashboard, hand_on
from game.ui.scenes.workshop.room import Room


class SeatMonthScene(MonthScene):
    route = "workshop_seat"

    def __init__(self, app, room: Room, seat: int, **_kwargs) -> None:
        super().__init__(app, session=room.ws.seat(seat).run)
        self.room = room
        self.seat = seat
        self.greeted = False

    # ---- the turn opens -------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.room.tick():  # the timer ran out in the middle of this turn
            name = self.room.ws.seat(self.seat).name
            back_to_dashboard(self.app)
            self.app.message(t("wsui.seat.time_up_title"), t("wsui.seat.time_up", name=name))
            return
        if not self.greeted and self.app.top is self and self._result_next is None:
            self.greeted = True
            self._greet()
            return
        super().update(dt)

    def _greet(self) -> None:
        """Last month's result, then (on top, read first) what the seat is told: a month the
        timer ended, the facilitator's changes, a pause."""
        ws, s = self.room.ws, self.session
        if ws.month > 0 and s.last_report is not None and s.book:
            self.app.open("result", session=s, report=s.last_report, chores=[])
        view = ws.seat_view(self.seat)
        told = [m["text"] for m in view.messages if m["key"] != "workshop.msg.scripted"]
        if told:
            self.app.message(t("wsui.seat.news_title", name=view.name), "\n\n".join(told))

    def end_month_tip(self, months_left: str) -> str:  # the town resolves it, not this seat
        return t("wsui.seat.end_tip", name=self.room.ws.seat(self.seat).name)

    # ---- where the single-player screen would end the month ----------------------------------
    def end_month(self) -> None:
        s = self.session
        if s.pending_events:
            self.next_check = True
            return
        r = self.room.ws.end_month(self.seat)
        if not r.ok:
            self.app.message(t("wsui.seat.cannot_end"), r.message)
            return
        self.room.changed()
        hand_on(self.app, self.room, after=self.seat)

    def _next_step(self) -> None:
        if self.room.ws.over:
            back_to_dashboard(self.app)
            return
        super()._next_step()

    def open_menu(self) -> None:
        self.app.confirm(
            t("wsui.seat.leave_title"),
            t("wsui.seat.leave_body", name=self.room.ws.seat(self.seat).name),
            on_yes=lambda: back_to_dashboard(self.app),
            yes=t("wsui.seat.leave_yes"),
        )

    def _to_title(self) -> None:
        back_to_dashboard(self.app)


__all__ = ["SeatMonthScene"]
