import { ask, claimFor, type RedisServer, sessionRecord, startRedis } from "@agent-baton/driver-test-suite";
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
  it("one connection carries every command; joining a line adds the one subscriber; a follower its own while it follows", async () => {
    const driver = createRedisDriver({ url: server.url, keyPrefix: "conns" });
    try {
      await driver.putSession(sessionRecord("s1"));
      await driver.acquireLock("resource:a", ask("s1"));
      await driver.listLocks("*");
      await driver.releaseLock("resource:a", "s1");
      await driver.claimIssue(claimFor("s1", 1));
      await driver.readEvents({ limit: 10 });
      await driver.takeNotices("s1");
      await driver.reapSession("s1");
      await driver.endSession("s1", { event: "session.ended" });
      expect(await driverConnections()).toHaveLength(1);

      await driver.acquireLock("resource:b", ask("s2"));
      expect(await driver.acquireLock("resource:b", ask("s3", { leaseMs: 5_000 }))).toMatchObject({
        position: 1,
      });
      // Times out: the lock stays held; the subscription was made when s3 joined the line.
      await driver.waitForChange("resource:b", 300);
      expect(await driverConnections()).toEqual(expect.arrayContaining(["subscribe"]));
      expect(await driverConnections()).toHaveLength(2);

      const controller = new AbortController();
      const following = driver.followEvents({}, () => {}, controller.signal);
      await expect.poll(driverConnections, { timeout: 10_000 }).toContain("xread");
      expect(await driverConnections()).toHaveLength(3);
      controller.abort();
      await following;
      await expect.poll(async () => (await driverConnections()).length, { timeout: 10_000 }).toBe(2);
    } finally {
      await driver.close();
    }
  });
});
