import { owner, type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
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

/** The stored value and the key's absolute expiry in ms (PEXPIRETIME). */
async function stored(): Promise<{ value: string | null; expiresAt: number }> {
  const [value, expiresAt] = await Promise.all([inspect.get(KEY), inspect.call("PEXPIRETIME", KEY)]);
  return { value, expiresAt: expiresAt as number };
}

/** The expires ms written in a lock value (its fourth line). */
const expiresIn = (value: string | null) => Number(value?.split("\n")[3]);

describe("lock values on Redis", () => {
  it("the key expires exactly at the value's expires ms, after acquire, re-entrant acquire and extend", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "values" });
    try {
      await driver.acquireLock("resource:v", owner("s1"), 60_000);
      let now = await stored();
      expect(now.expiresAt).toBe(expiresIn(now.value));
      await driver.acquireLock("resource:v", owner("s1"), 90_000);
      now = await stored();
      expect(now.expiresAt).toBe(expiresIn(now.value));
      await driver.extendLock("resource:v", "s1", 120_000);
      now = await stored();
      expect(now.expiresAt).toBe(expiresIn(now.value));
      expect(now.expiresAt - Date.now()).toBeGreaterThan(100_000);
    } finally {
      await driver.releaseLock("resource:v", "s1");
      await driver.close();
    }
  });

  it("a release by another session leaves the value and its exact expiry as they were", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "values" });
    try {
      await driver.acquireLock("resource:v", owner("s1"), 60_000);
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
});
