"""Many towns stepped at once: a batch of runs of one scenario (issue 13).

The layout is flat: every household column of every town is one array, the towns' households
one after another (town r holds rows `offsets[r]:offsets[r + 1]`; `run` says whose each row
is). Each town is still an `Engine` whose state's columns are *views* into those arrays, so
every rule works on a town as before, and the rules written for the batch
(`game/core/rules/batched*.py`, listed in `BATCHED_RULES`) work on all towns with the same
numpy calls; a rule without a batched form (the loans falling due, certificates, interest, the
spending pools) steps town by town. Player commands and seats address a household as
(run, household): `batch.engines[run]` is that town's engine, `batch.submit(run, command)`.

The books are arrays over runs too (`rules/context.Books`): every town's flows of the month and
sector stocks are rows of (runs, flows) and (runs, sectors) arrays, and each town's
`ctx.flows` and `state.sector_cash` are views of its rows, so a batched rule books all towns
with one numpy call and a rule stepping one town books into the same rows. The notes a batched
rule makes are logged once for all towns, each town's `ctx.notes` reading its part when read
(`rules/batched_notes.py`). The month's end works on the arrays as well: every town's tables
at once (`batch_metrics.month_rows`, kept as arrays over towns and made into each town's
rows when read), then each town's reports and next month.

One town of a batch gives the same bytes as the same town alone, for the same seed: each town
keeps its own random generators (re-seeded each month with states worked out for all towns
at once: `rules/streams.pcg64_limbs`) and draws in the same order with the same sizes, and every
total a rule books is summed over that town's own households in the same order
(`tests/core/test_batch.py` compares every built-in scenario's state hashes).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import cast

import numpy as np

from game.core import batch_metrics
from game.core.engine import MONTH_RULES, STREAM_MONTHS, Engine
from game.core.params import Params
from game.core.report import NOTE_CAUSES, MonthReport, build_report
from game.core.rules import (
    batched,
    batched_agreements,
    batched_choice,
    batched_finance,
    batched_household,
    batched_labour,
    batched_market,
)
from game.core.rules.batched_notes import NoteLog, TownNotes, households_noted
from game.core.rules.books import FLOW_INDEX, Books, FlowRow, StockRow
from game.core.rules.context import MonthContext
from game.core.rules.household import remittance_index
from game.core.rules.streams import (
    _STREAM_INDEX,
    MonthStreams,
    _state_views,
    direct_writes,
    months_words,
    pcg64_limbs,
    stream_pools,
)
from game.core.state import SECTOR_STOCKS, TownState


class _Flat:
    """The batch's columns read like one town's state, for the element-wise helpers of the
    rules (appeal, members...): never for a town's scalars or per-trade arrays."""

    def __init__(self, columns: dict[str, np.ndarray], skill: np.ndarray, month: int) -> None:
        self.__dict__.update(columns)
        self.skill = skill
        self.n = skill.shape[0]
        self.month = month


class Batch:
    """`runs` towns of the same parameters (or one `Params` per run: a sweep), seeds `seeds`."""

    def __init__(
        self,
        params: Params | Sequence[Params],
        seeds: Sequence[int],
        players: tuple[int, ...] = (),
        player_profile: dict | None = None,
        fingerprint: bool = True,
    ) -> None:
        if not len(seeds):
            raise ValueError("a batch needs at least one run")
        per_run = [params] * len(seeds) if isinstance(params, Params) else list(params)
        if len(per_run) != len(seeds):
            raise ValueError(f"{len(per_run)} parameter sets for {len(seeds)} runs")
        # Towns of the same parameters and seed start alike (the debrief's replay, other paths,
        # no entry): the first is built, the others are copies of it as built (a tenth of
        # the cost of building one).
        # A town whose parameters differ from a built one's only in whether loans are offered
        # (the debrief's "no loans" world) is a copy too, given its own parameters: a town is
        # built the same either way (nothing reads the choice before the first month) unless
        # a change is scheduled for month 0.
        self.engines: list[Engine] = []
        built: dict[tuple[int, int], Engine] = {}
        by_seed: dict[int, list[Engine]] = {}
        for p, s in zip(per_run, seeds, strict=True):
            twin = built.get((id(p), int(s))) or _loans_twin(by_seed.get(int(s), ()), p)
            if twin is not None:
                shared = {id(twin.params): twin.params, id(twin.trade_arrays): twin.trade_arrays}
                e = copy.deepcopy(twin, shared)
                e.params = p
                self.engines.append(e)
                continue
            e = Engine(
                p, seed=s, players=players, player_profile=player_profile, fingerprint=fingerprint
            )
            built[(id(p), int(s))] = e
            by_seed.setdefault(int(s), []).append(e)
            self.engines.append(e)
        sizes = np.array([e.state.n for e in self.engines], "i8")
        self.offsets = np.concatenate([[0], np.cumsum(sizes)])
        self.run = np.repeat(np.arange(len(self.engines)), sizes)  # whose each row is
        self.columns: dict[str, np.ndarray] = {}
        for name in self.engines[0].state.columns:
            self.columns[name] = self._flatten([e.state.columns[name] for e in self.engines])
        self.skill = self._flatten([e.state.skill for e in self.engines])
        self._link_towns()
        # The towns' books: each town's flows and sector stocks, one row of these arrays.
        self.books = Books(len(self.engines), SECTOR_STOCKS)
        self.with_players = [r for r, e in enumerate(self.engines) if e.players]
        self._attach_books()
        # Every town's 12-month window of maturities and defaults (Metrics._window) as one
        # array, rolled each month; rebuilt when a town closed a month on its own.
        self._window: np.ndarray | None = None
        self._window_month = -1
        self.notes_log: NoteLog | None = None  # the notes of the month's rules (end_month)

    def _link_towns(self) -> None:
        """Each town's household columns and skills become views of its rows of the flat ones."""
        for r, e in enumerate(self.engines):
            lo, hi = self.offsets[r], self.offsets[r + 1]
            for name, flat in self.columns.items():
                e.state.columns[name] = flat[lo:hi]
            e.state._expose_columns()
            e.state.skill = self.skill[lo:hi]

    def __getstate__(self) -> dict:
        # (a copy or a pickle of a batch finds its generators' places again: the kept ones
        # are a view of raw memory)
        state = dict(self.__dict__)
        state.pop("_generator_places", None)
        return state

    def __setstate__(self, state: dict) -> None:
        # A copy (copy.deepcopy) or a pickle copies each town's columns apart from the flat
        # ones it was a view of (numpy copies a view as an array of its own): the towns are
        # made views of the copied flat columns again, or the batched rules would step
        # columns the towns no longer read (the values are the same as the copy is made).
        self.__dict__.update(state)
        self._link_towns()

    def flat_state(self) -> TownState:
        """The flat columns (and skills) read like one town's state (element-wise helpers).
        One object for the batch's life, as a lone town's state is: the arrays a rule keeps on
        a state (living costs, the informal limit, `context.kept`), keyed by what they are
        made from, are then made once, not at each of the ~20 calls a month."""
        flat = self.__dict__.get("_flat")
        if flat is None:
            flat = self.__dict__["_flat"] = _Flat(self.columns, self.skill, self.month)
        flat.month = self.month
        return cast("TownState", flat)

    @staticmethod
    def _flatten(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts) if len(parts) > 1 else parts[0]

    # --- reading -------------------------------------------------------------------
    @property
    def runs(self) -> int:
        return len(self.engines)

    @property
    def n(self) -> int:
        """Households per town when every town has the same size (else -1)."""
        sizes = np.diff(self.offsets)
        return int(sizes[0]) if (sizes == sizes[0]).all() else -1

    @property
    def month(self) -> int:
        return self.engines[0].month

    @property
    def done(self) -> bool:
        return all(e.done for e in self.engines)

    def column(self, name: str) -> np.ndarray:
        """A household column as (runs, households) (towns of one size), a view."""
        return self.columns[name].reshape(self.runs, -1)

    def submit(self, run: int, cmd) -> list[str]:
        """A player's decision for household (run, cmd's household): the town's own engine."""
        return self.engines[run].submit(cmd)

    # --- the month -----------------------------------------------------------------
    def shared_params(self) -> Params | None:
        """The parameters, when every town has the same values this month (a scheduled change
        gives each engine its own copy: equal copies are shared again), else None (a sweep:
        the batched rules then step each town alone). A town whose parameters differ only in
        whether subsidised loans are offered (the debrief's "no loans" world) is stepped with
        the others: the two batched rules that read it read each town's (`loans_offered`)."""
        first = self.engines[0]
        for e in self.engines[1:]:
            if e.params is not first.params:
                if e.params != first.params:
                    if loans_apart(e.params, first.params):
                        continue
                    return None
                e.params, e.trade_arrays = first.params, first.trade_arrays
        return first.params if self.n > 0 else None

    def loans_offered(self) -> np.ndarray:
        """Whether each town's scenario offers subsidised loans (`policy.loans_enabled`), (runs,)
        (read once a month: parameters change only as a month opens)."""
        kept = self.__dict__.get("_loans_offered")
        if kept is None or kept[0] != self.month:
            offered = np.array([e.params.policy.loans_enabled for e in self.engines], bool)
            kept = self.__dict__["_loans_offered"] = (self.month, offered)
        return kept[1]

    def end_month(self) -> list[dict[int, MonthReport]]:
        """One month of every town: each rule for all towns at once where it has a batched
        form (`rules/batched.py`), else town by town; the same order as `Engine.end_month`."""
        # (what a month's report compares with: only the players' reports read it)
        openings = [e.open_month() if e.players or e.done else _NO_OPENING for e in self.engines]
        together = self.shared_params() is not None
        self._attach_notes()
        for name, rule in MONTH_RULES:
            step = BATCHED_RULES.get(name) if together else None
            if step is not None:
                step(self)
            else:
                for e in self.engines:
                    rule(e)
        limbs = self._hand_out_stream_words(self.month + 1)
        if not together or not all("others_income" in e.ctx.pool_sources for e in self.engines):
            reports = [e.close_month(o) for e, o in zip(self.engines, openings, strict=True)]
        else:
            reports = self._close_months(openings, limbs)
        self._attach_books(new_month=True)
        self.notes_log = None  # the new month's notes are the towns' own until its rules
        return reports

    def _attach_notes(self) -> None:
        """The month's notes log (`rules/batched_notes.py`): each town's `ctx.notes` reads the
        notes its rules make for all towns at once, after what the town noted itself."""
        log = NoteLog()
        for r, e in enumerate(self.engines):
            e.ctx.notes = TownNotes(log, r, e.ctx.notes)
        self.notes_log = log

    def _close_months(
        self, openings: list, limbs: np.ndarray | None
    ) -> list[dict[int, MonthReport]]:
        """The month's end of every town at once (`Engine.close_month` town by town): the
        state's end-of-month columns, every table from the batch's arrays, then each town's
        reports and next month (`Engine.after_metrics`)."""
        self.columns["status_months"] += 1
        self.columns["age"] += 1.0 / 12.0
        month = self.month + 1
        incomes = batched_household.town_incomes(self)  # every town's income, one array
        if incomes is not None:
            self.column("income_last")[...] = incomes
        for e in self.engines:
            if incomes is None:
                e.state.income_last = e.ctx.income
            e.state.pool_last[:] = e.ctx.pools
        per_trade = batch_metrics.per_trade_counts(self.engines)
        window = self._roll_window(per_trade["matured"], per_trade["defaults"])
        cash = self.column("cash").sum(axis=1)
        # (each town's arrears rate as the month's loans left it: `batched_finance.mature_loans`)
        kept = self.__dict__.get("_arrears_rates")
        arrears = kept[2] if kept and kept[0] == self.month and kept[1] is self.engines else None
        # (each town's tables and arrears window take the month's rows when next read)
        flows = batch_metrics.month_rows(
            self.engines[0].params,
            self.engines,
            self.columns,
            window,
            self.books,
            cash,
            month,
            per_trade,
            arrears,
        )
        return self._next_months(openings, flows, limbs)

    def _next_months(
        self, openings: list, flows: list, limbs: np.ndarray | None
    ) -> list[dict[int, MonthReport]]:
        """`Engine.after_metrics` of every town (the reports, the next month opened, the hash),
        with the month contexts made together (`_contexts`) and the generators re-seeded for
        the month at once (`_seed_generators`); a month a change or a layoff wave opens goes
        through `after_metrics`. (The debrief's eleven worlds are towns with a player each.)"""
        engines = self.engines
        month = self.month + 1
        p = engines[0].params  # (every town's: `shared_params`)
        opening_work = any(c.month == month for c in p.schedule) or any(
            w.month == month for w in p.layoff_waves
        )
        plain = [e.__class__ is Engine and not opening_work for e in engines]
        contexts = self._contexts(month, plain) if any(plain) else None
        if contexts is None:
            contexts, plain = [], [False] * len(engines)
        reports: list[dict[int, MonthReport]] = []
        no_default = np.zeros(0, "i8")
        seeded: list[tuple[int, Engine]] = []
        # the notes naming each player, looked up for all towns at once (their reports' causes)
        noted = None
        if any(fast and e.players for e, fast in zip(engines, plain, strict=True)):
            towns = [e.ctx.notes for e in engines]
            noted = households_noted(self.notes_log, towns, engines[0].players, NOTE_CAUSES)
        for r, (e, o, f, fast) in enumerate(zip(engines, openings, flows, plain, strict=True)):
            # (each town's flows read as its dict: `Engine.last_flows` keeps what it is given)
            if not fast:
                reports.append(e.after_metrics(o, last_flows=cast("dict[str, float]", f)))
                continue
            # Engine.after_metrics and Engine._new_ctx in a month nothing is scheduled to open
            # with (tests/core/test_batch.py compares the two)
            st = e.state
            mine: dict[int, MonthReport] = {}
            if e.players:  # (the players' reports read the month as it closed)
                rows = batch_metrics.last_trade_rows(e.metrics, st.n_trades)
                last = e.ctx
                remit = remittance_index(p, last.month) / max(o[1], 1e-9) - 1.0
                for h in e.players:
                    cash = e.month_start_cash[h]
                    said = noted[r][h] if noted is not None else None
                    mine[h] = build_report(h, st, last, cash, o[0], rows, remit, said)
            e.reports.append(mine)
            e.last_flows = f
            notes = e.ctx.notes
            e.last_defaulters = notes.get("defaulted", no_default)
            if e.last_defaulters is no_default:
                no_default = np.zeros(0, "i8")
            st.month = month
            e._command_seq = 0
            streams = MonthStreams(e.seed, month, e._generators)
            streams.words = e.__dict__.pop("next_stream_words", None)
            streams.limbs = e.__dict__.pop("next_stream_limbs", None)
            ctx = contexts[r]
            ctx.rng = streams
            shared, shared_seed = e.shared_draws
            if shared:
                ctx.shared_draws, ctx.shared_seed = np.array(shared, "i8"), int(shared_seed)
            block = e.block_entry
            if block is not None and month >= block[1]:
                ctx.blocked_trade = int(block[0])
            if e.players:
                ctx.players = np.array(e.players, "i8")
                e.month_start_cash = {h: float(st.cash[h]) for h in e.players}
            else:
                e.month_start_cash = {}
            e.ctx = ctx
            if streams.limbs is not None and e._generators:
                seeded.append((r, e))
            if e.fingerprint:
                e.hashes.append(e.state_hash())
            reports.append(mine)
        if seeded and limbs is not None:
            self._seed_generators(seeded, limbs)
        return reports

    def _contexts(self, month: int, plain: list[bool]) -> list[MonthContext] | None:
        """A new `MonthContext` for each town in `plain` (others None), each as the
        constructor makes it: a template's values, with its empty dicts and lists new and its
        arrays rows of one array for all towns (a town's context is ~a dozen small arrays:
        made one town at a time they cost more than the rest of the town's next month).
        None when the template holds what cannot be copied so (then each town makes its own)."""
        e0 = self.engines[0]
        template = MonthContext(month, e0.state.n, e0.state.n_trades, MonthStreams(0, month))
        base = dict(template.__dict__)
        fresh: list[tuple[str, type]] = []
        arrays: list[tuple[str, np.ndarray]] = []
        for name, value in base.items():
            kind = value.__class__
            if name == "rng" or value is None or kind in (int, float, bool, str):
                continue
            if kind in (dict, list) and not value:
                fresh.append((name, kind))
            elif kind is np.ndarray and not value.any():
                arrays.append((name, value))
            else:
                return None
        runs = len(self.engines)
        rows = [(name, list(np.zeros((runs, *value.shape), value.dtype))) for name, value in arrays]
        out: list[MonthContext] = []
        new = object.__new__
        for r, on in enumerate(plain):
            if not on:
                out.append(cast("MonthContext", None))
                continue
            ctx = new(MonthContext)
            d = ctx.__dict__
            d.update(base)
            for name, kind in fresh:
                d[name] = kind()
            for name, each in rows:
                d[name] = each[r]
            out.append(ctx)
        return out

    def _seed_generators(self, towns: list[tuple[int, Engine]], limbs: np.ndarray) -> None:
        """Each town's generators of the month, re-seeded (their states written) at once and
        put in its month's streams, as each would be on first use (`MonthStreams.__missing__`,
        `streams.set_limbs`): a generator's 32 bytes of state are written through one array
        over the memory that holds them all (their places found once, the generators kept).
        Where that does not work here, each town re-seeds its generators on first use."""
        if not direct_writes():
            return
        places = self.__dict__.get("_generator_places")
        key = [(r, e._generators, len(e._generators)) for r, e in towns]
        if places is None or not _same_generators(places[0], key):
            places = self._find_generators(key)
            self.__dict__["_generator_places"] = places
            if places is None:
                return
        memory, at, kept_at, rows = places[1:5]
        memory[at] = limbs.reshape(-1, 4)[rows].ravel()
        memory[kept_at] = 0  # (the kept half of a 64-bit output and its flag: none)
        for _, e in towns:
            e.ctx.rng.update(e._generators)

    def _find_generators(self, key: list) -> tuple | None:
        """Where each town's generators keep their states (see `_seed_generators`)."""
        streams = len(_STREAM_INDEX)
        halves, flags, rows, kept = [], [], [], []
        try:
            for r, gens, _ in key:
                for name, gen in gens.items():
                    if name not in _STREAM_INDEX or not isinstance(
                        gen.bit_generator, np.random.PCG64
                    ):
                        return None
                    state, flag = _state_views(gen.bit_generator)
                    halves.append(state.ctypes.data)
                    flags.append(flag.ctypes.data)
                    rows.append(r * streams + _STREAM_INDEX[name])
                    kept.append(gen)
        except (ValueError, AttributeError):
            return None
        places = np.array(halves + flags, "i8")
        lo = int(places.min())
        if ((places - lo) % 8).any():
            return None
        memory = _raw_words(lo, int(places.max()) - lo + 32)
        at = ((np.array(halves, "i8") - lo) // 8)[:, None] + np.arange(4)
        kept_at = (np.array(flags, "i8") - lo) // 8
        return (key, memory, at.ravel(), kept_at, np.array(rows, "i8"), kept)

    def _roll_window(self, matured: np.ndarray, defaults: np.ndarray) -> np.ndarray:
        """Every town's arrears window with this month's maturities and defaults (runs,
        trades) pushed in, (runs, 12, 2, trades): the towns' own windows (`Metrics._window`,
        up to last month) side by side, kept from month to month."""
        month, k = self.month, self.engines[0].state.n_trades
        window = self._window
        if window is None or self._window_month != month - 1:
            window = self._window = np.zeros((self.runs, 12, 2, k), "i8")
            for r, e in enumerate(self.engines):
                for i, (m, d) in enumerate(reversed(e.metrics._window)):
                    window[r, -1 - i] = m, d
        window[:, :-1] = window[:, 1:]
        window[:, -1, 0] = matured
        window[:, -1, 1] = defaults
        self._window_month = month
        return window

    def _attach_books(self, new_month: bool = False) -> None:
        """Each town's books become its row of the batch's arrays (`Books`): its sector stocks
        and the month's flows. A town's new month (or a month it closed on its own) starts
        with a plain dict of flows (what a command books before the month's rules): copied
        in, in its order."""
        books = self.books
        if new_month:
            books.new_month()
        for r, e in enumerate(self.engines):
            st, ctx = e.state, e.ctx
            if st.sector_cash.__class__ is not StockRow or st.sector_cash.books is not books:
                stocks = dict(st.sector_cash)
                st.sector_cash = StockRow(books, r)
                for name in books.sectors:
                    books.stocks[r, books.sector_index[name]] = stocks[name]
            if ctx.flows.__class__ is not FlowRow or ctx.flows.books is not books:
                booked = dict(ctx.flows)
                ctx.flows = FlowRow(books, r)
                for name, yuan in booked.items():
                    books.flows[r, FLOW_INDEX[name]] = yuan
                    books.first[r, FLOW_INDEX[name]] = books.seq
                    books.seq += 1
        # each town's stocks, its row of these books (`batched_household.lenders_money` reads
        # them at once while every town still holds its row)
        self.stock_rows = [e.state.sector_cash for e in self.engines]

    def _hand_out_stream_words(self, month: int) -> np.ndarray | None:
        """The states (or seed words) of every town's generators for `month`, worked out for
        all towns at once (the seeds' part kept for the batch's life): a town's generator is
        still made or re-seeded on first use, to the same state (`rules/streams.py`)."""
        seeds = np.array([e.seed for e in self.engines], "i8")
        # (a few hundred small numpy calls: worth it from a handful of towns up)
        if self.runs < 8 or seeds.min() < 0 or seeds.max() > 0xFFFFFFFF:
            return None
        pools = self.__dict__.get("_stream_pools")
        if pools is None or pools[0] != seeds.tobytes():
            pools = (seeds.tobytes(), stream_pools(seeds.astype("u8")))
            self.__dict__["_stream_pools"] = pools
            self.__dict__.pop("_stream_table", None)
        # (the words and states of up to STREAM_MONTHS months at once, kept: a table's
        # arithmetic costs about what one month's does)
        table = self.__dict__.get("_stream_table")
        if table is None or not table[0] <= month < table[0] + table[1].shape[0]:
            ahead = self.engines[0].params.months - month + 1
            words = months_words(pools[1], month, min(max(ahead, 1), STREAM_MONTHS))
            table = (month, words, pcg64_limbs(words) if direct_writes() else None)
            self.__dict__["_stream_table"] = table
        words = table[1][month - table[0]]
        if table[2] is not None:
            limbs = table[2][month - table[0]]
            for e, town in zip(self.engines, limbs, strict=True):
                e.__dict__["next_stream_limbs"] = town
            return limbs
        for e, w in zip(self.engines, words.tolist(), strict=True):  # ints: cheaper one by one
            e.__dict__["next_stream_words"] = w
        return None

    def run_months(self, months: int | None = None) -> None:
        todo = months if months is not None else self.engines[0].params.months - self.month
        for _ in range(todo):
            if self.done:
                break
            self.end_month()

    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.columns.values()) + self.skill.nbytes + self.run.nbytes


def loans_apart(a: Params, b: Params) -> bool:
    """`a` is `b` but for whether subsidised loans are offered."""
    pa, pb = a.policy, b.policy
    if pa.loans_enabled == pb.loans_enabled:
        return False
    return replace(a, policy=replace(pa, loans_enabled=pb.loans_enabled)) == b


def _loans_twin(built: Sequence[Engine], p: Params) -> Engine | None:
    """Of the towns `built` with a seed, one whose parameters are `p` but for whether loans
    are offered, when no change is scheduled for month 0 (its copy is then `p`'s town as
    built)."""
    if not built or any(change.month == 0 for change in p.schedule):
        return None
    for e in built:
        if e.params is not p and loans_apart(e.params, p):
            return e
    return None


# What a month's report compares with, for a town without players (which nothing reads).
_NO_OPENING = (np.zeros(0, "f4"), 1.0)


def _same_generators(before: list, now: list) -> bool:
    """The towns' generators are those whose places were found (the same dicts, as many)."""
    return len(before) == len(now) and all(
        a[0] == b[0] and a[1] is b[1] and a[2] == b[2] for a, b in zip(before, now, strict=True)
    )


def _raw_words(address: int, nbytes: int) -> np.ndarray:
    """The memory from `address` as 64-bit words: a view, written only where a generator's
    state is (`_seed_generators`)."""

    class Raw:
        __array_interface__ = {
            "data": (address, False),
            "shape": (nbytes // 8,),
            "typestr": "<u8",
            "version": 3,
        }

    return np.asarray(Raw())


# The rules with a form for all towns at once (the rest run town by town).
BATCHED_RULES: dict[str, Callable[[Batch], None]] = {
    "job_market": batched_labour.job_market,
    "migrants": batched_labour.migrants,
    "incomes": batched.incomes,
    "household_budget": batched_household.household_budget,
    "capital": batched_labour.capital,
    "sell": batched_market.sell,
    "health_and_school": batched_household.health_and_school,
    "informal": batched_household.interest_and_repayment,
    "agreements": batched_agreements.agreements,
    "reprice": batched_market.reprice,
    "exits": batched_labour.exits,
    "choose_paths": batched_choice.choose_paths,
    "finance_and_open": batched_choice.finance_and_open,
    "observe": batched_market.observe,
    "resolve_certificates": batched_finance.resolve_certificates,
    "spending_pools": batched_finance.spending_pools,
    "interest": batched_finance.interest,
    "mature_loans": batched_finance.mature_loans,
}

__all__ = ["BATCHED_RULES", "Batch", "loans_apart"]
