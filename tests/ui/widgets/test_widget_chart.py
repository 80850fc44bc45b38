"""Charts: any data draws (none, one point, gaps, negatives), ticks are round and cover the
data, the hover readout reports the month under the cursor, and text stays in its box."""

from __future__ import annotations

import math

import pygame
import pytest

from game.ui.widgets import samples
from game.ui.widgets.chart import (
    LineChart,
    Series,
    format_value,
    nice_ticks,
    render_chart,
    y_ticks_for,
)

RECT = pygame.Rect(20, 30, 640, 360)


def _assert_text_fits(chart: LineChart) -> None:
    for box, text, _ink in chart.text_boxes:
        assert text.w <= box.w, f"text {text} wider than {box}"
        assert box.left <= text.left and text.right <= box.right


def _ink(surf: pygame.Surface, colour) -> int:
    c = pygame.Color(colour)[:3]
    return sum(
        surf.get_at((x, y))[:3] == c
        for x in range(0, surf.get_width(), 2)
        for y in range(0, surf.get_height(), 2)
    )


@pytest.mark.parametrize(
    "series",
    [
        [],
        [{"name": "Noodle stall", "values": []}],
        [{"name": "Noodle stall", "values": [12.0]}],
        [{"name": "You", "values": [3500, -1800.5, 0, 2400], "is_player": True}],
        [{"name": "Gaps", "values": [None, 5.0, float("nan"), 7.0, None]}],
        [{"name": "All missing", "values": [None, float("nan")]}],
        samples.price_series(),
        samples.income_series(40),
    ],
)
def test_chart_draws_any_data(series):
    screen = pygame.Surface((700, 420))
    chart = LineChart(RECT, series, title="Going price", y_format="yuan", y_label="\u00a5 per bowl")
    chart.set_hover_month(3)
    chart.draw(screen)
    _assert_text_fits(chart)
    g = chart._geometry()
    assert g.y_ticks == sorted(g.y_ticks) and len(g.y_ticks) >= 2
    assert all(math.isfinite(v) for v in g.y_ticks)
    values = [v for s in series for v in s["values"] if v is not None and math.isfinite(v)]
    if values:
        assert g.y_ticks[0] <= min(values) and g.y_ticks[-1] >= max(values)


def test_negative_values_get_a_zero_line_below_the_top():
    chart = LineChart(RECT, samples.income_series(), y_format="yuan")
    ticks = chart._geometry().y_ticks
    assert ticks[0] < 0 < ticks[-1] and 0 in ticks


def test_empty_chart_says_there_is_no_data_yet():
    for series in ([], [{"name": "x", "values": [None]}]):
        chart = LineChart(RECT, series, title="Debt")
        plot = chart._geometry().plot
        assert any(t.box == plot for t in chart.text_boxes), "a message in the middle of the plot"
        # and no made-up scale (0.0 to 1.0) beside it: nothing left of the plot is written
        assert not [t for t in chart.text_boxes if t.box.right <= plot.left]
    drawn = LineChart(RECT, [{"name": "x", "values": [1, 2]}], title="Debt")
    assert not any(t.box == drawn._geometry().plot for t in drawn.text_boxes)


@pytest.mark.parametrize(
    ("lo", "hi"),
    [(0, 1), (7.3, 12.1), (-1800, 3500), (0, 0), (5, 5), (0.001, 0.004), (-3, -1), (0, 123456)],
)
def test_nice_ticks_are_round_and_cover_the_range(lo, hi):
    ticks = nice_ticks(lo, hi)
    assert ticks[0] <= lo and ticks[-1] >= hi and ticks[-1] > ticks[0]
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 2.5, 5)
    assert 2 <= len(ticks) <= 12


def test_hover_reads_the_month_under_the_cursor():
    series = [
        {"name": "Noodle stall", "values": [12, 11, 10, 9.5, 9]},
        {"name": "You", "values": [12, 11.5, 11, 10, 8], "is_player": True},
    ]
    chart = LineChart(RECT, series, y_format="yuan")
    g = chart._geometry()
    for month in range(1, 6):  # the first value is month 1, as the month screen counts
        x = RECT.x + g.px(month)
        y = RECT.y + g.plot.centery
        assert chart.set_hover((x + 3, y)) == month
    assert chart.set_hover((RECT.x + 2, RECT.y + 2)) is None  # on the title, not the plot
    rows = chart.values_at(4)
    assert [(s.name, v) for s, v in rows] == [("You", 10), ("Noodle stall", 9.5)]
    chart.set_hover_month(99)
    assert chart.hover_month == 5  # clamped to the data
    chart.set_hover_month(0)
    assert chart.hover_month == 1  # no month 0: the town before the first month is not shown
    screen = pygame.Surface((700, 420))
    chart.set_hover_month(2)
    chart.draw(screen)
    plain = pygame.Surface((700, 420))
    chart.set_hover_month(None)
    chart.draw(plain)
    assert _ink(screen, chart.palette.border) > _ink(plain, chart.palette.border) + 500  # readout


def test_players_line_is_amber_and_thicker():
    series = [
        {"name": "Noodle stall", "values": [3, 3, 3]},
        {"name": "You", "values": [1, 1, 1], "is_player": True},
    ]
    chart = LineChart(RECT, series)
    you = next(s for s in chart.series if s.is_player)
    other = next(s for s in chart.series if not s.is_player)
    (c_you, w_you, _), (_, w_other, m_other) = chart._style(you), chart._style(other)
    assert c_you == pygame.Color(chart.palette.amber)[:3]
    assert w_you > w_other
    assert m_other != "circle"  # the player's marker shape stays the player's
    surf = chart.render()
    assert _ink(surf, chart.palette.amber) > 20


def test_every_series_gets_its_own_marker_so_colour_is_not_alone():
    chart = LineChart(RECT, samples.price_series())
    markers = [s.marker for s in chart.series if not s.is_player]
    assert len(set(markers)) == len(markers)


def test_render_chart_to_a_size_or_onto_a_surface():
    out = render_chart(
        (480, 300), samples.price_series(), title="Prices", y_format="yuan", hover_month=2
    )
    assert out.get_size() == (480, 300)
    target = pygame.Surface((320, 200))
    assert render_chart(target, [Series("A", [1, 2, 3])]) is target


@pytest.mark.parametrize("palette", ["default", "colourblind", "high_contrast"])
@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_chart_text_fits_at_every_scale_and_palette(palette, scale):
    chart = LineChart(
        pygame.Rect(0, 0, round(620 * scale), round(340 * scale)),
        samples.price_series(24),
        title="Going price of every trade in town",
        y_format="yuan",
        y_label="\u00a5 per unit",
        scale=scale,
        palette=palette,
    )
    chart.render()
    _assert_text_fits(chart)
    below = [t.rect for t in chart.text_boxes if t.rect.top > chart._geometry().plot.bottom]
    xs = sorted((r for r in below if r.top == min(b.top for b in below)), key=lambda r: r.x)
    assert len(xs) >= 4  # the month ticks
    assert all(a.right < b.left for a, b in zip(xs, xs[1:], strict=False))  # month labels apart


def test_value_formats():
    assert format_value(12400, "yuan", step=2000) == "\u00a512,400"
    assert format_value(8.5, "yuan", step=0.5) == "\u00a58.50"
    assert format_value(-1200, "yuan", step=500) == "-\u00a51,200"
    assert format_value(0.25, "percent", step=0.05) == "25%"
    assert format_value(3, "int") == "3"
    assert format_value(3, lambda v: f"{v} sellers") == "3 sellers"


@pytest.mark.parametrize("plot_h", [40, 69, 91, 125, 300])
@pytest.mark.parametrize(("lo", "hi"), [(-1800, 5900), (0, 7400), (-3, -1), (0, 123456)])
def test_y_values_stand_apart_on_a_short_plot(plot_h, lo, hi):
    """Fewer labelled values when the plot is short (large text), never crowded, the axis
    still covering the data and not grown past half again; zero labelled when in range."""
    gap = 35.0
    ticks, labelled = y_ticks_for((lo, hi), plot_h, gap)
    assert ticks[0] <= lo and ticks[-1] >= hi
    tight = nice_ticks(lo, hi, 5)
    assert ticks[-1] - ticks[0] <= 1.5 * (tight[-1] - tight[0]) + 1e-9
    assert set(labelled) <= set(ticks) and labelled
    px_per_unit = plot_h / (ticks[-1] - ticks[0])
    spaces = [(b - a) * px_per_unit for a, b in zip(labelled, labelled[1:], strict=False)]
    assert all(s >= gap - 1e-6 for s in spaces), (ticks, labelled, spaces)
    if ticks[0] < 0 < ticks[-1]:
        assert 0 in labelled
    if plot_h >= 300:
        assert labelled == ticks and len(ticks) >= 4  # a tall plot keeps its fine steps
