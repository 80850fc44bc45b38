"""Discussion questions in the order facilitated debriefs run (Thiagarajan's six questions;
Lederman; Kolb): how did it feel, what happened (guess first, then look), why (the student's own
explanation), how it relates to the real world (the essay, the other side, what the model
leaves out), what if, and what next. A core of six, one per phase, fits a 30-minute debrief
(`core`); the rest deepen it. Questions that only make sense for a household that ran a
business have a variant for one that did not.

`phase(session, name)` -> [{id, text, core}]; `sections(session)` -> every phase in order, as
the report prints them. The scenario's own questions (`debrief_questions`) join the real-world
phase. The student may answer any of them in writing (game/debrief/reflection.py).
No pygame.
"""

from __future__ import annotations

from game.debrief import story
from game.debrief.counterfactual import hinges, spec_from_session
from game.i18n import t

PHASES = ("feelings", "happened", "real_world", "what_if", "what_next")
# (id, core, variant for a household that never ran a business or None)
QUESTIONS: dict[str, tuple[tuple[str, bool, str | None], ...]] = {
    "feelings": (
        ("feelings.control", True, None),
        ("feelings.neighbours", False, "feelings.blame"),
    ),
    "happened": (
        ("why.loop", True, "why.odds"),
        ("why.strategy", False, None),
        ("guess.assumed", False, None),
    ),
    "real_world": (
        ("real.least", True, None),
        ("real.untestable", False, None),
        ("real.harbin", False, None),
        ("real.unrealistic", False, None),
    ),
    "what_if": (
        ("whatif.counted", True, None),
        ("whatif.next_town", False, None),
    ),
    "what_next": (
        ("next.offer", True, None),
        ("next.risk", False, None),
        ("next.learned", True, None),
    ),
}


def had_business(session) -> bool:

    return hinges(spec_from_session(session)).trade >= 0


def scenario_questions(session) -> list[dict]:
    own = getattr(session.scenario, "debrief_questions", None) or []
    out = []
    for i, q in enumerate(own, start=1):
        text = story.lang_text(session, q)
        if text:
            out.append({"id": f"scenario.{i}", "text": text, "core": False, "own": True})
    return out


def phase(session, name: str) -> list[dict]:
    """The questions of one phase, in order, for this household."""
    business = had_business(session)
    out = []
    for qid, core, variant in QUESTIONS[name]:
        shown = qid if business or variant is None else variant
        out.append({"id": shown, "text": t(f"debrief.q.{shown}"), "core": core, "own": False})
    if name == "real_world":
        out += scenario_questions(session)
    return out


def by_id(session) -> dict[str, str]:
    """Every question this debrief can show, by id (the report prints answers with them)."""
    return {q["id"]: q["text"] for name in PHASES for q in phase(session, name)}


def sections(session) -> list[dict]:
    """Every phase: {key, title, intro, questions: [text], items: [{id, text, core}]}."""
    return [
        {
            "key": name,
            "title": t(f"debrief.phase.{name}.title"),
            "intro": t(f"debrief.phase.{name}.intro"),
            "questions": [q["text"] for q in phase(session, name)],
            "items": phase(session, name),
        }
        for name in PHASES
    ]


def summary_questions(session) -> list[str]:
    """The three the short debrief (the summary screen) asks: feelings first, then why, then
    what next."""
    return [
        phase(session, "feelings")[0]["text"],
        phase(session, "happened")[0]["text"],
        next(q["text"] for q in phase(session, "what_next") if q["id"] == "next.offer"),
    ]


__all__ = ["PHASES", "QUESTIONS", "phase", "sections", "by_id", "summary_questions", "had_business"]
