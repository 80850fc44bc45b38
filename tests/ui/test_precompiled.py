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


STEPS = r"""
import importlib, json, sys, threading
sys.dont_write_bytecode = True
import game
from game.ui import precompiled
root = sys.argv[1]
started = precompiled.start([root])
out = {"started": started, "extra": []}
def work():
    steps = precompiled.steps()
    out["steps"] = steps
    for name in steps:
        before = set(sys.modules)
        importlib.import_module(name)
        out["extra"] += [[name, m] for m in sys.modules if m not in before and m != name
                         and m.startswith("game")]
t = threading.Thread(target=work); t.start(); t.join(60)
out["game"] = sorted(m for m in sys.modules if m.startswith("game") and m != precompiled.__name__)
print(json.dumps(out))
"""

PLAIN = r"""
import importlib, json, sys
import game
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m.startswith("game"))))
"""


def test_the_warm_ups_steps_run_one_modules_body_each_and_import_what_the_screen_does():
    """The helper lists the modules an import of a screen runs, dependencies first: the
    warm-up imports them one a step (one module's body), and ends with the very modules the
    screen's own import loads (none more: not the room's, say)."""
    root = "game.ui.scenes.loan_office"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    run = [sys.executable, "-c"]
    done = subprocess.run([*run, STEPS, root], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    plain = subprocess.run([*run, PLAIN, root], cwd=ROOT, env=env, capture_output=True, text=True)
    assert plain.returncode == 0, plain.stderr
    if not result["started"]:  # (a frozen build: the warm-up imports the screens whole)
        return
    steps = result["steps"]
    assert steps[-1] == root and len(steps) == len(set(steps)) > 20
    assert result["game"] == json.loads(plain.stdout.strip().splitlines()[-1])
    # a step that loaded more than its own module: a package and the modules it imports
    # itself (few; each one's body is still small)
    assert len({name for name, _ in result["extra"]}) <= len(steps) // 10
