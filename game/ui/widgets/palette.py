"""Colours for the drawn widgets (visual-style.md), in three flavours the settings offer:
`default`, `colourblind` (trade colours forced to the Okabe-Ito set by trade index, accents
that differ in lightness) and `high_contrast` (black background, white text, thicker lines).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pygame

# Okabe-Ito, in the order of the default trades (params.default_trades).
OKABE_ITO = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#0072B2",  # blue
    "#F0E442",  # yellow
    "#999999",  # grey
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
)


def rgb(colour) -> tuple[int, int, int]:
    c = pygame.Color(colour)
    return (c.r, c.g, c.b)


_mixed: dict[tuple, tuple[int, int, int]] = {}


def mix(a, b, f: float) -> tuple[int, int, int]:
    """Blend colour a toward b by f (0 = a, 1 = b). Remembered: painting the street asks for
    the same few hundred blends ~1,500 times a repaint."""
    try:
        key = (a, b, f)
        hit = _mixed.get(key)
    except TypeError:  # a pygame.Color (unhashable)
        key = hit = None
    if hit is not None:
        return hit
    ca, cb = rgb(a), rgb(b)
    out = tuple(int(round(ca[i] + (cb[i] - ca[i]) * f)) for i in range(3))
    if key is not None:
        if len(_mixed) > 8192:
            _mixed.clear()
        _mixed[key] = out
    return out


def luminance(colour) -> float:
    """Relative luminance (WCAG)."""

    def chan(v: int) -> float:
        v = v / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = rgb(colour)
    return 0.2126 * chan(r) + 0.7152 * chan(g) + 0.0722 * chan(b)


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_on(colour, dark="#1E2430", light="#FFFFFF") -> tuple[int, int, int]:
    """The dark or light ink that reads best on a background colour."""
    return rgb(dark) if contrast(colour, dark) >= contrast(colour, light) else rgb(light)


@dataclass(frozen=True)
class Palette:
    name: str = "default"
    background: str = "#1E2430"
    panel: str = "#2A3140"
    border: str = "#3A4356"
    text: str = "#E8E6E1"
    text_dim: str = "#A9B0BC"
    amber: str = "#F2A93B"
    brick: str = "#B5523B"
    teal: str = "#3FA7A3"
    # the street at dusk
    sky_top: str = "#1B2130"
    sky_mid: str = "#3B3F55"
    sky_low: str = "#9A6150"
    sky_horizon: str = "#D08A55"
    far_blocks: str = "#39384A"
    mill: str = "#262A36"
    mill_edge: str = "#4A4A5A"
    facades: tuple[str, ...] = ("#5D626E", "#6E5A4E", "#56616A", "#7A5548", "#646A60")
    facade_shadow: str = "#2A2E38"
    sign_board: str = "#1F2431"
    shutter: str = "#7C828C"
    shutter_line: str = "#5E646E"
    window_lit: str = "#F6D58E"
    window_lit_low: str = "#E3A24F"
    window_dark: str = "#2C3444"
    tag_paper: str = "#F3EBDD"
    tag_text: str = "#1E2430"
    for_rent: str = "#C0392B"
    pavement: str = "#6A6E78"
    pavement_line: str = "#5A5E68"
    kerb: str = "#8C909A"
    road: str = "#2B2F38"
    road_mark: str = "#C9C3B5"
    lamp_glow: str = "#F2A93B"
    lamp_pole: str = "#1A1D25"
    outline: str = "#15181F"
    line_width: int = 1
    force_okabe_ito: bool = False
    high_contrast: bool = False
    # charts
    chart_bg: str = "#2A3140"
    grid: str = "#3A4356"
    axis: str = "#A9B0BC"

    def trade_colour(self, trade: int, given: str | None) -> tuple[int, int, int]:
        """The awning/chart colour of a trade: the scenario's, or Okabe-Ito by index."""
        if (self.force_okabe_ito or not given) and trade is not None and trade >= 0:
            return rgb(OKABE_ITO[trade % len(OKABE_ITO)])
        return rgb(given or "#999999")


DEFAULT = Palette()

COLOURBLIND = replace(
    DEFAULT,
    name="colourblind",
    brick="#D55E00",  # vermillion vs blue: apart for every common colour-vision deficiency
    teal="#0072B2",
    force_okabe_ito=True,
)

HIGH_CONTRAST = replace(
    DEFAULT,
    name="high_contrast",
    background="#000000",
    panel="#000000",
    border="#FFFFFF",
    text="#FFFFFF",
    text_dim="#FFFFFF",
    amber="#FFB000",
    brick="#FF6A4D",
    teal="#4DE0D8",
    sky_top="#000000",
    sky_mid="#000000",
    sky_low="#000000",
    sky_horizon="#000000",
    far_blocks="#000000",
    mill="#000000",
    mill_edge="#FFFFFF",
    facades=("#000000",),
    facade_shadow="#000000",
    sign_board="#000000",
    shutter="#3A3A3A",
    shutter_line="#9A9A9A",
    window_lit="#FFE9A8",
    window_lit_low="#FFD060",
    window_dark="#000000",
    tag_paper="#FFFFFF",
    tag_text="#000000",
    for_rent="#FF3B30",
    pavement="#000000",
    pavement_line="#3A3A3A",
    kerb="#FFFFFF",
    road="#000000",
    road_mark="#FFFFFF",
    lamp_pole="#FFFFFF",
    outline="#FFFFFF",
    line_width=2,
    force_okabe_ito=True,
    high_contrast=True,
    chart_bg="#000000",
    grid="#5A5A5A",
    axis="#FFFFFF",
)

PALETTES = {p.name: p for p in (DEFAULT, COLOURBLIND, HIGH_CONTRAST)}


def get_palette(palette: Palette | str | None) -> Palette:
    """Accept a Palette, a settings name ("default", "colourblind", "high_contrast") or None."""
    if palette is None:
        return DEFAULT
    if isinstance(palette, Palette):
        return palette
    key = str(palette).lower().replace("-", "_").replace(" ", "_")
    aliases = {
        "colorblind": "colourblind",
        "colour_blind": "colourblind",
        "color_blind": "colourblind",
        "colourblind_safe": "colourblind",
        "contrast": "high_contrast",
        "normal": "default",
    }
    return PALETTES[aliases.get(key, key)]
