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
from game.i18n import t
from game.session import scenario_text
from game.ui import theme
from game.ui.scenes.prerun import Painter, PreRunScene, months_text, yuan, yuan_month
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.street_draw import job_text

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
    """The people of the household. The worker is the engine's; spouse, children and elders
    follow from the household's dependants and children in school, their ages drawn from the
    seed (the model counts them through living costs, school fees and health)."""
    eng, h = session.engine, session.player
    st = eng.state
    rng = np.random.default_rng([session.seed, 7001, h])
    zh = session.lang == "zh"
    worker = session.player_name()
    player = getattr(session.scenario, "player", None)
    told = bool(getattr(player, "bio", None))  # the scenario tells the family's story: roles only
    own = names.SURNAMES[int(st.surname[h])]
    family = (
        worker.split(" ")[0]
        if not zh and " " in worker
        else (worker[:1] if zh and worker else (own[1] if zh else own[0]))
    )
    other = names.SURNAMES[
        (int(st.surname[h]) + 1 + int(rng.integers(len(names.SURNAMES) - 1))) % len(names.SURNAMES)
    ]

    def given(surname: str) -> str:
        g = names.GIVEN[int(rng.integers(len(names.GIVEN)))]
        return f"{surname}{g[1]}" if zh else f"{surname} {g[0]}"

    def name(surname: str, role: str) -> str:
        person = given(surname)
        return t(f"household.role_name.{role}") if told else person

    age = int(st.age[h])
    out = [Member("worker", worker, age, _worker_note(session), "wrench")]
    out.append(
        Member(
            "spouse",
            name(other[1] if zh else other[0], "spouse"),
            max(18, age + int(rng.integers(-4, 4))),
            t("household.spouse.note"),
            "house",
        )
    )
    kids = int(st.children_in_school[h])
    for _ in range(kids):
        out.append(
            Member(
                "child",
                name(family, "child"),
                int(rng.integers(7, 18)),
                t("household.child.note"),
                "book",
            )
        )
    for _ in range(max(0, int(st.dependants[h]) - kids)):
        out.append(
            Member(
                "parent",
                name(family, "parent"),
                min(95, age + int(rng.integers(23, 31))),
                t("household.parent.note"),
                "heart",
            )
        )
    return out


def _worker_note(session) -> str:
    st, h = session.engine.state, session.player
    player = getattr(session.scenario, "player", None)
    job = (
        scenario_text(None, getattr(player, "former_job", None))
        if getattr(player, "former_job", None)
        else job_text(names.FORMER_JOBS[int(st.former_job[h])])
    )
    return t(
        "household.worker.note",
        job=job,
        years=int(st.years_in_plant[h]),
        education=t(EDUCATION_KEYS[int(st.education[h])]),
    )


def money(session) -> dict[str, float]:
    """The household's money as it stands at the layoff, and what it will cost to live."""
    eng, h, p = session.engine, session.player, session.params
    st = eng.state
    living = views.budget(session.engine, h).living_cost_yuan
    ui = p.income.unemployment_insurance_yuan_per_month if st.ui_months_left[h] > 0 else 0.0
    kids = int(st.children_in_school[h])
    school = kids * p.income.school_fee_yuan_per_child
    remit = (
        p.income.migrant_wage_yuan_per_month * p.income.remittance_share_of_migrant_wage
        if st.has_migrant_member[h]
        else 0.0
    )
    gap = living + school / 12.0 - ui - remit
    return {
        "cash": float(st.cash[h]),
        "living": living,
        "school_year": school,
        "ui": ui,
        "ui_months": int(st.ui_months_left[h]),
        "former_wage": float(st.former_wage[h]),
        "remittance": remit,
        "gap": gap,
        "months_of_savings": float(st.cash[h] / gap) if gap > 0 else float("inf"),
    }


def skills(session) -> list[tuple[str, float, list[int]]]:
    """(skill group, level 0-1, trades that use it) for every skill group with a trade."""
    st, h, p = session.engine.state, session.player, session.params
    groups: dict[str, list[int]] = {}
    for i, tr in enumerate(p.trades):
        groups.setdefault(tr.skill_group, []).append(i)
    return [(g, float(max(st.skill[h, i] for i in idx)), idx) for g, idx in groups.items()]


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

    def build_content(self, p: Painter) -> None:
        c = self.content
        gap = self.px(16)
        col = (c.w - gap) // 2
        row = (c.h - gap) // 2
        self._members(p, pygame.Rect(c.x, c.y, col, row))
        self._layoff(p, pygame.Rect(c.x + col + gap, c.y, c.w - col - gap, row))
        self._money(p, pygame.Rect(c.x, c.y + row + gap, col, c.h - row - gap))
        self._skills(
            p, pygame.Rect(c.x + col + gap, c.y + row + gap, c.w - col - gap, c.h - row - gap)
        )

    def _box(self, p: Painter, rect: pygame.Rect, title: str, icon: str) -> pygame.Rect:
        p.panel(rect)
        inner = rect.inflate(-self.px(32), -self.px(24))
        isz = self.px(22)
        draw_icon(
            p.surface,
            icon,
            pygame.Rect(inner.x, inner.y + self.px(2), isz, isz),
            theme.colour("accent"),
        )
        p.heading(title, (inner.x + isz + self.px(10), inner.y), max_w=inner.w - isz - self.px(10))
        top = inner.y + self.text_h("heading", True) + self.px(8)
        return pygame.Rect(inner.x, top, inner.w, inner.bottom - top)

    @property
    def _told(self) -> bool:
        return bool(getattr(getattr(self.session.scenario, "player", None), "bio", None))

    def _members(self, p: Painter, rect: pygame.Rect) -> None:
        r = self._box(p, rect, t("household.members"), "house")
        people = members(self.session)
        line = p.line_h("body", 1.0)
        small = p.line_h("small", 1.0)
        row_h = min(line + small + self.px(8), max(line + self.px(2), r.h // max(1, len(people))))
        y = r.y
        for m in people:
            if y + line > r.bottom:
                break
            isz = self.px(18)
            draw_icon(
                p.surface,
                m.icon,
                pygame.Rect(r.x, y + self.px(2), isz, isz),
                theme.colour("text_dim"),
            )
            x = r.x + isz + self.px(10)
            role = t(f"household.role.{m.role}") if m.role == "worker" or not self._told else ""
            name_r = p.text(
                f"{m.name}", (x, y), "body", "text", bold=m.role == "worker", max_w=r.w // 2
            )
            p.text(
                role,
                (name_r.right + self.px(8), y),
                "body",
                "text_dim",
                max_w=r.right - name_r.right - self.px(100),
            )
            age_r = p.text(
                t("household.age", age=m.age),
                (r.right, y),
                "body",
                "text",
                bold=True,
                align="right",
            )
            p.tip(age_r, t("household.age.tip.title"), t("household.age.tip.body"))
            if row_h >= line + small:
                note_r = p.text(m.note, (x, y + line), "small", "text_dim", max_w=r.right - x)
                p.tip(pygame.Rect(r.x, y, r.w, note_r.bottom - y), m.name, m.note)
            y += row_h
        player = getattr(self.session.scenario, "player", None)
        bio = (
            scenario_text(None, getattr(player, "bio", None))
            if getattr(player, "bio", None)
            else ""
        )
        if bio and y + small <= r.bottom:
            p.para(
                bio,
                pygame.Rect(r.x, y, r.w, 0),
                "small",
                "text_dim",
                max_lines=max(1, (r.bottom - y) // small),
            )

    def _layoff(self, p: Painter, rect: pygame.Rect) -> None:
        r = self._box(p, rect, t("household.layoff"), "padlock")
        m = money(self.session)
        wage, ui = m["former_wage"], m["ui"]
        top = max(wage, ui, 1.0)
        bar_h = self.px(22)
        label_w = self.px(210)
        y = r.y
        rows = [
            (t("household.former_wage"), wage, "good", t("household.former_wage.tip")),
            (
                t("household.ui"),
                ui,
                "warn",
                t("household.ui.tip", months=months_text(m["ui_months"])),
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
            bar = pygame.Rect(r.x + label_w, y, r.w - label_w - self.px(130), bar_h)
            p.bar(bar, value / top, colour)
            vr = p.text(yuan_month(value), (r.right, y), "body", "text", bold=True, align="right")
            p.tip(pygame.Rect(r.x, y, r.w, max(bar_h, vr.h)), label, tip)
            y += bar_h + self.px(12)
        y += self.px(4)
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
                t("household.ui_months"),
                months_text(m["ui_months"]),
                "text",
                t("household.ui_months"),
                t("household.ui_months.tip"),
            ),
            (
                t("household.after_ui"),
                yuan_month(0),
                "warn",
                t("household.after_ui"),
                t("household.after_ui.tip"),
            ),
        ]
        for label, value, colour, tt, tb in facts:
            if y + p.line_h("body", 1.0) > r.bottom:
                break
            p.fact(label, value, pygame.Rect(r.x, y, r.w, 0), tt, tb, colour=colour)
            y += p.line_h("body", 1.25)

    def _money(self, p: Painter, rect: pygame.Rect) -> None:
        r = self._box(p, rect, t("household.money"), "coin")
        m = money(self.session)
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
                t("household.gap.tip"),
            )
        )
        facts.append((t("household.savings_last"), last, "accent", t("household.savings_last.tip")))
        y = r.y
        for label, value, colour, tip in facts:
            if y + p.line_h("body", 1.0) > r.bottom:
                break
            p.fact(label, value, pygame.Rect(r.x, y, r.w, 0), label, tip, colour=colour)
            y += p.line_h("body", 1.3)

    def _skills(self, p: Painter, rect: pygame.Rect) -> None:
        r = self._box(p, rect, t("household.skills"), "wrench")
        rows = skills(self.session)
        line = p.line_h("body", 1.0)
        row_h = max(line + self.px(4), min(line + self.px(14), r.h // max(1, len(rows))))
        label_w = self.px(130)
        word_w = self.px(70)
        icon_w = self.px(20)
        icons_w = icon_w * min(4, max(len(idx) for _, _, idx in rows)) + self.px(8) if rows else 0
        for k, (group, level, idx) in enumerate(rows):
            y = r.y + k * row_h
            if y + line > r.bottom:
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

    def on_next(self) -> None:
        self.app.open("strategy", session=self.session)  # the plan in one line, then the path


__all__ = ["HouseholdScene", "members", "money", "skills"]
