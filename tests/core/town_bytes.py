"""The bytes one town produces, for the test that speed work never changes a run.

For every built-in scenario (and the default town at 200,000 households): the chained state hashes of a whole run with a player household
(seed 3, no commands: the engine's own fingerprint, every month) and the SHA-256 of the four
CSV files `simulate --runs 1` writes for it (seed 5, no player). Recorded by running

    python -m tests.core.town_bytes > tests/data/town_bytes.json

on the code the figures must stay equal to; re-record only when the economy is meant to change
(then say so in the commit), never to make a speed change pass.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import replace
from pathlib import Path

from game import simulate as sim
from game.core.engine import Engine
from game.core.params import Params
from game.scenario.loader import builtin_names, load_scenario

BIG_TOWN = 200_000
BIG = "default_town_200000_households"  # not a scenario: the default parameters, bigger
PLAYER_SEED = 3
SIMULATE_SEED = 5
CSV_FILES = (
    ("months.csv", sim.MONTHS_CSV_COLUMNS),
    ("town.csv", sim.TOWN_CSV_COLUMNS),
    ("flows.csv", sim.FLOWS_CSV_COLUMNS),
    ("sectors.csv", sim.SECTORS_CSV_COLUMNS),
)


def hashes_digest(name: str) -> str:
    """SHA-256 of every month's state hash of one run with household 0 as the player."""
    params = load_scenario(name).params
    eng = Engine(params, seed=PLAYER_SEED, players=(0,))
    eng.run()
    return hashlib.sha256("\n".join(eng.hashes).encode()).hexdigest()


def big_town_digest() -> str:
    """SHA-256 of the state hashes of the default town at 200,000 households, 3 months (the
    paths only big towns take: thousands of sellers in a trade)."""
    p = Params()
    params = replace(p, months=3, town=replace(p.town, households=BIG_TOWN))
    eng = Engine(params, seed=PLAYER_SEED, players=(0,))
    eng.run()
    return hashlib.sha256("\n".join(eng.hashes).encode()).hexdigest()


def csv_digests(name: str) -> dict[str, str]:
    """SHA-256 of each CSV file one simulate run writes (the scenario's own months)."""
    params = load_scenario(name).params
    tables = sim.run_many(params, SIMULATE_SEED, 1, params.months, jobs=1, books=True)
    out = {}
    with tempfile.TemporaryDirectory() as d:
        for (file, columns), rows in zip(CSV_FILES, tables, strict=True):
            sim.write_csv(Path(d) / file, columns, rows)
            out[file] = hashlib.sha256((Path(d) / file).read_bytes()).hexdigest()
    return out


def record() -> dict:
    out: dict = {
        name: {"hashes": hashes_digest(name), "csv": csv_digests(name)} for name in builtin_names()
    }
    out[BIG] = {"hashes": big_town_digest()}
    return out


if __name__ == "__main__":
    print(json.dumps(record(), indent=1, sort_keys=True))
