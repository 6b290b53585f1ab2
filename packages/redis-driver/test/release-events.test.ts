import { owner, type RedisServer, sleep, startRedis } from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

/** Every message on the release channel of `prefix`, as it arrives. */
async function listen(prefix: string): Promise<{ names: string[]; close: () => void }> {
  const subscriber = new Redis(server.url);
  const names: string[] = [];
  subscriber.on("message", (_channel: string, name: string) => names.push(name));
  await subscriber.subscribe(`{${prefix}}:released`);
  return { names, close: () => subscriber.disconnect() };
}

describe("release events", () => {
  it("a release publishes only while someone waits for that lock, and the waiter wakes at once", async () => {
    const holder = createRedisDriver({ url: server.url, keyPrefix: "events" });
    const waiter = createRedisDriver({ url: server.url, keyPrefix: "events" });
    const channel = await listen("events");
    try {
      await holder.acquireLock("resource:quiet", owner("s1"), 60_000);
      await holder.releaseLock("resource:quiet", "s1");
      await sleep(200);
      expect(channel.names).toEqual([]);

      await holder.acquireLock("resource:wanted", owner("s1"), 60_000);
      const started = Date.now();
      const woke = waiter.waitForRelease("resource:wanted", 30_000).then(() => Date.now() - started);
      await sleep(200);
      await holder.releaseLock("resource:wanted", "s1");
      expect(await woke).toBeLessThan(5_000);
      await sleep(100);
      expect(channel.names).toEqual(["resource:wanted"]);

      // The mark outlives that waiter only until its deadline: later releases are quiet again.
      await holder.acquireLock("resource:brief", owner("s1"), 60_000);
      await waiter.waitForRelease("resource:brief", 10);
      await sleep(1_300);
      await holder.releaseLock("resource:brief", "s1");
      await sleep(200);
      expect(channel.names).toEqual(["resource:wanted"]);
    } finally {
      channel.close();
      await holder.close();
      await waiter.close();
    }
  });
});
