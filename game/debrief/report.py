"""The report to hand in: one self-contained HTML file (charts embedded as PNG, no network
needed to read it) and a JSON of the run's data, from the debrief screen ("Export report") or
headless: `python main.py report SAVE_OR_REPLAY --out DIR`.

    data = build_data(session, results)         # plain JSON-able dict (results: counterfactuals)
    html = render_html(data)                     # draws the charts (matplotlib, Agg, lazy)
    paths = write_report(session, out_dir)       # both files; runs the counterfactuals if needed

A *replay* is the report's own JSON: it carries the scenario, the seed, the command log and the
decisions, so `report` can rebuild the run from it (and checks the rebuilt run's fingerprint).
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from game import i18n
from game.debrief import argument, glossary, questions, story
from game.debrief import counterfactual as cf
from game.i18n import t

REPORT_FORMAT = "iron-rice-bowl-report"
REPORT_VERSION = 1
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]
PLAYER = "#C77800"  # the player's line: a darker amber that prints well on white
LIGHT_STYLES = ["-", "--", "-.", ":"]


class ReportError(Exception):
    """A source file the report cannot use; the message is for the person at the terminal."""


# --- the data ------------------------------------------------------------------------------------


def _plain(x: Any) -> Any:
    """numpy scalars and tuples to JSON-able values."""
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if hasattr(x, "item") and not isinstance(x, (str, bytes)):
        try:
            return x.item()
        except (AttributeError, ValueError):
            return str(x)
    return x


def default_name(session) -> str:
    ref = (session.scenario_ref or "run").replace(os.sep, "_").replace("/", "_")
    ref = Path(ref).stem if ref.endswith((".yaml", ".yml")) else ref
    return f"iron-rice-bowl-{ref}-seed{session.seed}-month{session.month}"


def build_data(session, results: dict[str, dict] | None = None) -> dict:
    """Everything the report shows, as plain data (the JSON file)."""
    spec = cf.spec_from_session(session)
    focus = cf.focus_trade(session, session.player, spec)
    actual = cf.actual_outcome(session, spec)
    results = results or {}
    replay = results.get("replay")
    eng = session.engine
    ended = story.where_ended(session)
    sc = session.scenario
    scenario_data: dict = {}
    try:
        scenario_data = sc.to_dict() if hasattr(sc, "to_dict") else {}
    except Exception:  # noqa: BLE001
        scenario_data = {}
    data = {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "generated": time.strftime("%Y-%m-%d %H:%M"),
        "game": {
            "title": session.title(),
            "scenario": session.scenario_ref or "",
            "place": story.lang_text(session, getattr(sc, "place", "")),
            "year": getattr(sc, "year", None),
            "seed": session.seed,
            "months_played": session.month,
            "months": session.params.months,
            "player": session.player_name(),
            "language": session.lang,
            "focus_trade": focus,
            "focus_trade_name": session.trade_name(focus),
            "focus_trade_key": session.params.trades[focus].key,
        },
        "ending": session.ending(),
        "where_ended": ended["sentence"],
        "beats": [b.to_dict() for b in story.beats(session, focus)],
        "timeline": [m.to_dict() for m in story.timeline(session)],
        "household": story.household_series(session),
        "accounts": [a.to_dict(session) for a in session.accounts()],
        "metrics": {"town": eng.metrics.town, "trades": eng.metrics.trades},
        "counterfactuals": {
            "replay_matches": cf.replay_matches(spec, replay) if replay else None,
            "actual": {k: v for k, v in actual.items() if k != "hashes"},
            "runs": {
                k: {kk: vv for kk, vv in r.items() if kk != "hashes"} for k, r in results.items()
            },
            "findings": cf.findings(session, actual, results) if results else [],
            "decomposition": cf.decomposition(actual, results) if results else [],
        },
        "argument": argument.panels(session, focus),
        "prediction": questions.prediction(session, focus),
        "questions": questions.sections(session),
        "sources": glossary.sources(session),
        "glossary": [term.to_dict() for term in glossary.terms()],
        "replay": {
            "scenario_ref": session.scenario_ref,
            "scenario": scenario_data,
            "seed": session.seed,
            "command_log": list(eng.command_log),
            "decisions": [[d.month, d.key, d.values] for d in session.decisions],
            "months": session.month,
            "final_hash": eng.hashes[-1] if eng.hashes else None,
        },
    }
    return _plain(data)


# --- charts (matplotlib, imported only here) -------------------------------------------------------


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
    ax.set_title(spec["title"])
    ax.set_ylabel(spec.get("y_label", ""))
    if spec.get("include_zero", True):
        ax.set_ylim(bottom=min(0, ax.get_ylim()[0]))
    _style_axes(ax, spec.get("y_format"))
    ax.legend(fontsize=8, frameon=False, loc="best", ncol=2 if len(spec["series"]) > 4 else 1)
    return _png(fig)


def _status_chart(plt, data: dict) -> bytes:
    town = data["metrics"]["town"]
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
    ax.set_title(t("debrief.town.status.title"))
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
    ax.set_title(t("debrief.cf.chart_title"))
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo - 0.2 * span, hi + 0.2 * span)
    ax.set_xlabel(t("debrief.cf.chart_axis"))
    ax.grid(True, axis="x", color="#e3e3e3")
    return _png(fig)


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
    h = data["household"]
    n = len(h["months"])
    out["income"] = _line_chart(
        plt,
        {
            "title": t("debrief.chart.income"),
            "y_format": "yuan",
            "x_start": 1,
            "y_label": t("charts.unit.per_month"),
            "series": [
                {
                    "name": t("charts.series.former_wage"),
                    "values": [h["former_wage"]] * n,
                    "colour": "#999999",
                },
                {
                    "name": t("charts.series.neighbours"),
                    "values": h["neighbours_income"],
                    "colour": "#56B4E9",
                },
                {"name": t("charts.series.profit"), "values": h["profit"], "colour": "#009E73"},
                {"name": t("charts.series.your_income"), "values": h["income"], "is_player": True},
            ],
        },
    )
    out["money"] = _line_chart(
        plt,
        {
            "title": t("debrief.chart.money"),
            "y_format": "yuan",
            "x_start": 1,
            "y_label": t("charts.unit.yuan"),
            "series": [
                {"name": t("charts.series.loan"), "values": h["loan"], "colour": "#D55E00"},
                {
                    "name": t("charts.series.informal"),
                    "values": h["informal_debt"],
                    "colour": "#CC79A7",
                },
                {"name": t("charts.series.cash"), "values": h["cash"], "is_player": True},
            ],
        },
    )
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
    p = data["prediction"]
    out["prediction"] = _line_chart(
        plt,
        {
            "title": t("debrief.predict.chart", trade=p["trade_name"]),
            "x_start": 0,
            "y_format": "yuan",
            "include_zero": False,
            "y_label": t("charts.unit.price"),
            "series": [{"name": p["trade_label"], "values": p["prices"], "is_player": True}],
        },
        size=(6.4, 3.0),
    )
    return out


# --- HTML ------------------------------------------------------------------------------------------

CSS = """
body{font-family:"Noto Sans","Noto Sans SC","Segoe UI","PingFang SC","Microsoft YaHei",Arial,sans-serif;
 color:#1e2430;background:#f7f5f0;margin:0;line-height:1.5}
main{max-width:980px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:28px;margin:8px 0 4px}h2{font-size:21px;margin:36px 0 8px;border-bottom:2px solid #f2a93b;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 4px}.sub{color:#5b6270;margin:0 0 12px}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:10px;margin:12px 0}
.fact{background:#f4f1ea;border-radius:8px;padding:8px 12px}.fact b{display:block;font-size:18px}
.fact span{color:#5b6270;font-size:13px}
.good{color:#1d7a6f}.bad{color:#a3422d}.accent{color:#9a5b00}.dim{color:#777}
ol.beats{padding-left:0;list-style:none}ol.beats li{margin:6px 0;padding-left:118px;text-indent:-118px}
.m{display:inline-block;width:110px;color:#5b6270;font-size:13px;text-indent:0}
img{max-width:100%;height:auto;display:block;margin:10px 0}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:12px}@media(max-width:800px){.grid2{grid-template-columns:1fr}}
.card{border:1px solid #e2ded5;border-radius:8px;padding:10px 14px;margin:10px 0}
.card h3{margin-top:0}.panel .numbers{background:#fff6e6;border-left:4px solid #f2a93b;padding:6px 10px}
.cite{color:#5b6270;font-size:13px}table{border-collapse:collapse;width:100%;font-size:14px}
td,th{border-bottom:1px solid #e2ded5;padding:5px 8px;text-align:left;vertical-align:top}
.hz{font-size:20px;white-space:nowrap}.py{white-space:nowrap;color:#5b6270}
details{margin:8px 0}summary{cursor:pointer;font-weight:bold}.note{color:#5b6270;font-size:13px}
.choices li{margin:2px 0}footer{color:#5b6270;font-size:13px;margin-top:40px}
"""


def _e(text: Any) -> str:
    return html.escape(str(text))


def _img(png: bytes | None, alt: str) -> str:
    if not png:
        return ""
    b64 = base64.b64encode(png).decode("ascii")
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{b64}">'


def render_html(data: dict, pngs: dict[str, bytes] | None = None) -> str:
    """The report as one HTML document (charts embedded; nothing fetched from a network)."""
    if pngs is None:
        pngs = charts(data)
    g, e = data["game"], data["ending"]
    out: list[str] = []
    w = out.append
    w("<!DOCTYPE html>")
    w(f'<html lang="{_e(g["language"] or "en")}"><head><meta charset="utf-8">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w(
        f"<title>{_e(t('debrief.report.title', name=g['player']))}</title><style>{CSS}</style></head><body><main>"
    )
    w(f"<h1>{_e(t('debrief.report.title', name=g['player']))}</h1>")
    where = ", ".join(str(x) for x in (g["title"], g["place"]) if x)
    w(
        f'<p class="sub">{_e(t("debrief.report.subtitle", where=where, seed=g["seed"], months=g["months_played"], total=g["months"], generated=data["generated"]))}</p>'
    )

    # where the household ended
    w(f"<h2>{_e(t('debrief.tab.story'))}</h2>")
    facts = [
        (t("ending.row.status"), t(f"status.{e['status']}")),
        (t("ending.row.net_worth"), i18n.yuan(e["net_worth_yuan"])),
        (
            t("ending.row.income"),
            t(
                "ending.income_vs",
                income=i18n.yuan(e["mean_income_yuan_per_month"]),
                share=i18n.percent(e["income_vs_former_wage"]),
            ),
        ),
        (t("ending.row.profit"), i18n.yuan(e["total_profit_yuan"])),
        (
            t("ending.row.debts"),
            t(
                "ending.debts_value",
                informal=i18n.yuan(e["informal_debt_yuan"]),
                loan=i18n.yuan(e["loan_yuan"]),
            ),
        ),
    ]
    w(
        '<div class="facts">'
        + "".join(f'<div class="fact"><span>{_e(k)}</span><b>{_e(v)}</b></div>' for k, v in facts)
        + "</div>"
    )
    w(f"<p><b>{_e(data['where_ended'])}</b></p>")
    w(
        '<ol class="beats">'
        + "".join(
            f'<li class="{_e(b["tone"])}"><span class="m">{_e(t("chart.month_n", n=b["month"]))}</span>{_e(b["text"])}</li>'
            for b in data["beats"]
        )
        + "</ol>"
    )
    w(
        f'<details><summary>{_e(t("debrief.report.timeline", n=len(data["timeline"])))}</summary><ol class="beats">'
    )
    for m in data["timeline"]:
        w(
            f'<li class="{_e(m["tone"])}"><span class="m">{_e(t("chart.month_n", n=m["month"]))}</span>{_e(m["text"])}</li>'
        )
    w("</ol></details>")
    w(
        '<div class="grid2">'
        + _img(pngs.get("income"), t("debrief.chart.income"))
        + _img(pngs.get("money"), t("debrief.chart.money"))
        + "</div>"
    )

    # the town
    w(f"<h2>{_e(t('debrief.tab.town'))}</h2>")
    w(f'<p class="sub">{_e(t("debrief.report.town_intro", trade=g["focus_trade_name"]))}</p>')
    w('<div class="grid2">')
    for spec in data.get("town_charts", []):
        w(
            f'<div>{_img(pngs.get("town_" + spec["key"]), spec["title"])}<p class="note">{_e(spec["help"])}</p></div>'
        )
    w("</div>")

    # what made the difference
    c = data["counterfactuals"]
    w(f"<h2>{_e(t('debrief.tab.difference'))}</h2>")
    w(f'<p class="sub">{_e(t("debrief.cf.intro"))}</p>')
    if c["findings"]:
        w(_img(pngs.get("difference"), t("debrief.cf.chart_title")))
        for f in c["findings"]:
            w(f'<div class="card"><h3>{_e(f["title"])}</h3><p>{_e(f["sentence"])}</p></div>')
        w(_img(pngs.get("difference_runs"), t("debrief.cf.small_title")))
        if c["decomposition"]:
            w(f"<h3>{_e(t('debrief.decomp.title'))}</h3><table>")
            for d in c["decomposition"]:
                amount = (
                    ("\u00b1" + i18n.yuan(abs(d["amount"])))
                    if d["key"] == "luck"
                    else story.signed_yuan(d["amount"])
                )
                w(f"<tr><td>{_e(t('debrief.decomp.' + d['key']))}</td><td>{_e(amount)}</td></tr>")
            w(f'</table><p class="note">{_e(t("debrief.decomp.note"))}</p>')
        if c["replay_matches"] is not None:
            w(
                f'<p class="note">{_e(t("debrief.cf.check_ok" if c["replay_matches"] else "debrief.cf.check_bad"))}</p>'
            )
    else:
        w(f"<p>{_e(t('debrief.cf.none'))}</p>")

    # the argument
    w(f"<h2>{_e(t('debrief.tab.argument'))}</h2>")
    for p in data["argument"]:
        w(
            f'<div class="card panel"><h3>{_e(p["title"])}</h3><p>{_e(p["claim"])}</p>'
            f'<p class="numbers">{_e(p["numbers"])}</p><p class="cite">{_e(t("debrief.arg.cite", cite=p["cite"]))}</p></div>'
        )
    w(f'<p class="note">{_e(t("debrief.arg.caution"))}</p>')

    # questions
    w(f"<h2>{_e(t('debrief.tab.discuss'))}</h2>")
    pr = data["prediction"]
    for sec in data["questions"]:
        w(f'<h3>{_e(sec["title"])}</h3><p class="note">{_e(sec["intro"])}</p>')
        if sec["key"] == "predict":
            w(
                f'<p>{_e(pr["question"])}</p><ul class="choices">'
                + "".join(f"<li>&#9744; {_e(ch['label'])}</li>" for ch in pr["choices"])
                + "</ul>"
            )
            w(
                f"<details><summary>{_e(t('debrief.predict.reveal_button'))}</summary><p>{_e(pr['reveal'])}</p>"
                f"{_img(pngs.get('prediction'), pr['question'])}</details>"
            )
            continue
        w("<ol>" + "".join(f"<li>{_e(q)}</li>" for q in sec["questions"]) + "</ol>")

    # sources and glossary
    s = data["sources"]
    w(f"<h2>{_e(t('debrief.tab.sources'))}</h2>")
    if s["references"]:
        w(
            f"<h3>{_e(t('debrief.sources.references'))}</h3><ul>"
            + "".join(f"<li>{_e(r)}</li>" for r in s["references"])
            + "</ul>"
        )
    w(f"<h3>{_e(t('debrief.sources.numbers'))}</h3><table>")
    for grp in s["cited"]:
        nums = ", ".join(f"{n['path']} = {n['value']}" for n in grp["numbers"])
        w(f'<tr><td>{_e(grp["source"])}</td><td class="note">{_e(nums)}</td></tr>')
    w("</table>")
    if s["assumptions"]:
        w(
            f'<details><summary>{_e(t("debrief.sources.assumptions", n=len(s["assumptions"])))}</summary><p class="note">'
            + _e(", ".join(f"{n['path']} = {n['value']}" for n in s["assumptions"]))
            + "</p></details>"
        )
    w(f"<h3>{_e(t('debrief.glossary.title'))}</h3><table>")
    for term in data["glossary"]:
        w(
            f'<tr><td class="hz" lang="zh-Hans">{_e(term["hanzi"])}</td><td class="py">{_e(term["pinyin"])}</td>'
            f"<td><b>{_e(term['term'])}</b><br>{_e(term['text'])}</td></tr>"
        )
    w("</table>")
    w(f"<footer>{_e(t('debrief.report.footer'))}</footer></main></body></html>")
    return "\n".join(out)


# --- writing -------------------------------------------------------------------------------------


def complete(session, results: dict[str, dict] | None = None) -> dict:
    """build_data plus the town's chart specs (the report draws them)."""
    data = build_data(session, results)
    data["town_charts"] = _plain(story.town_curves(session, data["game"]["focus_trade"]))
    return data


def write_report(
    session,
    out_dir: str | os.PathLike,
    results: dict[str, dict] | None = None,
    name: str | None = None,
) -> tuple[Path, Path]:
    """Write `<name>.html` and `<name>.json` into `out_dir` (made if missing); run the
    counterfactuals first if `results` is None. Returns both paths."""
    if results is None:
        results = cf.run_all(cf.spec_from_session(session))
    return write_data(complete(session, results), out_dir, name or default_name(session))


def write_data(data: dict, out_dir: str | os.PathLike, name: str) -> tuple[Path, Path]:
    """The two files from the report's data (drawing the charts here)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    html_path, json_path = out / f"{name}.html", out / f"{name}.json"
    page = render_html(data)
    _atomic_write(html_path, page)
    _atomic_write(
        json_path, json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False, default=str)
    )
    return html_path, json_path


def _export_child(conn, data: dict, out_dir: str, name: str, lang: str) -> None:
    """Draw and write the report in a process of its own (the window keeps its interpreter)."""
    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass
    try:
        i18n.set_language(lang)
        html_path, _json = write_data(data, out_dir, name)
        conn.send(("ok", str(html_path)))
    except Exception as exc:  # noqa: BLE001 - reported to the window
        conn.send(
            ("error", exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))
        )
    finally:
        conn.close()


def export_in_background(session, out_dir: str | os.PathLike, results: dict[str, dict]) -> Path:
    """For the debrief screen: gather the data here, draw and write in a child process (a
    thread's matplotlib would hold the window's interpreter lock for seconds). Blocks until
    written; call it from a thread. Raises OSError with the reason if the files were not written."""
    data = complete(session, results)
    name = default_name(session)
    try:
        import multiprocessing  # noqa: PLC0415

        ctx = multiprocessing.get_context("spawn")
        reader, writer = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_export_child,
            args=(writer, data, str(out_dir), name, i18n.get_language()),
            name="debrief-report",
            daemon=True,
        )
        proc.start()
    except (OSError, ValueError, RuntimeError):
        return write_data(data, out_dir, name)[0]  # no processes here: draw in this thread
    writer.close()
    try:
        kind, value = reader.recv()
    except EOFError as exc:
        raise OSError("the process writing the report stopped") from exc
    finally:
        reader.close()
        proc.join(5.0)
    if kind != "ok":
        raise OSError(value)
    return Path(value)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def documents_dir() -> Path:
    """Where "Export report" writes by default: the user's documents folder, else home."""
    home = Path.home()
    for env in ("IRB_REPORT_DIR", "XDG_DOCUMENTS_DIR"):
        v = os.environ.get(env)
        if v:
            return Path(v).expanduser() / ("" if env == "IRB_REPORT_DIR" else "Iron Rice Bowl")
    docs = home / "Documents"
    return (docs if docs.is_dir() else home) / "Iron Rice Bowl"


# --- loading a save or a replay --------------------------------------------------------------------


def load_source(path: str | os.PathLike):
    """A GameSession from a save file (game/saves.py) or a report JSON (a replay)."""
    from game import saves  # noqa: PLC0415

    p = Path(path)
    try:
        return saves.load(p)
    except saves.SaveError as err:
        message = str(err)
        try:
            doc = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise ReportError(message) from err
        if not (isinstance(doc, dict) and doc.get("format") == REPORT_FORMAT):
            raise ReportError(message) from err
    return session_from_replay(doc, p)


def session_from_replay(doc: dict, where: Path | None = None):
    """Rebuild a run from a report's `replay` block, and check it reached the same state."""
    from game.core.commands import command_from_dict  # noqa: PLC0415
    from game.session import Decision, GameSession, load_scenario, scenario_from_data  # noqa: PLC0415

    shown = str(where) if where else "the replay"
    rp = doc.get("replay")
    if not isinstance(rp, dict) or not isinstance(rp.get("command_log"), list):
        raise ReportError(t("debrief.report.error.no_replay", path=shown))
    try:
        if rp.get("scenario"):
            from game.core.params import Params  # noqa: PLC0415

            sc = scenario_from_data(rp["scenario"], Params())
        else:
            sc = load_scenario(rp.get("scenario_ref"))
        s = GameSession.new(sc, seed=int(rp["seed"]), autosave=False)
        s.scenario_ref = rp.get("scenario_ref")
        by_month: dict[int, list[dict]] = {}
        for entry in rp["command_log"]:
            by_month.setdefault(int(entry["month"]), []).append(entry)
        months = int(rp.get("months", 0))
        while s.engine.month < months and not s.engine.done:
            for entry in by_month.get(s.engine.month, []):
                errors = s.engine.submit(
                    command_from_dict({k: v for k, v in entry.items() if k != "month"})
                )
                if errors:
                    raise ValueError(f"month {s.engine.month}: {errors[0]}")
            s.engine.end_month()
        s.pending_events.clear()
        s.decisions = [Decision(int(m), str(k), dict(v)) for m, k, v in rp.get("decisions", [])]
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportError(
            t("debrief.report.error.replay_failed", path=shown, error=str(exc))
        ) from exc
    want = rp.get("final_hash")
    if want and s.engine.hashes and s.engine.hashes[-1] != want:
        raise ReportError(t("debrief.report.error.replay_diverged", path=shown))
    return s


def run_report(args) -> int:
    """`python main.py report SAVE_OR_REPLAY --out DIR`: 0 written, 2 for a file it cannot use."""
    try:
        session = load_source(args.source)
    except ReportError as err:
        print(t("debrief.report.error.prefix", error=str(err)), file=sys.stderr)
        return 2
    try:
        html_path, json_path = write_report(session, args.out)
    except OSError as exc:
        print(
            t("debrief.report.error.write", path=args.out, error=exc.strerror or str(exc)),
            file=sys.stderr,
        )
        return 2
    print(t("debrief.report.written", html=str(html_path), json=str(json_path)))
    return 0


__all__ = [
    "build_data",
    "complete",
    "render_html",
    "charts",
    "write_report",
    "write_data",
    "export_in_background",
    "run_report",
    "load_source",
    "session_from_replay",
    "documents_dir",
    "default_name",
    "ReportError",
]
