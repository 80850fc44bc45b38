"""The street: every lot of the town's high street at dusk (design.md "The town on screen").

The static picture (sky, mill, buildings, signs, price tags) is painted once into a layer
when something changes; a frame blits that layer and adds the few moving things: smoke from
the mill while it runs, lamps that flicker on, passers-by, a new shop's awning unrolling,
the hover/focus ring and the tooltip. Lots are dicts as `game.words.street_lots()` returns them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import pygame

from game.i18n import plural, t
from game.ui.widgets import street_draw as sd
from game.ui.widgets import text as tx
from game.ui.widgets.palette import Palette, get_palette, mix, rgb
from game.ui.widgets.panel import place_near, render_tooltip
from game.ui.widgets.street_layout import StreetLayout, compute_layout

UNROLL_S = 0.9  # how long a new shop's awning takes to unroll
UNROLL_DELAY_S = 0.35
SMOKE_LIFE_S = 7.0
SMOKE_EVERY_S = 0.55


@dataclass
class _Puff:
    x: float
    y: float
    vx: float
    vy: float
    age: float
    r0: float


@dataclass
class _Walker:
    x: float
    feet_y: int
    speed: float
    frames: tuple[pygame.Surface, pygame.Surface]
    phase: float


@dataclass
class _Ahead:
    key: tuple
    steps: Any  # the painting's steps (StreetView._paint)
    done: tuple | None = None


def _sorted_lots(lots: list[dict]) -> list[dict]:
    return sorted((dict(x) for x in lots), key=lambda d: d.get("lot", 0))


def _unrolled(lots: list[dict]) -> set[int]:
    """The shops whose awnings unroll when these lots are shown (painted without theirs)."""
    return {i for i, d in enumerate(lots) if d.get("new") and d.get("state", "open") == "open"}


class StreetView:
    """The street widget. Positions are in the coordinates of the surface it draws on."""

    def __init__(
        self,
        rect,
        scale: float = 1.0,
        palette: Palette | str | None = None,
        mill_running: bool = True,
        seed: int = 7,
        lots: list[dict] | None = None,
        paint_now: bool = True,
    ):
        """`paint_now` False: its first picture is painted later, a few shops a call
        (`paint_some`), for a screen built ahead in idle frames; it is drawn only once done."""
        self.rect = pygame.Rect(rect)
        self.scale = float(scale)
        self.palette = get_palette(palette)
        self.mill_running = bool(mill_running)
        self.lots: list[dict] = []
        self.t = 0.0
        self._seed = seed
        self._hover: int | None = None  # index into self.lots
        self._focus: int | None = None
        self._unroll: dict[int, float] = {}  # lot index -> start time
        self._awnings: dict[int, pygame.Surface] = {}
        self._tooltips: dict[int, tuple[pygame.Surface, list[pygame.Rect]]] = {}
        self._puffs: list[_Puff] = []
        self._smoke_clock = 0.0
        self.text_boxes: list[tx.TextBox] = []  # every text painted, for the no-overflow tests
        self._ahead: _Ahead | None = None  # the next street's picture, painted ahead
        if lots:  # built with its lots: one paint instead of an empty street and then this one
            self._take_lots(lots)
        self.painted = False  # its first picture is done (drawn, hovered, updated from then)
        if not paint_now:
            unroll = set(self._unroll)
            key = self._paint_key(self.lots, unroll, self.mill_running)
            self._ahead = _Ahead(key, self._paint(self.lots, unroll, self.mill_running))
            return
        self._first_picture()

    def _first_picture(self) -> None:
        self._rebuild()
        if self.mill_running:
            self._prewarm_smoke()
        self.painted = True

    def paint_some(self, budget_s: float = 0.004) -> bool:
        """A street made with `paint_now=False`: paint a piece of its first picture (shops
        until `budget_s` is spent); True once it is painted and can be shown."""
        import time  # noqa: PLC0415

        if self.painted:
            return True
        ahead = self._ahead
        start = time.perf_counter()
        while ahead is not None and ahead.done is None:
            step = next(ahead.steps)
            if step is not None:
                ahead.done = step
            elif time.perf_counter() - start >= budget_s:
                return False
        self._first_picture()  # (takes the picture painted ahead)
        return True

    # --- inputs -----------------------------------------------------------------------------

    def set_lots(self, lots: list[dict]) -> None:
        if self._take_lots(lots):
            self._rebuild()

    def _take_lots(self, lots: list[dict]) -> bool:
        """Keep the new lots (False: the same street as before)."""
        lots = _sorted_lots(lots)
        if lots == self.lots:
            return False  # a scene may hand us the same street every frame: that must stay cheap
        self.lots = lots
        self._unroll = {
            i: self.t + UNROLL_DELAY_S + 0.12 * k for k, i in enumerate(sorted(_unrolled(lots)))
        }
        if self._hover is not None and self._hover >= len(lots):
            self._hover = None
        if self._focus is not None and self._focus >= len(lots):
            self._focus = len(lots) - 1 if lots else None
        return True

    def set_mill_running(self, running: bool) -> None:
        """Smoke from the chimneys and lit mill windows while the mill runs; idle once it stops.

        The first call (before any frame ran) sets the sky as it is, without a transition."""
        if self._take_mill(running):
            self._rebuild()

    def set_street(self, lots: list[dict], mill_running: bool) -> None:
        """New lots and the mill at once: one repaint (none if it was painted ahead for them,
        paint_ahead), where set_mill_running then set_lots painted the street twice."""
        lots_changed = self._take_lots(lots)
        if self._take_mill(mill_running) or lots_changed:
            self._rebuild()

    def _take_mill(self, running: bool) -> bool:
        if bool(running) == self.mill_running:
            return False
        self.mill_running = bool(running)
        if self.t == 0.0:
            self._puffs.clear()
            if running:
                self._prewarm_smoke()
        return True

    def set_palette(self, palette: Palette | str | None) -> None:
        self.palette = get_palette(palette)
        self._rebuild()

    def set_rect(self, rect, scale: float | None = None) -> None:
        self.rect = pygame.Rect(rect)
        if scale is not None:
            self.scale = float(scale)
        self._rebuild()
        self._puffs.clear()
        if self.mill_running:
            self._prewarm_smoke()

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Tracks the mouse for hover. Returns True when a click landed on a lot."""
        if event.type == pygame.MOUSEMOTION:
            self.set_hover(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 1) == 1:
            idx = self._index_at(event.pos)
            if idx is not None:
                self._focus = idx
                return True
        return False

    def set_hover(self, mouse_pos) -> None:
        self._hover = self._index_at(mouse_pos) if mouse_pos is not None else None

    def hovered_lot(self, mouse_pos) -> int | None:
        """The lot number under the mouse, or None."""
        idx = self._index_at(mouse_pos)
        return None if idx is None else self._lot_no(idx)

    # --- keyboard focus ---------------------------------------------------------------------

    @property
    def focused_lot(self) -> int | None:
        return None if self._focus is None else self._lot_no(self._focus)

    def focus_next(self) -> int | None:
        if self.lots:
            self._focus = 0 if self._focus is None else (self._focus + 1) % len(self.lots)
        return self.focused_lot

    def focus_prev(self) -> int | None:
        if self.lots:
            self._focus = (
                len(self.lots) - 1 if self._focus is None else (self._focus - 1) % len(self.lots)
            )
        return self.focused_lot

    def clear_focus(self) -> None:
        self._focus = None

    def lot_rect(self, lot: int) -> pygame.Rect | None:
        """Where a lot is on screen (its building and the pavement in front)."""
        for i, d in enumerate(self.lots):
            if d.get("lot", i) == lot:
                return self.layout.shops[i].hit.move(self.rect.topleft)
        return None

    # --- tooltip ----------------------------------------------------------------------------

    def tooltip_text(self, lot) -> list[str]:
        """The lines of a lot's tooltip: who runs it, what, at what price, since when."""
        d = lot if isinstance(lot, dict) else self._lot_dict(lot)
        if d is None:
            return []
        state = d.get("state", "open")
        if state == "empty":
            return [t("street.empty_lot")]
        lines = []
        owner = d.get("owner") or ""
        if owner:
            age, job = d.get("age"), sd.job_text(d.get("former_job") or "")
            if job and age is not None:
                lines.append(t("street.bio", name=owner, age=age, job=job))
            elif age is not None:
                lines.append(t("street.bio_no_job", name=owner, age=age))
            else:
                lines.append(owner)
        trade = d.get("trade_name") or ""
        if state == "open":
            if trade:
                lines.append(trade)
            price = d.get("price_yuan")
            if price is not None:
                unit = sd.unit_text(d)
                lines.append(
                    t("format.per_unit", amount=tx.fmt_yuan(price), unit=unit)
                    if unit
                    else tx.fmt_yuan(price)
                )
            months = int(d.get("months_open") or 0)
            if months <= 0:
                lines.append(t("street.opened_this_month"))
            else:
                lines.append(plural("street.months_open", months))
        else:
            if trade:
                lines.append(t("street.closed_trade", trade=trade))
            lines.append(t("street.for_rent"))
        if d.get("is_player"):
            lines.append(t("street.your_shop"))
        return lines

    # --- per frame --------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        if not self.painted:  # (shown before its painting ahead was done: the rest now)
            self.paint_some(float("inf"))
        dt = max(0.0, min(float(dt), 0.25))  # a long stall must not teleport everyone
        self.t += dt
        self._step_smoke(dt)
        x0, x1 = self.layout.walk_lane[0] - 40, self.layout.walk_lane[1] + 40
        for w in self._walkers:
            w.x += w.speed * dt
            w.phase += dt
            if w.x > x1:
                w.x = x0
            elif w.x < x0:
                w.x = x1
        done = [i for i, t0 in self._unroll.items() if self.t >= t0 + UNROLL_S]
        for i in done:  # finished awnings go into the cached layer: no more per-frame cost
            del self._unroll[i]
            if i in self._awnings:
                self._layer.blit(
                    self._awnings[i], sd.awning_rect(self.layout.shops[i], self.scale).topleft
                )

    def draw(self, surface: pygame.Surface) -> None:
        if not self.painted:
            self.paint_some(float("inf"))
        ox, oy = self.rect.topleft
        surface.blit(self._layer, (ox, oy))
        old_clip = surface.get_clip()
        surface.set_clip(self.rect.clip(old_clip) if old_clip else self.rect)
        lay, s = self.layout, self.scale
        # smoke, only in the sky above the roofs
        if self._puffs:
            surface.set_clip(
                pygame.Rect(ox, oy, self.rect.w, lay.row_geoms[0].top).clip(surface.get_clip())
            )
            for p in self._puffs:
                surf = self._puff_surface(p)
                surface.blit(
                    surf, (ox + p.x - surf.get_width() / 2, oy + p.y - surf.get_height() / 2)
                )
            surface.set_clip(self.rect.clip(old_clip) if old_clip else self.rect)
        for i, t0 in self._unroll.items():
            f = min(1.0, max(0.0, (self.t - t0) / UNROLL_S))
            f = 1 - (1 - f) ** 3  # ease out
            aw = self._awnings.get(i)
            if aw is not None and f > 0:
                r = sd.awning_rect(lay.shops[i], s)
                surface.blit(
                    aw,
                    (ox + r.x, oy + r.y),
                    pygame.Rect(0, 0, aw.get_width(), round(aw.get_height() * f)),
                )
        for k, (x, _base, head, _row) in enumerate(lay.lamps):
            on = self._lamp_on(k)
            if on:
                g = self._glow
                surface.blit(
                    g,
                    (ox + x - g.get_width() // 2, oy + head - g.get_height() // 2),
                    special_flags=pygame.BLEND_RGB_ADD,
                )
            bulb = (
                rgb(self.palette.window_lit) if on else mix(self.palette.lamp_pole, "#888888", 0.3)
            )
            pygame.draw.circle(
                surface, bulb, (ox + x, oy + head + max(1, round(2 * s))), max(2, round(3 * s))
            )
        for w in self._walkers:
            frame = w.frames[int(w.phase / 0.32) % 2]
            if w.speed < 0:
                frame = self._flipped(frame)
            surface.blit(
                frame, (ox + w.x - frame.get_width() / 2, oy + w.feet_y - frame.get_height())
            )
        pal = self.palette
        if self._hover is not None and self._hover != self._focus:
            pygame.draw.rect(
                surface,
                rgb(pal.text_dim),
                lay.shops[self._hover].hit.move(ox, oy),
                max(2, round(2 * s)),
                border_radius=max(2, round(6 * s)),
            )
        if self._focus is not None:
            r = lay.shops[self._focus].hit.move(ox, oy)
            pygame.draw.rect(
                surface,
                rgb(pal.outline),
                r.inflate(2, 2),
                max(2, round(4 * s)),
                border_radius=max(2, round(7 * s)),
            )
            pygame.draw.rect(
                surface, rgb(pal.text), r, max(2, round(3 * s)), border_radius=max(2, round(6 * s))
            )
        surface.set_clip(old_clip)
        tip = self._hover if self._hover is not None else self._focus
        if tip is not None:
            self.draw_tooltip(surface, tip)

    def draw_tooltip(self, surface: pygame.Surface, index: int) -> pygame.Rect:
        surf, _ = self._tooltip_surface(index)
        anchor = self.layout.shops[index].facade.move(self.rect.topleft)
        where = place_near(surf.get_size(), anchor, surface.get_rect(), gap=round(8 * self.scale))
        return surface.blit(surf, where)

    def tooltip_text_rects(self, index: int) -> tuple[int, list[pygame.Rect]]:
        """For tests: the tooltip's inner width and where each line's text landed."""
        surf, rects = self._tooltip_surface(index)
        pad = round(12 * self.scale)
        return surf.get_width() - 6 - pad, rects

    # --- internals --------------------------------------------------------------------------

    def _lot_no(self, idx: int) -> int:
        return int(self.lots[idx].get("lot", idx))

    def _lot_dict(self, lot: int) -> dict | None:
        for i, d in enumerate(self.lots):
            if d.get("lot", i) == lot:
                return d
        return None

    def _index_at(self, pos) -> int | None:
        if pos is None or not self.rect.collidepoint(pos):
            return None
        lx, ly = pos[0] - self.rect.x, pos[1] - self.rect.y
        for g in self.layout.shops:
            if g.hit.collidepoint(lx, ly):
                return g.index
        return None

    def _lamp_on(self, k: int) -> bool:
        on_at = 0.3 + ((k * 7919) % 23) / 23 * 2.2
        dt = self.t - on_at
        if dt < 0:
            return False
        if dt < 0.45:  # a sodium lamp stutters before it settles
            return int(dt * 16) % 3 != 1
        return True

    def _tooltip_surface(self, index: int):
        tip = self._tooltips.get(index)
        if tip is None:
            tip = render_tooltip(self.tooltip_text(self.lots[index]), self.palette, self.scale)
            self._tooltips[index] = tip
        return tip

    def _rebuild(self) -> None:
        """Repaint the cached layer: called when lots, size, palette or the mill change (the
        picture painted ahead for this very street, if there is one: paint_ahead)."""
        unroll, mill = set(self._unroll), self.mill_running
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead.key == self._paint_key(self.lots, unroll, mill):
            done = ahead.done
            if done is None:  # begun ahead: the rest of it, now
                *_, done = ahead.steps
        else:
            *_, done = self._paint(self.lots, unroll, mill)  # all of it, now
        self.layout, self._layer, self._chimneys, self.text_boxes, self._awnings = done
        self._tooltips = {}
        self._make_glow()
        self._make_walkers()

    def paint_ahead(
        self, lots: list[dict], mill_running: bool | None = None, budget_s: float = 0.004
    ) -> bool:
        """From an idle frame of a screen over this one: paint the street `lots` will make, a
        few shops a frame (within `budget_s`), so the frame that hands them over (set_lots)
        only shows the picture. True once it is painted."""
        import time  # noqa: PLC0415

        lots = _sorted_lots(lots)
        mill = self.mill_running if mill_running is None else bool(mill_running)
        if lots == self.lots and mill == self.mill_running:
            return True
        unroll = _unrolled(lots)
        key = self._paint_key(lots, unroll, mill)
        ahead = self._ahead
        if ahead is None or ahead.key != key:
            ahead = self._ahead = _Ahead(key, self._paint(lots, unroll, mill))
        start = time.perf_counter()
        while ahead.done is None:
            step = next(ahead.steps)
            if step is not None:
                ahead.done = step
            elif time.perf_counter() - start >= budget_s:
                return False
        return True

    def _paint_key(self, lots: list[dict], unroll: set[int], mill: bool) -> tuple:
        return (
            tuple(tuple(sorted(d.items())) for d in lots),
            frozenset(unroll),
            tuple(self.rect.size),
            self.scale,
            id(self.palette),
            mill,
        )

    def _paint(self, lots: list[dict], unroll: set[int], mill: bool):
        """The street's picture, a step at a time: yields None after each piece, then
        (layout, layer, chimneys, text boxes, awnings)."""
        pal, s = self.palette, self.scale
        local = pygame.Rect(0, 0, self.rect.w, self.rect.h)
        lay: StreetLayout = compute_layout(local, len(lots), s)
        layer = pygame.Surface(local.size)
        if pygame.display.get_surface() is not None:
            layer = layer.convert()
        sd.paint_sky(layer, lay, pal)
        chimneys = sd.paint_skyline(layer, lay, pal, mill)
        sd.paint_ground(layer, lay, pal)
        yield None
        for row, f in lay.fillers:
            sd.paint_filler(layer, row, f, pal, s)
            yield None
        text_boxes: list[tx.TextBox] = []
        awnings: dict[int, pygame.Surface] = {}
        sizes = sd.uniform_sizes(lay, lots, s)
        for i, (g, d) in enumerate(zip(lay.shops, lots, strict=True)):
            aw = sd.paint_shop(
                layer, g, d, pal, s, text_boxes, with_awning=i not in unroll, sizes=sizes
            )
            if aw is not None:
                awnings[i] = aw
            yield None
        for x, base, head, _row in lay.lamps:
            sd.paint_lamp_pole(layer, x, base, head, pal, s)
        if not lots:
            msg = tx.fit_text(
                t("street.no_shops"),
                local.w - round(48 * s),
                tx.SIZE_TITLE * s,
                rgb(pal.text),
                bold=True,
            )
            rg = lay.row_geoms[0]
            box = pygame.Rect(0, rg.top, local.w, rg.building_h)
            sd._blit_text(layer, text_boxes, msg, box)
        yield (lay, layer, chimneys, text_boxes, awnings)

    def _make_glow(self) -> None:
        s = self.scale
        radius = max(12, round(min(self.layout.lot_w * 0.75, 70 * s)))
        g = pygame.Surface((radius * 2, radius * 2))
        g.fill((0, 0, 0))
        amber = rgb(self.palette.lamp_glow)
        peak = 0.30 if not self.palette.high_contrast else 0.18
        for r in range(radius, 0, -2):
            f = (1 - r / radius) ** 1.8 * peak
            pygame.draw.circle(g, tuple(int(c * f) for c in amber), (radius, radius), r)
        self._glow = g

    def _make_walkers(self) -> None:
        lay, s = self.layout, self.scale
        rng = random.Random(self._seed)
        n = 0 if lay.rect.w < 200 else max(2, min(6, lay.rect.w // round(220 * s)))
        coats = ["#4A5568", "#6B4E3D", "#3E5A6B", "#5B4A66", "#55604A", "#7A5A3A"]
        self._walkers = []
        self._flip_cache: dict[int, pygame.Surface] = {}
        x0, x1, fy0, fy1 = lay.walk_lane
        for k in range(n):
            h = round(lay.person_h * rng.uniform(0.88, 1.0))
            frames = _person_frames(h, coats[k % len(coats)], rng.random() < 0.4, self.palette)
            speed = rng.uniform(12, 22) * s * (1 if k % 2 == 0 else -1)
            self._walkers.append(
                _Walker(
                    rng.uniform(x0, x1),
                    rng.randint(fy0, max(fy0, fy1)),
                    speed,
                    frames,
                    rng.uniform(0, 1),
                )
            )
        self._walkers.sort(key=lambda w: w.feet_y)  # nearer people drawn last

    def _flipped(self, frame: pygame.Surface) -> pygame.Surface:
        f = self._flip_cache.get(id(frame))
        if f is None:
            f = pygame.transform.flip(frame, True, False)
            self._flip_cache[id(frame)] = f
        return f

    # smoke -----------------------------------------------------------------------------------

    def _prewarm_smoke(self) -> None:
        """Start with smoke already in the sky, as if the mill had been running all day."""
        for _ in range(int(SMOKE_LIFE_S / 0.1)):
            self._step_smoke(0.1)

    def _step_smoke(self, dt: float) -> None:
        s = self.scale
        for p in self._puffs:
            p.age += dt
            p.x += p.vx * dt
            p.y += p.vy * dt
        self._puffs = [p for p in self._puffs if p.age < SMOKE_LIFE_S]
        if not self.mill_running:
            return
        self._smoke_clock += dt
        while self._smoke_clock >= SMOKE_EVERY_S:
            self._smoke_clock -= SMOKE_EVERY_S
            k = len(self._puffs) + int(self.t * 10)
            for j, (cx, top, cw) in enumerate(self._chimneys):
                jitter = ((k * 31 + j * 17) % 13) / 13
                self._puffs.append(
                    _Puff(
                        cx,
                        top - cw * 0.3,
                        -(5 + 4 * jitter) * s,
                        -(9 + 5 * jitter) * s,
                        0.0,
                        max(3.0, cw * 0.6),
                    )
                )

    def _puff_surface(self, p: _Puff) -> pygame.Surface:
        f = p.age / SMOKE_LIFE_S
        size_i = min(7, int(f * 8))
        alpha_i = min(5, int(f * 6))
        key = (size_i, alpha_i, round(p.r0))
        cache = self.__dict__.setdefault("_puff_cache", {})
        surf = cache.get(key)
        if surf is None:
            r = round(p.r0 * (1 + size_i * 0.45))
            a = round(70 * (1 - alpha_i / 6) * (0.6 if self.palette.high_contrast else 1))
            surf = pygame.Surface((2 * r + 2, 2 * r + 2), pygame.SRCALPHA)
            col = rgb("#9A9AA2") if not self.palette.high_contrast else (200, 200, 200)
            for rr, aa in ((r, a * 0.5), (round(r * 0.75), a * 0.8), (round(r * 0.5), a)):
                pygame.draw.circle(surf, (*col, int(aa)), (r + 1, r + 1), max(1, rr))
            cache[key] = surf
        return surf


def _person_frames(h: int, coat: str, bag: bool, pal: Palette):
    """Two walking frames of a plain figure: a coat, a head, legs in stride."""
    ss = 3
    H = h * ss
    W = round(h * 0.55) * ss
    skin = mix("#C9A27E", "#2A3140", 0.35)
    trousers = mix(coat, "#1E2430", 0.5)
    frames = []
    for stride in (0.16, -0.02):
        big = pygame.Surface((W, H), pygame.SRCALPHA)
        cx = W // 2
        head_r = round(H * 0.085)
        hip_y, foot_y = round(H * 0.60), H - 1
        leg_w = max(2, round(H * 0.07))
        for sgn in (1, -1):
            dx = round(sgn * stride * H * 0.5)
            pygame.draw.line(big, rgb(trousers), (cx, hip_y), (cx + dx, foot_y - leg_w // 2), leg_w)
        body = [
            (cx - round(H * 0.11), round(H * 0.22)),
            (cx + round(H * 0.11), round(H * 0.22)),
            (cx + round(H * 0.13), round(H * 0.64)),
            (cx - round(H * 0.13), round(H * 0.64)),
        ]
        pygame.draw.polygon(big, rgb(coat), body)
        pygame.draw.circle(big, skin, (cx, round(H * 0.12)), head_r)
        pygame.draw.circle(
            big,
            mix(coat, "#111111", 0.5),
            (cx, round(H * 0.095)),
            head_r,
            draw_top_left=True,
            draw_top_right=True,
        )  # hair or a cap
        if bag:
            pygame.draw.rect(
                big,
                rgb(mix("#B5523B", coat, 0.3)),
                (cx + round(H * 0.1), round(H * 0.46), round(H * 0.12), round(H * 0.14)),
                border_radius=max(1, ss),
            )
        if pal.high_contrast:
            mask = pygame.mask.from_surface(big)
            pygame.draw.lines(big, (255, 255, 255), True, mask.outline() or [(0, 0), (1, 1)], 2)
        frames.append(pygame.transform.smoothscale(big, (W // ss, H // ss)))
    return tuple(frames)


def ease(x: float) -> float:  # kept for scenes that want the same easing as the awnings
    return 1 - (1 - max(0.0, min(1.0, x))) ** 3


__all__ = ["StreetView", "ease"]
