import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { ask, claimFor } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

const HOSTILE = [
  "resource:../x",
  "resource:a/../../b",
  "resource:/etc/passwd",
  "../../../../tmp/escaped",
  "resource:CON",
  "resource:con",
  "resource:Con.txt",
  "resource:.",
  "resource:..",
  `resource:${"x/".repeat(96)}`,
  `resource:${"A".repeat(191)}`,
  `resource:${"a".repeat(191)}`,
  "resource:a\\..\\..\\b",
  "resource:nul:",
  "resource:%2e%2e%2fx",
];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? [path, ...walk(path)] : [path];
  });
}

describe("names never become raw paths", () => {
  it("hostile lock names, session ids and repos stay inside the directory, distinct, within 255 bytes", async () => {
    const passwdMtime = statSync("/etc/passwd").mtimeMs;
    const outer = tempDir("names");
    const dir = join(outer, "coordination");
    const driver = createFileDriver({ dir });
    for (const [i, name] of HOSTILE.entries()) {
      expect((await driver.acquireLock(name, ask(`s${i}`))).acquired).toBe(true);
      await driver.releaseLock(name, `s${i}`);
      expect((await driver.acquireLock(name, ask(name))).acquired).toBe(true);
      await driver.putSession({
        session_id: name,
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
      await driver.claimIssue({ ...claimFor(name, i + 1), repo: name });
    }
    for (const name of HOSTILE) {
      expect((await driver.getLock(name))?.holders[0]?.held_by).toBe(name);
      expect((await driver.getSession(name))?.session_id).toBe(name);
    }
    expect((await driver.listLocks("*")).map((l) => l.lock_name).sort()).toEqual([...HOSTILE].sort());
    expect((await driver.listClaims()).map((c) => c.repo).sort()).toEqual([...HOSTILE].sort());

    const paths = walk(outer);
    for (const path of paths) expect(relative(dir, path).startsWith("..")).toBe(false);
    expect(paths.filter((p) => p !== dir && !p.startsWith(`${dir}/`))).toEqual([]);
    expect(existsSync("/tmp/escaped") || existsSync("/escaped")).toBe(false);
    expect(statSync("/etc/passwd").mtimeMs).toBe(passwdMtime);
    for (const path of paths) expect(Buffer.byteLength(path.split("/").pop()!)).toBeLessThanOrEqual(255);
    const lockFiles = readdirSync(join(dir, "locks"));
    expect(new Set(lockFiles.map((f) => f.toLowerCase())).size).toBe(HOSTILE.length);
    expect(lockFiles.every((f) => /^[a-z0-9_-]+-[0-9a-f]{24}\.json$/.test(f))).toBe(true);
    await driver.close();
  });

  it("creates a missing directory tree on first use, directories 0700 and records 0600", async () => {
    const dir = join(tempDir("modes"), "not", "yet", "there");
    const driver = createFileDriver({ dir });
    await driver.acquireLock("resource:a", ask("s1"));
    await driver.releaseLock("resource:a", "s1");
    await driver.acquireLock("resource:a", ask("s1"));
    await driver.claimIssue(claimFor("s1", 1));
    const paths = walk(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const path of paths) {
      const stat = statSync(path);
      expect(stat.mode & 0o777, path).toBe(stat.isDirectory() ? 0o700 : 0o600);
    }
    expect(paths.some((p) => p.includes("/fencing/"))).toBe(true);
    await driver.close();
  });
});
