"""The debrief's six tabs, one module each, mixed into DebriefScene (game/ui/scenes/debrief.py):
each draws its tab into the scene's layer with the scene's buttons, charts and scrollers."""

from game.ui.scenes.debrief_tabs.argument import ArgumentTab
from game.ui.scenes.debrief_tabs.common import Scroller
from game.ui.scenes.debrief_tabs.difference import DifferenceTab
from game.ui.scenes.debrief_tabs.discuss import DiscussTab
from game.ui.scenes.debrief_tabs.sources import SourcesTab
from game.ui.scenes.debrief_tabs.story import StoryTab
from game.ui.scenes.debrief_tabs.town import TownTab

__all__ = [
    "ArgumentTab",
    "DifferenceTab",
    "DiscussTab",
    "Scroller",
    "SourcesTab",
    "StoryTab",
    "TownTab",
]
