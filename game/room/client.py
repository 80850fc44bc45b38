"""The desktop game's seat in a room: a websocket client on a thread of its own.

`python main.py join CODE|ADDRESS` and the join screen make a `SeatClient`; the seat's screen
(game/ui/scenes/remote_seat.py) sends through it and reads what the host said with `poll()`
once a frame. The network never blocks a frame: the client runs an asyncio loop on its own
thread, the UI puts messages in through `send` (thread-safe) and takes `Event`s out of a queue.

It speaks docs/protocol.md: `join` with the code (or `rejoin` with the seat's token, kept in
the user's config folder per room so a student who closes the game gets the seat back), and
after a dropped connection it comes back with the token (1 s, doubling up to 10 s). No pygame
here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import queue
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

log = logging.getLogger(__name__)

PROTOCOL = 1
DEFAULT_PORT = 8765  # the host's default (game/room/cli.py)
FIRST_RETRY_S, LAST_RETRY_S = 1.0, 10.0
OPEN_TIMEOUT_S = 8.0
# Answers to the opening message after which trying again cannot help: the screen says why.
FATAL = ("bad_code", "no_free_seat", "bad_token", "protocol_version", "not_joined")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{2,15}$")


class TargetError(ValueError):
    """The code or address cannot name a room (the screen says so)."""


@dataclass(frozen=True)
class Target:
    url: str  # ws://host:port/ws
    code: str  # the join code ("" when only the address was given)

    @property
    def address(self) -> str:
        parts = urlsplit(self.url)
        return parts.netloc


def parse_target(text: str, code: str = "") -> Target:
    """A room from what a student types: the students' address the projector shows
    (`http://ADDRESS:PORT/?code=CODE`), an address (`192.168.1.5:8765`), or a bare code (a
    room on this machine). `code` is a code typed separately."""
    text = (text or "").strip()
    code = normal_code(code)
    if not text and not code:
        raise TargetError("empty")
    if text and CODE_RE.match(text) and "." not in text and ":" not in text and not code:
        if text.lower() != "localhost":
            return Target(f"ws://127.0.0.1:{DEFAULT_PORT}/ws", normal_code(text))
    if not text:
        text = "127.0.0.1"
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https", "ws", "wss") or not parts.hostname:
        raise TargetError(text)
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise TargetError(text) from None
    if not code:
        code = normal_code((parse_qs(parts.query).get("code") or [""])[0])
    scheme = "wss" if parts.scheme in ("https", "wss") else "ws"
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return Target(f"{scheme}://{host}:{port}/ws", code)


def normal_code(code: str) -> str:
    """As the host reads it: case, spaces and dashes do not matter."""
    return re.sub(r"[\s-]", "", code or "").upper()


class TokenStore:
    """Seat tokens by room (address and code), in a JSON file in the config folder. A token is
    the seat: the file is the user's own, like their saves."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def _read(self) -> dict:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, target: Target) -> str | None:
        token = self._read().get(self._key(target))
        return token if isinstance(token, str) else None

    def put(self, target: Target, token: str | None) -> None:
        if self.path is None:
            return
        data = self._read()
        if token:
            data[self._key(target)] = token
        else:
            data.pop(self._key(target), None)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        except OSError:
            log.warning("could not keep the seat's token in %s", self.path)

    @staticmethod
    def _key(target: Target) -> str:
        return f"{target.address}/{target.code}"


def default_store() -> TokenStore:
    from game import userdirs  # noqa: PLC0415 - the config folder, only when the game asks

    return TokenStore(userdirs.config_dir() / "room_seats.json")


@dataclass
class Event:
    """What the host said, for the UI thread: `kind` is a message type of the protocol
    (`welcome`, `view`, `ack`, `refused`, `error`, `notice`) or the connection's own
    (`online`, `offline`, `failed` with `data["code"]`: a reason the screen words)."""

    kind: str
    data: dict = field(default_factory=dict)


class SeatClient:
    def __init__(
        self,
        target: Target,
        name: str = "",
        strategy: str = "",
        lang: str = "en",
        store: TokenStore | None = None,
    ) -> None:
        self.target = target
        self.name, self.strategy, self.lang = name, strategy, lang
        self.store = store if store is not None else TokenStore(None)
        self.token = self.store.get(target)
        self._token_from_store = self.token is not None
        self.events: queue.Queue[Event] = queue.Queue()
        self.online = False
        self.joined = False  # a welcome came: from now on a dropped connection is retried
        self.seat = -1
        self.connections = 0
        self.welcomes = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outbox: asyncio.Queue | None = None
        self._task: asyncio.Task | None = None
        self._thread: threading.Thread | None = None
        self._ws: Any = None  # the open connection, on the network thread
        self._closing = False
        self._closer: asyncio.Future | None = None
        self._ref = 0

    # ---- the UI thread's side ------------------------------------------------------------
    def start(self) -> SeatClient:
        ready = threading.Event()

        def run() -> None:
            async def main() -> None:
                self._loop = asyncio.get_running_loop()
                self._outbox = asyncio.Queue()
                self._task = asyncio.current_task()
                ready.set()
                await self._run()

            with contextlib.suppress(asyncio.CancelledError):
                asyncio.run(main())

        self._thread = threading.Thread(target=run, name="room-seat", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def poll(self) -> list[Event]:
        """Everything that came since the last call (never waits)."""
        out = []
        while True:
            try:
                out.append(self.events.get_nowait())
            except queue.Empty:
                return out

    def send(self, msg: dict) -> str | None:
        """Queue one message for the host; its `ref`, or None when offline (nothing is sent:
        the screen keeps its buttons off until the seat is back)."""
        loop, box = self._loop, self._outbox
        if not self.online or loop is None or box is None:
            return None
        self._ref += 1
        ref = f"d{self._ref}"
        loop.call_soon_threadsafe(box.put_nowait, {**msg, "ref": ref})
        return ref

    def command(self, command: dict, after: int | None = None) -> str | None:
        msg: dict[str, Any] = {"type": "command", "command": command}
        if after is not None:
            msg["after"] = after
        return self.send(msg)

    def end_month(self, month: int) -> str | None:
        return self.send({"type": "end_month", "month": month})

    def choose(self, event: str, choice: int) -> str | None:
        return self.send({"type": "choose", "event": event, "choice": choice})

    def close(self) -> None:
        """Leave: the open connection is closed with the websocket's handshake (so nothing is
        left half-open), a wait before retrying is cut short."""
        self._closing = True
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop ended meanwhile
                loop.call_soon_threadsafe(self._stop)
        if self._thread is not None:
            self._thread.join(timeout=15)

    def _stop(self) -> None:
        if self._ws is not None:
            self._closer = asyncio.ensure_future(self._ws.close())
        elif self._task is not None:
            self._task.cancel()

    # ---- the network thread ----------------------------------------------------------------
    def _post(self, kind: str, **data: Any) -> None:
        self.events.put(Event(kind, data))

    def _hello(self) -> dict:
        if self.token:
            return {"type": "rejoin", "protocol": PROTOCOL, "token": self.token, "lang": self.lang}
        return {
            "type": "join",
            "protocol": PROTOCOL,
            "code": self.target.code,
            "name": self.name,
            "strategy": self.strategy,
            "lang": self.lang,
        }

    async def _run(self) -> None:
        delay = FIRST_RETRY_S
        while True:
            welcomed = self.welcomes
            try:
                outcome = await self._session()
            except (OSError, ConnectionClosed, InvalidHandshake, InvalidURI, TimeoutError) as exc:
                outcome = "lost"
                code = getattr(getattr(exc, "rcvd", None), "code", None)
                if code == 4001:  # the facilitator freed this seat
                    self._forget_token()
                    self._post("failed", code="freed")
                    return
            finally:
                self.online = False
                self._ws = None
            if outcome == "fatal" or self._closing:
                return
            if outcome == "again":  # a kept token was stale: join with the code at once
                continue
            if not self.joined:  # never reached the room: say so instead of waiting
                self._post("failed", code="unreachable")
                return
            if self.welcomes > welcomed:  # it was in: the first retry comes soon again
                delay = FIRST_RETRY_S
            self._post("offline", retry_in=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, LAST_RETRY_S)

    async def _session(self) -> str:
        async with connect(
            self.target.url, open_timeout=OPEN_TIMEOUT_S, max_size=2**23, compression=None
        ) as ws:
            self.connections += 1
            self._ws = ws
            if self._closing:
                return "lost"
            assert self._outbox is not None
            while not self._outbox.empty():  # what was queued for a connection now gone
                self._outbox.get_nowait()
            await ws.send(json.dumps(self._hello()))
            pump = asyncio.create_task(self._pump(ws))
            try:
                async for frame in ws:
                    try:
                        msg = json.loads(frame)
                    except ValueError:
                        continue
                    if isinstance(msg, dict):
                        verdict = self._on(msg)
                        if verdict:
                            return verdict
            finally:
                pump.cancel()
        return "lost"

    async def _pump(self, ws) -> None:  # noqa: ANN001
        assert self._outbox is not None
        while True:
            msg = await self._outbox.get()
            await ws.send(json.dumps(msg))

    def _on(self, msg: dict) -> str:
        kind = msg.get("type")
        if kind == "welcome":
            self.joined = self.online = True
            self.welcomes += 1
            self.seat = int(msg.get("seat", -1))
            if msg.get("token"):
                self.token = msg["token"]
                self._token_from_store = False
                self.store.put(self.target, self.token)
            self._post("welcome", **msg)
            self._post("online", connections=self.connections)
            return ""
        if kind == "error" and msg.get("code") in FATAL and not self.online:
            if msg["code"] == "bad_token" and self._token_from_store and self.target.code:
                self._forget_token()  # an old room's token: take a seat with the code
                return "again"
            if msg["code"] == "bad_token":
                self._forget_token()
            self._post("failed", code=msg["code"], message=msg.get("message", ""))
            return "fatal"
        if isinstance(kind, str):
            self._post(kind, **{k: v for k, v in msg.items() if k != "type"})
        return ""

    def _forget_token(self) -> None:
        self.token = None
        self._token_from_store = False
        self.store.put(self.target, None)
