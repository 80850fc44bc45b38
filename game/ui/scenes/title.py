"""The title screen: the mill town at dusk, the name in two scripts, and the main menu."""

from __future__ import annotations

import gc
import logging
import sys
import threading

import pygame

from game import __version__, i18n, userdirs
from game.i18n import t
from game.ui import fonts, precompiled, scenes, theme, turns
from game.ui.heap import settle_heap
from game.ui.scene import Scene
from game.ui.scenes.title_backdrop import Backdrop

VERSION = __version__

# (route or action, translation key, shortcut key)
MENU = [
    ("new_game", "title.menu.new_game", pygame.K_n),
    ("continue", "title.menu.continue", pygame.K_c),
    ("load", "title.menu.load", pygame.K_l),
    ("scenarios", "title.menu.scenarios", pygame.K_s),
    ("workshop", "title.menu.workshop", pygame.K_w),
    ("settings", "title.menu.settings", pygame.K_t),
    ("credits", "title.menu.credits", pygame.K_a),
    ("quit", "title.menu.quit", pygame.K_q),
]


log = logging.getLogger(__name__)
_warming: list = []
GLYPH_BUDGET_S = 0.006  # while a run's first screen waits: glyph fonts warmed per frame
OPENING_BUDGET_S = 0.007  # while it waits: its pieces built ahead per frame
OPENING_MAX_FRAMES = 30  # then it opens, built or not (a list that keeps changing)
WARM_SWITCH_S = 0.0005  # Python's switch interval while the warm-up imports (sys default 5 ms)
GLYPHS = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    " .,:;!?%()[]/+-\u2013\u2014\u2026\u00a5\u2019'\"&"
)

# A title waiting for the scenario list (New game pressed) lends the warm-up this much of each
# of its frames as well (game/ui/turns.py: the warm-up's steps run between frames).
LEND_S = 0.008
# The screens a run meets first, in their order, warmed first: a player who clicks at once
# finds the next screen's module imported (the rest follow in the routes' order).
RUN_ROUTES = (
    "new_game",
    "briefing",
    "household",
    "strategy",
    "path",
    "dialog",
    "loan_office",
    "business",
    "month",
    "result",
    "event",
    "loan_due",
    "charts",
    "ending",
    "debrief_summary",
    "debrief",
)


# The room's screens (and with them asyncio, websockets and ssl: ~4 MB while playing) open only
# for `main.py join`: warmed only then (issue 17).
ROOM_ROUTES = ("join", "remote_seat", "start_join")


def _run_order(room: bool) -> list[str]:
    """The routes' modules, the run's first screens first (RUN_ROUTES)."""
    routes = {k: v for k, v in scenes.SCENES.items() if room or k not in ROOM_ROUTES}
    first = [routes[k] for k in RUN_ROUTES if k in routes]
    return list(dict.fromkeys(target.partition(":")[0] for target in [*first, *routes.values()]))


def _warm_up(app, room: bool = False) -> None:
    """While the title is up, import every screen's module (and the scenario stack, numpy,
    the debrief) and read the built-in scenarios, in the background: the first "New game" (or
    the first strategy, loan office or debrief screen) then opens in one frame instead of
    freezing 0.1-1.5 s on imports and reading. Started after the first frame, so the title
    appears as fast as before; its steps run between frames (game/ui/turns.py); a screen opened
    before the warm-up got to it imports its module itself (Python's import locks make the
    two wait for each other, not clash)."""
    import importlib

    modules = _run_order(room)

    def work() -> None:
        # Python hands its lock between threads every switch interval (5 ms): a frame that
        # began while a step still ran (or a loop that never sleeps) waited up to that for
        # it; a shorter interval while the warm-up runs keeps the frame's own pace.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(WARM_SWITCH_S)
        try:
            warm()
        finally:
            sys.setswitchinterval(interval)
            _settled()

    def step(fn, *args, room: float = turns.STEP_ROOM_S) -> None:
        turns.TURNS.take(room)
        try:
            fn(*args)
        finally:
            _settled()
            turns.TURNS.done()

    def imported(module: str) -> None:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - opening the route reports it to the player
            log.exception("warming %s failed", module)

    def warm() -> None:
        # compiled by another process (a compile holds Python's lock whole: the title's
        # frames waited 20-180 ms for one), the run's first screens first
        step(precompiled.start, modules)
        # numpy (~45 ms, its compiled parts holding Python's lock whole), numpy.random (~9
        # ms) and numpy.ma (~10 ms: numpy imports it on the first np.unique, the path
        # screen's preview) each at the start of a sleep, while the helper compiles the
        # game's first modules and before the picker can open (its frames are the busiest)
        for module in ("numpy", "numpy.random", "numpy.ma"):
            step(imported, module, room=turns.BIG_ROOM_S)
        # one module's body a step, dependencies first (without the helper: a screen a step)
        order = precompiled.steps() or modules
        listed = False
        for module in [*order, *modules]:  # (and any screen the helper's list left out)
            if module not in sys.modules:
                precompiled.wait_for(module)  # (its code and its dependencies', before any lock)
                step(imported, module)
            if not listed and "game.ui.scenes.picker" in sys.modules:
                listed = True  # the list next, for a New game pressed now
                step(_read_the_list)
        if not listed:
            step(_read_the_list)
        try:  # the other scenarios' pages, for the picker (~0.1-0.35 MB each), one a step
            from game.ui.scenes.picker import load_the_rest

            turns.stepped(load_the_rest)()
        except Exception:  # noqa: BLE001 - a warm-up only; the picker reports problems itself
            log.exception("loading the scenarios failed")
        precompiled.forget()  # (modules no screen imported: compiled if ever imported)

    thread = threading.Thread(target=work, name="warm-up", daemon=True)
    _warming.append(thread)
    turns.install(app)  # (its frames' sleeps are the warm-up's turns from now on)
    thread.start()
    app.add_frame_hook(_settle_when_warm)


def _read_the_list() -> None:
    try:
        from game.ui.scenes.picker import warm_up

        # a scenario a step (~3 ms each, ~25 ms in all); the list's lock stays held between
        # them: the picker asks for the list once it is read (`_warm_enough`), and a loop
        # that stops sleeping lets the steps go on (turns.LOOP_GONE_S)
        warm_up(between=_next_turn)
    except Exception:  # noqa: BLE001 - a warm-up only; the picker reports problems itself
        log.exception("warming the scenario list failed")


def _next_turn() -> None:
    _settled()
    turns.TURNS.next_turn()


def _settled() -> None:
    """What the warm-up made so far (modules, the scenario list) lives as long as the
    program: out of the cycle collector's walks (gc.freeze, as heap.settle_heap at its end).
    Without it, a full collection during the warm-up walked everything imported (43-128 ms
    holding Python's lock, in a title frame)."""
    gc.freeze()


def _settle_when_warm(app) -> None:
    """At the start of the first frame after the warm-up finished: every module, the theme
    and the scenario list are loaded for good; Python's collector stops walking them."""
    if _warming and _warming[0].is_alive():
        return
    app.remove_frame_hook(_settle_when_warm)
    settle_heap()


class TitleScene(Scene):
    route = "title"
    fade_in = 0.25
    default_focus = "new_game"

    def __init__(self, app) -> None:
        super().__init__(app)
        self._backdrop: Backdrop | None = None
        self._texts: list[tuple[pygame.Surface, tuple[int, int]]] = []
        self._shadows: list[tuple[pygame.Surface, tuple[int, int]]] = []
        self._continue_enabled = False
        self.notices_shown = False
        self._glyph_queue: list[tuple[int, bool]] | None = None
        self._menu_ready = False  # menu_background made ahead (after the glyphs)
        self._opening: str | None = None  # a run's first screen, opened once the list is read
        self._picker_tries = 0  # steps of building the picker ahead (done at 3)
        self._opening_since: int | None = None  # the frame its pieces began in

    def has_autosave(self) -> bool:
        try:
            return userdirs.autosave_path().is_file()
        except OSError:
            return False

    def build(self) -> None:
        self._picker_tries = 0  # (another size or look: the picker is built ahead again)
        w, h = self.size
        safe = self.safe_rect
        left = safe.x + self.px(40)
        big = theme.scaled(64, self.scale)
        name, alt = t("title.game_name"), t("title.game_name_alt")
        alt_surf = fonts.render(
            alt, theme.scaled(34, self.scale), theme.colour("accent"), bold=True
        )
        name_surf = fonts.render(name, big, theme.colour("text"), bold=True)
        sub_surf = fonts.render(
            t("title.subtitle"), self.font_px("heading"), theme.colour("text_dim")
        )
        top = safe.y + self.px(24)
        self._texts = [(alt_surf, (left, top))]
        y = top + alt_surf.get_height() - self.px(6)
        self._texts.append((name_surf, (left - self.px(2), y)))
        y += name_surf.get_height()
        self._texts.append((sub_surf, (left, y)))
        y += sub_surf.get_height() + self.px(28)

        button_w = self.px(360)
        button_h = self.px(44)
        gap = self.px(8)
        available = safe.bottom - self.px(40) - y
        if len(MENU) * (button_h + gap) > available:  # small windows: tighter menu
            button_h = max(self.px(32), available // len(MENU) - gap)
        self._continue_enabled = self.has_autosave()
        for route, key, shortcut in MENU:
            enabled = self._continue_enabled if route == "continue" else True
            tooltip = (
                t("title.tooltip.continue_none") if route == "continue" and not enabled else None
            )
            self.button(
                pygame.Rect(left, y, button_w, button_h),
                t(key),
                route,
                cls="menu",
                shortcut=shortcut,
                enabled=enabled,
                tooltip=tooltip,
            )
            y += button_h + gap

        hint = fonts.render(t("title.keys_hint"), self.font_px("small"), theme.colour("text_dim"))
        # Large text in a small window fills the height with the menu: the buttons show their
        # keys, so the hint goes rather than be drawn under the last button.
        if y - gap <= safe.bottom - hint.get_height() - self.px(4):
            self._texts.append((hint, (left, safe.bottom - hint.get_height())))
        ver = fonts.render(
            t("title.version", version=VERSION), self.font_px("small"), theme.colour("text_dim")
        )
        self._texts.append((ver, (safe.right - ver.get_width(), safe.bottom - ver.get_height())))

        self._shadows = []
        for surf, (x, y) in self._texts[:3]:
            dark = surf.copy()
            dark.fill(theme.colour("shadow"), special_flags=pygame.BLEND_RGB_MIN)
            self._shadows.append((dark, (x + self.px(2), y + self.px(3))))
        if self._backdrop is None or self._backdrop.size != (w, h):
            self._backdrop = Backdrop((w, h))
        reach = left + button_w + self.px(80)
        self._backdrop.set_shade(
            self._make_vignette(w, h, reach),
            lambda x: 0.0 if x >= reach else 215 / 255 * (1 - x / reach) ** 1.3,
        )

    def forget_pictures(self) -> None:
        """Covered: drop the copy with the vignette baked in (3.5 MB at 1280x720); build()
        bakes it again in a few ms. Under the steps before a run, keep the painting (they go
        back to the title, and the menu screens darken it); under a run's months, ending and
        debrief drop it too (3.5 MB more): the title comes back only through `go_home`, as a
        new screen that paints it again, and the menu backdrop the run's settings show is
        kept darkened on its own (title_backdrop.menu_background)."""
        if self._backdrop is None:
            return
        if hasattr(self._backdrop, "base"):
            del self._backdrop.base
        top = self.app.top
        if top is not self and getattr(getattr(top, "session", None), "screen", "") == "month":
            from game.ui.scenes.title_backdrop import forget_painting  # noqa: PLC0415

            forget_painting(self._backdrop.static)
            self._backdrop = None

    def _warm_glyphs(self, budget_s: float = 0.0) -> bool:
        """One font a frame (or as many as fit in `budget_s`): draw the Latin letters and
        digits once at every text size, so the next screens' texts are measured from glyphs
        already loaded (the first measure of a letter at a size loads it: ~0.05 ms a
        character; a screen measures hundreds). True if it had work this frame."""
        import time

        if self._glyph_queue is None:
            sizes = sorted({self.font_px(role) for role in theme.FONT_SIZES})
            self._glyph_queue = [(size, bold) for size in sizes for bold in (False, True)]
        start = time.perf_counter()
        while self._glyph_queue:
            size, bold = self._glyph_queue.pop()
            fonts.get(size, bold).render(GLYPHS, True, (255, 255, 255))
            if time.perf_counter() - start >= budget_s:
                return True
        if self._glyph_queue == [] and not self._menu_ready:
            # the next screens' backdrop (this painting darkened, ~5 ms), made in its own frame
            from game.ui.scenes.title_backdrop import menu_background

            self._menu_ready = True
            menu_background(self.size)
            return True
        return False

    def open_run_screen(self, route: str) -> None:
        """Open the picker (New game, Scenarios). Pressed while the warm-up still reads the
        scenario list, the title stays up (its frames keep coming) until the list is read
        and the glyphs are warm; pressed before the picker was built ahead, it is built
        then, a few pieces a frame; then the picker opens in one short frame. Opening it at
        once would freeze a frame on that read (~0.2-0.3 s) or on its build (25-60 ms,
        issue 17)."""
        if self._warm_enough():
            if self._opening != route or self._opening_since is None:
                self._opening_since = self.app.frames
            waited = self.app.frames - self._opening_since
            if not self._picker_ahead(route, OPENING_BUDGET_S) and waited < OPENING_MAX_FRAMES:
                self._opening = route  # built ahead first, in this frame and the next ones
                return
            self._opening = None
            self.app.open(route)
        else:
            self._opening = route
            self._opening_since = None  # (its pieces are built once the list is read)

    @property
    def settling(self) -> bool:
        # New game pressed: the picker opens once built (not while the list is still read)
        return self._opening is not None and self._warm_enough()

    def _picker_ahead(self, route: str, budget_s: float = 0.0) -> bool:
        """Build the picker ahead (app.prepare), one step a frame (or as many as fit in
        `budget_s`). True if it was built before this call (the frame may show it) or cannot
        be (it is built as it opens; in idle frames tried again a few times); False while
        pieces of it are built, in this frame too (shown in the next)."""
        import time

        if self._picker_tries >= 3 or self.app.prepared(route):
            return True
        start = time.perf_counter()
        while (done := self.app.prepare(route)) is None:  # being built, a piece a call
            if time.perf_counter() - start >= budget_s:
                return False
        self._picker_tries = 3 if done else self._picker_tries + 1
        return not done

    @staticmethod
    def _warmed_up() -> bool:
        return not (_warming and _warming[0].is_alive())

    def _warm_enough(self) -> bool:
        if not (_warming and _warming[0].is_alive()):
            return True  # no warm-up running: the picker reads the list itself
        import sys

        picker = sys.modules.get("game.ui.scenes.picker")
        ready = getattr(picker, "list_ready", None)  # None while the module is half imported
        return bool(ready and ready()) and self._glyph_queue == []

    def _make_vignette(self, w: int, h: int, reach: int) -> pygame.Surface:
        """Darken the left so the title and menu read clearly over the painting."""
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        bg = theme.colour("bg")
        for x in range(0, min(w, reach)):
            f = 1 - x / reach
            pygame.draw.line(shade, (bg.r, bg.g, bg.b, int(215 * f**1.3)), (x, 0), (x, h))
        return shade

    def update(self, dt: float) -> None:
        if self._backdrop is not None:
            self._backdrop.update(dt)
        if self.app.frames >= 1 and not _warming:  # after the first picture is up
            _warm_up(self.app, room=getattr(self.app.args, "command", None) == "join")
        if self._opening is not None and self.app.top is self:
            self._warm_glyphs(GLYPH_BUDGET_S)
            if not self._warm_enough():
                # a turn for the warm-up's reading in this frame too: the title only waits
                turns.TURNS.lend(LEND_S)
            self.open_run_screen(self._opening)
        elif self.app.frames >= 2:
            if not self._warm_glyphs() and self.app.top is self and self._warmed_up():
                # the player reads the menu: the picker behind "New game" is built now (once
                # the warm-up has done importing: sharing Python's lock with it, the frames
                # that build the picker took 60-85 ms instead of 25-35)
                self._picker_ahead("new_game")
        if not self.notices_shown and self.app.top is self:
            self.notices_shown = True
            if self.app.notices:
                body = "\n".join(n.text() for n in self.app.notices)
                heading = t(self.app.notices[0].title)
                self.app.notices.clear()
                self.app.message(heading, body)

    def draw_background(self, surface: pygame.Surface) -> None:
        if self._backdrop is None:
            surface.fill(theme.colour("bg"))
            return
        self._backdrop.draw(surface)
        for surf, pos in self._shadows + self._texts:
            surface.blit(surf, pos)

    def on_button(self, name: str, element) -> None:
        self._opening = None  # another choice replaces a screen still waiting to open
        if name == "quit":
            self.app.exit(0)
        elif name == "settings":
            self.app.open("settings")
        elif name == "credits":
            self.app.open("credits")
        elif name == "continue":
            self.app.open("continue", path=userdirs.autosave_path())
        elif name in ("new_game", "scenarios"):
            self.new_game(name)
        elif scenes.is_registered(name) or name == "load":
            self.app.open(name)

    def new_game(self, route: str = "new_game") -> None:
        """A run in progress is never replaced without asking: keep it in a free slot, start
        over, or stay (Cancel has the focus)."""
        from game import saves
        from game.ui.scenes.dialog import DialogButton, DialogScene

        info = saves.slot_info(userdirs.autosave_path()) if saves.has_autosave() else {}
        if info.get("state") != "ok":
            self.open_run_screen(route)
            return
        free = next((n for n in saves.SLOTS if not saves.slot_path(n).exists()), None)
        over = int(info.get("month", 0)) >= int(info.get("months", 0)) > 0
        from game.ui.scenes.load import shown_month  # the slot list's count, not months done

        body = t(
            "title.new_game.body_over" if over else "title.new_game.body",
            title=saves.in_language(info, "title"),
            month=shown_month(info),
            months=int(info.get("months", 0)),
        )
        buttons = []
        if free is not None:
            body = i18n.then(body, t("title.new_game.keep_body", slot=free))
            buttons.append(
                DialogButton(
                    "keep",
                    t("title.new_game.keep"),
                    lambda: self._keep_then_open(free, route),
                    primary=True,
                )
            )
        buttons += [
            DialogButton(
                "replace",
                t("title.new_game.replace"),
                lambda: self.open_run_screen(route),
                primary=not buttons,
            ),
            DialogButton("no", t("dialog.cancel"), None, cancel=True),
        ]
        dialog = DialogScene(self.app, t("title.new_game.title"), body, buttons, width=640)
        dialog.default_focus = "no"
        self.app.push(dialog)

    def _keep_then_open(self, slot: int, route: str) -> None:
        import shutil

        from game import saves

        try:
            shutil.copyfile(userdirs.autosave_path(), saves.slot_path(slot))
        except OSError as exc:
            self.app.message(
                t("title.new_game.title"), t("title.new_game.keep_failed", error=i18n.failure(exc))
            )
            return
        self.open_run_screen(route)

    def on_back(self) -> None:
        self.app.confirm(
            t("title.quit_confirm.title"),
            t("title.quit_confirm.body" if self.has_autosave() else "title.quit_confirm.body_none"),
            on_yes=lambda: self.app.exit(0),
            yes=t("title.menu.quit"),
            focus="yes",  # nothing is lost: the run is saved
        )

    def on_resume(self) -> None:
        self._opening = None
        self._picker_tries = 0  # back from the picker: built ahead again for the next time
        # An autosave may have appeared (a run was played): refresh "Continue".
        if self.has_autosave() != self._continue_enabled:
            self._build()
