// The room's websocket and strings, shared by the seat page and the projector.
// Plain script, no build step, no library: docs/protocol.md describes every message.
"use strict";

const Room = (() => {
  const PROTOCOL = 1;
  let strings = {};
  let lang = localStorage.getItem("irb.lang") || ((navigator.language || "en").startsWith("zh") ? "zh" : "en");

  function t(key, fmt) {
    let s = strings[key];
    if (s === undefined) return key;
    if (fmt) {
      s = s.replace(/\{(\w+)(?::[^}]*)?\}/g, (m, name) => (name in fmt ? String(fmt[name]) : m));
    }
    return s;
  }

  async function loadStrings(code) {
    const r = await fetch("/api/strings?lang=" + encodeURIComponent(code));
    strings = await r.json();
    lang = code;
    localStorage.setItem("irb.lang", code);
    document.documentElement.lang = code === "zh" ? "zh-Hans" : "en";
    document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
    document.querySelectorAll("[data-t-label]").forEach((el) => { el.setAttribute("aria-label", t(el.dataset.tLabel)); });
    document.querySelectorAll("[data-t-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.tPlaceholder); });
  }

  // el("div", {class: "x", text: "..."}, child, ...): elements built with textContent only,
  // so a classmate's name or strategy line is never read as markup.
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") e.textContent = String(v);
      else if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids.flat(Infinity)) if (kid !== null && kid !== undefined && kid !== false) e.append(kid);
    return e;
  }

  // Sentences one after another and short items in a list, as game/i18n.py's then() and
  // listing() join them: Chinese runs sentences together and lists names with "、".
  function then(list) {
    return list.filter(Boolean).join(lang === "zh" ? "" : " ");
  }
  function listing(list) {
    return list.filter(Boolean).join(lang === "zh" ? "、" : ", ");
  }

  function money(x) {
    if (x === null || x === undefined || Number.isNaN(x)) return "–";
    const v = Math.round(Number(x));
    return (v < 0 ? "−¥" : "¥") + Math.abs(v).toLocaleString(lang === "zh" ? "zh-CN" : "en");
  }

  // A connection that comes back: on a drop it reopens after 1, 2, 4 ... 10 s and calls
  // onopen again (the page then rejoins with its token).
  class Link {
    constructor(handlers) {
      this.h = handlers;
      this.ws = null;
      this.delay = 1000;
      this.ref = 0;
      this.closed = false;
      this.pending = new Map();
    }
    open() {
      const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
      const ws = new WebSocket(url);
      this.ws = ws;
      ws.onopen = () => { this.delay = 1000; this.h.status("online"); this.h.onopen(); };
      ws.onmessage = (ev) => {
        let msg;
        try { msg = JSON.parse(ev.data); } catch (e) { return; }
        this.h.onmessage(msg);
      };
      ws.onclose = (ev) => {
        if (this.ws !== ws) return;
        this.h.status("offline", ev);
        if (this.closed || (this.h.retry && !this.h.retry(ev))) return;
        setTimeout(() => this.open(), this.delay);
        this.delay = Math.min(this.delay * 2, 10000);
      };
    }
    send(msg) {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return null;
      this.ref += 1;
      msg.ref = msg.ref || "r" + this.ref;
      this.ws.send(JSON.stringify(msg));
      return msg.ref;
    }
  }

  return { PROTOCOL, t, then, listing, loadStrings, el, money, Link, get lang() { return lang; } };
})();
