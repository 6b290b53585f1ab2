export { parseTtl, parseWait, TTL_BOUNDS, WAIT_BOUNDS } from "./bounds.js";
export { claimLabel, ghIssueTitle, repoPrefix } from "./claim-label.js";
export { ClaimsApi, parseIssueNumber } from "./claims.js";
export type { Clock } from "./clock.js";
export { ManualClock, systemClock } from "./clock.js";
export type { ConfigFile, LoadConfigOptions } from "./config.js";
export { DEFAULTS, findConfigFiles, loadConfig, readConfigFile } from "./config.js";
export type { ConfigField, ConfigRule } from "./config-rules.js";
export { BACKENDS, CONFIG_RULES, LOG_LEVELS, ruleViolation } from "./config-rules.js";
export type { AcquireOptions, CoordinatorOptions } from "./coordinator.js";
export { Coordinator, formatAge } from "./coordinator.js";
export type {
  Driver,
  DriverAcquireOutcome,
  DriverClaimOutcome,
  DriverEndOutcome,
  DriverFactory,
  DriverLockChange,
} from "./driver.js";
export type { ErrorCode } from "./errors.js";
export {
  BackendUnavailableError,
  BatonError,
  ClaimHeldError,
  ConfigError,
  ERROR_CODES,
  EXIT_CODES,
  exitCodeOf,
  InvalidInputError,
  LockHeldError,
  NotFoundError,
  NotOwnerError,
  StorageError,
  TimeoutError,
} from "./errors.js";
export {
  currentBranch,
  detectGitHubRepo,
  originUrl,
  parseGitHubRepo,
  repoName,
  worktreeRoot,
} from "./git.js";
export type { HolderJudgement } from "./holder-policy.js";
export { judgeHolder, sessionTier } from "./holder-policy.js";
export type { IdentityInputs, IdentitySource, SessionIdentity } from "./identity.js";
export { findClaudeAncestor, resolveSessionIdentity, validateSessionId } from "./identity.js";
export {
  globToRegExp,
  lockNameForBranch,
  normalizeLockName,
  normalizeLockPattern,
  WORK_NAME,
} from "./lock-names.js";
export type {
  DriverLoader,
  DriverModule,
  DriverUse,
  OpenCoordinatorOptions,
  OpenedCoordinator,
} from "./open.js";
export { driverLoader, openCoordinatorWith } from "./open.js";
export type {
  PlatformProbe,
  ProbeName,
  ProcessMemory,
  ProcessStatus,
  TcpConnection,
} from "./platform/probe.js";
export {
  ancestorPids,
  isHolderProcessGone,
  isPidAlive,
  isProcessGroupAlive,
  isProcessRunning,
  isRecordedProcessGone,
  localHost,
  parentPid,
  peerProcess,
  processCpuMs,
  processMemory,
  processStartTime,
} from "./platform/process-info.js";
export { linuxProbe, PROBE_ENV, platformProbe, portableProbe, probeNameFor } from "./platform/select.js";
export { sameProcessStart } from "./platform/start-token.js";
export type { RecordShape } from "./record-shapes.js";
export { ClaimRecordShape, LockRecordShape, SessionRecordShape } from "./record-shapes.js";
export type { RunUnderLockOptions, RunUnderLockResult } from "./run-locked.js";
export { FORWARDED_SIGNALS, runUnderLock } from "./run-locked.js";
export type {
  ClaimInfo,
  ClaimRecord,
  ClaimResult,
  FindClaimResult,
  ListClaimsResult,
  ReleaseClaimResult,
} from "./schemas/claim.js";
export {
  ClaimInfoSchema,
  ClaimRecordSchema,
  ClaimResultSchema,
  FindClaimResultSchema,
  ListClaimsResultSchema,
  ReleaseClaimResultSchema,
} from "./schemas/claim.js";
export type { Backend, BatonConfig, Thresholds } from "./schemas/config.js";
export { BackendSchema, BatonConfigSchema } from "./schemas/config.js";
export type { HealthResult } from "./schemas/health.js";
export { HealthResultSchema } from "./schemas/health.js";
export type {
  AcquireResult,
  CheckResult,
  ExtendResult,
  ForceReleaseResult,
  ListLocksResult,
  LockInfo,
  LockOwner,
  LockRecord,
  ReleaseResult,
} from "./schemas/lock.js";
export {
  AcquireResultSchema,
  CheckResultSchema,
  ExtendResultSchema,
  ForceReleaseResultSchema,
  ListLocksResultSchema,
  LockInfoSchema,
  LockRecordSchema,
  ReleaseResultSchema,
} from "./schemas/lock.js";
export type {
  CleanupResult,
  EndResult,
  HeartbeatResult,
  RegisterResult,
  SessionRecord,
  SessionStatusEntry,
  StatusResult,
} from "./schemas/session.js";
export {
  CleanupResultSchema,
  EndResultSchema,
  HeartbeatResultSchema,
  RegisterResultSchema,
  SessionClaimSummarySchema,
  SessionRecordSchema,
  SessionStatusEntrySchema,
  StatusResultSchema,
  TierSchema,
} from "./schemas/session.js";
export { SessionsApi } from "./sessions.js";
export { onTerminationSignals, TERMINATION_SIGNALS } from "./termination-signals.js";
export type { Tier } from "./tiers.js";
export { isGone, isTakeable, TIERS, tierForAge } from "./tiers.js";
