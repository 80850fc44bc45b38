"""Save slots: load a run (the autosave or slots 1-5), or save the current run into a slot.

A damaged save shows what is wrong and offers the previous save kept beside it (`.prev`).
Routes: "load" (LoadScene), "save" (SaveScene, opened with session=), "continue" (a hook that
resumes the autosave, offering its previous copy when it is damaged).
Keyboard: Up/Down pick a slot's button, Enter loads or saves, Esc goes back.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pygame

from game import i18n, saves
from game.i18n import t
from game.session import GameSession
from game.ui.scenes.prerun import Painter, PreRunScene, resume

log = logging.getLogger(__name__)


def load_and_resume(app, path: Path | str) -> bool:
    """Load `path` and open the screen the run stopped on; on a damaged save, explain and
    offer the previous copy. Returns True if a run was resumed."""
    try:
        session = GameSession.load(path)
    except saves.SaveError as err:
        offer_previous(app, err)
        return False
    resume(app, session)
    return True


def offer_previous(app, err: saves.SaveError) -> None:
    if err.prev is not None and Path(err.prev).exists():
        app.confirm(
            t("load.damaged.title"),
            t("load.damaged.offer", message=str(err)),
            on_yes=lambda: load_and_resume(app, err.prev),
            yes=t("load.load_prev"),
        )
    else:
        app.message(t("load.damaged.title"), str(err))


def continue_game(app, path: Path | str | None = None, **_: Any):
    """The "continue" route: resume the autosave."""
    load_and_resume(app, path or saves.autosave_path())


def slot_rows() -> list[tuple[str, Path]]:
    return [("autosave", saves.autosave_path())] + [
        (f"slot{n}", saves.slot_path(n)) for n in saves.SLOTS
    ]


class LoadScene(PreRunScene):
    title_key = "load.title"
    mode = "load"
    default_focus = "act.autosave"

    def __init__(self, app, session=None, **_: Any) -> None:
        super().__init__(app, session)
        self.status = ""

    def screen_title(self) -> str:
        return t("load.title" if self.mode == "load" else "save.title")

    def build_content(self, p: Painter) -> None:
        c = self.content
        rows = slot_rows() if self.mode == "load" else slot_rows()[1:]
        gap = self.px(10)
        status_h = p.line_h("body", 1.3) if self.status else 0
        row_h = min(self.px(76), (c.h - status_h - gap * (len(rows) - 1)) // len(rows))
        y = c.y
        if self.status:
            p.text(self.status, (c.x, y), "body", "good", bold=True, max_w=c.w)
            y += status_h
        btn_w = self.px(200)
        for i, (name, path) in enumerate(rows):
            r = pygame.Rect(c.x, y, c.w, row_h)
            p.panel(r)
            inner = r.inflate(-self.px(28), -self.px(16))
            info = saves.slot_info(path)
            label = (
                t("load.autosave")
                if name == "autosave"
                else t("load.slot", n=i + (0 if self.mode == "load" else 1))
            )
            p.text(
                label,
                (inner.x, inner.y),
                "heading",
                "accent" if name == "autosave" else "text",
                bold=True,
            )
            text_w = inner.w - 2 * btn_w - self.px(32)
            line_y = inner.y + self.text_h("heading", True)
            state = info["state"]
            if state == "empty":
                p.text(t("load.empty"), (inner.x, line_y), "body", "text_dim", max_w=text_w)
            elif state == "broken":
                p.text(info["message"], (inner.x, line_y), "small", "warn", max_w=text_w)
                p.tip(
                    pygame.Rect(inner.x, line_y, text_w, p.line_h("small")),
                    t("load.damaged.title"),
                    info["message"],
                )
            else:
                summary = t(
                    "load.summary",
                    title=saves.in_language(info, "title"),
                    player=saves.in_language(info, "player"),
                    month=shown_month(info),
                    months=info.get("months", 0),
                    cash=i18n.yuan(float(info.get("cash_yuan", 0.0)), 0),  # savings: whole yuan
                )
                sr = p.text(summary, (inner.x, line_y), "body", "text", max_w=text_w)
                p.tip(
                    sr,
                    t("load.summary.tip.title"),
                    t(
                        "load.summary.tip",
                        saved=info.get("saved_at", ""),
                        seed=info.get("seed", ""),
                    ),
                )
                saved = p.text(
                    t("load.saved_at", when=info.get("saved_at", "")),
                    (inner.x + text_w, inner.y),
                    "small",
                    "text_dim",
                    align="right",
                )
                p.tip(saved, t("load.saved_at.tip"), "")
            by = r.centery - self.px(20)
            bx = r.right - self.px(14) - btn_w
            if self.mode == "load":
                self.button(
                    pygame.Rect(bx, by, btn_w, self.px(40)),
                    t("load.load"),
                    f"act.{name}",
                    enabled=state == "ok",
                    cls="primary" if state == "ok" else None,
                    tooltip=t("load.load.tip") if state == "ok" else t("load.nothing"),
                )
                prev = info.get("prev") if state == "broken" else None
                if prev is not None:
                    self.button(
                        pygame.Rect(bx - btn_w - self.px(12), by, btn_w, self.px(40)),
                        t("load.load_prev"),
                        f"prev.{name}",
                        tooltip=t("load.load_prev.tip"),
                    )
            else:
                self.button(
                    pygame.Rect(bx, by, btn_w, self.px(40)),
                    t("save.save"),
                    f"act.{name}",
                    cls="primary",
                    tooltip=t("save.save.tip") if state == "empty" else t("save.overwrite.tip"),
                )
            y += row_h + gap

    def next_text(self) -> str:
        return t("load.other_folder")

    def next_tooltip(self) -> str | None:
        return t("load.other_folder.tip")

    def on_next(self) -> None:
        """Saves kept in a folder of the player's own (the usual one could not be written)."""
        from game.ui.scenes import unsaved  # noqa: PLC0415

        unsaved.choose_folder(self.app, None, opened=self._build)

    def on_action(self, name: str, element) -> None:
        kind, _, slot = name.partition(".")
        path = dict(slot_rows())[slot]
        if kind == "prev":
            load_and_resume(self.app, saves.prev_path(path))
        elif kind == "act":
            self.act(slot, path)

    def act(self, slot: str, path: Path) -> None:
        load_and_resume(self.app, path)


class SaveScene(LoadScene):
    """Save the current run into a slot (opened from the month screen with session=)."""

    mode = "save"
    default_focus = "act.slot1"

    def act(self, slot: str, path: Path) -> None:
        def write() -> None:
            try:
                saves.save(self.session, path)
            except OSError as exc:
                log.error("save to %s failed: %s", path, exc)
                self.app.message(
                    t("save.failed.title"), t("save.failed.body", error=i18n.failure(exc))
                )
                return
            self.status = t("save.done", slot=slot.replace("slot", ""))
            self._build()

        if saves.slot_info(path)["state"] != "empty":
            self.app.confirm(
                t("save.overwrite.title"),
                t("save.overwrite.body", slot=slot.replace("slot", "")),
                on_yes=write,
                yes=t("save.save"),
            )
        else:
            write()


__all__ = ["LoadScene", "SaveScene", "continue_game", "load_and_resume"]


def shown_month(info: dict) -> int:
    """The month a save is in, counted as the month screen counts it: a save holds the months
    done (2 after two months), the screen shows "Month 3 of 24"; a finished run, the last."""
    done, months = int(info.get("month", 0)), int(info.get("months", 0))
    return min(done + 1, months) if months > 0 else done + 1
