"""`workshop`, `replay` and `class-report` from the command line: the facilitator's preview,
the exact replay, the report, and a clear message (never a traceback) for every bad input."""

from __future__ import annotations

import csv
import json

import pytest

from game.cli import main
from game.workshop import WorkshopSession
from game.workshop.replay import replay


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ws")
    path = folder / "class.session"
    code = main(
        ["workshop", "--towns", "2", "--seats", "5", "--autoplay", "--months", "8",
         "--session", str(path), "--seed", "4", "--change", "3:stop_lending",
         "--change", "5:layoff_wave"]
    )  # fmt: skip
    assert code == 0
    return path


def test_workshop_plays_a_session_and_replay_reproduces_it(played, capsys):
    assert main(["replay", str(played)]) == 0
    out = capsys.readouterr().out
    assert "8 months x 2 town(s) reproduced exactly" in out
    changes = [json.loads(x) for x in played.read_text().splitlines() if '"k":"fac"' in x]
    assert [(c["m"], c.get("lever") or c.get("event")) for c in changes] == [
        (2, "stop_lending"),
        (4, "layoff_wave"),
    ]


def test_class_report_numbers_are_the_engines_numbers(played, tmp_path):
    assert main(["class-report", str(played), "--out", str(tmp_path / "rep")]) == 0
    rep = tmp_path / "rep"
    page = (rep / "class_report.html").read_text(encoding="utf-8")
    assert "<svg" in page and "What if no one had followed" in page
    data = json.loads((rep / "class.json").read_text(encoding="utf-8"))
    r = replay(played)
    for k, eng in enumerate(r.towns):
        assert data["towns"][k]["curves"] == json.loads(json.dumps(eng.metrics.town))
    with open(rep / "household_months.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 10 * 8
    seats = r.header["seats"]
    for row in rows:
        spec = seats[int(row["seat"]) - 1]
        got = r.towns[spec["town"]].reports[int(row["month"]) - 1][spec["household"]]
        assert float(row["cash"]) == got.cash and float(row["income"]) == got.income
        assert float(row["net_worth"]) == pytest.approx(
            got.cash - got.informal_debt - got.loan_principal
        )
    # the changes are on the timeline, in the month they were made
    assert "month 3" in page and "The mill lays off" in page


def test_names_and_strategies_are_escaped_in_the_report(tmp_path):
    path = tmp_path / "s"
    ws = WorkshopSession.new(
        "steel_town_2016", seats=2, seed=2, path=path, months=3,
        names=["<script>alert(1)</script>", "Wang & Co"], strategies=["<img src=x onerror=y>"],
    )  # fmt: skip
    ws.play_to_end()
    ws.close()
    assert main(["class-report", str(path), "--out", str(tmp_path / "rep")]) == 0
    page = (tmp_path / "rep" / "class_report.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "Wang &amp; Co" in page


def test_the_report_speaks_chinese(played, tmp_path):
    from game import i18n

    i18n.set_language("zh")
    try:
        assert main(["class-report", str(played), "--out", str(tmp_path / "rep")]) == 0
    finally:
        i18n.set_language("en")
    page = (tmp_path / "rep" / "class_report.html").read_text(encoding="utf-8")
    assert "全班报告" in page and "如果没有人跟着" in page


def _bad(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda d, good: d / "missing.session", "there is no file"),
        (lambda d, good: _bad(d, "x.session", b"hello\n"), "not a workshop session"),
        (lambda d, good: _bad(d, "e.session", b""), "not a workshop session"),
        (lambda d, good: _bad(d, "z.session", b"\x00\xff\xfe" * 50), "not a workshop session"),
        (lambda d, good: _bad(d, "h.session", good[:300]), "cut off inside its header"),
        (
            lambda d, good: _bad(d, "v.session", good.replace(b'"format":1', b'"format":99', 1)),
            "format 99",
        ),
        (
            lambda d, good: _bad(d, "s.session", good.replace(b'"seed":4', b'"seed":5', 1)),
            "edited in its header",
        ),
        (lambda d, good: d, "folder"),
    ],
)
def test_unusable_files_get_a_sentence_and_exit_2(played, tmp_path, capsys, make, words):
    path = make(tmp_path, played.read_bytes())
    for argv in (["replay", str(path)], ["class-report", str(path), "--out", str(tmp_path / "o")]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err


def test_a_file_cut_mid_line_replays_what_is_whole_and_exits_1(played, tmp_path, capsys):
    cut = _bad(tmp_path, "cut.session", played.read_bytes()[:-40])
    assert main(["replay", str(cut)]) == 1
    captured = capsys.readouterr()
    assert "reproduced exactly" in captured.out and "cut off" in captured.err


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--towns", "0"], "must be at least 1"),
        (["--seats", "41"], "must be at most 40"),
        (["--change", "3:print_money"], "write MONTH:WHAT"),
        (["--change", "0:stop_lending"], "write MONTH:WHAT"),
        (["--months", "6", "--change", "6:stop_lending"], "after the last month"),
        (["--scenario", "no_such_town"], "no_such_town"),
        (["--months", "999"], "at most 360"),
        ([], "needs --autoplay"),
    ],
)
def test_bad_workshop_settings_get_a_message(tmp_path, capsys, argv, words):
    auto = [] if argv == [] else ["--autoplay"]
    code = main(["workshop", "--session", str(tmp_path / "s"), *auto, *argv])
    assert code == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not (tmp_path / "s").exists()


def test_workshop_will_not_overwrite_a_session(played, capsys):
    before = played.read_bytes()
    assert main(["workshop", "--autoplay", "--session", str(played)]) == 2
    assert "exists" in capsys.readouterr().err and played.read_bytes() == before
