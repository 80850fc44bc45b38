"""The footer's words (runs, export) at large text: a student pressed E and saw nothing for
seconds, because the place beside the hidden Cancel button was too narrow to hold a word."""

from __future__ import annotations

import pytest
from test_debrief_scene import fresh, open_debrief


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_export_status_has_room_at_150_percent_once_the_runs_are_done(make_app, lang):
    app = make_app((1280, 720), ui_scale=1.5, lang=lang)
    scene = open_debrief(app, fresh("tutorial", 3), start_runs=False)
    r = scene.bar.status_rect("done")
    assert r is not None and r.w >= scene.px(120)
    assert scene.safe_rect.contains(r)


def test_the_export_status_is_drawn_at_150_percent(make_app):
    import pygame

    app = make_app((1280, 720), ui_scale=1.5, lang="zh")
    scene = open_debrief(app, fresh("tutorial", 3), start_runs=False)
    scene.exporter.status = ("good", "报告已保存")
    surface = pygame.Surface(app.window.get_size())
    surface.fill((0, 0, 0))
    scene.bar.draw_progress(surface)
    drawn = pygame.mask.from_threshold(surface, (0, 0, 0), (1, 1, 1, 255))
    assert drawn.count() < surface.get_width() * surface.get_height()  # some words were drawn
