// The projector: how to join (code, address, QR), the round, the seats, the towns' curves;
// with the facilitator's token (after # in the link the host printed), the controls too.
"use strict";
(() => {
  const { t, el, money } = Room;
  const $ = (id) => document.getElementById(id);
  const hash = new URLSearchParams(location.hash.slice(1));
  let link = null, hello = null, welcome = null, view = null;

  function notice(text) { $("notice").textContent = text || ""; }

  function onopen() {
    if (hash.get("fac")) hello = { type: "facilitate", protocol: Room.PROTOCOL, token: hash.get("fac"), lang: Room.lang };
    else if (hash.get("code")) hello = { type: "watch", protocol: Room.PROTOCOL, code: hash.get("code"), lang: Room.lang };
    if (hello) link.send(hello); else { $("ask").hidden = false; $("code").focus(); }
  }
  function onmessage(msg) {
    if (msg.type === "welcome") { welcome = msg; $("ask").hidden = true; $("dash").hidden = false; }
    else if (msg.type === "dashboard") { view = msg.view; render(); }
    else if (msg.type === "error") {
      if (!welcome) { $("ask").hidden = false; $("ask-error").textContent = msg.message; hello = null; }
      else notice(msg.message);
    } else if (msg.type === "refused") notice(Room.then(msg.reasons.map((r) => r.text)));
    else if (msg.type === "ack") notice(t("room.notice.done"));
    else if (msg.type === "notice") notice(msg.key && t(msg.key) !== msg.key ? t(msg.key) : msg.text || "");
  }
  function status(state) {
    $("conn").className = "conn " + state;
    $("conn").textContent = state === "online" ? "" : t("room.conn.offline");
  }
  const control = (action, args) => link.send(Object.assign({ type: "control", action }, args || {}));

  function card(id, title, ...kids) {
    return el("section", { class: "card", "aria-labelledby": id }, el("h2", { id, text: title }), ...kids);
  }

  function render() {
    const v = view, fac = welcome.role === "facilitator";
    const focusId = document.activeElement && document.activeElement.id;
    $("left").replaceChildren(joinCard(), roundCard(v), fac ? controls(v) : null);
    $("right").replaceChildren(seatsCard(v, fac), ...v.towns.map((tw) => townCard(v, tw)), timeline(v));
    if (focusId && $(focusId)) $(focusId).focus();
  }

  function joinCard() {
    return card("h-join", t("room.dash.join"),
      el("p", { class: "code", text: welcome.code }),
      el("p", { text: welcome.join_url }),
      el("div", { class: "qr" }, el("img", { src: welcome.qr_svg, alt: t("room.dash.qr", { url: welcome.join_url }) })));
  }

  function roundCard(v) {
    const kids = [el("p", { class: "big", text: t("room.month.of", { month: Math.min(v.month + 1, v.months), months: v.months }) })];
    if (v.over) kids.push(el("p", { class: "error", text: t("room.dash.over") }));
    if (v.paused) kids.push(el("p", { class: "error", text: t("room.month.paused") }));
    if (v.time_left !== null && v.time_left !== undefined) kids.push(el("p", { text: t("room.month.deadline", { seconds: Math.round(v.time_left) }) }));
    const anyone = v.seats.some((s) => s.held);
    kids.push(el("p", { text: v.waiting.length ? t("room.dash.waiting", { names: Room.listing(v.waiting.map((w) => w.name)) })
      : anyone ? t("room.dash.nobody_waiting") : t("room.dash.nobody_joined") }));
    kids.push(el("p", { class: "muted", text: t("room.dash.free", { n: v.free_seats }) }));
    return card("h-round", t("room.dash.round"), ...kids);
  }

  function seatsCard(v, fac) {
    const head = el("tr", {}, ["room.dash.col.seat", "room.dash.col.town", "room.dash.col.state", "room.dash.col.doing", "room.dash.col.money"]
      .map((k) => el("th", { scope: "col", text: t(k) })), fac ? el("th", { scope: "col", text: t("room.dash.col.actions") }) : null);
    const rows = v.seats.map((s) => {
      const state = !s.held ? ["away", t("room.dash.script")] : s.done ? ["done", t("room.dash.done")]
        : s.online ? ["waiting", t("room.dash.deciding")] : ["away", t("room.dash.offline")];
      const money_ = s.private ? money(s.private.net_worth_yuan) : t("room.dash.hidden");
      const acts = fac ? el("td", {},
        el("button", { type: "button", class: "secondary", id: "reveal-" + s.seat, text: s.revealed ? t("room.dash.hide") : t("room.dash.reveal"),
          onclick: () => control(s.revealed ? "hide" : "reveal", { seat: s.seat }) }),
        s.held ? el("button", { type: "button", class: "secondary", id: "release-" + s.seat, text: t("room.dash.release"),
          onclick: () => { if (confirm(t("room.dash.release_confirm", { name: s.name }))) control("release_seat", { seat: s.seat }); } }) : null) : null;
      return el("tr", {}, el("td", { text: s.name }), el("td", { text: String(s.town + 1) }),
        el("td", {}, el("span", { class: "tag " + state[0], text: state[1] })),
        el("td", { text: t("status." + s.status) }), el("td", { text: money_ }), acts);
    });
    return card("h-seats", t("room.dash.seats"),
      el("div", { class: "scroll" }, el("table", { class: "seats" }, el("thead", {}, head), el("tbody", {}, rows))));
  }

  function townCard(v, tw) {
    const c = tw.curves;
    const lines = [["self_employed", "#7a2e0e"], ["wage_job", "#1f6b3a"], ["day_labour", "#0b57d0"], ["migrated", "#6b4fa0"]];
    return card("h-town-" + tw.town, t("room.dash.town", { n: tw.town + 1 }),
      chart(lines.map(([k, col]) => ({ label: t("room.curve." + k), color: col, values: c[k] || [] })), v.months),
      el("p", { class: "muted", text: t("room.dash.businesses", { n: tw.street.filter((l) => l.household !== undefined && l.household >= 0).length }) }));
  }

  function chart(series, months) {
    const NS = "http://www.w3.org/2000/svg", W = 420, H = 170, P = 30;
    const all = series.flatMap((s) => s.values.filter((x) => x !== null));
    const hi = Math.max(1, ...all);
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("class", "chart"); svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", series.map((s) => s.label + " " + (s.values.length ? s.values[s.values.length - 1] : "–")).join(", "));
    const x = (i) => P + (W - P - 110) * (i / Math.max(months, 1));
    const y = (val) => H - 14 - (H - 24) * (val / hi);
    series.forEach((s, n) => {
      const p = document.createElementNS(NS, "polyline");
      p.setAttribute("points", s.values.map((val, i) => `${x(i).toFixed(1)},${y(val || 0).toFixed(1)}`).join(" "));
      p.setAttribute("fill", "none"); p.setAttribute("stroke", s.color); p.setAttribute("stroke-width", "2.5");
      p.setAttribute("stroke-dasharray", ["", "6 3", "2 3", "8 2 2 2"][n % 4]);
      svg.append(p);
      const tx = document.createElementNS(NS, "text");
      tx.textContent = s.label; tx.setAttribute("x", W - 104); tx.setAttribute("y", 16 + n * 16);
      tx.setAttribute("fill", s.color); tx.setAttribute("font-size", "12"); svg.append(tx);
    });
    const top = document.createElementNS(NS, "text"); top.textContent = String(Math.round(hi));
    top.setAttribute("x", 2); top.setAttribute("y", 14); top.setAttribute("font-size", "11"); svg.append(top);
    return svg;
  }

  function timeline(v) {
    if (!v.changes.length) return null;
    return card("h-changes", t("room.dash.changes"), el("ul", { class: "plain" },
      v.changes.map((c) => el("li", { text: t("room.decisions.month", { month: c.m + 1 }) + " · " + t("room.control." + c.a) + (c.lever || c.event ? " · " + t("room.lever." + (c.lever || c.event)) : "") }))));
  }

  function controls(v) {
    const sel = (id, options) => el("select", { id }, options.map(([val, label]) => el("option", { value: val, text: label })));
    const towns = [["", t("room.dash.all_towns")]].concat(v.towns.map((tw) => [String(tw.town), t("room.dash.town", { n: tw.town + 1 })]));
    const townOf = (id) => ($(id).value === "" ? null : Number($(id).value));
    return card("h-controls", t("room.dash.controls"),
      el("div", { class: "row" },
        el("button", { type: "button", id: "pause", text: v.paused ? t("room.dash.resume") : t("room.dash.pause"), onclick: () => control(v.paused ? "resume" : "pause") }),
        el("button", { type: "button", id: "force", class: "secondary", text: t("room.dash.force"), onclick: () => { if (confirm(t("room.dash.force_confirm"))) control("resolve"); } })),
      el("label", { for: "timer", text: t("room.dash.timer") }),
      el("div", { class: "row" }, el("input", { id: "timer", type: "number", min: 0, max: 3600, value: v.timer_seconds }),
        el("button", { type: "button", id: "set-timer", text: t("room.dash.set"), onclick: () => control("timer", { seconds: Number($("timer").value) }) })),
      el("label", { for: "lever", text: t("room.dash.lever") }),
      sel("lever", ["double_loan_ceiling", "stop_lending", "resume_lending", "public_jobs"].map((k) => [k, t("room.lever." + k)])),
      el("label", { for: "lever-town", text: t("room.dash.where") }), sel("lever-town", towns),
      el("button", { type: "button", id: "apply-lever", text: t("room.dash.apply"), onclick: () => control("lever", { lever: $("lever").value, town: townOf("lever-town") }) }),
      el("label", { for: "town-event", text: t("room.dash.event") }),
      sel("town-event", ["layoff_wave", "remittance_fall"].map((k) => [k, t("room.lever." + k)])),
      el("label", { for: "event-town", text: t("room.dash.where") }), sel("event-town", towns),
      el("button", { type: "button", id: "apply-event", text: t("room.dash.apply"), onclick: () => control("town_event", { event: $("town-event").value, town: townOf("event-town") }) }),
      el("div", { class: "row" },
        el("button", { type: "button", id: "reveal-all", class: "secondary", text: t("room.dash.reveal_all"), onclick: () => control("reveal") }),
        el("button", { type: "button", id: "hide-all", class: "secondary", text: t("room.dash.hide_all"), onclick: () => control("hide") })),
      el("label", { for: "message", text: t("room.dash.message") }),
      el("div", { class: "row" }, el("input", { id: "message", maxlength: 200 }),
        el("button", { type: "button", id: "send-message", text: t("room.dash.send"), onclick: () => { control("message", { text: $("message").value }); $("message").value = ""; } })),
      el("button", { type: "button", id: "end-game", class: "secondary", text: t("room.dash.end"), onclick: () => { if (confirm(t("room.dash.end_confirm"))) control("end_game"); } }));
  }

  async function start() {
    await Room.loadStrings(Room.lang);
    const flip = () => { $("lang").textContent = Room.lang === "zh" ? "English" : "中文"; $("lang").setAttribute("lang", Room.lang === "zh" ? "en" : "zh-Hans"); };
    flip();
    $("lang").onclick = async () => { await Room.loadStrings(Room.lang === "zh" ? "en" : "zh"); flip(); if (welcome) link.send({ type: "lang", lang: Room.lang }); };
    $("ask-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      hello = { type: "watch", protocol: Room.PROTOCOL, code: $("code").value, lang: Room.lang };
      link.send(hello);
    });
    link = new Room.Link({ onopen, onmessage, status });
    link.open();
  }
  start();
})();
