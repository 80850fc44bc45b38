"""The town's curves: every month's metrics as series, for the town and per trade, named by the
metrics reporters' names (game/core/metrics.py). The charts, the month screen's market panel,
the ending and the debrief read these, never the engine's metrics tables; a remote seat or the
workshop dashboard receives `to_dict()` as JSON and rebuilds it with `TownCurves.from_dict`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.core.metrics import TOWN_REPORTERS, TRADE_REPORTERS
from game.core.views import View

if TYPE_CHECKING:
    from game.core.engine import Engine

TOWN_SERIES = tuple(r.name for r in TOWN_REPORTERS)
TRADE_SERIES = tuple(r.name for r in TRADE_REPORTERS)


@dataclass(frozen=True)
class TownCurves(View):
    """One value per month in every series, month 0 (the town before the first month) first.
    Values are plain JSON numbers, booleans or None (no data: nobody sold, say)."""

    months: tuple[int, ...]
    trade_keys: tuple[str, ...]
    town: dict[str, list[Any]]  # town reporter name -> one value a month
    trades: dict[str, dict[str, list[Any]]]  # trade key -> trade reporter name -> values

    @classmethod
    def from_dict(cls, d: dict) -> TownCurves:
        """What `to_dict()` gave, back (a remote seat's side)."""
        return cls(
            months=tuple(int(m) for m in d["months"]),
            trade_keys=tuple(str(k) for k in d["trade_keys"]),
            town={k: list(v) for k, v in d["town"].items()},
            trades={k: {n: list(v) for n, v in s.items()} for k, s in d["trades"].items()},
        )

    def town_rows(self) -> list[dict[str, Any]]:
        """One dict per month, as the town's CSV has them: "month", then each series."""
        return [
            {"month": m, **{name: values[i] for name, values in self.town.items()}}
            for i, m in enumerate(self.months)
        ]

    def trade_rows(self, key: str | None = None) -> list[dict[str, Any]]:
        """One dict per month of trade `key` ("month", "trade", then each series); with no key,
        every trade's, month by month in the trades' order (as the trades' CSV has them)."""
        keys = self.trade_keys if key is None else (key,)
        rows = []
        for i, m in enumerate(self.months):
            for k in keys:
                series = self.trades.get(k, {})
                rows.append({"month": m, "trade": k, **{n: v[i] for n, v in series.items()}})
        return rows

    def latest(self, key: str) -> dict[str, Any]:
        """Trade `key` in the last month collected ({} before any month)."""
        return self._trade_month(key, -1)

    def first(self, key: str) -> dict[str, Any]:
        """Trade `key` as the town began ({} if nothing was collected)."""
        return self._trade_month(key, 0)

    def _trade_month(self, key: str, i: int) -> dict[str, Any]:
        if not self.months or key not in self.trades:
            return {}
        return {"month": self.months[i], "trade": key} | {
            n: v[i] for n, v in self.trades[key].items()
        }

    def total(self, name: str, since: int = 0) -> float:
        """A town series summed from index `since` (a count over the run: entries, defaults)."""
        return sum(v for v in self.town[name][since:] if v is not None)


def town_curves(
    eng: Engine,
    town_series: tuple[str, ...] = TOWN_SERIES,
    trade_series: tuple[str, ...] = TRADE_SERIES,
) -> TownCurves:
    """The curves of `eng`'s run so far, built from its metrics tables (every series, or just
    those named: the debrief's what-if runs read a few of them, for a fifth of the work)."""
    m = eng.metrics
    keys = tuple(m.trade_keys)
    # A town of a batch whose months are not made into rows yet: just these series, read
    # from the batch's columns (the same values; its rows are made when read).
    if m.has_pending():
        from game.core.batch_metrics import pending_series  # noqa: PLC0415 (a batch's town)

        got = pending_series(m, town_series, trade_series)
        if got is not None:
            return TownCurves(months=tuple(got[0]), trade_keys=keys, town=got[1], trades=got[2])
    # Older saves may lack a column added since: those months read None.
    town = {name: [row.get(name) for row in m.town] for name in town_series}
    trades: dict[str, dict[str, list[Any]]] = {key: {n: [] for n in trade_series} for key in keys}
    for row in m.trades:
        series = trades[row["trade"]]
        for name in trade_series:
            series[name].append(row.get(name))
    return TownCurves(
        months=tuple(int(row["month"]) for row in m.town),
        trade_keys=keys,
        town=town,
        trades=trades,
    )
