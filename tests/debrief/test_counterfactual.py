"""Counterfactual runs: the same world (same seed streams) with one thing changed; the run with
no change reproduces the actual run exactly."""

from __future__ import annotations

import threading

import pytest
from debrief_helpers import finished

from game import saves
from game.core import commands as C
from game.core.state import Status
from game.debrief import counterfactual as cf
from game.debrief import scripted
from game.session import GameSession

# A guard against a job or a child process that hangs, not a timing.
GUARD_S = 600
STEEL_FOCUS = 0  # the steel run's focus trade: the trade its player opened (run_all's default)


@pytest.fixture(scope="module")
def steel_results():
    """`run_all` of the steel run (every variant), made once for the tests that only read it."""
    s = finished("steel_town_2016", 3)
    spec = cf.spec_from_session(s)
    assert cf.focus_trade(s, s.player, spec) == cf.hinges(spec).trade == STEEL_FOCUS
    return cf.run_all(spec, cf.plan(spec), STEEL_FOCUS)


def test_replay_with_no_change_reproduces_the_actual_run_state_hash_for_hash(steel_run):
    spec = cf.spec_from_session(steel_run)
    assert len(spec.log) > 5 and spec.months == 24
    run = cf.VariantRun(spec, cf.Variant("replay", "replay")).run()
    assert run.eng.hashes == steel_run.engine.hashes  # every month, the whole town
    assert run.eng.metrics.town == steel_run.engine.metrics.town
    out = run.outcome(cf.focus_trade(steel_run, 0, spec))
    assert cf.replay_matches(spec, out)
    assert out["final"] == cf.actual_outcome(steel_run, spec)["final"]


def test_replay_of_a_run_with_event_choices_and_many_commands_is_exact():
    s = GameSession.new("steel_town_2016", seed=11, autosave=False)
    s.pending_events.clear()
    for _ in range(14):
        scripted.act(s)
        s.submit(C.SetDoctor(s.player, s.month % 3 != 0))
        s.end_month()
        for ev in list(s.pending_events):
            s.choose(ev, len(ev.choices) - 1)  # the last choice, whatever it does
    kinds = {e["command"] for e in s.engine.command_log}
    assert {"choose_path", "set_doctor"} <= kinds
    spec = cf.spec_from_session(s)
    out = cf.run_all(spec, [cf.Variant("replay", "replay")])["replay"]
    assert out["hashes"] == s.engine.hashes


def test_a_saved_mid_game_run_rebuilds_and_replays_exactly(tmp_path):
    s = scripted.play("xiagang_1998", seed=5, months=7)
    path = saves.save(s, tmp_path / "mid.json")
    loaded = GameSession.load(path)
    spec = cf.spec_from_session(loaded)
    assert spec.months == 7 and cf.rebuildable(spec)
    out = cf.run_all(spec, [cf.Variant("replay", "replay")])["replay"]
    assert out["hashes"] == s.engine.hashes and len(out["hashes"]) == 8


def test_other_paths_share_the_world_until_the_switch_and_drop_the_business(steel_run):
    spec = cf.spec_from_session(steel_run)
    hg = cf.hinges(spec)
    assert hg.actual_path == "self_employ" and hg.trade == 0 and hg.open_month >= 0
    run = cf.VariantRun(spec, cf.Variant("path:migrate", "path", path="migrate")).run()
    h = steel_run.player
    # the same town to the month of the switch (same seed streams, same layoffs)
    assert (
        run.eng.hashes[: hg.divergence_month + 1]
        == steel_run.engine.hashes[: hg.divergence_month + 1]
    )
    assert run.eng.metrics.town[0] == steel_run.engine.metrics.town[0]
    assert int(run.eng.state.businesses_opened[h]) == 0  # the business commands were dropped
    assert Status(run.eng.state.status[h]) == Status.MIGRATED
    assert not any(e["command"] in ("open_business", "apply_for_loan") for e in run.eng.command_log)
    kept = [e["command"] for e in run.eng.command_log]
    assert kept[0] == "choose_path" and set(kept[1:]) <= cf.HOUSEHOLD_KINDS | {"choose_path"}


def test_internal_retirement_is_unavailable_to_a_household_too_young_for_it():
    s = finished("tutorial", 3)
    spec = cf.spec_from_session(s)
    run = cf.VariantRun(spec, cf.Variant("path:retire", "path", path="retire")).run()
    assert not run.available and run.unavailable_reason[0] == "not_eligible_retire"
    out = run.outcome(0)
    assert out["available"] is False


def test_no_entry_keeps_every_neighbour_out_of_the_players_trade_after_they_opened(steel_run):
    spec = cf.spec_from_session(steel_run)
    hg = cf.hinges(spec)
    key = steel_run.params.trades[hg.trade].key
    actual_after = sum(
        r["entries"]
        for r in steel_run.engine.metrics.trades
        if r["trade"] == key and r["month"] > hg.open_month
    )
    run = cf.VariantRun(spec, cf.Variant("no_entry", "no_entry")).run()
    rows = [r for r in run.eng.metrics.trades if r["trade"] == key]
    assert actual_after >= 3
    assert sum(r["entries"] for r in rows if r["month"] > hg.open_month + 1) == 0
    assert rows[hg.open_month + 1]["entries"] == 1  # the player's own opening
    assert run.eng.hashes[: hg.open_month + 1] == steel_run.engine.hashes[: hg.open_month + 1]


def test_no_loans_means_no_loans_anywhere_and_the_players_loan_commands_are_dropped(steel_run):
    spec = cf.spec_from_session(steel_run)
    run = cf.VariantRun(spec, cf.Variant("no_loans", "no_loans")).run()
    assert all(r["loans_outstanding"] == 0 for r in run.eng.metrics.town)
    assert not any(e["command"] == "apply_for_loan" for e in run.eng.command_log)
    # Without the loan the household opens only if savings and relatives cover the start-up
    # cost; otherwise it says so and looks for work.
    opened = int(run.eng.state.businesses_opened[steel_run.player])
    if "could_not_open" in run.notes:
        assert run.notes["could_not_open"]["trade"] == cf.hinges(spec).trade and opened == 0
    else:
        assert opened == 1 and run.eng.state.loan_books["disbursed"] == 0


def test_luck_draws_are_other_worlds_and_each_is_deterministic(steel_run):
    spec = cf.spec_from_session(steel_run)
    a = cf.VariantRun(spec, cf.Variant("luck:1", "luck", draw=1)).run()
    b = cf.VariantRun(spec, cf.Variant("luck:1", "luck", draw=1)).run()
    c = cf.VariantRun(spec, cf.Variant("luck:2", "luck", draw=2)).run()
    assert a.eng.hashes == b.eng.hashes
    assert a.eng.hashes[0] != steel_run.engine.hashes[0] != c.eng.hashes[0]


def test_run_all_is_deterministic_and_plans_every_variant(steel_run, steel_results):
    spec = cf.spec_from_session(steel_run)
    keys = [v.key for v in cf.plan(spec)]
    assert keys[:5] == ["replay", "path:retrain", "path:migrate", "path:retire", "path:day_labour"]
    assert {"no_entry", "no_loans", "luck:1", "luck:4"} <= set(
        keys
    ) and "path:self_employ" not in keys
    one = cf.run_all(spec)
    two = steel_results  # (run_all's of the same run, made once for these tests)
    assert {k: v["final"] for k, v in one.items()} == {k: v["final"] for k, v in two.items()}


def test_a_player_who_never_started_a_business_gets_a_business_counterfactual():
    s = GameSession.new("steel_town_2016", seed=4, autosave=False)
    s.pending_events.clear()
    s.submit(C.ChoosePath(s.player, "day_labour"))
    for _ in range(12):
        s.end_month()
        s.pending_events.clear()
    spec = cf.spec_from_session(s)
    keys = [v.key for v in cf.plan(spec)]
    assert "path:self_employ" in keys and "path:day_labour" not in keys and "no_entry" not in keys
    run = cf.VariantRun(spec, cf.Variant("path:self_employ", "path", path="self_employ")).run()
    assert int(run.eng.state.businesses_opened[s.player]) == 1  # the bot borrowed and opened


def test_findings_are_plain_sentences_with_numbers(steel_run, steel_results):
    spec = cf.spec_from_session(steel_run)
    results = steel_results
    actual = cf.actual_outcome(steel_run, spec)
    cards = cf.findings(steel_run, actual, results)
    assert {c["key"] for c in cards} >= {"path:migrate", "no_entry", "no_loans", "luck"}
    for c in cards:
        assert "{" not in c["sentence"] and "debrief." not in c["sentence"], c["sentence"]
        assert "¥" in c["sentence"]
    entry = next(c for c in cards if c["key"] == "no_entry")
    assert entry["fewer"] > 0 and str(entry["fewer"]) in entry["sentence"]
    rows = {d["key"]: d["amount"] for d in cf.decomposition(actual, results)}
    assert set(rows) == {"choices", "neighbours", "loans", "luck"}
    no_entry_worth = results["no_entry"]["final"]["net_worth"]
    assert rows["neighbours"] == pytest.approx(no_entry_worth - actual["final"]["net_worth"])


@pytest.mark.parametrize("mode", ["process", "thread"])
def test_the_background_job_finishes_with_the_same_results_either_way(
    steel_run, steel_results, mode
):
    job = cf.CounterfactualJob(steel_run, mode=mode).start()
    assert job.wait(GUARD_S) and job.error is None and job.mode == mode
    assert set(job.results) == {v.key for v in job.variants} and job.progress == pytest.approx(1.0)
    assert cf.replay_matches(job.spec, job.results["replay"])
    assert (job.variants, job.focus) == (cf.plan(job.spec), STEEL_FOCUS)
    direct = steel_results
    assert {k: v["final"] for k, v in job.results.items()} == {
        k: v["final"] for k, v in direct.items()
    }
    if mode == "process":
        assert job._process.exitcode == 0


def test_cancelling_the_job_stops_its_process(steel_run):
    job = cf.CounterfactualJob(steel_run, mode="process").start()
    assert job.under_way.wait(GUARD_S)  # the child has begun (its first months' progress)
    job.cancel()
    assert job.wait(GUARD_S) and job.cancelled
    assert len(job.results) < len(job.variants)
    assert job._process.exitcode is not None and not job._process.is_alive()
    early = cf.CounterfactualJob(steel_run)
    early.cancel()
    early.start()  # cancelled before it began: nothing runs
    assert early.wait(GUARD_S) and early.results == {} and early._process is None


def test_a_run_whose_start_cannot_be_rebuilt_is_recognised(steel_run):
    spec = cf.spec_from_session(steel_run)
    assert cf.rebuildable(spec)
    spec.profile = {
        **spec.profile,
        "age": 30.0,
    }  # as if the scenario's player changed since the save
    assert not cf.rebuildable(spec)


@pytest.mark.parametrize(
    ("scenario", "seed", "months"),
    [("steel_town_2016", 3, 24), ("xiagang_1998", 5, 14), ("returnee_township_2009", 2, 10)],
)
def test_counterfactuals_stepped_in_a_batch_equal_each_run_alone(scenario, seed, months):
    """`run_all` steps the variants that share their parameters as towns of one batch (a run
    that ends early, like a path the household cannot take, leaves its town behind): every
    outcome, state hashes included, is the one the variant's own engine gives alone."""
    s = scripted.play(scenario, seed=seed, months=months)
    spec = cf.spec_from_session(s)
    variants = cf.plan(spec)
    focus = max(cf.hinges(spec).trade, 0)
    _, groups = cf._towns(spec, variants)
    assert max(len(members) for _, members in groups) >= len(variants) - 1  # one batch
    together = cf.run_all(spec, variants, focus)
    assert list(together) == [v.key for v in variants]
    for v in variants:
        alone = cf.VariantRun(spec, v).run().outcome(focus)
        assert together[v.key] == alone, v.key
    assert cf.replay_matches(spec, together["replay"])


def test_run_all_stops_between_months_when_cancelled(steel_run):
    """A cancel stops the batch between months: what finished is returned, nothing after."""
    spec = cf.spec_from_session(steel_run)
    stop = threading.Event()
    seen = []

    def progress(done, total):
        seen.append(done)
        if len(seen) == 3:
            stop.set()

    out = cf.run_all(spec, cancel=stop, progress=progress)
    assert len(seen) == 3 and len(out) < len(cf.plan(spec))
