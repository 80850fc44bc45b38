"""Sources & credits: the essay the game argues with, the evidence behind its numbers, the
fonts' licence, the libraries, the team. Every line is a paraphrase with author and year.
Keyboard: Up/Down and Page Up/Down scroll, Home/End jump, Esc goes back.
"""

from __future__ import annotations

import html

import pygame

from game.i18n import t
from game.ui.scene import Scene
from game.ui.scenes.title_backdrop import menu_background


def _source_keys() -> list[tuple[str, str]]:
    """(citation, what the game takes from it), in the order shown."""
    return [
        (t("credits.src.reuters.cite"), t("credits.src.reuters.use")),
        (t("credits.src.appleton.cite"), t("credits.src.appleton.use")),
        (t("credits.src.pboc.cite"), t("credits.src.pboc.use")),
        (t("credits.src.demel.cite"), t("credits.src.demel.use")),
        (t("credits.src.mckenzie_paffhausen.cite"), t("credits.src.mckenzie_paffhausen.use")),
        (t("credits.src.saic.cite"), t("credits.src.saic.use")),
        (t("credits.src.busso.cite"), t("credits.src.busso.use")),
        (t("credits.src.bresnahan.cite"), t("credits.src.bresnahan.use")),
        (t("credits.src.banerjee.cite"), t("credits.src.banerjee.use")),
        (t("credits.src.taylor.cite"), t("credits.src.taylor.use")),
        (t("credits.src.moretti.cite"), t("credits.src.moretti.use")),
        (t("credits.src.defontenay.cite"), t("credits.src.defontenay.use")),
        (t("credits.src.bateman.cite"), t("credits.src.bateman.use")),
        (t("credits.src.howitt.cite"), t("credits.src.howitt.use")),
        (t("credits.src.weisbuch.cite"), t("credits.src.weisbuch.use")),
        (t("credits.src.garcia.cite"), t("credits.src.garcia.use")),
        (t("credits.src.salop.cite"), t("credits.src.salop.use")),
        (t("credits.src.mckenzie_puerto.cite"), t("credits.src.mckenzie_puerto.use")),
    ]


def credits_html(wrap=None) -> str:
    """The credits as text-box HTML; `wrap(text, bold)` breaks a paragraph into lines (the
    game's line breaker: no hyphens in Chinese), else pygame_gui wraps it."""
    e = wrap or (lambda text, bold=False: html.escape(text))
    parts = [
        f"<b>{e(t('credits.essay.heading'), True)}</b><br>",
        f"<i>{e(t('credits.essay.cite'))}</i><br>",
        f"{e(t('credits.essay.summary'))}<br><br>",
        f"<b>{e(t('credits.evidence.heading'), True)}</b><br>",
        f"{e(t('credits.evidence.intro'))}<br><br>",
    ]
    for cite, use in _source_keys():
        parts.append(f"<b>{e(cite, True)}</b><br>{e(use)}<br><br>")
    parts += [
        f"<b>{e(t('credits.fonts.heading'), True)}</b><br>",
        f"{e(t('credits.fonts.body'))}<br><br>",
        f"<b>{e(t('credits.libraries.heading'), True)}</b><br>",
        f"{e(t('credits.libraries.body'))}<br><br>",
        f"<b>{e(t('credits.team.heading'), True)}</b><br>",
        f"{e(t('credits.team.body'))}",
    ]
    return "".join(parts)


class CreditsScene(Scene):
    default_focus = "back"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.box = None
        self.scroll = 0.0

    def build(self) -> None:
        safe = self.safe_rect
        width = min(self.px(920), safe.w)
        x0 = safe.centerx - width // 2
        title_h = self.text_h("title", bold=True)
        self.label(
            pygame.Rect(x0, safe.y + self.px(8), width, title_h), t("credits.title"), cls="title"
        )
        top = safe.y + self.px(16) + title_h
        bottom = safe.bottom - self.px(60)
        panel = self.panel(pygame.Rect(x0, top, width, bottom - top))
        pad = self.px(16)
        inner_w = width - 2 * pad - self.px(24)  # room for the scroll bar
        self.box = self.text_box(
            pygame.Rect(pad, pad, width - 2 * pad, bottom - top - 2 * pad),
            credits_html(lambda text, bold=False: self.wrap_html(text, inner_w, bold=bold)),
            container=panel.get_container(),
        )
        self.set_scroll(self.scroll)
        self.label(
            pygame.Rect(x0, bottom + self.px(20), width - self.px(240), self.text_h("small")),
            t("credits.keys_hint"),
            cls="small",
        )
        self.button(
            pygame.Rect(x0 + width - self.px(200), bottom + self.px(12), self.px(200), self.px(44)),
            t("settings.back"),
            "back",
            cls="primary",
            shortcut=pygame.K_ESCAPE,
        )

    def set_scroll(self, fraction: float) -> None:
        bar = self.box.scroll_bar if self.box is not None else None
        if bar is None:
            self.scroll = 0.0
            return
        fraction = max(0.0, min(1.0 - bar.visible_percentage, fraction))
        bar.set_scroll_from_start_percentage(fraction)
        self.scroll = bar.start_percentage

    def on_key(self, event: pygame.event.Event) -> bool:
        bar = self.box.scroll_bar if self.box is not None else None
        if bar is None:
            return False
        page = bar.visible_percentage * 0.9
        steps = {
            pygame.K_DOWN: 0.04,
            pygame.K_UP: -0.04,
            pygame.K_PAGEDOWN: page,
            pygame.K_PAGEUP: -page,
            pygame.K_HOME: -2.0,
            pygame.K_END: 2.0,
        }
        if event.key not in steps:
            return False
        self.set_scroll(bar.start_percentage + steps[event.key])
        return True

    def update(self, dt: float) -> None:
        bar = self.box.scroll_bar if self.box is not None else None
        if bar is not None:
            self.scroll = bar.start_percentage  # remember mouse-wheel scrolling across rebuilds

    def draw_background(self, surface: pygame.Surface) -> None:
        surface.blit(menu_background(self.size), (0, 0))

    def on_button(self, name: str, element) -> None:
        if name == "back":
            self.on_back()
