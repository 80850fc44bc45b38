"""`python main.py host`: start a room (or resume one) and serve it until Ctrl+C.

    python main.py host --scenario steel_town_2016 --towns 2 --seats 10 --bind auto
    python main.py host --resume ~/.local/share/iron-rice-bowl/rooms/room-....session

Prints the join code, the students' address and the facilitator's projector link (with the
facilitator's token after `#`, so it never travels in a request). Without `--headless` the
projector page opens in this machine's browser.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)
DEFAULT_PORT = 8765


def add_parser(sub: argparse._SubParsersAction, whole) -> None:  # noqa: ANN001
    host = sub.add_parser(
        "host", help="host a workshop room on this machine: students join from a browser"
    )
    host.add_argument("--scenario", default="steel_town_2016", help="a scenario file or name")
    host.add_argument("--seats", type=whole(1, 40), default=10, help="seats in each town")
    host.add_argument("--towns", type=whole(1, 8), default=1, help="towns in the session")
    host.add_argument("--months", type=whole(1, 360), default=None, help="months to play")
    host.add_argument("--seed", type=whole(0, 2**32 - 1), default=None, help="the session's seed")
    host.add_argument(
        "--timer", type=whole(0, 3600), default=0, help="seconds per month (0: no timer)"
    )
    host.add_argument(
        "--port",
        type=whole(1, 65535),
        default=None,
        help=f"the port (default {DEFAULT_PORT}, or the resumed room's)",
    )
    host.add_argument(
        "--bind",
        default=None,
        help="the address to listen on: 127.0.0.1 (this machine only, the default), this "
        "machine's LAN address, or 'auto' for the LAN address the machine routes by",
    )
    host.add_argument(
        "--headless", action="store_true", help="open no window: project the dashboard page instead"
    )
    host.add_argument(
        "--resume",
        default=None,
        metavar="FILE",
        help="resume the room of this session file after a crash",
    )
    host.add_argument(
        "--session",
        default=None,
        metavar="FILE",
        help="where to write the session file (default: the data folder)",
    )
    host.add_argument(
        "--away",
        type=whole(5, 3600),
        default=90,
        help="seconds a seat's holder may be away before its script plays it",
    )


def lan_address() -> str:
    """The address this machine uses on its network (no packet is sent; no internet needed)."""
    import socket  # noqa: PLC0415

    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 1))
                addr = s.getsockname()[0]
                if not addr.startswith("127.") and addr != "0.0.0.0":
                    return addr
        except OSError:
            continue
    return "127.0.0.1"


def run_host(args: argparse.Namespace) -> int:
    from game.room.adapter import RoomGame  # noqa: PLC0415
    from game.room.host import Host  # noqa: PLC0415
    from game.room.seats import Seats  # noqa: PLC0415
    from game.session import ScenarioError  # noqa: PLC0415
    from game.workshop.session import WorkshopSession  # noqa: PLC0415
    from game.workshop.sessionfile import SessionFileError  # noqa: PLC0415

    userdirs().setup_logging()
    try:
        if args.resume:
            path = Path(args.resume).expanduser()
            room_file = path.with_name(path.name + ".room")
            if not room_file.is_file():
                print(
                    f"host: {path.name} has no room file beside it ({room_file.name}); "
                    "resume it with `workshop`, or start a new room",
                    file=sys.stderr,
                )
                return 2
            ws = WorkshopSession.load(path)
            seats = Seats.load(room_file, len(ws.seats))
        else:
            path = Path(args.session).expanduser() if args.session else default_session_path()
            if path.exists():
                print(
                    f"host: {path} exists; resume it with --resume, or choose another --session",
                    file=sys.stderr,
                )
                return 2
            seed = args.seed if args.seed is not None else int(time.time()) % 1_000_000
            ws = WorkshopSession.new(
                args.scenario,
                towns=args.towns,
                seats=args.seats,
                seed=seed,
                path=path,
                months=args.months,
                timer_seconds=args.timer,
            )
            seats = Seats(len(ws.seats), path.with_name(path.name + ".room"))
    except (ScenarioError, SessionFileError, ValueError) as exc:
        print(f"host: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"host: the session file cannot be written ({exc.strerror or exc})", file=sys.stderr)
        return 1
    bind = args.bind or seats.address.get("bind") or "127.0.0.1"
    if bind == "auto":
        bind = lan_address()
    port = args.port or seats.address.get("port") or DEFAULT_PORT
    seats.address = {"bind": bind, "port": port}
    token = seats.new_facilitator_token()  # a new one each start: the old link stops working
    shown = lan_address() if bind in ("0.0.0.0", "::") else bind
    base = f"http://{_host_part(shown)}:{port}"
    join_url = f"{base}/?code={seats.code}"
    game = RoomGame(ws, seats, away_seconds=float(args.away))
    host = Host(game, seats, token, join_url)
    return _serve(host, ws, bind, port, base, join_url, token, path, args.headless)


def _serve(host, ws, bind, port, base, join_url, token, path, headless) -> int:  # noqa: ANN001, PLR0913
    import asyncio  # noqa: PLC0415
    import signal  # noqa: PLC0415
    import webbrowser  # noqa: PLC0415

    async def main() -> int:
        loop = asyncio.get_running_loop()
        stop = loop.create_future()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
            except (NotImplementedError, RuntimeError):
                pass
        ready = loop.create_future()
        task = asyncio.create_task(host.serve(bind, port, ready))
        done, _ = await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # raises the bind error
        dash = f"{base}/dashboard#fac={token}"
        towns = len(ws.towns)
        print(
            f"Iron Rice Bowl room: {towns} town(s) x {len(ws.seats) // towns} seats, "
            f"month {ws.month + 1} of {ws.months}",
            flush=True,
        )
        print(f"  Join code:  {host.seats.code}")
        print(f"  Students:   {join_url}")
        print(f"  Projector:  {dash}")
        print("              (the facilitator's link: keep it on this machine)")
        print(f"  Session:    {path}")
        print(f"  After a crash: python main.py host --resume {path}")
        if bind.startswith("127."):
            print(
                "  Listening on this machine only; for the class: --bind auto "
                f"(this machine's LAN address looks like {lan_address()})"
            )
        print("  Ctrl+C stops the room (it can be resumed).", flush=True)
        if not headless:
            webbrowser.open(dash)
        await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        return 0

    try:
        return asyncio.run(main())
    except OSError as exc:
        print(
            f"host: cannot listen on {bind}:{port} ({exc.strerror or exc}); is another room "
            "running there? Try another --port or --bind",
            file=sys.stderr,
        )
        return 1
    finally:
        ws.close()
        print(f"host: {host.resolution_summary()}", flush=True)
        print("host: stopped; the session file is complete up to the last thing done.", flush=True)


def _host_part(addr: str) -> str:
    return f"[{addr}]" if ":" in addr else addr


def userdirs():  # noqa: ANN201
    from game import userdirs as dirs  # noqa: PLC0415

    return dirs


def default_session_path() -> Path:
    folder = userdirs().data_dir() / "rooms"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / time.strftime("room-%Y%m%d-%H%M%S.session")
