import { BackendUnavailableError, type Driver } from "@agent-baton/core";
import { ask, freePort, type RedisServer, sleep, startRedis } from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

// Proves "gave up rather than hung"; the budget itself is 3 s to connect plus the command timeout.
const NO_HANG_MS = 10_000;

const servers: RedisServer[] = [];
const drivers: Driver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function server(args: string[] = []): Promise<RedisServer> {
  const s = await startRedis({ args });
  servers.push(s);
  return s;
}

function driver(url: string, options: { reconnect?: boolean; commandTimeoutMs?: number } = {}): Driver {
  const d = createRedisDriver({ url, keyPrefix: "faults", ...options });
  drivers.push(d);
  return d;
}

/** What a call threw and how long it took. */
async function failing(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error("expected the call to fail");
}

async function eventually<T>(call: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await call();
    } catch (error) {
      if (tries > 100) throw error;
      await sleep(100);
    }
  }
}

/** Waits until exactly these wake channels have a subscriber on the server. */
async function wakeChannels(url: string, channels: string[]): Promise<void> {
  const admin = new Redis(url);
  try {
    await expect
      .poll(async () => (await admin.pubsub("CHANNELS", "{faults}:wake:*")).sort(), {
        timeout: NO_HANG_MS,
        interval: 100,
      })
      .toEqual(channels);
  } finally {
    admin.disconnect();
  }
}

/** `waiter`'s session w, first in line behind `holder`, wakes when the holder releases, and gets the lock. */
async function wokenByRelease(waiter: Driver, holder: Driver): Promise<void> {
  // The reconnect itself wakes waiters once (changes may have been missed meanwhile).
  await waiter.waitForChange("resource:w", 100);
  const woke = waiter.waitForChange("resource:w", 60_000).then(() => "woke");
  await sleep(300);
  await holder.releaseLock("resource:w", "holder");
  expect(await Promise.race([woke, sleep(NO_HANG_MS).then(() => "still waiting")])).toBe("woke");
  expect((await waiter.acquireLock("resource:w", ask("w", { leaseMs: 60_000 }))).acquired).toBe(true);
}

describe("faults", () => {
  it("an unreachable Redis fails fast with BACKEND_UNAVAILABLE naming the URL (password redacted) and the cause", async () => {
    const port = await freePort();
    const { error, ms } = await failing(() =>
      driver(`redis://:hunter2@127.0.0.1:${port}/0`).getLock("resource:x"),
    );
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toContain(`redis://:***@127.0.0.1:${port}/0`);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).not.toContain("hunter2");
    expect(ms).toBeLessThan(NO_HANG_MS);
  });

  it("a server that forgot the scripts (SCRIPT FLUSH) gets them again on the next call", async () => {
    const redis = await server();
    const d = driver(redis.url);
    expect((await d.acquireLock("resource:f", ask("s1"))).acquired).toBe(true);
    expect(await d.releaseLock("resource:f", "s1")).toMatchObject({ outcome: "done" });
    const admin = new Redis(redis.url);
    try {
      await admin.script("FLUSH");
      // Both answer NOSCRIPT to EVALSHA; ioredis sends the body again.
      expect((await d.acquireLock("resource:f", ask("s1"))).acquired).toBe(true);
      expect(await d.releaseLock("resource:f", "s1")).toMatchObject({ outcome: "done" });
      const stats = await admin.info("commandstats");
      // Each script's body went twice: on first use on the connection, and after its NOSCRIPT.
      expect(stats).toMatch(/cmdstat_evalsha:.*failed_calls=2/);
      expect(stats).toMatch(/cmdstat_eval:calls=4,/);
    } finally {
      admin.disconnect();
    }
  });

  it("redis-server SIGKILLed mid-run: one-shot calls fail cleanly, a reconnecting driver recovers, one owner per lock after", async () => {
    // appendfsync always: the restarted server has every acknowledged lock and fencing counter.
    const redis = await server(["--appendonly", "yes", "--appendfsync", "always"]);
    const longLived = driver(redis.url, { reconnect: true });
    const held = await longLived.acquireLock("resource:held", ask("holder", { ttlMs: 120_000 }));
    expect(held.acquired).toBe(true);
    const tokensBefore: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await longLived.acquireLock("resource:cycled", ask("cycler"));
      if (r.acquired) tokensBefore.push(r.lock.fencing_token);
      await longLived.releaseLock("resource:cycled", "cycler");
    }

    redis.signal("SIGKILL");
    await sleep(100);
    const oneShot = await failing(() => driver(redis.url).acquireLock("resource:x", ask("s2")));
    expect(oneShot.error).toBeInstanceOf(BackendUnavailableError);
    expect(oneShot.ms).toBeLessThan(NO_HANG_MS);
    const during = await failing(() => longLived.getLock("resource:held"));
    expect(during.error).toBeInstanceOf(BackendUnavailableError);

    await redis.restart();
    // The same driver object answers again: no restart of its process.
    const after = await eventually(() => longLived.getLock("resource:held"));
    expect(after?.holders).toMatchObject([
      { held_by: "holder", fencing_token: held.acquired ? held.lock.fencing_token : -1 },
    ]);
    const again = await longLived.acquireLock("resource:cycled", ask("cycler"));
    expect(again.acquired && again.lock.fencing_token).toBeGreaterThan(Math.max(...tokensBefore));

    const contenders = Array.from({ length: 8 }, () => driver(redis.url));
    const results = await Promise.all(
      contenders.map((d, i) => d.acquireLock("resource:held", ask(`rival-${i}`))),
    );
    expect(results.every((r) => !r.acquired && r.state.holders[0]?.held_by === "holder")).toBe(true);
    const race = await Promise.all(
      contenders.map((d, i) => d.acquireLock("resource:new", ask(`racer-${i}`))),
    );
    expect(race.filter((r) => r.acquired)).toHaveLength(1);
  });

  it("a reconnecting driver's waiter in line is woken by a release again after redis-server restarts", async () => {
    const redis = await server(["--appendonly", "yes", "--appendfsync", "always"]);
    const waiter = driver(redis.url, { reconnect: true });
    const holder = driver(redis.url);
    await holder.acquireLock("resource:w", ask("holder", { ttlMs: 120_000 }));
    // Joins the line and opens the waiter's subscriber connection.
    expect(await waiter.acquireLock("resource:w", ask("w", { leaseMs: 60_000 }))).toMatchObject({
      position: 1,
    });
    await wakeChannels(redis.url, ["{faults}:wake:w"]);
    redis.signal("SIGKILL");
    await redis.restart();
    await eventually(() => waiter.getLock("resource:w"));
    // ioredis resubscribes before the wait starts (its reconnect back-off runs up to 2 s).
    await wakeChannels(redis.url, ["{faults}:wake:w"]);
    await wokenByRelease(waiter, holder);
  });

  it("a wake subscription still in flight when redis-server dies is asked for again after the restart", async () => {
    const redis = await server(["--appendonly", "yes", "--appendfsync", "always"]);
    const waiter = driver(redis.url, { reconnect: true, commandTimeoutMs: 500 });
    const holder = driver(redis.url);
    await holder.acquireLock("resource:w", ask("holder", { ttlMs: 120_000 }));
    // The subscriber connection is open (another session's wait) before Redis stops answering.
    expect(await waiter.acquireLock("resource:w", ask("early", { leaseMs: 60_000 }))).toMatchObject({
      position: 1,
    });
    await wakeChannels(redis.url, ["{faults}:wake:early"]);
    redis.signal("SIGSTOP");
    // w's SUBSCRIBE is sent and never answered; the acquire itself times out.
    const stopped = await failing(() => waiter.acquireLock("resource:w", ask("w", { leaseMs: 60_000 })));
    expect(stopped.error).toBeInstanceOf(BackendUnavailableError);
    redis.signal("SIGKILL");
    await redis.restart();
    await wakeChannels(redis.url, ["{faults}:wake:early", "{faults}:wake:w"]);
    await waiter.leaveLine("resource:w", "early", "gave up");
    expect(await waiter.acquireLock("resource:w", ask("w", { leaseMs: 60_000 }))).toMatchObject({
      position: 1,
    });
    await wokenByRelease(waiter, holder);
  });

  it("redis-server paused (SIGSTOP) beyond the command timeout: clean timeout errors, no hang", async () => {
    const redis = await server();
    const connected = driver(redis.url, { commandTimeoutMs: 500 });
    await connected.ping();
    redis.signal("SIGSTOP");
    try {
      const midCall = await failing(() => connected.acquireLock("resource:x", ask("s1")));
      expect(midCall.error).toBeInstanceOf(BackendUnavailableError);
      expect((midCall.error as Error).message).toMatch(/timed out/i);
      expect(midCall.ms).toBeLessThan(NO_HANG_MS);
      const fresh = await failing(() => driver(redis.url).ping());
      expect(fresh.error).toBeInstanceOf(BackendUnavailableError);
      expect(fresh.ms).toBeLessThan(NO_HANG_MS);
      const waiting = await failing(() => driver(redis.url).waitForChange("resource:x", 60_000));
      expect(waiting.error).toBeInstanceOf(BackendUnavailableError);
    } finally {
      redis.signal("SIGCONT");
    }
    const recovered = driver(redis.url);
    expect((await recovered.acquireLock("resource:y", ask("s1"))).acquired).toBe(true);
  });

  it("a pause shorter than the command timeout only delays calls; the connection and its lock stay", async () => {
    const redis = await server();
    const connected = driver(redis.url, { commandTimeoutMs: 2_000 });
    expect((await connected.acquireLock("resource:slow", ask("s1"))).acquired).toBe(true);
    redis.signal("SIGSTOP");
    const during = connected.extendLock("resource:slow", "s1", 60_000);
    await sleep(700);
    redis.signal("SIGCONT");
    expect(await during).toMatchObject({ outcome: "done" });
    expect(await connected.releaseLock("resource:slow", "s1")).toMatchObject({ outcome: "done" });
  });

  it("a reconnecting driver times out a stalled call, then serves again once redis-server resumes", async () => {
    const redis = await server();
    const connected = driver(redis.url, { commandTimeoutMs: 400, reconnect: true });
    await connected.ping();
    redis.signal("SIGSTOP");
    try {
      const stalled = await failing(() => connected.getLock("resource:z"));
      expect((stalled.error as Error).message).toMatch(/timed out.*400 ms/i);
    } finally {
      redis.signal("SIGCONT");
    }
    expect((await eventually(() => connected.acquireLock("resource:z", ask("s1")))).acquired).toBe(true);
  });
});
