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

describe("held-locks index", () => {
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
});
