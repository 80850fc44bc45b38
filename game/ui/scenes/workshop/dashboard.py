"""The facilitator's dashboard (the projector): every town's street with each seat's shop
marked, the town's curves, the round, the clock and who has not yet ended the month, the seats'
private numbers only once revealed, and the facilitator's controls.

Keys: Enter/H hand the laptop to the next seat, F ends the month now (late seats end it with
no new decision), P pause/resume, T timer, L change a rule, V a town event, R show/hide the
private numbers, S a seat (take over, hand back, show, hide), N the next towns, D the class
debrief, X end the game, Esc back to the title (the session stays in its file)."""

from __future__ import annotations

import pygame

from game import i18n
from game.i18n import t
from game.ui import theme
from game.ui.scene import Scene
from game.ui.scenes.workshop.choice import ChoiceScene, Option
from game.ui.scenes.workshop.dashboard_paint import Painted, TownPicture, paint_table
from game.ui.scenes.workshop.handover import HandoverScene
from game.ui.scenes.workshop.name_entry import SeatNameScene
from game.ui.scenes.workshop.room import TIMER_STEPS, Room
from game.ui.scenes.workshop.setup import timer_text
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import place_near, render_tooltip
from game.ui.widgets.text import fit_text
from game.workshop import levers

# (name, shortcut) of the controls, in two rows
CONTROLS = (
    (("handover", pygame.K_h), ("end_now", pygame.K_f), ("pause", pygame.K_p),
     ("timer", pygame.K_t), ("lever", pygame.K_l), ("event", pygame.K_v)),
    (("reveal", pygame.K_r), ("seats", pygame.K_s), ("towns", pygame.K_n),
     ("debrief", pygame.K_d), ("end_game", pygame.K_x), ("leave", None)),
)  # fmt: skip


class DashboardScene(Scene):
    route = "workshop_dashboard"
    default_focus = "handover"
    fade_in = 0.15

    def __init__(self, app, room: Room, **_kwargs) -> None:
        super().__init__(app)
        self.room = room
        self.first_town = 0
        self._pictures: dict[int, TownPicture] = {}
        self._cache: dict[str, tuple[tuple, Painted]] = {}
        self._regions: dict[str, pygame.Rect] = {}
        self._status: tuple[tuple, list[tuple[pygame.Surface, tuple[int, int]]]] | None = None
        self._tip: tuple[tuple, pygame.Surface] | None = None
        self._layer: tuple[tuple, pygame.Surface] | None = None
        self._seen = (room.version, room.ws.month)
        self.news = ""  # the last thing that happened (a month resolved, a change made)

    # ---- layout ------------------------------------------------------------------------
    @property
    def towns_shown(self) -> list[int]:
        n = len(self.room.ws.towns)
        per = 2 if n > 1 else 1
        return list(range(self.first_town, min(n, self.first_town + per)))

    def build(self) -> None:
        safe, gap = self.safe_rect, self.px(8)
        ws = self.room.ws
        top_h = self.px(56)
        bh = self.px(40)
        controls_h = 2 * bh + gap
        mid = pygame.Rect(
            safe.x, safe.y + top_h + gap, safe.w, safe.h - top_h - controls_h - 2 * gap
        )
        table_w = int(mid.w * 0.36)
        towns = self.towns_shown
        block_h = (mid.h - gap * (len(towns) - 1)) // len(towns)
        self._regions = {"top": pygame.Rect(safe.x, safe.y, safe.w, top_h)}
        for k, town in enumerate(towns):
            self._regions[f"town{town}"] = pygame.Rect(
                mid.x, mid.y + k * (block_h + gap), mid.w - table_w - gap, block_h
            )
        self._regions["table"] = pygame.Rect(mid.right - table_w, mid.y, table_w, mid.h)
        self._cache.clear()
        self._status = None
        self._layer = None
        y = safe.bottom - controls_h
        many = len(ws.towns) > 2
        for row in CONTROLS:
            row = [c for c in row if c[0] != "towns" or many]
            weights = [1.6 if name == "handover" else 1.0 for name, _key in row]
            unit = (safe.w - gap * (len(row) - 1)) / sum(weights)
            x = safe.x
            for (name, key), weight in zip(row, weights, strict=True):
                w = int(unit * weight)
                text, tip, enabled = self._control(name)
                self.button(
                    pygame.Rect(x, y, w, bh),
                    text,
                    name,
                    shortcut=key if key is not None else pygame.K_ESCAPE,
                    tooltip=tip,
                    enabled=enabled,
                    cls="primary" if name == "handover" else None,
                )
                x += w + gap
            y += bh + gap
        if ws.over and self.focus.focused is not None:
            self.default_focus = "debrief"

    def _control(self, name: str) -> tuple[str, str, bool]:
        ws, room = self.room.ws, self.room
        live = not ws.over
        if name == "handover":
            nxt = room.next_seat()
            if nxt is None:
                return t("wsui.dash.handover_none"), t("wsui.dash.handover_none_tip"), False
            who = ws.seat(nxt).name
            return (t("wsui.dash.handover", name=who), t("wsui.dash.handover_tip"),
                    live and not ws.paused)  # fmt: skip
        if name == "end_now":
            return t("wsui.dash.end_now"), t("wsui.dash.end_now_tip"), live and not ws.paused
        if name == "pause":
            key = "resume" if ws.paused else "pause"
            return t(f"wsui.dash.{key}"), t(f"wsui.dash.{key}_tip"), live
        if name == "timer":
            return (t("wsui.dash.timer", time=timer_text(ws.timer_seconds)),
                    t("wsui.dash.timer_tip"), live)  # fmt: skip
        if name == "lever":
            return t("wsui.dash.lever"), t("wsui.dash.lever_tip"), live and self._not_last()
        if name == "event":
            return t("wsui.dash.event"), t("wsui.dash.event_tip"), live and self._not_last()
        if name == "reveal":
            shown = any(s.revealed for s in ws.seats)
            key = "hide" if shown else "reveal"
            return t(f"wsui.dash.{key}"), t(f"wsui.dash.{key}_tip"), live
        if name == "seats":
            return t("wsui.dash.seats_button"), t("wsui.dash.seats_tip"), live
        if name == "towns":
            n = len(ws.towns)
            if n <= 2:
                return t("wsui.dash.towns_all"), t("wsui.dash.towns_all_tip"), False
            return t("wsui.dash.towns_next"), t("wsui.dash.towns_tip", n=n), True
        if name == "debrief":
            return t("wsui.dash.debrief"), t("wsui.dash.debrief_tip"), ws.month >= 1
        if name == "end_game":
            return t("wsui.dash.end_game"), t("wsui.dash.end_game_tip"), live
        return t("wsui.dash.leave"), t("wsui.dash.leave_tip"), True

    def _not_last(self) -> bool:
        return self.room.ws.month + 1 < self.room.ws.months

    # ---- per frame ---------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.room.tick()  # the timer ran out: the month resolves (the news follows below)
        seen = (self.room.version, self.room.ws.month, self.room.ws.paused)
        if seen != self._seen:
            if seen[1] != self._seen[1]:
                self.news = self._month_news()
            self._seen = seen
            self._refresh_controls()
            if self.app.top is self:
                self.focus.focus_name("debrief" if self.room.ws.over else "handover")

    def _month_news(self) -> str:
        ws = self.room.ws
        done = ws.month  # the month just resolved is ws.month (1-based)
        late = [s.name for s in ws.seats if s.late_months and s.late_months[-1] == done - 1]
        text = t("wsui.dash.news_month", month=done, next=min(done + 1, ws.months))
        if ws.over:
            text = t("wsui.dash.news_over")
        if late:
            text = i18n.then(text, t("wsui.dash.news_late", names=i18n.listing(late)))
        return text

    def _refresh_controls(self) -> None:
        """The buttons' words and states follow the session (cheaply: in place)."""
        for el in self._elements:
            name = self.name_of(el)
            if name is None or not hasattr(el, "set_text"):
                continue
            text, tip, enabled = self._control(name)
            if el.text != text:
                el.set_text(text)
            el.irb_tip = tip
            if enabled and not el.is_enabled:
                el.enable()
            elif not enabled and el.is_enabled:
                el.disable()

    def _key(self) -> tuple:
        return (self.room.version, self.room.ws.month, self.size, self.scale,
                theme.palette_name(), i18n.get_language())  # fmt: skip

    def _picture(self, region: str) -> Painted:
        key = self._key()
        hit = self._cache.get(region)
        if hit is not None and hit[0] == key:
            return hit[1]
        rect = self._regions[region]
        if region == "table":
            painted = paint_table(self.room, self.towns_shown, rect, self.scale, self.pal)
        else:
            town = int(region[4:])
            pic = self._pictures.get(town)
            if pic is None or pic.scale != self.scale or pic.pal is not self.pal:
                pic = self._pictures[town] = TownPicture(self.scale, self.pal)
            painted = pic.paint(self.room, town, rect, key)
        self._cache[region] = (key, painted)
        return painted

    def draw_background(self, surface: pygame.Surface) -> None:
        """One blit of the cached picture (painted again only when the key changes), then the
        top line (its texts are cached too: the clock changes once a second)."""
        key = self._key()
        if self._layer is None or self._layer[0] != key or self._layer[1].get_size() != self.size:
            layer = pygame.Surface(self.size)
            layer.fill(rgb(self.pal.background))
            for region, rect in self._regions.items():
                if region != "top":
                    layer.blit(self._picture(region).surface, rect.topleft)
            self._layer = (key, layer)
        surface.blit(self._layer[1], (0, 0))
        self._draw_top(surface)

    def _draw_top(self, surface: pygame.Surface) -> None:
        ws, rect = self.room.ws, self._regions["top"]
        clock = self.room.clock_text()
        waiting = ws.waiting()
        key = (self._key(), clock, ws.paused, self.news)
        if self._status is None or self._status[0] != key:
            pal, items = self.pal, []
            month = t("wsui.dash.month", month=min(ws.month + 1, ws.months), months=ws.months)
            if ws.over:
                month = t("wsui.dash.over", months=ws.months)
            big = fit_text(month, rect.w // 3, self.font_px("big"), rgb(pal.text), True)
            items.append((big, (rect.x, rect.y)))
            x = rect.x + big.get_width() + self.px(24)
            state = t("wsui.dash.paused") if ws.paused else clock
            tone = pal.amber if ws.paused else pal.text
            c = fit_text(state, self.px(220), self.font_px("heading"), rgb(tone), True)
            items.append((c, (x, rect.y + self.px(4))))
            x += c.get_width() + self.px(24)
            if ws.over:
                line = t("wsui.dash.over_line")
            elif waiting:
                names = i18n.listing([ws.seat(i).name for i in waiting])
                line = t("wsui.dash.waiting", n=len(waiting), names=names)
            else:
                line = t("wsui.dash.all_done")
            w = rect.right - x
            items.append(
                (fit_text(line, w, self.font_px("body"), rgb(pal.text)), (x, rect.y + self.px(4)))
            )
            notes = [m["text"] for m in ws.dashboard().messages] if ws.file_error else []
            sub = notes[0] if notes else self.news
            if sub:
                tone = pal.brick if notes else pal.text_dim
                items.append((fit_text(sub, w, self.font_px("small"), rgb(tone)),
                              (x, rect.y + self.px(30))))  # fmt: skip
            self._status = (key, items)
        for surf, pos in self._status[1]:
            surface.blit(surf, pos)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        super().draw_overlay(surface)
        pos = self.app.mouse_pos
        if pos is None or self.hovered_button() is not None:
            return
        lines, where = None, None
        for region in self._regions:
            if region == "top" or not self._regions[region].collidepoint(pos):
                continue
            for rect, tip in reversed(self._picture(region).hits):
                if rect.collidepoint(pos):
                    lines, where = tip, rect
                    break
            break
        if lines is None or where is None:
            return
        key = (tuple(lines), self.scale)
        if self._tip is None or self._tip[0] != key:
            self._tip = (key, render_tooltip(lines, self.pal, self.scale)[0])
        surf = self._tip[1]
        point = pygame.Rect(pos[0], pos[1], 1, 1)
        surface.blit(surf, place_near(surf.get_size(), point, surface.get_rect(), gap=self.px(12)))

    def on_resume(self) -> None:
        self._refresh_controls()
        self._cache.clear()
        self._layer = None
        # Enter goes on with the round again (a shortcut that opened a chooser focused its
        # button: Enter must not open it a second time), as "End month" does in a run.
        self.focus.focus_name("debrief" if self.room.ws.over else "handover")

    # ---- the controls ------------------------------------------------------------------
    def on_button(self, name: str, element) -> None:
        room, ws = self.room, self.room.ws
        if name == "handover":
            nxt = room.next_seat()
            if nxt is not None:
                self.app.push(HandoverScene(self.app, room=room, seat=nxt))
        elif name == "end_now":
            self._end_now()
        elif name == "pause":
            self._say(room.resume_play() if ws.paused else room.pause())
        elif name == "timer":
            self._choose_timer()
        elif name in ("lever", "event"):
            self._choose_change(name)
        elif name == "reveal":
            shown = any(s.revealed for s in ws.seats)
            self._say(ws.hide() if shown else ws.reveal())
        elif name == "seats":
            self._choose_seat()
        elif name == "towns":
            self.first_town = (self.first_town + 2) % len(ws.towns)
            self._build()
        elif name == "debrief":
            self.app.open("workshop_debrief", room=room)
        elif name == "end_game":
            self.app.confirm(t("wsui.dash.end_game"), t("wsui.dash.end_game_body"),
                             on_yes=lambda: self._say(ws.end_game()),
                             yes=t("wsui.dash.end_game"))  # fmt: skip
        elif name == "leave":
            self.on_back()

    def _say(self, result, news: str = "") -> None:
        """A facilitator's action done (the dashboard follows), or why not."""
        if result.ok:
            self.room.changed()
            if news:
                self.news = news
            self._refresh_controls()
        else:
            self.app.message(t("wsui.dash.cannot"), result.message)

    def _end_now(self) -> None:
        ws = self.room.ws
        waiting = ws.waiting()

        def resolve() -> None:
            self._say(self.room.resolve(force=True))
            self.news = self._month_news()

        if not waiting:
            resolve()
            return
        names = i18n.listing([ws.seat(i).name for i in waiting])
        self.app.confirm(t("wsui.dash.end_now"), t("wsui.dash.end_now_body", names=names),
                         on_yes=resolve, yes=t("wsui.dash.end_now_yes"))  # fmt: skip

    def _choose_timer(self) -> None:
        options = [Option(str(sec), timer_text(sec)) for sec in TIMER_STEPS]
        self.app.push(ChoiceScene(self.app, t("wsui.dash.timer_title"), options,
                                  lambda v: self._say(self.room.ws.set_timer(int(v))),
                                  body=t("wsui.dash.timer_body")))  # fmt: skip

    def _choose_change(self, kind: str) -> None:
        known = levers.LEVERS if kind == "lever" else levers.TOWN_EVENTS
        options = [Option(k, t(f"wsui.{kind}.{k}"), t(f"workshop.change.{k}")) for k in known]
        title = t(f"wsui.dash.{kind}_title")
        body = t("wsui.dash.change_body", month=self.room.ws.month + 2)
        self.app.push(ChoiceScene(self.app, title, options,
                                  lambda what: self._choose_town(kind, what), body=body))  # fmt: skip

    def _choose_town(self, kind: str, what: str) -> None:
        ws = self.room.ws

        def make(town: int | None) -> None:
            act = ws.lever if kind == "lever" else ws.town_event
            news = t("wsui.dash.news_change", change=t(f"wsui.{kind}.{what}"),
                     month=ws.month + 2)  # fmt: skip
            self._say(act(what, town), news)

        if len(ws.towns) == 1:
            make(None)
            return
        options = [Option("all", t("wsui.dash.all_towns"))]
        options += [Option(str(k), t("wsui.dash.town", n=k + 1)) for k in range(len(ws.towns))]
        self.app.push(ChoiceScene(self.app, t("wsui.dash.which_town"), options,
                                  lambda v: make(None if v == "all" else int(v))))  # fmt: skip

    def _choose_seat(self) -> None:
        ws = self.room.ws
        options = []
        for s in ws.seats:
            who = t("wsui.dash.row_person") if s.occupied else t("wsui.dash.row_scripted")
            options.append(Option(str(s.index), f"{s.index + 1}. {s.name} ({who})"))
        self.app.push(ChoiceScene(self.app, t("wsui.dash.seats_title"), options,
                                  lambda v: self._seat_action(int(v))))  # fmt: skip

    def _seat_action(self, index: int) -> None:
        ws = self.room.ws
        s = ws.seat(index)
        options = [
            Option("take", t("wsui.dash.take"), t("wsui.dash.take_tip"), not s.occupied),
            Option("free", t("wsui.dash.free"), t("wsui.dash.free_tip"), s.occupied),
            Option("reveal", t("wsui.dash.reveal_one"), "", not s.revealed),
            Option("hide", t("wsui.dash.hide_one"), "", s.revealed),
        ]
        acts = {"free": ws.free_seat, "reveal": ws.reveal, "hide": ws.hide}

        def act(v: str) -> None:
            if v == "take":
                self._take_seat(index)
            else:
                self._say(acts[v](index))

        self.app.push(ChoiceScene(self.app, s.name, options, act))

    def _take_seat(self, index: int) -> None:
        """Ask who sits down first; the seat is taken only when a name is confirmed."""
        ws = self.room.ws
        take = lambda name: self._say(ws.take_seat(index, name=name))  # noqa: E731
        self.app.push(SeatNameScene(self.app, index + 1, ws.seat(index).name, take))

    def on_back(self) -> None:
        self.app.confirm(t("wsui.dash.leave"), t("wsui.dash.leave_body"),
                         on_yes=self._leave, yes=t("wsui.dash.leave_yes"), focus="yes")  # fmt: skip

    def _leave(self) -> None:
        self.room.ws.close()
        self.app.go_home()


__all__ = ["DashboardScene"]
