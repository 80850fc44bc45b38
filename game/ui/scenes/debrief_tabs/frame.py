"""The frame around the debrief's steps: the bottom bar (back, the runs' Cancel / Run again,
their progress, the export buttons, the title), a step that is not open yet, and Previous /
Next for the paged steps. Mixed into DebriefScene."""

from __future__ import annotations

import pygame

from game import i18n
from game.debrief import reflection
from game.i18n import t
from game.ui.scenes import month_panels as mp
from game.ui.scenes.debrief_tabs.export import documents
from game.ui.widgets import text as tx
from game.ui.widgets.icons import draw_icon
from game.ui.widgets.palette import rgb


class Frame:
    """Mixed into DebriefScene."""

    def _build_bottom_bar(self, safe: pygame.Rect, fy: int, fh: int, gap: int) -> None:
        self.button(
            pygame.Rect(safe.x, fy, self.px(150), fh),
            t("debrief.button.back"),
            "back",
            shortcut=pygame.K_ESCAPE,
        )
        right = safe.right
        for name, key, width, cls, tip in (
            ("title", pygame.K_t, 190, None, None),
            (
                "export",
                pygame.K_e,
                236,
                "primary",
                t("debrief.export.tip", folder=str(documents())),
            ),
            ("export_to", pygame.K_f, 150, None, t("debrief.export.to_tip")),
        ):
            bw = self.px(width)
            self.button(
                pygame.Rect(right - bw, fy, bw, fh),
                t(f"debrief.button.{name}"),
                name,
                cls=cls,
                shortcut=key,
                tooltip=tip,
            )
            right -= bw + gap
        mid_x = safe.x + self.px(150) + gap
        # Cancel and Run again share a place; shown or hidden as the runs go (never a rebuild).
        bw = self.px(150)
        job_rect = pygame.Rect(right - bw, fy, bw, fh)
        self.button(
            job_rect,
            t("debrief.button.cancel"),
            "cancel",
            shortcut=pygame.K_x,
            tooltip=t("debrief.cancel.tip"),
        )
        self.button(job_rect, t("debrief.button.rerun"), "rerun", shortcut=pygame.K_r)
        right -= bw + gap
        self._job_state = self.job_state()
        self._sync_job_buttons()
        self._progress_rect = pygame.Rect(mid_x, fy, max(0, right - mid_x), fh)

    def _build_locked(self, layer: pygame.Surface, r: pygame.Rect, why: str) -> None:
        """A step that opens later: what to do first, and a button that goes there."""
        from game.ui.widgets.panel import draw_panel  # noqa: PLC0415

        pal, sc = self.pal, self.scale
        box = pygame.Rect(r.x, r.y, r.w, min(r.h, self.px(260)))
        draw_panel(layer, box, pal, sc)
        inner = box.inflate(-self.px(40), -self.px(32))
        draw_icon(layer, "padlock", (inner.x, inner.y, self.px(34), self.px(34)), rgb(pal.amber))
        x = inner.x + self.px(48)
        y = mp.draw_paragraph(
            layer,
            x,
            inner.y,
            inner.right - x,
            t(f"debrief.locked.{why}.title"),
            tx.SIZE_BIG * sc,
            rgb(pal.text),
            bold=True,
            max_lines=2,
        )
        done = sum(1 for k in self.prediction_keys if reflection.guess(self.session, k)["locked"])
        y = mp.draw_paragraph(
            layer,
            x,
            y + self.px(6),
            inner.right - x,
            t(
                f"debrief.locked.{why}.body",
                done=done,
                total=len(self.prediction_keys),
            ),
            tx.SIZE_BODY * sc,
            rgb(pal.text_dim),
            max_lines=4,
        )
        target = "guess" if why == "guesses" else "explain"
        bw = self.px(300)
        self.button(
            pygame.Rect(x, min(y + self.px(12), box.bottom - self.px(52)), bw, self.px(40)),
            t(f"debrief.locked.{why}.go"),
            f"go_{target}",
            cls="primary",
        )

    def _sync_job_buttons(self) -> None:
        """Cancel while the runs go; Run again after a cancel or a failure; neither when done."""
        state = self._job_state[0] if self._job_state else "none"
        want = {"cancel": state == "running", "rerun": state in ("cancelled", "failed")}
        focused = self.focus.focused.name if self.focus.focused is not None else None
        for el in self._elements:
            name = self.name_of(el)
            if name in want and bool(el.visible) != want[name]:
                (el.show if want[name] else el.hide)()
        if focused in want and not want[focused]:
            other = "rerun" if focused == "cancel" else "cancel"
            if not (want[other] and self.focus.focus_name(other)):
                self.focus.focus_name(f"tab_{self.tab}")

    def _draw_progress(self, surface: pygame.Surface) -> None:
        r = self._progress_rect
        if r is None or r.w < self.px(60):
            return
        pal, sc = self.pal, self.scale
        size = tx.SIZE_SMALL * sc + 1
        state = self.job_state()
        text, colour, frac = None, rgb(pal.text_dim), None
        if self._export_thread is not None and self._export_thread.is_alive():
            text, colour = t("debrief.export.writing"), rgb(pal.amber)
        elif state[0] == "running" and self.job is not None:
            frac = self.job.progress
            text = t("debrief.cf.running", percent=i18n.percent(frac))
        elif self.export_status is not None:
            tone, text = self.export_status
            colour = mp.tone_colour(pal, tone)
        elif state[0] == "cancelled":
            text = t("debrief.cf.cancelled", n=len(self.job.results))
        elif state[0] == "failed":
            text, colour = t("debrief.cf.failed", error=self.job.error), rgb(pal.brick)
        elif state[0] == "done":
            text = t("debrief.cf.done", n=len(self.job.results), seconds=f"{self.job.elapsed:.1f}")
        if text is None:
            return
        inner = r.inflate(-self.px(16), 0)
        if frac is not None:
            bar = pygame.Rect(inner.x, r.centery + self.px(6), inner.w, max(4, self.px(6)))
            pygame.draw.rect(surface, rgb(pal.border), bar, border_radius=bar.h // 2)
            pygame.draw.rect(
                surface,
                rgb(pal.amber),
                (bar.x, bar.y, int(bar.w * frac), bar.h),
                border_radius=bar.h // 2,
            )
            ts = tx.fit_text(text, inner.w, size, colour)
            surface.blit(ts, (inner.x, bar.y - ts.get_height() - self.px(2)))
        else:
            ts = tx.fit_text(text, inner.w, size, colour)
            surface.blit(ts, (inner.x, r.centery - ts.get_height() // 2))

    def _nav(self, layer, r: pygame.Rect, by: int, bh: int, page: int, pages: int) -> None:
        """Previous / Next (P / N) and "2 of 5" between them."""
        bw = self.px(170)
        self.button(
            pygame.Rect(r.x, by, bw, bh),
            t("debrief.button.prev"),
            "prev",
            shortcut=pygame.K_p,
            enabled=page > 0,
        )
        self.button(
            pygame.Rect(r.right - bw, by, bw, bh),
            t("debrief.button.next"),
            "next",
            shortcut=pygame.K_n,
            enabled=page < pages - 1,
        )
        ps = tx.fit_text(
            t("debrief.page", n=page + 1, total=pages),
            r.w // 3,
            tx.SIZE_BODY * self.scale,
            rgb(self.pal.text_dim),
        )
        layer.blit(ps, (r.centerx - ps.get_width() // 2, by + (bh - ps.get_height()) // 2))
