"""A host served from a thread of its own, beside the caller's code: the tests and the
benchmarks start a real room this way (the `host` command runs it in the main thread)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading

from game.room.host import Host


class ThreadedHost:
    def __init__(self, host: Host) -> None:
        self.host = host
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Future | None = None
        self._thread: threading.Thread | None = None

    def start(self, bind: str = "127.0.0.1", port: int = 0) -> int:
        """Serve; returns the port listened on (0: any free one) once the host is listening."""
        started: concurrent.futures.Future = concurrent.futures.Future()

        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = self._loop.create_future()
            ready = self._loop.create_future()
            task = asyncio.create_task(self.host.serve(bind, port, ready))
            server = await ready
            started.set_result(server.sockets[0].getsockname()[1])
            await self._stop
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass

        def run() -> None:
            try:
                asyncio.run(main())
            except BaseException as exc:  # noqa: BLE001 - reported to the caller
                if not started.done():
                    started.set_exception(exc)

        self._thread = threading.Thread(target=run, name="room-host", daemon=True)
        self._thread.start()
        return started.result(timeout=60)

    def stop(self) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and self._thread is not None:
            loop.call_soon_threadsafe(lambda: stop.done() or stop.set_result(None))
            self._thread.join(timeout=60)
