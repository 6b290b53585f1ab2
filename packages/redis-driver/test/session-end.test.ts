import { owner, type RedisServer, sleep, startRedis } from "@agent-baton/driver-test-suite";
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

/** The names in a session's index of held locks, sorted. */
const indexOf = async (prefix: string, sessionId: string) =>
  (await inspect.smembers(`{${prefix}}:held:${sessionId}`)).sort();

describe("ending a session", () => {
  it("ending a session never releases a lock it held before and someone else holds now", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "held-index" });
    try {
      await driver.acquireLock("resource:released", owner("s1"), 60_000);
      await driver.releaseLock("resource:released", "s1");
      await driver.acquireLock("resource:released", owner("s2"), 60_000);
      await driver.acquireLock("resource:forced", owner("s1"), 60_000);
      await driver.forceReleaseLock("resource:forced");
      await driver.acquireLock("resource:forced", owner("s3"), 60_000);
      const taken = await driver.acquireLock("resource:taken", owner("s1"), 60_000);
      const token = taken.acquired ? taken.lock.fencing_token : -1;
      await driver.acquireLock("resource:taken", owner("s4"), 60_000, { replaceToken: token });
      await driver.acquireLock("resource:lapsed", owner("s1"), 100);
      await sleep(250);
      await driver.acquireLock("resource:lapsed", owner("s5"), 60_000);
      await driver.acquireLock("resource:mine", owner("s1"), 60_000);

      const ended = await driver.endSession("s1");
      expect(ended.locks).toEqual(["resource:mine"]);
      expect((await driver.getLock("resource:released"))?.held_by).toBe("s2");
      expect((await driver.getLock("resource:forced"))?.held_by).toBe("s3");
      expect((await driver.getLock("resource:taken"))?.held_by).toBe("s4");
      expect((await driver.getLock("resource:lapsed"))?.held_by).toBe("s5");
      expect(await inspect.exists("{held-index}:held:s1")).toBe(0);
    } finally {
      await driver.close();
    }
  });

  it("each change keeps the right session's index: acquire adds; release, force-release and takeover remove", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "index-upkeep" });
    try {
      await driver.acquireLock("resource:a", owner("s1"), 60_000);
      await driver.acquireLock("resource:b", owner("s1"), 60_000);
      const c = await driver.acquireLock("resource:c", owner("s1"), 60_000);
      await driver.acquireLock("resource:d", owner("s1"), 60_000);
      expect(await indexOf("index-upkeep", "s1")).toEqual([
        "resource:a",
        "resource:b",
        "resource:c",
        "resource:d",
      ]);

      await driver.releaseLock("resource:a", "s1");
      await driver.forceReleaseLock("resource:b");
      await driver.acquireLock("resource:c", owner("s2"), 60_000, {
        replaceToken: c.acquired ? c.lock.fencing_token : -1,
      });
      // A refused release by another session leaves both indexes as they were.
      await driver.releaseLock("resource:d", "s2");
      expect(await indexOf("index-upkeep", "s1")).toEqual(["resource:d"]);
      expect(await indexOf("index-upkeep", "s2")).toEqual(["resource:c"]);
    } finally {
      await driver.close();
    }
  });

  it("a session's index lives at least as long as each lock in it, after acquire, re-acquire and extend", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "index-ttl" });
    const ttls = async (name: string) => ({
      lock: await inspect.pttl(`{index-ttl}:lock:${name}`),
      index: await inspect.pttl("{index-ttl}:held:s1"),
    });
    try {
      await driver.acquireLock("resource:long", owner("s1"), 600_000);
      await driver.acquireLock("resource:short", owner("s1"), 1_000);
      let now = await ttls("resource:long");
      expect(now.index).toBeGreaterThanOrEqual(now.lock);
      await driver.acquireLock("resource:short", owner("s1"), 3_600_000);
      now = await ttls("resource:short");
      expect(now.index).toBeGreaterThanOrEqual(now.lock);
      await driver.extendLock("resource:long", "s1", 7_200_000);
      now = await ttls("resource:long");
      expect(now.lock).toBeGreaterThan(3_600_000);
      expect(now.index).toBeGreaterThanOrEqual(now.lock);
    } finally {
      await driver.close();
    }
  });

  it("finds the session's locks among many others' and releases exactly those", async () => {
    // Thousands of scripts queued at once: each waits its turn within its command timeout.
    const driver = createRedisDriver({ url: server.url, keyPrefix: "end-many", commandTimeoutMs: 20_000 });
    try {
      await Promise.all(
        Array.from({ length: 2_000 }, (_, i) =>
          driver.acquireLock(`resource:r${i}`, owner(i % 100 === 0 ? "leaver" : `s${i % 7}`), 60_000),
        ),
      );
      const ended = await driver.endSession("leaver");
      expect(ended.locks).toEqual(Array.from({ length: 20 }, (_, i) => `resource:r${i * 100}`).sort());
      const left = await driver.listLocks("*");
      expect(left).toHaveLength(1_980);
      expect(left.some((lock) => lock.held_by === "leaver")).toBe(false);
    } finally {
      await driver.close();
    }
  });
});
