"""Where the game keeps the player's things: settings, saves, logs and exported reports.

The folders each system's users expect, from platformdirs: on Linux the XDG ones
(``~/.config/iron-rice-bowl``, ``~/.local/share/iron-rice-bowl``, logs in
``~/.local/state/iron-rice-bowl/log``), on Windows ``AppData\\Roaming\\Iron Rice Bowl`` (it follows a
student between a school's machines; logs stay in ``AppData\\Local``), on macOS
``~/Library/Application Support/Iron Rice Bowl`` (logs in ``~/Library/Logs``). Reports go to
``Iron Rice Bowl`` in the user's Documents folder (the real one: OneDrive's on Windows, the
XDG user-dirs one on Linux). Overrides for tests and portable installs: ``IRB_CONFIG_DIR``,
``IRB_DATA_DIR`` (logs too) and ``IRB_REPORT_DIR``. Folders are created on first use, never at
import. `move_old_files` brings over what older versions kept under ``~/.config`` and
``~/.local/share`` on every system.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import shutil
import subprocess
import sys
from pathlib import Path

import platformdirs

APP_FOLDER = "iron-rice-bowl"  # Linux folder names are lower case
APP_NAME = "Iron Rice Bowl"  # Windows and macOS show folders by their names
LOG_NAME = "errors.log"
_log_handler: logging.Handler | None = None
log = logging.getLogger(__name__)


def _app_name() -> str:
    return APP_NAME if sys.platform in ("win32", "darwin") else APP_FOLDER


def _system_dirs(roaming: bool = True) -> platformdirs.PlatformDirs:
    return platformdirs.PlatformDirs(_app_name(), appauthor=False, roaming=roaming)


def _chosen(override_env: str, usual: str, create: bool) -> Path:
    override = os.environ.get(override_env)
    path = Path(override).expanduser() if override else Path(usual)
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir(create: bool = True) -> Path:
    """The settings folder (IRB_CONFIG_DIR, else the system's, e.g. ~/.config/iron-rice-bowl)."""
    return _chosen("IRB_CONFIG_DIR", _system_dirs().user_config_dir, create)


def data_dir(create: bool = True) -> Path:
    """Saves and the player's scenarios (IRB_DATA_DIR, else the system's data folder)."""
    return _chosen("IRB_DATA_DIR", _system_dirs().user_data_dir, create)


def log_dir(create: bool = True) -> Path:
    """The error log's folder: IRB_DATA_DIR when set (a portable install keeps everything
    together), else the system's place for logs."""
    return _chosen("IRB_DATA_DIR", _system_dirs(roaming=False).user_log_dir, create)


def documents_dir() -> Path:
    """The user's Documents folder (home if the system has none)."""
    try:
        docs = Path(platformdirs.user_documents_dir())
    except (OSError, ValueError):  # an odd registry or user-dirs file: fall back to home
        docs = Path.home() / "Documents"
    return docs if docs.is_dir() else Path.home()


def reports_dir() -> Path:
    """Where "Export report" writes by default: IRB_REPORT_DIR, else ``Iron Rice Bowl`` in
    the user's Documents folder (made when the first report is written)."""
    override = os.environ.get("IRB_REPORT_DIR")
    return Path(override).expanduser() if override else documents_dir() / APP_NAME


_saves_override: Path | None = None


def set_saves_dir(path: Path | None) -> None:
    """Keep saves in `path` from now on (the player chose another folder because the usual
    one cannot be written); None goes back to the usual one."""
    global _saves_override
    _saves_override = Path(path) if path is not None else None


def saves_dir(create: bool = True) -> Path:
    """Save slots and the autosave live here (the save system writes them)."""
    path = _saves_override if _saves_override is not None else data_dir(create) / "saves"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def scenarios_dir(create: bool = True) -> Path:
    """The player's own scenarios: files put here, or opened from anywhere in the picker (which
    keeps a copy here), are listed beside the built-in ones."""
    path = data_dir(create) / "scenarios"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def autosave_path() -> Path:
    """The file "Continue" on the title screen resumes from."""
    return saves_dir(create=False) / "autosave.json"


def log_path() -> Path:
    return log_dir(create=False) / LOG_NAME


def setup_logging(level: int = logging.INFO, once: bool = False) -> Path | None:
    """Send warnings and errors (with tracebacks) to the log file, never to the player.

    Returns the log file's path, or None when the log folder cannot be written (then the
    log goes nowhere rather than stopping the game). Safe to call more than once: the
    handler is replaced, so tests that switch IRB_DATA_DIR get a fresh file; with `once`, a
    handler already in place is kept.
    """
    global _log_handler
    root = logging.getLogger()
    if once and isinstance(_log_handler, logging.FileHandler):
        return Path(_log_handler.baseFilename)
    close_logging()
    try:
        path = log_dir() / LOG_NAME
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=512_000, backupCount=2, encoding="utf-8"
        )
    except OSError:
        root.addHandler(logging.NullHandler())
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    _log_handler = handler
    logging.captureWarnings(True)  # library warnings go to the log, not the player's console
    return path


def close_logging() -> None:
    """Detach and close the log file handler (tests switch data folders)."""
    global _log_handler
    if _log_handler is not None:
        logging.getLogger().removeHandler(_log_handler)
        _log_handler.close()
        _log_handler = None


# --- older versions' folders -----------------------------------------------------------------------

# Where versions before the move to platformdirs kept things, on every system alike.
OLD_FOLDERS = (
    ("config", Path(".config") / APP_FOLDER),
    ("data", Path(".local/share") / APP_FOLDER),
)


def move_old_files() -> Path | None:
    """Move the settings, saves and scenarios an older version kept under ``~/.config`` and
    ``~/.local/share`` (wrong places on Windows and macOS) into this system's folders, once:
    moved files are gone from the old place, so the next start finds nothing. A file the new
    folder already has stays where it is (nothing is overwritten); old logs go to the log
    folder. Returns the folder the saves went to when anything moved (for the player's note),
    else None. With IRB_CONFIG_DIR or IRB_DATA_DIR set nothing is looked for (a portable or a
    test set-up). Never raises: a file that cannot be moved is logged and left."""
    if os.environ.get("IRB_CONFIG_DIR") or os.environ.get("IRB_DATA_DIR"):
        return None
    moved = 0
    for kind, rel in OLD_FOLDERS:
        try:
            old = Path.home() / rel  # RuntimeError where the system names no home folder
            new = config_dir(create=False) if kind == "config" else data_dir(create=False)
            if not old.is_dir() or _same_folder(old, new):
                continue
            moved += _move_tree(old, new)
            _remove_if_empty(old)
        except (OSError, RuntimeError) as exc:
            log.warning("could not look into the old folder %s: %s", rel, exc)
    return data_dir(create=False) if moved else None


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return b.exists() and a.samefile(b)
    except OSError:
        return False


def _move_tree(old: Path, new: Path) -> int:
    """Move what `old` holds into `new`, folder by folder; count the files moved."""
    moved = 0
    for item in sorted(old.iterdir()):
        is_log = item.name.startswith(LOG_NAME)  # kept beside today's log as old-errors.log
        target = log_dir(create=False) / f"old-{item.name}" if is_log else new / item.name
        try:
            if item.is_dir() and not item.is_symlink():
                moved += _move_tree(item, target)
                _remove_if_empty(item)
            elif target.exists():
                log.info("kept %s: %s already exists", item, target)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(item), str(target))
                moved += 0 if is_log else 1
                log.info("moved %s to %s", item, target)
        except OSError as exc:
            log.warning("could not move %s to %s: %s", item, target, exc)
    return moved


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty (a file kept because the new folder had one): left for the player


# --- showing a folder ------------------------------------------------------------------------------


def reveal(path: Path) -> bool:
    """Open a folder (or a file, with its usual program) in the system's file manager.
    False if the system offers no way (then the game shows the path in words)."""
    path = Path(path)
    try:
        if sys.platform == "win32":
            os.startfile(path)  # noqa: S606 - the player asked to see their own folder
            return True
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        if shutil.which(opener) is None:
            return False
        subprocess.Popen(  # noqa: S603 - a fixed program and the player's own folder
            [opener, str(path)],
            env=_outside_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return True
    except OSError as exc:
        log.warning("could not open %s: %s", path, exc)
        return False


def _outside_env() -> dict[str, str]:
    """The environment for a program outside the game: a frozen build (PyInstaller) points
    LD_LIBRARY_PATH at its own libraries, which the file manager must not load."""
    env = dict(os.environ)
    if getattr(sys, "frozen", False):
        original = env.pop("LD_LIBRARY_PATH_ORIG", None)
        if original is not None:
            env["LD_LIBRARY_PATH"] = original
        else:
            env.pop("LD_LIBRARY_PATH", None)
    return env
