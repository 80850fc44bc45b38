"""Line charts drawn with pygame: the in-window charts, also rendered offscreen.

Title, axes with ticks and units, faint gridlines, one line per series with its colour *and*
a marker shape (shown in the legend, so colour is never alone), the player's series thicker
and amber, and a hover readout of every series at the month under the cursor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pygame

from game.i18n import t
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.palette import OKABE_ITO, Palette, get_palette, rgb
from game.ui.widgets.panel import draw_panel

# the player's line has the circle; the others take these in turn
MARKERS = ("square", "triangle", "diamond", "triangle_down", "cross", "plus", "star", "circle")


@dataclass
class Series:
    name: str
    values: list  # one value per month from x_start; None or NaN = no data that month
    colour: str | None = None
    is_player: bool = False
    marker: str | None = None
    icon: str | None = None

    @classmethod
    def from_any(cls, s) -> Series:
        if isinstance(s, Series):
            return s
        return cls(
            name=str(s.get("name", "")),
            values=list(s.get("values", [])),
            colour=s.get("colour"),
            is_player=bool(s.get("is_player", False)),
            marker=s.get("marker"),
            icon=s.get("icon"),
        )


def _finite(v) -> bool:
    return v is not None and isinstance(v, (int, float)) and math.isfinite(v)


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5, 5 x 10^k steps)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi < lo:
        lo, hi = hi, lo
    if hi - lo < 1e-12:
        pad = max(1.0, abs(hi) * 0.1)
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / max(1, target)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw - 1e-12)
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    n = int(round((end - start) / step))
    return [round(start + i * step, 10) for i in range(n + 1)]


# Value labels on the y axis at least this many lines apart (at 150% in Chinese five labels
# on a short plot stood ~17-35 px apart, a line of 22 px: they crowded into one column).
MIN_TICK_GAP_LINES = 1.6


def y_ticks_for(
    y_range: tuple[float, float], plot_h: float, min_gap_px: float
) -> tuple[list[float], list[float]]:
    """Gridlines for a plot `plot_h` px tall, and the ones labelled: up to five round steps;
    fewer where they would crowd, as long as the axis does not grow by more than half (a
    coarser step would squash the lines); else the same gridlines with every k-th labelled
    (zero among them)."""
    lo, hi = y_range
    tight = nice_ticks(lo, hi, 5)
    span = tight[-1] - tight[0]
    for target in (5, 4, 3, 2):
        ticks = nice_ticks(lo, hi, target)
        if ticks[-1] - ticks[0] > 1.5 * span + 1e-9:
            break
        if plot_h / max(1, len(ticks) - 1) >= min_gap_px:
            return ticks, ticks
    ticks = tight
    gap = plot_h / max(1, len(ticks) - 1)
    every = max(1, math.ceil(min_gap_px / max(gap, 1e-9)))
    anchor = next((i for i, v in enumerate(ticks) if abs(v) < 1e-9), 0)
    labelled = [v for i, v in enumerate(ticks) if (i - anchor) % every == 0]
    return ticks, labelled


def format_value(v: float, fmt, step: float | None = None) -> str:
    if callable(fmt):
        return fmt(v)
    if fmt == "yuan":
        dec = 2 if step is not None and step < 1 else (0 if step is not None else None)
        return tx.fmt_yuan(v, dec)
    if fmt == "percent":
        return f"{v * 100:.0f}%" if step is None or step * 100 >= 1 else f"{v * 100:.1f}%"
    if fmt == "int":
        return tx.fmt_number(v, 0)
    dec = 0 if step is None or step >= 1 else min(3, max(1, -math.floor(math.log10(step))))
    if step is None and abs(v) < 100 and not float(v).is_integer():
        dec = 2
    return tx.fmt_number(v, dec)


@dataclass
class _Geometry:
    plot: pygame.Rect
    x0: float
    x1: float
    y_ticks: list[float]
    text_boxes: list = field(default_factory=list)
    y_labelled: list[float] = field(default_factory=list)  # the ticks that show their value
    x_label: bool = True  # room for the axis's name under the months

    def px(self, x: float) -> float:
        return self.plot.left + (x - self.x0) / (self.x1 - self.x0) * self.plot.w

    def py(self, y: float) -> float:
        lo, hi = self.y_ticks[0], self.y_ticks[-1]
        return self.plot.bottom - (y - lo) / (hi - lo) * self.plot.h


class LineChart:
    """A line chart over months. Draw it in a window, or call `render()` for a Surface."""

    def __init__(
        self,
        rect,
        series=(),
        title: str = "",
        x_label: str | None = None,
        y_label: str = "",
        y_format="number",
        x_start: int = 1,  # the first value's month: month 1, as the month screen counts
        include_zero: bool = True,
        scale: float = 1.0,
        palette: Palette | str | None = None,
        panel: bool = True,
    ):
        self.rect = pygame.Rect(rect)
        self.title = title
        self.x_label = x_label if x_label is not None else t("chart.month")
        self.y_label = y_label
        self.y_format = y_format
        self.x_start = x_start
        self.include_zero = include_zero
        self.scale = float(scale)
        self.palette = get_palette(palette)
        self.panel = panel
        self.hover_month: int | None = None
        self._static: pygame.Surface | None = None
        self.set_series(series)

    # --- inputs -----------------------------------------------------------------------------

    def set_series(self, series) -> None:
        self.series = [Series.from_any(s) for s in series]
        k = 0
        for s in self.series:  # give every non-player line its own marker and colour
            if s.is_player:
                continue
            if s.marker is None:
                s.marker = MARKERS[k % len(MARKERS)]
            if s.colour is None:
                s.colour = OKABE_ITO[k % len(OKABE_ITO)]
            k += 1
        self._static = None

    def set_rect(self, rect) -> None:
        self.rect = pygame.Rect(rect)
        self._static = None

    def set_palette(self, palette) -> None:
        self.palette = get_palette(palette)
        self._static = None

    @property
    def n_months(self) -> int:
        return max((len(s.values) for s in self.series), default=0)

    def set_hover(self, mouse_pos) -> int | None:
        """Point the readout at the month under the mouse (None when outside the plot)."""
        self.hover_month = self.month_at(mouse_pos)
        return self.hover_month

    def set_hover_month(self, month: int | None) -> None:
        """Keyboard: show the readout for a month (an x value, counting from x_start)."""
        if month is None or self.n_months == 0:
            self.hover_month = None
        else:
            self.hover_month = max(self.x_start, min(self.x_start + self.n_months - 1, int(month)))

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEMOTION:
            self.set_hover(event.pos)

    def month_at(self, pos) -> int | None:
        if pos is None or self.n_months == 0:
            return None
        g = self._geometry()
        plot = g.plot.move(self.rect.topleft)
        half = plot.w / max(1.0, (g.x1 - g.x0)) / 2
        if not (
            plot.left - half <= pos[0] <= plot.right + half and plot.top <= pos[1] <= plot.bottom
        ):
            return None
        x = g.x0 + (pos[0] - plot.left) / plot.w * (g.x1 - g.x0)
        return max(self.x_start, min(self.x_start + self.n_months - 1, int(round(x))))

    def values_at(self, month: int) -> list[tuple[Series, float]]:
        """(series, value) at a month, highest first, skipping series with no data there."""
        i = month - self.x_start
        out = [
            (s, s.values[i]) for s in self.series if 0 <= i < len(s.values) and _finite(s.values[i])
        ]
        return sorted(out, key=lambda sv: -sv[1])

    # --- drawing ----------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        if self._static is None:
            self._static = self._render_static()
        surface.blit(self._static, self.rect.topleft)
        if self.hover_month is not None:
            self._draw_hover(surface)

    def render(self) -> pygame.Surface:
        out = pygame.Surface(self.rect.size)
        out.fill(rgb(self.palette.background))
        moved = self.rect
        self.rect = pygame.Rect(0, 0, moved.w, moved.h)
        try:
            self.draw(out)
        finally:
            self.rect = moved
        return out

    @property
    def text_boxes(self) -> list[tx.TextBox]:
        """Every text of the last static render (box, drawn rect, ink), chart-local."""
        if self._static is None:
            self._static = self._render_static()
        return self._boxes

    def plot_rect(self) -> pygame.Rect:
        """Where the lines go, inside the chart (what its title, legend and axes leave)."""
        return pygame.Rect(self._geometry().plot)

    def _fmt(self, v: float, step: float | None = None) -> str:
        return format_value(v, self.y_format, step)

    def _y_range(self) -> tuple[float, float]:
        vals = [v for s in self.series for v in s.values if _finite(v)]
        if not vals:
            return 0.0, 1.0
        lo, hi = min(vals), max(vals)
        if self.include_zero:
            lo, hi = min(lo, 0.0), max(hi, 0.0)
        return lo, hi

    def _geometry(self) -> _Geometry:
        s, r = self.scale, pygame.Rect(0, 0, self.rect.w, self.rect.h)
        pad = round(16 * s)
        small = tx.SIZE_SMALL * s
        top = r.top + pad
        if self.title:
            top += tx.font_for(self.title, tx.SIZE_TITLE * s, True).get_linesize() + round(4 * s)
        top += self._legend_height(r.w - 2 * pad)
        if self.y_label:
            top += tx.font_for(self.y_label, small).get_linesize() + round(2 * s)
        line = tx.font_for("0", small).get_linesize()
        bottom = r.bottom - pad - line - round(4 * s)
        plot_h = bottom - top - round(6 * s)
        # A short plot (large text, a long legend) keeps its months' name out: a row more
        # for the values (the months' numbers still read as months).
        x_label = bool(self.x_label) and plot_h - line >= MIN_TICK_GAP_LINES * line * 3
        if x_label:
            bottom -= line
            plot_h -= line
        ticks, labelled = y_ticks_for(self._y_range(), plot_h, MIN_TICK_GAP_LINES * line)
        if not any(_finite(v) for s in self.series for v in s.values):
            labelled = []  # no data yet: values 0.0-1.0 on a count of households mean nothing
        step = ticks[1] - ticks[0] if len(ticks) > 1 else None
        label_w = max((tx.text_width(self._fmt(v, step), small) for v in labelled), default=0)
        left = r.left + pad + label_w + round(8 * s)
        plot = pygame.Rect(
            left,
            top + round(6 * s),
            max(10, r.right - pad - left),
            max(10, plot_h),
        )
        n = self.n_months
        x0 = float(self.x_start)
        x1 = float(self.x_start + max(1, n - 1))
        return _Geometry(plot, x0, x1, ticks, y_labelled=labelled, x_label=x_label)

    def _legend_items(self):
        return [s for s in self.series if s.is_player] + [s for s in self.series if not s.is_player]

    def _legend_entry_width(self, s: Series) -> int:
        sc = self.scale
        w = round(30 * sc) + tx.text_width(self._series_name(s), tx.SIZE_SMALL * sc)
        if s.icon:
            w += round(18 * sc)
        return w + round(16 * sc)

    def _legend_height(self, width: int) -> int:
        if not self.series:
            return 0
        rows, x = 1, 0
        for s in self._legend_items():
            w = min(self._legend_entry_width(s), width)
            if x and x + w > width:
                rows += 1
                x = 0
            x += w
        return rows * round(22 * self.scale) + round(4 * self.scale)

    def _series_name(self, s: Series) -> str:
        return s.name or (t("chart.you") if s.is_player else "")

    def _style(self, s: Series):
        pal, sc = self.palette, self.scale
        extra = 1 if pal.high_contrast else 0
        if s.is_player:
            return rgb(pal.amber), max(3, round(4 * sc)) + extra, "circle"
        return rgb(s.colour or "#999999"), max(1, round(2 * sc)) + extra, s.marker or "circle"

    def _render_static(self) -> pygame.Surface:
        pal, sc = self.palette, self.scale
        surf = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        r = surf.get_rect()
        self._boxes: list[tx.TextBox] = []
        if self.panel:
            draw_panel(surf, r, pal, sc, fill=pal.chart_bg, shadow=False)
        g = self._geometry()
        pad = round(16 * sc)
        small = tx.SIZE_SMALL * sc
        y = r.top + pad
        if self.title:
            ts = tx.fit_text(
                self.title, r.w - 2 * pad, tx.SIZE_TITLE * sc, rgb(pal.text), bold=True
            )
            self._blit(
                surf, ts, pygame.Rect(r.left + pad, y, r.w - 2 * pad, ts.get_height()), "left"
            )
            y += tx.font_for(self.title, tx.SIZE_TITLE * sc, True).get_linesize() + round(4 * sc)
        y = self._draw_legend(surf, r.left + pad, y, r.w - 2 * pad)
        if self.y_label:
            ts = tx.fit_text(self.y_label, r.w - 2 * pad, small, rgb(pal.text_dim))
            self._blit(
                surf, ts, pygame.Rect(r.left + pad, y, r.w - 2 * pad, ts.get_height()), "left"
            )
        plot = g.plot
        # gridlines and y tick labels
        step = g.y_ticks[1] - g.y_ticks[0] if len(g.y_ticks) > 1 else None
        grid = rgb(pal.grid)
        for v in g.y_ticks:
            yy = round(g.py(v))
            strong = abs(v) < 1e-9 and g.y_ticks[0] < 0
            pygame.draw.line(
                surf,
                rgb(pal.axis) if strong else grid,
                (plot.left, yy),
                (plot.right, yy),
                2 if strong else 1,
            )
            if v not in g.y_labelled:
                continue  # (a gridline only: the labels would crowd)
            ts = tx.fit_text(
                self._fmt(v, step),
                plot.left - r.left - pad - round(6 * sc),
                small,
                rgb(pal.text_dim),
            )
            box = pygame.Rect(
                r.left + pad,
                yy - ts.get_height() // 2,
                plot.left - round(6 * sc) - r.left - pad,
                ts.get_height(),
            )
            tr = ts.get_rect(midright=(box.right, box.centery))
            surf.blit(ts, tr)
            self._boxes.append(tx.text_box(box, ts, tr))
        # x ticks: months, thinned so labels never touch
        n = self.n_months
        months = list(range(self.x_start, self.x_start + max(1, n)))
        widest = max(tx.text_width(str(m), small) for m in months) + round(12 * sc)
        every = 1
        while len(months) > 1 and plot.w / ((g.x1 - g.x0) / every) < widest:
            every = {1: 2, 2: 3, 3: 6, 6: 12}.get(every, every * 2)
        ty = plot.bottom + round(4 * sc)
        for m in months:
            if (m - self.x_start) % every:
                continue
            xx = round(g.px(m)) if n > 1 else plot.centerx
            pygame.draw.line(
                surf, rgb(pal.axis), (xx, plot.bottom), (xx, plot.bottom + round(4 * sc))
            )
            ts = tx.render(str(m), small, rgb(pal.text_dim))
            tr = ts.get_rect(midtop=(xx, ty))
            surf.blit(ts, tr)
            self._boxes.append(tx.text_box(tr.inflate(2, 0), ts, tr))
        pygame.draw.line(
            surf, rgb(pal.axis), plot.bottomleft, plot.bottomright, max(1, pal.line_width)
        )
        pygame.draw.line(surf, rgb(pal.axis), plot.topleft, plot.bottomleft, max(1, pal.line_width))
        if self.x_label and g.x_label:
            ts = tx.fit_text(self.x_label, plot.w, small, rgb(pal.text_dim))
            line = tx.font_for("0", small).get_linesize()
            self._blit(surf, ts, pygame.Rect(plot.left, ty + line, plot.w, ts.get_height()))
        if not any(_finite(v) for s in self.series for v in s.values):
            ts = tx.fit_text(t("chart.no_data"), plot.w - 8, tx.SIZE_BODY * sc, rgb(pal.text_dim))
            self._blit(surf, ts, plot)
            return surf
        # lines: others first, the player's on top
        for s in sorted(self.series, key=lambda s: s.is_player):
            self._draw_series(surf, g, s)
        return surf

    def _blit(self, surf, ts, box: pygame.Rect, align: str = "center") -> None:
        tr = ts.get_rect()
        if align == "left":
            tr.topleft = box.topleft
        else:
            tr.center = box.center
        surf.blit(ts, tr)
        self._boxes.append(tx.text_box(box, ts, tr))

    def _draw_legend(self, surf, x0: int, y: int, width: int) -> int:
        if not self.series:
            return y
        sc, pal = self.scale, self.palette
        row_h = round(22 * sc)
        x = 0
        for s in self._legend_items():
            w = min(self._legend_entry_width(s), width)
            if x and x + w > width:
                x = 0
                y += row_h
            colour, lw, marker = self._style(s)
            cy = y + row_h // 2
            ax = x0 + x
            pygame.draw.line(surf, colour, (ax, cy), (ax + round(24 * sc), cy), lw)
            draw_marker(
                surf,
                marker,
                (ax + round(12 * sc), cy),
                round(5 * sc) + (1 if s.is_player else 0),
                colour,
                rgb(pal.chart_bg),
            )
            tx_x = ax + round(30 * sc)
            if s.icon:
                draw_icon(
                    surf,
                    s.icon,
                    (tx_x, cy - round(8 * sc), round(16 * sc), round(16 * sc)),
                    rgb(pal.text_dim),
                )
                tx_x += round(18 * sc)
            box = pygame.Rect(tx_x, y, x0 + x + w - round(12 * sc) - tx_x, row_h)
            ts = tx.fit_text(
                self._series_name(s), box.w, tx.SIZE_SMALL * sc, rgb(pal.text), bold=s.is_player
            )
            self._blit(
                surf,
                ts,
                pygame.Rect(box.x, box.centery - ts.get_height() // 2, box.w, ts.get_height()),
                "left",
            )
            x += w
        return y + row_h + round(4 * self.scale)

    def _draw_series(self, surf, g: _Geometry, s: Series) -> None:
        colour, lw, marker = self._style(s)
        n = self.n_months
        pts: list[tuple[float, float] | None] = []
        for i, v in enumerate(s.values):
            if _finite(v):
                x = g.px(self.x_start + i) if n > 1 else g.plot.centerx
                pts.append((x, g.py(v)))
            else:
                pts.append(None)
        # runs of consecutive points (a gap where a month has no data)
        run: list[tuple[float, float]] = []
        for p in pts + [None]:
            if p is not None:
                run.append(p)
                continue
            if len(run) > 1:
                if s.is_player:  # a dark casing sets the player's line apart from orange ones
                    casing = rgb(self.palette.chart_bg)
                    for a, b in zip(run, run[1:], strict=False):
                        pygame.draw.line(surf, casing, a, b, lw + max(2, round(3 * self.scale)))
                    for q in run:
                        pygame.draw.circle(
                            surf,
                            casing,
                            (round(q[0]), round(q[1])),
                            (lw + max(2, round(3 * self.scale))) // 2,
                        )
                for a, b in zip(run, run[1:], strict=False):
                    pygame.draw.aaline(surf, colour, a, b, lw)
                if lw >= 3:
                    for q in run[1:-1]:
                        pygame.draw.circle(surf, colour, (round(q[0]), round(q[1])), lw // 2)
            run = []
        every = 1 if len(pts) <= 24 else math.ceil(len(pts) / 12)
        size = (
            round(4 * self.scale)
            + (2 if s.is_player else 0)
            + (1 if self.palette.high_contrast else 0)
        )
        for i, p in enumerate(pts):
            if p is not None and (i % every == 0 or i == len(pts) - 1):
                draw_marker(surf, marker, p, size, colour, rgb(self.palette.chart_bg))

    def _draw_hover(self, surface: pygame.Surface) -> None:
        pal, sc = self.palette, self.scale
        g = self._geometry()
        ox, oy = self.rect.topleft
        plot = g.plot.move(ox, oy)
        m = self.hover_month
        xx = round(g.px(m)) + ox if self.n_months > 1 else plot.centerx
        pygame.draw.line(surface, rgb(pal.text_dim), (xx, plot.top), (xx, plot.bottom), 1)
        rows = self.values_at(m)
        for s, v in rows:
            colour, _lw, marker = self._style(s)
            draw_marker(
                surface, marker, (xx, round(g.py(v)) + oy), round(5 * sc) + 1, colour, rgb(pal.text)
            )
        pad = round(10 * sc)
        head = tx.render(t("chart.month_n", n=m), tx.SIZE_SMALL * sc + 1, rgb(pal.text), bold=True)
        max_w = max(round(120 * sc), plot.w // 2)
        lines = []
        for s, v in rows:
            name = tx.fit_text(
                self._series_name(s), max_w - round(90 * sc), tx.SIZE_SMALL * sc, rgb(pal.text_dim)
            )
            val = tx.render(self._fmt(v), tx.SIZE_SMALL * sc, rgb(pal.text), bold=True)
            lines.append((s, name, val))
        row_h = round(18 * sc)
        w = (
            max(
                [head.get_width()]
                + [
                    round(16 * sc) + n.get_width() + round(12 * sc) + v.get_width()
                    for _, n, v in lines
                ]
            )
            + 2 * pad
        )
        h = head.get_height() + len(lines) * row_h + 2 * pad
        box = pygame.Rect(0, 0, w, h)
        box.topleft = (xx + round(12 * sc), plot.top + round(4 * sc))
        if box.right > plot.right:
            box.topright = (xx - round(12 * sc), plot.top + round(4 * sc))
        box.clamp_ip(self.rect)
        fill = pal.panel if pal.high_contrast else pal.border  # raised above the plot
        draw_panel(surface, box, pal, sc, fill=fill, shadow=not pal.high_contrast)
        surface.blit(head, (box.x + pad, box.y + pad))
        y = box.y + pad + head.get_height()
        for s, name, val in lines:
            colour, _lw, marker = self._style(s)
            draw_marker(
                surface,
                marker,
                (box.x + pad + round(6 * sc), y + row_h // 2),
                round(5 * sc),
                colour,
                rgb(fill),
            )
            surface.blit(name, (box.x + pad + round(16 * sc), y + (row_h - name.get_height()) // 2))
            surface.blit(
                val, (box.right - pad - val.get_width(), y + (row_h - val.get_height()) // 2)
            )
            y += row_h


def draw_marker(surf, shape: str, centre, size: int, colour, edge=None) -> None:
    """A point marker: the shape tells series apart without colour."""
    x, y = round(centre[0]), round(centre[1])
    r = max(2, size)
    if shape == "square":
        rect = pygame.Rect(x - r, y - r, 2 * r, 2 * r)
        pygame.draw.rect(surf, colour, rect)
        if edge:
            pygame.draw.rect(surf, edge, rect, 1)
        return
    if shape in ("triangle", "triangle_down", "diamond", "star"):
        if shape == "triangle":
            pts = [(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)]
        elif shape == "triangle_down":
            pts = [(x, y + r + 1), (x + r + 1, y - r), (x - r - 1, y - r)]
        elif shape == "diamond":
            pts = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
        else:
            pts = []
            for i in range(10):
                a = math.pi / 2 + i * math.pi / 5
                rr = (r + 2) if i % 2 == 0 else (r + 2) * 0.45
                pts.append((x + rr * math.cos(a), y - rr * math.sin(a)))
        pygame.draw.polygon(surf, colour, pts)
        if edge:
            pygame.draw.polygon(surf, edge, pts, 1)
        return
    if shape == "cross":
        w = max(2, r // 2 + 1)
        pygame.draw.line(surf, colour, (x - r, y - r), (x + r, y + r), w)
        pygame.draw.line(surf, colour, (x - r, y + r), (x + r, y - r), w)
        return
    if shape == "plus":
        w = max(2, r // 2 + 1)
        pygame.draw.line(surf, colour, (x - r - 1, y), (x + r + 1, y), w)
        pygame.draw.line(surf, colour, (x, y - r - 1), (x, y + r + 1), w)
        return
    pygame.draw.circle(surf, colour, (x, y), r)
    if edge:
        pygame.draw.circle(surf, edge, (x, y), r, 1)


def render_chart(surface_or_size, series, **kwargs) -> pygame.Surface:
    """Draw a chart filling a Surface (or a new Surface of a (w, h) size) and return it.

    kwargs are LineChart's: title, x_label, y_label, y_format, x_start, include_zero, scale,
    palette, hover_month.
    """
    hover = kwargs.pop("hover_month", None)
    if isinstance(surface_or_size, pygame.Surface):
        surf = surface_or_size
    else:
        surf = pygame.Surface(tuple(surface_or_size))
    pal = get_palette(kwargs.get("palette"))
    surf.fill(rgb(pal.background))
    chart = LineChart(surf.get_rect(), series, **kwargs)
    chart.set_hover_month(hover)
    chart.draw(surf)
    return surf


__all__ = ["LineChart", "Series", "draw_marker", "nice_ticks", "render_chart"]
