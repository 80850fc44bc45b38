"""The rows every screen of the run shares: what the month screen (and the result, ending and
debrief screens) show of the household, its business and its market, and how it is drawn.

Everything here reads the session (never changes it): the household's, the business's and
the market's numbers as labelled rows with a tooltip each, the month's causes as sentences,
the event log, calendar names. Rows are drawn by the scene itself (not pygame_gui labels) so
numbers can count up or down after a month without rebuilding widgets every frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from game import i18n
from game.core import views
from game.i18n import t
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.palette import Palette, rgb
from game.words import (  # noqa: F401 (re-exported: scenes read them as mp.*)
    BAD_CAUSES,
    GOOD_CAUSES,
    UNIT_KEYS,
    calendar,
    cause_text,
    cause_tone,
    decision_text,
    due_text,
    event_title,
    month_name,
    per_unit,
    scenario_place,
    set_trade_units,
    signed_yuan,
    status_text,
    trade_key,
    trade_word,
    unit_key,
    units_text,
    yuan,
    yuan_cents,
)

COUNT_S = 0.5  # numbers count up or down over half a second (visual-style.md)
TINT_HOLD_S = 2.5  # then keep their teal/brick colour a little while


# --- words -----------------------------------------------------------------------------------


# --- numbers with labels ---------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    value: float | None
    fmt: Callable[[float], str]
    tip: list[str]
    good_when_up: bool | None = True  # None: neither (no tint when it changes)
    text: str | None = None  # shown instead of a number (e.g. "None")
    tone: str = "text"  # the value's colour at rest
    icon: str | None = None
    note: str | None = None  # a small "why" line under the value

    def shown(self, value: float | None = None) -> str:
        if self.text is not None and (value is None or value == self.value):
            return self.text
        v = self.value if value is None else value
        return self.fmt(v) if v is not None else "-"


@dataclass
class Counter:
    """Numbers that count from their old value to the new over COUNT_S after a month."""

    shown: dict[str, float] = field(default_factory=dict)
    anims: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    clock: float = 0.0

    def tick(self, dt: float) -> None:
        self.clock += dt
        done = [
            k for k, (_a, _b, t0) in self.anims.items() if self.clock - t0 > COUNT_S + TINT_HOLD_S
        ]
        for k in done:
            del self.anims[k]

    def sync(self, rows: list[Row], animate: bool) -> None:
        """Take new row values; with `animate`, changed numbers count from the old value."""
        for r in rows:
            if r.value is None or not math.isfinite(r.value):
                continue
            old = self.shown.get(r.key)
            if animate and old is not None and abs(old - r.value) > 1e-6:
                self.anims[r.key] = (old, float(r.value), self.clock)
            self.shown[r.key] = float(r.value)

    def settle(self) -> None:
        """Counting numbers jump to their new values (a dialog is about to cover them)."""
        self.anims.clear()

    def value(self, row: Row) -> tuple[float | None, str | None]:
        """The number to show now and its tint ("good", "bad" or None)."""
        a = self.anims.get(row.key)
        if a is None or row.value is None:
            return row.value, None
        start, end, t0 = a
        f = min(1.0, max(0.0, (self.clock - t0) / COUNT_S))
        f = 1 - (1 - f) ** 3
        # The colour says whether the number is good or bad news (the row's tone), never
        # which way it moved: a smaller loss is still a loss (issue 9, point 10).
        return start + (end - start) * f, None

    @property
    def running(self) -> bool:
        return any(self.clock - t0 <= COUNT_S for _a, _b, t0 in self.anims.values())


def tone_colour(pal: Palette, tone: str | None) -> tuple[int, int, int]:
    return rgb(
        {
            "good": pal.teal,
            "bad": pal.brick,
            "dim": pal.text_dim,
            "accent": pal.amber,
            None: pal.text,
            "text": pal.text,
        }.get(tone, pal.text)
    )


def draw_rows(
    surface: pygame.Surface,
    rect: pygame.Rect,
    rows: list[Row],
    counter: Counter,
    pal: Palette,
    scale: float,
    row_h: int,
    blocks: bool = False,
) -> list[tuple[pygame.Rect, list[str]]]:
    """The numbers, each with its tooltip; returns (hit rect, tooltip lines) per row.

    Rows: label left, value right, `row_h` each (more with a note under the value). Blocks
    (`blocks=True`, for a narrow column of a few key numbers): label above, a larger value
    below, `row_h` each."""
    hits = []
    y = rect.y
    small = tx.SIZE_SMALL * scale
    body = tx.SIZE_BODY * scale
    while not blocks and body > small + 1 and tx.font(int(round(body))).get_linesize() > row_h + 1:
        body -= 1  # tight rows (large text, small window): the numbers stay whole
    for r in rows:
        value, tint = counter.value(r)
        colour = tone_colour(pal, tint or r.tone)
        if blocks:
            h = row_h
            ls = tx.fit_text(r.label, rect.w, small, rgb(pal.text_dim))
            surface.blit(ls, (rect.x, y))
            vs = tx.fit_text(r.shown(value), rect.w, tx.SIZE_TITLE * scale, colour, bold=True)
            surface.blit(vs, (rect.x, y + ls.get_height()))
        else:
            h = row_h + (round(14 * scale) if r.note else 0)
            line = pygame.Rect(rect.x, y, rect.w, row_h)
            x = _draw_row(surface, line, r, r.shown(value), colour, pal, scale, body)
            if r.note:  # right-aligned under the value, clear of the icon
                note_w = rect.right - x
                nsurf = tx.fit_text(r.note, note_w, small, tone_colour(pal, tint or "dim"))
                surface.blit(
                    nsurf, (rect.right - nsurf.get_width(), line.bottom - round(4 * scale))
                )
        hits.append((pygame.Rect(rect.x, y, rect.w, h), r.tip))
        y += h
    return hits


def _draw_row(surface, line: pygame.Rect, r: Row, shown: str, colour, pal, scale, size) -> int:
    """One row: its icon and label on the left, its value on the right (bold); returns the
    x where the label starts."""
    x = line.x
    if r.icon:
        icon = round(min(18 * scale, line.h - 2))
        draw_icon(surface, r.icon, (x, line.centery - icon // 2, icon, icon), rgb(pal.text_dim))
        x += icon + round(8 * scale)
    vsurf = tx.fit_text(shown, int(line.w * 0.62), size, colour, bold=True)
    vx = line.right - vsurf.get_width()
    surface.blit(vsurf, (vx, line.centery - vsurf.get_height() // 2))
    lsurf = tx.fit_text(r.label, vx - x - round(8 * scale), size, rgb(pal.text_dim))
    surface.blit(lsurf, (x, line.centery - lsurf.get_height() // 2))
    return x


def rows_height(rows: list[Row], row_h: int, scale: float) -> int:
    return sum(row_h + (round(14 * scale) if r.note else 0) for r in rows)


def draw_heading(
    surface: pygame.Surface,
    rect: pygame.Rect,
    text: str,
    pal: Palette,
    scale: float,
    icon: str | None = None,
    colour=None,
    right: str | None = None,
) -> int:
    """A panel title (20 px bold) with an optional icon and a dim note on the right."""
    x = rect.x
    size = tx.SIZE_TITLE * scale
    if icon:
        s = round(22 * scale)
        draw_icon(surface, icon, (x, rect.y + round(2 * scale), s, s), colour or rgb(pal.amber))
        x += s + round(8 * scale)
    rw = 0
    title_w = tx.text_width(text, int(round(size)), True)
    small = int(round(tx.SIZE_SMALL * scale))
    # The dim note on the right is a hint: left off when it would crowd the title.
    if right and tx.text_width(right, small) + round(12 * scale) + title_w <= rect.right - x:
        rs = tx.render(right, small, rgb(pal.text_dim))
        rw = rs.get_width() + round(8 * scale)
        surface.blit(rs, (rect.right - rs.get_width(), rect.y + round(6 * scale)))
    ts = tx.fit_text(text, rect.right - x - rw, size, rgb(pal.text), bold=True)
    surface.blit(ts, (x, rect.y))
    return round(30 * scale)


def wrap_lines(text: str, width: int, size: float, bold: bool = False) -> list[str]:
    from game.ui import fonts

    return fonts.wrap(text, tx.font_for(text, int(round(size)), bold), width)


def draw_paragraph(
    surface: pygame.Surface,
    x: int,
    y: int,
    width: int,
    text: str,
    size: float,
    colour,
    bold: bool = False,
    max_lines: int | None = None,
    line_gap: float = 1.25,
) -> int:
    """Wrapped text; returns the y below it. Cut with an ellipsis after max_lines."""
    lines = wrap_lines(text, width, size, bold)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + tx.ELLIPSIS
        tx.report_cut(text, f"more than {max_lines} lines")
    step = int(tx.font_for(text, int(round(size)), bold).get_linesize() * line_gap)
    for line in lines:
        surface.blit(tx.fit_text(line, width, size, colour, bold=bold), (x, y))
        y += step
    return y


def draw_sellers_bars(
    surface: pygame.Surface,
    rect: pygame.Rect,
    sellers: list[int],
    colour,
    pal: Palette,
    scale: float,
) -> None:
    """A small bar per month: how many sell in the trade (the race to the bottom at a glance)."""
    label = tx.fit_text(
        t("month.market.bars", start=sellers[0], now=sellers[-1]),
        rect.w,
        tx.SIZE_SMALL * scale,
        rgb(pal.text_dim),
    )
    surface.blit(label, (rect.x, rect.bottom - label.get_height()))
    area = pygame.Rect(rect.x, rect.y, rect.w, rect.h - label.get_height() - round(4 * scale))
    if area.h < 6:
        return
    n = max(len(sellers), 12)
    slot = area.w / n
    top = max(max(sellers), 1)
    for i, v in enumerate(sellers):
        h = max(1, round(area.h * v / top))
        x = round(area.x + i * slot)
        pygame.draw.rect(
            surface,
            colour if i == len(sellers) - 1 else tuple(int(c * 0.6) for c in colour),
            (x, area.bottom - h, max(1, round(slot) - max(1, round(2 * scale))), h),
        )


# --- modal screens drawn by the scene, with pygame_gui buttons on top ------------------------

MODAL_LAYER = 40


def modal_look(scene) -> tuple:
    """What a modal's picture painted ahead depends on besides its own data (`take_painted`)."""
    from game import i18n

    return (scene.size, scene.scale, scene.pal, i18n.get_language())


def take_painted(scene, ahead: tuple | None):
    """The picture a modal painted before it opened ((look, picture)), if still for this look."""
    return ahead[1] if ahead is not None and ahead[0] == modal_look(scene) else None


def modal_picture(scene, rect: pygame.Rect, picture: pygame.Surface):
    """The dim veil over the screen below and the scene's painted dialog above it, under the
    dialog's buttons: the veil is the one picture dialogs share (widgets/veil.py), the dialog
    only its own box, premultiplied. The same pixels as the box painted over the veil's colour
    on one full-window image (which cost ~3 ms and 3.5 MB a dialog), but at the box's soft
    edges, which are now blended as they should (test_frames)."""
    from game.ui import theme
    from game.ui.widgets.veil import StillImage, Veil

    scene.track(
        Veil(pygame.Rect((0, 0), scene.size), theme.colour("overlay"), scene.manager, MODAL_LAYER)
    )
    el = StillImage(
        rect,
        picture.premul_alpha(),
        scene.manager,
        image_is_alpha_premultiplied=True,
        starting_height=MODAL_LAYER + 1,
    )
    return scene.track(el)


def modal_button(
    scene,
    rect: pygame.Rect,
    text: str,
    name: str,
    *,
    shortcut: int | None = None,
    cls: str | None = None,
    tooltip: str | None = None,
    enabled: bool = True,
):
    """A button above a modal picture (Scene.button puts it under the dim overlay's layer,
    where the overlay would take its clicks)."""
    import pygame_gui
    from pygame_gui.core import ObjectID

    el = pygame_gui.elements.UIButton(
        rect,
        text,
        scene.manager,
        starting_height=MODAL_LAYER + 3,
        object_id=ObjectID(class_id=f"@{cls}" if cls else None, object_id=f"#{name}"),
    )
    el.irb_tip = tooltip  # drawn by the scene (Scene.draw_button_tip)
    if not enabled:
        el.disable()
    return scene.track(el, name, focus=True, shortcut=shortcut)


# --- the household ---------------------------------------------------------------------------


def living_cost(session) -> float:
    return float(session.spending_outlook()["living"])


def remittances(session) -> float:
    """The money sent home next month (the core's income rule, read through the views): from
    a member working elsewhere, and from the worker who migrated. (A migrated worker's pay held
    back by the city employer is not in the views: then this says what would come.)"""
    hv = session.household()
    senders = int(bool(hv.has_migrant_member)) + int(session.status == "migrated")
    if not senders:
        return 0.0
    pv = views.path_preview(session.engine, session.player)
    return senders * float(pv.remittance_yuan_per_month)


def house_building(session) -> float:
    """What the household will spend next month on building its house from the money sent
    home (the core's spending rule, read through the views: spent from cash on top of the
    living costs and booked with them)."""
    return float(session.spending_outlook()["house"])


def spending_next_month(session) -> tuple[float, float]:
    """(all the household will spend next month, the part of it that builds the house): what
    the month's result then counts as the household's spending."""
    build = house_building(session)
    return float(session.spending_outlook()["next_month"]) + build, build


def household_rows(session, compact: bool = False) -> list[Row]:
    """The household's numbers; `compact` leaves the former wage to the income's tooltip."""
    hv, p = session.household(), session.params
    last = session.last_report
    rows = [
        Row(
            "cash",
            t("month.row.cash"),
            float(hv.cash),
            yuan,
            [t("month.row.cash"), t("month.tip.cash")],
            icon="coin",
        ),
    ]
    account = session.account(last.month) if last is not None else None
    if account is not None and account.shown_change != 0:
        rows[0].note = t("month.note.cash_change", change=signed_yuan(account.shown_change))
    debt = float(hv.informal_debt)
    rows.append(
        Row(
            "informal_debt",
            t("month.row.informal_debt"),
            debt,
            yuan,
            [
                t("month.row.informal_debt"),
                t(
                    "month.tip.informal_debt",
                    rate=i18n.percent(p.income.informal_rate_per_month),
                    room=yuan(session.budget().informal_room_yuan),
                ),
            ],
            good_when_up=False,
            tone="bad" if debt > 0 else "text",
        )
    )
    principal = float(hv.loan_principal)
    if principal > 0:
        g = int(hv.guarantor)
        guarantor = session.name_of(g) if g >= 0 else t("month.nobody")
        rows.append(
            Row(
                "loan",
                t("month.row.loan"),
                principal,
                yuan,
                [
                    t("month.row.loan"),
                    t(
                        "month.tip.loan",
                        due=due_text(session, int(hv.loan_due_month)),
                        guarantor=guarantor,
                    ),
                ],
                good_when_up=False,
                icon="handshake",
                note=t("month.note.loan_due", due=due_text(session, int(hv.loan_due_month))),
            )
        )
    else:
        blacklisted = bool(hv.blacklisted)
        rows.append(
            Row(
                "loan",
                t("month.row.loan"),
                0.0,
                yuan,
                [
                    t("month.row.loan"),
                    t("month.tip.blacklisted" if blacklisted else "month.tip.no_loan"),
                ],
                good_when_up=False,
                icon="padlock" if blacklisted else "handshake",
                text=t("month.blacklisted" if blacklisted else "month.none"),
            )
        )
    income = float(last.income) if last is not None else 0.0
    rows.append(
        Row(
            "income",
            t("month.row.income"),
            income,
            yuan,
            [t("month.row.income"), t("month.tip.income", wage=yuan(hv.former_wage))],
            text=None if last is not None else t("month.not_yet"),
        )
    )
    # What the household will really spend: it cuts down only as its income falls.
    outlook = session.spending_outlook()
    # all the result will count as the household's spending: the house built from the money
    # sent home too (it was missing: "spending next month ¥3,061", then "−¥3,634")
    spend, build = spending_next_month(session)
    people = 2 + int(hv.dependants)
    above = spend - outlook["living"]
    tip = i18n.plural("month.tip.living", people)
    says = {
        "spend": yuan(spend),
        "living": yuan(outlook["living"]),
        "people": people,
        "income": yuan(outlook["last_income"]),
    }
    if build >= 1:
        habit = yuan(max(above - build, 0.0))
        tip = t("month.tip.spending_house", build=yuan(build), habit=habit, **says)
    elif above >= 1:
        tip = t("month.tip.spending", **says)
    rows.append(
        Row(
            "living",
            t("month.row.spending"),
            spend,
            yuan,
            [t("month.row.spending"), tip],
            good_when_up=False,
            icon="house",
        )
    )
    health = float(hv.health)
    rows.append(
        Row(
            "health",
            t("month.row.health"),
            health,
            lambda v: i18n.percent(v),
            [t("month.row.health"), t("month.tip.health")],
            icon="heart",
            tone="bad" if health < 0.7 else "text",
        )
    )
    kids = int(hv.children_in_school)
    rows.append(
        Row(
            "school",
            t("month.row.school"),
            float(kids),
            lambda v: i18n.plural("month.children", round(v)),
            [
                t("month.row.school"),
                t(
                    "month.tip.school",
                    fee=yuan(p.income.school_fee_yuan_per_child),
                    month=month_name(p.income.school_fee_month_of_year),
                ),
            ],
            icon="book",
        )
    )
    if not compact:
        rows.append(
            Row(
                "former_wage",
                t("month.row.former_wage"),
                float(hv.former_wage),
                lambda v: t("format.per_month", amount=yuan(v)),
                [
                    t("month.row.former_wage"),
                    t("month.tip.former_wage", years=int(hv.years_in_plant)),
                ],
                good_when_up=None,
                tone="dim",
            )
        )
    ui = int(hv.ui_months_left)
    # The insurance stops while the household runs a business, has a wage, works away or has
    # retired (the core's rule): the row says so instead of showing months that do not run.
    stopped = ui > 0 and session.status in ("self_employed", "wage_job", "migrated", "retired")
    rows.append(
        Row(
            "insurance",
            t("month.row.insurance"),
            float(ui),
            lambda v: i18n.months(round(v)),
            [
                t("month.row.insurance"),
                t(
                    "month.tip.insurance_stopped" if stopped else "month.tip.insurance",
                    amount=yuan(p.income.unemployment_insurance_yuan_per_month),
                    months=i18n.months(ui),
                ),
            ],
            text=t("month.insurance.stopped") if stopped else (None if ui > 0 else t("month.none")),
            tone="dim" if stopped else ("text" if ui > 2 else "bad"),
        )
    )
    status = session.status
    rows.append(
        Row(
            "status",
            t("month.row.status"),
            None,
            str,
            [t("month.row.status"), t(f"status.{status}.help")],
            text=status_text(status),
            good_when_up=None,
            tone="accent",
        )
    )
    return rows


# --- the business and the market -------------------------------------------------------------


def nice_step(price: float) -> float:
    """A round price step near 4% of the trade's usual price."""
    want = price * 0.04
    for s in (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0):
        if s >= want:
            return s
    return 50.0


def break_even_units(price: float, unit_cost: float, rent: float) -> float | None:
    """Sales a month that pay the rent at this price (None: the price does not cover the
    goods, so no number of sales pays it)."""
    per_sale = price - unit_cost
    return rent / per_sale if per_sale > 0 else None


def business_rows(session) -> list[Row]:
    """The stall's own numbers: profit last month after rent, and the sales that pay the rent."""
    hv, p = session.household(), session.params
    tr = int(hv.trade)
    trade = p.trades[tr]
    last = session.last_report
    unit = trade.unit_cost_yuan
    price = float(hv.price)
    rent = float(trade.rent_yuan_per_month)
    rent_text = t("format.per_month", amount=yuan(rent))
    sold = float(last.sales_units) if last is not None and last.trade == tr else None
    even = break_even_units(price, unit, rent)
    rows = []
    if last is not None and last.trade == tr:
        rows.append(
            Row(
                "profit",
                t("month.row.profit"),
                float(last.profit),
                signed_yuan,
                [
                    t("month.row.profit"),
                    t(
                        "month.tip.profit",
                        revenue=yuan(last.revenue),
                        costs=yuan(last.revenue - last.profit),
                        rent=rent_text,
                    ),
                ],
                good_when_up=None,
                tone="bad" if last.profit < 0 else "good",
            )
        )
    else:
        rows.append(
            Row(
                "profit",
                t("month.row.profit"),
                None,
                str,
                [t("month.row.profit"), t("month.tip.profit_first", rent=rent_text)],
                text=t("month.not_yet"),
            )
        )
    rows.append(
        Row(
            "break_even",
            t("month.row.break_even"),
            float(even) if even is not None else None,
            lambda v: units_text(v, trade.key),
            [
                t("month.row.break_even"),
                t(
                    "month.tip.break_even",
                    price=per_unit(price, trade.key),
                    left=per_unit(price - unit, trade.key),
                    rent=rent_text,
                    units=units_text(even or 0, trade.key),
                    sold=units_text(sold, trade.key) if sold is not None else t("month.not_yet"),
                ),
            ],
            good_when_up=None,
            text=None if even is not None else t("month.break_even.never"),
            tone="bad" if even is None or (sold is not None and sold < even) else "text",
        )
    )
    return rows


def proposal_values(session) -> dict:
    """What a price agreement the player proposes would ask: the floor and how many must hold."""
    hv, p = session.household(), session.params
    tr = int(hv.trade)
    if tr < 0:
        return {"proposed_floor": "", "sellers": 0, "need": 0, "months": 0}
    trade = p.trades[tr]
    row = trade_row(session, tr)
    sellers = int(row.get("sellers", 0)) or 1
    market = session.market(tr)
    floor = market.proposed_floor
    need = max(1, math.ceil(market.agreement_hold_share * sellers))
    return {
        "proposed_floor": per_unit(floor, trade.key),
        "sellers": sellers,
        "need": need,
        "months": market.agreement_cooldown,
    }


def trade_row(session, index: int) -> dict:
    """A trade in the latest month (sellers, going price, margin, entries, exits)."""
    trades = session.params.trades
    return session.curves().latest(trades[index].key) if index < len(trades) else {}


def market_rows(session) -> list[Row]:
    hv, p = session.household(), session.params
    tr = int(hv.trade)
    trade = p.trades[tr]
    row = trade_row(session, tr)
    last = session.last_report
    going = row.get("median_price") or session.market(tr).going_price
    mine = last if last is not None and last.trade == tr else None
    first = trade_first_row(session, tr)
    start_sellers = int(first.get("sellers", 0))
    # The street as it stands (the business screen's count): a shop opened this month is in it,
    # while last month's figures (row) did not have it yet ("17" here beside "18" there).
    sellers = session.market(tr).sellers
    yours = session.status == "self_employed"
    rows = [
        Row(
            "sellers",
            t("month.row.sellers"),
            float(sellers),
            lambda v: i18n.grouped(round(v)),
            [
                t("month.row.sellers"),
                i18n.then(
                    t("month.tip.sellers_you", n=sellers) if yours else "",
                    t(
                        "month.tip.sellers",
                        start=start_sellers,
                        entries=int(row.get("entries", 0)),
                        exits=int(row.get("exits", 0)),
                    ),
                ),
            ],
            good_when_up=False,
            icon=trade.icon,
        ),
        Row(
            "going_price",
            t("month.row.going_price"),
            float(going),
            lambda v: per_unit(v, trade.key),
            [
                t("month.row.going_price"),
                t("month.tip.going_price", start=per_unit(trade.start_price_yuan, trade.key)),
            ],
        ),
        Row(
            "your_price",
            t("month.row.your_price"),
            float(hv.price),
            lambda v: per_unit(v, trade.key),
            [t("month.row.your_price"), t("month.tip.your_price")],
            good_when_up=None,
            tone="accent",
        ),
        Row(
            "sales",
            t("month.row.sales"),
            float(mine.sales_units) if mine else None,
            lambda v: units_text(v, trade.key),
            [t("month.row.sales"), t("month.tip.sales")],
            text=None if mine else t("month.not_yet"),
        ),
        Row(
            "share",
            t("month.row.share"),
            float(mine.market_share) if mine else None,
            lambda v: i18n.percent(v, 1 if v < 0.1 else 0),
            [t("month.row.share"), t("month.tip.share")],
            text=None if mine else t("month.not_yet"),
        ),
    ]
    return rows


def trade_first_row(session, index: int) -> dict:
    trades = session.params.trades
    return session.curves().first(trades[index].key) if index < len(trades) else {}


# --- paths without a business ----------------------------------------------------------------


def offer_chance(session) -> float:
    return views.path_preview(session.engine, session.player).job_offer_per_month


def path_summary(session) -> list[str]:
    """What the household's path means this month, in a few plain sentences."""
    hv, p = session.household(), session.params
    inc, pol = p.income, p.policy
    status = session.status
    out: list[str] = []
    insurance: list[str] = []  # last: the household panel shows the months left too
    if status in ("laid_off", "job_search", "day_labour"):
        ui = int(hv.ui_months_left)
        if ui > 0:
            insurance.append(
                t(
                    "month.path.ui_left",
                    amount=yuan(inc.unemployment_insurance_yuan_per_month),
                    months=i18n.months(ui),
                )
            )
        else:
            insurance.append(t("month.path.ui_none"))
    cert = session.certificate()
    planning = bool(hv.plans_business) and status in ("laid_off", "job_search", "day_labour")
    if planning:
        out.insert(0, t(f"month.path.plans_business.{cert}"))
    if status == "soe_worker":  # a scenario's later wave: still at work for now
        out.append(t("month.path.soe_worker", wage=yuan(float(hv.former_wage))))
    if status == "laid_off" and not planning:
        out.append(t("month.path.laid_off"))
    elif status == "job_search":
        out.append(
            t(
                "month.path.job_search",
                chance=i18n.percent(offer_chance(session)),
                wage=yuan(inc.wage_job_yuan_per_month),
            )
        )
    elif status == "retraining":
        out.append(
            t(
                "month.path.retraining",
                months=i18n.months(int(hv.retrain_months_left)),
                stipend=yuan(pol.retraining_stipend_yuan_per_month),
            )
        )
    elif status == "day_labour":
        # the labour market as it stands (crowded or not), as the path card showed it - not
        # the scenario's uncrowded figures, which said 14 days where the card said 9
        pv = views.path_preview(session.engine, session.player)
        out.append(
            t(
                "month.path.day_labour",
                pay=i18n.yuan(pv.day_labour_wage_yuan, 0),
                days=f"{pv.day_labour_days:.1f}".removesuffix(".0"),
            )
        )
    elif status == "migrated":
        out.append(
            t(
                "month.path.migrated",
                wage=yuan(inc.migrant_wage_yuan_per_month),
                share=i18n.percent(inc.remittance_share_of_migrant_wage),
            )
        )
    elif status == "wage_job":
        out.append(t("month.path.wage_job", wage=yuan(inc.wage_job_yuan_per_month)))
    elif status == "retired":
        out.append(
            t(
                "month.path.retired",
                allowance=yuan(inc.internal_retirement_allowance_yuan_per_month),
            )
        )
    return out + insurance


def market_overview(session) -> list[tuple[int, dict]]:
    """(trade index, the trade in the latest month) for every trade, most sellers first."""
    k = len(session.params.trades)
    return sorted(
        ((i, trade_row(session, i)) for i in range(k)),
        key=lambda x: (-int(x[1].get("sellers", 0)), x[0]),
    )


# --- the event log ---------------------------------------------------------------------------


@dataclass
class LogLine:
    month: int  # 1-based month it belongs to (0: before the first month)
    text: str
    tone: str = "text"
    head: bool = False


# Decisions a stepper makes one click at a time (the log keeps the last of a run).
STEPPED = ("decision.set_price", "decision.set_hours")


def log_lines(session, limit: int = 60) -> list[LogLine]:
    """Newest first: each month's headline, its causes, and the decisions taken in it."""
    out: list[LogLine] = []
    history = session.history
    by_month: dict[int, list] = {}
    for d in session.decisions:
        month = by_month.setdefault(int(d.month), [])
        if month and d.key in STEPPED and month[-1].key == d.key:
            month[-1] = d  # several clicks on a stepper: one line, the value it ended at
        else:
            month.append(d)
    current = session.month
    for d in reversed(by_month.get(current, [])):
        text = decision_text(d, session)
        if text:
            out.append(LogLine(current + 1, text, "accent"))
    for r in reversed(history):
        account = session.account(r.month)
        change = account.shown_change if account is not None else float(r.cash_change)
        head = t(
            "month.log.head",
            when=calendar(session, r.month - 1),
            income=yuan(r.income),
            cash=signed_yuan(change),
        )
        if r.trade >= 0 and r.revenue > 0:
            head = t(
                "month.log.head_business",
                when=calendar(session, r.month - 1),
                profit=signed_yuan(r.profit),
                cash=signed_yuan(change),
            )
        out.append(LogLine(r.month, head, "good" if change >= 0 else "bad", head=True))
        for code, values in r.causes:
            out.append(
                LogLine(r.month, cause_text(session, code, values), cause_tone(code, values))
            )
        for d in reversed(by_month.get(r.month - 1, [])):
            text = decision_text(d, session)
            if text:
                out.append(LogLine(r.month, text, "accent"))
        if len(out) >= limit:
            break
    if not history:
        # A scenario may keep the player at the mill until a later wave (LayoffWave.player).
        key = "month.log.start_at_work" if session.status == "soe_worker" else "month.log.start"
        out.append(LogLine(0, t(key, when=calendar(session, 0)), "dim", head=True))
    return out[:limit]


__all__ = [
    "Row",
    "Counter",
    "LogLine",
    "calendar",
    "cause_text",
    "household_rows",
    "business_rows",
    "market_rows",
    "log_lines",
    "path_summary",
    "per_unit",
    "yuan",
    "signed_yuan",
    "unit_key",
]
