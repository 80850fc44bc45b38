"""The engine's promises: determinism, save/load continuation, command validation, money
accounted for, no NaN or broken invariant over long runs, and no pygame in the core."""

import ast
import json
from pathlib import Path

import numpy as np
import pytest

from game.core import commands as c
from game.core.engine import Engine, params_from_plain
from game.core.neighbours import guarantor_candidates
from game.core.params import Params
from game.core.state import Status

ROOT = Path(__file__).resolve().parents[2]


def test_core_and_scenario_never_import_pygame():
    offenders = []
    for folder in ("game/core", "game/scenario"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(n == "pygame" or n.startswith(("pygame.", "pygame_gui")) for n in names):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def play_some(e: Engine, months: int) -> None:
    """A scripted player: starts a noodle stall with a loan, then tends it."""
    h = e.players[0]
    for _ in range(months):
        if e.done:
            return
        m = e.month
        if m == 0:
            e.submit(c.ChoosePath(h, "self_employ"))
            e.submit(c.ApplyForCertificate(h))
        if e.state.cert[h] == 2 and e.state.loan_principal[h] == 0 and e.state.trade[h] < 0:
            for g in guarantor_candidates(e, h):
                if not e.submit(c.ApplyForLoan(h, 30_000, g.household)) and e.outcomes[-1]["ok"]:
                    break
        if e.state.trade[h] < 0 and e.state.cash[h] >= 30_000:
            e.submit(c.OpenBusiness(h, 0, -1))
        if e.state.trade[h] >= 0 and m % 3 == 0:
            e.submit(c.SetPrice(h, float(e.state.going_price[0]) * 0.98))
        e.end_month()


def test_same_seed_and_commands_give_the_same_history():
    a, b = Engine(Params(), seed=7), Engine(Params(), seed=7)
    play_some(a, 14)
    play_some(b, 14)
    assert a.hashes == b.hashes
    assert a.metrics.town == b.metrics.town
    other = Engine(Params(), seed=8)
    play_some(other, 14)
    assert other.hashes[-1] != a.hashes[-1]


def test_save_load_continue_equals_an_uninterrupted_run():
    whole = Engine(Params(), seed=3)
    play_some(whole, 20)
    half = Engine(Params(), seed=3)
    play_some(half, 9)
    saved = json.loads(json.dumps(half.to_dict()))
    loaded = Engine.from_dict(saved, params_from_plain(saved["params"]))
    assert loaded.state_hash() == half.state_hash()
    play_some(loaded, 11)
    assert loaded.hashes == whole.hashes
    assert loaded.metrics.town == whole.metrics.town


def test_replaying_the_command_log_reproduces_the_run():
    played = Engine(Params(), seed=5)
    play_some(played, 24)
    again = Engine(Params(), seed=5)
    again.replay(played.command_log)
    assert again.hashes == played.hashes


INVALID = [
    c.ChoosePath(0, "become_an_astronaut"),
    c.ApplyForLoan(0, 30_000, 5),  # no certificate yet
    c.ApplyForLoan(0, 10_000_000, 0),  # over the ceiling, and oneself as guarantor
    c.OpenBusiness(0, 99, -1),
    c.OpenBusiness(0, 0, 10_000),
    c.SetPrice(0, 10.0),  # no business
    c.SetHours(0, 5.0),
    c.RepayLoan(0, 100.0),
    c.ExtendLoan(0),
    c.JoinAgreement(0),
    c.LeaveAgreement(0),
    c.CloseBusiness(0),
    c.BorrowInformally(0, 10_000_000),
    c.EventPayment(0, 1e9, "fortune"),
    c.ChoosePath(1, "job_search"),  # not a player household
    c.ChoosePath(10_000, "job_search"),
]


@pytest.mark.parametrize("cmd", INVALID, ids=lambda x: type(x).__name__)
def test_invalid_commands_give_reasons_and_change_nothing(cmd):
    e = Engine(Params(), seed=2)
    before = e.state_hash()
    reasons = e.submit(cmd)
    assert reasons and all(isinstance(r, str) and r for r in reasons)
    assert e.state_hash() == before
    assert e.command_log == []


def test_a_price_below_unit_cost_is_refused_with_the_cost():
    e = Engine(Params(), seed=2)
    e.state.cash[0] = 100_000
    assert e.submit(c.OpenBusiness(0, 0, -1)) == []
    reasons = e.submit(c.SetPrice(0, 1.0))
    assert reasons and "unit cost" in reasons[0]
    assert e.submit(c.SetPrice(0, float("nan")))


def test_commands_round_trip_as_data():
    for cmd in INVALID + [c.SetDoctor(0, False), c.StandAsGuarantor(0)]:
        assert c.command_from_dict(c.command_to_dict(cmd)) == cmd
    with pytest.raises(ValueError, match="unknown command"):
        c.command_from_dict({"command": "teleport", "household": 0})
    with pytest.raises(ValueError, match="no field"):
        c.command_from_dict({"command": "set_price", "household": 0, "prise_yuan": 3})


def _busy_player_run(seed: int, months: int) -> Engine:
    """A run with a player who borrows, opens, prices, repays part of the loan, takes an
    event's money and gives some away: every kind of command that moves cash."""
    e = Engine(Params(months=months), seed=seed)
    h = e.players[0]
    play_some(e, 6)
    e.submit(c.EventPayment(h, 500.0, "a relative's help", "outside"))
    e.submit(c.EventPayment(h, 300.0, "the union's help", "state"))
    if e.state.cash[h] > 200:
        e.submit(c.EventPayment(h, -200.0, "a gift to a neighbour", "households"))
    if e.state.loan_principal[h] > 0 and e.state.cash[h] > 1_000:
        e.submit(c.RepayLoan(h, 1_000.0))
    if e.state.trade[h] >= 0 and e.state.cash[h] > 500:
        e.submit(c.InvestInBusiness(h, 500.0))
    e.submit(c.BorrowInformally(h, 100.0))
    e.run()
    return e


@pytest.mark.parametrize("seed", [3, 11, 19])
def test_every_sectors_cash_changes_only_by_what_flowed_in_and_out(seed):
    """Two independent records: each sector's cash at the end of each month (households: the
    sum of the cash column) and the named flows between sectors. Their difference is rounding."""
    from game.core.experiments import sector_residuals

    e = _busy_player_run(seed, 120)
    volume = sum(sum(f.values()) for f in e.metrics.flows)
    assert volume > 1e6
    assert max(sector_residuals(e)) < 1.0  # yuan, over 120 months


def test_the_towns_money_changes_only_across_its_border():
    """Households, bank, fund, lenders and state together gain exactly what came from outside
    and lose what went out: money moving inside the town nets to zero."""
    from game.core.rules.context import FLOWS

    e = _busy_player_run(5, 60)
    for m in range(1, len(e.metrics.sectors)):
        inside = sum(e.metrics.sectors[m].values()) - sum(e.metrics.sectors[m - 1].values())
        border = sum(
            y if FLOWS[name][0] == "outside" else -y
            for name, y in e.metrics.flows[m].items()
            if "outside" in FLOWS[name] and FLOWS[name][0] != FLOWS[name][1]
        )
        assert inside == pytest.approx(border, abs=1.0)


@pytest.mark.parametrize("seed", [2, 7])
def test_the_loan_books_close_every_month(seed):
    """Disbursed = repaid + paid by guarantors + by the fund + by the cooperative + the bank's
    losses + outstanding, every month: no loan vanishes (one loan at a time)."""
    from game.core.experiments import loan_identity_residual

    e = Engine(Params(months=72), seed=seed)
    play_some(e, 8)
    while not e.done:
        e.end_month()
        assert abs(loan_identity_residual(e)) < 1e-6
    assert e.state.loan_books["disbursed"] > 0 and e.state.loans_defaulted > 0


def test_a_second_subsidised_loan_is_refused_while_one_runs():
    e = Engine(Params(), seed=4)
    play_some(e, 6)
    h = e.players[0]
    assert e.state.loan_principal[h] > 0
    reasons = e.validate(c.ApplyForLoan(h, 5_000, (h + 1) % e.state.n))
    assert any("already have a loan" in r for r in reasons)


def test_a_players_account_lines_add_up_to_its_change_in_cash():
    e = _busy_player_run(8, 24)
    for month in e.reports:
        r = month[e.players[0]]
        assert sum(y for _, y in r.accounts) == pytest.approx(r.cash - r.cash_start, abs=1e-6)
        assert r.cash_change == pytest.approx(r.cash - r.cash_start)
    assert any(key == "events" for m in e.reports for key, _ in m[e.players[0]].accounts)


def test_no_household_is_refilled_from_nowhere():
    """The books name every flow; none of them creates money, and nobody's cash goes below 0:
    a household short of money goes without (and says so)."""
    from game.core.rules.context import FLOWS

    assert not any(w in name for name in FLOWS for w in ("unmet", "refill", "plug"))
    e = Engine(Params(months=60), seed=9, players=())
    went_without = 0
    for _ in range(60):
        e.end_month()
        assert (e.state.cash >= -1e-6).all()
        went_without += e.metrics.town[-1]["went_without"]
    assert went_without > 0


def test_long_runs_keep_every_invariant():
    for seed in range(20):
        e = Engine(Params(months=120), seed=seed, players=())
        for _ in range(120):
            e.end_month()
            st = e.state
            for name, col in st.columns.items():
                if col.dtype.kind == "f":
                    assert np.isfinite(col).all(), (seed, e.month, name)
            assert (st.cash >= -1e-6).all()
            assert (st.informal_debt >= -1e-6).all() and (st.loan_principal >= 0).all()
            sellers = st.status == Status.SELF_EMPLOYED
            assert (st.trade[sellers] >= 0).all() and (st.trade[~sellers] < 0).all()
            lots = st.lot[sellers & (st.lot >= 0)]
            assert np.unique(lots).size == lots.size, "two shops on one lot"
        for row in e.metrics.town:
            assert all(v is None or v >= 0 for k, v in row.items() if isinstance(v, (int, float)))
        for row in e.metrics.trades:
            assert row["sellers"] >= 0 and row["entries"] >= 0 and row["exits"] >= 0


def test_a_month_report_explains_the_players_month():
    e = Engine(Params(), seed=4)
    play_some(e, 18)
    reports = [r[0] for r in e.reports]
    assert (
        reports[0].causes[0][0] in {"laid_off", "ill", "borrowed_informally"} or reports[0].causes
    )
    opened = [r for r in reports if ("opened_business", {}) in r.causes]
    assert opened, "the report says when the business opened"
    with_business = [r for r in reports if r.trade >= 0]
    assert with_business and all(
        r.sellers_in_trade >= 1 and r.going_price > 0 for r in with_business
    )
    codes = {code for r in reports for code, _ in r.causes}
    assert codes & {"new_entrants", "demand_change", "neighbours_closed"}
