"""The month screen is composed of panels whose buttons carry what a press means: clicking each
button a player can press, in a real session, issues the command (or opens the dialog or the
screen) that button promises; and no panel reads the engine (only views through the session)."""

from __future__ import annotations

import ast
from pathlib import Path

import pygame
import pytest
from test_month_support import business_session, fresh_session, open_month  # noqa: F401
from ui_helpers import buttons, click, element, frames, press, until_settled

from game.core import commands as C

ROOT = Path(__file__).resolve().parents[2]
PANELS = [
    "game/ui/panel_base.py",
    "game/ui/scenes/month_layout.py",
    "game/ui/scenes/month_household.py",
    "game/ui/scenes/month_business.py",
    "game/ui/scenes/month_path.py",
    "game/ui/scenes/month_log.py",
    "game/ui/scenes/month_actions.py",
]

# What a player expects of each button: the command it issues (after a confirmation or a typed
# amount when it asks one) or the screen it opens.
COMMANDS = {
    "school": (None, C.SetSchoolFees),
    "doctor": (None, C.SetDoctor),
    "repay": ("AmountDialog", C.RepayLoan),
    "borrow": ("AmountDialog", C.BorrowInformally),
    "price_up": (None, C.SetPrice),
    "price_down": (None, C.SetPrice),
    "hours_up": (None, C.SetHours),
    "hours_down": (None, C.SetHours),
    "close": ("DialogScene", C.CloseBusiness),
    "path_job_search": ("DialogScene", C.ChoosePath),
    "path_retrain": ("DialogScene", C.ChoosePath),
    "path_migrate": ("DialogScene", C.ChoosePath),
    "path_day_labour": ("DialogScene", C.ChoosePath),
    "path_retire": ("DialogScene", C.ChoosePath),
}
SCREENS = {
    "charts": "ChartsScene",
    "menu": "RunMenuScene",
    "end_month": "ResultScene",
    "start_business": "LoanOfficeScene",
}


def _recording(session) -> list:
    """Every command the screen submits to the session, in order."""
    sent: list = []
    submit = session.submit

    def recorded(cmd):
        sent.append(cmd)
        return submit(cmd)

    session.submit = recorded
    return sent


def _press_each(app, make_session) -> set[str]:
    """Click every enabled button of a fresh month screen; check what each does."""
    scene = open_month(app, make_session())
    names = [n for n, el in buttons(scene).items() if el.is_enabled]
    checked = set()
    for name in names:
        app.go_home()
        frames(app, 2)
        s = make_session()
        sent = _recording(s)
        scene = open_month(app, s)
        before = s.household()
        click(app, element(scene, name), n_frames=3)
        if name in COMMANDS:
            dialog, kind = COMMANDS[name]
            if dialog is not None:
                assert type(app.top).__name__ == dialog, name
                assert sent == [], f"{name} acted before asking"
                if dialog == "AmountDialog":
                    press(app, pygame.K_RETURN)
                else:
                    click(app, element(app.top, "yes"))
            assert [type(c) for c in sent] == [kind], (name, sent)
            assert sent[0].household == s.player
            if name.startswith(("price_", "hours_")):
                asked = sent[0].price_yuan if name.startswith("price") else sent[0].hours
                now = before.price if name.startswith("price") else before.hours
                assert (asked > now) == name.endswith("_up"), (name, asked, now)
            if name == "school":
                assert sent[0].pay == (not before.pay_school_fees)
            if name.startswith("path_"):
                assert sent[0].path == name[5:]
        elif name in SCREENS:
            frames(app, 3)
            until_settled(app)  # (a screen asked for opens once built, a few pieces a frame)
            assert type(app.top).__name__ == SCREENS[name], name
        elif name == "street":
            assert scene.focus.focused.name == "street"
            assert scene.street.view.focused_lot is not None
        elif name == "agreement":
            assert (
                sent
                and isinstance(sent[0], (C.JoinAgreement, C.LeaveAgreement, C.ProposeAgreement))
                or type(app.top).__name__ == "DialogScene"
            )
        else:
            pytest.fail(f"a button nobody expects: {name}")
        checked.add(name)
    return checked


def test_every_button_of_the_path_screen_does_what_it_says(app):
    checked = _press_each(app, fresh_session)
    assert {"school", "doctor", "path_job_search", "start_business", "end_month"} <= checked


def test_every_button_of_the_business_screen_does_what_it_says(app):
    checked = _press_each(app, business_session)
    assert {"price_up", "hours_down", "close", "repay", "agreement", "charts"} <= checked


def test_the_agreement_button_asks_before_proposing(app):
    s = business_session()
    sent = _recording(s)
    scene = open_month(app, s)
    spec = scene.specs["agreement"]
    if isinstance(spec.command, C.ProposeAgreement):
        click(app, element(scene, "agreement"))
        assert type(app.top).__name__ == "DialogScene" and sent == []
        click(app, element(app.top, "yes"))
        assert [type(c) for c in sent] == [C.ProposeAgreement]
    else:
        click(app, element(scene, "agreement"))
        assert sent == [spec.command]


def test_no_panel_reads_the_engine():
    """Panels read views through the session: no `.engine`, no state array, no rule."""
    bad = []
    for rel in PANELS:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in (
                "engine",
                "state",
                "trade_arrays",
                "metrics",
            ):
                bad.append(f"{rel}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                ("game.core.rules", "game.core.state", "game.core.engine")
            ):
                bad.append(f"{rel}:{node.lineno} imports {node.module}")
    assert bad == []


def test_the_scene_keeps_its_buttons_between_months(app):
    """After a month the same button objects are updated in place, not built again."""
    s = business_session()
    scene = open_month(app, s)
    before = dict(buttons(scene))
    press(app, pygame.K_e, n_frames=4)
    frames(app, 3)
    press(app, pygame.K_RETURN)
    frames(app, 2)
    assert app.top is scene and s.month >= 2
    after = buttons(scene)
    assert after.keys() == before.keys()
    assert all(after[n] is before[n] for n in before)


def test_the_guide_opens_over_a_whole_screen_street_included(app):
    # A guided run shows the month screen's guide at once; what shows under the dialog (the
    # app keeps that picture while the dialog is up) must be the whole screen, street too.
    s = fresh_session(scenario="tutorial")
    scene = app.open("month", session=s)
    for _ in range(6):
        frames(app, 1)
        if type(app.top).__name__ == "DialogScene":
            break
    assert type(app.top).__name__ == "DialogScene"
    assert scene.street.view is not None
    below = app._below[1]
    street = scene.street.rect
    # the street's picture, not the empty background, sits in its place under the dialog
    row = street.y + street.h // 3  # through the shop fronts
    colours = {tuple(below.get_at((x, row))) for x in range(street.x, street.right, 7)}
    assert len(colours) > 8, "the street is missing under the dialog"
