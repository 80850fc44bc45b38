"""Screens built ahead a piece an idle frame (app.prepare): a run that moves on between the
pieces is not shown half old."""

from __future__ import annotations

from ui_helpers import frames

from game.core import commands as C
from game.session import GameSession


def test_a_screen_whose_run_moved_on_while_it_was_built_ahead_is_built_again(app, monkeypatch):
    from game.ui.scenes.household import HouseholdScene

    contents = []  # the moment each build of its content read
    real = HouseholdScene.build_content

    def noted(self, p):
        contents.append(len(self.session.engine.command_log))
        return real(self, p)

    monkeypatch.setattr(HouseholdScene, "build_content", noted)
    s = GameSession.new("steel_town_2016", seed=41132, autosave=False)
    app.open("briefing", session=s)
    frames(app, 1)
    while app._building is None:  # the spare manager first
        assert app.prepare("household", session=s) is None
    assert app.prepare("household", session=s) is None  # its first piece
    assert app.prepare("household", session=s) is None  # its content begun
    assert len(contents) == 1
    s.submit(C.ChoosePath(s.player, "self_employ"))  # the run moves on meanwhile
    answers = [app.prepare("household", session=s) for _ in range(12)]
    assert True in answers
    moved = len(s.engine.command_log)
    assert contents == [moved - 1, moved]  # built again, for the run as it is now
    assert app.prepared("household", session=s)
