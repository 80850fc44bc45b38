"""Who might stand guarantor for the player's loan, how likely each is to say yes, and why
they say no (issue 9, point 3). The one place that turns the core's willingness into words.

The chance is the core's own (`finance.guarantor_willingness`); the reason is the part of the
guarantor's situation that pulls the chance down most (away working, blacklisted, in debt,
little savings, burned as a guarantor before, trust lost), so a refusal always says why. A
person who said no can be asked again after ASK_AGAIN_MONTHS (their situation may have
changed); asking around finds new names once a month. When the loan is closed for good, or
for now, `loan_door` says so plainly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game import i18n, words
from game.core import neighbours
from game.core.rules import finance
from game.core.rules.household import living_cost
from game.core.state import Cert, Status

ASK_AGAIN_MONTHS = 3
NAMES_PER_ROUND = 3
# Words for a chance, each band holding the probability its words name (1 in 10 is inside
# 5-15%, about even inside 45-60%...): (upper bound, key).
ODDS = (
    (0.05, "none"),
    (0.15, "one_in_ten"),
    (0.30, "one_in_five"),
    (0.45, "one_in_three"),
    (0.60, "even"),
    (0.80, "two_in_three"),
    (1.01, "very_likely"),
)
# Colour role of each band on screen.
ODDS_TONE = {
    "none": "warn",
    "one_in_ten": "warn",
    "one_in_five": "accent",
    "one_in_three": "accent",
    "even": "accent",
    "two_in_three": "good",
    "very_likely": "good",
}


def odds_key(chance: float) -> str:
    for upper, key in ODDS:
        if chance < upper:
            return key
    return ODDS[-1][1]


def odds_text(chance: float) -> str:
    return i18n.t(f"guarantor.odds.{odds_key(chance)}")


@dataclass(frozen=True)
class Guarantor:
    household: int
    name: str
    relation: str  # a key: cousin, former_workmate, neighbour, old_classmate
    status: str
    chance: float  # the core's willingness, now
    situation: str  # what limits the chance most (a key of guarantor.why.*)
    values: dict = field(default_factory=dict)  # in words, for the loan office's lines
    numbers: dict = field(default_factory=dict)  # the same as numbers, for the run's log
    said_no_month: int | None = None  # the last month they refused (0 = the first month)
    ask_again_month: int | None = None  # when they may be asked again (None: now)

    @property
    def odds(self) -> str:
        return odds_key(self.chance)

    def can_ask(self, month: int) -> bool:
        return self.ask_again_month is None or month >= self.ask_again_month

    def why(self) -> str:
        """Their situation in a sentence: 'has about 2 months of living costs saved'."""
        return words.guarantor_why(self.situation, self.numbers, self.name)


def situation(params, st, g: int) -> tuple[str, dict]:
    """What in household g's own situation limits its willingness most (mirrors the factors
    of finance.guarantor_willingness: being away, blacklisted or in debt rules it out; then
    savings against living costs, trust, and earlier calls as a guarantor)."""
    living = float(living_cost(params, st)[g])
    if st.status[g] == Status.MIGRATED:
        return "away", {}
    if st.blacklisted[g]:
        return "blacklisted", {}
    if st.informal_debt[g] > 0:
        return "in_debt", {"debt": float(st.informal_debt[g])}
    months = float(st.cash[g]) / living if living > 0 else 0.0
    factors = {
        "savings": min(max(months / 6.0, 0.0), 1.0),
        "trust": min(max(float(st.trust[g]), 0.0), 1.0),
        "called": 0.3 ** int(st.times_called[g]),
    }
    key = min(factors, key=factors.get)
    if factors[key] >= 0.95:
        return "careful", {}
    if key == "savings" and factors[key] >= 0.5:
        key = "savings_some"
    elif key == "savings" and months < 0.5:
        key = "no_savings"
    values = {"months": max(0, int(round(months))), "calls": int(st.times_called[g])}
    return key, values


def _refusals(session) -> dict[int, int]:
    """Each guarantor who said no -> the last month they did (from the engine's outcomes)."""
    out: dict[int, int] = {}
    for o in session.engine.outcomes:
        if o.get("command") == "apply_for_loan" and o.get("outcome") == "guarantor_refused":
            out[int(o["guarantor"])] = int(o["month"])
    return out


def _names(session) -> list[tuple[int, str]]:
    """(household, relation) of everyone the player can ask: the engine's first few, then
    the names found by asking around, one round per month asked (seeded, never repeated)."""
    eng, h = session.engine, session.player
    first = neighbours.guarantor_candidates(eng, h)
    out = [(c.household, c.relation) for c in first]
    seen = {hh for hh, _r in out} | {h}
    n = eng.state.n
    for k, _month in enumerate(session.guarantor_rounds):
        rng = np.random.default_rng(np.random.SeedSequence(session.seed, spawn_key=(2001, h, k)))
        pool = [g for g in rng.permutation(n).tolist() if g not in seen][:NAMES_PER_ROUND]
        for g in pool:
            out.append((int(g), neighbours.RELATIONS[len(out) % len(neighbours.RELATIONS)]))
            seen.add(int(g))
    return out


def candidates(session) -> list[Guarantor]:
    """Everyone the player may ask, with the chance and the reason as of now."""
    eng, p = session.engine, session.params
    st = eng.state
    names = _names(session)
    if not names:
        return []
    idx = np.array([g for g, _r in names])
    chance = finance.guarantor_willingness(p, st, idx)
    refused = _refusals(session)
    out = []
    for (g, relation), w in zip(names, chance, strict=True):
        key, values = situation(p, st, g)
        said = refused.get(g)
        again = said + ASK_AGAIN_MONTHS if said is not None else None
        out.append(
            Guarantor(
                household=g,
                name=session.name_of(g),
                relation=relation,
                status=Status(st.status[g]).name.lower(),
                chance=float(w),
                situation=key,
                values=words.guarantor_numbers(values),
                numbers=values,
                said_no_month=said,
                ask_again_month=again if again is not None and again > session.month else None,
            )
        )
    return out


def ask_reasons(session, guarantor: int) -> list[str]:
    """Why this person cannot be asked now (empty: they can)."""
    for c in candidates(session):
        if c.household == guarantor and not c.can_ask(session.month):
            return [
                i18n.t(
                    "guarantor.ask_later",
                    name=c.name,
                    when=words.calendar(session, int(c.ask_again_month)),
                )
            ]
    return []


def look_reasons(session) -> list[str]:
    """Why asking around for more names is not possible now (empty: it is)."""
    if session.guarantor_rounds and session.guarantor_rounds[-1] == session.month:
        return [i18n.t("guarantor.look.done_this_month")]
    if session.engine.done:
        return [i18n.t("reason.game_over")]
    return []


def refusal_text(session, guarantor: int) -> str:
    """The refusal as the player hears it: who, why, and when to ask again."""
    for c in candidates(session):
        if c.household == guarantor:
            again = c.ask_again_month if c.ask_again_month is not None else session.month
            return i18n.t(
                "guarantor.said_no",
                name=c.name,
                why=c.why(),
                when=words.calendar(session, int(again)),
            )
    return i18n.t("guarantor.said_no.plain")


def loan_door(session) -> tuple[str, str]:
    """Whether the subsidised loan is open to the household: ("open" | "later" | "closed",
    a plain sentence). 'closed' is for good; 'later' names what must change first."""
    eng, h, pol = session.engine, session.player, session.params.policy
    st = eng.state
    if not pol.loans_enabled:
        return "closed", i18n.t("loan.door.off")
    if st.blacklisted[h]:
        return "closed", i18n.t("loan.door.blacklisted")
    if st.age[h] > 60:
        return "closed", i18n.t("loan.door.too_old")
    if st.cert[h] == Cert.REFUSED:
        return "closed", i18n.t("loan.door.no_certificate")
    if st.loan_principal[h] > 0:
        return "open", ""
    if st.lending_suspended:
        return "later", i18n.t("loan.door.suspended")
    if pol.guarantor_required:
        people = candidates(session)
        if people and not any(c.can_ask(session.month) for c in people):
            first = min(int(c.ask_again_month) for c in people if c.ask_again_month is not None)
            if look_reasons(session):
                return "later", i18n.t(
                    "loan.door.nobody_now",
                    when=words.calendar(session, min(first, session.month + 1)),
                )
            return "later", i18n.t(
                "loan.door.nobody_ask_around", when=words.calendar(session, first)
            )
    return "open", ""


__all__ = [
    "ASK_AGAIN_MONTHS",
    "Guarantor",
    "ask_reasons",
    "candidates",
    "look_reasons",
    "loan_door",
    "odds_key",
    "odds_text",
    "refusal_text",
    "situation",
]
