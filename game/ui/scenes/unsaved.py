"""When the game cannot save a run (a read-only home, a full disk, a file in the way, another
window holding the folder): say so at once, offer another folder, let the player go on in
memory, and say it again before the run is left (the month screen's menu, closing the window).

    watch(app)                       a frame hook (App installs it): the first failure -> notice
    choose_folder(app, session)      the folder dialog; saves the run there if it can
    leave_run(app, session, leave)   leave at once if saved, else ask first

The month screen also shows a banner while the run is unsaved (month.py). No file names are
shown: only the folder the player typed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pygame
import pygame_gui

from game import saves, userdirs
from game.i18n import t
from game.ui.scenes.dialog import DialogButton, DialogScene

log = logging.getLogger(__name__)


def current_session(app):
    """The run on screen (the topmost scene that has one), or None."""
    for scene in reversed(app.stack):
        session = getattr(scene, "session", None)
        if session is not None:
            return session
    return None


def since(session) -> str:
    """'since month 3' or 'yet': how much of the run is not saved."""
    month = getattr(session, "unsaved_since", None)
    return t("unsaved.since", month=month) if month is not None else t("unsaved.since.never")


def watch(app) -> None:
    """Tell the player the first time a run's autosave fails (and again after it recovered and
    failed anew), as soon as a full screen is up (not over a dialog or the month's result)."""
    session = current_session(app)
    if session is None or not getattr(session, "unsaved", False):
        return
    if getattr(session, "unsaved_told", False) or app.top is None or app.top.modal:
        return
    session.unsaved_told = True
    tell(app, session)


def tell(app, session) -> DialogScene:
    body = t("unsaved.body", reason=t(session.autosave_reason or "save.failure.other"))
    return app.push(
        DialogScene(
            app,
            t("unsaved.title"),
            body,
            [
                DialogButton(
                    "folder", t("unsaved.folder"), lambda: choose_folder(app, session), primary=True
                ),
                DialogButton("keep", t("unsaved.keep"), cancel=True),
            ],
            width=620,
        )
    )


def leave_run(app, session, leave, quitting: bool = False) -> None:
    """Leave the run (`leave()`), asking first when it is not saved."""
    if session is None or not getattr(session, "unsaved", False):
        leave()
        return
    go = t("unsaved.leave.quit" if quitting else "unsaved.leave.leave")
    app.push(
        DialogScene(
            app,
            t("unsaved.leave.title"),
            t("unsaved.leave.body", since=since(session)),
            [
                DialogButton(
                    "folder",
                    t("unsaved.banner.button"),
                    lambda: choose_folder(app, session),
                    primary=True,
                ),
                DialogButton("leave", go, leave),
                DialogButton("stay", t("dialog.cancel"), cancel=True),
            ],
            width=640,
        )
    )


def choose_folder(app, session=None, opened=None) -> None:
    """The folder dialog: with a run, save it there; without (the Load screen), open the saves
    kept there (`opened()` after the switch)."""
    app.push(FolderScene(app, session, opened))


def suggested_folder() -> str:
    """A folder the player can likely write to: documents, desktop, home, a USB stick."""
    home = Path.home()
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    candidates = [
        userdirs.documents_dir(),
        home / "Desktop",
        home,
    ]
    for media in (Path("/media") / user, Path("/run/media") / user, Path("/Volumes")):
        try:
            candidates += sorted(p for p in media.iterdir() if p.is_dir())
        except OSError:
            pass
    for folder in candidates:
        try:
            if folder is not None and folder.is_dir() and os.access(folder, os.W_OK):
                return str(folder / "Iron Rice Bowl saves")
        except OSError:
            continue
    return ""


class FolderScene(DialogScene):
    """A dialog with one line to type a folder in; "Save here" (or "Open") tries it at once."""

    def __init__(self, app, session=None, opened=None) -> None:
        self.session = session
        self.opened = opened
        self.status = ""
        self.typed = app.settings.save_folder or suggested_folder()
        saving = session is not None
        buttons = [
            DialogButton("use", t("folder.save" if saving else "folder.open"), primary=True),
            DialogButton("cancel", t("dialog.cancel"), cancel=True),
        ]
        title = t("folder.title" if saving else "folder.open.title")
        super().__init__(
            app, title, t("folder.body" if saving else "folder.open.body"), buttons, 640
        )
        self.default_focus = "use"
        self.entry: pygame_gui.elements.UITextEntryLine | None = None

    def build(self) -> None:
        super().build()
        # The line to type in, and what went wrong last, between the text and the buttons.
        box, pad = self.box, self.px(24)
        rect = pygame.Rect(0, 0, box.rect.w - 2 * pad, self.px(40))
        rect.bottom = box.rect.h - pad - self.px(40) - self.px(16) - self._status_h()
        rect.x = pad
        self.entry = pygame_gui.elements.UITextEntryLine(
            rect, self.manager, container=box.get_container(), initial_text=self.typed
        )
        self.track(self.entry)
        if self.status:
            below = pygame.Rect(rect.x, rect.bottom + self.px(6), rect.w, self.px(22))
            self.label(below, self.status, cls="alert", container=box.get_container())

    def _status_h(self) -> int:
        return self.px(28) if self.status else 0

    def extra_height(self) -> int:
        return self.px(40) + self.px(16) + self._status_h()

    def on_button(self, name: str, element) -> None:
        if name == "use":
            self.use()
        else:
            super().on_button(name, element)

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.app.typing():
            self.use()
            return True
        return False

    def use(self) -> None:
        self.typed = (self.entry.get_text() if self.entry is not None else self.typed).strip()
        if not self.typed:
            self.fail(t("folder.empty"))
            return
        try:
            folder = saves.use_folder(self.typed)
        except (OSError, ValueError) as exc:
            log.warning("save folder %r refused: %s", self.typed, exc)
            self.fail(t(saves.folder_reason(exc)))
            return
        remembered = self.remember(folder)
        if self.session is None:
            self.app.pop()
            if self.opened is not None:
                self.opened()
            return
        if not self.session.autosave():
            self.fail(t(self.session.autosave_reason or "save.failure.other"))
            return
        self.app.pop()
        body = t("folder.saved.body") + ("" if remembered else "\n\n" + t("folder.saved.forget"))
        self.app.message(t("folder.saved.title"), body)

    def remember(self, folder: Path) -> bool:
        """Keep the folder in the settings so Continue and Load find it next time."""
        from dataclasses import replace  # noqa: PLC0415

        from game.ui.settings import save_settings  # noqa: PLC0415

        self.app.settings = replace(self.app.settings, save_folder=str(folder))
        return save_settings(self.app.settings)

    def fail(self, message: str) -> None:
        self.status = message
        self._build()
