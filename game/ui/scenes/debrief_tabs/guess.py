"""Step 2, guess first: one prediction a page about what the student has not seen (the best
other path, a town without loans, defaults, the neighbours who followed), answered with a choice
(A-F) and one line of why, then locked in (L, or Enter in the line). When every guess is in,
each page shows the answer beside the guess, and a last page sets them all side by side with
the question every missed guess raises."""

from __future__ import annotations

from collections.abc import Iterator

import pygame

from game.debrief import reflection, story
from game.i18n import t
from game.ui import theme
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.common import GUESS_KEYS
from game.ui.scenes.debrief_tabs.panel import TabPanel
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb
from game.ui.widgets.panel import draw_panel

ASSUMED = "guess.assumed"


class GuessTab(TabPanel):
    key = "guess"
    follows_runs = True

    def __init__(self, scene) -> None:
        super().__init__(scene)
        self.page = 0
        self.box = pygame.Rect(0, 0, 0, 0)  # the page's panel: its words stay inside it

    def state(self) -> tuple:
        return (self.page,)

    def shows_runs(self) -> bool:
        """Until every guess is in, no page shows an answer (the questions and choices do not
        come from the runs): built ahead while the runs go on, it stays built (first shown,
        its build was 25-28 ms in the press's frame)."""
        return self.scene.guessed()

    def written(self) -> tuple:
        s = self.session
        guesses = tuple(tuple(reflection.guess(s, k).values()) for k in self.scene.prediction_keys)
        return guesses + (reflection.data(s)["answers"].get(ASSUMED),)

    def pages(self) -> int:
        return len(self.scene.prediction_keys) + 1  # the guesses, then all side by side

    def where(self) -> str:
        """The page between Previous and Next: the guess's number among the guesses, or the
        page that sets them all side by side."""
        n = len(self.scene.prediction_keys)
        if self.page < n:
            return t("debrief.page.guess", n=self.page + 1, total=n)
        return t("debrief.page.guesses")

    def turn(self, step: int, name: str) -> None:
        """Previous / Next: the focus stays on the button."""
        self.scene.writing.save()
        self.page = max(0, min(self.pages() - 1, self.page + step))
        self.rebuild()
        self.refocus(name)

    def build(self, layer: pygame.Surface, r: pygame.Rect) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        self.page = max(0, min(self.page, self.pages() - 1))
        bh = self.px(36)
        by = r.bottom - bh
        self.nav(layer, r, by, bh, self.page, self.pages(), self.turn, self.where())
        yield
        box = self.box = pygame.Rect(r.x, r.y, r.w, by - self.px(12) - r.y)
        draw_panel(layer, box, pal, sc)
        inner = box.inflate(-self.px(36), -self.px(26))
        n = len(self.scene.prediction_keys)
        head = t("debrief.guess.title")
        ts = tx.fit_text(head, inner.w, tx.SIZE_BIG * sc, rgb(pal.text), bold=True)
        layer.blit(ts, inner.topleft)
        y = inner.y + ts.get_height() + self.px(2)
        # once every guess is in, the page is about the answers: a short line says so
        intros = (t("debrief.guess.intro", n=n), t("debrief.guess.intro.done"))
        intro = intros[1] if self.scene.guessed() else intros[0]
        size = tx.SIZE_BODY * sc
        mp.draw_paragraph(layer, inner.x, y, inner.w, intro, size, rgb(pal.amber), max_lines=2)
        # the page goes on under the longer of the two, whichever shows: the answers keep their
        # size and look when the last guess is locked in (under the shorter line they grew
        # into larger, left-aligned type)
        y += max(self._lines_h(text, inner.w, size, 2) for text in intros) + self.px(8)
        area = pygame.Rect(inner.x, y, inner.w, inner.bottom - y)
        yield
        if self.page >= n:
            yield from self._build_summary(layer, area)
        else:
            yield from self._build_one(layer, area, self.scene.preds[self.page])

    def _build_one(self, layer: pygame.Surface, r: pygame.Rect, p: dict) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        g = reflection.guess(self.session, p["key"])
        y = mp.draw_paragraph(
            layer,
            r.x,
            r.y,
            r.w,
            p["question"],
            tx.SIZE_TITLE * sc,
            rgb(pal.text),
            bold=True,
            max_lines=3,
        ) + self.px(8)
        col_w = self._choices_w(r.w, p["choices"])
        # The buttons as tall (and in the same type) on every guess's page: sized for the
        # page with the most answers (with large text the five answers of one page took
        # centred small type and the others large type on the left).
        gap = self.px(6)
        bh = min(
            max(self.px(26), min(self.px(36), (r.bottom - self._below_question(q, r)) // n - gap))
            for q in [*self.scene.preds, p]
            for n in [max(len(q["choices"]), 1)]
        )
        for i, ch in enumerate(p["choices"]):
            chosen = g["guess"] == ch["key"]
            self.button(
                pygame.Rect(r.x, y + i * (bh + gap), col_w, bh),
                ch["label"],
                f"choice_{ch['key']}",
                lambda choice=ch["key"]: self.choose(choice),
                shortcut=GUESS_KEYS[i] if i < len(GUESS_KEYS) else None,
                cls="primary" if chosen else ("menu" if bh >= self.px(34) else None),
                enabled=chosen or not g["locked"],
            )
        yield
        x = r.x + col_w + self.px(24)
        w = r.right - x
        field_h = self.px(38)
        if g["locked"]:  # "Locked in, because: ..." says what the field's label said
            yy = y
            yy = mp.draw_paragraph(
                layer,
                x,
                yy,
                w,
                t("debrief.guess.locked", reason=g["reason"]),
                tx.SIZE_BODY * sc,
                rgb(pal.text),
                max_lines=3,
            ) + self.px(10)
        else:
            yy = self.field_label(layer, x, y, w, t("debrief.guess.reason_label"))

            def keep(text: str, key: str = p["key"]) -> None:
                reflection.set_reason(self.session, key, text)
                self._sync_lock_button()

            self.text_field(
                pygame.Rect(x, yy, w, field_h),
                "reason",
                g["reason"],
                keep,
                on_enter=self.lock_current,
                multiline=False,
                placeholder=t("debrief.guess.reason_placeholder"),
                limit=reflection.LINE_MAX,
            )
            yy += field_h + self.px(10)
            self.button(
                pygame.Rect(x, yy, min(w, self.px(280)), self.px(40)),
                t("debrief.guess.lock"),
                "lock",
                self.lock_current,
                shortcut=pygame.K_l,
                cls="primary",
                enabled=reflection.lock_problem(self.session, p["key"]) is None,
                tooltip=t("debrief.guess.lock.tip"),
            )
            yy += self.px(52)
        status = self._guess_status(p, g)
        size = self._status_size(status, w, r.bottom - yy)
        mp.draw_paragraph(layer, x, yy, w, status, size, *self._status_style(p, g))

    @staticmethod
    def _lines_h(text: str, width: int, size: float, max_lines: int) -> int:
        """The height `mp.draw_paragraph` gives `text` in up to `max_lines` lines."""
        lines = min(max_lines, len(mp.wrap_lines(text, width, size)))
        return lines * int(tx.font_for(text, int(round(size))).get_linesize() * 1.25)

    def _below_question(self, p: dict, r: pygame.Rect) -> int:
        """Where a guess's answers start under its question (as drawn: up to three lines)."""
        size = tx.SIZE_TITLE * self.scale
        lines = min(3, len(mp.wrap_lines(p["question"], r.w, size, True)))
        step = int(tx.font_for(p["question"], int(round(size)), True).get_linesize() * 1.25)
        return r.y + lines * step + self.px(8)

    def _choices_w(self, width: int, choices: list[dict]) -> int:
        """The choices' column: wide enough for the longest label in the chosen button's bold
        type and its key cap, within 44-50% of the page."""
        size = theme.scaled(theme.FONT_SIZES["heading"], self.scale)
        longest = max(
            (tx.font_for(ch["label"], size, True).size(ch["label"])[0] for ch in choices), default=0
        )
        need = longest + self.px(24) + self.px(48)  # the words' padding, the key cap
        return max(min(self.px(400), int(width * 0.44)), min(need, int(width * 0.5)))

    def _status_size(self, text: str, width: int, room: int) -> float:
        """The largest of body, then smaller, type whose lines the page holds (the answer
        beside a guess can run to three lines at 150% text)."""
        sizes = (tx.SIZE_BODY * self.scale, tx.SIZE_SMALL * self.scale + 1)
        for size in sizes:
            step = int(tx.font_for(text, int(round(size))).get_linesize() * 1.25)
            if len(mp.wrap_lines(text, width, size)) * step <= room:
                return size
        return sizes[-1]

    def _status_style(self, p: dict, g: dict) -> tuple:
        pal = self.pal
        if self.scene.guessed() and p["answer"] is not None:
            return (rgb(pal.teal if p["answer"] == g["guess"] else pal.amber),)
        return (rgb(pal.text_dim),)

    def _guess_status(self, p: dict, g: dict) -> str:
        """What the student reads beside the guess: how to lock it, or the answer."""
        scene = self.scene
        if not g["locked"]:
            return t(
                "debrief.guess.howto" if not g["guess"] else "debrief.guess.need_reason",
                n=len(scene.prediction_keys),
            )
        if not scene.guessed():
            return t(
                "debrief.guess.waiting", done=scene.guesses_locked(), n=len(scene.prediction_keys)
            )
        if p["pending"]:
            return t("debrief.guess.runs_going")
        if p["answer"] is None:
            return t("debrief.guess.not_run")
        verdict = t("debrief.guess.right" if p["answer"] == g["guess"] else "debrief.guess.missed")
        return verdict + story.gap() + p["actual"]

    def _sync_lock_button(self) -> None:
        """The Lock button follows the reason as it is typed (no rebuild: the field keeps the
        keyboard)."""
        keys = self.scene.prediction_keys
        key = keys[self.page] if self.page < len(keys) else None
        for el in self.elements:
            if self.scene.name_of(el) == "lock" and key is not None:
                ok = reflection.lock_problem(self.session, key) is None
                if ok and not el.is_enabled:
                    el.enable()
                elif not ok and el.is_enabled:
                    el.disable()

    def _build_summary(self, layer: pygame.Surface, r: pygame.Rect) -> Iterator[None]:
        pal, sc = self.pal, self.scale
        size = tx.SIZE_SMALL * sc + 2
        line = int(tx.font(int(round(size))).get_linesize() * 1.2)
        width = r.w - self.px(12)
        rows: list[tuple[str, tuple, bool]] = []
        for p in self.scene.preds:
            g = reflection.guess(self.session, p["key"])
            rows.append((p["question"], rgb(pal.text), True))
            said = (
                t("debrief.guess.you_said", guess=p["guess"] or "", reason=g["reason"])
                if g["locked"]
                else t("debrief.guess.not_locked")
            )
            rows.append((said, rgb(pal.text_dim), False))
            rows.append((self._guess_status(p, g), self._status_style(p, g)[0], False))
            rows.append(("", rgb(pal.text), False))
        lines = [
            (ln, colour, bold)
            for text, colour, bold in rows
            for ln in (mp.wrap_lines(text, width, size, bold) if text else [""])
        ]
        surf = pygame.Surface((width, max(1, line * len(lines))), pygame.SRCALPHA)
        for i, (ln, colour, bold) in enumerate(lines):
            if ln:
                surf.blit(tx.fit_text(ln, width, size, colour, bold=bold), (0, i * line))
        list_h = int(r.h * 0.55)
        self.add_scroller("guesses", pygame.Rect(r.x, r.y, width, list_h), surf)
        yield
        y = r.y + list_h + self.px(10)
        question = t(f"debrief.q.{ASSUMED}")
        y = mp.draw_paragraph(
            layer, r.x, y, r.w, question, tx.SIZE_BODY * sc, rgb(pal.text), bold=True, max_lines=2
        ) + self.px(4)
        answers = reflection.data(self.session)["answers"]

        def keep(text: str) -> None:
            reflection.set_answer(self.session, ASSUMED, text)

        self.text_field(
            pygame.Rect(r.x, y, r.w, max(self.px(50), r.bottom - y)),
            "answer_assumed",
            answers.get(ASSUMED, ""),
            keep,
            placeholder=t("debrief.answers.placeholder"),
        )

    def choose(self, choice: str) -> None:
        key = self.scene.prediction_keys[self.page]
        if reflection.choose(self.session, key, choice):
            self.scene.writing.written()
            self.scene.changed()
            self.rebuild()

    def lock_current(self) -> None:
        """Lock the guess in (L, or Enter in its line), then on to the first one not yet in."""
        scene = self.scene
        keys = scene.prediction_keys
        if self.page >= len(keys) or not reflection.lock(self.session, keys[self.page]):
            return
        scene.writing.written()
        scene.writing.save()
        scene.changed()
        if not scene.guessed():
            self.page = next(
                i for i, k in enumerate(keys) if not reflection.guess(self.session, k)["locked"]
            )
        self.rebuild()
        first = scene.preds[self.page]["choices"][0]["key"]
        if scene.guessed() or not scene.focus.focus_name(f"choice_{first}"):
            scene.focus.focus_name("next")
