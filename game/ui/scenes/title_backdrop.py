"""The title screen's painting: a northern mill town at dusk, drawn with pygame primitives.

Sky gradient, a far mill skyline (chimneys, a blast furnace, cooling towers; all idle but one
thin wisp), brick halls and danwei housing with a few lit windows, a road with sodium lamps.
The static part is painted once per window size into a surface; only the smoke and the lamp
glows are drawn each frame (cheap: a few small blits).
"""

from __future__ import annotations

import math
import random
import threading
import zlib

import pygame

from game.ui import fonts, theme

SKY = [
    (0.00, "#0E131E"),
    (0.30, "#1B2133"),
    (0.50, "#34314A"),
    (0.62, "#6A4650"),
    (0.69, "#B8693E"),
    (0.73, "#E0924A"),
]
FAR = pygame.Color("#2A2C3E")
FAR_LIGHT = pygame.Color("#3A3A52")
BRICK = pygame.Color("#5E3128")
MORTAR = pygame.Color("#4A261F")
BLOCK = pygame.Color("#232838")
BLOCK_EDGE = pygame.Color("#2E3447")
LIT = [pygame.Color("#F2B45A"), pygame.Color("#E9A04A"), pygame.Color("#F6CF85")]
GROUND = pygame.Color("#171B25")
ROAD = pygame.Color("#12151C")
POST = pygame.Color("#0C0E14")
LAMP = pygame.Color("#F2A93B")


def _lerp(a: pygame.Color, b: pygame.Color, f: float) -> pygame.Color:
    return pygame.Color(*(int(a[i] + (b[i] - a[i]) * f) for i in range(3)))


def _glow(radius: int, colour: pygame.Color, strength: int) -> pygame.Surface:
    """A soft round light, for additive blending."""
    surf = pygame.Surface((radius * 2, radius * 2))
    surf.fill((0, 0, 0))
    for r in range(radius, 0, -2):
        f = (1 - r / radius) ** 2
        c = [int(colour[i] * f * strength / 255) for i in range(3)]
        pygame.draw.circle(surf, c, (radius, radius), r)
    return surf


def _puff(radius: int) -> pygame.Surface:
    surf = pygame.Surface((radius * 2, radius * 2), pygame.SRCALPHA)
    for r in range(radius, 0, -1):
        a = int(95 * (1 - r / radius) ** 1.5)
        pygame.draw.circle(surf, (150, 146, 160, a), (radius, radius), r)
    return surf


class Backdrop:
    def __init__(self, size: tuple[int, int], seed: int = 7) -> None:
        self.size = size
        w, h = size
        self.s = h / 720
        self.rng = random.Random(seed)
        self.horizon = int(h * 0.70)
        self.street_y = int(h * 0.84)
        self.lamps: list[tuple[int, int]] = []
        self.chimney_top: tuple[int, int] = (int(w * 0.78), int(h * 0.3))
        self.static = (
            pygame.Surface(size).convert() if pygame.display.get_surface() else pygame.Surface(size)
        )
        self._paint()
        # The menu screens' backdrop is this same painting, darkened (menu_background): keep
        # it, so opening one after the title does not paint it all again (~50-90 ms).
        _painted.clear()
        _painted[size] = self.static
        self.glow = _glow(int(95 * self.s), LAMP, 150)
        self.pool = pygame.transform.smoothscale(
            _glow(int(60 * self.s), LAMP, 90), (int(200 * self.s), int(44 * self.s))
        )
        puff = _puff(max(4, int(16 * self.s)))
        self._puffs = [
            pygame.transform.smoothscale_by(puff, 0.6 + 1.6 * (i + 0.5) / 12) for i in range(12)
        ]
        self.puffs = [[self.rng.random() * 9.0, self.rng.random()] for _ in range(10)]
        self.time = 0.0
        self.flicker_lamp = 1 if len(self.lamps) > 1 else 0

    # ---- painting (once) ---------------------------------------------------------------
    def _paint(self) -> None:
        surf, (w, h), s = self.static, self.size, self.s
        stops = [(f, pygame.Color(c)) for f, c in SKY]
        for y in range(self.horizon + 4):
            f = y / h
            for (f0, c0), (f1, c1) in zip(stops, stops[1:], strict=False):
                if f0 <= f <= f1:
                    colour = _lerp(c0, c1, (f - f0) / (f1 - f0))
                    break
            else:
                colour = stops[-1][1]
            pygame.draw.line(surf, colour, (0, y), (w, y))
        for _ in range(int(40 * w / 1280)):
            x, y = self.rng.randrange(w), self.rng.randrange(int(h * 0.35))
            v = self.rng.randrange(90, 170)
            surf.set_at((x, y), (v, v, v + 15))
        sun = _glow(int(320 * s), pygame.Color("#E08A45"), 110)
        surf.blit(
            sun,
            (int(w * 0.62) - sun.get_width() // 2, self.horizon - sun.get_height() // 2),
            special_flags=pygame.BLEND_ADD,
        )
        self._far_skyline()
        self._haze()
        below = pygame.Rect(0, self.horizon, w, self.street_y - self.horizon)
        for y in range(below.y, below.bottom):
            f = (y - below.y) / max(1, below.h)
            pygame.draw.line(
                surf,
                _lerp(pygame.Color("#3A3046"), pygame.Color("#1C1F2B"), f**0.6),
                (0, y),
                (w, y),
            )
        self._mid_buildings()
        self._street()

    def _far_skyline(self) -> None:
        surf, (w, _h), s, base = self.static, self.size, self.s, self.horizon
        x = -int(40 * s)
        while x < w:
            width = int(self.rng.randint(90, 200) * s)
            height = int(self.rng.randint(30, 70) * s)
            pygame.draw.rect(surf, FAR, (x, base - height, width, height + 2))
            tooth = int(18 * s)
            for tx in range(x, x + width - tooth, tooth):
                pygame.draw.polygon(
                    surf,
                    FAR,
                    [
                        (tx, base - height),
                        (tx + tooth, base - height - int(12 * s)),
                        (tx + tooth, base - height),
                    ],
                )
            x += width + int(self.rng.randint(0, 30) * s)
        # Cooling towers, a blast furnace and the chimneys, placed on the right two thirds.
        for cx, scale in ((0.545, 1.0), (0.645, 0.86)):
            self._cooling_tower(int(w * cx), base, int(58 * s * scale), int(128 * s * scale))
        self._furnace(int(w * 0.86), base)
        chimneys = [0.40, 0.47, 0.71, 0.78, 0.93]
        for i, fx in enumerate(chimneys):
            height = int((230 + 40 * ((i * 37) % 3)) * s)
            self._chimney(int(w * fx), base, int(14 * s), height)
            if i == 3:
                self.chimney_top = (int(w * fx), base - height)
        self._crane(int(w * 0.50), base, s)

    def _cooling_tower(self, cx: int, base: int, half: int, height: int) -> None:
        """A hyperboloid: narrowest at 72% of its height, flaring a little to the rim."""
        waist = half * 0.62
        y_waist = height * 0.72
        c = y_waist / math.sqrt((half / waist) ** 2 - 1)
        left, right = [], []
        for i in range(21):
            y = height * i / 20
            hw = waist * math.sqrt(1 + ((y - y_waist) / c) ** 2)
            left.append((cx - hw, base - y))
            right.append((cx + hw, base - y))
        pygame.draw.polygon(self.static, FAR_LIGHT, left + right[::-1])
        rim = pygame.Color("#45445E")
        pygame.draw.aalines(self.static, rim, False, left)
        top_hw = right[-1][0] - cx
        pygame.draw.ellipse(
            self.static,
            pygame.Color("#2F3044"),
            (cx - top_hw, base - height - 3 * self.s, 2 * top_hw, 6 * self.s),
        )

    def _furnace(self, cx: int, base: int) -> None:
        s, surf = self.s, self.static
        body = pygame.Rect(0, 0, int(44 * s), int(170 * s))
        body.midbottom = (cx, base)
        pygame.draw.rect(surf, FAR_LIGHT, body)
        pygame.draw.ellipse(
            surf,
            FAR_LIGHT,
            (body.x - int(6 * s), body.y - int(14 * s), body.w + int(12 * s), int(28 * s)),
        )
        for dx in (-1, 1):
            start = (cx + dx * int(20 * s), body.y + int(30 * s))
            end = (cx + dx * int(90 * s), base - int(40 * s))
            pygame.draw.line(surf, FAR_LIGHT, start, end, max(2, int(7 * s)))
        stove = pygame.Rect(0, 0, int(30 * s), int(110 * s))
        stove.midbottom = (cx - int(60 * s), base)
        pygame.draw.rect(
            surf,
            FAR_LIGHT,
            stove,
            border_top_left_radius=int(15 * s),
            border_top_right_radius=int(15 * s),
        )

    def _chimney(self, cx: int, base: int, width: int, height: int) -> None:
        s, surf = self.s, self.static
        bottom_w, top_w = int(width * 1.5), width
        pygame.draw.polygon(
            surf,
            FAR_LIGHT,
            [
                (cx - bottom_w // 2, base),
                (cx - top_w // 2, base - height),
                (cx + top_w // 2, base - height),
                (cx + bottom_w // 2, base),
            ],
        )
        for band in (int(14 * s), int(34 * s)):
            y = base - height + band
            pygame.draw.line(
                surf,
                pygame.Color("#4A4862"),
                (cx - top_w // 2, y),
                (cx + top_w // 2, y),
                max(1, int(4 * s)),
            )
        # A red aviation light on top, the only colour up there.
        pygame.draw.circle(
            surf, pygame.Color("#C0503A"), (cx, base - height - int(3 * s)), max(1, int(2 * s))
        )

    def _crane(self, x: int, base: int, s: float) -> None:
        surf, col = self.static, FAR_LIGHT
        top = base - int(150 * s)
        lw = max(1, int(3 * s))
        pygame.draw.line(surf, col, (x, base), (x, top), lw)
        pygame.draw.line(surf, col, (x + int(12 * s), base), (x + int(12 * s), top), lw)
        pygame.draw.line(surf, col, (x - int(70 * s), top), (x + int(110 * s), top), lw)
        pygame.draw.line(
            surf, col, (x + int(6 * s), top - int(26 * s)), (x - int(70 * s), top), max(1, lw - 1)
        )
        pygame.draw.line(
            surf, col, (x + int(6 * s), top - int(26 * s)), (x + int(110 * s), top), max(1, lw - 1)
        )
        pygame.draw.line(surf, col, (x + int(80 * s), top), (x + int(80 * s), top + int(50 * s)), 1)

    def _haze(self) -> None:
        (w, _h), base = self.size, self.horizon
        haze = pygame.Surface((w, int(120 * self.s)), pygame.SRCALPHA)
        for y in range(haze.get_height()):
            a = int(60 * (y / haze.get_height()) ** 2)
            pygame.draw.line(haze, (224, 146, 74, a), (0, y), (w, y))
        self.static.blit(haze, (0, base - haze.get_height()))

    def _mid_buildings(self) -> None:
        surf, (w, _h), s = self.static, self.size, self.s
        ground = self.street_y
        # Danwei housing blocks on the left, a brick hall with a saw-tooth roof on the right.
        x = -int(20 * s)
        while x < w * 0.46:
            bw = int(self.rng.randint(150, 210) * s)
            floors = self.rng.randint(5, 7)
            fh = int(22 * s)
            bh = floors * fh + int(12 * s)
            rect = pygame.Rect(x, ground - bh, bw, bh)
            pygame.draw.rect(surf, BLOCK, rect)
            pygame.draw.line(surf, BLOCK_EDGE, rect.topleft, rect.topright, max(1, int(2 * s)))
            self._windows(rect, fh, int(26 * s), lit=0.22)
            x += bw + int(self.rng.randint(16, 40) * s)
        hall = pygame.Rect(
            int(w * 0.5), ground - int(120 * s), int(w * 0.5) + int(10 * s), int(120 * s)
        )
        self._brick_wall(hall)
        tooth = int(46 * s)
        for tx in range(hall.x, hall.right, tooth):
            pygame.draw.polygon(
                surf, BRICK, [(tx, hall.y), (tx, hall.y - int(24 * s)), (tx + tooth, hall.y)]
            )
            pygame.draw.line(
                surf,
                pygame.Color("#3E4256"),
                (tx, hall.y - int(24 * s)),
                (tx, hall.y),
                max(1, int(3 * s)),
            )
        self._sign(hall)
        for i in range(hall.x + int(30 * s), hall.right - int(60 * s), int(110 * s)):
            win = pygame.Rect(i, hall.y + int(44 * s), int(70 * s), int(46 * s))
            pygame.draw.rect(surf, pygame.Color("#1A1D27"), win)
            for gx in range(1, 3):
                pygame.draw.line(
                    surf,
                    MORTAR,
                    (win.x + gx * win.w // 3, win.y),
                    (win.x + gx * win.w // 3, win.bottom),
                )
            pygame.draw.line(surf, MORTAR, (win.x, win.centery), (win.right, win.centery))

    def _sign(self, hall: pygame.Rect) -> None:
        """The works' name in faded paint along the hall: 红星钢铁厂, Red Star Steel Works."""
        s = self.s
        font = fonts.for_text("红星钢铁厂", max(8, int(17 * s)), bold=True)
        text = font.render("红星钢铁厂", True, pygame.Color("#C9B9A0"))
        text.set_alpha(150)
        band = pygame.Rect(0, 0, text.get_width() + int(24 * s), text.get_height() + int(6 * s))
        # Between the second and third lamp posts (see _street), clear of both.
        band.midtop = (int(self.size[0] * 0.30 + 375 * s), hall.y + int(4 * s))
        pygame.draw.rect(self.static, MORTAR, band)
        pygame.draw.rect(self.static, pygame.Color("#6B3A2F"), band, max(1, int(2 * s)))
        self.static.blit(text, text.get_rect(center=band.center))

    def _windows(self, rect: pygame.Rect, floor_h: int, spacing: int, lit: float) -> None:
        s = self.s
        ww, wh = int(11 * s), int(12 * s)
        for fy in range(rect.y + int(10 * s), rect.bottom - floor_h // 2, floor_h):
            for fx in range(rect.x + int(12 * s), rect.right - ww - int(6 * s), spacing):
                if self.rng.random() < lit:
                    pygame.draw.rect(self.static, self.rng.choice(LIT), (fx, fy, ww, wh))
                else:
                    pygame.draw.rect(self.static, pygame.Color("#1A1E2A"), (fx, fy, ww, wh))

    def _brick_wall(self, rect: pygame.Rect) -> None:
        surf, s = self.static, self.s
        pygame.draw.rect(surf, BRICK, rect)
        row = max(3, int(7 * s))
        brick = max(8, int(22 * s))
        for i, y in enumerate(range(rect.y, rect.bottom, row)):
            pygame.draw.line(surf, MORTAR, (rect.x, y), (rect.right, y))
            offset = (brick // 2) * (i % 2)
            for x in range(rect.x + offset, rect.right, brick):
                pygame.draw.line(surf, MORTAR, (x, y), (x, min(rect.bottom, y + row)))

    def _street(self) -> None:
        surf, (w, h), s = self.static, self.size, self.s
        y = self.street_y
        pygame.draw.rect(surf, GROUND, (0, y, w, int(20 * s)))
        pygame.draw.line(surf, pygame.Color("#2A2F3C"), (0, y), (w, y), max(1, int(2 * s)))
        pygame.draw.rect(surf, ROAD, (0, y + int(20 * s), w, h - y))
        for x in range(0, w, int(70 * s)):
            pygame.draw.line(
                surf,
                pygame.Color("#3A3A40"),
                (x, y + int(60 * s)),
                (x + int(34 * s), y + int(60 * s)),
                max(1, int(3 * s)),
            )
        spacing = int(250 * s)
        xs = list(range(int(w * 0.30), w + spacing, spacing))
        poles = []
        for x in xs:
            top = y - int(150 * s)
            pygame.draw.line(surf, POST, (x, y + int(4 * s)), (x, top), max(2, int(5 * s)))
            pygame.draw.line(
                surf, POST, (x, top), (x + int(26 * s), top - int(6 * s)), max(2, int(4 * s))
            )
            head = (x + int(28 * s), top - int(4 * s))
            pygame.draw.ellipse(
                surf, POST, (head[0] - int(10 * s), head[1] - int(4 * s), int(20 * s), int(9 * s))
            )
            pygame.draw.circle(
                surf, pygame.Color("#FFD27A"), (head[0], head[1] + int(4 * s)), max(2, int(4 * s))
            )
            self.lamps.append((head[0], head[1] + int(4 * s)))
            poles.append((x, top + int(18 * s)))
        for (x0, y0), (x1, y1) in zip(poles, poles[1:], strict=False):
            sag = int(16 * s)
            pts = [
                (
                    x0 + (x1 - x0) * t / 12,
                    y0 + (y1 - y0) * t / 12 + sag * math.sin(math.pi * t / 12),
                )
                for t in range(13)
            ]
            pygame.draw.aalines(surf, POST, False, pts)

    # ---- per frame ---------------------------------------------------------------------
    def set_shade(self, shade: pygame.Surface | None, darkness) -> None:
        """Bake a darkening layer (the title's vignette) into the picture drawn each frame.

        `darkness(x)` says how much the shade darkens at column x (0..1), so the lamp glows,
        drawn on top every frame, are dimmed to match.
        """
        base = self.static.copy()
        if shade is not None:
            base.blit(shade, (0, 0))
        if theme.palette_name() == "high_contrast":
            veil = pygame.Surface(self.size, pygame.SRCALPHA)
            veil.fill((0, 0, 0, 150))
            base.blit(veil, (0, 0))
        self.base = base
        self._lamp_glows = []
        for lx, _ly in self.lamps:
            keep = 1 - darkness(lx)
            if theme.palette_name() == "high_contrast":
                keep *= 0.4
            glows = []
            for img in (self.glow, self.pool):
                dim = img.copy()
                level = int(255 * max(0.0, min(1.0, keep)))
                dim.fill((level, level, level), special_flags=pygame.BLEND_MULT)
                glows.append(dim)
            flicker = glows[0].copy()
            flicker.fill((110, 110, 110), special_flags=pygame.BLEND_MULT)
            self._lamp_glows.append((glows[0], glows[1], flicker))

    def update(self, dt: float) -> None:
        self.time += dt
        for puff in self.puffs:
            puff[0] += dt
            if puff[0] > 9.0:
                puff[0] -= 9.0
                puff[1] = self.rng.random()

    def draw(self, surface: pygame.Surface) -> None:
        if not hasattr(self, "base"):
            self.set_shade(None, lambda x: 0.0)
        surface.blit(self.base, (0, 0))
        s = self.s
        cx, cy = self.chimney_top
        for age, jitter in self.puffs:
            f = age / 9.0
            x = cx + int((f * 160 + jitter * 12) * s)
            y = cy - int((f * 90 + math.sin(age + jitter * 6) * 4) * s)
            img = self._puffs[min(len(self._puffs) - 1, int(f * len(self._puffs)))]
            img.set_alpha(int(200 * (1 - f) * min(1.0, f * 6)))
            surface.blit(img, img.get_rect(center=(x, y)))
        r = self.glow.get_width() // 2
        for i, ((lx, ly), (glow, pool, flicker)) in enumerate(
            zip(self.lamps, self._lamp_glows, strict=True)
        ):
            if i == self.flicker_lamp:
                phase = self.time % 7.0
                if 5.2 < phase < 5.35 or 5.5 < phase < 5.6:
                    glow = flicker
            surface.blit(glow, (lx - r, ly - r), special_flags=pygame.BLEND_ADD)
            surface.blit(
                pool,
                pool.get_rect(center=(lx, self.street_y + int(12 * s))),
                special_flags=pygame.BLEND_ADD,
            )


_menu_cache: dict[tuple, pygame.Surface | bytes] = {}  # one entry: a picture, or packed
_painted: dict[tuple[int, int], pygame.Surface] = {}  # the last Backdrop's painting, by size
SHADE_STRIPS = 8  # the menu's shade is blitted in strips: no window-sized picture made for it


def menu_background(size: tuple[int, int]) -> pygame.Surface:
    """The title painting, darkened: the backdrop of settings, credits and other menu screens."""
    key = (size, theme.palette_name())
    kept = _menu_cache.get(key)
    if isinstance(kept, bytes):  # packed under a run's months (forget_painting): unpack once
        kept = _unpacked(kept, size)
        _menu_cache[key] = kept
    if kept is None:
        _menu_cache.clear()
        painted = _painted.get(tuple(size))
        kept = (painted if painted is not None else Backdrop(size).static).copy()
        bg = theme.colour("bg")
        # the same pixels as one window-sized SRCALPHA shade blitted over it, without a 3.5 MB
        # picture made and dropped in the title's frame (a hole glibc kept through the run)
        strip_h = -(-size[1] // SHADE_STRIPS)
        shade = pygame.Surface((size[0], strip_h), pygame.SRCALPHA)
        shade.fill((bg.r, bg.g, bg.b, 250 if theme.palette_name() == "high_contrast" else 205))
        for y in range(0, size[1], strip_h):
            kept.blit(shade, (0, y))
        _menu_cache[key] = kept
    return kept


def _unpacked(packed: bytes, size: tuple[int, int]) -> pygame.Surface:
    """The menu backdrop from its packed pixels (~4 ms at 1280x720: zlib, one copy)."""
    window = pygame.display.get_surface()
    surf = pygame.Surface(size, 0, window) if window else pygame.Surface(size)
    surf.get_buffer().write(zlib.decompress(packed))
    return surf


def _pack_menu(key: tuple, surf: pygame.Surface) -> None:
    """Keep the menu backdrop packed (zlib: ~70 KB instead of 3.5 MB at 1280x720; ~6 ms, on a
    thread of its own, zlib without Python's lock): a run's months only show it if the player
    opens the settings, whose first frame unpacks it."""
    packed = zlib.compress(surf.get_buffer().raw, 1)
    if _menu_cache.get(key) is surf:
        _menu_cache[key] = packed


def forget_painting(painting: pygame.Surface) -> None:
    """The title that painted `painting` is covered by a run: the painting is let go, and the
    menu backdrop made from it (if any) is kept packed, on a thread, until a screen asks for it
    (issue 17: 3.5 MB at 1280x720 through every run)."""
    for size, kept in list(_painted.items()):
        if kept is painting:
            del _painted[size]
    for key, menu in list(_menu_cache.items()):
        if isinstance(menu, pygame.Surface):
            threading.Thread(
                target=_pack_menu, args=(key, menu), name="menu-pack", daemon=True
            ).start()
