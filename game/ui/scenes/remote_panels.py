"""The remote seat's panels (remote_seat.py): laid out from the host's view, one function per
part of the screen, and what each of their buttons sends. Every text is the host's (already in
the seat's language) or a `room.*` key, and reaches pygame_gui through `wrap_html` (escaped).
"""

from __future__ import annotations

from typing import Any

import pygame

from game import i18n
from game.i18n import t
from game.ui import fonts

GAP = 12


def box(scene: Any, rect: pygame.Rect, lines: list[str], role: str = "body") -> None:
    """Plain lines in a text box on a panel (each escaped, wrapped by the game's line
    breaker)."""
    scene.panel(rect)
    inner = rect.inflate(-scene.px(12), -scene.px(8))
    w = inner.w - scene.px(24)  # the scroll bar's room
    html = "<br>".join(
        f"<b>{scene.wrap_html(line, w, role, bold=True)}</b>"
        if isinstance(line, Heading)
        else scene.wrap_html(line, w, role)
        for line in lines
    )
    scene.text_box(inner, html)


class Heading(str):
    """A line of a box shown in bold."""


def fact(label: str, value: str) -> str:
    return t("remote.fact", label=label, value=value)


def _row_buttons(scene: Any, rect: pygame.Rect, items: list[tuple], cols: int = 2) -> int:
    """(name, text, enabled, tooltip) as a grid of buttons from the top of `rect`; returns the
    y below them."""
    bh, gap = scene.px(40), scene.px(8)
    bw = (rect.w - gap * (cols - 1)) // cols
    y = rect.y
    for i, (name, text, enabled, tip) in enumerate(items):
        col = i % cols
        if col == 0 and i:
            y += bh + gap
        scene.button(
            pygame.Rect(rect.x + col * (bw + gap), y, bw, bh),
            text,
            name,
            enabled=enabled,
            tooltip=tip or None,
        )
    return y + (bh + gap if items else 0)


def _field_and_button(scene: Any, x: int, y: int, w: int, field: str, value: str, name: str,
                      text: str, enabled: bool) -> int:  # fmt: skip
    bh = scene.px(40)
    fw = min(scene.px(160), w // 3)
    scene.text_field(
        pygame.Rect(x, y, fw, bh), scene.values.get(field, value), field, max_length=10
    )
    scene.button(
        pygame.Rect(x + fw + scene.px(8), y, w - fw - scene.px(8), bh), text, name, enabled=enabled
    )
    return y + bh + scene.px(8)


def footer(
    scene: Any,
    safe: pygame.Rect,
    main: tuple[str, str, bool, str | None] | None,
    leave: bool = True,
) -> int:
    """Leave (left), the status line, the main button (right); returns the footer's top."""
    bh = scene.px(44)
    y = safe.bottom - bh
    if leave:
        scene.button(pygame.Rect(safe.x, y, scene.px(170), bh), t("remote.leave"), "leave")
    right = safe.right
    if main is not None:
        name, text, enabled, tip = main
        bw = scene.px(230)
        rect = pygame.Rect(right - bw, y, bw, bh)
        scene.button(rect, text, name, cls="primary", enabled=enabled, tooltip=tip)
        right -= bw + scene.px(GAP)
    x = safe.x + scene.px(170 + GAP)
    scene.status_label = scene.label(
        pygame.Rect(x, y, max(1, right - x), bh), scene.status_text() or " "
    )
    scene._status = scene.status_text()
    return y


# ---- the month ----------------------------------------------------------------------------------
def build_month(scene: Any, safe: pygame.Rect) -> None:
    v = scene.view
    h = v["household"]
    gap = scene.px(GAP)
    head_h = scene.text_h("heading", bold=True) + scene.px(6)
    title = t("room.household.title", name=h["name"]) + "  ·  "
    title += t("room.month.of", month=v["month"] + 1, months=v["months"])
    who = t("room.seat.who", name=v["name"], town=v["town"] + 1)
    who_w = min(scene.px(360), safe.w // 3)
    scene.label(pygame.Rect(safe.x, safe.y, safe.w - who_w, head_h), title, cls="heading")
    scene.label(pygame.Rect(safe.right - who_w, safe.y, who_w, head_h), who, cls="small")
    foot = footer(scene, safe, _main_button(scene))
    told = [m["text"] for m in v.get("messages", []) if m.get("key") != "workshop.msg.paused"]
    if scene.notice:
        told.insert(0, scene.notice)
    note_h = scene.text_h("body") * 2 + scene.px(10) if told else 0
    if told:
        box(scene, pygame.Rect(safe.x, foot - gap - note_h, safe.w, note_h), told)
    top = safe.y + head_h + gap
    bottom = foot - gap - (note_h + gap if told else 0)
    left_w = int(safe.w * 0.36)
    household_h = (bottom - top) * 11 // 20
    _household(scene, pygame.Rect(safe.x, top, left_w, household_h))
    _account(scene, pygame.Rect(safe.x, top + household_h + gap, left_w,
                                bottom - top - household_h - gap))  # fmt: skip
    right = pygame.Rect(safe.x + left_w + gap, top, safe.w - left_w - gap, bottom - top)
    if v["events"]:
        _event(scene, right, v["events"][0])
        return
    tab_h = scene.px(40)
    _row_buttons(
        scene,
        pygame.Rect(right.x, right.y, right.w, tab_h),
        [(f"tab:{name}", _tab_title(name), name != scene.tab, None) for name in TABS_ORDER],
        cols=len(TABS_ORDER),
    )
    body = pygame.Rect(right.x, right.y + tab_h + gap, right.w, right.h - tab_h - gap)
    SECTIONS[scene.tab](scene, body)


def _main_button(scene: Any) -> tuple[str, str, bool, str | None]:
    v = scene.view
    if v["ended"]:
        return ("end", t("room.month.ended"), False, None)
    tip = t("remote.events_first") if v["events"] else None
    return ("end", t("room.month.end"), scene.can_act() and not v["events"], tip)


def _tab_title(name: str) -> str:
    return t(
        {
            "paths": "room.paths.title",
            "loan": "room.loan.title",
            "business": "remote.tab.business",
            "decisions": "room.decisions.title",
        }[name]
    )


def _household(scene: Any, rect: pygame.Rect) -> None:
    h = scene.view["household"]
    health = i18n.percent(h["health"])
    if h["sick"]:
        health = t("remote.aside", text=health, note=t("room.household.sick"))
    loan = i18n.yuan(h["loan"])
    if h["loan"] and h.get("loan_due_in_months") is not None:
        loan += f" · {t('room.loan.due')} {t('room.loan.due_in', n=h['loan_due_in_months'])}"
    box(
        scene,
        rect,
        [
            fact(t("room.household.status"), h["status_text"]),
            fact(t("room.household.cash"), i18n.yuan(h["cash"])),
            fact(t("room.household.living"), i18n.yuan(h["living"])),
            fact(t("room.household.family_debt"), i18n.yuan(h["informal_debt"])),
            fact(t("room.household.can_borrow"), i18n.yuan(h["informal_room"])),
            fact(t("room.household.loan"), loan),
            fact(t("room.loan.certificate"), t(f"room.cert.{h['certificate']}")),
            fact(t("room.household.age"), str(h["age"])),
            fact(t("room.household.children"), str(h["children_in_school"])),
            fact(t("room.household.health"), health),
        ],
    )


def _account(scene: Any, rect: pygame.Rect) -> None:
    a = scene.view.get("account")
    if not a:
        box(scene, rect, [Heading(t("room.account.title")), t("room.account.none")])
        return
    lines = [
        Heading(t("room.account.month", month=int(a["month"]))),  # counted as the page counts it
        fact(t("room.account.start"), i18n.yuan(a["cash_start"])),
    ]
    lines += [fact(x["label"], i18n.yuan(x["yuan"])) for x in a.get("lines", [])]
    lines.append(fact(t("room.account.end"), i18n.yuan(a["cash_end"])))
    if a.get("causes"):
        lines += ["", Heading(t("room.account.why"))] + ["\u2022 " + c for c in a["causes"]]
    box(scene, rect, lines)


def _event(scene: Any, rect: pygame.Rect, ev: dict) -> None:
    buttons_h = len(ev["choices"]) * scene.px(48)  # each choice a row: the story gets the rest
    text_h = max(rect.h // 3, rect.h - buttons_h - scene.px(GAP))
    lines = [Heading(ev["title"]), ev["text"]]
    lines += [
        "\u2022 " + fact(c["label"], c["consequence"]) for c in ev["choices"] if c["consequence"]
    ]
    box(scene, pygame.Rect(rect.x, rect.y, rect.w, text_h), lines)
    _row_buttons(
        scene,
        pygame.Rect(rect.x, rect.y + text_h + scene.px(GAP), rect.w, 0),
        [(f"choice:{c['index']}", c["label"], scene.can_act(), c["consequence"])
         for c in ev["choices"]],
        cols=1,
    )  # fmt: skip
    scene.default_focus = "choice:0"


def _paths(scene: Any, rect: pygame.Rect) -> None:
    v = scene.view
    items = []
    for p in v["paths"]:
        tip = p["blurb"] if p["open"] else i18n.then(*p["reasons"])
        title = (
            t("remote.aside", text=p["title"], note=t("remote.now")) if p["current"] else p["title"]
        )
        items.append((f"path:{p['path']}", title, p["open"] and scene.can_act(), tip))
    y = _row_buttons(scene, rect, items)
    # (in the language's own punctuation: a Chinese line broke after the path's name and
    # an English colon, its only space, and left the name alone on a line)
    why = [
        fact(p["title"], p["blurb"] if p["open"] else i18n.then(*p["reasons"])) for p in v["paths"]
    ]
    box(scene, pygame.Rect(rect.x, y, rect.w, rect.bottom - y), why, "small")


def _loan(scene: Any, rect: pygame.Rect) -> None:
    loan = scene.view["loan"]
    if not loan["offered"]:
        box(scene, rect, [t("room.loan.none")])
        return
    act = scene.can_act()
    w, x, y = rect.w, rect.x, rect.y
    facts = [
        fact(t("room.loan.ceiling"), i18n.yuan(loan["ceiling"])),
        fact(t("room.loan.certificate"), t(f"room.cert.{loan['certificate']}")),
    ]
    if loan["has_loan"]:
        facts.append(fact(t("room.loan.principal"), i18n.yuan(loan["principal"])))
        facts.append(fact(t("room.loan.due"), t("room.loan.due_in", n=loan["due_in_months"])))
    facts += loan["apply_reasons"]
    box_h = rect.h * 2 // 5
    box(scene, pygame.Rect(x, y, w, box_h), facts)
    y += box_h + scene.px(8)
    if loan["certificate"] not in ("granted",):
        tip = i18n.then(*loan["certificate_reasons"])
        y = _row_buttons(
            scene,
            pygame.Rect(x, y, w, 0),
            [("certificate", t("room.loan.ask_certificate"), act and not tip, tip)],
            cols=1,
        )
    if not loan["has_loan"]:
        amount = str(int(min(loan["ceiling"], 20_000)))
        blocked = i18n.then(*loan["apply_reasons"])
        bh = scene.px(40)
        scene.label(pygame.Rect(x, y, w, scene.text_h("small")), t("room.loan.amount"), cls="small")
        y += scene.text_h("small")
        scene.text_field(
            pygame.Rect(x, y, min(scene.px(160), w // 3), bh),
            scene.values.get("field:amount", amount),
            "field:amount",
            max_length=10,
        )
        y += bh + scene.px(8)
        if loan["guarantor_required"] and loan["guarantors"]:
            bw = (w - scene.px(8)) // 2  # (two a row: _row_buttons)
            items = [
                (f"apply:{g['household']}", _apply_with(scene, g, bw),
                 act and not blocked and g["ask_again_month"] is None,
                 blocked or t("remote.apply_with", name=g["name"], odds=g["odds"]))
                for g in loan["guarantors"]
            ]  # fmt: skip
        else:
            items = [("apply:-1", t("room.loan.apply"), act and not blocked, blocked)]
        _row_buttons(scene, pygame.Rect(x, y, w, 0), items)
    else:
        y = _field_and_button(scene, x, y, w, "field:repay", "1000", "repay",
                              t("room.loan.repay"), act)  # fmt: skip
        tip = i18n.then(*loan["extend_reasons"])
        _row_buttons(
            scene,
            pygame.Rect(x, y, w, 0),
            [("extend", t("room.loan.extend"), act and not tip, tip)],
            1,
        )


def _apply_with(scene: Any, g: dict, width: int) -> str:
    """ "Apply, with Wang Min as guarantor (likely, about 2 in 3)", or with the odds in short
    where that does not fit the button (at 150% in Chinese it ran past its edge, cut). The
    view gives the odds in words; their key gives the short words."""
    label = t("remote.apply_with", name=g["name"], odds=g["odds"])
    if _button_words_w(scene, label) <= width:
        return label
    key = i18n.key_of(str(g["odds"]), "guarantor.odds.")
    odds = t("guarantor.odds_short." + key.removeprefix("guarantor.odds.")) if key else g["odds"]
    label = t("remote.apply_with", name=g["name"], odds=odds)
    if _button_words_w(scene, label) <= width:
        return label
    return t("remote.apply_with_short", name=g["name"], odds=odds)  # (the loan window's own)


def _button_words_w(scene: Any, text: str) -> int:
    """The width a button needs for `text` (its words and their padding)."""
    return fonts.for_text(text, scene.font_px("body")).size(text)[0] + scene.px(32)


def _business(scene: Any, rect: pygame.Rect) -> None:
    v = scene.view
    b = v["business"]
    act = scene.can_act()
    if b is None:
        lot = v["free_lots"][0] if v["free_lots"] else -1
        # (lots counted from 1, as on the desktop's street and in the decisions: it said
        # "lot 9" here and "opened on lot 10" in the decisions, for the same lot)
        where = t("room.business.lot", lot=lot + 1) if lot >= 0 else t("room.business.side_street")
        head_h = scene.text_h("body") * 2 + scene.px(8)
        box(scene, pygame.Rect(rect.x, rect.y, rect.w, head_h),
             [t("room.business.open_title") + " · " + where])  # fmt: skip
        items = [
            (f"trade:{x['trade']}", f"{x['name']} · {i18n.yuan(x['start_up'])}",
             act and not x["open_reasons"], i18n.then(*x["open_reasons"]))
            for x in v["trades"]
        ]  # fmt: skip
        _row_buttons(scene, pygame.Rect(rect.x, rect.y + head_h + scene.px(8), rect.w, 0), items)
        return
    facts = [
        Heading(t("room.business.title", trade=b["trade_name"])),
        t("room.business.lot", lot=b["lot"] + 1)
        if b["lot"] >= 0
        else t("room.business.side_street"),
        fact(t("room.business.going_price"), i18n.yuan(b["going_price"], 2)),
        fact(t("room.business.unit_cost"), i18n.yuan(b["unit_cost"], 2)),
        fact(t("room.business.profit"), i18n.yuan(b["profit"])),
        fact(t("room.business.sellers"), str(b["sellers"])),
    ]
    if b["sold_out"]:
        facts.append(t("room.business.sold_out"))
    box_h = rect.h // 2
    box(scene, pygame.Rect(rect.x, rect.y, rect.w, box_h), facts)
    y = rect.y + box_h + scene.px(8)
    for field, value, name, key in (
        ("field:price", f"{b['price']:.2f}", "price", "room.business.set_price"),
        ("field:hours", f"{b['hours']:.0f}", "hours", "room.business.set_hours"),
    ):
        label = t("room.business.price") if name == "price" else t("room.business.hours")
        scene.label(pygame.Rect(rect.x, y, rect.w, scene.text_h("small")), label, cls="small")
        y += scene.text_h("small")
        y = _field_and_button(scene, rect.x, y, rect.w, field, value, name, t(key), act)
    _row_buttons(scene, pygame.Rect(rect.x, y, rect.w, 0),
                 [("close", t("room.business.close"), act, None)], 1)  # fmt: skip


def _decisions(scene: Any, rect: pygame.Rect) -> None:
    ds = scene.view.get("decisions", [])
    lines = [fact(t("room.decisions.month", month=d["month"] + 1), d["text"]) for d in ds]
    box(scene, rect, lines or [t("remote.no_decisions")])


TABS_ORDER = ("paths", "loan", "business", "decisions")
SECTIONS = {"paths": _paths, "loan": _loan, "business": _business, "decisions": _decisions}


# ---- what the buttons send ----------------------------------------------------------------------
def _number(scene: Any, field: str) -> float | None:
    for e in scene._elements:
        if scene.name_of(e) == field:
            scene.values[field] = e.get_text()
    text = scene.values.get(field, "").replace(",", "").strip()
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (value == value and 0 <= value < 1e9):
        scene.notice = t("remote.bad_number")
        scene._build()
        return None
    return value


def on_button(scene: Any, name: str) -> None:
    kind, _, arg = name.partition(":")
    v = scene.view
    if kind == "tab":
        scene.tab = arg
        scene._build()
    elif kind in ("back", "leave", "home"):
        scene.on_back() if kind == "leave" else scene.leave(home=kind == "home")
    elif kind == "end" and v is not None:
        scene._sent(scene.client.end_month(v["month"]), "end_month")
    elif kind == "choice" and v and v["events"]:
        scene._sent(scene.client.choose(v["events"][0]["id"], int(arg)), "choose")
    elif kind == "path":
        scene.send_command({"command": "choose_path", "path": arg})
    elif kind == "certificate":
        scene.send_command({"command": "apply_for_certificate"})
    elif kind == "trade":
        lot = v["free_lots"][0] if v and v["free_lots"] else -1
        scene.send_command({"command": "open_business", "trade": int(arg), "lot": lot})
    elif kind == "close":
        scene.app.confirm(
            t("room.business.close"),
            t("room.business.close_confirm"),
            lambda: scene.send_command({"command": "close_business"}),
        )
    elif kind == "extend":
        scene.send_command({"command": "extend_loan"})
    else:
        _send_number(scene, kind, arg)


def _send_number(scene: Any, kind: str, arg: str) -> None:
    fields = {"apply": "field:amount", "repay": "field:repay", "price": "field:price",
              "hours": "field:hours"}  # fmt: skip
    if kind not in fields:
        return
    value = _number(scene, fields[kind])
    if value is None:
        return
    command: dict[str, Any] = {
        "apply": {"command": "apply_for_loan", "amount_yuan": value, "guarantor": int(arg or -1)},
        "repay": {"command": "repay_loan", "amount_yuan": value},
        "price": {"command": "set_price", "price_yuan": value},
        "hours": {"command": "set_hours", "hours": value},
    }[kind]
    scene.send_command(command)
