"""Saves: a run as one readable JSON file with a format version and a checksum.

`save(session, path)` writes atomically (a temp file in the same folder, flush + fsync,
`os.replace`) and keeps the save it replaces as `<path>.prev`. `load(path)` gives the
GameSession back, bit-exact (the engine's own save), or raises `SaveError` with a message a
player can read; `SaveError.prev` names the previous save when there is one to offer.

Where: the autosave (`userdirs.autosave_path()`, written after every month) and manual
slots 1-5, all in the user's data folder (`userdirs.saves_dir()`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from game import i18n, userdirs

log = logging.getLogger(__name__)

MAGIC = "iron-rice-bowl-save"
VERSION = 1
SLOTS = (1, 2, 3, 4, 5)


class SaveError(Exception):
    """A save that cannot be read. `str(err)` is the player's message; `prev` the previous save
    (a Path) if one exists to offer instead."""

    def __init__(self, message: str, path: Path | None = None, prev: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.prev = prev


# --- where ------------------------------------------------------------------------------------


def autosave_path() -> Path:
    userdirs.saves_dir()  # make the folder
    return userdirs.autosave_path()


def slot_path(slot: int) -> Path:
    if slot not in SLOTS:
        raise ValueError(f"save slots are {SLOTS[0]} to {SLOTS[-1]}")
    return userdirs.saves_dir() / f"slot{slot}.json"


def prev_path(path: Path | str) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".prev")


# --- writing ------------------------------------------------------------------------------------


def _payload_digest(session_data: dict) -> str:
    blob = json.dumps(session_data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


LANGS = ("en", "zh")


def in_language(info: dict, key: str) -> str:
    """A slot summary's title or player in the player's language (older saves: as saved)."""
    by_lang = info.get(key + "s") or {}
    return by_lang.get(i18n.get_language()) or info.get(key, "")


def summary(session) -> dict:
    """What the slots screen shows without loading the run."""
    f = session.facts()
    sc = session.scenario
    player = getattr(getattr(sc, "player", None), "name", None)
    return {
        "title": session.title(),
        # in every language, so the slots read right after the player switches language
        "titles": {lang: sc.text(getattr(sc, "title", ""), lang) for lang in LANGS},
        "players": {lang: sc.text(player, lang) for lang in LANGS} if player else {},
        "scenario": session.scenario_ref or "",
        "month": session.month,
        "months": session.params.months,
        "cash_yuan": round(float(f["cash_yuan"]), 2),
        "status": f["status"],
        "trade": session.trade_name(int(session.engine.state.trade[session.player])),
        "player": session.player_name(),
        "seed": session.seed,
        "screen": session.screen,
    }


def save(session, path: Path | str) -> Path:
    """Write `session` to `path` atomically; the file it replaces becomes `path.prev`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = session.to_dict()
    doc = {
        "format": MAGIC,
        "version": VERSION,
        "saved_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "summary": summary(session),
        "checksum": _payload_digest(data),
        "session": data,
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            _keep_previous(path)
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, prev_path(path).with_name(prev_path(path).name + ".tmp")):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        raise
    _fsync_dir(path.parent)
    return path


def _keep_previous(path: Path) -> None:
    """`path` -> `path.prev` while `path` stays in place (a hard link, else a copy)."""
    prev = prev_path(path)
    tmp = prev.with_name(prev.name + ".tmp")
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    try:
        os.link(path, tmp)
    except OSError:
        shutil.copyfile(path, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
    os.replace(tmp, prev)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- reading ------------------------------------------------------------------------------------


def read_document(path: Path | str) -> dict:
    """The save's JSON document, checked (format, version, checksum). Raises SaveError."""
    path = Path(path)
    prev = prev_path(path)
    offer = prev if prev.exists() else None
    if not path.exists():
        raise SaveError(i18n.t("save.error.missing", path=str(path)), path, offer)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveError(
            i18n.t("save.error.unreadable", path=str(path), error=exc.strerror or str(exc)),
            path,
            offer,
        ) from exc
    if not raw.strip():
        raise SaveError(i18n.t("save.error.empty", path=str(path)), path, offer)
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f"{exc.lineno}:{exc.colno}" if isinstance(exc, json.JSONDecodeError) else "?"
        raise SaveError(
            i18n.t("save.error.damaged", path=str(path), where=where, size=len(raw)), path, offer
        ) from exc
    if not isinstance(doc, dict) or doc.get("format") != MAGIC:
        raise SaveError(i18n.t("save.error.not_a_save", path=str(path)), path, offer)
    if doc.get("version") != VERSION:
        raise SaveError(
            i18n.t("save.error.version", path=str(path), version=doc.get("version"), ours=VERSION),
            path,
            offer,
        )
    data = doc.get("session")
    if not isinstance(data, dict) or doc.get("checksum") != _payload_digest(data):
        raise SaveError(i18n.t("save.error.checksum", path=str(path)), path, offer)
    return doc


def load(path: Path | str):
    """The GameSession saved at `path`. Raises SaveError with a message for the player."""
    from game.session import GameSession  # noqa: PLC0415

    path = Path(path)
    doc = read_document(path)
    try:
        session = GameSession.from_dict(doc["session"])
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        prev = prev_path(path)
        log.exception("save %s could not be rebuilt", path)
        raise SaveError(
            i18n.t("save.error.damaged_inside", path=str(path), error=str(exc)),
            path,
            prev if prev.exists() else None,
        ) from exc
    return session


def slot_info(path: Path | str) -> dict[str, Any]:
    """For the slots screen: {"state": "empty"} | {"state": "ok", summary..., "saved_at"} |
    {"state": "broken", "message", "prev"}."""
    path = Path(path)
    if not path.exists():
        prev = prev_path(path)
        if prev.exists():
            return {
                "state": "broken",
                "message": i18n.t("save.error.missing", path=str(path)),
                "prev": prev,
            }
        return {"state": "empty"}
    try:
        doc = read_document(path)
    except SaveError as err:
        return {"state": "broken", "message": str(err), "prev": err.prev}
    return {"state": "ok", "saved_at": doc.get("saved_at", ""), **dict(doc.get("summary") or {})}


def has_autosave() -> bool:
    return userdirs.autosave_path().exists()


__all__ = [
    "SaveError",
    "save",
    "load",
    "slot_path",
    "autosave_path",
    "prev_path",
    "slot_info",
    "read_document",
    "SLOTS",
    "VERSION",
]
