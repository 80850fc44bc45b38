"""The loan's rules stepped for all towns of a batch at once (rules/batched_finance.py) give
every town the bytes it gets alone: certificates, the spending pools, the interest subsidy and
the loans falling due (extended, renewed, repaid, defaulted with guarantors, the cooperative
and the fund called), on several scenarios and seeds, with loans short enough to fall due
often. The tests also check that those branches were taken, so a pass means something."""

from collections import Counter
from dataclasses import replace

import pytest

from game.core import batch as batch_module
from game.core.batch import Batch
from game.core.engine import Engine
from game.scenario.loader import load_scenario

FINANCE_RULES = ("resolve_certificates", "spending_pools", "interest", "mature_loans")
SEEDS = (3, 4, 11, 12)


def short_loans(name: str, **policy):
    """The scenario with six-month loans (many fall due within a run) and `policy` values."""
    p = load_scenario(name).params
    return replace(p, policy=replace(p.policy, loan_term_months=6, **policy))


def noting(monkeypatch, seen: Counter) -> None:
    """Count the notes each batched finance rule leaves in its towns (which branches ran)."""
    for name in FINANCE_RULES:
        rule = batch_module.BATCHED_RULES[name]

        def counted(batch, rule=rule):
            before = [{k: len(v) for k, v in e.ctx.notes.items()} for e in batch.engines]
            rule(batch)
            for e, old in zip(batch.engines, before, strict=True):
                for k, v in e.ctx.notes.items():
                    seen[k] += len(v) - old.get(k, 0)

        monkeypatch.setitem(batch_module.BATCHED_RULES, name, counted)


@pytest.mark.parametrize(
    ("name", "policy"),
    [
        ("steel_town_2016", {"loan_extension_months": 3}),
        ("what_if_cooperative", {}),
        ("xiagang_1998", {"guarantor_required": False}),
        ("returnee_township_2009", {"certificate_probability": 0.5}),
    ],
)
def test_batched_loan_rules_give_each_town_its_lone_bytes(monkeypatch, name, policy):
    params = short_loans(name, **policy)
    seen: Counter = Counter()
    noting(monkeypatch, seen)
    batch = Batch(params, SEEDS, players=(0,))
    assert batch.shared_params() is not None  # the batched forms run, not the town-by-town
    batch.run_months()
    for seed, eng in zip(SEEDS, batch.engines, strict=True):
        alone = Engine(params, seed=seed, players=(0,))
        alone.run()
        assert eng.hashes == alone.hashes, f"seed {seed}"
        assert eng.metrics.to_dict() == alone.metrics.to_dict(), f"seed {seed}"
        assert [r[0].to_dict() for r in eng.reports] == [r[0].to_dict() for r in alone.reports]
    assert seen["certificate_granted"] and seen["defaulted"] and seen["loan_renewed"]
    if policy.get("loan_extension_months"):
        assert seen["loan_extended"]
    if params.policy.guarantor_required:
        assert seen["called_as_guarantor"]


def test_batched_and_town_by_town_loan_rules_agree_month_by_month(monkeypatch):
    """The same batch stepped with the finance rules batched and town by town: the same state
    every month, books included (a batch without players, as `simulate` runs them)."""
    params = short_loans("steel_town_2016", loan_extension_months=2)
    seeds = list(range(20, 30))  # ten towns: the seed words made for all towns at once too
    together = Batch(params, seeds, players=())
    for name in FINANCE_RULES:
        monkeypatch.delitem(batch_module.BATCHED_RULES, name)
    apart = Batch(params, seeds, players=())
    for _ in range(params.months):
        apart.end_month()
        monkeypatch.undo()
        together.end_month()
        for name in FINANCE_RULES:
            monkeypatch.delitem(batch_module.BATCHED_RULES, name)
    for a, b in zip(together.engines, apart.engines, strict=True):
        assert a.hashes == b.hashes
        assert a.state.loan_books == b.state.loan_books
        assert a.state.sector_cash == b.state.sector_cash
