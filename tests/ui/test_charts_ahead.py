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
