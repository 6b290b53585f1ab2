import { driverConformanceSuite, type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

// Each namespace is its own key prefix on one standalone server.
driverConformanceSuite({ describe, it, expect, afterEach }, "redis standalone", (namespace) =>
  createRedisDriver({ url: server.url, keyPrefix: namespace }),
);
