import { PAGE_HELPERS } from "./page-helpers.js";
import { PAGE_PANELS } from "./page-panels.js";
import { PAGE_TIMELINE } from "./page-timeline.js";

/**
 * The dashboard's script, plain browser JavaScript shipped as text (no build step, no CDN). It
 * reads `/events` with fetch (EventSource cannot send the bearer token), draws each snapshot,
 * and counts times on between snapshots. Text goes in with textContent only, never as HTML.
 */
/** Drawing a snapshot, counting times on, reading the stream, force-release, and the start. */
const PAGE_MAIN = String.raw`
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
    if (snap) draw();
    connect();
  });
  $("as").value = who();
  $("forget").hidden = !canAct();
  setInterval(tick, 1000);
  addEventListener("hashchange", function () { if (snap) drawTimeline(); });
  connect();
`;

export const PAGE_SCRIPT = `(function () {
  "use strict";
${PAGE_HELPERS}${PAGE_PANELS}${PAGE_TIMELINE}${PAGE_MAIN}})();
`;
