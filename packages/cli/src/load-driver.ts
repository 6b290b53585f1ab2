import type { BatonConfig, Driver } from "@agent-baton/core";

/** Makes the driver the config names, importing only that backend's package. */
export async function loadDriver(config: BatonConfig): Promise<Driver> {
  if (config.backend === "redis") {
    const { createRedisDriver } = await import("@agent-baton/redis-driver");
    return createRedisDriver({ url: config.redisUrl, keyPrefix: config.keyPrefix });
  }
  const { createFileDriver } = await import("@agent-baton/file-driver");
  return createFileDriver({ dir: config.coordinationDir });
}
