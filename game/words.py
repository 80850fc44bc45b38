"""The game's sentences about a run: money and prices in units, calendar months, causes and
decisions in words. Shared by the month screens and the debrief (no pygame here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game import i18n
from game.core import names, neighbours
from game.i18n import t
from game.scenario.plain import tr as scenario_text_in

if TYPE_CHECKING:
    from game.core.engine import Engine

# What one sale of each built-in trade is (a scenario's own trades fall back to "sale").
UNIT_KEYS = {
    "noodles": "unit.bowl",
    "shop": "unit.item",
    "hair": "unit.haircut",
    "repair": "unit.repair",
    "motor_taxi": "unit.ride",
    "tailor": "unit.garment",
    "building": "unit.load",
}


# Each trade's own unit (Trade.unit in the scenario), filled when a run's screens open.
_TRADE_UNITS: dict[str, str] = {}


def set_trade_units(trades) -> None:
    """Use the run's trades' units ("item", "bowl", a scenario's own word) for price labels."""
    _TRADE_UNITS.clear()
    _TRADE_UNITS.update({tr.key: f"unit.{tr.unit}" for tr in trades})


def unit_key(trade_key: str) -> str:
    key = _TRADE_UNITS.get(trade_key) or UNIT_KEYS.get(trade_key, "unit.sale")
    return key if i18n.has_key(key, "en") else "unit.sale"


def per_unit(price: float | None, trade_key: str) -> str:
    """ "¥8.50 / bowl": prices always with cents below ¥100 (a bowl at ¥9.00, not ¥9)."""
    price = float(price or 0.0)
    return t(
        "format.per_unit",
        amount=i18n.yuan(price, 2 if abs(price) < 100 else 0),
        unit=t(unit_key(trade_key)),
    )


def units_text(n: float, trade_key: str) -> str:
    """ "374 bowls", "1 bowl": a count of what one trade sells."""
    key = unit_key(trade_key)
    n = int(round(n))
    if n == 1:
        return t("month.units.one", n=1, unit=t(key))
    plural_key = "unit.plural." + key.split(".", 1)[1]
    if i18n.has_key(plural_key) or i18n.has_key(plural_key, "en"):
        return t("month.units.other", n=i18n.grouped(n), unit=t(plural_key))
    return t("month.units.times", n=i18n.grouped(n), unit=t(key))


def yuan(x: float) -> str:
    """Money in whole yuan: "¥12,400" (prices per unit go through per_unit)."""
    return i18n.yuan(float(x), 0)


def player_sources(sources) -> list[str]:
    """Sources as a player reads them: no file names ("evidence.md: ..." points to the
    game's own notes, which the credits cite in full), no repeats."""
    out: list[str] = []
    for src in sources or []:
        text = str(src).strip()
        if not text or ".md" in text.split(":")[0]:
            continue
        if text not in out:
            out.append(text)
    return out


def yuan_cents(x: float) -> str:
    """A price in yuan with the fen below ¥100 ("¥8.50"), as every price shows."""
    x = float(x)
    return i18n.yuan(x, 2 if abs(x) < 100 else 0)


def signed_yuan(x: float) -> str:
    x = float(x)
    if round(x) == 0:
        return i18n.yuan(0, 0)
    return ("+" if x > 0 else "") + i18n.yuan(x, 0)


def gap() -> str:
    """What goes between two sentences: a space, or nothing (Chinese). The language's own
    way of setting two sentences side by side, read with both sentences empty."""
    return t("debrief.two_sentences", a="", b="")


def month_name(month_of_year: int) -> str:
    return t(f"calendar.month.{month_of_year}")


def calendar(session, offset: int, short: bool = False) -> str:
    """The calendar month `offset` months after the start: "June 2016" ("Jun 2016")."""
    p = session.params
    start = int(getattr(p, "start_month_of_year", 1) or 1)
    year = getattr(session.scenario, "year", None) or 2016
    k = start - 1 + int(offset)
    name = t(f"calendar.month_short.{k % 12 + 1}") if short else month_name(k % 12 + 1)
    return t("calendar.month_year", month=name, year=int(year) + k // 12)


def due_text(session, due_month: int) -> str:
    """A loan matures during the end of the month whose index is `due_month`."""
    return calendar(session, due_month)


def scenario_place(session) -> str:
    """The scenario's place in the player's language ("" when it has none)."""
    value = getattr(session.scenario, "place", "") or ""
    if isinstance(value, dict):
        return value.get(session.lang) or value.get("en") or ""
    return str(value)


def status_text(status: str) -> str:
    return t(f"status.{status}")


def trade_key(session, index: int) -> str:
    trades = session.params.trades
    return trades[index].key if 0 <= index < len(trades) else ""


def _format_cause_values(session, code: str, values: dict) -> dict:
    out: dict = {}
    p = session.params
    for k, v in (values or {}).items():
        if k in ("profit", "principal", "amount"):
            out[k] = yuan(abs(float(v)) if code == "loss" else v)
        elif k == "change":
            out[k] = i18n.percent(abs(float(v)))
            out["direction"] = t("cause.direction.up" if float(v) > 0 else "cause.direction.down")
        elif k == "why":
            out[k] = t(f"cause.why.{v}")
        elif k == "say":  # a scheduled change's words, as the scenario wrote them
            out[k] = scenario_text_in(v, i18n.get_language()) if isinstance(v, (str, dict)) else ""
        elif k == "due_month":
            out[k] = due_text(session, int(v))
        else:
            out[k] = (
                i18n.grouped(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
            )
    out.setdefault("rate", i18n.percent(p.income.informal_rate_per_month))
    out.setdefault("salvage", i18n.percent(p.behaviour.salvage_share))
    st, h = session.engine.state, session.player
    tr = int(st.trade[h]) if int(st.trade[h]) >= 0 else int(st.planned_trade[h])
    out.setdefault(
        "trade", trade_word(session.trade_name(tr)) if tr >= 0 else t("month.your_trade")
    )
    return out


def cause_text(session, code: str, values: dict | None = None) -> str:
    """A cause from MonthReport.causes as a sentence: t("cause." + code, **values)."""
    key = f"cause.{code}"
    if not (i18n.has_key(key) or i18n.has_key(key, "en")):
        return code.replace("_", " ").capitalize()
    if (values or {}).get("count") == 1 and (
        i18n.has_key(key + ".one") or i18n.has_key(key + ".one", "en")
    ):
        key += ".one"
    return t(key, **_format_cause_values(session, code, values or {}))


# Causes that are good news, bad news, or neither (the log's colours; never colour alone:
# each line also says what happened).
GOOD_CAUSES = {
    "loan_disbursed",
    "certificate_granted",
    "job_offer",
    "retraining_done",
    "opened_business",
    "agreement_formed",
    "school_fees_paid",
}


BAD_CAUSES = {
    "laid_off",
    "defaulted",
    "guarantor_was_called",
    "called_as_guarantor",
    "closed_hopeless",
    "certificate_refused",
    "guarantor_refused",
    "ill",
    "school_dropout",
    "ui_ended",
    "borrowed_informally",
    "went_without",
    "agreement_collapsed",
    "agreement_defected",
    "new_entrants",
    "neighbours_closed",
    "loss",
    "loan_due_soon",
}


def cause_tone(code: str, values: dict | None = None) -> str:
    if code == "demand_change":
        return "good" if float((values or {}).get("change", 0)) > 0 else "bad"
    if code == "neighbours_closed":
        return "dim"
    return "good" if code in GOOD_CAUSES else ("bad" if code in BAD_CAUSES else "text")


def guarantor_numbers(numbers: dict) -> dict:
    """A guarantor's situation's numbers in the language shown now ("about 2 months")."""
    shown = dict(numbers)
    if isinstance(shown.get("months"), int | float):
        shown["months"] = i18n.months(int(shown["months"]))
    if isinstance(shown.get("debt"), int | float):
        shown["debt"] = i18n.yuan(float(shown["debt"]))
    return shown


def guarantor_why(situation: str, numbers: dict, name: str) -> str:
    """A guarantor's situation in a sentence, in the language shown now (game/guarantors.py
    finds it): the run's log keeps the numbers, so a refusal reads right after the player
    switches language."""
    return t(f"guarantor.why.{situation}", name=name, **guarantor_numbers(numbers))


def reason_values(values: dict) -> dict:
    """A refusal's values in words: the core gives a certificate's state and a household's
    status as codes ("none", "day_labour"), which a student read as such in a Chinese
    sentence (the certificate's state: "none")."""
    v = dict(values)
    cert = str(v.get("cert", ""))
    if cert and i18n.has_key(f"loan.cert.{cert}", "en"):
        v["cert"] = t(f"loan.cert.{cert}")
    status = str(v.get("status", ""))
    if status and i18n.has_key(f"status.{status}", "en"):
        v["status"] = t(f"status.{status}")
    return v


def decision_values(values: dict, session=None) -> dict:
    """A decision's values in the language shown now, for its sentence. The run keeps codes
    and numbers (a path's key, a trade's index, the guarantor's household, the bank's
    answer); the words a save from an older version kept are turned back into keys where
    they can be, so a run played in English reads in Chinese after the switch, and back."""
    v = dict(values or {})
    if v.get("path"):
        v["path_name"] = t(f"path.{v['path']}.title")
    outcome = str(v.get("outcome") or "")
    if outcome and not i18n.has_key(f"outcome.{outcome}", "en"):  # an older save's words
        outcome = (i18n.key_of(outcome, "outcome.") or "").removeprefix("outcome.") or outcome
    if outcome and i18n.has_key(f"outcome.{outcome}", "en"):
        v["outcome"] = t(f"outcome.{outcome}")
    if session is not None:
        if int(v.get("trade", -1)) >= 0:
            v["trade_name"] = session.trade_name(int(v["trade"]))
        if int(v.get("guarantor", -1)) >= 0 and "name" in v:
            v["name"] = session.name_of(int(v["guarantor"]))
    why = str(v.get("why") or "")
    if why and i18n.has_key(f"guarantor.why.{why}", "en"):
        numbers = {k[4:]: n for k, n in v.items() if k.startswith("why_")}
        v["why"] = guarantor_why(why, numbers, str(v.get("name", "")))
    label = v.get(f"label_{i18n.get_language()}")
    if label:
        v["label"] = label
    return v


def decision_text(decision, session=None) -> str | None:
    """A decision of the session in words, or None if it has no translation.

    Lots are shown counting from 1 (as on the business screen); an event's choice is shown
    with the event's title, so the log says what the answer was to."""
    key = getattr(decision, "key", "")
    if not (i18n.has_key(key) or i18n.has_key(key, "en")):
        return None
    values = dict(getattr(decision, "values", {}) or {})
    try:
        if key == "decision.event" and session is not None:
            title = event_title(session, values.get("event", ""))
            if title:
                choice = _event_answer(session, values)
                return t("month.log.event_choice", title=title, choice=choice)
        if key == "decision.open_business" and "lot" in values:
            lot = int(values["lot"])
            where = (
                t("month.business.lot", lot=lot + 1)
                if lot >= 0
                else t("month.business.side_street")
            )
            name = decision_values(values, session).get("trade_name", "")
            return t("month.log.opened", trade=trade_word(str(name)), where=where)
        return t(key, **decision_values(values, session))
    except Exception:  # noqa: BLE001 - a bad translation must not break the log
        return None


def _event_answer(session, values: dict) -> str:
    """The answer to an event in the language shown now. A save from an older version kept
    it in one language only: an answer without numbers in it (most) is the scenario's own
    text, so it is looked up again; one with numbers stays as it was written."""
    v = decision_values(values)
    if f"label_{i18n.get_language()}" in values:
        return v.get("label", "")
    from game.scenario.events import render  # noqa: PLC0415 - scenarios load lazily

    label = str(v.get("label", ""))
    for ev in getattr(session.scenario, "events", None) or []:
        if getattr(ev, "id", None) == values.get("event"):
            k = int(values.get("choice", -1))
            if 0 <= k < len(ev.choices) and render(ev.choices[k].label, {}, ev.people) == label:
                return render(ev.choices[k].label, {}, ev.people, i18n.get_language())
    return label


def event_title(session, event_id: str) -> str:
    for ev in getattr(session.scenario, "events", None) or []:
        if getattr(ev, "id", None) == event_id and getattr(ev, "title", None) is not None:
            value = ev.title
            if isinstance(value, dict):
                return value.get(session.lang) or value.get("en") or ""
            return str(value)
    return ""


def trade_word(name: str) -> str:
    """A trade's name inside a sentence: "your noodle stall" (English lowers the capital)."""
    if i18n.get_language() == "en" and name[:1].isupper() and not name[1:2].isupper():
        return name[:1].lower() + name[1:]
    return name


def lang_text(session, value) -> str:
    """A scenario text (plain, or {en:, zh:}) in the session's language."""
    if isinstance(value, dict):
        return value.get(session.lang) or value.get("en") or next(iter(value.values()), "")
    return str(value or "")


def trade_name(session, index: int) -> str:
    return session.trade_name(index) if 0 <= index < len(session.params.trades) else ""


def in_sentence(session, index: int) -> str:
    """A trade's name inside a sentence ("a noodle stall")."""
    return trade_word(trade_name(session, index))


def person_name(surname: int, given: int, lang: str = "en") -> str:
    """A townsperson's name from the indices a view carries: characters in Chinese, pinyin
    otherwise."""
    s, g = names.SURNAMES[surname], names.GIVEN[given]
    return f"{s[1]}{g[1]}" if lang == "zh" else f"{s[0]} {g[0]}"


def street_lots(eng: Engine, lang: str = "en") -> list[dict]:
    """The street's lots (game/core/neighbours.street) as the street drawing takes them: one
    dict per lot with the trade's look and the owner's name in `lang`."""
    trades = eng.params.trades
    out: list[dict] = []
    for lot in neighbours.street(eng):
        if lot.trade < 0:
            out.append(
                {
                    "lot": lot.lot,
                    "trade": -1,
                    "state": lot.state,
                    "last_trade": lot.last_trade,
                    "is_player": False,
                }
            )
            continue
        tr = trades[lot.trade]
        surname = names.SURNAMES[lot.surname]
        out.append(
            {
                "lot": lot.lot,
                "household": lot.household,
                "trade": lot.trade,
                "trade_key": tr.key,
                "trade_name": tr.name,
                "icon": tr.icon,
                "colour": tr.colour,
                "unit_key": f"unit.{tr.unit}",
                "owner": person_name(lot.surname, lot.given_name, lang),
                "surname": surname[1] if lang == "zh" else surname[0],
                "age": lot.age,
                "female": lot.female,
                "former_job": names.FORMER_JOBS[lot.former_job],
                "price_yuan": lot.price_yuan,
                "months_open": lot.months_open,
                "state": lot.state,
                "is_player": lot.is_player,
                "new": lot.months_open <= 1,
                "in_agreement": lot.in_agreement,
                "profit_yuan": lot.profit_yuan,
            }
        )
    return out
