/** The dashboard script's timeline: one row per lock, a bar per hold, over the last hour or a zoom into it. */
export const PAGE_TIMELINE = String.raw`
  var SPANS = [60, 15, 5];
  /** The timeline's span in minutes: the page's #60m, #15m or #5m (a smaller one zooms into the hour). */
  function spanMinutes() {
    var m = /^#(\d+)m$/.exec(location.hash);
    return m && SPANS.indexOf(Number(m[1])) >= 0 ? Number(m[1]) : 60;
  }

  function drawZoom() {
    var minutes = spanMinutes();
    fill("zoom", SPANS.map(function (m) {
      return h("a", { href: "#" + m + "m", class: m === minutes ? "on" : null, text: m === 60 ? "1 h" : m + " min" });
    }));
  }

  function drawTimeline() {
    var t = snap.timeline;
    var to = Date.parse(t.to);
    var span = spanMinutes() * 60000;
    var from = Math.max(Date.parse(t.from), to - span);
    span = to - from || span;
    var ticks = [];
    for (var k = 0; k <= 6; k++) {
      var tick = h("span", { text: k === 6 ? "now" : (span > 600000 ? hhmm : clock)(from + (span * k) / 6) });
      tick.style.left = (100 * k) / 6 + "%";
      ticks.push(tick);
    }
    var seen = {};
    var rows = [];
    t.rows.forEach(function (row) {
      var track = h("div", { class: "tl-track" });
      track.style.height = row.lanes * 19 + 4 + "px";
      row.bars.forEach(function (bar) {
        var start = Date.parse(bar.from);
        var end = bar.to === null ? to : Date.parse(bar.to);
        if (end < from) return;
        seen[bar.session] = true;
        var title = short(bar.session) + " held " + row.lock_name + " " + clock(start) + " → " +
          (bar.to === null ? "now" : clock(end)) + " (" + age(end - start) + ")" +
          (bar.token !== null ? " #" + bar.token : "") + (bar.end ? " · " + bar.end.replace("lock.", "") : "");
        var el = h("div", { class: "tl-bar" + (bar.to === null ? " open" : ""), title: title,
          "data-session": bar.session, text: short(bar.session) });
        var left = Math.max(start, from);
        el.style.left = (100 * (left - from)) / span + "%";
        el.style.width = Math.max(0.3, (100 * (end - left)) / span) + "%";
        el.style.top = 2 + bar.lane * 19 + "px";
        el.style.background = colour(bar.session);
        track.appendChild(el);
      });
      if (!track.childNodes.length) return;
      rows.push(h("div", { class: "tl-row", "data-timeline-row": row.lock_name }, [
        h("div", { class: "tl-label", title: row.lock_name, text: row.lock_name }), track]));
    });
    var legend = Object.keys(seen).sort().map(function (id) { return chip(id); });
    fill("timeline", [h("div", { class: "tl-axis" }, [h("span"), h("div", { class: "tl-ticks" }, ticks)])].concat(
      rows.length ? rows : [h("div", { class: "empty", text: "nothing held in this span" })]));
    fill("legend", legend);
    drawZoom();
  }

`;
