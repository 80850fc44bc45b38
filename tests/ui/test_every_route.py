"""Every route of the screen registry (game/ui/scenes/__init__.py) opens on a real session at a
classroom window and a small laptop's, and draws a few frames without the app recovering: a
screen that raises fails here (the `scene_errors_raise` fixture, tests/conftest.py), it does
not land quietly on the title. A route added to the registry without a line here fails too."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest
from screens_tour import _with_business
from ui_helpers import frames

from game import saves, userdirs
from game.debrief import scripted
from game.session import GameSession
from game.ui import scenes
from game.ui.scene import Scene
from game.ui.settings import Settings

SIZES = [(1280, 720), (1024, 600)]


@pytest.fixture(scope="module")
def finished_run():
    return scripted.play("steel_town_2016", seed=3)


def _fresh() -> GameSession:
    return GameSession.new("steel_town_2016", seed=41132, autosave=False)


def _business() -> GameSession:
    s = _with_business("en")
    assert s.business() is not None
    return s


def _result(app):
    s = _business()
    return {"session": s, "report": s.end_month()}


def _event(app):
    s = _business()
    event = s.scenario.events[0]
    s.pending_events.append(event)
    s.event_facts[event.id] = s.facts()
    return {"session": s, "event": event}


def _loan_due(app):
    s = _business()
    assert s.household().has_loan
    s.engine.state.loan_due_month[s.player] = s.month  # the test sets the due date up
    return {"session": s}


def _continue(app):
    s = _fresh()
    saves.save(s, userdirs.autosave_path())
    return {"path": userdirs.autosave_path()}


def _workshop_room():
    from game.ui.scenes.workshop.room import Room, sessions_dir
    from game.workshop import WorkshopSession

    path = sessions_dir() / "route.session"
    ws = WorkshopSession.new("steel_town_2016", towns=2, seats=3, seed=4, path=path,
                             occupied=True, months=3)  # fmt: skip
    ws.resolve(force=True)
    return Room(ws, path)


def _run_menu(app):
    return {"session": _fresh(), "on_leave": lambda: None}


def _no_room():
    """A seat's client not yet started: the screen shows it connecting."""
    from game.room.client import SeatClient, parse_target

    return SeatClient(parse_target("127.0.0.1:8765", "K7QM2P"))


# Each route's keyword arguments, made for the app about to open it.
ROUTES = {
    "title": lambda app, done: {},
    "settings": lambda app, done: {},
    "credits": lambda app, done: {},
    "dialog": lambda app, done: {"title": "A title", "body": "A body."},
    "new_game": lambda app, done: {},
    "scenarios": lambda app, done: {},
    "load": lambda app, done: {},
    "continue": lambda app, done: _continue(app),
    "save": lambda app, done: {"session": _fresh()},
    "start_scenario": lambda app, done: {
        "args": SimpleNamespace(scenario="steel_town_2016", seed=7)
    },
    "briefing": lambda app, done: {"session": _fresh()},
    "household": lambda app, done: {"session": _fresh()},
    "strategy": lambda app, done: {"session": _fresh()},
    "path": lambda app, done: {"session": _fresh()},
    "loan_office": lambda app, done: {"session": _business()},
    "business": lambda app, done: {"session": _fresh()},
    "month": lambda app, done: {"session": _business()},
    "run_menu": lambda app, done: _run_menu(app),
    "result": lambda app, done: _result(app),
    "event": lambda app, done: _event(app),
    "loan_due": lambda app, done: _loan_due(app),
    "charts": lambda app, done: {"session": _business(), "tab": "price"},
    "ending": lambda app, done: {"session": copy.deepcopy(done)},
    "debrief_summary": lambda app, done: {"session": copy.deepcopy(done)},
    "debrief": lambda app, done: {"session": copy.deepcopy(done)},
    "workshop": lambda app, done: {},
    "workshop_dashboard": lambda app, done: {"room": _workshop_room()},
    "workshop_handover": lambda app, done: {"room": _workshop_room(), "seat": 1},
    "workshop_seat": lambda app, done: {"room": _workshop_room(), "seat": 2},
    "workshop_debrief": lambda app, done: {"room": _workshop_room()},
    "join": lambda app, done: {"address": "127.0.0.1:8765", "code": "K7QM2P"},
    "start_join": lambda app, done: {"args": SimpleNamespace(room="K7QM2P", code="")},
    "remote_seat": lambda app, done: {"client": _no_room()},
    "autoplay": lambda app, done: {
        "args": SimpleNamespace(months=1, seed=5, scenario=None, screenshot_dir=None)
    },
}


def test_every_registered_route_is_opened_here():
    assert sorted(ROUTES) == sorted(scenes.SCENES)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_the_route_opens_and_draws(make_app, finished_run, route, size):
    assert scenes.resolve(route) is not None, f"{route} does not import"
    app = make_app(Settings(window_size=size))
    below = app.top
    kwargs = ROUTES[route](app, finished_run)
    app.open(route, **kwargs)
    frames(app, 4)
    if route == "autoplay":  # a hook: the bot drives the title on, screen by screen
        frames(app, 60)
    assert isinstance(app.top, Scene)
    assert app.top is not below or route in ("title", "autoplay"), f"{route} opened nothing"
    assert not app._errors
