import type { Driver } from "@agent-baton/core";
import { owner, type RedisServer, sessionRecord, startRedis } from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

const SESSIONS = 1_000;
const LOCKS = 10_000;

let server: RedisServer;
let admin: Redis;
let driver: Driver;

beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
  driver = createRedisDriver({ url: server.url, keyPrefix: "many" });
  await Promise.all(Array.from({ length: SESSIONS }, (_, i) => driver.putSession(sessionRecord(`s${i}`))));
  for (let batch = 0; batch < LOCKS; batch += 1_000) {
    await Promise.all(
      Array.from({ length: 1_000 }, (_, i) =>
        driver.acquireLock(`resource:l${batch + i}`, owner(`s${(batch + i) % SESSIONS}`), 600_000),
      ),
    );
  }
}, 120_000);

afterAll(async () => {
  await driver?.close();
  admin?.disconnect();
  await server?.stop();
});

/** Commands the server executed during `call`, by INFO commandstats (scripts' inner calls included). */
async function commandsDuring(call: () => Promise<unknown>): Promise<Record<string, number>> {
  await admin.config("RESETSTAT");
  await call();
  const info = await admin.info("commandstats");
  const counts: Record<string, number> = {};
  for (const [, name, calls] of info.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) {
    if (!/^(info|config)/.test(name!)) counts[name!] = Number(calls);
  }
  return counts;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe("listing in O(1) round trips", () => {
  it(`lists ${LOCKS} locks in a handful of commands (SCAN + MGET, never KEYS)`, async () => {
    let listed = 0;
    const counts = await commandsDuring(async () => {
      listed = (await driver.listLocks("*")).length;
    });
    expect(listed).toBe(LOCKS);
    expect(counts.keys).toBeUndefined();
    expect(counts.scan).toBeGreaterThan(0);
    expect(total(counts)).toBeLessThanOrEqual(6);
  });

  it(`lists ${SESSIONS} sessions in a handful of commands`, async () => {
    let listed = 0;
    const counts = await commandsDuring(async () => {
      listed = (await driver.listSessions()).length;
    });
    expect(listed).toBe(SESSIONS);
    expect(counts.keys).toBeUndefined();
    expect(total(counts)).toBeLessThanOrEqual(6);
  });

  it("a narrow pattern scans only matching keys and returns only matches", async () => {
    const counts = await commandsDuring(async () => {
      expect((await driver.listLocks("resource:l999?")).map((l) => l.lock_name)).toEqual([
        "resource:l9990",
        "resource:l9991",
        "resource:l9992",
        "resource:l9993",
        "resource:l9994",
        "resource:l9995",
        "resource:l9996",
        "resource:l9997",
        "resource:l9998",
        "resource:l9999",
      ]);
    });
    expect(total(counts)).toBeLessThanOrEqual(6);
  });
});
