import * as z from "zod/mini";
import type { HistoryEvent } from "./schemas/history.js";

/** Hold times of one lock over a stretch of history. */
export const LockHoldSummarySchema = z.object({
  lock_name: z.string(),
  count: z.int().check(z.describe("Holds that began and ended within the events read")),
  p50_ms: z.nullable(z.number()).check(z.describe("Median hold time (null when no hold ended)")),
  max_ms: z.nullable(z.number()).check(z.describe("Longest hold time (null when no hold ended)")),
  open: z.int().check(z.describe("Holds that began within the events read and have not ended in them")),
});
export type LockHoldSummary = z.infer<typeof LockHoldSummarySchema>;

export const HistorySummarySchema = z.object({
  locks: z.array(LockHoldSummarySchema).check(z.describe("One row per lock, by name")),
  events: z.int().check(z.describe("How many events the summary was made from")),
});
export type HistorySummary = z.infer<typeof HistorySummarySchema>;

/** The events that end a hold; each carries the ended hold's fencing token. */
const HOLD_ENDS = new Set(["lock.released", "lock.expired", "lock.taken_over", "lock.force_released"]);

/** The median of sorted numbers (the lower middle one for an even count, a time that happened). */
function median(sorted: number[]): number | null {
  return sorted.length === 0 ? null : sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Per lock: how many holds, their median and longest time, from acquisitions paired with their ends by token. */
export function summarizeHolds(events: HistoryEvent[]): HistorySummary {
  const started = new Map<string, number>();
  const held = new Map<string, number[]>();
  for (const e of events) {
    if (!e.type.startsWith("lock.") || e.token === null) continue;
    const key = `${e.name}\n${e.token}`;
    if (e.type === "lock.acquired") started.set(key, Date.parse(e.time));
    else if (HOLD_ENDS.has(e.type)) {
      const from = started.get(key);
      if (from === undefined) continue;
      started.delete(key);
      held.set(e.name, [...(held.get(e.name) ?? []), Math.max(0, Date.parse(e.time) - from)]);
    }
  }
  const open = new Map<string, number>();
  for (const key of started.keys()) {
    const name = key.slice(0, key.indexOf("\n"));
    open.set(name, (open.get(name) ?? 0) + 1);
  }
  const names = [...new Set([...held.keys(), ...open.keys()])].sort();
  return {
    events: events.length,
    locks: names.map((lock_name) => {
      const times = (held.get(lock_name) ?? []).sort((a, b) => a - b);
      return {
        lock_name,
        count: times.length,
        p50_ms: median(times),
        max_ms: times.at(-1) ?? null,
        open: open.get(lock_name) ?? 0,
      };
    }),
  };
}
