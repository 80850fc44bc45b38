"""Render the widgets to PNGs, headless: `python -m game.ui.widgets.preview OUT_DIR`.

Street (an early two-shop town and a crowded month-10 town), the street as it sits in the
month screen, a sample chart and the icon sheet, at 1280x720 and 1920x1080, plus greyscale,
colour-blind-safe and high-contrast variants for checking.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.ui.widgets import samples  # noqa: E402
from game.ui.widgets.palette import get_palette, rgb  # noqa: E402

SIZES = ((1280, 720), (1920, 1080))


def _street_frame(
    screen, lots, scale, palette="default", mill=True, hover=None, focus=0, rect=None, seconds=4.0
):
    from game.ui.widgets.street import StreetView

    screen.fill(rgb(get_palette(palette).background))
    sv = StreetView(rect or screen.get_rect(), scale=scale, palette=palette)
    sv.set_mill_running(mill)
    sv.set_lots(lots)
    for _ in range(int(seconds * 30)):
        sv.update(1 / 30)
    for _ in range(focus):
        sv.focus_next()
    if hover is not None:
        r = sv.lot_rect(hover)
        sv.set_hover(r.center if r else None)
    sv.draw(screen)
    return sv


def _chart_frame(screen, scale, palette="default"):
    from game.ui.widgets.chart import LineChart

    screen.fill(rgb(get_palette(palette).background))
    m = round(24 * scale)
    w, h = screen.get_width() - 2 * m, screen.get_height() - 2 * m
    left = pygame.Rect(m, m, (w - m) // 2, h)
    right = pygame.Rect(left.right + m, m, (w - m) // 2, h)
    c1 = LineChart(
        left,
        samples.price_series(),
        title="Going price per trade",
        y_format="yuan",
        y_label="\u00a5 per unit",
        scale=scale,
        palette=palette,
    )
    c1.set_hover_month(7)
    c1.draw(screen)
    c2 = LineChart(
        right,
        samples.income_series(),
        title="Your income vs your former wage",
        y_format="yuan",
        y_label="\u00a5 per month",
        scale=scale,
        palette=palette,
    )
    c2.draw(screen)


def _icon_sheet(screen, scale):
    from game.ui.widgets import text as tx
    from game.ui.widgets.icons import ICON_NAMES, draw_icon

    pal = get_palette("default")
    screen.fill(rgb(pal.background))
    names = list(ICON_NAMES) + ["unknown"]
    cell = round(88 * scale)
    for i, n in enumerate(names):
        x, y = round(24 * scale) + (i % 8) * cell * 1.6, round(24 * scale) + (i // 8) * cell * 1.7
        draw_icon(screen, n, (x, y, round(64 * scale), round(64 * scale)), rgb(pal.text))
        draw_icon(screen, n, (x + round(72 * scale), y + round(40 * scale), 24, 24), rgb(pal.amber))
        label = tx.render(n, tx.SIZE_SMALL * scale, rgb(pal.text_dim))
        screen.blit(label, (x, y + round(70 * scale)))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = argv[0] if argv else "preview"
    os.makedirs(out, exist_ok=True)
    pygame.init()
    pygame.display.set_mode((64, 64))
    saved = []

    def save(surf, name):
        path = os.path.join(out, name)
        pygame.image.save(surf, path)
        saved.append(path)

    for w, h in SIZES:
        scale = h / 720
        screen = pygame.Surface((w, h))
        tag = f"{w}x{h}"
        _street_frame(screen, samples.early_street(), scale, focus=0)
        save(screen, f"street_early_{tag}.png")
        _street_frame(screen, samples.crowded_street(), scale, mill=False, focus=0, hover=7)
        save(screen, f"street_crowded_{tag}.png")
        save(pygame.transform.grayscale(screen), f"street_crowded_{tag}_grey.png")
        # the street as it sits in the month screen: top centre, between the side panels
        m = round(24 * scale)
        panel = pygame.Rect(round(w * 0.25), m, w - round(w * 0.25) - m, round(h * 0.42))
        _street_frame(screen, samples.crowded_street(), scale, mill=False, focus=0, rect=panel)
        save(screen, f"street_in_month_screen_{tag}.png")
        _street_frame(screen, samples.crowded_street(40), scale, mill=True, focus=0)
        save(screen, f"street_40_{tag}.png")
        _chart_frame(screen, scale)
        save(screen, f"chart_{tag}.png")
        _icon_sheet(screen, scale)
        save(screen, f"icons_{tag}.png")
    screen = pygame.Surface((1280, 720))
    try:  # the real town, six months after the layoffs
        from game.core.engine import Engine
        from game.core.params import Params
        from game.words import street_lots

        eng = Engine(Params(), seed=1, players=(0,))
        for _ in range(6):
            eng.end_month()
        _street_frame(screen, street_lots(eng), 1.0, mill=False)
        save(screen, "street_engine_month6_1280x720.png")
    except Exception as exc:  # the core is still moving: the preview must not depend on it
        print(f"engine street skipped: {exc!r}")
    _street_frame(screen, samples.crowded_street(), 1.0, palette="high_contrast", mill=False)
    save(screen, "street_crowded_1280x720_high_contrast.png")
    _street_frame(screen, samples.crowded_street(), 1.0, palette="colourblind", mill=False)
    save(screen, "street_crowded_1280x720_colourblind.png")
    _chart_frame(screen, 1.0, palette="high_contrast")
    save(screen, "chart_1280x720_high_contrast.png")
    for p in saved:
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
