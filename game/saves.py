"""Saves: a run as one readable JSON file with a format version and a checksum.

`save(session, path)` writes atomically (a temp file in the same folder, flush + fsync,
`os.replace`) and keeps the save it replaces as `<path>.prev`. `GameSession.load(path)` gives
the run back, bit-exact (the engine's own save), or raises `SaveError` with a message a
player can read; `SaveError.prev` names the previous save when there is one to offer. This
module owns the files; the session owns what is in them (it imports this, never the reverse).

Where: the autosave (`userdirs.autosave_path()`, written after every month) and manual
slots 1-5, all in the user's data folder (`userdirs.saves_dir()`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game import i18n, jsonfile, runcheck, userdirs

# Who may write in the folder, moving it, and why a save failed (game/savefolder.py).
from game.savefolder import (
    autosave_blocked,
    claim_folder,
    clean_leftovers,
    failure_reason,
    folder_reason,
    release_folder,
    use_folder,
)

log = logging.getLogger(__name__)

MAGIC = "iron-rice-bowl-save"
VERSION = 1
SLOTS = (1, 2, 3, 4, 5)


class SaveError(Exception):
    """A save that cannot be read. `str(err)` is the player's message; `prev` the previous save
    (a Path) if one exists to offer instead."""

    def __init__(
        self,
        message: str,
        path: Path | None = None,
        prev: Path | None = None,
        field: str = "(file)",
        detail: str = "",
        where: tuple[int, int] = (1, 1),
    ) -> None:
        super().__init__(message)
        self.path = path
        self.prev = prev
        self.field = field  # for the terminal: file:line:column: field: detail
        self.detail = detail or message
        self.where = where

    def located(self) -> str:
        """`file:line:column: field: what` (the command line's form of the message)."""
        return f"{self.path}:{self.where[0]}:{self.where[1]}: {self.field}: {self.detail}"


# --- where --------------------------------------------------------------------------------------


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


MAX_BYTES = 64 << 20  # a 20,000-household run saves a few MB; anything far larger is not ours


def _payload_digest(session_data: dict, summary_data: dict | None = None) -> str:
    """The checksum: over the session and (from this version on) the summary the slots show."""
    covered: Any = session_data if summary_data is None else [summary_data, session_data]
    blob = json.dumps(covered, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
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


def document_text(session) -> str:
    """The save file's text for `session` as it stands now."""
    return _document(session.to_dict(), summary(session), time.strftime("%Y-%m-%d %H:%M:%S"))


def _document(data: dict, shown: dict, saved_at: str) -> str:
    doc = {
        "format": MAGIC,
        "version": VERSION,
        "saved_at": saved_at,
        "summary": shown,
        "checksum": _payload_digest(data, shown),
        "session": data,
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


# --- the same text, made in pieces on the saves thread ------------------------------------------
# One json.dumps of a whole run holds Python's lock for as long as it takes (a few ms here, far
# more on an old laptop), and the window's frames wait for it. Made in pieces, the lock is let go
# between them (`time.sleep(0)`), so a frame waits at most for one piece. The pieces join into
# exactly the text (and the checksum) that json.dumps of the whole gives.

_SPLIT_DEPTH = 3  # dicts nested this deep are written in one piece each
_JSON = {"ensure_ascii": False, "separators": (",", ":")}


def _pieces(value: Any, sort_keys: bool, depth: int = _SPLIT_DEPTH):
    """json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys) in
    pieces (dicts are opened down to `depth` levels), letting go of Python's lock between the
    pieces of the outer levels."""
    if not isinstance(value, dict) or depth <= 0 or not value:
        yield json.dumps(value, sort_keys=sort_keys, **_JSON)
        return
    if not all(isinstance(k, str) for k in value):  # json's own key rules: as json writes it
        yield json.dumps(value, sort_keys=sort_keys, **_JSON)
        return
    keys = sorted(value) if sort_keys else list(value)
    for i, key in enumerate(keys):
        yield ("{" if i == 0 else ",") + json.dumps(key, **_JSON) + ":"
        yield from _pieces(value[key], sort_keys, depth - 1)
        if depth >= _SPLIT_DEPTH - 1:
            time.sleep(0)  # let a frame in
    yield "}"


def _document_in_pieces(data: dict, shown: dict, saved_at: str) -> str:
    """`_document`'s text, byte for byte, made in pieces (for the saves thread)."""
    digest = hashlib.sha256(b"[" + json.dumps(shown, sort_keys=True, **_JSON).encode() + b",")
    for piece in _pieces(data, sort_keys=True):
        digest.update(piece.encode("utf-8"))
    digest.update(b"]")
    head = {
        "format": MAGIC,
        "version": VERSION,
        "saved_at": saved_at,
        "summary": shown,
        "checksum": digest.hexdigest(),
    }
    text = json.dumps(head, **_JSON)[:-1] + ',"session":'
    return "".join([text, *_pieces(data, sort_keys=False), "}"])


class Snapshot:
    """The run as it stands, taken cheaply in the frame of a decision; `text()` makes the save
    file's text from it later, on the saves thread, byte for byte what `document_text` gives
    now. The session's data and its engine are pickled at once: a deep copy made in C (the
    state's columns, the history, the notes), so nothing the player does afterwards reaches
    it; the engine's entry (its arrays written out as hex) and the scenario's data, most of
    the cost of `to_dict`, are made with the text (the scenario is frozen); the slots' summary
    and the time are small and taken now."""

    def __init__(self, session) -> None:
        self.saved_at = time.strftime("%Y-%m-%d %H:%M:%S")
        self.summary = summary(session)
        data, engine, self._scenario = session.save_parts()
        try:
            self._data: bytes | None = pickle.dumps(
                (data, engine), protocol=pickle.HIGHEST_PROTOCOL
            )
            self._text: str | None = None
        except Exception:  # noqa: BLE001 - something in the run pickle cannot copy: as before
            log.warning("the save is made in the frame (its data cannot be copied)", exc_info=True)
            self._data = None
            data["engine"] = engine.to_dict()
            data["scenario"] = self._scenario()
            self._text = _document(data, self.summary, self.saved_at)

    def text(self) -> str:
        if self._text is not None:
            return self._text
        assert self._data is not None
        data, engine = pickle.loads(self._data)
        data["engine"] = engine.to_dict()  # in their places: the keys are already there
        data["scenario"] = self._scenario()
        return _document_in_pieces(data, self.summary, self.saved_at)


def save(session, path: Path | str) -> Path:
    """Write `session` to `path` atomically; the file it replaces becomes `path.prev`."""
    wait_for_writes()  # a save in the background to the same file lands first
    return write_text(document_text(session), path)


def write_text(text: str, path: Path | str) -> Path:
    """Write a save's text to `path` atomically (temp file, fsync, rename; the old file kept as
    `path.prev`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
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


# The saves thread starts on a save this long after it was asked for. Its text (json, checksum)
# holds Python's lock while it is made, so made at once it would slow the very frame it was taken
# from, which goes on to build the dialog or screen the decision opens (30-150 ms); by then the
# window is drawing idle frames and sleeping between them. `wait_for_writes` does not wait it out.
SETTLE_S = 0.2
# Saves of one file asked for while the first waits are written once, as the last of them (the
# debrief autosaves on every answer: 19 snapshots were queued at once in a bot's run, issue 17),
# for up to this long after the first was due.
COALESCE_S = 1.0


class _Writer:
    """One thread that writes saves in the order they were asked for. The game's window hands
    it the autosave, so neither making the file's text (json, checksum: ~10 ms for a run at
    500 households, several times that on an old laptop) nor the disk's flush (fsync: 10 ms
    here, far more on an old laptop's disk) holds a frame; the frame only takes a `Snapshot`.
    `wait()` returns once everything asked for is on disk (the game waits before it quits,
    loads or saves elsewhere)."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._hurry = threading.Event()  # someone waits: no settling

    def put(self, snapshot: Snapshot, path: Path, done: Callable[[Exception | None], None]) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="saves", daemon=True)
                self._thread.start()
        self._jobs.put((time.monotonic() + SETTLE_S, snapshot, path, done))

    def _run(self) -> None:
        held = None  # a save taken from the queue for another file: the next one written
        while True:
            jobs = [held if held is not None else self._jobs.get()]
            held = None
            try:
                while True:
                    self._hurry.wait(max(0.0, jobs[-1][0] - time.monotonic()))
                    if time.monotonic() - jobs[0][0] > COALESCE_S:
                        break
                    try:
                        later = self._jobs.get_nowait()
                    except queue.Empty:
                        break
                    if later[2] != jobs[-1][2]:
                        held = later
                        break
                    jobs.append(later)  # the same file asked for again: written once, the last
                self._write(jobs[-1][1], jobs[-1][2], [job[3] for job in jobs])
            finally:
                done = len(jobs)
                del jobs  # (not kept while the thread waits for the next save)
                for _ in range(done):
                    self._jobs.task_done()

    def _write(self, snapshot: Snapshot, path: Path, dones: list[Callable]) -> None:
        """One file written; its snapshot and text (~4-5 MB for a 24-month run at 500
        households) go when it returns: a loop's locals kept the last ones until the next save
        (issue 17). Each save it stands for is told, in the order they were asked for."""
        error: Exception | None = None
        try:
            text = snapshot.text()
        except Exception as exc:  # noqa: BLE001 - a run that cannot be saved says so
            log.exception("a save's text could not be made")
            error = exc
        else:
            try:
                write_text(text, path)
            except OSError as exc:
                error = exc
        for done in dones:
            try:
                done(error)
            except Exception:  # noqa: BLE001 - a report must not stop later saves
                log.exception("after a save")

    def wait(self) -> None:
        self._hurry.set()
        try:
            self._jobs.join()
        finally:
            self._hurry.clear()


_writer = _Writer()
_background = [False]  # the game's window turns it on while its loop runs (App.run)


def write_in_background(on: bool) -> None:
    """Autosaves go to the save thread (on) or are written before `autosave` returns (off:
    the tools, the tests, anything without a window that waits for its frames)."""
    _background[0] = bool(on)
    if not on:
        wait_for_writes()


def writing_in_background() -> bool:
    return _background[0]


def save_in_background(session, path: Path | str, done: Callable[[Exception | None], None]) -> None:
    """Snapshot `session` now; make the text and write it on the save thread. `done(error or
    None)` is called there once the file is on disk (or could not be made or written)."""
    _writer.put(Snapshot(session), Path(path), done)


def wait_for_writes() -> None:
    """Every save asked for is on disk (or has failed and said so)."""
    _writer.wait()


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
    wait_for_writes()  # never read a save that is still being written
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
    if len(raw) > MAX_BYTES:
        raise SaveError(
            i18n.t("save.error.damaged", path=str(path), where="-", size=len(raw)), path, offer
        )
    try:
        doc = jsonfile.read_json(raw)
    except ValueError as exc:
        # bad UTF-8 or JSON, NaN, a 100,000-digit number, nesting deeper than Python recurses
        at = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        raise SaveError(
            i18n.t("save.error.damaged", path=str(path), where=f"{at[0]}:{at[1]}", size=len(raw)),
            path,
            offer,
            detail=f"not a readable save ({exc.msg if isinstance(exc, json.JSONDecodeError) else exc})",
            where=at,
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != MAGIC:
        raise SaveError(i18n.t("save.error.not_a_save", path=str(path)), path, offer)
    if doc.get("version") != VERSION:
        raise SaveError(
            i18n.t(
                "save.error.version",
                path=str(path),
                version=_short(doc.get("version")),
                ours=VERSION,
            ),
            path,
            offer,
        )
    data, shown = doc.get("session"), doc.get("summary")
    if not (isinstance(data, dict) and isinstance(shown, dict)) or doc.get("checksum") not in (
        _payload_digest(data, shown),
        _payload_digest(data),  # saves written before the checksum covered the summary
    ):
        raise SaveError(i18n.t("save.error.checksum", path=str(path)), path, offer)
    try:
        check_summary(shown)
        runcheck.text(doc.get("saved_at", ""), "saved_at", 40)
    except runcheck.BadField as exc:
        raise bad_field(exc, path, raw, "", offer) from None
    return doc


def bad_field(exc: runcheck.BadField, path: Path, raw: bytes, inside: str, offer) -> SaveError:
    """A field that failed its check, as the player's sentence and the terminal's line."""
    field = f"{inside}.{exc.field}" if inside else exc.field
    try:
        at = jsonfile.locate(raw.decode("utf-8"), field)
    except (UnicodeDecodeError, ValueError):
        at = (1, 1)
    detail = str(exc).removeprefix(f"{exc.field}: ")
    return SaveError(
        i18n.t("save.error.damaged_inside", path=str(path), error=str(exc)),
        path,
        offer,
        field=field,
        detail=detail,
        where=at,
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 20 else text[:17] + "..."


def check_summary(shown: dict) -> dict:
    """The summary the slots screen shows, checked like the rest of the save (BadField)."""
    rc = runcheck
    rc.mapping(shown, "summary", 40)
    rc.text(shown.get("title", ""), "summary.title", 300)
    rc.scenario_ref(shown.get("scenario", ""), "summary.scenario")
    months = rc.whole(shown.get("months", 1), "summary.months", 1, rc.MAX_MONTH)
    rc.whole(shown.get("month", 0), "summary.month", 0, months)
    rc.number(shown.get("cash_yuan", 0.0), "summary.cash_yuan")
    for key in ("status", "trade", "player", "screen"):
        rc.text(shown.get(key, ""), f"summary.{key}", 200)
    rc.whole(shown.get("seed", 0), "summary.seed", 0, rc.MAX_SEED)
    for key in ("titles", "players"):  # the title and the player in each language
        for lang, words in rc.mapping(shown.get(key, {}), f"summary.{key}", 4).items():
            if lang not in LANGS:
                raise rc.BadField(f"summary.{key}", f"one of {', '.join(LANGS)}", lang)
            rc.text(words, f"summary.{key}.{lang}", 300)
    return shown


def load_with(path: Path | str, build: Callable[[dict], Any]) -> Any:
    """What `build` makes of the run saved at `path` (`GameSession.load` passes the session's
    own rebuild). Raises SaveError with a message for the player: the file, or what `build`
    raised of the data inside it."""
    path = Path(path)
    doc = read_document(path)
    prev = prev_path(path)
    offer = prev if prev.exists() else None
    try:
        return build(doc["session"])
    except runcheck.BadField as exc:
        raise bad_field(exc, path, path.read_bytes(), "session", offer) from None
    except Exception as exc:  # noqa: BLE001 - any field a save can get wrong is a message
        log.warning("save %s could not be rebuilt", path, exc_info=True)
        error = str(exc).split("\n")[0] or type(exc).__name__
        raise SaveError(
            i18n.t("save.error.damaged_inside", path=str(path), error=error),
            path,
            offer,
            field="session",
            detail=error,
        ) from None


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
    except Exception:  # noqa: BLE001 - one slot's trouble never blocks the others
        log.exception("slot %s could not be read", path)
        prev = prev_path(path)
        message = i18n.t("save.error.unreadable", path=str(path), error="?")
        return {"state": "broken", "message": message, "prev": prev if prev.exists() else None}
    return {"state": "ok", "saved_at": doc.get("saved_at", ""), **dict(doc.get("summary") or {})}


def has_autosave() -> bool:
    return userdirs.autosave_path().exists()


__all__ = [
    "SaveError",
    "autosave_blocked",
    "claim_folder",
    "clean_leftovers",
    "failure_reason",
    "folder_reason",
    "release_folder",
    "use_folder",
    "save",
    "load_with",
    "slot_path",
    "autosave_path",
    "prev_path",
    "slot_info",
    "read_document",
    "SLOTS",
    "VERSION",
]
