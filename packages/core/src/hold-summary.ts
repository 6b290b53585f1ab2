import type { EventType, HistoryEvent } from "./schemas/history.js";
import type { HoldSummary } from "./schemas/hold-summary.js";

/** The events that end a hold; `lock.acquired` begins one. */
const ENDS: ReadonlySet<EventType> = new Set([
  "lock.released",
  "lock.expired",
  "lock.taken_over",
  "lock.force_released",
]);

/**
 * Hold times per lock (count, median, longest) from events oldest first: a hold is the span from its
 * `lock.acquired` to the event that ended it (same name and fencing token), or to its session's end.
 * Holds still held, or begun before the first event read, are left out. In lock name order.
 */
export function summarizeHolds(events: readonly HistoryEvent[]): HoldSummary[] {
  const open = new Map<string, { name: string; session: string | null; from: number }>();
  const spans = new Map<string, number[]>();
  const end = (key: string, at: number) => {
    const hold = open.get(key)!;
    open.delete(key);
    const list = spans.get(hold.name) ?? [];
    list.push(Math.max(0, at - hold.from));
    spans.set(hold.name, list);
  };
  for (const e of events) {
    const at = Date.parse(e.time);
    const key = `${e.name}\n${e.token}`;
    if (e.type === "lock.acquired" && e.token !== null)
      open.set(key, { name: e.name, session: e.session, from: at });
    else if (ENDS.has(e.type) && open.has(key)) end(key, at);
    else if (e.type === "session.ended" || e.type === "session.found_dead") {
      const who = e.session ?? e.name;
      for (const [k, hold] of [...open]) if (hold.session === who) end(k, at);
    }
  }
  return [...spans.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([lock_name, ms]) => {
      const sorted = ms.sort((a, b) => a - b);
      const seconds = (v: number) => Math.round(v / 100) / 10;
      return {
        lock_name,
        count: sorted.length,
        p50_seconds: seconds(sorted[Math.floor((sorted.length - 1) / 2)]!),
        max_seconds: seconds(sorted.at(-1)!),
      };
    });
}
