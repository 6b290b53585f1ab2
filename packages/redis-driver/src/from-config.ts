import type { BatonConfig, Driver, DriverUse } from "@agent-baton/core";
import { createRedisDriver } from "./create-redis-driver.js";

/** Session records outlive the abandoned threshold by this much, so `abandoned` is still seen before they go. */
const SESSION_MARGIN_MS = 3_600_000;

/**
 * The redis driver for a resolved config: REDIS_URL, the key prefix and the history settings; a
 * long-running process (the MCP server) reconnects instead of failing fast.
 */
export function driverFromConfig(config: BatonConfig, use: DriverUse = {}): Driver {
  return createRedisDriver({
    url: config.redisUrl,
    keyPrefix: config.keyPrefix,
    reconnect: use.longRunning === true,
    sessionTtlMs: config.abandonedThreshold * 1000 + SESSION_MARGIN_MS,
    history: { enabled: config.history, maxEvents: config.historyMaxEvents },
  });
}
