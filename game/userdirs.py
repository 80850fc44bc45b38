"""Where the game keeps the player's things: settings, saves and the error log.

Follows the XDG base directories (``~/.config/iron-rice-bowl``, ``~/.local/share/iron-rice-bowl``)
with overrides for tests and portable installs: ``IRB_CONFIG_DIR`` and ``IRB_DATA_DIR``.
Folders are created on first use, never at import.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

APP_FOLDER = "iron-rice-bowl"
LOG_NAME = "errors.log"
_log_handler: logging.Handler | None = None


def _base(override_env: str, xdg_env: str, fallback: str) -> Path:
    override = os.environ.get(override_env)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get(xdg_env)
    root = Path(xdg).expanduser() if xdg else Path.home() / fallback
    return root / APP_FOLDER


def config_dir(create: bool = True) -> Path:
    """The settings folder (IRB_CONFIG_DIR, else $XDG_CONFIG_HOME or ~/.config, + iron-rice-bowl)."""
    path = _base("IRB_CONFIG_DIR", "XDG_CONFIG_HOME", ".config")
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir(create: bool = True) -> Path:
    """Saves and logs (IRB_DATA_DIR, else $XDG_DATA_HOME or ~/.local/share, + iron-rice-bowl)."""
    path = _base("IRB_DATA_DIR", "XDG_DATA_HOME", ".local/share")
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


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
    return data_dir(create=False) / LOG_NAME


def setup_logging(level: int = logging.INFO, once: bool = False) -> Path | None:
    """Send warnings and errors (with tracebacks) to the log file, never to the player.

    Returns the log file's path, or None when the data folder cannot be written (then the
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
        path = data_dir() / LOG_NAME
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
