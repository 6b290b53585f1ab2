// everything core exports, unchanged: the umbrella is core's API plus the drivers and openCoordinator
export * from "@agent-baton/core";
export type { FileDriverOptions } from "@agent-baton/file-driver";
export { createFileDriver } from "@agent-baton/file-driver";
export { createRedisDriver } from "@agent-baton/redis-driver";
export { loadDriver } from "./load-driver.js";
export type { OpenOptions } from "./open-coordinator.js";
export { openCoordinator } from "./open-coordinator.js";
