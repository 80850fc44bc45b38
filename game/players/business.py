"""A business run by a script, the way a careful first-time owner would run it.

Raising the start-up: savings beyond two months of living costs first; the subsidised loan for
the gap (the certificate is asked for in the first month; guarantors are asked likeliest
first, then other names, again the next month after refusals); relatives and moneylenders for
a small gap, or to bridge the weeks until the certificate comes, the loan then paying them
back. The loan is arranged up to two months ahead. Opening on the first free lot of the street in the chosen month (or as soon after as
the money is there). Running it: the going price, a little under it while customers do not
know the shop, higher and longer hours when it sells out. The loan: repaid when it falls due
if the cash is there, else extended if the bank allows, else the bank's rule takes its course
(cash, then relatives and lenders, then default). Closing after three losing months in a row,
then day labour or job search, whichever promises more for the months left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from game.core import commands as C
from game.players.seat import Seat

RESERVE_MONTHS = 2.0  # living costs kept back from savings when opening
SETTLING_MONTHS = 2  # a new business is not judged on its first months
LOSING_MONTHS = 3  # losing months in a row before the owner closes
GIVE_UP_MONTHS = 6  # months of trying to raise the start-up before giving up the plan
FINANCE_AHEAD_MONTHS = 2  # the loan is arranged up to this many months before opening
MAX_ASKS_PER_MONTH = 8  # guarantors asked in one month
NEWCOMER_MONTHS = 3  # months priced a little under the going price to win customers
NEWCOMER_DISCOUNT = 0.98
SOLD_OUT_RAISE = 1.05  # sold out: ask more
HOURS_STEP = 1.1  # sold out: work longer, up to the most the command allows
MAX_HOURS_SHARE = 1.25
PRICE_TOLERANCE = 0.005  # price changes smaller than this share are not worth making
LOAN_STEP = 1000.0  # loans are asked for in whole thousands


def loans_on(seat: Seat) -> bool:
    pol = seat.engine.params.policy
    return bool(pol.loans_enabled and pol.loan_ceiling_yuan > 0)


def fallback_path(seat: Seat) -> str:
    """Day labour or job search, whichever promises more over the months left: a search month
    earns nothing but doubles the chance of a wage job (day labourers look at half the rate)."""
    pv = seat.preview()
    left = max(seat.months - seat.month, 1)
    wage = seat.engine.params.income.wage_job_yuan_per_month
    extra_offer = pv.job_offer_per_month - pv.job_offer_while_day_labour
    gain = extra_offer * max(wage - pv.day_labour_pay_yuan, 0.0) * left
    return "job_search" if gain > pv.day_labour_pay_yuan else "day_labour"


@dataclass
class Entrepreneur:
    """Self-employment in `trade` (an index; None: the trade the household's skills fit best
    among those it can finance), opening in `entry_month`; `bridge`: open on relatives' and
    lenders' money while the certificate is on its way (else wait for the loan)."""

    trade: int | None = None
    entry_month: int = 1
    bridge: bool = True  # borrow from relatives and lenders to open before the loan comes
    opened_month: int = -1
    closed_month: int = -1
    gave_up_month: int = -1
    bridged: bool = False  # opened on relatives' and lenders' money before the loan came
    months_trying: int = 0
    losing: int = 0
    notes: dict = field(default_factory=dict)

    # ---- the month ------------------------------------------------------------------------
    def prepare(self, seat: Seat) -> None:
        """The first month: proof of layoff (the loan needs it), and the plan."""
        if seat.allowed(C.ApplyForCertificate(seat.household)):
            seat.submit(C.ApplyForCertificate(seat.household))
        seat.submit(C.ChoosePath(seat.household, "self_employ"))

    def act(self, seat: Seat) -> str | None:
        """The month's business decisions. Returns a path to fall back on when the household
        closes or gives up its plan this month, else None."""
        biz = seat.business()
        if biz is not None:
            self.refinance(seat)
            self.settle_loan(seat, biz)
            return self.tend(seat, biz)
        self.settle_loan(seat, None)
        if self.opened_month >= 0 or self.gave_up_month >= 0:
            return None
        if seat.month >= self.entry_month - FINANCE_AHEAD_MONTHS:
            self.arrange_loan(seat)
        if seat.month >= self.entry_month:
            return self.try_to_open(seat)
        return None

    # ---- raising the money and opening ---------------------------------------------------
    def choose_trade(self, seat: Seat) -> int:
        if self.trade is not None:
            return self.trade
        f = seat.facts()
        reach = f["cash_yuan"] + seat.budget().start_up_informal_room_yuan
        if loans_on(seat) and not f["blacklisted"] and f["certificate"] != "refused":
            reach += seat.engine.params.policy.loan_ceiling_yuan
        n = len(seat.engine.params.trades)
        fits = [(seat.skill(t), -t) for t in range(n) if seat.start_up_cost(t) <= reach]
        self.trade = -max(fits)[1] if fits else 0
        return self.trade

    def arrange_loan(self, seat: Seat) -> None:
        """The subsidised loan for the part of the start-up savings do not cover, arranged in
        the months before opening, once the certificate is there."""
        gap = seat.start_up_cost(self.choose_trade(seat)) - self._own(seat)
        if gap <= 0 or not self.can_borrow(seat):
            return
        amount = min(_thousands(gap), seat.engine.params.policy.loan_ceiling_yuan)
        # Borrow only if the loan, with what relatives and lenders put into a business, closes
        # the gap: a loan that cannot open the business is a debt for nothing.
        if gap - amount <= seat.budget().start_up_informal_room_yuan:
            self.borrow(seat, amount)

    def try_to_open(self, seat: Seat) -> str | None:
        h, t = seat.household, self.choose_trade(seat)
        need = seat.start_up_cost(t)
        gap = need - self._own(seat)
        if gap > 0:
            f, b = seat.facts(), seat.budget()
            # Until the certificate comes, relatives and lenders may bridge the whole gap (the
            # loan will repay them); otherwise they put up only a share for a business.
            coming = (
                self.bridge
                and loans_on(seat)
                and f["certificate"] == "pending"
                and not f["has_loan"]
            )
            room = b.informal_room_yuan if coming else b.start_up_informal_room_yuan
            amount = float(math.ceil(gap))
            if amount <= room and seat.submit(C.BorrowInformally(h, amount)):
                self.bridged = coming
                gap = need - self._own(seat)
        opening = C.OpenBusiness(h, t, seat.free_lot())
        if gap <= 0 and seat.submit(opening):
            self.opened_month = seat.month
            return None
        self.months_trying += 1
        if self.months_trying >= GIVE_UP_MONTHS:
            self.gave_up_month = seat.month
            self.notes["could_not_open"] = {"trade": t, "need": need, "month": seat.month}
            f = seat.facts()
            if f["has_loan"]:  # the loan is not needed any more: back to the bank
                repay = min(f["loan_yuan"], f["cash_yuan"])
                if repay > 0:
                    seat.submit(C.RepayLoan(h, repay))
            return fallback_path(seat)
        return None

    def _own(self, seat: Seat) -> float:
        """Savings the household would put in: its cash beyond two months of living costs."""
        return seat.facts()["cash_yuan"] - RESERVE_MONTHS * seat.budget().living_cost_yuan

    def can_borrow(self, seat: Seat) -> bool:
        """The bank would lend now (with a guarantor): loans on, lending open, certificate
        granted, no loan running, not blacklisted, within the age limit."""
        cands = seat.guarantors()
        if not cands:
            return False
        probe = C.ApplyForLoan(seat.household, LOAN_STEP, int(cands[0]["household"]))
        return seat.allowed(probe)

    def borrow(self, seat: Seat, amount: float) -> bool:
        """Ask guarantors for the subsidised loan: the four the household thinks of first,
        likeliest first, then other names; asked again next month if all refuse."""
        h = seat.household
        names = [int(c["household"]) for c in seat.guarantors(4)]
        names += [int(c["household"]) for c in seat.guarantors(8) if c["household"] not in names]
        for g in names[:MAX_ASKS_PER_MONTH]:
            cmd = C.ApplyForLoan(h, float(amount), g)
            if not seat.submit(cmd):
                return False
            self.notes["guarantor_asks"] = self.notes.get("guarantor_asks", 0) + 1
            if seat.facts()["has_loan"]:
                self.notes.setdefault("loan_month", seat.month)
                return True
        return False

    def refinance(self, seat: Seat) -> None:
        """Opened on a bridge from relatives and lenders: the subsidised loan, once the
        certificate is there, pays them back (it costs no interest; they do)."""
        debt = seat.facts()["informal_debt_yuan"]
        if not self.bridged or debt <= 0 or not self.can_borrow(seat):
            return
        amount = min(_thousands(debt), seat.engine.params.policy.loan_ceiling_yuan)
        if self.borrow(seat, amount):
            self.bridged = False

    # ---- running it --------------------------------------------------------------------
    def tend(self, seat: Seat, biz) -> str | None:
        h = seat.household
        if biz.months_open >= 1:
            self.losing = self.losing + 1 if biz.profit < 0 else 0
        if biz.months_open > SETTLING_MONTHS and self.losing >= LOSING_MONTHS:
            if seat.submit(C.CloseBusiness(h)):
                self.closed_month = seat.month
                return fallback_path(seat)
        going = biz.going_price if biz.going_price > 0 else biz.start_price
        if biz.sold_out:
            target = max(biz.price, going) * SOLD_OUT_RAISE
        elif biz.months_open < NEWCOMER_MONTHS:
            target = going * NEWCOMER_DISCOUNT
        else:
            target = going
        target = round(min(max(target, biz.min_price), biz.max_price), 2)
        if abs(target - biz.price) > PRICE_TOLERANCE * biz.price:
            seat.submit(C.SetPrice(h, target))
        if biz.sold_out and biz.hours < MAX_HOURS_SHARE * biz.full_hours:
            hours = min(biz.hours * HOURS_STEP, MAX_HOURS_SHARE * biz.full_hours)
            seat.submit(C.SetHours(h, round(hours, 1)))
        return None

    def settle_loan(self, seat: Seat, biz) -> None:
        """Near the due month: extend if the cash will not cover the loan and the bank allows;
        in the due month repay in full if the cash is there (else the bank's rule collects
        what it can from cash, relatives and lenders, and the rest is a default)."""
        f, h = seat.facts(), seat.household
        if not f["has_loan"] or f["loan_due_in_months"] > 2:
            return
        spare = f["cash_yuan"] - seat.budget().living_cost_yuan
        if spare < f["loan_yuan"]:
            if seat.allowed(C.ExtendLoan(h)):
                seat.submit(C.ExtendLoan(h))
                self.notes["extended_month"] = seat.month
        elif f["loan_due_in_months"] == 0:
            seat.submit(C.RepayLoan(h, f["loan_yuan"]))


def _thousands(x: float) -> float:
    return max(math.ceil(x / LOAN_STEP) * LOAN_STEP, LOAN_STEP)


__all__ = ["Entrepreneur", "fallback_path", "loans_on"]
