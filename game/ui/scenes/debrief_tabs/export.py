"""Exporting the report from the debrief: to the documents folder (E) or a chosen one (F),
written in the background (the charts in a child process) while the screen stays live.
One object, held by the scene as `exporter`."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pygame
import pygame_gui

from game import i18n, userdirs
from game.debrief import report
from game.debrief.report import documents_dir
from game.i18n import t
from game.ui.scenes.dialog import DialogButton, DialogScene

log = logging.getLogger("game.ui.scenes.debrief")


class Exporter:
    def __init__(self, scene) -> None:
        self.scene = scene
        self.status: tuple[str, str] | None = None  # (tone, text) under the buttons
        self.thread: threading.Thread | None = None
        self.result: tuple[str, str] | None = None  # from the thread, shown by `update`
        self.path: Path | None = None  # the last report written (its HTML)
        self.file_dialog = None

    def writing(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def to_documents(self) -> None:
        self.scene.writing.save()
        self.export(documents())

    def open_folder_dialog(self) -> None:
        if self.file_dialog is not None and self.file_dialog.alive():
            return
        scene = self.scene
        w, h = scene.size
        rect = pygame.Rect(
            0, 0, min(w - scene.px(80), scene.px(640)), min(h - scene.px(80), scene.px(520))
        )
        rect.center = (w // 2, h // 2)
        folder = documents()
        start = folder if folder.exists() else Path.home()
        self.file_dialog = pygame_gui.windows.UIFileDialog(
            rect,
            scene.manager,
            window_title=t("debrief.export.dialog_title"),
            initial_file_path=str(start),
            allow_picking_directories=True,
            allow_existing_files_only=True,
        )
        scene.track(self.file_dialog)

    def event(self, event: pygame.event.Event) -> bool:
        """The folder dialog's answer (a folder picked, or the dialog closed)."""
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            if event.ui_element is self.file_dialog:
                self.export(Path(event.text))
                self.file_dialog = None
            return True
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.file_dialog:
            self.file_dialog = None
            return True
        return False

    def update(self) -> None:
        """The thread finished: say so (and where the report is)."""
        if self.result is not None:
            tone, text = self.result
            self.result = None
            self.status = (tone, text)
            if tone == "good":
                self.report_written(text)

    def export(self, folder: Path) -> None:
        """Write the report from a background thread (it waits for the runs still going; the
        charts are drawn in a child process)."""
        if self.writing():
            return
        job = self.scene.job
        session = self.scene.session

        def work() -> None:

            try:
                if job is not None and job.running:
                    job.wait()
                results = job.snapshot() if job is not None else {}
                html_path = report.export_in_background(session, folder, results)
                self.path = html_path
                # where it went in words, never the file's name (the buttons open it)
                mine = folder == documents()
                self.result = (
                    "good",
                    t("debrief.export.done" if mine else "debrief.export.done_chosen"),
                )
            except Exception as exc:  # noqa: BLE001 - a message on screen, the trace in the log
                log.exception("report export failed")
                self.result = (
                    "bad",
                    t("debrief.export.failed", error=i18n.failure(exc)),
                )

        self.status = None
        self.thread = threading.Thread(target=work, name="debrief-export", daemon=True)
        self.thread.start()

    def report_written(self, text: str) -> None:
        """Say where the report is, with buttons that open it and its folder."""

        path, app = self.path, self.scene.app
        buttons = [DialogButton("ok", t("dialog.ok"), primary=True, cancel=True)]
        if path is not None:
            buttons[:0] = [
                DialogButton(
                    "open_report", t("debrief.export.open_report"), lambda: userdirs.reveal(path)
                ),
                DialogButton(
                    "open_folder",
                    t("debrief.export.open_folder"),
                    lambda: userdirs.reveal(path.parent),
                ),
            ]
        app.push(DialogScene(app, t("debrief.export.done_title"), text, buttons))

    def wait_export(self, timeout: float = 30.0) -> None:
        if self.thread is not None:
            self.thread.join(timeout)


def documents() -> Path:

    return documents_dir()


__all__ = ["Exporter", "documents"]
