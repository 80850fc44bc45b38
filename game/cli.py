"""Command line: `play` (default), `simulate`, `paths`, `validate`, `schema`, `sweep`, `report`.

`main(argv)` returns an exit code so tests call it directly. Heavy modules (pygame, the
scenario models, matplotlib) are imported only by the subcommand that needs them, so every
command starts fast.
"""

from __future__ import annotations

import argparse
import sys


class _Parser(argparse.ArgumentParser):
    """argparse exits on bad input; we want a clear message and exit code 2, returned."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python main.py",
        description="Iron Rice Bowl: a household laid off from the mill, a loan, and a street "
        "full of neighbours doing the same. With no subcommand, the game starts.",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", help="start the game (the default)")
    play.add_argument("--scenario", help="a scenario YAML file or built-in name to start directly")
    play.add_argument("--seed", type=int, default=None, help="the town's seed")
    play.add_argument(
        "--autoplay", action="store_true", help="a bot plays a whole run through the UI"
    )
    play.add_argument("--months", type=int, default=None, help="with --autoplay: months to play")
    play.add_argument(
        "--screenshot-dir", default=None, help="with --autoplay: save a PNG of every screen"
    )
    play.add_argument("--size", default=None, help="window size, e.g. 1280x720")

    sim = sub.add_parser("simulate", help="run the town headless and write CSV tables (and charts)")
    sim.add_argument("--scenario", default=None, help="a scenario YAML file or built-in name")
    sim.add_argument(
        "--months", type=int, default=None, help="months to run (default: the scenario's)"
    )
    sim.add_argument("--households", type=int, default=None, help="households in the town")
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument(
        "--runs", type=int, default=1, help="independent runs (seeds seed, seed+1, ...)"
    )
    sim.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a parameter, e.g. policy.loan_ceiling_yuan=50000",
    )
    sim.add_argument("--out", default=None, help="folder for months.csv, town.csv and charts")
    sim.add_argument(
        "--charts",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write PNG charts (default: on with --scenario)",
    )
    sim.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")

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
    sweep.add_argument("--runs", type=int, default=5)
    sweep.add_argument("--seed", type=int, default=1)
    sweep.add_argument("--months", type=int, default=None)
    sweep.add_argument("--out", required=True)

    rep = sub.add_parser(
        "report", help="write the debrief report (HTML + JSON) for a save or replay"
    )
    rep.add_argument("source", help="a save or replay file")
    rep.add_argument("--out", required=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv or ["play"])
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        print("Try: python main.py --help", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    command = args.command or "play"
    if command == "simulate":
        from game.simulate import run_simulate

        return run_simulate(args)
    if command == "paths":
        from game.paths import run_paths

        return run_paths(args)
    if command in ("validate", "schema", "sweep"):
        from game.scenario import tools

        return getattr(tools, f"run_{command}")(args)
    if command == "report":
        from game.debrief.report import run_report

        return run_report(args)
    from game.ui.app import run_play

    return run_play(args)
