"""A scripted remote seat: a websocket client that plays a household through the protocol
(docs/protocol.md) as a student's page would. The tests and `benchmarks/bench_room.py` fill a
room with them; a facilitator may use them to try a room before class.

It keeps what the host acknowledged (`applied`: month, decision) so a test can hold it against
the session file, and it comes back with its token after a dropped connection or a restarted
host. `resend=True` sends each month's first decision twice with the same `after`, as a client
whose acknowledgement was lost would: the host must apply it once.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

RETRY_SECONDS = 0.2


@dataclass
class SeatBot:
    url: str  # ws://host:port/ws
    code: str
    name: str
    path: str = "day_labour"  # the path it takes in its first month
    strategy: str = ""
    resend: bool = False
    lang: str = "en"
    token: str | None = None
    seat: int = -1
    applied: list[tuple[int, dict]] = field(default_factory=list)
    refused: list[tuple[int, dict, list]] = field(default_factory=list)
    duplicates: int = 0
    months_ended: list[int] = field(default_factory=list)
    debrief: dict | None = None
    last_view: dict | None = None
    connections: int = 0
    stop_after: int | None = None  # leave (close) once the view's month reaches this
    # decide in this month but do not end it (stay connected) until a test sets it to None:
    # the month a test kills the host in, whatever the machine's speed
    hold_at: int | None = None
    held: int = -1  # the month it is holding in (-1: none)
    ended_at: dict = field(default_factory=dict)  # month -> when end_month was sent
    seen_at: dict = field(default_factory=dict)  # month -> when its first view came
    _acted: int = -1
    _pending: dict = field(default_factory=dict)  # ref -> (month, command)
    _ref: int = 0

    async def play(self, timeout: float = 600.0) -> SeatBot:
        """Play to the end of the game (or to `stop_after`), reconnecting as needed."""
        async with asyncio.timeout(timeout):
            while True:
                try:
                    if await self._session():
                        return self
                except (OSError, ConnectionClosed, InvalidHandshake, InvalidURI):
                    pass
                await asyncio.sleep(RETRY_SECONDS)

    async def _session(self) -> bool:
        async with connect(self.url, open_timeout=10, max_size=2**23) as ws:
            self.connections += 1
            self._acted = -1  # decide again from the view: `after` keeps it exactly-once
            if self.token:
                hello = {"type": "rejoin", "protocol": 1, "token": self.token, "lang": self.lang}
            else:
                hello = {
                    "type": "join",
                    "protocol": 1,
                    "code": self.code,
                    "name": self.name,
                    "strategy": self.strategy,
                    "lang": self.lang,
                }
            await ws.send(json.dumps(hello))
            async for frame in ws:
                msg = json.loads(frame)
                done = await self._on(ws, msg)
                if done:
                    return True
        return False

    async def _on(self, ws, msg: dict) -> bool:  # noqa: ANN001
        kind = msg["type"]
        if kind == "welcome":
            self.seat = msg["seat"]
            self.token = msg.get("token", self.token)
        elif kind == "error":
            if msg["code"] in ("bad_code", "bad_token", "no_free_seat", "protocol_version"):
                raise RuntimeError(f"{self.name}: {msg['code']}: {msg['message']}")
        elif kind == "ack" and msg.get("ref") in self._pending:
            month, cmd = self._pending.pop(msg["ref"])
            if msg.get("duplicate"):
                self.duplicates += 1
            elif msg.get("applied"):
                self.applied.append((month, cmd))
        elif kind == "refused" and msg.get("ref") in self._pending:
            month, cmd = self._pending.pop(msg["ref"])
            self.refused.append((month, cmd, msg["reasons"]))
        elif kind == "view":
            return await self._on_view(ws, msg["view"])
        return False

    async def _on_view(self, ws, v: dict) -> bool:  # noqa: ANN001
        self.last_view = v
        self.seen_at.setdefault(v["month"], time.perf_counter())
        if v["over"]:
            self.debrief = v.get("debrief")
            return True
        if self.stop_after is not None and v["month"] >= self.stop_after:
            return True
        if v["paused"] or v["ended"]:
            return False
        if v["events"]:
            ev = v["events"][0]
            await ws.send(json.dumps({"type": "choose", "event": ev["id"], "choice": 0}))
            return False
        if self._acted >= v["month"]:
            return False
        self._acted = v["month"]
        after = v["accepted"]
        for cmd in self.decide(v):
            await self._command(ws, v["month"], cmd, after)
            if self.resend:  # the same decision again, as after a lost acknowledgement
                await self._command(ws, v["month"], cmd, after)
            after += 1
        if self.hold_at is not None and v["month"] >= self.hold_at:
            self.held = v["month"]
            return False
        self.ended_at[v["month"]] = time.perf_counter()
        await ws.send(json.dumps({"type": "end_month", "month": v["month"]}))
        self.months_ended.append(v["month"])
        return False

    async def _command(self, ws, month: int, cmd: dict, after: int) -> None:  # noqa: ANN001
        self._ref += 1
        ref = f"{self.name}-{self._ref}"
        self._pending[ref] = (month, cmd)
        await ws.send(json.dumps({"type": "command", "ref": ref, "after": after, "command": cmd}))

    def decide(self, v: dict) -> list[dict]:
        """This month's decisions: at most one, so `after` can be predicted (the next one
        waits for the next month)."""
        h = v["household"]
        if h["status"] in ("laid_off", "job_search", "day_labour") and self.path != h["status"]:
            if self.path == "self_employ":
                if v["business"] is None:
                    trade = min(v["trades"], key=lambda t: t["start_up"])
                    if not trade["open_reasons"]:
                        lot = v["free_lots"][0] if v["free_lots"] else -1
                        return [{"command": "open_business", "trade": trade["trade"], "lot": lot}]
                return []
            path = next((p for p in v["paths"] if p["path"] == self.path), None)
            if path and path["open"]:
                return [{"command": "choose_path", "path": self.path}]
            return []
        b = v["business"]
        if b is not None and b["going_price"] > 0:
            price = round(max(b["going_price"], b["min_price"]), 2)
            if abs(price - b["price"]) > 0.01:
                return [{"command": "set_price", "price_yuan": price}]
        return []
