import { ask, driverConformanceSuite } from "@agent-baton/driver-test-suite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";
import { type RedisCluster, startRedisCluster } from "./fixtures/redis-cluster.js";

let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

// Each namespace is its own key prefix, hence its own hash slot, somewhere on three masters.
driverConformanceSuite({ describe, it, expect, afterEach }, "redis cluster (3 masters)", (namespace) =>
  createRedisDriver({ url: cluster.url, keyPrefix: namespace }),
);

describe("redis cluster", () => {
  it("spreads deployments over different masters, each in one slot", async () => {
    const { Cluster } = await import("ioredis");
    const client = new Cluster([{ host: "127.0.0.1", port: cluster.nodes[0]!.port }]);
    try {
      const slots = await Promise.all(
        ["a", "b", "c", "d", "e", "f"].map((p) => client.cluster("KEYSLOT", `{${p}}:lock:x`)),
      );
      expect(new Set(slots).size).toBeGreaterThan(1);
      expect(await client.cluster("KEYSLOT", "{a}:lock:x")).toBe(
        await client.cluster("KEYSLOT", "{a}:session:y"),
      );
    } finally {
      client.disconnect();
    }
  });

  it("diagnose looks at every master: none of the three keeps data across a restart", async () => {
    const driver = createRedisDriver({ url: cluster.url, keyPrefix: "diagnose" });
    try {
      expect(await driver.diagnose!()).toEqual([
        {
          level: "warn",
          message: `Redis at ${cluster.url} has no persistence on 3 of 3 masters (no RDB save points and AOF off): fencing tokens rely on the server clock after a restart`,
        },
      ]);
    } finally {
      await driver.close();
    }
  });

  it("accepts cluster: true with a plain redis:// seed URL", async () => {
    const driver = createRedisDriver({ url: cluster.url.replace("redis+cluster", "redis"), cluster: true });
    try {
      const r = await driver.acquireLock("resource:opt", ask("s1"));
      expect(r.acquired).toBe(true);
      expect((await driver.listLocks("resource:*")).map((l) => l.lock_name)).toEqual(["resource:opt"]);
    } finally {
      await driver.close();
    }
  });
});
