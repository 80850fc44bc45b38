"""Charts of a simulate run as PNG files (matplotlib, Agg backend, imported only when drawing).

`write_charts(out_dir, trade_rows, town_rows, title)` takes the rows of `months.csv` and
`town.csv` (dicts, as `game.simulate.run_many` returns them) and writes:

* `trades.png`: per trade, sellers, median price (as a share of its month-0 price, so trades
  priced 8 and 100 yuan fit one axis) and median margin;
* `town.png`: households by status, loan arrears with the months the bank stopped lending, the
  laid-off's income against their former wage (mean and median, with the fixed transfers the
  median sits on), and what the scenario changes over time: the remittance index, and a marker
  for every layoff wave and scheduled change on every panel.

The income median is flat for months in most runs: most of the laid-off live on one fixed
amount (the unemployment insurance while it lasts, the internal-retirement allowance), so the
middle household's income *is* that amount over the wage (1,500 / 3,000 = 50%). The mean shows
the drift; the reference lines show the plateaus.

With several runs each line is the median over runs (said in the subtitle). Colours are the
trades' own (Okabe-Ito, colour-blind safe); lines also differ in style for greyscale prints.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from statistics import median
from typing import Any

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]
STYLES = ["-", "--", "-.", ":"]
MONTH_AXIS = "month (0: the layoff, before month 1)"
STATUS_BANDS = [  # (column, label, colour) from the bottom of the stack up
    ("soe_worker", "at the mill", "#0072B2"),
    ("wage_job", "wage job", "#009E73"),
    ("self_employed", "self-employed", "#E69F00"),
    ("day_labour", "day labour", "#D55E00"),
    ("laid_off", "laid off, searching or retraining", "#CC79A7"),
    ("migrated", "migrated", "#56B4E9"),
    ("retired", "retired", "#999999"),
]


def _trade_look() -> dict[str, tuple[str, str]]:
    """Name and colour of the default trades by key (rows carry only the key)."""
    from game.core.params import default_trades

    return {t.key: (t.name, t.colour) for t in default_trades()}


def _median_by(rows: list[dict], keys: tuple[str, ...], column: str) -> dict[tuple, float | None]:
    groups: dict[tuple, list[float]] = defaultdict(list)
    seen: set[tuple] = set()
    for r in rows:
        k = tuple(r[x] for x in keys)
        seen.add(k)
        v = r.get(column)
        if v is not None and v == v:  # skip missing and NaN
            groups[k].append(float(v))
    return {k: (median(groups[k]) if groups[k] else None) for k in seen}


def _mean_by(rows: list[dict], keys: tuple[str, ...], column: str) -> dict[tuple, float | None]:
    sums: dict[tuple, float] = defaultdict(float)
    counts: dict[tuple, int] = defaultdict(int)
    for r in rows:
        k = tuple(r[x] for x in keys)
        sums[k] += float(r[column])
        counts[k] += 1
    return {k: sums[k] / counts[k] for k in sums}


def _series(table: dict[tuple, float | None], months: list[int], *prefix: Any) -> list[float]:
    nan = float("nan")
    return [nan if table.get((*prefix, m)) is None else table[(*prefix, m)] for m in months]


def scenario_marks(params: Any) -> list[tuple[int, str]]:
    """(month, short label) for every layoff wave and scheduled change of a scenario."""
    if params is None:
        return []
    marks = [(w.month, f"wave {w.share:.0%}") for w in params.layoff_waves if w.share > 0]
    for c in params.schedule:
        what = ", ".join(k.rsplit(".", 1)[-1] for k in c.set) or (
            f"agreement: {c.agreement}" if c.agreement else "announcement"
        )
        marks.append((c.month, what if len(what) <= 28 else what[:27] + "…"))
    return sorted(marks)


def remittance_by_month(params: Any, months: list[int]) -> list[float]:
    """The remittance index each month, the scenario's schedule and its changes applied."""
    from game.core.params import set_path
    from game.core.rules.household import remittance_index

    out = []
    for m in months:
        p = params
        for c in sorted(params.schedule, key=lambda c: c.month):
            if c.month <= m:
                for path, value in c.set.items():
                    p = set_path(p, path, value)
        out.append(remittance_index(p, m))
    return out


def write_charts(
    out_dir: str | Path,
    trade_rows: list[dict],
    town_rows: list[dict],
    title: str,
    params: Any = None,
) -> list[Path]:
    """Draw the charts into `out_dir` and return the paths written. With the scenario's
    `params`, the town chart shows its waves, scheduled changes and remittance index."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    runs = len({r["run"] for r in town_rows}) if town_rows and "run" in town_rows[0] else 1
    months = sorted({int(r["month"]) for r in town_rows})
    keys = list(dict.fromkeys(r["trade"] for r in trade_rows))
    look = _trade_look()
    sub = f"{runs} runs, median over runs" if runs > 1 else "one run"
    written: list[Path] = []

    plt.rcParams.update(
        {
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )

    # --- trades -------------------------------------------------------------------------------
    sellers = _median_by(trade_rows, ("trade", "month"), "sellers")
    price = _median_by(trade_rows, ("trade", "month"), "median_price")
    margin = _median_by(trade_rows, ("trade", "month"), "median_margin")
    fig, axes = plt.subplots(1, 3, figsize=(15, 5.2), constrained_layout=True)
    for i, key in enumerate(keys):
        name, colour = look.get(key, (key, OKABE_ITO[i % len(OKABE_ITO)]))
        style = {
            "color": colour,
            "linestyle": STYLES[i % len(STYLES)],
            "linewidth": 2.2,
            "label": name,
        }
        axes[0].plot(months, _series(sellers, months, key), **style)
        p = _series(price, months, key)
        base = next((x for x in p if x == x), None)
        axes[1].plot(months, [x / base if base else float("nan") for x in p], **style)
        axes[2].plot(months, _series(margin, months, key), **style)
    axes[0].set(title="Sellers in each trade", xlabel=MONTH_AXIS, ylabel="businesses open")
    axes[1].set(
        title="Median price, against its price at the layoff (month 0)",
        xlabel=MONTH_AXIS,
        ylabel="median price / median price at the layoff",
    )
    axes[1].yaxis.set_major_formatter(PercentFormatter(1.0))
    axes[1].axhline(1.0, color="#444444", linewidth=0.8)
    axes[2].set(
        title="Median margin over unit cost",
        xlabel=MONTH_AXIS,
        ylabel="(price - unit cost) / price",
    )
    axes[2].yaxis.set_major_formatter(PercentFormatter(1.0))
    axes[0].set_ylim(bottom=0)
    axes[2].set_ylim(bottom=0)
    for ax in axes:
        ax.grid(True, color="#dddddd", linewidth=0.6)
        ax.set_xlim(months[0], months[-1])
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(keys), 7), frameon=False)
    fig.suptitle(f"{title}: the trades ({sub})", fontsize=13)
    path = out / "trades.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)

    # --- the town -----------------------------------------------------------------------------
    fig, grid = plt.subplots(2, 2, figsize=(14, 10), constrained_layout=True)
    axes = [grid[0][0], grid[0][1], grid[1][0], grid[1][1]]
    bands = [(col, label, colour) for col, label, colour in STATUS_BANDS if col in town_rows[0]]
    # Means, not medians, so the bands add up to the town.
    stack = [_series(_mean_by(town_rows, ("month",), col), months) for col, _, _ in bands]
    axes[0].stackplot(
        months, *stack, labels=[b[1] for b in bands], colors=[b[2] for b in bands], alpha=0.9
    )
    axes[0].set(
        title="Households by status" + (" (mean over runs)" if runs > 1 else ""),
        xlabel=MONTH_AXIS,
        ylabel="households",
    )
    axes[0].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)

    arrears = _series(_median_by(town_rows, ("month",), "arrears_rate"), months)
    suspended = _series(_median_by(town_rows, ("month",), "lending_suspended"), months)
    axes[1].plot(
        months, arrears, color="#D55E00", linewidth=2.2, label="loans in arrears (last 12 months)"
    )
    for m, s in zip(months, suspended, strict=True):
        if s == s and s >= 0.5:
            axes[1].axvspan(m - 0.5, m + 0.5, color="#999999", alpha=0.25, linewidth=0)
    axes[1].plot(
        [],
        [],
        color="#999999",
        alpha=0.4,
        linewidth=8,
        label="bank lending suspended" + (" (most runs)" if runs > 1 else ""),
    )
    axes[1].set(title="Loan arrears", xlabel=MONTH_AXIS, ylabel="defaulted / matured loans")
    axes[1].yaxis.set_major_formatter(PercentFormatter(1.0))
    axes[1].set_ylim(0, max(0.5, max((a for a in arrears if a == a), default=0) * 1.15))
    axes[1].legend(loc="upper left", frameon=False, fontsize=9)

    _income_panel(axes[2], town_rows, months, params, runs)
    _remittance_panel(axes[3], months, params)
    marks = scenario_marks(params)
    for ax in axes:
        ax.grid(True, color="#dddddd", linewidth=0.6)
        ax.set_xlim(months[0], months[-1])
        for m, _label in marks:
            ax.axvline(m, color="#555555", linewidth=0.9, linestyle=":")
    top = axes[3].get_ylim()[1]
    for i, (m, label) in enumerate(marks):
        right = m > months[0] + 0.6 * (months[-1] - months[0])
        axes[3].text(
            m - 0.2 if right else m + 0.2,
            top * (0.95 - 0.07 * (i % 4)),
            f"month {m}: {label}",
            fontsize=8,
            va="top",
            ha="right" if right else "left",
        )
    fig.suptitle(f"{title}: the town ({sub})", fontsize=13)
    path = out / "town.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    return written


def _income_panel(
    ax: Any, town_rows: list[dict], months: list[int], params: Any, runs: int
) -> None:
    """The laid-off's own income against the wage they lost: the mean (the drift), the median
    (often flat: see the module's note) and the fixed transfers it sits on."""
    from matplotlib.ticker import PercentFormatter

    over = " (median over runs)" if runs > 1 else ""
    if "mean_income_vs_former_wage" in town_rows[0]:
        mean = _series(_median_by(town_rows, ("month",), "mean_income_vs_former_wage"), months)
        ax.plot(months, mean, color="#0072B2", linewidth=2.2, label="mean of the laid-off" + over)
    median = _series(_median_by(town_rows, ("month",), "median_income_vs_former_wage"), months)
    ax.plot(
        months,
        median,
        color="#0072B2",
        linewidth=1.4,
        linestyle="--",
        label="median of the laid-off (sits on a fixed transfer)",
    )
    ax.axhline(1.0, color="#444444", linewidth=0.8, label="the former wage")
    if params is not None:
        inc = params.income
        wage = max(inc.soe_wage_yuan_per_month, 1.0)
        for amount, label, colour in (
            (inc.unemployment_insurance_yuan_per_month, "unemployment insurance", "#CC79A7"),
            (inc.internal_retirement_allowance_yuan_per_month, "retirement allowance", "#999999"),
        ):
            if amount > 0:
                ax.axhline(amount / wage, color=colour, linewidth=1.0, linestyle="-.", label=label)
    ax.set(
        title="Income of the laid-off against their former wage",
        xlabel=MONTH_AXIS,
        ylabel="own income / former wage",
    )
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, max(1.2, max((x for x in median if x == x), default=0) * 1.1))
    ax.legend(loc="upper right", frameon=False, fontsize=8)


def _remittance_panel(ax: Any, months: list[int], params: Any) -> None:
    """What migrants elsewhere send home, against the start (the scenario's index, its waves'
    cuts and its scheduled changes)."""
    from matplotlib.ticker import PercentFormatter

    ax.set(
        title="What the scenario changes: remittances, waves, scheduled changes",
        xlabel=MONTH_AXIS,
        ylabel="remittances / at the start",
    )
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    if params is None:
        ax.text(0.5, 0.5, "(no scenario given)", transform=ax.transAxes, ha="center")
        return
    index = remittance_by_month(params, months)
    ax.plot(months, index, color="#009E73", linewidth=2.2, label="remittance index")
    ax.plot([], [], color="#555555", linewidth=0.9, linestyle=":", label="a wave or a change")
    ax.set_ylim(0, max(1.3, max(index, default=1.0) * 1.15))
    ax.legend(loc="lower left", frameon=False, fontsize=8)
