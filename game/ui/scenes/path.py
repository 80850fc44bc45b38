"""The path choice: the four measures of the 2016 guidelines (retraining, internal retirement,
migration, self-employment with the loan) plus day labour and a plain job search, each with
its odds and costs as the household would know them, derived from the scenario's numbers and
the town as it stands. A path the rules do not allow is greyed, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pygame

from game import i18n
from game.core import views
from game.core.commands import ChoosePath
from game.i18n import t
from game.session import reason_text
from game.ui import fonts, theme
from game.ui.scenes.dialog import DialogScene
from game.ui.scenes.prerun import Painter, PreRunScene, go_month, months_text, pct, yuan, yuan_month
from game.ui.widgets.icons import draw_icon

ORDER = ("retrain", "retire", "migrate", "self_employ", "day_labour", "job_search")
MEASURES = ("retrain", "retire", "migrate", "self_employ")
ICONS = {
    "retrain": "book",
    "retire": "house",
    "migrate": "suitcase",
    "self_employ": "coin",
    "day_labour": "bricks",
    "job_search": "handshake",
}
KEYS = {
    "retrain": pygame.K_1,
    "retire": pygame.K_2,
    "migrate": pygame.K_3,
    "self_employ": pygame.K_4,
    "day_labour": pygame.K_5,
    "job_search": pygame.K_6,
}


@dataclass
class Fact:
    label: str
    value: str
    tip: str
    colour: str = "text"


@dataclass
class PathOption:
    key: str
    facts: list[Fact] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def possible(self) -> bool:
        return not self.reasons


def within(p_month: float, months: int) -> float:
    """The chance of at least one success in `months` tries at p_month each."""
    return 1.0 - (1.0 - min(max(p_month, 0.0), 1.0)) ** max(months, 0)


def path_options(session) -> list[PathOption]:
    """Every path with what the household can know of it now."""
    eng, h, p = session.engine, session.player, session.params
    hv, pol, inc = session.household(), p.policy, p.income
    pv = views.path_preview(eng, h)
    offer, boosted, seekers = pv.job_offer_per_month, pv.job_offer_after_course, pv.job_seekers
    living = views.budget(eng, h).living_cost_yuan
    remit = pv.remittance_yuan_per_month
    sellers = pv.businesses_in_town
    costs = [tr.start_up_cost_yuan for tr in p.trades]
    horizon = max(1, p.months - hv.month)
    out: dict[str, PathOption] = {k: PathOption(k) for k in ORDER}

    o = out["retrain"]
    o.facts = [
        Fact(t("path.fact.course"), months_text(pol.retraining_months), t("path.fact.course.tip")),
        Fact(
            t("path.fact.stipend"),
            yuan_month(pol.retraining_stipend_yuan_per_month),
            t("path.fact.stipend.tip"),
        ),
        Fact(
            t("path.fact.offer_after"),
            t("unit.per_month", value=pct(boosted, 1)),
            t(
                "path.fact.offer_after.tip",
                boost=f"{pol.retraining_offer_boost:g}",
                now=pct(offer, 1),
            ),
            "good",
        ),
        Fact(
            t("path.fact.job_within_year"),
            pct(within(boosted, max(0, 12 - pol.retraining_months))),
            t("path.fact.job_within_year.tip", wage=yuan_month(inc.wage_job_yuan_per_month)),
        ),
    ]
    o = out["retire"]
    eligible = pv.retirement_eligible
    age_ret = pol.retirement_age_women if hv.female else pol.retirement_age_men
    o.facts = [
        Fact(
            t("path.fact.allowance"),
            yuan_month(inc.internal_retirement_allowance_yuan_per_month),
            t("path.fact.allowance.tip"),
        ),
        Fact(
            t("path.fact.statutory_age"),
            t("unit.years", n=f"{age_ret:g}"),
            t("path.fact.statutory_age.tip", years=f"{pol.internal_retirement_years_before:g}"),
        ),
        Fact(
            t("path.fact.your_age"),
            t("unit.years", n=int(hv.age)),
            t("path.fact.your_age.tip"),
            "good" if eligible else "warn",
        ),
        Fact(
            t("path.fact.insurance"),
            t("path.fact.insurance.stops"),
            t("path.fact.insurance.stops.tip"),
            "warn",
        ),
    ]
    o = out["migrate"]
    o.facts = [
        Fact(
            t("path.fact.migrant_wage"),
            yuan_month(inc.migrant_wage_yuan_per_month),
            t("path.fact.migrant_wage.tip"),
        ),
        Fact(
            t("path.fact.sent_home"),
            yuan_month(remit),
            t("path.fact.sent_home.tip", share=pct(inc.remittance_share_of_migrant_wage)),
            "good",
        ),
        Fact(
            t("path.fact.home_spending"),
            pct(pv.migrant_family_spending_share),
            t("path.fact.home_spending.tip"),
        ),
    ]
    o.facts.append(
        Fact(
            t("path.fact.insurance"),
            t("path.fact.insurance.stops"),
            t("path.fact.insurance.stops.tip"),
            "warn",
        )
    )
    o.note = t("path.note.migrate")
    o = out["self_employ"]
    o.facts = [
        Fact(
            t("path.fact.start_up"),
            t("path.fact.range", low=yuan(min(costs)), high=yuan(max(costs))),
            t("path.fact.start_up.tip"),
        ),
    ]
    if pol.loans_enabled:
        payer = (
            t("path.fact.interest.state")
            if pol.borrower_interest_share <= 0
            else t("path.fact.interest.you", share=pct(pol.borrower_interest_share))
        )
        o.facts += [
            Fact(
                t("path.fact.loan"),
                t(
                    "path.fact.loan.value",
                    amount=yuan(pol.loan_ceiling_yuan),
                    term=months_text(pol.loan_term_months),
                ),
                t("path.fact.loan.tip", payer=payer),
                "good",
            ),
            Fact(
                t("path.fact.certificate"),
                pct(pol.certificate_probability),
                t("path.fact.certificate.tip", delay=months_text(pol.certificate_delay_months)),
            ),
        ]
    else:
        o.facts.append(
            Fact(t("path.fact.loan"), t("path.fact.no_loans"), t("path.fact.no_loans.tip"), "warn")
        )
    o.facts.append(
        Fact(
            t("path.fact.sellers_now"),
            i18n.grouped(sellers),
            t("path.fact.sellers_now.tip"),
            "warn",
        )
    )
    o = out["day_labour"]
    o.facts = [
        Fact(
            t("path.fact.day_rate"),
            # a day's wage in whole yuan, as the pay slips and the month's lines show it
            t("path.fact.day_rate.value", amount=i18n.yuan(pv.day_labour_wage_yuan, 0)),
            t("path.fact.day_rate.tip"),
        ),
        Fact(
            t("path.fact.days_found"),
            # to a tenth: "9 days" at ¥99 beside "¥863 a month" did not add up (8.7 days do)
            t("unit.days_per_month", n=f"{pv.day_labour_days:.1f}".removesuffix(".0")),
            t("path.fact.days_found.tip"),
        ),
        Fact(
            t("path.fact.earned"),
            yuan_month(pv.day_labour_pay_yuan),
            t("path.fact.earned.tip", living=yuan_month(living)),
            "good",
        ),
        Fact(
            t("path.fact.offer_day"),
            t("unit.per_month", value=pct(pv.job_offer_while_day_labour, 1)),
            t("path.fact.offer_day.tip"),
        ),
    ]
    o = out["job_search"]
    o.facts = [
        Fact(
            t("path.fact.offer_now"),
            t("unit.per_month", value=pct(offer, 1)),
            t("path.fact.offer_now.tip"),
        ),
        Fact(
            t("path.fact.job_by_end"),
            pct(within(offer, horizon)),
            t("path.fact.job_by_end.tip", months=months_text(horizon)),
        ),
        Fact(
            t("path.fact.job_wage"),
            yuan_month(inc.wage_job_yuan_per_month),
            t("path.fact.job_wage.tip"),
        ),
        Fact(t("path.fact.seekers"), i18n.grouped(seekers), t("path.fact.seekers.tip"), "warn"),
    ]
    for key, opt in out.items():
        opt.reasons = [reason_text(k, v) for k, v in ChoosePath(h, key).validate(eng)]
    return [out[k] for k in ORDER]


class PathScene(PreRunScene):
    step = "path"
    title_key = "path.title"
    default_focus = "choose.self_employ"

    def __init__(self, app, session, **_: Any) -> None:
        super().__init__(app, session)
        self.options: list[PathOption] = []
        self._confirming: str | None = None  # the path whose confirmation is open over this

    def on_resume(self) -> None:
        super().on_resume()
        self._confirming = None  # (the confirmation closed: yes or no)

    def work_ahead(self) -> None:
        """An idle frame of the confirmation of the business path: the loan office that "yes"
        opens is built ahead, a piece at a time, so the frame that opens it only shows it.
        Taking the path only marks the business as planned, which the office shows nothing of
        (`choose` keeps it across that command: app.unseen_change); a path the rules refuse
        opens nothing."""
        if self._confirming != "self_employ" or not self._possible("self_employ"):
            return
        self.prepare_in_pieces("loan_office", session=self.session)

    def ready_to_show(self) -> bool:
        """The confirmation answered yes closes onto what it opens (DialogScene.waits_on): the loan
        office, once built ahead (or found not to be buildable ahead); any other path at once."""
        if self._confirming != "self_employ" or not self._possible("self_employ"):
            return True
        s = self.session
        return self.app.prepared("loan_office", session=s) or (
            self._ahead_tries.get("loan_office", 0) >= 3
        )

    def _possible(self, key: str) -> bool:
        return any(o.key == key and o.possible for o in self.options)

    def build_content(self, p: Painter) -> None:
        c = self.content
        self.options = path_options(self.session)
        ui_months = int(self.session.household().ui_months_left)
        intro = t("path.intro", months=months_text(ui_months))
        lines = len(fonts.wrap(intro, fonts.get(self.font_px("body")), c.w))
        intro_h = p.line_h("body", 1.2) * lines + self.px(6)
        p.para(intro, pygame.Rect(c.x, c.y, c.w, intro_h), "body", "text_dim", spacing=1.2)
        p.tip(
            pygame.Rect(c.x, c.y, c.w, intro_h), t("path.intro.tip.title"), t("path.intro.tip.body")
        )
        gap = self.px(16)
        cols, rows = 3, 2
        w = (c.w - gap * (cols - 1)) // cols
        top = c.y + intro_h
        hgt = (c.bottom - top - gap * (rows - 1)) // rows
        for i, opt in enumerate(self.options):
            r = pygame.Rect(c.x + (i % cols) * (w + gap), top + (i // cols) * (hgt + gap), w, hgt)
            self._card(p, r, opt, i + 1)

    def _card(self, p: Painter, rect: pygame.Rect, opt: PathOption, number: int) -> None:
        measure = opt.key in MEASURES
        p.panel(
            rect,
            fill="panel",
            border="accent" if opt.key == "self_employ" and opt.possible else "raised",
        )
        tight = rect.h < self.px(220)  # large text on a small window: every pixel for numbers
        pad = self.px(12 if tight else 14)
        inner = rect.inflate(-2 * pad, -2 * pad)
        isz = self.px(24 if tight else 30)
        colour = theme.colour("accent" if opt.possible else "text_disabled")
        draw_icon(p.surface, ICONS[opt.key], pygame.Rect(inner.x, inner.y, isz, isz), colour)
        tx = inner.x + isz + self.px(10)
        role = "body" if tight else "heading"
        title_r = p.text(
            t(f"path.{opt.key}.title"),
            (tx, inner.y - self.px(2)),
            role,
            "text" if opt.possible else "text_disabled",
            bold=True,
            max_w=inner.right - tx,
        )
        tag = t("path.tag.measure") if measure else t("path.tag.other")
        tag_w = fonts.get(self.font_px("small")).size(tag)[0]
        beside = tight and title_r.right + self.px(10) + tag_w <= inner.right
        tag_r = p.text(
            tag,
            (title_r.right + self.px(10), inner.y + self.px(2))
            if beside
            else (tx, inner.y + self.text_h(role, True) - self.px(4)),
            "small",
            "accent" if measure else "text_dim",
        )
        p.tip(tag_r, tag, t("path.tag.measure.tip") if measure else t("path.tag.other.tip"))
        y = max(inner.y + isz + self.px(4 if tight else 8), tag_r.bottom + self.px(4))
        btn_h = self.px(30 if tight else 36)
        line = p.line_h("small", 1.08 if tight else 1.18)
        bottom = inner.bottom - btn_h - self.px(4)
        small = fonts.get(self.font_px("small"))
        blurb = t(f"path.{opt.key}.blurb")
        blurb_lines = len(fonts.wrap(blurb, small, inner.w))
        reason_lines = len(fonts.wrap(opt.reasons[0], small, inner.w)) if opt.reasons else 0
        facts_h = len(opt.facts) * line + (reason_lines * line if reason_lines else 0)
        # The numbers come first: the blurb shows when there is room for it as well, else it
        # is the card title's tooltip (a large text on a small window).
        head = pygame.Rect(inner.x, inner.y, inner.w, y - inner.y)
        p.tip(head, t(f"path.{opt.key}.title"), blurb)
        if y + blurb_lines * p.line_h("small", 1.12) + self.px(2) + facts_h <= bottom:
            y = p.para(
                blurb, pygame.Rect(inner.x, y, inner.w, 0), "small", "text_dim", spacing=1.12
            ) + self.px(2)
        if opt.reasons:
            y = p.para(
                opt.reasons[0], pygame.Rect(inner.x, y, inner.w, 0), "small", "warn"
            ) + self.px(2)
        for f in opt.facts:
            if y + line > bottom:
                from game.ui.widgets import text as wtx

                wtx.report_cut(f.label, "no room on the path card")
                break
            p.fact(
                f.label,
                f.value,
                pygame.Rect(inner.x, y, inner.w, 0),
                f.label,
                f.tip,
                colour=f.colour if opt.possible else "text_disabled",
                role="small",
            )
            y += line
        tip = opt.reasons[0] if opt.reasons else t(f"path.{opt.key}.choose_tip")
        self.button(
            pygame.Rect(inner.x, inner.bottom - btn_h, inner.w, btn_h),
            t("path.choose", path=t(f"path.{opt.key}.title")),
            f"choose.{opt.key}",
            cls="primary" if opt.key == "self_employ" and opt.possible else None,
            enabled=opt.possible,
            shortcut=KEYS[opt.key],
            tooltip=tip,
        )

    def next_text(self) -> str:
        return ""

    def on_action(self, name: str, element) -> None:
        if not name.startswith("choose."):
            return
        key = name.split(".", 1)[1]
        body = t(f"path.{key}.confirm")
        self._confirming = key
        # "yes" on the business path closes once the loan office it opens is built ahead
        # (ready_to_show): a confirmation read for 2-3 frames only left it to its own frame
        dialog = DialogScene.confirm(
            self.app,
            t("path.confirm.title", path=t(f"path.{key}.title")),
            body,
            on_yes=lambda: self.choose(key),
            yes=t("path.confirm.yes"),
            on_no=lambda: self.not_chosen(key),
        )
        dialog.waits_on = ("yes",)
        self.app.push(dialog)

    def not_chosen(self, key: str) -> None:
        """Said no (or Esc): the loan office built ahead while the question was read goes
        now, not when another screen opens (a whole screen's elements and pictures)."""
        if key == "self_employ":
            self.app.drop_prepared()

    def choose(self, key: str) -> list[str]:
        """Take the path; a business goes on to the loan office, every other path to the months."""
        cmd = ChoosePath(self.session.player, key)
        if key == "self_employ":  # (the business marked as planned: the office shows none of it)
            with self.app.unseen_change("loan_office", session=self.session):
                reasons = self.session.submit(cmd)
        else:
            reasons = self.session.submit(cmd)
        if reasons:
            self.app.message(t("path.refused.title"), "\n".join(reasons))
            return reasons
        if key == "self_employ":
            self.session.autosave()
            self.app.open("loan_office", session=self.session)
        else:  # the months, built a piece a frame under this screen first (the path changed them)
            s = self.session
            self.open_when_built("month", lambda: go_month(self.app, s), session=s)
        return []

    def update(self, dt: float) -> None:
        self.opening_step()  # another path taken: the months open once built
