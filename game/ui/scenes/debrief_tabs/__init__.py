"""The debrief's steps, one module each, mixed into DebriefScene (game/ui/scenes/debrief.py):
each draws its step into the scene's layer with the scene's buttons, fields, charts and
scrollers, and answers its own buttons (`_on_<step>_button`)."""

from game.ui.scenes.debrief_tabs.argument import ArgumentTab
from game.ui.scenes.debrief_tabs.common import Scroller
from game.ui.scenes.debrief_tabs.difference import DifferenceTab
from game.ui.scenes.debrief_tabs.explain import ExplainTab
from game.ui.scenes.debrief_tabs.export import Export
from game.ui.scenes.debrief_tabs.feelings import FeelingsTab
from game.ui.scenes.debrief_tabs.frame import Frame
from game.ui.scenes.debrief_tabs.guess import GuessTab
from game.ui.scenes.debrief_tabs.next import NextTab
from game.ui.scenes.debrief_tabs.questions_view import QuestionsView
from game.ui.scenes.debrief_tabs.sources import SourcesTab
from game.ui.scenes.debrief_tabs.story import StoryTab
from game.ui.scenes.debrief_tabs.town import TownTab
from game.ui.scenes.debrief_tabs.writing import Writing

__all__ = [
    "ArgumentTab",
    "DifferenceTab",
    "ExplainTab",
    "Export",
    "FeelingsTab",
    "Frame",
    "GuessTab",
    "NextTab",
    "QuestionsView",
    "Scroller",
    "SourcesTab",
    "StoryTab",
    "TownTab",
    "Writing",
]
