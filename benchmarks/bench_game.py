"""The whole game's speed against the targets of issue 4 ("Speed"):
`python benchmarks/bench_game.py [--startup-runs 7] [--months 24] [--seed 3] [--scenario NAME]
[--fast 2,1] [--paced 40,30] [--no-1080] [--no-startup] [--profile | --no-profile]
[--profile-only Scene,Scene:idle,resolve,build] [--json FILE]` (about 3-4 minutes on 2 cores).

Issue 17's targets are judged too: every screen's *build frame* (the frame in which it appears,
counted for the screen it shows) p99 <= 16.7 ms at 1280x720, no frame over 33 ms in a whole run,
peak RSS <= 150 MB. `--json FILE` writes the figures (per scene `build_ms_p99`,
`build_cpu_ms_p99`, `idle_ms_p99`, ...; `peak_rss_mb`, `start_s`, `title_first_frame_ms`,
`max_frame_ms`) and skips the
profiling run unless `--profile`/`--profile-only` asks for it.

Targets: start to an interactive title screen <= 1.0 s; every scene at 1280x720 on the dummy
driver: p99 frame <= 8 ms; no frame over 50 ms while a month resolves; memory while playing
<= 250 MB RSS.

1. **Start-up** (median of `--startup-runs` of each):
   * the instrumented command (this file with `--child startup`, which runs `game.cli.main([])`,
     i.e. `python main.py`, unchanged but notes the clock once the first frame has been drawn and
     flipped): spawn -> first title frame (the number the target is about), in-process
     `import game.ui.app` -> first frame (wall and CPU), and the title's first frame itself
     (its build, `App.push`, and the frame that draws it);
   * a plain `python main.py` with IRB_MAX_FRAMES=1, spawn to exit (interpreter, imports, window,
     first frame, shutdown): an upper bound, and its CPU seconds.
2. **Autoplay runs** in fresh processes (`--child play`): the real
   `python main.py play --autoplay --months N --seed S --size WxH` code path (game.cli.main),
   headless (SDL_VIDEODRIVER=dummy), fresh settings and saves, no screenshots (PNGs saved inside
   frames would be counted). Two bot paces (IRB_AUTOPLAY_PACE / IRB_AUTOPLAY_SETTLE):
   * `--fast` 2,1, the fastest the bot allows: ~280 frames, every month resolves in quick
     succession; but each screen lives only 2-5 frames, so its "p99" is the frame that built it;
   * `--paced` 40,30, the bot's own pace in a real window (an action every 2/3 s at 60 fps):
     ~3,400 frames, so every screen has enough frames for a p99. The per-scene verdict uses it.
   `App.step` (one frame: the frame hooks incl. the bot, events, update, draw, flip; the app's
   60 fps `clock.tick` sleep is outside it) is wrapped in the child process only: each frame's
   wall time (perf_counter) and CPU time (process_time; the 2 cores are shared, so CPU is the
   steadier figure), tagged with the class of the top scene when the frame starts (the scene
   that handles the frame's input: a frame that opens a new screen counts for the screen it
   left). A frame hook runs only at the start of a frame, so it cannot time the frame; the
   wrapper does. Each frame is also classed as a "change" frame (the top scene changed), an
   "input" frame (the bot acted: a click or key, same screen) or an "idle" frame (neither, and
   not resolving a month). The frame in which the session's month advances (the End month
   click) and the `--resolve-frames` (5) frames after it (the result screen opens, then its
   chores: autosave, street repaint) are "while a month resolves". Per scene: frames, median,
   p99, max (wall), median and p99 CPU, idle p99, input max, change max.
3. **Memory**: peak RSS of the playing process (`resource.getrusage(RUSAGE_SELF).ru_maxrss` at
   the end; /proc/self/status VmRSS sampled after every frame, outside the timed part): VmRSS
   when each screen is first shown, where it peaks, the largest one-frame growths, and the RSS
   at the end before and after `malloc_trim(0)` (what malloc keeps of freed heap).
4. The same runs at 1920x1080 (for information).

A compact table with PASS/FAIL against each target ends the output (scene p99 judged on all
frames and on idle frames). If a 1280x720 target fails (or with `--profile`), one more paced run
is made under cProfile, profiling only the frames over `--slow-ms` (8) of the failing scenes
(`Scene`: all its frames, `Scene:idle`: its idle frames, `resolve`: the resolving frames); the
top costs are printed (own time, and cumulative time of the game's and pygame_gui's functions)
with file:line, averaged and for the two slowest frames. Times under the profiler are inflated
(about 1.5-2x); it times the main thread's CPU (a frame's wait for a core or for Python's lock
is not charged to what ran then), and picks frames by it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_START_S = 1.0
TARGET_P99_MS = 8.0
TARGET_RESOLVE_MS = 50.0
TARGET_RSS_MB = 250.0
# issue 17: every screen opens in one frame at 60 fps, no frame misses two, 150 MB
TARGET_BUILD_MS = 16.7
TARGET_ANY_MS = 33.0
TARGET_RSS17_MB = 150.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
        if ordered
        else float("nan")
    )


def child_env(tmp: str, **extra: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "SDL_VIDEODRIVER": "dummy",
            "SDL_AUDIODRIVER": "dummy",
            "PYGAME_HIDE_SUPPORT_PROMPT": "1",
            "IRB_CONFIG_DIR": os.path.join(tmp, "config"),
            "IRB_DATA_DIR": os.path.join(tmp, "data"),
            "IRB_AUTOPLAY_PACE": "2",
            "IRB_AUTOPLAY_SETTLE": "1",
        }
    )
    env.pop("IRB_MAX_FRAMES", None)
    env.update(extra)
    return env


def vm_rss_kb() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# ---- the child processes --------------------------------------------------------------------
def child_startup() -> int:
    """`python main.py` with IRB_MAX_FRAMES=1, noting the clock after the first frame."""
    w0, c0 = time.perf_counter(), time.process_time()
    import game.ui.app as appmod  # noqa: PLC0415 - the import is what is timed

    orig, orig_push = appmod.App.step, appmod.App.push
    seen: dict = {}
    title = {"wall": 0.0, "cpu": 0.0}  # the title's first frame: its build (push) and frame 1

    def timed(fn, self, *a):
        w, c = time.perf_counter(), time.process_time()
        out = fn(self, *a)
        if self.frames == 0:
            title["wall"] += time.perf_counter() - w
            title["cpu"] += time.process_time() - c
        return out

    def push(self, scene):
        return timed(orig_push, self, scene)

    def step(self, dt):
        timed(orig, self, dt)
        if self.frames == 1 and not seen:
            seen.update(
                epoch=time.time(),
                wall=time.perf_counter() - w0,
                cpu=time.process_time() - c0,
                top=type(self.top).__name__ if self.top else None,
                title_ms=title["wall"] * 1000,
                title_cpu_ms=title["cpu"] * 1000,
            )

    appmod.App.step, appmod.App.push = step, push
    from game.cli import main

    rc = main([])
    print(json.dumps({"rc": rc, **seen}))
    return 0


def child_play(args) -> int:
    import cProfile
    import pstats

    import game.ui.app as appmod

    # (scene at start, scene changed, wall ms, cpu ms, resolve offset, VmRSS kB, the bot acted,
    #  scene at the end: the one a "change" frame built or uncovered)
    records: list[tuple] = []
    peak = {"vmrss_kb": 0}
    after = {"frames": -1}  # frames left in the resolving window
    profile_scenes = set(filter(None, (args.profile_scenes or "").split(",")))
    profiles: dict[str, pstats.Stats] = {}
    profiled_frames: dict[str, int] = {}
    slow_ms = args.slow_ms
    orig = appmod.App.step
    window = args.resolve_frames

    def session_of(app):
        bot = getattr(app, "autoplay", None)
        s = getattr(app.top, "session", None) if app.top is not None else None
        return s if s is not None else getattr(bot, "session", None)

    slowest: dict[str, list] = {}  # key -> [(wall, frame, rows)] of its slowest frames

    def keep(key: str, prof, wall: float) -> None:
        st = pstats.Stats(prof)
        worst = slowest.setdefault(key, [])
        if len(worst) < 4 or wall > worst[-1][0]:
            worst.append(
                (wall, len(records), profile_rows(pstats.Stats(prof), 1, own_n=5, cum_n=12))
            )
            worst.sort(key=lambda w: -w[0])
            del worst[4:]
        if key in profiles:
            profiles[key].add(st)
        else:
            profiles[key] = st
        profiled_frames[key] = profiled_frames.get(key, 0) + 1

    def step(self, dt):
        top0 = self.top
        name0 = type(top0).__name__ if top0 is not None else "-"
        watch.begin(top0)
        s0 = session_of(self) if top0 is not None else None
        m0 = s0.month if s0 is not None else None
        # (timed in the main thread's CPU: under load, a wall-clock profile charges the time
        # spent waiting for a core or for Python's lock to whatever was running then)
        prof = cProfile.Profile(time.thread_time) if profile_scenes else None
        if prof is not None:
            prof.enable()
        w0, c0, t0 = time.perf_counter(), time.process_time(), time.thread_time()
        orig(self, dt)
        wall, cpu = (time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000
        own = (time.thread_time() - t0) * 1000
        if prof is not None:
            prof.disable()
        s1 = session_of(self) if self.top is not None else None
        m1 = s1.month if s1 is not None else None
        if m0 is not None and m1 is not None and s1 is s0 and m1 > m0:
            offset = 0
            after["frames"] = window
        elif after["frames"] > 0:
            offset = window - after["frames"] + 1
            after["frames"] -= 1
        else:
            offset = -1
        changed = self.top is not top0
        acted, bot_acted["yes"] = bot_acted["yes"], False
        rss = vm_rss_kb()
        name1 = type(self.top).__name__ if self.top is not None else "-"
        records.append((name0, changed, wall, cpu, offset, rss, acted, name1, own))
        if wall > WATCH_WALL_MS or own > WATCH_CPU_MS:
            notes[len(records)] = watch.end()
        peak["vmrss_kb"] = max(peak["vmrss_kb"], rss)
        if prof is not None and own > slow_ms:
            if name0 in profile_scenes:
                keep(name0, prof, own)
            if f"{name0}:idle" in profile_scenes and not changed and not acted and offset < 0:
                keep(f"{name0}:idle", prof, own)
            if offset >= 0 and "resolve" in profile_scenes:
                keep("resolve", prof, own)
            if changed and "build" in profile_scenes:  # the frame that built name1
                keep(f"build:{name1}", prof, own)

    appmod.App.step = step
    notes: dict[int, dict] = {}  # frame number -> what ran in it (slow frames only)
    watch = FrameWatch(appmod)
    bot_acted = {"yes": False}

    def wrap_bot(ap) -> None:
        # the bot's module is wrapped once the game has imported it (before its first frame):
        # imported here, before the title, it took numpy and the town onto the main thread
        # ahead of the game's own warm-up, +4-5 MB at the run's peak (benchmarks/README.md)
        orig_act = ap.Autoplay.act

        def act(self, scene):
            bot_acted["yes"] = True
            return orig_act(self, scene)

        ap.Autoplay.act = act
        watch.wrap_bot(ap)

    watch.on_bot = wrap_bot
    orig_close = appmod.App.close

    def close(self):
        # how much of the RSS is heap that malloc keeps after it was freed (fragmentation)
        peak["end_kb"] = vm_rss_kb()
        try:
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)
            peak["trimmed_kb"] = vm_rss_kb()
        except (OSError, AttributeError):
            peak["trimmed_kb"] = 0
        orig_close(self)

    appmod.App.close = close
    from game.cli import main

    argv = [
        "play",
        "--autoplay",
        "--months",
        str(args.months),
        "--seed",
        str(args.seed),
        "--size",
        args.size,
    ]
    if args.scenario:
        argv += ["--scenario", args.scenario]
    w0, c0 = time.perf_counter(), time.process_time()
    rc = main(argv)
    total_wall, total_cpu = time.perf_counter() - w0, time.process_time() - c0
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out = {
        "rc": rc,
        "records": records,
        "ru_maxrss_kb": ru.ru_maxrss,
        "vmrss_peak_kb": peak["vmrss_kb"],
        "end_kb": peak.get("end_kb", 0),
        "trimmed_kb": peak.get("trimmed_kb", 0),
        "wall_s": total_wall,
        "cpu_s": total_cpu,
        "profiles": {},
        "notes": notes,
        "gc_runs": watch.gc_runs,
        # the frames that waited for a step of the title's warm-up to end (ms each)
        "warm_holds_ms": [round(h * 1000, 2) for h in _warm_holds()],
    }
    for key, st in profiles.items():
        out["profiles"][key] = {
            "frames": profiled_frames[key],
            "rows": profile_rows(st, profiled_frames[key]),
            "slowest": slowest.get(key, []),
        }
    Path(args.out).write_text(json.dumps(out))
    return 0


def _warm_holds() -> list[float]:
    """How long frames waited for a step of the work done between frames (game/ui/turns.py)."""
    turns = sys.modules.get("game.ui.turns")
    return list(getattr(getattr(turns, "TURNS", None), "held", []))


WATCH_WALL_MS = 25.0  # frames noted with what ran in them (FrameWatch)
WATCH_CPU_MS = 12.0


class FrameWatch:
    """What ran in a frame, cheaply enough to run in every frame of the timed runs: the main
    thread's CPU in the frame's parts (the events, the top scene's update, pygame_gui's update,
    the drawing, the bot's hook), Python's cycle collections (gc.callbacks, wall ms,
    any thread), the modules compiled (builtins.compile, wall ms, any thread: a compile holds
    Python's lock whole) and imported, and the events handled (their kinds, a widget's id:
    a bot's click is pressed in the frame after its mouse events, so that frame counts as
    idle). Kept for slow frames only."""

    PARTS = ("_dispatch", "_draw")

    def __init__(self, appmod) -> None:
        import builtins
        import gc
        import threading

        import pygame_gui

        self.main = threading.get_ident()
        self.parts: dict[str, float] = {}
        self.gc: list = []
        self.compiled: list = []
        self.events: list[str] = []  # the events the main thread handled (their kinds)
        self._gc_start = [0.0]
        self._gc_cpu = [0.0]
        self.modules0 = 0
        for name in self.PARTS:
            self._wrap(appmod.App, name, name.strip("_"))
        dispatch = appmod.App._dispatch
        events = self.events

        def dispatch_noted(app, event):
            events.append(event_kind(event))
            return dispatch(app, event)

        appmod.App._dispatch = dispatch_noted
        self._wrap(pygame_gui.UIManager, "update", "gui_update")
        self.on_bot: object = self.wrap_bot  # once the game has imported the bot (begin)
        self._scenes: set[type] = set()  # scene classes whose update is timed
        orig_compile = builtins.compile

        def compile_timed(source, filename, mode, *a, **kw):
            c0 = time.perf_counter()
            try:
                return orig_compile(source, filename, mode, *a, **kw)
            finally:
                if mode == "exec" and str(filename).endswith(".py"):
                    who = "main" if threading.get_ident() == self.main else "thread"
                    self.compiled.append(
                        (short(str(filename)), who, (time.perf_counter() - c0) * 1000)
                    )

        builtins.compile = compile_timed

        self.gc_runs: dict[int, list] = {0: [], 1: [], 2: []}  # per generation: ms of each

        def on_gc(phase, info):
            if phase == "start":
                self._gc_start[0] = time.perf_counter()
                self._gc_cpu[0] = time.thread_time()
            else:
                ms = (time.perf_counter() - self._gc_start[0]) * 1000
                self.gc.append((info["generation"], ms))
                cpu = (time.thread_time() - self._gc_cpu[0]) * 1000
                self.gc_runs[info["generation"]].append(round(cpu, 2))

        gc.callbacks.append(on_gc)

    def _wrap(self, cls, name: str, label: str) -> None:
        orig = getattr(cls, name)
        parts = self.parts

        def timed(*a, **kw):
            c0 = time.thread_time()  # (the main thread's CPU: what ran, not the load)
            try:
                return orig(*a, **kw)
            finally:
                parts[label] = parts.get(label, 0.0) + (time.thread_time() - c0) * 1000

        setattr(cls, name, timed)

    def wrap_bot(self, ap) -> None:
        self._wrap(ap.Autoplay, "__call__", "bot")  # (the bench's own player: not the game)

    def begin(self, top=None) -> None:
        if callable(self.on_bot) and "game.ui.autoplay" in sys.modules:
            self.on_bot(sys.modules["game.ui.autoplay"])
            self.on_bot = None
        cls = type(top)
        if top is not None and cls not in self._scenes and "update" in vars(cls):
            self._scenes.add(cls)
            self._wrap(cls, "update", "update")
        self.parts.clear()
        self.gc.clear()
        self.compiled.clear()
        self.events.clear()
        self.modules = set(sys.modules)

    def end(self) -> dict:
        new = [m for m in sys.modules if m not in self.modules]
        return {
            "parts": {k: round(v, 2) for k, v in self.parts.items()},
            "gc": [(g, round(ms, 2)) for g, ms in self.gc],
            "compiled": [(f, who, round(ms, 2)) for f, who, ms in self.compiled],
            "imported": new,
            "events": list(self.events),
        }


_GUI_EVENTS: dict[int, str] = {}


def event_kind(event) -> str:
    """An event's kind, and for a widget's event the widget's id (what a slow dispatch ran)."""
    import pygame
    import pygame_gui

    if not _GUI_EVENTS:
        _GUI_EVENTS.update(
            (v, k)
            for k, v in vars(pygame_gui).items()
            if k.startswith("UI_") and isinstance(v, int)
        )
    name = _GUI_EVENTS.get(event.type) or pygame.event.event_name(event.type)
    element = getattr(event, "ui_object_id", None)
    return f"{name}({element})" if element else name


def describe(note: dict | None) -> str:
    """One line of what ran in a slow frame (FrameWatch)."""
    if not note:
        return ""
    out = [" ".join(f"{k} {v:.1f}" for k, v in note["parts"].items())]
    if note["gc"]:
        out.append("gc " + ",".join(f"g{g} {ms:.1f}" for g, ms in note["gc"] if ms >= 0.5))
    if note["compiled"]:
        main = sum(ms for _, who, ms in note["compiled"] if who == "main")
        thread = sum(ms for _, who, ms in note["compiled"] if who != "main")
        worst = max(note["compiled"], key=lambda c: c[2])
        out.append(
            f"compiled {len(note['compiled'])} (main {main:.1f}, thread {thread:.1f} ms;"
            f" {worst[0]} {worst[2]:.1f})"
        )
    elif note["imported"]:
        out.append(f"imported {len(note['imported'])} ({note['imported'][0]})")
    if note.get("events"):
        kinds = dict.fromkeys(e for e in note["events"] if e not in ("MouseMotion", "ActiveEvent"))
        out.append("events " + ", ".join(list(kinds)[:4]))
    return "; ".join(p for p in out if p)


def profile_rows(st, frames: int, own_n: int = 12, cum_n: int = 16) -> dict:
    """Top own-time functions, and top cumulative ones among the project's own files."""
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in st.stats.items():
        rows.append(
            {
                "where": f"{short(file)}:{line}({func})",
                "calls": nc / frames,
                "own": tt * 1000 / frames,
                "cum": ct * 1000 / frames,
                "ours": is_ours(file),
            }
        )
    own = sorted(rows, key=lambda r: -r["own"])[:own_n]
    cum = sorted((r for r in rows if r["ours"]), key=lambda r: -r["cum"])[:cum_n]
    return {"own": own, "cum": cum}


def short(file: str) -> str:
    for base in (str(ROOT) + os.sep, sys.prefix + os.sep):
        if file.startswith(base):
            return file[len(base) :]
    if "site-packages" in file:
        return file.split("site-packages" + os.sep, 1)[1]
    return file


def is_ours(file: str) -> bool:
    """The game's files, and pygame_gui's (where the widgets' drawing goes)."""
    return file.startswith(str(ROOT / "game")) or f"{os.sep}pygame_gui{os.sep}" in file


# ---- the parent ---------------------------------------------------------------------------------
def bench_startup(runs: int, tmp: str) -> dict:
    py = sys.executable
    whole, whole_cpu, first, inproc, inproc_cpu = [], [], [], [], []
    title_ms, title_cpu = [], []
    env1 = child_env(tmp, IRB_MAX_FRAMES="1")
    subprocess.run([py, "main.py"], cwd=ROOT, env=env1, check=True)  # warm the disk cache once
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([py, "main.py"], cwd=ROOT, env=env1, check=True)
        whole.append(time.perf_counter() - t0)
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        whole_cpu.append(ru.ru_utime + ru.ru_stime - before.ru_utime - before.ru_stime)

        e0 = time.time()
        done = subprocess.run(
            [py, str(Path(__file__).resolve()), "--child", "startup"],
            cwd=ROOT,
            env=env1,
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(done.stdout.strip().splitlines()[-1])
        if data.get("rc") != 0 or data.get("top") != "TitleScene":
            raise SystemExit(f"start-up child failed: {data} {done.stderr[-2000:]}")
        first.append(data["epoch"] - e0)
        inproc.append(data["wall"])
        inproc_cpu.append(data["cpu"])
        title_ms.append(data["title_ms"])
        title_cpu.append(data["title_cpu_ms"])
    med = statistics.median
    print(f"start-up ({runs} runs each, median / max):")
    print(f"  spawn -> first title frame drawn        {med(first):6.3f} s / {max(first):6.3f} s")
    print(
        f"  import game.ui.app -> first frame        {med(inproc):6.3f} s / {max(inproc):6.3f} s"
        f"   CPU {med(inproc_cpu):6.3f} s"
    )
    print(
        f"  the title's first frame (build + draw)   {med(title_ms):6.1f} ms / {max(title_ms):6.1f} ms"
        f"  CPU {med(title_cpu):6.1f} ms"
    )
    print(
        f"  whole `python main.py` (1 frame + exit)  {med(whole):6.3f} s / {max(whole):6.3f} s"
        f"   CPU {med(whole_cpu):6.3f} s (all the process's threads)"
    )
    return {
        "first": med(first),
        "inproc": med(inproc),
        "inproc_cpu": med(inproc_cpu),
        "whole": med(whole),
        "whole_cpu": med(whole_cpu),
        "title_ms": med(title_ms),
        "title_cpu_ms": med(title_cpu),
    }


def run_play(size: str, pace: tuple[int, int], args, tmp: str, profile_scenes: str = "") -> dict:
    out = os.path.join(tmp, f"play-{size}-{pace[0]}-{int(time.time() * 1000)}.json")
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "play",
        "--size",
        size,
        "--months",
        str(args.months),
        "--seed",
        str(args.seed),
        "--out",
        out,
        "--resolve-frames",
        str(args.resolve_frames),
        "--slow-ms",
        str(args.slow_ms),
    ]
    if args.scenario:
        cmd += ["--scenario", args.scenario]
    if profile_scenes:
        cmd += ["--profile-scenes", profile_scenes]
    run_tmp = tempfile.mkdtemp(dir=tmp)  # fresh settings and saves, like a first start
    env = child_env(run_tmp, IRB_AUTOPLAY_PACE=str(pace[0]), IRB_AUTOPLAY_SETTLE=str(pace[1]))
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not os.path.exists(out):
        raise SystemExit(f"the play run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    data = json.loads(Path(out).read_text())
    data["stderr"] = done.stderr.strip()
    data["size"], data["pace"] = size, pace
    if data["rc"] != 0:
        raise SystemExit(f"the autoplay run failed (exit {data['rc']}):\n{done.stderr[-3000:]}")
    return data


def frame_table(data: dict, list_slow_ms: float = TARGET_ANY_MS) -> dict:
    recs = data["records"]
    notes = data.get("notes", {})  # (JSON: the frame numbers are strings)
    by_scene: dict[str, list] = {}
    for r in recs:
        by_scene.setdefault(r[0], []).append(r)
    resolving = [r for r in recs if r[4] >= 0]
    months = sum(1 for r in recs if r[4] == 0)
    pace = data["pace"]
    print(
        f"\n{data['size']}, bot pace {pace[0]} / settle {pace[1]} frames: {len(recs)} frames,"
        f" {months} months resolved, run {data['wall_s']:.1f} s wall, {data['cpu_s']:.1f} s CPU;"
        f" peak RSS {data['ru_maxrss_kb'] / 1024:.0f} MB (ru_maxrss),"
        f" {data['vmrss_peak_kb'] / 1024:.0f} MB (largest VmRSS sampled)"
    )
    if data.get("stderr"):
        print(f"  bot: {data['stderr'].splitlines()[-1]}")
    print(
        f"  {'scene (at frame start)':<22} {'frames':>6} {'median':>7} {'p99':>7} {'max':>7}"
        f" {'CPU med':>8} {'CPU p99':>8} {'idle':>6} {'idle':>7} {'input':>6} {'input':>7} {'change':>6}"
        f" {'change':>7}"
    )
    print(
        f"  {'(times in ms, wall)':<22} {'':>6} {'':>7} {'':>7} {'':>7} {'':>8} {'':>8}"
        f" {'frames':>7} {'p99':>7}"
    )
    # issue 17: the frame that builds (or uncovers) a screen, counted for the screen it shows
    builds: dict[str, list[float]] = {}
    builds_cpu: dict[str, list[float]] = {}
    builds_own: dict[str, list[float]] = {}  # the main thread's CPU only (r[8])
    for r in recs:
        if r[1]:
            builds.setdefault(r[7], []).append(r[2])
            builds_cpu.setdefault(r[7], []).append(r[3])
            builds_own.setdefault(r[7], []).append(r[8] if len(r) > 8 else r[3])
    stats = {}
    for name, rs in sorted(by_scene.items(), key=lambda kv: -len(kv[1])):
        wall = [r[2] for r in rs]
        cpu = [r[3] for r in rs]
        idle = [r[2] for r in rs if not r[1] and not r[6] and r[4] < 0]
        inputs = [r[2] for r in rs if not r[1] and r[6]]
        change = [r[2] for r in rs if r[1]]
        stats[name] = {
            "frames": len(rs),
            "median": statistics.median(wall),
            "p99": pct(wall, 0.99),
            "max": max(wall),
            "cpu_p99": pct(cpu, 0.99),
            "idle_p99": pct(idle, 0.99),
            "idle_frames": len(idle),
            "builds": len(builds.get(name, [])),
            "build_p99": pct(builds[name], 0.99) if name in builds else None,
            "build_median": statistics.median(builds[name]) if name in builds else None,
            "build_cpu_p99": pct(builds_cpu[name], 0.99) if name in builds else None,
            "build_own_p99": pct(builds_own[name], 0.99) if name in builds else None,
        }
        print(
            f"  {name:<22} {len(rs):>6} {statistics.median(wall):>7.2f} {pct(wall, 0.99):>7.2f}"
            f" {max(wall):>7.2f} {statistics.median(cpu):>8.2f} {pct(cpu, 0.99):>8.2f}"
            f" {len(idle):>6} {pct(idle, 0.99):>7.2f} {len(inputs):>6} {max(inputs, default=0):>7.2f}"
            f" {len(change):>6} {max(change, default=0):>7.2f}"
        )
    allw, allc = [r[2] for r in recs], [r[3] for r in recs]
    print(
        f"  {'(all frames)':<22} {len(recs):>6} {statistics.median(allw):>7.2f} {pct(allw, 0.99):>7.2f}"
        f" {max(allw):>7.2f} {statistics.median(allc):>8.2f} {pct(allc, 0.99):>8.2f}"
    )
    print(
        "  build frames (the frame in which a screen appears, counted for that screen;"
        " ms, wall): "
        + ", ".join(
            f"{n} {statistics.median(v):.1f}/{pct(v, 0.99):.1f} (x{len(v)})"
            for n, v in sorted(builds.items(), key=lambda kv: -pct(kv[1], 0.99))
        )
        + "  [median/p99]"
    )
    print(
        "  the same frames' CPU time (ms; the machine's other work excluded): "
        + ", ".join(
            f"{n} {statistics.median(v):.1f}/{pct(v, 0.99):.1f}"
            for n, v in sorted(builds_cpu.items(), key=lambda kv: -pct(kv[1], 0.99))
        )
        + "  [median/p99]"
    )
    # which frames miss the targets: the 33 ms bar (wall) and a slow build (CPU), one a line
    slow = [
        (i + 1, r)
        for i, r in enumerate(recs)
        if r[2] > TARGET_ANY_MS or r[3] > list_slow_ms or (r[1] and r[3] > TARGET_BUILD_MS)
    ]
    if slow:
        print(
            f"  frames over {TARGET_ANY_MS:.0f} ms wall or {list_slow_ms:.1f} ms CPU (or a build over"
            f" {TARGET_BUILD_MS} ms CPU): #frame scene at start -> at end, kind, wall / CPU / main thread CPU ms"
        )
        for i, r in slow[:60]:
            kind = ("change" if r[1] else "input" if r[6] else "idle") + (
                f", resolve+{r[4]}" if r[4] >= 0 else ""
            )
            own = r[8] if len(r) > 8 else r[3]
            print(
                f"    #{i:<5} {r[0]:<18} -> {r[7]:<18} {kind:<18} {r[2]:6.1f} / {r[3]:6.1f}"
                f" / {own:6.1f}  {describe(notes.get(str(i)))}"
            )
        if len(slow) > 60:
            print(f"    ... {len(slow) - 60} more")
    slow_frames = [
        {
            "frame": i,
            "from": r[0],
            "to": r[7],
            "kind": ("change" if r[1] else "input" if r[6] else "idle")
            + (f", resolve+{r[4]}" if r[4] >= 0 else ""),
            "wall_ms": round(r[2], 2),
            "cpu_ms": round(r[3], 2),
            "main_thread_cpu_ms": round(r[8] if len(r) > 8 else r[3], 2),
            "ran": notes.get(str(i)),
        }
        for i, r in slow
    ]
    print(
        "  the same frames' CPU time of the main thread alone (ms; the warm-up, epilogue and"
        " town threads' CPU excluded): "
        + ", ".join(
            f"{n} {statistics.median(v):.1f}/{pct(v, 0.99):.1f}"
            for n, v in sorted(builds_own.items(), key=lambda kv: -pct(kv[1], 0.99))
        )
        + "  [median/p99]"
    )
    # other threads at work inside a frame (process CPU - main thread CPU): what made a frame
    # wait for Python's lock (the warm-up, the scenarios, a town built ahead, the epilogue)
    shared = [(r[3] - r[8], i + 1, r[0]) for i, r in enumerate(recs) if len(r) > 8]
    busy = [x for x in shared if x[0] > 2.0]
    holds = data.get("warm_holds_ms") or []
    if shared:
        top = max(shared)
        print(
            f"  frames in which other threads used over 2 ms of CPU: {len(busy)}"
            f" (most {top[0]:.1f} ms, #{top[1]} {top[2]}); frames that waited for a step done"
            f" between frames (game/ui/turns.py): {len(holds)}, max {max(holds, default=0):.1f} ms"
        )
    gc_runs = data.get("gc_runs") or {}
    if gc_runs:
        print(
            "  Python's cycle collections (CPU ms of the thread that ran each): "
            + ", ".join(
                f"gen {g}: {len(v)}, median {statistics.median(v):.2f}, max {max(v):.1f}"
                for g, v in sorted(gc_runs.items())
                if v
            )
        )
    worst = max(resolving, key=lambda r: r[2]) if resolving else None
    if resolving:
        by_off: dict[int, list] = {}
        for r in resolving:
            by_off.setdefault(r[4], []).append(r)
        parts = ", ".join(
            f"+{k}: {statistics.median([r[2] for r in v]):.1f}/{max(r[2] for r in v):.1f}"
            for k, v in sorted(by_off.items())
        )
        print(
            f"  while a month resolves ({len(resolving)} frames): max {worst[2]:.1f} ms wall"
            f" ({worst[3]:.1f} ms CPU) in {worst[0]}, frame +{worst[4]};"
            f" largest CPU {max(r[3] for r in resolving):.1f} ms;"
            f" frames over {TARGET_RESOLVE_MS:.0f} ms: {sum(r[2] > TARGET_RESOLVE_MS for r in resolving)}"
        )
        print(f"    frame after the End month click (median/max ms): {parts}")
    # memory: VmRSS when each kind of screen is first on top, and where it grew most
    seen, line = set(), []
    for r in recs:
        if r[0] not in seen:
            seen.add(r[0])
            line.append(f"{r[0].removesuffix('Scene')} {r[5] / 1024:.0f}")
    steps = sorted(
        ((b[5] - a[5], b[0], i + 2) for i, (a, b) in enumerate(zip(recs, recs[1:], strict=False))),
        reverse=True,
    )[:4]
    print(
        f"  VmRSS (MB) when first on top: {', '.join(line)}; at the end {data['end_kb'] / 1024:.0f},"
        f" {data['trimmed_kb'] / 1024:.0f} after malloc_trim(0) (the rest was freed heap kept by malloc)"
    )
    peak_i = max(range(len(recs)), key=lambda i: recs[i][5])
    print(
        f"  VmRSS peak {recs[peak_i][5] / 1024:.0f} MB after frame #{peak_i + 1} ({recs[peak_i][0]})"
    )
    print(
        "  largest growth in one frame: "
        + ", ".join(f"+{d / 1024:.1f} MB in a {n} frame (#{i})" for d, n, i in steps if d > 0)
    )
    return {
        "scenes": stats,
        "resolve_max": worst[2] if worst else float("nan"),
        "resolve_cpu_max": max((r[3] for r in resolving), default=float("nan")),
        "rss_mb": max(data["ru_maxrss_kb"], data["vmrss_peak_kb"]) / 1024,
        "frames": len(recs),
        "max_ms": max(allw),
        "over_33": sum(w > TARGET_ANY_MS for w in allw),
        # (under load the wall count is mostly waiting for a core: the main thread's own CPU)
        "over_33_cpu": sum((r[8] if len(r) > 8 else r[3]) > TARGET_ANY_MS for r in recs),
        "threads_in_frame": len(busy),
        "threads_in_frame_max_ms": max((x[0] for x in shared), default=0.0),
        "holds": len(holds),
        "hold_max_ms": max(holds, default=0.0),
        "slow_frames": slow_frames,
    }


def print_rows(rows: dict, indent: str) -> None:
    print(f"{indent}own time:")
    for r in rows["own"]:
        print(
            f"{indent}  {r['own']:7.2f} own {r['cum']:7.2f} cum {r['calls']:8.1f} calls  {r['where']}"
        )
    print(f"{indent}cumulative, the game's and pygame_gui's functions:")
    for r in rows["cum"]:
        print(
            f"{indent}  {r['cum']:7.2f} cum {r['own']:7.2f} own {r['calls']:8.1f} calls  {r['where']}"
        )


def print_profile(data: dict, slow_ms: float) -> None:
    for key, prof in data["profiles"].items():
        if key == "resolve":
            what = "frames while a month resolves"
        elif key.startswith("build:"):
            what = f"frames that built {key.split(':')[1]}"
        elif key.endswith(":idle"):
            what = f"idle {key.split(':')[0]} frames (no input, no scene change, not resolving)"
        else:
            what = f"{key} frames"
        print(
            f"\nprofile: {what} over {slow_ms:.0f} ms of main-thread CPU under the profiler ({prof['frames']} frames),"
            " ms per frame (averaged over those frames)"
        )
        print_rows(prof["rows"], "  ")
        for wall, frame, rows in prof["slowest"][:2]:
            print(f"  slowest: frame #{frame}, {wall:.1f} ms main-thread CPU under the profiler")
            print_rows(rows, "    ")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def parse_pace(text: str) -> tuple[int, int]:
    pace, settle = (int(v) for v in text.split(","))
    return pace, settle


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python benchmarks/bench_game.py")
    p.add_argument("--child", choices=("startup", "play"), help=argparse.SUPPRESS)
    p.add_argument("--size", default="1280x720", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--profile-scenes", default="", help=argparse.SUPPRESS)
    p.add_argument("--startup-runs", type=int, default=7)
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--scenario", default=None)
    p.add_argument(
        "--fast",
        type=parse_pace,
        default=(2, 1),
        metavar="PACE,SETTLE",
        help="the fast run's bot pace (frames between actions) and settle (default 2,1: the fastest)",
    )
    p.add_argument(
        "--paced",
        type=parse_pace,
        default=(40, 30),
        metavar="PACE,SETTLE",
        help="the paced run's (default 40,30: the bot's own pace in a real window); 0,0 skips it",
    )
    p.add_argument(
        "--resolve-frames",
        type=int,
        default=5,
        help="frames after the End month frame that count as 'while a month resolves'",
    )
    p.add_argument(
        "--slow-ms",
        type=float,
        default=TARGET_P99_MS,
        help="with profiling: profile frames whose main-thread CPU is over this (under the profiler)",
    )
    p.add_argument(
        "--json",
        metavar="FILE",
        help="also write the figures as JSON (per scene build_ms_p99, idle_ms_p99; peak_rss_mb,"
        " start_s); with it, no profiling run unless --profile or --profile-only asks",
    )
    p.add_argument(
        "--list-slow-ms",
        type=float,
        default=TARGET_ANY_MS,
        help="list every frame whose CPU time is over this (and every frame over 33 ms wall, and"
        " every build frame over 16.7 ms CPU), with the scenes it went from and to",
    )
    p.add_argument("--no-1080", action="store_true", help="skip the 1920x1080 runs")
    p.add_argument("--no-startup", action="store_true", help="skip the start-up runs")
    p.add_argument("--no-profile", action="store_true", help="never profile")
    p.add_argument("--profile", action="store_true", help="profile even if every target passes")
    p.add_argument(
        "--profile-only",
        default="",
        help="comma-separated scene class names (Scene:idle for its idle frames, 'resolve', or"
        " 'build' for every frame that builds a screen, by the screen it builds) to profile",
    )
    args = p.parse_args(argv)
    if args.child == "startup":
        return child_startup()
    if args.child == "play":
        return child_play(args)

    tmp = tempfile.mkdtemp(prefix="irb-bench-game-")
    try:
        return bench(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench(args, tmp: str) -> int:
    paces = [args.fast] + ([args.paced] if args.paced[0] > 0 else [])
    print(
        f"bench_game: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start;"
        f" scenario {args.scenario or 'default'}, seed {args.seed}, {args.months} months;"
        f" 'while a month resolves' = the End month frame and {args.resolve_frames} more"
    )
    start = None if args.no_startup else bench_startup(args.startup_runs, tmp)
    results: dict[tuple[str, tuple], dict] = {}
    for size in ("1280x720",) + (() if args.no_1080 else ("1920x1080",)):
        for pace in paces:
            results[(size, pace)] = frame_table(run_play(size, pace, args, tmp), args.list_slow_ms)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")

    # The per-scene p99 is judged on the paced run: at pace 2 a screen lives 2-5 frames, so its
    # "p99" is the frame that built it. The resolving frames and the memory: every run.
    judge = args.paced if args.paced[0] > 0 else args.fast
    sizes = [sz for sz in ("1280x720", "1920x1080") if (sz, judge) in results]
    print(
        f"\ntargets (issue 4). Scene p99 (ms, wall) from the pace {judge[0]} run: all frames, and idle"
        " frames (no input, no scene change, not resolving); the target is 8 ms at 1280x720 (1920x1080: for"
        " information)"
    )
    head = "".join(f" | {sz + ' all':>14} {'idle':>7} {'CPU':>6} {'':>9}" for sz in sizes)
    print(f"  {'scene':<22}{head}")
    names = sorted(
        {n for sz in sizes for n in results[(sz, judge)]["scenes"]},
        key=lambda n: -results[(sizes[0], judge)]["scenes"].get(n, {"frames": 0})["frames"],
    )
    failing_all, failing_idle = [], []
    for name in names:
        line = f"  {name:<22}"
        for sz in sizes:
            sc = results[(sz, judge)]["scenes"].get(name)
            if sc is None:
                line += f" | {'-':>14} {'':>7} {'':>6} {'':>9}"
                continue
            ok_all, ok_idle = sc["p99"] <= TARGET_P99_MS, sc["idle_p99"] <= TARGET_P99_MS
            if sz == "1280x720":
                if not ok_all:
                    failing_all.append((sc["p99"], name))
                if not ok_idle:
                    failing_idle.append(name)
            line += (
                f" | {sc['p99']:>14.2f} {sc['idle_p99']:>7.2f} {sc['cpu_p99']:>6.2f}"
                f" {verdict(ok_all)[:4]}/{verdict(ok_idle)[:4]}"
            )
        print(line)
    print("  (verdict: all frames / idle frames; CPU = p99 of the CPU time of all frames)")
    print()
    rows = []
    if start:
        rows.append(
            (
                "start -> interactive title <= 1.0 s",
                f"{start['first']:.3f} s median (whole process {start['whole']:.3f} s)",
                start["first"] <= TARGET_START_S,
            )
        )
    for sz in sizes:
        st = results[(sz, judge)]
        bad = sum(sc["p99"] > TARGET_P99_MS for sc in st["scenes"].values())
        bad_idle = sum(sc["idle_p99"] > TARGET_P99_MS for sc in st["scenes"].values())
        info = "" if sz == "1280x720" else " (info)"
        rows.append(
            (
                f"{sz} every scene p99 <= 8 ms, all frames{info}",
                f"{bad} of {len(st['scenes'])} scenes over",
                bad == 0,
            )
        )
        rows.append(
            (
                f"{sz} every scene p99 <= 8 ms, idle frames{info}",
                f"{bad_idle} of {len(st['scenes'])} scenes over",
                bad_idle == 0,
            )
        )
    failing = []
    for sz in sizes:
        runs = [v for (size, _), v in results.items() if size == sz]
        worst = max(r["resolve_max"] for r in runs)
        cpu = max(r["resolve_cpu_max"] for r in runs)
        ok = worst <= TARGET_RESOLVE_MS
        if sz == "1280x720" and not ok:
            failing.append("resolve")
        rows.append(
            (
                f"{sz} max frame while a month resolves <= 50 ms"
                + ("" if sz == "1280x720" else " (info)"),
                f"{worst:.1f} ms (largest CPU {cpu:.1f}), {len(runs)} runs",
                ok,
            )
        )
    rss = max(v["rss_mb"] for (sz, _), v in results.items() if sz == "1280x720")
    rows.append(
        ("peak RSS while playing <= 250 MB (1280x720)", f"{rss:.0f} MB", rss <= TARGET_RSS_MB)
    )
    # issue 17: the build frames (judged run), no frame over 33 ms (every run), 150 MB
    scenes17 = results[("1280x720", judge)]["scenes"]
    slow_builds = sorted(
        ((sc["build_p99"], n) for n, sc in scenes17.items() if sc["build_p99"] is not None),
        reverse=True,
    )
    over = [f"{n} {v:.1f}" for v, n in slow_builds if v > TARGET_BUILD_MS]
    rows.append(
        (
            "1280x720 every screen's build frame p99 <= 16.7 ms",
            f"{len(over)} of {len(slow_builds)} over"
            + (f" ({', '.join(over[:4])})" if over else ""),
            not over,
        )
    )
    runs720 = [v for (sz, _), v in results.items() if sz == "1280x720"]
    n33 = sum(r["over_33"] for r in runs720)
    rows.append(
        (
            "1280x720 no frame over 33 ms in a whole run",
            f"{n33} frames over, max {max(r['max_ms'] for r in runs720):.1f} ms"
            f" ({sum(r['over_33_cpu'] for r in runs720)} over in main-thread CPU)",
            n33 == 0,
        )
    )
    rows.append(
        ("peak RSS while playing <= 150 MB (1280x720)", f"{rss:.0f} MB", rss <= TARGET_RSS17_MB)
    )
    for label, value, ok in rows:
        print(f"  {label:<62} {value:<40} {verdict(ok)}")
    if args.json:
        figures = {
            "load_average": os.getloadavg()[0],
            "start_s": start["first"] if start else None,
            "title_first_frame_ms": start["title_ms"] if start else None,
            "peak_rss_mb": rss,
            "max_frame_ms": max(r["max_ms"] for r in runs720),
            "frames_over_33_ms": n33,
            "frames_over_33_ms_cpu": sum(r["over_33_cpu"] for r in runs720),
            # per run: frames with over 2 ms of other threads' CPU in them, the most; frames
            # that waited for a step done between frames, the longest wait (ms)
            "threads_in_frames": {
                f"{sz} pace {pace[0]}": [
                    r["threads_in_frame"],
                    round(r["threads_in_frame_max_ms"], 2),
                    r["holds"],
                    round(r["hold_max_ms"], 2),
                ]
                for (sz, pace), r in results.items()
                if sz == "1280x720"
            },
            "slow_frames": {
                f"{sz} pace {pace[0]}": r["slow_frames"]
                for (sz, pace), r in results.items()
                if sz == "1280x720"
            },
            "judged_pace": list(judge),
            "scenes": {
                name: {
                    "build_ms_p99": sc["build_p99"],
                    "build_ms_median": sc["build_median"],
                    "build_cpu_ms_p99": sc["build_cpu_p99"],
                    "build_main_thread_cpu_ms_p99": sc["build_own_p99"],
                    "builds": sc["builds"],
                    "idle_ms_p99": sc["idle_p99"] if sc["idle_frames"] else None,
                    "frame_ms_p99": sc["p99"],
                    "frames": sc["frames"],
                }
                for name, sc in scenes17.items()
            },
        }
        Path(args.json).write_text(json.dumps(figures, indent=1))
        print(f"\nfigures written to {args.json}")
        if not (args.profile or args.profile_only):
            return 0

    # what to profile: every scene whose idle frames fail, the 3 worst by all frames, resolving
    failing += [f"{name}:idle" for name in failing_idle]
    failing += [name for _, name in sorted(failing_all, reverse=True)[:3]]
    to_profile = args.profile_only.split(",") if args.profile_only else failing
    if args.profile and not to_profile:
        ranked = sorted(
            results[("1280x720", judge)]["scenes"].items(), key=lambda kv: -kv[1]["p99"]
        )
        to_profile = [name for name, _ in ranked[:2]] + [f"{ranked[0][0]}:idle", "resolve"]
    if to_profile and not args.no_profile:
        print(f"\nprofiling another 1280x720 run (pace {judge[0]}): {', '.join(to_profile)}")
        prof = run_play("1280x720", judge, args, tmp, profile_scenes=",".join(to_profile))
        print_profile(prof, args.slow_ms)
    return 0


if __name__ == "__main__":
    sys.exit(main())
