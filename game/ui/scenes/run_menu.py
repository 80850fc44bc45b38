"""The in-run menu (Esc on the month screen): resume, save in a slot, settings, how to play,
the glossary, or leave for the title screen. Leaving saves the run as it stands first, so
Continue picks it up here, this month's decisions included.
"""

from __future__ import annotations

import pygame

from game import i18n
from game.i18n import t
from game.ui.scene import Scene
from game.ui.scenes import unsaved
from game.ui.scenes.dialog import DIALOG_LAYER

ITEMS = (
    ("resume", "menu.resume", pygame.K_ESCAPE),
    ("save", "menu.save", pygame.K_s),
    ("settings", "menu.settings", pygame.K_o),
    ("help", "menu.help", pygame.K_h),
    ("glossary", "menu.glossary", pygame.K_g),
    ("leave", "menu.leave", pygame.K_q),
)


class RunMenuScene(Scene):
    modal = True
    fade_in = 0.15
    default_focus = "resume"

    def __init__(self, app, session, on_leave, **_kwargs) -> None:
        super().__init__(app)
        self.session = session
        self.on_leave = on_leave

    def build(self) -> None:
        w, h = self.size
        self.veil(DIALOG_LAYER)  # the shared dimmed window, taking clicks outside the box
        pad, gap = self.px(24), self.px(10)
        button_h = self.px(44)
        title_h = self.text_h("heading", bold=True)
        width = min(self.px(420), w - 2 * pad)
        height = pad + title_h + self.px(12) + len(ITEMS) * (button_h + gap) - gap + pad
        rect = pygame.Rect(0, 0, width, min(height, h - 2 * self.px(16)))
        rect.center = (w // 2, h // 2)
        box = self.panel(rect, cls="dialog_box", layer=DIALOG_LAYER + 2)
        container = box.get_container()
        self.label(
            pygame.Rect(pad, pad, width - 2 * pad, title_h),
            t("menu.title"),
            cls="heading",
            container=container,
        )
        y = pad + title_h + self.px(12)
        for name, key, shortcut in ITEMS:
            self.button(
                pygame.Rect(pad, y, width - 2 * pad, button_h),
                t(key),
                name,
                shortcut=shortcut,
                tooltip=t(f"{key}.tip"),
                container=container,
                cls="primary" if name == "resume" else None,
            )
            y += button_h + gap

    def draw_background(self, surface: pygame.Surface) -> None:
        pass

    def on_back(self) -> None:
        self.app.pop()

    def on_button(self, name: str, element) -> None:
        s = self.session
        if name == "resume":
            self.app.pop()
        elif name == "save":
            self.app.pop()
            self.app.open("save", session=s)
        elif name == "settings":
            self.app.pop()
            self.app.open("settings")
        elif name == "help":
            self.app.pop()
            self.app.message(t("menu.help"), t("menu.help.body"))
        elif name == "glossary":
            self.app.pop()
            self.app.message(t("menu.glossary"), glossary_text())
        elif name == "leave":
            self.app.pop()
            saved = s.autosave() if getattr(s, "autosave_enabled", False) else False
            if getattr(s, "unsaved", False):  # saving fails: say so, offer another folder
                unsaved.leave_run(self.app, s, self.on_leave)
                return
            body = t("menu.leave.body") if saved else t("menu.leave.body_unsaved")
            self.app.confirm(
                t("menu.leave.title"), body, on_yes=self.on_leave, yes=t("menu.leave.yes")
            )


def glossary_text() -> str:
    """The Chinese terms of the game, each with its pinyin and what it means."""
    from game.debrief import glossary

    lines = []
    for term in glossary.terms():
        lines.append(f"{term.line()}\n{term.text}")
    return "\n\n".join(lines) if lines else i18n.t("menu.glossary.none")


__all__ = ["RunMenuScene", "glossary_text"]
