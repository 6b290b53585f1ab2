import { type HistoryEvent, type LiveSnapshot, LiveState, type LockRecord } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { statusView } from "./status-view.js";

const T0 = Date.parse("2026-03-01T14:00:00.000Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const ALL = { width: Number.POSITIVE_INFINITY, height: Number.POSITIVE_INFINITY };

function hold(name: string, by: string, token: number, acquired: number, expires: number): LockRecord {
  const base = {
    host: "box",
    pid: null,
    pid_start: null,
    pgid: null,
    worktree: "/w",
    mode: "exclusive" as const,
  };
  return {
    ...base,
    lock_name: name,
    held_by: by,
    acquired_at: at(acquired),
    expires_at: at(expires),
    fencing_token: token,
  };
}

function snapshot(sessions = 3, locks = 2): LiveSnapshot {
  const state = new LiveState({ windowMs: 3_600_000, maxEvents: 100 });
  const ids = Array.from({ length: sessions }, (_, i) => `${(0x3f2a91 + i * 0x111).toString(16)}c4-${i}`);
  state.setSessions(
    ids.map((id, i) => ({
      session_id: id,
      host: "box",
      pid: null,
      pid_start: null,
      cwd: "/w",
      worktree: "/w",
      repo: "acme/api",
      branch: `issue-${i}`,
      started_at: at(-100 - i),
      last_heartbeat: at(i === 1 ? -900 : -12),
      paused: false,
      metadata: {},
      gone: false,
    })),
  );
  state.setLocks(
    Array.from({ length: locks }, (_, i) => ({
      lock_name: `resource:lock-${i}`,
      slots: 1,
      holders: [hold(`resource:lock-${i}`, ids[i % sessions]!, 10 + i, -252, 55)],
      waiters:
        i === 0
          ? [
              {
                session_id: ids[1]!,
                host: "box",
                mode: "exclusive" as const,
                since: at(-63),
                lease_expires_at: at(4),
              },
            ]
          : [],
      requests: i === 0 ? [{ by: ids[1]!, reason: "hotfix", at: at(-5), expires_at: at(100) }] : [],
    })),
  );
  state.setClaims([
    {
      repo: "acme/api",
      number: 42,
      title: "Fix auth",
      label: "API #42: Fix auth",
      session_id: ids[0]!,
      claimed_at: at(-600),
    },
  ]);
  const event: HistoryEvent = {
    id: "1",
    time: at(-252),
    type: "lock.acquired",
    name: "resource:lock-0",
    session: ids[0]!,
    host: "box",
    token: 10,
    by: null,
    reason: null,
    waited_ms: 3000,
    position: null,
  };
  state.setEvents([event]);
  return state.snapshot({
    now: T0,
    thresholds: {
      activeThreshold: 300,
      idleThreshold: 3600,
      staleThreshold: 14_400,
      abandonedThreshold: 86_400,
    },
    backend: "file",
    location: "/tmp/coordination",
    me: ids[0]!,
    error: null,
    eventsShown: 10,
  });
}

describe("statusView", () => {
  it("shows locks with holder, time held, TTL left and the line; sessions with tier and heartbeat; claims; events", () => {
    const text = statusView(snapshot(), ALL, false).join("\n");
    expect(text).toMatch(/resource:lock-0\s+3f2a91\s+held 4m 12s\s+ttl 55s .*line: 1\. 3f2ba2 1m 3s/);
    expect(text).toContain("release asked by 3f2ba2: hotfix");
    expect(text).toMatch(/3f2a91 me\s+active\s+beat 12s/);
    expect(text).toMatch(/3f2ba2\s+idle\s+beat 15m 0s/);
    expect(text).toMatch(/SESSIONS 3 · 2 active · 1 idle/);
    expect(text).toMatch(/3f2a91\s+active\s+API #42: Fix auth/);
    expect(text).toMatch(/lock\.acquired\s+3f2a91\s+resource:lock-0 #10 waited 3s/);
    expect(text).not.toContain("\x1b[");
  });

  it("fits the screen: no line wider than it, no more lines than it has, and says what it left out", () => {
    const lines = statusView(snapshot(30, 30), { width: 60, height: 20 }, false);
    expect(lines.length).toBeLessThanOrEqual(20);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
    expect(lines.join("\n")).toMatch(/… \d+ more/);
    expect(lines[0]).toContain("(q quits)");
  });

  it("paints tiers and headings on a colour terminal only", () => {
    const painted = statusView(snapshot(), ALL, true).join("\n");
    expect(painted).toContain("\x1b[1mLOCKS\x1b[0m");
    expect(painted).toContain("\x1b[36midle");
  });

  it("says the backend failed above what it last read", () => {
    const snap = { ...snapshot(), error: "redis://localhost:6390: connect ECONNREFUSED" };
    expect(statusView(snap, ALL, false)[1]).toBe("backend: redis://localhost:6390: connect ECONNREFUSED");
  });
});
