"""The look: palettes (normal, colour-blind-safe, high-contrast), font sizes and the pygame_gui theme.

`theme.json` is the base theme at UI scale 1 with `$tokens` for colours and the font;
`build_theme` fills them in for the chosen palette, language and scale. Drawing code
(backdrops, the street, charts) reads colours with `colour("accent")` so a palette switch
reaches everything. Sizes follow visual-style.md: body 16, small 13, heading 20 bold,
big numbers 28 bold, screen titles 36 (at 1280x720, times the scale).
"""

from __future__ import annotations

import json
from pathlib import Path

import pygame

from game.ui import fonts

THEME_PATH = Path(__file__).with_name("theme.json")

# Okabe-Ito, the colour-blind-safe set for trades (always shown with an icon and a label).
TRADE_COLOURS = [
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
]

_NORMAL = {
    "bg": "#1E2430",
    "panel": "#2A3140",
    "panel_glass": "#2A3140E6",
    "raised": "#3A4356",
    "border": "#4A556B",
    "hover": "#4A5468",
    "pressed": "#566079",
    "disabled": "#242A36",
    "text": "#E8E6E1",
    "text_dim": "#A9B0BC",
    "text_disabled": "#6E7583",
    "accent": "#F2A93B",
    "accent_hover": "#F7C06A",
    "warn": "#B5523B",
    "good": "#3FA7A3",
    "ink": "#1E2430",
    "shadow": "#0B0E14",
    "overlay": "#0B0E14B0",
    "transparent": "#00000000",
    "focus": "#F2A93B",
}
PALETTES: dict[str, dict[str, str]] = {
    "normal": _NORMAL,
    # Good/bad news as blue/vermillion: the pair that survives every common colour-vision type.
    "colour_blind": {
        **_NORMAL,
        "accent": "#E69F00",
        "accent_hover": "#F0B840",
        "warn": "#D55E00",
        "good": "#56B4E9",
        "focus": "#F0E442",
    },
    "high_contrast": {
        "bg": "#000000",
        "panel": "#000000",
        "panel_glass": "#000000F0",
        "raised": "#1A1A1A",
        "border": "#FFFFFF",
        "hover": "#383838",
        "pressed": "#505050",
        "disabled": "#0D0D0D",
        "text": "#FFFFFF",
        "text_dim": "#E6E6E6",
        "text_disabled": "#9A9A9A",
        "accent": "#FFC400",
        "accent_hover": "#FFDA55",
        "warn": "#FF6A4D",
        "good": "#3FE8D8",
        "ink": "#000000",
        "shadow": "#000000",
        "overlay": "#000000D0",
        "transparent": "#00000000",
        "focus": "#FFFF00",
    },
}

# Font roles at scale 1 (visual-style.md).
FONT_SIZES = {"small": 13, "tooltip": 14, "body": 16, "heading": 20, "big": 28, "title": 36}

# Spacing at scale 1, on the 8 px grid (visual-style.md): the window's edge margin, the gap
# between panels, a panel's inner padding, the gap between its buttons, a hairline.
SPACING = {"edge": 24, "gap": 16, "pad": 16, "tight": 8, "hair": 4}

_current_palette = "normal"


def set_palette(name: str) -> None:
    global _current_palette
    _current_palette = name if name in PALETTES else "normal"


def palette_name() -> str:
    return _current_palette


def colour(name: str) -> pygame.Color:
    """A palette colour by role ("bg", "panel", "text", "accent", "warn", "good", ...)."""
    return pygame.Color(PALETTES[_current_palette][name])


def trade_colour(index: int) -> pygame.Color:
    return pygame.Color(TRADE_COLOURS[index % len(TRADE_COLOURS)])


def line_width(base: int = 1) -> int:
    """Lines are thicker in high contrast (visual-style.md)."""
    return base + (1 if _current_palette == "high_contrast" else 0)


def scaled(size: int, scale: float) -> int:
    return max(8, int(round(size * scale)))


def build_theme(scale: float, palette: str, language: str) -> dict:
    """The theme dict for pygame_gui: tokens replaced, fonts sized and pointed at files."""
    colours = PALETTES.get(palette, _NORMAL)
    family = fonts.family_for_language(language)
    font_name = f"irb_{family}"
    base = json.loads(THEME_PATH.read_text(encoding="utf-8"))
    theme: dict = {}
    for element, block in base.items():
        if element.startswith("_"):
            continue
        theme[element] = _fill(block, colours, font_name, family, scale, palette)
    return theme


def _fill(block: dict, colours: dict, font_name: str, family: str, scale: float, palette: str):
    out: dict = {}
    for section, values in block.items():
        if section in ("colours", "colors"):
            out[section] = {
                k: colours[v[1:]] if v.startswith("$") else v for k, v in values.items()
            }
        elif section == "font":
            font = dict(values)
            if font.get("name") == "$font_cjk":  # text that must show Chinese in any language
                font_name, family = "irb_sc", "sc"
            font["name"] = font_name
            font["size"] = str(scaled(int(font.get("size", 16)), scale))
            font["regular_path"] = str(fonts.font_path(family, bold=False))
            font["bold_path"] = str(fonts.font_path(family, bold=True))
            font["italic_path"] = str(fonts.font_path(family, italic=True))
            font["bold_italic_path"] = str(fonts.font_path(family, bold=True, italic=True))
            out[section] = font
        elif section == "misc":
            misc = dict(values)
            for key in ("shape_corner_radius", "text_horiz_alignment_padding", "rect_width"):
                if key in misc:
                    misc[key] = str(int(round(int(misc[key]) * scale)))
            if (
                palette == "high_contrast"
                and "border_width" in misc
                and misc["border_width"] != "0"
            ):
                misc["border_width"] = str(int(misc["border_width"]) + 1)
            out[section] = misc
        else:
            out[section] = values
    return out


def preload_fonts(manager, scale: float, language: str) -> None:
    """Load up front every font role, regular and bold, italic for running text (HTML <b>, <i>).

    Skips fonts the theme already loaded: pygame_gui warns on a second preload.
    """
    name = f"irb_{fonts.family_for_language(language)}"
    font_dict = manager.get_theme().get_font_dictionary()
    wanted = []
    text_sizes = {scaled(FONT_SIZES[r], scale) for r in ("small", "tooltip", "body")}
    for size in sorted({scaled(s, scale) for s in FONT_SIZES.values()}):
        for bold in (False, True):
            for italic in (False, True) if size in text_sizes else (False,):
                font_id = font_dict.create_font_id(size, name, bold, italic, True)
                if font_id not in font_dict.loaded_fonts:
                    style = ("bold_" if bold else "") + ("italic" if italic else "")
                    wanted.append({"name": name, "point_size": size, "style": style or "regular"})
    if wanted:
        manager.preload_fonts(wanted)
