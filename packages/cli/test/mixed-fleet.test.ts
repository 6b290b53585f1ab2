import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeWorld, type World } from "./helpers.js";

vi.setConfig({ testTimeout: 60_000 });

const alice = { env: { BATON_SESSION_ID: "alice" } };

/** A lock file as the original `session-lock.sh acquire` writes it, with its session's heartbeat file. */
function originalLock(
  w: World,
  name: string,
  o: { session: string; pid: number; expiresInS: number; heartbeatAgeS?: number | null },
) {
  const dir = w.env.COORDINATION_DIR!;
  mkdirSync(join(dir, "locks"), { recursive: true });
  mkdirSync(join(dir, "heartbeat"), { recursive: true });
  const now = Date.now();
  writeFileSync(
    join(dir, "locks", `${name}.lock`),
    JSON.stringify({
      session_id: o.session,
      worktree: "/home/dev/old-worktree",
      operation: name,
      acquired_at: new Date(now - 10_000).toISOString().replace(/\.\d{3}Z$/, "+00:00"),
      pid: o.pid,
      expires_at: new Date(now + o.expiresInS * 1000).toISOString().replace(/\.\d{3}Z$/, "+00:00"),
    }),
  );
  if (o.heartbeatAgeS != null) {
    const beat = join(dir, "heartbeat", `${o.session}.heartbeat`);
    writeFileSync(beat, "");
    const at = new Date(now - o.heartbeatAgeS * 1000);
    utimesSync(beat, at, at);
  }
}

/** A pid that ran and is gone. */
const deadPid = 2 ** 22 - 3;

describe("a mixed fleet sharing COORDINATION_DIR with the original scripts (file backend)", () => {
  it("a live original lock file holds the name for baton too, naming the original's session", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    originalLock(w, "oldlock", { session: "old-session-1", pid: deadPid, expiresInS: 300, heartbeatAgeS: 5 });
    const acquire = await w.run(["lock", "acquire", "oldlock", "--json"], alice);
    expect(acquire.code).toBe(1);
    expect(acquire.json()).toMatchObject({ acquired: false, held_by: "old-session-1" });
    const check = await w.run(["lock", "check", "oldlock"], alice);
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toMatch(/old-session-1/);
    // the original's file is theirs: baton changed nothing in it
    expect(
      JSON.parse(readFileSync(join(w.env.COORDINATION_DIR!, "locks", "oldlock.lock"), "utf8")),
    ).not.toHaveProperty("baton");
  });

  it("a live original holder found by its pid alone (no heartbeat file) holds the name as well", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    originalLock(w, "oldlock", {
      session: "old-session-2",
      pid: process.pid,
      expiresInS: 300,
      heartbeatAgeS: null,
    });
    expect((await w.run(["lock", "acquire", "oldlock"], alice)).code).toBe(1);
  });

  it("an expired original lock file, or one whose session and pid are gone, holds nothing", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    originalLock(w, "expired", { session: "old-3", pid: process.pid, expiresInS: -5, heartbeatAgeS: 1 });
    originalLock(w, "orphan", { session: "old-4", pid: deadPid, expiresInS: 300, heartbeatAgeS: 100_000 });
    expect((await w.run(["lock", "acquire", "expired"], alice)).code).toBe(0);
    expect((await w.run(["lock", "acquire", "orphan"], alice)).code).toBe(0);
  });

  it("baton's locks are written as original lock files while held, so the original's acquire waits, and removed on release", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    const dir = w.env.COORDINATION_DIR!;
    expect((await w.run(["lock", "acquire", "newlock", "--ttl", "600"], alice)).code).toBe(0);
    const file = join(dir, "locks", "newlock.lock");
    const copy = JSON.parse(readFileSync(file, "utf8"));
    // what the original's is_lock_stale reads: session_id, pid, expires_at (GNU date parses ISO 8601)
    expect(copy).toMatchObject({ session_id: "alice", operation: "newlock", baton: true });
    expect(Date.parse(copy.expires_at) - Date.now()).toBeGreaterThan(500_000);
    // and the heartbeat file it counts a session alive by
    const beat = statSync(join(dir, "heartbeat", "alice.heartbeat"));
    expect(Date.now() - beat.mtimeMs).toBeLessThan(60_000);
    expect((await w.run(["lock", "release", "newlock"], alice)).code).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it("force-release removes baton's copy too; a release never removes a file the original wrote", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    const dir = w.env.COORDINATION_DIR!;
    expect((await w.run(["lock", "acquire", "newlock"], alice)).code).toBe(0);
    expect(
      (await w.run(["lock", "force-release", "newlock"], { env: { BATON_SESSION_ID: "admin" } })).code,
    ).toBe(0);
    expect(existsSync(join(dir, "locks", "newlock.lock"))).toBe(false);
    originalLock(w, "theirs", { session: "alice", pid: process.pid, expiresInS: 300, heartbeatAgeS: 1 });
    await w.run(["lock", "release", "theirs"], alice);
    expect(existsSync(join(dir, "locks", "theirs.lock"))).toBe(true);
  });
});

describe("a mixed fleet sharing a Redis database with the original's coordination server (redis backend)", () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  }, 20_000);
  afterAll(async () => {
    await server?.stop();
  });
  const redisWorld = () =>
    makeWorld({
      COORDINATION_BACKEND: "redis",
      REDIS_URL: server.url,
      BATON_KEY_PREFIX: `t${randomUUID().slice(0, 8)}`,
    });
  const cli = (...args: string[]) =>
    execFileSync("redis-cli", ["-p", String(server.port), ...args], { encoding: "utf8" }).trim();

  it("a live claude:locks key of the original's holds the name: acquire and check exit 1 naming its session, doctor lists it", async () => {
    const w = redisWorld();
    // as the original's acquire_lock writes it: SET NX EX with its JSON
    const value = JSON.stringify({
      session_id: "old-session-9",
      acquired_at: "2026-11-30T10:00:00.000000+00:00",
      expires_at: "2026-11-30T10:05:00.000000+00:00",
      worktree: "/home/dev/old-worktree",
    });
    expect(cli("SET", "claude:locks:resource:oldlock", value, "NX", "EX", "300")).toBe("OK");
    const acquire = await w.run(["lock", "acquire", "oldlock", "--json"], alice);
    expect(acquire.code).toBe(1);
    expect(acquire.json()).toMatchObject({ acquired: false, held_by: "old-session-9" });
    const check = await w.run(["lock", "check", "oldlock"], alice);
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toMatch(/old-session-9/);
    expect(cli("GET", "claude:locks:resource:oldlock")).toBe(value);

    const doctor = await w.run(["doctor"], alice);
    expect(doctor.stdout).toMatch(
      /! original lock resource:oldlock \(key claude:locks:resource:oldlock\) held by old-session-9 in \/home\/dev\/old-worktree until /,
    );

    expect(cli("DEL", "claude:locks:resource:oldlock")).toBe("1");
    expect((await w.run(["lock", "acquire", "oldlock"], alice)).code).toBe(0);
  });

  it("baton's hold is in the original's key while held, as its check_lock reads it, and gone on release", async () => {
    const w = redisWorld();
    expect((await w.run(["lock", "acquire", "newlock", "--ttl", "600"], alice)).code).toBe(0);
    const copy = JSON.parse(cli("GET", "claude:locks:resource:newlock"));
    expect(copy).toMatchObject({ session_id: "alice", worktree: w.home });
    expect(Date.parse(copy.expires_at) - Date.now()).toBeGreaterThan(500_000);
    expect(Number(cli("TTL", "claude:locks:resource:newlock"))).toBeGreaterThan(500);
    // the original's acquire_lock: SET NX fails while baton holds it
    expect(cli("SET", "claude:locks:resource:newlock", "{}", "NX", "EX", "300")).toBe("");
    expect((await w.run(["lock", "release", "newlock"], alice)).code).toBe(0);
    expect(cli("EXISTS", "claude:locks:resource:newlock")).toBe("0");
  });
});
