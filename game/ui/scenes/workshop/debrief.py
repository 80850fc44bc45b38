"""The class debrief, projected: the five questions in the facilitated order (feelings,
predict-then-reveal, what was unrealistic, real cases, what could be done), each with the
class's own numbers, read from the session file exactly as the class report reads them
(game.workshop.report.class_data), and a button that writes the class report.

Keys: Right/PageDown next question, Left/PageUp back, R reveals the curve (question 2),
W writes the class report, Esc back to the dashboard."""

from __future__ import annotations

import pygame

from game import i18n, userdirs
from game.i18n import t
from game.ui import fonts, theme
from game.ui.scene import Scene
from game.ui.scenes.dialog import DialogButton, DialogScene
from game.ui.scenes.workshop.room import Room
from game.ui.widgets.chart import LineChart
from game.ui.widgets.palette import rgb
from game.ui.widgets.text import fit_text
from game.workshop import SessionFileError
from game.workshop.report import QUESTIONS, class_data, write_class_report
from game.workshop.seats import trade_name

UNREALISTIC = ("world", "household", "goods", "collective", "politics", "talk")
REAL_CASES = ("layoffs_2016", "xiagang", "what_opened", "arrears", "entry_price")


def class_numbers(data: dict) -> dict:
    """The numbers the questions quote, from the report's data."""
    seats = data["seats"]
    last = {}
    for row in data["household_months"]:
        last[row["seat"]] = row  # the rows run month by month: the last one stays
    opened = [s for s in seats if s["opened"]]
    trades: dict[int, int] = {}
    for s in opened:
        trades[s["opened"]["trade"]] = trades.get(s["opened"]["trade"], 0) + 1
    top = max(trades.items(), key=lambda kv: kv[1]) if trades else None
    running = sum(1 for r in last.values() if r["status"] == "self_employed")
    in_debt = sum(1 for r in last.values() if r["net_worth"] < 0)
    return {
        "seats": len(seats),
        "opened": len(opened),
        "running": running,
        "in_debt": in_debt,
        "top_trade": top[0] if top else None,
        "top_count": top[1] if top else 0,
        "last": last,
    }


class ClassDebriefScene(Scene):
    route = "workshop_debrief"
    default_focus = "next"

    def __init__(self, app, room: Room, **_kwargs) -> None:
        super().__init__(app)
        self.room = room
        self.page = 0
        self.revealed = False
        self.data: dict | None = None
        self.error = ""
        self._layer: tuple[tuple, pygame.Surface] | None = None
        self.texts: list[str] = []  # every text painted on the page (the tests read it)
        self._load()

    def _load(self) -> None:
        from game.workshop.replay import replay  # noqa: PLC0415

        if self.room.path is None:
            self.error = t("wsui.debrief.no_file")
            return
        try:
            self.data = class_data(replay(self.room.path))
        except (SessionFileError, OSError) as exc:
            self.error = t("wsui.debrief.cannot", error=i18n.failure(exc, own_words=True))
            return
        self.numbers = class_numbers(self.data)

    # ---- layout ------------------------------------------------------------------------
    def build(self) -> None:
        safe, gap = self.safe_rect, self.px(8)
        bh = self.px(40)
        y = safe.bottom - bh
        n = len(QUESTIONS)
        specs = [
            ("back", t("wsui.debrief.back"), pygame.K_ESCAPE, True),
            ("prev", t("wsui.debrief.prev"), pygame.K_PAGEUP, self.page > 0),
            ("reveal", t("wsui.debrief.reveal"), pygame.K_r,
             QUESTIONS[self.page] == "predict" and not self.revealed and self.data is not None),
            ("report", t("wsui.debrief.write"), pygame.K_w, self.data is not None),
            ("next", t("wsui.debrief.next"), pygame.K_PAGEDOWN, self.page < n - 1),
        ]  # fmt: skip
        w = (safe.w - gap * (len(specs) - 1)) // len(specs)
        for i, (name, text, key, enabled) in enumerate(specs):
            self.button(pygame.Rect(safe.x + i * (w + gap), y, w, bh), text, name, shortcut=key,
                        enabled=enabled, cls="primary" if name == "next" else None,
                        tooltip=t(f"wsui.debrief.{name}_tip"))  # fmt: skip
        if QUESTIONS[self.page] == "predict" and not self.revealed:
            self.default_focus = "reveal"
        else:
            self.default_focus = "next" if self.page < n - 1 else "report"
        self._layer = None

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_RIGHT:
            self._turn(1)
            return True
        if event.key == pygame.K_LEFT:
            self._turn(-1)
            return True
        return False

    def _turn(self, step: int) -> None:
        page = max(0, min(len(QUESTIONS) - 1, self.page + step))
        if page != self.page:
            self.page = page
            self._build()

    def on_button(self, name: str, element) -> None:
        if name == "next":
            self._turn(1)
        elif name == "prev":
            self._turn(-1)
        elif name == "reveal":
            self.revealed = True
            self._build()
        elif name == "report":
            self.write_report()
        elif name == "back":
            self.on_back()

    def write_report(self) -> None:
        folder = self.room.report_dir()
        try:
            write_class_report(self.room.path, folder)
        except (SessionFileError, OSError) as exc:
            self.app.message(t("wsui.debrief.write_failed_title"),
                             t("wsui.debrief.write_failed", error=i18n.failure(exc, own_words=True)))  # fmt: skip
            return
        self.written = folder
        # where it went in words, and a button that opens it: never a path on the screen
        buttons = [
            DialogButton("open_folder", t("wsui.debrief.open_folder"),
                         lambda: userdirs.reveal(folder)),
            DialogButton("ok", t("dialog.ok"), primary=True, cancel=True),
        ]  # fmt: skip
        self.app.push(
            DialogScene(
                self.app, t("wsui.debrief.written_title"), t("wsui.debrief.written"), buttons
            )
        )

    # ---- painting ------------------------------------------------------------------------
    def draw_background(self, surface: pygame.Surface) -> None:
        key = (self.page, self.revealed, self.size, self.scale, i18n.get_language(),
               theme.palette_name())  # fmt: skip
        if self._layer is None or self._layer[0] != key:
            self._layer = (key, self._paint())
        surface.blit(self._layer[1], (0, 0))

    def _paint(self) -> pygame.Surface:
        pal = self.pal
        self.texts = []
        surf = pygame.Surface(self.size)
        surf.fill(rgb(pal.background))
        safe = self.safe_rect
        area = pygame.Rect(safe.x, safe.y, safe.w, safe.h - self.px(56))
        q = QUESTIONS[self.page]
        head = t("wsui.debrief.heading", n=self.page + 1, of=len(QUESTIONS),
                 title=t(f"wsui.debrief.q.{q}"))  # fmt: skip
        y = area.y
        y = self._para(surf, head, area.x, y, area.w, "big", pal.amber, bold=True)
        if self.error:
            self._para(surf, self.error, area.x, y + self.px(8), area.w, "heading", pal.text)
            return surf
        nums = self.numbers
        question = t(f"workshop.question.{q}", opened=nums["opened"], seats=nums["seats"])
        if q == "predict" and not self.revealed:
            question = t("wsui.debrief.predict_first")
        y = self._para(surf, question, area.x, y + self.px(6), area.w, "heading", pal.text)
        y += self.px(12)
        body = pygame.Rect(area.x, y, area.w, area.bottom - y)
        getattr(self, f"_page_{q}")(surf, body)
        return surf

    def _para(self, surf, text, x, y, w, role, colour, bold=False) -> int:
        self.texts.append(text)
        font = fonts.for_text(text, self.font_px(role), bold)
        for line in fonts.wrap(text, font, w):
            img = font.render(line, True, rgb(colour))
            surf.blit(img, (x, y))
            y += font.get_linesize()
        return y

    def _table(self, surf, rect: pygame.Rect, header: list[str], rows: list[list[str]],
               widths: list[float]) -> None:  # fmt: skip
        """Rows of plain text in columns (two side by side when one does not hold them)."""
        pal, size = self.pal, self.font_px("body")
        row_h = int(fonts.get(size).get_linesize() * 1.25)
        per_col = max(1, rect.h // row_h - 1)
        cols = min(2, -(-len(rows) // per_col)) if rows else 1
        if cols == 2 or len(rows) > per_col:
            size = self.font_px("small")
            row_h = int(fonts.get(size).get_linesize() * 1.2)
            per_col = max(1, rect.h // row_h - 1)
            cols = min(2, -(-len(rows) // per_col))
        col_w = (rect.w - self.px(16) * (cols - 1)) // cols
        for c in range(cols):
            x0 = rect.x + c * (col_w + self.px(16))
            chunk = rows[c * per_col : (c + 1) * per_col]
            for k, cells in enumerate([header] + chunk):
                self.texts += cells
                y = rect.y + k * row_h
                if k and k % 2:
                    pygame.draw.rect(surf, rgb(pal.panel), (x0, y, col_w, row_h))
                x = x0
                for text, share in zip(cells, widths, strict=False):
                    cw = int(col_w * share)
                    tone = pal.text_dim if k == 0 else pal.text
                    img = fit_text(
                        text, cw - self.px(6), size, rgb(tone), bold=k == 0, min_size=size
                    )
                    surf.blit(img, (x + self.px(3), y + (row_h - img.get_height()) // 2))
                    x += cw

    # ---- the five questions ----------------------------------------------------------------
    def _page_feelings(self, surf, rect: pygame.Rect) -> None:
        rows_by_seat: dict[int, list[dict]] = {}
        for r in self.data["household_months"]:
            rows_by_seat.setdefault(r["seat"], []).append(r)
        rows = []
        for s in self.data["seats"]:
            mine = rows_by_seat.get(s["seat"], [])
            if not mine:
                continue
            low = min(mine, key=lambda r: r["net_worth"])
            end = mine[-1]
            rows.append([
                s["name"], t("status." + end["status"]), i18n.yuan(end["net_worth"]),
                t("wsui.debrief.low_at", amount=i18n.yuan(low["net_worth"]), month=low["month"]),
                str(sum(1 for r in mine if r["late"])),
            ])  # fmt: skip
        header = [t("wsui.debrief.col.seat"), t("wsui.debrief.col.end"),
                  t("wsui.debrief.col.net_worth"), t("wsui.debrief.col.lowest"),
                  t("wsui.debrief.col.late")]  # fmt: skip
        self._table(surf, rect, header, rows, [0.24, 0.2, 0.18, 0.28, 0.1])

    def _page_predict(self, surf, rect: pygame.Rect) -> None:
        if not self.revealed:
            self._para(surf, t("wsui.debrief.predict_hidden"), rect.x, rect.y, rect.w,
                       "body", self.pal.text_dim)  # fmt: skip
            return
        chart = pygame.Rect(rect.x, rect.y, rect.w // 2 - self.px(8), rect.h)
        series = [
            {"name": t("wsui.dash.town", n=town["town"]),
             "values": [row["self_employed"] for row in town["curves"][1:]]}
            for town in self.data["towns"]
        ]  # fmt: skip
        LineChart(chart, series, title=t("wsui.debrief.curve"), scale=self.scale,
                  palette=self.pal, x_start=1).draw(surf)  # fmt: skip
        sc = self.room.ws.scenario
        rows = []
        for s in self.data["seats"]:
            did = (
                t("wsui.debrief.opened", trade=trade_name(sc, s["opened"]["trade"]),
                  month=s["opened"]["month"])
                if s["opened"] else t("wsui.debrief.not_opened")
            )  # fmt: skip
            rows.append([s["name"], s["strategy"] or t("workshop.report.no_strategy"), did])
        right = pygame.Rect(
            chart.right + self.px(16), rect.y, rect.right - chart.right - self.px(16), rect.h
        )
        header = [t("wsui.debrief.col.seat"), t("wsui.debrief.col.plan"), t("wsui.debrief.col.did")]
        self._table(surf, right, header, rows, [0.25, 0.45, 0.3])

    def _bullets(self, surf, rect: pygame.Rect, lines: list[str]) -> int:
        y = rect.y
        for line in lines:
            y = self._para(surf, "• " + line, rect.x, y, rect.w, "body", self.pal.text)
            y += self.px(6)
        return y

    def _page_unrealistic(self, surf, rect: pygame.Rect) -> None:
        n = self.numbers
        households = int(self.room.ws.scenario.params.town.households)
        y = self._para(surf, t("wsui.debrief.unrealistic_numbers", seats=n["seats"],
                               households=households, towns=len(self.data["towns"])),
                       rect.x, rect.y, rect.w, "body", self.pal.amber)  # fmt: skip
        rest = pygame.Rect(rect.x, y + self.px(10), rect.w, rect.bottom - y)
        self._bullets(surf, rest, [t(f"wsui.debrief.left_out.{k}") for k in UNREALISTIC])

    def _page_real_cases(self, surf, rect: pygame.Rect) -> None:
        n = self.numbers
        sc = self.room.ws.scenario
        top = trade_name(sc, n["top_trade"]) if n["top_trade"] is not None else ""
        ours = t("wsui.debrief.ours", opened=n["opened"], seats=n["seats"], running=n["running"],
                 in_debt=n["in_debt"])  # fmt: skip
        if top:
            ours = i18n.then(ours, t("wsui.debrief.ours_top", trade=top, n=n["top_count"]))
        y = self._para(surf, ours, rect.x, rect.y, rect.w, "body", self.pal.amber)
        rest = pygame.Rect(rect.x, y + self.px(10), rect.w, rect.bottom - y)
        self._bullets(surf, rest, [t(f"wsui.debrief.real.{k}") for k in REAL_CASES])

    def _page_what_could_be_done(self, surf, rect: pygame.Rect) -> None:
        lines = []
        names = {s["seat"] - 1: s["name"] for s in self.data["seats"]}
        sc = self.room.ws.scenario
        for town in self.data["towns"]:
            w = town["what_if_no_one_followed"]
            where = t("wsui.dash.town", n=town["town"])
            if w is None:
                lines.append(f"{where}: {t('workshop.report.whatif_none')}")
                continue
            better = sum(1 for r in w["seats"] if r["net_worth_if"] > r["net_worth"])
            lines.append(t("wsui.debrief.whatif", town=where, name=names[w["first_seat"]],
                           trade=trade_name(sc, w["trade"]), month=w["first_month"] + 1,
                           followers=len(w["followers"]), peak=w["sellers_peak"],
                           peak_if=w["sellers_peak_if"], better=better,
                           seats=len(w["seats"])))  # fmt: skip
        changes = [c for c in self.data["changes"] if c["a"] in ("lever", "event")]
        if changes:
            said = [t(f"wsui.{c['a']}.{c.get('lever') or c.get('event')}") for c in changes]
            months = [str(c["m"]) for c in changes]
            lines.append(t("wsui.debrief.changes", changes=i18n.listing(
                [t("wsui.debrief.change_at", change=s, month=t("workshop.report.month", n=m))
                 for s, m in zip(said, months, strict=True)])))  # fmt: skip
        else:
            lines.append(t("workshop.report.no_changes"))
        self._bullets(surf, rect, lines)

    def on_back(self) -> None:
        self.app.pop()


__all__ = ["ClassDebriefScene", "class_numbers"]
