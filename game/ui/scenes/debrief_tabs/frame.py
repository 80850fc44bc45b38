"""The frame around the debrief's steps, at the bottom: back, the runs' Cancel / Run again
and their progress (or the export's), the export buttons and the title. One object, held by
the scene as `bar`; each button's action is on its spec."""

from __future__ import annotations

import pygame

from game import i18n
from game.i18n import t
from game.ui import fonts, theme
from game.ui.focus import key_label
from game.ui.scenes import rows as mp
from game.ui.scenes.debrief_tabs.common import EXPORT_KEY, EXPORT_TO_KEY
from game.ui.scenes.debrief_tabs.export import documents
from game.ui.widgets import text as tx
from game.ui.widgets.palette import rgb


class BottomBar:
    def __init__(self, scene) -> None:
        self.scene = scene
        self.actions: dict[int, object] = {}
        self.progress_rect: pygame.Rect | None = None
        self.wide_rect: pygame.Rect | None = None

    def button(self, rect, text, name, action, **kw) -> None:
        el = self.scene.button(rect, text, name, **kw)
        self.actions[id(el)] = action

    def _button_need(self, labels: list[str], key: int, bold: bool = False) -> int:
        """The width a footer button needs for the longest of `labels` and its key cap."""
        scene, sc = self.scene, self.scene.scale
        size = scene.font_px("heading" if bold else "body")
        words = max(fonts.for_text(x, size, bold).size(x)[0] for x in labels)
        cap = fonts.get(theme.scaled(13, sc), bold=True, family="sans").size(key_label(key))[0]
        return words + cap + scene.px(14 + 14 + 12 + 12 + 4)

    def widths(self, safe: pygame.Rect, gap: int) -> dict[str, int]:
        """The footer buttons' widths: as drawn at their ease, unless the runs' progress would
        then be left a stub (1024x600 at large text: ~60 px, "Running..." cut to a word); then
        each gives up some of what its words do not need, so the progress reads."""
        scene, px = self.scene, self.scene.px
        width = {"back": px(150), "title": px(190), "export": px(236), "export_to": px(150)}
        width["job"] = px(150)
        keys = {
            "back": ([t("debrief.button.back")], pygame.K_ESCAPE, False),
            "title": ([t("debrief.button.title")], pygame.K_t, False),
            "export": ([t("debrief.button.export")], EXPORT_KEY, True),
            "export_to": ([t("debrief.button.export_to")], EXPORT_TO_KEY, False),
            "job": ([t("debrief.button.cancel"), t("debrief.button.rerun")], pygame.K_x, False),
        }
        size = tx.SIZE_SMALL * scene.scale + 1
        want = tx.text_width(t("debrief.cf.running_short", percent="100%"), int(round(size)))
        want = max(px(140), want + px(16) + px(8))
        left = safe.w - sum(width.values()) - 5 * gap
        short = want - left
        if short <= 0:
            return width
        slack = {k: max(0, width[k] - self._button_need(*keys[k])) for k in width}
        total = sum(slack.values())
        for k in width:
            if total:
                width[k] -= min(slack[k], -(-short * slack[k] // total))
        return width

    def build(self, safe: pygame.Rect, fy: int, fh: int, gap: int) -> None:
        scene = self.scene
        self.actions = {}
        width = self.widths(safe, gap)
        self.button(
            pygame.Rect(safe.x, fy, width["back"], fh),
            t("debrief.button.back"),
            "back",
            scene.on_back,
            shortcut=pygame.K_ESCAPE,
        )
        right = safe.right
        for name, key, cls, tip, action in (
            ("title", pygame.K_t, None, None, scene.to_title),
            (
                "export",
                EXPORT_KEY,
                "primary",
                t("debrief.export.tip", folder=str(scene.documents or documents())),
                scene.exporter.to_documents,
            ),
            (
                "export_to",
                EXPORT_TO_KEY,
                None,
                t("debrief.export.to_tip"),
                scene.exporter.open_folder_dialog,
            ),
        ):
            bw = width[name]
            self.button(
                pygame.Rect(right - bw, fy, bw, fh),
                t(f"debrief.button.{name}"),
                name,
                action,
                cls=cls,
                shortcut=key,
                tooltip=tip,
            )
            right -= bw + gap
        mid_x = safe.x + width["back"] + gap
        # Cancel and Run again share a place; shown or hidden as the runs go (never a rebuild).
        bw = width["job"]
        job_rect = pygame.Rect(right - bw, fy, bw, fh)
        self.button(
            job_rect,
            t("debrief.button.cancel"),
            "cancel",
            scene.cancel_runs,
            shortcut=pygame.K_x,
            tooltip=t("debrief.cancel.tip"),
        )
        self.button(
            job_rect, t("debrief.button.rerun"), "rerun", scene.start_runs, shortcut=pygame.K_r
        )
        right -= bw + gap
        self.sync_job_buttons(scene.job_state())
        self.progress_rect = pygame.Rect(mid_x, fy, max(0, right - mid_x), fh)
        # with neither Cancel nor Run again showing, the words may have their place too
        self.wide_rect = pygame.Rect(mid_x, fy, max(0, job_rect.right - mid_x), fh)

    def sync_job_buttons(self, job_state: tuple) -> None:
        """Cancel while the runs go; Run again after a cancel or a failure; neither when done."""
        scene = self.scene
        state = job_state[0]
        want = {"cancel": state == "running", "rerun": state in ("cancelled", "failed")}
        focused = scene.focus.focused.name if scene.focus.focused is not None else None
        for el in scene._elements:
            name = scene.name_of(el) if id(el) in self.actions else None
            if name in want and bool(el.visible) != want[name]:
                (el.show if want[name] else el.hide)()
        if focused in want and not want[focused]:
            other = "rerun" if focused == "cancel" else "cancel"
            if not (want[other] and scene.focus.focus_name(other)):
                scene.focus.focus_name(f"tab_{scene.tab}")

    def status_rect(self, job_state: str) -> pygame.Rect | None:
        """Where the footer's words go: beside Cancel / Run again while one shows, else the
        wider place they leave (with large text the narrow one may hold nothing: "Writing
        the report..." must still show)."""
        r = self.progress_rect
        if job_state not in ("running", "cancelled", "failed") and self.wide_rect is not None:
            r = self.wide_rect
        if r is None or r.w < self.scene.px(60):
            return None
        return r

    def draw_progress(self, surface: pygame.Surface) -> None:
        scene = self.scene
        pal, sc, job, exporter = scene.pal, scene.scale, scene.job, scene.exporter
        size = tx.SIZE_SMALL * sc + 1
        state = scene.job_state()
        r = self.status_rect(state[0])
        if r is None:
            return
        text, colour, frac = None, rgb(pal.text_dim), None
        if exporter.writing():
            text, colour = t("debrief.export.writing"), rgb(pal.amber)
        elif state[0] == "running":  # (about to start: 0%)
            frac = job.progress if job is not None else 0.0
            text = t("debrief.cf.running", percent=i18n.percent(frac))
            if tx.text_width(text, int(round(size))) > r.w - scene.px(16):
                text = t("debrief.cf.running_short", percent=i18n.percent(frac))
        elif exporter.status is not None:
            tone, text = exporter.status
            colour = mp.tone_colour(pal, tone)
        elif state[0] == "cancelled":
            text = t("debrief.cf.cancelled", n=len(job.results))
        elif state[0] == "failed":
            text, colour = t("debrief.cf.failed", error=job.error), rgb(pal.brick)
        elif state[0] == "done":
            text = t("debrief.cf.done", n=len(job.results), seconds=f"{job.elapsed:.1f}")
        if text is None:
            return
        inner = r.inflate(-scene.px(16), 0)
        if frac is not None:
            bar = pygame.Rect(inner.x, r.centery + scene.px(6), inner.w, max(4, scene.px(6)))
            pygame.draw.rect(surface, rgb(pal.border), bar, border_radius=bar.h // 2)
            pygame.draw.rect(
                surface,
                rgb(pal.amber),
                (bar.x, bar.y, int(bar.w * frac), bar.h),
                border_radius=bar.h // 2,
            )
            ts = tx.fit_text(text, inner.w, size, colour)
            surface.blit(ts, (inner.x, bar.y - ts.get_height() - scene.px(2)))
        else:  # on two lines if it must (large text), smaller type only if even that fails
            for fits in (size, tx.SIZE_SMALL * sc - 1):
                lines = mp.wrap_lines(text, inner.w, fits)
                step = tx.font_for(text, int(round(fits))).get_linesize()
                if len(lines) * step <= r.h:
                    break
            y = r.centery - min(len(lines), r.h // step) * step // 2
            mp.draw_paragraph(
                surface,
                inner.x,
                y,
                inner.w,
                text,
                fits,
                colour,
                max_lines=max(1, r.h // step),
                line_gap=1,
            )
