"""A workshop session through its API: seats, rounds, the facilitator, the file, resuming."""

from __future__ import annotations

import json

import pytest

from game.core import commands as C
from game.workshop import SessionFileError, WorkshopSession
from game.workshop.replay import replay
from game.workshop.report import class_data
from game.workshop.sessionfile import load


def lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_two_towns_of_ten_scripted_seats_play_to_the_end_and_replay_hash_by_hash(tmp_path):
    path = tmp_path / "class.session"
    ws = WorkshopSession.new("steel_town_2016", towns=2, seats=10, seed=5, path=path, months=8)
    ws.play_to_end()
    ws.close()
    assert ws.over and ws.month == 8
    assert all(len(s.run.book) == 8 for s in ws.seats)  # every seat's account, every month
    assert len({s.household for s in ws.seats if s.town == 0}) == 10
    months = [e for e in lines(path)[1:] if e["k"] == "month"]
    assert [e["m"] for e in months] == list(range(8))
    for k, eng in enumerate(ws.towns):
        assert [e["hashes"][k] for e in months] == eng.hashes[1:]
    r = replay(path)
    assert r.exact and r.months == 8
    assert [eng.hashes for eng in r.towns] == [eng.hashes for eng in ws.towns]
    # some seats tried a business: the scripted mix is the crowd the essay describes
    assert any(c["command"] == "open_business" for _m, _s, c in r.commands)


def test_a_person_takes_a_seat_and_every_mistake_is_an_answer_not_an_exception(tmp_path):
    ws = WorkshopSession.new("steel_town_2016", seats=3, seed=2, path=tmp_path / "s", months=4)
    h = ws.seat(1).household
    assert ws.submit(1, C.ChoosePath(h, "retrain")).error == "workshop.error.empty_seat"
    assert ws.take_seat(1).ok
    before = ws.seat(1).engine.state_hash()
    size = (tmp_path / "s").stat().st_size
    bad = [
        ws.submit(99, C.ChoosePath(h, "retrain")),  # no such seat
        ws.submit("1", C.ChoosePath(h, "retrain")),
        ws.submit(1, C.ChoosePath(h, "fly_to_the_moon")),  # not a path
        ws.submit(1, C.ChoosePath(ws.seat(0).household, "retrain")),  # someone else's household
        ws.submit(1, {"command": "no_such_thing", "household": h}),
        ws.submit(1, C.OpenBusiness(h, 0, 0)),  # no money for it yet
    ]
    assert all(not r.ok and r.message for r in bad)
    assert [r.error.rsplit(".", 1)[1] for r in bad] == [
        "unknown_seat",
        "unknown_seat",
        "not_allowed",
        "not_your_household",
        "bad_command",
        "not_allowed",
    ]
    assert bad[-1].reasons  # the core's reasons, translated
    assert ws.seat(1).engine.state_hash() == before  # nothing changed
    assert (tmp_path / "s").stat().st_size == size  # nothing recorded
    assert ws.submit(1, C.ChoosePath(h, "retrain")).ok
    assert ws.end_month(1).ok
    again = ws.submit(1, C.SetDoctor(h, True))
    assert again.error == "workshop.error.seat_done"
    assert ws.end_month(1).error == "workshop.error.seat_done"
    assert ws.resolve().ok  # the only person has ended the month
    assert ws.seat(1).run.status == "retraining"
    json.dumps(ws.seat_view(1).to_dict())


def test_the_month_waits_for_every_person_unless_the_timer_forces_it(tmp_path):
    ws = WorkshopSession.new(
        "steel_town_2016", seats=3, seed=3, path=tmp_path / "s", months=4, occupied=True
    )
    assert ws.end_month(0).ok
    waiting = ws.resolve()
    assert not waiting.ok and waiting.error == "workshop.error.waiting"
    assert ws.month == 0 and ws.waiting() == [1, 2]
    assert ws.set_timer(90).ok and ws.time_left() is not None
    assert ws.resolve(force=True).ok and ws.month == 1
    view = ws.seat_view(2)
    assert view.late_last_month and not ws.seat_view(0).late_last_month
    assert any(m["key"] == "workshop.msg.late" for m in view.to_dict()["messages"])
    assert ws.dashboard().to_dict()["waiting"] == [
        {"seat": i, "name": ws.seat(i).name} for i in range(3)
    ]
    assert lines(tmp_path / "s")[-1]["late"] == [1, 2]


def test_pause_blocks_the_seats_and_end_game_ends_it(tmp_path):
    ws = WorkshopSession.new("steel_town_2016", seats=2, seed=3, months=4, occupied=True)
    h = ws.seat(0).household
    assert ws.pause().ok
    assert ws.submit(0, C.ChoosePath(h, "migrate")).error == "workshop.error.paused"
    assert ws.resolve(force=True).error == "workshop.error.paused"
    assert ws.resume().ok and ws.submit(0, C.ChoosePath(h, "migrate")).ok
    assert ws.end_game().ok and ws.over
    assert ws.resolve(force=True).error == "workshop.error.over"
    assert ws.lever("stop_lending").error == "workshop.error.over"


def test_a_pause_stops_the_months_clock(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("time.monotonic", lambda: clock[0])
    ws = WorkshopSession.new("steel_town_2016", seats=2, seed=3, months=4, occupied=True)
    assert ws.set_timer(120).ok
    clock[0] += 30
    assert ws.time_left() == 90
    assert ws.pause().ok
    clock[0] += 600  # a long discussion while paused
    assert ws.time_left() == 90  # the clock stood still
    assert ws.resume().ok
    assert ws.time_left() == 90  # and goes on from where it stopped
    clock[0] += 50
    assert ws.time_left() == 40


def test_a_name_and_plan_given_on_sitting_down_are_in_the_file_and_the_report(tmp_path):
    path = tmp_path / "s"
    ws = WorkshopSession.new("steel_town_2016", seats=3, seed=4, path=path, months=3)
    assert ws.take_seat(1, "Li Hua <b>", "Open a noodle stall\nin month 2").ok
    assert ws.seat(1).name == "Li Hua <b>"
    assert ws.seat(1).spec.strategy == "Open a noodle stall in month 2"
    ws.play_to_end()
    ws.close()
    took = [e for e in lines(path) if e.get("a") == "take"]
    assert took and took[0]["name"] == "Li Hua <b>"
    r = replay(path)
    assert r.exact and r.seats[1]["name"] == "Li Hua <b>" and r.seats[0]["name"] != "Li Hua <b>"
    assert WorkshopSession.load(path).seat(1).name == "Li Hua <b>"  # resumed with it too
    seats = class_data(r)["seats"]
    assert seats[1]["name"] == "Li Hua <b>"
    assert seats[1]["strategy"] == "Open a noodle stall in month 2"


@pytest.mark.parametrize(
    "lever, read",
    [
        ("stop_lending", lambda p: p.policy.loans_enabled),
        ("double_loan_ceiling", lambda p: p.policy.loan_ceiling_yuan),
        ("public_jobs", lambda p: p.policy.public_employment_jobs_share),
    ],
)
def test_a_policy_lever_takes_effect_the_next_month_and_is_in_the_file(tmp_path, lever, read):
    ws = WorkshopSession.new(
        "steel_town_2016", towns=2, seats=2, seed=4, path=tmp_path / "s", months=6
    )
    ws.resolve(force=True)
    ws.resolve(force=True)
    before = [read(eng.params) for eng in ws.towns]
    assert ws.lever(lever, town=1).ok
    assert [read(eng.params) for eng in ws.towns] == before  # not during the month
    ws.resolve(force=True)
    after = [read(eng.params) for eng in ws.towns]
    assert after[0] == before[0] and after[1] != before[1]  # from the next month, town 2 only
    fac = [e for e in lines(tmp_path / "s") if e.get("k") == "fac"]
    assert fac and fac[0]["m"] == 2 and fac[0]["lever"] == lever and fac[0]["town"] == 1
    assert replay(tmp_path / "s").exact


def test_town_events_lay_off_more_workers_and_cut_remittances_from_the_next_month(tmp_path):
    ws = WorkshopSession.new("steel_town_2016", seats=2, seed=4, months=6)
    eng = ws.towns[0]
    ws.resolve(force=True)
    in_post = eng.metrics.town[-1]["soe_worker"]
    assert ws.town_event("layoff_wave").ok and ws.town_event("remittance_fall").ok
    assert eng.metrics.town[-1]["soe_worker"] == in_post
    ws.resolve(force=True)  # month 2 opens with the wave
    assert eng.state.month == 2
    from game.core.rules.household import remittance_index

    assert remittance_index(eng.params, 2) == pytest.approx(0.7 * remittance_index(eng.params, 1))
    ws.resolve(force=True)
    assert eng.metrics.town[-1]["soe_worker"] < 0.7 * in_post


def test_bad_facilitator_actions_are_refused_with_a_message():
    ws = WorkshopSession.new("steel_town_2016", towns=2, seats=2, seed=4, months=3)
    for r, key in [
        (ws.lever("print_money"), "unknown_lever"),
        (ws.town_event("earthquake"), "unknown_event_kind"),
        (ws.lever("stop_lending", town=5), "unknown_town"),
        (ws.set_timer(-3), "bad_timer"),
        (ws.take_seat(7), "unknown_seat"),
        (ws.free_seat(0), "seat_already"),
    ]:
        assert not r.ok and r.error == f"workshop.error.{key}" and r.message
    assert ws.changes == []


def test_same_shocks_give_every_seat_the_same_illnesses(tmp_path):
    def ill_months(same):
        ws = WorkshopSession.new(
            "steel_town_2016", towns=2, seats=8, seed=3, months=12, same_shocks=same,
            scripts=["job_search"] * 16,
        )  # fmt: skip
        ws.play_to_end()
        return [
            tuple(r.month for r in s.run.history if any(c[0] == "ill" for c in r.causes))
            for s in ws.seats
        ]

    same = ill_months(True)
    # the same months for every seat in both towns (seed 3: two illnesses in the year)
    assert len(set(same)) == 1 and same[0]
    assert len(set(ill_months(False))) > 1


def test_names_and_strategies_are_plain_one_line_text():
    ws = WorkshopSession.new(
        "steel_town_2016", seats=2, seed=1, months=2,
        names=["Li\x00 Hua\n<b>", ""], strategies=["open a \x1b[31mnoodle\tstall " + "x" * 500],
    )  # fmt: skip
    assert ws.seat(0).name == "Li Hua <b>"
    assert ws.seat(1).name == "Seat 2"
    plan = ws.seat(0).spec.strategy
    assert plan.startswith("open a [31mnoodle stall") and len(plan) == 200


def test_a_resumed_session_is_the_same_session_and_goes_on_writing(tmp_path):
    path = tmp_path / "s"
    ws = WorkshopSession.new("steel_town_2016", seats=3, seed=6, path=path, months=6)
    ws.take_seat(0)
    h = ws.seat(0).household
    assert ws.submit(0, C.ChoosePath(h, "day_labour")).ok and ws.end_month(0).ok
    ws.resolve()
    ws.lever("public_jobs")
    ws.reveal(2)
    ws.resolve(force=True)
    ws.free_seat(0)
    ws.resolve()
    hashes = [eng.hashes for eng in ws.towns]
    ws.close()
    back = WorkshopSession.load(path)
    assert [eng.hashes for eng in back.towns] == hashes
    assert back.month == 3 and not back.seat(0).occupied and back.seat(2).revealed
    assert back.dashboard().seats[2]["private"] is not None
    assert back.dashboard().seats[1]["private"] is None
    back.play_to_end()
    back.close()
    assert replay(path).exact and replay(path).months == 6


def test_a_torn_last_line_is_dropped_said_and_repaired_on_resume(tmp_path):
    path = tmp_path / "s"
    ws = WorkshopSession.new("steel_town_2016", seats=2, seed=6, path=path, months=4)
    ws.resolve(force=True)
    ws.resolve(force=True)
    ws.close()
    whole = path.read_bytes()
    path.write_bytes(whole[:-25])  # the last line cut in the middle
    loaded = load(path)
    assert loaded.torn and loaded.notes
    back = WorkshopSession.load(path)
    # the torn record was one the session makes itself: made again, the same
    assert back.file_notes and back.month == 2
    assert back.towns[0].hashes == ws.towns[0].hashes
    assert path.read_bytes() == whole
    back.play_to_end()
    back.close()
    r = replay(path)
    assert r.exact and r.months == 4 and not r.loaded.torn


def test_an_edited_file_is_refused_and_a_rewritten_one_differs_at_the_right_month(tmp_path):
    path = tmp_path / "s"
    ws = WorkshopSession.new("steel_town_2016", towns=2, seats=4, seed=8, path=path, months=6)
    ws.play_to_end()
    ws.close()
    rows = path.read_text(encoding="utf-8").splitlines()
    i = next(i for i, x in enumerate(rows) if '"set_price"' in x and json.loads(x)["m"] >= 3)
    entry = json.loads(rows[i])
    entry["cmd"]["price_yuan"] = round(entry["cmd"]["price_yuan"] + 0.5, 2)
    edited = rows[:i] + [json.dumps(entry)] + rows[i + 1 :]
    path.write_text("\n".join(edited) + "\n", encoding="utf-8")
    with pytest.raises(
        SessionFileError, match=f"edited at line {i + 1} \\(month {entry['m'] + 1}\\)"
    ):
        replay(path)
    with pytest.raises(SessionFileError, match="edited"):
        WorkshopSession.load(path)
    # The same edit with every checksum made to match (a file written by a game whose rules
    # differ): the replay runs and says where the towns part.
    from game.workshop.sessionfile import canonical, checksum, header_checksum

    out, last = [rows[0]], header_checksum(json.loads(rows[0]))
    for x in edited[1:]:
        body = {k: v for k, v in json.loads(x).items() if k != "c"}
        last = checksum(last, body)
        out.append(canonical({**body, "c": last}))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    seat = ws.header["seats"][entry["s"]]
    r = replay(path)
    assert not r.exact and r.differs == (entry["m"] + 1, seat["town"] + 1)


def _seat_with_news(ws):
    """Play until a person's seat has a scenario event waiting."""
    while not ws.over:
        for s in ws.seats:
            if s.occupied and s.run.pending_events:
                return s
        for i in ws.waiting():
            ws.end_month(i)
        ws.resolve()
    raise AssertionError("no event came")


def test_a_seat_answers_its_news_before_it_can_go_on_and_the_answer_replays(tmp_path):
    path = tmp_path / "s"
    ws = WorkshopSession.new(
        "steel_town_2016", seats=4, seed=2, path=path, months=12, occupied=True
    )
    s = _seat_with_news(ws)
    ev = s.run.pending_events[0]
    assert ws.pending_events(s.index)[0].title
    shown = json.loads(json.dumps(ws.seat_view(s.index).to_dict()))[
        "events"
    ]  # what a remote seat gets
    assert shown[0]["id"] == ev.id and shown[0]["choices"]
    assert (
        ws.submit(s.index, C.SetDoctor(s.household, True)).error == "workshop.error.events_pending"
    )
    assert ws.end_month(s.index).error == "workshop.error.events_pending"
    assert ws.choose_event(s.index, "no_such_event", 0).error == "workshop.error.unknown_event"
    assert ws.choose_event(s.index, ev.id, 99).error == "workshop.error.bad_choice"
    assert ws.choose_event(s.index, ev.id, 0).ok
    assert not s.run.pending_events and ws.end_month(s.index).ok
    ws.play_to_end()
    ws.close()
    answers = [e for e in lines(path) if e.get("k") == "ev" and e["by"] == "p"]
    assert answers[0]["id"] == ev.id and answers[0]["s"] == s.index
    assert replay(path).exact
    assert [eng.hashes for eng in WorkshopSession.load(path).towns] == [
        eng.hashes for eng in ws.towns
    ]


def test_a_screen_holding_the_seats_own_session_still_goes_through_the_workshop(tmp_path):
    ws = WorkshopSession.new("steel_town_2016", seats=2, seed=2, path=tmp_path / "s", months=3)
    run = ws.seat(0).run  # what a month screen would hold, as it holds a GameSession
    assert run.submit(C.ChoosePath(run.player, "migrate"))  # nobody sits there: refused
    ws.take_seat(0)
    assert run.submit(C.ChoosePath(run.player, "migrate")) == []
    assert run.submit(C.ChoosePath(run.player, "retrain"))  # already away: the core's reason
    recorded = [e for e in lines(tmp_path / "s") if e.get("k") == "cmd"]
    assert [(e["s"], e["by"], e["cmd"]["path"]) for e in recorded] == [(0, "p", "migrate")]


def test_a_session_file_that_cannot_be_written_stops_the_file_not_the_game(tmp_path):
    path = tmp_path / "s"
    ws = WorkshopSession.new("steel_town_2016", seats=2, seed=2, path=path, months=4)
    ws.resolve(force=True)

    def full_disk(body):
        raise OSError(28, "No space left on device")

    ws._writer.append = full_disk
    assert ws.resolve(force=True).ok and ws.month == 2  # the room plays on
    assert ws.file_error == "No space left on device"
    assert ws.dashboard().messages[0]["key"] == "workshop.msg.file_error"
    assert ws.resolve(force=True).ok
    r = replay(path)  # what was written is whole and replays
    assert r.exact and r.months == 1


def test_a_seats_result_counts_the_house_apart_from_habit_as_a_single_players(tmp_path):
    """A seat whose household has someone working away builds its house from the money sent
    home: its result counted that as spending by habit (the seat's account had no habit
    figure), where a single player's has a line of its own for it. Each month's rows add up
    to the change shown, and the house is its own row, the habit row no more than the habit."""
    from game import i18n
    from game.core import views
    from game.ui.scenes.result import money_rows

    i18n.set_language("en")
    ws = WorkshopSession.new("steel_town_2016", seats=8, seed=5, path=tmp_path / "s", months=4)
    outlooks = {}  # each seat's spending outlook as its town's month begins
    for eng in ws.towns:

        def end_month(end=eng.end_month, eng=eng):
            for s in ws.seats:
                if s.engine is eng:
                    outlooks[(s.index, ws.month)] = (
                        views.spending_outlook(eng, s.household),
                        views.budget(eng, s.household).living_cost_yuan,
                    )
            return end()

        eng.end_month = end_month
    ws.play_to_end()
    built = away = 0
    for s in ws.seats:
        for account in s.run.book:
            o, living = outlooks[(s.index, account.month - 1)]
            report = type("Report", (), {"month": account.month})()
            rows = {key: round(v) for _label, v, _tone, key in money_rows(s.run, report)}
            assert sum(rows.values()) == round(account.shown_change)
            habit = o.next_month_yuan - o.living_cost_yuan
            assert -rows.get("spending_above", 0) <= round(habit) + 1
            if o.house_building_yuan >= 1 and account.cash_end > 0:  # (the cash held out)
                assert abs(-rows["house_building"] - o.house_building_yuan) <= 1
                # the living costs the core spent by: with the worker away, the family's
                # at home (the budget's count the worker: the house was folded into them)
                assert abs(-rows["living"] - o.living_cost_yuan) <= 1
                away += o.living_cost_yuan < living - 1
                built += 1
    assert built  # seat-months whose household built its house
    assert away  # among them, months the seat's own worker was away
