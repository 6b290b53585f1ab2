import { describe, expect, it } from "vitest";
import { summarizeHolds } from "./hold-summary.js";
import type { HistoryEvent } from "./schemas/history.js";
import { parseSince } from "./since.js";
import { waitProgressText } from "./wait-text.js";

const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 14, 0, s)).toISOString();
let ids = 0;
function event(type: HistoryEvent["type"], name: string, session: string, token: number | null, s: number) {
  return {
    id: String(++ids),
    time: at(s),
    type,
    name,
    session,
    host: "h",
    token,
    by: null,
    reason: null,
    waited_ms: null,
    position: null,
  } satisfies HistoryEvent;
}

describe("summarizeHolds", () => {
  it("pairs each acquire with what ended it by token, per lock: count, median and longest", () => {
    const summary = summarizeHolds([
      event("lock.released", "resource:a", "x", 1, 1), // began before the window: left out
      event("lock.acquired", "resource:a", "s1", 10, 2),
      event("lock.acquired", "resource:b", "s2", 20, 3),
      event("lock.extended", "resource:a", "s1", 10, 4),
      event("lock.released", "resource:a", "s1", 10, 12), // 10 s
      event("lock.acquired", "resource:a", "s2", 11, 12),
      event("lock.force_released", "resource:a", "s2", 11, 14), // 2 s
      event("lock.acquired", "resource:a", "s3", 12, 20),
      event("lock.expired", "resource:a", "s3", 12, 50), // 30 s
      event("lock.acquired", "resource:b", "s4", 21, 51), // still held: left out
      event("session.ended", "s2", "s2", null, 53), // ends s2's hold of b: 50 s
    ]);
    expect(summary).toEqual([
      { lock_name: "resource:a", count: 3, p50_seconds: 10, max_seconds: 30 },
      { lock_name: "resource:b", count: 1, p50_seconds: 50, max_seconds: 50 },
    ]);
  });
});

describe("parseSince", () => {
  const now = Date.parse(at(0));
  it.each([
    ["90s", now - 90_000],
    ["15m", now - 900_000],
    ["1h", now - 3_600_000],
    ["2d", now - 172_800_000],
    ["2026-11-30T13:00:00Z", now - 3_600_000],
  ])("%s", (text, ms) => expect(parseSince(text, now)).toBe(ms));
  it.each(["1 hour", "-1h", "h", "yesterday", "2026-13-45"])(
    "refuses %s as bad input naming since",
    (text) => {
      expect(() => parseSince(text, now)).toThrow(
        /^invalid since ".*": must be a duration such as 90s, 15m, 1h or 2d/,
      );
    },
  );
});

describe("waitProgressText", () => {
  it("says the place in line, the holder with its tier and time held, and the time waited", () => {
    const hold = { held_by: "s-7f3", acquired_at: at(0), tier: "active" as const };
    const progress = {
      lock_name: "resource:deploy",
      mode: "exclusive" as const,
      position: 2,
      waited_ms: 41_000,
      slots: 1,
      waiting: 2,
    };
    const now = Date.parse(at(192));
    expect(waitProgressText({ ...progress, holders: [hold as never] }, now)).toBe(
      "2nd in line, held by s-7f3 (active, 3m 12s), waited 41s",
    );
    expect(
      waitProgressText(
        { ...progress, position: 1, holders: [hold, { ...hold, held_by: "s-2", tier: null }] as never },
        now,
      ),
    ).toBe("1st in line, held by s-7f3 (active, 3m 12s) and 1 more, waited 41s");
  });
});
