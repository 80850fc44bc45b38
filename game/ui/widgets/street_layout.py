"""Where everything on the street goes: pure geometry, no drawing (so tests can check it).

One row of shops while each lot gets at least MIN_LOT_PX (x scale) of width, two rows after
that. Lots never grow past MAX_LOT_PX; the rest of the street is filled with flats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pygame

MIN_LOT_PX = 66
MAX_LOT_PX = 170
LAMP_SPACING_PX = 84
STACK_NAME_PX = 40  # room a surname needs beside the icon before the sign stacks them
COMPACT_BELOW_PX = 200  # building height under which the facade favours its text


def lot_hash(lot: int, salt: int = 0) -> int:
    """A stable pseudo-random number per lot, for the look of its building (not game state)."""
    return ((lot * 2654435761 + salt * 40503 + 12345) & 0xFFFFFFFF) >> 8


@dataclass
class ShopGeom:
    index: int  # position in the list given to set_lots
    row: int
    slot: pygame.Rect  # the lot's full width, roof to ground
    facade: pygame.Rect
    parapet: pygame.Rect
    upper: pygame.Rect
    sign: pygame.Rect
    awning: pygame.Rect
    ground_floor: pygame.Rect
    hit: pygame.Rect  # what the mouse hovers: the building and the pavement in front
    stacked: bool = False  # sign with the icon above the name (narrow lots)


@dataclass
class RowGeom:
    top: int  # tallest roof line of the row
    ground: int  # where the buildings stand
    pavement: pygame.Rect
    building_h: int


@dataclass
class StreetLayout:
    rect: pygame.Rect
    scale: float
    rows: int
    per_row: int
    lot_w: float
    sky: pygame.Rect
    horizon: int
    road: pygame.Rect
    row_geoms: list[RowGeom]
    shops: list[ShopGeom] = field(default_factory=list)
    fillers: list[tuple[int, pygame.Rect]] = field(default_factory=list)  # (row, rect)
    lamps: list[tuple[int, int, int, int]] = field(default_factory=list)  # x, base_y, head_y, row
    walk_lane: tuple[int, int, int, int] = (0, 0, 0, 0)  # x0, x1, feet_y_min, feet_y_max
    person_h: int = 0


def _facade_sections(facade: pygame.Rect, compact: bool, stacked: bool) -> tuple[pygame.Rect, ...]:
    """Split a facade top to bottom: parapet, upper storey, sign, awning, ground floor.

    A short facade gives the text-bearing parts (price tag, sign) more of its height; a
    narrow one a taller sign, with the trade icon above the surname."""
    fh = facade.h
    if stacked:
        cuts = [0.04, 0.27, 0.29, 0.09]
    elif compact:
        cuts = [0.04, 0.33, 0.22, 0.10]
    else:
        cuts = [0.06, 0.29, 0.16, 0.12]
    ys = [facade.top]
    for c in cuts:
        ys.append(ys[-1] + round(fh * c))
    ys.append(facade.bottom)
    return tuple(pygame.Rect(facade.x, ys[i], facade.w, ys[i + 1] - ys[i]) for i in range(5))


def compute_layout(rect, n_lots: int, scale: float = 1.0) -> StreetLayout:
    rect = pygame.Rect(rect)
    s = scale
    W, H = rect.w, rect.h
    margin = round(max(8 * s, W * 0.015))
    usable = max(1, W - 2 * margin)
    rows = 1 if n_lots <= 0 or usable / n_lots >= MIN_LOT_PX * s else 2
    per_row = math.ceil(n_lots / rows) if n_lots > 0 else 0
    lot_w = min(MAX_LOT_PX * s, usable / per_row) if per_row else MAX_LOT_PX * s

    bottom = rect.bottom
    if rows == 1:
        road_h = round(H * 0.12)
        pave_h = round(H * 0.09)
        ground = bottom - road_h - pave_h
        bh = round(H * 0.46)
        row_geoms = [RowGeom(ground - bh, ground, pygame.Rect(rect.x, ground, W, pave_h), bh)]
    else:
        road_h = round(H * 0.05)
        pave_b = round(H * 0.07)
        ground_b = bottom - road_h - pave_b
        bh = round(H * 0.35)
        top_b = ground_b - bh
        pave_a = round(H * 0.035)
        ground_a = top_b - pave_a
        row_geoms = [
            RowGeom(ground_a - bh, ground_a, pygame.Rect(rect.x, ground_a, W, pave_a), bh),
            RowGeom(top_b, ground_b, pygame.Rect(rect.x, ground_b, W, pave_b), bh),
        ]
    road = pygame.Rect(rect.x, bottom - road_h, W, road_h)
    sky = pygame.Rect(rect.x, rect.y, W, row_geoms[0].ground - rect.y)
    horizon = row_geoms[0].top + round(row_geoms[0].building_h * 0.3)
    lay = StreetLayout(rect, s, rows, per_row, lot_w, sky, horizon, road, row_geoms)

    gap = max(4 * s, lot_w * 0.10)
    pill_h = round(22 * s)
    for i in range(n_lots):
        row, col = divmod(i, per_row) if per_row else (0, 0)
        rg = row_geoms[row]
        in_row = min(per_row, n_lots - row * per_row)
        row_w = per_row * lot_w if rows == 2 else in_row * lot_w
        x0 = rect.x + (W - row_w) / 2
        lx = x0 + col * lot_w
        slot = pygame.Rect(round(lx), rg.top, round(lx + lot_w) - round(lx), rg.building_h)
        # gentle variety in roof height on a one-row street
        drop = (lot_hash(i) % 3) * round(rg.building_h * 0.035) if rows == 1 else 0
        facade = pygame.Rect(
            round(lx + gap / 2), rg.top + drop, max(1, round(lot_w - gap)), rg.building_h - drop
        )
        compact = bh < COMPACT_BELOW_PX * s
        # side by side, the surname gets what the icon leaves; stack when that is too little
        # (a short facade has no height to stack into)
        board_h = round(bh * 0.16 * 0.88)
        stacked = not compact and facade.w * 0.94 - board_h * 1.4 < STACK_NAME_PX * s
        parapet, upper, sign, awning, gf = _facade_sections(facade, compact, stacked)
        hit = pygame.Rect(
            slot.x,
            facade.top - pill_h // 2,
            slot.w,
            rg.pavement.bottom - (facade.top - pill_h // 2),
        )
        lay.shops.append(
            ShopGeom(i, row, slot, facade, parapet, upper, sign, awning, gf, hit, stacked)
        )

    # flats fill the street where there are no lots
    for row, rg in enumerate(row_geoms):
        in_row = [g for g in lay.shops if g.row == row]
        if in_row:
            left, right = in_row[0].slot.left, in_row[-1].slot.right
        else:
            left = right = rect.centerx
        fw = round(max(lot_w, 120 * s) * 1.15)
        x = left
        while x > rect.left:
            lay.fillers.append(
                (
                    row,
                    pygame.Rect(
                        x - fw, rg.top - round(bh * 0.12), fw, rg.ground - rg.top + round(bh * 0.12)
                    ),
                )
            )
            x -= fw
        x = right
        while x < rect.right:
            lay.fillers.append(
                (
                    row,
                    pygame.Rect(
                        x, rg.top - round(bh * 0.12), fw, rg.ground - rg.top + round(bh * 0.12)
                    ),
                )
            )
            x += fw

    # lamp posts on the kerb between buildings, no closer than LAMP_SPACING_PX
    for row, rg in enumerate(row_geoms):
        edges = sorted(
            {g.slot.left for g in lay.shops if g.row == row}
            | {g.slot.right for g in lay.shops if g.row == row}
            | {f.left for r, f in lay.fillers if r == row}
            | {f.right for r, f in lay.fillers if r == row}
        )
        last = -(10**9)
        base_y = rg.pavement.top + round(rg.pavement.h * 0.78)
        head_y = rg.top + round(rg.building_h * 0.44)
        for x in edges:
            if x <= rect.left + 4 or x >= rect.right - 4:
                continue
            if x - last >= LAMP_SPACING_PX * s:
                lay.lamps.append((x, base_y, head_y, row))
                last = x

    # passers-by walk on the front pavement, heads below any sign they might cover
    front = row_geoms[-1]
    lay.walk_lane = (
        rect.left,
        rect.right,
        front.pavement.top + round(front.pavement.h * 0.35),
        front.pavement.top + round(front.pavement.h * 0.85),
    )
    gf_h = round(bh * 0.38)
    lay.person_h = max(6, min(round(gf_h * 0.55 + front.pavement.h * 0.35), round(70 * s)))
    return lay
