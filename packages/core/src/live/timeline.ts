import type { EventType, HistoryEvent } from "../schemas/history.js";
import type { LockState } from "../schemas/records.js";
import type { Timeline, TimelineBar, TimelineRow } from "./live-snapshot.js";

/** Lock rows a timeline keeps: the most recently active ones. */
export const TIMELINE_ROWS = 30;
/** Bars a row keeps: the newest ones. */
export const TIMELINE_BARS = 200;

const ENDS: ReadonlySet<EventType> = new Set([
  "lock.released",
  "lock.expired",
  "lock.taken_over",
  "lock.force_released",
]);

interface OpenBar {
  name: string;
  session: string;
  token: number | null;
  from: number;
  to: number | null;
  end: EventType | null;
}

/**
 * Who held which lock between `now - windowMs` and `now`, from the events (oldest first) and the
 * locks' current holders: a hold begins at `lock.acquired` (or the window's start, when it began
 * earlier), ends at the event that ended it, and is still open while its holder holds it now.
 */
export function buildTimeline(
  events: readonly HistoryEvent[],
  locks: readonly LockState[],
  now: number,
  windowMs: number,
): Timeline {
  const start = now - windowMs;
  const bars: OpenBar[] = [];
  const open = new Map<string, OpenBar>();
  const lastSeen = new Map<string, number>();
  const key = (name: string, token: number | null, session: string | null) =>
    token === null ? `${name}\n@${session}` : `${name}\n#${token}`;
  const findOpen = (name: string, token: number | null, session: string | null) =>
    open.get(key(name, token, session)) ??
    [...open.values()].find((b) => b.name === name && b.session === session);
  const close = (bar: OpenBar, at: number, end: EventType | null) => {
    bar.to = Math.max(bar.from, at);
    bar.end = end;
    open.delete(key(bar.name, bar.token, bar.session));
  };
  const begin = (name: string, session: string, token: number | null, from: number) => {
    const bar: OpenBar = { name, session, token, from, to: null, end: null };
    bars.push(bar);
    open.set(key(name, token, session), bar);
    return bar;
  };

  for (const event of events) {
    const at = Date.parse(event.time);
    if (event.type === "session.ended" || event.type === "session.found_dead") {
      const who = event.session ?? event.name;
      for (const bar of [...open.values()]) if (bar.session === who) close(bar, at, event.type);
      continue;
    }
    if (!event.type.startsWith("lock.")) continue;
    lastSeen.set(event.name, at);
    if (event.type === "lock.acquired" && event.session !== null) {
      if (!findOpen(event.name, event.token, event.session))
        begin(event.name, event.session, event.token, at);
    } else if (event.type === "lock.extended" && event.session !== null) {
      if (!findOpen(event.name, event.token, event.session))
        begin(event.name, event.session, event.token, start);
    } else if (ENDS.has(event.type)) {
      const bar = findOpen(event.name, event.token, event.session);
      if (bar) close(bar, at, event.type);
      else if (event.session !== null)
        close(begin(event.name, event.session, event.token, start), at, event.type);
    }
  }

  const held = new Set<string>();
  for (const lock of locks) {
    for (const h of lock.holders) {
      held.add(key(lock.lock_name, h.fencing_token, h.held_by));
      if (!open.has(key(lock.lock_name, h.fencing_token, h.held_by)))
        begin(lock.lock_name, h.held_by, h.fencing_token, Date.parse(h.acquired_at));
    }
  }
  // A hold that ended without an event we saw (trimmed, or read between two steps) ends where its lock was last seen.
  for (const bar of [...open.values()]) {
    if (!held.has(key(bar.name, bar.token, bar.session)))
      close(bar, lastSeen.get(bar.name) ?? bar.from, null);
  }
  return { from: iso(start), to: iso(now), rows: rowsOf(bars, start, now) };
}

function rowsOf(bars: OpenBar[], start: number, now: number): TimelineRow[] {
  const byName = new Map<string, OpenBar[]>();
  for (const bar of bars) {
    if (bar.to !== null && bar.to < start) continue;
    const row = byName.get(bar.name);
    if (row) row.push(bar);
    else byName.set(bar.name, [bar]);
  }
  const activity = (row: OpenBar[]) => Math.max(...row.map((b) => b.to ?? now));
  return [...byName.entries()]
    .sort(([, a], [, b]) => activity(b) - activity(a))
    .slice(0, TIMELINE_ROWS)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([lock_name, row]) => laidOut(lock_name, row.slice(-TIMELINE_BARS), start, now));
}

/** Gives each bar the first lane free at its start, so holds at the same time (slots, shared) stay visible. */
function laidOut(lock_name: string, row: OpenBar[], start: number, now: number): TimelineRow {
  const laneEnds: number[] = [];
  const bars: TimelineBar[] = [...row]
    .sort((a, b) => a.from - b.from)
    .map((bar) => {
      const from = Math.max(bar.from, start);
      let lane = laneEnds.findIndex((end) => end <= from);
      if (lane === -1) lane = laneEnds.push(0) - 1;
      laneEnds[lane] = bar.to ?? now;
      return {
        session: bar.session,
        token: bar.token,
        from: iso(from),
        to: bar.to === null ? null : iso(bar.to),
        end: bar.end,
        lane,
      };
    });
  return { lock_name, lanes: Math.max(1, laneEnds.length), bars };
}

const iso = (ms: number) => new Date(ms).toISOString();
