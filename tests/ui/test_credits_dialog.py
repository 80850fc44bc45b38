"""Sources & credits, and the message / confirm dialog."""

from __future__ import annotations

import pygame
import pytest
from ui_helpers import buttons, click, frames, press

from game.ui import theme
from game.ui.scenes.credits import CreditsScene, credits_html
from game.ui.scenes.dialog import DialogButton, DialogScene
from game.ui.scenes.title import TitleScene
from game.ui.widgets.veil import Veil, paint_veil


@pytest.fixture
def credits_app(make_app):
    app = make_app()
    click(app, buttons(app.top)["credits"])
    assert isinstance(app.top, CreditsScene)
    return app


def test_credits_cite_the_essay_the_sources_and_the_font_licence():
    text = credits_html()
    for needle in [
        "Loubere (2016)",
        "Made in China",
        "Appleton, Knight, Song &amp; Xia (2002)",
        "Banerjee, Karlan &amp; Zinman (2015)",
        "Moretti (2010)",
        "SIL Open Font License 1.1",
        "pygame-ce",
    ]:
        assert needle in text, needle


def test_credits_scroll_with_keys(credits_app):
    scene = credits_app.top
    assert scene.box.scroll_bar is not None  # more text than fits
    press(credits_app, pygame.K_PAGEDOWN)
    first = scene.scroll
    assert first > 0
    press(credits_app, pygame.K_DOWN)
    assert scene.scroll > first
    press(credits_app, pygame.K_UP)
    press(credits_app, pygame.K_PAGEUP)
    assert scene.scroll == 0
    press(credits_app, pygame.K_END)
    assert scene.scroll == pytest.approx(1 - scene.box.scroll_bar.visible_percentage, abs=0.01)
    press(credits_app, pygame.K_HOME)
    assert scene.scroll == 0


def test_credits_scroll_survives_a_resize(credits_app):
    press(credits_app, pygame.K_END)
    pygame.display.set_mode((1920, 1080), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, {"x": 1920, "y": 1080}))
    frames(credits_app, 2)
    assert credits_app.top.scroll > 0.5


def test_credits_back_button_and_escape(credits_app):
    click(credits_app, buttons(credits_app.top)["back"])
    assert isinstance(credits_app.top, TitleScene)
    press(credits_app, pygame.K_a)
    press(credits_app, pygame.K_ESCAPE)
    assert isinstance(credits_app.top, TitleScene)


def test_message_ok_calls_back(app):
    closed = []
    app.message("Title", "Body text", on_close=lambda: closed.append(True))
    frames(app, 2)
    click(app, buttons(app.top)["ok"])
    assert closed == [True] and isinstance(app.top, TitleScene)


@pytest.mark.parametrize(
    ("how", "said_yes"),
    [
        ("click_yes", True),
        ("click_no", False),
        ("enter", False),  # Cancel has the focus: Enter alone never says yes
        ("escape", False),
    ],
)
def test_confirm(app, how, said_yes):
    answers = []
    app.confirm("Sure?", "Really sure?", on_yes=lambda: answers.append("yes"))
    frames(app, 2)
    if how == "click_yes":
        click(app, buttons(app.top)["yes"])
    elif how == "click_no":
        click(app, buttons(app.top)["no"])
    elif how == "enter":
        press(app, pygame.K_RETURN)
    else:
        press(app, pygame.K_ESCAPE)
    assert answers == (["yes"] if said_yes else [])
    assert isinstance(app.top, TitleScene)


def test_dialog_arrows_move_between_its_buttons_only(app):
    app.confirm("Sure?", "Really?", on_yes=lambda: None)
    ring = app.top.focus
    assert ring.focused.name == "no"  # Cancel first
    press(app, pygame.K_LEFT)
    assert ring.focused.name == "yes"
    press(app, pygame.K_LEFT)  # nothing left of "Yes" in the dialog (the menu is below it)
    assert ring.focused.name == "yes"
    press(app, pygame.K_RIGHT)
    assert ring.focused.name == "no"
    press(app, pygame.K_SPACE)
    assert isinstance(app.top, TitleScene) and app.running


def test_tab_goes_round_the_dialogs_buttons_only(app):
    app.confirm("Sure?", "Really?", on_yes=lambda: None)
    ring = app.top.focus
    seen = []
    for _ in range(4):
        press(app, pygame.K_TAB)
        seen.append(ring.focused.name)
    assert seen == ["yes", "no", "yes", "no"]  # never the veil, never the title's buttons
    press(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert ring.focused.name == "yes"


def test_dialog_blocks_clicks_on_the_screen_below(app):
    title_buttons = buttons(app.top)
    app.message("Hello", "A long message " * 20)
    frames(app, 2)
    click(app, title_buttons["quit"])  # under the dim overlay
    assert app.running
    assert isinstance(app.top, DialogScene)


def test_the_veil_takes_the_pointer_and_clicks_away_from_the_screen_below(app, monkeypatch):
    quit_button = buttons(app.top)["quit"]
    app.message("Hello", "Short.")
    frames(app, 2)
    pos = quit_button.rect.center
    assert not app.top.box.rect.collidepoint(pos)  # the title's button is outside the box
    # pygame_gui reads the pointer from SDL, which the dummy driver never moves.
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: pos)
    frames(app, 2)
    assert not quit_button.hovered  # no hover highlight under the veil
    for button in (1, 3):  # left and right
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, {"pos": pos, "button": button})
        )
        frames(app, 1)
        assert not quit_button.held
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, {"pos": pos, "button": button}))
        frames(app, 1)
    assert app.running and isinstance(app.top, DialogScene)
    press(app, pygame.K_RETURN)  # the dialog still has the keyboard
    assert isinstance(app.top, TitleScene)
    quit_button = buttons(app.top)["quit"]
    frames(app, 2)
    assert quit_button.hovered  # the veil went with the dialog


def test_a_dialog_keeps_no_window_sized_picture_of_its_veil(app):
    """The veil is painted into the picture of the paused screen below (3.5 MB less at
    1280x720): its element keeps one clear pixel, and the window under it is darker."""
    frames(app, 20)
    before = pygame.surfarray.array3d(app.window).astype(int)
    app.message("Hello", "Short.")
    frames(app, 12)  # (past the fade-in)
    veil = next(e for e in app.top._elements if isinstance(e, Veil))
    assert veil.image.get_size() == (1, 1)
    now = pygame.surfarray.array3d(app.window).astype(int)
    corner = (slice(0, 40), slice(0, 40))  # far from the box
    assert now[corner].mean() < before[corner].mean() - 10


def test_a_dialog_over_a_dialog_darkens_the_screen_under_both(app):
    """A second dialog over the first: the first one's veil is painted under it too (in the
    order of their layers), so the screen below is darker than under one dialog."""
    frames(app, 20)
    app.message("First", "Short.")
    frames(app, 12)
    one = app.window.copy()
    app.message("Second", "Short.")
    frames(app, 12)
    assert len(app.visible_scenes()) == 3
    paint_veil(one, theme.colour("overlay"))  # the first dialog's window, veiled once more
    corner = (slice(0, 40), slice(0, 40))
    want = pygame.surfarray.array3d(one).astype(int)[corner]
    got = pygame.surfarray.array3d(app.window).astype(int)[corner]
    assert abs(got - want).max() <= 1


def test_long_message_wraps_inside_the_dialog(app):
    app.message("Hello", "word " * 200)
    frames(app, 2)
    box = app.top.box.rect
    assert app.window.get_rect().contains(box)
    assert buttons(app.top)["ok"].rect.bottom <= box.bottom


def test_custom_buttons(app):
    picked = []
    app.push(
        DialogScene(
            app,
            "Choose",
            "Which one?",
            [
                DialogButton("a", "First", lambda: picked.append("a")),
                DialogButton("b", "Second", lambda: picked.append("b"), primary=True),
                DialogButton("c", "Never mind", cancel=True),
            ],
        )
    )
    assert app.top.focus.focused.name == "b"  # the primary button has the focus
    click(app, buttons(app.top)["a"])
    assert picked == ["a"]
