"""A host in its own process (`python main.py host --headless`), to be killed with -9 and
resumed: what the kill-and-resume test and benchmarks/bench_room.py drive."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def room_args(
    session: Path, port: int, *, seats: int, months: int, towns: int = 1, seed: int = 1
) -> list[str]:
    """`host` arguments for a room of the default scenario."""
    return ["--scenario", "steel_town_2016", "--towns", str(towns), "--seats", str(seats),
            "--months", str(months), "--port", str(port), "--session", str(session),
            "--seed", str(seed)]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HostProcess:
    def __init__(self, workdir: Path, args: list[str]) -> None:
        self.workdir = workdir
        self.args = args
        self.proc: subprocess.Popen | None = None
        self.code = ""
        self.log = workdir / f"host-{len(list(workdir.glob('host-*.log')))}.log"

    def start(self, extra: list[str] | None = None, wait: float = 120.0) -> HostProcess:
        env = dict(
            os.environ,
            HOME=str(self.workdir),
            IRB_DATA_DIR=str(self.workdir / "data"),
            PYTHONUNBUFFERED="1",
        )
        out = open(self.log, "ab")  # noqa: SIM115 - the child writes it
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "host",
                "--headless",
                *self.args,
                *(extra or []),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()
        deadline = time.monotonic() + wait  # a guard against a host that never starts
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace")
            found = re.findall(r"Join code:\s+(\w+)", text)
            if found and text.count("Ctrl+C stops the room") >= self.starts + 1:
                self.code = found[-1]
                self.starts += 1
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"the host stopped: {text[-800:]}")
            time.sleep(0.1)
        raise RuntimeError("the host did not start")

    starts = 0

    def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill9()

    def rss_mb(self) -> float:
        """The host's resident memory now (Linux)."""
        assert self.proc is not None
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024

    def peak_mb(self) -> float:
        assert self.proc is not None
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def months_on_file(path: Path) -> int:
    """Months the session file has resolved (its `month` records), read without locking."""
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError:
        return 0
    n = 0
    for line in lines[1:]:
        try:
            if json.loads(line).get("k") == "month":
                n += 1
        except ValueError:
            continue
    return n
