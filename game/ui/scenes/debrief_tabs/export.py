"""Exporting the report from the debrief: to the documents folder (E) or a chosen one (F),
written in the background (the charts in a child process) while the screen stays live.
Mixed into DebriefScene."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pygame
import pygame_gui

from game.i18n import t

log = logging.getLogger("game.ui.scenes.debrief")


class Export:
    """Mixed into DebriefScene."""

    def open_folder_dialog(self) -> None:
        if self.file_dialog is not None and self.file_dialog.alive():
            return
        w, h = self.size
        rect = pygame.Rect(
            0, 0, min(w - self.px(80), self.px(640)), min(h - self.px(80), self.px(520))
        )
        rect.center = (w // 2, h // 2)
        folder = documents()
        start = folder if folder.exists() else Path.home()
        self.file_dialog = pygame_gui.windows.UIFileDialog(
            rect,
            self.manager,
            window_title=t("debrief.export.dialog_title"),
            initial_file_path=str(start),
            allow_picking_directories=True,
            allow_existing_files_only=True,
        )
        self.track(self.file_dialog)

    def export(self, folder: Path) -> None:
        """Write the report from a background thread (it waits for the runs still going; the
        charts are drawn in a child process)."""
        if self._export_thread is not None and self._export_thread.is_alive():
            return
        job = self.job
        session = self.session

        def work() -> None:
            from game.debrief import report  # noqa: PLC0415 - matplotlib only when exporting

            try:
                if job is not None and job.running:
                    job.wait()
                results = job.snapshot() if job is not None else {}
                html_path = report.export_in_background(session, folder, results)
                self._export_path = html_path
                self._export_result = ("good", t("debrief.export.done", path=str(html_path)))
            except Exception as exc:  # noqa: BLE001 - a message on screen, the trace in the log
                log.exception("report export failed")
                self._export_result = (
                    "bad",
                    t("debrief.export.failed", folder=str(folder), error=str(exc)),
                )

        self.export_status = None
        self._export_thread = threading.Thread(target=work, name="debrief-export", daemon=True)
        self._export_thread.start()

    def report_written(self, text: str) -> None:
        """Say where the report is, with buttons that open it and its folder."""
        from game import userdirs  # noqa: PLC0415
        from game.ui.scenes.dialog import DialogButton, DialogScene  # noqa: PLC0415

        path = self._export_path
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
        self.app.push(DialogScene(self.app, t("debrief.export.done_title"), text, buttons))

    def wait_export(self, timeout: float = 30.0) -> None:
        if self._export_thread is not None:
            self._export_thread.join(timeout)


def documents() -> Path:
    from game.debrief.report import documents_dir  # noqa: PLC0415

    return documents_dir()


__all__ = ["Export", "documents"]
