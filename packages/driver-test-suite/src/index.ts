export type { MakeDriver } from "./fixtures.js";
export {
  ask,
  claimFor,
  coordinatorFor,
  deadPid,
  eventLines,
  events,
  HOUR,
  holdersOf,
  lineOf,
  MINUTE,
  owner,
  queue,
  sessionRecord,
  settlesWithin,
  sleep,
  take,
  testConfig,
} from "./fixtures.js";
export { type LineLogEntry, lineOrder } from "./line-log.js";
export type { MemoryDriverOptions } from "./memory-driver.js";
export { createMemoryDriver } from "./memory-driver.js";
export type { RedisServer, StartRedisOptions } from "./redis-server.js";
export { freePort, startRedis } from "./redis-server.js";
export { gitRepoWithWorktree, reservationFor } from "./reservation-fixtures.js";
export { driverConformanceSuite } from "./suite.js";
export type { SuiteContext, TestApi } from "./suite-context.js";
