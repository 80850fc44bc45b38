"""A restless headless player for tests: each seed makes a different mix of decisions (paths,
loans, businesses, prices, repayments, family loans, closures, every kind of event answer),
so tests over many runs see every way money can move."""

from __future__ import annotations

import numpy as np

from game.core import commands as C
from game.core.neighbours import guarantor_candidates
from game.session import GameSession

PATHS = (
    "self_employ",
    "self_employ",
    "self_employ",
    "day_labour",
    "migrate",
    "job_search",
    "retrain",
)


def act(s: GameSession, rng: np.random.Generator) -> None:
    """One month's decisions, before `end_month`."""
    h, f = s.player, s.facts()
    st, p = s.engine.state, s.params
    if s.month == 0:
        s.submit(C.ChoosePath(h, str(rng.choice(PATHS))))
        s.submit(C.ApplyForCertificate(h))
    if not f["has_business"] and st.plans_business[h]:
        if f["certificate"] == "granted" and not f["has_loan"] and p.policy.loans_enabled:
            for cand in guarantor_candidates(s.engine, h):
                amount = float(rng.choice([10_000, 30_000, 60_000]))
                if (
                    not s.submit(C.ApplyForLoan(h, amount, cand.household))
                    and s.facts()["has_loan"]
                ):
                    break
        costs = s.engine.trade_arrays["start_up"]
        affordable = [i for i in range(len(p.trades)) if costs[i] <= st.cash[h]]
        wants_loan = p.policy.loans_enabled and s.seed % 3 != 0 and f["certificate"] != "refused"
        waiting = (
            f["certificate"] == "pending" or (wants_loan and not s.facts()["has_loan"])
        ) and s.month < 6
        if affordable and not waiting and rng.random() < 0.7:
            s.submit(C.OpenBusiness(h, int(rng.choice(affordable)), -1))
    f = s.facts()
    if f["has_business"]:
        if rng.random() < 0.3:
            t = int(st.trade[h])
            s.submit(C.SetPrice(h, float(p.trades[t].start_price_yuan * rng.uniform(0.7, 1.2))))
        if rng.random() < 0.03:
            s.submit(C.CloseBusiness(h))
    if f["has_loan"] and f["cash_yuan"] > 2000 and rng.random() < 0.15:
        s.submit(C.RepayLoan(h, float(min(f["cash_yuan"] / 2, f["loan_yuan"]))))
    if f["has_loan"] and f["loan_due_in_months"] <= 2 and rng.random() < 0.5:
        s.submit(C.ExtendLoan(h))
    if rng.random() < 0.08:
        s.submit(C.BorrowInformally(h, 1000.0))
    if rng.random() < 0.05:
        s.submit(C.SetDoctor(h, bool(rng.random() < 0.5)))


def answer_events(s: GameSession, rng: np.random.Generator) -> None:
    for ev in list(s.pending_events):
        s.choose(ev, int(rng.integers(len(ev.choices))))


def play(scenario, seed: int, months: int | None = None) -> GameSession:
    """A whole run (or `months` of it) of the restless player."""
    s = GameSession.new(scenario, seed=seed, autosave=False)
    rng = np.random.default_rng([seed, 99])
    while not s.engine.done and (months is None or s.month < months):
        answer_events(s, rng)
        act(s, rng)
        s.end_month()
    answer_events(s, rng)
    return s
