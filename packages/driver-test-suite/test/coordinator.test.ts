import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Coordinator, DEFAULTS, type Driver, ManualClock } from "@agent-baton/core";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryDriver, testConfig } from "../src/index.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function gitRepo(branch: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), "baton-work-"));
  made.push(dir);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "init");
  if (branch) git("checkout", "-q", "-b", branch);
  else git("checkout", "-q", "--detach");
  return dir;
}

function coordinator(sessionId: string, namespace: string, cwd = process.cwd()) {
  return new Coordinator({
    driver: createMemoryDriver({ namespace }),
    config: testConfig(),
    sessionId,
    cwd,
    clock: new ManualClock(Date.now()),
  });
}

describe("Coordinator (on the reference driver)", () => {
  it("registers without git's lookups: worktree and branch stay as recorded, null for a new session", async () => {
    const repo = gitRepo("feature-y");
    const quick = await coordinator("s1", "lookups-1", repo).sessions.register(
      { source: "startup" },
      { lookups: false },
    );
    expect(quick.session).toMatchObject({ worktree: null, repo: null, branch: null });
    const full = (await coordinator("s1", "lookups-1", repo).sessions.refresh())!;
    expect(full.session).toMatchObject({ branch: "feature-y", started_at: quick.session.started_at });
    expect(full.session.metadata).toEqual({ source: "startup" });
    expect(full.session.worktree).not.toBeNull();
    const again = await coordinator("s1", "lookups-1", repo).sessions.register({}, { lookups: false });
    expect(again.session).toMatchObject({ worktree: full.session.worktree, branch: "feature-y" });
    expect([quick.registered, full.registered, again.registered]).toEqual([true, false, false]);
  });

  it("refreshes only a session still on record: an ended one is not brought back", async () => {
    const repo = gitRepo("feature-z");
    expect(await coordinator("s1", "refresh-1", repo).sessions.refresh()).toBeNull();
    await coordinator("s2", "refresh-1", repo).sessions.register({}, { lookups: false });
    await coordinator("s2", "refresh-1", repo).sessions.end();
    expect(await coordinator("s2", "refresh-1", repo).sessions.refresh()).toBeNull();
    expect(await coordinator("s2", "refresh-1", repo).sessions.get()).toBeNull();
  });

  it("'work' locks the name derived from the current git branch", async () => {
    const c = coordinator("s1", "work-1", gitRepo("issue-42-auth"));
    expect(await c.acquire("work")).toMatchObject({ acquired: true, lock_name: "issue:42" });
    const wave = coordinator("s1", "work-1", gitRepo("wave-5c-1-feat"));
    expect(await wave.acquire("work")).toMatchObject({ acquired: true, lock_name: "wave:5c.1" });
  });

  it("'work' on a detached HEAD is a clear error", async () => {
    const c = coordinator("s1", "work-2", gitRepo(null));
    await expect(c.acquire("work")).rejects.toThrow(
      /cannot derive the lock name "work": .* is not on a git branch/,
    );
  });

  it("a timed-out wait says so, with the holder and the time waited", async () => {
    const a = coordinator("a", "wait-1");
    const b = coordinator("b", "wait-1");
    await a.acquire("busy", { ttl: 60 });
    const seen: string[] = [];
    const r = await b.acquire("busy", { wait: 1, onWait: (p) => seen.push(p.holders[0]!.held_by) });
    expect(r).toMatchObject({ success: false, acquired: false, reason: "timeout", held_by: "a" });
    expect(r.waited_seconds).toBeGreaterThanOrEqual(1);
    expect(seen[0]).toBe("a");
    expect(await b.acquire("busy")).toMatchObject({ acquired: false, reason: "held" });
  });

  it("rejects bad names, TTLs and waits before touching storage", async () => {
    const c = coordinator("s1", "bad-1");
    await expect(c.acquire("has space")).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(c.acquire("ok", { ttl: 0 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(c.acquire("ok", { ttl: 86_401 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(c.acquire("ok", { ttl: "abc" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(c.acquire("ok", { wait: 3_601 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(c.extend("ok", 0)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await c.list()).count).toBe(0);
  });

  it("uses DEFAULT_LOCK_TIMEOUT when no TTL is given", async () => {
    const c = new Coordinator({
      driver: createMemoryDriver({ namespace: "ttl-1" }),
      config: { ...DEFAULTS, coordinationDir: "/x", defaultLockTimeout: 42 },
      sessionId: "s1",
    });
    const r = await c.acquire("t");
    expect(Date.parse(r.expires_at!) - Date.parse(r.acquired_at!)).toBe(42_000);
  });

  it("release, extend and force-release report the original's reasons", async () => {
    const a = coordinator("a", "rel-1");
    const b = coordinator("b", "rel-1");
    await a.acquire("r");
    expect(await b.release("r")).toEqual({
      success: false,
      released: false,
      lock_name: "resource:r",
      reason: "not_owner",
      held_by: "a",
    });
    expect(await b.extend("r", 10)).toMatchObject({
      success: false,
      extended: false,
      reason: "not_owner",
      held_by: "a",
    });
    expect(await b.forceRelease("r")).toMatchObject({
      success: true,
      released: true,
      broke: { held_by: "a" },
    });
    expect(await a.release("r")).toMatchObject({ success: false, reason: "lock_not_found" });
    expect(await a.forceRelease("r")).toMatchObject({ success: false, reason: "lock_not_found" });
  });

  it("removes a hold's original-lock copy before the driver frees the name, so it is never the next holder's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-copies-"));
    made.push(dir);
    const copy = join(dir, "locks", "q.lock");
    // what the original-lock copy looked like at each moment the driver was asked to free the name
    const seen: string[] = [];
    const memory = createMemoryDriver({ namespace: "copies-1" });
    const driver: Driver = {
      ...memory,
      releaseLock: (...args) => (seen.push(`release: ${existsSync(copy)}`), memory.releaseLock(...args)),
      forceReleaseLock: (...args) => (
        seen.push(`force: ${existsSync(copy)}`), memory.forceReleaseLock(...args)
      ),
    };
    const as = (sessionId: string) =>
      new Coordinator({ driver, config: { ...testConfig("file"), coordinationDir: dir }, sessionId });
    expect((await as("a").acquire("q", { ttl: 60 })).acquired).toBe(true);
    expect(existsSync(copy)).toBe(true);
    await as("a").release("q");
    expect((await as("b").acquire("q", { ttl: 60 })).acquired).toBe(true);
    await as("admin").forceRelease("q");
    expect(seen).toEqual(["release: false", "force: false"]);
    expect(existsSync(copy)).toBe(false);
  });

  it("a session's end removes the original-lock copies of the locks it held, and only those", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-copies-"));
    made.push(dir);
    const driver = createMemoryDriver({ namespace: "copies-2" });
    const as = (sessionId: string) =>
      new Coordinator({ driver, config: { ...testConfig("file"), coordinationDir: dir }, sessionId });
    for (const name of ["q", "r"]) expect((await as("a").acquire(name, { ttl: 600 })).acquired).toBe(true);
    expect((await as("b").acquire("s", { ttl: 600 })).acquired).toBe(true);
    const copy = (name: string) => existsSync(join(dir, "locks", `${name}.lock`));
    expect([copy("q"), copy("r"), copy("s")]).toEqual([true, true, true]);
    expect((await as("a").sessions.end()).released_locks.sort()).toEqual(["resource:q", "resource:r"]);
    expect([copy("q"), copy("r"), copy("s")]).toEqual([false, false, true]);
  });

  it("health reports the backend", async () => {
    expect(await coordinator("a", "h-1").health()).toMatchObject({
      status: "healthy",
      backend: "memory",
      reachable: true,
    });
  });
});
