import type { Driver } from "@agent-baton/core";
import { type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { createFileDriver } from "@agent-baton/file-driver";
import { createRedisDriver } from "@agent-baton/redis-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamableClient } from "./clients.js";
import { call } from "./in-memory-client.js";
import { removeDir, spawnHttpServer, tempDir } from "./spawn-server.js";

describe("baton-mcp shuts down gracefully after its first release too (spawned bin)", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  const backends: Array<{ name: string; open: (dir: string) => { env: NodeJS.ProcessEnv; driver: Driver } }> =
    [
      // the file driver's release loads proper-lockfile, whose signal-exit re-raises a signal it thinks nobody handles
      { name: "file", open: (dir) => ({ env: {}, driver: createFileDriver({ dir }) }) },
      {
        name: "redis",
        open: (dir) => {
          const keyPrefix = `mcp-shutdown-${process.pid}-${dir.slice(-6)}`;
          return {
            env: { COORDINATION_BACKEND: "redis", REDIS_URL: redis.url, BATON_KEY_PREFIX: keyPrefix },
            driver: createRedisDriver({ url: redis.url, keyPrefix }),
          };
        },
      },
    ];

  for (const backend of backends) {
    it(`${backend.name}: acquire and release a, acquire b, SIGTERM → "finishing", exit 0, b released`, async () => {
      const dir = tempDir();
      const { env, driver } = backend.open(dir);
      const server = await spawnHttpServer(dir, [], env);
      try {
        const c = await streamableClient(server.url);
        expect(await call(c.client, "acquire_lock", { lock_name: "a" })).toMatchObject({ success: true });
        expect(await call(c.client, "release_lock", { lock_name: "a" })).toMatchObject({ success: true });
        expect(await call(c.client, "acquire_lock", { lock_name: "b" })).toMatchObject({ success: true });
        expect(await driver.getLock("resource:b")).not.toBeNull();

        const exit = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
          server.child.once("exit", (code, signal) => resolve([code, signal])),
        );
        server.child.kill("SIGTERM");
        expect(await exit).toEqual([0, null]);
        expect(server.stderr()).toContain("SIGTERM: finishing");
        expect(server.stderr()).toContain("released resource:b");
        expect(await driver.getLock("resource:b")).toBeNull();
        await c.client.close();
      } finally {
        await server.stop();
        await driver.close();
        removeDir(dir);
      }
    });
  }
});
