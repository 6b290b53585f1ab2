import { describe, expect, it } from "vitest";
import { summarizeHolds } from "./history-summary.js";
import type { HistoryEvent } from "./schemas/history.js";

const event = (type: HistoryEvent["type"], name: string, token: number, at: number): HistoryEvent => ({
  id: `${at}-${token}`,
  time: new Date(at).toISOString(),
  type,
  name,
  session: "s",
  host: "h",
  token,
  by: null,
  reason: null,
  waited_ms: null,
  position: null,
});

describe("summarizeHolds", () => {
  it("pairs each acquisition with the end of that hold, per lock: count, p50, max, still open", () => {
    const s = summarizeHolds([
      event("lock.acquired", "resource:a", 1, 0),
      event("lock.extended", "resource:a", 1, 500),
      event("lock.released", "resource:a", 1, 1_000),
      event("lock.acquired", "resource:a", 2, 2_000),
      event("lock.force_released", "resource:a", 2, 5_000),
      event("lock.acquired", "resource:a", 3, 6_000),
      event("lock.expired", "resource:a", 3, 8_000),
      event("lock.acquired", "resource:b", 9, 0),
      // an end whose start is before the events read is not counted
      event("lock.released", "resource:c", 4, 100),
    ]);
    expect(s.locks).toEqual([
      { lock_name: "resource:a", count: 3, p50_ms: 2_000, max_ms: 3_000, open: 0 },
      { lock_name: "resource:b", count: 0, p50_ms: null, max_ms: null, open: 1 },
    ]);
    expect(s.events).toBe(9);
  });
});
