"""The street's static picture: sky, skyline and mill, pavement and road, flats, shop fronts.

Everything here is painted once into the StreetView's cached layer (when the lots, the size,
the palette or the mill change), never per frame.
"""

from __future__ import annotations

import random

import pygame

from game.i18n import t
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.palette import Palette, ink_on, mix, rgb
from game.ui.widgets.panel import render_pill
from game.ui.widgets.street_layout import ShopGeom, StreetLayout, lot_hash

TextBoxes = list[tx.TextBox]


def unit_text(lot: dict) -> str:
    """What one sale is ("bowl"): a plain word, or a translation key ("unit.bowl")."""
    key = lot.get("unit_key") or ""
    unit = lot.get("unit") or ""
    if not key and unit.startswith("unit.") and " " not in unit:
        key = unit
    if key:
        return tx.t_or(key, key.split(".")[-1].replace("_", " "))
    return unit


def job_text(job: str) -> str:
    """A former job: the core gives keys ("crane_driver") translated as "job.<key>"."""
    if job and " " not in job:
        return tx.t_or(f"job.{job}", job.replace("_", " "))
    return job


def _blit_text(
    surf, boxes: TextBoxes, text_surf: pygame.Surface, box: pygame.Rect, align: str = "center"
) -> pygame.Rect:
    r = text_surf.get_rect()
    if align == "left":
        r.midleft = (box.left, box.centery)
    else:
        r.center = box.center
    drawn = surf.blit(text_surf, r)
    boxes.append(tx.text_box(box, text_surf, r))
    return drawn


def _outline(surf, pal: Palette, rect, width=None) -> None:
    if pal.high_contrast:
        pygame.draw.rect(surf, rgb(pal.outline), rect, width or pal.line_width)


# --- sky, skyline, ground -------------------------------------------------------------------


def paint_sky(surf: pygame.Surface, lay: StreetLayout, pal: Palette) -> None:
    r = lay.sky
    stops = [(0.0, pal.sky_top), (0.45, pal.sky_mid), (0.8, pal.sky_low), (1.0, pal.sky_horizon)]
    h = max(1, lay.horizon - r.top)
    for y in range(r.top, r.bottom):
        f = min(1.0, (y - r.top) / h)
        for (f0, c0), (f1, c1) in zip(stops, stops[1:], strict=False):
            if f <= f1:
                col = mix(c0, c1, (f - f0) / (f1 - f0) if f1 > f0 else 0)
                break
        pygame.draw.line(surf, col, (r.left, y), (r.right - 1, y))


def paint_skyline(
    surf: pygame.Surface, lay: StreetLayout, pal: Palette, mill_running: bool
) -> list[tuple[int, int, int]]:
    """Far flats and the mill. Returns the chimney tops (x, y, width) for the smoke."""
    rng = random.Random(11)
    r, s = lay.rect, lay.scale
    base = lay.horizon + round(lay.row_geoms[0].building_h * 0.3)
    sky_h = base - r.top
    lit = mix(pal.window_lit_low, pal.far_blocks, 0.45)
    # far blocks of flats, fading into the haze
    x = r.left - rng.randint(0, 40)
    while x < r.right:
        w = round(rng.uniform(50, 110) * s)
        h = round(sky_h * rng.uniform(0.30, 0.55))
        blk = pygame.Rect(x, base - h, w, h)
        pygame.draw.rect(surf, rgb(pal.far_blocks), blk)
        _outline(surf, pal, blk, 1)
        step = max(6, round(9 * s))
        for wy in range(blk.top + step, blk.bottom - step, step):
            for wx in range(blk.left + step // 2, blk.right - step // 2, step):
                if rng.random() < 0.16:
                    pygame.draw.rect(
                        surf, lit, (wx, wy, max(2, round(3 * s)), max(2, round(3 * s)))
                    )
        x += w + round(rng.uniform(4, 26) * s)

    # the mill: a long shed with a saw-tooth roof, a blast furnace, three chimneys
    mill_col, edge = rgb(pal.mill), rgb(pal.mill_edge)
    mx0, mx1 = r.left + round(r.w * 0.56), r.left + round(r.w * 0.97)
    shed_top = base - round(sky_h * 0.42)
    shed = pygame.Rect(mx0, shed_top, mx1 - mx0, base - shed_top)
    pygame.draw.rect(surf, mill_col, shed)
    tooth = max(10, round(24 * s))
    for tx0 in range(shed.left, shed.right, tooth):
        pygame.draw.polygon(
            surf,
            mill_col,
            [
                (tx0, shed.top),
                (tx0 + tooth, shed.top),
                (tx0 + tooth, shed.top - round(tooth * 0.5)),
            ],
        )
        pygame.draw.line(
            surf,
            edge,
            (tx0 + tooth, shed.top - round(tooth * 0.5)),
            (tx0, shed.top),
            max(1, pal.line_width),
        )
    win = rgb(pal.window_lit_low) if mill_running else mix(pal.mill, pal.sky_mid, 0.35)
    wy = shed.top + round(shed.h * 0.22)
    for wx in range(shed.left + tooth // 2, shed.right - tooth, tooth):
        pygame.draw.rect(surf, win, (wx, wy, round(tooth * 0.55), max(2, round(5 * s))))
    # blast furnace and its gantry
    fx = r.left + round(r.w * 0.62)
    fw = round(r.w * 0.035)
    ftop = base - round(sky_h * 0.62)
    pygame.draw.rect(surf, mill_col, (fx, ftop, fw, base - ftop))
    pygame.draw.ellipse(surf, mill_col, (fx - 2, ftop - fw // 3, fw + 4, fw * 2 // 3))
    pygame.draw.line(
        surf,
        mill_col,
        (fx + fw, ftop + round(sky_h * 0.1)),
        (fx + fw + round(r.w * 0.07), shed.top),
        max(2, round(5 * s)),
    )
    pygame.draw.line(surf, edge, (fx, ftop), (fx, base), max(1, pal.line_width))
    chimneys = []
    for cxf, top_f in ((0.74, 0.76), (0.80, 0.82), (0.88, 0.72)):
        cx = r.left + round(r.w * cxf)
        ctop = base - round(sky_h * top_f)
        cw = max(6, round(r.w * 0.012))
        pygame.draw.polygon(
            surf,
            mill_col,
            [(cx - cw // 2, ctop), (cx + cw // 2, ctop), (cx + cw, base), (cx - cw, base)],
        )
        band = mix(pal.brick, pal.mill, 0.45)
        for k in (1, 3):
            by = ctop + round(cw * 0.7 * k)
            pygame.draw.rect(surf, band, (cx - cw // 2 - 1, by, cw + 2, max(2, round(cw * 0.5))))
        pygame.draw.line(surf, edge, (cx + cw // 2, ctop), (cx + cw, base), max(1, pal.line_width))
        chimneys.append((cx, ctop, cw))
    return chimneys


def paint_ground(surf: pygame.Surface, lay: StreetLayout, pal: Palette) -> None:
    s = lay.scale
    for rg in lay.row_geoms[1:]:  # the backs of the far row's yards, seen between the shops
        back = pygame.Rect(lay.rect.left, rg.top, lay.rect.w, rg.ground - rg.top)
        wall = mix(pal.facade_shadow, pal.sky_top, 0.4)
        pygame.draw.rect(surf, wall, back)
        step = max(6, round(14 * s))
        for y in range(back.top + step, back.bottom, step):
            pygame.draw.line(surf, mix(wall, "#000000", 0.25), (back.left, y), (back.right, y))
    for rg in lay.row_geoms:
        p = rg.pavement
        pygame.draw.rect(surf, rgb(pal.pavement), p)
        step = max(12, round(28 * s))
        for x in range(p.left, p.right, step):
            pygame.draw.line(surf, rgb(pal.pavement_line), (x, p.top), (x - p.h // 3, p.bottom - 1))
        pygame.draw.line(
            surf, rgb(pal.pavement_line), (p.left, p.top + p.h // 2), (p.right, p.top + p.h // 2)
        )
        kerb_h = max(2, round(4 * s))
        pygame.draw.rect(surf, rgb(pal.kerb), (p.left, p.bottom - kerb_h, p.w, kerb_h))
        # the buildings' shadow on the pavement
        if not pal.high_contrast:
            sh = pygame.Surface((p.w, max(2, p.h // 4)), pygame.SRCALPHA)
            sh.fill((0, 0, 0, 45))
            surf.blit(sh, p.topleft)
    road = lay.road
    pygame.draw.rect(surf, rgb(pal.road), road)
    dash, gap = round(36 * s), round(28 * s)
    y = road.top + road.h // 2
    for x in range(road.left + gap // 2, road.right, dash + gap):
        pygame.draw.line(surf, rgb(pal.road_mark), (x, y), (x + dash, y), max(2, round(3 * s)))


def paint_filler(surf, row: int, rect: pygame.Rect, pal: Palette, s: float) -> None:
    """Flats between and beyond the lots: darker, plainer, so the shops stand out."""
    seed = lot_hash(rect.x, row)
    body = mix(pal.facades[seed % len(pal.facades)], pal.sky_top, 0.62)
    r = rect.inflate(-max(2, round(4 * s)), 0)
    pygame.draw.rect(surf, body, r)
    _outline(surf, pal, r)
    pygame.draw.rect(surf, mix(body, "#000000", 0.25), (r.x, r.y, r.w, max(2, round(5 * s))))
    ww, wh = max(4, round(r.w * 0.16)), max(4, round(r.h * 0.09))
    rng = random.Random(seed)
    for wy in range(r.y + round(r.h * 0.08), r.bottom - round(r.h * 0.32), round(wh * 1.9)):
        for k in range(3):
            wx = r.x + round(r.w * (0.12 + k * 0.30))
            on = rng.random() < 0.22
            col = mix(pal.window_lit_low, body, 0.45) if on else mix(pal.window_dark, body, 0.35)
            pygame.draw.rect(surf, col, (wx, wy, ww, wh))
    door = pygame.Rect(0, 0, round(r.w * 0.22), round(r.h * 0.2))
    door.midbottom = (r.centerx, r.bottom)
    pygame.draw.rect(surf, mix(body, "#000000", 0.4), door)


def paint_lamp_pole(surf, x: int, base_y: int, head_y: int, pal: Palette, s: float) -> None:
    w = max(2, round(3 * s))
    col = rgb(pal.lamp_pole)
    pygame.draw.rect(surf, col, (x - w // 2, head_y, w, base_y - head_y))
    pygame.draw.rect(surf, col, (x - w, base_y - round(4 * s), w * 2, round(4 * s)))
    hood = round(7 * s)
    pygame.draw.polygon(
        surf,
        col,
        [
            (x - hood, head_y),
            (x + hood, head_y),
            (x + hood // 2, head_y - hood // 2),
            (x - hood // 2, head_y - hood // 2),
        ],
    )


# --- shops ----------------------------------------------------------------------------------


def render_awning(w: int, h: int, colour, style: int, pal: Palette, s: float) -> pygame.Surface:
    """An awning in the trade's colour, stripes and an edge whose shape varies by trade."""
    col = rgb(colour)
    light = mix(col, "#FFFFFF", 0.42)
    lip = max(3, round(h * 0.28))
    out = pygame.Surface((w, h + lip + max(2, round(h * 0.3))), pygame.SRCALPHA)
    if not pal.high_contrast:  # soft shadow on the wall under it
        shadow = pygame.Rect(0, h, w, lip + max(2, round(h * 0.3)))
        pygame.draw.rect(out, (0, 0, 0, 70), shadow)
    stripe = max(4, round(w / (6 + 2 * (style % 2))))
    for i, x in enumerate(range(0, w, stripe)):
        pygame.draw.polygon(
            out,
            col if i % 2 == 0 else light,
            [(x + round(h * 0.15), 0), (x + stripe + round(h * 0.15), 0), (x + stripe, h), (x, h)],
        )
    pygame.draw.rect(out, mix(col, "#000000", 0.25), (0, 0, w, max(2, round(h * 0.12))))
    edge = style % 3
    if edge == 0:  # scallops
        r = max(3, lip)
        for cx in range(r, w + r, 2 * r):
            pygame.draw.circle(
                out, col, (min(cx, w - r), h), r, draw_bottom_left=True, draw_bottom_right=True
            )
    elif edge == 1:  # a straight valance
        pygame.draw.rect(out, col, (0, h, w, lip))
        pygame.draw.line(out, light, (0, h + lip // 2), (w, h + lip // 2), max(1, round(s)))
    else:  # zig-zag
        z = max(4, lip * 2)
        for x in range(0, w, z):
            pygame.draw.polygon(
                out, col, [(x, h - 1), (min(w, x + z), h - 1), (min(w, x + z // 2), h + lip)]
            )
    if pal.high_contrast:
        pygame.draw.rect(out, rgb(pal.outline), (0, 0, w, h + 1), pal.line_width)
    return out


def awning_rect(g: ShopGeom, s: float) -> pygame.Rect:
    over = max(2, round(4 * s))
    return pygame.Rect(g.awning.x - over, g.awning.y, g.awning.w + 2 * over, g.awning.h)


def _trade_style(lot: dict) -> int:
    trade = lot.get("trade", -1)
    return trade if isinstance(trade, int) and trade >= 0 else 0


def paint_shop(
    surf,
    g: ShopGeom,
    lot: dict,
    pal: Palette,
    s: float,
    boxes: TextBoxes,
    with_awning: bool = True,
    sizes: dict[str, int] | None = None,
) -> pygame.Surface | None:
    """Paint one lot. Returns the awning surface (to animate) for an open shop, else None."""
    state = lot.get("state", "open")
    if state == "empty":
        _paint_empty(surf, g, lot, pal, s, boxes)
        return None
    seed = lot_hash(int(lot.get("lot", g.index)))
    body = rgb(pal.facades[seed % len(pal.facades)])
    f = g.facade
    pygame.draw.rect(surf, body, f)
    # parapet and a shadow down the right edge
    pygame.draw.rect(surf, mix(body, "#000000", 0.35), g.parapet)
    pygame.draw.line(
        surf, mix(body, "#FFFFFF", 0.25), g.parapet.topleft, g.parapet.topright, max(1, round(s))
    )
    if not pal.high_contrast:
        pygame.draw.rect(
            surf,
            mix(body, "#000000", 0.18),
            (f.right - max(2, round(f.w * 0.05)), f.top, max(2, round(f.w * 0.05)), f.h),
        )
    _outline(surf, pal, f)

    trade = lot.get("trade", -1)
    colour = pal.trade_colour(trade if isinstance(trade, int) else -1, lot.get("colour"))
    is_open = state == "open"
    sizes = sizes or {"price": round(tx.SIZE_BODY * s), "name": round(tx.SIZE_BODY * s)}
    blank = trade is None or trade < 0
    _paint_upper(
        surf,
        g,
        lot,
        pal,
        s,
        boxes,
        body,
        seed,
        show_tag=is_open and sizes.get("tags", True),
        price_size=sizes["price"],
        decimals=sizes.get("decimals", 1),
    )
    if not is_open and not (state == "for_rent" and blank):
        _paint_for_rent_note(surf, g, pal, s, boxes)  # where the price tag hung
    if state == "for_rent" and blank:
        _paint_for_rent_sign(surf, g, pal, s, boxes)
    else:
        _paint_sign(
            surf,
            g,
            lot,
            pal,
            s,
            boxes,
            colour,
            faded=not is_open,
            blank=blank,
            name_size=sizes["name"],
        )
    awning = None
    if is_open:
        awning = render_awning(awning_rect(g, s).w, g.awning.h, colour, _trade_style(lot), pal, s)
        if with_awning:
            surf.blit(awning, awning_rect(g, s).topleft)
        _paint_window(surf, g, pal, s, colour, lit=True)
    else:
        _paint_shutter(surf, g, pal, s)
    if lot.get("is_player"):
        _paint_player_mark(surf, g, pal, s, boxes)
    return awning


READABLE_LINE_PX = 14  # a sign's name smaller than this is left off (the tooltip names the owner)


def tag_price(price: float, decimals: int = 1) -> str:
    """A price tag's text, the same precision on every tag of the street so they compare at
    a glance: yuan and jiao below ¥100 ("¥12.0", "¥8.3"), or whole yuan on every tag where
    the tags are too narrow for jiao (issue 9, point 14: "¥12" beside "¥9.97" read as
    different kinds of number). The tooltips and the panels give the fen."""
    return tx.fmt_yuan(price, decimals if price < 100 else 0)


def tag_rects(g: ShopGeom, s: float) -> tuple[pygame.Rect, pygame.Rect]:
    """The price tag on the upper storey, and the box its text must fit in."""
    u = g.upper
    tag = pygame.Rect(
        0, 0, min(round(u.w * 0.84), round(96 * s)), min(round(u.h * 0.70), round(46 * s))
    )
    tag.center = (u.centerx, u.centery + round(u.h * 0.06))
    return tag, tag.inflate(-max(4, round(8 * s)), -max(2, round(4 * s)))


def sign_rects(g: ShopGeom, s: float) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
    """The sign board, the trade-icon chip on it, and the box for the owner's surname."""
    board = g.sign.inflate(-max(2, round(g.sign.w * 0.06)), -max(2, round(g.sign.h * 0.12)))
    if g.stacked:  # icon on top, surname below
        pad = max(2, round(board.h * 0.07))
        side = min(round(board.h * 0.46), board.w - 2 * pad)
        chip = pygame.Rect(0, board.y + pad, side, side)
        chip.centerx = board.centerx
        name_box = pygame.Rect(
            board.x + pad, chip.bottom, board.w - 2 * pad, board.bottom - chip.bottom - 1
        )
        return board, chip, name_box
    pad = max(2, round(board.h * 0.14))
    chip = pygame.Rect(board.x + pad, board.y + pad, board.h - 2 * pad, board.h - 2 * pad)
    name_box = pygame.Rect(
        chip.right + pad, board.y + 1, board.right - chip.right - 2 * pad, board.h - 2
    )
    return board, chip, name_box


def _largest_fitting(text: str, box: pygame.Rect, size: float, floor: float, bold: bool) -> int:
    size = int(round(size))
    while size > floor:
        f = tx.font_for(text, size, bold)
        if tx.text_width(text, size, bold) <= box.w and f.get_linesize() <= box.h + 2:
            break
        size -= 1
    return size


def uniform_sizes(lay: StreetLayout, lots: list[dict], s: float) -> dict[str, int]:
    """One price size and one surname size for the whole street, so the tags and signs read
    as a set; a text that still does not fit shrinks or is cut on its own (fit_text)."""
    floor = max(tx.MIN_SIZE, round(11 * s))
    name = round(tx.SIZE_BODY * s)
    for g, d in zip(lay.shops, lots, strict=False):
        if d.get("state", "open") == "empty":
            continue
        nm = d.get("surname") or d.get("owner") or ""
        if nm:
            name = min(name, _largest_fitting(nm, sign_rects(g, s)[2], name, floor, True))
    open_lots = [
        (g, float(d["price_yuan"]))
        for g, d in zip(lay.shops, lots, strict=False)
        if d.get("state", "open") == "open" and d.get("price_yuan") is not None
    ]
    # Jiao on every tag where they fit, else whole yuan on every tag; tags that cannot be
    # read whole even so are not hung at all (the tooltip and the market panel give prices).
    for decimals in (1, 0):
        price = round(tx.SIZE_BODY * s)
        tags = []
        for g, value in open_lots:
            _tag, inner = tag_rects(g, s)
            text = tag_price(value, decimals)
            tags.append((text, inner))
            price = min(price, _largest_fitting(text, inner, price, floor, True))
        font = tx.font_for("\u00a51", price, True)
        tags_fit = font.get_linesize() >= READABLE_LINE_PX and all(
            tx.text_width(text, price, True) <= inner.w and font.get_linesize() <= inner.h + 2
            for text, inner in tags
        )
        if tags_fit:
            return {"price": price, "name": name, "tags": True, "decimals": decimals}
    return {"price": price, "name": name, "tags": False, "decimals": 0}


def _paint_upper(
    surf, g, lot, pal, s, boxes, body, seed, show_tag: bool, price_size: float, decimals: int = 1
) -> None:
    u = g.upper
    tag, inner = tag_rects(g, s)
    tag_w, tag_h = tag.size
    # small windows of the flat upstairs, where the tag leaves room
    ww = max(4, round(u.h * 0.34))
    free = (u.w - (tag_w if show_tag else 0)) // 2
    if free >= ww + round(6 * s) or not show_tag:
        lit_col, dark_col = mix(pal.window_lit_low, body, 0.3), mix(pal.window_dark, body, 0.15)
        wy = u.y + round(u.h * 0.28)
        xs = (
            [u.x + (free - ww) // 2, u.right - (free + ww) // 2]
            if show_tag
            else [u.x + round(u.w * 0.2), u.right - round(u.w * 0.2) - ww]
        )
        for k, wx in enumerate(xs):
            col = lit_col if (seed >> (k + 3)) % 3 == 0 else dark_col
            pygame.draw.rect(surf, col, (wx, wy, ww, round(ww * 1.2)))
    if not show_tag:
        return
    player = bool(lot.get("is_player"))
    paper = rgb(pal.amber) if player else rgb(pal.tag_paper)
    ink = ink_on(paper, dark=pal.tag_text, light="#FFFFFF")
    nail = (tag.centerx, u.top + max(2, round(u.h * 0.04)))
    pygame.draw.line(surf, mix(pal.tag_text, body, 0.4), nail, (tag.left + tag_h // 3, tag.top), 1)
    pygame.draw.line(surf, mix(pal.tag_text, body, 0.4), nail, (tag.right - tag_h // 3, tag.top), 1)
    if not pal.high_contrast:
        pygame.draw.rect(
            surf, mix(body, "#000000", 0.45), tag.move(2, 2), border_radius=max(2, round(4 * s))
        )
    pygame.draw.rect(surf, paper, tag, border_radius=max(2, round(4 * s)))
    if pal.high_contrast:
        pygame.draw.rect(surf, rgb(pal.outline), tag, pal.line_width, border_radius=round(4 * s))
    price = lot.get("price_yuan")
    price_txt = tag_price(float(price), decimals) if price is not None else "\u2013"
    unit = unit_text(lot)
    unit_txt = t("street.per_unit", unit=unit) if unit else ""
    big = tx.fit_text(price_txt, inner.w, price_size, ink, bold=True, max_height=inner.h)
    small_size = tx.SIZE_SMALL * s - 1
    small_h = tx.font_for(unit_txt or "x", small_size).get_linesize() - round(3 * s)
    if unit_txt and big.get_height() + small_h <= inner.h + round(4 * s):
        small = tx.fit_text(unit_txt, inner.w, small_size, mix(ink, paper, 0.25))
        top = inner.centery - (big.get_height() + small_h) // 2
        _blit_text(surf, boxes, big, pygame.Rect(inner.x, top, inner.w, big.get_height()))
        _blit_text(
            surf,
            boxes,
            small,
            pygame.Rect(
                inner.x, top + big.get_height() - round(3 * s), inner.w, small.get_height()
            ),
        )
    else:
        _blit_text(surf, boxes, big, inner)


def _paint_sign(
    surf, g, lot, pal, s, boxes, colour, faded: bool, blank: bool, name_size: float
) -> None:
    board, chip, name_box = sign_rects(g, s)
    board_col = rgb(pal.sign_board)
    pygame.draw.rect(surf, board_col, board, border_radius=max(1, round(3 * s)))
    pygame.draw.rect(
        surf,
        mix(pal.sign_board, "#FFFFFF", 0.18 if not pal.high_contrast else 1),
        board,
        max(1, pal.line_width),
        border_radius=max(1, round(3 * s)),
    )
    if blank:
        return
    chip_col = mix(colour, pal.sign_board, 0.55) if faded else rgb(colour)
    name = lot.get("surname") or lot.get("owner") or ""
    ink = mix(pal.text, pal.sign_board, 0.45) if faded else rgb(pal.text)
    font = tx.font_for(name or "x", int(round(name_size)), True)
    fits = (
        bool(name)
        and name_box.w > 4
        and font.size(name)[0] <= name_box.w
        and font.get_linesize() <= name_box.h + 2
        and font.get_linesize() >= READABLE_LINE_PX
    )
    if not fits and not g.stacked:
        # No room for the whole surname beside the icon: the sign shows the trade alone,
        # centred (a cut name helps nobody; the tooltip names the owner).
        chip = chip.copy()
        chip.centerx = board.centerx
    pygame.draw.rect(surf, chip_col, chip, border_radius=max(1, round(3 * s)))
    draw_icon(
        surf,
        lot.get("icon") or "",
        chip.inflate(-max(2, chip.w // 6), -max(2, chip.h // 6)),
        ink_on(chip_col),
    )
    if fits:
        ts = tx.fit_text(name, name_box.w, name_size, ink, bold=True, max_height=name_box.h)
        _blit_text(surf, boxes, ts, name_box)


def _paint_window(surf, g, pal, s, colour, lit: bool) -> None:
    gf = g.ground_floor
    inset = max(2, round(gf.w * 0.07))
    win = pygame.Rect(
        gf.x + inset, gf.y + round(gf.h * 0.18), round(gf.w * 0.56), round(gf.h * 0.62)
    )
    door = pygame.Rect(
        win.right + inset,
        gf.y + round(gf.h * 0.12),
        gf.right - win.right - 2 * inset,
        gf.bottom - gf.y - round(gf.h * 0.12),
    )
    frame = mix(pal.sign_board, "#000000", 0.2)
    pygame.draw.rect(surf, frame, win.inflate(4, 4))
    top, low = rgb(pal.window_lit), rgb(pal.window_lit_low)
    for y in range(win.top, win.bottom):  # warm light, brighter at the top
        pygame.draw.line(
            surf, mix(top, low, (y - win.top) / max(1, win.h)), (win.left, y), (win.right - 1, y)
        )
    # a counter and a shelf of goods in the trade's colour, seen through the glass
    shelf_y = win.y + round(win.h * 0.3)
    pygame.draw.line(
        surf,
        mix(low, "#000000", 0.35),
        (win.left, shelf_y),
        (win.right, shelf_y),
        max(1, round(2 * s)),
    )
    gw = max(2, round(win.w * 0.12))
    for k in range(3):
        gx = win.x + round(win.w * (0.15 + 0.28 * k))
        pygame.draw.rect(
            surf, mix(colour, low, 0.25), (gx, shelf_y - round(gw * 1.1), gw, round(gw * 1.1))
        )
    counter = pygame.Rect(
        win.x, win.y + round(win.h * 0.66), win.w, win.bottom - win.y - round(win.h * 0.66)
    )
    pygame.draw.rect(surf, mix(low, "#3A2A1A", 0.6), counter)
    pygame.draw.rect(surf, frame, door)
    glass = door.inflate(-max(2, round(door.w * 0.3)), -max(2, round(door.h * 0.35)))
    glass.top = door.top + max(2, round(door.h * 0.1))
    pygame.draw.rect(surf, mix(top, frame, 0.35), glass)
    _outline(surf, pal, win)


def _readable(text: str, box: pygame.Rect, size: float, ink) -> pygame.Surface | None:
    """The text at the largest size that fits the box, if that size is still readable."""
    size = int(round(size))
    while size > tx.MIN_SIZE:
        f = tx.font_for(text, size, True)
        if f.size(text)[0] <= box.w and f.get_linesize() <= box.h + 2:
            break
        size -= 1
    f = tx.font_for(text, size, True)
    if f.get_linesize() < READABLE_LINE_PX or f.size(text)[0] > box.w:
        return None
    return tx.render(text, size, ink, bold=True)


def _paint_for_rent_sign(surf, g, pal, s, boxes) -> None:
    """A vacated shop: the sign board is a red "for rent" banner (the landlord's 招租)."""
    board, _chip, _name = sign_rects(g, s)
    pygame.draw.rect(surf, rgb(pal.for_rent), board, border_radius=max(1, round(3 * s)))
    if pal.high_contrast:
        pygame.draw.rect(surf, rgb(pal.outline), board, pal.line_width, border_radius=round(3 * s))
    inner = board.inflate(-max(4, round(8 * s)), -2)
    ink = ink_on(pal.for_rent, dark="#000000", light="#FFFFFF")
    ts = _readable(t("street.for_rent"), inner, tx.SIZE_BODY * s, ink)
    if ts is not None:  # else the red banner says it alone (the tooltip in words)
        _blit_text(surf, boxes, ts, inner)


def _paint_for_rent_note(surf, g, pal, s, boxes) -> None:
    """A closed shop: a red "for rent" notice pasted where its price tag used to hang."""
    tag, _inner = tag_rects(g, s)
    pygame.draw.rect(surf, rgb(pal.for_rent), tag, border_radius=max(1, round(2 * s)))
    if pal.high_contrast:
        pygame.draw.rect(surf, rgb(pal.outline), tag, pal.line_width)
    inner = tag.inflate(-max(4, round(8 * s)), -max(2, round(4 * s)))
    ink = ink_on(pal.for_rent, dark="#000000", light="#FFFFFF")
    ts = _readable(t("street.for_rent"), inner, tx.SIZE_BODY * s, ink)
    if ts is not None:  # else the red banner says it alone (the tooltip in words)
        _blit_text(surf, boxes, ts, inner)


def _paint_shutter(surf, g, pal, s) -> None:
    gf = g.ground_floor
    sh = gf.inflate(-max(2, round(gf.w * 0.06)), 0)
    sh.top = gf.top + max(1, round(gf.h * 0.04))
    pygame.draw.rect(surf, rgb(pal.shutter), sh)
    step = max(3, round(5 * s))
    for y in range(sh.top + step, sh.bottom, step):
        pygame.draw.line(surf, rgb(pal.shutter_line), (sh.left, y), (sh.right - 1, y))
    pygame.draw.rect(
        surf, mix(pal.shutter, "#000000", 0.3), (sh.left, sh.top, sh.w, max(2, round(4 * s)))
    )
    _outline(surf, pal, sh)


def _paint_player_mark(surf, g, pal, s, boxes) -> None:
    w = max(2, round(3 * s)) + (1 if pal.high_contrast else 0)
    pygame.draw.rect(
        surf, rgb(pal.amber), g.facade.inflate(w, w), w, border_radius=max(1, round(3 * s))
    )
    size = tx.SIZE_SMALL * s  # above the roof, in the sky: as large as small text anywhere
    label = t("street.you")
    pad_x = round(6 * s)
    pill = render_pill(
        label,
        size,
        ink_on(pal.amber),
        pal.amber,
        max_width=max(g.facade.w, tx.text_width(label, int(round(size)), True) + 2 * pad_x),
        pad_x=pad_x,
        pad_y=0,
    )
    r = pill.get_rect(center=(g.facade.centerx, g.facade.top))
    surf.blit(pill, r)
    boxes.append(tx.TextBox(pygame.Rect(g.slot.x, r.y, g.slot.w, r.h), r, r))


def _paint_empty(surf, g, lot, pal, s, boxes) -> None:
    """A vacant lot: a low wall, a gate post, some weeds."""
    rg_bottom = g.facade.bottom
    wall = pygame.Rect(
        g.facade.x, rg_bottom - round(g.facade.h * 0.16), g.facade.w, round(g.facade.h * 0.16)
    )
    brick = mix(pal.brick, pal.facade_shadow, 0.45)
    pygame.draw.rect(surf, brick, wall)
    bh = max(3, round(wall.h / 4))
    for i, y in enumerate(range(wall.top, wall.bottom, bh)):
        pygame.draw.line(surf, mix(brick, "#000000", 0.3), (wall.left, y), (wall.right, y))
        off = bh if i % 2 else 0
        for x in range(wall.left + off, wall.right, bh * 2):
            pygame.draw.line(
                surf, mix(brick, "#000000", 0.3), (x, y), (x, min(y + bh, wall.bottom))
            )
    pygame.draw.rect(
        surf, mix(brick, "#FFFFFF", 0.15), (wall.x, wall.y, wall.w, max(2, round(3 * s)))
    )
    _outline(surf, pal, wall)
    weed = mix("#4E6B4A", pal.facade_shadow, 0.3)
    rng = random.Random(lot_hash(int(lot.get("lot", g.index)), 3))
    for _ in range(4):
        x = rng.randint(wall.left + 2, max(wall.left + 3, wall.right - 3))
        h = round(wall.h * rng.uniform(0.5, 1.0))
        pygame.draw.line(
            surf, weed, (x, wall.top), (x - round(h * 0.3), wall.top - h), max(1, round(2 * s))
        )
        pygame.draw.line(
            surf, weed, (x, wall.top), (x + round(h * 0.3), wall.top - h), max(1, round(2 * s))
        )
