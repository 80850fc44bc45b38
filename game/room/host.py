"""The host: one asyncio server, one port, for the page, its JSON and the websocket.

`websockets` answers plain HTTP GETs through `process_request` (`web.py`), so a phone that
opens the join URL gets the page from the same port its websocket then talks to. Each
connection is one task; a message is checked (`protocol.parse`), rate-limited
(`limits.RateLimit`) and handed to the session on one worker thread, so commands reach the
town one at a time in the order they arrived and a month's resolution never blocks the page.
Nothing a client sends may stop the host: every failure in a connection ends at most that
connection.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from game.room import limits, web
from game.room.adapter import RoomGame
from game.room.protocol import (
    FACILITATOR_MESSAGES,
    PROTOCOL_VERSION,
    SEAT_MESSAGES,
    WATCH_MESSAGES,
    Message,
    ProtocolError,
    dumps,
    parse,
)
from game.room.seats import Seats

log = logging.getLogger(__name__)
HELLO_SECONDS = 60  # a connection that says nothing for this long after opening is closed
TICK_SECONDS = 0.5  # how often the facilitator's timer and the dashboard are looked at


@dataclass(eq=False)
class Client:
    ws: ServerConnection
    role: str = ""  # "seat", "watch", "facilitator" once the opening message is accepted
    seat: int = -1
    lang: str = "en"
    limit: limits.RateLimit = field(default_factory=limits.RateLimit)

    async def send(self, text: str) -> None:
        try:
            await self.ws.send(text)
        except ConnectionClosed:
            pass


class Host:
    def __init__(self, game: RoomGame, seats: Seats, facilitator_token: str, join_url: str):
        self.game, self.seats = game, seats
        self.facilitator_token = facilitator_token
        self.join_url = join_url
        self.clients: set[Client] = set()
        self.worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="session")
        self.dashboard_dirty = True
        # (wall, CPU) seconds from the last end_month to the views sent: the CPU time is what
        # the month costs the host whatever else the machine is doing
        self.resolutions: list[tuple[float, float]] = []

    # ---- the session, one call at a time on its own thread ---------------------------
    async def call(self, fn, *args):  # noqa: ANN001, ANN202
        return await asyncio.get_running_loop().run_in_executor(self.worker, fn, *args)

    # ---- serving ---------------------------------------------------------------------
    async def serve(self, bind: str, port: int, ready: asyncio.Future | None = None) -> None:
        async with serve(
            self.handle,
            bind,
            port,
            process_request=web.Pages(self).respond,
            max_size=limits.MAX_MESSAGE_BYTES,
            max_queue=8,
            open_timeout=10,
            ping_interval=20,
            ping_timeout=40,
            server_header=None,
        ) as server:
            if ready is not None and not ready.done():
                ready.set_result(server)
            ticker = asyncio.create_task(self.tick_forever())
            try:
                await server.serve_forever()
            finally:
                ticker.cancel()
                self.worker.shutdown(wait=True)

    async def tick_forever(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            try:
                resolved = await self.call(self.game.tick)
                if resolved:
                    await self.after_resolution()
                elif self.dashboard_dirty:
                    await self.send_dashboards()
            except Exception:  # noqa: BLE001 - the timer must keep running
                log.exception("timer tick failed")

    async def handle(self, ws: ServerConnection) -> None:
        client = Client(ws)
        address = _address(ws)
        same = sum(1 for c in self.clients if _address(c.ws) == address)
        if len(self.clients) >= limits.MAX_CONNECTIONS or same >= limits.MAX_PER_ADDRESS:
            await ws.close(1013, "the room is full of connections; try again soon")
            return
        self.clients.add(client)
        try:
            await self.converse(client)
        except ConnectionClosed:
            pass
        except Exception:  # noqa: BLE001 - one connection's failure is not the room's
            log.exception("a connection failed")
            try:
                await ws.close(1011, "the host could not handle a message")
            except Exception:  # noqa: BLE001
                pass
        finally:
            self.clients.discard(client)
            if client.role == "seat":
                self.dashboard_dirty = True
                await self.call(self.game.left, client.seat)

    async def converse(self, client: Client) -> None:
        ws = client.ws
        try:
            async with asyncio.timeout(HELLO_SECONDS):
                while not client.role:
                    await self.receive(client, await ws.recv())
        except TimeoutError:
            await ws.close(1008, "send join, rejoin, watch or facilitate first")
            return
        async for frame in ws:
            await self.receive(client, frame)

    async def receive(self, client: Client, frame: str | bytes) -> None:
        if not client.limit.allow():
            if client.limit.flooding:
                await client.ws.close(1008, "too many messages")
            elif client.limit.dropped % 20 == 1:  # say so, without answering every extra one
                await client.send(
                    dumps(
                        "error",
                        code="rate_limited",
                        message="too many messages; this one was dropped",
                    )
                )
            return
        try:
            msg = parse(frame)
            await self.dispatch(client, msg)
        except ProtocolError as exc:
            await client.send(dumps("error", ref=exc.ref, code=exc.code, message=exc.message))

    # ---- messages --------------------------------------------------------------------
    async def dispatch(self, client: Client, msg: Message) -> None:
        if not client.role:
            await self.open(client, msg)
            return
        allowed = {
            "seat": SEAT_MESSAGES,
            "watch": WATCH_MESSAGES,
            "facilitator": FACILITATOR_MESSAGES,
        }[client.role]
        if msg.type not in allowed:
            raise ProtocolError("not_allowed", f"a {client.role} cannot send {msg.type}", msg.ref)
        if msg.type == "ping":
            await client.send(dumps("pong", ref=msg.ref))
        elif msg.type == "lang":
            client.lang = msg.data["lang"]
            await self.send_view(client, msg.ref)
        elif msg.type == "view":
            await self.send_view(client, msg.ref)
        elif msg.type == "command":
            await self.command(client, msg)
        elif msg.type == "end_month":
            await self.end_month(client, msg)
        elif msg.type == "choose":
            reasons = await self.call(
                self.game.choose, client.seat, msg.data["event"], msg.data["choice"], client.lang
            )
            await self.answer(client, msg.ref, reasons, {})
            await self.send_seat_views(client.seat)
        elif msg.type == "control":
            await self.control(client, msg)

    async def open(self, client: Client, msg: Message) -> None:
        d = msg.data
        client.lang = d.get("lang", client.lang)
        if msg.type not in ("join", "rejoin", "watch", "facilitate"):
            raise ProtocolError(
                "not_joined", "send join, rejoin, watch or facilitate first", msg.ref
            )
        if msg.type == "join":
            if not self.seats.code_matches(d["code"]):
                raise ProtocolError("bad_code", "that is not this room's join code", msg.ref)
            claimed = self.seats.claim(d["name"], d["strategy"], d["seat"])
            if claimed is None:
                raise ProtocolError("no_free_seat", "every seat in this room is taken", msg.ref)
            seat, token = claimed
            await self.call(self.game.take_seat, seat, d["name"], d["strategy"])
            client.role, client.seat = "seat", seat
            await client.send(self.welcome(client, msg.ref, token=token))
        elif msg.type == "rejoin":
            seat = self.seats.seat_of(d["token"])
            if seat is None:
                raise ProtocolError(
                    "bad_token",
                    "this seat's token is not known here; join again with the room's code",
                    msg.ref,
                )
            client.role, client.seat = "seat", seat
            await self.call(self.game.arrived, seat)
            await client.send(self.welcome(client, msg.ref))
        elif msg.type == "watch":
            if not self.seats.code_matches(d["code"]):
                raise ProtocolError("bad_code", "that is not this room's join code", msg.ref)
            client.role = "watch"
            await client.send(self.welcome(client, msg.ref))
        else:
            if not self.seats.is_facilitator(d["token"]):
                raise ProtocolError("bad_token", "that is not the facilitator's token", msg.ref)
            if not _same_machine(client.ws):
                raise ProtocolError(
                    "not_here",
                    "the facilitator's controls work only on the host's own machine",
                    msg.ref,
                )
            client.role = "facilitator"
            await client.send(self.welcome(client, msg.ref))
        self.dashboard_dirty = True
        await self.send_view(client)

    def welcome(self, client: Client, ref: Any, token: str | None = None) -> str:
        out: dict[str, Any] = {"ref": ref, "protocol": PROTOCOL_VERSION, "role": client.role}
        if client.role == "seat":
            out["seat"] = client.seat
            out.update(self.game.seat_place(client.seat))
            if token is not None:
                out["token"] = token
        else:  # the projector shows how to join
            out["code"] = self.seats.code
            out["join_url"] = self.join_url
            out["qr_svg"] = web.qr_data_uri(self.join_url)
        return dumps("welcome", **out)

    async def command(self, client: Client, msg: Message) -> None:
        d = msg.data
        household = self.game.household_of(client.seat)
        if d["household"] is not None and d["household"] != household:
            raise ProtocolError(
                "not_your_household", "a seat acts only for its own household", msg.ref
            )
        cmd = dict(d["command"], household=household)
        outcome = await self.call(self.game.submit, client.seat, cmd, d["after"], client.lang)
        if outcome.stale:
            await client.send(
                dumps(
                    "ack",
                    ref=msg.ref,
                    ok=True,
                    applied=False,
                    duplicate=True,
                    accepted=outcome.accepted,
                )
            )
        else:
            await self.answer(
                client, msg.ref, outcome.reasons, outcome.result, accepted=outcome.accepted
            )
        if outcome.applied:
            await self.send_seat_views(client.seat)

    async def answer(self, client: Client, ref: Any, reasons: list, result: dict, **extra) -> None:  # noqa: ANN003
        if reasons:
            await client.send(dumps("refused", ref=ref, reasons=reasons, **extra))
        else:
            await client.send(dumps("ack", ref=ref, ok=True, applied=True, result=result, **extra))

    async def end_month(self, client: Client, msg: Message) -> None:
        month = msg.data["month"]
        started = (self.game.clock(), time.process_time())
        outcome = await self.call(self.game.end_month, client.seat, month)
        await client.send(
            dumps(
                "ack",
                ref=msg.ref,
                ok=True,
                applied=outcome.applied,
                month=outcome.month,
                waiting_for=outcome.waiting_for,
            )
        )
        self.dashboard_dirty = True
        if outcome.resolved:
            await self.after_resolution(started)
        # else the ack says it all (ended, who is still deciding): no view to rebuild while
        # the rest of the class ends its month

    async def control(self, client: Client, msg: Message) -> None:
        action, args = msg.data["action"], msg.data["args"]
        if action == "release_seat":
            seat = args.get("seat")
            ok = isinstance(seat, int) and self.seats.release(seat)
            if ok:
                await self.call(self.game.release, seat)
            for c in [c for c in self.clients if c.role == "seat" and c.seat == seat]:
                await c.ws.close(4001, "the facilitator freed this seat")
            await self.answer(
                client,
                msg.ref,
                [] if ok else [{"key": "room.no_such_seat", "text": "no such seat held"}],
                {},
            )
            self.dashboard_dirty = True
            return
        outcome = await self.call(self.game.control, action, args, client.lang)
        await self.answer(client, msg.ref, outcome.reasons, {})
        if outcome.notice:
            await self.broadcast_notice(outcome.notice)
        if outcome.resolved:
            await self.after_resolution()
        self.dashboard_dirty = True

    # ---- what clients see ------------------------------------------------------------
    async def send_view(self, client: Client, ref: Any = None) -> None:
        if client.role == "seat":
            view = await self.call(self.game.seat_view, client.seat, client.lang)
            await client.send(dumps("view", ref=ref, view=view))
        elif client.role:
            revealed = client.role == "facilitator"
            view = await self.call(self.game.dashboard, client.lang, revealed)
            await client.send(dumps("dashboard", ref=ref, view=view))

    async def send_seat_views(self, seat: int) -> None:
        for c in [c for c in self.clients if c.role == "seat" and c.seat == seat]:
            await self.send_view(c)

    async def send_dashboards(self) -> None:
        self.dashboard_dirty = False
        cache: dict[tuple, str] = {}
        for c in [c for c in self.clients if c.role in ("watch", "facilitator")]:
            key = (c.lang, c.role == "facilitator")
            if key not in cache:
                view = await self.call(self.game.dashboard, *key)
                cache[key] = dumps("dashboard", view=view)
            await c.send(cache[key])

    async def after_resolution(self, started: tuple[float, float] | None = None) -> None:
        """Every seat's new month, then the dashboards: each view built once per seat and
        language on the session's thread, sent concurrently. `started`: when the last seat's
        end_month arrived (what the month's resolution time is measured from)."""
        seat_clients = [c for c in self.clients if c.role == "seat"]
        wanted = sorted({(c.seat, c.lang) for c in seat_clients})
        views = await self.call(self.game.seat_views, wanted)
        sends = [
            c.send(dumps("view", view=views[(c.seat, c.lang)]))
            for c in seat_clients
            if (c.seat, c.lang) in views
        ]
        await asyncio.gather(*sends)
        if started is not None:
            wall, cpu = started
            self.resolutions.append((self.game.clock() - wall, time.process_time() - cpu))
        await self.send_dashboards()

    def resolution_summary(self) -> str:
        """How long seats waited for their new month here (the host's own clocks)."""
        if not self.resolutions:
            return "no month resolved while every seat was connected"

        def mid_p99(xs: list[float]) -> str:
            xs = sorted(xs)
            p99 = xs[min(len(xs) - 1, round(0.99 * (len(xs) - 1)))]
            return f"median {1000 * xs[len(xs) // 2]:.0f} ms, p99 {1000 * p99:.0f} ms"

        walls, cpus = zip(*self.resolutions, strict=True)
        return (
            f"{len(walls)} months resolved; from the last seat's end_month to every seat's "
            f"new view: {mid_p99(list(walls))} (the host's CPU: {mid_p99(list(cpus))})"
        )

    async def broadcast_notice(self, notice: dict) -> None:
        text = dumps("notice", **notice)
        await asyncio.gather(*(c.send(text) for c in list(self.clients) if c.role))


def _address(ws: ServerConnection) -> str:
    try:
        return str(ws.remote_address[0])
    except (TypeError, IndexError, AttributeError):
        return ""


def _same_machine(ws: ServerConnection) -> bool:
    """The facilitator's browser runs on the host: its address is the host's own (loopback, or
    the LAN address the host listens on, which the machine uses to reach itself)."""
    try:
        remote, local = ws.remote_address[0], ws.local_address[0]
    except (TypeError, IndexError, AttributeError):
        return False
    return remote == local or remote in ("127.0.0.1", "::1") or remote.startswith("127.")
