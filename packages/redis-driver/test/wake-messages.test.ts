import { ManualClock } from "@agent-baton/core";
import {
  ask,
  coordinatorFor,
  type RedisServer,
  sessionRecord,
  settlesWithin,
  sleep,
  startRedis,
} from "@agent-baton/driver-test-suite";
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

/** Every message on a channel of `prefix`, as it arrives: the channel without `{prefix}:`, and the message. */
async function listen(prefix: string): Promise<{ messages: unknown[]; close: () => void }> {
  const subscriber = new Redis(server.url);
  const messages: unknown[] = [];
  const base = `{${prefix}}:`;
  subscriber.on("pmessage", (_pattern: string, channel: string, message: string) =>
    messages.push([channel.slice(base.length), JSON.parse(message)]),
  );
  await subscriber.psubscribe(`${base}*`);
  return { messages, close: () => subscriber.disconnect() };
}

const queued = (session: string) => ask(session, { leaseMs: 60_000 });

describe("wake messages", () => {
  it("a release publishes only while someone waits in line or watches: to the head that fits, on its own channel", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "quiet" });
    const channel = await listen("quiet");
    try {
      await driver.acquireLock("resource:alone", ask("h"));
      await driver.releaseLock("resource:alone", "h");
      await sleep(200);
      expect(channel.messages).toEqual([]);

      await driver.acquireLock("resource:l", ask("h"));
      await driver.acquireLock("resource:l", queued("w1"));
      await driver.acquireLock("resource:l", queued("w2"));
      await driver.releaseLock("resource:l", "h");
      // w1's grant leaves w2 behind a holder: nobody to tell, and nobody watches.
      await driver.acquireLock("resource:l", queued("w1"));
      // w1's release makes room for w2, who alone is told.
      await driver.releaseLock("resource:l", "w1");
      await expect
        .poll(() => channel.messages, { timeout: 5_000 })
        .toEqual([
          ["wake:w1", ["resource:l"]],
          ["wake:w2", ["resource:l"]],
        ]);
    } finally {
      channel.close();
      await driver.close();
    }
  });

  it("a release wakes only the driver whose session heads the line; the others sleep on until their turn", async () => {
    const holder = createRedisDriver({ url: server.url, keyPrefix: "heads" });
    const waiters = ["w1", "w2", "w3"].map(() => createRedisDriver({ url: server.url, keyPrefix: "heads" }));
    try {
      await holder.acquireLock("resource:h", ask("h"));
      for (const [i, d] of waiters.entries()) await d.acquireLock("resource:h", queued(`w${i + 1}`));
      // Each driver's first wait returns once its subscription is up: what passed before it is unknown.
      await Promise.all(waiters.map((d) => d.waitForChange("resource:h", 2_000)));
      const waits = waiters.map((d) => d.waitForChange("resource:h", 60_000));
      await sleep(200);
      await holder.releaseLock("resource:h", "h");
      expect(await settlesWithin(waits[0]!, 10_000)).toBe("settled");
      expect(await settlesWithin(Promise.race(waits.slice(1)), 500)).toBe("pending");

      expect((await waiters[0]!.acquireLock("resource:h", queued("w1"))).acquired).toBe(true);
      await waiters[0]!.releaseLock("resource:h", "w1");
      expect(await settlesWithin(waits[1]!, 10_000)).toBe("settled");
      expect(await settlesWithin(waits[2]!, 500)).toBe("pending");
      expect((await waiters[1]!.acquireLock("resource:h", queued("w2"))).acquired).toBe(true);
      await waiters[1]!.releaseLock("resource:h", "w2");
      expect(await settlesWithin(waits[2]!, 10_000)).toBe("settled");
    } finally {
      await holder.close();
      await Promise.all(waiters.map((d) => d.close()));
    }
  });

  it("a session's wake channel is listened on while it lives and given up when it ends", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "leave" });
    const admin = new Redis(server.url);
    const subscribed = async () => (await admin.pubsub("CHANNELS", "{leave}:wake:*")) as string[];
    try {
      await driver.putSession(sessionRecord("w"));
      await driver.acquireLock("resource:l", ask("h"));
      await driver.acquireLock("resource:l", queued("w"));
      await expect.poll(subscribed, { timeout: 5_000 }).toEqual(["{leave}:wake:w"]);
      await driver.endSession("w", { event: "session.ended" });
      await expect.poll(subscribed, { timeout: 5_000 }).toEqual([]);
    } finally {
      admin.disconnect();
      await driver.close();
    }
  });

  it("a watcher outside the line marks the name until its deadline only: later releases are quiet again", async () => {
    const holder = createRedisDriver({ url: server.url, keyPrefix: "watch" });
    const watcher = createRedisDriver({ url: server.url, keyPrefix: "watch" });
    const channel = await listen("watch");
    try {
      await holder.acquireLock("resource:w", ask("h"));
      // A fresh mark returns at once (a release may have passed unannounced); the next wait sleeps.
      await watcher.waitForChange("resource:w", 2_000);
      const woke = watcher.waitForChange("resource:w", 60_000);
      await sleep(200);
      await holder.releaseLock("resource:w", "h");
      expect(await settlesWithin(woke, 10_000)).toBe("settled");
      await expect.poll(() => channel.messages, { timeout: 5_000 }).toEqual([["released", ["resource:w"]]]);

      await holder.acquireLock("resource:brief", ask("h"));
      await watcher.waitForChange("resource:brief", 10);
      await sleep(1_300);
      await holder.releaseLock("resource:brief", "h");
      await sleep(200);
      expect(channel.messages).toEqual([["released", ["resource:w"]]]);
    } finally {
      channel.close();
      await holder.close();
      await watcher.close();
    }
  });

  it("a Coordinator waiting in line is told on its own channel and never marks the name watched", async () => {
    const holding = createRedisDriver({ url: server.url, keyPrefix: "inline" });
    const waiting = createRedisDriver({ url: server.url, keyPrefix: "inline" });
    const channel = await listen("inline");
    const clock = new ManualClock(Date.now());
    const holder = coordinatorFor(holding, "h", clock);
    const waiter = coordinatorFor(waiting, "w", clock);
    try {
      // Twice: the second wait starts with the subscription already up.
      for (let round = 0; round < 2; round++) {
        await holder.acquire("inline", { ttl: 60 });
        const waited = waiter.acquire("inline", { ttl: 60, wait: 30 });
        await expect
          .poll(async () => (await holding.getLock("resource:inline"))?.waiters.length, { timeout: 5_000 })
          .toBe(1);
        await holder.release("inline");
        expect(await waited).toMatchObject({ acquired: true, held_by: "w" });
        await waiter.release("inline");
      }
      expect(channel.messages).toEqual([
        ["wake:w", ["resource:inline"]],
        ["wake:w", ["resource:inline"]],
      ]);
    } finally {
      channel.close();
      await holding.close();
      await waiting.close();
    }
  });
});
