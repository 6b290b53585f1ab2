import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Driver } from "@agent-baton/core";
import { ask, type RedisServer, sessionRecord, startRedis } from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

const worker = fileURLToPath(new URL("./fixtures/mixed-fleet-worker.mjs", import.meta.url));
const run = promisify(execFile);

let server: RedisServer;
let admin: Redis;
let dir: string;
const drivers: Driver[] = [];
let names = 0;

beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
  dir = mkdtempSync(join(tmpdir(), "baton-mixed-fleet-"));
});
afterAll(async () => {
  await Promise.all(drivers.map((d) => d.close()));
  admin?.disconnect();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A driver with a key prefix of its own, and a lock name no other test uses (the original's keys are shared). */
function fresh(prefix = `orig${drivers.length}`): { driver: Driver; name: string } {
  const driver = createRedisDriver({ url: server.url, keyPrefix: prefix });
  drivers.push(driver);
  names += 1;
  return { driver, name: `oldlock${names}` };
}

/** The original's acquire_lock or release_lock, run as its own OS process; exit 0 when it holds. */
async function original(
  step: "acquire" | "release",
  name: string,
  session: string,
  ttlS = 300,
): Promise<{ code: number; answer: Record<string, unknown> }> {
  const args = [worker, `original-${step}`, server.url, name, session, String(ttlS)];
  try {
    const { stdout } = await run(process.execPath, args, { cwd: dir });
    return { code: 0, answer: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, answer: JSON.parse(failed.stdout) };
  }
}

describe("the original scripts' Redis locks (claude:locks:*) in a mixed fleet", () => {
  it("a live key of the original's holds the name: baton's acquire is refused naming its session, and the key is left as it was", async () => {
    const { driver, name } = fresh();
    expect(await original("acquire", name, "old-session-1")).toMatchObject({ code: 0 });
    const key = `claude:locks:resource:${name}`;
    const value = await admin.get(key);
    expect(JSON.parse(value!)).toMatchObject({ session_id: "old-session-1", worktree: dir });

    const refused = await driver.acquireLock(`resource:${name}`, ask("alice"));
    expect(refused.acquired).toBe(false);
    if (refused.acquired) return;
    expect(refused.position).toBeNull();
    expect(refused.state.holders).toEqual([
      expect.objectContaining({
        held_by: "old-session-1",
        host: "original scripts",
        worktree: dir,
        mode: "exclusive",
        fencing_token: 0,
      }),
    ]);
    const expires = Date.parse(refused.state.holders[0]!.expires_at) - Date.now();
    expect(expires).toBeGreaterThan(200_000);
    expect(expires).toBeLessThanOrEqual(300_000);
    expect((await driver.getLock(`resource:${name}`))?.holders[0]?.held_by).toBe("old-session-1");
    expect(await admin.get(key)).toBe(value);
    expect(await admin.pttl(key)).toBeGreaterThan(200_000);
  });

  it("once the original releases its key, or it expires, baton takes the name; a waiter in line behind it is next", async () => {
    const { driver, name } = fresh();
    expect((await original("acquire", name, "old-session-2")).code).toBe(0);
    const waiting = await driver.acquireLock(`resource:${name}`, ask("alice", { leaseMs: 5_000 }));
    expect(waiting).toMatchObject({ acquired: false, position: 1 });
    // a newcomer queues behind alice rather than barging in when the key goes
    expect(await driver.acquireLock(`resource:${name}`, ask("bob", { leaseMs: 5_000 }))).toMatchObject({
      acquired: false,
      position: 2,
    });
    expect(await original("release", name, "old-session-2")).toMatchObject({ code: 0 });
    expect(await driver.acquireLock(`resource:${name}`, ask("bob", { leaseMs: 5_000 }))).toMatchObject({
      acquired: false,
      position: 2,
    });
    expect(await driver.acquireLock(`resource:${name}`, ask("alice", { leaseMs: 5_000 }))).toMatchObject({
      acquired: true,
    });

    // a key written in the original's format with a short life
    const other = `${name}-short`;
    const key = `claude:locks:resource:${other}`;
    await admin.set(
      key,
      JSON.stringify({ session_id: "old-session-3", acquired_at: "2026-01-01T00:00:00+00:00" }),
      "PX",
      300,
    );
    expect((await driver.acquireLock(`resource:${other}`, ask("alice"))).acquired).toBe(false);
    while ((await admin.exists(key)) === 1) await new Promise((r) => setTimeout(r, 50));
    expect((await driver.acquireLock(`resource:${other}`, ask("alice"))).acquired).toBe(true);
  });

  it("baton's hold is written to the original's key: the original's acquire is refused naming baton's session until baton releases", async () => {
    const { driver, name } = fresh();
    const taken = await driver.acquireLock(`resource:${name}`, ask("alice", { ttlMs: 60_000 }));
    if (!taken.acquired) throw new Error("not acquired");
    const key = `claude:locks:resource:${name}`;
    const copy = JSON.parse((await admin.get(key))!);
    expect(copy).toMatchObject({ session_id: "alice", baton: `{orig${drivers.length - 1}}:` });
    expect(Date.parse(copy.expires_at)).toBe(Date.parse(taken.lock.expires_at));
    expect(Date.parse(copy.acquired_at)).toBe(Date.parse(taken.lock.acquired_at));
    // the copy lapses with the hold
    expect(await admin.pttl(key)).toBeGreaterThan(50_000);
    expect(await admin.pttl(key)).toBeLessThanOrEqual(60_000);

    expect(await original("acquire", name, "old-session-4")).toEqual({
      code: 1,
      answer: expect.objectContaining({ success: false, reason: "lock_held", held_by: "alice" }),
    });
    expect((await driver.releaseLock(`resource:${name}`, "alice")).outcome).toBe("done");
    expect(await admin.exists(key)).toBe(0);
    expect((await original("acquire", name, "old-session-4")).code).toBe(0);
  });

  it("extending, force-releasing and ending the session keep the copy in step; a release never removes a key the original wrote", async () => {
    const { driver, name } = fresh();
    const key = `claude:locks:resource:${name}`;
    await driver.acquireLock(`resource:${name}`, ask("alice", { ttlMs: 10_000 }));
    await driver.extendLock(`resource:${name}`, "alice", 600_000);
    expect(await admin.pttl(key)).toBeGreaterThan(500_000);
    await driver.forceReleaseLock(`resource:${name}`, { by: "admin" });
    expect(await admin.exists(key)).toBe(0);

    await driver.putSession(sessionRecord("alice"));
    await driver.acquireLock(`resource:${name}`, ask("alice"));
    expect(await admin.exists(key)).toBe(1);
    await driver.endSession("alice", { event: "session.ended" });
    expect(await admin.exists(key)).toBe(0);

    expect((await original("acquire", name, "alice")).code).toBe(0);
    expect((await driver.releaseLock(`resource:${name}`, "alice")).outcome).toBe("not_found");
    expect(JSON.parse((await admin.get(key))!)).not.toHaveProperty("baton");
  });

  it("another baton deployment's copy (another key prefix) holds nothing here", async () => {
    const { driver: teamA, name } = fresh("team-a");
    const { driver: teamB } = fresh("team-b");
    expect((await teamA.acquireLock(`resource:${name}`, ask("alice"))).acquired).toBe(true);
    expect((await teamB.acquireLock(`resource:${name}`, ask("bob"))).acquired).toBe(true);
  });

  it("diagnose names each live key of the original's, never baton's copies", async () => {
    const { driver, name } = fresh();
    expect((await original("acquire", name, "old-session-5")).code).toBe(0);
    await driver.acquireLock(`resource:${name}-mine`, ask("alice"));
    const messages = (await driver.diagnose!()).map((d) => d.message);
    expect(messages).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^original lock resource:${name} \\(key claude:locks:resource:${name}\\) held by old-session-5 in `,
        ),
      ),
    );
    expect(messages.join("\n")).not.toContain(`${name}-mine`);
  });
});

describe("a mixed fleet racing for one name across OS processes", () => {
  const SIDES = 3;
  const CYCLES = 40;
  it(`${SIDES} baton and ${SIDES} original processes × ${CYCLES} cycles: never two inside at once, counter exact`, async () => {
    const counter = join(dir, "counter");
    const log = join(dir, "log");
    writeFileSync(counter, "0");
    writeFileSync(log, "");
    const racer = (side: "baton" | "original", i: number) =>
      run(process.execPath, [
        worker,
        "race",
        side,
        server.url,
        "race",
        "contested",
        `${side}-${i}`,
        counter,
        log,
        String(CYCLES),
      ]);
    await Promise.all(
      Array.from({ length: SIDES }, (_, i) => [racer("baton", i), racer("original", i)]).flat(),
    );
    expect(Number(readFileSync(counter, "utf8"))).toBe(2 * SIDES * CYCLES);
    const lines = readFileSync(log, "utf8").trim().split("\n");
    expect(lines).toHaveLength(4 * SIDES * CYCLES);
    for (let i = 0; i < lines.length; i += 2) {
      // the next line is the same holder leaving: nobody entered in between
      expect(lines[i]).toMatch(/^enter /);
      expect(lines[i + 1]).toBe(lines[i]!.replace("enter", "exit"));
    }
    const entries = lines.filter((l) => l.startsWith("enter"));
    expect(entries.filter((l) => l.includes("baton"))).toHaveLength(SIDES * CYCLES);
    expect(entries.filter((l) => l.includes("original"))).toHaveLength(SIDES * CYCLES);
  }, 120_000);
});
