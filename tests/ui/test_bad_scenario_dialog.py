"""`play --scenario FILE` with a file of 20,000 problems: the dialog shows the first ones and a
count, and the window keeps answering (it took 11 minutes and 4 GB to lay the list out)."""

from __future__ import annotations

from types import SimpleNamespace

from ui_helpers import frames

from game.plaintext import MAX_MARKS, stacked_marks
from game.ui.scenes.dialog import MAX_BODY_LINES, DialogScene


def test_twenty_thousand_problems_open_a_short_dialog(app, tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text(
        "title: x\npolicy:\n" + "".join(f"  bogus_{i}: 1\n" for i in range(20_000)),
        encoding="utf-8",
    )
    app.open("start_scenario", args=SimpleNamespace(scenario=str(path), seed=1))
    frames(app, 3)
    dialog = app.top
    assert isinstance(dialog, DialogScene)
    lines = dialog.body.splitlines()
    assert len(lines) <= MAX_BODY_LINES + 1 and "more problems" in dialog.body
    frames(app, 30)  # the window goes on drawing frames


def test_a_dialog_draws_text_buried_under_marks_calmly(app):
    app.message("Z" + "\u0301" * 500, "a" + "\u0316" * 2_000)
    frames(app, 3)
    assert stacked_marks(app.top.title) <= MAX_MARKS and stacked_marks(app.top.body) <= MAX_MARKS
