"""Predict, then reveal: guesses about what the student has NOT seen during play, made (with a
one-line reason) before the debrief shows the answer, the way the Beer Game has players sketch
a demand they never saw (peers.md). The surprise is what exposes the mental model.

* ``best_path``  which path would have left the household best off (the "What if" runs)
* ``no_loans``   better off, the same or worse off in a town without the loan programme
* ``defaults``   how many loans in town went unpaid
* ``followers``  how many neighbours opened the same kind of business after the student
* ``closures``   (a town without loans) how many businesses closed for every ten opened

`build(session, results)` -> [{key, question, choices, answer, actual, pending, ...}] with the
student's guess (game/debrief/reflection.py) merged in. `results` are the counterfactual runs
(game/debrief/counterfactual.py); the two "What if" answers wait for them (`pending`).
No pygame.
"""

from __future__ import annotations

from game import i18n
from game.debrief import reflection, story
from game.debrief.counterfactual import ALTERNATIVE_PATHS, focus_trade, hinges, spec_from_session
from game.i18n import t

SAME_YUAN = 500.0  # the "What if" cards' own threshold for "about the same"
COUNT_BINS = {  # (choice key, lowest count in it); the bins are the questions' design
    "defaults": (("none", 0), ("few", 1), ("some", 6), ("many", 21)),
    "followers": (("none", 0), ("few", 1), ("some", 4), ("many", 10)),
    "closures": (("few", 0), ("third", 3), ("half", 6), ("most", 9)),
}


def keys(session, rebuildable: bool = True) -> tuple[str, ...]:
    """The predictions this run asks for: the "What if" pair only if the town can be rebuilt,
    the loan questions only where there are loans."""
    loans = bool(session.params.policy.loans_enabled)
    out = ["best_path"] if rebuildable else []
    if loans:
        out += (["no_loans"] if rebuildable else []) + ["defaults"]
    else:
        out.append("closures")
    out.append("followers")
    return tuple(out)


def _bin(kind: str, n: float) -> str:
    found = COUNT_BINS[kind][0][0]
    for key, low in COUNT_BINS[kind]:
        if n >= low:
            found = key
    return found


def _choices(kind: str) -> list[dict]:
    return [{"key": k, "label": t(f"debrief.guess.{kind}.{k}")} for k, _low in COUNT_BINS[kind]]


def _followers(session, focus: int) -> tuple[int, int]:
    """(neighbours who opened the focus trade after the student did, the month they opened);
    for a student who never opened one: (households that opened it in the run, -1)."""

    hg = hinges(spec_from_session(session))
    rows = story.trade_rows(session, focus)
    if hg.trade >= 0 and hg.trade == focus:
        after = rows[hg.open_month + 1 :]
        return max(0, sum(int(r["entries"]) for r in after) - 1), hg.open_month + 1
    return sum(int(r["entries"]) for r in rows[1:]), -1


def _paths(session, results: dict) -> tuple[list[str], str]:

    actual = hinges(spec_from_session(session)).actual_path
    return [p for p in ALTERNATIVE_PATHS if p != actual], actual


def _best_path(session, results: dict, actual_net: float) -> dict:
    others, actual = _paths(session, results)
    mine = t(f"path.{actual}.title") if actual else t("debrief.guess.best_path.nothing")
    choices = [{"key": "actual", "label": t("debrief.guess.best_path.actual", path=mine)}]
    choices += [{"key": p, "label": t(f"path.{p}.title")} for p in others]
    runs = {p: results.get(f"path:{p}") for p in others}
    out = {
        "question": t("debrief.guess.best_path.question", months=i18n.months(session.month)),
        "choices": choices,
    }
    if any(r is None for r in runs.values()):
        return {**out, "pending": True}
    worths = {"actual": actual_net}
    worths.update({p: r["final"]["net_worth"] for p, r in runs.items() if r.get("available")})
    best = max(worths, key=lambda k: worths[k])
    if best == "actual":
        rest = {k: v for k, v in worths.items() if k != "actual"}
        second = max(rest, key=lambda k: rest[k]) if rest else None
        actual_text = t(
            "debrief.guess.best_path.yours",
            net=i18n.yuan(actual_net),
            other=t(f"path.{second}.title") if second else "",
            other_net=i18n.yuan(rest[second]) if second else "",
        )
    else:
        actual_text = t(
            "debrief.guess.best_path.reveal",
            path=t(f"path.{best}.title"),
            net=i18n.yuan(worths[best]),
            diff=story.signed_yuan(worths[best] - actual_net),
            actual=i18n.yuan(actual_net),
        )
    return {**out, "answer": best, "actual": actual_text, "figures": {"net_worth": worths}}


def _no_loans(session, results: dict, actual_net: float, actual_entries: int) -> dict:
    out = {
        "question": t("debrief.guess.no_loans.question"),
        "choices": [
            {"key": k, "label": t(f"debrief.guess.no_loans.{k}")}
            for k in ("better", "same", "worse")
        ],
    }
    res = results.get("no_loans")
    if res is None:
        return {**out, "pending": True}
    net = res["final"]["net_worth"]
    diff = net - actual_net
    answer = "same" if abs(diff) < SAME_YUAN else ("better" if diff > 0 else "worse")
    entries = int(res["final"]["town_entries"])
    text = t(
        f"debrief.guess.no_loans.reveal.{answer}",
        net=i18n.yuan(net),
        actual=i18n.yuan(actual_net),
        diff=i18n.yuan(abs(diff)),
        entries_cf=i18n.grouped(entries),
        entries=i18n.grouped(actual_entries),
    )
    return {
        **out,
        "answer": answer,
        "actual": text,
        "figures": {"net_worth": net, "diff": diff, "entries": entries},
    }


def build(session, results: dict | None = None, focus: int | None = None, rebuildable=True):
    """The predictions with their answers (when known) and the student's guesses."""

    results = results or {}
    focus = focus_trade(session, session.player) if focus is None else focus
    town = session.curves().town_rows()
    e = session.ending()
    actual_net = float(e["net_worth_yuan"])
    actual_entries = sum(int(r["entries"]) for r in town)
    tname = story.in_sentence(session, focus)
    out = []
    for key in keys(session, rebuildable):
        if key == "best_path":
            p = _best_path(session, results, actual_net)
        elif key == "no_loans":
            p = _no_loans(session, results, actual_net, actual_entries)
        elif key == "defaults":
            n = sum(int(r["defaults"]) for r in town)
            running = int(town[-1].get("loans_outstanding", 0)) if town else 0
            p = {
                "question": t("debrief.guess.defaults.question", months=i18n.months(session.month)),
                "choices": _choices("defaults"),
                "answer": _bin("defaults", n),
                "actual": t(
                    "debrief.guess.defaults.reveal",
                    n=i18n.grouped(n),
                    running=i18n.grouped(running),
                ),
                "figures": {"defaults": n, "running": running},
            }
        elif key == "closures":
            opened = actual_entries
            closed = sum(int(r["exits"]) for r in town)
            per_ten = 10.0 * closed / opened if opened else 0.0
            p = {
                "question": t("debrief.guess.closures.question"),
                "choices": _choices("closures"),
                "answer": _bin("closures", round(per_ten)),
                "actual": t(
                    "debrief.guess.closures.reveal",
                    closed=i18n.grouped(closed),
                    opened=i18n.grouped(opened),
                    per_ten=f"{per_ten:.0f}",
                ),
                "figures": {"closed": closed, "opened": opened},
            }
        else:
            n, month = _followers(session, focus)
            which = "after" if month >= 0 else "town"
            p = {
                "question": t(
                    f"debrief.guess.followers.question.{which}", trade=tname, month=month
                ),
                "choices": _choices("followers"),
                "answer": _bin("followers", n),
                "actual": i18n.plural(f"debrief.guess.followers.reveal.{which}", n, trade=tname),
                "figures": {"followers": n, "opened_month": month},
            }
        p.setdefault("pending", False)
        p.setdefault("answer", None)
        p.setdefault("actual", None)
        p.setdefault("figures", {})
        g = reflection.guess(session, key)
        labels = {c["key"]: c["label"] for c in p["choices"]}
        out.append(
            {
                "key": key,
                **p,
                "answer_label": labels.get(p["answer"]),
                "guess_key": g["guess"],
                "guess": labels.get(g["guess"]) if g["guess"] else None,
                "reason": g["reason"],
                "locked": g["locked"],
                "right": (g["guess"] == p["answer"])
                if g["locked"] and p["answer"] is not None
                else None,
            }
        )
    return out


def for_report(preds: list[dict]) -> list[dict]:
    """The report's JSON: each prediction with the question, the guess and why, the answer."""
    keep = ("key", "question", "guess", "guess_key", "reason", "locked")
    return [
        {
            **{k: p[k] for k in keep},
            "actual": p["actual"] if p["actual"] is not None else t("debrief.guess.not_run"),
            "answer": p["answer_label"],
            "right": p["right"],
            "choices": [c["label"] for c in p["choices"]],
        }
        for p in preds
    ]


__all__ = ["build", "keys", "for_report", "COUNT_BINS"]
