"""The player's settings, kept between runs as JSON in the config folder.

Loading never fails: a missing file gives the defaults; a corrupt file gives the defaults plus
a notice (the title screen shows it once); a bad value is clamped or replaced, with a notice.
Saving is atomic (temp file, fsync, rename), so a crash mid-write keeps the old file.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from game import i18n, userdirs

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"
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
        w, h = (int(v) for v in size)
        cw = int(_clamp(w, MIN_WINDOW[0], MAX_WINDOW[0]))
        ch = int(_clamp(h, MIN_WINDOW[1], MAX_WINDOW[1]))
        if (cw, ch) != (w, h):
            bad("window_size")
        result.window_size = (cw, ch)
    except (TypeError, ValueError):
        bad("window_size")

    for name in ("fullscreen", "sound"):
        value = data.get(name, getattr(defaults, name))
        if isinstance(value, bool):
            setattr(result, name, value)
        else:
            bad(name)

    scale = data.get("ui_scale", defaults.ui_scale)
    if isinstance(scale, int | float) and not isinstance(scale, bool) and scale == scale:
        nearest = min(UI_SCALES, key=lambda s: abs(s - float(scale)))
        if abs(nearest - float(scale)) > 1e-9:
            bad("ui_scale")
        result.ui_scale = nearest
    else:
        bad("ui_scale")

    palette = data.get("palette", defaults.palette)
    if palette in PALETTES:
        result.palette = palette
    else:
        bad("palette")

    language = data.get("language", defaults.language)
    if isinstance(language, str) and language in i18n.available_languages():
        result.language = language
    else:
        bad("language")
    return result, notices


def load_settings(path: Path | None = None) -> tuple[Settings, list[Notice]]:
    """The saved settings (or defaults) and the notices to show the player."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        log.warning("cannot read settings %s: %s", path, exc)
        return Settings(), [Notice("settings.notice.unreadable")]
    try:
        data = json.loads(text)
    except ValueError as exc:
        log.warning("corrupt settings file %s: %s", path, exc)
        return Settings(), [Notice("settings.notice.corrupt")]
    settings, notices = from_dict(data)
    if notices:
        log.warning("settings repaired: %s", [n.fmt.get("field", n.key) for n in notices])
    return settings, notices


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
