"""The player's settings, kept between runs as JSON in the config folder.

Loading never fails and never stops the game: a missing file gives the defaults; a file that
cannot be read (another encoding than UTF-8 or UTF-16 with its mark, not JSON, nested deeper
than Python recurses, too large) gives the defaults plus a notice (the title screen shows it
once) and is kept aside as `settings.json.bad` so nothing is lost; a bad value (infinity in the
window size, a word for a number) is clamped or replaced, with a notice, and the repaired file
is written back (the original kept aside too). Saving is atomic (temp file, fsync, rename), so
a crash mid-write keeps the old file.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import logging
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from game import i18n, userdirs

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"
MAX_BYTES = 64 * 1024  # a settings file is a few hundred bytes
FORMAT_VERSION = 1
WINDOW_SIZES = [(1280, 720), (1366, 768), (1600, 900), (1920, 1080), (2560, 1440)]
MIN_WINDOW = (960, 540)
MAX_WINDOW = (7680, 4320)
UI_SCALES = [0.75, 1.0, 1.25, 1.5, 1.75, 2.0]
PALETTES = ["normal", "colour_blind", "high_contrast"]


@dataclass(frozen=True)
class Notice:
    """A message for the player, as a translation key and its placeholders."""

    key: str
    fmt: dict = field(default_factory=dict)
    title: str = "settings.notice.title"  # the dialog's heading when this notice comes first

    def text(self) -> str:
        fmt = dict(self.fmt)
        if "field" in fmt:  # a setting's name, shown in the player's language
            fmt["field"] = i18n.t(f"settings.{fmt['field']}")
        return i18n.t(self.key, **fmt)


@dataclass
class Settings:
    window_size: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    ui_scale: float = 1.0
    palette: str = "normal"
    sound: bool = True
    language: str = "en"
    save_folder: str = ""  # where saves go when the usual folder could not be written

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["window_size"] = list(self.window_size)
        data["version"] = FORMAT_VERSION
        return data


def settings_path() -> Path:
    return userdirs.config_dir() / FILE_NAME


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def from_dict(data: object) -> tuple[Settings, list[Notice]]:
    """Settings from parsed JSON, repairing every bad field (each repair adds a notice)."""
    defaults = Settings()
    if not isinstance(data, dict):
        return defaults, [Notice("settings.notice.corrupt")]
    notices: list[Notice] = []
    result = Settings()

    def bad(name: str) -> None:
        notices.append(Notice("settings.notice.bad_value", {"field": name}))

    size = data.get("window_size", defaults.window_size)
    try:
        if not isinstance(size, list | tuple) or len(size) != 2:
            raise TypeError("two numbers")
        w, h = (int(v) for v in size)  # OverflowError for infinity, ValueError for NaN
        cw = int(_clamp(w, MIN_WINDOW[0], MAX_WINDOW[0]))
        ch = int(_clamp(h, MIN_WINDOW[1], MAX_WINDOW[1]))
        if (cw, ch) != (w, h) or not all(isinstance(v, int) for v in size):
            bad("window_size")
        result.window_size = (cw, ch)
    except (TypeError, ValueError, OverflowError):
        bad("window_size")

    for name in ("fullscreen", "sound"):
        value = data.get(name, getattr(defaults, name))
        if isinstance(value, bool):
            setattr(result, name, value)
        else:
            bad(name)

    scale = data.get("ui_scale", defaults.ui_scale)
    if isinstance(scale, int | float) and not isinstance(scale, bool) and math.isfinite(scale):
        nearest = min(UI_SCALES, key=lambda s: abs(s - float(scale)))
        if abs(nearest - float(scale)) > 1e-9:
            bad("ui_scale")
        result.ui_scale = nearest
    else:
        bad("ui_scale")

    palette = data.get("palette", defaults.palette)
    if isinstance(palette, str) and palette in PALETTES:
        result.palette = palette
    else:
        bad("palette")

    folder = data.get("save_folder", defaults.save_folder)
    if isinstance(folder, str) and len(folder) <= 1000 and folder.isprintable():
        result.save_folder = folder
    else:
        bad("save_folder")

    language = data.get("language", defaults.language)
    if isinstance(language, str) and language in i18n.available_languages():
        result.language = language
    else:
        bad("language")
    return result, notices


def load_settings(path: Path | None = None) -> tuple[Settings, list[Notice]]:
    """The saved settings (or defaults) and the notices to show the player. Never raises."""
    try:
        path = path or settings_path()
        raw = _read(path)
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        log.warning("cannot read settings %s: %s", path, exc)
        return Settings(), [Notice("settings.notice.unreadable")]
    try:
        data = json.loads(_decode(raw))
    except (ValueError, RecursionError, MemoryError) as exc:  # not text, not JSON, too deep
        log.warning("corrupt settings file %s: %s", path, str(exc)[:200])
        keep_aside(path)
        return Settings(), [Notice("settings.notice.corrupt")]
    settings, notices = from_dict(data)
    if notices:
        log.warning("settings repaired: %s", [n.fmt.get("field", n.key) for n in notices])
        if keep_aside(path):
            save_settings(settings, path)  # the repaired settings, so the notice shows once
    return settings, notices


def _read(path: Path) -> bytes:
    with open(path, "rb") as fh:
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return b"\xff too large"  # not text: kept aside like any unreadable file
    return raw


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without its byte-order mark), or UTF-16 with its mark (Notepad's
    "Unicode"); anything else (Latin-1, binary) is a ValueError."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def keep_aside(path: Path) -> bool:
    """Rename a bad settings file to `settings.json.bad` (replacing an older one): the player's
    file is kept to look at, and the next start does not trip over it. False if it could not be."""
    try:
        os.replace(path, path.with_name(path.name + ".bad"))
        return True
    except OSError as exc:
        log.warning("could not keep the bad settings file aside: %s", exc)
        return False


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write atomically. Returns False (and logs) if the folder cannot be written."""
    try:
        path = path or settings_path()
        write_json_atomic(path, settings.to_dict())
        return True
    except OSError as exc:
        log.error("cannot save settings: %s", exc)
        return False


def write_json_atomic(path: Path, data: object) -> None:
    """Temp file in the same folder, fsync, rename: readers see the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
