"""The student's written work (name, strategy, guesses, explanation, verdicts, answers): what
it accepts, that a guess locks, that it travels with the run (save, report, replay), and that
each prediction's answer and each claim's complications come from the run's own data."""

from __future__ import annotations

import copy

import pytest
from debrief_helpers import finished

from game import saves
from game.debrief import argument, predictions, questions, reflection, scripted, story
from game.debrief import counterfactual as cf
from game.session import GameSession


@pytest.fixture(scope="module")
def run_and_results():
    s = copy.deepcopy(finished("steel_town_2016", 8))
    return s, cf.run_all(cf.spec_from_session(s))


def test_typed_text_is_trimmed_to_one_line_or_a_paragraph():
    assert reflection.one_line("  open a\nnoodle   stall \t") == "open a noodle stall"
    assert len(reflection.one_line("x" * 1000)) == reflection.LINE_MAX
    assert reflection.paragraph("one\r\n\r\n\r\ntwo  words\n") == "one\n\ntwo words"
    assert reflection.one_line(None) == ""


def test_a_guess_locks_only_with_a_choice_and_a_reason_and_then_cannot_change():
    s = scripted.play("tutorial", seed=3, months=1)
    assert reflection.lock_problem(s, "defaults") == "choice"
    assert not reflection.lock(s, "defaults")
    reflection.choose(s, "defaults", "few")
    assert reflection.lock_problem(s, "defaults") == "reason"
    reflection.set_reason(s, "defaults", "  ")
    assert not reflection.lock(s, "defaults")
    reflection.set_reason(s, "defaults", "loans are one year")
    assert reflection.lock(s, "defaults")
    assert not reflection.choose(s, "defaults", "many")
    assert not reflection.set_reason(s, "defaults", "changed my mind")
    assert reflection.guess(s, "defaults") == {
        "guess": "few",
        "reason": "loans are one year",
        "locked": True,
    }


def test_the_written_work_survives_a_save_and_load(tmp_path):
    s = scripted.play("tutorial", seed=3, months=2)
    reflection.set_explanation(s, "Too many stalls, one street.")
    reflection.set_verdict(s, "race", "complicates", "prices recovered")
    reflection.set_answer(s, "next.offer", "Public jobs.")
    loaded = GameSession.load(saves.save(s, tmp_path / "slot.json"))
    assert loaded.reflection == s.reflection
    assert reflection.data(loaded)["strategy"] == scripted.STRATEGY


def test_income_parts_add_up_to_the_month_reports_income():
    s = finished("steel_town_2016", 8)
    parts = story.income_parts(s)
    for i, r in enumerate(s.history):
        total = parts["business"][i] + parts["insurance"][i] + parts["other"][i]
        assert total == pytest.approx(max(r.income, 0.0), abs=0.01)
        assert parts["insurance"][i] <= s.params.income.unemployment_insurance_yuan_per_month
    totals = story.income_totals(s)
    assert totals["insurance"] > 0 and 0 < totals["insurance_share"] < 1


def test_every_price_change_is_measured_from_the_layoff():
    s = finished("steel_town_2016", 8)
    from game.ui.scenes.ending import street_story  # noqa: PLC0415 - the ending's own numbers

    focus = cf.focus_trade(s, s.player)
    first = story.trade_rows(s, focus)[0]["median_price"]
    race = argument.figures(s, focus)["race"]
    assert race["price_start"] == pytest.approx(first)
    assert street_story(s)["price_start"] == pytest.approx(first)
    tk = s.params.trades[focus].key
    beat = next(b.text for b in story.beats(s, focus) if "going price" in b.text)
    assert story.per_unit(first, tk) in beat


def test_predictions_answer_from_the_runs_own_data(run_and_results):
    s, results = run_and_results
    preds = {p["key"]: p for p in predictions.build(s, results)}
    assert set(preds) == {"best_path", "no_loans", "defaults", "followers"}
    defaults = sum(int(r["defaults"]) for r in s.engine.metrics.town)
    assert preds["defaults"]["figures"]["defaults"] == defaults
    assert preds["defaults"]["answer"] == predictions._bin("defaults", defaults)
    hg = cf.hinges(cf.spec_from_session(s))
    rows = story.trade_rows(s, hg.trade)
    followers = sum(int(r["entries"]) for r in rows[hg.open_month + 1 :]) - 1
    assert preds["followers"]["figures"]["followers"] == followers
    worths = {"actual": s.ending()["net_worth_yuan"]}
    worths.update(
        {k[5:]: r["final"]["net_worth"] for k, r in results.items() if k.startswith("path:")}
    )
    assert preds["best_path"]["answer"] == max(worths, key=worths.get)
    diff = results["no_loans"]["final"]["net_worth"] - worths["actual"]
    want = "same" if abs(diff) < 500 else ("better" if diff > 0 else "worse")
    assert preds["no_loans"]["answer"] == want
    waiting = {p["key"]: p for p in predictions.build(s, {})}
    assert waiting["best_path"]["pending"] and waiting["best_path"]["answer"] is None
    assert not waiting["defaults"]["pending"]


def test_a_town_without_loans_asks_about_closures_instead():
    s = finished("what_if_no_loans", 3)
    keys = predictions.keys(s)
    assert "defaults" not in keys and "no_loans" not in keys and "closures" in keys
    assert len(keys) >= 3


def test_every_claim_has_its_complications_and_what_the_model_builds_in(run_and_results):
    s, results = run_and_results
    panels = {p["key"]: p for p in argument.panels(s, None, results)}
    assert list(panels) == list(argument.PANELS)
    for p in panels.values():
        assert isinstance(p["complications"], list)
        assert p["built_in"] and all(isinstance(x, str) and x for x in p["built_in"])
        assert p["claim"].count("Loubere") >= 1
    totals = story.income_totals(s)
    from game import i18n  # noqa: PLC0415

    insurance = panels["responsibility"]["complications"][0]
    assert i18n.percent(totals["insurance_share"]) in insurance
    assert i18n.yuan(totals["insurance"]) in insurance
    # the herding weight and the desperate seller's cut are named with this run's values
    beh = s.params.behaviour
    assert f"{beh.herding_weight:g}" in " ".join(panels["same_skills"]["built_in"])
    assert i18n.percent(s.params.market.desperate_extra_cut, 1) in " ".join(
        panels["race"]["built_in"]
    )
    running = int(s.engine.metrics.town[-1]["loans_outstanding"])
    if running:
        assert any(i18n.grouped(running) in c for c in panels["failure"]["complications"])


def test_the_no_loans_price_complication_follows_the_no_loans_run(run_and_results):
    s, results = run_and_results
    race = {p["key"]: p for p in argument.panels(s, None, results)}["race"]
    f = race["figures"]
    p_cf = results["no_loans"]["final"]["trade_price_end"]
    said = any("Without the loan programme" in c for c in race["complications"])
    assert said == (p_cf <= f["price_end"] * 1.03)
    nothing = {p["key"]: p for p in argument.panels(s, None, {})}["race"]
    assert not any("Without the loan programme" in c for c in nothing["complications"])


def test_every_cited_work_is_in_the_references():
    s = finished("what_if_cooperative", 3)  # a scenario that lists no references of its own
    from game.debrief import glossary  # noqa: PLC0415

    refs = glossary.sources(s)["references"]
    for cites in argument.CITES.values():
        for short in cites:
            assert glossary.listed(short, refs), short
    assert "evidence.md" not in " ".join(g["source"] for g in glossary.sources(s)["cited"])


def test_questions_are_few_in_the_facilitated_order_with_a_core_per_phase():
    s = finished("steel_town_2016", 3)
    secs = questions.sections(s)
    assert [x["key"] for x in secs] == list(questions.PHASES)
    ids = [q["id"] for sec in secs for q in sec["items"]]
    assert len(ids) == len(set(ids))
    builtin = [i for i in ids if not i.startswith("scenario.")]
    assert len(builtin) <= 14
    for sec in secs:
        assert any(q["core"] for q in sec["items"]), sec["key"]
    assert questions.summary_questions(s)[0] == questions.phase(s, "feelings")[0]["text"]
