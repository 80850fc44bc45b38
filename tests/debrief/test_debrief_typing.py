"""The debrief's text fields take text as a keyboard gives it: one letter an event, or many in
one (a paste by a keyboard tool, an input method's phrase, a fast typist on a slow frame).
Many letters in one event go in as one edit; what is kept and what the field shows are what the
same letters typed one at a time give."""

from __future__ import annotations

import copy

import pygame
from debrief_helpers import buttons, click, finished, frames, press

from game.debrief import argument, reflection, scripted
from game.ui.scenes.debrief import DebriefScene

# Longer than a row of the explanation's box: the text wraps while it goes in.
PASTE = (
    "I chose the loan and a business; my neighbours opened the same trade so prices fell; "
    "the state's insurance paid much of our income."
)


def written_run():
    """A finished run with everything written but the field under test."""
    s = copy.deepcopy(finished("steel_town_2016", 3))
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}
    scripted.reflect(s, {})
    return s


def open_at(app, session, tab: str) -> DebriefScene:
    scene = app.open("debrief", session=session, tab=tab, start_runs=False)
    assert isinstance(scene, DebriefScene)
    frames(app, 3)
    return scene


def type_events(app, scene, field: str, pieces: list[str]):
    """Click the field, send each piece as one text event (a frame each), and return the field
    and its picture once the letters are in."""
    el = scene.writing.fields[field][0]
    click(app, el)
    assert app.typing()
    for piece in pieces:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": piece}))
        frames(app, 1)
    frames(app, 2)
    return el, pygame.image.tobytes(el.image, "RGBA")


def test_a_paste_into_the_empty_explanation_is_kept_as_typed_letter_by_letter(make_app):
    """The box was empty (its placeholder showing) and the text wraps as it goes in: pasted in
    one event it comes out once, whole, as typed one letter at a time."""
    shown = {}
    for how, pieces in (("letters", list(PASTE)), ("paste", [PASTE])):
        app = make_app()
        s = written_run()
        reflection.set_explanation(s, "")
        scene = open_at(app, s, "explain")
        el, picture = type_events(app, scene, "explanation", pieces)
        assert el.get_text() == PASTE, how
        assert reflection.data(s)["explanation"] == PASTE, how
        assert el.edit_position == len(PASTE), how  # the cursor after the last letter
        shown[how] = picture
        assert not app._errors
    assert shown["paste"] == shown["letters"]


def test_a_paste_goes_in_where_the_cursor_is_and_over_a_selection(make_app):
    app = make_app()
    s = written_run()
    reflection.set_explanation(s, "First. Last.")
    scene = open_at(app, s, "explain")
    el = scene.writing.fields["explanation"][0]
    click(app, el)
    el.edit_position = len("First. ")
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": "Middle words. "}))
    frames(app, 2)
    assert el.get_text() == "First. Middle words. Last."
    el.select_range = [0, len("First.")]
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": "Start."}))
    frames(app, 2)
    assert el.get_text() == "Start. Middle words. Last."
    assert reflection.data(s)["explanation"] == "Start. Middle words. Last."
    press(app, pygame.K_ESCAPE)
    assert not app._errors


def test_a_long_reason_pasted_into_a_one_line_field_is_kept_as_typed(make_app):
    """A verdict's reason: pasted in one event, the same line and picture as typed letter by
    letter; past the field's limit the rest is left out, as it is one letter at a time."""
    reason = ("The numbers of my run on this claim, and what they leave out. " * 6)[
        : reflection.LINE_MAX - 1
    ]
    shown = {}
    for how, pieces in (("letters", list(reason)), ("paste", [reason])):
        app = make_app()
        s = written_run()
        for key in argument.PANELS:
            reflection.set_verdict(s, key, reason="")
        scene = open_at(app, s, "argument")
        el, picture = type_events(app, scene, "verdict_reason", pieces)
        assert el.get_text() == reason, how
        assert reflection.verdict(s, argument.PANELS[0])["reason"] == reason, how
        shown[how] = picture
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": "more than fits"}))
        frames(app, 2)
        assert el.get_text() == reason + "m", how  # one letter's room left
        assert not app._errors
    assert shown["paste"] == shown["letters"]


def test_a_box_with_words_looks_the_same_given_and_let_go_of_the_keyboard(make_app, monkeypatch):
    """Let go of the keyboard, a box with words in it is not laid out again (its placeholder is
    not shown in it): frame by frame it shows what it shows laid out again, as pygame_gui does;
    an empty box still shows its placeholder once let go."""
    from game.ui.scenes.debrief_tabs.writing import TextBox

    def pictures(text: str) -> list[bytes]:
        app = make_app()
        s = written_run()
        reflection.set_explanation(s, text)
        scene = open_at(app, s, "explain")
        el = scene.writing.fields["explanation"][0]
        shown = [pygame.image.tobytes(el.image, "RGBA")]
        click(app, el, n_frames=1)
        assert app.typing()
        for _ in range(3):
            shown.append(pygame.image.tobytes(el.image, "RGBA"))
            frames(app, 1)
        press(app, pygame.K_ESCAPE, n_frames=1)
        assert not app.typing()
        for _ in range(3):
            shown.append(pygame.image.tobytes(el.image, "RGBA"))
            frames(app, 1)
        assert el.get_text() == text and not app._errors
        return shown

    ours = {text: pictures(text) for text in (PASTE, "")}
    monkeypatch.setattr(TextBox, "unfocus", TextBox.__mro__[1].unfocus)  # pygame_gui's own
    theirs = {text: pictures(text) for text in (PASTE, "")}
    bad = []
    for text in ours:
        for i, (a, b) in enumerate(zip(ours[text], theirs[text], strict=True)):
            if a != b:
                diff = [j for j in range(0, len(a), 4) if a[j : j + 4] != b[j : j + 4]]
                bad.append((text[:5], i, len(diff), diff[:3], diff[-3:]))
    assert not bad, bad
    assert ours[""][0] == ours[""][-1] != ours[""][2]  # the placeholder, gone while typing


def type_as_a_keyboard(app, text: str) -> None:
    """Keys as a keyboard gives them: each key down (with its letter), its text, its key up."""
    for ch in text:
        key = ord(ch.lower()) if ch.isascii() else 0
        mod = pygame.KMOD_SHIFT if ch.isupper() else 0
        down = {"key": key, "mod": mod, "unicode": ch, "scancode": 0}
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, down))
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": ch}))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, down))
        frames(app, 1)
    frames(app, 2)


def caps_shown(scene) -> set[str]:
    """The buttons showing a key cap (one whose key types into a field shows none)."""
    types = getattr(scene.focus, "types", lambda item: False)
    return {
        item.name
        for item in scene.focus.items
        if item.shortcut is not None and item.show_key and item.element.visible and not types(item)
    }


def test_typing_before_clicking_the_box_writes_in_it_and_never_leaves(make_app):
    """A student who starts typing on a step with a box, without clicking it: the letters go
    into the box (W did export the report, T go to the title, digits change step); the bar's
    letters show no key cap there, and show it again on a step without a box."""
    app = make_app()
    s = written_run()
    reflection.set_explanation(s, "")
    scene = open_at(app, s, "explain")
    assert not app.typing()
    assert not {"title", "export", "export_to"} & caps_shown(scene)
    sentence = "We went to the title in 2016, then exported. Very odd!"
    type_as_a_keyboard(app, sentence)
    assert app.top is scene and scene.tab == "explain"
    assert scene.exporter.thread is None  # nothing exported
    assert reflection.data(s)["explanation"] == sentence
    assert app.typing()
    press(app, pygame.K_ESCAPE)  # Esc gives the keyboard back, the screen stays
    assert app.top is scene and not app.typing()
    press(app, pygame.K_TAB)  # Tab still moves the focus
    assert scene.focus.focused is not None
    scene.go_to("story")  # no box here: the letters are the screen's again
    frames(app, 2)
    assert {"title", "export", "export_to"} <= caps_shown(scene)
    type_as_a_keyboard(app, "t")
    assert type(app.top).__name__ == "TitleScene"
    assert not app._errors


def test_on_the_guess_page_its_own_letters_pick_and_the_rest_write_the_reason(make_app):
    """The guess's answers keep their letters (A, B ... on their caps); any other letter
    typed goes into the reason, not to the export or the title."""
    app = make_app()
    s = written_run()
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}  # no guess made yet
    scene = open_at(app, s, "guess")
    p = scene.preds[0]
    type_as_a_keyboard(app, "b")
    assert reflection.guess(s, p["key"])["guess"] == p["choices"][1]["key"]
    assert not app.typing()
    assert "choice_" + p["choices"][0]["key"] in caps_shown(scene)
    type_as_a_keyboard(app, "Wages fell: 2 towns")
    assert app.top is scene and scene.tab == "guess" and scene.exporter.thread is None
    assert reflection.guess(s, p["key"])["reason"] == "Wages fell: 2 towns"
    assert reflection.guess(s, p["key"])["guess"] == p["choices"][1]["key"]  # (a, d typed)
    assert not app._errors


def argument_with_no_verdict(make_app):
    """The argument step open at its first claim, no verdict or reason given, the keyboard
    not taken by the box: the app, the run, the scene and the claim's key."""
    app = make_app()
    s = written_run()
    scene = open_at(app, s, "argument")
    key = scene.panels[0]["key"]
    reflection.set_verdict(s, key, verdict="", reason="")
    scene.go_to("argument")
    frames(app, 2)
    assert not app.typing()
    return app, s, scene, key


def test_on_the_argument_step_a_sentence_typed_before_the_box_is_clicked_goes_in_whole(make_app):
    """A play-tester typed "Since the mill closed ..." without clicking the reason's box: the S
    picked "supports" and the box got "ince ...". A sentence starts with a capital (Shift):
    a letter typed with Shift goes into the box, a step key pressed alone acts as its cap
    says (its letter not typed into the box after it), and text from an input method, which
    comes with no key, goes into the box too."""
    app, s, scene, key = argument_with_no_verdict(make_app)
    type_as_a_keyboard(app, "Since wages fell")
    assert reflection.verdict(s, key)["verdict"] is None  # nothing picked
    assert reflection.verdict(s, key)["reason"] == "Since wages fell"
    press(app, pygame.K_ESCAPE)  # the keyboard given back: the step's keys are keys again
    assert not app.typing()
    type_as_a_keyboard(app, "c")
    assert reflection.verdict(s, key)["verdict"] == "complicates"
    assert reflection.verdict(s, key)["reason"] == "Since wages fell"  # no "c" typed
    assert app.typing()  # a verdict chosen: the reason's box has the keys again
    # an input method's words, with no key: into the box, where the cursor was
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": ", ça va"}))
    frames(app, 3)
    assert reflection.verdict(s, key)["reason"] == "Since wages fell, ça va"
    assert app.typing()
    assert not app._errors


def test_after_a_verdict_a_sentence_in_lower_case_is_the_reason(make_app):
    """A play-tester chose a verdict, then typed "since wages fell": its s picked "supports"
    (and a c or d later would pick again). After a verdict, by key or by click, the reason's
    box has the keyboard: the sentence goes in whole and the verdict stays. Once the keys are
    given back (Enter, Esc), the step's keys pick a verdict again."""
    app, s, scene, key = argument_with_no_verdict(make_app)
    assert "verdict_supports" in caps_shown(scene)
    type_as_a_keyboard(app, "c")  # the student is not typing: C picks "complicates"
    assert reflection.verdict(s, key)["verdict"] == "complicates"
    assert app.typing()
    assert not {"verdict_supports", "verdict_contradicts"} & caps_shown(scene)  # keys type
    type_as_a_keyboard(app, "since wages fell")
    assert reflection.verdict(s, key) == {"verdict": "complicates", "reason": "since wages fell"}
    press(app, pygame.K_RETURN)  # the reason done: the keys are the step's again
    assert not app.typing()
    assert "verdict_supports" in caps_shown(scene)
    type_as_a_keyboard(app, "d")
    assert reflection.verdict(s, key) == {"verdict": "contradicts", "reason": "since wages fell"}
    press(app, pygame.K_ESCAPE)
    assert not app.typing()
    click(app, buttons(scene)["verdict_supports"])
    assert reflection.verdict(s, key)["verdict"] == "supports"
    assert app.typing()  # a click on a verdict: the same, the box has the keys
    type_as_a_keyboard(app, ", so it holds")
    assert reflection.verdict(s, key) == {
        "verdict": "supports",
        "reason": "since wages fell, so it holds",
    }
    assert app.top is scene and scene.tab == "argument"
    assert not app._errors
