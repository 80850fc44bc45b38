"""kill -9 at random moments: `workshop --autoplay` killed while it writes its session file
always leaves a file that resumes (to the same session, played on to the end) and replays."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.workshop import WorkshopSession
from game.workshop.replay import replay

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 30
ARGS = ["--towns", "2", "--seats", "4", "--months", "24", "--change", "4:double_loan_ceiling"]


def _whole_run(tmp: Path) -> list[list[str]]:
    """The hashes of the session played without a kill (the resumed ones must match)."""
    path = tmp / "whole.session"
    ws = WorkshopSession.new("steel_town_2016", towns=2, seats=4, seed=1, path=path, months=24,
                             plan=[(3, "double_loan_ceiling")])  # fmt: skip
    ws.play_to_end(plan=[(3, "double_loan_ceiling")])
    ws.close()
    return [eng.hashes for eng in ws.towns]


@pytest.mark.slow
def test_kill_9_at_random_moments_always_leaves_a_session_that_resumes_and_replays(tmp_path):
    whole = _whole_run(tmp_path)
    rng = random.Random(11)
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    mid_session = 0
    for trial in range(TRIALS):
        path = tmp_path / f"t{trial}.session"
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "workshop", "--autoplay", "--session",
             str(path), *ARGS],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if trial % 10 == 0:  # now and then, early: maybe before the header is written
            time.sleep(rng.uniform(0.0, 1.0))
        else:  # mostly while it plays: once the file is there
            while not path.exists() and proc.poll() is None:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert not (tmp_path / f"t{trial}.session.tmp").exists() or not path.exists()
        if not path.exists():
            continue  # killed before the session began: nothing to lose
        ws = WorkshopSession.load(path)
        mid_session += not ws.over
        ws.play_to_end(plan=[(3, "double_loan_ceiling")])
        ws.close()
        assert [eng.hashes for eng in ws.towns] == whole, f"trial {trial}"
        r = replay(path)
        assert r.exact and r.months == 24 and not r.loaded.torn, f"trial {trial}"
    print(f"{TRIALS} kills, {mid_session} in the middle of a session")
    assert mid_session > 0  # the kills did land while sessions were being played
