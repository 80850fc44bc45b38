"""The student's written work: what a teacher grades besides the decisions (Petranek's written
debriefing). It lives in `session.reflection` and is saved with the run, so the autosave, a save
slot and the report all carry it:

    name          who wrote it (the report's header; asked with the strategy)
    strategy      one line written at the start of the run, before the first month
    guesses       {prediction key: {"guess": choice key, "reason": one line, "locked": bool}}
    explanation   the student's own "why", written before the essay's argument is shown
    verdicts      {argument panel key: {"verdict": supports|complicates|contradicts, "reason"}}
    answers       {question id: text}: the questions the student chose to answer in writing

Everything here is plain text from the keyboard: trimmed, kept to a length a report can show,
never trusted to be anything else. No pygame.
"""

from __future__ import annotations

import re

NAME_MAX = 60
LINE_MAX = 240  # the strategy, a guess's reason, a verdict's reason
TEXT_MAX = 1500  # the explanation, an answer
MIN_REASON = 3  # characters a reason needs (Chinese packs a reason into few)
MIN_EXPLANATION = 15  # characters before the argument opens
ANSWERS_WANTED = 3  # the hand-in asks for answers to three questions of the student's choice
VERDICTS = ("supports", "complicates", "contradicts")

_SPACE = re.compile(r"\s+")


def one_line(text: object, limit: int = LINE_MAX) -> str:
    """A line as typed: runs of white space (and line breaks) become one space, ends trimmed."""
    return _SPACE.sub(" ", str(text or "")).strip()[:limit].strip()


def paragraph(text: object, limit: int = TEXT_MAX) -> str:
    """A longer text: line breaks kept (at most one blank line in a row), ends trimmed."""
    raw = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACE.sub(" ", ln).strip() for ln in raw.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip()[:limit].strip()


def _counted(text: str) -> int:
    return len(_SPACE.sub("", text))


def data(session) -> dict:
    """The session's reflection, with every part present (an old save has none)."""
    r = getattr(session, "reflection", None)
    if not isinstance(r, dict):
        r = {}
        session.reflection = r
    for key, empty in (("name", ""), ("strategy", ""), ("explanation", "")):
        if not isinstance(r.get(key), str):
            r[key] = empty
    for key in ("guesses", "verdicts", "answers"):
        if not isinstance(r.get(key), dict):
            r[key] = {}
    return r


KEY_MAX = 80  # a prediction, panel or question key
ENTRIES_MAX = 60  # guesses, verdicts or answers kept from a file


def clean(raw: object) -> dict:
    """Written work read from a save or a report file, rebuilt from what is usable: strings
    trimmed to their limits, entries of the wrong shape dropped. A hand-edited file can make
    the work shorter, never break the debrief."""
    r = raw if isinstance(raw, dict) else {}

    def entries(name: str) -> list[tuple[str, object]]:
        got = r.get(name)
        if not isinstance(got, dict):
            return []
        return [(str(k)[:KEY_MAX], v) for k, v in list(got.items())[:ENTRIES_MAX]]

    guesses = {}
    for key, g in entries("guesses"):
        if isinstance(g, dict):
            choice = g.get("guess")
            guesses[key] = {
                "guess": one_line(choice, KEY_MAX) or None if choice is not None else None,
                "reason": one_line(g.get("reason")),
                "locked": g.get("locked") is True,
            }
    verdicts = {}
    for key, v in entries("verdicts"):
        if isinstance(v, dict):
            verdicts[key] = {
                "verdict": v.get("verdict") if v.get("verdict") in VERDICTS else None,
                "reason": one_line(v.get("reason")),
            }
    answers = {key: paragraph(text) for key, text in entries("answers") if isinstance(text, str)}
    return {
        "name": one_line(r.get("name") if isinstance(r.get("name"), str) else "", NAME_MAX),
        "strategy": one_line(r.get("strategy") if isinstance(r.get("strategy"), str) else ""),
        "explanation": paragraph(
            r.get("explanation") if isinstance(r.get("explanation"), str) else ""
        ),
        "guesses": guesses,
        "verdicts": verdicts,
        "answers": {k: a for k, a in answers.items() if a},
    }


# --- writing ---------------------------------------------------------------------------------


def set_name(session, text: object) -> str:
    data(session)["name"] = one_line(text, NAME_MAX)
    return session.reflection["name"]


def set_strategy(session, text: object) -> str:
    data(session)["strategy"] = one_line(text)
    return session.reflection["strategy"]


def set_explanation(session, text: object) -> str:
    data(session)["explanation"] = paragraph(text)
    return session.reflection["explanation"]


def set_answer(session, question_id: str, text: object) -> str:
    answers = data(session)["answers"]
    clean = paragraph(text)
    if clean:
        answers[question_id] = clean
    else:
        answers.pop(question_id, None)
    return clean


def guess(session, key: str) -> dict:
    """The student's guess for one prediction: {"guess", "reason", "locked"}."""
    g = data(session)["guesses"].get(key)
    if not isinstance(g, dict):
        g = {"guess": None, "reason": "", "locked": False}
    return {
        "guess": g.get("guess"),
        "reason": str(g.get("reason") or ""),
        "locked": bool(g.get("locked")),
    }


def choose(session, key: str, choice: str) -> bool:
    """Pick (or change) a guess; False once it is locked in."""
    g = guess(session, key)
    if g["locked"]:
        return False
    g["guess"] = str(choice)
    data(session)["guesses"][key] = g
    return True


def set_reason(session, key: str, text: object) -> bool:
    g = guess(session, key)
    if g["locked"]:
        return False
    g["reason"] = one_line(text)
    data(session)["guesses"][key] = g
    return True


def lock_problem(session, key: str) -> str | None:
    """Why a guess cannot be locked in yet ("choice" or "reason"), or None."""
    g = guess(session, key)
    if not g["guess"]:
        return "choice"
    if _counted(g["reason"]) < MIN_REASON:
        return "reason"
    return None


def lock(session, key: str) -> bool:
    """Lock a guess in (it cannot change after): needs a choice and a one-line reason."""
    if lock_problem(session, key) is not None:
        return False
    g = guess(session, key)
    g["locked"] = True
    data(session)["guesses"][key] = g
    return True


def all_locked(session, keys) -> bool:
    return all(guess(session, k)["locked"] for k in keys)


def explained(session) -> bool:
    """The student has written an explanation of their own (the argument opens after)."""
    return _counted(data(session)["explanation"]) >= MIN_EXPLANATION


def set_verdict(session, panel: str, verdict: str | None = None, reason: object = None) -> dict:
    v = data(session)["verdicts"].get(panel)
    v = dict(v) if isinstance(v, dict) else {"verdict": None, "reason": ""}
    if verdict is not None:
        v["verdict"] = verdict if verdict in VERDICTS else None
    if reason is not None:
        v["reason"] = one_line(reason)
    data(session)["verdicts"][panel] = v
    return v


def verdict(session, panel: str) -> dict:
    v = data(session)["verdicts"].get(panel)
    if not isinstance(v, dict):
        return {"verdict": None, "reason": ""}
    return {"verdict": v.get("verdict"), "reason": str(v.get("reason") or "")}


def progress(session, prediction_keys, panel_keys) -> dict:
    """How far the written work has got, for the hand-in checklist."""
    r = data(session)
    prediction_keys, panel_keys = list(prediction_keys), list(panel_keys)
    return {
        "name": bool(r["name"]),
        "strategy": bool(r["strategy"]),
        "guesses": sum(1 for k in prediction_keys if guess(session, k)["locked"]),
        "guesses_total": len(prediction_keys),
        "explanation": explained(session),
        "verdicts": sum(1 for k in panel_keys if verdict(session, k)["verdict"]),
        "verdicts_total": len(panel_keys),
        "answers": len(r["answers"]),
        "answers_wanted": ANSWERS_WANTED,
    }


__all__ = [
    "VERDICTS",
    "ANSWERS_WANTED",
    "data",
    "clean",
    "one_line",
    "paragraph",
    "set_name",
    "set_strategy",
    "set_explanation",
    "set_answer",
    "guess",
    "choose",
    "set_reason",
    "lock",
    "lock_problem",
    "all_locked",
    "explained",
    "set_verdict",
    "verdict",
    "progress",
]
