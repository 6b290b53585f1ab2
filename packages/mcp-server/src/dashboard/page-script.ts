/**
 * The dashboard's script, plain browser JavaScript shipped as text (no build step, no CDN). It
 * reads `/events` with fetch (EventSource cannot send the bearer token), draws each snapshot,
 * and counts times on between snapshots. Text goes in with textContent only, never as HTML.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
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

  function drawHeader() {
    $("where").textContent = snap.backend + " " + snap.location;
    $("asof").textContent = "as of " + clock(Date.parse(snap.at));
    var waiting = snap.locks.reduce(function (n, l) { return n + l.waiters.length; }, 0);
    document.title = "baton · " + snap.locks.length + " locks" + (waiting ? " · " + waiting + " waiting" : "");
    var problem = $("problem");
    problem.hidden = !snap.error;
    problem.textContent = snap.error ? "backend: " + snap.error : "";
  }

  function drawLocks() {
    var rows = [];
    snap.locks.forEach(function (lock) {
      var tags = [];
      if (lock.slots > 1) tags.push(lock.slots + " slots");
      lock.holders.forEach(function (x) { if (x.mode === "shared" && tags.indexOf("shared") < 0) tags.push("shared"); });
      var line = lock.waiters.map(function (w) {
        return h("span", { class: "line-waiter" }, [w.position + ". ", chip(w.session_id), " ", counter(w.waited_ms, false, "muted")]);
      });
      var holds = lock.holders.length ? lock.holders : [null];
      holds.forEach(function (hold, i) {
        var action = null;
        if (hold && canAct()) {
          action = h("button", { class: "danger", "data-lock": lock.lock_name, "data-token": hold.fencing_token, text: "force-release",
            onclick: function () { forceRelease(lock.lock_name, hold); } });
        }
        rows.push(h("tr", { "data-lock-row": lock.lock_name }, [
          h("td", { class: "mono" + (i ? " muted" : ""), text: i ? "" : lock.lock_name }),
          h("td", {}, [hold ? chip(hold.held_by) : h("span", { class: "muted", text: "free" })]),
          h("td", {}, [hold ? counter(hold.held_ms, false) : null]),
          h("td", {}, [hold ? counter(hold.ttl_left_ms, true, hold.ttl_left_ms < 30000 ? "ttl-low" : null) : null]),
          h("td", { class: "mono muted", text: hold ? "#" + hold.fencing_token + (i === 0 && tags.length ? " · " + tags.join(", ") : "") : "" }),
          h("td", { class: "wrap" }, i === 0 ? line : []),
          tokenMode ? h("td", {}, [action]) : null,
        ]));
      });
      lock.requests.forEach(function (r) {
        rows.push(h("tr", {}, [h("td", {}), h("td", { class: "request wrap", colspan: 6 },
          ["release asked by ", chip(r.by), r.reason ? ": " + r.reason : ""])]));
      });
    });
    $("locks-count").textContent = String(snap.locks.length);
    fill("locks-body", rows.length ? rows : [h("tr", {}, [h("td", { class: "empty", colspan: 7, text: "no locks held" })])]);
  }

  function drawSessions() {
    var rows = snap.sessions.map(function (s) {
      return h("tr", {}, [
        h("td", {}, [chip(s.session_id)]),
        h("td", {}, [tierBadge(s.tier), s.paused ? h("span", { class: "muted", text: " paused" }) : null]),
        h("td", {}, [counter(s.heartbeat_age_ms, false)]),
        h("td", { class: "mono", text: s.host }),
        h("td", { class: "mono", text: s.branch || s.worktree || s.cwd }),
        h("td", { text: s.holds + (s.waits ? " · waits " + s.waits : "") }),
        h("td", { class: "wrap", text: s.claim || "" }),
      ]);
    });
    $("sessions-count").textContent = String(snap.sessions.length);
    fill("sessions-body", rows.length ? rows : [h("tr", {}, [h("td", { class: "empty", colspan: 7, text: "no sessions registered" })])]);
  }

  function drawClaims() {
    var rows = snap.claims.map(function (c) {
      return h("tr", {}, [
        h("td", { class: "wrap", text: c.label }),
        h("td", { class: "mono", text: c.repo + "#" + c.number }),
        h("td", {}, [chip(c.session_id)]),
        h("td", {}, [tierBadge(c.holder_tier)]),
        h("td", { class: "muted", text: clock(Date.parse(c.claimed_at)) }),
      ]);
    });
    $("claims-count").textContent = String(snap.claims.length);
    fill("claims-body", rows.length ? rows : [h("tr", {}, [h("td", { class: "empty", colspan: 5, text: "no claims" })])]);
  }

  function eventClass(type) {
    if (/acquired|taken$|started/.test(type)) return "ev ev-good";
    if (/expired|taken_over|force_released|overridden|found_dead/.test(type)) return "ev ev-bad";
    if (/queued|release_requested/.test(type)) return "ev ev-wait";
    return "ev";
  }

  function drawEvents() {
    var items = snap.events.map(function (e) {
      var details = [];
      if (e.token !== null) details.push("#" + e.token);
      if (e.position !== null) details.push("place " + e.position);
      if (e.waited_ms !== null) details.push("waited " + age(e.waited_ms));
      if (e.by !== null) details.push("by " + short(e.by));
      if (e.reason !== null) details.push("(" + e.reason + ")");
      return h("li", { "data-event": e.type }, [
        h("time", { class: "muted mono", text: clock(Date.parse(e.time)) }),
        h("span", { class: eventClass(e.type), text: e.type }),
        h("span", { class: "mono", text: e.name }),
        e.session !== null ? chip(e.session) : null,
        h("span", { class: "muted", text: details.join(" ") }),
      ]);
    });
    fill("events", items.length ? items : [h("li", { class: "empty", text: "no events yet" })]);
  }

  function drawTimeline() {
    var t = snap.timeline;
    var from = Date.parse(t.from);
    var span = Date.parse(t.to) - from || HOUR;
    var ticks = [];
    for (var k = 0; k <= 6; k++) {
      var tick = h("span", { text: k === 6 ? "now" : hhmm(from + (span * k) / 6) });
      tick.style.left = (100 * k) / 6 + "%";
      ticks.push(tick);
    }
    var seen = {};
    var rows = t.rows.map(function (row) {
      var track = h("div", { class: "tl-track" });
      track.style.height = row.lanes * 19 + 4 + "px";
      row.bars.forEach(function (bar) {
        seen[bar.session] = true;
        var start = Date.parse(bar.from);
        var end = bar.to === null ? Date.parse(t.to) : Date.parse(bar.to);
        var title = short(bar.session) + " held " + row.lock_name + " " + clock(start) + " → " +
          (bar.to === null ? "now" : clock(end)) + " (" + age(end - start) + ")" +
          (bar.token !== null ? " #" + bar.token : "") + (bar.end ? " · " + bar.end.replace("lock.", "") : "");
        var el = h("div", { class: "tl-bar" + (bar.to === null ? " open" : ""), title: title,
          "data-session": bar.session, text: short(bar.session) });
        el.style.left = (100 * (start - from)) / span + "%";
        el.style.width = Math.max(0.3, (100 * (end - start)) / span) + "%";
        el.style.top = 2 + bar.lane * 19 + "px";
        el.style.background = colour(bar.session);
        track.appendChild(el);
      });
      return h("div", { class: "tl-row", "data-timeline-row": row.lock_name }, [
        h("div", { class: "tl-label", title: row.lock_name, text: row.lock_name }), track]);
    });
    var legend = Object.keys(seen).sort().map(function (id) { return chip(id); });
    fill("timeline", [h("div", { class: "tl-axis" }, [h("span"), h("div", { class: "tl-ticks" }, ticks)])].concat(
      rows.length ? rows : [h("div", { class: "empty", text: "nothing held in the last hour" })]));
    fill("legend", legend);
  }

  function draw() {
    drawHeader();
    drawLocks();
    drawSessions();
    drawClaims();
    drawEvents();
    drawTimeline();
  }

  function tick() {
    if (!snap) return;
    var drift = Date.now() - receivedAt;
    document.querySelectorAll("[data-ms]").forEach(function (el) {
      var base = Number(el.getAttribute("data-ms"));
      el.textContent = age(el.getAttribute("data-down") ? base - drift : base + drift);
    });
  }

  async function readStream(reader) {
    var decoder = new TextDecoder();
    var buffer = "";
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      var cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        var frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        var type = "message";
        var data = [];
        frame.split("\n").forEach(function (line) {
          if (line.indexOf("event:") === 0) type = line.slice(6).trim();
          else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
        });
        if (type === "snapshot" && data.length) {
          snap = JSON.parse(data.join("\n")).snapshot;
          receivedAt = Date.now();
          draw();
        }
      }
    }
  }

  async function connect() {
    if (tokenMode && !token()) {
      setStatus("needs the server's token", "warn");
      $("auth").hidden = false;
      return;
    }
    if (connection) connection.abort();
    var controller = new AbortController();
    connection = controller;
    var headers = { accept: "text/event-stream" };
    if (token()) headers.authorization = "Bearer " + token();
    try {
      var res = await fetch("/events", { headers: headers, cache: "no-store", signal: controller.signal });
      if (res.status === 401) {
        sessionStorage.removeItem("baton.token");
        setStatus("token refused", "bad");
        $("auth").hidden = false;
        $("forget").hidden = true;
        return;
      }
      if (!res.ok || !res.body) throw new Error("HTTP " + res.status);
      setStatus("live", "ok");
      retry = 0;
      await readStream(res.body.getReader());
    } catch (error) {
      if (controller.signal.aborted) return;
    }
    if (controller.signal.aborted) return;
    retry = Math.min(retry + 1, 5);
    setStatus("reconnecting…", "warn");
    setTimeout(connect, 500 * retry);
  }

  async function forceRelease(lockName, hold) {
    if (!confirm("Force-release " + lockName + " from " + hold.held_by + "? Its holder is told who did it.")) return;
    var res = await fetch("/api/force-release", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer " + token() },
      body: JSON.stringify({ lock_name: lockName, token: hold.fencing_token, as: who() || undefined }),
    });
    var reply = await res.json().catch(function () { return {}; });
    if (res.ok && reply.released) toast("force-released " + lockName + " as " + reply.by);
    else toast("not released: " + (reply.error || reply.reason || "HTTP " + res.status));
  }

  $("auth").addEventListener("submit", function (event) {
    event.preventDefault();
    sessionStorage.setItem("baton.token", $("token").value.trim());
    sessionStorage.setItem("baton.as", $("as").value.trim());
    $("token").value = "";
    $("auth").hidden = true;
    $("forget").hidden = false;
    connect();
  });
  $("forget").addEventListener("click", function () {
    sessionStorage.removeItem("baton.token");
    if (connection) connection.abort();
    $("forget").hidden = true;
    snap && draw();
    connect();
  });
  $("as").value = who();
  $("forget").hidden = !canAct();
  setInterval(tick, 1000);
  connect();
})();
`;
