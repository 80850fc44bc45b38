"""The title screen: every button and key, the focus ring, and how it looks."""

from __future__ import annotations

import pygame
import pytest
from ui_helpers import buttons, click, frames, press

from game import userdirs
from game.ui import scenes, theme
from game.ui.scene import Scene
from game.ui.scenes.credits import CreditsScene
from game.ui.scenes.dialog import DialogScene
from game.ui.scenes.settings_scene import SettingsScene
from game.ui.scenes.title import MENU, TitleScene


def test_menu_has_every_entry_with_its_shortcut(app):
    menu = buttons(app.top)
    assert list(menu) == [route for route, _, _ in MENU]
    assert [b.text for b in menu.values()] == [
        "New game",
        "Continue",
        "Load",
        "Scenarios",
        "Workshop",
        "Settings",
        "Sources & credits",
        "Quit",
    ]
    assert not menu["continue"].is_enabled  # no autosave yet
    for button in menu.values():
        assert app.top.safe_rect.contains(button.rect)


class Probe(Scene):
    """Stands in for screens other parts of the game register (new game, load, ...)."""

    def __init__(self, app, **kwargs):
        super().__init__(app)
        self.kwargs = kwargs


@pytest.fixture
def probe_routes(monkeypatch):
    for route in ("new_game", "load", "scenarios", "continue"):
        monkeypatch.setitem(scenes.SCENES, route, f"{__name__}:Probe")


@pytest.mark.parametrize("route", ["new_game", "load", "scenarios"])
def test_unregistered_routes_say_unavailable(app, monkeypatch, route):
    monkeypatch.delitem(scenes.SCENES, route, raising=False)
    click(app, buttons(app.top)[route])
    assert isinstance(app.top, DialogScene)
    assert "not part of this version" in app.top.body
    click(app, buttons(app.top)["ok"])
    frames(app, 2)
    assert isinstance(app.top, TitleScene)


@pytest.mark.parametrize("route", ["new_game", "load", "scenarios"])
def test_registered_routes_open(app, probe_routes, route):
    click(app, buttons(app.top)[route])
    assert isinstance(app.top, Probe)


def test_settings_and_credits_buttons(app):
    click(app, buttons(app.top)["settings"])
    assert isinstance(app.top, SettingsScene)
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.top, TitleScene)
    click(app, buttons(app.top)["credits"])
    assert isinstance(app.top, CreditsScene)


def test_quit_button_exits_with_0(app):
    click(app, buttons(app.top)["quit"])
    assert not app.running and app.exit_code == 0


def test_continue_is_enabled_by_an_autosave(make_app, probe_routes):
    path = userdirs.saves_dir() / "autosave.json"
    path.write_text("{}", encoding="utf-8")
    app = make_app()
    assert buttons(app.top)["continue"].is_enabled
    click(app, buttons(app.top)["continue"])
    assert isinstance(app.top, Probe) and app.top.kwargs == {"path": path}


def test_continue_refreshes_when_coming_back(app, probe_routes):
    click(app, buttons(app.top)["new_game"])
    (userdirs.saves_dir() / "autosave.json").write_text("{}", encoding="utf-8")
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.top, TitleScene) and buttons(app.top)["continue"].is_enabled


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (pygame.K_t, SettingsScene),
        (pygame.K_a, CreditsScene),
        (pygame.K_n, Probe),
        (pygame.K_l, Probe),
        (pygame.K_s, Probe),
    ],
)
def test_shortcut_keys(app, probe_routes, key, expected):
    press(app, key)
    assert isinstance(app.top, expected)


def test_shortcut_c_does_nothing_without_autosave_and_q_quits(app):
    press(app, pygame.K_c)
    assert isinstance(app.top, TitleScene)
    press(app, pygame.K_q)
    assert not app.running


def test_escape_asks_before_quitting(app):
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.top, DialogScene)
    press(app, pygame.K_ESCAPE)  # cancel
    assert isinstance(app.top, TitleScene) and app.running
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_RETURN)  # "Quit" has the focus
    assert not app.running


def test_tab_and_arrows_move_the_focus_greyed_out_buttons_included(app):
    ring = app.top.focus
    assert ring.focused.name == "new_game"
    press(app, pygame.K_TAB)
    # "continue" is greyed out (no run to continue): the keyboard reaches it, so its reason
    # can be read, but Enter does not press it
    assert ring.focused.name == "continue" and not ring.focused.element.is_enabled
    assert ring.focused.element.irb_tip
    press(app, pygame.K_RETURN)
    assert isinstance(app.top, TitleScene)
    press(app, pygame.K_TAB)
    assert ring.focused.name == "load"
    press(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    press(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert ring.focused.name == "new_game"
    press(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert ring.focused.name == "quit"  # wraps around
    press(app, pygame.K_UP)
    assert ring.focused.name == "credits"
    press(app, pygame.K_DOWN)
    press(app, pygame.K_DOWN)  # nothing below "quit": stays
    assert ring.focused.name == "quit"
    press(app, pygame.K_RIGHT)  # nothing to the right
    assert ring.focused.name == "quit"


@pytest.mark.parametrize("key", [pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER])
def test_enter_and_space_activate_the_focused_button(app, key):
    app.top.focus.focus_name("settings")
    press(app, key)
    assert isinstance(app.top, SettingsScene)


def test_focus_outline_is_drawn_in_amber(app):
    rect = buttons(app.top)["new_game"].rect
    frames(app, 2)
    pad = 3
    x, y = rect.centerx, rect.top - pad + 1
    assert app.window.get_at((x, y))[:3] == theme.colour("focus")[:3]
    press(app, pygame.K_TAB)
    assert app.window.get_at((x, y))[:3] != theme.colour("focus")[:3]


def test_focus_survives_a_rebuild(app):
    app.top.focus.focus_name("credits")
    app.rebuild(new_manager=True)
    assert app.top.focus.focused.name == "credits"


def test_mouse_click_moves_the_focus(app, probe_routes):
    click(app, buttons(app.top)["load"])
    press(app, pygame.K_ESCAPE)
    assert app.top.focus.focused.name == "load"


def test_title_draws_the_painting_and_both_names(app):
    frames(app, 2)
    surface = app.window
    w, h = surface.get_size()
    sky = surface.get_at((w - 40, 40))
    street_glow = max(surface.get_at((x, int(h * 0.86)))[0] for x in range(w // 2, w, 4))
    assert sky[2] > sky[0]  # a blue-ish night sky, not a flat fill
    assert street_glow > 60  # sodium lamp light on the pavement
    title_rect = pygame.Rect(60, 50, 500, 130)
    amber = theme.colour("accent")
    pixels = [
        surface.get_at((x, y))
        for x in range(title_rect.left, title_rect.right, 2)
        for y in range(title_rect.top, title_rect.bottom, 2)
    ]
    assert (
        sum(abs(p.r - amber.r) + abs(p.g - amber.g) + abs(p.b - amber.b) < 40 for p in pixels) > 50
    )
    assert sum(p.r > 220 and p.g > 220 for p in pixels) > 200  # the white title


def test_new_game_asks_before_replacing_a_run_and_reads_in_the_players_language(
    make_app, probe_routes
):
    """A run in the autosave: New game asks (keep it in a free slot, start over, or Cancel,
    which has the focus); the dialog names the run in the language now chosen, whatever the
    language it was saved in; a run already over is said to be over."""
    from game import saves
    from game.i18n import t
    from game.session import GameSession
    from game.ui.settings import Settings

    s = GameSession.new("steel_town_2016", seed=4, autosave=False)
    s.end_month()
    saves.save(s, userdirs.autosave_path())  # saved in English
    app = make_app(Settings(language="zh"))
    press(app, pygame.K_n)
    assert isinstance(app.top, DialogScene)
    assert set(buttons(app.top)) == {"keep", "replace", "no"}
    assert "钢城" in app.top.body and "Steel town" not in app.top.body
    assert "。 " not in app.top.body  # Chinese sentences join without a space
    press(app, pygame.K_RETURN)  # Enter is Cancel: nothing replaced
    assert isinstance(app.top, TitleScene)
    click(app, buttons(app.top)["new_game"])
    click(app, buttons(app.top)["keep"])
    assert isinstance(app.top, Probe)  # on to the new game, the old run kept in slot 1
    assert saves.slot_path(1).exists()
    # a run that is over is not called unfinished
    while not s.engine.done:
        s.pending_events.clear()
        s.end_month()
    saves.save(s, userdirs.autosave_path())
    app2 = make_app(Settings(language="en"))
    press(app2, pygame.K_n)
    over = t("title.new_game.body_over", title=s.title()).split("{")[0]
    assert app2.top.body.startswith(over[:40])


@pytest.mark.parametrize("language", ["en", "zh"])
def test_large_text_in_a_small_window_draws_nothing_under_the_menu(make_app, language):
    """150% text at 1280x720 fills the height with the menu: the keys hint was drawn under the
    Quit button (seen playing in Chinese). Every text the title draws stays clear of every
    button."""
    from game.ui.settings import Settings

    app = make_app(Settings(ui_scale=1.5, language=language, window_size=(1280, 720)))
    title = app.top
    rects = [b.rect for b in buttons(title).values()]
    for surface, pos in title._texts:
        drawn = surface.get_rect(topleft=pos)
        assert not any(drawn.colliderect(r) for r in rects), (drawn, rects)


def test_keeping_the_run_says_why_it_failed_without_the_files_name(app, monkeypatch):
    # "Start a new game", keep the run in a free slot: a copy that fails showed the OSError's
    # own text, the slot file's full path in it; the house rule is no file name on screen.
    import shutil

    from game import i18n

    def refused(src, dst, *a, **k):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(shutil, "copyfile", refused)
    title = app.top
    assert isinstance(title, TitleScene)
    shown = []
    monkeypatch.setattr(app, "message", lambda head, body, **k: shown.append(body))
    title._keep_then_open(1, "new_game")
    (body,) = shown
    assert "Permission denied" in body  # the system's reason, in its words
    assert "slot" not in body.lower().replace(i18n.t("title.new_game.keep_failed", error=""), "")
    assert "/" not in body and ".json" not in body
