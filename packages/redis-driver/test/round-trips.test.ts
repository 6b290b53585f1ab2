import type { Driver } from "@agent-baton/core";
import { ask, type RedisServer, sessionRecord, startRedis } from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

const SESSIONS = 1_000;
const LOCKS = 10_000;

let server: RedisServer;
let admin: Redis;
let driver: Driver;

beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
  // Thousands of scripts queued at once: each waits its turn within its command timeout.
  driver = createRedisDriver({ url: server.url, keyPrefix: "many", commandTimeoutMs: 20_000 });
  await Promise.all(Array.from({ length: SESSIONS }, (_, i) => driver.putSession(sessionRecord(`s${i}`))));
  for (let batch = 0; batch < LOCKS; batch += 1_000) {
    await Promise.all(
      Array.from({ length: 1_000 }, (_, i) =>
        driver.acquireLock(`resource:l${batch + i}`, ask(`s${(batch + i) % SESSIONS}`, { ttlMs: 600_000 })),
      ),
    );
  }
}, 120_000);

afterAll(async () => {
  await driver?.close();
  admin?.disconnect();
  await server?.stop();
});

/**
 * What the server did during `call`: the commands it executed by INFO commandstats (scripts' inner
 * calls included) and the bytes it sent, i.e. what the driver read (INFO stats).
 */
async function serverWork(
  call: () => Promise<unknown>,
): Promise<{ counts: Record<string, number>; bytes: number }> {
  await admin.config("RESETSTAT");
  await call();
  const stats = await admin.info("stats");
  // RESETSTAT's own "+OK\r\n" is counted after the reset.
  const bytes = Number(/total_net_output_bytes:(\d+)/.exec(stats)?.[1]) - 5;
  const info = await admin.info("commandstats");
  const counts: Record<string, number> = {};
  for (const [, name, calls] of info.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) {
    if (!/^(info|config)/.test(name!)) counts[name!] = Number(calls);
  }
  return { counts, bytes };
}

async function commandsDuring(call: () => Promise<unknown>): Promise<Record<string, number>> {
  return (await serverWork(call)).counts;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe("listing in O(1) round trips", () => {
  it(`lists ${LOCKS} locks in a handful of commands (SCAN + MGET, never KEYS)`, async () => {
    let listed = 0;
    const counts = await commandsDuring(async () => {
      listed = (await driver.listLocks("*")).length;
    });
    expect(listed).toBe(LOCKS);
    expect(counts.keys).toBeUndefined();
    expect(counts.scan).toBeGreaterThan(0);
    expect(total(counts)).toBeLessThanOrEqual(6);
  });

  it(`lists ${SESSIONS} sessions in a handful of commands`, async () => {
    let listed = 0;
    const counts = await commandsDuring(async () => {
      listed = (await driver.listSessions()).length;
    });
    expect(listed).toBe(SESSIONS);
    expect(counts.keys).toBeUndefined();
    expect(total(counts)).toBeLessThanOrEqual(6);
  });

  it("a narrow pattern scans only matching keys and returns only matches", async () => {
    const counts = await commandsDuring(async () => {
      expect((await driver.listLocks("resource:l999?")).map((l) => l.lock_name)).toEqual([
        "resource:l9990",
        "resource:l9991",
        "resource:l9992",
        "resource:l9993",
        "resource:l9994",
        "resource:l9995",
        "resource:l9996",
        "resource:l9997",
        "resource:l9998",
        "resource:l9999",
      ]);
    });
    expect(total(counts)).toBeLessThanOrEqual(6);
  });
});

describe("the lock cycle, ending and reaping a session", () => {
  it("a lock cycle is two commands on the wire, one script each, with the inner calls of acquire-3 and release-3", async () => {
    // ioredis sends a script's body (EVAL) on its first use per connection, EVALSHA after.
    await driver.acquireLock("resource:cycle", ask("cycler"));
    await driver.releaseLock("resource:cycle", "cycler");
    const counts = await commandsDuring(async () => {
      await driver.acquireLock("resource:cycle", ask("cycler"));
      await driver.releaseLock("resource:cycle", "cycler");
    });
    expect(counts).toEqual({
      evalsha: 2,
      // both: the clock, the state, the history event, the original scripts' key for the name
      // (read once per script: acquire looks at it before granting and mirrors the hold there)
      time: 2,
      get: 4,
      xadd: 2,
      // acquire: the fencing counter, the holder's index entry (and its lifetime), the state, the
      // copy of the hold in the original's key
      hget: 2,
      hset: 2,
      pttl: 1,
      pexpire: 1,
      set: 2,
      // release: out of the index, the empty state and the copy deleted, the watch mark (nobody in line)
      hdel: 1,
      del: 2,
      exists: 1,
    });
  });

  it(`ending a session that holds one lock among ${LOCKS} held by others reads only its own index and lock`, async () => {
    await driver.putSession(sessionRecord("leaver"));
    await driver.acquireLock("resource:leaver", ask("leaver", { ttlMs: 600_000 }));
    await driver.endSession("nobody", { event: "session.ended" });
    let locks: string[] = [];
    const { counts, bytes } = await serverWork(async () => {
      locks = (await driver.endSession("leaver", { event: "session.ended" })).locks;
    });
    expect(locks).toEqual(["resource:leaver"]);
    expect(counts.scan).toBeUndefined();
    expect(counts.mget).toBeUndefined();
    expect(counts.evalsha).toBe(1);
    // The session, its index, its one lock (and its copy in the original's key), its claim
    // pointer, its notices and two events: a constant, whatever LOCKS is.
    expect(total(counts)).toBeLessThanOrEqual(15);
    // The session record and one lock name come back; one lock's state alone is ~250 bytes.
    expect(bytes).toBeLessThan(1_000);
    expect((await driver.listLocks("resource:l*")).length).toBe(LOCKS);
  });

  it("reaping a session with nothing expired and taking no notices cost one command each", async () => {
    await driver.acquireLock("resource:reaped", ask("s1", { ttlMs: 600_000 }));
    await driver.reapSession("s1");
    const counts = await commandsDuring(async () => {
      await driver.reapSession("s1");
      expect(await driver.takeNotices("s1")).toEqual([]);
    });
    // reap: the clock and the session's own index, nothing else; notices: one LPOP.
    expect(counts).toEqual({ evalsha: 1, time: 1, hgetall: 1, lpop: 1 });
  });
});
