"""The household: who they are, what they know how to do, what they have, what it costs to
live, and what the layoff took away (the wage against unemployment insurance and its months).
Every number has a tooltip. Enter: on to the path choice; Esc: back to the briefing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pygame

from game import i18n
from game.core import names, views
from game.core.params import player_wave
from game.i18n import t
from game.session import scenario_text
from game.ui import fonts, theme
from game.ui.scenes import rows as mp
from game.ui.scenes.prerun import Painter, PreRunScene, months_text, yuan, yuan_month
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.street_draw import job_text
from game.words import calendar

EDUCATION_KEYS = (
    "household.education.primary",
    "household.education.middle",
    "household.education.high",
)


@dataclass
class Member:
    role: str  # worker, spouse, child, parent
    name: str
    age: int
    note: str  # what the game knows of them (school, health)
    icon: str


def members(session) -> list[Member]:
    """The people of the household: the worker, then the scenario's own family (names, ages,
    what they do: the same people its events name), or, for a household drawn from the town,
    a spouse, children and elders from its dependants with names and ages from the seed."""
    hv = session.household()
    age = int(hv.age)
    out = [Member("worker", session.player_name(), age, _worker_note(session), "wrench")]
    family = list(getattr(getattr(session.scenario, "player", None), "family", None) or [])
    if family:
        for person in family:
            role = str(person.role)
            out.append(
                Member(
                    role,
                    scenario_text(session.scenario, person.name, session.lang),
                    int(person.age) if person.age is not None else 0,
                    _family_note(session, person),
                    FAMILY_ICONS.get(role, "house"),
                )
            )
        return out
    return out + _drawn_family(session)


FAMILY_ICONS = {
    "husband": "house",
    "wife": "house",
    "spouse": "house",
    "son": "book",
    "daughter": "book",
    "child": "book",
    "mother_in_law": "heart",
    "father_in_law": "heart",
    "mother": "heart",
    "father": "heart",
    "parent": "heart",
}


def _family_note(session, person) -> str:
    """ "Your husband · drives a delivery van, on short hours"."""
    parts = [
        scenario_text(session.scenario, v, session.lang)
        for v in (person.relation, person.former_job)
        if v
    ]
    return t("list.join").join(parts) if session.lang == "zh" else " · ".join(parts)


def _drawn_family(session) -> list[Member]:
    """A household drawn from the town: its spouse, children at school and elders, named and
    aged from the seed (the model counts them through living costs, fees and health)."""
    hv, h = session.household(), session.player
    rng = np.random.default_rng([session.seed, 7001, h])
    zh = session.lang == "zh"
    worker = session.player_name()
    own = names.SURNAMES[int(hv.surname)]
    family = (
        worker.split(" ")[0]
        if not zh and " " in worker
        else (worker[:1] if zh and worker else (own[1] if zh else own[0]))
    )
    other = names.SURNAMES[
        (int(hv.surname) + 1 + int(rng.integers(len(names.SURNAMES) - 1))) % len(names.SURNAMES)
    ]

    def given(surname: str) -> str:
        g = names.GIVEN[int(rng.integers(len(names.GIVEN)))]
        return f"{surname}{g[1]}" if zh else f"{surname} {g[0]}"

    age = int(hv.age)
    out = [
        Member(
            "spouse",
            given(other[1] if zh else other[0]),
            max(18, age + int(rng.integers(-4, 4))),
            t("household.spouse.note"),
            "house",
        )
    ]
    kids = int(hv.children_in_school)
    for _ in range(kids):
        out.append(
            Member(
                "child", given(family), int(rng.integers(7, 18)), t("household.child.note"), "book"
            )
        )
    for _ in range(max(0, int(hv.dependants) - kids)):
        out.append(
            Member(
                "parent",
                given(family),
                min(95, age + int(rng.integers(23, 31))),
                t("household.parent.note"),
                "heart",
            )
        )
    return out


def shorter_notes(note: str) -> list[str]:
    """A member's note, then shorter and shorter whole clauses of it (cut at "；" or "; ",
    then at "，" or ", "), for a row that cannot hold it all: "laid off · Former crane
    operator, 24 years at the mill" says more than "laid off"; the tooltip has all of it."""
    out = [note]
    for marks in (("；", "; "), ("，", ", ")):
        cut = min((i for i in (out[-1].find(m) for m in marks) if i > 0), default=-1)
        if cut > 0:
            out.append(out[-1][:cut])
    return out


def _worker_note(session) -> str:
    hv = session.household()
    player = getattr(session.scenario, "player", None)
    job = (
        scenario_text(None, getattr(player, "former_job", None))
        if getattr(player, "former_job", None)
        else job_text(names.FORMER_JOBS[int(hv.former_job)])
    )
    return t(
        "household.worker.note",
        job=job,
        years=int(hv.years_in_plant),
        education=t(EDUCATION_KEYS[int(hv.education)]),
    )


def layoff_month(session) -> int | None:
    """The month of the player's own layoff wave while the household still works at the firm
    (a scenario's later wave), else None."""
    if session.status != "soe_worker":
        return None
    waves = session.params.layoff_waves
    i = player_wave(waves)
    return waves[i].month if i >= 0 else None


def _worker_role(session) -> str:
    return t(
        "household.role.at_work" if session.status == "soe_worker" else "household.role.worker"
    )


# The statuses under which the core pays no unemployment insurance (household.income_rows).
INSURANCE_STOPS = ("self_employed", "wage_job", "migrated", "retired")


def money(session) -> dict[str, float]:
    """The household's money as it stands at the layoff, and what it will cost to live: the
    living costs, and the first month's spending, which follows the last wage down slowly."""
    hv, p = session.household(), session.params
    outlook = session.spending_outlook()
    living = outlook["living"]
    ui_months = int(hv.ui_months_left)
    if session.status == "soe_worker":  # laid off in a later wave: what the layoff will bring
        ui_months = views.insurance_months_if_laid_off(session.engine, session.player)
    elif session.status in INSURANCE_STOPS:  # the core pays none while it runs
        ui_months = 0
    ui = p.income.unemployment_insurance_yuan_per_month if ui_months > 0 else 0.0
    kids = int(hv.children_in_school)
    school = kids * p.income.school_fee_yuan_per_child
    # What is sent home, and the part of it the family spends building its house (the core
    # books that with the living costs): a gap without it read ¥0 beside spending above the
    # income listed.
    build = mp.house_building(session)
    remit = mp.remittances(session)
    gap = living + school / 12.0 + build - ui - remit
    next_month = outlook["next_month"] + build
    first_extra = max(next_month - living - build, 0.0)
    return {
        "next_month": next_month,
        "house": build,
        "last_income": outlook["last_income"],
        "cash": float(hv.cash),
        "living": living,
        "school_year": school,
        "ui": ui,
        "ui_months": ui_months,
        "former_wage": float(hv.former_wage),
        "remittance": remit,
        "gap": gap,
        "months_of_savings": float(max(hv.cash - first_extra, 0.0) / gap)
        if gap > 0
        else float("inf"),
    }


def skills(session) -> list[tuple[str, float, list[int]]]:
    """(skill group, level 0-1, trades that use it) for every skill group with a trade."""
    hv, p = session.household(), session.params
    groups: dict[str, list[int]] = {}
    for i, tr in enumerate(p.trades):
        groups.setdefault(tr.skill_group, []).append(i)
    return [(g, max(hv.skill[i] for i in idx), idx) for g, idx in groups.items()]


def skill_word(level: float) -> str:
    return t(
        "household.skill.good"
        if level >= 0.6
        else "household.skill.some"
        if level >= 0.3
        else "household.skill.little"
    )


class HouseholdScene(PreRunScene):
    step = "household"
    title_key = "household.title"

    def __init__(self, app, session, **_: Any) -> None:
        super().__init__(app, session)
        self.tight = False

    def build_content(self, p: Painter):
        """Its four boxes, two a piece (built ahead, a piece an idle frame of the briefing)."""
        c = self.content
        gap = self.px(16)
        col = (c.w - gap) // 2
        self.tight = c.h < self.px(470)  # large text on a small window
        # The family takes the height it needs; money gets the rest of the left column.
        people = members(self.session)
        per = p.line_h("body", 1.0) + p.line_h("small", 1.0) + self.px(2 if self.tight else 6)
        head = self._head_h()
        left_top = min(head + per * len(people) + self.px(4), (c.h - gap) * 3 // 5)
        n_money = len(self._money_facts(money(self.session)))
        right_top = min(head + n_money * p.line_h("body", 1.15) + self.px(4), (c.h - gap) * 3 // 5)
        self._members(p, pygame.Rect(c.x, c.y, col, left_top), people)
        self._money(p, pygame.Rect(c.x + col + gap, c.y, c.w - col - gap, right_top))
        yield
        self._layoff(p, pygame.Rect(c.x, c.y + left_top + gap, col, c.h - left_top - gap))
        self._skills(
            p,
            pygame.Rect(
                c.x + col + gap, c.y + right_top + gap, c.w - col - gap, c.h - right_top - gap
            ),
        )

    def _head_h(self) -> int:
        """A panel's padding and heading: tighter with large text on a small window."""
        return (
            self.px(24 if not self.tight else 14)
            + self.text_h("heading", True)
            + self.px(8 if not self.tight else 2)
        )

    def _box(self, p: Painter, rect: pygame.Rect, title: str, icon: str) -> pygame.Rect:
        p.panel(rect)
        inner = rect.inflate(-self.px(32), -self.px(24 if not self.tight else 14))
        isz = self.px(22)
        draw_icon(
            p.surface,
            icon,
            pygame.Rect(inner.x, inner.y + self.px(2), isz, isz),
            theme.colour("accent"),
        )
        p.heading(title, (inner.x + isz + self.px(10), inner.y), max_w=inner.w - isz - self.px(10))
        top = inner.y + self.text_h("heading", True) + self.px(8 if not self.tight else 2)
        return pygame.Rect(inner.x, top, inner.w, inner.bottom - top)

    def _members(self, p: Painter, rect: pygame.Rect, people: list[Member]) -> None:
        """Who lives here: names, ages, what each does; the scenario's story of them where the
        panel has room for it, else as the heading's tooltip."""
        r = self._box(p, rect, t("household.members"), "house")
        line = p.line_h("body", 1.0)
        small = p.line_h("small", 1.0)
        row_h = line + small + self.px(2 if self.tight else 6)
        y = r.y
        for m in people:
            isz = self.px(18)
            draw_icon(
                p.surface,
                m.icon,
                pygame.Rect(r.x, y + self.px(2), isz, isz),
                theme.colour("text_dim"),
            )
            x = r.x + isz + self.px(10)
            age_r = p.text(
                t("household.age", age=m.age),
                (r.right, y),
                "body",
                "text",
                bold=True,
                align="right",
            )
            p.tip(age_r, t("household.age.tip.title"), t("household.age.tip.body"))
            name = t("household.worker_name", name=m.name) if m.role == "worker" else m.name
            p.text(
                name,
                (x, y),
                "body",
                "text",
                bold=m.role == "worker",
                max_w=age_r.x - x - self.px(8),
            )
            note = m.note
            if m.role == "worker":
                note = _worker_role(self.session) + " · " + m.note
            small = fonts.get(self.font_px("small"))
            shown = next(
                (c for c in shorter_notes(note) if small.size(c)[0] <= r.right - x),
                _worker_role(self.session) if m.role == "worker" else note.split(" · ")[0],
            )
            note_r = p.text(shown, (x, y + line), "small", "text_dim", max_w=r.right - x)
            p.tip(pygame.Rect(r.x, y, r.w, note_r.bottom - y), m.name, note)
            y += row_h
        player = getattr(self.session.scenario, "player", None)
        bio = scenario_text(self.session.scenario, getattr(player, "bio", None), self.session.lang)
        if not bio:
            return
        small_font = fonts.get(self.font_px("small"))
        need = len(fonts.wrap(bio, small_font, r.w)) * p.line_h("small", 1.3)
        if y + need <= r.bottom:
            p.para(bio, pygame.Rect(r.x, y, r.w, 0), "small", "text_dim")
        else:
            p.tip(pygame.Rect(rect.x, rect.y, rect.w, r.y - rect.y), t("household.members"), bio)

    def _layoff(self, p: Painter, rect: pygame.Rect) -> None:
        wave = layoff_month(self.session)
        title = (
            t("household.layoff.coming", when=calendar(self.session, wave))
            if wave is not None
            else t("household.layoff")
        )
        r = self._box(p, rect, title, "padlock")
        m = money(self.session)
        wage, ui = m["former_wage"], m["ui"]
        top = max(wage, ui, 1.0)
        bar_h = self.px(18 if self.tight else 22)
        body = fonts.get(self.font_px("body"))
        ui_label = t("household.ui_for", months=months_text(m["ui_months"]))
        label_w = max(body.size(x)[0] for x in (t("household.former_wage"), ui_label))
        label_w += self.px(12)
        value_w = body.size(yuan_month(max(wage, ui)))[0] + self.px(12)
        y = r.y
        rows = [
            (t("household.former_wage"), wage, "good", t("household.former_wage.tip")),
            (
                ui_label,
                ui,
                "warn",
                i18n.then(
                    t("household.ui.tip", months=months_text(m["ui_months"])),
                    t("household.ui_months.tip"),
                ),
            ),
        ]
        for label, value, colour, tip in rows:
            p.text(
                label,
                (r.x, y + (bar_h - self.font_px("body")) // 2 - self.px(3)),
                "body",
                "text_dim",
                max_w=label_w,
            )
            bar = pygame.Rect(r.x + label_w, y, max(self.px(24), r.w - label_w - value_w), bar_h)
            p.bar(bar, value / top, colour)
            vr = p.text(yuan_month(value), (r.right, y), "body", "text", bold=True, align="right")
            p.tip(pygame.Rect(r.x, y, r.w, max(bar_h, vr.h)), label, tip)
            y += max(bar_h, vr.h) + self.px(4 if self.tight else 12)
        y += self.px(2 if self.tight else 4)
        lost = wage - ui
        facts = [
            (
                t("household.lost"),
                yuan_month(lost),
                "warn",
                t("household.lost.tip.title"),
                t("household.lost.tip"),
            ),
            (
                t("household.after_ui"),
                yuan_month(m["remittance"]),
                "warn",
                t("household.after_ui"),
                t("household.after_ui.tip"),
            ),
        ]
        step = max(p.line_h("body", 1.02), min(p.line_h("body", 1.25), (r.bottom - y) // 2))
        for label, value, colour, tt, tb in facts:
            if y + p.line_h("body", 1.0) > r.bottom:
                tx.report_cut(label, "no room in the layoff panel")
                break
            p.fact(label, value, pygame.Rect(r.x, y, r.w, 0), tt, tb, colour=colour)
            y += step

    def _money(self, p: Painter, rect: pygame.Rect) -> None:
        r = self._box(p, rect, t("household.money"), "coin")
        facts = self._money_facts(money(self.session))
        y = r.y
        step = max(p.line_h("body", 1.02), min(p.line_h("body", 1.3), r.h // max(1, len(facts))))
        for label, value, colour, tip in facts:
            if y + p.line_h("body", 1.0) > r.bottom:
                tx.report_cut(label, "no room in the money panel")
                break
            p.fact(label, value, pygame.Rect(r.x, y, r.w, 0), label, tip, colour=colour)
            y += step

    def _money_facts(self, m: dict) -> list[tuple[str, str, str, str]]:
        months = m["months_of_savings"]
        last = (
            t("household.savings_last.never")
            if not np.isfinite(months)
            else months_text(int(months))
        )
        facts = [
            (t("household.savings"), yuan(m["cash"]), "text", t("household.savings.tip")),
            (
                t("household.living"),
                yuan_month(m["living"]),
                "text",
                t(
                    "household.living.tip",
                    base=yuan(self.session.params.income.living_cost_yuan_per_month),
                    per=yuan(self.session.params.income.living_cost_per_dependant_yuan_per_month),
                ),
            ),
            (
                t("household.school"),
                t("unit.yuan_per_year", amount=yuan(m["school_year"])),
                "text",
                t(
                    "household.school.tip",
                    fee=yuan(self.session.params.income.school_fee_yuan_per_child),
                ),
            ),
        ]
        if m["next_month"] > m["living"] + 0.5:
            facts.insert(
                2,
                (
                    t("household.next_month"),
                    yuan_month(m["next_month"]),
                    "warn",
                    i18n.then(
                        t(
                            "household.next_month.tip",
                            income=yuan(m["last_income"]),
                            living=yuan(m["living"]),
                            share=i18n.percent(self.session.spending_outlook()["propensity"]),
                        ),
                        t("household.house.tip", build=yuan_month(m["house"]))
                        if m["house"] >= 0.5
                        else "",
                    ),
                ),
            )
        if m["remittance"] > 0:
            facts.append(
                (
                    t("household.remittance"),
                    yuan_month(m["remittance"]),
                    "good",
                    t("household.remittance.tip"),
                )
            )
        facts.append(
            (
                t("household.gap"),
                yuan_month(max(m["gap"], 0.0)),
                "warn" if m["gap"] > 0 else "good",
                t("household.gap.tip_house" if m["house"] >= 0.5 else "household.gap.tip"),
            )
        )
        facts.append((t("household.savings_last"), last, "accent", t("household.savings_last.tip")))
        return facts

    def _skills(self, p: Painter, rect: pygame.Rect) -> None:
        r = self._box(p, rect, t("household.skills"), "wrench")
        rows = skills(self.session)
        line = p.line_h("body", 1.0)
        row_h = max(line, min(line + self.px(14), r.h // max(1, len(rows))))
        label_w = self.px(130)
        word_w = self.px(70)
        icon_w = self.px(20)
        icons_w = icon_w * min(4, max(len(idx) for _, _, idx in rows)) + self.px(8) if rows else 0
        for k, (group, level, idx) in enumerate(rows):
            y = r.y + k * row_h
            if y + line > r.bottom + self.px(2):
                tx.report_cut(group, "no room in the skills panel")
                break
            p.text(
                t(f"skill.{group}")
                if i18n.has_key(f"skill.{group}")
                else group.replace("_", " ").capitalize(),
                (r.x, y),
                "body",
                "text",
                max_w=label_w - self.px(8),
            )
            bar = pygame.Rect(
                r.x + label_w,
                y + line // 2 - self.px(5),
                r.w - label_w - word_w - icons_w - self.px(16),
                self.px(10),
            )
            p.bar(bar, level, "accent")
            p.text(skill_word(level), (bar.right + self.px(8), y), "small", "text_dim")
            x = r.right - icons_w + self.px(8)
            for i in idx[:4]:
                tr = self.session.params.trades[i]
                draw_icon(
                    p.surface,
                    tr.icon,
                    pygame.Rect(x, y + self.px(1), icon_w - self.px(4), icon_w - self.px(4)),
                    theme.trade_colour(i) if not tr.colour else pygame.Color(tr.colour),
                )
                x += icon_w
            trades = ", ".join(self.session.trade_name(i) for i in idx)
            p.tip(
                pygame.Rect(r.x, y, r.w, line),
                t("household.skill.tip.title", level=i18n.percent(level)),
                t("household.skill.tip.body", trades=trades),
            )

    def next_text(self) -> str:
        return t("household.to_path")

    def update(self, dt: float) -> None:
        self.prepare_next("strategy", session=self.session)

    def on_next(self) -> None:
        self.app.open("strategy", session=self.session)  # the plan in one line, then the path


__all__ = ["HouseholdScene", "members", "money", "skills"]
