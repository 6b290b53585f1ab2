import { execFileSync } from "node:child_process";
import { DEFAULTS } from "@agent-baton/core";
import { sessionRecord, startRedis } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { driverFromConfig } from "../src/index.js";

describe("driverFromConfig", () => {
  it("keeps session records for the abandoned threshold plus an hour, so 'abandoned' stays visible", async () => {
    const server = await startRedis();
    const config = {
      ...DEFAULTS,
      coordinationDir: "/x",
      backend: "redis" as const,
      redisUrl: server.url,
      keyPrefix: "cfg",
      abandonedThreshold: 7_200,
    };
    const driver = driverFromConfig(config);
    try {
      await driver.putSession(sessionRecord("s1"));
      const keys = execFileSync("redis-cli", ["-p", String(server.port), "--scan", "--pattern", "*s1*"], {
        encoding: "utf8",
      }).trim();
      const ttl = Number(
        execFileSync("redis-cli", ["-p", String(server.port), "pttl", keys.split("\n")[0]!], {
          encoding: "utf8",
        }),
      );
      expect(ttl).toBeGreaterThan(10_700_000);
      expect(ttl).toBeLessThanOrEqual(10_800_000);
    } finally {
      await driver.close();
      await server.stop();
    }
  });
});
