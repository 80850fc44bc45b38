"""A town's books: every named flow of money between the town's sectors, and - for a batch of
towns (game/core/batch.py) - every town's flows of the month and sector stocks as arrays over
runs, each town's dicts read as views of its rows. `rules/context.book` books into either."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

import numpy as np

# Every named flow of money and the two sectors it runs between: (from, to). Households'
# businesses are inside households. A flow's amount is always positive; `pay` takes signed
# amounts per household (+ into the household) and books them under the flow.
FLOWS: dict[str, tuple[str, str]] = {
    # wages and transfers into households
    "state_wages": ("state", "households"),
    "private_wages": ("outside", "households"),
    "day_labour_pay": ("outside", "households"),
    "unemployment_insurance": ("state", "households"),
    "pensions": ("state", "households"),
    "retirement_allowance": ("state", "households"),
    "retraining_stipend": ("state", "households"),
    "minimum_living_guarantee": ("state", "households"),
    "public_jobs_wages": ("state", "households"),
    "remittances": ("outside", "households"),
    # spending: the part the town's own sellers capture stays among households
    "spending_in_town": ("households", "households"),
    "spending_out_of_town": ("households", "outside"),
    "sales_to_outsiders": ("outside", "households"),
    "sales_to_the_mill": ("outside", "households"),
    "migration_costs": ("households", "outside"),
    "doctor_bills": ("households", "outside"),
    "school_fees": ("households", "state"),
    # the business
    "supplies": ("households", "outside"),
    "rent": ("households", "outside"),
    "business_tax": ("households", "state"),
    "loan_interest": ("households", "bank"),
    "equipment_bought": ("households", "outside"),
    "equipment_sold": ("outside", "households"),
    # the subsidised loan
    "loan_disbursed": ("bank", "households"),
    "loan_repaid": ("households", "bank"),
    "guarantor_paid": ("households", "bank"),
    "cooperative_paid": ("households", "bank"),
    "fund_paid": ("fund", "bank"),
    "interest_subsidy": ("state", "bank"),
    # informal credit: relatives and moneylenders
    "informal_borrowing": ("lenders", "households"),
    "informal_repaid": ("households", "lenders"),
    "informal_interest": ("households", "lenders"),
    # what an event's choice moves (a gift, a fine, the union's help): by counterpart
    "event_from_outside": ("outside", "households"),
    "event_to_outside": ("households", "outside"),
    "event_from_state": ("state", "households"),
    "event_to_state": ("households", "state"),
    "event_between_households": ("households", "households"),
}

FLOW_NAMES = tuple(FLOWS)
FLOW_INDEX = {name: i for i, name in enumerate(FLOW_NAMES)}
_FLOW_NAME_ARRAY = np.array(FLOW_NAMES, dtype=object)


class Books:
    """The books of a batch of towns as arrays over runs (game/core/batch.py): each town's
    flows of the month in a row of `flows` (runs, FLOWS), its sector stocks in a row of
    `stocks` (runs, `sectors`). Each town's `ctx.flows` and `state.sector_cash` are views of
    their row (`FlowRow`, `StockRow`), so the rules that step one town at a time book into the
    same arrays the batched rules book into for all towns with one numpy call (`book_runs`).

    A town alone keeps plain dicts; a flow is among a dict's keys once booked with a non-zero
    amount, in the order first booked: `first` keeps that order (the booking's sequence
    number, -1 while unbooked), so a town's flows read back as the same dict."""

    def __init__(self, runs: int, sectors: tuple[str, ...]) -> None:
        self.flows = np.zeros((runs, len(FLOW_NAMES)))
        self.first = np.full((runs, len(FLOW_NAMES)), -1, "i8")
        self.seq = 0
        self.sectors = sectors
        self.sector_index = {name: i for i, name in enumerate(sectors)}
        self.stocks = np.zeros((runs, len(sectors)))

    def new_month(self) -> None:
        self.flows[...] = 0.0
        self.first[...] = -1
        self.seq = 0

    def book(self, r: int, flow: str, yuan: float) -> None:
        """`book` for town `r` (its amount already a float, not zero)."""
        i = FLOW_INDEX[flow]
        self.flows[r, i] += yuan
        if self.first[r, i] < 0:
            self.first[r, i] = self.seq
            self.seq += 1
        frm, to = FLOWS[flow]
        stock = self.sector_index
        if frm in stock:
            self.stocks[r, stock[frm]] -= yuan
        if to in stock:
            self.stocks[r, stock[to]] += yuan

    def book_runs(self, flow: str, yuan: np.ndarray) -> None:
        """`book` for every town at once: `yuan` (runs,) each town's amount (0: not booked).
        The same float operations per town as `book` on the town alone."""
        i = FLOW_INDEX[flow]
        booked = yuan != 0.0
        if not booked.any():
            return
        np.add(self.flows[:, i], yuan, out=self.flows[:, i], where=booked)
        new = booked & (self.first[:, i] < 0)
        if new.any():
            self.first[new, i] = self.seq
            self.seq += 1
        frm, to = FLOWS[flow]
        stock = self.sector_index
        if frm in stock:
            col = self.stocks[:, stock[frm]]
            np.subtract(col, yuan, out=col, where=booked)
        if to in stock:
            col = self.stocks[:, stock[to]]
            np.add(col, yuan, out=col, where=booked)

    def flow_dicts(self, values: list[float] | None = None) -> list[dict[str, float]]:
        """Each town's flows as the dict a town alone keeps (booked flows, in booking order);
        `values`: the flows array's values to give instead (flat, e.g. rounded)."""
        return self.flow_dicts_of([self.flows.ravel().tolist() if values is None else values])[0]

    def flow_dicts_of(self, values: list[list[float]]) -> list[list[dict[str, float]]]:
        """`flow_dicts` for each of several flat value lists, the booking order found once."""
        seq = np.where(self.first >= 0, self.first, np.iinfo("i8").max)
        order = np.argsort(seq, axis=1, kind="stable")
        counts = (self.first >= 0).sum(axis=1).tolist()
        names = _FLOW_NAME_ARRAY[order].tolist()  # each town's flows in booking order
        out = []
        for flat in values:
            # the values in each town's booking order (floats through float64: the same)
            rows = np.take_along_axis(np.array(flat, "f8").reshape(order.shape), order, axis=1)
            out.append(
                [
                    dict(zip(n[:c], v[:c], strict=True))
                    for n, v, c in zip(names, rows.tolist(), counts, strict=True)
                ]
            )
        return out


class FlowRow(Mapping):
    """A town's `ctx.flows` in a batch: its row of the batch's `Books`, read like the dict a
    town alone keeps (the flows booked this month, in the order first booked)."""

    def __init__(self, books: Books, r: int) -> None:
        self.books, self.r = books, r

    def _booked(self) -> list[int]:
        first = self.books.first[self.r]
        seen = np.flatnonzero(first >= 0)
        return seen[np.argsort(first[seen], kind="stable")].tolist()

    def __getitem__(self, flow: str) -> float:
        i = FLOW_INDEX.get(flow, -1)
        if i < 0 or self.books.first[self.r, i] < 0:
            raise KeyError(flow)
        return float(self.books.flows[self.r, i])

    def __iter__(self):
        return (FLOW_NAMES[i] for i in self._booked())

    def __len__(self) -> int:
        return int((self.books.first[self.r] >= 0).sum())

    def __repr__(self) -> str:
        return repr(dict(self))


class StockRow(MutableMapping):
    """A town's `state.sector_cash` in a batch: its row of the batch's `Books.stocks`, read
    and written like the dict a town alone keeps (the same keys, in the same order)."""

    def __init__(self, books: Books, r: int) -> None:
        self.books, self.r = books, r

    def __getitem__(self, sector: str) -> float:
        return float(self.books.stocks[self.r, self.books.sector_index[sector]])

    def __setitem__(self, sector: str, yuan: float) -> None:
        self.books.stocks[self.r, self.books.sector_index[sector]] = yuan

    def __delitem__(self, sector: str) -> None:
        raise TypeError("a town's sector stocks are fixed")

    def __iter__(self):
        return iter(self.books.sectors)

    def __len__(self) -> int:
        return len(self.books.sectors)

    def __repr__(self) -> str:
        return repr(dict(self))


__all__ = ["FLOWS", "FLOW_INDEX", "FLOW_NAMES", "Books", "FlowRow", "StockRow"]
