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


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
def test_the_runs_progress_reads_beside_back_at_150_percent(make_app, size, lang):
    """At 1024x600 the runs' "Running..." was squeezed to a stub (~60 px) beside Back: the
    buttons give up room their words do not need, and the words say it short if they must."""
    import pygame
    from text_probe import RecSurface, TextProbe

    from game.i18n import t

    app = make_app(size, ui_scale=1.5, lang=lang)
    with TextProbe() as probe:
        scene = open_debrief(app, fresh("tutorial", 3), start_runs=False)
        scene.job_state = lambda: ("running", 0)  # (as the runs go, without running them)
        scene.bar.sync_job_buttons(scene.job_state())
        surface = RecSurface(app.window.get_size())
        probe.squeezed.clear()
        scene.bar.draw_progress(surface)
        drawn = [ink for ink in surface.records if "%" in ink.text]
    assert len(drawn) == 1 and not drawn[0].cut, [i.text for i in surface.records]
    assert drawn[0].text in (
        t("debrief.cf.running", percent="0%"),
        t("debrief.cf.running_short", percent="0%"),
    )
    assert not probe.squeezed, probe.squeezed
    r = scene.bar.status_rect("running")
    assert r is not None and r.contains(drawn[0].rect)
    footer = [
        e
        for e in scene._elements
        if e.visible and scene.name_of(e) in ("back", "cancel", "export_to", "export", "title")
    ]
    assert len(footer) == 5
    for i, a in enumerate(footer):
        assert scene.safe_rect.contains(a.rect)
        assert not a.rect.colliderect(r)
        assert not any(a.rect.colliderect(b.rect) for b in footer[i + 1 :])
        words = pygame.Rect((0, 0), a.font.size(a.text))
        assert words.w <= a.rect.w - scene.px(40), (scene.name_of(a), a.text, a.rect)
