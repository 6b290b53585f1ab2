import { driverLoader } from "@agent-baton/core";

/**
 * Makes the driver the config names, importing only that backend's package. The server is a
 * long-running process, so the redis driver reconnects instead of failing fast.
 */
export const loadDriver = driverLoader(
  { file: () => import("@agent-baton/file-driver"), redis: () => import("@agent-baton/redis-driver") },
  { longRunning: true },
);
