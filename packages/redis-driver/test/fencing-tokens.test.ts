import type { Driver } from "@agent-baton/core";
import { ask, type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

// startRedis runs redis-server with `--save "" --appendonly no`: a restart loses every key.
let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

/** A fresh one-shot driver, as each CLI call makes. */
async function withDriver<T>(use: (driver: Driver) => Promise<T>): Promise<T> {
  const driver = createRedisDriver({ url: server.url, keyPrefix: "fences" });
  try {
    return await use(driver);
  } finally {
    await driver.close();
  }
}

/** Acquires and releases the lock `times` times; returns the tokens in order. */
const cycle = (times: number) =>
  withDriver(async (driver) => {
    const tokens: number[] = [];
    for (let i = 0; i < times; i++) {
      const r = await driver.acquireLock("resource:fenced", ask("s1"));
      if (!r.acquired) throw new Error("expected to acquire");
      tokens.push(r.lock.fencing_token);
      await driver.releaseLock("resource:fenced", "s1");
    }
    return tokens;
  });

const rising = (tokens: number[]) => tokens.every((t, i) => i === 0 || t > tokens[i - 1]!);

describe("fencing tokens never go backwards", () => {
  it("rise across a restart of redis-server without persistence, and after FLUSHALL", async () => {
    const before = await cycle(5);
    expect(rising(before)).toBe(true);

    server.signal("SIGKILL");
    await server.restart();
    const admin = new Redis(server.url);
    try {
      expect(await admin.dbsize()).toBe(0);
      const afterRestart = await cycle(5);
      await admin.flushall();
      const afterFlush = await cycle(5);
      const all = [...before, ...afterRestart, ...afterFlush];
      expect(rising(all)).toBe(true);
      expect(all.every(Number.isSafeInteger)).toBe(true);
    } finally {
      admin.disconnect();
    }
  });

  it("a new token is at least Redis's clock in microseconds, and the last token + 1 when that is higher", async () => {
    const admin = new Redis(server.url);
    try {
      const [seconds, micros] = await admin.time();
      const clock = Number(seconds) * 1_000_000 + Number(micros);
      const [first] = await cycle(1);
      expect(first).toBeGreaterThanOrEqual(clock);
      // A counter ahead of the clock (a token from a server whose clock ran fast) is carried on by one.
      const ahead = clock + 3_600_000_000;
      await admin.hset("{fences}:fences", "resource:fenced", String(ahead));
      expect(await cycle(2)).toEqual([ahead + 1, ahead + 2]);
    } finally {
      admin.disconnect();
    }
  });

  it("a refused attempt draws no token", async () => {
    const admin = new Redis(server.url);
    try {
      await withDriver(async (driver) => {
        await driver.acquireLock("resource:busy", ask("s1"));
        const counter = await admin.hget("{fences}:fences", "resource:busy");
        expect(await driver.acquireLock("resource:busy", ask("s2"))).toMatchObject({
          acquired: false,
        });
        expect(await admin.hget("{fences}:fences", "resource:busy")).toBe(counter);
      });
    } finally {
      admin.disconnect();
    }
  });
});
