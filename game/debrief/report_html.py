"""The report as one HTML page (charts embedded, nothing fetched), in the order the debrief
runs: how it felt, the guesses, what happened, the student's own explanation, Loubere's
argument argued with (and the other side), what if, what next, then sources and glossary.
The student's written work sits where it was written, marked as theirs.
"""

from __future__ import annotations

import base64
import html
from typing import Any

from game import i18n
from game.core.params import Behaviour
from game.debrief import story
from game.i18n import t

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
.card h3{margin-top:0}.for{background:#fff6e6;border-left:4px solid #f2a93b;padding:6px 10px;margin:6px 0}
.against{background:#eaf4f8;border-left:4px solid #0072B2;padding:6px 10px;margin:6px 0}
.model{background:#f1f1f1;border-left:4px solid #999;padding:6px 10px;margin:6px 0}
.for b,.against b,.model b{display:block;font-size:13px}
.student{background:#eef7ee;border-left:4px solid #1d7a6f;padding:6px 10px;margin:8px 0;white-space:pre-wrap}
.student b{display:block;font-size:13px;color:#1d7a6f;white-space:normal}
.missing{color:#a3422d;font-style:italic}
.cite{color:#5b6270;font-size:13px}table{border-collapse:collapse;width:100%;font-size:14px}
td,th{border-bottom:1px solid #e2ded5;padding:5px 8px;text-align:left;vertical-align:top}
.hz{font-size:20px;white-space:nowrap}.py{white-space:nowrap;color:#5b6270}
details{margin:8px 0}summary{cursor:pointer;font-weight:bold}.note{color:#5b6270;font-size:13px}
ul.tight li{margin:2px 0}footer{color:#5b6270;font-size:13px;margin-top:40px}
.q{margin:10px 0}.q .core{color:#9a5b00;font-size:12px;font-weight:bold}
"""


# a report's data written before it carried the share reads the model's default
_SALVAGE = Behaviour().salvage_share


def _e(text: Any) -> str:
    return html.escape(str(text))


def _img(png: bytes | None, alt: str) -> str:
    if not png:
        return ""
    b64 = base64.b64encode(png).decode("ascii")
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{b64}">'


def _student(label: str, text: str | None) -> str:
    """The student's own words, marked as theirs; an honest gap where nothing was written."""
    if text:
        return f'<div class="student"><b>{_e(label)}</b>{_e(text)}</div>'
    return f'<p class="missing">{_e(label)}: {_e(t("debrief.report.not_written"))}</p>'


def _questions(w, section: dict, answers: dict[str, str]) -> None:
    w(f'<p class="note">{_e(section["intro"])}</p>')
    for q in section["items"]:
        core = f' <span class="core">{_e(t("debrief.report.core"))}</span>' if q["core"] else ""
        w(f'<div class="q"><p>{_e(q["text"])}{core}</p>')
        if q["id"] in answers:
            w(_student(t("debrief.report.answer"), answers[q["id"]]))
        w("</div>")


def render_html(data: dict, pngs: dict[str, bytes] | None = None) -> str:
    """The report as one HTML document (charts embedded; nothing fetched from a network)."""
    if pngs is None:
        from game.debrief.report_charts import charts  # noqa: PLC0415 - matplotlib only here

        pngs = charts(data)
    g, e, r = data["game"], data["ending"], data["reflection"]
    answers = {a["id"]: a["answer"] for a in r["answers"]}
    sections = {s["key"]: s for s in data["questions"]}
    out: list[str] = []
    w = out.append
    title = t("debrief.report.title", name=g["player"])
    w("<!DOCTYPE html>")
    w(f'<html lang="{_e(g["language"] or "en")}"><head><meta charset="utf-8">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w(f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>")
    w(f"<h1>{_e(title)}</h1>")
    student = r["name"] or t("debrief.report.no_name")
    w(f"<p><b>{_e(t('debrief.report.student', name=student))}</b></p>")
    where = ", ".join(str(x) for x in (g["title"], g["place"]) if x)
    w(
        f'<p class="sub">{_e(t("debrief.report.subtitle", where=where, seed=g["seed"], months=g["months_played"], total=g["months"], generated=data["generated"]))}</p>'
    )
    w(_student(t("debrief.report.strategy"), r["strategy"]))

    # 1 how did it feel
    w(f"<h2>{_e(t('debrief.report.h.feelings'))}</h2>")
    _questions(w, sections["feelings"], answers)

    # 2 the guesses, before anything was shown
    w(f"<h2>{_e(t('debrief.report.h.guesses'))}</h2>")
    w(f'<p class="note">{_e(t("debrief.report.guesses_intro"))}</p><table>')
    w(
        "<tr>"
        + "".join(
            f"<th>{_e(t(k))}</th>"
            for k in (
                "debrief.report.col.question",
                "debrief.report.col.guess",
                "debrief.report.col.reason",
                "debrief.report.col.answer",
            )
        )
        + "</tr>"
    )
    for p in data["predictions"]:
        guess = p["guess"] or t("debrief.report.no_guess")
        mark = "" if p["right"] is None else (" \u2713" if p["right"] else " \u2717")
        w(
            f"<tr><td>{_e(p['question'])}</td><td>{_e(guess)}{_e(mark)}</td>"
            f"<td>{_e(p['reason'] or '')}</td><td>{_e(p['actual'])}</td></tr>"
        )
    w("</table>")

    # 3 what happened
    w(f"<h2>{_e(t('debrief.report.h.happened'))}</h2>")
    inc = data["income"]
    facts = [
        (t("ending.row.status"), t(f"status.{e['status']}")),
        (t("ending.row.net_worth"), i18n.yuan(e["net_worth_yuan"])),
        (
            t("ending.row.income"),
            t(
                "ending.income_vs",
                income=i18n.yuan(e["mean_own_income_yuan_per_month"]),
                share=i18n.percent(e["income_vs_former_wage"]),
            ),
        ),
        (
            t("ending.row.insurance"),
            t(
                "ending.insurance_value",
                ui=i18n.yuan(inc["insurance"]),
                share=i18n.percent(inc["insurance_share"]),
            )
            if round(inc["insurance"])
            else t("ending.insurance_none"),  # said in words, not "¥0 in all (0%)"
        ),
        (t("ending.row.profit"), i18n.yuan(e["total_profit_yuan"])),
        (
            t("ending.row.debts"),
            i18n.debt_parts(e["informal_debt_yuan"], e["loan_yuan"]) or t("ending.debts_none"),
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
    w(f"<h3>{_e(t('debrief.tabbtn.town'))}</h3>")
    w(f'<p class="sub">{_e(t("debrief.report.town_intro", trade=g["focus_trade_name"]))}</p>')
    w('<div class="grid2">')
    for spec in data.get("town_charts", []):
        w(
            f'<div>{_img(pngs.get("town_" + spec["key"]), spec["title"])}<p class="note">{_e(spec["help"])}</p></div>'
        )
    w("</div>")

    # 4 why: the student's explanation, before the essay's
    w(f"<h2>{_e(t('debrief.report.h.why'))}</h2>")
    w(f'<p class="note">{_e(t("debrief.explain.prompt"))}</p>')
    w(_student(t("debrief.report.explanation"), r["explanation"]))
    _questions(w, sections["happened"], answers)

    # 5 the real world: Loubere's argument, argued with
    w(f"<h2>{_e(t('debrief.report.h.argument'))}</h2>")
    w(f'<p class="note">{_e(t("debrief.arg.intro"))}</p>')
    for i, p in enumerate(data["argument"], start=1):
        w(f'<div class="card"><h3>{i}. {_e(p["title"])}</h3><p>{_e(p["claim"])}</p>')
        w(f'<div class="for"><b>{_e(t("debrief.arg.for"))}</b>{_e(p["numbers"])}</div>')
        against = p["complications"] or [t("debrief.arg.against_none")]
        w(
            f'<div class="against"><b>{_e(t("debrief.arg.against"))}</b><ul class="tight">'
            + "".join(f"<li>{_e(x)}</li>" for x in against)
            + "</ul></div>"
        )
        w(
            f'<div class="model"><b>{_e(t("debrief.arg.built_in"))}</b><ul class="tight">'
            + "".join(f"<li>{_e(x)}</li>" for x in p["built_in"])
            + "</ul></div>"
        )
        w(f"<p><b>{_e(t('debrief.arg.other'))}</b> {_e(p['other'])}</p>")
        w(f"<p><i>{_e(p['question'])}</i></p>")
        v = p.get("verdict") or {}
        if v.get("verdict"):
            text = t(f"debrief.verdict.{v['verdict']}") + (
                f": {v['reason']}" if v.get("reason") else ""
            )
            w(_student(t("debrief.report.verdict"), text))
        else:
            w(_student(t("debrief.report.verdict"), None))
        w(f'<p class="cite">{_e(t("debrief.arg.cite", cite=p["cite"]))}</p></div>')
    o = data["other_side"]
    w(f'<h3>{_e(o["title"])}</h3><p class="note">{_e(o["intro"])}</p><ul>')
    for item in o["items"]:
        extra = f" <i>{_e(item['numbers'])}</i>" if item.get("numbers") else ""
        cite = f' <span class="cite">({_e(item["cite"])})</span>' if item["cite"] else ""
        w(f"<li>{_e(item['text'])}{extra}{cite}</li>")
    w(f"</ul><p>{_e(o['untestable'])}</p>")
    _questions(w, sections["real_world"], answers)
    w(f'<p class="note">{_e(t("debrief.arg.caution"))}</p>')

    # 6 what if
    c = data["counterfactuals"]
    w(f"<h2>{_e(t('debrief.report.h.what_if'))}</h2>")
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
            note = t("debrief.decomp.note", salvage=i18n.percent(c.get("salvage_share", _SALVAGE)))
            w(f'</table><p class="note">{_e(note)}</p>')
        if c["replay_matches"] is not None:
            w(
                f'<p class="note">{_e(t("debrief.cf.check_ok" if c["replay_matches"] else "debrief.cf.check_bad"))}</p>'
            )
    else:
        w(f"<p>{_e(t('debrief.cf.none'))}</p>")
    _questions(w, sections["what_if"], answers)

    # 7 what next
    w(f"<h2>{_e(t('debrief.report.h.what_next'))}</h2>")
    _questions(w, sections["what_next"], answers)
    extra = [
        a
        for a in r["answers"]
        if a["id"] not in {q["id"] for s in data["questions"] for q in s["items"]}
    ]
    for a in extra:
        w(
            f'<div class="q"><p>{_e(a["question"])}</p>{_student(t("debrief.report.answer"), a["answer"])}</div>'
        )

    # sources and glossary
    s = data["sources"]
    w(f"<h2>{_e(t('debrief.tab.sources'))}</h2>")
    if s["references"]:
        w(
            f"<h3>{_e(t('debrief.sources.references'))}</h3><ul>"
            + "".join(f"<li>{_e(ref)}</li>" for ref in s["references"])
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
        # the meaning as the screens give it (Term.meaning: nothing where the translated name
        # only says the characters again); a report's JSON from before it has the name
        meaning = term.get("meaning", term["term"])
        head = f"<b>{_e(meaning)}</b><br>" if meaning else ""
        w(
            f'<tr><td class="hz" lang="zh-Hans">{_e(term["hanzi"])}</td><td class="py">{_e(term["pinyin"])}</td>'
            f"<td>{head}{_e(term['text'])}</td></tr>"
        )
    w("</table>")
    w(f"<footer>{_e(t('debrief.report.footer'))}</footer></main></body></html>")
    return "\n".join(out)


__all__ = ["render_html", "CSS"]
