import { describe, expect, it } from "vitest";
import type { WaitProgress } from "./schemas/lock.js";
import { waitNotice } from "./wait-notice.js";

const held = (held_by: string, fencing_token: number) => ({
  lock_name: "resource:build",
  held_by,
  host: "h",
  pid: null,
  pid_start: null,
  pgid: null,
  worktree: "/src/app",
  mode: "exclusive" as const,
  acquired_at: "2030-01-02T03:04:05.678Z",
  expires_at: "2030-01-02T04:04:05.678Z",
  fencing_token,
  ttl_remaining_seconds: 60,
  mine: false,
});

/** What a waiter is told: `holder` holds the name, the waiter is first in line and has waited `ms`. */
const at = (holder: ReturnType<typeof held>, ms: number): WaitProgress => ({
  lock_name: "resource:build",
  mode: "exclusive",
  position: 1,
  waited_ms: ms,
  slots: 1,
  holders: [holder],
  waiting: 1,
});

describe("waitNotice", () => {
  it("logs when the wait starts, when the holder changes, and once per interval, not at every look", () => {
    const lines: string[] = [];
    const onWait = waitNotice("build", { prefix: "baton", log: (l) => lines.push(l), everySeconds: 10 });
    for (const ms of [0, 1_000, 4_000, 9_900]) onWait(at(held("alice", 7), ms));
    onWait(at(held("alice", 7), 10_100));
    onWait(at(held("alice", 7), 12_000));
    onWait(at(held("bob", 8), 13_000));
    onWait(at(held("bob", 9), 14_000));
    onWait(at(held("bob", 9), 20_500));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(
      /^baton: waiting for build: 1st in line, held by alice \(.+\) in \/src\/app since 2030-01-02T03:04:05Z; waited 0s$/,
    );
    expect(lines[1]).toMatch(/^baton: still waiting for build: 1st in line, held by alice .*; waited 10s$/);
    expect(lines[2]).toMatch(/^baton: waiting for build: 1st in line, held by bob .*; waited 13s$/);
    // the same session taking the lock again is a new holding (a new token)
    expect(lines[3]).toMatch(/^baton: waiting for build: 1st in line, held by bob .*; waited 14s$/);
    expect(lines[4]).toMatch(/^baton: still waiting for build: 1st in line, held by bob .*; waited 20s$/);
  });

  it("shows the wait's limit, and repeats every 10 s unless told otherwise", () => {
    const lines: string[] = [];
    const onWait = waitNotice("build", {
      prefix: "session-lock",
      log: (l) => lines.push(l),
      limitSeconds: 120,
    });
    for (let ms = 0; ms <= 25_000; ms += 500) onWait(at(held("alice", 7), ms));
    expect(lines.map((l) => l.replace(/.*; /, ""))).toEqual([
      "waited 0s of 120s",
      "waited 10s of 120s",
      "waited 20s of 120s",
    ]);
  });

  it("on a terminal redraws one line at every look instead of logging", () => {
    const lines: string[] = [];
    const drawn: string[] = [];
    const onWait = waitNotice("build", {
      prefix: "baton",
      log: (l) => lines.push(l),
      redraw: (l) => drawn.push(l),
    });
    onWait(at(held("alice", 7), 0));
    onWait(at(held("alice", 7), 300));
    expect(lines).toEqual([]);
    expect(drawn).toHaveLength(2);
    expect(drawn[1]).toMatch(/^baton: waiting for build: 1st in line, held by alice \(\S+\), waited 0s$/);
  });

  it('reads "2nd in line, held by S (active, 3m 12s), waited 41s", with every holder counted', () => {
    const drawn: string[] = [];
    const onWait = waitNotice("build", {
      prefix: "baton",
      log: () => undefined,
      redraw: (l) => drawn.push(l),
    });
    const since = new Date(Date.now() - 192_000).toISOString();
    const alice = { ...held("alice", 7), acquired_at: since, tier: "active" as const };
    onWait({ ...at(alice, 41_000), position: 2 });
    onWait({ ...at(alice, 41_000), position: 1, holders: [alice, held("bob", 8)] });
    expect(drawn[0]).toBe(
      "baton: waiting for build: 2nd in line, held by alice (active, 3m 12s), waited 41s",
    );
    expect(drawn[1]).toMatch(
      /^baton: waiting for build: 1st in line, held by alice \(active, .*\) and 1 more/,
    );
  });

  it("logs again when the place in line changes", () => {
    const lines: string[] = [];
    const onWait = waitNotice("build", { prefix: "baton", log: (l) => lines.push(l) });
    onWait({ ...at(held("alice", 7), 0), position: 2 });
    onWait({ ...at(held("alice", 7), 500), position: 2 });
    onWait({ ...at(held("alice", 7), 900), position: 1 });
    expect(lines.map((l) => l.split(",")[0])).toEqual([
      "baton: waiting for build: 2nd in line",
      "baton: waiting for build: 1st in line",
    ]);
  });

  it("between holders says its place in line", () => {
    const lines: string[] = [];
    const onWait = waitNotice("build", { prefix: "baton", log: (l) => lines.push(l) });
    onWait({ ...at(held("alice", 7), 0), holders: [], position: 3 });
    onWait(at(held("alice", 7), 1_000));
    expect(lines).toEqual([
      "baton: waiting for build: 3rd in line; waited 0s",
      expect.stringMatching(/^baton: waiting for build: 1st in line, held by alice /),
    ]);
  });
});
