"""The street: draws headless for any number of lots, the tooltips say who runs each shop,
keyboard focus walks the lots, and no text ever spills out of its box or onto other text."""

from __future__ import annotations

import itertools

import pygame
import pytest

from game import i18n
from game.ui.widgets import samples
from game.ui.widgets.street import StreetView


def _run(sv: StreetView, seconds: float = 2.0, fps: int = 30) -> None:
    for _ in range(int(seconds * fps)):
        sv.update(1 / fps)


def _lots(n: int) -> list[dict]:
    return samples.crowded_street(n) if n else []


def _assert_text_fits(sv: StreetView) -> None:
    for box, text, ink in sv.text_boxes:
        assert text.w <= box.w, f"text {text} wider than its box {box}"
        assert box.left <= text.left and text.right <= box.right
        assert box.top <= ink.top and ink.bottom <= box.bottom, f"ink {ink} outside {box}"
    for a, b in itertools.combinations(sv.text_boxes, 2):
        assert not a.ink.colliderect(b.ink), f"text at {a.ink} overlaps text at {b.ink}"


@pytest.mark.parametrize("n", [0, 1, 12, 24, 40])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (936, 302)])
def test_street_draws_and_its_text_fits(n, size):
    scale = 1.5 if size == (1920, 1080) else 1.0
    screen = pygame.Surface(size)
    sv = StreetView(screen.get_rect(), scale=scale)
    sv.set_lots(_lots(n))
    _run(sv, 1.0)
    sv.draw(screen)
    assert len(sv.layout.shops) == n
    _assert_text_fits(sv)
    # every lot has room on screen, inside the widget, and no two buildings overlap
    for g in sv.layout.shops:
        assert screen.get_rect().contains(g.facade)
        assert g.facade.w >= 20
    for a, b in itertools.combinations(sv.layout.shops, 2):
        assert not a.facade.colliderect(b.facade)
    if n == 0:
        assert sv.text_boxes, "an empty street says so"


def test_one_row_until_lots_get_narrow_then_two():
    rect = pygame.Rect(0, 0, 1280, 720)
    sv = StreetView(rect)
    sv.set_lots(_lots(12))
    assert sv.layout.rows == 1
    sv.set_lots(_lots(30))
    assert sv.layout.rows == 2


def test_tooltip_tells_who_runs_the_shop():
    lot = samples.make_lot(4, 0, __import__("random").Random(1), months_open=3)
    lot.update(
        owner="Zhang Min",
        surname="Zhang",
        age=48,
        former_job="crane driver",
        price_yuan=8.5,
        unit="bowl",
    )
    sv = StreetView((0, 0, 1280, 720))
    sv.set_lots([lot])
    assert sv.tooltip_text(4) == [
        "Zhang Min, 48, former crane driver",
        "Noodle stall",
        "\u00a58.50 / bowl",
        "Open 3 months",
    ]


def test_tooltip_reads_the_cores_job_and_unit_keys_and_marks_the_player():
    d = {
        "lot": 0,
        "trade": 0,
        "trade_name": "Noodle stall",
        "icon": "bowl",
        "colour": "#E69F00",
        "owner": "Hu Qiang",
        "surname": "Hu",
        "age": 55,
        "former_job": "rolling_mill_operator",
        "price_yuan": 11.8181,
        "unit_key": "unit.bowl",
        "months_open": 1,
        "state": "open",
        "is_player": True,
    }
    sv = StreetView((0, 0, 800, 300))
    sv.set_lots([d])
    lines = sv.tooltip_text(0)
    assert lines[0] == "Hu Qiang, 55, former rolling mill operator"
    assert lines[2] == "\u00a511.82 / bowl"
    assert lines[3] == "Open 1 month"
    assert lines[-1] == "Your shop"


def test_tooltips_for_closed_for_rent_and_empty_lots():
    rng = __import__("random").Random(2)
    lots = [
        samples.make_lot(0, 0, rng, state="closed"),
        samples.make_lot(1, -1, rng, state="for_rent"),
        samples.make_lot(2, -1, rng, state="empty"),
    ]
    sv = StreetView((0, 0, 1280, 720))
    sv.set_lots(lots)
    closed = sv.tooltip_text(0)
    assert closed[-2:] == ["Noodle stall (closed)", "For rent"]
    assert sv.tooltip_text(1) == ["For rent"]
    assert sv.tooltip_text(2) == ["Empty lot"]
    assert sv.tooltip_text(99) == []


def test_hover_finds_the_lot_under_the_mouse_and_shows_its_tooltip():
    screen = pygame.Surface((1280, 720))
    sv = StreetView(pygame.Rect(100, 50, 1000, 400))
    lots = _lots(12)
    sv.set_lots(lots)
    for d in lots:
        r = sv.lot_rect(d["lot"])
        assert sv.hovered_lot(r.center) == d["lot"]
    assert sv.hovered_lot((5, 5)) is None  # outside the widget
    target = lots[5]["lot"]
    sv.handle_event(
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=sv.lot_rect(target).center, rel=(0, 0), buttons=(0, 0, 0)
        )
    )
    before = screen.copy()
    sv.draw(screen)
    tip = sv.draw_tooltip(screen, 5)
    assert screen.get_rect().contains(tip)
    assert before.get_at(tip.center) != screen.get_at(tip.center)
    width, rects = sv.tooltip_text_rects(5)
    assert len(rects) == len(sv.tooltip_text(target))
    assert all(r.w <= width for r in rects)


def test_keyboard_focus_walks_every_lot_and_wraps():
    sv = StreetView((0, 0, 1280, 720))
    lots = _lots(5)
    sv.set_lots(lots)
    assert sv.focused_lot is None
    seen = [sv.focus_next() for _ in range(5)]
    assert seen == [d["lot"] for d in lots]
    assert sv.focus_next() == lots[0]["lot"]
    assert sv.focus_prev() == lots[-1]["lot"]
    sv.clear_focus()
    assert sv.focus_prev() == lots[-1]["lot"]


def test_focus_survives_a_shorter_street():
    sv = StreetView((0, 0, 1280, 720))
    sv.set_lots(_lots(10))
    for _ in range(10):
        sv.focus_next()
    sv.set_lots(_lots(4))
    assert sv.focused_lot == _lots(4)[-1]["lot"]
    sv.set_lots([])
    assert sv.focused_lot is None and sv.focus_next() is None


def test_text_that_cannot_fit_is_cut_not_spilled():
    rng = __import__("random").Random(3)
    lots = [samples.make_lot(i, 0, rng) for i in range(40)]
    for d in lots:
        d["surname"] = "Ouyang-Zhugeshangguan"
        d["price_yuan"] = 123456.0
    sv = StreetView((0, 0, 700, 260))
    sv.set_lots(lots)
    _assert_text_fits(sv)


def test_same_lots_do_not_repaint():
    sv = StreetView((0, 0, 1280, 720))
    sv.set_lots(_lots(12))
    layer = sv._layer
    sv.set_lots(_lots(12))
    assert sv._layer is layer
    sv.set_lots(_lots(13))
    assert sv._layer is not layer


def _sky_changes(sv: StreetView) -> int:
    """Pixels in the sky that differ between two moments: smoke drifting."""
    a, b = pygame.Surface(sv.rect.size), pygame.Surface(sv.rect.size)
    sv.draw(a)
    _run(sv, 1.0)
    sv.draw(b)
    top = sv.layout.row_geoms[0].top
    return sum(
        a.get_at((x, y)) != b.get_at((x, y))
        for x in range(0, sv.rect.w, 4)
        for y in range(0, top, 4)
    )


def test_smoke_only_while_the_mill_runs():
    running = StreetView((0, 0, 640, 360), mill_running=True)
    running.set_lots(_lots(4))
    assert running._puffs and _sky_changes(running) > 0
    idle = StreetView((0, 0, 640, 360))
    idle.set_mill_running(False)  # set before the first frame: no smoke left over
    idle.set_lots(_lots(4))
    assert not idle._puffs
    _run(idle, 3.0)
    assert not idle._puffs


def test_a_new_shops_awning_unrolls_then_stays():
    rng = __import__("random").Random(4)
    lots = [samples.make_lot(0, 1, rng, new=True)]
    sv = StreetView((0, 0, 800, 400))
    sv.set_lots(lots)
    g = sv.layout.shops[0]
    spot = (g.awning.centerx, g.awning.top + g.awning.h // 2)
    s0 = pygame.Surface(sv.rect.size)
    sv.draw(s0)
    _run(sv, 2.0)
    s1 = pygame.Surface(sv.rect.size)
    sv.draw(s1)
    assert s0.get_at(spot) != s1.get_at(spot)  # rolled out
    assert not sv._unroll  # and baked into the cached layer
    assert sv._layer.get_at(spot) == s1.get_at(spot)


def test_players_shop_is_outlined_in_amber():
    lots = _lots(12)
    player = next(i for i, d in enumerate(lots) if d["is_player"])
    sv = StreetView((0, 0, 1280, 720))
    sv.set_lots(lots)
    f = sv.layout.shops[player].facade
    amber = pygame.Color(sv.palette.amber)[:3]
    for k, g in enumerate(sv.layout.shops):
        edge = [
            sv._layer.get_at((g.facade.left - 1, y))[:3]
            for y in range(g.facade.top + 20, g.facade.bottom - 20, 5)
        ]
        share = sum(c == amber for c in edge) / len(edge)
        # a lamp post may stand in front of the outline here and there
        assert share > 0.7 if k == player else share == 0, (k, share)
    assert f.h > 100


@pytest.mark.parametrize("palette", ["default", "colourblind", "high_contrast"])
def test_palettes_draw_and_colourblind_forces_okabe_ito(palette):
    rng = __import__("random").Random(5)
    d = samples.make_lot(0, 3, rng)
    d["colour"] = "#123456"  # a scenario's own colour
    sv = StreetView((0, 0, 640, 360), palette=palette)
    sv.set_lots([d])
    surf = pygame.Surface((640, 360))
    sv.draw(surf)
    _assert_text_fits(sv)
    colour = sv.palette.trade_colour(3, d["colour"])
    assert colour == ((0x12, 0x34, 0x56) if palette == "default" else (0x00, 0x72, 0xB2))


def test_the_cores_street_draws(monkeypatch):
    from game.core.engine import Engine
    from game.core.params import Params
    from game.words import street_lots

    eng = Engine(Params(), seed=1, players=(0,))
    eng.end_month()
    lots = street_lots(eng)
    sv = StreetView((0, 0, 1280, 720))
    sv.set_mill_running(False)
    sv.set_lots(lots)
    _run(sv, 0.5)
    sv.draw(pygame.Surface((1280, 720)))
    _assert_text_fits(sv)
    for d in lots:
        lines = sv.tooltip_text(d["lot"])
        assert lines and not any("job." in ln or "{" in ln for ln in lines)


def test_chinese_surnames_render_with_the_cjk_font():
    i18n.set_language("zh")
    try:
        rng = __import__("random").Random(6)
        d = samples.make_lot(0, 0, rng)
        d["surname"], d["owner"] = "\u5f20", "\u5f20\u654f"
        sv = StreetView((0, 0, 640, 360))
        sv.set_lots([d])
        _assert_text_fits(sv)
        from game.ui.widgets import text as tx

        assert tx.needs_cjk("\u5f20") and not tx.needs_cjk("Zhang")
        assert tx.font_for("\u5f20", 16) is not tx.font_for("Zhang", 16)
    finally:
        i18n.set_language("en")


def _layer_bytes(sv: StreetView) -> bytes:
    return pygame.image.tobytes(sv._layer, "RGB")


def test_a_street_painted_ahead_is_the_street_painted_when_its_lots_come():
    rng = __import__("random").Random(9)
    before, after = _lots(8), _lots(12)
    after[3] = samples.make_lot(3, 2, rng, new=True)  # one new shop: its awning will unroll
    ahead = StreetView((0, 0, 1000, 360), lots=before)
    steps = 0
    while not ahead.paint_ahead(after, budget_s=0.0):  # a piece per idle frame
        steps += 1
    assert steps > 3  # the painting was spread over frames
    assert _layer_bytes(ahead) == _layer_bytes(StreetView((0, 0, 1000, 360), lots=before))
    painted = ahead._ahead.done[1]
    ahead.set_lots(after)
    assert ahead._layer is painted  # handed over, not painted again
    fresh = StreetView((0, 0, 1000, 360), lots=before)
    fresh.set_lots(after)
    assert _layer_bytes(ahead) == _layer_bytes(fresh)
    assert ahead._unroll.keys() == fresh._unroll.keys() == {3}
    assert [b.rect for b in ahead.text_boxes] == [b.rect for b in fresh.text_boxes]


def test_a_street_painted_ahead_for_other_lots_or_another_look_is_not_shown():
    sv = StreetView((0, 0, 1000, 360), lots=_lots(8))
    while not sv.paint_ahead(_lots(12)):
        pass
    painted = sv._ahead.done[1]
    sv.set_lots(_lots(10))
    assert sv._layer is not painted
    while not sv.paint_ahead(_lots(12)):
        pass
    painted = sv._ahead.done[1]
    sv.set_rect((0, 0, 900, 360))  # resized before the lots came
    sv.set_lots(_lots(12))
    assert sv._layer is not painted and sv._layer.get_size() == (900, 360)


def test_a_street_half_painted_ahead_is_finished_when_its_lots_come():
    sv = StreetView((0, 0, 1000, 360), lots=_lots(8))
    assert not sv.paint_ahead(_lots(12), budget_s=0.0)  # one piece only
    steps = sv._ahead.steps
    sv.set_lots(_lots(12))
    assert next(steps, "spent") == "spent"  # the painting begun ahead was finished, not redone
    assert _layer_bytes(sv) == _layer_bytes(StreetView((0, 0, 1000, 360), lots=_lots(12)))
