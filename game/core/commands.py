"""Every decision a player makes is a command: frozen, serialisable data (Game Programming
Patterns, Command). `validate` lists every reason it cannot apply and never mutates;
`apply` changes the town through the same rules the AI households use.

Reasons are message keys with values (`("reason.no_cash", {...})`) so the UI can translate
them; `explain()` gives plain English for logs and tests.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, ClassVar, Protocol

import numpy as np

from game.core.rules import business, choice, finance, informal
from game.core.rules.choice import retirement_eligible
from game.core.rules.context import book, move_cash, pay
from game.core.rules.household import set_status
from game.core.state import Cert, Status

if TYPE_CHECKING:
    from game.core.params import Params, ScheduledChange
    from game.core.rules.context import MonthContext
    from game.core.state import TownState


class Town(Protocol):
    """What a command reads and changes: the engine, as commands see it. Commands name this
    instead of the engine, so the engine can take commands without the two importing each
    other."""

    state: TownState
    params: Params
    ctx: MonthContext
    trade_arrays: dict

    @property
    def month(self) -> int: ...

    @property
    def done(self) -> bool: ...

    def informal_room(self, h: int) -> float: ...

    def command_rng(self) -> np.random.Generator: ...

    def schedule_change(self, change: ScheduledChange) -> None: ...


Reason = tuple[str, dict]

# The most anyone would pay in a trade, as a multiple of its start price (SetPrice's cap).
PRICE_CAP_TIMES_START = 4

NOT_WORKING = (Status.LAID_OFF, Status.JOB_SEARCH, Status.DAY_LABOUR)
PATHS = ("job_search", "retrain", "migrate", "retire", "day_labour", "self_employ")

# English for every reason key: used by `explain` (logs, CLI, tests); the UI translates keys.
REASON_TEXT = {
    "no_household": "there is no household {household}",
    "not_player": "household {household} is not played by a person",
    "game_over": "the game has ended",
    "not_free": "you already have work or a business (now: {status})",
    "unknown_path": "unknown path {path!r}; choose one of {paths}",
    "not_eligible_retire": "internal retirement is only for those within {years:g} years of the statutory age ({age:g})",
    "no_migration": "this scenario offers no help to migrate",
    "retrained_already": "you have already done a course",
    "no_business": "you have no business open",
    "has_business": "you already run a business",
    "unknown_trade": "there is no trade {trade}",
    "no_cash": "you have {cash} yuan; this needs {need} yuan",
    "lot_taken": "lot {lot} on the street is taken",
    "bad_lot": "the street has lots 0 to {last}",
    "price_below_cost": "a price below the unit cost ({unit_cost} yuan) loses money on every sale",
    "price_too_high": "nobody would pay more than {limit} yuan",
    "bad_hours": "hours must be between {low:g} and {high:g} a month",
    "loans_off": "this scenario has no subsidised loans",
    "lending_suspended": "the bank has stopped new lending: too many loans are in arrears",
    "blacklisted": "after a default the bank will not lend to you again",
    "has_loan": "you already have a loan of {principal} yuan",
    "no_certificate": "you need proof of laid-off status first (certificate: {cert})",
    "cert_already": "your certificate is already {cert}",
    "bad_amount": "the amount must be between {low} and {high} yuan",
    "bad_guarantor": "household {guarantor} cannot be your guarantor",
    "no_loan": "you have no loan",
    "no_extension": "this loan cannot be extended",
    "informal_limit": "lenders will lend you at most {room} more yuan",
    "no_agreement": "there is no price agreement in your trade",
    "in_agreement": "you are already in the agreement",
    "not_in_agreement": "you are not in the agreement",
    "no_borrower": "no neighbour is looking for a guarantor",
    "too_old": "the loan is only for those aged {age} or under",
    "not_laid_off": "only laid-off workers can get the certificate",
    "not_viable": "the bank extends a loan only for a business that covers its costs",
    "bad_counterpart": "unknown counterpart {counterpart!r}; one of {known}",
    "neighbour_cannot_pay": "the neighbour does not have that much",
}


def explain(reasons: list[Reason]) -> list[str]:
    return [REASON_TEXT.get(k, k).format(**v) for k, v in reasons]


@dataclass(frozen=True)
class Command:
    kind: ClassVar[str] = ""
    household: int

    def validate(self, eng: Town) -> list[Reason]:
        st = eng.state
        if not (0 <= self.household < st.n):
            return [("no_household", {"household": self.household})]
        if not st.is_player[self.household]:
            return [("not_player", {"household": self.household})]
        if eng.done:
            return [("game_over", {})]
        return self.check(eng)

    def check(self, eng: Town) -> list[Reason]:
        return []

    def apply(self, eng: Town) -> dict:
        raise NotImplementedError


def _business(eng: Town, h: int) -> list[Reason]:
    st = eng.state
    return [] if st.status[h] == Status.SELF_EMPLOYED else [("no_business", {})]


@dataclass(frozen=True)
class ChoosePath(Command):
    kind: ClassVar[str] = "choose_path"
    path: str = "job_search"

    def check(self, eng: Town) -> list[Reason]:
        st, p, h = eng.state, eng.params, self.household
        out: list[Reason] = []
        if self.path not in PATHS:
            return [("unknown_path", {"path": self.path, "paths": ", ".join(PATHS)})]
        if st.status[h] not in NOT_WORKING and not (
            self.path == "migrate" and st.status[h] == Status.SELF_EMPLOYED
        ):
            out.append(("not_free", {"status": Status(st.status[h]).name.lower()}))
        if self.path == "retire" and not retirement_eligible(p, st, np.array([h]))[0]:
            age = p.policy.retirement_age_women if st.female[h] else p.policy.retirement_age_men
            out.append(
                (
                    "not_eligible_retire",
                    {"years": p.policy.internal_retirement_years_before, "age": age},
                )
            )
        if self.path == "migrate" and not p.policy.migration_enabled:
            out.append(("no_migration", {}))
        elif self.path == "migrate":
            need = p.income.migration_cost_yuan
            have = max(float(st.cash[h]), 0.0) + eng.informal_room(h)
            if have < need:
                out.append(("no_cash", {"cash": f"{have:,.0f}", "need": f"{need:,.0f}"}))
        if self.path == "retrain" and st.retrained[h]:
            out.append(("retrained_already", {}))
        return out

    def apply(self, eng: Town) -> dict:
        st, h = eng.state, self.household
        idx = np.array([h])
        if self.path == "migrate" and st.status[h] == Status.SELF_EMPLOYED:
            business.close_business(eng.params, st, eng.ctx, idx, eng.trade_arrays)
        if self.path == "migrate":
            choice.migrate(eng.params, st, eng.ctx, idx)
            st.plans_business[h] = False
            return {"ok": bool(st.status[h] == Status.MIGRATED)}
        target = {
            "job_search": Status.JOB_SEARCH,
            "retrain": Status.RETRAINING,
            "migrate": Status.MIGRATED,
            "retire": Status.RETIRED,
            "day_labour": Status.DAY_LABOUR,
            "self_employ": None,
        }[self.path]
        if target is None:
            st.plans_business[h] = True
        else:
            set_status(st, idx, target)
            st.plans_business[h] = False
        if self.path == "retrain":
            st.retrain_months_left[h] = eng.params.policy.retraining_months
        return {"ok": True}


@dataclass(frozen=True)
class ApplyForCertificate(Command):
    kind: ClassVar[str] = "apply_for_certificate"

    def check(self, eng: Town) -> list[Reason]:
        c = eng.state.cert[self.household]
        if eng.state.laid_off_month[self.household] < 0:
            return [("not_laid_off", {})]
        return [] if c == Cert.NONE else [("cert_already", {"cert": Cert(c).name.lower()})]

    def apply(self, eng: Town) -> dict:
        finance.apply_for_certificate(eng.params, eng.state, np.array([self.household]))
        return {"ok": True, "ready_month": int(eng.state.cert_ready_month[self.household])}


@dataclass(frozen=True)
class ApplyForLoan(Command):
    """Ask the bank for the subsidised loan with a named guarantor, who may refuse."""

    kind: ClassVar[str] = "apply_for_loan"
    amount_yuan: float = 0.0
    guarantor: int = -1

    def check(self, eng: Town) -> list[Reason]:
        st, p, h = eng.state, eng.params, self.household
        out: list[Reason] = []
        if not p.policy.loans_enabled or p.policy.loan_ceiling_yuan <= 0:
            return [("loans_off", {})]
        if st.lending_suspended:
            out.append(("lending_suspended", {}))
        if st.blacklisted[h]:
            out.append(("blacklisted", {}))
        if st.age[h] > p.policy.loan_age_limit_years:
            out.append(("too_old", {"age": f"{p.policy.loan_age_limit_years:g}"}))
        if st.loan_principal[h] > 0:
            out.append(("has_loan", {"principal": f"{st.loan_principal[h]:,.0f}"}))
        if st.cert[h] != Cert.GRANTED:
            out.append(("no_certificate", {"cert": Cert(st.cert[h]).name.lower()}))
        if not (1000 <= self.amount_yuan <= p.policy.loan_ceiling_yuan):
            out.append(
                ("bad_amount", {"low": "1,000", "high": f"{p.policy.loan_ceiling_yuan:,.0f}"})
            )
        if p.policy.guarantor_required and not (0 <= self.guarantor < st.n and self.guarantor != h):
            out.append(("bad_guarantor", {"guarantor": self.guarantor}))
        return out

    def apply(self, eng: Town) -> dict:
        st, p, h = eng.state, eng.params, self.household
        g = np.array([self.guarantor]) if p.policy.guarantor_required else np.array([-1])
        if p.policy.guarantor_required:
            willing = (
                finance.guarantor_willingness(p, st, g)
                * finance.borrower_standing(p, st, np.array([h]))
            )[0]
            if eng.command_rng().random() >= willing:
                return {
                    "ok": False,
                    "outcome": "guarantor_refused",
                    "guarantor": int(self.guarantor),
                    "willingness": float(willing),
                }
        finance.disburse(p, st, eng.ctx, np.array([h]), np.array([float(self.amount_yuan)]), g)
        st.loan_trade[h] = st.trade[h] if st.trade[h] >= 0 else st.planned_trade[h]
        return {"ok": True, "outcome": "loan_granted", "due_month": int(st.loan_due_month[h])}


@dataclass(frozen=True)
class OpenBusiness(Command):
    kind: ClassVar[str] = "open_business"
    trade: int = 0
    lot: int = -1
    capital_yuan: float = 0.0  # what to spend on equipment and stock; 0: the trade's start-up cost

    def check(self, eng: Town) -> list[Reason]:
        st, h = eng.state, self.household
        out: list[Reason] = []
        if st.status[h] == Status.SELF_EMPLOYED:
            return [("has_business", {})]
        if st.status[h] not in NOT_WORKING:
            out.append(("not_free", {"status": Status(st.status[h]).name.lower()}))
        if not (0 <= self.trade < st.n_trades):
            return out + [("unknown_trade", {"trade": self.trade})]
        need = max(float(eng.trade_arrays["start_up"][self.trade]), float(self.capital_yuan))
        if not np.isfinite(self.capital_yuan) or self.capital_yuan < 0:
            out.append(("bad_amount", {"low": "0", "high": f"{max(st.cash[h], 0.0):,.0f}"}))
        elif st.cash[h] < need:
            out.append(("no_cash", {"cash": f"{st.cash[h]:,.0f}", "need": f"{need:,.0f}"}))
        if self.lot >= st.n_lots or self.lot < -1:
            out.append(("bad_lot", {"last": st.n_lots - 1}))
        elif self.lot >= 0 and self.lot not in business.free_lots(st):
            out.append(("lot_taken", {"lot": self.lot}))
        return out

    def apply(self, eng: Town) -> dict:
        st, h = eng.state, self.household
        lots = np.array([self.lot]) if self.lot >= 0 else None
        st.planned_trade[h] = self.trade
        business.open_business(
            eng.params,
            st,
            eng.ctx,
            np.array([h]),
            np.array([self.trade]),
            eng.trade_arrays,
            lots,
            capital=np.array([float(self.capital_yuan)]),
        )
        if st.loan_principal[h] > 0 and st.loan_trade[h] < 0:
            st.loan_trade[h] = self.trade
        return {"ok": True, "lot": int(st.lot[h])}


@dataclass(frozen=True)
class SetPrice(Command):
    kind: ClassVar[str] = "set_price"
    price_yuan: float = 0.0

    def check(self, eng: Town) -> list[Reason]:
        out = _business(eng, self.household)
        if out:
            return out
        t = eng.state.trade[self.household]
        unit = eng.trade_arrays["unit_cost"][t]
        limit = eng.trade_arrays["start_price"][t] * PRICE_CAP_TIMES_START
        if not self.price_yuan >= unit:  # also catches NaN
            out.append(("price_below_cost", {"unit_cost": f"{unit:,.2f}"}))
        elif self.price_yuan > limit:
            out.append(("price_too_high", {"limit": f"{limit:,.2f}"}))
        return out

    def apply(self, eng: Town) -> dict:
        eng.state.price[self.household] = self.price_yuan
        return {"ok": True}


@dataclass(frozen=True)
class SetHours(Command):
    kind: ClassVar[str] = "set_hours"
    hours: float = 260.0

    def check(self, eng: Town) -> list[Reason]:
        out = _business(eng, self.household)
        full = eng.params.behaviour.full_hours_per_month
        if not (0.25 * full <= self.hours <= 1.25 * full):
            out.append(("bad_hours", {"low": 0.25 * full, "high": 1.25 * full}))
        return out

    def apply(self, eng: Town) -> dict:
        eng.state.hours[self.household] = self.hours
        return {"ok": True}


@dataclass(frozen=True)
class SetSchoolFees(Command):
    kind: ClassVar[str] = "set_school_fees"
    pay: bool = True

    def apply(self, eng: Town) -> dict:
        eng.state.pay_school_fees[self.household] = self.pay
        return {"ok": True}


@dataclass(frozen=True)
class SetDoctor(Command):
    kind: ClassVar[str] = "set_doctor"
    see: bool = True

    def apply(self, eng: Town) -> dict:
        eng.state.see_doctor[self.household] = self.see
        return {"ok": True}


@dataclass(frozen=True)
class JoinAgreement(Command):
    kind: ClassVar[str] = "join_agreement"

    def check(self, eng: Town) -> list[Reason]:
        st, h = eng.state, self.household
        out = _business(eng, h)
        if not out and not st.agreement_active[st.trade[h]]:
            out.append(("no_agreement", {}))
        elif not out and st.in_agreement[h]:
            out.append(("in_agreement", {}))
        return out

    def apply(self, eng: Town) -> dict:
        st, h = eng.state, self.household
        st.in_agreement[h] = True
        st.price[h] = max(st.price[h], st.agreement_floor[st.trade[h]])
        return {"ok": True}


@dataclass(frozen=True)
class LeaveAgreement(Command):
    kind: ClassVar[str] = "leave_agreement"

    def check(self, eng: Town) -> list[Reason]:
        out = _business(eng, self.household)
        if not out and not eng.state.in_agreement[self.household]:
            out.append(("not_in_agreement", {}))
        return out

    def apply(self, eng: Town) -> dict:
        eng.state.in_agreement[self.household] = False
        return {"ok": True}


@dataclass(frozen=True)
class RepayLoan(Command):
    kind: ClassVar[str] = "repay_loan"
    amount_yuan: float = 0.0

    def check(self, eng: Town) -> list[Reason]:
        st, h = eng.state, self.household
        if st.loan_principal[h] <= 0:
            return [("no_loan", {})]
        high = min(st.loan_principal[h], max(st.cash[h], 0.0))
        if not (0 < self.amount_yuan <= high + 1e-6):
            return [("bad_amount", {"low": "1", "high": f"{high:,.0f}"})]
        return []

    def apply(self, eng: Town) -> dict:
        st, h = eng.state, self.household
        amount = min(float(self.amount_yuan), float(st.loan_principal[h]))
        finance.repay(st, eng.ctx, np.array([h]), np.array([amount]))
        return {"ok": True, "left": float(st.loan_principal[h])}


@dataclass(frozen=True)
class ExtendLoan(Command):
    kind: ClassVar[str] = "extend_loan"

    def check(self, eng: Town) -> list[Reason]:
        st, h = eng.state, self.household
        if st.loan_principal[h] <= 0:
            return [("no_loan", {})]
        if (
            eng.params.policy.loan_extension_months <= 0
            or st.loan_extended[h]
            or st.loan_due_month[h] - st.month > 2
        ):
            return [("no_extension", {})]
        if not finance.viable(st, np.array([h]))[0]:
            return [("not_viable", {})]
        return []

    def apply(self, eng: Town) -> dict:
        """The guarantor must agree (docs/evidence.md#loan-2002); then the loan runs on and
        its interest is the borrower's (finance.borrower_interest_share)."""
        st, p, h = eng.state, eng.params, self.household
        g = int(st.guarantor[h])
        if finance.asks_guarantors(p) and g >= 0:
            willing = (
                finance.guarantor_willingness(p, st, np.array([g]))
                * finance.borrower_standing(p, st, np.array([h]))
            )[0]
            if eng.command_rng().random() >= willing:
                return {
                    "ok": False,
                    "outcome": "extension_refused",
                    "guarantor": g,
                    "willingness": float(willing),
                }
        st.loan_due_month[h] += p.policy.loan_extension_months
        st.loan_extended[h] = True
        # What the player is told: whether the state goes on paying the interest (codes only).
        outcome = (
            "loan_extended_subsidised" if p.policy.subsidy_during_extension else "loan_extended"
        )
        return {"ok": True, "outcome": outcome, "due_month": int(st.loan_due_month[h])}


@dataclass(frozen=True)
class BorrowInformally(Command):
    kind: ClassVar[str] = "borrow_informally"
    amount_yuan: float = 0.0

    def check(self, eng: Town) -> list[Reason]:
        room = eng.informal_room(self.household)
        if not (0 < self.amount_yuan <= room + 1e-6):
            return [("informal_limit", {"room": f"{room:,.0f}"})]
        return []

    def apply(self, eng: Town) -> dict:
        got = informal.borrow(
            eng.params,
            eng.state,
            eng.ctx,
            np.array([self.household]),
            np.array([float(self.amount_yuan)]),
        )
        return {"ok": True, "borrowed": float(got[0])}


@dataclass(frozen=True)
class CloseBusiness(Command):
    kind: ClassVar[str] = "close_business"

    def check(self, eng: Town) -> list[Reason]:
        return _business(eng, self.household)

    def apply(self, eng: Town) -> dict:
        business.close_business(
            eng.params, eng.state, eng.ctx, np.array([self.household]), eng.trade_arrays
        )
        return {"ok": True}


@dataclass(frozen=True)
class StandAsGuarantor(Command):
    """A neighbour asks the player to guarantee their loan (an event's choice): the player's
    household now stands behind the most recent loan in town that is still running."""

    kind: ClassVar[str] = "stand_as_guarantor"

    def _borrower(self, eng: Town) -> int:
        st = eng.state
        cand = np.flatnonzero(
            (st.loan_principal > 0) & ~st.is_player & (st.guarantor != self.household)
        )
        if cand.size == 0:
            return -1
        return int(cand[np.argmax(st.loan_due_month[cand] * st.n + cand)])

    def check(self, eng: Town) -> list[Reason]:
        return [] if self._borrower(eng) >= 0 else [("no_borrower", {})]

    def apply(self, eng: Town) -> dict:
        b = self._borrower(eng)
        eng.state.guarantor[b] = self.household
        return {"ok": True, "borrower": b}


EVENT_COUNTERPARTS = ("outside", "state", "households")


@dataclass(frozen=True)
class EventPayment(Command):
    """Money an event's choice moves: a gift to a neighbour, a fine, a relative's help.
    Positive is money in. `counterpart` is who pays or is paid: the world outside the town
    (relatives elsewhere, a hospital in the county), the state (a fine, the union's help), or a
    household in town (a neighbour). Bounded so an event cannot conjure a fortune; a payment
    out must be affordable from cash and what relatives would still lend."""

    kind: ClassVar[str] = "event_payment"
    amount_yuan: float = 0.0
    reason: str = ""
    counterpart: str = "outside"

    def check(self, eng: Town) -> list[Reason]:
        st, h = eng.state, self.household
        if not (-50_000 <= self.amount_yuan <= 50_000):
            return [("bad_amount", {"low": "-50,000", "high": "50,000"})]
        if self.counterpart not in EVENT_COUNTERPARTS:
            return [
                (
                    "bad_counterpart",
                    {"counterpart": self.counterpart, "known": ", ".join(EVENT_COUNTERPARTS)},
                )
            ]
        if self.amount_yuan < 0 and -self.amount_yuan > max(float(st.cash[h]), 0.0) + 1e-6:
            return [
                (
                    "no_cash",
                    {
                        "cash": f"{max(float(st.cash[h]), 0.0):,.0f}",
                        "need": f"{-self.amount_yuan:,.0f}",
                    },
                )
            ]
        if self.counterpart == "households" and self.amount_yuan > 0:
            other = self.neighbour(eng)
            if st.cash[other] < self.amount_yuan:
                return [("neighbour_cannot_pay", {})]
        return []

    def neighbour(self, eng: Town) -> int:
        """The household in town on the other side of the payment: the next one along."""
        return (self.household + 1) % eng.state.n

    def apply(self, eng: Town) -> dict:
        st, ctx, h = eng.state, eng.ctx, self.household
        y = float(self.amount_yuan)
        if y < 0 and st.cash[h] < -y:  # what cash cannot cover, relatives lend
            informal.borrow(
                eng.params, st, ctx, np.array([h]), np.array([-y - max(float(st.cash[h]), 0.0)])
            )
        if self.counterpart == "households":
            move_cash(st, ctx, np.array([h]), y, "events")
            move_cash(st, ctx, np.array([self.neighbour(eng)]), -y, "events")
            book(st, ctx, "event_between_households", abs(y))
        else:
            flow = f"event_{'from' if y >= 0 else 'to'}_{self.counterpart}"
            pay(st, ctx, np.array([h]), y, flow, line="events")
        return {"ok": True}


@dataclass(frozen=True)
class InvestInBusiness(Command):
    """Put cash into the business: better equipment, more stock (customers notice, with
    diminishing returns)."""

    kind: ClassVar[str] = "invest_in_business"
    amount_yuan: float = 0.0

    def check(self, eng: Town) -> list[Reason]:
        st, h = eng.state, self.household
        out = _business(eng, h)
        if out:
            return out
        high = max(float(st.cash[h]), 0.0)
        if not (0 < self.amount_yuan <= high + 1e-6):
            out.append(("bad_amount", {"low": "1", "high": f"{high:,.0f}"}))
        return out

    def apply(self, eng: Town) -> dict:
        st, h = eng.state, self.household
        pay(st, eng.ctx, np.array([h]), -float(self.amount_yuan), "equipment_bought")
        st.capital[h] += float(self.amount_yuan)
        return {"ok": True, "capital": float(st.capital[h])}


@dataclass(frozen=True)
class ScheduleChange(Command):
    """An event that turns the town's parameters (the canteen closes, the district stops
    issuing certificates): the scenario's schedule mechanism (ScheduledChange), from this month
    (`after_months: 0`) or a number of months on. The loader checks the paths and values."""

    kind: ClassVar[str] = "schedule_change"
    set: dict = field(default_factory=dict)
    say: dict = field(default_factory=dict)
    agreement: str = ""
    after_months: int = 0

    def apply(self, eng: Town) -> dict:
        # A change due after the run's last month never comes (the loader keeps `after_months`
        # within the game's length).
        from game.core.params import ScheduledChange  # noqa: PLC0415

        change = ScheduledChange(
            month=eng.month + int(self.after_months),
            set=dict(self.set),
            say=dict(self.say),
            agreement=self.agreement,
        )
        eng.schedule_change(change)
        return {"ok": True, "month": change.month}


COMMANDS: dict[str, type[Command]] = {
    c.kind: c
    for c in (
        ChoosePath,
        ApplyForCertificate,
        ApplyForLoan,
        OpenBusiness,
        SetPrice,
        SetHours,
        SetSchoolFees,
        SetDoctor,
        JoinAgreement,
        LeaveAgreement,
        RepayLoan,
        ExtendLoan,
        BorrowInformally,
        CloseBusiness,
        StandAsGuarantor,
        EventPayment,
        InvestInBusiness,
        ScheduleChange,
    )
}


def command_to_dict(cmd: Command) -> dict:
    return {"command": cmd.kind, **asdict(cmd)}


def command_from_dict(d: dict) -> Command:
    """Build a command from plain data (a replay file, a scenario event's effect).
    Raises ValueError with a plain message for unknown kinds or fields."""
    d = dict(d)
    kind = d.pop("command", None)
    cls = COMMANDS.get(kind)  # type: ignore[arg-type]
    if cls is None:
        raise ValueError(f"unknown command {kind!r}; known: {', '.join(sorted(COMMANDS))}")
    names = {f.name for f in fields(cls)}
    extra = set(d) - names
    if extra:
        raise ValueError(
            f"command {kind!r} has no field(s) {', '.join(sorted(extra))}; fields: {', '.join(sorted(names))}"
        )
    if "household" not in d:
        raise ValueError(f"command {kind!r} needs a household")
    return cls(**d)


# --- added after the first release (new commands go here, at the end) ----------------------

PROPOSAL_RETRY_MONTHS = 3  # after a refused proposal, the sellers will not hear another soon


@dataclass(frozen=True)
class ProposeAgreement(Command):
    """The player asks the other sellers of their trade to hold a price floor (the going price
    plus the usual markup). Each weighs it as the core's agreements weigh staying in one: a
    seller joins unless it would defect at once (more likely the more stressed it is and the
    more sellers there are). The agreement forms if no more stay out than would make it
    collapse; else the sellers will not hear another proposal for a few months."""

    kind: ClassVar[str] = "propose_agreement"

    def check(self, eng: Town) -> list[Reason]:
        st, h = eng.state, self.household
        out = _business(eng, h)
        if out:
            return out
        t = int(st.trade[h])
        if st.agreement_active[t]:
            return [("agreement_exists", {})]
        if st.agreement_cooldown[t] > 0:
            return [("agreement_cooling", {"months": int(st.agreement_cooldown[t])})]
        others = int(((st.status == Status.SELF_EMPLOYED) & (st.trade == t)).sum()) - 1
        if others < 1:
            return [("agreement_alone", {})]
        return []

    def apply(self, eng: Town) -> dict:
        from game.core.rules import agreements  # noqa: PLC0415

        st, p, h = eng.state, eng.params, self.household
        b = p.behaviour
        t = int(st.trade[h])
        sellers = np.flatnonzero((st.status == Status.SELF_EMPLOYED) & (st.trade == t))
        others = sellers[sellers != h]
        # Each other seller weighs the proposed floor as the core weighs staying in a working
        # agreement: it joins unless undercutting the floor pays (its own reasons, the noise,
        # included). Weighed at the floor, with last month's spending in the trades.
        floor = float(st.going_price[t]) * (1.0 + b.agreement_markup)
        prices = st.price[sellers].copy()
        st.price[sellers] = np.maximum(prices, floor)
        pools = st.pool_last.astype("f8")
        gain = agreements.defection_payoff(p, st, others, pools)
        st.price[sellers] = prices
        rng = eng.command_rng()
        joins = gain + rng.logistic(0.0, b.defection_noise_yuan, others.size) <= 0.0
        members = 1 + int(joins.sum())
        if members >= (1.0 - b.agreement_collapse_share) * sellers.size:
            agreements.start(p, st, eng.ctx, np.array([t]))
            st.in_agreement[others[~joins]] = False
            st.price[others[~joins]] = prices[np.isin(sellers, others[~joins])]
            st.in_agreement[h] = True
            st.price[h] = max(float(st.price[h]), float(st.agreement_floor[t]))
            outcome = "agreement_formed"
        else:
            st.agreement_cooldown[t] = PROPOSAL_RETRY_MONTHS
            outcome = "agreement_refused"
        return {"ok": True, "outcome": outcome, "joined": members, "sellers": int(sellers.size)}


COMMANDS[ProposeAgreement.kind] = ProposeAgreement
REASON_TEXT.update(
    {
        "agreement_exists": "there is already a price agreement in your trade",
        "agreement_cooling": "the sellers will not talk about an agreement for {months} more month(s)",
        "agreement_alone": "you are the only seller in your trade",
    }
)


@dataclass(frozen=True)
class ReturnHome(Command):
    """A household member working away comes home and looks for work here again. The
    unemployment insurance, paused while away, runs on for the months not yet drawn."""

    kind: ClassVar[str] = "return_home"

    def check(self, eng: Town) -> list[Reason]:
        if eng.state.status[self.household] != Status.MIGRATED:
            return [("not_away", {})]
        return []

    def apply(self, eng: Town) -> dict:
        set_status(eng.state, np.array([self.household]), Status.JOB_SEARCH)
        return {"ok": True}


@dataclass(frozen=True)
class TakeJob(Command):
    """Take a wage job that was offered (an event's offer: a warehouse back home, a post at
    the bureau), at the scenario's wage for a job; from looking for work, day labour,
    retraining or working away. A business must be closed first."""

    kind: ClassVar[str] = "take_job"

    def check(self, eng: Town) -> list[Reason]:
        st, h = eng.state, self.household
        free = (*NOT_WORKING, Status.MIGRATED, Status.RETRAINING)
        if st.status[h] not in free:
            return [("not_free", {"status": Status(st.status[h]).name.lower()})]
        return []

    def apply(self, eng: Town) -> dict:
        st, h = eng.state, self.household
        set_status(st, np.array([h]), Status.WAGE_JOB)
        st.public_job[h] = False  # a job found by the household, not one the state made
        st.plans_business[h] = False
        return {"ok": True}


COMMANDS[ReturnHome.kind] = ReturnHome
COMMANDS[TakeJob.kind] = TakeJob
REASON_TEXT.update({"not_away": "nobody in the household is working away"})
