"""The game's modules compiled by a helper process while the title is up (issue 17).

Where Python keeps no byte code (PYTHONDONTWRITEBYTECODE=1, a read-only install, a fresh
copy), every import of a game module compiles its source first: 1-11 ms a module on a quiet
machine, 530 ms for all of them. The title's warm-up imports the screens on a thread, but a
compile is one call that holds Python's lock whole: the title's frames waited for it (frames of
50-190 ms wall with 5-10 ms of their own work, bench_game at load 5).

So the compiling is done by another process (the machine's other core): `start(roots)` runs
`python -c CHILD`, which follows the game's `import` statements from the modules `roots`
names (every import, those inside functions too: what a screen may import later), dependencies
first, compiles each source that has no valid byte code file, and sends back its code
(`marshal`, as a .pyc holds it) with the source's length and CRC-32. A reader thread keeps what
arrives; an import of a game module then takes that code if it was made from the very bytes it
read now (else it compiles, as always). The warm-up thread waits for a module still being
compiled (without Python's lock); the main thread never waits. Nothing is written to disk.
Not started in a frozen build (no sources) or where the game's modules already have byte code.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import logging
import marshal
import subprocess
import sys
import threading
import zlib
from pathlib import Path

log = logging.getLogger(__name__)

WAIT_S = 5.0  # the longest a warm-up import waits for a module the helper is compiling

# The helper: argv[1] the game package's folder, argv[2:] root module names; stdin, one a
# line, modules already imported (followed, not sent). Reads and parses them all, then sends
# "M", a length (4 bytes) and the names of the modules an import of the roots runs, one a
# line, in the order their bodies run (`steps`); for each module to compile "P", the path's
# length (4 bytes) and the path, then "D"; then,
# dependencies first, "C", the path's length, the source's length, its CRC-32, the code's
# length (4/8/4/4 bytes), the path and the marshalled code (empty if it did not compile: the
# import reports it).
CHILD = r"""
import importlib.util, marshal, os, re, sys, zlib
package, roots = sys.argv[1], sys.argv[2:]
base = os.path.dirname(package)
imported = set(sys.stdin.read().split())
out = sys.stdout.buffer
seen = set()
order = []
# import statements, read from the text (an AST costs ten times more; a miss only means that
# module is compiled where it is imported, as always)
IMPORT = re.compile(
    rb"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)"
    rb"|import[ \t]+([^\n#;]*))",
    re.M,
)

def file_of(name):
    parts = name.split(".")
    if parts[0] != "game":
        return None
    stem = os.path.join(base, *parts)
    for path in (stem + ".py", os.path.join(stem, "__init__.py")):
        if os.path.isfile(path):
            return path
    return None

def names(text):
    for part in text.strip(b"()").replace(b"\\", b" ").split(b","):
        part = part.split()
        if part:
            yield part[0].decode("ascii", "replace")

def targets(source, name, is_package, pattern=IMPORT):
    here = name if is_package else name.rpartition(".")[0]
    for m in pattern.finditer(source):
        if m.group(3) is not None:
            yield from names(m.group(3))
            continue
        mod = m.group(1).decode("ascii", "replace")
        level = len(mod) - len(mod.lstrip("."))
        mod = mod[level:]
        if level:
            up = here.split(".")
            up = up[: len(up) - level + 1]
            mod = ".".join(up + ([mod] if mod else []))
        yield mod
        for alias in names(m.group(2)):
            yield mod + "." + alias

texts = {}

def read(path):
    if path not in texts:
        with open(path, "rb") as fh:
            texts[path] = fh.read()
    return texts[path]

def fresh_pyc(path):
    try:
        pyc = importlib.util.cache_from_source(path)
        return os.stat(pyc).st_mtime >= os.stat(path).st_mtime
    except (OSError, NotImplementedError, ValueError):
        return False

def visit(name):
    path = file_of(name)
    if path is None or path in seen:
        return
    seen.add(path)
    parent = name.rpartition(".")[0]
    if parent:
        visit(parent)
    source = read(path)
    for dep in targets(source, name, path.endswith("__init__.py")):
        visit(dep)
    if name not in imported and not fresh_pyc(path):
        order.append((path, source))

def send(path, source):
    head = path.encode("utf-8", "surrogateescape")
    try:
        blob = marshal.dumps(compile(source, path, "exec", dont_inherit=True, optimize=OPT))
    except (SyntaxError, ValueError):
        blob = b""
    out.write(
        b"C" + len(head).to_bytes(4, "little") + len(source).to_bytes(8, "little")
        + zlib.crc32(source).to_bytes(4, "little") + len(blob).to_bytes(4, "little")
        + head + blob
    )
    out.flush()

# the order an import of the roots runs the modules' bodies (the imports at a line's start
# only: those a module runs as it is imported), dependencies first: a warm-up that imports
# them one at a time runs one module's body a step
TOP = re.compile(
    rb"^(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)"
    rb"|import[ \t]+([^\n#;]*))",
    re.M,
)
ran = set()
done = set()
steps = []

def visit_top(name):
    path = file_of(name)
    if path is None or name in ran:
        return
    ran.add(name)
    parent = name.rpartition(".")[0]
    if parent:
        visit_top(parent)
    for dep in targets(read(path), name, path.endswith("__init__.py"), TOP):
        visit_top(dep)
    # (a package still being read imports this module itself: its body runs in that step)
    if name not in imported and (not parent or parent in done or parent in imported):
        steps.append(name)
    done.add(name)

for root in roots:
    visit_top(root)
    visit(root)
listed = "\n".join(steps).encode("ascii", "replace")
out.write(b"M" + len(listed).to_bytes(4, "little") + listed)
for path, _source in order:  # announced: an import of one of them waits for it
    head = path.encode("utf-8", "surrogateescape")
    out.write(b"P" + len(head).to_bytes(4, "little") + head)
out.write(b"D")
out.flush()
for entry in order:
    send(*entry)
"""

_lock = threading.Condition()
_codes: dict[str, tuple[int, int, bytes]] = {}  # path -> (source length, CRC-32, code)
_pending: set[str] = set()  # announced, not compiled yet
_gone: set[str] = set()  # imported already
_state: dict = {"running": False, "started": False, "announced": False, "package": ""}


def start(roots: list[str]) -> bool:
    """Start the helper for the modules `roots` and what they import (once a process). True if
    it runs. From a background thread (starting a process takes a few ms)."""
    with _lock:
        if _state["started"]:
            return _state["running"]
        _state["started"] = True
    game = sys.modules.get("game")
    spec = getattr(game, "__spec__", None)
    if (
        getattr(sys, "frozen", False)
        or not sys.executable
        or spec is None
        or not isinstance(spec.loader, importlib.machinery.SourceFileLoader)
        or not spec.origin
    ):
        return False
    package = str(Path(spec.origin).parent)
    child = CHILD.replace("OPT", str(sys.flags.optimize))
    try:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-B", "-c", child, package, *roots],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        log.info("no helper process to compile the game's modules: compiled as imported")
        return False
    with _lock:
        _state["running"] = True
        _state["package"] = package
    sys.meta_path.insert(0, _finder)
    threading.Thread(target=_read, args=(proc,), name="compiled-code", daemon=True).start()
    try:
        assert proc.stdin is not None
        proc.stdin.write("\n".join(m for m in list(sys.modules) if m.startswith("game")).encode())
        proc.stdin.close()
    except OSError:
        pass
    return True


def _read(proc: subprocess.Popen) -> None:
    """The reader thread: keep each module's code as it arrives (reading waits without
    Python's lock)."""
    stream = proc.stdout
    assert stream is not None
    try:
        while True:
            kind = stream.read(1)
            if kind == b"P":
                head = stream.read(4)
                path = stream.read(int.from_bytes(head, "little"))
                with _lock:
                    _pending.add(path.decode("utf-8", "surrogateescape"))
                continue
            if kind == b"M":
                head = stream.read(4)
                listed = stream.read(int.from_bytes(head, "little")).decode("ascii", "replace")
                with _lock:
                    _state["steps"] = [name for name in listed.split("\n") if name]
                    _lock.notify_all()
                continue
            if kind == b"D":
                with _lock:
                    _state["announced"] = True
                    _lock.notify_all()
                continue
            head = stream.read(20)
            if kind != b"C" or len(head) < 20:
                break
            n_path = int.from_bytes(head[0:4], "little")
            size = int.from_bytes(head[4:12], "little")
            crc = int.from_bytes(head[12:16], "little")
            n_code = int.from_bytes(head[16:20], "little")
            path = stream.read(n_path).decode("utf-8", "surrogateescape")
            blob = stream.read(n_code)
            if len(blob) < n_code:
                break
            with _lock:
                _pending.discard(path)
                if blob and path not in _gone:
                    _codes[path] = (size, crc, blob)
                _lock.notify_all()
    finally:
        with _lock:
            _state["running"] = False
            _pending.clear()
            _lock.notify_all()
        stream.close()
        proc.wait()


def _take(path: str, source: bytes):
    """The helper's code for `path`, if made from these very bytes, else None. Off the main
    thread, waits (at most WAIT_S) while the helper is still at work."""
    waits = threading.current_thread() is not threading.main_thread()
    with _lock:
        if waits and _state["running"]:
            _lock.wait_for(lambda: _state["announced"] or not _state["running"], WAIT_S)
        if waits and path in _pending:
            _lock.wait_for(lambda: path not in _pending, WAIT_S)
        entry = _codes.pop(path, None)
        _gone.add(path)  # (imported: its code, if it comes later, is not kept)
    if entry is None:
        return None
    size, crc, blob = entry
    if size != len(source) or crc != zlib.crc32(source):
        return None  # (the file changed since: compiled as always)
    try:
        return marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return None


def wait_for(module: str, timeout_s: float = WAIT_S) -> None:
    """Off the main thread, before importing `module`: wait (without Python's lock) until the
    helper has sent its code, and so its dependencies' (sent first). The import then holds
    Python's import locks only while it runs: a screen the player opens meanwhile, importing
    one of the same modules on the main thread, never waits for the helper through them."""
    package = _state.get("package")
    if not package or threading.current_thread() is threading.main_thread():
        return
    stem = Path(package).parent.joinpath(*module.split("."))
    paths = [str(stem) + ".py", str(stem / "__init__.py")]
    with _lock:
        if _state["running"]:
            _lock.wait_for(lambda: _state["announced"] or not _state["running"], timeout_s)
        _lock.wait_for(lambda: not any(p in _pending for p in paths), timeout_s)


def steps(timeout_s: float = WAIT_S) -> list[str]:
    """The game's modules that importing the roots runs, one module's body a step, dependencies
    first (the roots' order kept: what the first root needs comes first); [] without the
    helper (the warm-up then imports the roots whole). Off the main thread: waits for the
    helper's list (~40 ms)."""
    with _lock:
        if _state["running"] and threading.current_thread() is not threading.main_thread():
            _lock.wait_for(lambda: "steps" in _state or not _state["running"], timeout_s)
        return list(_state.get("steps", []))


def waiting() -> int:
    """Modules compiled and not imported yet (for tests and the bench)."""
    with _lock:
        return len(_codes)


def forget() -> None:
    """Drop the code of modules never imported (the warm-up is done: a later import compiles,
    as it would have)."""
    with _lock:
        _gone.update(_codes)
        _codes.clear()


class _Loader(importlib.machinery.SourceFileLoader):
    def source_to_code(self, data, path, *, _optimize=-1):  # type: ignore[override]
        code = _take(str(path), bytes(data))
        if code is not None:
            return code
        return super().source_to_code(data, path, _optimize=_optimize)


class _Finder(importlib.abc.MetaPathFinder):
    """The game's modules, loaded as always, but with the helper's code where it has it."""

    def find_spec(self, fullname, path, target=None):
        if fullname.partition(".")[0] != "game":
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or type(spec.loader) is not importlib.machinery.SourceFileLoader:
            return spec
        spec.loader = _Loader(fullname, spec.origin)
        return spec


_finder = _Finder()
