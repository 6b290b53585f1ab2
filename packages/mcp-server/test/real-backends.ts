import type { Driver } from "@agent-baton/core";
import { type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { createFileDriver } from "@agent-baton/file-driver";
import { createRedisDriver } from "@agent-baton/redis-driver";
import { afterAll, beforeAll } from "vitest";
import { type LinkedClient, linkedClient } from "./in-memory-client.js";
import { removeDir, tempDir } from "./spawn-server.js";

/** One test's backend: a driver over its own directory or key prefix, and how to clean it up. */
export interface TestBackend {
  driver: Driver;
  /** A real SDK client linked in memory to a server of its own, as session `sessionId`, on this backend. */
  link(sessionId: string): Promise<LinkedClient>;
  done(): Promise<void>;
}

/**
 * The real backends for `describe.each`: the file driver over a temp directory, and the redis
 * driver over a private redis-server (started once for the file's tests) with a key prefix per test.
 */
export function realBackends(): Array<[string, () => Promise<TestBackend>]> {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedis();
  }, 20_000);
  afterAll(async () => {
    await redis?.stop();
  });
  const backend = (driver: Driver, cleanup: () => void): TestBackend => {
    const links: LinkedClient[] = [];
    return {
      driver,
      link: async (sessionId) => {
        const link = await linkedClient(driver, sessionId);
        links.push(link);
        return link;
      },
      done: async () => {
        for (const l of links.splice(0)) await l.close();
        await driver.close();
        cleanup();
      },
    };
  };
  return [
    [
      "file",
      async () => {
        const dir = tempDir("baton-mcp-p2-");
        return backend(createFileDriver({ dir }), () => removeDir(dir));
      },
    ],
    [
      "redis",
      async () =>
        backend(
          createRedisDriver({
            url: redis!.url,
            keyPrefix: `p2-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
          }),
          () => undefined,
        ),
    ],
  ];
}
