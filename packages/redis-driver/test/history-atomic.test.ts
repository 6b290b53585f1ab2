import { StorageError } from "@agent-baton/core";
import {
  ask,
  claimFor,
  type RedisServer,
  sessionRecord,
  startRedis,
  take,
} from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

let server: RedisServer;
let admin: Redis;
beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
});
afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});

/** Every key of a prefix with its value, dumped: the whole stored world of one deployment. */
async function snapshot(prefix: string): Promise<Record<string, string | null>> {
  const keys = (await admin.keys(`{${prefix}}*`)).sort();
  const values = await Promise.all(keys.map((key) => admin.dumpBuffer(key)));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]?.toString("base64") ?? null]));
}

async function failure(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("expected the step to fail");
}

describe("history is written in the step it records", () => {
  it("under maxmemory each step either fails having written nothing, or is written whole with its event", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "oom" });
    try {
      await driver.putSession(sessionRecord("s1"));
      await take(driver, "resource:a", "s1");
      await take(driver, "resource:b", "h");
      await driver.acquireLock("resource:b", ask("s1", { leaseMs: 60_000 }));
      await driver.claimIssue(claimFor("s1", 1));
      // Redis refuses a script's first write that may grow memory (a new key, an event); a script
      // that has written already may go on, so one that begins by freeing memory finishes whole.
      const steps: [string, () => Promise<unknown>][] = [
        ["lock.acquired", () => driver.acquireLock("resource:c", ask("s2"))],
        ["lock.queued", () => driver.acquireLock("resource:a", ask("s2", { leaseMs: 60_000 }))],
        ["lock.extended", () => driver.extendLock("resource:a", "s1", 120_000)],
        [
          "lock.release_requested",
          () => driver.requestRelease("resource:a", { by: "s2", reason: null, ttlMs: 60_000 }),
        ],
        ["claim.taken", () => driver.claimIssue(claimFor("s2", 2))],
        ["session.paused", () => driver.updateSession("s1", { paused: true })],
        ["lock.gave_up", () => driver.leaveLine("resource:b", "s1", "aborted")],
        ["lock.released", () => driver.releaseLock("resource:a", "s1")],
        ["session.ended", () => driver.endSession("s1", { event: "session.ended" })],
      ];
      const refused: string[] = [];
      await admin.config("SET", "maxmemory", "1");
      try {
        for (const [type, step] of steps) {
          const before = await snapshot("oom");
          const events = await admin.xlen("{oom}:events");
          const error = await step().then(
            () => null,
            (e: unknown) => e,
          );
          if (error) {
            refused.push(type);
            expect(error).toBeInstanceOf(StorageError);
            expect((error as Error).message).toMatch(/OOM/);
            expect(await snapshot("oom")).toEqual(before);
          } else {
            const written = await admin.xrange("{oom}:events", "-", "+");
            expect(written.slice(events).map(([, fields]) => fields[1])).toContain(type);
          }
        }
      } finally {
        await admin.config("SET", "maxmemory", "0");
      }
      expect(refused).toEqual(expect.arrayContaining(["lock.acquired", "lock.queued", "claim.taken"]));
    } finally {
      await driver.close();
    }
  });

  it("a step that meets a damaged value fails whole: no change to any other record, no event", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "damaged" });
    try {
      await take(driver, "resource:good", "s1");
      await take(driver, "resource:bad", "s1");
      await driver.putSession(sessionRecord("s1"));
      await admin.set("{damaged}:lock:resource:bad", "not the JSON baton writes");
      const before = await snapshot("damaged");
      expect(await failure(() => driver.acquireLock("resource:bad", ask("s2")))).toBeInstanceOf(StorageError);
      // Ending s1 reaches resource:good first and resource:bad second: it must not end half-way.
      expect(await failure(() => driver.endSession("s1", { event: "session.ended" }))).toBeInstanceOf(
        StorageError,
      );
      expect(await snapshot("damaged")).toEqual(before);
    } finally {
      await driver.close();
    }
  });

  it("reaping and pausing that meet a damaged value fail whole too", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "damaged-reap" });
    try {
      await take(driver, "resource:good", "s1", { ttlMs: 50 });
      await take(driver, "resource:bad", "s1", { ttlMs: 50 });
      await driver.putSession(sessionRecord("s2"));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await admin.set("{damaged-reap}:lock:resource:bad", "not the JSON baton writes");
      // The record keeps its heartbeat and paused lines; only the JSON after them is damaged.
      const session = (await admin.get("{damaged-reap}:session:s2"))!;
      await admin.set("{damaged-reap}:session:s2", session.replace(/\{.*$/s, "{damaged"), "PX", 60_000);
      const before = await snapshot("damaged-reap");
      // Reaping s1 reaches resource:good's expired hold first and resource:bad's second.
      expect(await failure(() => driver.reapSession("s1"))).toBeInstanceOf(StorageError);
      expect(await failure(() => driver.updateSession("s2", { paused: true }))).toBeInstanceOf(StorageError);
      const after = await snapshot("damaged-reap");
      // A failed SET with PX would have renewed the record's expiry; DUMP leaves that out, so compare it too.
      expect(after).toEqual(before);
      expect(await admin.get("{damaged-reap}:session:s2")).toMatch(/\n0\n\{damaged$/);
    } finally {
      await driver.close();
    }
  });

  it("with history off nothing is recorded and no notice is made; the locks work the same", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "quiet", history: { enabled: false } });
    try {
      await driver.putSession(sessionRecord("s1"));
      const held = await take(driver, "resource:a", "s1");
      await driver.acquireLock("resource:a", ask("s2", { leaseMs: 60_000 }));
      await driver.forceReleaseLock("resource:a", { by: "admin" });
      expect((await driver.acquireLock("resource:a", ask("s2", { leaseMs: 60_000 }))).acquired).toBe(true);
      expect((await driver.getLock("resource:a"))?.holders[0]?.fencing_token).toBeGreaterThan(
        held.fencing_token,
      );
      expect(await admin.exists("{quiet}:events")).toBe(0);
      expect(await driver.takeNotices("s1")).toEqual([]);
      expect(await driver.readEvents({})).toEqual({ events: [], cursor: "0-0" });
    } finally {
      await driver.close();
    }
  });

  it("the stream is trimmed near its configured length", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "trim", history: { maxEvents: 1_000 } });
    try {
      for (let i = 0; i < 1_500; i++) {
        await driver.acquireLock("resource:t", ask("s1"));
        await driver.releaseLock("resource:t", "s1");
      }
      const length = await admin.xlen("{trim}:events");
      // MAXLEN ~ trims whole stream nodes (100 entries by default), never below the length asked for.
      expect(length).toBeGreaterThanOrEqual(1_000);
      expect(length).toBeLessThan(1_200);
    } finally {
      await driver.close();
    }
  });
});
