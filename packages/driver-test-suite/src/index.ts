export type { MakeDriver } from "./fixtures.js";
export {
  claimFor,
  coordinatorFor,
  deadPid,
  gitRepoWithWorktree,
  HOUR,
  MINUTE,
  owner,
  reservationFor,
  sessionRecord,
  sleep,
  testConfig,
} from "./fixtures.js";
export type { MemoryDriverOptions } from "./memory-driver.js";
export { createMemoryDriver } from "./memory-driver.js";
export type { RedisServer, StartRedisOptions } from "./redis-server.js";
export { freePort, startRedis } from "./redis-server.js";
export type { SuiteContext, TestApi } from "./suite.js";
export { driverConformanceSuite } from "./suite.js";
