"""Widgets the game draws itself with pygame primitives: icons, the street, line charts.

    from game.ui.widgets import StreetView, LineChart, render_chart, draw_icon

Preview them headless: `python -m game.ui.widgets.preview OUT_DIR`.
"""

from game.ui.widgets.chart import LineChart, Series, render_chart
from game.ui.widgets.icons import ICON_NAMES, draw_icon, icon_surface
from game.ui.widgets.palette import PALETTES, Palette, get_palette
from game.ui.widgets.street import StreetView

__all__ = [
    "ICON_NAMES",
    "PALETTES",
    "LineChart",
    "Palette",
    "Series",
    "StreetView",
    "draw_icon",
    "get_palette",
    "icon_surface",
    "render_chart",
]
