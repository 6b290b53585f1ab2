import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ask, claimFor } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver, encodeName } from "../src/index.js";
import { tempDir } from "./helpers.js";

const session = (id: string) => ({
  session_id: id,
  host: "h",
  pid: null,
  pid_start: null,
  cwd: "/",
  worktree: null,
  repo: null,
  branch: null,
  started_at: new Date().toISOString(),
  last_heartbeat: new Date().toISOString(),
  paused: false,
  metadata: {},
});

describe("corrupt records", () => {
  it("garbage, half a document and an empty file: reported once with the path, moved aside, treated as absent", async () => {
    const dir = join(tempDir("corrupt"), "coordination");
    const warnings: string[] = [];
    const driver = createFileDriver({ dir, warn: (m) => warnings.push(m) });
    for (const name of ["resource:garbage", "resource:half", "resource:empty", "resource:good"]) {
      await driver.acquireLock(name, ask("s1"));
    }
    await driver.putSession(session("s-bad"));
    await driver.putSession(session("s-good"));
    await driver.claimIssue(claimFor("s-bad", 1));
    await driver.claimIssue(claimFor("s-good", 2));

    const lock = (name: string) => join(dir, "locks", `${encodeName(name)}.json`);
    const half = readFileSync(lock("resource:half"), "utf8");
    writeFileSync(lock("resource:garbage"), "\u0000\u00ffnot json at all");
    writeFileSync(lock("resource:half"), half.slice(0, half.length / 2));
    writeFileSync(lock("resource:empty"), "");
    const badSession = join(dir, "sessions", `${encodeName("s-bad")}.json`);
    writeFileSync(badSession, '{"session_id": "s-b');
    const badClaim = join(dir, "claims", `${encodeName("acme/api#1")}.json`);
    writeFileSync(badClaim, "[");

    expect((await driver.listLocks("*")).map((l) => l.lock_name)).toEqual(["resource:good"]);
    expect((await driver.listSessions()).map((s) => s.session_id)).toEqual(["s-good"]);
    expect((await driver.listClaims()).map((c) => c.number)).toEqual([2]);
    expect(await driver.listLocks("*")).toHaveLength(1);
    expect(await driver.getLock("resource:half")).toBeNull();

    const moved = [
      lock("resource:garbage"),
      lock("resource:half"),
      lock("resource:empty"),
      badSession,
      badClaim,
    ];
    expect(warnings).toHaveLength(moved.length);
    for (const path of moved) {
      expect(existsSync(path)).toBe(false);
      expect(existsSync(`${path}.corrupt`)).toBe(true);
      expect(warnings.filter((w) => w.includes(path))).toHaveLength(1);
    }
    expect(readFileSync(`${lock("resource:empty")}.corrupt`, "utf8")).toBe("");
    await driver.close();
  });

  it("a session file of the original scripts in sessions/ is neither listed nor moved aside", async () => {
    const dir = join(tempDir("original-session"), "coordination");
    const warnings: string[] = [];
    const driver = createFileDriver({ dir, warn: (m) => warnings.push(m) });
    await driver.putSession(session("s-good"));
    const original = join(dir, "sessions", "old-session-1.json");
    const body = JSON.stringify({ session_id: "old-session-1", worktree: "/w", pid: 4242, status: "active" });
    writeFileSync(original, body);
    expect((await driver.listSessions()).map((s) => s.session_id)).toEqual(["s-good"]);
    expect(readFileSync(original, "utf8")).toBe(body);
    expect(existsSync(`${original}.corrupt`)).toBe(false);
    expect(warnings).toEqual([]);
    await driver.close();
  });

  it("a corrupt lock is free again, and its next token is above every token it could have had", async () => {
    const dir = join(tempDir("corrupt-token"), "coordination");
    const driver = createFileDriver({ dir, warn: () => {} });
    const first = await driver.acquireLock("resource:t", ask("s1"));
    writeFileSync(join(dir, "locks", `${encodeName("resource:t")}.json`), "{");
    const next = await driver.acquireLock("resource:t", ask("s2"));
    expect(next.acquired).toBe(true);
    if (!first.acquired || !next.acquired) return;
    expect(next.lock.fencing_token).toBeGreaterThan(first.lock.fencing_token);
    await driver.releaseLock("resource:t", "s2");
    writeFileSync(join(dir, "fencing", `${encodeName("resource:t")}.json`), "");
    const after = await driver.acquireLock("resource:t", ask("s3"));
    expect(after.acquired && after.lock.fencing_token).toBeGreaterThan(next.lock.fencing_token);
    await driver.close();
  });
});
