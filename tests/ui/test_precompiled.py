"""The title's warm-up has the game's modules compiled by a helper process (game/ui/precompiled.py):
an import takes the helper's code only when it was made from the very source it reads, and
the module then works as one compiled here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import builtins, importlib, json, sys, threading
sys.dont_write_bytecode = True
import game
compiled = []
plain = builtins.compile
def watch(source, filename, mode, *a, **k):
    if mode == "exec" and str(filename).endswith(".py"):
        compiled.append(str(filename))
    return plain(source, filename, mode, *a, **k)
builtins.compile = watch
from game.ui import precompiled
started = precompiled.start(["game.ui.scenes.charts"])
before = len(compiled)
out = {}
def work():
    module = importlib.import_module("game.ui.scenes.charts")
    out["works"] = callable(module.chart_spec) and module.TABS[0] == "sellers"
t = threading.Thread(target=work); t.start(); t.join(60)
print(json.dumps({"started": started, "compiled": compiled[before:], **out}))
"""


def test_an_import_takes_the_helpers_code():
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["works"]
    if result["started"]:  # (not in a frozen build)
        # the screen, the widgets, the core: the helper's code, nothing compiled here
        assert [f for f in result["compiled"] if "game" in Path(f).parts] == []


def test_code_for_other_bytes_is_not_taken():
    from game.ui import precompiled

    path = str(ROOT / "game" / "ui" / "scenes" / "charts.py")
    source = Path(path).read_bytes()
    import marshal

    blob = marshal.dumps(compile(b"WRONG = 1\n", path, "exec"))
    with precompiled._lock:
        precompiled._codes[path] = (len(source), zlib.crc32(source) ^ 1, blob)
    assert precompiled._take(path, source) is None  # (an edited file: compiled as always)
    with precompiled._lock:
        precompiled._codes[path] = (len(source), zlib.crc32(source), blob)
    code = precompiled._take(path, source)
    assert code is not None and "WRONG" in code.co_names
    assert precompiled._take(path, source) is None  # (handed over once)
