"""The game loop and the scene stack: events -> top scene -> update -> draw -> flip, 60 fps.

`run_play(args)` is what `python main.py` calls. It never lets a traceback reach the player:
an exception inside a scene is logged (userdirs.log_path()), the stack goes back to the title
and an error dialog says what happened. Heavy modules are imported inside functions so the
title is interactive fast.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import math
import os
import sys
import time
import warnings
from collections import deque

import pygame
import pygame_gui

from game import i18n, userdirs
from game.ui import fonts, scenes, theme
from game.ui.audio import Audio
from game.ui.prepared import Parts, Prepared, preparable
from game.ui.scene import Scene
from game.ui.settings import Notice, Settings, load_settings, save_settings
from game.ui.widgets import veil

log = logging.getLogger(__name__)

TITLE = "Iron Rice Bowl"
FPS = 60
BASE_SIZE = (1280, 720)
MIN_SIZE = (960, 540)
# Design pixels every scene must fit in: at high text sizes the scale stops growing before
# the window holds fewer (1280x720 at 125-150% text, 1920x1080 at 125-150%: 1024x576).
VIRTUAL_MIN = (1024, 576)


def effective_scale(size: tuple[int, int], ui_scale: float) -> float:
    """The player's UI scale times how much larger than 1280x720 the window is, in 1/8 steps.

    So 1920x1080 at UI scale 1 looks like 1280x720, only bigger (a projector). The scale is
    capped so the window always holds at least 1024x576 design pixels: every scene must lay
    out in a virtual window of that size (VIRTUAL_MIN), and no larger scale is ever used
    (the settings screen says so when the text size asked for is more than the window holds).
    """
    w, h = size
    fit = max(0.75, min(3.0, min(w / BASE_SIZE[0], h / BASE_SIZE[1])))
    cap = min(w / VIRTUAL_MIN[0], h / VIRTUAL_MIN[1])
    return max(0.5, math.floor(min(ui_scale * fit, cap) * 8) / 8)


class App:
    # A scene's exception goes back to the title with a dialog (players); the tests' fixture
    # turns this on so it fails the test instead (tests/conftest.py, `scene_errors_raise`).
    scene_errors_raise = False

    def __init__(
        self, settings: Settings | None = None, notices: list[Notice] | None = None, args=None
    ) -> None:
        self.settings = settings or Settings()
        self.notices: list[Notice] = list(notices or [])
        self.args = args
        self.stack: list[Scene] = []
        self.running = True
        self.exit_code = 0
        self.minimised = False
        self.frame_ms: deque[float] = deque(maxlen=600)
        self.frames = 0
        self._frame_hooks: list = []
        self._fade_from: pygame.Surface | None = None
        self._fade_left = self._fade_total = 0.0
        self._errors: deque[float] = deque(maxlen=3)
        self._resize_pending = False
        self._below: tuple | None = None  # (key, picture of the scenes under a dialog)
        self.mouse_pos: tuple[int, int] | None = None  # where the pointer is (tooltips)
        self.mouse_moved_at = 0.0
        i18n.set_language(self.settings.language)
        theme.set_palette(self.settings.palette)
        pygame.display.init()
        pygame.font.init()
        pygame.key.set_repeat(400, 40)
        self.window = self._open_window()
        if not self.settings.fullscreen and self.window.get_size() != tuple(
            self.settings.window_size
        ):  # opened at another size (--size): the settings screen shows the real one
            import dataclasses

            self.settings = dataclasses.replace(
                self.settings, window_size=tuple(self.window.get_size())
            )
        self.clock = pygame.time.Clock()
        self.audio = Audio(self.settings.sound)
        self.scale = effective_scale(self.window.get_size(), self.settings.ui_scale)
        self._ui_key: tuple | None = None
        from game.ui.widgets import shapes, theme_ids  # noqa: PLC0415

        if theme_ids.fits_this_pygame_gui():  # both patch pygame_gui's internals
            shapes.install()  # rounded buttons drawn from a small picture (a screen's first frame)
            theme_ids.install()  # elements' theme keys without pygame_gui's quadratic string
        fonts.open_gui_fonts_once()  # a Noto Sans SC face is ~1 MB: ~15 MB in Chinese
        self.manager: pygame_gui.UIManager = self._make_manager()
        self._prepared: Prepared | None = None  # the next screen, built ahead (prepared.py)
        self._spare: pygame_gui.UIManager | None = None  # the manager it is built in
        self._building: Prepared | None = None  # the one being built, a piece a frame
        self._back: list | None = None  # [scene, manager, look, pieces left]: the way back
        self.ahead_parts = Parts()  # pieces of the next screen painted ahead (prepared.py)
        self._quit_asked = False
        self._frame_hooks.append(_watch_autosave)  # a failed autosave is told at once

    # ---- window and theme ------------------------------------------------------------
    def _open_window(self) -> pygame.Surface:
        size = self.settings.window_size
        if self.args is not None and getattr(self.args, "size", None):
            size = parse_size(self.args.size) or size
        if self.settings.fullscreen:
            window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            window = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.display.set_caption(TITLE)
        try:  # the only way in pygame-ce 2.5 to set a minimum size; it warns but works
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                pygame.Window.from_display_module().minimum_size = MIN_SIZE
        except (AttributeError, pygame.error):
            pass
        return window

    def _make_manager(self, spare: bool = False) -> pygame_gui.UIManager:
        lang = i18n.get_language()
        data = theme.build_theme(self.scale, self.settings.palette, lang)
        manager = pygame_gui.UIManager(self.window.get_size(), data)
        current = getattr(self, "manager", None)
        if current is not None:
            # one shape cache for the app's managers (the spare builds the next screen, then
            # becomes the app's): pygame_gui keys a cached shape by all it is drawn from, and
            # each cache's page is 1 MB at 1280x720 (widgets/shapes.py)
            manager.get_theme().shape_cache = current.get_theme().shape_cache
        theme.preload_fonts(manager, self.scale, lang)
        if not spare:
            self._ui_key = (self.scale, self.settings.palette, lang)
        return manager

    def visible_scenes(self) -> list[Scene]:
        """The top scene and, under modal ones, the scenes they are drawn over."""
        start = len(self.stack) - 1
        while start > 0 and self.stack[start].modal:
            start -= 1
        return self.stack[max(0, start) :]

    def rebuild(self, new_manager: bool | None = None) -> None:
        """Re-lay-out every visible scene (after a resize or a settings change)."""
        self._below = None
        self.drop_prepared(spare=True)  # built for another size or look
        self.scale = effective_scale(self.window.get_size(), self.settings.ui_scale)
        key = (self.scale, self.settings.palette, i18n.get_language())
        for scene in self.stack:
            scene._teardown()
        if new_manager or key != self._ui_key:
            self.manager = self._make_manager()
        else:
            self.manager.set_window_resolution(self.window.get_size())
        for scene in self.visible_scenes():
            scene._build()

    def apply_settings(self, new: Settings) -> bool:
        """Apply settings live (window, palette, scale, language, sound) and save them.

        Returns False if they could not be saved (they still apply for this session).
        """
        old = self.settings
        self.settings = new
        i18n.set_language(new.language)
        theme.set_palette(new.palette)
        self.audio.enabled = new.sound
        if (old.window_size, old.fullscreen) != (new.window_size, new.fullscreen):
            self.window = self._open_window()
        self.rebuild()
        return save_settings(new)

    def on_resize(self) -> None:
        self.window = pygame.display.get_surface()
        if not self.settings.fullscreen:  # the settings show the window as it is now
            import dataclasses

            self.settings = dataclasses.replace(
                self.settings, window_size=tuple(self.window.get_size())
            )
        self.rebuild()

    def typing(self) -> bool:
        """True while a text field has the keyboard (shortcut letters must not fire)."""
        return any(
            isinstance(el, pygame_gui.elements.UITextEntryLine | pygame_gui.elements.UITextEntryBox)
            for el in self.manager.get_focus_set() or ()
        )

    # ---- the stack ---------------------------------------------------------------------
    @property
    def top(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def push(self, scene: Scene, built_in: pygame_gui.UIManager | None = None) -> Scene:
        """Show `scene` on top. `built_in`: the manager it was built in ahead (prepared.py):
        it becomes the app's manager once the screens below have let their elements go."""
        self._start_fade(scene.fade_in)
        self.stack.append(scene)  # first: a screen forgetting its pictures may ask what covers it
        if not scene.modal:
            for below in self.stack[:-1]:
                below._teardown()
                below.forget_pictures()
        scene.shown_at = self.frames
        if built_in is not None and scene.built:
            self._spare, self.manager = self.manager, built_in  # the old one is empty now
            scene.focus.restore(scene.default_focus)
        else:
            scene._build()
        scene.on_shown()
        return scene

    def pop(self) -> Scene | None:
        if not self.stack:
            return None
        self._start_fade(self.stack[-1].fade_in * 0.6)
        scene = self.stack.pop()
        scene._teardown()
        scene.forget_pictures()
        back = self._back
        if (
            back is not None
            and back[0] is self.top
            and back[2] == self._look()
            and back[3] is None
            and self.top.built
        ):
            self._back = None
            self._spare, self.manager = self.manager, back[1]  # (emptied by the teardown)
        else:
            self._drop_back()  # (half built: built now, as always)
        for below in self.visible_scenes():
            if not below.built:
                below._build()
        if self.top is not None:
            self.top.shown_at = self.frames
            self.top._ahead_tries.clear()
            self.top.on_resume()
        else:
            self.running = False
        return scene

    def replace(self, scene: Scene) -> Scene:
        if self.stack:
            self._leave(self.stack.pop())
        return self.push(scene)

    def clear_to(self, scene: Scene) -> Scene:
        self.drop_prepared()
        self.ahead_parts.drop()
        self._back = None
        while self.stack:
            self._leave(self.stack.pop())
        return self.push(scene)

    @staticmethod
    def _leave(scene: Scene) -> None:
        scene._teardown()
        scene.forget_pictures()

    def go_home(self) -> Scene:
        """Close every screen and open the title, the bottom of every stack."""
        from game.ui.scenes.title import TitleScene  # noqa: PLC0415 - the title imports a lot

        return self.clear_to(TitleScene(self))

    def open(self, route: str, **kwargs) -> Scene | None:
        """Open a registered screen (see game.ui.scenes); unknown or broken -> a dialog."""
        ready = self._prepared
        if ready is not None:
            if ready.fits(route, kwargs, self._look()):
                self._prepared = None
                return self.push(ready.scene, built_in=ready.manager)
            self.drop_prepared()
        self._drop_building()  # (opened before it was built ahead: built now, as always)
        target = scenes.resolve(route)
        if target is None:
            self.message(
                i18n.t("dialog.unavailable.title"),
                i18n.t("dialog.unavailable.body", screen=i18n.t(f"route.{route}")),
            )
            return None
        if isinstance(target, type) and issubclass(target, Scene):
            return self.push(target(self, **kwargs))
        result = target(self, **kwargs)
        return result if isinstance(result, Scene) else None

    # ---- the next screen, built ahead (game/ui/prepared.py) ----------------------------------
    def _look(self) -> tuple:
        return (self._ui_key, self.window.get_size())

    def prepare(self, route: str, **kwargs) -> bool | None:
        """From an idle frame of the screen on top: build the screen `open(route, **kwargs)`
        will show, unseen, so that frame only shows it. One step a call (the spare manager
        ~9 ms, then the screen's build a piece at a time: `Scene.build_pieces`): True once it
        is ready, None while it is being built. False: a screen that cannot be prepared, or
        one that failed to build (it is simply built when opened)."""
        look = self._look()
        ready = self._prepared
        if ready is not None:
            if ready.fits(route, kwargs, look):
                return True
            self.drop_prepared()
        target = scenes.resolve(route)
        if not preparable(target):
            return False
        if self._spare is None:
            self._spare = self._make_manager(spare=True)
            return None
        building = self._building
        if building is None or not building.is_for(route, kwargs, look):
            self._drop_building()
            scene = target(self, **kwargs)
            mark = scene.ahead_mark()
            if mark is None:
                return False
            building = Prepared(route, kwargs, look, scene, mark=mark, manager=self._spare)
            building.pieces = scene._build_in_pieces()
            self._building = building
        shown = self.manager
        self.manager = self._spare
        try:
            next(building.pieces)
            return None
        except StopIteration:
            pass
        except Exception:  # noqa: BLE001 - opened later, it is built (and reported) as always
            log.debug("building %s ahead failed", route, exc_info=True)
            self._drop_building()
            return False
        finally:
            self.manager = shown
        self._building = None
        building.pieces = None
        if building.scene.ahead_mark() != building.mark:  # the run moved on between pieces
            building.drop()
            return None  # (built again from the start, in the next idle frames)
        self._prepared = building
        self._spare = None
        return True

    def prepare_back(self) -> bool:
        """From an idle frame of a full screen: build the screen under it again (covered, it
        let its elements go) in the spare manager, so the frame that goes back to it (pop)
        only shows it. A piece a call (`Scene.build_pieces`); True once it is built (or needs
        no building)."""
        top = self.top
        below = self.stack[-2] if len(self.stack) > 1 and top is not None else None
        if below is None or top.modal:
            return True
        back = self._back
        if back is not None and (back[0] is not below or back[2] != self._look()):
            self._drop_back()
            back = None
        if back is None:
            if below.built:
                return True
            if self._spare is None:
                self._spare = self._make_manager(spare=True)
                return False
            back = self._back = [below, self._spare, self._look(), below._build_in_pieces()]
            self._spare = None
        if back[3] is None:
            return True
        shown, self.manager = self.manager, back[1]
        try:
            next(back[3])
            return False
        except StopIteration:
            back[3] = None
            return True
        except Exception:  # noqa: BLE001 - built as always when it is gone back to
            log.debug("building %s ahead failed", type(below).__name__, exc_info=True)
            self._drop_back()
            return True
        finally:
            self.manager = shown

    def _drop_back(self) -> None:
        """The screen under this one, built (or half built) ahead, is not shown from there:
        its elements go, and its manager waits for the next screen built ahead."""
        back, self._back = self._back, None
        if back is None:
            return
        if back[3] is not None:
            back[3].close()
        back[0]._teardown()  # (its elements are in that manager: built again when shown)
        if self._spare is None:
            self._spare = back[1]

    def _drop_building(self) -> None:
        """A screen half built ahead is not needed (another was asked for, or the look changed)."""
        building, self._building = self._building, None
        if building is not None:
            building.drop()

    def prepared(self, route: str, **kwargs) -> bool:
        """The screen `open(route, **kwargs)` would show is built ahead and still fits."""
        ready = self._prepared
        return ready is not None and ready.fits(route, kwargs, self._look())

    @contextlib.contextmanager
    def unseen_change(self, route: str, **kwargs):
        """Around a change to the run that the screen built ahead for `open(route, **kwargs)`
        does not show (the caller knows it: the business path taken, which the loan office
        reads nothing of): a screen ready before the change stays ready after it, marked at
        the run's new moment (its `ahead_mark` moved with the command)."""
        ready = self._prepared if self.prepared(route, **kwargs) else None
        yield
        if ready is not None and self._prepared is ready:
            ready.mark = ready.scene.ahead_mark()

    def drop_prepared(self, spare: bool = False) -> None:
        """Let the screen built ahead go (its manager waits for the next); `spare`: the
        manager too (another size or look)."""
        self._drop_building()
        ready, self._prepared = self._prepared, None
        if ready is not None:
            ready.drop()
            if self._spare is None:
                self._spare = ready.manager
        if spare:
            self._spare = None
            self.ahead_parts.drop()  # painted for another size or look
            self._drop_back()
            self._spare = None  # (its manager goes too)

    def message(self, title: str, body: str, on_close=None) -> Scene:
        from game.ui.scenes.dialog import DialogScene

        return self.push(DialogScene.message(self, title, body, on_close=on_close))

    def confirm(
        self,
        title: str,
        body: str,
        on_yes,
        yes: str | None = None,
        no: str | None = None,
        focus: str = "no",
    ) -> Scene:
        from game.ui.scenes.dialog import DialogScene

        return self.push(
            DialogScene.confirm(self, title, body, on_yes, yes=yes, no=no, focus=focus)
        )

    def add_frame_hook(self, hook) -> None:
        """`hook(app)` runs at the start of every frame (the autoplay bot posts events here)."""
        self._frame_hooks.append(hook)

    def remove_frame_hook(self, hook) -> None:
        if hook in self._frame_hooks:
            self._frame_hooks.remove(hook)

    def quit_requested(self) -> None:
        """The window's close button: quit, unless a run that is not saved is open (then ask
        once; closing again quits)."""
        from game.ui.scenes import unsaved  # noqa: PLC0415

        session = unsaved.current_session(self)
        if self._quit_asked or session is None or not getattr(session, "unsaved", False):
            self.running = False
            return
        self._quit_asked = True
        unsaved.leave_run(self, session, lambda: self.exit(0), quitting=True)

    def exit(self, code: int = 0) -> None:
        self.exit_code = code
        self.running = False

    # ---- the loop ----------------------------------------------------------------------
    def _start_fade(self, seconds: float) -> None:
        """Cross-fade from what the window shows now (called as the stack is about to change)."""
        if seconds > 0 and self.frames > 0:
            self._fade_from = self._window_picture()
            self._fade_left = self._fade_total = seconds

    # A fade starts from a copy of the window made in a window-sized picture (3.5 MB at
    # 1280x720) the stack's change leaves unused when there is one: the picture of the screens
    # under a dialog that is closing (or covered), or the fade's own when one is under way.
    # Before, each closing dialog made a new copy while its picture under it was still held:
    # two alive through the fade-out, and one more made and dropped per dialog (holes in the
    # heap that glibc keeps; issue 17). (A dialog's fade-in still needs both: the picture
    # under it is taken in its first frame, while the fade shows the frame before.)
    def _window_picture(self) -> pygame.Surface:
        """A copy of the window, in the fade's or the dialog's picture when there is one: the
        stack is about to change, so neither is shown again."""
        below, self._below = self._below, None
        size = self.window.get_size()
        done = (self._fade_from, below[1] if below is not None else None)
        fits = (p for p in done if p is not None and p.get_size() == size)
        return kept(self.window, next(fits, None))

    def step(self, dt: float) -> None:
        """One frame: hooks, events, update, draw. Exceptions go to `recover`."""
        start = time.perf_counter()
        try:
            for hook in list(self._frame_hooks):
                hook(self)
            for event in pygame.event.get():
                self._dispatch(event)
            if self._resize_pending:  # one re-layout per frame, however many resize events
                self._resize_pending = False
                surface = pygame.display.get_surface()
                if surface is not None and surface.get_size() != self.manager.window_resolution:
                    self.on_resize()
            if self.top is not None and not self.minimised:
                self.top.update(dt)
                self.manager.update(dt)
                self._draw(dt)
        except Exception as exc:  # noqa: BLE001 - the player never sees a traceback
            self.recover(exc)
        self.frames += 1
        self.frame_ms.append((time.perf_counter() - start) * 1000)
        if self.frames == 1:
            self.audio.start()  # after the first picture: a slow sound device must not delay it

    def _dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit_requested()
            return
        if event.type in (pygame.WINDOWSIZECHANGED, pygame.VIDEORESIZE):
            self._resize_pending = True
            return
        if event.type == pygame.WINDOWMINIMIZED:
            self.minimised = True
            return
        if event.type in (
            pygame.WINDOWRESTORED,
            pygame.WINDOWSHOWN,
            pygame.WINDOWEXPOSED,
            pygame.WINDOWMAXIMIZED,
        ):
            self.minimised = False
        if event.type == pygame.MOUSEMOTION:
            self.mouse_pos = tuple(event.pos)
            self.mouse_moved_at = time.monotonic()
        top = self.top
        if top is None:
            return
        consumed = self.manager.process_events(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if top.owns(event.ui_element):
                self.audio.play("click")
                top.focus.focus_element(event.ui_element)
                top.on_button(top.name_of(event.ui_element), event.ui_element)
            return
        if not consumed or event.type == pygame.KEYDOWN:
            top.handle_event(event)

    def _draw(self, dt: float) -> None:
        surface = self.window
        *below, top = self.visible_scenes()
        if below:
            # Scenes under a dialog are paused: paint them once (their backgrounds, widgets and
            # what they paint over their widgets, a card's words), then reuse the picture. One
            # manager holds their widgets and the dialog's: `manager.draw_ui` would draw the
            # screen's blank card buttons over the card pictures, so the two are drawn apart.
            # The veil (the dialog's lowest layer) is painted into that picture too when the
            # dialog paints nothing under it (a modal's background and panels are its own
            # widgets): no window-sized picture of the veil is kept (widgets/veil.py).
            under, veils, over = self._widgets_split(top)
            baked = top.modal and not top._painted
            key = (
                tuple(id(scene) for scene in below),
                surface.get_size(),
                self._ui_key,
                tuple(tuple(v.colour) for v in veils) if baked else (),
            )
            if self._below is None or self._below[0] != key:
                for scene in below:
                    scene.draw_background(surface)
                    scene.draw_panels(surface)
                self._blit_under(surface, under)
                for scene in below:
                    scene.draw_on_widgets(surface)
                if baked:
                    for v in veils:
                        veil.paint_veil(surface, v.colour)
                self._below = (key, surface.copy())
            else:
                surface.blit(self._below[1], (0, 0))
            top.draw_background(surface)
            top.draw_panels(surface)
            if not baked:
                for v in veils:
                    veil.paint_veil(surface, v.colour)
            surface.blits(over, doreturn=False)
        else:
            self._below = None
            top.draw_background(surface)
            top.draw_panels(surface)
            self.manager.draw_ui(surface)
        top.draw_on_widgets(surface)
        top.draw_overlay(surface)
        if self._fade_from is not None:
            self._fade_left -= dt
            if self._fade_left <= 0 or self._fade_from.get_size() != surface.get_size():
                self._fade_from = None
            else:
                self._fade_from.set_alpha(int(255 * self._fade_left / self._fade_total))
                surface.blit(self._fade_from, (0, 0))
        pygame.display.flip()

    def repaint_below(self) -> None:
        """A screen under a dialog changed what it shows (work_ahead): paint it again once (it
        is painted once when the dialog opens, its widgets too)."""
        self._below = None

    @staticmethod
    def _blit_under(surface: pygame.Surface, under: list) -> None:
        """Blit the widgets under a dialog in order, painting the veils among them."""
        run: list = []
        for item in under:
            if isinstance(item, veil.Veil):
                surface.blits(run, doreturn=False)
                run = []
                veil.paint_veil(surface, item.colour)
            else:
                run.append(item)
        surface.blits(run, doreturn=False)

    def _widgets_split(self, top: Scene) -> tuple[list, list, list]:
        """The manager's visible widgets (what `draw_ui` blits, in its order) in three: those
        under the modal `top` (below its lowest layer: the screens it covers), its veils (the
        app paints them: they are in its lowest layer) and its other widgets."""
        group = self.manager.get_sprite_group()
        floor = min((e.layer for e in top._elements if e.alive()), default=0)
        under: list = []
        veils: list[veil.Veil] = []
        over: list = []
        for sprite in group.sprites():
            if sprite.image is not None and sprite.visible:
                if sprite.layer < floor:  # (a dialog's veil under this one: painted in order)
                    under.append(sprite if isinstance(sprite, veil.Veil) else sprite.blit_data)
                elif isinstance(sprite, veil.Veil):
                    veils.append(sprite)
                else:
                    over.append(sprite.blit_data)
        return under, veils, over

    def recover(self, exc: BaseException) -> None:
        """Log, go back to the title, show an error dialog. Three errors in 5 s: give up.
        Under the tests (`scene_errors_raise`, set by a fixture) the error goes on up instead,
        so a screen that crashes fails its test rather than landing quietly on the title."""
        if self.scene_errors_raise:
            raise exc
        log.error("error in scene %s", type(self.top).__name__ if self.top else None, exc_info=exc)
        now = time.monotonic()
        self._errors.append(now)
        if len(self._errors) == self._errors.maxlen and now - self._errors[0] < 5.0:
            print(i18n.t("error.fatal", log=userdirs.log_path()), file=sys.stderr)
            self.exit(1)
            return
        try:
            self._fade_from = None
            self.go_home()
            self.message(i18n.t("error.title"), i18n.t("error.body", log=userdirs.log_path()))
        except Exception:  # noqa: BLE001
            log.exception("could not recover to the title")
            print(i18n.t("error.fatal", log=userdirs.log_path()), file=sys.stderr)
            self.exit(1)

    def run(self, max_frames: int | None = None) -> int:
        from game import saves  # noqa: PLC0415

        dt = 0.0
        # The autosave's disk flush goes to the saves' thread, not into a frame; before the
        # loop returns (quit), every save asked for is on disk.
        saves.write_in_background(True)
        try:
            while self.running and (max_frames is None or self.frames < max_frames):
                self.step(dt)
                dt = self.clock.tick(10 if self.minimised else FPS) / 1000.0
        finally:
            saves.write_in_background(False)
        return self.exit_code

    def save_screenshot(self, path) -> None:
        pygame.image.save(self.window, str(path))

    def close(self) -> None:
        while self.stack:
            self.stack.pop()._teardown()
        self.audio.stop()
        fonts.clear_cache()
        from game.ui.widgets import text as widget_text  # its fonts die with pygame.quit()

        widget_text.clear_caches()
        pygame.quit()


def kept(shown: pygame.Surface, spare: pygame.Surface | None) -> pygame.Surface:
    """A copy of `shown`, in `spare` if it has the size (no new picture made)."""
    if spare is None or spare.get_size() != shown.get_size():
        return shown.copy()
    spare.set_alpha(None)
    spare.blit(shown, (0, 0))
    return spare


def _watch_autosave(app: App) -> None:
    """Every frame: tell the player when the run's autosave failed (game.ui.scenes.unsaved).
    No run can be open before a session exists: until then the screen's module (and numpy
    and the simulation under it, ~100 ms and 12 MB) is not imported for the title."""
    if "game.session" not in sys.modules:
        return
    from game.ui.scenes import unsaved  # noqa: PLC0415

    unsaved.watch(app)


def parse_size(text: str) -> tuple[int, int] | None:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except (ValueError, AttributeError):
        return None
    return (max(MIN_SIZE[0], w), max(MIN_SIZE[1], h)) if w > 0 and h > 0 else None


def no_display() -> bool:
    """On Linux with no X11 or Wayland display and no SDL driver chosen, SDL would open an
    invisible window and the game would seem to hang: say so instead."""
    if not sys.platform.startswith("linux") or os.environ.get("SDL_VIDEODRIVER"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def claim_saves_folder(settings: Settings) -> list[Notice]:
    """Before the first screen: the saves folder the player chose (if it is still there), this
    window's claim on it (a second window of the game is told, and does not autosave over the
    first's run), and the half-written files a killed game left in it."""
    from game import saves  # noqa: PLC0415

    if settings.save_folder and os.path.isdir(settings.save_folder):
        userdirs.set_saves_dir(settings.save_folder)
    if not saves.claim_folder():
        return [Notice("saves.notice.other_window")]
    saves.clean_leftovers()
    try:  # the settings' own half-written copies (write_json_atomic)
        for p in userdirs.config_dir(create=False).glob("settings.json.*.tmp"):
            p.unlink()
    except OSError:
        pass
    return []


def hashes_without_openssl() -> None:
    """hashlib's SHA-256 (the saves' checksums, the state's fingerprint) from Python's own
    code rather than OpenSSL's libcrypto, whose pages are 3.3 MB of a playing game's memory
    (issue 17) for a few hashes a month: the same digests; a 24-month save (370 KB) takes 1.1 ms
    instead of 0.2, on the saves' thread; a state's fingerprint 1 us instead of 0.4. Only
    before anything imported hashlib (`python main.py` imports it first in `run_play`); the
    room's `join` still loads OpenSSL through `ssl`, for its connection only."""
    if "hashlib" not in sys.modules:
        sys.modules.setdefault("_hashlib", None)  # type: ignore[assignment]


def run_play(args=None) -> int:
    """Open the window on the title screen and play. Returns the exit code (0 = fine).

    IRB_MAX_FRAMES=N stops after N frames (tests, benchmarks).
    """
    hashes_without_openssl()
    userdirs.setup_logging()
    if no_display():
        print(i18n.t("error.no_display"), file=sys.stderr)
        return 1
    app = None
    try:
        moved_to = userdirs.move_old_files()  # before the settings are read from their new place
        settings, notices = load_settings()
        lang = getattr(args, "lang", None) if args is not None else None
        if lang in i18n.available_languages():  # `play --lang zh`: this run, not saved
            settings = dataclasses.replace(settings, language=lang)
        if moved_to is not None:
            notices.insert(
                0,
                Notice("userdirs.notice.moved", {"folder": str(moved_to)}, "userdirs.notice.title"),
            )
        notices += claim_saves_folder(settings)
        app = App(settings, notices, args)
        from game.ui.scenes.title import TitleScene

        app.push(TitleScene(app))
        if args is not None and getattr(args, "autoplay", False):
            from game.ui.autoplay import is_builtin  # noqa: PLC0415

            if not is_builtin(getattr(args, "scenario", None)):  # a file: start at its briefing
                app.open("start_scenario", args=args)
            app.open("autoplay", args=args)
        elif args is not None and getattr(args, "command", None) == "join":
            app.open("start_join", args=args)
        elif args is not None and getattr(args, "scenario", None):
            app.open("start_scenario", args=args)
        max_frames = os.environ.get("IRB_MAX_FRAMES")
        return app.run(int(max_frames) if max_frames else None)
    except KeyboardInterrupt:  # Ctrl+C in the terminal: a quiet stop
        return 130
    except Exception as exc:  # noqa: BLE001 - a message, never a traceback
        log.exception("the game could not run")
        print(i18n.t("error.fatal_start", error=exc, log=userdirs.log_path()), file=sys.stderr)
        return 1
    finally:
        if app is not None:
            try:
                app.close()
            except Exception:  # noqa: BLE001
                log.exception("error while closing")
        from game import saves  # noqa: PLC0415

        saves.release_folder()  # the next window may have the folder
