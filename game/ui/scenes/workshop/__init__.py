"""Workshop mode on one machine: the setup from the title, the facilitator's dashboard (the
projector), the hand-over screen between seats (hot-seat), a seat's month (the single-player
month screen on the seat's `SeatSession`) and the class debrief.

    title -> "workshop" (setup.py: a new session, or one resumed from its file)
          -> "workshop_dashboard" (dashboard.py: the hub; Enter hands the laptop on)
          -> "workshop_handover" (handover.py) -> "workshop_seat" (seat.py) -> next hand-over
          ... every seat ended the month: it resolves, back to the dashboard
          -> "workshop_debrief" (debrief.py: the questions in order, the class report)

The session (game/workshop) does the rules and keeps the file; these screens only show it and
pass on what people choose. `Room` (room.py) holds the session while the screens change.
"""
