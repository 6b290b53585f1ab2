import type { BatonConfig, Driver } from "@agent-baton/core";

/**
 * Makes the driver the config names, importing only that backend's package. The server is a
 * long-running process, so the redis driver reconnects instead of failing fast.
 */
export async function loadDriver(config: BatonConfig): Promise<Driver> {
  if (config.backend === "redis") {
    const { createRedisDriver } = await import("@agent-baton/redis-driver");
    return createRedisDriver({ url: config.redisUrl, keyPrefix: config.keyPrefix, reconnect: true });
  }
  const { createFileDriver } = await import("@agent-baton/file-driver");
  return createFileDriver({ dir: config.coordinationDir });
}
