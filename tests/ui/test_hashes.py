"""The playing game hashes without OpenSSL (game.ui.app.hashes_without_openssl, issue 17): the
same digests for a save's checksum and the town's fingerprint, and libcrypto never mapped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import json, sys
from game.ui.app import hashes_without_openssl
hashes_without_openssl()
from game import saves
from game.core.engine import Engine
from game.core.params import Params
import hashlib
engine = Engine(Params(), seed=3)
engine.end_month()
maps = open("/proc/self/maps").read() if sys.platform.startswith("linux") else ""
print(json.dumps({
    "openssl": hashlib.sha256.__module__ == "_hashlib" or "libcrypto" in maps,
    "save": saves._payload_digest({"a": [1, 2.5, "x"]}),
    "town": engine.hashes[-1],
}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_the_game_hashes_as_before_without_openssl() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["openssl"] is False
    # the same digests as this process gives (OpenSSL here)
    from game import saves
    from game.core.engine import Engine
    from game.core.params import Params

    assert got["save"] == saves._payload_digest({"a": [1, 2.5, "x"]})
    engine = Engine(Params(), seed=3)
    engine.end_month()
    assert got["town"] == engine.hashes[-1]
