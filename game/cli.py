"""Command line: `play` (default), `join`, `simulate`, `paths`, `validate`, `schema`, `sweep`, `report`,
`workshop`, `replay`, `class-report`.

`main(argv)` returns an exit code so tests call it directly. Heavy modules (pygame, the
scenario models, matplotlib) are imported only by the subcommand that needs them, so every
command starts fast.
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

from game import __version__


class _Parser(argparse.ArgumentParser):
    """argparse exits on bad input; we want a clear message and exit code 2, returned."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


MAX_SEED = 2**32 - 1
MAX_RUNS = 100_000
MAX_JOBS = 256
GAME_COMMANDS = ("play", "join")  # open the game window
MAX_CLI_MONTHS = 1200  # simulate and sweep run long towns; the game plays at most 360


def _whole(lo: int, hi: int):
    """An argparse type: a whole number from lo to hi, else a message (exit 2), never a
    traceback or a run that cannot fit in memory."""

    def check(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
        if value < lo:
            raise argparse.ArgumentTypeError(f"must be at least {lo:,} (got {value:,})")
        if value > hi:
            raise argparse.ArgumentTypeError(f"must be at most {hi:,} (got {value:,})")
        return value

    check.__name__ = "whole number"
    return check


def _folder(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("needs a folder name (got an empty one)")
    return text


def _households(text: str) -> int:
    from game.scenario.bounds import BOUNDS  # noqa: PLC0415 - the scenario format's own range

    rng = BOUNDS["town.households"]
    return _whole(int(rng.lo), int(rng.hi))(text)


def program_name() -> str:
    """The command as the user typed it: `iron-rice-bowl` when installed (or built), else
    `python main.py` in a clone."""
    installed = Path(sys.argv[0]).stem == "iron-rice-bowl" or getattr(sys, "frozen", False)
    return "iron-rice-bowl" if installed else "python main.py"


def build_parser(all_commands: bool = True) -> argparse.ArgumentParser:
    """Every subcommand; with all_commands=False, the workshop's (`workshop`, `replay`,
    `class-report`) are left out: their parsers import the workshop and with it numpy and the
    town, which the game's title must not wait for (issue 17: start-up)."""
    parser = _Parser(
        prog=program_name(),
        description="Iron Rice Bowl: a household laid off from the mill, a loan, and a street "
        "full of neighbours doing the same. With no subcommand, the game starts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", help="start the game (the default)")
    play.add_argument("--scenario", help="a scenario YAML file or built-in name to start directly")
    play.add_argument("--seed", type=_whole(0, MAX_SEED), default=None, help="the town's seed")
    play.add_argument(
        "--autoplay", action="store_true", help="a bot plays a whole run through the UI"
    )
    play.add_argument(
        "--months", type=_whole(1, 360), default=None, help="with --autoplay: months to play"
    )
    play.add_argument(
        "--screenshot-dir", default=None, help="with --autoplay: save a PNG of every screen"
    )
    play.add_argument("--size", default=None, help="window size, e.g. 1280x720")
    play.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=None,
        help="the game's language for this run: en (English) or zh (简体中文); "
        "Settings in the game keeps a choice for next time",
    )

    sim = sub.add_parser("simulate", help="run the town headless and write CSV tables (and charts)")
    sim.add_argument("--scenario", default=None, help="a scenario YAML file or built-in name")
    sim.add_argument(
        "--months",
        type=_whole(1, MAX_CLI_MONTHS),
        default=None,
        help="months to run (default: the scenario's)",
    )
    sim.add_argument("--households", type=_households, default=None, help="households in the town")
    sim.add_argument("--seed", type=_whole(0, MAX_SEED), default=1)
    sim.add_argument(
        "--runs",
        type=_whole(1, MAX_RUNS),
        default=1,
        help="independent runs (seeds seed, seed+1, ...)",
    )
    sim.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a parameter, e.g. policy.loan_ceiling_yuan=50000",
    )
    sim.add_argument(
        "--out", type=_folder, default=None, help="folder for months.csv, town.csv and charts"
    )
    sim.add_argument(
        "--charts",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write PNG charts (default: on with --scenario)",
    )
    sim.add_argument(
        "--jobs",
        type=_whole(1, MAX_JOBS),
        default=None,
        help="worker processes (default: all cores)",
    )

    paths = sub.add_parser(
        "paths",
        help="play every path for the scenario's household in the same towns and compare them",
    )
    paths.add_argument("--scenario", default=None, help="a scenario YAML file or built-in name")
    paths.add_argument("--runs", type=int, default=10, help="towns (seeds seed, seed+1, ...)")
    paths.add_argument("--seed", type=int, default=1)
    paths.add_argument(
        "--months", type=int, default=None, help="months to play (default: the scenario's)"
    )
    paths.add_argument(
        "--entry-months",
        default=None,
        help="months in which self-employment opens, comma-separated (default 1,3,6, those "
        "within the run)",
    )
    paths.add_argument("--households", type=int, default=None, help="households in the town")
    paths.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a parameter, e.g. policy.loan_ceiling_yuan=50000",
    )
    paths.add_argument(
        "--out", required=True, help="folder for paths.csv, paths_detail.csv and paths.png"
    )
    paths.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: all cores)"
    )

    val = sub.add_parser("validate", help="check scenario files and list every problem")
    val.add_argument("files", nargs="+")

    sub.add_parser("schema", help="print the JSON Schema of the scenario format")

    sweep = sub.add_parser("sweep", help="run a scenario over values of one parameter")
    sweep.add_argument("--scenario", default=None)
    sweep.add_argument("--param", required=True, help="dotted path, e.g. policy.loan_ceiling_yuan")
    sweep.add_argument("--values", required=True, help="comma-separated values")
    sweep.add_argument("--runs", type=_whole(1, MAX_RUNS), default=5)
    sweep.add_argument("--seed", type=_whole(0, MAX_SEED), default=1)
    sweep.add_argument("--months", type=_whole(1, MAX_CLI_MONTHS), default=None)
    sweep.add_argument("--out", type=_folder, required=True)

    rep = sub.add_parser(
        "report", help="write the debrief report (HTML + JSON) for a save or replay"
    )
    rep.add_argument("source", help="a save or replay file")
    rep.add_argument("--out", type=_folder, required=True)
    rep.add_argument(
        "--scenario-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder a replay may load its scenario file from (besides its own folder)",
    )
    if all_commands:
        from game.workshop.cli import add_parsers  # noqa: PLC0415 - workshop, replay, class-report

        add_parsers(sub, _whole, _folder, MAX_SEED, program_name())
    from game.room.cli import add_parser as add_room_parser  # noqa: PLC0415 - argparse only

    add_room_parser(sub, _whole)
    join = sub.add_parser(
        "join", help="join a workshop room from this computer's game window, as one seat"
    )
    join.add_argument(
        "room",
        nargs="?",
        default="",
        help="the room's code (a room on this computer), its address (192.168.1.5:8765) or "
        "the students' address the projector shows (http://ADDRESS:PORT/?code=CODE)",
    )
    join.add_argument("--code", default="", help="the room's code, when ROOM is an address")
    join.add_argument("--size", default=None, help="window size, e.g. 1280x720")
    join.add_argument("--lang", choices=("en", "zh"), default=None, help="en or zh, for this run")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `play` and `join` (the default) are parsed by their own subparsers, which need not know
    # the workshop's commands; nor does `simulate` (their imports: a third of its start-up);
    # anything else (--help too) gets them all
    parser = build_parser(all_commands=bool(argv) and argv[0] not in (*GAME_COMMANDS, "simulate"))
    try:
        args = parser.parse_args(argv or ["play"])
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        print(f"Try: {program_name()} --help", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    command = args.command or "play"
    if command in GAME_COMMANDS:  # the game has its own guard: errors become a dialog
        from game.ui.app import run_play

        return run_play(args)
    with warnings.catch_warnings():
        warnings.showwarning = _warning_to_log  # a library's warning is not the user's business
        try:
            return _run(command, args)
        except KeyboardInterrupt:
            print(f"{command}: stopped", file=sys.stderr)
            return 130
        except BrokenPipeError:  # `python main.py schema | head`: the reader left early
            _quiet_stdout()
            return 0
        except BaseException as exc:  # noqa: BLE001 - never a traceback on the terminal
            if isinstance(exc, SystemExit):
                raise
            return internal_error(command, exc)


def _run(command: str, args: argparse.Namespace) -> int:
    if command == "simulate":
        from game.simulate import run_simulate

        return run_simulate(args)
    if command == "paths":
        from game.paths import run_paths

        return run_paths(args)
    if command == "host":
        from game.room.cli import run_host

        return run_host(args)
    if command == "sweep":
        from game.sweep import run_sweep

        return run_sweep(args)
    if command in ("validate", "schema"):
        from game.scenario import tools

        return getattr(tools, f"run_{command}")(args)
    if command in ("workshop", "replay", "class-report"):
        from game.workshop import cli as workshop_cli

        return getattr(workshop_cli, f"run_{command.replace('-', '_')}")(args)
    from game.debrief.report import run_report

    return run_report(args)


def internal_error(command: str, exc: BaseException) -> int:
    """A bug, not bad input: its traceback goes to the log in the data folder, the person at
    the terminal reads one sentence. Exit code 1."""
    from game import userdirs  # noqa: PLC0415

    where = userdirs.setup_logging()
    logging.getLogger("game.cli").error("%s failed", command, exc_info=exc)
    kind = (
        "ran out of memory"
        if isinstance(exc, MemoryError)
        else f"hit an internal error ({type(exc).__name__})"
    )
    told = f"the details are in {where}" if where else "the details could not be written to a log"
    print(f"{command}: the game {kind}; {told}; please report it.", file=sys.stderr)
    return 1


def _warning_to_log(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    from game import userdirs  # noqa: PLC0415

    if userdirs.setup_logging(logging.WARNING, once=True):
        logging.getLogger("py.warnings").warning(
            "%s:%s: %s: %s", filename, lineno, category.__name__, message
        )


def _quiet_stdout() -> None:
    import os  # noqa: PLC0415

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
