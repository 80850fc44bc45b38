"""The registry of screens: a route name -> "module:attribute", imported only when opened.

Lazy strings keep start-up fast (nothing here imports a scene). To add a screen, add a line
(or call `register` from your module's import) and open it with `app.open("name", **kwargs)`.
A route whose target is a `Scene` subclass is pushed as `cls(app, **kwargs)`; any other
callable is called as `target(app, **kwargs)` (the hooks "start_scenario" and "autoplay"
get `args=` the command line). A route that is missing or fails to import shows the player
an "unavailable" dialog instead of a traceback.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

SCENES: dict[str, str] = {
    "title": "game.ui.scenes.title:TitleScene",
    "settings": "game.ui.scenes.settings_scene:SettingsScene",
    "credits": "game.ui.scenes.credits:CreditsScene",
    "dialog": "game.ui.scenes.dialog:DialogScene",
    "month": "game.ui.scenes.month:MonthScene",
    "event": "game.ui.scenes.event:EventScene",
    "result": "game.ui.scenes.result:ResultScene",
    "charts": "game.ui.scenes.charts:ChartsScene",
    "loan_due": "game.ui.scenes.loan_due:LoanDueScene",
    "ending": "game.ui.scenes.ending:EndingScene",
    "debrief_summary": "game.ui.scenes.debrief_summary:DebriefSummaryScene",
    "debrief": "game.ui.scenes.debrief:DebriefScene",
    "autoplay": "game.ui.autoplay:start_autoplay",
    "new_game": "game.ui.scenes.picker:PickerScene",
    "scenarios": "game.ui.scenes.picker:PickerScene",
    "start_scenario": "game.ui.scenes.picker:start_scenario",
    "briefing": "game.ui.scenes.briefing:BriefingScene",
    "household": "game.ui.scenes.household:HouseholdScene",
    "strategy": "game.ui.scenes.strategy:StrategyScene",
    "path": "game.ui.scenes.path:PathScene",
    "loan_office": "game.ui.scenes.loan_office:LoanOfficeScene",
    "business": "game.ui.scenes.business:BusinessScene",
    "continue": "game.ui.scenes.load:continue_game",
    "load": "game.ui.scenes.load:LoadScene",
    "save": "game.ui.scenes.load:SaveScene",
    "run_menu": "game.ui.scenes.run_menu:RunMenuScene",
    # Workshop mode on one machine (game/ui/scenes/workshop/__init__.py)
    "workshop": "game.ui.scenes.workshop.setup:WorkshopSetupScene",
    "workshop_dashboard": "game.ui.scenes.workshop.dashboard:DashboardScene",
    "workshop_handover": "game.ui.scenes.workshop.handover:HandoverScene",
    "workshop_seat": "game.ui.scenes.workshop.seat:SeatMonthScene",
    "workshop_debrief": "game.ui.scenes.workshop.debrief:ClassDebriefScene",
    "join": "game.ui.scenes.remote_join:JoinScene",
    "remote_seat": "game.ui.scenes.remote_seat:RemoteSeatScene",
    "start_join": "game.ui.scenes.remote_join:start_join",
    # Routes the title screen opens, to be filled by the screens' owners:
    #   "new_game"   a new run (scenario picker -> briefing ...)
    #   "continue"   resume the autosave; gets path= userdirs.autosave_path()
    #   "load"       the save slots
    #   "scenarios"  the scenario picker
    # Hooks run_play calls when the command line asks:
    #   "start_scenario"  called with args= (has .scenario, .seed)
    #   "autoplay"        called with args= (has .months, .screenshot_dir, .seed, .scenario)
    #   "start_join"      `join CODE|ADDRESS`: called with args= (has .room, .code)
}


def register(name: str, target: str) -> None:
    """Add or replace a route: `register("load", "game.ui.scenes.load:LoadScene")`."""
    SCENES[name] = target


def is_registered(name: str) -> bool:
    return name in SCENES


def resolve(name: str):
    """The route's class or callable, or None (logged) if missing or broken."""
    target = SCENES.get(name)
    if target is None:
        return None
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
        return getattr(module, attr)
    except Exception:  # a broken screen must not take the game down
        log.exception("route %r (%s) failed to load", name, target)
        return None
