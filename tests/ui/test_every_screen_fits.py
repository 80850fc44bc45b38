"""Every screen of a run at the three text sizes (100, 125, 150%) on the two windows a class
meets (1280x720, 1920x1080), in English and in Chinese: no text cut, shortened or shrunk out
of reach, none lying on other text or under a button, none outside the window. Measured where
the words were really drawn (text_probe.py), not where the code meant to put them.

The scale stops growing where the window would hold fewer than 1024x576 design pixels (the
settings screen says so), so 125% and 150% look alike at 1280x720; both are measured anyway.
"""

from __future__ import annotations

import pytest
from screens_tour import tour
from text_probe import TextProbe, measure_frame

from game import i18n
from game.ui.settings import Settings

SIZES = [(1280, 720), (1920, 1080)]
TEXT = [1.0, 1.25, 1.5]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("ui_scale", TEXT)
@pytest.mark.parametrize("size", SIZES)
def test_every_screen_holds_its_words(make_app, size, ui_scale, lang):
    app = make_app(Settings(window_size=size, ui_scale=ui_scale, language=lang))
    before = set(i18n._missing_logged)
    seen, problems = [], []
    with TextProbe() as probe:
        for name, _scene in tour(app, lang, on_open=probe.squeezed.clear):
            measure_frame(app, 2)
            seen.append(name)
            problems += [f"{name}: {p}" for p in probe.problems(app)]
    assert not app._errors, "a screen failed (the app recovered to the title)"
    assert len(seen) >= 25, seen  # the tour reached every screen
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    assert set(i18n._missing_logged) == before, "missing translations used"
