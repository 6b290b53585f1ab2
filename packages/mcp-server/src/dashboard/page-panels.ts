/** The dashboard script's panels: header, locks, sessions, claims, events. */
export const PAGE_PANELS = `
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

`;
