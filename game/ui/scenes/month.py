"""The month: the household, the street, the business (or the path), the market (or the town's
overview), the log, and the big amber "End month" button (E or Enter).

Opened as `app.open("month", session=session)`. The screen is composed of panels
(game/ui/panel_base.py): each owns its rect, its buttons (the command, dialog or route a press
means is on the button's spec), its picture and its tooltips. The scene lays them out, makes
their buttons once and updates them in place after a decision or a month (text, enabled,
tooltip, position), and routes events to them. Every decision is a command through
`session.submit`; the screen keeps no game state of its own. After a month the result screen
shows what happened and why; when it closes, the numbers here count to their new values, then
the month's events and (when the loan falls due soon) the loan-due screen follow.
"""

from __future__ import annotations

import time
from typing import Any

import pygame

from game.i18n import t
from game.ui import heap
from game.ui.focus import ACTIVATE_KEYS
from game.ui.panel_base import AskAmount, ButtonSpec, Hit
from game.ui.prepared import run_moment
from game.ui.scene import Scene
from game.ui.scenes.month_actions import ActionsPanel, StreetPanel
from game.ui.scenes.month_business import BusinessPanel, MarketPanel
from game.ui.scenes.month_household import HouseholdPanel
from game.ui.scenes.month_layout import (
    FREE,
    PATHS,
    MonthLayout,
    MonthPanel,
    compute_layout,
    street_lots,
)
from game.ui.scenes.month_log import LogPanel
from game.ui.scenes.month_path import OverviewPanel, PathPanel
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel, render_tooltip

BUTTONS_A_PIECE = 2  # made or updated in a piece of a build ahead (~1.5 ms a button made)
REFRESH_BUDGET_S = 0.004  # an idle frame's time for the refresh under the result
NAV_KEYS = (pygame.K_TAB, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT)


class MonthScene(Scene):
    default_focus = "end_month"
    fade_in = 0.2

    def __init__(self, app, session, **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self.household = HouseholdPanel(self)
        self.business = BusinessPanel(self)
        self.market = MarketPanel(self, self.business)
        self.path = PathPanel(self)
        self.overview = OverviewPanel(self)
        self.log = LogPanel(self)
        self.street = StreetPanel(self)
        self.actions = ActionsPanel(self, self.street)
        self.layout: MonthLayout | None = None
        self.specs: dict[str, ButtonSpec] = {}  # the buttons shown now, by name
        self.tips: dict[str, str] = {}
        self.mouse: tuple[int, int] | None = None
        self.keyboard = False  # last input was a key: show the focused button's tip
        self._moved_focus = False
        self._last_key: int | None = None
        self.animate_next = False  # a month just ended: count when the result closes
        self.loan_due_shown = -1  # the month the loan-due screen was last shown
        self.guide_shown = False
        self.next_check = True  # look for events / loan due / the end on the next frame
        self._layer: pygame.Surface | None = None
        self._with_business = False
        self._shape: list[tuple] = []  # what the buttons were made of (a change: make anew)
        self._result_next: tuple | None = None  # (report, chores, frame) once a month ended
        self._epilogue_ahead: Any = (
            None  # the ending's epilogue, played while the last result is read
        )
        self._resumed_at = -1
        self._modal_ahead: tuple | None = None  # (route, kwargs, modal) painted, shown next frame
        self._refreshed_for: tuple | None = None  # the run's moment work_ahead refreshed for
        self._skip_resume_refresh = False
        self._shown_for: tuple | None = None  # the run's moment it was built or refreshed at
        self._refreshing: Any = None  # (run's moment, pieces left): a refresh under the result
        self._refreshed = False  # what the last refresh returned
        self._refresh_scroll = 0  # the log's scroll before a refresh under the result
        self._whole = False  # built in one go (build), not a piece an idle frame
        self._ending_ready: tuple | None = None  # (epilogue's mark, the ending made ahead)
        self._ending_since: int | None = None  # the frame the ending began to be painted here

    # ---- panels -----------------------------------------------------------------------------
    @property
    def panels(self) -> list[MonthPanel]:
        """The panels shown now, in the keyboard's focus order of their buttons."""
        middle: list[MonthPanel] = (
            [self.business, self.market] if self._with_business else [self.path, self.overview]
        )
        return [self.household, *middle, self.actions, self.log, self.street]

    @property
    def hits(self) -> list[Hit]:
        """Every number and line under the mouse that explains itself, with its tooltip."""
        return [hit for panel in self.panels for hit in panel.hits]

    @property
    def run_done(self) -> bool:
        return bool(self.session.engine.done)

    def _decide(self) -> list[ButtonSpec]:
        """Lay the panels out and let each decide its buttons from the session."""
        self.layout = L = compute_layout(self.size, self.scale)
        self._with_business = self.session.household().trade >= 0
        where = {
            self.household: L.household,
            self.business: L.business,
            self.path: L.business,
            self.market: L.market,
            self.overview: L.market,
            self.log: L.log,
            self.actions: L.actions,
            self.street: L.street,
        }
        specs = []
        for panel in self.panels:
            panel.place_in(where[panel], L.compact)
            specs += panel.buttons()
        self.specs = {sp.name: sp for sp in specs}
        self.tips = {sp.name: sp.tip for sp in specs}
        return specs

    # ---- building ---------------------------------------------------------------------------
    def build(self) -> None:
        self._whole = True  # (the street is made on the next frame: StreetPanel.update)
        try:
            for _piece in self.build_pieces():
                pass
        finally:
            self._whole = False

    def build_pieces(self):
        """The build in pieces of a few ms (built ahead, app.prepare and prepare_back run one
        an idle frame): the buttons a few at a time, then the panels' numbers, then their
        still picture a panel at a time; built ahead, then the street a few shops a piece."""
        specs = self._decide()
        for i, sp in enumerate(specs):
            self._make_button(sp)
            if i % BUTTONS_A_PIECE == BUTTONS_A_PIECE - 1:
                yield
        self._shape = [(sp.key(), sp.rect.size) for sp in specs]
        self._sync(animate=False)
        yield from self._paint_layer_pieces()
        self._shown_for = self._shown_key()
        if not self._whole:
            yield from self.street.view_pieces()

    def refresh(self, animate: bool = False, rebuild: bool = True) -> bool:
        """Bring the screen up to date with the session (after a decision or a month).

        The same buttons are updated in place (text, enabled, tooltip, position): building
        them again costs ~1.5 ms a button. Only other buttons (a business opened or closed, a
        path taken) or a new size or look make them anew (not with `rebuild` False: then
        nothing is done and False returned)."""
        pieces = self._refresh_pieces(animate, rebuild)
        for _piece in pieces:
            pass
        return self._refreshed

    def _refresh_pieces(self, animate: bool, rebuild: bool):
        """`refresh` in pieces of a few ms (under the result, work_ahead runs one a frame);
        `self._refreshed` says, at the end, what refresh returns."""
        self._refreshed = False
        if not self.built:
            return
        specs = self._decide()
        elements = {item.name: item for item in self.focus.items}
        if [(sp.key(), sp.rect.size) for sp in specs] != self._shape or not all(
            sp.name in elements and elements[sp.name].element.alive() for sp in specs
        ):
            if rebuild:
                yield from self._remake_pieces(specs, animate)
            self._refreshed = rebuild
            return
        yield
        for i, sp in enumerate(specs):
            item = elements[sp.name]
            self._update_button(item.element, sp)
            item.on_adjust = sp.on_adjust
            if i % BUTTONS_A_PIECE == BUTTONS_A_PIECE - 1:
                yield
        self._sync(animate)
        yield from self._paint_layer_pieces()
        self._shown_for = self._shown_key()
        self._refreshed = True

    def _remake_pieces(self, specs: list[ButtonSpec], animate: bool):
        """Other buttons than before (a path taken, a business opened, an event's choice):
        those made the same way as before are kept and updated in place, only the others are
        let go or made (~1.5 ms a button made), a few a piece; then the numbers and the
        picture, as a build does. (Under a dialog, the picture of the screen below it is the
        one taken when it opened: the buttons made meanwhile show when it closes.)"""
        self._ahead_tries.clear()  # (what comes next is built ahead again)
        made = {key[0]: (key, size) for key, size in self._shape}
        items = {item.name: item for item in self.focus.items}
        keep = {
            sp.name: items[sp.name]
            for sp in specs
            if sp.name in items
            and items[sp.name].element.alive()
            and made.get(sp.name) == (sp.key(), sp.rect.size)
        }
        kept = {id(item.element) for item in keep.values()}
        for element in self._elements:
            if id(element) not in kept:
                element.kill()
        self._elements = [e for e in self._elements if id(e) in kept]
        self._names = {i: name for i, name in self._names.items() if i in kept}
        self.focus.clear()  # (remembers the focused button's name)
        made_now = 0
        for sp in specs:  # in the keyboard's order, as a build adds them
            item = keep.get(sp.name)
            if item is None:
                self._make_button(sp)
                made_now += 1
                if made_now % BUTTONS_A_PIECE == 0:
                    yield
                continue
            self._update_button(item.element, sp)
            self.focus.add(item.element, sp.name, sp.shortcut, sp.show_key, sp.on_adjust)
        self._shape = [(sp.key(), sp.rect.size) for sp in specs]
        yield
        self._sync(animate)
        yield from self._paint_layer_pieces()
        self._shown_for = self._shown_key()
        self.focus.restore(self.default_focus)

    def _make_button(self, sp: ButtonSpec) -> None:
        self.button(
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

    @staticmethod
    def _update_button(el, sp: ButtonSpec) -> None:
        if el.rect.topleft != sp.rect.topleft:
            el.set_position(sp.rect.topleft)
        if el.text != sp.text:
            el.set_text(sp.text)
        if sp.enabled and not el.is_enabled:
            el.enable()
        elif not sp.enabled and el.is_enabled:
            el.disable()
        el.irb_tip = sp.tip

    def _teardown(self) -> None:
        self._refreshing = None  # (a refresh under way was for the buttons being let go)
        super()._teardown()

    def _sync(self, animate: bool) -> None:
        for panel in self.panels:
            panel.sync(animate)

    def _shown_key(self) -> tuple:
        """What the screen shows from the session: the run's moment, and whether the run
        could be saved (the log's "save elsewhere" button)."""
        return (run_moment(self.session), bool(getattr(self.session, "unsaved", False)))

    def on_shown(self) -> None:
        from game.ui.scenes import business_cards  # noqa: PLC0415

        # the set-up screens are over (not when built ahead: under the loan office's "wait"
        # the business's cards may still be wanted)
        self.app.ahead_parts.drop(business_cards.AHEAD)

    def ahead_mark(self) -> tuple:
        """Built ahead (app.prepare: under the dialog that opens the business), it is shown
        while the run has not moved on."""
        return run_moment(self.session)

    def forget_pictures(self) -> None:
        """Covered by a screen (the charts, the ending, the debrief): the still picture (3.5 MB
        at 1280x720) is painted again by build() when it shows again."""
        self._layer = None

    def _paint_layer(self) -> None:
        for _piece in self._paint_layer_pieces():
            pass

    def _paint_layer_pieces(self):
        """The panels' still picture, repainted when something changes: the panels' frames
        (with their shadows), then a panel a piece (the picture is shown only when it is done:
        under a dialog the app shows the picture it took, and back on top a refresh under way
        is finished first). The frames are drawn again each time (~0.8 ms at 1280x720) rather
        than kept as a second window-sized picture to copy from (3.5 MB, issue 17)."""
        framed = [p for p in self.panels if p not in (self.actions, self.street)]
        layer = self._layer
        if layer is None or layer.get_size() != tuple(self.size):
            # made in the window's pixel format: no conversion (~2 ms at 720p) after painting
            window = pygame.display.get_surface()
            layer = pygame.Surface(self.size, 0, window) if window else pygame.Surface(self.size)
        layer.fill(rgb(self.pal.background))
        for panel in framed:
            draw_panel(layer, panel.rect, self.pal, self.scale)
        yield
        for panel in framed:
            panel.paint(layer)
            yield
        self._layer = layer

    # ---- per frame ----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.opening_step():  # a screen asked for opens once built (its pieces a frame)
            return
        if self._result_next is not None:
            if self.app.frames > self._result_next[2]:
                self._open_result()
            return
        for panel in self.panels:
            panel.update(dt)
        # One frame is drawn between a dialog closing and the next opening, so what shows
        # under the next dialog is this screen as it is now (the app reuses that picture).
        # The street is made on the frame after the build: a dialog opened before it would
        # cover (and pause) a screen with an empty street above it.
        ready = self.street.view is not None
        if (
            self.next_check
            and ready
            and self.app.top is self
            and self.app.frames > self._resumed_at
        ):
            self.next_check = False
            self._next_step()
        elif ready and not self.busy and not self._with_business:
            # a business planned, the certificate granted: the loan office "start a business"
            # opens, built a piece an idle frame
            route = self.path.next_screen()
            if route is not None:
                self.prepare_next(route, session=self.session)

    def draw_background(self, surface: pygame.Surface) -> None:
        view = self.street.view
        if view is not None and self.app.top is not self:
            # under a dialog (the result, an event): no shop's tooltip left from the pointer,
            # dimmed beside the dialog (the pointer is on the dialog now)
            view.set_hover(None)
        if self._layer is None:
            surface.fill(rgb(self.pal.background))
            return
        surface.blit(self._layer, (0, 0))
        for panel in self.panels:
            panel.draw(surface)

    def tooltip(self) -> tuple[list[str], pygame.Rect] | None:
        """What to explain now: the number under the mouse, or the focused button (keyboard)."""
        if self.mouse is not None and not self.keyboard:
            for panel in self.panels:
                hit = panel.tooltip_at(self.mouse)
                if hit is not None:
                    return hit[1], hit[0]
        elif self.keyboard and self._moved_focus and self.focus.focused is not None:
            name = self.focus.focused.name
            # a focused shop shows the street's own tooltip
            if name in self.tips and not (name == "street" and self.street.focused_shop()):
                return [self.tips[name]], self.focus.focused.element.rect
        return None

    def tip_goes_above(self, rect: pygame.Rect) -> bool:
        return self.layout is not None and self.layout.actions.colliderect(rect)

    def tip_anchor(self, rect: pygame.Rect) -> pygame.Rect:
        """A tip goes off its panel (a household decision's tip lay on the decisions under it,
        a path's on the household's buttons), beside it or beside the panel. A button of the
        bottom-right block goes above the whole block (End month's tip, above End month alone,
        covered the Street, Charts and Menu buttons over it), never over the log beside it."""
        if not self.tip_goes_above(rect):
            return rect
        top = self.layout.actions.top
        return pygame.Rect(rect.x, top, rect.w, max(rect.bottom - top, 1))

    def tip_keep_clear(self, rect: pygame.Rect) -> list[pygame.Rect]:
        """The panel `rect` lies in (the one its tip explains); the log too for the
        bottom-right block's buttons."""
        if self.layout is None:
            return []
        keep = [p for p in self.layout.panels() if p.collidepoint(rect.center)][:1]
        if self.tip_goes_above(rect):
            keep.append(self.layout.log)
        return keep

    def draw_overlay(self, surface: pygame.Surface) -> None:
        super().draw_overlay(surface)
        tip = self.tooltip()
        if tip:
            surf, _ = render_tooltip(tip[0], self.pal, self.scale)
            surface.blit(surf, self.tip_place(surf.get_size(), tip[1], surface.get_rect()))

    # ---- input --------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            self.keyboard = False
            self.street.handle_event(event)
        elif event.type == pygame.KEYDOWN:
            self.keyboard = True
            self._last_key = event.key
            # The focused button explains itself once the player moves to it (not after
            # Enter or a shortcut, when the tip would only hide the buttons around it).
            self._moved_focus = event.key in NAV_KEYS
        if self.log.handle_event(event):
            return True
        used = super().handle_event(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == pygame.BUTTON_LEFT:
            # Mouse players: Enter always ends the month (keyboard players move the focus).
            if self.street.handle_event(event):
                self.focus.focus_name("street")
            else:
                self.focus.focus_name("end_month")
        focused = self.focus.focused
        if (focused is None or focused.name != "street") and self.keyboard:
            self.street.clear_focus()
        return used

    def on_back(self) -> None:
        self.open_menu()

    def on_button(self, name: str, element) -> None:
        if self.settling:
            return  # (a screen asked for opens in a moment)
        self.press(name)
        # A click or a shortcut key leaves Enter on "End month"; a button reached with Tab or
        # the arrows and pressed with Enter/Space keeps the focus (keyboard navigation).
        navigated = self.keyboard and self._last_key in ACTIVATE_KEYS
        if not navigated and self.app.top is self and name != "street":
            self.focus.focus_name("end_month")

    # ---- what a button does -------------------------------------------------------------------
    def press(self, name: str) -> None:
        """Do what the button `name` shown now says: its spec carries it."""
        sp = self.specs.get(name)
        if sp is None:
            return
        if sp.action is not None:
            sp.action()
        elif sp.route is not None:  # (the charts: built in pieces over a frame or two first)
            route = sp.route
            self.open_when_built(
                route, lambda: self.app.open(route, session=self.session), session=self.session
            )
        elif sp.ask is not None:
            self._ask_amount(sp)
        elif sp.command is not None and sp.confirm is not None:
            ask = sp.confirm
            self.app.confirm(ask.title, ask.body, on_yes=lambda: self._submit_spec(sp), yes=ask.yes)
        elif sp.command is not None:
            self._submit_spec(sp)

    def _ask_amount(self, sp: ButtonSpec) -> None:
        from game.ui.scenes.amount import AmountDialog

        ask = sp.ask
        assert ask is not None
        self.app.push(
            AmountDialog(
                self.app,
                ask.title,
                ask.body,
                low=ask.low,
                high=ask.high,
                value=ask.value,
                on_ok=lambda amount: self._submit_amount(ask, amount),
                ok=ask.ok,
                quick=list(ask.quick) or None,
            )
        )

    def _submit_amount(self, ask: AskAmount, amount: float) -> None:
        self.submit(ask.command(amount))

    def _submit_spec(self, sp: ButtonSpec) -> None:
        if not self.submit(sp.command) and sp.then is not None:
            sp.then()

    def submit(self, cmd) -> list[str]:
        """A decision: the engine's reasons when it refuses, else saved at once and shown."""
        reasons = self.session.submit(cmd)
        if reasons:
            self.app.message(t("month.cannot.title"), "\n".join(reasons))
        else:
            self.session.autosave()  # a decision is never lost to a quit before the month ends
        self.refresh()
        return reasons

    def open_menu(self) -> None:
        self.app.open("run_menu", session=self.session, on_leave=self._to_title)

    def end_month_tip(self, months_left: str) -> str:
        return t("month.tip.end_month", months=months_left)

    def _to_title(self) -> None:
        self.app.go_home()

    # ---- the month ends -----------------------------------------------------------------------
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
        # The street first: a player who continues at once (the bot, a quick click) finds it
        # repainted in its own frame, and only the autosave's snapshot (~2-5 ms) is left to
        # the click's frame.
        # (the street of the new month is painted a piece a frame after these: work_ahead)
        chores = [s.autosave] if autosave else []
        if s.over and not s.pending_events:  # the end (the last month, or the household can
            chores.append(self._play_epilogue_ahead)  # go on no more): its epilogue, ahead
        self.animate_next = True
        # The result screen opens on the next frame: the month's resolution and the result's
        # layout do not share one frame.
        self._result_next = (report, chores, self.app.frames)

    def work_ahead(self) -> None:
        """An idle frame of a screen over the month (its result, an event, a dialog): a piece
        of what this screen shows when it is back on top. First its street, a few shops a
        frame; then, under a month's result, its numbers, words and buttons for the new month
        (in a frame of their own), so the frame that closes the result only shows them."""
        if self._ending_ahead_piece():
            return
        if not self.street.paint_ahead() or self._result_next or not self._behind():
            return
        if self._refreshing is None or self._refreshing[0] != run_moment(self.session):
            if self._refreshing is None:
                self._refresh_scroll, self.log.scroll = self.log.scroll, 0
            pieces = self._refresh_pieces(animate=self.animate_next, rebuild=True)
            self._refreshing = (run_moment(self.session), pieces)  # (the run moved: again)
        # pieces while this frame has spent less than a few ms on them: the cheap ones (a
        # button whose words did not change) share a frame, so the result read for less than
        # a second still closes on a month brought up to date
        start = time.perf_counter()
        try:
            while True:  # (at least one)
                next(self._refreshing[1])
                if time.perf_counter() - start >= REFRESH_BUDGET_S:
                    return
        except StopIteration:
            pass
        self._refreshed_under_the_result()

    def _behind(self) -> bool:
        """Under a screen over it, the run moved on from what this screen shows (a month
        ended, an event was answered) and it has not yet been brought up to date."""
        if self._refreshed_for == run_moment(self.session):
            return False
        return self.animate_next or self._shown_for != self._shown_key()

    def ready_to_show(self) -> bool:
        """Back on top now, it would only show what it has (a dialog closing waits for this,
        Scene.close_when_below_ready): its street painted for the run as it stands, and its
        numbers, words and buttons brought up to date (work_ahead)."""
        if not self.built or self._result_next is not None:
            return True
        if self.session.over:  # the ending opens next, not this screen
            ahead = self._epilogue_ahead
            ending = self._ending_ready
            return ahead is None or (
                ending is not None and ending[0] == ahead.mark and ending[1].painted_ahead()
            )
        if not self.street.painted_for_now():
            return False
        return not self._behind()

    def _ending_ahead_piece(self) -> bool:
        """Under the last month's result, once its epilogue is played (EpilogueAhead): the
        ending made and painted a piece a frame, so the frame that opens it only shows it.
        True while a piece was done in this frame."""
        ahead = self._epilogue_ahead
        if ahead is None or ahead.thread.is_alive() or not self.session.over:
            return False
        ending = self._ending_ready
        if ending is None or ending[0] != ahead.mark:
            from game.ui.scenes.ending import EndingScene, EpilogueAhead  # noqa: PLC0415

            if EpilogueAhead.mark_of(self.session) != ahead.mark:
                return False  # (the run moved on: the ending is made when it opens)
            # The month loop is over: the heap it freed (~20 MB kept in holes, and the
            # epilogue's copy of the run) goes back before the ending is painted ahead in these
            # idle frames, which set the run's peak (issue 17; memory's change, heap.py).
            heap.give_back()
            self._ending_ready = (ahead.mark, EndingScene(self.app, self.session, ahead=ahead))
            return True
        return not ending[1].paint_ahead()

    def _refreshed_under_the_result(self) -> None:
        self._refreshing = None
        if not self._refreshed:  # other buttons: made when it shows
            self.log.scroll = self._refresh_scroll
            self._refreshed_for = run_moment(self.session)  # (not tried again)
            return
        self.animate_next = False
        self._refreshed_for = run_moment(self.session)
        self._skip_resume_refresh = True  # (under the result, the month still shows as it was)

    def _finish_refresh(self) -> None:
        """Back on top with a refresh under the result half done: the rest now."""
        if self._refreshing is not None:
            moment, pieces = self._refreshing
            if moment != run_moment(self.session):  # (the run moved: again, whole)
                pieces = self._refresh_pieces(animate=True, rebuild=False)
            for _piece in pieces:
                pass
            self._refreshed_under_the_result()

    @property
    def busy(self) -> bool:
        """A month has ended and its result (or an event, the loan, the end) is about to open."""
        return self._result_next is not None or self.next_check

    def _open_result(self) -> None:
        report, chores, _frame = self._result_next
        if self._open_painted("result", session=self.session, report=report, chores=chores):
            self._result_next = None
        else:
            self._result_next = (report, chores, self.app.frames)

    def _open_painted(self, route: str, **kwargs) -> bool:
        """Open the modal `route` (the result, an event) in two frames: this one paints its
        picture (its `paint_ahead`), the next shows it and builds its buttons, so neither
        frame does both (nor shares one with the month's resolution). True once it is open."""
        waiting, self._modal_ahead = self._modal_ahead, None
        if waiting is not None and waiting[0] == route and waiting[1].keys() == kwargs.keys():
            if all(waiting[1][k] is v for k, v in kwargs.items()):
                self.app.push(waiting[2])
                return True
        from game.ui import scenes  # noqa: PLC0415

        target = scenes.resolve(route)
        if not hasattr(target, "paint_ahead"):  # (a screen that is not painted ahead)
            self.app.open(route, **kwargs)
            return True
        scene = target(self.app, **kwargs)
        scene.paint_ahead()
        self._modal_ahead = (route, kwargs, scene)
        return False

    def on_resume(self) -> None:
        self._resumed_at = self.app.frames
        self._finish_refresh()
        if self._skip_resume_refresh and self._refreshed_for == run_moment(self.session):
            pass  # brought up to date under the result (work_ahead), its numbers to count
        elif not self.animate_next and self._shown_for == self._shown_key():
            pass  # nothing happened since it was built or brought up to date (a screen over it)
        elif self.animate_next:
            self.animate_next = False
            self.log.scroll = 0
            self.refresh(animate=True)
        else:
            self.refresh()
        self._skip_resume_refresh = False
        self.next_check = True

    def _next_step(self) -> None:
        """What must happen before the player decides: the end, events, the loan falling due."""
        s = self.session
        if s.over or s.engine.done:
            ahead = self._epilogue_ahead
            if ahead is not None and ahead.thread.is_alive():
                # the year-later epilogue is still being played: this screen's frames keep
                # coming and the ending opens once it is done (not a frozen frame waiting).
                # Half a frame is given to that thread: a loop that draws without pausing
                # (a headless bot) held Python's lock and starved it for seconds.
                ahead.thread.join(0.008)
                if ahead.thread.is_alive():
                    self.next_check = True
                    return
            if not self._ending_painted_here():
                self.next_check = True
                return
            self.app.replace(self._ending())
            return
        if s.pending_events:
            self._settle_numbers()
            if not self._open_painted("event", session=s, event=s.pending_events[0]):
                self.next_check = True  # shown on the next frame
            return
        hv = s.household()
        if (
            hv.loan_principal > 0
            and int(hv.loan_due_month) - s.month <= 1
            and self.loan_due_shown != s.month
        ):
            self._settle_numbers()
            if self._open_painted("loan_due", session=s):
                self.loan_due_shown = s.month
            else:
                self.next_check = True  # shown on the next frame
            return
        story = getattr(s.scenario, "story", None)
        if not self.guide_shown and s.month == 0 and getattr(story, "guided", False):
            self.guide_shown = True
            self.app.message(t("month.guide.title"), t("month.guide.body"))

    def _settle_numbers(self) -> None:
        """A dialog covers this screen with a still picture of its next frame: numbers still
        counting from last month would stay there at last month's value, beside a dialog that
        speaks of this month's."""
        for panel in self.panels:
            panel.counter.settle()

    def _play_epilogue_ahead(self) -> None:
        from game.ui.scenes.ending import EpilogueAhead

        self._epilogue_ahead = EpilogueAhead(self.session)

    def _ending_painted_here(self) -> bool:
        """The last result closed before the ending was painted under it (a quick Continue):
        it is painted here, a few pieces a frame (OPEN_BUDGET_S), and opens in the frame after
        its last piece, at most OPEN_WAIT_FRAMES frames on (made whole in one frame, 26-29 ms
        of CPU). True: open it now (painted, or it cannot be painted ahead)."""
        from game.ui.scene import OPEN_BUDGET_S, OPEN_WAIT_FRAMES  # noqa: PLC0415

        if self._ending_since is None:
            self._ending_since = self.app.frames
        ending = self._ending_ready
        if ending is not None and ending[1].painted_ahead():
            return True  # (painted in an earlier frame)
        if self.app.frames - self._ending_since >= OPEN_WAIT_FRAMES:
            return True
        start = time.perf_counter()
        while self._ending_ahead_piece():
            if time.perf_counter() - start >= OPEN_BUDGET_S:
                return False
        ending = self._ending_ready
        return ending is None or not ending[1].painted_ahead()  # (painted now: the next frame)

    def _ending(self) -> Scene:
        from game.ui.scenes.ending import EndingScene, EpilogueAhead

        ready, self._ending_ready = self._ending_ready, None
        if ready is not None and ready[0] == EpilogueAhead.mark_of(self.session):
            return ready[1]  # (made and painted under the last result)
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
