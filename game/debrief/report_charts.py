"""The report's charts, drawn with matplotlib (Agg, imported only when a report is written):
the household's income (with unemployment insurance apart from the business's profit) and
money, the town's curves, and the "What if" runs. `charts(data)` -> {name: PNG bytes}.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from game import i18n
from game.debrief import story
from game.i18n import t

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]
PLAYER = "#C77800"  # the player's line: a darker amber that prints well on white
LIGHT_STYLES = ["-", "--", "-.", ":"]
TITLE_CHARS = 64  # a chart title wraps before it would run past the figure's edge


def _mpl():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    try:  # Noto Sans SC (shipped with pygame_gui) as a fallback, for Chinese trade names
        import importlib.util

        spec = importlib.util.find_spec("pygame_gui")
        if spec and spec.submodule_search_locations:
            folder = Path(next(iter(spec.submodule_search_locations))) / "data"
            known = {f.fname for f in font_manager.fontManager.ttflist}
            for name in ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"):
                if (folder / name).exists() and str(folder / name) not in known:
                    font_manager.fontManager.addfont(str(folder / name))
    except Exception:  # noqa: BLE001 - charts still draw with the default font
        pass
    plt.rcParams.update(
        {
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.family": ["DejaVu Sans", "Noto Sans SC"],
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
        }
    )
    return plt


def figure_title(fig, text: str) -> None:
    """The chart's title across the whole figure, from its left edge, wrapped so it never runs
    past the right edge (a title over the axes alone was cut off beside long bar labels)."""
    fig.suptitle(
        textwrap.fill(text, TITLE_CHARS),
        x=0.01,
        ha="left",
        fontsize=11,
        fontweight="bold",
    )


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def _nan(values):
    return [float("nan") if v is None else float(v) for v in values]


def _style_axes(ax, y_format: str | None = None) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

    ax.grid(True, color="#e3e3e3", linewidth=0.7)
    if y_format == "percent":
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    elif y_format == "yuan":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: i18n.yuan(float(v))))
    elif y_format == "int":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t("chart.month"))


def _line_chart(plt, spec: dict, size=(7.2, 3.6)) -> bytes:
    fig, ax = plt.subplots(figsize=size, constrained_layout=True)
    x0 = int(spec.get("x_start", 0))
    k = 0
    for s in sorted(spec["series"], key=lambda s: bool(s.get("is_player"))):
        vals = _nan(s["values"])
        xs = list(range(x0, x0 + len(vals)))
        if s.get("is_player"):
            ax.plot(
                xs,
                vals,
                color=PLAYER,
                linewidth=3.2,
                marker="o",
                markersize=3.5,
                label=s["name"],
                zorder=5,
            )
        else:
            ax.plot(
                xs,
                vals,
                color=s.get("colour") or OKABE_ITO[k % 8],
                linewidth=1.6,
                linestyle=LIGHT_STYLES[k % 4],
                label=s["name"],
            )
            k += 1
    figure_title(fig, spec["title"])
    ax.set_ylabel(spec.get("y_label", ""))
    if spec.get("include_zero", True):
        ax.set_ylim(bottom=min(0, ax.get_ylim()[0]))
    _style_axes(ax, spec.get("y_format"))
    ax.legend(fontsize=8, frameon=False, loc="best", ncol=2 if len(spec["series"]) > 4 else 1)
    return _png(fig)


def _status_chart(plt, data: dict) -> bytes:
    # month 1 first, as every chart counts (the town before month 1 is no month played)
    town = [r for r in data["metrics"]["town"] if int(r["month"]) >= 1]
    months = [r["month"] for r in town]
    fig, ax = plt.subplots(figsize=(7.2, 3.6), constrained_layout=True)
    bands = [(k, t(label), colour) for k, label, colour in story.STATUS_LINES]
    ax.stackplot(
        months,
        *[[r[k] for r in town] for k, _l, _c in bands],
        labels=[b[1] for b in bands],
        colors=[b[2] for b in bands],
        alpha=0.9,
    )
    figure_title(fig, t("debrief.town.status.title"))
    ax.set_ylabel(t("debrief.unit.households"))
    _style_axes(ax)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1],
        labels[::-1],
        fontsize=8,
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    return _png(fig)


def _difference_chart(plt, data: dict) -> bytes | None:
    fig = difference_figure(plt, data)
    return _png(fig) if fig is not None else None


def difference_figure(plt, data: dict):
    c = data["counterfactuals"]
    cards = [f for f in c["findings"] if f.get("available") and f["kind"] != "luck"]
    luck = next((f for f in c["findings"] if f["kind"] == "luck"), None)
    if not cards and not luck:
        return None
    labels = [t("debrief.cf.actual")] + [f["title"] for f in cards]
    values = [c["actual"]["final"]["net_worth"]] + [f["net_worth"] for f in cards]
    colours = [PLAYER] + ["#56B4E9" if f["kind"] == "path" else "#009E73" for f in cards]
    fig, ax = plt.subplots(
        figsize=(7.2, 0.45 * (len(labels) + (1 if luck else 0)) + 1.2), constrained_layout=True
    )
    ys = list(range(len(labels)))[::-1]
    bars = ax.barh(ys, values, color=colours, height=0.6)
    span = max(max(values), 0) - min(min(values), 0) or 1.0
    for bar, v in zip(bars, values, strict=True):
        x = bar.get_width()
        ax.text(
            x + (0.01 if v >= 0 else -0.01) * span,
            bar.get_y() + bar.get_height() / 2,
            i18n.yuan(v, 0),
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=8,
        )
    if luck:
        y = -1
        ax.plot(
            [luck["low"], luck["high"]], [y, y], color="#666666", linewidth=6, solid_capstyle="butt"
        )
        labels = labels + [t("debrief.cf.luck.title")]
        ys = ys + [y]
    ax.set_yticks(ys, labels)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.axvline(values[0], color=PLAYER, linewidth=1, linestyle="--")
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: i18n.yuan(v, 0)))
    ax.tick_params(axis="x", labelsize=8)
    figure_title(fig, t("debrief.cf.chart_title"))
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo - 0.2 * span, hi + 0.2 * span)
    ax.set_xlabel(t("debrief.cf.chart_axis"))
    ax.grid(True, axis="x", color="#e3e3e3")
    return fig


def _small_multiples(plt, data: dict) -> bytes | None:
    cards = [f for f in data["counterfactuals"]["findings"] if f.get("available")]
    if not cards:
        return None
    n = len(cards)
    cols = 3
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(
        rows, cols, figsize=(7.6, 2.1 * rows), constrained_layout=True, squeeze=False
    )
    for ax, f in zip(axes.flat, cards, strict=False):
        actual = _nan(f["actual_series"])
        ax.plot(
            range(1, len(actual) + 1),
            actual,
            color=PLAYER,
            linewidth=2.2,
            label=t("debrief.cf.actual"),
        )
        series = f["series"] if f["kind"] == "luck" else [f["series"]]
        for s in series:
            ax.plot(range(1, len(s) + 1), _nan(s), color="#0072B2", linewidth=1.3, linestyle="--")
        ax.set_title(textwrap.fill(f["title"], 34), fontsize=8.5)
        ax.tick_params(labelsize=7)
        from matplotlib.ticker import FuncFormatter

        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: i18n.yuan(v, 0)))
        ax.grid(True, color="#eeeeee")
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    return _png(fig)


def charts(data: dict, session=None) -> dict[str, bytes]:
    """Every chart of the report as PNG bytes, by name."""
    plt = _mpl()
    out: dict[str, bytes] = {}
    out["income"] = _line_chart(plt, story.income_spec(data["household"]))
    out["money"] = _line_chart(plt, story.money_spec(data["household"]))
    for spec in data.get("town_charts", []):
        if spec["key"] == "status":
            out["town_status"] = _status_chart(plt, data)
        else:
            out[f"town_{spec['key']}"] = _line_chart(plt, spec)
    diff = _difference_chart(plt, data)
    if diff:
        out["difference"] = diff
    small = _small_multiples(plt, data)
    if small:
        out["difference_runs"] = small
    return out
