import { ask, type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

let server: RedisServer;
let inspect: Redis;
beforeAll(async () => {
  server = await startRedis();
  inspect = new Redis(server.url);
});
afterAll(async () => {
  inspect?.disconnect();
  await server?.stop();
});

const KEY = "{values}:lock:resource:v";
const KEEP_MS = 90_000;

/** The stored state and the key's absolute expiry in ms (PEXPIRETIME). */
async function stored(): Promise<{ value: string | null; expiresAt: number }> {
  const [value, expiresAt] = await Promise.all([inspect.get(KEY), inspect.call("PEXPIRETIME", KEY)]);
  return { value, expiresAt: expiresAt as number };
}

/** The latest expiry or lease written in a state value. */
function lastIn(value: string | null): number {
  const state = JSON.parse(value ?? "{}") as { holds?: { expires: number }[]; line?: { lease: number }[] };
  return Math.max(...(state.holds ?? []).map((h) => h.expires), ...(state.line ?? []).map((p) => p.lease));
}

const driverOf = () => createRedisDriver({ url: server.url, keyPrefix: "values", sessionTtlMs: KEEP_MS });

describe("lock state values on Redis", () => {
  it("the key outlives its last hold or place by the keep time, after acquire, queue, re-entrant acquire and extend", async () => {
    const driver = driverOf();
    try {
      await driver.acquireLock("resource:v", ask("s1", { slots: 2 }));
      let now = await stored();
      expect(now.expiresAt).toBe(lastIn(now.value) + KEEP_MS);
      await driver.acquireLock("resource:v", ask("s2", { slots: 2, ttlMs: 90_000 }));
      await driver.acquireLock("resource:v", ask("w", { slots: 2, leaseMs: 150_000 }));
      now = await stored();
      expect(now.expiresAt).toBe(lastIn(now.value) + KEEP_MS);
      expect(now.expiresAt - Date.now()).toBeGreaterThan(150_000 + KEEP_MS - 10_000);
      await driver.acquireLock("resource:v", ask("s1", { slots: 2, ttlMs: 300_000 }));
      await driver.extendLock("resource:v", "s2", 400_000);
      now = await stored();
      expect(now.expiresAt).toBe(lastIn(now.value) + KEEP_MS);
      expect(now.expiresAt - Date.now()).toBeGreaterThan(400_000 + KEEP_MS - 10_000);
    } finally {
      await driver.close();
      await inspect.del(KEY);
    }
  });

  it("a refused release leaves the value and its exact expiry as they were; the last release deletes the key", async () => {
    const driver = driverOf();
    try {
      await driver.acquireLock("resource:v", ask("s1"));
      const before = await stored();
      const refused = await driver.releaseLock("resource:v", "s2");
      expect(refused).toMatchObject({ outcome: "not_owner", lock: { held_by: "s1" } });
      expect(await stored()).toEqual(before);
      expect(await driver.releaseLock("resource:v", "s1")).toMatchObject({ outcome: "done" });
      expect(await stored()).toEqual({ value: null, expiresAt: -2 });
    } finally {
      await driver.close();
    }
  });

  it("a name with only a lapsed hold reads as absent, and the next step on it records the expiry", async () => {
    const driver = driverOf();
    try {
      await driver.acquireLock("resource:lapse", ask("s1", { ttlMs: 100 }));
      await new Promise((r) => setTimeout(r, 250));
      expect(await inspect.exists("{values}:lock:resource:lapse")).toBe(1);
      expect(await driver.getLock("resource:lapse")).toBeNull();
      expect(await driver.listLocks("resource:*")).toEqual([]);
      await driver.acquireLock("resource:lapse", ask("s2"));
      const types = (await driver.readEvents({ name: "resource:lapse" })).events.map(
        (e) => `${e.type} ${e.session}`,
      );
      expect(types).toEqual(["lock.acquired s1", "lock.expired s1", "lock.acquired s2"]);
    } finally {
      await driver.releaseLock("resource:lapse", "s2");
      await driver.close();
    }
  });
});
