"""Views of the people around a household: the street's lots (who trades on each) and the
relatives and neighbours it could ask to stand guarantor. Indices and codes only, no words:
names and labels in the player's language are made above the core (`game.words.street_lots`,
`game.words.person_name`), so a remote seat gets the same record whatever its language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.core.rules import finance
from game.core.state import Status
from game.core.views import View

if TYPE_CHECKING:
    from game.core.engine import Engine

# What the player is told of a candidate's willingness to stand guarantor, by the core's own
# chance (finance.guarantor_willingness x borrower_standing): "likely" above the first,
# "unsure" above the second, else "unlikely".
LIKELY_ABOVE = 0.45
UNSURE_ABOVE = 0.15
LIKELINESS = ("likely", "unsure", "unlikely")  # best first
RELATIONS = ("cousin", "former_workmate", "neighbour", "old_classmate")
# The seed stream the fixed first candidates of each household are drawn from.
CANDIDATE_STREAM = 2000


@dataclass(frozen=True)
class Lot(View):
    """One lot of the street: who trades there now, or an empty lot or one for rent."""

    lot: int
    state: str  # "open", "for_rent" (someone traded here before) or "empty"
    trade: int  # -1: nobody trades here
    last_trade: int  # the trade last here (-1: never anyone; only for a lot nobody trades on)
    is_player: bool
    household: int = -1
    surname: int = -1  # index into names.SURNAMES
    given_name: int = -1  # index into names.GIVEN
    age: int = 0
    female: bool = False
    former_job: int = -1  # index into names.FORMER_JOBS
    price_yuan: float = 0.0
    months_open: int = 0
    in_agreement: bool = False
    profit_yuan: float = 0.0  # last month's


def street(eng: Engine) -> tuple[Lot, ...]:
    """One lot per place on the street, in street order."""
    st = eng.state
    owners = np.flatnonzero((st.status == Status.SELF_EMPLOYED) & (st.lot >= 0))
    by_lot = {int(st.lot[h]): int(h) for h in owners}
    out = []
    for lot in range(st.n_lots):
        h = by_lot.get(lot, -1)
        if h < 0:
            last = int(st.lot_last_trade[lot])
            state = "for_rent" if last >= 0 else "empty"
            out.append(Lot(lot=lot, state=state, trade=-1, last_trade=last, is_player=False))
            continue
        out.append(
            Lot(
                lot=lot,
                state="open",
                trade=int(st.trade[h]),
                last_trade=-1,
                is_player=bool(st.is_player[h]),
                household=h,
                surname=int(st.surname[h]),
                given_name=int(st.given_name[h]),
                age=int(st.age[h]),
                female=bool(st.female[h]),
                former_job=int(st.former_job[h]),
                price_yuan=float(st.price[h]),
                months_open=int(st.months_open[h]),
                in_agreement=bool(st.in_agreement[h]),
                profit_yuan=float(st.profit[h]),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class GuarantorCandidate(View):
    """A relative or neighbour a household might ask, with what the household can know of
    them. Their answer is drawn only when asked (commands.ApplyForLoan)."""

    household: int
    surname: int  # index into names.SURNAMES
    given_name: int  # index into names.GIVEN
    status: str  # Status name in lower case
    relation: str  # one of RELATIONS
    times_called: int  # loans they had to pay as guarantor
    trust: float
    likely: str  # one of LIKELINESS


def guarantor_candidates(eng: Engine, h: int, k: int = 4) -> tuple[GuarantorCandidate, ...]:
    """The fixed few household `h` might ask first (drawn from the run's seed)."""
    st, p = eng.state, eng.params
    seq = np.random.SeedSequence(eng.seed, spawn_key=(CANDIDATE_STREAM, h))
    rng = np.random.default_rng(seq)
    cand = rng.choice(np.delete(np.arange(st.n), h), size=min(k, st.n - 1), replace=False)
    w = finance.guarantor_willingness(p, st, cand) * finance.borrower_standing(p, st, np.array([h]))
    return tuple(
        GuarantorCandidate(
            household=int(g),
            surname=int(st.surname[g]),
            given_name=int(st.given_name[g]),
            status=Status(st.status[g]).name.lower(),
            relation=RELATIONS[i % len(RELATIONS)],
            times_called=int(st.times_called[g]),
            trust=float(st.trust[g]),
            likely=LIKELINESS[0 if w[i] > LIKELY_ABOVE else (1 if w[i] > UNSURE_ABOVE else 2)],
        )
        for i, g in enumerate(cand)
    )
