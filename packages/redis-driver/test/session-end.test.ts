import { owner, type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

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
      await driver.acquireLock("resource:mine", owner("s1"), 60_000);

      const ended = await driver.endSession("s1");
      expect(ended.locks).toEqual(["resource:mine"]);
      expect((await driver.getLock("resource:released"))?.held_by).toBe("s2");
      expect((await driver.getLock("resource:forced"))?.held_by).toBe("s3");
    } finally {
      await driver.close();
    }
  });

  it("finds the session's locks among many others' and releases exactly those", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "end-many" });
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
