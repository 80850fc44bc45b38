"""The engine: owns the town, the seed and the month; takes commands; steps the month.

`Engine(params, seed, players)` builds the town; `submit(command)` validates and applies a
player's decision at once; `end_month()` runs every rule in a fixed order and returns each
player's MonthReport. Same params + seed + commands = the same history, bit for bit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace

import numpy as np

from game.core.commands import Command, command_from_dict, command_to_dict, explain
from game.core.metrics import Metrics
from game.core.params import LayoffWave, Params, set_path
from game.core.report import MonthReport, build_report
from game.core.rules import (
    agreements,
    business,
    choice,
    finance,
    household,
    informal,
    labour,
    market,
)
from game.core.rules.codes import S
from game.core.rules.context import MonthContext, month_streams
from game.core.rules.setup import build_town
from game.core.rules.streams import direct_writes, month_limbs
from game.core.state import HOUSEHOLD_COLUMNS, Cert, Status, TownState

try:  # ISA-L's CRC-32: the same checksum as zlib's, about 10x faster (SIMD)
    from isal.isal_zlib import crc32
except ImportError:  # pragma: no cover - the same hashes, slower, without the package
    from zlib import crc32

SAVE_FORMAT = 2
# Columns a scenario's player profile may set (the household the player runs).
PROFILE_COLUMNS = (
    "age",
    "female",
    "education",
    "dependants",
    "children_in_school",
    "cash",
    "years_in_plant",
    "has_migrant_member",
    "surname",
    "given_name",
    "former_job",
    "former_wage",
)
# The one profile key that is not a column: a skill group (Trade.skill_group), whose trades the
# player starts good at (skill at least SKILL_GROUP_SKILL; a scenario's "skill_group").
PROFILE_SKILL_GROUP = "skill_group"
SKILL_GROUP_SKILL = 0.9


class Engine:
    def __init__(
        self,
        params: Params,
        seed: int = 1,
        players: tuple[int, ...] = (0,),
        player_profile: dict | None = None,
        _state: TownState | None = None,
        fingerprint: bool = True,
    ) -> None:
        self.params = params
        self.seed = int(seed)
        self.players = tuple(int(h) for h in players)
        self.trade_arrays = market.trade_arrays(params)
        self.command_log: list[dict] = []
        self.outcomes: list[dict] = []
        self.reports: list[dict[int, MonthReport]] = []
        self.hashes: list[str] = []
        self._command_seq = 0
        # One generator per random stream, re-seeded each month (rules/context.MonthStreams).
        self._generators: dict[str, np.random.Generator] = {}
        # A state hash every month (for replays and desync checks); batch previews skip it.
        self.fingerprint = fingerprint
        self.block_entry: tuple[int, int] | None = None
        # Same-shocks mode (a workshop): households sharing their illness and injury draws,
        # and the seed of their shared stream (`share_shocks`); none by default.
        self.shared_draws: tuple[tuple[int, ...], int] = ((), 0)
        if _state is not None:
            self.state = _state
            self.metrics = Metrics([t.key for t in params.trades])
            self.ctx = self._new_ctx()
            return
        self.state = build_town(params, month_streams(self.seed, -1)["setup"])
        st = self.state
        for h in self.players:
            if not 0 <= h < st.n:
                raise ValueError(f"player household {h} is not in a town of {st.n}")
            st.is_player[h] = True
            # The player's household works at the mill until the first wave.
            st.status[h] = Status.SOE_WORKER
            st.former_wage[h] = params.income.soe_wage_yuan_per_month
            st.years_in_plant[h] = min(
                max(int(st.years_in_plant[h]), 12), max(int(st.age[h]) - 18, 1)
            )
            st.trade[h], st.lot[h] = -1, -1
        profile = dict(player_profile or {})
        group = profile.pop(PROFILE_SKILL_GROUP, None)
        for key, value in profile.items():
            if key not in PROFILE_COLUMNS:
                raise ValueError(f"a player profile cannot set {key!r}")
            for h in self.players:
                st.columns[key][h] = value
        st.__dict__.pop("_size_key", None)  # the profile may have changed a household's size
        # A skill group: the player is good at every trade of that group from the start.
        for t in (i for i, tr in enumerate(params.trades) if group and tr.skill_group == group):
            for h in self.players:
                st.skill[h, t] = max(float(st.skill[h, t]), SKILL_GROUP_SKILL)
        st.soe_workers_at_start = int((st.status == S.SOE_WORKER).sum())
        self.metrics = Metrics([t.key for t in params.trades])
        self.ctx = self._new_ctx()
        self._apply_schedule()
        # Waves of month 0: the game opens on the layoff. The player works at the mill until
        # the scenario's wave for them (LayoffWave.player, else the first); with no waves at
        # all, the game opens on the player's layoff.
        household.layoffs(self.params, st, self.ctx)
        if not params.layoff_waves:
            self._lay_off_players()
        self.metrics.collect(self.params, st, None, 0)
        if fingerprint:
            self.hashes.append(self.state_hash())

    def _lay_off_players(self) -> None:
        st = self.state
        for h in self.players:
            if st.status[h] == S.SOE_WORKER:
                st.status[h] = Status.LAID_OFF
                st.laid_off_month[h] = 0
                st.ui_months_left[h] = self.params.income.unemployment_insurance_months

    def _new_ctx(self) -> MonthContext:
        self._command_seq = 0
        st = self.state
        streams = month_streams(self.seed, st.month, self._generators)
        # A batch hands its towns their new month's seed words, made for all at once.
        streams.words = self.__dict__.pop("next_stream_words", None)
        streams.limbs = self.__dict__.pop("next_stream_limbs", None)
        if streams.limbs is None and streams.words is None and self._generators:
            streams.limbs = self._own_limbs(st.month)
        ctx = MonthContext(st.month, st.n, st.n_trades, streams)
        ctx.players = np.array(self.players, "i8")
        # Each player's cash as the month opens: its account runs from here, commands included.
        self.month_start_cash = {h: float(st.cash[h]) for h in self.players}
        shared, shared_seed = getattr(self, "shared_draws", ((), 0))
        ctx.shared_draws, ctx.shared_seed = np.array(shared, "i8"), int(shared_seed)
        block = getattr(self, "block_entry", None)
        if block is not None and st.month >= block[1]:
            ctx.blocked_trade = int(block[0])
        return ctx

    def _own_limbs(self, month: int) -> np.ndarray | None:
        """This month's stream states (`streams.month_limbs`), worked out for up to
        `STREAM_MONTHS` months at a time: one stream re-seeded by itself costs ~60,000
        instructions of Python integer arithmetic, ~7 a month; a row of the table, ~2,000."""
        kept = self.__dict__.get("_month_limbs")
        if kept is None or not kept[0] <= month < kept[0] + kept[1].shape[0]:
            if not direct_writes():
                return None
            count = min(max(self.params.months - month + 1, 1), STREAM_MONTHS)
            limbs = month_limbs(self.seed, month, count)
            if limbs is None:
                return None
            kept = (month, limbs)
            self.__dict__["_month_limbs"] = kept
        return kept[1][month - kept[0]]

    def _apply_schedule(self) -> None:
        """The scheduled changes of the month now opening: new parameter values from here on
        (checked by the scenario loader; an unknown path is a bug), an organised agreement,
        and what the players are told (the month's announcements)."""
        for change in self.params.schedule:
            if change.month != self.state.month:
                continue
            self.apply_change(change)

    def schedule_change(self, change) -> None:
        """A change for this month (applied now) or a later one (kept in the parameters'
        schedule, so a save and a replay keep it): an event's effect, a facilitator's control."""
        if change.month <= self.state.month:
            self.apply_change(change)
        else:
            self.params = replace(self.params, schedule=[*self.params.schedule, change])

    def apply_change(self, change) -> None:
        """Apply one scheduled change now (also the facilitator's controls in a workshop)."""
        p = self.params
        for path, value in change.set.items():
            p = set_path(p, path, _typed(path, value))
        if p is not self.params:
            self.params = p
            self.trade_arrays = market.trade_arrays(p)
        if change.agreement:
            keys = [t.key for t in p.trades]
            if change.agreement in keys:
                agreements.start(p, self.state, self.ctx, np.array([keys.index(change.agreement)]))
        if change.say or change.set or change.agreement:
            self.ctx.announcements.append(
                {"say": dict(change.say), "set": dict(change.set), "agreement": change.agreement}
            )

    def share_shocks(self, households: tuple[int, ...], seed: int) -> None:
        """Same-shocks mode (a workshop): from this month on, `households` share one draw of
        illness and of injury each month, from a stream of `seed` (the same for every town of
        a session), so a class compares choices, not luck."""
        self.shared_draws = (tuple(int(h) for h in households), int(seed))
        self.ctx.shared_draws = np.array(self.shared_draws[0], "i8")
        self.ctx.shared_seed = int(seed)

    def block_entry_after(self, trade: int, month: int) -> None:
        """Counterfactual for the debrief: from `month` on, no AI household opens a business
        in `trade` (the same world, with no neighbour following the player in)."""
        self.block_entry = (int(trade), int(month))
        if self.state.month >= month:
            self.ctx.blocked_trade = int(trade)

    # --- reading -------------------------------------------------------------------
    @property
    def month(self) -> int:
        return self.state.month

    @property
    def done(self) -> bool:
        return self.state.month >= self.params.months

    def informal_room(self, h: int) -> float:
        return informal.room_of(self.params, self.state, int(h))

    # --- commands ------------------------------------------------------------------
    def validate(self, cmd: Command) -> list[str]:
        return explain(cmd.validate(self))

    def submit(self, cmd: Command) -> list[str]:
        """Apply a player's decision now, or return every reason it cannot (changing nothing)."""
        reasons = cmd.validate(self)
        if reasons:
            return explain(reasons)
        outcome = cmd.apply(self)
        self.command_log.append({"month": self.month, **command_to_dict(cmd)})
        self.outcomes.append({"month": self.month, "command": cmd.kind, **outcome})
        self._command_seq += 1
        return []

    def command_rng(self) -> np.random.Generator:
        """A stream for one command's chance (a guarantor's answer), apart from the town's."""
        ss = np.random.SeedSequence(self.seed, spawn_key=(1000, self.month + 1, self._command_seq))
        return np.random.default_rng(ss)

    # --- the month -----------------------------------------------------------------
    def end_month(self) -> dict[int, MonthReport]:
        """The month's rules, in order (docs/model.md, "The order of a month")."""
        opening = self.open_month()
        for _, rule in MONTH_RULES:
            rule(self)
        return self.close_month(opening)

    def open_month(self) -> tuple[np.ndarray, float]:
        """What the month's report compares with (a batch opens each run's month with this)."""
        if self.done:
            raise RuntimeError("the run has ended")
        return self.state.pool_last.copy(), household.remittance_index(
            self.params, max(self.ctx.month - 1, 0)
        )

    def close_month(self, opening: tuple[np.ndarray, float]) -> dict[int, MonthReport]:
        """After the rules: the month's tables and reports, the next month opened, the hash."""
        self.end_of_month_state()
        self.metrics.collect(self.params, self.state, self.ctx, self.ctx.month + 1)
        return self.after_metrics(opening)

    def end_of_month_state(self) -> None:
        """What the month's end writes into the state before the tables are read."""
        st, ctx = self.state, self.ctx
        st.income_last = ctx.income
        st.status_months += 1
        st.age += 1.0 / 12.0
        st.pool_last[:] = ctx.pools

    def after_metrics(
        self, opening: tuple[np.ndarray, float], last_flows: dict[str, float] | None = None
    ) -> dict[int, MonthReport]:
        """The players' reports, the next month opened, the hash (after the month's tables).
        `last_flows`: the month's flows as a dict, when the caller has made it (a batch)."""
        pools_before, remit_before = opening
        p, st, ctx = self.params, self.state, self.ctx
        reports: dict[int, MonthReport] = {}
        if self.players:
            rows = self.metrics.trades[-st.n_trades :]
            remit = household.remittance_index(p, ctx.month) / max(remit_before, 1e-9) - 1.0
            for h in self.players:
                cash = self.month_start_cash[h]
                reports[h] = build_report(h, st, ctx, cash, pools_before, rows, remit)
        self.reports.append(reports)
        self.last_flows = dict(ctx.flows) if last_flows is None else last_flows
        self.last_defaulters = ctx.notes.get("defaulted", np.zeros(0, "i8"))
        st.month += 1
        self.ctx = self._new_ctx()
        if not self.done:
            self._apply_schedule()
            household.layoffs(self.params, st, self.ctx)
        if self.fingerprint:
            self.hashes.append(self.state_hash())
        return reports

    def run(self, months: int | None = None) -> None:
        for _ in range(months if months is not None else self.params.months - self.month):
            if self.done:
                break
            self.end_month()

    # --- facts for events and the UI ------------------------------------------------
    def player_facts(self, h: int) -> dict:
        st, p = self.state, self.params
        t = int(st.trade[h])
        rows = self.metrics.trades[-st.n_trades :]
        month_of_year = (p.start_month_of_year - 1 + st.month) % 12 + 1
        facts = {
            "month": st.month,
            "month_of_year": month_of_year,
            "months_left": p.months - st.month,
            "status": Status(st.status[h]).name.lower(),
            "cash_yuan": float(st.cash[h]),
            "informal_debt_yuan": float(st.informal_debt[h]),
            "loan_yuan": float(st.loan_principal[h]),
            "loan_due_in_months": int(st.loan_due_month[h] - st.month)
            if st.loan_principal[h] > 0
            else -1,
            "has_loan": bool(st.loan_principal[h] > 0),
            "blacklisted": bool(st.blacklisted[h]),
            "certificate": Cert(st.cert[h]).name.lower(),
            "dependants": int(st.dependants[h]),
            "children_in_school": int(st.children_in_school[h]),
            "female": bool(st.female[h]),
            "age": float(st.age[h]),
            "health": float(st.health[h]),
            "sick": bool(st.sick[h]),
            "trust": float(st.trust[h]),
            "times_called": int(st.times_called[h]),
            "has_business": t >= 0,
            "trade": p.trades[t].key if t >= 0 else "",
            "months_open": int(st.months_open[h]) if t >= 0 else 0,
            "on_street": bool(st.lot[h] >= 0),
            "profit_yuan": float(st.profit[h]),
            "price_yuan": float(st.price[h]),
            "in_agreement": bool(st.in_agreement[h]),
            "agreement_in_trade": bool(t >= 0 and st.agreement_active[t]),
            "sellers_in_trade": int(rows[t]["sellers"]) if t >= 0 else 0,
            "lending_suspended": bool(st.lending_suspended),
            "loans_in_town": int((st.loan_principal > 0).sum()),
            "town_arrears_rate": finance.arrears_rate(st),
            "business_covers_costs": bool(t >= 0 and finance.viable(st, np.array([h]))[0]),
            "informal_room_yuan": self.informal_room(h),
            "hardship": float(st.hardship[h]),
            "on_minimum_living_guarantee": bool(st.on_dibao[h]),
        }
        return facts

    # --- persistence ----------------------------------------------------------------
    def state_hash(self) -> str:
        """A fingerprint of the whole town, taken every month to catch any divergence between
        two runs that should be identical (OpenTTD's desync checks). CRC-32 chained over the
        columns: half the cost of SHA-256 at 200,000 households, and enough to tell runs apart
        (computed by ISA-L where installed: zlib's checksum, bit for bit, a tenth of the time)."""
        st = self.state
        crc = 0
        columns = st.columns
        names = _SORTED_COLUMNS if tuple(columns) == _COLUMN_ORDER else sorted(columns)
        arrays: list = [columns[name] for name in names]
        arrays.append(st.skill)
        arrays.extend([getattr(st, k) for k in TownState._TRADE_ARRAYS])
        if st.n <= _JOINED_HASH:
            # A small town's columns joined into one buffer and checked at once: the CRC of
            # the joined bytes is the chained CRC (~70 calls a month fewer).
            try:
                arrays = [b"".join(arrays)]
            except (BufferError, ValueError, TypeError):  # a view that is not contiguous
                pass
        for a in arrays:  # each array's own buffer, no copy (a third of the cost of reading
            try:  # its flags and memoryview first: ~70 calls a month)
                crc = crc32(a, crc)
            except ValueError:  # a view that is not contiguous: its bytes, as `tobytes` gives
                crc = crc32(a.tobytes(), crc)
        values = [
            st.month,
            bool(st.lending_suspended),
            st.suspended_since,
            st.fund_paid_this_year,
            dict(st.sector_cash),
            st.loan_books,
            st.informal_written_off,
            st.matured_window,
        ]
        small = json.dumps(values).encode()
        return f"{st.month:04d}-{crc:08x}-{hashlib.sha256(small).hexdigest()[:8]}"

    def to_dict(self) -> dict:
        """The whole engine as JSON-able data. The random streams are derived from the seed and
        the month (rules/context.py), so seed + month *is* the generator state."""
        return {
            "format": SAVE_FORMAT,
            "seed": self.seed,
            "players": list(self.players),
            "params": _plain(self.params),
            "state": self.state.to_dict(),
            "metrics": self.metrics.to_dict(),
            "command_log": self.command_log,
            "outcomes": self.outcomes,
            "hashes": self.hashes,
            "command_seq": self._command_seq,
            "ctx_flows": dict(self.ctx.flows),
            "ctx_announcements": self.ctx.announcements,
            "ctx_lines": {str(h): v for h, v in self.ctx.lines.items()},
            "month_start_cash": {str(h): v for h, v in self.month_start_cash.items()},
            "block_entry": list(self.block_entry) if self.block_entry else None,
            "reports": [{str(h): r.to_dict() for h, r in m.items()} for m in self.reports],
        }

    @classmethod
    def from_dict(cls, d: dict, params: Params) -> Engine:
        if d.get("format") != SAVE_FORMAT:
            raise ValueError(
                f"save format {d.get('format')!r}; this game reads format {SAVE_FORMAT}"
            )
        st = TownState.from_dict(d["state"])
        eng = cls(params, seed=d["seed"], players=tuple(d["players"]), _state=st)
        eng.metrics = Metrics.from_dict(d["metrics"])
        eng.command_log = list(d["command_log"])
        eng.outcomes = list(d["outcomes"])
        eng.hashes = list(d["hashes"])
        eng._command_seq = int(d["command_seq"])
        if d.get("block_entry"):
            eng.block_entry_after(*d["block_entry"])
        eng.ctx.flows = {str(k): float(v) for k, v in d["ctx_flows"].items()}
        eng.ctx.announcements = [dict(a) for a in d.get("ctx_announcements", [])]
        eng.ctx.lines = {
            int(h): {str(k): float(x) for k, x in v.items()} for h, v in d["ctx_lines"].items()
        }
        eng.month_start_cash = {int(h): float(v) for h, v in d["month_start_cash"].items()}
        eng.reports = [
            {
                int(h): MonthReport(
                    **{
                        **r,
                        "causes": [tuple(c) for c in r["causes"]],
                        "accounts": [tuple(a) for a in r.get("accounts", [])],
                    }
                )
                for h, r in m.items()
            }
            for m in d.get("reports", [])
        ]
        return eng

    def replay(self, log: list[dict]) -> None:
        """Run the given command log to the end of the game from this engine's current month."""
        by_month: dict[int, list[dict]] = {}
        for entry in log:
            by_month.setdefault(int(entry["month"]), []).append(entry)
        while not self.done:
            for entry in by_month.get(self.month, []):
                cmd = command_from_dict({k: v for k, v in entry.items() if k != "month"})
                errors = self.submit(cmd)
                if errors:
                    raise ValueError(f"replayed command failed in month {self.month}: {errors}")
            self.end_month()


# The month's rules in order, each as a step of one engine (`Engine.end_month`); a `Batch`
# (game/core/batch.py) runs the same steps, some of them for all its towns at once.
MONTH_RULES: tuple[tuple[str, Callable[[Engine], object]], ...] = (
    ("resolve_certificates", lambda e: finance.resolve_certificates(e.params, e.state, e.ctx)),
    ("job_market", lambda e: labour.job_market(e.params, e.state, e.ctx)),
    ("migrants", lambda e: labour.migrants(e.params, e.state, e.ctx)),
    (
        "incomes",
        lambda e: household.incomes(
            e.params, e.state, e.ctx, labour.day_labour(e.params, e.state, e.ctx)
        ),
    ),
    ("household_budget", lambda e: household.household_budget(e.params, e.state, e.ctx)),
    ("spending_pools", lambda e: household.spending_pools(e.params, e.state, e.ctx)),
    ("capital", lambda e: business.capital(e.params, e.state, e.ctx, e.trade_arrays)),
    ("sell", lambda e: market.sell(e.params, e.state, e.ctx, e.trade_arrays)),
    ("health_and_school", lambda e: household.health_and_school(e.params, e.state, e.ctx)),
    ("interest", lambda e: finance.interest(e.params, e.state, e.ctx, e.trade_arrays)),
    ("mature_loans", lambda e: finance.mature_loans(e.params, e.state, e.ctx, e.state.loan_trade)),
    ("informal", lambda e: informal.interest_and_repayment(e.params, e.state, e.ctx)),
    ("agreements", lambda e: agreements.agreements(e.params, e.state, e.ctx)),
    ("reprice", lambda e: market.reprice(e.params, e.state, e.ctx, e.trade_arrays)),
    ("exits", lambda e: business.exits(e.params, e.state, e.ctx, e.trade_arrays)),
    ("choose_paths", lambda e: choice.choose_paths(e.params, e.state, e.ctx, e.trade_arrays)),
    (
        "finance_and_open",
        lambda e: choice.finance_and_open(e.params, e.state, e.ctx, e.trade_arrays),
    ),
    ("observe", lambda e: market.observe(e.params, e.state, e.ctx, e.trade_arrays)),
)


def _typed(path: str, value):
    """A scheduled value as the parameters hold it: layoff waves kept as plain data in a
    change (a workshop's second wave; the change stays JSON in a save) become LayoffWaves."""
    if path == "layoff_waves" and isinstance(value, list):
        return [LayoffWave(**w) if isinstance(w, dict) else w for w in value]
    return value


# A lone town's stream states are worked out this many months ahead at a time (`_own_limbs`).
STREAM_MONTHS = 32
# The columns in the order the state hash reads them (sorted by name), made once.
_SORTED_COLUMNS = sorted(HOUSEHOLD_COLUMNS)
_COLUMN_ORDER = tuple(HOUSEHOLD_COLUMNS)
# Up to this many households the state hash joins the columns first (a copy of ~70 bytes a
# household is cheaper than ~70 checksum calls; in a big town the copy is the larger cost).
_JOINED_HASH = 20_000


def _plain(obj):
    if is_dataclass(obj):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, list):
        return [_plain(x) for x in obj]
    return obj


def params_from_plain(d: dict) -> Params:
    """Rebuild Params from `_plain` output (a save file)."""
    from game.core import params as P

    def build(cls, data):
        kw = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            v = data[f.name]
            sub = {
                "town": P.TownParams,
                "income": P.IncomeParams,
                "policy": P.Policy,
                "market": P.MarketParams,
                "behaviour": P.Behaviour,
            }.get(f.name)
            if sub is not None and cls is P.Params:
                v = build(sub, v)
            elif f.name == "trades" and cls is P.Params:
                v = [build(P.Trade, x) for x in v]
            elif f.name == "layoff_waves" and cls is P.Params:
                v = [build(P.LayoffWave, x) for x in v]
            elif f.name == "schedule" and cls is P.Params:
                v = [build(P.ScheduledChange, x) for x in v]
            kw[f.name] = v
        return cls(**kw)

    return build(P.Params, d)


__all__ = ["MONTH_RULES", "Engine", "params_from_plain"]
