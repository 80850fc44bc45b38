"""Where every piece of text was really drawn: a probe for layout tests.

While a `TextProbe` is active, every surface the game makes records the text blitted onto it
(the rect of its ink), and passes those records on when it is blitted somewhere else, so the
window knows where each string ended up, whether it was cut by an edge or a clip, whether it
was shortened with an ellipsis or shrunk to fit, and whether it lies on another string or
under a button. pygame_gui's own text (labels, buttons) is measured from the elements.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pygame
import pygame_gui

from game.ui import fonts
from game.ui.focus import words_rect
from game.ui.widgets import text as tx

# Pictures, not text to read: the mill's sign on the title backdrop.
DECORATION = {"红星钢铁厂"}
# Text shrunk to fit may lose a third of its size (the street's signs do, all alike), but a
# line never gets shorter than this many pixels: below it nobody reads it from a seat.
MIN_LINE_PX = 14
_RealSurface = pygame.Surface
_RealFont = pygame.font.Font


@dataclass
class Ink:
    text: str
    rect: pygame.Rect  # where its ink is, in the coordinates of the surface holding it
    cut: bool = False  # part of it fell outside a surface, a clip or a blit's area
    cap: bool = False  # a key cap on a button


class TextProbe:
    """`with TextProbe() as probe:` ... `probe.problems(app)` after a frame."""

    active: TextProbe | None = None

    def __init__(self, shrink_limit: float = 0.65) -> None:
        self.tags: dict[int, tuple[str, _RealSurface]] = {}
        self.squeezed: list[tuple[str, str]] = []  # (text, what happened) from fit_text
        self.shrink_limit = shrink_limit
        self._saved: list = []

    # ---- patching -------------------------------------------------------------------------
    def __enter__(self) -> TextProbe:
        TextProbe.active = self
        probe = self

        class RecFont(_RealFont):
            def render(self, text, antialias, color, background=None):  # noqa: D401
                surf = (
                    super().render(text, antialias, color)
                    if background is None
                    else super().render(text, antialias, color, background)
                )
                rec = RecSurface(surf.get_size(), pygame.SRCALPHA)
                _RealSurface.blit(rec, surf, (0, 0))
                probe.tags[id(rec)] = (str(text), rec)
                return rec

        real_fit = tx.fit_text

        def fit_text(
            text, max_width, size, colour, bold=False, min_size=tx.MIN_SIZE, max_height=None
        ):
            out = real_fit(text, max_width, size, colour, bold, min_size, max_height)
            tag = probe.tags.get(id(out))
            shown = tag[0] if tag else ""
            if text and out.get_width() == 0:
                probe.squeezed.append((text, "not drawn: no room"))
            elif text and shown != text:
                probe.squeezed.append((text, f"cut to {shown!r}"))
            elif text and out.get_height() and size:
                used = out.get_height()
                full = tx.font_for(text, int(round(size)), bold).get_linesize()
                if used < self_limit(probe) * full or used < MIN_LINE_PX:
                    probe.squeezed.append((text, f"shrunk to {used}/{full} px"))
            return out

        def self_limit(p):
            return p.shrink_limit

        tx.cut_listeners.append(self._on_cut)
        self._saved = [
            (pygame, "Surface", pygame.Surface),
            (pygame.font, "Font", pygame.font.Font),
            (tx, "fit_text", tx.fit_text),
        ]
        pygame.Surface = RecSurface
        pygame.font.Font = RecFont
        tx.fit_text = fit_text
        fonts.clear_cache()
        tx.clear_caches()
        return self

    def _on_cut(self, text: str, how: str) -> None:
        self.squeezed.append((text, how))

    def __exit__(self, *exc) -> None:
        if self._on_cut in tx.cut_listeners:
            tx.cut_listeners.remove(self._on_cut)
        for owner, name, value in self._saved:
            setattr(owner, name, value)
        fonts.clear_cache()
        tx.clear_caches()
        TextProbe.active = None

    # ---- reading --------------------------------------------------------------------------
    def text_of(self, surface) -> str | None:
        tag = self.tags.get(id(surface))
        return tag[0] if tag and tag[1] is surface else None

    def problems(self, app, scene=None) -> list[str]:
        """Cut, squeezed, overlapping or hidden text on the window as last drawn."""
        scene = scene or app.top
        window = getattr(app, "_probe_window", app.window)
        out = [f"{t!r}: {what}" for t, what in dict.fromkeys(self.squeezed)]
        inks = [i for i in getattr(window, "records", []) if i.rect.w > 0 and i.rect.h > 0]
        bounds = window.get_rect()
        for ink in inks:
            if ink.cut or not bounds.contains(ink.rect):
                out.append(f"{ink.text!r}: cut at {tuple(ink.rect)}")
        for a, b in itertools.combinations(inks, 2):
            if a.text == b.text and a.rect == b.rect:
                continue
            if a.rect.colliderect(b.rect):
                overlap = a.rect.clip(b.rect)
                if overlap.w * overlap.h >= 4:
                    out.append(f"{a.text!r} overlaps {b.text!r}")
        out += self._element_problems(scene, inks, bounds)
        return list(dict.fromkeys(out))

    def _element_problems(self, scene, inks, bounds) -> list[str]:
        out = []
        elements = [
            e
            for e in scene._elements
            if isinstance(e, (pygame_gui.elements.UIButton, pygame_gui.elements.UILabel))
            and e.visible
            and e.rect.w > 1
        ]
        for e in elements:
            text = getattr(e, "text", "") or ""
            if not bounds.contains(e.rect):
                out.append(f"element {text!r} outside the window at {tuple(e.rect)}")
            words = words_rect(e) if isinstance(e, pygame_gui.elements.UIButton) else None
            if text and e.font is not None:
                w, h = e.font.get_rect(text).size
                inside = e.rect.inflate(-2 * max(3, e.rect.h // 8), 0)
                if words is not None and not inside.contains(words):
                    out.append(f"element {text!r} runs past its button's edge")
                elif words is None and w > e.rect.w:
                    out.append(f"element {text!r} wider than its box ({w} > {e.rect.w})")
                if h > e.rect.h:
                    out.append(f"element {text!r} taller than its box ({h} > {e.rect.h})")
            label = words
            for ink in inks:
                if not e.rect.colliderect(ink.rect):
                    continue
                inside = e.rect.contains(ink.rect)
                if ink.cap and inside:
                    if label is not None and label.colliderect(ink.rect):
                        out.append(f"element {text!r} runs into its key cap {ink.text!r}")
                    continue
                if inside and not text:
                    continue  # words the scene draws on a button of its own
                out.append(f"{ink.text!r} lies under element {text!r}")
        for a, b in itertools.combinations(elements, 2):
            if a.rect.colliderect(b.rect) and a.rect.clip(b.rect).w * a.rect.clip(b.rect).h > 4:
                if getattr(a, "text", "") or getattr(b, "text", ""):
                    out.append(f"element {a.text!r} overlaps element {b.text!r}")
        return out


class RecSurface(_RealSurface):
    """A surface that remembers where text was drawn on it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.records: list[Ink] = []

    def _after_blit(self, source, dest, area, drawn: pygame.Rect) -> None:
        probe = TextProbe.active
        if probe is None:
            return
        if isinstance(dest, pygame.Rect):
            x, y = dest.topleft
        else:
            x, y = int(dest[0]), int(dest[1])
        area = pygame.Rect(area) if area is not None else source.get_rect()
        clip = self.get_clip().clip(self.get_rect())
        if getattr(source, "irb_tooltip", False):
            return  # a tooltip lies over other words by design
        text = probe.text_of(source)
        if text in DECORATION:
            return
        if text is not None:
            ink = source.get_bounding_rect()
            if ink.w and ink.h:
                self._add(Ink(text, ink, cap=len(text) <= 5 and _is_cap(text)), x, y, area, clip)
            return
        for rec in getattr(source, "records", ()):
            self._add(rec, x, y, area, clip)

    def _add(self, ink: Ink, x: int, y: int, area: pygame.Rect, clip: pygame.Rect) -> None:
        seen = ink.rect.clip(area)
        moved = seen.move(x - area.x, y - area.y)
        shown = moved.clip(clip)
        cut = ink.cut or seen.size != ink.rect.size or shown.size != moved.size
        if shown.w > 0 and shown.h > 0:
            self.records.append(Ink(ink.text, shown, cut, ink.cap))

    def blit(self, source, dest, area=None, special_flags=0):
        drawn = super().blit(source, dest, area, special_flags)
        self._after_blit(source, dest, area, drawn)
        return drawn

    def blits(self, blit_sequence, doreturn=True):
        out = [self.blit(*item) for item in blit_sequence]
        return out if doreturn else None

    def fill(self, color, rect=None, special_flags=0):
        drawn = super().fill(color, rect, special_flags)
        if rect is None or pygame.Rect(rect).contains(self.get_rect()):
            self.records.clear()
        return drawn

    def _wrap(self, surf):
        out = RecSurface(surf.get_size(), surf.get_flags(), surf)
        _RealSurface.blit(out, surf, (0, 0))
        out.records = [
            Ink(r.text, pygame.Rect(r.rect), r.cut, r.cap) for r in getattr(self, "records", ())
        ]
        return out

    def copy(self):
        return self._wrap(super().copy())

    def subsurface(self, *rect):
        """A window onto this surface: the words inside it, moved to its corner."""
        out = super().subsurface(*rect)
        area = out.get_rect(topleft=out.get_offset())
        out.records = [
            Ink(
                r.text,
                r.rect.clip(area).move(-area.x, -area.y),
                r.cut or not area.contains(r.rect),
                r.cap,
            )
            for r in getattr(self, "records", ())
            if r.rect.colliderect(area)
        ]
        return out

    def convert(self, *args):
        return self._wrap(super().convert(*args))

    def convert_alpha(self, *args):
        return self._wrap(super().convert_alpha(*args))

    def premul_alpha(self):
        return self._wrap(super().premul_alpha())


_CAP_WORDS = {"Esc", "Enter", "Space", "Tab"}


def _is_cap(text: str) -> bool:
    return text in _CAP_WORDS or (len(text) == 1 and (text.isupper() or text.isdigit()))


def measure_frame(app, frames: int = 2) -> None:
    """Run frames with the window swapped for a recording surface (the last frame's records)."""
    real = app.window
    app._fade_from = None  # a cross-fade would paint the last screen's words over this one
    rec = RecSurface(real.get_size())
    app.window = rec
    top = app.top
    original = top.draw_background

    def draw_background(surface, _orig=original):
        rec.records.clear()  # the scenes under a dialog are covered: only the top one counts
        return _orig(surface)

    top.draw_background = draw_background
    try:
        for _ in range(frames):
            rec.records.clear()
            app.step(1 / 60)
    finally:
        top.draw_background = original
        app.window = real
    app.window_records = rec.records
    real.blit(rec, (0, 0))
    app._probe_window = rec
