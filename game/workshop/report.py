"""The class report of a workshop: `write_class_report(session_file, folder)`.

The session is replayed from its file (replay.py) and read from the rebuilt towns: every seat's
story side by side, the towns' curves with each seat's entry marked (inline SVG: the report is
one self-contained HTML file), the strategies the seats wrote read back, the facilitator's
changes on the timeline, the room's counterfactual (whatif.py), and the debrief questions with
the class's own numbers. Beside it: `household_months.csv` and `class.json`, one row per
seat's household and month (the numbers the engines reported), and the towns' curves.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

from game import i18n
from game.core.curves import town_curves
from game.i18n import t
from game.workshop.replay import Replay, replay
from game.workshop.seats import trade_name
from game.workshop.sessionfile import SessionFileError
from game.workshop.whatif import no_followers

COLUMNS = (
    "town",
    "seat",
    "name",
    "household",
    "month",
    "status",
    "trade",
    "income",
    "profit",
    "cash",
    "informal_debt",
    "loan",
    "net_worth",
    "price",
    "sellers_in_trade",
    "late",
)
SEAT_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#999999")
QUESTIONS = ("feelings", "predict", "unrealistic", "real_cases", "what_could_be_done")


def class_data(r: Replay) -> dict:
    """Everything the report shows, as plain data (class.json)."""
    h = r.header
    seats = r.seats
    rows = []
    for i, spec in enumerate(seats):
        eng = r.towns[spec["town"]]
        late = set(r.late.get(i, []))
        for month in eng.reports:
            rep = month[spec["household"]]
            rows.append(
                {
                    "town": spec["town"] + 1,
                    "seat": i + 1,
                    "name": spec["name"],
                    "household": spec["household"],
                    "month": rep.month,
                    "status": rep.status,
                    "trade": eng.params.trades[rep.trade].key if rep.trade >= 0 else "",
                    "income": rep.income,
                    "profit": rep.profit,
                    "cash": rep.cash,
                    "informal_debt": rep.informal_debt,
                    "loan": rep.loan_principal,
                    "net_worth": rep.cash - rep.informal_debt - rep.loan_principal,
                    "price": rep.price,
                    "sellers_in_trade": rep.sellers_in_trade,
                    "late": rep.month - 1 in late,
                }
            )
    opened = {}
    for m, s, c in r.commands:
        if c["command"] == "open_business":
            opened.setdefault(s, (m, int(c["trade"])))
    return {
        "scenario": h["scenario"],
        "seed": h["seed"],
        "months": r.months,
        "options": h["options"],
        "replay_exact": r.exact,
        "seats": [
            {
                "seat": i + 1,
                "town": s["town"] + 1,
                "name": s["name"],
                "strategy": s["strategy"],
                "scripted_from_start": not s["occupied"],
                "opened": {"month": opened[i][0] + 1, "trade": opened[i][1]}
                if i in opened
                else None,
            }
            for i, s in enumerate(seats)
        ],
        "changes": [{**c, "m": int(c["m"]) + 1} for c in r.changes],
        "towns": [
            {
                "town": k + 1,
                "curves": curves.town_rows(),
                "trades": curves.trade_rows(),
                "what_if_no_one_followed": no_followers(r, k),
            }
            for k, curves in enumerate(town_curves(eng) for eng in r.towns)
        ],
        "household_months": rows,
    }


def write_class_report(session_file: str | Path, out: Path) -> list[Path]:
    """Write class_report.html, household_months.csv and class.json into `out`. Raises
    SessionFileError for a file that cannot be replayed, OSError if `out` cannot be written."""
    r = replay(session_file)
    if not r.exact:
        month, town = r.differs
        raise SessionFileError(
            f"the session does not replay exactly (month {month}, town {town}): {r.detail}"
        )
    data = class_data(r)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "class_report.html", out / "household_months.csv", out / "class.json"]
    paths[0].write_text(render(data, r), encoding="utf-8")
    with open(paths[1], "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(data["household_months"])
    paths[2].write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return paths


# --- the HTML ----------------------------------------------------------------------------------


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _yuan(x: float | None) -> str:
    return "-" if x is None else i18n.yuan(x)


def render(data: dict, r: Replay) -> str:
    lang = i18n.get_language()
    parts = [
        f"<!doctype html><html lang='{_e(lang)}'><head><meta charset='utf-8'>",
        f"<title>{_e(t('workshop.report.title'))}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(t('workshop.report.title'))}</h1>",
        "<p>"
        + _e(
            t(
                "workshop.report.intro",
                towns=len(data["towns"]),
                seats=len(data["seats"]),
                months=data["months"],
            )
        )
        + "</p>",
    ]
    parts += _timeline(data)
    parts += _strategies(data)
    for town in data["towns"]:
        parts += _town(data, town, r)
    parts += _questions(data)
    parts.append(f"<p class='small'>{_e(t('workshop.report.data_files'))}</p></body></html>")
    return "\n".join(parts)


def _timeline(data: dict) -> list[str]:
    out = [f"<h2>{_e(t('workshop.report.changes'))}</h2>"]
    shown = [c for c in data["changes"] if c["a"] in ("lever", "event", "pause", "end", "reveal")]
    if not shown:
        return out + [f"<p>{_e(t('workshop.report.no_changes'))}</p>"]
    out.append("<ul>")
    for c in shown:
        what = c.get("lever") or c.get("event") or c["a"]
        key = (
            f"workshop.change.{what}" if c["a"] in ("lever", "event") else f"workshop.action.{what}"
        )
        where = (
            t("workshop.report.all_towns")
            if c.get("town") is None
            else t("workshop.report.town", n=c["town"] + 1)
        )
        out.append(
            f"<li><b>{_e(t('workshop.report.month', n=c['m']))}</b> ({_e(where)}): {_e(t(key))}</li>"
        )
    return out + ["</ul>"]


def _strategies(data: dict) -> list[str]:
    out = [f"<h2>{_e(t('workshop.report.strategies'))}</h2><table><tr>"]
    out.append(
        "".join(
            f"<th>{_e(t(k))}</th>"
            for k in ("workshop.report.col.seat", "workshop.report.col.strategy")
        )
        + "</tr>"
    )
    for s in data["seats"]:
        plan = s["strategy"] or t("workshop.report.no_strategy")
        out.append(f"<tr><td>{_e(s['name'])}</td><td>{_e(plan)}</td></tr>")
    return out + ["</table>"]


def _town(data: dict, town: dict, r: Replay) -> list[str]:
    seats = [s for s in data["seats"] if s["town"] == town["town"]]
    out = [f"<h2>{_e(t('workshop.report.town', n=town['town']))}</h2>"]
    curve = [row["self_employed"] for row in town["curves"]]
    marks = [
        (s["opened"]["month"], s["name"], SEAT_COLOURS[j % len(SEAT_COLOURS)])
        for j, s in enumerate(seats)
        if s["opened"]
    ]
    out.append(_svg_line(curve, marks, t("workshop.report.curve_self_employed")))
    out.append(f"<h3>{_e(t('workshop.report.stories'))}</h3><div class='seats'>")
    rows = [x for x in data["household_months"] if x["town"] == town["town"]]
    for j, s in enumerate(seats):
        mine = [x for x in rows if x["seat"] == s["seat"]]
        out.append(_seat_card(s, mine, r.scenario, SEAT_COLOURS[j % len(SEAT_COLOURS)]))
    out.append("</div>")
    out += _whatif(town["what_if_no_one_followed"], data, r.scenario)
    return out


def _seat_card(s: dict, rows: list[dict], sc, colour: str) -> str:
    last = rows[-1] if rows else None
    trade = trade_name(sc, s["opened"]["trade"]) if s["opened"] else t("workshop.report.none")
    lines = [
        f"<div class='card' style='border-top:4px solid {colour}'><h4>{_e(s['name'])}</h4>",
        f"<p class='plan'>{_e(s['strategy'] or t('workshop.report.no_strategy'))}</p>",
        "<dl>",
        f"<dt>{_e(t('workshop.report.business'))}</dt><dd>{_e(trade)}"
        + (f" ({_e(t('workshop.report.month', n=s['opened']['month']))})" if s["opened"] else "")
        + "</dd>",
    ]
    if last:
        status = t("status." + last["status"])
        lines.append(f"<dt>{_e(t('workshop.report.status_end'))}</dt><dd>{_e(status)}</dd>")
        lines.append(
            f"<dt>{_e(t('workshop.report.net_worth_end'))}</dt><dd>{_e(_yuan(last['net_worth']))}</dd>"
        )
    late = sum(1 for x in rows if x["late"])
    if late:
        lines.append(f"<dt>{_e(t('workshop.report.late'))}</dt><dd>{late}</dd>")
    lines.append("</dl>")
    lines.append(
        _svg_line(
            [x["net_worth"] for x in rows], [], t("workshop.report.curve_net_worth"), small=True
        )
    )
    return "\n".join(lines) + "</div>"


def _whatif(w: dict | None, data: dict, sc) -> list[str]:
    out = [f"<h3>{_e(t('workshop.report.whatif'))}</h3>"]
    if w is None:
        return out + [f"<p>{_e(t('workshop.report.whatif_none'))}</p>"]
    names = {s["seat"] - 1: s["name"] for s in data["seats"]}
    out.append(
        "<p>"
        + _e(
            t(
                "workshop.report.whatif_intro",
                trade=trade_name(sc, w["trade"]),
                name=names[w["first_seat"]],
                month=w["first_month"] + 1,
                followers=len(w["followers"]),
                peak=w["sellers_peak"],
                peak_if=w["sellers_peak_if"],
            )
        )
        + "</p>"
    )
    out.append("<table><tr>")
    for key in ("seat", "role", "net_worth", "net_worth_if"):
        out.append(f"<th>{_e(t(f'workshop.report.col.{key}'))}</th>")
    out.append("</tr>")
    for row in w["seats"]:
        cells = (
            names[row["seat"]],
            t("workshop.report.role." + row["role"]),
            _yuan(row["net_worth"]),
            _yuan(row["net_worth_if"]),
        )
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    return out + ["</table>"]


def _questions(data: dict) -> list[str]:
    out = [f"<h2>{_e(t('workshop.report.questions'))}</h2><ol>"]
    opened = sum(1 for s in data["seats"] if s["opened"])
    for q in QUESTIONS:
        out.append(
            f"<li>{_e(t(f'workshop.question.{q}', opened=opened, seats=len(data['seats'])))}</li>"
        )
    return out + ["</ol>"]


def _svg_line(values: list, marks: list[tuple[int, str, str]], title: str, small=False) -> str:
    """A line chart as inline SVG; `marks`: (month, label, colour) dots on the line."""
    w, h, pad = (260, 90, 6) if small else (640, 240, 40)
    vals = [float(v) for v in values if v is not None]
    if len(vals) < 2:
        return ""
    lo, hi = min(vals + [0.0]), max(vals)
    span = (hi - lo) or 1.0

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad + (w - 2 * pad) * i / (len(values) - 1)
        return x, h - pad - (h - 2 * pad) * (v - lo) / span

    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, float(v)) for i, v in enumerate(values)))
    svg = [
        f"<figure><svg viewBox='0 0 {w} {h}' width='{w}' height='{h}' role='img' "
        f"aria-label='{_e(title)}'><polyline fill='none' stroke='#333' stroke-width='2' "
        f"points='{pts}'/>"
    ]
    if lo < 0 < hi:
        _x, y0 = xy(0, 0.0)
        svg.append(f"<line x1='{pad}' x2='{w - pad}' y1='{y0:.1f}' y2='{y0:.1f}' stroke='#bbb'/>")
    if not small:  # the scale: the highest and lowest values, the first and last months
        for v in (lo, hi):
            _x, y = xy(0, v)
            svg.append(f"<text x='2' y='{y + 4:.1f}' font-size='11'>{v:,.0f}</text>")
        for i in (0, len(values) - 1):
            x, _y = xy(i, lo)
            label = _e(t("workshop.report.month", n=i) if i else t("workshop.report.start"))
            svg.append(
                f"<text x='{x:.1f}' y='{h - 2}' font-size='11' text-anchor='middle'>{label}</text>"
            )
    stacked: dict[int, int] = {}
    for month, label, colour in marks:
        if 0 <= month < len(values):
            x, y = xy(month, float(values[month]))
            y -= 11 * stacked.get(month, 0)  # seats opening the same month, one above the other
            stacked[month] = stacked.get(month, 0) + 1
            svg.append(
                f"<circle cx='{x:.1f}' cy='{y:.1f}' r='5' fill='{colour}' stroke='#fff'>"
                f"<title>{_e(label)}</title></circle>"
            )
    svg.append(f"</svg><figcaption>{_e(title)}")
    if marks:
        svg.append(
            " &middot; "
            + ", ".join(f"<span style='color:{c}'>&#9679;</span> {_e(n)}" for _m, n, c in marks)
        )
    return "".join(svg) + "</figcaption></figure>"


CSS = """body{font-family:system-ui,'Noto Sans SC',sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;
padding:.3em .6em;text-align:left}.seats{display:flex;flex-wrap:wrap;gap:1em}.card{width:270px;
padding:.5em;background:#fafafa}.plan{font-style:italic}dl{display:grid;grid-template-columns:
auto auto;gap:.2em .6em;margin:.3em 0}dd{margin:0}.small{font-size:.85em;color:#555}
figure{margin:.5em 0}figcaption{font-size:.9em}"""


__all__ = ["COLUMNS", "class_data", "render", "write_class_report"]
