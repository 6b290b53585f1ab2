import { describe, expect, it } from "vitest";
import { hold, lockState } from "../../test/scripted-live-source.js";
import type { HistoryEvent } from "../schemas/history.js";
import { buildTimeline } from "./timeline.js";

const T0 = Date.parse("2026-03-01T14:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
let id = 0;
const ev = (
  minutes: number,
  type: HistoryEvent["type"],
  name: string,
  session: string,
  token: number | null,
) =>
  ({
    id: String(++id),
    time: at(minutes),
    type,
    name,
    session,
    host: "box",
    token,
    by: null,
    reason: null,
    waited_ms: null,
    position: null,
  }) satisfies HistoryEvent;
const HOUR = 3_600_000;

describe("buildTimeline", () => {
  it("draws each hold from its acquisition to the event that ended it, and the current hold to now", () => {
    const events = [
      ev(-50, "lock.acquired", "resource:deploy", "alice", 1),
      ev(-41, "lock.released", "resource:deploy", "alice", 1),
      ev(-40, "lock.acquired", "resource:deploy", "bob", 2),
      ev(-30, "lock.expired", "resource:deploy", "bob", 2),
      ev(-5, "lock.acquired", "resource:deploy", "carol", 3),
    ];
    const locks = [lockState("resource:deploy", [hold("resource:deploy", "carol", 3, at(-5), at(5))])];
    const timeline = buildTimeline(events, locks, T0, HOUR);
    expect(timeline).toMatchObject({ from: at(-60), to: at(0) });
    expect(timeline.rows).toHaveLength(1);
    expect(timeline.rows[0]!.bars.map((b) => [b.session, b.from, b.to, b.end, b.lane])).toEqual([
      ["alice", at(-50), at(-41), "lock.released", 0],
      ["bob", at(-40), at(-30), "lock.expired", 0],
      ["carol", at(-5), null, null, 0],
    ]);
  });

  it("starts holds that began before the window at its start, and drops those that ended before it", () => {
    const events = [
      ev(-90, "lock.acquired", "resource:a", "old", 1),
      ev(-80, "lock.released", "resource:a", "old", 1),
      ev(-20, "lock.released", "resource:b", "early", 7),
    ];
    const locks = [lockState("resource:c", [hold("resource:c", "long", 9, at(-200), at(60))])];
    const rows = buildTimeline(events, locks, T0, HOUR).rows;
    expect(rows.map((r) => [r.lock_name, r.bars.map((b) => [b.session, b.from, b.to])])).toEqual([
      ["resource:b", [["early", at(-60), at(-20)]]],
      ["resource:c", [["long", at(-60), null]]],
    ]);
  });

  it("puts holds at the same time (slots, shared) in lanes of their own", () => {
    const events = [
      ev(-30, "lock.acquired", "resource:gpu", "a", 1),
      ev(-25, "lock.acquired", "resource:gpu", "b", 2),
      ev(-20, "lock.released", "resource:gpu", "a", 1),
      ev(-10, "lock.acquired", "resource:gpu", "c", 3),
      ev(-5, "lock.released", "resource:gpu", "b", 2),
    ];
    const locks = [lockState("resource:gpu", [hold("resource:gpu", "c", 3, at(-10), at(10))], { slots: 2 })];
    const [row] = buildTimeline(events, locks, T0, HOUR).rows;
    expect(row!.lanes).toBe(2);
    expect(row!.bars.map((b) => [b.session, b.lane])).toEqual([
      ["a", 0],
      ["b", 1],
      ["c", 0],
    ]);
  });

  it("ends a session's open holds when it ends, and a hold it never saw end where its lock was last seen", () => {
    const events = [
      ev(-30, "lock.acquired", "resource:a", "gone", 1),
      ev(-25, "lock.acquired", "resource:b", "quiet", 2),
      ev(-15, "lock.queued", "resource:b", "other", null),
      { ...ev(-10, "session.found_dead", "gone", "gone", null) },
    ];
    const rows = buildTimeline(events, [], T0, HOUR).rows;
    expect(rows.map((r) => [r.lock_name, r.bars[0]!.to, r.bars[0]!.end])).toEqual([
      ["resource:a", at(-10), "session.found_dead"],
      ["resource:b", at(-15), null],
    ]);
  });
});
