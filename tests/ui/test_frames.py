"""Work moved out of the frames that open screens (issue 17) keeps what the player sees: the
epilogue played ahead is the ending's epilogue, measured and rendered texts are remembered
within their budget, the title reads the scenarios before the picker asks for them.
(The speed itself is measured in benchmarks/bench_game.py, not here.)"""

from __future__ import annotations

import threading
import time

import numpy as np
import pygame
from test_month_support import business_session, end_months, open_month
from ui_helpers import buttons, click, frames, idle_until, press, until_settled

from game import epilogue
from game.ui import turns as turns_mod
from game.ui.scenes import ending as ending_mod
from game.ui.scenes import picker as picker_mod
from game.ui.scenes import title as title_mod
from game.ui.widgets import text as tx


def test_the_epilogue_played_ahead_is_the_endings(app):
    s = business_session(months=1)
    end_months(s, s.params.months - s.month)
    assert s.engine.done
    ahead = ending_mod.EpilogueAhead(s)
    scene = ending_mod.EndingScene(app, session=s, ahead=ahead)
    assert scene.epilogue is ahead.value is not None
    assert scene.epilogue.sentences(s) == epilogue.run(s).sentences(s)
    assert scene.street_info is ahead.story  # the street's story was told ahead too
    assert scene.street_info == ending_mod.street_story(s)


def test_an_epilogue_for_another_moment_is_not_used(app):
    s = business_session(months=1)
    end_months(s, s.params.months - s.month)
    ahead = ending_mod.EpilogueAhead(s)
    other = business_session(months=1)
    end_months(other, other.params.months - other.month)
    assert ahead.result(other) is None  # another run: played again for it
    ahead.mark = (-1,)  # the run moved on after the epilogue was started
    assert ahead.result(s) is None
    scene = ending_mod.EndingScene(app, session=s, ahead=ahead)
    assert scene.epilogue is not None and scene.epilogue is not ahead.value
    assert ahead.street(s) is None and scene.street_info is not ahead.story
    assert scene.street_info == ending_mod.street_story(s)


def test_the_last_month_plays_the_epilogue_while_its_result_is_read(app):
    s = business_session(months=1)
    end_months(s, s.params.months - s.month - 1)
    month = open_month(app, s)
    month.end_month()
    frames(app, 8)  # the result opens, its chores run one a frame
    assert type(app.top).__name__ == "ResultScene"
    assert month._epilogue_ahead is not None
    app.top.finish_chores()
    month._epilogue_ahead.thread.join(120)
    app.pop()
    # (closed at once, before it was painted under the result: painted a few pieces a frame)
    idle_until(app, lambda: type(app.top).__name__ == "EndingScene", frames_at_most=40)
    assert app.top.epilogue is month._epilogue_ahead.value


def test_the_ending_waits_on_the_month_screen_while_the_epilogue_is_still_played(app):
    s = business_session(months=1)
    end_months(s, s.params.months - s.month - 1)
    month = open_month(app, s)
    month.end_month()
    frames(app, 8)
    app.top.finish_chores()
    ahead = month._epilogue_ahead
    ahead.thread.join(120)
    gate = threading.Event()  # the epilogue as if still being played
    ahead.thread = threading.Thread(target=gate.wait, daemon=True)
    ahead.thread.start()
    try:
        app.pop()
        frames(app, 5)
        assert app.top is month  # its frames keep coming, no frame waits on the thread
        gate.set()
        ahead.thread.join(120)
        idle_until(app, lambda: type(app.top).__name__ == "EndingScene", frames_at_most=40)
        assert app.top.epilogue is ahead.value
    finally:
        gate.set()


def test_rendered_texts_stay_within_their_byte_budget(app):
    tx._text_cache.clear()
    first = tx.render("Sold out by noon", 16, (255, 255, 255))
    assert tx.render("Sold out by noon", 16, (255, 255, 255)) is first  # remembered
    for i in range(400):
        tx.render(f"{i} " + "a long line of a debrief paragraph " * 6, 20, (200, 200, 200))
    held = sum(s.get_width() * s.get_height() * s.get_bytesize() for s in tx._text_cache.values())
    assert tx._text_cache.nbytes == held <= tx._TEXT_CACHE_BYTES
    assert len(tx._text_cache) > 10  # a budget, not a cache of one
    tx._text_cache.clear()
    assert tx._text_cache.nbytes == 0


def test_a_text_is_measured_once_per_size(app, monkeypatch):
    calls = []
    real = tx.font_for

    def counting(text, size, bold=False):
        calls.append((text, size, bold))
        return real(text, size, bold)

    monkeypatch.setattr(tx, "font_for", counting)
    tx._widths.clear()
    w = tx.text_width("Noodle stall", 16)
    assert w == real("Noodle stall", 16).size("Noodle stall")[0]
    assert tx.text_width("Noodle stall", 16) == w and len(calls) == 1
    tx.text_width("Noodle stall", 15)
    tx.text_width("面馆", 16)
    assert len(calls) == 3


def test_the_title_reads_the_scenarios_before_the_picker_asks(app, monkeypatch):
    picker_mod._cache.clear()
    monkeypatch.setattr(title_mod, "_warming", [])
    frames(app, 2)  # the title starts its warm-up after its first frame
    assert title_mod._warming
    title_mod._warming[0].join(120)
    assert picker_mod._cache  # read once, in the background
    cached = next(iter(picker_mod._cache.values()))
    assert picker_mod.scenario_entries() is cached  # the picker does not read them again


def _states(button) -> dict:
    import pygame

    shape = button.drawable_shape
    shape.redraw_all_states(force_full_redraw=True)
    while shape.states_to_redraw_queue:
        shape.update(0.01)
    for name in shape.states:  # a state is drawn when first shown (shapes.redraw_shown_state)
        shape.set_active_state(name)
    return {
        name: (pygame.surfarray.array3d(st.surface), pygame.surfarray.array_alpha(st.surface))
        for name, st in shape.states.items()
        if st.surface is not None
    }


def test_rounded_buttons_look_as_pygame_gui_draws_them(app):
    """Drawn from a small picture of the corners, a button's every state matches pygame_gui's
    own full-size drawing: same transparency everywhere, colours within a few levels at a
    handful of corner pixels (both anti-alias the same corner curve)."""
    import numpy as np
    import pygame

    from game.ui.scene import Scene
    from game.ui.widgets import shapes

    scene = app.push(Scene(app))
    for i, (w, h, cls) in enumerate(
        [(300, 40, None), (300, 104, "menu"), (94, 40, "primary"), (600, 300, "step")]
    ):
        shapes.uninstall()
        try:
            theirs = _states(scene.button(pygame.Rect(0, 0, w, h), "Save", f"a{i}", cls=cls))
        finally:
            shapes.install()
        ours = _states(scene.button(pygame.Rect(0, 0, w, h), "Save", f"b{i}", cls=cls))
        assert ours.keys() == theirs.keys()
        for name, (rgb, alpha) in ours.items():
            their_rgb, their_alpha = theirs[name]
            assert rgb.shape == their_rgb.shape, (w, h, cls, name)
            assert np.array_equal(alpha, their_alpha), (w, h, cls, name)
            diff = np.abs(rgb.astype(int) - their_rgb.astype(int)).max(axis=2)
            assert diff.max() <= 16 and (diff > 8).sum() <= 16, (w, h, cls, name)


def test_a_button_drawn_from_a_remembered_corner_picture_is_the_same(app):
    import numpy as np

    from game.ui.scene import Scene
    from game.ui.widgets import shapes

    scene = app.push(Scene(app))
    shapes.clear_cache()
    scene.button(pygame.Rect(0, 0, 300, 40), "Save", "a", cls="primary")  # its corners kept
    assert shapes._proxies
    reused = _states(scene.button(pygame.Rect(0, 0, 350, 40), "Save", "b", cls="primary"))
    shapes.clear_cache()
    fresh = _states(scene.button(pygame.Rect(0, 0, 350, 40), "Save", "c", cls="primary"))
    assert reused.keys() == fresh.keys()
    for name, (rgb, alpha) in reused.items():
        assert np.array_equal(rgb, fresh[name][0]) and np.array_equal(alpha, fresh[name][1])


def test_a_wrapped_text_is_the_same_remembered_or_not(app):
    from game.ui import fonts

    font = fonts.get(16)
    text = "The mill closed in March.\nEveryone on the street took the same loan, and " * 3
    first = fonts.wrap(text, font, 300)
    assert first == fonts._wrap(text, font, 300)
    first.append("changed by a caller")
    assert fonts.wrap(text, font, 300) == fonts._wrap(text, font, 300)  # a fresh list each call
    assert fonts.wrap(text, font, 200) == fonts._wrap(text, font, 200)  # width is part of it
    assert fonts.wrap(text, fonts.get(20), 300) == fonts._wrap(text, fonts.get(20), 300)


def test_words_of_plain_text_are_cut_as_the_character_rule_cuts_them():
    """The line breaker's words of a text without Chinese are found in one search (a sources
    page of ~14,000 characters took 20 ms a character at a time): the same words, spaces and
    all, as the character-by-character rule gives; Chinese still goes by that rule."""
    import random

    from game.ui import fonts

    rng = random.Random(17)
    texts = ["", " ", "  ", "a", "a ", " a", "a  b ", "a,b", "¥5 – 6", "我们，他们。 a b"]
    texts += [
        "".join(rng.choice("ab c  d,.-1") for _ in range(rng.randint(0, 40))) for _ in range(500)
    ]
    for text in texts:
        assert fonts._tokens(text) == fonts._tokens_by_character(text), repr(text)
    for text in ["", "abc", "\u2e7f", "\u2e80", "¥", "铁", "a（b"]:
        assert fonts.needs_cjk(text) == any(ord(ch) >= 0x2E80 for ch in text), repr(text)


def test_the_widgets_and_the_screens_share_one_font_per_size(app):
    from game.ui import fonts

    assert tx.font(16) is fonts.get(16, family="sans")
    assert tx.font(20, bold=True, cjk=True) is fonts.get(20, True, "sc")
    assert tx.render("铁饭碗", 20, (255, 255, 255)).get_width() > 0  # Chinese still drawn


def test_the_title_loads_every_text_size_before_the_player_leaves_it(app):
    from game.ui import fonts, theme

    title = app.top
    frames(app, 2 * len(theme.FONT_SIZES) + 2)
    assert title._glyph_queue == []
    for role in theme.FONT_SIZES:
        size = title.font_px(role)
        assert fonts.get(size).size("Mill")[0] > 0 and fonts.get(size, True).size("Mill")[0] > 0


def test_an_elements_theme_ids_are_pygame_guis(app):
    """The theme look-up ids (made without pygame_gui's quadratic key) are the ones pygame_gui
    makes, for an element alone and inside a container, and a second ask gives the same."""
    from game.ui.widgets import theme_ids

    theme = app.manager.get_theme()
    cases = [
        ([None], ["button"], ["@menu"], ["#new_game"]),
        (
            [None, None, None],
            ["panel", "panel", "label"],
            [None, "@frame", "@title"],
            [None, None, "#x"],
        ),
        ([None, "window"], ["window", "button"], [None, None], ["#dialog", "#ok"]),
        (None, None, None, None),
    ]
    for case in cases:
        ours = theme_ids.build_all_combined_ids(theme, *case)
        theirs = theme_ids._original(theme, *case)
        assert ours == theirs, case
        assert theme_ids.build_all_combined_ids(theme, *case) == theirs


def test_a_screen_left_for_the_next_drops_its_pictures_and_paints_them_again_on_return(app):
    """The screens before the first month stay on the stack under the next one: each lets go
    of its full-window picture and its street while covered, and is whole again on Back."""
    from game.session import GameSession
    from game.ui.scenes.briefing import BriefingScene

    s = GameSession.new("steel_town_2016", seed=3, lang="en", autosave=False)
    briefing = app.push(BriefingScene(app, session=s))
    frames(app, 2)
    assert briefing.static is not None and briefing.street is not None
    app.open("household", session=s)
    frames(app, 2)
    assert briefing.static is None and briefing.street is None
    app.pop()
    frames(app, 2)
    assert app.top is briefing
    assert briefing.static is not None and briefing.street is not None
    assert briefing.static.get_size() == app.window.get_size()


def test_the_title_under_a_run_keeps_its_painting_and_bakes_its_vignette_again(app):
    title = app.top
    painting = title._backdrop.static
    app.open("settings")
    frames(app, 2)
    assert not hasattr(title._backdrop, "base") and title._backdrop.static is painting
    app.pop()
    frames(app, 2)
    assert app.top is title and title._backdrop.static is painting
    assert title._backdrop.base.get_size() == app.window.get_size()


def test_the_title_under_a_runs_months_lets_its_painting_go_and_home_paints_it_the_same(app):
    """Issue 17: the title's painting (3.5 MB at 1280x720) is not kept under the months,
    ending and debrief; the menu backdrop the run's settings show is kept packed (~70 KB) and
    shows the same pixels when asked for; the title opened again (home) shows the same
    picture."""
    import threading

    from game.session import GameSession
    from game.ui.scenes import prerun, title_backdrop

    frames(app, 2)
    title = app.top
    painted = pygame.image.tobytes(title._backdrop.static, "RGB")
    menu = pygame.image.tobytes(title_backdrop.menu_background(app.window.get_size()), "RGB")
    s = GameSession.new("steel_town_2016", seed=3, lang="en", autosave=False)
    prerun.go_month(app, s)
    frames(app, 2)
    for thread in threading.enumerate():
        if thread.name == "menu-pack":
            thread.join()
    assert app.stack[0] is title and title._backdrop is None
    assert title_backdrop._painted == {}
    (packed,) = title_backdrop._menu_cache.values()
    assert isinstance(packed, bytes) and len(packed) < len(menu) // 10
    unpacked = title_backdrop.menu_background(app.window.get_size())
    assert pygame.image.tobytes(unpacked, "RGB") == menu
    assert title_backdrop.menu_background(app.window.get_size()) is unpacked
    home = app.go_home()
    frames(app, 2)
    assert pygame.image.tobytes(home._backdrop.static, "RGB") == painted


def test_the_menu_backdrop_shaded_in_strips_is_the_painting_under_one_window_sized_shade(app):
    """The menu backdrop's shade is blitted in strips (no 3.5 MB picture made for it): the
    same pixels as the title's painting under one window-sized shade."""
    from game.ui import theme
    from game.ui.scenes import title_backdrop

    frames(app, 2)
    size = app.window.get_size()
    title_backdrop._menu_cache.clear()
    whole = app.top._backdrop.static.copy()
    bg = theme.colour("bg")
    shade = pygame.Surface(size, pygame.SRCALPHA)
    shade.fill((bg.r, bg.g, bg.b, 205))
    whole.blit(shade, (0, 0))
    menu = title_backdrop.menu_background(size)
    assert pygame.image.tobytes(menu, "RGB") == pygame.image.tobytes(whole, "RGB")


def test_the_pygame_gui_patches_are_written_for_the_pinned_version():
    # The patches reach into pygame_gui's internals: they are installed only under the version
    # requirements.txt pins, which must be the one they were written against.
    from pathlib import Path

    from game.ui.widgets import theme_ids

    pins = Path(__file__).resolve().parents[2].joinpath("requirements.txt").read_text()
    assert f"pygame_gui=={theme_ids.TESTED_PYGAME_GUI}" in pins
    assert theme_ids.fits_this_pygame_gui()


def _title_waiting_on_a_warm_up(monkeypatch):
    """A warm-up thread still at work, and a scenario list not read yet."""
    gate = threading.Event()
    reader = threading.Thread(target=gate.wait, daemon=True)
    reader.start()
    monkeypatch.setattr(title_mod, "_warming", [reader])
    picker_mod._cache.clear()
    return gate


def test_new_game_during_the_warm_up_opens_the_picker_once_the_list_is_read(app, monkeypatch):
    # a loop that sleeps between frames: the warm-up steps only in a turn it is given
    monkeypatch.setattr(turns_mod, "LOOP_GONE_S", 1e9)
    turns = turns_mod.Turns()
    monkeypatch.setattr(turns_mod, "TURNS", turns)
    gate = threading.Event()
    in_turn: list[bool] = []

    def warm_up() -> None:  # the warm-up's reading, one step
        gate.wait()
        turns.take()
        try:
            in_turn.append(turns.sleeping.is_set())
            picker_mod.warm_up()
        finally:
            turns.done()

    reader = threading.Thread(target=warm_up, daemon=True)
    reader.start()
    monkeypatch.setattr(title_mod, "_warming", [reader])
    picker_mod._cache.clear()
    title = app.top
    try:
        click(app, buttons(title)["new_game"], n_frames=3)
        assert app.top is title  # the title stays (its frames keep coming) while the list is read
        gate.set()
        for _ in range(300):  # its frames lend the warm-up a turn; it warms the glyphs too
            if app.top is not title:
                break
            frames(app, 1)
        assert isinstance(app.top, picker_mod.PickerScene)
        assert in_turn == [True]  # the list was read in a turn a waiting title frame lent
        assert title._glyph_queue == []  # the picker measures its texts from warm glyphs
    finally:
        gate.set()
        reader.join(60)


def test_the_warm_up_steps_while_the_loop_sleeps_and_waits_while_a_frame_runs(monkeypatch):
    """A step of the warm-up (a module's body, a scenario) starts only in the main loop's
    sleep between frames (the app's clock, wrapped), never in a frame: a press or a screen
    built does not share Python's lock with an import."""
    monkeypatch.setattr(turns_mod, "LOOP_GONE_S", 1e9)  # (a loop that keeps ticking)
    turns = turns_mod.Turns()
    monkeypatch.setattr(turns_mod, "TURNS", turns)
    turns.woke = time.perf_counter()  # a frame began
    ran = threading.Event()
    in_frame = threading.Event()
    in_frame.set()
    during: list[bool] = []

    def step() -> None:
        turns.take()
        try:
            during.append(in_frame.is_set())
            ran.set()
        finally:
            turns.done()

    worker = threading.Thread(target=step, daemon=True)
    worker.start()

    class Clock:  # the loop's sleep: it lasts until the step has run (or 60 s)
        def tick(self, framerate=0):
            in_frame.clear()
            ran.wait(60)
            in_frame.set()
            return 16

    clock = turns_mod.Clock(Clock())
    for _ in range(50):  # frames that take their time: the step waits for a sleep
        time.sleep(0.001)
        assert not ran.is_set()
    clock.tick(60)
    worker.join(60)
    assert during == [False]  # it ran in the sleep, not in a frame
    assert turns.waited == 1  # (it waited for its turn)


def test_a_loop_that_does_not_sleep_does_not_stop_the_warm_up(monkeypatch):
    """The tests' frames (app.step without the clock) never sleep: the warm-up goes on."""
    turns = turns_mod.Turns()
    monkeypatch.setattr(turns_mod, "LOOP_GONE_S", 0.0)
    done = threading.Event()

    def step() -> None:
        turns.take()
        turns.done()
        done.set()

    threading.Thread(target=step, daemon=True).start()
    assert done.wait(60)


def test_another_choice_while_waiting_forgets_the_new_game(app, monkeypatch):
    gate = _title_waiting_on_a_warm_up(monkeypatch)
    title = app.top
    try:
        click(app, buttons(title)["new_game"], n_frames=2)
        click(app, buttons(title)["settings"], n_frames=2)
        settings = app.top
        assert settings is not title
        picker_mod.warm_up()
        frames(app, 10)
        assert app.top is settings  # the picker does not open over the settings later
    finally:
        gate.set()


def test_the_picker_starts_the_run_with_the_town_it_built_ahead(app):
    from game.ui.scenes.briefing import BriefingScene

    pk = app.open("new_game")
    frames(app, 3)
    prepared = pk._prepared
    assert prepared is not None and prepared.matches(pk.entry.scenario, pk.seed)
    prepared._thread.join(120)
    town = prepared._engine
    assert town is not None
    press(app, pygame.K_RETURN)
    assert isinstance(app.top, BriefingScene)
    assert app.top.session.engine is town
    assert app.top.session.seed == pk.seed


def test_a_painted_dialog_over_the_shared_veil_has_the_pixels_of_one_veiled_window(app):
    """A result or an event: its box drawn over the shared veil gives the window the pixels it
    had from one full-window image of the box over the veil's colour (made per dialog before)."""
    from game.ui.widgets.veil import paint_veil

    overlay = pygame.Color(20, 24, 30, 170)
    dialog = pygame.Surface((120, 80), pygame.SRCALPHA, 32)
    dialog.fill((200, 180, 90, 255))
    pygame.draw.circle(dialog, (40, 90, 200, 128), (60, 40), 30)  # translucent parts too
    pygame.draw.rect(dialog, (0, 0, 0, 0), (0, 0, 10, 10))  # and a see-through corner
    size, at = (320, 200), (90, 50)
    screen = pygame.Surface(size)
    for x in range(0, size[0], 20):  # a screen below with something on it
        pygame.draw.rect(screen, (x % 255, 200 - x % 200, 90), (x, 0, 10, size[1]))
    whole = pygame.Surface(size, pygame.SRCALPHA, 32)
    whole.fill(overlay)
    whole.blit(dialog, at)
    expected = screen.copy()
    expected.blit(whole.premul_alpha(), (0, 0), special_flags=pygame.BLEND_PREMULTIPLIED)
    got = screen.copy()
    paint_veil(got, overlay)
    got.blit(dialog.premul_alpha(), at, special_flags=pygame.BLEND_PREMULTIPLIED)
    a = pygame.surfarray.array3d(expected).astype(int)
    b = pygame.surfarray.array3d(got).astype(int)
    alpha = np.zeros(size, dtype=int)  # the dialog's alpha, where it is
    alpha[at[0] : at[0] + 120, at[1] : at[1] + 80] = pygame.surfarray.array_alpha(dialog)
    whole_or_none = (alpha == 0) | (alpha == 255)
    assert abs(a - b)[whole_or_none].max() <= 1  # (rounding)
    # where the box is see-through in part, the new way is the right "over" (the old image
    # blended its colour as if the veil under it were opaque): a little lighter, never darker
    assert abs(a - b).max() <= 16
    plain = pygame.Surface(size, pygame.SRCALPHA, 32)
    plain.fill(overlay)
    veil = pygame.Surface(size, pygame.SRCALPHA, 32)
    veil.fill((0, 0, 0, 0))
    paint_veil(veil, overlay)  # painted in strips over nothing: the premultiplied colour
    assert pygame.image.tobytes(veil, "RGBA") == pygame.image.tobytes(plain.premul_alpha(), "RGBA")


def test_starting_the_months_leaves_the_setup_screens_without_building_them_again(app):
    from game.ui.scenes import prerun

    pk = app.open("new_game")
    frames(app, 2)
    pk.on_next()
    until_settled(app)  # (the briefing is built ahead a few frames, then opened)
    s = app.top.session
    for route in ("household", "strategy", "path"):
        app.open(route, session=s)
        frames(app, 2)
    left = list(app.stack[1:])
    builds = []
    for scene in left:
        scene.build = lambda scene=scene: builds.append(scene)
    prerun.go_month(app, s)
    frames(app, 2)
    assert builds == []
    assert [type(x).__name__ for x in app.stack[:2]] == ["TitleScene", "MonthScene"]
    assert all(not scene.built and not scene._elements for scene in left)


def _street_painted_ahead(app, pk) -> None:
    """Frames until the picker has painted the briefing's street: the town is built on a
    thread (waited for here, however loaded the machine), the street in a frame after that."""
    from game.ui.scenes import briefing as briefing_mod

    for _ in range(60):
        frames(app, 1)
        if pk._prepared is not None:
            pk._prepared._thread.join(120)
        if briefing_mod.STREET_AHEAD in app.ahead_parts:
            return
    raise AssertionError("the picker painted no street ahead")


def test_the_briefing_shows_the_street_the_picker_painted_ahead(app):
    from game import i18n, words
    from game.ui.scenes import briefing as briefing_mod
    from game.ui.widgets.street import StreetView

    pk = app.open("new_game")
    _street_painted_ahead(app, pk)
    town, ahead = app.ahead_parts.held(briefing_mod.STREET_AHEAD)
    assert town is pk._prepared.built()
    press(app, pygame.K_RETURN)
    br = app.top
    assert br.session.engine is town and br.street is ahead
    fresh = StreetView(
        ahead.rect,
        br.scale,
        br.pal,
        mill_running=True,
        seed=br.session.seed,
        lots=words.street_lots(town, i18n.get_language()),
    )
    assert pygame.image.tobytes(fresh._layer, "RGB") == pygame.image.tobytes(ahead._layer, "RGB")
    assert briefing_mod.STREET_AHEAD not in app.ahead_parts  # taken once


def test_a_street_painted_for_another_run_is_not_shown(app):
    from game.ui.scenes import briefing as briefing_mod

    pk = app.open("new_game")
    _street_painted_ahead(app, pk)
    _town, ahead = app.ahead_parts.held(briefing_mod.STREET_AHEAD)
    pk._prepared = None  # the run starts on a town built again, not the one painted for
    press(app, pygame.K_RETURN)
    assert app.top.street is not ahead


def _at_the_loan_office_with_a_loan(app):
    """A run that holds its loan, on the loan office (the screen before the business)."""
    from test_month_support import certified_session

    from game.core import commands as C
    from game.core.neighbours import guarantor_candidates

    s = certified_session(3)
    for cand in guarantor_candidates(s.engine, s.player):
        s.submit(C.ApplyForLoan(s.player, 30_000.0, cand.household))
        if s.facts()["has_loan"]:
            break
    assert s.facts()["has_loan"]
    office = app.open("loan_office", session=s)
    return s, office


def _painted_ahead(app, frames_at_most: int = 30):
    """Idle frames until the business screen's street and every card are painted ahead."""
    from game.ui.scenes import business_cards as bc

    for _ in range(frames_at_most):
        frames(app, 1)
        a = app.ahead_parts.held(bc.AHEAD)
        if a is not None and a.street is not None and len(a.painted or []) == len(a.cards):
            return a
    raise AssertionError("nothing painted ahead")


def test_the_business_shows_the_cards_and_street_the_loan_office_painted_ahead(app):
    from game.ui.scenes import business_cards as bc

    s, office = _at_the_loan_office_with_a_loan(app)
    ahead = _painted_ahead(app)
    layers = [layer for layer, _tips in ahead.painted]
    business = app.open("business", session=s)
    assert business.street is ahead.street
    assert [layer for _r, layer, _k in business._card_layers] == layers
    assert bc.AHEAD not in app.ahead_parts  # taken once
    # the same pixels and tooltips as cards painted in the business screen's own frame
    for (rect, layer, k), (_l, tips) in zip(business._card_layers, ahead.painted, strict=True):
        fresh, fresh_tips = bc.paint_card(business, rect, business.cards[k])
        assert pygame.image.tobytes(fresh, "RGBA") == pygame.image.tobytes(layer, "RGBA")
        assert [(t.rect, t.lines) for t in fresh_tips] == [(t.rect, t.lines) for t in tips]
    shown = [(t.rect, t.lines) for t in business.tips]
    assert all((t.rect, t.lines) in shown for _l, tips in ahead.painted for t in tips)


def test_the_business_paints_the_cards_not_painted_ahead_yet(app):
    from game.ui.scenes import business_cards as bc

    s, office = _at_the_loan_office_with_a_loan(app)
    ahead = _painted_ahead(app)
    del ahead.painted[3:]  # as if the player went on after a few idle frames
    first = [layer for layer, _tips in ahead.painted]
    business = app.open("business", session=s)
    layers = [layer for _r, layer, _k in business._card_layers]
    assert layers[:3] == first and len(layers) == len(business.cards) > 3
    rect, layer, k = business._card_layers[-1]
    fresh, _tips = bc.paint_card(business, rect, business.cards[k])
    assert pygame.image.tobytes(fresh, "RGBA") == pygame.image.tobytes(layer, "RGBA")


def test_cards_painted_for_other_numbers_are_painted_again(app):
    import dataclasses

    s, office = _at_the_loan_office_with_a_loan(app)
    ahead = _painted_ahead(app)
    old = [layer for layer, _tips in ahead.painted]
    ahead.cards[0] = dataclasses.replace(ahead.cards[0], sellers=ahead.cards[0].sellers + 5)
    business = app.open("business", session=s)
    assert business.street is ahead.street  # the street checks its own lots
    assert not {id(layer) for _r, layer, _k in business._card_layers} & {id(x) for x in old}


def test_a_dialog_over_the_loan_office_lets_it_paint_ahead(app):
    from game.ui.scenes import business_cards as bc

    s, office = _at_the_loan_office_with_a_loan(app)
    app.ahead_parts.drop(bc.AHEAD)
    app.message("Loan", "Granted.")
    frames(app, 1)  # the frame that opened the dialog does nothing more
    assert app.ahead_parts.held(bc.AHEAD) is None or app.ahead_parts.held(bc.AHEAD).street is None
    assert _painted_ahead(app).session is s


def test_the_frame_that_closes_a_dialog_over_the_loan_office_paints_nothing_ahead(app):
    from game.ui.scenes import business_cards as bc

    s, office = _at_the_loan_office_with_a_loan(app)
    frames(app, 2)  # (its own first frame passed)
    dialog = app.message("Loan", "Granted.")
    app.ahead_parts.drop(bc.AHEAD)
    closed: list = []

    def ok_once(_app) -> None:  # the dialog's OK, at the start of the next frame (as the bot)
        if not closed:
            closed.append(dialog)
            dialog.on_button("ok", None)

    app.add_frame_hook(ok_once)
    frames(app, 1)
    assert (
        app.top is office and bc.AHEAD not in app.ahead_parts
    )  # that frame shows the office, nothing more
    frames(app, 1)
    assert app.ahead_parts.held(bc.AHEAD).street is not None


def test_a_street_painted_ahead_goes_with_the_look_it_was_painted_for(app):
    """Another size, language or colours: what was painted ahead is let go (not held in
    memory until a briefing that can never use it)."""
    from game.ui.scenes import briefing as briefing_mod

    pk = app.open("new_game")
    _street_painted_ahead(app, pk)
    app.rebuild(new_manager=True)
    assert briefing_mod.STREET_AHEAD not in app.ahead_parts
