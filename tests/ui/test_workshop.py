"""Workshop mode on one machine, played through the screens: the setup from the title, the
hand-over screens between seats, each seat's month on its own household, the facilitator's
dashboard and controls, the timer, the class debrief and the class report, resuming a session
from its file."""

from __future__ import annotations

import json

import pygame
import pytest
from ui_helpers import buttons, click, element, frames, press

from game import userdirs
from game.ui.scenes.workshop.room import Room, sessions_dir
from game.ui.settings import Settings
from game.workshop import WorkshopSession

NAMES = ["Li Hua", "Wang Fang", "Zhang Wei", "Chen Jing"]


def top(app) -> str:
    return type(app.top).__name__


def make_room(towns=1, seats=4, months=3, occupied=True, **kw) -> Room:
    path = sessions_dir() / "test.session"
    names = [f"P{i + 1}" for i in range(towns * seats)]
    names[: len(NAMES)] = NAMES[: towns * seats]
    ws = WorkshopSession.new("steel_town_2016", towns=towns, seats=seats, seed=11, path=path,
                             occupied=occupied, months=months, names=names, **kw)  # fmt: skip
    return Room(ws, path)


def on_dashboard(app, **kw) -> Room:
    """A session (see make_room) open on the facilitator's dashboard."""
    room = make_room(**kw)
    app.open("workshop_dashboard", room=room)
    frames(app, 3)
    return room


def settle(app) -> list[str]:
    """What a seat meets before its month screen (last month's result, news, the town's
    events): read and answered as a person would. Returns the dialogs' bodies."""
    told = []
    for _ in range(12):
        name = top(app)
        if name == "SeatMonthScene":
            return told
        if name == "EventScene":
            frames(app, 45)  # it takes no input while it fades in
            press(app, pygame.K_1, n_frames=4)
        else:
            told.append(getattr(app.top, "body", ""))
            press(app, pygame.K_ESCAPE, n_frames=4)
    raise AssertionError(f"stuck on {top(app)}")


def decide(app, path: str) -> None:
    seat = app.top
    click(app, buttons(seat)[f"path_{path}"])
    assert top(app) == "DialogScene"
    click(app, element(app.top, "yes"))
    assert seat.session.status in (path, "retraining")


def test_a_four_seat_hot_seat_session_played_through_the_screens(app):
    press(app, pygame.K_w, n_frames=4)
    setup = app.top
    assert top(app) == "WorkshopSetupScene"
    for i, name in enumerate(NAMES):
        element(setup, f"name_{i}").set_text(name)
    element(setup, "plan_0").set_text("Day labour while the mill's friends hire")
    for _ in range(30):  # Left on "Months" down to a practice round's length
        setup.focus.focus_name("months")
        press(app, pygame.K_LEFT, n_frames=1)
    assert setup.months == 2
    press(app, pygame.K_g, n_frames=4)
    assert top(app) == "DashboardScene"
    room = app.top.room
    ws = room.ws
    assert [s.name for s in ws.seats] == NAMES and ws.months == 2
    assert ws.seat(0).spec.strategy.startswith("Day labour")
    plan = {0: "day_labour", 1: "job_search", 2: "retrain"}
    for month in range(2):
        assert top(app) == "DashboardScene" and ws.month == month
        press(app, pygame.K_RETURN, n_frames=3)  # "Hand over" has the focus
        for k in range(4):
            assert top(app) == "HandoverScene" and app.top.seat == k
            assert app.top.name == NAMES[k]
            press(app, pygame.K_RETURN, n_frames=6)  # "I am ...: start my month"
            settle(app)
            seat = app.top
            assert seat.session is ws.seat(k).run  # this seat's household, and only it
            assert seat.session.player == ws.seat(k).household
            if month == 0 and k in plan:
                decide(app, plan[k])
            press(app, pygame.K_e, n_frames=4)  # End month: the laptop goes on
            if k < 3:
                assert ws.seat(k).done and ws.month == month
        assert ws.month == month + 1  # every seat ended it: the month resolved
    assert ws.over and top(app) == "DashboardScene"
    lines = [json.loads(x) for x in room.path.read_text(encoding="utf-8").splitlines()[1:]]
    chosen = {
        e["s"]: e["cmd"].get("path")
        for e in lines
        if e["k"] == "cmd" and e["by"] == "p" and e["cmd"]["command"] == "choose_path"
    }
    assert chosen == plan  # each seat's own decision, made on its own screen, in the file
    assert sum(1 for e in lines if e["k"] == "done") == 8
    press(app, pygame.K_d, n_frames=4)
    assert top(app) == "ClassDebriefScene"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_dashboard_shows_forty_seats_in_two_towns(make_app, size):
    app = make_app(Settings(window_size=size))
    room = make_room(towns=2, seats=20, months=8)
    ws = room.ws
    for _ in range(3):
        room.resolve(force=True)
    ws.reveal(5)
    app.open("workshop_dashboard", room=room)
    frames(app, 6)
    dash = app.top
    window = app.window.get_rect()
    assert all(window.contains(el.rect) for el in dash._elements if hasattr(el, "rect"))
    rows = dash._picture("table").hits
    assert len(rows) == 40
    assert [r[1][0] for r in rows] == [f"{s.index + 1}. {s.name}" for s in ws.seats]
    assert all(window.contains(rect) for rect, _ in rows)
    # private numbers: only the revealed seat's
    cash = [r[1] for r in rows if any(line.startswith("Cash") for line in r[1])]
    assert len(cash) == 1 and cash[0][0] == f"6. {ws.seat(5).name}"
    # every seat's shop on the street is marked with its name
    for town in (0, 1):
        marked = {lines[0] for _, lines in dash._picture(f"town{town}").hits}
        shops = {s.name for s in ws.seats if s.town == town and s.engine.state.lot[s.household] >= 0
                 and s.run.status == "self_employed"}  # fmt: skip
        assert shops <= marked
    # who has not yet ended the month is on the top line
    ws.end_month(0)
    room.changed()
    frames(app, 2)
    assert 0 not in ws.waiting() and len(ws.waiting()) == 39


def test_a_rule_changed_on_the_dashboard_is_in_the_file_and_acts_next_month(app):
    room = on_dashboard(app, months=4)
    ws = room.ws
    assert ws.towns[0].params.policy.loans_enabled
    press(app, pygame.K_l, n_frames=3)
    assert top(app) == "ChoiceScene"
    press(app, pygame.K_2, n_frames=3)  # "Stop lending"
    assert top(app) == "DashboardScene"
    facs = [json.loads(x) for x in room.path.read_text(encoding="utf-8").splitlines()[1:]]
    assert {"k": "fac", "m": 0, "a": "lever", "lever": "stop_lending"}.items() <= facs[-1].items()
    assert ws.towns[0].params.policy.loans_enabled  # this month's rules stand
    press(app, pygame.K_f, n_frames=3)  # end the month now: everyone is still deciding
    click(app, element(app.top, "yes"))
    assert ws.month == 1
    assert not ws.towns[0].params.policy.loans_enabled
    resumed = WorkshopSession.load(room.path)
    assert not resumed.towns[0].params.policy.loans_enabled and resumed.month == 1


def test_a_seat_whose_time_ran_out_is_told_on_its_screen(app):
    room = on_dashboard(app, months=4, timer_seconds=60)
    ws = room.ws
    press(app, pygame.K_RETURN, n_frames=3)
    press(app, pygame.K_RETURN, n_frames=4)
    settle(app)
    assert top(app) == "SeatMonthScene" and app.top.seat == 0
    ws.month_opened_at -= 61  # the minute has gone by
    frames(app, 3)
    assert ws.month == 1 and ws.seat(0).late_months == [0]
    assert top(app) == "DialogScene" and "Li Hua" in app.top.body
    assert "no new decision" in app.top.body
    press(app, pygame.K_ESCAPE, n_frames=3)
    assert top(app) == "DashboardScene"
    press(app, pygame.K_RETURN, n_frames=3)
    press(app, pygame.K_RETURN, n_frames=6)
    told = settle(app)
    assert any("Time ran out before you ended last month" in body for body in told)


def test_the_class_debrief_shows_the_class_numbers_and_writes_the_report(
    app, tmp_path, monkeypatch
):
    monkeypatch.setenv("IRB_REPORT_DIR", str(tmp_path / "reports"))
    path = sessions_dir() / "played.session"
    ws = WorkshopSession.new("steel_town_2016", towns=2, seats=4, seed=3, path=path, months=6)
    ws.play_to_end()
    opened = sum(
        1
        for s in ws.seats
        if any(c["command"] == "open_business" and c["household"] == s.household
               for c in s.engine.command_log)
    )  # fmt: skip
    assert opened > 0
    app.open("workshop_debrief", room=Room(ws, path))
    frames(app, 3)
    deb = app.top
    assert any("Question 1 of 5" in x for x in deb.texts)
    assert any(s.name in deb.texts for s in ws.seats)
    press(app, pygame.K_RIGHT)
    assert any("Question 2 of 5: Predict" in x for x in deb.texts)
    assert not any(s.spec.strategy in deb.texts for s in ws.seats)  # nothing before the reveal
    press(app, pygame.K_r)
    assert any(f"{opened} of 8 seats opened one" in x for x in deb.texts)
    assert all(s.spec.strategy in deb.texts for s in ws.seats)  # the strategies read back
    press(app, pygame.K_RIGHT)
    assert any("Question 3 of 5: What was unrealistic" in x for x in deb.texts)
    press(app, pygame.K_RIGHT)
    assert any("Question 4 of 5: Real cases" in x for x in deb.texts)
    assert any(f"{opened} of 8 seats opened a business" in x for x in deb.texts)
    press(app, pygame.K_RIGHT)
    assert any("Question 5 of 5" in x for x in deb.texts)
    assert sum(1 for x in deb.texts if x.startswith("• Town ")) == 2  # each town's what-if
    opened_folders = []
    monkeypatch.setattr(userdirs, "reveal", lambda p: opened_folders.append(p) or True)
    press(app, pygame.K_w, n_frames=3)
    assert top(app) == "DialogScene"
    folder = tmp_path / "reports" / "played-class-report"
    assert (folder / "class_report.html").is_file()
    said = app.top.body  # where, in words, and a button that opens it: never a path
    assert "reports folder" in said and str(tmp_path) not in said and "/" not in said
    click(app, buttons(app.top)["open_folder"])
    assert opened_folders == [folder] and app.top is deb


def test_a_session_resumes_from_its_file_on_the_setup_screen(app):
    room = make_room(months=4)
    ws = room.ws
    ws.submit(
        1, {"command": "choose_path", "household": ws.seat(1).household, "path": "day_labour"}
    )
    for k in range(4):
        ws.end_month(k)
    room.resolve()
    ws.close()
    press(app, pygame.K_w, n_frames=4)
    setup = app.top
    assert "month 2 of 4" in element(setup, "resume_0").text
    click(app, element(setup, "resume_0"), n_frames=4)
    assert top(app) == "DashboardScene"
    back = app.top.room.ws
    assert back.month == 1 and back.seat(1).run.status == "day_labour"
    assert [s.name for s in back.seats] == NAMES


def test_bad_setups_and_damaged_files_get_a_message(app):
    path = sessions_dir() / "broken.session"
    make_room(months=3).ws.close()
    (sessions_dir() / "test.session").rename(path)
    text = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(text[:1] + ['{"k": "cmd", "oops": 1}']) + "\n", encoding="utf-8")
    press(app, pygame.K_w, n_frames=4)
    setup = app.top
    click(app, element(setup, "resume_0"), n_frames=3)
    assert top(app) == "DialogScene" and "cannot be continued" in app.top.body
    press(app, pygame.K_ESCAPE, n_frames=3)
    for i in range(setup.total):
        if setup.people[i]:
            click(app, element(setup, f"who_{i}"), n_frames=2)
    press(app, pygame.K_g, n_frames=3)
    assert top(app) == "DialogScene" and "at least one seat" in app.top.body


def test_a_pause_stops_the_seats_and_the_clock(app):
    room = on_dashboard(app, months=4, timer_seconds=60)
    ws = room.ws
    press(app, pygame.K_p, n_frames=3)
    assert ws.paused and not element(app.top, "handover").is_enabled
    ws.month_opened_at -= 120  # two minutes pass while paused ...
    ws.paused_at -= 120
    frames(app, 3)
    assert ws.month == 0  # ... and the month is not ended by the timer
    press(app, pygame.K_p, n_frames=3)
    assert not ws.paused and ws.month == 0 and ws.time_left() > 0
    assert element(app.top, "handover").is_enabled


def test_a_newcomer_taking_a_scripted_seat_is_asked_their_name(app):
    room = on_dashboard(app, occupied=False)
    ws = room.ws
    assert not ws.seat(2).occupied
    press(app, pygame.K_s, n_frames=3)  # the seats
    assert top(app) == "ChoiceScene"
    press(app, pygame.K_3, n_frames=3)  # seat 3
    press(app, pygame.K_1, n_frames=3)  # "A person takes this seat"
    assert top(app) == "SeatNameScene"
    assert not ws.seat(2).occupied  # nothing is taken before a name is confirmed
    field = element(app.top, "seat_name")
    assert field.get_text() == NAMES[2]  # prefilled with the seat's name
    field.set_text("Zhou Lan")
    click(app, element(app.top, "take"))
    assert top(app) == "DashboardScene"
    assert ws.seat(2).occupied and ws.seat(2).name == "Zhou Lan"
    takes = [json.loads(x) for x in room.path.read_text(encoding="utf-8").splitlines()[1:]]
    assert {"a": "take", "s": 2, "name": "Zhou Lan"}.items() <= takes[-1].items()
    # Esc on the name keeps the seat scripted
    press(app, pygame.K_s, n_frames=3)
    press(app, pygame.K_4, n_frames=3)
    press(app, pygame.K_1, n_frames=3)
    press(app, pygame.K_ESCAPE, n_frames=3)
    assert top(app) == "DashboardScene" and not ws.seat(3).occupied
