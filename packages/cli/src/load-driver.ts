import { driverLoader } from "@agent-baton/core";

/** Makes the driver the config names, importing only that backend's package. */
export const loadDriver = driverLoader({
  file: () => import("@agent-baton/file-driver"),
  redis: () => import("@agent-baton/redis-driver"),
});
