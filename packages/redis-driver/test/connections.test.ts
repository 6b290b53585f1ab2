import { claimFor, owner, type RedisServer, sessionRecord, startRedis } from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

let server: RedisServer;
let admin: Redis;
beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
  await admin.client("SETNAME", "admin");
});
afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});

/** The server's client connections other than the admin's, by the command each ran last. */
async function driverConnections(): Promise<string[]> {
  const list = (await admin.client("LIST")) as string;
  return list
    .trim()
    .split("\n")
    .filter((line) => !/ name=admin /.test(line))
    .map((line) => /cmd=(\S+)/.exec(line)![1]!)
    .sort();
}

describe("connections", () => {
  it("one connection carries every command; a wait adds the one subscriber", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "conns" });
    try {
      await driver.putSession(sessionRecord("s1"));
      await driver.acquireLock("resource:a", owner("s1"), 60_000);
      await driver.listLocks("*");
      await driver.releaseLock("resource:a", "s1");
      await driver.claimIssue(claimFor("s1", 1));
      await driver.endSession("s1");
      expect(await driverConnections()).toHaveLength(1);
      await driver.acquireLock("resource:b", owner("s2"), 60_000);
      // Times out: the lock stays held, and the subscription is made within the wait.
      await driver.waitForRelease("resource:b", 500);
      expect(await driverConnections()).toEqual(expect.arrayContaining(["subscribe"]));
      expect(await driverConnections()).toHaveLength(2);
    } finally {
      await driver.close();
    }
  });
});
