"""The facilitator's rule changes and town events, as parameter changes from the next month.

Each is a `ScheduledChange` (the scenario schedule's own mechanism, `Engine.schedule_change`),
due at the month after the one in which the facilitator chose it, so every seat decides the
month in progress under the rules it started with. A change is derived from the town's
parameters at the moment it is made: the same session file gives the same changes on replay.
"""

from __future__ import annotations

from dataclasses import asdict, replace

from game import i18n
from game.core.engine import Engine
from game.core.params import LayoffWave, ScheduledChange

# Policy levers: what a facilitator may turn, and what each does to the parameters.
LEVERS = ("double_loan_ceiling", "stop_lending", "resume_lending", "public_jobs")
# Town events: shocks from outside the town.
TOWN_EVENTS = ("layoff_wave", "remittance_fall")
PUBLIC_JOBS_SHARE = 0.08  # of job seekers offered a public job a month (what_if_public_jobs)
SECOND_WAVE_SHARE = 0.5  # of the mill's remaining workers
SECOND_WAVE_WAGE_CHANGE = -0.1  # the workers kept see their pay cut again
REMITTANCE_FALL = 0.3  # remittances from migrants elsewhere fall by this share


def lever_change(eng: Engine, lever: str, month: int) -> ScheduledChange:
    """The change a policy lever makes from `month` on. Raises KeyError for an unknown lever."""
    pol = eng.params.policy
    if lever == "double_loan_ceiling":
        return _change(month, {"policy.loan_ceiling_yuan": 2.0 * pol.loan_ceiling_yuan}, lever)
    if lever == "stop_lending":
        return _change(month, {"policy.loans_enabled": False}, lever)
    if lever == "resume_lending":
        return _change(month, {"policy.loans_enabled": True}, lever)
    if lever == "public_jobs":
        return _change(month, {"policy.public_employment_jobs_share": PUBLIC_JOBS_SHARE}, lever)
    raise KeyError(lever)


def event_change(eng: Engine, event: str, month: int) -> ScheduledChange:
    """The change a town event makes from `month` on. Raises KeyError for an unknown event.

    A second layoff wave is one more `LayoffWave` in `month` (the wave list is not a path the
    scenario schedule may set, so the whole list is replaced, the new wave at its end); a fall
    in remittances scales the remittance schedule from `month` on."""
    p = eng.params
    if event == "layoff_wave":
        wave = replace(
            p.layoff_waves[0] if p.layoff_waves else LayoffWave(),
            month=month,
            share=SECOND_WAVE_SHARE,
            wage_change=SECOND_WAVE_WAGE_CHANGE,
            remittance_index_change=0.0,
            player=False,
        )
        if not any(w.player for w in p.layoff_waves) and p.layoff_waves:
            # the seats' own wave stays the first one (the earliest is theirs by default)
            first = min(range(len(p.layoff_waves)), key=lambda i: (p.layoff_waves[i].month, i))
            waves = list(p.layoff_waves)
            waves[first] = replace(waves[first], player=True)
        else:
            waves = list(p.layoff_waves)
        # plain data in the change (the engine makes them waves): a save stays JSON
        return _change(month, {"layoff_waves": [asdict(w) for w in (*waves, wave)]}, event)
    if event == "remittance_fall":
        # The schedule as it would read month by month, then lower from `month` on (each
        # wave's own cut is applied on top by the core, as before).
        base = list(p.remittance_index_by_month) or [1.0]
        length = max(len(base), month + 1)
        sched = [float(base[min(m, len(base) - 1)]) for m in range(length)]
        sched = [v * (1.0 - REMITTANCE_FALL) if m >= month else v for m, v in enumerate(sched)]
        return _change(month, {"remittance_index_by_month": sched}, event)
    raise KeyError(event)


def _change(month: int, values: dict, key: str) -> ScheduledChange:
    say = {lang: text_in(f"workshop.change.{key}", lang) for lang in ("en", "zh")}
    return ScheduledChange(month=month, set=values, say=say)


def text_in(key: str, lang: str, **fmt) -> str:
    """A translated text in `lang`, whatever the language of the moment (an announcement
    carries both, and each seat reads its own)."""
    now = i18n.get_language()
    try:
        i18n.set_language(lang)
        return i18n.t(key, **fmt)
    finally:
        i18n.set_language(now)


__all__ = ["LEVERS", "TOWN_EVENTS", "event_change", "lever_change", "text_in"]
