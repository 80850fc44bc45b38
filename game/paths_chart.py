"""The chart of `python main.py paths` (matplotlib, Agg backend, imported only when drawing).

`write_paths_chart(out_dir, rows, title, trades)` takes the rows of `paths.csv` (dicts) and
writes `paths.png`: above, the spread of final cash minus debts over the runs for each path
(self-employment pooled over its trades and entry months); below, self-employment by trade,
one box per entry month. Each box is the middle half of the runs with the median marked, the
whiskers reach the farthest run within 1.5 box-heights, and every run is a dot, so 20 runs can
be read one by one. Colours are the trades' own (Okabe-Ito, colour-blind safe); entry months
differ in shade as well as position, for greyscale prints.
"""

from __future__ import annotations

from pathlib import Path

PATH_LABELS = {
    "job_search": "job search",
    "retrain": "retraining",
    "migrate": "migration",
    "retire": "internal\nretirement",
    "day_labour": "day labour",
    "self_employ": "self-employment\n(all trades)",
}
PATH_COLOUR = "#0072B2"
JITTER = (-0.12, -0.06, 0.0, 0.06, 0.12)  # dots spread across a box, the same on every machine


def _boxes(ax, groups: list[list[float]], positions: list[float], colours: list[str], width: float,
           alphas: list[float] | None = None) -> None:  # fmt: skip
    filled = [(g, p, c, a) for g, p, c, a in zip(groups, positions, colours, alphas or [0.45] * len(groups), strict=True) if g]  # fmt: skip
    if not filled:
        return
    parts = ax.boxplot(
        [g for g, *_ in filled],
        positions=[p for _, p, *_ in filled],
        widths=width,
        patch_artist=True,
        showfliers=False,
        medianprops={"color": "black", "linewidth": 1.5},
    )
    for box, (_, _, colour, alpha) in zip(parts["boxes"], filled, strict=True):
        box.set_facecolor(colour)
        box.set_alpha(alpha)
    for g, p, colour, _ in filled:
        xs = [p + JITTER[i % len(JITTER)] * width * 2 for i in range(len(g))]
        ax.scatter(xs, g, s=9, color=colour, edgecolors="black", linewidths=0.3, zorder=3)


def write_paths_chart(
    out_dir: str | Path, rows: list[dict], title: str, trades: list[tuple[str, str, str]]
) -> Path:
    """Draw `paths.png` into `out_dir`; `trades` is (key, name, colour) per trade, in order."""
    import matplotlib  # noqa: PLC0415 - only the command that draws pays for matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415

    runs = len({r["run"] for r in rows})
    fig, (top, low) = plt.subplots(2, 1, figsize=(11, 9), gridspec_kw={"height_ratios": [1, 1.2]})
    yuan = FuncFormatter(lambda v, _: f"{v:,.0f}")

    paths = [p for p in PATH_LABELS if any(r["path"] == p for r in rows)]
    groups = [[r["final_cash_minus_debts"] for r in rows if r["path"] == p] for p in paths]
    colours = ["#E69F00" if p == "self_employ" else PATH_COLOUR for p in paths]
    _boxes(top, groups, list(range(len(paths))), colours, 0.5)
    top.set_xticks(range(len(paths)), [PATH_LABELS[p] for p in paths])
    top.set_title("Final cash minus debts by path")

    entries = sorted({r["entry_month"] for r in rows if r["path"] == "self_employ"})
    shown = [t for t in trades if any(r["trade"] == t[0] for r in rows)]
    step = 0.8 / max(len(entries), 1)
    for i, (key, _name, colour) in enumerate(shown):
        pos = [i - 0.4 + step * (k + 0.5) for k in range(len(entries))]
        groups = [
            [
                r["final_cash_minus_debts"]
                for r in rows
                if r["trade"] == key and r["entry_month"] == m
            ]
            for m in entries
        ]
        alphas = [0.85 - 0.5 * k / max(len(entries) - 1, 1) for k in range(len(entries))]
        _boxes(low, groups, pos, [colour] * len(entries), step * 0.8, alphas)
        for p, m in zip(pos, entries, strict=True):
            low.annotate(f"m{m}", (p, 0), xycoords=("data", "axes fraction"), xytext=(0, -2),
                         textcoords="offset points", ha="center", va="top", fontsize=7)  # fmt: skip
    low.set_xticks(range(len(shown)), [name for _, name, _ in shown])
    low.tick_params(axis="x", length=0, pad=12)
    low.set_xlim(-0.6, max(len(shown), 1) - 0.4)
    low.set_title(
        "Self-employment by trade, opening in month " + ", ".join(str(m) for m in entries)
    )
    missing = [name for key, name, _ in trades if not any(r["trade"] == key for r in rows)]
    if missing:
        note = "Not shown (the household never raised the start-up in any run): "
        fig.text(0.01, 0.005, note + ", ".join(missing), fontsize=8, color="#444444")

    for ax in (top, low):
        ax.axhline(0, color="grey", linewidth=0.8, linestyle="--")
        ax.yaxis.set_major_formatter(yuan)
        ax.set_ylabel("yuan at the end")
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(
        f"{title}: every path for the same household in the same towns ({runs} run{'s' if runs != 1 else ''})"
    )
    fig.tight_layout(rect=(0, 0.02, 1, 1))
    path = Path(out_dir) / "paths.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


__all__ = ["write_paths_chart"]
