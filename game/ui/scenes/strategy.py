"""Your plan: before the first month, the student writes in one line how they mean to get the
household through the run (and their name, for the report). The debrief reads the plan back at
the end beside what happened, and the report prints it (Petranek's written debriefing; the
teaching guide's "write down your strategy"). Writing it is asked for, never forced: Next goes
on either way, and the report says when no plan was written.

Opened from the household screen; Next opens the path choice. Esc leaves a text field first,
then goes back.
"""

from __future__ import annotations

from typing import Any

import pygame

from game.debrief import reflection
from game.i18n import t
from game.ui import theme
from game.ui.scenes.debrief_tabs.writing import Writing
from game.ui.scenes.household import money
from game.ui.scenes.prerun import (
    Painter,
    PreRunScene,
    go_month,
    months_text,
    yuan,
    yuan_month,
)
from game.ui.widgets.icons import draw_icon

MEASURES = ("retrain", "retire", "migrate", "self_employ")


class StrategyScene(Writing, PreRunScene):
    step = "path"
    title_key = "strategy.title"
    default_focus = "strategy"

    def __init__(self, app, session, **_: Any) -> None:
        super().__init__(app, session)
        self.init_writing()
        reflection.data(session)
        self._typing_started = False

    def build_content(self, p: Painter) -> None:
        self.clear_fields()
        c = self.content
        gap = self.px(16)
        left = pygame.Rect(c.x, c.y, int(c.w * 0.6), c.h)
        right = pygame.Rect(left.right + gap, c.y, c.right - left.right - gap, c.h)
        for box in (left, right):
            p.panel(box)
        inner = left.inflate(-self.px(36), -self.px(28))
        y = p.heading(t("strategy.heading"), (inner.x, inner.y), max_w=inner.w) + self.px(8)
        y = p.para(
            t("strategy.intro", months=months_text(self.session.params.months)),
            pygame.Rect(inner.x, y, inner.w, 0),
            "body",
            "text_dim",
            max_lines=5,
        ) + self.px(10)
        r = reflection.data(self.session)
        field_h = self.px(40)
        for name, label, text, keep, limit, hint in (
            (
                "strategy",
                t("strategy.plan_label"),
                r["strategy"],
                lambda v: reflection.set_strategy(self.session, v),
                reflection.LINE_MAX,
                t("strategy.plan_placeholder"),
            ),
            (
                "name",
                t("strategy.name_label"),
                r["name"],
                lambda v: reflection.set_name(self.session, v),
                reflection.NAME_MAX,
                t("strategy.name_placeholder"),
            ),
        ):
            p.text(label, (inner.x, y), "small", "accent", bold=True, max_w=inner.w)
            y += p.line_h("small", 1.1) + self.px(2)
            self.text_field(
                pygame.Rect(inner.x, y, inner.w, field_h),
                name,
                text,
                keep,
                multiline=False,
                placeholder=hint,
                limit=limit,
            )
            y += field_h + self.px(16)
        p.para(
            t("strategy.note"),
            pygame.Rect(inner.x, y, inner.w, 0),
            "small",
            "text_dim",
            max_lines=max(1, (inner.bottom - y) // p.line_h("small")),
        )
        self._know(p, right.inflate(-self.px(32), -self.px(24)))

    def _know(self, p: Painter, r: pygame.Rect) -> None:
        """What the household knows as it plans: its money, the insurance, the state's measures."""
        isz = self.px(22)
        draw_icon(
            p.surface, "book", pygame.Rect(r.x, r.y + self.px(2), isz, isz), theme.colour("accent")
        )
        y = p.heading(
            t("strategy.know"), (r.x + isz + self.px(10), r.y), max_w=r.w - isz
        ) + self.px(10)
        m = money(self.session)  # what the household screen showed, in the same words
        rows = [
            (t("strategy.savings"), yuan(m["cash"])),
            (t("strategy.wage"), yuan_month(m["former_wage"])),
            (
                t("strategy.insurance"),
                t(
                    "strategy.insurance_value",
                    amount=yuan_month(m["ui"]),
                    months=months_text(m["ui_months"]),
                ),
            ),
        ]
        line = p.line_h("body", 1.25)
        for label, value in rows:
            p.fact(label, value, pygame.Rect(r.x, y, r.w, line), label, value)
            y += line
        y += self.px(8)
        p.text(t("strategy.measures"), (r.x, y), "small", "accent", bold=True, max_w=r.w)
        y += p.line_h("small", 1.2)
        for key in MEASURES:
            if y > r.bottom - line:
                break
            p.text("\u2022 " + t(f"path.{key}.title"), (r.x, y), "body", "text", max_w=r.w)
            y += line

    # ---- the keyboard goes to the plan first --------------------------------------------------
    def update(self, dt: float) -> None:
        if not self._typing_started and "strategy" in self._fields:
            self._typing_started = True
            if not reflection.data(self.session)["strategy"]:
                self.focus_field("strategy")
        self.save_now_and_then(dt)
        if self.session.status != "soe_worker":  # (else the months come next)
            self.prepare_next("path", session=self.session)

    def handle_event(self, event: pygame.event.Event) -> bool:
        leaving = (
            event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.app.typing()
        )
        if self.writing_event(event):
            if leaving:  # Esc lets go of the field: Enter now goes on, as on every step before
                self.focus.focus_name("next")
            return True
        return super().handle_event(event)

    def field_finished(self, name: str) -> None:
        """Enter in a written line goes on to the path choice, as the footer says: a student
        who presses Enter and then a path's digit must not find the digit typed as their name
        (the name line is a Tab or a click away). Enter in an empty plan only lets go of it,
        so an Enter pressed out of habit does not skip the plan."""
        if name == "strategy" and not reflection.data(self.session)["strategy"].strip():
            self.focus.focus_name("next")
            return
        self.on_next()

    def on_action(self, name: str, element) -> None:
        self.focus_field(name)

    def help_lines(self) -> list[str]:
        if not reflection.data(self.session)["strategy"]:
            return [t("strategy.help_empty")]
        if self.app.typing():
            return [t("strategy.help_typing")]
        return super().help_lines()

    def next_text(self) -> str:
        return t("household.to_path")

    def on_back(self) -> None:
        self.save_written()
        super().on_back()

    def on_next(self) -> None:
        self.written()
        self.save_written()
        if self.session.status == "soe_worker":
            # The scenario lays the household off in a later wave: the months start at work,
            # and the path is chosen on the month screen once the layoff comes.
            go_month(self.app, self.session)
            return
        self.app.open("path", session=self.session)


__all__ = ["StrategyScene"]
