"""Step 8's hand-in says how to export the report in a way that works on that step: it had
"Export the report with W", but W typed into the answer box there (a letter typed on a step
with a box goes into the box). The hint names the bar's export button, which exports."""

from __future__ import annotations

import copy
import re

import pygame
import pytest
from debrief_helpers import buttons, click, exported, finished, frames, press
from test_debrief_layout import words_problems
from text_probe import TextProbe, measure_frame

from game.debrief import scripted
from game.i18n import t
from game.ui.focus import key_label
from game.ui.scenes.debrief_tabs.common import EXPORT_KEY, EXPORT_TO_KEY


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_hand_in_offers_the_export_the_way_that_works_on_its_step(make_app, lang):
    app = make_app((1024, 600), ui_scale=1.5, lang=lang)  # the smallest window, large text
    s = copy.deepcopy(finished("steel_town_2016", 3))
    s.reflection = {"name": "", "strategy": scripted.STRATEGY}
    scripted.reflect(s, {})
    with TextProbe() as probe:
        scene = app.open("debrief", session=s, tab="next", start_runs=False)
        frames(app, 20)
        measure_frame(app, 2)
        shown = ("" if lang == "zh" else " ").join(i.text for i in app.window_records)
        assert not words_problems(app, probe), words_problems(app, probe)
    hint = t(
        "debrief.handin.export",
        export=t("debrief.button.export"),
        export_to=t("debrief.button.export_to"),
    )
    assert hint.split("：")[0].split(":")[0][:12] in shown  # the hint is on the step
    for key in (EXPORT_KEY, EXPORT_TO_KEY):  # it offers no key that types here
        assert not re.search(rf"(?<![A-Za-z]){key_label(key)}(?![A-Za-z])", hint), hint
    # the keys do type here: W pressed goes into a box, nothing is exported
    press(app, EXPORT_KEY)
    assert scene.exporter.thread is None and app.typing()
    press(app, pygame.K_ESCAPE)
    # the buttons it names are the bar's, showing, and the first exports the report
    b = buttons(scene)
    assert b["export"].visible and t("debrief.button.export") in hint
    assert b["export_to"].visible and t("debrief.button.export_to") in hint
    click(app, b["export"])
    exported(scene)
    frames(app, 2)
    assert scene.exporter.path is not None and scene.exporter.path.exists()
    assert not app._errors
