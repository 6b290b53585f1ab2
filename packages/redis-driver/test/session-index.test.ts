import { localHost } from "@agent-baton/core";
import { ask, type RedisServer, sleep, startRedis, take } from "@agent-baton/driver-test-suite";
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

/** A session's index: name → "<token> <expires ms> <host>" for a hold, "w" for a place in line. */
const indexOf = (prefix: string, sessionId: string) => inspect.hgetall(`{${prefix}}:index:${sessionId}`);

describe("the per-session index", () => {
  it("each step keeps the right session's index: holds and places in, every way out takes them out", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "upkeep" });
    try {
      const a = await take(driver, "resource:a", "s1");
      await take(driver, "resource:b", "s1");
      const c = await take(driver, "resource:c", "s1");
      await take(driver, "resource:d", "s1", { ttlMs: 100 });
      await take(driver, "resource:e", "h");
      await driver.acquireLock("resource:e", ask("s1", { leaseMs: 60_000 }));
      await driver.acquireLock("resource:f", ask("h"));
      await driver.acquireLock("resource:f", ask("s1", { leaseMs: 60_000 }));
      expect(await indexOf("upkeep", "s1")).toEqual({
        "resource:a": `${a.fencing_token} ${Date.parse(a.expires_at)} ${localHost()}`,
        "resource:b": expect.stringMatching(/^\d{16} \d{13} /),
        "resource:c": expect.stringMatching(/^\d{16} \d{13} /),
        "resource:d": expect.stringMatching(/^\d{16} \d{13} /),
        "resource:e": "w",
        "resource:f": "w",
      });

      await driver.releaseLock("resource:a", "s1");
      await driver.forceReleaseLock("resource:b", { by: "admin" });
      await take(driver, "resource:c", "s2", { evict: [c.fencing_token] });
      await sleep(200);
      // Another's attempt finds the lapsed hold: recorded, and out of s1's index.
      await take(driver, "resource:d", "s2");
      await driver.leaveLine("resource:f", "s1", "aborted");
      await driver.releaseLock("resource:e", "h");
      const granted = await take(driver, "resource:e", "s1", { leaseMs: 60_000 });
      // A refused release by another session leaves both indexes as they were.
      await driver.releaseLock("resource:e", "s2");
      expect(await indexOf("upkeep", "s1")).toEqual({
        "resource:e": `${granted.fencing_token} ${Date.parse(granted.expires_at)} ${localHost()}`,
      });
      expect(Object.keys(await indexOf("upkeep", "s2")).sort()).toEqual(["resource:c", "resource:d"]);
    } finally {
      await driver.close();
    }
  });

  it("ending a session never touches a hold it had before and another holds now", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "ending" });
    try {
      await take(driver, "resource:released", "s1");
      await driver.releaseLock("resource:released", "s1");
      await take(driver, "resource:released", "s2");
      await take(driver, "resource:forced", "s1");
      await driver.forceReleaseLock("resource:forced", { by: "admin" });
      await take(driver, "resource:forced", "s3");
      const taken = await take(driver, "resource:taken", "s1");
      await take(driver, "resource:taken", "s4", { evict: [taken.fencing_token] });
      await take(driver, "resource:lapsed", "s1", { ttlMs: 100 });
      await sleep(250);
      await take(driver, "resource:lapsed", "s5");
      await take(driver, "resource:mine", "s1");

      expect(await inspect.llen("{ending}:notices:s1")).toBeGreaterThan(0);
      const ended = await driver.endSession("s1", { event: "session.ended" });
      expect(ended.locks).toEqual(["resource:mine"]);
      const holders = async (name: string) => (await driver.getLock(name))?.holders.map((h) => h.held_by);
      expect(await holders("resource:released")).toEqual(["s2"]);
      expect(await holders("resource:forced")).toEqual(["s3"]);
      expect(await holders("resource:taken")).toEqual(["s4"]);
      expect(await holders("resource:lapsed")).toEqual(["s5"]);
      expect(await inspect.exists("{ending}:index:s1")).toBe(0);
      // Its notices (the takeover, the force-release) went with it: nobody is left to read them.
      expect(await inspect.exists("{ending}:notices:s1")).toBe(0);
    } finally {
      await driver.close();
    }
  });

  it("outlives each hold and place in it by at least half the keep time, after acquire, re-acquire, extend and queue", async () => {
    const keep = 600_000;
    const driver = createRedisDriver({ url: server.url, keyPrefix: "index-ttl", sessionTtlMs: keep });
    const lives = async (name: string) => ({
      hold: Date.parse((await driver.getLock(name))!.holders.find((h) => h.held_by === "s1")!.expires_at),
      index: Date.now() + (await inspect.pttl("{index-ttl}:index:s1")),
    });
    try {
      await take(driver, "resource:long", "s1", { ttlMs: 3_600_000 });
      await take(driver, "resource:short", "s1", { ttlMs: 1_000 });
      let now = await lives("resource:long");
      expect(now.index).toBeGreaterThanOrEqual(now.hold + keep / 2 - 1_000);
      await take(driver, "resource:short", "s1", { ttlMs: 7_200_000 });
      now = await lives("resource:short");
      expect(now.index).toBeGreaterThanOrEqual(now.hold + keep / 2 - 1_000);
      await driver.extendLock("resource:long", "s1", 10_800_000);
      now = await lives("resource:long");
      expect(now.index).toBeGreaterThanOrEqual(now.hold + keep / 2 - 1_000);
      await take(driver, "resource:line", "h");
      await driver.acquireLock("resource:line", ask("s1", { leaseMs: 60_000 }));
      expect(await inspect.hget("{index-ttl}:index:s1", "resource:line")).toBe("w");
    } finally {
      await driver.close();
    }
  });

  it("ending finds the session's holds and places among thousands of others' and removes exactly those", async () => {
    // Thousands of scripts queued at once: each waits its turn within its command timeout.
    const driver = createRedisDriver({ url: server.url, keyPrefix: "end-many", commandTimeoutMs: 20_000 });
    try {
      await Promise.all(
        Array.from({ length: 2_000 }, (_, i) =>
          driver.acquireLock(`resource:r${i}`, ask(i % 100 === 0 ? "leaver" : `s${i % 7}`)),
        ),
      );
      await driver.acquireLock("resource:r1", ask("leaver", { leaseMs: 60_000 }));
      const ended = await driver.endSession("leaver", { event: "session.ended" });
      expect(ended.locks).toEqual(Array.from({ length: 20 }, (_, i) => `resource:r${i * 100}`).sort());
      const left = await driver.listLocks("*");
      expect(left).toHaveLength(1_980);
      expect(left.some((lock) => lock.holders.some((h) => h.held_by === "leaver"))).toBe(false);
      expect(left.find((lock) => lock.lock_name === "resource:r1")?.waiters).toEqual([]);
    } finally {
      await driver.close();
    }
  });
});
