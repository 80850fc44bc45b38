"""Who may write in the saves folder, and where it is: one window of the game at a time holds
it (an OS lock, released however the process ends, kill -9 too), the holder cleans up what a
killed game left half-written, and the player may move it to a folder of their own when the
usual one cannot be written. `failure_reason` says why a save failed, in the player's words.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from pathlib import Path
from typing import Any

from game import userdirs

log = logging.getLogger(__name__)

LOCK_NAME = ".instance.lock"
_lock: dict[str, Any] = {"file": None, "folder": None, "other": False}


def claim_folder(folder: Path | None = None) -> bool:
    """Take the saves folder for this window: an OS lock on a file in it, released when the
    process ends however it ends (kill -9 too). False if another window of the game holds
    it: then this window's autosaves stop (`autosave_blocked`), so they cannot overwrite that
    window's run. Without a folder it can write, the window is not blocked (the save fails on
    its own, with its own reason)."""
    release_folder()
    try:
        folder = folder or userdirs.saves_dir()
        fh = open(folder / LOCK_NAME, "a+b")  # noqa: SIM115 - held for the process's life
    except OSError:
        return True
    if not _try_lock(fh):
        fh.close()
        _lock.update(file=None, folder=folder, other=True)
        return False
    _lock.update(file=fh, folder=folder, other=False)
    return True


def release_folder() -> None:
    fh = _lock.get("file")
    if fh is not None:
        with contextlib.suppress(OSError):
            fh.close()  # closing releases the lock
    _lock.update(file=None, folder=None, other=False)


def _try_lock(fh) -> bool:
    try:
        import fcntl  # noqa: PLC0415 - POSIX

        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except ImportError:
        import msvcrt  # noqa: PLC0415 - Windows

        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    except OSError:
        return False


def autosave_blocked() -> bool:
    """Another window of the game holds this saves folder (see claim_folder)."""
    return bool(_lock["other"])


def clean_leftovers(folder: Path | None = None) -> int:
    """Remove temp files a killed game left half-written (`slot1.json.x8k2.tmp`). Only the
    window that holds the folder may: another window's writes are in flight. Returns how many."""
    if _lock["file"] is None:
        return 0
    removed = 0
    try:
        folder = folder or userdirs.saves_dir(create=False)
        leftovers = [p for p in folder.iterdir() if p.name.endswith(".tmp") and p.is_file()]
    except OSError:
        return 0
    for p in leftovers:
        try:
            p.unlink()
            removed += 1
        except OSError:
            pass
    if removed:
        log.info("removed %d half-written save files in %s", removed, folder)
    return removed


def use_folder(folder: Path | str) -> Path:
    """Keep saves in `folder` from now on (made if missing, checked writable, claimed for this
    window). Raises OSError with the reason if it cannot be used."""
    path = Path(folder).expanduser()
    if not path.is_absolute():
        path = Path.home() / path
    path.mkdir(parents=True, exist_ok=True)
    probe = path / f".write-test-{os.getpid()}.tmp"
    probe.write_bytes(b"ok")
    probe.unlink()
    userdirs.set_saves_dir(path)
    if not claim_folder(path):
        raise OSError(errno.EBUSY, "another window of the game saves in this folder")
    return path


def _trouble(exc: BaseException) -> str:
    """What kind of trouble an OSError is, in the words the messages use."""
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "full"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "denied"
    if code in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        return "in_the_way"
    if code == errno.EBUSY:
        return "other_window"
    return "other"


def failure_reason(exc: BaseException) -> str:
    """The translation key that says why a save failed, in the player's words."""
    return f"save.failure.{_trouble(exc)}"


def folder_reason(exc: BaseException) -> str:
    """Why a folder the player typed cannot hold saves (a translation key)."""
    return f"folder.failure.{_trouble(exc)}"
