"""The charts (C on the month) are built a piece a frame while the month stays up, and shown in
a frame that builds nothing (issue 17); what shows is the screen built in its own frame, and
another tab shows what that tab built anew shows."""

from __future__ import annotations

import pygame
import pygame_gui
from test_answer_closes import _key
from test_month_support import business_session, open_month
from ui_helpers import frames, press

from game.ui.widgets.chart import LineChart


def _picture(charts) -> tuple:
    """What the charts screen shows: its buttons, its still picture and the chart's."""
    items = [
        (i.name, tuple(i.element.rect), i.element.text, i.element.is_enabled)
        for i in charts.focus.items
    ]
    return (
        items,
        pygame.image.tobytes(charts._layer, "RGB"),
        pygame.image.tobytes(charts.chart._static, "RGBA"),
        charts.chart.title,
    )


def test_charts_built_under_the_month_show_as_built_in_their_own_frame(app, monkeypatch):
    from game.ui.scenes.charts import ChartsScene

    s = business_session(months=4)
    month = open_month(app, s)
    frames(app, 3)
    work: list[int] = []  # the frames that made a button or painted a chart
    for cls, name in ((pygame_gui.elements.UIButton, "__init__"), (LineChart, "_render_static")):
        real = getattr(cls, name)

        def noting(*args, _real=real, **kwargs):
            work.append(app.frames)
            return _real(*args, **kwargs)

        monkeypatch.setattr(cls, name, noting)
    _key(app, pygame.K_c)
    opened = None
    for _ in range(40):
        before = app.frames
        frames(app, 1)
        if app.top is not month:
            opened = before
            break
    charts = app.top
    assert isinstance(charts, ChartsScene) and opened is not None
    assert work and opened not in work  # the frame that shows it builds none of it
    assert min(work) < opened  # (built under the month, in the frames before)
    ahead = _picture(charts)
    monkeypatch.undo()
    press(app, pygame.K_c)  # back to the month
    assert app.top is month
    fresh = app.open("charts", session=s)  # built whole in this frame, as before
    assert fresh is not charts and _picture(fresh) == ahead


def test_another_tab_shows_what_that_tab_built_anew_shows(app):
    from game.ui.scenes.charts import ChartsScene

    s = business_session(months=4)
    charts = app.open("charts", session=s)
    frames(app, 2)
    press(app, pygame.K_5)
    assert charts.tab == "debt" and charts.focus.focused.name == "tab_debt"
    switched = _picture(charts)
    app.pop()
    fresh = app.push(ChartsScene(app, session=s, tab="debt"))
    frames(app, 2)
    assert _picture(fresh) == switched


def test_back_pressed_before_the_month_was_built_again_shows_it_as_built_afresh(app, monkeypatch):
    """Back (C) pressed in the charts' first frames, before their idle frames built the month
    under them again: the charts stay up, taking no input, while the rest of the month is
    built a few milliseconds a frame, and the frame that shows the month builds none of it;
    the month is the one built afresh in its own frame."""
    from built_ahead import as_built_afresh, frame_uncovering, month_looks, work_by_frame

    from game.ui import scene as scene_mod

    monkeypatch.setattr(scene_mod, "OPEN_WAIT_FRAMES", 400)  # (as many frames as needed here)
    s = business_session(months=4)
    month = open_month(app, s)
    charts = app.open("charts", session=s)
    assert not month.built  # (covered, it let its elements go)
    work = work_by_frame(app, monkeypatch)
    pressed = app.frames
    press(app, pygame.K_c, n_frames=0)
    for _ in range(3):  # (a shortcut's press reaches the screen in the frame after the key's)
        frames(app, 1)
        if charts.settling or app.top is not charts:
            break
    assert app.top is charts and charts.settling
    press(app, pygame.K_1, n_frames=0)  # taken by nothing while it waits
    shown = frame_uncovering(app, charts, 400)
    assert app.top is month and charts.tab == "sellers"
    assert any(pressed <= f < shown for f in work)  # built under the charts
    assert shown not in work  # the frame that shows it builds none of it
    as_built_afresh(app, monkeypatch, month, month_looks, lambda: open_month(app, s))
