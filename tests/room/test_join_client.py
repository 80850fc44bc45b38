"""`python main.py join`: the desktop game as a seat of a room. The client alone against a real
host on localhost (no pygame), then the join screen and the seat's screen driven headless
through joining, a decision, ending the month, a connection the host drops, a wrong code and a
room that is not there."""

from __future__ import annotations

import asyncio
import importlib.util
import socket
import sys
import time
from pathlib import Path

import pytest

from game.room import client as client_mod
from game.room.client import SeatClient, TargetError, TokenStore, parse_target
from game.ui.settings import Settings

UI_TESTS = Path(__file__).resolve().parents[1] / "ui"
sys.path.insert(0, str(UI_TESTS))
from ui_helpers import click, element, frames  # noqa: E402


def _ui_fixtures():
    """The UI tests' own fixtures (a headless app in temporary user folders), loaded under
    another name: both folders call theirs conftest."""
    spec = importlib.util.spec_from_file_location("ui_conftest", UI_TESTS / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.user_dirs, module.make_app


user_dirs, make_app = _ui_fixtures()

GUARD_S = 120  # a generous guard for a loaded machine, not a timing assertion


@pytest.fixture(autouse=True)
def quick_retry(monkeypatch):
    monkeypatch.setattr(client_mod, "FIRST_RETRY_S", 0.05)


def until(pred, app=None, what: str = "") -> None:
    end = time.monotonic() + GUARD_S
    while not pred():
        if time.monotonic() > end:
            raise AssertionError(f"never happened: {what}")
        if app is not None:
            frames(app, 1)
        time.sleep(0.01)


class Inbox:
    """Everything a client reported, kept for the test to look through."""

    def __init__(self, c: SeatClient) -> None:
        self.c, self.seen = c, []

    def wait(self, kind: str, pred=lambda d: True, after: int = 0) -> dict:
        found: list[dict] = []

        def look() -> bool:
            self.seen += self.c.poll()
            found[:] = [e.data for e in self.seen[after:] if e.kind == kind and pred(e.data)]
            return bool(found)

        until(look, what=kind)
        return found[0]


def drop_connections(room) -> None:
    """The host closes every seat's websocket (as a dropped Wi-Fi would end it)."""

    async def close_all():
        for c in list(room.host.clients):
            if c.role == "seat":
                await c.ws.close()

    loop = room.threaded._loop
    asyncio.run_coroutine_threadsafe(close_all(), loop).result(timeout=GUARD_S)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- the address a student types ---------------------------------------------------------------
def test_the_room_is_found_from_what_the_projector_shows():
    t = parse_target("http://192.168.1.5:8765/?code=k7qm-2p")
    assert (t.url, t.code) == ("ws://192.168.1.5:8765/ws", "K7QM2P")
    assert parse_target("192.168.1.5", "k7 qm2p").url == "ws://192.168.1.5:8765/ws"
    assert parse_target("10.0.0.2:9000").code == ""
    bare = parse_target("K7QM2P")  # a room on this machine
    assert (bare.url, bare.code) == ("ws://127.0.0.1:8765/ws", "K7QM2P")
    for bad in ("", "ftp://x/", "http://:99", "host:notaport"):
        with pytest.raises(TargetError):
            parse_target(bad)


# ---- the client alone ---------------------------------------------------------------------------
def test_a_seat_joins_decides_ends_the_month_and_comes_back_after_a_drop(room_factory, tmp_path):
    room = room_factory(seats=2)
    store = TokenStore(tmp_path / "seats.json")
    target = parse_target(f"127.0.0.1:{room.port}", room.code)
    c = SeatClient(target, "Li <b>Hua</b>", "day labour", "en", store).start()
    try:
        box = Inbox(c)
        welcome = box.wait("welcome")
        assert welcome["name"] == "Li <b>Hua</b>"  # plain text, as typed
        assert store.get(target) == c.token  # kept for the next time the game opens
        view = box.wait("view")["view"]
        assert view["month"] == 0 and view["household"]["status"] == "laid_off"
        ref = c.command({"command": "choose_path", "path": "day_labour"}, view["accepted"])
        ack = box.wait("ack", lambda d: d.get("ref") == ref)
        assert ack["applied"] is True
        ref = c.end_month(0)
        ack = box.wait("ack", lambda d: d.get("ref") == ref)
        assert ack["applied"] is True and ack["waiting_for"] == 0  # the only seat taken
        box.wait("view", lambda d: d["view"]["month"] == 1)

        seat = c.seat
        mark = len(box.seen)
        drop_connections(room)
        box.wait("offline", after=mark)
        box.wait("online", after=mark)
        again = box.wait("view", after=mark)["view"]
        assert c.seat == seat and again["month"] == 1 and c.connections == 2
        assert again["household"]["status"] == "day_labour"  # nothing decided was lost
    finally:
        c.close()
    # Opening the game again: the kept token rejoins the same seat, with no name typed.
    c2 = SeatClient(target, store=store).start()
    try:
        assert Inbox(c2).wait("welcome")["seat"] == seat
    finally:
        c2.close()


@pytest.mark.parametrize("case", ["bad_code", "no_free_seat", "unreachable"])
def test_a_room_that_cannot_be_joined_says_why(room_factory, tmp_path, case):
    room = room_factory(seats=1)
    code = "WRONG1" if case == "bad_code" else room.code
    port = free_port() if case == "unreachable" else room.port
    if case == "no_free_seat":
        first = SeatClient(parse_target(f"127.0.0.1:{port}", code), "First").start()
        Inbox(first).wait("view")
    c = SeatClient(parse_target(f"127.0.0.1:{port}", code), "Li").start()
    try:
        failed = Inbox(c).wait("failed")
        assert failed["code"] == case
        assert c.send({"type": "view"}) is None  # nothing goes out once the room said no
    finally:
        c.close()
        if case == "no_free_seat":
            first.close()


# ---- the desktop screens --------------------------------------------------------------------------
def fill_and_join(app, address: str, code: str, name: str) -> None:
    app.open("join", address=address, code=code)
    frames(app, 2)
    scene = app.top
    element(scene, "name").set_text(name)
    element(scene, "strategy").set_text("Day labour until a stall looks safe")
    click(app, element(scene, "join"))


def test_the_desktop_seat_plays_a_month_and_rides_out_a_drop(make_app, room_factory):
    room = room_factory(seats=2)
    app = make_app()
    fill_and_join(app, f"127.0.0.1:{room.port}", room.code, "Li <b>Hua</b>")
    seat = app.top
    assert type(seat).__name__ == "RemoteSeatScene"
    until(lambda: seat.view is not None, app, "the first view")
    assert element(seat, "end").is_enabled
    who = [e for e in seat._elements if "Li <b>Hua</b>" in getattr(e, "text", "")]
    assert who, "the name is shown as typed, never as markup"

    click(app, element(seat, "path:day_labour"))
    until(lambda: seat.view["household"]["status"] == "day_labour", app, "the path taken")
    click(app, element(seat, "end"))
    until(lambda: seat.view["month"] == 1, app, "the next month")
    assert seat.view["account"] is not None  # the month's account came with it
    assert element(seat, "end").is_enabled

    drop_connections(room)
    until(lambda: seat.state == "offline", app, "the drop seen")
    assert seat.status_label.text == "Connection lost: trying again…"
    until(lambda: seat.state == "online", app, "back with the token")
    assert "Connected again" in " ".join(getattr(e, "html_text", "") for e in seat._elements)
    assert seat.view["month"] == 1 and seat.view["household"]["status"] == "day_labour"
    assert not app._errors


def test_a_wrong_code_shows_why_and_back_keeps_what_was_typed(make_app, room_factory):
    room = room_factory(seats=2)
    app = make_app(Settings(language="zh", ui_scale=1.5))
    fill_and_join(app, f"127.0.0.1:{room.port}", "NOTME", "李华")
    seat = app.top
    until(lambda: seat.state == "failed", app, "the refusal")
    assert seat.failure == "bad_code"
    click(app, element(seat, "back"))
    join = app.top
    assert type(join).__name__ == "JoinScene"
    assert element(join, "name").get_text() == "李华"
    assert not app._errors


def test_the_join_screen_asks_for_a_name_before_connecting(make_app):
    app = make_app()
    app.open("join", address="127.0.0.1:1", code="ABC123")
    frames(app, 2)
    join = app.top
    click(app, element(join, "join"))
    assert app.top is join and join.error == "Write your name: the class sees it."


def test_the_last_month_ends_on_the_seats_debrief(make_app, room_factory):
    room = room_factory(seats=1, months=2)
    app = make_app()
    fill_and_join(app, f"127.0.0.1:{room.port}", room.code, "Li")
    seat = app.top
    until(lambda: seat.view is not None, app, "the first view")
    for month in (0, 1):
        until(lambda m=month: seat.view["month"] == m and seat.can_act(), app, "the month")
        click(app, element(seat, "end"))
    until(lambda: seat.view["over"], app, "the end")
    shown = " ".join(getattr(e, "html_text", "") for e in seat._elements)
    assert "Day labour until a stall looks safe" in shown  # the plan read back
    assert "For the class discussion" in shown
    click(app, element(seat, "home"))
    assert type(app.top).__name__ == "TitleScene" and not app._errors


def test_the_timer_counts_down_and_an_ended_month_says_who_is_left(make_app, room_factory):
    room = room_factory(seats=2, timer=600)
    other = SeatClient(parse_target(f"127.0.0.1:{room.port}", room.code), "Other").start()
    try:
        Inbox(other).wait("view")  # a second seat still deciding
        app = make_app()
        fill_and_join(app, f"127.0.0.1:{room.port}", room.code, "Li")
        seat = app.top
        until(lambda: seat.view is not None, app, "the first view")
        assert "s left this month" in seat.status_label.text
        click(app, element(seat, "end"))
        until(lambda: seat.view["ended"], app, "the month ended")
        assert "Waiting for 1 more to end the month." in seat.status_label.text
        assert not element(seat, "end").is_enabled
    finally:
        other.close()


def test_the_join_screen_takes_the_name_typed_at_once(make_app):
    """The name field showed the focus ring, but what a student typed went nowhere until
    they clicked it; the first empty field now has the keyboard (and Enter goes on)."""
    import pygame

    app = make_app(Settings(language="zh", ui_scale=1.5))
    app.open("join", address="127.0.0.1:1", code="ABC123")
    frames(app, 2)
    join = app.top
    assert app.typing() and element(join, "name").is_focused
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": "李华"}))
    frames(app, 2)
    assert element(join, "name").get_text() == "李华"
    app.open("join")  # nothing given: the address first
    frames(app, 2)
    assert element(app.top, "address").is_focused and not element(app.top, "name").is_focused
    assert not app._errors


def test_the_seat_s_paths_read_in_chinese_punctuation(make_app, room_factory):
    """The paths' lines were "自主创业: ..." with the English colon and space: the line broke
    at that space and left the path's name alone on its line."""
    room = room_factory(seats=2)
    app = make_app(Settings(language="zh", ui_scale=1.5))
    fill_and_join(app, f"127.0.0.1:{room.port}", room.code, "李华")
    seat = app.top
    until(lambda: seat.view is not None, app, "the first view")
    shown = "".join(getattr(e, "html_text", "") for e in seat._elements).replace("<br>", "")
    for p in seat.view["paths"]:
        assert f"{p['title']}：" in shown and f"{p['title']}: " not in shown, p["title"]
    assert not app._errors


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_guarantors_buttons_hold_their_words_at_150_percent(make_app, room_factory, lang):
    """ "申请贷款，请王敏担保（多半会答应，有六七成…" ran past its button's edge, cut: the
    odds go short where the whole line does not fit, then the name and the odds alone."""
    from game.core.commands import ApplyForCertificate, ChoosePath
    from game.core.state import Cert
    from game.room import seatview
    from game.session import GameSession, load_scenario

    room = room_factory(seats=2)
    app = make_app(Settings(language=lang, ui_scale=1.5))
    fill_and_join(app, f"127.0.0.1:{room.port}", room.code, "Li")
    seat = app.top
    until(lambda: seat.view is not None, app, "the first view")
    s = GameSession.new(load_scenario("steel_town_2016"), seed=5)
    s.submit(ChoosePath(0, "self_employ"))
    s.submit(ApplyForCertificate(0))
    while s.engine.state.cert[0] == Cert.PENDING:
        s.end_month()
    loan = seatview.seat_view(s, lang)["loan"]
    assert len(loan["guarantors"]) >= 2
    odds = ["two_in_three", "very_likely", "one_in_three", "one_in_ten"]  # the longest words
    for g, key in zip(loan["guarantors"], odds, strict=False):
        g["odds"], g["ask_again_month"] = i18n_t(f"guarantor.odds.{key}"), None
    seat.view = {**seat.view, "loan": loan}
    seat.tab = "loan"
    seat._build()
    frames(app, 2)
    asked = [e for e in seat._elements if (seat.name_of(e) or "").startswith("apply:")]
    assert len(asked) == len(loan["guarantors"])
    for e in asked:
        words = e.font.size(e.text)[0]
        assert words + seat.px(16) <= e.rect.w, (e.text, words, e.rect.w)
        g = next(g for g in loan["guarantors"] if f"apply:{g['household']}" == seat.name_of(e))
        assert g["name"] in e.text
    assert not app._errors


def i18n_t(key: str) -> str:
    from game.i18n import t

    return t(key)


def test_the_seat_counts_lots_from_1_as_its_decisions_do(make_app, room_factory):
    """The business tab offered "lot 9" and the decisions then said "opened on lot 10"."""
    from game.i18n import t

    room = room_factory(seats=2)
    app = make_app()
    fill_and_join(app, f"127.0.0.1:{room.port}", room.code, "Li")
    seat = app.top
    until(lambda: seat.view is not None, app, "the first view")
    lot = seat.view["free_lots"][0]
    seat.tab = "business"
    seat._build()
    frames(app, 2)
    shown = " ".join(getattr(e, "html_text", "") for e in seat._elements)
    assert t("room.business.lot", lot=lot + 1) in shown, shown
    cheapest = min(seat.view["trades"], key=lambda x: x["start_up"])
    click(app, element(seat, f"trade:{cheapest['trade']}"))
    until(lambda: seat.view["business"] is not None, app, "the shop opened")
    seat._build()
    frames(app, 2)
    shown = " ".join(getattr(e, "html_text", "") for e in seat._elements)
    assert seat.view["business"]["lot"] == lot
    assert t("room.business.lot", lot=lot + 1) in shown, shown
    decided = " ".join(d["text"] for d in seat.view["decisions"])
    assert t("month.business.lot", lot=lot + 1) in decided, decided
    assert not app._errors
