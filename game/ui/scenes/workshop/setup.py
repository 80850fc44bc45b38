"""Title -> Workshop: resume one of the last sessions, or set up a new one (the scenario, the
towns, the seats with each seat's name and one-line strategy, who sits where, same shocks, the
timer per month, a blind or revealed dashboard), then the dashboard opens.

Keys: Tab / arrows move, Left/Right change a value, G starts, PageUp/PageDown page the seats,
H same shocks, T the timer, B the dashboard, Esc back to the title."""

from __future__ import annotations

import secrets

import pygame

from game import i18n
from game.i18n import t
from game.scenario.said import said
from game.session import ScenarioError
from game.ui.scene import Scene
from game.ui.scenes.workshop.room import (
    TIMER_STEPS,
    Room,
    SessionFileError,
    last_sessions,
    new_session_path,
)
from game.workshop import MAX_SEATS_PER_TOWN, MAX_TOWNS, WorkshopSession
from game.workshop.seats import NAME_MAX, STRATEGY_MAX

ROWS_PER_PAGE = 6
FALLBACK_SCENARIOS = ("steel_town_2016",)


def builtin_scenarios() -> list[tuple[str, str, int]]:
    """(name, title in the reader's language, months) of the built-in scenarios that play."""
    try:
        from game.scenario.checked import list_builtin  # noqa: PLC0415

        out = []
        for info in list_builtin():
            if info.problems:
                continue
            title = info.title
            if isinstance(title, dict):
                title = title.get(i18n.get_language()) or title.get("en") or info.name
            out.append((info.name, str(title), int(info.months)))
        return out or [(n, n, 24) for n in FALLBACK_SCENARIOS]
    except Exception:  # noqa: BLE001 - the setup must open even if the loader breaks
        return [(n, n, 24) for n in FALLBACK_SCENARIOS]


def timer_text(seconds: int) -> str:
    if not seconds:
        return t("wsui.timer.off")
    if seconds % 60 == 0:
        return t("wsui.timer.minutes", n=seconds // 60)
    return t("wsui.timer.seconds", n=seconds)


class WorkshopSetupScene(Scene):
    route = "workshop"
    default_focus = "start"

    def __init__(self, app, **_kwargs) -> None:
        super().__init__(app)
        self.scenarios = builtin_scenarios()
        default = next((i for i, s in enumerate(self.scenarios) if s[0] == "steel_town_2016"), 0)
        self.scenario = default
        self.towns = 1
        self.seats = 4
        self.months = self.scenarios[default][2]
        self.same_shocks = False
        self.timer = 0
        self.revealed = False
        self.names: list[str] = []
        self.plans: list[str] = []
        self.people: list[bool] = []
        self.page = 0
        self.recent = last_sessions()
        self._fit_lists()

    # ---- the settings ------------------------------------------------------------------
    @property
    def total(self) -> int:
        return self.towns * self.seats

    def _fit_lists(self) -> None:
        n = self.total
        self.names = (self.names + [""] * n)[:n]
        self.plans = (self.plans + [""] * n)[:n]
        self.people = (self.people + [True] * n)[:n]
        self.page = min(self.page, max(0, (n - 1) // ROWS_PER_PAGE))

    def _harvest(self) -> None:
        """What has been typed into the seat fields on this page (a field tells on Enter only)."""
        for el in self._elements:
            name = self.name_of(el)
            if not name or not hasattr(el, "get_text"):
                continue
            kind, _, idx = name.rpartition("_")
            if kind in ("name", "plan") and idx.isdigit() and int(idx) < self.total:
                (self.names if kind == "name" else self.plans)[int(idx)] = el.get_text()

    def _rebuild(self, focus: str | None = None) -> None:
        self._harvest()
        self._fit_lists()
        self._build()
        if focus:
            self.focus.focus_name(focus)

    def _adjust(self, what: str, step: int) -> None:
        sc_months = self.scenarios[self.scenario][2]
        if what == "scenario":
            self.scenario = (self.scenario + step) % len(self.scenarios)
            self.months = self.scenarios[self.scenario][2]
        elif what == "towns":
            self.towns = max(1, min(MAX_TOWNS, self.towns + step))
        elif what == "seats":
            self.seats = max(1, min(MAX_SEATS_PER_TOWN, self.seats + step))
        elif what == "months":
            self.months = max(2, min(sc_months, self.months + step))
        elif what == "timer":
            i = TIMER_STEPS.index(self.timer) if self.timer in TIMER_STEPS else 0
            self.timer = TIMER_STEPS[(i + step) % len(TIMER_STEPS)]
        self._rebuild(what)

    # ---- layout ------------------------------------------------------------------------
    def build(self) -> None:
        safe = self.safe_rect
        gap = self.px(8)
        head_h = self.text_h("title", bold=True)
        self.label(pygame.Rect(safe.x, safe.y, safe.w, head_h), t("wsui.setup.title"), cls="title")
        y = safe.y + head_h + gap
        left_w = min(self.px(400), safe.w // 3)
        self._build_recent(pygame.Rect(safe.x, y, left_w, safe.bottom - y))
        form = pygame.Rect(safe.x + left_w + self.px(24), y, safe.w - left_w - self.px(24), 0)
        form.h = safe.bottom - y
        self._build_form(form)

    def _build_recent(self, area: pygame.Rect) -> None:
        h = self.text_h("heading", bold=True)
        self.label(pygame.Rect(area.x, area.y, area.w, h), t("wsui.setup.recent"), cls="heading")
        y = area.y + h + self.px(4)
        if not self.recent:
            self.text_box(
                pygame.Rect(area.x, y, area.w, self.px(90)),
                self.wrap_html(t("wsui.setup.recent_none"), area.w),
            )
            return
        bh = self.px(44)
        for i, info in enumerate(self.recent):
            if y + bh > area.bottom - self.px(56):
                break
            text = t(
                "wsui.setup.recent_row",
                when=info["when"].strftime("%m-%d %H:%M"),
                month=min(info["month"] + 1, info["months"]),
                months=info["months"],
            )
            self.button(
                pygame.Rect(area.x, y, area.w, bh),
                text,
                f"resume_{i}",
                tooltip=t(
                    "wsui.setup.resume_tip",
                    scenario=self._scenario_title(info["scenario"]),
                    towns=info["towns"],
                    people=info["people"],
                    when=info["when"].strftime("%Y-%m-%d %H:%M"),
                ),
            )
            y += bh + self.px(6)

    def _scenario_title(self, name: str) -> str:
        return next((s[1] for s in self.scenarios if s[0] == name), name)

    def _stepper(self, x: int, y: int, w: int, what: str, text: str, tip: str) -> None:
        self.button(
            pygame.Rect(x, y, w, self.px(38)),
            text,
            what,
            tooltip=tip,
            on_adjust=lambda d, what=what: self._adjust(what, d),
        )

    def _build_form(self, area: pygame.Rect) -> None:
        gap = self.px(8)
        row_h = self.px(38)
        x, y, w = area.x, area.y, area.w
        third = (w - 2 * gap) // 3
        name, title, _months = self.scenarios[self.scenario]
        self._stepper(x, y, w, "scenario", t("wsui.setup.scenario", title=title),
                      t("wsui.setup.scenario_tip"))  # fmt: skip
        y += row_h + gap
        self._stepper(x, y, third, "towns", t("wsui.setup.towns", n=self.towns),
                      t("wsui.setup.towns_tip", most=MAX_TOWNS))  # fmt: skip
        self._stepper(x + third + gap, y, third, "seats", t("wsui.setup.seats", n=self.seats),
                      t("wsui.setup.seats_tip", most=MAX_SEATS_PER_TOWN))  # fmt: skip
        self._stepper(x + 2 * (third + gap), y, third, "months",
                      t("wsui.setup.months", n=self.months), t("wsui.setup.months_tip"))  # fmt: skip
        y += row_h + gap
        onoff = t("wsui.on") if self.same_shocks else t("wsui.off")
        self.button(pygame.Rect(x, y, third, row_h), t("wsui.setup.same_shocks", state=onoff),
                    "same_shocks", shortcut=pygame.K_h, tooltip=t("wsui.setup.same_shocks_tip"))  # fmt: skip
        self._stepper(x + third + gap, y, third, "timer",
                      t("wsui.setup.timer", time=timer_text(self.timer)), t("wsui.setup.timer_tip"))  # fmt: skip
        self.focus.items[-1].shortcut = pygame.K_t
        shown = t("wsui.setup.revealed") if self.revealed else t("wsui.setup.blind")
        self.button(pygame.Rect(x + 2 * (third + gap), y, third, row_h), shown, "revealed",
                    shortcut=pygame.K_b, tooltip=t("wsui.setup.revealed_tip"))  # fmt: skip
        y += row_h + self.px(14)
        self._build_seats(pygame.Rect(x, y, w, area.bottom - y - row_h - self.px(14)))
        bottom = area.bottom - row_h
        bw = self.px(220)
        self.button(pygame.Rect(area.right - bw, bottom, bw, row_h), t("wsui.setup.start"),
                    "start", cls="primary", shortcut=pygame.K_g)  # fmt: skip
        self.button(pygame.Rect(x, bottom, self.px(160), row_h), t("wsui.back"), "back",
                    shortcut=pygame.K_ESCAPE)  # fmt: skip

    def _build_seats(self, area: pygame.Rect) -> None:
        gap = self.px(6)
        head_h = self.text_h("body", bold=True)
        row_h = self.px(36)
        rows = min(ROWS_PER_PAGE, max(1, (area.h - head_h - row_h - gap) // (row_h + gap)))
        self._rows_shown = rows
        first = self.page * rows
        last = min(self.total, first + rows)
        num_w, who_w = self.px(90), self.px(150)
        name_w = (area.w - num_w - who_w - 3 * gap) * 2 // 5
        plan_w = area.w - num_w - who_w - name_w - 3 * gap
        cols = (
            (area.x, num_w, "wsui.setup.col.seat"),
            (area.x + num_w + gap, name_w, "wsui.setup.col.name"),
            (area.x + num_w + name_w + 2 * gap, plan_w, "wsui.setup.col.strategy"),
            (area.right - who_w, who_w, "wsui.setup.col.who"),
        )
        for cx, cw, key in cols:
            self.label(pygame.Rect(cx, area.y, cw, head_h), t(key), cls="dim")
        y = area.y + head_h + gap
        for i in range(first, last):
            town, seat = divmod(i, self.seats)
            where = t("wsui.setup.seat_no", n=i + 1)
            if self.towns > 1:
                where = t("wsui.setup.seat_in_town", n=i + 1, town=town + 1)
            self.label(pygame.Rect(cols[0][0], y, num_w, row_h), where)
            self.text_field(pygame.Rect(cols[1][0], y, name_w, row_h), self.names[i], f"name_{i}",
                            max_length=NAME_MAX, tooltip=t("wsui.setup.name_tip"))  # fmt: skip
            self.text_field(pygame.Rect(cols[2][0], y, plan_w, row_h), self.plans[i], f"plan_{i}",
                            max_length=STRATEGY_MAX, tooltip=t("wsui.setup.strategy_tip"))  # fmt: skip
            who = t("wsui.setup.person") if self.people[i] else t("wsui.setup.scripted")
            self.button(pygame.Rect(cols[3][0], y, who_w, row_h), who, f"who_{i}",
                        tooltip=t("wsui.setup.who_tip"))  # fmt: skip
            y += row_h + gap
        pages = max(1, -(-self.total // rows))
        if pages > 1:
            bw = self.px(120)
            self.button(pygame.Rect(area.x, y, bw, row_h), t("wsui.setup.prev"), "prev_page",
                        shortcut=pygame.K_PAGEUP, enabled=self.page > 0)  # fmt: skip
            self.button(pygame.Rect(area.x + bw + gap, y, bw, row_h), t("wsui.setup.next"),
                        "next_page", shortcut=pygame.K_PAGEDOWN, enabled=self.page < pages - 1)  # fmt: skip
            self.label(
                pygame.Rect(area.x + 2 * (bw + gap), y, area.w - 2 * (bw + gap), row_h),
                t("wsui.setup.page", first=first + 1, last=last, total=self.total),
                cls="dim",
            )

    # ---- actions -----------------------------------------------------------------------
    def on_button(self, name: str, element) -> None:
        if name in ("scenario", "towns", "seats", "months", "timer"):
            self._adjust(name, 1)
        elif name == "same_shocks":
            self.same_shocks = not self.same_shocks
            self._rebuild(name)
        elif name == "revealed":
            self.revealed = not self.revealed
            self._rebuild(name)
        elif name.startswith("who_"):
            i = int(name[4:])
            self.people[i] = not self.people[i]
            self._rebuild(name)
        elif name in ("prev_page", "next_page"):
            self._harvest()
            self.page += 1 if name == "next_page" else -1
            self._rebuild(name if element.is_enabled else None)
        elif name.startswith("resume_"):
            self.resume(self.recent[int(name[7:])]["path"])
        elif name == "start":
            self.start()
        elif name == "back":
            self.on_back()

    def on_back(self) -> None:
        self.app.pop()

    def start(self) -> None:
        self._harvest()
        if not any(self.people):
            self.app.message(t("wsui.setup.error_title"), t("wsui.setup.no_people"))
            return
        path = None
        try:
            path = new_session_path()
            ws = WorkshopSession.new(
                self.scenarios[self.scenario][0],
                towns=self.towns,
                seats=self.seats,
                seed=secrets.randbelow(1_000_000),
                path=path,
                names=list(self.names),
                strategies=list(self.plans),
                occupied=list(self.people),
                months=self.months,
                same_shocks=self.same_shocks,
                timer_seconds=self.timer,
            )
        except (ValueError, ScenarioError) as exc:
            # the loader's problems said without the file's name (str(exc) is a terminal's)
            details = getattr(exc, "details", None)
            error = "\n".join(said(p) for p in details[:10]) if details else str(exc)
            self.app.message(t("wsui.setup.error_title"), t("wsui.setup.bad", error=error))
            return
        except OSError as exc:
            self.app.message(
                t("wsui.setup.error_title"), t("wsui.setup.no_file", error=i18n.failure(exc))
            )
            return
        if self.revealed:
            ws.reveal()
        open_dashboard(self.app, Room(ws, path))

    def resume(self, path) -> None:
        try:
            room = Room.resume(path)
        except SessionFileError as exc:
            self.app.message(t("wsui.setup.error_title"), t("wsui.setup.cannot_resume", error=exc))
            return
        open_dashboard(self.app, room)


def open_dashboard(app, room: Room) -> None:
    """The setup gives way to the dashboard (Esc from there goes back to the title)."""
    if app.top is not None and getattr(app.top, "route", "") == "workshop":
        app.pop()
    app.open("workshop_dashboard", room=room)


__all__ = ["WorkshopSetupScene", "builtin_scenarios", "open_dashboard", "timer_text"]
