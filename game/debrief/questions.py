"""Discussion questions in the order facilitated games use (peers.md): feelings first; then
predict-then-reveal (guess the town's price curve, then see it); then the results; then "what was
unrealistic about this game?"; then real cases and what could be done; then the scenario's own
questions (its `debrief_questions`).

`sections(session)` -> [{key, title, intro, questions: [str]}]; the predict step is
`prediction(session)`: the choices the player guesses between and the answer, for the screen
and the report.
"""

from __future__ import annotations

from game import i18n
from game.debrief import story
from game.i18n import t

ORDER = ("feelings", "predict", "results", "unrealistic", "real_cases", "action", "scenario")
COUNTS = {"feelings": 3, "results": 2, "unrealistic": 3, "real_cases": 3, "action": 3}
# What a guess of the price curve can be, and where the real change falls.
SHAPES = ("rose", "flat", "fell_little", "fell_lot")
FLAT_BAND = 0.05
BIG_FALL = 0.20


def shape_of(change: float) -> str:
    if change > FLAT_BAND:
        return "rose"
    if change >= -FLAT_BAND:
        return "flat"
    return "fell_little" if change >= -BIG_FALL else "fell_lot"


def prediction(session, focus: int | None = None) -> dict:
    """Predict-then-reveal: "what happened to the going price of your trade?" with four shapes,
    the one that happened, and the curve to reveal."""
    from game.debrief.counterfactual import focus_trade  # noqa: PLC0415

    focus = focus_trade(session, session.player) if focus is None else focus
    rows = story.trade_rows(session, focus)
    tr = session.params.trades[focus]
    prices = [r["median_price"] for r in rows]
    p0 = prices[0] or tr.start_price_yuan
    p1 = next((p for p in reversed(prices) if p), p0)
    change = float(p1) / float(p0) - 1.0 if p0 else 0.0
    answer = shape_of(change)
    tname = story.in_sentence(session, focus)
    return {
        "trade": focus,
        "trade_name": tname,
        "trade_label": story.trade_name(session, focus),
        "question": t(
            "debrief.predict.question", trade=tname, months=i18n.months(max(len(rows) - 1, 0))
        ),
        "choices": [{"key": s, "label": t(f"debrief.predict.{s}")} for s in SHAPES],
        "answer": answer,
        "change": change,
        "prices": prices,
        "reveal": t(
            "debrief.predict.reveal",
            trade=tname,
            start=story.per_unit(p0, tr.key),
            end=story.per_unit(p1, tr.key),
            change=story.signed_percent(change),
            shape=t(f"debrief.predict.{answer}"),
        ),
    }


# A guess drawn as a straight line from the first price: the middle of each shape's band.
GUESS_CHANGE = {"rose": 0.12, "flat": 0.0, "fell_little": -0.12, "fell_lot": -0.35}


def guess_curve(pred: dict, guess: str) -> list[float | None]:
    """The player's guess as a curve beside the real one (predict, then reveal)."""
    prices = pred["prices"]
    p0 = next((p for p in prices if p), None)
    if p0 is None or guess not in GUESS_CHANGE or len(prices) < 2:
        return [None] * len(prices)
    n = len(prices) - 1
    return [p0 * (1.0 + GUESS_CHANGE[guess] * i / n) for i in range(len(prices))]


def sections(session) -> list[dict]:
    own = [
        story.lang_text(session, q)
        for q in (getattr(session.scenario, "debrief_questions", None) or [])
    ]
    own = [q for q in own if q]
    out = []
    for key in ORDER:
        if key == "predict":
            p = prediction(session)
            qs = [p["question"]]
        elif key == "scenario":
            if not own:
                continue
            qs = own
        else:
            qs = [t(f"debrief.q.{key}.{i}") for i in range(1, COUNTS[key] + 1)]
        out.append(
            {
                "key": key,
                "title": t(f"debrief.q.{key}.title"),
                "intro": t(f"debrief.q.{key}.intro"),
                "questions": qs,
            }
        )
    return out


__all__ = ["sections", "prediction", "shape_of", "guess_curve", "ORDER", "SHAPES"]
