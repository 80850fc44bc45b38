"""The month: the household, the street, the business (or the path), the market, the log, and
the big amber "End month" button (E or Enter).

Opened as `app.open("month", session=session)`. Every decision is a command through
`session.submit`; the screen keeps no game state of its own. After a month the result screen
shows what happened and why; when it closes, the numbers here count to their new values, then
the month's events and (when the loan falls due soon) the loan-due screen follow.
"""

from __future__ import annotations

import pygame

from game import i18n
from game.core import commands as C
from game.i18n import t
from game.ui.focus import ACTIVATE_KEYS
from game.ui.scene import Scene
from game.ui.scenes import month_panels as mp
from game.ui.scenes import unsaved
from game.ui.scenes.month_buttons import MonthButtons
from game.ui.scenes.month_layout import (
    FREE,
    PATHS,
    ButtonSpec,
    MonthLayout,
    compute_layout,
    street_lots,
)
from game.ui.scenes.month_paint import MonthPainting
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import place_near, render_tooltip
from game.ui.widgets.street import StreetView

NAV_KEYS = (pygame.K_TAB, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT)


class MonthScene(MonthButtons, MonthPainting, Scene):
    default_focus = "end_month"
    fade_in = 0.2

    def __init__(self, app, session, **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self.counter = mp.Counter()
        self.street: StreetView | None = None
        self.layout: MonthLayout | None = None
        self.tips: dict[str, str] = {}
        self.hits: list[tuple[pygame.Rect, list[str]]] = []
        self.mouse: tuple[int, int] | None = None
        self.keyboard = False  # last input was a key: show the focused button's tip
        self._moved_focus = False
        self.log_scroll = 0
        self.animate_next = False  # a month just ended: count when the result closes
        self.loan_due_shown = -1  # the month the loan-due screen was last shown
        self.guide_shown = False
        self.next_check = True  # look for events / loan due / the end on the next frame
        self._layer: pygame.Surface | None = None
        self._rows: dict[str, list[mp.Row]] = {}
        self._row_rects: dict[str, pygame.Rect] = {}
        self._log_rect: pygame.Rect | None = None
        self._animate_build = False
        self._result_next = None  # (report, chores) once a month has ended, until the result opens
        self._epilogue_ahead = None  # the ending's epilogue, played while the last result is read
        self._resumed_at = -1
        self._street_dirty = True
        self._specs: list[ButtonSpec] = []
        self._by_name: dict = {}
        self._market_row_h = 26
        self._blocks_beside = True

    # ---- building ---------------------------------------------------------------------

    def build(self) -> None:
        self._make_specs()
        self._by_name = {}
        for sp in self._specs:
            self._by_name[sp.name] = self.button(
                sp.rect,
                sp.text,
                sp.name,
                cls=sp.cls,
                shortcut=sp.shortcut,
                tooltip=sp.tip,
                enabled=sp.enabled,
                on_adjust=sp.on_adjust,
                show_key=sp.show_key,
            )
        self._collect_rows(animate=self._animate_build)
        self._animate_build = False
        self._paint_layer()

    def _make_specs(self) -> None:
        """Lay out the screen and decide every button (text, tooltip, enabled) from the session."""
        s = self.session
        self.layout = L = compute_layout(self.size, self.scale)
        self.tips = {}
        self._specs: list[ButtonSpec] = []
        if self.street is None:
            self.street = StreetView(
                L.street, scale=self.scale, palette=self.pal, mill_running=self._mill_running()
            )
        else:
            if self.street.rect != L.street or self.street.scale != self.scale:
                self.street.set_rect(L.street, self.scale)
            if self.street.palette is not self.pal:
                self.street.set_palette(self.pal)
            self.street.set_mill_running(self._mill_running())
        self._street_dirty = True  # new lots go in on the next frame: a repaint costs ~20-40 ms
        self._build_household(L.household)
        if s.household().trade >= 0:
            self._build_business(L.business)
        else:
            self._build_path(L.business)
        self._build_actions(L.actions)
        self._build_unsaved(L.log)

    def sync_street(self) -> None:
        """Give the street its new lots (after a month or a decision): one repaint if changed."""
        if self.street is not None:
            self.street.set_lots(self._lots())
        self._street_dirty = False

    # ---- numbers --------------------------------------------------------------------------
    def _collect_rows(self, animate: bool) -> None:
        s = self.session
        compact = self.layout.compact if self.layout is not None else False
        rows = {"household": mp.household_rows(s, compact=compact)}
        if s.household().trade >= 0:
            stall = mp.business_rows(s)
            beside = getattr(self, "_blocks_beside", True)
            rows["business"] = stall if beside else []
            rows["market"] = mp.market_rows(s) + ([] if beside else stall)
        for group in rows.values():
            self.counter.sync(group, animate)
        self._rows = rows

    def _mill_running(self) -> bool:
        workers = self.session.curves().town["soe_worker"]
        if not workers:
            return True
        start = max(1, int(self.session.town().soe_workers_at_start or workers[0]))
        return workers[-1] >= 0.5 * start

    def _lots(self) -> list[dict]:
        return street_lots(self.session)

    # ---- per frame ---------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self._result_next is not None:
            if self.app.frames > self._result_next[2]:
                self._open_result()
            return
        self.counter.tick(dt)
        if self._street_dirty:
            self.sync_street()
        if self.street is not None:
            self.street.update(dt)
        # One frame is drawn between a dialog closing and the next opening, so what shows
        # under the next dialog is this screen as it is now (the app reuses that picture).
        if self.next_check and self.app.top is self and self.app.frames > self._resumed_at:
            self.next_check = False
            self._next_step()

    def draw_background(self, surface: pygame.Surface) -> None:
        if self._layer is None:
            surface.fill(rgb(self.pal.background))
            return
        surface.blit(self._layer, (0, 0))
        self.hits = []
        for group, rows in self._rows.items():
            base = self._row_rects.get(group)
            if base is None:
                continue
            if group == "business":
                self.hits += mp.draw_blocks(
                    surface, base, rows, self.counter, self.pal, self.scale, self.px(44)
                )
                continue
            row_h = self._row_h if group == "household" else self._market_row_h
            rect = pygame.Rect(base.x, base.y, base.w, mp.rows_height(rows, row_h, self.scale))
            self.hits += mp.draw_rows(
                surface, rect, rows, self.counter, self.pal, self.scale, row_h
            )
        self.hits += getattr(self, "_overview_hits", [])
        self._draw_log(surface)
        if self.street is not None:
            self.street.draw(surface)

    def tooltip(self) -> tuple[list[str], pygame.Rect] | None:
        """What to explain now: the number under the mouse, or the focused button (keyboard)."""
        if self.mouse is not None and not self.keyboard:
            for rect, lines in self.hits:
                if rect.collidepoint(self.mouse):
                    return lines, rect
        elif self.keyboard and self._moved_focus and self.focus.focused is not None:
            name = self.focus.focused.name
            street_tip = (
                name == "street" and self.street is not None and self.street.focused_lot is not None
            )
            if (
                name in self.tips and not street_tip
            ):  # a focused shop shows the street's own tooltip
                return [self.tips[name]], self.focus.focused.element.rect
        return None

    def tip_goes_above(self, rect: pygame.Rect) -> bool:
        return self.layout is not None and self.layout.actions.colliderect(rect)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        super().draw_overlay(surface)
        tip = self.tooltip()
        if tip:
            surf, _ = render_tooltip(tip[0], self.pal, self.scale)
            # a tip for a button of the bottom row goes above it, never over the log beside it
            above = self.tip_goes_above(tip[1])
            where = place_near(
                surf.get_size(), tip[1], surface.get_rect(), gap=self.px(8), prefer_above=above
            )
            surface.blit(surf, where)

    # ---- input -------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            self.keyboard = False
            if self.street is not None:
                self.street.handle_event(event)
        elif (
            event.type == pygame.MOUSEWHEEL
            and self._log_rect is not None
            and self.mouse is not None
            and self._log_rect.collidepoint(self.mouse)
        ):
            self.log_scroll = max(0, self.log_scroll - event.y)
            return True
        elif event.type == pygame.KEYDOWN:
            self.keyboard = True
            self._last_key = event.key
            # The focused button explains itself once the player moves to it (not after
            # Enter or a shortcut, when the tip would only hide the buttons around it).
            self._moved_focus = event.key in NAV_KEYS
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.log_scroll = max(
                0, self.log_scroll + (3 if event.key == pygame.K_PAGEDOWN else -3)
            )
            return True
        used = super().handle_event(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == pygame.BUTTON_LEFT:
            # Mouse players: Enter always ends the month (keyboard players move the focus).
            if self.street is not None and self.street.handle_event(event):
                self.focus.focus_name("street")
            else:
                self.focus.focus_name("end_month")
        focused = self.focus.focused
        if (
            self.street is not None
            and (focused is None or focused.name != "street")
            and self.keyboard
        ):
            self.street.clear_focus()
        return used

    def _street_step(self, direction: int) -> None:
        if self.street is None:
            return
        if direction > 0:
            self.street.focus_next()
        else:
            self.street.focus_prev()

    def _price_adjust(self, direction: int) -> None:
        self._act("price_up" if direction > 0 else "price_down")

    def _hours_adjust(self, direction: int) -> None:
        self._act("hours_up" if direction > 0 else "hours_down")

    def on_back(self) -> None:
        self._act("menu")

    def on_button(self, name: str, element) -> None:
        self._act(name)
        # A click or a shortcut key leaves Enter on "End month"; a button reached with Tab or
        # the arrows and pressed with Enter/Space keeps the focus (keyboard navigation).
        navigated = self.keyboard and getattr(self, "_last_key", None) in ACTIVATE_KEYS
        if not navigated and self.app.top is self and name not in ("street",):
            self.focus.focus_name("end_month")

    def _act(self, name: str) -> None:
        s, h = self.session, self.session.player
        hv = s.household()
        if name == "end_month":
            self.end_month()
        elif name == "charts":
            self.app.open("charts", session=s)
        elif name == "menu":
            self.app.open("run_menu", session=s, on_leave=self._to_title)
        elif name == "save_elsewhere":
            unsaved.choose_folder(self.app, s)
        elif name == "street":
            self._street_step(1)
        elif name == "school":
            self._submit(C.SetSchoolFees(h, not bool(hv.pay_school_fees)))
        elif name == "doctor":
            self._submit(C.SetDoctor(h, not bool(hv.see_doctor)))
        elif name == "repay":
            self._repay()
        elif name == "borrow":
            self._borrow()
        elif name in ("price_up", "price_down", "hours_up", "hours_down"):
            self._step(name)
        elif name == "agreement":
            self._agreement()
        elif name == "close":
            salvage = float(hv.capital) * s.params.behaviour.salvage_share
            self.app.confirm(
                t("month.close.title"),
                t("month.close.body", salvage=mp.yuan(salvage)),
                on_yes=lambda: self._submit(C.CloseBusiness(h)),
                yes=t("month.close.yes"),
            )
        elif name.startswith("path_"):
            path = name[5:]
            body = t(f"month.tip.path.{path}", **self._path_values())
            self.app.confirm(
                t(f"month.path.button.{path}"),
                body,
                on_yes=lambda: self._submit(C.ChoosePath(h, path)),
                yes=t("month.path.confirm"),
            )
        elif name == "start_business":
            self.start_business()
        elif name == "return_home":
            self.app.confirm(
                t("month.path.button.return_home"),
                t("month.tip.return_home", months=i18n.months(int(hv.ui_months_left))),
                on_yes=lambda: self._submit(C.ReturnHome(h)),
                yes=t("month.path.confirm"),
            )

    def _repay(self) -> None:
        """How much of the bank loan to repay now: typed, up to the cash and the loan."""
        from game.ui.scenes.amount import AmountDialog

        s, h = self.session, self.session.player
        hv = s.household()
        principal = float(hv.loan_principal)
        high = float(int(min(principal, max(float(hv.cash), 0.0))))
        if high < 1:
            return
        self.app.push(
            AmountDialog(
                self.app,
                t("month.repay.title"),
                t("month.repay.body", amount=mp.yuan(high), principal=mp.yuan(principal)),
                low=1,
                high=high,
                value=min(high, float(round(principal / 2, -2)) or high),
                on_ok=lambda amount: self._submit(C.RepayLoan(h, float(amount))),
                ok=t("month.repay.yes"),
                quick=[(t("month.repay.all_i_can"), high)],
            )
        )

    def _borrow(self) -> None:
        """How much to borrow from family and lenders: typed, up to what they would lend."""
        from game.ui.scenes.amount import AmountDialog

        s, h = self.session, self.session.player
        room = float(int(s.budget().informal_room_yuan))
        if room < 1:
            return
        rate = s.params.income.informal_rate_per_month
        self.app.push(
            AmountDialog(
                self.app,
                t("month.borrow.title"),
                t(
                    "month.borrow.body",
                    amount=mp.yuan(room),
                    rate=i18n.percent(rate),
                    interest=mp.yuan(room * rate),
                ),
                low=1,
                high=room,
                value=self._borrow_amount(),
                on_ok=lambda amount: self._submit(C.BorrowInformally(h, float(amount))),
                ok=t("month.borrow.yes"),
            )
        )

    def _agreement(self) -> None:
        """Join or leave the trade's agreement, or put one to the other sellers."""
        s, h = self.session, self.session.player
        cmd = getattr(self, "_agreement_cmd", None) or C.JoinAgreement(h)
        if cmd.kind != "propose_agreement":
            self._submit(cmd)
            return
        values = mp.proposal_values(s)

        def propose() -> None:
            if self._submit(cmd):
                return
            out = s.last_outcome
            key = "formed" if out.get("outcome") == "agreement_formed" else "refused"
            self.app.message(
                t(f"month.agreement.{key}.title"),
                t(
                    f"month.agreement.{key}.body",
                    **{
                        **values,
                        "joined": int(out.get("joined", 0)),
                        "sellers": int(out.get("sellers", values.get("sellers", 0))),
                    },
                ),
            )

        self.app.confirm(
            t("month.agreement.propose.title"),
            t("month.agreement.propose.body", **values),
            on_yes=propose,
            yes=t("month.agreement.propose.yes"),
        )

    def _step(self, name: str) -> None:
        s, h = self.session, self.session.player
        hv = s.household()
        if hv.trade < 0:
            return
        what, way = name.split("_")
        sign = 1 if way == "up" else -1
        if what == "price":
            step = mp.nice_step(s.params.trades[int(hv.trade)].start_price_yuan)
            self._submit(C.SetPrice(h, round(float(hv.price) + sign * step, 2)))
        else:
            self._submit(C.SetHours(h, float(hv.hours) + sign * 26))

    def _submit(self, cmd) -> list[str]:
        reasons = self.session.submit(cmd)
        if reasons:
            self.app.message(t("month.cannot.title"), "\n".join(reasons))
        else:
            self.session.autosave()  # a decision is never lost to a quit before the month ends
        self.refresh()
        return reasons

    def refresh(self, animate: bool = False) -> None:
        """Bring the screen up to date with the session (after a decision or a month).

        When the same buttons stay in the same places, they are updated in place (text,
        enabled, tooltip): much cheaper than building them again (~1.5 ms a button)."""
        if not self.built:
            return
        old = [sp.key() for sp in self._specs]
        self._make_specs()
        if [sp.key() for sp in self._specs] != old:
            self._animate_build = animate
            self._build()
            return
        for sp in self._specs:
            el = self._by_name.get(sp.name)
            if el is None or not el.alive():
                self._animate_build = animate
                self._build()
                return
            if el.text != sp.text:
                el.set_text(sp.text)
            if sp.enabled and not el.is_enabled:
                el.enable()
            elif not sp.enabled and el.is_enabled:
                el.disable()
            el.irb_tip = sp.tip
        for item in self.focus.items:
            sp = next((x for x in self._specs if x.name == item.name), None)
            if sp is not None:
                item.on_adjust = sp.on_adjust
        self._collect_rows(animate=animate)
        self._paint_layer()

    def start_business(self) -> None:
        s, h = self.session, self.session.player
        hv, pol = s.household(), s.params.policy
        if not hv.plans_business and s.status in FREE:
            s.submit(C.ChoosePath(h, "self_employ"))
        wants_loan = pol.loans_enabled and hv.loan_principal <= 0 and not hv.blacklisted
        self.app.open("loan_office" if wants_loan else "business", session=s)

    def _to_title(self) -> None:
        self.app.go_home()

    # ---- the month ends ------------------------------------------------------------------------
    def end_month(self) -> None:
        s = self.session
        if s.engine.done:
            self.next_check = True
            return
        if s.pending_events:
            self.next_check = True
            return
        # The autosave (~25 ms) and the street's repaint (~20-40 ms) run in the result screen's
        # next frames, so no frame takes them all at once.
        autosave = bool(getattr(s, "autosave_enabled", False))
        s.autosave_enabled = False
        try:
            report = s.end_month()
        finally:
            s.autosave_enabled = autosave
        chores = ([s.autosave] if autosave else []) + [self.sync_street]
        if s.engine.done and not s.pending_events:  # the last month: the epilogue, ahead
            chores.append(self._play_epilogue_ahead)
        self.animate_next = True
        # The result screen opens on the next frame: the month's resolution and the result's
        # layout do not share one frame.
        self._result_next = (report, chores, self.app.frames)

    @property
    def busy(self) -> bool:
        """A month has ended and its result (or an event, the loan, the end) is about to open."""
        return self._result_next is not None or self.next_check

    def _open_result(self) -> None:
        report, chores, _frame = self._result_next
        self._result_next = None
        self.app.open("result", session=self.session, report=report, chores=chores)

    def on_resume(self) -> None:
        self._resumed_at = self.app.frames
        if self.animate_next:
            self.animate_next = False
            self.log_scroll = 0
            self.refresh(animate=True)
        else:
            self.refresh()
        self.next_check = True

    def _next_step(self) -> None:
        """What must happen before the player decides: the end, events, the loan falling due."""
        s = self.session
        if s.over or s.engine.done:
            self.app.replace(self._ending())
            return
        if s.pending_events:
            self.app.open("event", session=s, event=s.pending_events[0])
            return
        hv = s.household()
        if (
            hv.loan_principal > 0
            and int(hv.loan_due_month) - s.month <= 1
            and self.loan_due_shown != s.month
        ):
            self.loan_due_shown = s.month
            self.app.open("loan_due", session=s)
            return
        story = getattr(s.scenario, "story", None)
        if not self.guide_shown and s.month == 0 and getattr(story, "guided", False):
            self.guide_shown = True
            self.app.message(t("month.guide.title"), t("month.guide.body"))

    def _play_epilogue_ahead(self) -> None:
        from game.ui.scenes.ending import EpilogueAhead

        self._epilogue_ahead = EpilogueAhead(self.session)

    def _ending(self) -> Scene:
        from game.ui.scenes.ending import EndingScene

        return EndingScene(self.app, session=self.session, ahead=self._epilogue_ahead)


__all__ = [
    "FREE",
    "PATHS",
    "ButtonSpec",
    "MonthLayout",
    "MonthScene",
    "compute_layout",
    "street_lots",
]
