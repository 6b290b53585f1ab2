import type { LockRecord } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { waitNotice } from "./wait-notice.js";

const held = (held_by: string, fencing_token: number): LockRecord => ({
  lock_name: "resource:build",
  held_by,
  host: "h",
  pid: null,
  pid_start: null,
  worktree: "/src/app",
  acquired_at: "2030-01-02T03:04:05.678Z",
  expires_at: "2030-01-02T04:04:05.678Z",
  fencing_token,
});

describe("waitNotice", () => {
  it("logs when the wait starts, when the holder changes, and once per interval, not at every look", () => {
    const lines: string[] = [];
    const onWait = waitNotice("build", { prefix: "baton", log: (l) => lines.push(l), everySeconds: 10 });
    for (const ms of [0, 1_000, 4_000, 9_900]) onWait(held("alice", 7), ms);
    onWait(held("alice", 7), 10_100);
    onWait(held("alice", 7), 12_000);
    onWait(held("bob", 8), 13_000);
    onWait(held("bob", 9), 14_000);
    onWait(held("bob", 9), 20_500);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(
      /^baton: waiting for build: held by alice in \/src\/app since 2030-01-02T03:04:05Z \(.+ ago\); waited 0s$/,
    );
    expect(lines[1]).toMatch(/^baton: still waiting for build: held by alice .*; waited 10s$/);
    expect(lines[2]).toMatch(/^baton: waiting for build: now held by bob .*; waited 13s$/);
    // the same session taking the lock again is a new holding (a new token)
    expect(lines[3]).toMatch(/^baton: waiting for build: now held by bob .*; waited 14s$/);
    expect(lines[4]).toMatch(/^baton: still waiting for build: held by bob .*; waited 20s$/);
  });

  it("shows the wait's limit, and repeats every 10 s unless told otherwise", () => {
    const lines: string[] = [];
    const onWait = waitNotice("build", {
      prefix: "session-lock",
      log: (l) => lines.push(l),
      limitSeconds: 120,
    });
    for (let ms = 0; ms <= 25_000; ms += 500) onWait(held("alice", 7), ms);
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
    onWait(held("alice", 7), 0);
    onWait(held("alice", 7), 300);
    expect(lines).toEqual([]);
    expect(drawn).toHaveLength(2);
    expect(drawn[1]).toMatch(/^baton: waiting for build: held by alice for .+, waited 0s$/);
  });
});
