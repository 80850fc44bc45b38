"""Where the playing game's memory is at its peak (issue 17: peak RSS <= 150 MB, goal 120).

`python benchmarks/bench_memory.py [--months 24] [--seed 3] [--size 1280x720] [--language en]
[--ui-scale 1.0] [--tracemalloc] [--json FILE]` (about 1-2 minutes).

Runs `python main.py play --autoplay` in this process (the same code path as `bench_game.py`'s
fast run, dummy driver) and, after every frame whose VmRSS is a new high (by 1 MB), takes a
*snapshot*; the last one is the peak. A snapshot says:

* RSS by kind, from `/proc/self/smaps`: the heap (`[heap]` and anonymous mappings: malloc's
  arenas, big allocations, SDL's pictures), each shared library's pages (file-backed), stacks;
* glibc's `mallinfo2`: heap in use by malloc's callers, and heap freed but kept (what
  `malloc_trim(0)` could give back);
* every `pygame.Surface` reachable from a Python object (a subsurface counts for its parent's
  pixels once), grouped by the type of the object that holds it and by size;
* the `pygame.font.Font` objects alive (each is its own FreeType face and HarfBuzz tables);
* with `--tracemalloc`: Python's own allocations by file (tracing costs memory and time itself:
  read its totals, not the RSS of that run).

Also VmRSS when each screen is first on top, and at the end before and after `malloc_trim(0)`.

A census allocates too (every object listed, referrer chains walked): in a paced run the
pre-run screens' VmRSS was 126-133 MB with `--census peak` against 107-113 without, so a peak
to compare is read from a run with `--census none` (or `end`; `--trace FILE` says where it is).
"""

from __future__ import annotations

import argparse
import collections
import ctypes
import gc
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class MallInfo2(ctypes.Structure):
    _FIELDS = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
    _fields_ = [(name, ctypes.c_size_t) for name in _FIELDS.split()]


def _libc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = MallInfo2
        return libc
    except (OSError, AttributeError):
        return None


LIBC = _libc()
MB = 1024 * 1024


def status_kb() -> dict[str, int]:
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                out[key] = int(rest.split()[0])
    return out


def smaps_by_kind() -> dict[str, float]:
    """RSS (MB) of each mapping kind: heap, anonymous, stacks, and each file by its name."""
    kinds: collections.Counter = collections.Counter()
    name = ""
    head = re.compile(r"^[0-9a-f]+-[0-9a-f]+ ")
    with open("/proc/self/smaps") as fh:
        for line in fh:
            if head.match(line):
                parts = line.split(None, 5)
                path = parts[5].strip() if len(parts) > 5 else ""
                if not path:
                    name = "anonymous (malloc arenas, big allocations, pictures)"
                elif path == "[heap]":
                    name = "[heap] (malloc's main arena)"
                elif path.startswith("["):
                    name = path
                else:
                    name = "file " + library_name(path)
            elif line.startswith("Rss:"):
                kinds[name] += int(line.split()[1])
    return {k: v / 1024 for k, v in kinds.most_common()}


def library_name(path: str) -> str:
    """numpy, pygame, SDL2, ... rather than a long path."""
    base = os.path.basename(path)
    if "site-packages" in path:
        pkg = path.split("site-packages" + os.sep, 1)[1].split(os.sep, 1)[0]
        pkg = pkg.split(".libs")[0].rstrip(".")
        return f"{pkg} ({base})" if pkg != base else base
    return base


def mallinfo() -> dict[str, float]:
    if LIBC is None:
        return {}
    mi = LIBC.mallinfo2()
    return {
        "heap_mb": (mi.arena + mi.hblkhd) / MB,
        "in_use_mb": (mi.uordblks + mi.hblkhd) / MB,
        "free_kept_mb": mi.fordblks / MB,
        "mmapped_mb": mi.hblkhd / MB,
    }


def pymalloc() -> dict[str, float]:
    """Python's small-object allocator: its arenas (anonymous mappings, not malloc's heap) and
    the bytes of live objects in them (`sys._debugmallocstats`, which writes to C's stderr)."""
    with tempfile.TemporaryFile(mode="w+") as tmp:
        saved = os.dup(2)
        os.dup2(tmp.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read()
    out = {}
    for key, label in (
        ("arenas_mb", "Total"),
        ("objects_mb", "# bytes in allocated blocks"),
    ):
        m = re.search(rf"^{re.escape(label)}\s*=\s*([\d,]+)", text, re.M)
        if m:
            out[key] = int(m.group(1).replace(",", "")) / MB
    return out


def surface_census() -> dict:
    """Every Surface reachable from a Python object, by holder type and by size."""
    import pygame

    seen: dict[int, tuple] = {}
    holders: collections.Counter = collections.Counter()
    sizes: collections.Counter = collections.Counter()
    everything = gc.get_objects()
    for obj in everything:
        for ref in gc.get_referents(obj):
            if not isinstance(ref, pygame.Surface) or id(ref) in seen:
                continue
            surf = ref
            while surf.get_parent() is not None:
                surf = surf.get_parent()
            if id(surf) in seen and surf is not ref:
                seen[id(ref)] = (0, "")
                continue
            nbytes = surf.get_bytesize() * surf.get_width() * surf.get_height()
            owner = type(obj).__qualname__
            if isinstance(obj, dict | list | tuple | collections.OrderedDict):
                owner = holder_of(obj, {id(everything)})
            seen[id(ref)] = (nbytes, owner)
            seen[id(surf)] = (nbytes, owner)
            holders[owner] += nbytes
            sizes[f"{surf.get_width()}x{surf.get_height()}"] += nbytes
    total = sum(holders.values())
    return {
        "total_mb": total / MB,
        "count": len(seen),
        "by_holder_mb": {k: v / MB for k, v in holders.most_common(25)},
        "by_size_mb": {k: v / MB for k, v in sizes.most_common(10)},
    }


def holder_of(container, skip: set[int], depth: int = 6) -> str:
    """Who keeps a dict, list or tuple of pictures: `Type.attribute` of the first object up the
    chain of referrers that is not a container (or a module's global)."""
    this = container
    trail = ""
    skip = skip | {id(sys._getframe())}
    for _ in range(depth):
        refs = [
            r
            for r in gc.get_referrers(this)
            if id(r) not in skip
            and type(r).__name__ not in ("frame", "cell", "function", "list_iterator")
        ]
        skip.update(id(r) for r in refs)
        if not refs:
            break
        ref = refs[0]
        if isinstance(ref, dict):
            key = next((k for k, v in ref.items() if v is this), None)
            owners = [o for o in gc.get_referrers(ref) if getattr(o, "__dict__", None) is ref]
            if owners:
                return f"{type(owners[0]).__qualname__}.{key}{trail}"
            if "__name__" in ref and "__builtins__" in ref:
                return f"{ref['__name__']}.{key}{trail}"
            trail = f"[{key!r}]{trail}" if len(trail) < 40 else trail
        elif isinstance(ref, list | tuple | set | collections.OrderedDict):
            trail = f"[]{trail}" if len(trail) < 40 else trail
        else:
            return f"{type(ref).__qualname__}{trail}"
        this = ref
    return f"?{trail}"


def named_pictures(app, least: int = 512 * 1024) -> dict[str, float]:
    """The big pictures (>= `least` bytes) by what holds them, named from the app: its own
    attributes (`App.window`, `App._below`, `App._fade_from`), each scene on its stack and the
    screen built ahead (`MonthScene._layer`), one level into tuples, lists and dicts; the
    display's surface as `display`. A picture held twice is named once."""
    import pygame

    named: dict[int, tuple[str, pygame.Surface]] = {}

    def add(name: str, value, depth: int = 0) -> None:
        if isinstance(value, pygame.Surface):
            root = value
            while root.get_parent() is not None:
                root = root.get_parent()
            named.setdefault(id(root), (name, root))
        elif depth < 2 and isinstance(value, tuple | list):
            for item in value:
                add(name, item, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for key, item in list(value.items())[:64]:
                add(f"{name}[{key!r}]"[:60], item, depth + 1)

    display = pygame.display.get_surface()
    if display is not None:
        add("display", display)
    for key, value in vars(app).items():
        add(f"App.{key}", value)
    owners = list(app.stack)
    ready = getattr(app, "_prepared", None)
    if ready is not None:
        owners.append(ready.scene)
    for scene in owners:
        for key, value in vars(scene).items():
            add(f"{type(scene).__name__}.{key}", value)
    held = getattr(getattr(app, "ahead_parts", None), "_held", {})
    for kind, (_key, part) in held.items():
        add(f"ahead_parts[{kind!r}]", part)
        for key, value in getattr(part, "__dict__", {}).items():
            add(f"ahead_parts[{kind!r}].{key}", value)
    out: collections.Counter = collections.Counter()
    for name, surf in named.values():
        nbytes = surf.get_bytesize() * surf.get_width() * surf.get_height()
        if nbytes >= least:
            out[f"{name} {surf.get_width()}x{surf.get_height()}"] += nbytes
    return {k: v / MB for k, v in out.most_common()}


def fonts_alive() -> dict:
    import pygame

    from game.ui import fonts

    faces: dict[int, str] = {}
    # the game's faces (a dict of Fonts alone is not tracked by the collector: counted directly)
    for face in [*getattr(fonts, "_shared", {}).values(), *getattr(fonts, "_own", [])]:
        faces[id(face)] = f"{face.name} {face.style_name} {face.point_size}"
    for obj in gc.get_objects():
        for ref in gc.get_referents(obj):
            if isinstance(ref, pygame.font.Font):
                faces[id(ref)] = f"{ref.name} {ref.style_name} {ref.point_size}"
    kinds = collections.Counter(faces.values())
    # the files the game's faces are open on (the whole Noto Sans SC, or its English subset)
    files: collections.Counter = collections.Counter()
    for (path, _size), sized in getattr(fonts, "_sized", {}).items():
        if sized.own is not None:
            files[os.path.basename(path)] += 1
    for path in getattr(fonts, "_shared", {}):
        files[os.path.basename(path)] += 1
    return {"fonts": len(faces), "faces": dict(sorted(kinds.items())), "files": dict(files)}


def python_objects(top: int = 25) -> dict:
    import tracemalloc

    if not tracemalloc.is_tracing():
        return {}
    snap = tracemalloc.take_snapshot()
    stats = snap.statistics("traceback")
    groups: collections.Counter = collections.Counter()
    for st in stats:
        # modules' code (unmarshalled by the import machinery) apart; else the innermost file
        inner = st.traceback[-1].filename
        if inner.startswith("<frozen importlib"):
            groups["modules' code (imports)"] += st.size
            continue
        path = inner
        if "site-packages" in path:
            key = path.split("site-packages" + os.sep, 1)[1].split(os.sep, 1)[0]
        elif path.startswith(str(ROOT)):
            key = os.path.relpath(path, ROOT).split(os.sep)[:2]
            key = "/".join(key)
        elif "<frozen" in path or "/lib/python3" in path:
            key = "stdlib"
        else:
            key = path
        groups[key] += st.size
    return {
        "total_mb": sum(groups.values()) / MB,
        "by_package_mb": {k: v / MB for k, v in groups.most_common(top)},
    }


# Imported or mapped for a run that does without them (issue 17): the scenario loader's
# pydantic (~15 MB with the schema's models: a built-in is read from scenarios/checked/), and
# OpenSSL's libcrypto (3.3 MB: hashlib uses Python's own SHA-256 in the game).
NOT_WHILE_PLAYING = ("pydantic", "game.scenario.loader", "game.scenario.schema", "_hashlib", "ssl")


def heavy_modules() -> dict:
    maps = Path("/proc/self/maps").read_text() if Path("/proc/self/maps").exists() else ""
    return {
        "imported": [m for m in NOT_WHILE_PLAYING if sys.modules.get(m) is not None],
        "libcrypto_mapped": "libcrypto" in maps,
    }


def snapshot(scene: str, frame: int, app=None) -> dict:
    return {
        "named_pictures": named_pictures(app) if app is not None else {},
        "heavy": heavy_modules(),
        "frame": frame,
        "scene": scene,
        "status_kb": status_kb(),
        "smaps_mb": smaps_by_kind(),
        "malloc": mallinfo(),
        "pymalloc": pymalloc(),
        "surfaces": surface_census(),
        "fonts": fonts_alive(),
        "python": python_objects(),
    }


def run(args) -> dict:
    tmp = tempfile.mkdtemp(prefix="irb-bench-mem-")
    os.environ.update(
        {
            "SDL_VIDEODRIVER": "dummy",
            "SDL_AUDIODRIVER": "dummy",
            "PYGAME_HIDE_SUPPORT_PROMPT": "1",
            "IRB_CONFIG_DIR": os.path.join(tmp, "config"),
            "IRB_DATA_DIR": os.path.join(tmp, "data"),
            "IRB_AUTOPLAY_PACE": str(args.pace),
            "IRB_AUTOPLAY_SETTLE": "1",
        }
    )
    os.environ.pop("IRB_MAX_FRAMES", None)
    settings = {"language": args.language, "ui_scale": args.ui_scale, "version": 1}
    os.makedirs(os.path.join(tmp, "config"), exist_ok=True)
    Path(tmp, "config", "settings.json").write_text(json.dumps(settings))
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start(12)

    import game.ui.app as appmod
    from game.ui import fonts

    state = {"high_kb": 0, "snap_kb": 0, "frames": 0, "switches": 0}
    switch_frames: collections.Counter = collections.Counter()  # screen -> frames with a switch
    most_switches: dict = {"n": 0}
    trace = open(args.trace, "w") if args.trace else None  # noqa: SIM115 - open for the run
    first_on_top: dict[str, float] = {}
    snaps: list[dict] = []
    orig_step, orig_close = appmod.App.step, appmod.App.close

    def step(self, dt):
        orig_step(self, dt)
        state["frames"] += 1
        name = type(self.top).__name__ if self.top is not None else "-"
        # font size switches in this frame (each empties a face's glyph cache; fonts.SizedFont)
        switched = getattr(fonts, "switches", 0) - state["switches"]
        state["switches"] += switched
        if switched:
            switch_frames[name] += 1
            if switched > most_switches["n"]:
                most_switches.update(n=switched, frame=state["frames"], scene=name)
        rss = status_kb()["VmRSS"]
        came = name != state.get("top")
        state["top"] = name
        if LIBC is not None and came and name in args.trim_each:
            LIBC.malloc_trim(0)  # an experiment: each time this screen comes on top
            rss = status_kb()["VmRSS"]
        if name not in first_on_top and name in args.trim_at and LIBC is not None:
            LIBC.malloc_trim(0)  # an experiment: hand freed heap back when this screen opens
            rss = status_kb()["VmRSS"]
        first_on_top.setdefault(name, rss / 1024)
        if trace is not None:
            where = name + (f":{self.top.tab}" if hasattr(self.top, "tab") else "")
            m = mallinfo() if LIBC is not None else {}
            trace.write(
                f"{state['frames']}\t{where}\t{rss / 1024:.1f}"
                f"\t{m.get('in_use_mb', 0):.1f}\t{m.get('free_kept_mb', 0):.1f}\n"
            )
        state["high_kb"] = max(state["high_kb"], rss)
        if args.census == "peak" and rss >= state["snap_kb"] + 4096:  # a census takes seconds
            state["snap_kb"] = rss
            snaps.append(snapshot(name, state["frames"], self))
            del snaps[:-1]

    def close(self):
        state["end_kb"] = status_kb()["VmRSS"]
        if trace is not None:
            trace.close()
        if args.census != "none" and state["end_kb"] >= state["snap_kb"]:  # often the peak
            snaps[:] = [snapshot(type(self.top).__name__ + " (end)", state["frames"], self)]
        if LIBC is not None:
            LIBC.malloc_trim(0)
            state["trimmed_kb"] = status_kb()["VmRSS"]
        orig_close(self)

    appmod.App.step, appmod.App.close = step, close
    from game.cli import main

    argv = ["play", "--autoplay", "--months", str(args.months), "--seed", str(args.seed)]
    argv += ["--size", args.size]
    t0 = time.perf_counter()
    rc = main(argv)
    return {
        "rc": rc,
        "seconds": time.perf_counter() - t0,
        "frames": state["frames"],
        "settings": settings,
        "vmrss_peak_mb": state["high_kb"] / 1024,
        "end_mb": state.get("end_kb", 0) / 1024,
        "trimmed_mb": state.get("trimmed_kb", 0) / 1024,
        "first_on_top_mb": first_on_top,
        "font_switches": {
            "total": state["switches"],
            "frames_with_one_by_screen": dict(switch_frames.most_common()),
            "most_in_a_frame": most_switches,
        },
        "peak": snaps[-1] if snaps else {},
    }


def report(data: dict) -> None:
    print(
        f"bench_memory: {data['frames']} frames in {data['seconds']:.0f} s, settings"
        f" {data['settings']}; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"  VmRSS peak {data['vmrss_peak_mb']:.1f} MB (sampled after every frame)")
    print(f"  at the end {data['end_mb']:.1f} MB, after malloc_trim(0) {data['trimmed_mb']:.1f} MB")
    line = ", ".join(f"{k} {v:.0f}" for k, v in data["first_on_top_mb"].items())
    print(f"  VmRSS (MB) when first on top: {line}")
    sw = data.get("font_switches", {})
    if sw.get("total"):
        most = sw["most_in_a_frame"]
        by = ", ".join(f"{k} {v}" for k, v in sw["frames_with_one_by_screen"].items())
        print(
            f"  font size switches: {sw['total']}, at most {most['n']} in a frame (frame"
            f" {most['frame']}, {most['scene']}); frames with one, by screen: {by}"
        )
    peak = data["peak"]
    if not peak:
        return
    st = peak["status_kb"]
    print(
        f"\nat the peak (frame {peak['frame']}, {peak['scene']} on top): VmRSS"
        f" {st['VmRSS'] / 1024:.1f} MB = anonymous {st['RssAnon'] / 1024:.1f} + files"
        f" {st['RssFile'] / 1024:.1f}"
    )
    heavy = peak.get("heavy", {})
    if heavy:
        print(
            "  imported though a built-in run needs none of them: "
            + (", ".join(heavy["imported"]) or "none")
            + f"; OpenSSL's libcrypto {'mapped' if heavy['libcrypto_mapped'] else 'not mapped'}"
        )
    print("  by mapping (MB):")
    for k, v in list(peak["smaps_mb"].items())[:18]:
        if v >= 0.3:
            print(f"    {v:7.1f}  {k}")
    m = peak["malloc"]
    if m:
        print(
            f"  malloc: {m['heap_mb']:.1f} MB heap ({m['mmapped_mb']:.1f} mmapped), in use"
            f" {m['in_use_mb']:.1f}, freed and kept {m['free_kept_mb']:.1f}"
        )
    pm = peak.get("pymalloc", {})
    if pm:
        print(
            f"  Python's small objects: {pm.get('arenas_mb', 0):.1f} MB of arenas,"
            f" {pm.get('objects_mb', 0):.1f} MB in live objects"
        )
    s = peak["surfaces"]
    print(f"  pictures: {s['count']} surfaces, {s['total_mb']:.1f} MB; by holder:")
    for k, v in s["by_holder_mb"].items():
        print(f"    {v:7.2f}  {k}")
    print("    by size: " + ", ".join(f"{k} {v:.1f}" for k, v in s["by_size_mb"].items()))
    if peak.get("named_pictures"):
        print("    the big ones, named from the app and its screens:")
        for k, v in peak["named_pictures"].items():
            print(f"      {v:6.2f}  {k}")
    print(
        f"  fonts alive: {peak['fonts']['fonts']}: "
        + ", ".join(f"{k} x{v}" if v > 1 else k for k, v in peak["fonts"]["faces"].items())
    )
    if peak["fonts"].get("files"):
        print(
            "    the game's faces by file: "
            + ", ".join(f"{k} {v}" for k, v in peak["fonts"]["files"].items())
        )
    py = peak["python"]
    if py:
        print(f"  Python objects (tracemalloc): {py['total_mb']:.1f} MB")
        for k, v in py["by_package_mb"].items():
            print(f"    {v:7.2f}  {k}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--size", default="1280x720")
    p.add_argument("--language", default="en")
    p.add_argument("--ui-scale", type=float, default=1.0, help="text size (1.5 = 150%%)")
    p.add_argument("--pace", type=int, default=2, help="IRB_AUTOPLAY_PACE (frames per action)")
    p.add_argument("--tracemalloc", action="store_true", help="also trace Python's allocations")
    p.add_argument(
        "--census",
        choices=("peak", "end", "none"),
        default="peak",
        help="where to count pictures and mappings: at each new high (slow), at the end, never",
    )
    p.add_argument(
        "--trim-at",
        default="",
        help="comma-separated screens (e.g. DebriefScene): malloc_trim(0) when each first opens",
    )
    p.add_argument(
        "--trim-each",
        default="",
        help="comma-separated screens: malloc_trim(0) after the first frame each time one comes"
        " on top (an experiment: what the month loop's freed heap costs)",
    )
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    p.add_argument(
        "--trace",
        metavar="FILE",
        help="write every frame's VmRSS (MB), screen (and debrief step), malloc's heap in use"
        " and freed-but-kept, tab-separated",
    )
    args = p.parse_args(argv)
    data = run(args)
    report(data)
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=1))
    return 0 if data["rc"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
