"""The month screen's street panel (the town's shops, browsed by mouse or keyboard) and its
action panel: the street, charts and menu buttons in a row, and the big amber "End month"."""

from __future__ import annotations

import pygame

from game import i18n
from game.i18n import t
from game.ui.panel_base import ButtonSpec
from game.ui.prepared import run_moment
from game.ui.scenes.month_layout import MonthPanel, street_lots
from game.ui.widgets.street import StreetView


class StreetPanel(MonthPanel):
    """The street. A paint of it costs ~20-40 ms, so it is never done in the frame that builds
    the screen: the street is made, with its lots (one paint), on the next frame, and new lots
    (after a month or a decision) go in on the frame after they came."""

    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.view: StreetView | None = None
        self._lots_for: tuple | None = None  # (run moment, lots, mill running) painted ahead
        self.dirty = True
        self._placed_at = -1  # the frame the screen was built in
        self._painted_for: tuple | None = None  # the run's moment paint_ahead finished for

    def place(self, rect: pygame.Rect) -> None:
        super().place(rect)
        self._placed_at = self.scene.app.frames
        self.dirty = True
        if self.view is None:
            return
        sc, pal = self.scale, self.pal
        if self.view.rect != rect or self.view.scale != sc:
            self.view.set_rect(rect, sc)
        if self.view.palette is not pal:
            self.view.set_palette(pal)
        # (the mill goes in with the lots, on the next frame: sync_lots)

    def mill_running(self) -> bool:
        """The mill's chimney smokes while at least half its workers are still there."""
        workers = self.session.curves().town["soe_worker"]
        if not workers:
            return True
        start = max(1, int(self.session.town().soe_workers_at_start or workers[0]))
        return workers[-1] >= 0.5 * start

    def paint_ahead(self) -> bool:
        """An idle frame of a screen over the month (its result, an event): paint a piece of
        the street the month will show next, so the frame that shows it only hands it over.
        True once it is painted."""
        if self.view is None:
            return True
        lots = self._next_street(read=False)
        if lots is None:
            return False  # (the lots read: a frame's piece)
        done = self.view.paint_ahead(*lots)
        if done and self._lots_for is not None:
            self._painted_for = self._lots_for[0]
        return done

    def painted_for_now(self) -> bool:
        """The street of the run as it stands is painted (shown, or painted ahead)."""
        moment = (run_moment(self.session), i18n.get_language())
        return self.view is None or self._painted_for == moment

    def _next_street(self, read: bool = True) -> tuple[list[dict], bool] | None:
        """The lots and the mill for the run as it stands (read once per moment of the run and
        language: the lots carry their words)."""
        moment = (run_moment(self.session), i18n.get_language())
        if self._lots_for is not None and self._lots_for[0] == moment:
            return self._lots_for[1:]
        self._lots_for = (moment, street_lots(self.session), self.mill_running())
        return self._lots_for[1:] if read else None

    def view_pieces(self):
        """Built ahead (unseen, in idle frames): the street made and painted a few shops a
        piece, so the frame after the one that shows the screen has no street to paint."""
        if self.view is not None:
            return
        lots, mill = self._next_street()
        yield
        view = StreetView(
            self.rect,
            scale=self.scale,
            palette=self.pal,
            mill_running=mill,
            lots=lots,
            paint_now=False,
        )
        while not view.paint_some():
            yield
        self.view = view
        self.dirty = False

    def sync_lots(self) -> None:
        if self.view is not None:
            self.view.set_street(*self._next_street())
        self.dirty = False

    def update(self, dt: float) -> None:
        if self.view is None:
            if self.scene.app.frames > self._placed_at:
                self.view = StreetView(
                    self.rect,
                    scale=self.scale,
                    palette=self.pal,
                    mill_running=self.mill_running(),
                    lots=street_lots(self.session),
                )
                self.dirty = False
            else:
                return
        if self.dirty and self.paint_ahead():
            # new lots (a price changed, a shop opened): painted a few shops a frame, then
            # handed over; painted whole in one frame, every shop again was 20-40 ms
            self.sync_lots()
        self.view.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        if self.view is not None:
            self.view.draw(surface)

    def step(self, direction: int) -> None:
        """The street button's Left/Right (and its press): the next or the previous shop."""
        if self.view is None:
            return
        if direction > 0:
            self.view.focus_next()
        else:
            self.view.focus_prev()

    def handle_event(self, event: pygame.event.Event) -> bool:
        return self.view is not None and bool(self.view.handle_event(event))

    def focused_shop(self) -> bool:
        return self.view is not None and self.view.focused_lot is not None

    def clear_focus(self) -> None:
        if self.view is not None:
            self.view.clear_focus()


class ActionsPanel(MonthPanel):
    """Street, charts and menu in a row (the street's button kept off the street, where it
    covered shops), and End month below."""

    def __init__(self, scene, street: StreetPanel) -> None:
        super().__init__(scene)
        self.street = street

    def buttons(self) -> list[ButtonSpec]:
        r, scene, s = self.rect, self.scene, self.session
        gap = self.space("tight")
        small_h = self.px(36 if self.compact else 40)
        third = (r.w - 2 * gap) // 3
        cls = None if self.compact else "menu"
        row = [
            ButtonSpec(
                "street",
                pygame.Rect(r.x, r.y, third, small_h),
                t("month.button.street"),
                t("month.street.browse.tip"),
                cls=cls,
                shortcut=pygame.K_s,
                on_adjust=self.street.step,
                action=lambda: self.street.step(1),
            ),
            ButtonSpec(
                "charts",
                pygame.Rect(r.x + third + gap, r.y, third, small_h),
                t("month.button.charts"),
                t("month.tip.charts"),
                cls=cls,
                shortcut=pygame.K_c,
                route="charts",
            ),
        ]
        x = r.x + 2 * (third + gap)
        row.append(
            ButtonSpec(
                "menu",
                pygame.Rect(x, r.y, r.right - x, small_h),
                t("month.button.menu"),
                t("month.tip.menu"),
                cls=cls,
                shortcut=pygame.K_ESCAPE,
                action=scene.open_menu,
            )
        )
        left = s.params.months - s.month
        row.append(
            ButtonSpec(
                "end_month",
                pygame.Rect(r.x, r.y + small_h + gap, r.w, r.h - small_h - gap),
                t("month.button.end_month"),
                scene.end_month_tip(i18n.months(left)),
                cls="primary",
                shortcut=pygame.K_e,
                enabled=not scene.run_done,
                action=scene.end_month,
            )
        )
        return row


__all__ = ["ActionsPanel", "StreetPanel"]
