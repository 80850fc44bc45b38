// The seat's page: join, then the household's month, as the host's views say.
"use strict";
(() => {
  const { t, el, money } = Room;
  const TOKEN_KEY = "irb.seat." + location.host;
  const $ = (id) => document.getElementById(id);
  let view = null;
  let joined = false;
  let link = null;
  let joinRequest = null;

  function notice(text) { $("notice").textContent = text || ""; }

  function onmessage(msg) {
    if (msg.type === "welcome") {
      if (msg.token) localStorage.setItem(TOKEN_KEY, msg.token);
      joined = true; joinRequest = null;
      $("join").hidden = true; $("seat").hidden = false;
    } else if (msg.type === "view") {
      if (view && msg.view.month !== view.month) notice("");  // a new month: old news goes
      view = msg.view; render();
    } else if (msg.type === "ack") {
      if (msg.duplicate) notice(t("room.notice.already"));
      else if (msg.month !== undefined) {  // end_month: the month waits for the others
        if (view && msg.month === view.month) {
          view.ended = true; view.waiting_for = msg.waiting_for; render();
        }
        notice(t("room.notice.ended"));
      } else notice(t("room.notice.done"));
    } else if (msg.type === "refused") {
      notice(Room.then(msg.reasons.map((r) => (typeof r === "string" ? r : r.text))));
    } else if (msg.type === "notice") {  // in this page's language when it knows the key
      notice(msg.key && t(msg.key) !== msg.key ? t(msg.key) : msg.text || "");
    } else if (msg.type === "error") {
      if (msg.code === "bad_token") { localStorage.removeItem(TOKEN_KEY); joined = false; showJoin(); }
      if (!joined) { $("join-error").textContent = msg.message; showJoin(); }
      else notice(msg.message);
    }
  }

  function onopen() {
    const token = localStorage.getItem(TOKEN_KEY);
    if (token) link.send({ type: "rejoin", protocol: Room.PROTOCOL, token, lang: Room.lang });
    else if (joinRequest) link.send(joinRequest);
    else showJoin();
  }

  function status(state, ev) {
    const c = $("conn");
    c.className = "conn " + state;
    c.textContent = state === "online" ? "" : t("room.conn.offline");
    if (ev && ev.code === 4001) { localStorage.removeItem(TOKEN_KEY); joined = false; showJoin(); }
  }

  function showJoin() {
    $("seat").hidden = true; $("join").hidden = false;
    const code = new URLSearchParams(location.search).get("code");
    if (code && !$("code").value) $("code").value = code;
    if (!$("code").value) $("code").focus(); else if (!$("name").value) $("name").focus();
  }

  function send(cmd) {
    if (!view) return;
    link.send({ type: "command", after: view.accepted, command: cmd });
  }

  // ---- the page -------------------------------------------------------------------
  function card(title, ...kids) {
    const id = "h-" + title.replace(/\W+/g, "").slice(0, 20) + Math.random().toString(36).slice(2, 6);
    return el("section", { class: "card", "aria-labelledby": id }, el("h2", { id, text: title }), ...kids);
  }
  function facts(pairs) {
    return el("dl", { class: "facts" }, pairs.filter(Boolean).map(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
  }
  function reasons(list) {
    return list && list.length ? el("p", { class: "muted", text: Room.then(list) }) : null;
  }
  function numberField(id, label, value, min, max, step) {
    return [el("label", { for: id, text: label }),
      el("input", { id, type: "number", inputmode: "decimal", value, min, max, step: step || "any" })];
  }

  function render() {
    const v = view, root = $("seat");
    const focusId = document.activeElement && document.activeElement.id;
    root.replaceChildren();
    if (v.debrief) { root.append(debrief(v)); restoreFocus(focusId); return; }
    root.append(header(v));
    const grid = el("div", { class: "grid" });
    const left = el("div"), right = el("div");
    if (v.events.length) left.append(...events(v));  // news first: it must be answered
    left.append(household(v), paths(v), loan(v), business(v));
    right.append(account(v), chart(v), decisions(v));
    grid.append(left, right);
    root.append(grid);
    restoreFocus(focusId);
  }
  function restoreFocus(id) { if (id && $(id)) $(id).focus(); }

  function header(v) {
    const h = v.household;
    const waiting = v.ended ? t("room.month.waiting", { n: v.waiting_for }) : "";
    const end = el("button", { id: "end-month", class: "end", disabled: v.ended || v.over || v.paused,
      text: v.ended ? t("room.month.ended") : t("room.month.end"),
      onclick: () => link.send({ type: "end_month", month: v.month }) });
    return el("section", { class: "card", "aria-labelledby": "h-month" },
      el("div", { class: "status-line" },
        el("h2", { id: "h-month", text: t("room.month.of", { month: v.month + 1, months: v.months }) }),
        el("span", { class: "muted", text: t("room.seat.who", { name: v.name, town: v.town + 1 }) })),
      el("p", { class: "big", text: money(h.cash) }),
      v.paused ? el("p", { class: "error", text: t("room.month.paused") }) : null,
      v.deadline_seconds !== null && v.deadline_seconds !== undefined && !v.ended
        ? el("p", { id: "deadline", "data-until": String(Date.now() + 1000 * v.deadline_seconds),
          text: t("room.month.deadline", { seconds: Math.max(0, Math.round(v.deadline_seconds)) }) }) : null,
      (v.messages || []).filter((m) => m.key !== "workshop.msg.paused").map((m) => el("p", { class: "error", text: m.text })),
      waiting ? el("p", { text: waiting }) : null, end);
  }

  function household(v) {
    const h = v.household;
    return card(t("room.household.title", { name: h.name }), facts([
      [t("room.household.status"), h.status_text],
      [t("room.household.cash"), money(h.cash)],
      [t("room.household.living"), money(h.living)],
      [t("room.household.family_debt"), money(h.informal_debt)],
      [t("room.household.loan"), money(h.loan)],
      [t("room.household.can_borrow"), money(h.informal_room)],
      [t("room.household.age"), String(h.age)],
      [t("room.household.children"), String(h.children_in_school)],
      h.sick ? [t("room.household.health"), t("room.household.sick")] : null,
    ]));
  }

  function paths(v) {
    const list = el("div", { class: "choices" }, v.paths.map((p) => el("button", {
      type: "button", class: "choice", id: "path-" + p.path, "aria-pressed": p.current ? "true" : "false",
      disabled: !p.open || v.ended || v.over,
      onclick: () => send({ command: "choose_path", path: p.path }) },
      el("strong", { text: p.title }), el("small", { text: p.open ? p.blurb : Room.then(p.reasons) }))));
    return card(t("room.paths.title"), list);
  }

  function loan(v) {
    const L = v.loan, kids = [];
    if (!L.offered) return card(t("room.loan.title"), el("p", { text: t("room.loan.none") }));
    kids.push(facts([[t("room.loan.certificate"), t("room.cert." + L.certificate)],
      [t("room.loan.ceiling"), money(L.ceiling)],
      L.has_loan ? [t("room.loan.principal"), money(L.principal)] : null,
      L.has_loan ? [t("room.loan.due"), t("room.loan.due_in", { n: L.due_in_months })] : null]));
    if (L.certificate === "none") {
      kids.push(el("button", { type: "button", id: "cert", disabled: v.ended || L.certificate_reasons.length > 0,
        text: t("room.loan.ask_certificate"), onclick: () => send({ command: "apply_for_certificate" }) }));
    }
    if (!L.has_loan && L.apply_reasons.length) {
      kids.push(reasons(L.apply_reasons));
    } else if (!L.has_loan) {
      kids.push(...numberField("loan-amount", t("room.loan.amount"), Math.min(L.ceiling, 10000), 1000, L.ceiling, 1000));
      if (L.guarantor_required) {
        kids.push(el("label", { for: "guarantor", text: t("room.loan.guarantor") }),
          el("select", { id: "guarantor" }, L.guarantors.map((g) => el("option", { value: g.household,
            text: g.name + " · " + g.odds }))));
      }
      kids.push(el("button", { type: "button", id: "apply-loan", disabled: v.ended,
        text: t("room.loan.apply"), onclick: () => send({ command: "apply_for_loan",
          amount_yuan: Number($("loan-amount").value), guarantor: L.guarantor_required ? Number($("guarantor").value) : -1 }) }));
    } else {
      kids.push(...numberField("repay", t("room.loan.repay_amount"), Math.round(Math.min(L.principal, Math.max(v.household.cash, 0))), 0, L.principal));
      kids.push(el("div", { class: "row" },
        el("button", { type: "button", id: "repay-loan", disabled: v.ended, text: t("room.loan.repay"),
          onclick: () => send({ command: "repay_loan", amount_yuan: Number($("repay").value) }) }),
        el("button", { type: "button", id: "extend-loan", class: "secondary", disabled: v.ended || L.extend_reasons.length > 0,
          text: t("room.loan.extend"), onclick: () => send({ command: "extend_loan" }) })));
      kids.push(reasons(L.extend_reasons));
    }
    return card(t("room.loan.title"), ...kids);
  }

  function business(v) {
    const b = v.business;
    if (!b) {
      const opts = v.trades.map((tr) => el("option", { value: tr.trade,
        text: tr.name + " · " + money(tr.start_up) }));
      const lot = v.free_lots.length ? v.free_lots[0] : -1;
      const why = el("p", { class: "muted", id: "trade-why", "aria-live": "polite" });
      // Reads its own select, not the page's: a view that arrives first rebuilds the card, and
      // the timer may then run for a select no longer on the page.
      const explain = () => { why.textContent = Room.then(v.trades[Number(select.value)].open_reasons); };
      const select = el("select", { id: "trade", onchange: explain }, opts);
      setTimeout(explain, 0);
      return card(t("room.business.open_title"),
        el("label", { for: "trade", text: t("room.business.trade") }), select, why,
        el("p", { class: "muted", text: lot >= 0 ? t("room.business.lot", { lot: lot + 1 }) : t("room.business.side_street") }),
        el("button", { type: "button", id: "open-business", disabled: v.ended || v.over,
          text: t("room.business.open"), onclick: () => send({ command: "open_business", trade: Number($("trade").value), lot }) }));
    }
    return card(t("room.business.title", { trade: b.trade_name }),
      facts([[t("room.business.going_price"), money(b.going_price)], [t("room.business.unit_cost"), money(b.unit_cost)],
        [t("room.business.profit"), money(b.profit)], [t("room.business.sellers"), String(b.sellers)],
        b.sold_out ? [t("room.business.sold_out"), "✓"] : null]),
      el("div", { class: "row" },
        el("div", {}, ...numberField("price", t("room.business.price"), b.price, b.min_price, b.max_price, 0.1)),
        el("button", { type: "button", id: "set-price", disabled: v.ended, text: t("room.business.set_price"),
          onclick: () => send({ command: "set_price", price_yuan: Number($("price").value) }) })),
      el("div", { class: "row" },
        el("div", {}, ...numberField("hours", t("room.business.hours"), b.hours, b.min_hours, b.max_hours, 1)),
        el("button", { type: "button", id: "set-hours", disabled: v.ended, text: t("room.business.set_hours"),
          onclick: () => send({ command: "set_hours", hours: Number($("hours").value) }) })),
      el("button", { type: "button", id: "close-business", class: "secondary", disabled: v.ended,
        text: t("room.business.close"), onclick: () => { if (confirm(t("room.business.close_confirm"))) send({ command: "close_business" }); } }));
  }

  function events(v) {
    return v.events.map((e) => card(e.title || t("room.event.title"), el("p", { text: e.text }),
      el("div", { class: "choices" }, e.choices.map((c) => el("button", { type: "button", class: "choice",
        id: "event-" + e.id + "-" + c.index,
        onclick: () => link.send({ type: "choose", event: e.id, choice: c.index }) },
        el("strong", { text: c.label }), c.consequence ? el("small", { text: c.consequence }) : null)))));
  }

  function account(v) {
    const a = v.account;
    if (!a) return card(t("room.account.title"), el("p", { class: "muted", text: t("room.account.none") }));
    const rows = a.lines.map((x) => el("tr", {}, el("td", { text: x.label }),
      el("td", { class: "num " + (x.yuan < 0 ? "neg" : "pos"), text: money(x.yuan) })));
    return card(t("room.account.month", { month: a.month }),
      el("table", { class: "account" }, el("tbody", {},
        el("tr", {}, el("td", { text: t("room.account.start") }), el("td", { class: "num", text: money(a.cash_start) })),
        rows, el("tr", {}, el("th", { scope: "row", text: t("room.account.end") }), el("td", { class: "num", text: money(a.cash_end) })))),
      a.causes.length ? el("h3", { text: t("room.account.why") }) : null,
      el("ul", { class: "plain" }, a.causes.map((c) => el("li", { text: c }))));
  }

  function chart(v) {
    const pts = [{ month: 0, cash: v.start_cash }].concat(v.history);
    const W = 320, H = 140, P = 56;
    const ys = pts.map((p) => p.cash), lo = Math.min(0, ...ys), hi = Math.max(1, ...ys);
    const x = (m) => P + (W - P - 6) * (m / Math.max(v.months, 1));
    const y = (c) => H - 18 - (H - 30) * ((c - lo) / (hi - lo || 1));
    const NS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("class", "chart");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", t("room.chart.label", { cash: money(ys[ys.length - 1]), months: pts.length - 1 }));
    const line = (x1, y1, x2, y2, color) => { const l = document.createElementNS(NS, "line");
      [["x1", x1], ["y1", y1], ["x2", x2], ["y2", y2], ["stroke", color]].forEach(([k, val]) => l.setAttribute(k, val)); svg.append(l); };
    line(P, y(0), W - 6, y(0), "#999");
    const poly = document.createElementNS(NS, "polyline");
    poly.setAttribute("points", pts.map((p) => `${x(p.month).toFixed(1)},${y(p.cash).toFixed(1)}`).join(" "));
    poly.setAttribute("fill", "none"); poly.setAttribute("stroke", "#7a2e0e"); poly.setAttribute("stroke-width", "2.5");
    svg.append(poly);
    const label = (tx, xx, yy, anchor) => { const e = document.createElementNS(NS, "text"); e.textContent = tx;
      e.setAttribute("x", xx); e.setAttribute("y", yy); e.setAttribute("font-size", "10"); e.setAttribute("fill", "#333");
      e.setAttribute("text-anchor", anchor || "start"); svg.append(e); };
    label(money(hi), P - 4, y(hi) + 4, "end"); label(money(lo), P - 4, y(lo) + 4, "end");
    label(t("room.chart.months"), W - 6, H - 2, "end");
    return card(t("room.chart.title"), svg);
  }

  function decisions(v) {
    if (!v.decisions.length) return null;
    return card(t("room.decisions.title"), el("ul", { class: "plain" },
      v.decisions.map((d) => el("li", { text: t("room.decisions.month", { month: d.month + 1 }) + " · " + d.text }))));
  }

  function debrief(v) {
    const d = v.debrief, e = d.ending;
    return el("div", { class: "narrow" }, card(t("room.debrief.title", { name: v.household.name }),
      facts([[t("room.debrief.now"), d.status_text], [t("room.debrief.cash"), money(e.cash_yuan)],
        [t("room.debrief.debts"), money(e.informal_debt_yuan + e.loan_yuan)],
        [t("room.debrief.net"), money(e.net_worth_yuan)],
        [t("room.debrief.income"), money(e.mean_own_income_yuan_per_month ?? e.mean_income_yuan_per_month)],
        [t("room.debrief.former"), money(e.former_wage_yuan_per_month)],
        [t("room.debrief.profit"), money(e.total_profit_yuan)]]),
      el("h3", { text: t("room.debrief.plan") }), el("p", { text: d.strategy || t("room.debrief.no_plan") }),
      el("h3", { text: t("room.debrief.questions") }),
      el("ol", {}, ["room.debrief.q1", "room.debrief.q2", "room.debrief.q3"].map((k) => el("li", { text: t(k) })))),
      chart(v),
      card(t("room.decisions.title"), el("ul", { class: "plain" },
        d.decisions.map((x) => el("li", { text: t("room.decisions.month", { month: x.month + 1 }) + " · " + x.text })))));
  }

  // ---- start ----------------------------------------------------------------------
  async function start() {
    await Room.loadStrings(Room.lang);
    $("lang").textContent = Room.lang === "zh" ? "English" : "中文";
    $("lang").setAttribute("lang", Room.lang === "zh" ? "en" : "zh-Hans");
    $("lang").onclick = async () => {
      await Room.loadStrings(Room.lang === "zh" ? "en" : "zh");
      $("lang").textContent = Room.lang === "zh" ? "English" : "中文";
      $("lang").setAttribute("lang", Room.lang === "zh" ? "en" : "zh-Hans");
      if (joined) link.send({ type: "lang", lang: Room.lang });
    };
    $("join-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      $("join-error").textContent = "";
      joinRequest = { type: "join", protocol: Room.PROTOCOL, code: $("code").value, name: $("name").value,
        strategy: $("strategy").value, lang: Room.lang };
      if (!link.send(joinRequest)) $("join-error").textContent = t("room.conn.offline");
    });
    link = new Room.Link({ onopen, onmessage, status });
    link.open();
    setInterval(() => {  // the facilitator's timer, counted down between views
      const d = $("deadline");
      if (d) d.textContent = t("room.month.deadline", { seconds: Math.max(0, Math.round((Number(d.dataset.until) - Date.now()) / 1000)) });
    }, 1000);
  }
  start();
})();
