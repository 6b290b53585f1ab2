import { describe, expect, it } from "vitest";
import { hold, lockState, session, THRESHOLDS } from "../../test/scripted-live-source.js";
import type { HistoryEvent } from "../schemas/history.js";
import { LiveSnapshotSchema } from "./live-snapshot.js";
import { LiveState, refetchFor, type SnapshotContext } from "./live-state.js";

const T0 = Date.parse("2026-03-01T14:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const ctx = (now: number, extra: Partial<SnapshotContext> = {}): SnapshotContext => ({
  now,
  thresholds: THRESHOLDS,
  backend: "file",
  location: "/tmp/c",
  me: "3f2a91c4-me",
  error: null,
  eventsShown: 10,
  ...extra,
});
const event = (id: string, type: HistoryEvent["type"], name: string, extra: Partial<HistoryEvent> = {}) =>
  ({
    id,
    time: at(0),
    type,
    name,
    session: null,
    host: "box",
    token: null,
    by: null,
    reason: null,
    waited_ms: null,
    position: null,
    ...extra,
  }) satisfies HistoryEvent;

describe("LiveState.snapshot", () => {
  it("shows tiers by heartbeat age at the moment asked, dead when the process is gone, me marked", () => {
    const state = new LiveState({ windowMs: 3_600_000, maxEvents: 100 });
    state.setSessions([
      session("3f2a91c4-me", at(-10)),
      session("77ab01d2-idle", at(-600)),
      session("c0ffee00-stale", at(-2 * 3600)),
      session("dead0000-gone", at(-5), { gone: true }),
    ]);
    const snap = state.snapshot(ctx(T0));
    expect(snap.sessions.map((s) => [s.session_id, s.tier, s.heartbeat_age_ms, s.me])).toEqual([
      ["3f2a91c4-me", "active", 10_000, true],
      ["77ab01d2-idle", "idle", 600_000, false],
      ["c0ffee00-stale", "stale", 7_200_000, false],
      ["dead0000-gone", "dead", 5_000, false],
    ]);
    // the same records five minutes later: ages and tiers move on without a read
    const later = state.snapshot(ctx(T0 + 300_000));
    expect(later.sessions.find((s) => s.session_id === "3f2a91c4-me")?.tier).toBe("idle");
    expect(LiveSnapshotSchema.safeParse(snap).success).toBe(true);
  });

  it("gives holders time held and TTL left, waiters their place and time waited; lapsed holds and leases drop out", () => {
    const state = new LiveState({ windowMs: 3_600_000, maxEvents: 100 });
    state.setLocks([
      lockState("resource:deploy", [hold("resource:deploy", "3f2a91c4-me", 17, at(-252), at(55))], {
        waiters: [
          {
            session_id: "77ab01d2-idle",
            host: "box",
            mode: "exclusive",
            since: at(-63),
            lease_expires_at: at(4),
          },
          {
            session_id: "c0ffee00-x",
            host: "box",
            mode: "exclusive",
            since: at(-12),
            lease_expires_at: at(3),
          },
          {
            session_id: "feed0000-y",
            host: "box",
            mode: "exclusive",
            since: at(-9),
            lease_expires_at: at(-1),
          },
        ],
        requests: [{ by: "77ab01d2-idle", reason: "hotfix", at: at(-30), expires_at: at(270) }],
      }),
      lockState("resource:old", [hold("resource:old", "77ab01d2-idle", 3, at(-400), at(-1))]),
    ]);
    state.setSessions([session("3f2a91c4-me", at(-1)), session("77ab01d2-idle", at(-1))]);
    const snap = state.snapshot(ctx(T0));
    expect(snap.locks).toHaveLength(1);
    const [deploy] = snap.locks;
    expect(deploy!.holders[0]).toMatchObject({
      held_by: "3f2a91c4-me",
      held_ms: 252_000,
      ttl_left_ms: 55_000,
    });
    expect(deploy!.waiters.map((w) => [w.session_id, w.position, w.waited_ms])).toEqual([
      ["77ab01d2-idle", 1, 63_000],
      ["c0ffee00-x", 2, 12_000],
    ]);
    expect(deploy!.requests).toEqual([expect.objectContaining({ by: "77ab01d2-idle", reason: "hotfix" })]);
    expect(snap.sessions.map((s) => [s.session_id, s.holds, s.waits])).toEqual([
      ["3f2a91c4-me", 1, 0],
      ["77ab01d2-idle", 0, 1],
    ]);
    expect(snap.short_ids).toMatchObject({ "3f2a91c4-me": "3f2a91", "77ab01d2-idle": "77ab01" });
  });

  it("keeps the newest events, newest first, each once, and no more than it may", () => {
    const state = new LiveState({ windowMs: 3_600_000, maxEvents: 3 });
    for (const id of ["1", "2", "3", "4"])
      state.apply(event(id, "lock.acquired", "resource:a", { session: "s" }));
    expect(state.apply(event("4", "lock.acquired", "resource:a"))).toBeNull();
    expect(state.snapshot(ctx(T0)).events.map((e) => e.id)).toEqual(["4", "3", "2"]);
  });

  it("joins claims to their holders' tiers", () => {
    const state = new LiveState({ windowMs: 3_600_000, maxEvents: 10 });
    state.setSessions([session("3f2a91c4-me", at(-1))]);
    const claim = {
      repo: "acme/api",
      number: 42,
      title: "Fix auth",
      label: "API #42: Fix auth",
      claimed_at: at(-5),
    };
    state.setClaims([
      { ...claim, session_id: "3f2a91c4-me" },
      { ...claim, number: 7, label: "API #7: x", session_id: "nobody" },
    ]);
    const snap = state.snapshot(ctx(T0));
    expect(snap.claims.map((c) => [c.number, c.holder_tier])).toEqual([
      [42, "active"],
      [7, null],
    ]);
    expect(snap.sessions[0]!.claim).toBe("API #42: Fix auth");
  });
});

describe("refetchFor", () => {
  it("a lock event rereads that lock, a claim event the claims, a session's end everything", () => {
    expect(refetchFor(event("1", "lock.queued", "resource:a"))).toMatchObject({
      sessions: false,
      claims: false,
      allLocks: false,
      locks: new Set(["resource:a"]),
    });
    expect(refetchFor(event("2", "claim.overridden", "acme/api#4"))).toMatchObject({
      claims: true,
      sessions: false,
    });
    expect(refetchFor(event("3", "session.started", "s"))).toMatchObject({ sessions: true, allLocks: false });
    expect(refetchFor(event("4", "session.found_dead", "s"))).toMatchObject({
      sessions: true,
      claims: true,
      allLocks: true,
    });
  });
});
