"""The month screen's static picture (repainted when something changes): the household, the
business or the path, the market or the town's overview, and the log."""

from __future__ import annotations

import pygame

from game import i18n
from game.i18n import t
from game.ui.scenes import month_panels as mp
from game.ui.scenes import unsaved
from game.ui.scenes.month_layout import FREE
from game.ui.widgets import text as tx
from game.ui.widgets.palette import ink_on, rgb
from game.ui.widgets.panel import draw_panel


class MonthPainting:
    """Mixed into MonthScene: paints its panels into the layer and the log (uses the scene's session, px, pal ...)."""

    # ---- the static picture (repainted when something changes) -------------------------------
    def _paint_layer(self) -> None:
        w, h = self.size
        pal, sc = self.pal, self.scale
        layer = pygame.Surface((w, h))
        layer.fill(rgb(pal.background))
        L = self.layout
        for rect in (L.household, L.business, L.market, L.log):
            draw_panel(layer, rect, pal, sc)
        self._paint_household(layer, L.household)
        if "business" in self._rows:
            self._paint_business(layer, L.business)
            self._paint_market(layer, L.market)
        else:
            self._paint_path(layer, L.business)
            self._paint_overview(layer, L.market)
            if self._path_tip_lines:  # what the path panel had no room for, on its heading
                head = pygame.Rect(L.business.x, L.business.y, L.business.w, self.px(48))
                self._overview_hits.append((head, [self._path_title] + self._path_tip_lines))
        if self.session.unsaved:
            self._paint_unsaved(layer, L.log)
        else:
            mp.draw_heading(
                layer,
                L.log.inflate(-self.px(32), -self.px(24)),
                t("month.log.title"),
                pal,
                sc,
                right=t("month.log.hint"),
            )
        head = self.px(54) if self.session.unsaved else self.px(12) + self.px(30)
        self._log_rect = pygame.Rect(
            L.log.x + self.px(16),
            L.log.y + head,
            L.log.w - self.px(32),
            L.log.h - head - self.px(10),
        )
        self._layer = layer.convert() if pygame.display.get_surface() is not None else layer

    def _paint_unsaved(self, surf: pygame.Surface, log: pygame.Rect) -> None:
        """The log's heading becomes a warning while the run cannot be saved: it stays in
        sight until a save works again (the button beside it is month_buttons')."""
        pal, sc = self.pal, self.scale
        strip = pygame.Rect(log.x + 1, log.y + 1, log.w - 2, self.px(48) - 2)
        pygame.draw.rect(surf, rgb(pal.brick), strip, border_radius=self.px(8))
        pygame.draw.rect(
            surf, rgb(pal.panel), (strip.x, strip.bottom - self.px(8), strip.w, self.px(8))
        )
        ink = ink_on(pal.brick)
        button_w = self._by_name_width("save_elsewhere")
        text = t("unsaved.banner", since=unsaved.since(self.session))
        shown = tx.fit_text(
            text, strip.w - self.px(32) - button_w, tx.SIZE_BODY * sc, ink, bold=True
        )
        surf.blit(shown, (strip.x + self.px(15), strip.y + (self.px(40) - shown.get_height()) // 2))

    def _by_name_width(self, name: str) -> int:
        spec = next((sp for sp in self._specs if sp.name == name), None)
        return spec.rect.w + self.px(12) if spec is not None else 0

    def _paint_household(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        pad = self.px(16)
        x, y, w = r.x + pad, r.y + pad, r.w - 2 * pad
        month_no = min(s.month + 1, s.params.months)
        head = t("month.header.month", n=month_no, total=s.params.months)
        when = mp.calendar(s, s.month)
        big_size = tx.SIZE_TITLE * sc if self.layout.compact else tx.SIZE_BIG * sc
        big = tx.fit_text(head, w, big_size, rgb(pal.text), bold=True)
        surf.blit(big, (x, y))
        cal_w = tx.text_width(when, int(round(tx.SIZE_BODY * sc)), True)
        if self.layout.compact and big.get_width() + self.px(12) + cal_w <= w:
            cal = tx.fit_text(when, w, tx.SIZE_BODY * sc, rgb(pal.amber), bold=True)
            surf.blit(cal, (x + w - cal.get_width(), y + big.get_height() - cal.get_height()))
            y += big.get_height() + self.px(4)
        else:
            y += big.get_height()
            cal = tx.fit_text(when, w, tx.SIZE_BODY * sc, rgb(pal.amber), bold=True)
            surf.blit(cal, (x, y))
            y += cal.get_height() + self.px(6)
        hv = s.household()
        who = t(
            "month.header.household",
            name=s.player_name(),
            age=int(hv.age),
            people=2 + int(hv.dependants),
        )
        y = mp.draw_paragraph(
            surf, x, y, w, who, tx.SIZE_SMALL * sc, rgb(pal.text_dim), max_lines=2
        )
        y += self.px(4)
        pygame.draw.line(surf, rgb(pal.border), (x, y), (x + w, y), max(1, pal.line_width))
        self._row_rects["household"] = pygame.Rect(x, y + self.px(8), w, 0)
        rows = self._rows["household"]
        actions_top = next(sp.rect.top for sp in self._specs if sp.name == "school")
        label_h = tx.font(int(round(tx.SIZE_SMALL * sc)), True).get_linesize()
        room = actions_top - self.px(6) - label_h - self.px(4) - (y + self.px(8))
        notes = sum(round(14 * sc) for r in rows if r.note)
        row_h = max(self.px(18), min(self.px(28), (room - notes) // max(1, len(rows))))
        self._row_h = row_h
        label = tx.fit_text(
            t("month.household.choices"), w, tx.SIZE_SMALL * sc, rgb(pal.text_dim), bold=True
        )
        surf.blit(label, (x, actions_top - label.get_height() - self.px(6)))

    def _paint_business(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        hv = s.household()
        tr = int(hv.trade)
        trade = s.params.trades[tr]
        pad = self.px(16)
        inner = pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad)
        lot = int(hv.lot)
        where = (
            t("month.business.lot", lot=lot + 1) if lot >= 0 else t("month.business.side_street")
        )
        months_open = int(hv.months_open)
        right = (
            t("month.business.open_for", where=where, months=i18n.months(months_open))
            if months_open > 0
            else t("month.business.new", where=where)
        )
        mp.draw_heading(
            surf,
            inner,
            t("month.business.title", trade=mp.trade_word(s.trade_name(tr))),
            pal,
            sc,
            icon=trade.icon,
            colour=pal.trade_colour(tr, trade.colour),
            right=right,
        )
        for name, (label_rect, value_rect, value_text) in self._step_rects.items():
            ls = tx.fit_text(
                t(f"month.business.{name}"),
                label_rect.w - self.px(6),
                tx.SIZE_BODY * sc,
                rgb(pal.text_dim),
            )
            surf.blit(ls, (label_rect.x, label_rect.centery - ls.get_height() // 2))
            vs = tx.fit_text(
                value_text, value_rect.w - self.px(8), tx.SIZE_BODY * sc, rgb(pal.amber), bold=True
            )
            surf.blit(vs, vs.get_rect(center=value_rect.center))
        rx = self._controls_right + self.px(20)
        self._row_rects["business"] = pygame.Rect(rx, inner.y + self.px(34), inner.right - rx, 0)
        market = s.market(tr)
        active, member = market.agreement_active, hv.in_agreement
        key = (
            "month.agreement.member"
            if member
            else ("month.agreement.active" if active else "month.agreement.none")
        )
        text = t(key, floor=mp.per_unit(market.agreement_floor, trade.key))
        room = (r.bottom - pad - self.px(36) - self.px(6)) - self._agreement_y
        mp.draw_paragraph(
            surf,
            inner.x,
            self._agreement_y,
            inner.w,
            text,
            tx.SIZE_SMALL * sc + 1,
            rgb(pal.text_dim),
            max_lines=max(1, room // self.px(18)),
            line_gap=1.15,
        )

    def _paint_market(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        tr = int(s.household().trade)
        pad = self.px(16)
        inner = pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad)
        mp.draw_heading(surf, inner, t("month.market.title", trade=s.trade_name(tr)), pal, sc)
        rows = self._rows["market"]
        room = inner.bottom - (inner.y + self.px(34))
        notes = sum(round(14 * sc) for r in rows if r.note)
        self._market_row_h = max(self.px(20), min(self.px(26), (room - notes) // max(1, len(rows))))
        self._row_rects["market"] = pygame.Rect(inner.x, inner.y + self.px(34), inner.w, 0)
        top = inner.y + self.px(34) + mp.rows_height(rows, self._market_row_h, sc) + self.px(8)
        trade = s.params.trades[tr]
        history = [int(n) for n in s.curves().trades[trade.key]["sellers"]]
        box = pygame.Rect(inner.x, top, inner.w, inner.bottom - top)
        if box.h >= self.px(36) and history:
            mp.draw_sellers_bars(surf, box, history, pal.trade_colour(tr, trade.colour), pal, sc)

    def _paint_path(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        s, pal, sc = self.session, self.pal, self.scale
        pad = self.px(16)
        inner = pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad)
        icon = {"migrated": "suitcase", "retired": "house", "wage_job": "coin"}.get(
            s.status, "handshake"
        )
        planning = bool(s.household().plans_business) and s.status in FREE
        title = (
            t("month.path.title_planning")
            if planning
            else t("month.path.title", status=mp.status_text(s.status))
        )
        lines = mp.path_summary(s)
        self._path_title = title
        self._path_tip_lines: list[str] = []
        size = tx.SIZE_SMALL * sc + 1
        room = self._path_text_bottom - (inner.y + self.px(34))
        need = sum(
            len(mp.wrap_lines(x, inner.w, size))
            * int(tx.font_for(x, int(round(size))).get_linesize() * 1.2)
            for x in lines
        )
        more = t("month.path.more") if need > room else None
        mp.draw_heading(surf, inner, title, pal, sc, icon="bag" if planning else icon, right=more)
        y = inner.y + self.px(34)
        size = tx.SIZE_SMALL * sc + 1
        bottom = self._path_text_bottom
        for text in lines:
            n = mp.wrap_lines(text, inner.w, size)
            step = int(tx.font_for(text, int(round(size))).get_linesize() * 1.2)
            left = max(0, (bottom - y) // max(1, step))
            if left < len(n):
                # no room for the whole line: it goes to the heading's tooltip, not cut
                self._overview_hits = getattr(self, "_overview_hits", [])
                self._path_tip_lines.append(text)
                continue
            y = mp.draw_paragraph(
                surf,
                inner.x,
                y,
                inner.w,
                text,
                size,
                rgb(pal.text),
                max_lines=min(len(n), left),
                line_gap=1.2,
            )
            y += self.px(4)

    def _paint_overview(self, surf: pygame.Surface, r: pygame.Rect) -> None:
        from game.ui.widgets.icons import draw_icon

        s, pal, sc = self.session, self.pal, self.scale
        pad = self.px(16)
        inner = pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad)
        mp.draw_heading(surf, inner, t("month.overview.title"), pal, sc)
        y = inner.y + self.px(32)
        small = tx.SIZE_SMALL * sc
        items = mp.market_overview(s)
        icon = round(16 * sc)
        gap = self.px(10)

        def price_text(i: int, row: dict, unit: bool) -> str:
            price = row.get("median_price")
            if not price:
                return t("month.overview.no_sellers")
            key = s.params.trades[i].key
            return mp.per_unit(price, key) if unit else mp.yuan_cents(price)

        # Columns measured from what they hold; prices lose their unit ("/ bowl"), then the
        # rows their size, before a trade's name would be cut.
        for size in (tx.SIZE_BODY * sc - 1, tx.SIZE_SMALL * sc + 1, tx.SIZE_SMALL * sc):
            px_size = int(round(size))
            name_w = max(tx.text_width(s.trade_name(i), px_size) for i, _r in items)
            sellers_w = max(
                [tx.text_width(t("month.overview.sellers"), int(round(small)))]
                + [
                    tx.text_width(i18n.grouped(int(r.get("sellers", 0))), px_size, True)
                    for _i, r in items
                ]
            )
            for unit in (True, False):
                price_w = max(
                    [tx.text_width(t("month.overview.price"), int(round(small)))]
                    + [tx.text_width(price_text(i, r, unit), px_size) for i, r in items]
                )
                if icon + gap + name_w + gap + sellers_w + gap + price_w <= inner.w:
                    break
            if icon + gap + name_w + gap + sellers_w + gap + price_w <= inner.w:
                break
        col_price = inner.right
        col_sellers = inner.right - price_w - gap
        hs = tx.render(t("month.overview.sellers"), small, rgb(pal.text_dim))
        surf.blit(hs, (col_sellers - hs.get_width(), y))
        hp = tx.render(t("month.overview.price"), small, rgb(pal.text_dim))
        surf.blit(hp, (col_price - hp.get_width(), y))
        y += hs.get_height() + self.px(2)
        row_h = max(self.px(18), min(self.px(24), (inner.bottom - y) // max(1, len(items))))
        self._overview_hits = []
        for i, row in items:
            if y + row_h > inner.bottom + self.px(4):
                break
            trade = s.params.trades[i]
            colour = pal.trade_colour(i, trade.colour)
            pygame.draw.rect(
                surf,
                colour,
                (inner.x, y + row_h // 2 - icon // 2 - 1, icon + 2, icon + 2),
                border_radius=self.px(3),
            )
            draw_icon(
                surf,
                trade.icon,
                (inner.x + 1, y + row_h // 2 - icon // 2, icon, icon),
                rgb(pal.background),
            )
            name = tx.fit_text(
                s.trade_name(i),
                col_sellers - sellers_w - gap - (inner.x + icon + gap),
                size,
                rgb(pal.text),
            )
            surf.blit(name, (inner.x + icon + gap, y + row_h // 2 - name.get_height() // 2))
            n = tx.render(i18n.grouped(int(row.get("sellers", 0))), size, rgb(pal.text), bold=True)
            surf.blit(n, (col_sellers - n.get_width(), y + row_h // 2 - n.get_height() // 2))
            has_price = bool(row.get("median_price"))
            p_s = tx.render(
                price_text(i, row, unit), size, rgb(pal.amber if has_price else pal.text_dim)
            )
            surf.blit(p_s, (col_price - p_s.get_width(), y + row_h // 2 - p_s.get_height() // 2))
            start = trade.start_price_yuan
            tip = [
                s.trade_name(i),
                t(
                    "month.tip.overview",
                    sellers=int(row.get("sellers", 0)),
                    entries=int(row.get("entries", 0)),
                    exits=int(row.get("exits", 0)),
                    start=mp.per_unit(start, trade.key),
                    cost=mp.yuan(trade.start_up_cost_yuan),
                    rent=mp.yuan(trade.rent_yuan_per_month),
                ),
            ]
            self._overview_hits.append((pygame.Rect(inner.x, y, inner.w, row_h), tip))
            y += row_h

    def _draw_log(self, surface: pygame.Surface) -> None:
        """The log, newest first: every entry wrapped whole (never shrunk or cut)."""
        r = self._log_rect
        if r is None:
            return
        pal, sc = self.pal, self.scale
        size = tx.SIZE_SMALL * sc + 1
        line_h = int(tx.font(int(round(size))).get_linesize() * 1.1)
        rows = self._log_rows(r.w - self.px(16), size)
        fits = max(1, r.h // line_h)
        self.log_scroll = max(0, min(self.log_scroll, max(0, len(rows) - fits)))
        y = r.y
        prev_clip = surface.get_clip()
        surface.set_clip(r)
        shown = rows[self.log_scroll : self.log_scroll + fits]
        end = self.log_scroll + len(shown)
        if end < len(rows) and not rows[end][0]:  # an entry runs past the bottom: show it whole
            k = len(shown)
            while k > 1 and not shown[k - 1][0]:
                k -= 1
            if k > 1:  # scrolling down brings the rest
                shown = shown[: k - 1]
        for first, text, tone, head in shown:
            colour = mp.tone_colour(pal, tone)
            x = r.x if head else r.x + self.px(16)
            if first and not head:
                pygame.draw.circle(
                    surface, colour, (r.x + self.px(6), y + line_h // 2), max(2, self.px(3))
                )
            surface.blit(tx.render(text, size, colour, bold=head), (x, y))
            y += line_h
        surface.set_clip(prev_clip)

    def _log_rows(self, width: int, size: float) -> list[tuple[bool, str, str, bool]]:
        """(first line of its entry, text, tone, is a month's head) for every wrapped line."""
        key = (self.session.month, len(self.session.decisions), i18n.get_language(), width)
        if getattr(self, "_log_rows_key", None) != key:
            rows = []
            for line in self._log_cache():
                w = width if line.head else width - self.px(16)
                for k, part in enumerate(mp.wrap_lines(line.text, w, size, bold=line.head)):
                    rows.append((k == 0, part, line.tone, line.head))
            self._log_rows_key, self._log_rows_cache = key, rows
        return self._log_rows_cache

    def _log_cache(self) -> list[mp.LogLine]:
        key = (self.session.month, len(self.session.decisions), i18n.get_language())
        if getattr(self, "_log_key", None) != key:
            self._log_key = key
            self._log_lines = mp.log_lines(self.session)
        return self._log_lines
