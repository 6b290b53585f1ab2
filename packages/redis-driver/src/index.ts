export { createRedisDriver } from "./create-redis-driver.js";
export { driverFromConfig } from "./from-config.js";
export type { RedisDriverOptions } from "./options.js";
export type { RedisTarget } from "./redis-url.js";
export { parseRedisUrl, redactUrl } from "./redis-url.js";
