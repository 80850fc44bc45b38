"""A plain scripted player for a whole run, headless: what the tests, the benchmark and the
teaching guide's sample figures use to get a finished run without a person.

It does what most first-time players do: writes a one-line plan, takes the state's favoured
path (a business), asks
for proof of layoff, borrows what the start-up needs beyond a small reserve from the first
neighbour who agrees to guarantee it, opens the trade its skills fit best, prices a little
under the going price, repays the loan when it falls due if the cash is there (else asks for
the extension), and in events picks the first choice that does not change its path. At the end
`reflect` does the written debrief the way a student would: a guess with a reason for every
prediction, an explanation, a verdict on every claim and answers to three questions.
"""

from __future__ import annotations

import math

from game.core import commands as C
from game.core.rules.household import living_cost
from game.debrief import reflection
from game.session import GameSession

NAME = "Scripted Student"
STRATEGY = "Borrow for a small business in the trade I know and price a little under the rest."

PATH_CHANGING = {"choose_path", "close_business", "open_business", "apply_for_loan"}


def first_calm_choice(event) -> int:
    for i, choice in enumerate(event.choices):
        if not any(e.get("command") in PATH_CHANGING for e in (choice.effects or [])):
            return i
    return 0


def act(s: GameSession) -> None:
    """One month's decisions before `end_month`."""
    eng, h = s.engine, s.player
    st, p = eng.state, eng.params
    f = s.facts()
    if s.month == 0:
        s.submit(C.ChoosePath(h, "self_employ"))
        s.submit(C.ApplyForCertificate(h))
    if (
        f["certificate"] == "refused"
        and p.policy.loans_enabled
        and f["status"] == "laid_off"
        and not f["has_business"]
    ):
        s.submit(C.ChoosePath(h, "job_search"))  # no loan: look for work instead
        f = s.facts()
    if (
        not f["has_business"]
        and int(st.businesses_opened[h]) == 0
        and f["status"] in ("laid_off", "job_search", "day_labour")
    ):
        costs = eng.trade_arrays["start_up"]
        reach = f["cash_yuan"] + (p.policy.loan_ceiling_yuan if p.policy.loans_enabled else 0.0)
        fits = [(float(st.skill[h, i]), -i) for i in range(len(p.trades)) if costs[i] <= reach]
        if fits:
            trade = -max(fits)[1]
            need = float(costs[trade])
            if (
                f["cash_yuan"] < need
                and f["certificate"] == "granted"
                and not f["has_loan"]
                and p.policy.loans_enabled
            ):
                reserve = 2.0 * float(living_cost(p, st)[h])
                amount = min(
                    max(
                        math.ceil((need - max(f["cash_yuan"] - reserve, 0.0)) / 1000.0) * 1000.0,
                        1000.0,
                    ),
                    p.policy.loan_ceiling_yuan,
                )
                for cand in eng.guarantor_candidates(h):
                    s.submit(C.ApplyForLoan(h, amount, cand["household"]))
                    if s.facts()["has_loan"]:
                        break
            if s.facts()["cash_yuan"] >= need:
                s.submit(C.OpenBusiness(h, trade, -1))
    f = s.facts()
    if f["has_business"]:
        t = int(st.trade[h])
        going = float(st.going_price[t]) or float(eng.trade_arrays["start_price"][t])
        price = max(going * 0.98, float(eng.trade_arrays["unit_cost"][t]) * 1.05)
        if abs(price - f["price_yuan"]) > 0.01:
            s.submit(C.SetPrice(h, round(price, 2)))
    if f["has_loan"] and 0 <= f["loan_due_in_months"] <= 1:
        if f["cash_yuan"] >= f["loan_yuan"]:
            s.submit(C.RepayLoan(h, f["loan_yuan"]))
        else:
            s.submit(C.ExtendLoan(h))


def play_month(s: GameSession) -> None:
    act(s)
    s.end_month()
    for ev in list(s.pending_events):
        s.choose(ev, first_calm_choice(ev))


def play(
    scenario: str | None = "steel_town_2016", seed: int = 3, months: int | None = None
) -> GameSession:
    """A run played to its end (or `months` months, or until the household can go on no more)."""
    s = GameSession.new(scenario, seed=seed, autosave=False)
    s.pending_events.clear()
    reflection.set_name(s, NAME)
    reflection.set_strategy(s, STRATEGY)
    while not s.over and (months is None or s.month < months):
        play_month(s)
    return s


def reflect(s: GameSession, results: dict | None = None) -> None:
    """The written debrief, filled in: the first choice of every prediction with a reason
    (locked in), an explanation, a verdict with a reason on every claim (in turn: supports,
    complicates, contradicts) and answers to the first three core questions."""
    from game.debrief import argument, predictions, questions  # noqa: PLC0415

    for p in predictions.build(s, results):
        reflection.choose(s, p["key"], p["choices"][0]["key"])
        reflection.set_reason(s, p["key"], "It is what I saw happen around me.")
        reflection.lock(s, p["key"])
    reflection.set_explanation(
        s,
        "I chose the loan; my neighbours opened the same business; the state paid my insurance.",
    )
    for i, key in enumerate(argument.PANELS):
        verdict = reflection.VERDICTS[i % len(reflection.VERDICTS)]
        reflection.set_verdict(s, key, verdict, f"My run's numbers on {key}.")
    core = [q for name in questions.PHASES for q in questions.phase(s, name) if q["core"]]
    for q in core[: reflection.ANSWERS_WANTED]:
        reflection.set_answer(s, q["id"], f"My answer to: {q['text']}")


__all__ = ["play", "play_month", "act", "first_calm_choice", "reflect", "NAME", "STRATEGY"]
