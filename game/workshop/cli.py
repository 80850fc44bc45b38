"""The workshop's commands: `workshop` (a headless session with scripted seats, or one resumed
from its file), `replay` (a session file reproduced hash by hash) and `class-report`.

Exit codes: 0 done; 1 a replay that differs or a file cut off mid-line; 2 bad input (a
setting, a scenario, a file that is not a usable session). Every failure is one sentence."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from game.session import ScenarioError
from game.workshop import levers
from game.workshop.session import MAX_SEATS_PER_TOWN, MAX_TOWNS, WorkshopSession
from game.workshop.sessionfile import SessionFileError


def add_parsers(sub, whole, folder, max_seed: int, program: str) -> None:
    """The three subcommands, on the main parser's subparsers (game/cli.py); `program`: the
    command as the user types it, for the hint after a mistake."""
    ws = sub.add_parser(
        "workshop", help="play a workshop session headless with scripted seats (a preview)"
    )
    ws.add_argument("--scenario", default="steel_town_2016", help="a built-in name or YAML file")
    ws.add_argument("--towns", type=whole(1, MAX_TOWNS), default=1, help="towns in the session")
    ws.add_argument(
        "--seats", type=whole(1, MAX_SEATS_PER_TOWN), default=4, help="seats in each town"
    )
    ws.add_argument("--months", type=whole(1, 360), default=None, help="months to play")
    ws.add_argument("--seed", type=whole(0, max_seed), default=1, help="the session's seed")
    ws.add_argument("--session", required=True, help="the session file to write (or resume)")
    ws.add_argument(
        "--autoplay", action="store_true", help="scripted strategies play every seat to the end"
    )
    ws.add_argument(
        "--resume", action="store_true", help="go on with the session in --session where it stopped"
    )
    ws.add_argument(
        "--same-shocks", action="store_true", help="every seat meets the same illnesses and events"
    )
    ws.add_argument(
        "--change",
        action="append",
        default=[],
        metavar="MONTH:WHAT",
        help="a facilitator's change in a month (1 = the first), e.g. 6:stop_lending; one of "
        + ", ".join(levers.LEVERS + levers.TOWN_EVENTS),
    )
    rp = sub.add_parser("replay", help="replay a workshop session file and check every month")
    rp.add_argument("file", help="a workshop session file")
    cr = sub.add_parser(
        "class-report", help="write a workshop's class report (HTML, CSV and JSON) from its file"
    )
    cr.add_argument("file", help="a workshop session file")
    cr.add_argument("--out", type=folder, required=True, help="the folder to write into")
    for p in (ws, rp, cr):
        p.set_defaults(program=program)


def _changes(texts: list[str]) -> list[tuple[int, str]]:
    out = []
    for text in texts:
        month, _, what = text.partition(":")
        if (
            not month.strip().isdigit()
            or int(month) < 1
            or what not in levers.LEVERS + levers.TOWN_EVENTS
        ):
            raise ValueError(
                f"--change {text!r}: write MONTH:WHAT (MONTH from 1), WHAT one of "
                + ", ".join(levers.LEVERS + levers.TOWN_EVENTS)
            )
        out.append((int(month) - 1, what))
    return out


def run_workshop(args: argparse.Namespace) -> int:
    path = Path(args.session)
    try:
        plan = _changes(args.change)
    except ValueError as exc:
        return _usage("workshop", str(exc), program=args.program)
    if not args.autoplay:
        return _usage(
            "workshop",
            "headless play needs --autoplay (scripted strategies in every seat); a room "
            "plays from the game's Workshop screen",
            program=args.program,
        )
    t0 = time.perf_counter()
    try:
        if args.resume:
            ws = WorkshopSession.load(path)
            plan = [tuple(x) for x in ws.header["options"].get("plan", [])]
            for note in ws.file_notes:
                print(f"workshop: {note}")
            if ws.over:
                print(f"workshop: the session had ended ({ws.month} of {ws.months} months played)")
                print(summary(ws))
                ws.close()
                return 0
            print(f"workshop: resumed at month {ws.month + 1} of {ws.months}")
        else:
            if path.exists():
                return _usage(
                    "workshop",
                    f"{path} exists: give another file, or --resume it",
                    program=args.program,
                )
            if not path.parent.is_dir():
                return _usage("workshop", f"there is no folder {path.parent}", program=args.program)
            ws = WorkshopSession.new(
                args.scenario,
                towns=args.towns,
                seats=args.seats,
                seed=args.seed,
                path=path,
                months=args.months,
                same_shocks=args.same_shocks,
                plan=plan,
            )
    except (ScenarioError, SessionFileError, ValueError) as exc:
        return _usage("workshop", str(exc), hint=False)
    except OSError as exc:
        return _usage("workshop", f"{path} cannot be written ({exc.strerror or exc})", hint=False)
    try:
        ws.play_to_end(plan=plan)
    finally:
        ws.close()
    elapsed = time.perf_counter() - t0
    print(summary(ws))
    print(f"({elapsed:.1f} s) wrote {path} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


def summary(ws: WorkshopSession) -> str:
    lines = [
        f"{len(ws.towns)} town(s), {len(ws.seats)} seats, {ws.month} months"
        + (" (ended by the facilitator)" if ws.ended else "")
    ]
    for k, eng in enumerate(ws.towns):
        seats = [s for s in ws.seats if s.town == k]
        opened = sum(1 for s in seats if int(eng.state.businesses_opened[s.household]) > 0)
        running = sum(1 for s in seats if s.run.status == "self_employed")
        net = [s.run.ending()["net_worth_yuan"] for s in seats]
        lines.append(
            f"town {k + 1}: {opened} of {len(seats)} seats opened a business, {running} still "
            f"run one; net worth from {min(net):,.0f} to {max(net):,.0f} yuan"
        )
    return "\n".join(lines)


def run_replay(args: argparse.Namespace) -> int:
    from game.workshop.replay import replay  # noqa: PLC0415

    t0 = time.perf_counter()
    try:
        r = replay(args.file)
    except SessionFileError as exc:
        print(f"replay: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - t0
    towns = len(r.towns)
    if not r.exact:
        month, town = r.differs
        where = f"month {month}" + (f", town {town}" if town else "")
        print(f"replay: differs first at {where}: {r.detail}", file=sys.stderr)
        return 1
    print(
        f"replay: {r.months} months x {towns} town(s) reproduced exactly, hash by hash "
        f"({elapsed:.1f} s)"
    )
    if r.loaded.torn:
        print(
            f"replay: but {r.loaded.notes[0]}; `workshop --session FILE --resume --autoplay` "
            "repairs it and plays on",
            file=sys.stderr,
        )
        return 1
    return 0


def run_class_report(args: argparse.Namespace) -> int:
    from game.workshop.report import write_class_report  # noqa: PLC0415

    try:
        written = write_class_report(args.file, Path(args.out))
    except SessionFileError as exc:
        print(f"class-report: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            f"class-report: {args.out} cannot be written ({exc.strerror or exc})", file=sys.stderr
        )
        return 2
    print("class-report: wrote " + ", ".join(str(p) for p in written))
    return 0


def _usage(command: str, message: str, hint: bool = True, program: str = "python main.py") -> int:
    print(f"{command}: {message}", file=sys.stderr)
    if hint:
        print(f"Try: {program} {command} --help", file=sys.stderr)
    return 2


__all__ = ["add_parsers", "run_class_report", "run_replay", "run_workshop", "summary"]
