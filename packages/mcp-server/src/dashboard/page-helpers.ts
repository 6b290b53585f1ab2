/** The dashboard script's state and helpers: building elements, times, session colours, the token. */
export const PAGE_HELPERS = `
  var HOUR = 3600000;
  var body = document.body;
  var tokenMode = body.getAttribute("data-auth") === "token";
  var snap = null;
  var receivedAt = 0;
  var connection = null;
  var retry = 0;

  function $(id) { return document.getElementById(id); }
  function h(tag, props, kids) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      var v = props[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") e.textContent = String(v);
      else if (k === "class") e.className = v;
      else if (k === "onclick") e.addEventListener("click", v);
      else e.setAttribute(k, String(v));
    });
    (kids || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }
  function fill(id, nodes) {
    var target = $(id);
    target.replaceChildren.apply(target, nodes);
  }
  function age(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + "s";
    if (s < 3600) return Math.floor(s / 60) + "m " + (s % 60) + "s";
    if (s < 86400) return Math.floor(s / 3600) + "h " + Math.floor((s % 3600) / 60) + "m";
    return Math.floor(s / 86400) + "d " + Math.floor((s % 86400) / 3600) + "h";
  }
  function clock(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  }
  function hhmm(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  }
  function short(id) { return (snap && snap.short_ids[id]) || id; }
  var colours = {};
  var coloured = 0;
  /** A session's colour, the same for the life of the page; hues a golden angle apart, so no two look alike. */
  function colour(id) {
    if (!colours[id]) {
      var n = coloured++;
      colours[id] = "hsl(" + Math.round((n * 137.508 + 210) % 360) + ", 62%, " + (n % 2 ? 36 : 46) + "%)";
    }
    return colours[id];
  }
  function chip(id) {
    var swatch = h("i");
    swatch.style.background = colour(id);
    return h("span", { class: "chip", title: id }, [swatch, short(id)]);
  }
  /** A time that counts on: up from the value at the snapshot, or down to zero. */
  function counter(ms, down, extraClass) {
    return h("span", { class: extraClass || null, "data-ms": ms, "data-down": down ? "1" : null, text: age(ms) });
  }
  function tierBadge(tier) {
    return h("span", { class: "tier tier-" + (tier || "none"), text: tier || "no session" });
  }
  function token() { return sessionStorage.getItem("baton.token") || ""; }
  function who() { return sessionStorage.getItem("baton.as") || ""; }
  function canAct() { return tokenMode && token() !== ""; }

  function setStatus(text, kind) {
    var s = $("status");
    s.textContent = text;
    s.className = kind || "";
  }
  function toast(text) {
    var t = $("toast");
    t.textContent = text;
    t.className = "shown";
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.className = ""; }, 4000);
  }

`;
