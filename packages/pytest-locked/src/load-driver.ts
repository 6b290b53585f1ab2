import type { BatonConfig, Driver, DriverFactory } from "@agent-baton/core";

/** Makes the driver the config names, importing only that backend's package. */
export async function loadDriver(config: BatonConfig): Promise<Driver> {
  if (config.backend === "redis") {
    const { createRedisDriver } = (await import("@agent-baton/redis-driver")) as unknown as {
      createRedisDriver: DriverFactory<{ url: string; keyPrefix?: string }>;
    };
    return createRedisDriver({ url: config.redisUrl, keyPrefix: config.keyPrefix });
  }
  const { createFileDriver } = (await import("@agent-baton/file-driver")) as unknown as {
    createFileDriver: DriverFactory<{ dir: string }>;
  };
  return createFileDriver({ dir: config.coordinationDir });
}
