"""Settings: every option applied live and saved at once (the config folder, atomically).

Each row: the setting's name and a help line, then its value between ‹ and › buttons.
Keyboard: Up/Down (or Tab) pick a row, Left/Right change the value, Enter steps forward,
Esc goes back. The mouse: click the value or the arrows.
"""

from __future__ import annotations

import dataclasses

import pygame

from game import i18n
from game.i18n import t
from game.ui import settings as settings_mod
from game.ui.scene import Scene
from game.ui.scenes.title_backdrop import menu_background
from game.ui.settings import Settings


def _choices(current: Settings) -> dict[str, list]:
    sizes = list(settings_mod.WINDOW_SIZES)
    if current.window_size not in sizes:
        sizes.append(current.window_size)
        sizes.sort()
    return {
        "window_size": sizes,
        "fullscreen": [False, True],
        "ui_scale": list(settings_mod.UI_SCALES),
        "palette": list(settings_mod.PALETTES),
        "sound": [True, False],
        "language": i18n.available_languages(),
    }


def value_text(field: str, value) -> str:
    if field == "window_size":
        return f"{value[0]} × {value[1]}"
    if field in ("fullscreen", "sound"):
        return t("settings.on") if value else t("settings.off")
    if field == "ui_scale":
        return i18n.percent(value)
    if field == "palette":
        return t(f"settings.palette.{value}")
    if field == "language":
        return i18n.language_name(value)
    return str(value)


FIELDS = ["window_size", "fullscreen", "ui_scale", "palette", "sound", "language"]


class SettingsScene(Scene):
    default_focus = "value.window_size"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.status = ""

    def build(self) -> None:
        safe = self.safe_rect
        width = min(self.px(880), safe.w)
        x0 = safe.centerx - width // 2
        title_h = self.text_h("title", bold=True)
        row_h = self.px(56)
        gap = self.px(4)
        rows_h = len(FIELDS) * (row_h + gap) + self.px(12)
        status_h = self.px(8) + self.text_h()
        total = title_h + self.px(8) + rows_h + self.px(12) + self.px(44) + status_h
        y = safe.y + max(0, (safe.h - total) // 2)
        self.label(pygame.Rect(x0, y, width, title_h), t("settings.title"), cls="title")
        y += title_h + self.px(8)
        panel = self.panel(pygame.Rect(x0, y, width, rows_h))
        box = panel.get_container()
        pad = self.px(16)
        value_w = self.px(220)
        step_w = self.px(40)
        ctrl_x = width - pad - step_w * 2 - value_w - self.px(16)
        ry = self.px(8)
        for field in FIELDS:
            head_h, help_h = self.text_h("heading", bold=True), self.text_h("small")
            top = ry + (row_h - head_h - help_h) // 2
            self.label(
                pygame.Rect(pad, top, ctrl_x - pad, head_h),
                t(f"settings.{field}"),
                cls="heading",
                container=box,
            )
            self.label(
                pygame.Rect(pad, top + head_h, ctrl_x - pad, help_h),
                self.help_text(field),
                cls="small",
                container=box,
            )
            by = ry + (row_h - self.px(40)) // 2
            self.button(
                pygame.Rect(ctrl_x, by, step_w, self.px(40)),
                "‹",
                f"prev.{field}",
                cls="stepper",
                container=box,
                focus=False,
                tooltip=t("settings.tooltip.prev"),
            )
            value = getattr(self.app.settings, field)
            self.button(
                pygame.Rect(ctrl_x + step_w + self.px(8), by, value_w, self.px(40)),
                value_text(field, value),
                f"value.{field}",
                cls="cjk" if field == "language" else None,
                container=box,
                on_adjust=lambda d, f=field: self.change(f, d),
                tooltip=t("settings.tooltip.value"),
            )
            self.button(
                pygame.Rect(ctrl_x + step_w + value_w + self.px(16), by, step_w, self.px(40)),
                "›",
                f"next.{field}",
                cls="stepper",
                container=box,
                focus=False,
                tooltip=t("settings.tooltip.next"),
            )
            ry += row_h + gap
        y += rows_h + self.px(12)
        self.button(
            pygame.Rect(x0, y, self.px(220), self.px(44)),
            t("settings.files"),
            "files",
            shortcut=pygame.K_f,
            tooltip=t("settings.files.tip"),
        )
        self.label(pygame.Rect(x0, y + self.px(52), width, self.text_h()), self.status, cls="dim")
        back_w = self.px(200)
        self.button(
            pygame.Rect(x0 + width - back_w, y, back_w, self.px(44)),
            t("settings.back"),
            "back",
            cls="primary",
            shortcut=pygame.K_ESCAPE,
        )
        self.button(
            pygame.Rect(
                x0 + width - back_w - self.px(16) - self.px(240), y, self.px(240), self.px(44)
            ),
            t("settings.reset"),
            "reset",
            shortcut=pygame.K_r,
        )

    def help_text(self, field: str) -> str:
        """The row's help; for the text size, what the window really shows when it holds
        less than was asked for (the scale is capped so every screen fits)."""
        if field == "ui_scale":
            from game.ui.app import BASE_SIZE

            w, h = self.size
            fit = max(0.75, min(3.0, min(w / BASE_SIZE[0], h / BASE_SIZE[1])))
            shown = self.app.scale / fit
            if shown < self.app.settings.ui_scale - 0.01:
                return t("settings.ui_scale.capped", shown=i18n.percent(shown))
        return t(f"settings.{field}.help")

    def change(self, field: str, delta: int) -> None:
        """Step `field` through its choices and apply the result at once."""
        current = self.app.settings
        options = _choices(current)[field]
        value = getattr(current, field)
        index = options.index(value) if value in options else 0
        new_value = options[(index + delta) % len(options)]
        self.apply(dataclasses.replace(current, **{field: new_value}))

    def apply(self, new: Settings) -> None:
        self.status = ""
        if not self.app.apply_settings(new):
            self.status = t("settings.save_failed")
            self._build()

    def draw_background(self, surface: pygame.Surface) -> None:
        surface.blit(menu_background(self.size), (0, 0))

    def on_button(self, name: str, element) -> None:
        if name == "back":
            self.on_back()
        elif name == "reset":
            self.apply(Settings())
        elif name == "files":
            show_files(self.app)
        else:
            kind, _, field = name.partition(".")
            self.focus.focus_name(f"value.{field}")
            self.change(field, -1 if kind == "prev" else 1)


def show_files(app) -> None:
    """Where the game keeps the player's things (game/userdirs.py), with buttons that open the
    saves and the reports folders: what a student needs to hand in a save or a report."""
    from game import userdirs  # noqa: PLC0415
    from game.ui.scenes.dialog import DialogButton, DialogScene  # noqa: PLC0415

    # Where each folder is, in words and buttons that open it: never a path on the screen.
    saves, reports = userdirs.saves_dir(create=False), userdirs.reports_dir()
    body = t("settings.files.body")

    def open_folder(folder):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # reveal says it could not, below
        if not userdirs.reveal(folder):
            app.message(t("settings.files.title"), t("settings.files.cannot_open"))

    buttons = [
        DialogButton("open_saves", t("settings.files.open_saves"), lambda: open_folder(saves)),
        DialogButton(
            "open_reports", t("settings.files.open_reports"), lambda: open_folder(reports)
        ),
        DialogButton(
            "open_log", t("settings.files.open_log"), lambda: open_folder(userdirs.log_dir())
        ),
        DialogButton("ok", t("dialog.ok"), primary=True, cancel=True),
    ]
    app.push(DialogScene(app, t("settings.files.title"), body, buttons, width=720))
