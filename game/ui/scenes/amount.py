"""A question with an amount the player types: how much to repay, how much to borrow.

    app.push(AmountDialog(app, title, body, low=1, high=3856, value=3856,
                          on_ok=lambda amount: ..., ok=t("month.repay.yes")))

The field has the keyboard at once (digits only, commas allowed); Enter in it or the main
button takes the amount if it is between `low` and `high`, else the dialog says so and waits.
Cancel keeps the focus away from the action otherwise: nothing irreversible happens by Enter
alone, only after typing or choosing the amount.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.i18n import t, yuan
from game.ui import fonts
from game.ui.scenes.dialog import DialogButton, DialogScene


def parse_amount(text: str) -> float | None:
    """ "12,000" or "12000" -> 12000.0; anything else -> None."""
    digits = text.replace(",", "").replace("，", "").strip()
    if not digits.isdigit():
        return None
    return float(int(digits))


class AmountDialog(DialogScene):
    def __init__(
        self,
        app,
        title: str,
        body: str,
        *,
        low: float,
        high: float,
        value: float,
        on_ok: Callable[[float], None],
        ok: str | None = None,
        quick: list[tuple[str, float]] | None = None,
    ) -> None:
        self.low, self.high = float(low), float(high)
        self.value = float(min(max(value, low), high))
        self.on_ok = on_ok
        self.quick = [(label, float(v)) for label, v in (quick or []) if low <= v <= high]
        self.problem = ""
        buttons = [
            DialogButton("ok", ok or t("dialog.ok"), None, primary=True),
            DialogButton("no", t("dialog.cancel"), None, cancel=True),
        ]
        super().__init__(app, title, body, buttons)
        self.default_focus = "amount"

    def build(self) -> None:
        super().build()
        box = next(e for e in self._elements if self._is_box(e))
        pad = self.px(24)
        field_h = self.px(40)
        y = box.rect.h - pad - self.px(40) - self.px(16) - field_h - self._extra_h()
        container = box.get_container()
        field_w = self.px(180)
        self.text_field(
            pygame.Rect(pad, y, field_w, field_h),
            f"{int(round(self.value))}",
            "amount",
            digits=True,
            tooltip=t("amount.tip", low=yuan(self.low, 0), high=yuan(self.high, 0)),
            container=container,
        )
        x = pad + field_w + self.px(12)
        for k, (label, v) in enumerate(self.quick):
            w = fonts.get(self.font_px("body")).size(label)[0] + self.px(32)
            self.button(
                pygame.Rect(x, y, w, field_h),
                label,
                f"quick.{k}",
                container=container,
                tooltip=yuan(v, 0),
            )
            x += w + self.px(8)
        note = self.problem or t("amount.range", low=yuan(self.low, 0), high=yuan(self.high, 0))
        self.label(
            pygame.Rect(pad, y + field_h + self.px(4), box.rect.w - 2 * pad, self._extra_h()),
            note,
            cls="small",
            container=container,
        )
        self.focus.focus_name("amount")
        self._sync_field_focus()

    def _extra_h(self) -> int:
        return self.text_h("small")

    def extra_height(self) -> int:
        return self.px(40) + self.px(16) + self._extra_h()

    def _is_box(self, element) -> bool:
        import pygame_gui

        return isinstance(element, pygame_gui.elements.UIPanel) and element.rect.w < self.size[0]

    def typed(self) -> float | None:
        field = next((e for e in self._elements if self.name_of(e) == "amount"), None)
        return parse_amount(field.get_text()) if field is not None else None

    def on_text(self, name: str, text: str) -> None:
        if name == "amount":
            self.accept(parse_amount(text))

    def on_button(self, name: str, element) -> None:
        if name.startswith("quick."):
            self.accept(self.quick[int(name.split(".")[1])][1])
        elif name == "ok":
            self.accept(self.typed())
        else:
            super().on_button(name, element)

    def accept(self, amount: float | None) -> None:
        if amount is None or not (self.low <= amount <= self.high):
            self.problem = t("amount.out_of_range", low=yuan(self.low, 0), high=yuan(self.high, 0))
            self.value = amount if amount is not None else self.value
            self._build()
            return
        if self.app.top is self:
            self.app.pop()
        self.on_ok(amount)


__all__ = ["AmountDialog", "parse_amount"]
