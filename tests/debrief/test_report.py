"""The report: a self-contained HTML file (valid, charts embedded as PNG, nothing fetched) and a
JSON whose figures match the metrics tables; `python main.py report SAVE --out DIR`."""

from __future__ import annotations

import base64
import copy
import json
from html.parser import HTMLParser

import pytest
from debrief_helpers import finished

from game import saves
from game.cli import main
from game.debrief import counterfactual as cf
from game.debrief import report, scripted

VOID = {"meta", "img", "br", "hr", "link", "input"}


class Checker(HTMLParser):
    """Every element closed in order; every image embedded; no external resource."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.images: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if key in a and not str(a[key]).startswith("data:"):
                self.errors.append(f"external {key}: {a[key]}")
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(
                f"</{tag}> does not close <{self.stack[-1] if self.stack else None}>"
            )
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    s = copy.deepcopy(finished("steel_town_2016", 3))
    out = tmp_path_factory.mktemp("report")
    results = cf.run_all(cf.spec_from_session(s))
    scripted.reflect(s, results)
    html_path, json_path = report.write_report(s, out, results)
    return s, html_path, json_path


def test_the_html_is_valid_and_self_contained(written):
    _s, html_path, _j = written
    page = html_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    c = Checker()
    c.feed(page)
    c.close()
    assert c.errors == [] and c.stack == []
    assert len(c.images) >= 10
    for src in c.images:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    text = " ".join(c.text)
    for needle in ("Loubere 2016", "下岗", "xiàgǎng", scripted.NAME, scripted.STRATEGY):
        assert needle in text


def test_the_html_runs_in_the_facilitated_order(written):
    _s, html_path, _j = written
    page = html_path.read_text(encoding="utf-8")
    import html  # noqa: PLC0415

    from game.i18n import t  # noqa: PLC0415

    heads = [
        html.escape(t(f"debrief.report.h.{k}"))
        for k in ("feelings", "guesses", "happened", "why", "argument", "what_if", "what_next")
    ]
    at = [page.index(h) for h in heads]
    assert at == sorted(at)
    # the student's explanation comes before the first of the essay's claims
    explanation = html.escape(t("debrief.report.explanation"))
    assert page.index(explanation) < page.index(html.escape(t("debrief.arg.intro")))


def test_the_json_figures_match_the_metrics_tables(written):
    s, _h, json_path = written
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["format"] == report.REPORT_FORMAT
    m = s.engine.metrics
    assert data["metrics"]["town"] == json.loads(json.dumps(m.town))
    assert data["metrics"]["trades"] == json.loads(json.dumps(m.trades))
    e = s.ending()
    assert data["ending"]["net_worth_yuan"] == pytest.approx(e["net_worth_yuan"])
    assert data["household"]["income"] == pytest.approx([r.income for r in s.history])
    race = next(p for p in data["argument"] if p["key"] == "race")["figures"]
    noodles = [r for r in m.trades if r["trade"] == "noodles"]
    assert race["price_start"] == pytest.approx(noodles[0]["median_price"])
    cfs = data["counterfactuals"]
    assert cfs["replay_matches"] is True
    assert cfs["actual"]["final"]["net_worth"] == pytest.approx(e["net_worth_yuan"])
    assert {f["key"] for f in cfs["findings"]} >= {"path:migrate", "no_entry", "no_loans", "luck"}
    assert len(data["glossary"]) == len(report.glossary.terms())
    assert data["replay"]["final_hash"] == s.engine.hashes[-1]


def test_the_json_carries_the_students_work_and_both_sides_of_each_claim(written):
    s, _h, json_path = written
    data = json.loads(json_path.read_text(encoding="utf-8"))
    r = data["reflection"]
    assert r["name"] == scripted.NAME and r["strategy"] == scripted.STRATEGY
    assert r["explanation"] and len(r["answers"]) == 3
    assert all(a["question"] and a["answer"] for a in r["answers"])
    assert {v["claim"] for v in r["verdicts"] if v["verdict"]} == {
        p["key"] for p in data["argument"]
    }
    preds = data["predictions"]
    assert len(preds) >= 3
    for p in preds:
        assert p["question"] and p["guess"] and p["reason"] and p["actual"] and p["locked"]
        assert p["guess"] in p["choices"]
    for p in data["argument"]:
        assert isinstance(p["complications"], list) and p["built_in"]
    assert data["other_side"]["items"] and data["other_side"]["untestable"]
    assert data["income"]["insurance"] == pytest.approx(sum(data["household"]["insurance"]))
    # two students on one seed differ
    assert scripted.NAME.split()[0].lower() in json_path.name.lower()


def test_the_chart_titles_fit_inside_their_figures(written):
    s, _h, json_path = written
    from game.debrief import report_charts  # noqa: PLC0415

    data = json.loads(json_path.read_text(encoding="utf-8"))
    plt = report_charts._mpl()
    fig = report_charts.difference_figure(plt, data)
    fig.canvas.draw()
    title = fig._suptitle.get_window_extent(fig.canvas.get_renderer())
    frame = fig.bbox
    assert frame.x0 <= title.x0 and title.x1 <= frame.x1, (title, frame)
    plt.close(fig)


def test_report_command_from_a_save(tmp_path, capsys):
    s = finished("tutorial", 3)
    save = saves.save(s, tmp_path / "run.json")
    assert main(["report", str(save), "--out", str(tmp_path / "out")]) == 0
    made = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert made == [".html", ".json"]
    assert "Report written" in capsys.readouterr().out


def test_report_command_from_a_replay(tmp_path):
    s = copy.deepcopy(finished("tutorial", 3))
    scripted.reflect(s, {})
    _h, json_path = report.write_report(s, tmp_path / "first", results={})
    assert main(["report", str(json_path), "--out", str(tmp_path / "again")]) == 0
    again = json.loads(next((tmp_path / "again").glob("*.json")).read_text(encoding="utf-8"))
    assert again["replay"]["final_hash"] == s.engine.hashes[-1]
    assert again["metrics"]["town"] == json.loads(json.dumps(s.engine.metrics.town))
    assert again["reflection"]["explanation"] == s.reflection["explanation"]
    first = json.loads(json_path.read_text(encoding="utf-8"))
    guesses = [(p["key"], p["guess"], p["reason"]) for p in first["predictions"]]
    assert [(p["key"], p["guess"], p["reason"]) for p in again["predictions"]] == guesses


@pytest.mark.parametrize(
    "content",
    [
        None,
        b"",
        b"{not json",
        b'{"format": "something else"}',
        b'{"format": "iron-rice-bowl-report", "replay": {}}',
    ],
)
def test_report_command_refuses_a_bad_file_with_a_message_and_exit_2(tmp_path, capsys, content):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_bytes(content)
    assert main(["report", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Cannot write the report" in err and str(path) in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_replay_that_does_not_reach_the_saved_state_is_refused(tmp_path, capsys):
    s = finished("tutorial", 3)
    _h, json_path = report.write_report(s, tmp_path, results={}, name="r")
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    doc["replay"]["final_hash"] = "0006-deadbeef-00000000"
    json_path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["report", str(json_path), "--out", str(tmp_path / "o")]) == 2
    assert "did not reach" in capsys.readouterr().err


def test_the_note_under_the_decomposition_gives_the_towns_own_resale_share(written):
    """The note says what an open business's equipment would fetch; it reads the scenario's
    share (a town where equipment fetches 45% says 45%), not a fixed 'a third'."""
    import html  # noqa: PLC0415

    from game import i18n  # noqa: PLC0415
    from game.debrief.report_html import render_html  # noqa: PLC0415

    s, html_path, json_path = written
    page = html_path.read_text(encoding="utf-8")
    assert html.escape(i18n.percent(s.params.behaviour.salvage_share)) in page
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["counterfactuals"]["decomposition"]
    data["counterfactuals"]["salvage_share"] = 0.45
    assert "fetch about 45% of its cost" in render_html(data)
