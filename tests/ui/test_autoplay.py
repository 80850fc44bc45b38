"""The autoplay bot plays whole runs through the UI (clicks and keys only), and the UI adds no
hidden state: a pure-core replay of the command log ends in the same state, month by month."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from ui_helpers import frames

from game.core.commands import command_from_dict
from game.core.engine import Engine
from game.session import DEFAULT_SCENARIO
from game.ui.autoplay import Autoplay, snake, start_autoplay


@pytest.fixture(autouse=True)
def fresh_widget_fonts():
    """Each test's app restarts pygame: the widgets' cached fonts from a closed one are dead
    (widgets/text.py only notices when the font module is still down)."""
    from game.ui.widgets import text as tx

    tx._fonts.clear()


def run_bot(
    app, seed: int, months=None, shots=None, scenario=None, max_frames: int = 3000
) -> Autoplay:
    args = SimpleNamespace(months=months, seed=seed, scenario=scenario, screenshot_dir=shots)
    bot = Autoplay(app, args, pace=2, settle=2)
    app.add_frame_hook(bot)
    n = 0
    while app.running and n < max_frames:
        app.step(1 / 60)
        n += 1
    assert not app.running, (
        f"the bot did not finish in {max_frames} frames (on {type(app.top).__name__})"
    )
    return bot


def core_replay(session) -> Engine:
    """The same run from the core alone: the scenario's town, the seed, the logged commands."""
    sc = session.scenario
    eng = Engine(
        sc.params,
        seed=session.seed,
        players=(session.player,),
        player_profile=session.profile(),
    )
    by_month: dict[int, list[dict]] = {}
    for entry in session.engine.command_log:
        by_month.setdefault(int(entry["month"]), []).append(entry)
    for month in range(session.month):
        for entry in by_month.get(month, []):
            assert (
                eng.submit(command_from_dict({k: v for k, v in entry.items() if k != "month"}))
                == []
            )
        eng.end_month()
        assert eng.state_hash() == session.engine.hashes[month + 1], (
            f"diverged in month {month + 1}"
        )
    return eng


@pytest.mark.parametrize("seed", [2, 7])
def test_bot_plays_a_full_run_through_the_ui_and_the_core_replays_it(make_app, tmp_path, seed):
    app = make_app()
    shots = tmp_path / "shots" if seed == 2 else None
    bot = run_bot(app, seed, shots=shots)
    assert bot.error is None and app.exit_code == 0
    s = bot.session
    assert s.scenario_ref == DEFAULT_SCENARIO and s.seed == seed
    assert s.month == s.params.months  # the whole run, to the ending and the debrief
    for screen in (
        "PickerScene",
        "PathScene",
        "LoanOfficeScene",
        "BusinessScene",
        "MonthScene",
        "ResultScene",
        "ChartsScene",
        "LoanDueScene",
        "EndingScene",
        "DebriefSummaryScene",
        "StrategyScene",
        "DebriefScene",
    ):
        assert screen in bot.visited, screen
    # it wrote what a student writes: the plan at the start, the debrief's guesses and the rest
    from game.debrief import predictions, reflection  # noqa: PLC0415
    from game.ui import autoplay  # noqa: PLC0415

    r = reflection.data(s)
    assert r["strategy"] == autoplay.STRATEGY and r["name"] == autoplay.NAME
    assert reflection.all_locked(s, predictions.keys(s)) and reflection.explained(s)
    assert len(r["verdicts"]) == 8 and len(r["answers"]) >= reflection.ANSWERS_WANTED
    kinds = [e["command"] for e in s.engine.command_log]
    assert kinds[:2] == ["choose_path", "apply_for_certificate"]
    assert "open_business" in kinds
    if seed == 2:  # its certificate comes through: a guarantor is asked and the bank lends
        loans = [o for o in s.engine.outcomes if o["command"] == "apply_for_loan"]
        assert any(o.get("outcome") == "loan_granted" for o in loans)
    eng = core_replay(s)
    assert eng.state_hash() == s.engine.state_hash()
    if shots is not None:
        names = {p.stem.split("_", 1)[1] for p in shots.glob("*.png")}
        for name in (
            "title",
            "picker",
            "month_path",
            "month_business",
            "result",
            "charts_sellers",
            "charts_debt",
            "loan_due",
            "ending",
            "debrief_summary",
            "strategy",
            "debrief_guess",
            "debrief_argument",
            "debrief_difference",
        ):
            assert name in names, sorted(names)


def test_bot_fails_loudly_with_a_message(make_app, capsys):
    app = make_app()
    bot = run_bot(app, 1, scenario="no_such_scenario", max_frames=400)
    assert app.exit_code == 2 and "no_such_scenario" in (bot.error or "")  # bad input
    assert "Autoplay failed" in capsys.readouterr().err


def test_the_autoplay_route_attaches_the_bot(make_app):
    app = make_app()
    assert (
        app.open(
            "autoplay", args=SimpleNamespace(months=1, seed=3, scenario=None, screenshot_dir=None)
        )
        is None
    )
    assert isinstance(app.autoplay, Autoplay)
    frames(app, 3)
    assert snake("LoanDueScene") == "loan_due" and snake("DebriefSummaryScene") == "debrief_summary"
    app2 = make_app()
    start_autoplay(app2, SimpleNamespace(months=1, seed=3, scenario=None, screenshot_dir=None))
    assert app2._frame_hooks


def test_cli_autoplay_exits_zero(tmp_path, monkeypatch):
    """`python main.py play --autoplay --months 1 --screenshot-dir DIR` as a person would run it."""
    from game import cli

    monkeypatch.setenv("IRB_AUTOPLAY_PACE", "2")
    monkeypatch.setenv("IRB_AUTOPLAY_SETTLE", "2")
    monkeypatch.setenv("IRB_MAX_FRAMES", "2000")
    code = cli.main(
        ["play", "--autoplay", "--months", "1", "--seed", "4", "--screenshot-dir", str(tmp_path)]
    )
    assert code == 0
    assert any(p.name.endswith("_month_path.png") for p in tmp_path.iterdir())
