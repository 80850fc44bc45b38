"""Step 6, the argument: Loubere's claims one a page (P/N), each with this run's numbers for it
and against it, what the model builds in, the other side, a question and the student's verdict
(S supports, C complicates, D contradicts) with one line of why; then a page for the other
side as a whole and one for the real-world questions."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pygame

from game.debrief import questions, reflection
from game.i18n import t
from game.ui import fonts
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.common import Tall, text_piece
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.scenes.debrief_tabs.questions_view import QuestionsView
from game.ui.widgets import text as tx
from game.ui.widgets.palette import mix, rgb
from game.ui.widgets.panel import draw_panel

VERDICT_KEYS = {"supports": pygame.K_s, "complicates": pygame.K_c, "contradicts": pygame.K_d}
VERDICT_BUTTONS = {f"verdict_{key}" for key in VERDICT_KEYS}
AGAINST = "#0072B2"
MODEL = "#999999"


class ArgumentTab(TabPanel):
    key = "argument"
    follows_runs = True

    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.page = 0
        self.questions = QuestionsView(self)

    def state(self) -> tuple:
        return (self.page, self.scene.q_index.get("real_world", 0))

    def answered(self) -> set[str]:
        return self.questions.answered()

    def written(self) -> tuple:
        s = self.session
        return self.questions.written() + tuple(
            tuple(reflection.verdict(s, p["key"]).values()) for p in self.scene.panels
        )

    def pages(self) -> int:
        return len(self.scene.panels) + 2  # the claims, the other side, the real-world questions

    def where(self) -> str:
        """The page between Previous and Next: the claim's number among the claims (as its
        label says), or the page's name after them."""
        n = len(self.scene.panels)
        if self.page < n:
            return t("debrief.page.claim", n=self.page + 1, total=n)
        return t("debrief.other.title" if self.page == n else "debrief.phase.real_world.title")

    def turn(self, step: int, name: str) -> None:
        """Previous / Next: a new page starts at the top; the focus stays on the button."""
        self.scene.writing.save()
        self.page = max(0, min(self.pages() - 1, self.page + step))
        self.scene.scroll_at.pop("claim", None)
        self.scene.scroll_at.pop("evidence", None)
        self.rebuild()
        self.refocus(name)

    def choose_verdict(self, verdict: str) -> None:
        """Only the verdict's buttons change (the chosen one in the accent's look): the page
        and its other widgets stay as they are (building the page again took 15-40 ms).

        Then the reason's box takes the keyboard: what a student types after a verdict is why
        ("since wages fell": its s, c or d no longer picks another verdict), and the step's
        keys hide their caps while it has it; Enter, Esc or Tab give the keys back."""
        scene = self.scene
        key = scene.panels[self.page]["key"]
        was_fresh = not self.stale()
        reflection.set_verdict(self.session, key, verdict)
        scene.writing.written()
        scene.writing.save()
        scene.changed()
        if not was_fresh:  # the runs moved on meanwhile: the page shows them now
            self.rebuild()
        else:
            chosen = reflection.verdict(self.session, key)["verdict"]
            for el in self.elements:
                name = scene.name_of(el)
                if name in VERDICT_BUTTONS:
                    self.restyle(el, "primary" if name == f"verdict_{chosen}" else None)
            self.built_with = self.stamp()
        scene.writing.focus_field("verdict_reason")

    def build(self, layer: pygame.Surface, r: pygame.Rect) -> Iterator[None]:
        claims = self.scene.panels
        self.page = max(0, min(self.page, self.pages() - 1))
        bh = self.px(36)
        by = r.bottom - bh
        self.nav(layer, r, by, bh, self.page, self.pages(), self.turn, self.where())
        yield
        area = pygame.Rect(r.x, r.y, r.w, by - self.space("l") - r.y)
        n = len(claims)
        if self.page < n:
            yield from self._build_claim(layer, area, claims[self.page], self.page + 1)
        elif self.page == n:
            self._build_other_side(layer, area)
        else:
            sec = self.scene.sections["real_world"]
            self.questions.build(
                layer,
                area,
                "real_world",
                questions.phase(self.session, "real_world"),
                sec["title"],
                sec["intro"],
            )

    def _build_claim(
        self, layer: pygame.Surface, box: pygame.Rect, p: dict, number: int
    ) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        draw_panel(layer, box, pal, sc)
        inner = box.inflate(-self.px(32), -self.px(24))
        label = t("debrief.arg.page_label", n=number, total=len(self.scene.panels))
        ls = tx.fit_text(label, inner.w, tx.SIZE_SMALL * sc + 1, rgb(pal.amber), bold=True)
        layer.blit(ls, inner.topleft)
        y = mp.draw_paragraph(
            layer,
            inner.x,
            inner.y + ls.get_height() + self.px(2),
            inner.w,
            p["title"],
            tx.SIZE_BIG * sc,
            rgb(pal.text),
            bold=True,
            max_lines=2,
            line_gap=1.1,
        ) + self.px(6)
        verdict_h = self.px(38) * self._verdict_rows(inner.w) + self.px(6) * (
            self._verdict_rows(inner.w) - 1
        )
        cols = pygame.Rect(inner.x, y, inner.w, inner.bottom - verdict_h - self.px(12) - y)
        left = pygame.Rect(cols.x, cols.y, int(cols.w * 0.42), cols.h)
        right = pygame.Rect(
            left.right + self.px(20), cols.y, cols.right - left.right - self.px(20), cols.h
        )
        size = tx.SIZE_SMALL * sc + 2
        self.add_scroller(
            "claim",
            pygame.Rect(left.x, left.y, left.w - self.px(10), left.h),
            self._blocks(
                left.w - self.px(10),
                [
                    (None, [p["claim"]], pal.text),
                    (None, [t("debrief.arg.cite", cite=p["cite"])], pal.text_dim),
                    (None, [p["question"]], pal.amber),
                ],
                size,
            ),
        )
        yield
        against = p["complications"] or [t("debrief.arg.against_none")]
        self.add_scroller(
            "evidence",
            pygame.Rect(right.x, right.y, right.w - self.px(10), right.h),
            self._blocks(
                right.w - self.px(10),
                [
                    (t("debrief.arg.for"), [p["numbers"]], pal.amber),
                    (t("debrief.arg.against"), against, AGAINST),
                    (t("debrief.arg.built_in"), p["built_in"], MODEL),
                    (t("debrief.arg.other_side"), [p["other"]], pal.teal),
                ],
                size,
            ),
        )
        yield
        yield from self._build_verdict(
            layer, pygame.Rect(inner.x, inner.bottom - verdict_h, inner.w, verdict_h), p
        )

    def _blocks(self, width: int, blocks: list[tuple], size: float) -> Tall:
        """Text blocks, each with an optional heading and a coloured bar down its left side: a
        tall list painted as it scrolls into view (one picture of it was up to 3.7 MB)."""
        pal = self.pal
        line = int(tx.font(int(round(size))).get_linesize() * 1.22)
        pad = self.px(12)
        pieces: list[tuple] = []
        y = 0
        for head, texts, colour in blocks:
            rows = [
                ln for text in texts for ln in (mp.wrap_lines(text, width - 2 * pad, size) + [""])
            ][:-1]
            h = len(rows) * line + (line if head else 0) + (self.px(12) if head else self.px(4))
            x = 0
            if head:
                pieces.append((0, y, h, partial(self._block_back, width, h, colour)))
                x = pad
                pieces.append(
                    (
                        x,
                        y + self.px(6),
                        line,
                        text_piece(
                            partial(tx.fit_text, head, width - 2 * pad, size - 1, rgb(colour), True)
                        ),
                    )
                )
                yy = y + self.px(6) + line
            else:
                yy = y
            text_colour = rgb(pal.text) if head else rgb(colour)
            for ln in rows:
                if ln:
                    paint = partial(tx.fit_text, ln, width - 2 * x, size, text_colour)
                    pieces.append((x, yy, line, text_piece(paint)))
                yy += line
            y += h + self.px(10)
        return Tall(width, y, pieces)

    def _block_back(self, width: int, h: int, colour, target: pygame.Surface, x: int, y: int):
        """A block's tinted back and the coloured bar down its left side."""
        radius = self.px(6)
        pygame.draw.rect(
            target, mix(self.pal.panel, colour, 0.12), (x, y, width, h), border_radius=radius
        )
        pygame.draw.rect(
            target,
            rgb(colour),
            (x, y, self.px(5), h),
            border_top_left_radius=radius,
            border_bottom_left_radius=radius,
        )

    def _verdict_widths(self) -> tuple[int, list[int]]:
        """The label's and each verdict button's width (centred text, key cap at the right)."""
        size = self.scene.font_px("heading")  # the chosen one is bold and larger
        label = fonts.for_text(t("debrief.verdict.label"), self.scene.font_px("body"), True)
        widths = []
        for key in reflection.VERDICTS:
            text = t(f"debrief.verdict.{key}")
            widths.append(fonts.for_text(text, size, True).size(text)[0] + self.px(80))
        return label.size(t("debrief.verdict.label"))[0], widths

    def _verdict_rows(self, width: int) -> int:
        """One row when the reason still has room beside the buttons, else two."""
        label_w, widths = self._verdict_widths()
        used = label_w + self.px(12) + sum(widths) + self.px(8) * len(widths)
        return 1 if width - used >= self.px(240) else 2

    def _build_verdict(self, layer: pygame.Surface, r: pygame.Rect, p: dict) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        v = reflection.verdict(self.session, p["key"])
        rows = self._verdict_rows(r.w)
        row_h = (r.h - (self.px(6) if rows == 2 else 0)) // rows
        line = pygame.Rect(r.x, r.y, r.w, row_h)
        ls = tx.fit_text(
            t("debrief.verdict.label"), self.px(150), tx.SIZE_BODY * sc, rgb(pal.amber), bold=True
        )
        layer.blit(ls, (line.x, line.centery - ls.get_height() // 2))
        x = line.x + ls.get_width() + self.px(12)
        widths = self._verdict_widths()[1]
        room = line.right - x - self.px(8) * len(widths)
        if sum(widths) > room:  # narrow and large text: the buttons share what there is
            widths = [w * room // sum(widths) for w in widths]
        for key, bw in zip(reflection.VERDICTS, widths, strict=True):
            self.button(
                pygame.Rect(x, line.y, bw, row_h),
                t(f"debrief.verdict.{key}"),
                f"verdict_{key}",
                lambda key=key: self.choose_verdict(key),
                shortcut=VERDICT_KEYS[key],
                cls="primary" if v["verdict"] == key else None,
            )
            x += bw + self.px(8)
        yield
        field = (
            pygame.Rect(
                x + self.px(4), line.y, max(self.px(80), line.right - x - self.px(4)), row_h
            )
            if rows == 1
            else pygame.Rect(r.x, r.bottom - row_h, r.w, row_h)
        )

        def keep(text: str, key: str = p["key"]) -> None:
            reflection.set_verdict(self.session, key, reason=text)

        self.text_field(
            field,
            "verdict_reason",
            v["reason"],
            keep,
            multiline=False,
            placeholder=t("debrief.verdict.placeholder"),
            limit=reflection.LINE_MAX,
        )

    def _build_other_side(self, layer: pygame.Surface, box: pygame.Rect) -> None:
        pal, sc = self.pal, self.scale
        o = self.scene.other_side
        draw_panel(layer, box, pal, sc)
        inner = box.inflate(-self.px(32), -self.px(24))
        y = inner.y + mp.draw_heading(
            layer, inner, o["title"], pal, sc, icon="handshake", right=t("debrief.scroll_hint")
        )
        y = mp.draw_paragraph(
            layer, inner.x, y, inner.w, o["intro"], tx.SIZE_BODY * sc, rgb(pal.amber), max_lines=2
        ) + self.px(6)
        blocks = []
        for item in o["items"]:
            texts = [item["text"]] + ([item["numbers"]] if item.get("numbers") else [])
            head = item["cite"] or t("debrief.other.state")
            blocks.append((head, texts, pal.teal))
        blocks.append((t("debrief.other.untestable_head"), [o["untestable"]], MODEL))
        width = inner.w - self.px(10)
        self.add_scroller(
            "other",
            pygame.Rect(inner.x, y, width, inner.bottom - y),
            self._blocks(width, blocks, tx.SIZE_SMALL * sc + 2),
        )
