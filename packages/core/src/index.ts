export {
  checkInput,
  checkNumberInput,
  HistoryLimitSchema,
  IssueNumberSchema,
  LockNameSchema,
  LockPatternSchema,
  numberFromText,
  PageCursorSchema,
  PageLimitSchema,
  PathGlobListSchema,
  PathGlobSchema,
  PidSchema,
  parseGrace,
  parseSlots,
  parseTtl,
  parseWait,
  ReasonSchema,
  RepoSchema,
  ReservationReasonSchema,
  SessionMetadataSchema,
  SlotsSchema,
  TtlSecondsSchema,
  WaitSecondsSchema,
} from "./bounds.js";
export type { ClaimsApi } from "./claims.js";
export type { Clock } from "./clock.js";
export { ManualClock, systemClock } from "./clock.js";
export type { LoadConfigOptions } from "./config.js";
export { CONFIG_ENV_NAMES, DEFAULTS, findConfigFiles, loadConfig } from "./config.js";
export type { AcquireOptions, CoordinatorOptions, HistoryReadOptions } from "./coordinator.js";
export { Coordinator } from "./coordinator.js";
export type {
  AcquireRequest,
  Driver,
  DriverAcquireOutcome,
  DriverClaimOutcome,
  DriverEndOutcome,
  DriverFactory,
  DriverLockChange,
  DriverLockSteps,
  DriverReservationChange,
  DriverReservations,
  EventPage,
  HistoryOptions,
  ReservationEvent,
  StandaloneEvent,
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
export { formatAge } from "./format-age.js";
export { gitOutput, repoName, worktreeRoot } from "./git.js";
export { globToRegExp } from "./glob.js";
export { summarizeHolds } from "./hold-summary.js";
export { isHoldGroupAlive, sessionTier } from "./holder-policy.js";
export type { IdentityInputs, IdentitySource, SessionIdentity } from "./identity.js";
export { resolveSessionIdentity, validateSessionId } from "./identity.js";
export { coordinatorSource } from "./live/coordinator-source.js";
export type { LiveChange, LiveFeedOptions } from "./live/live-feed.js";
export { LIVE_EVENTS_SHOWN, LIVE_POLL_MS, LIVE_WINDOW_MS, LiveFeed } from "./live/live-feed.js";
export type {
  LiveClaim,
  LiveHolder,
  LiveLock,
  LiveSession,
  LiveSnapshot,
  LiveWaiter,
  Timeline,
  TimelineBar,
  TimelineRow,
} from "./live/live-snapshot.js";
export { LiveSnapshotSchema } from "./live/live-snapshot.js";
export type { LiveSource } from "./live/live-source.js";
export type { LiveSessionInput, LiveStateOptions, Refetch, SnapshotContext } from "./live/live-state.js";
export { LiveState } from "./live/live-state.js";
export { SHORT_ID_MIN, shortIds } from "./live/short-ids.js";
export { buildTimeline } from "./live/timeline.js";
export { LEASE_MS, RETRY_MS } from "./lock-acquire.js";
export { normalizeLockName } from "./lock-names.js";
export { noticeOf, noticeText } from "./notice-text.js";
export type {
  DriverLoader,
  DriverModule,
  DriverUse,
  OpenCoordinatorOptions,
  OpenedCoordinator,
} from "./open.js";
export { driverLoader, openCoordinatorWith } from "./open.js";
export type { OriginalHoldFields } from "./original-locks.js";
export { ORIGINAL_HOST, originalHold, originalKeyHold } from "./original-locks.js";
export { overlapEventName } from "./overlap-reports.js";
export type { PageOptions } from "./pagination.js";
export { DEFAULT_PAGE_LIMIT } from "./pagination.js";
export { globsOverlap, pathMatches } from "./path-glob.js";
export type { ProcessMemory, TcpConnection } from "./platform/probe.js";
export {
  ancestorPids,
  isHolderProcessGone,
  isPidAlive,
  isProcessGroupAlive,
  isRecordedProcessGone,
  localHost,
  peerProcess,
  processCpuMs,
  processMemory,
  processStartTime,
} from "./platform/process-info.js";
export { PROBE_ENV } from "./platform/select.js";
export type { Repository } from "./repository.js";
export { findRepository, repositoryKeyOfUrl } from "./repository.js";
export { reservationEventName } from "./reservation-store.js";
export type { ReservationsApi, ReserveOptions } from "./reservations.js";
export { DEFAULT_RESERVATION_TTL } from "./reservations.js";
export type { RunUnderLockOptions, RunUnderLockResult } from "./run-locked.js";
export { LOCK_LOST_EXIT_CODE, runUnderLock } from "./run-locked.js";
export type {
  ClaimInfo,
  ClaimResult,
  FindClaimResult,
  ListClaimsResult,
  ReleaseClaimResult,
} from "./schemas/claim.js";
export {
  ClaimInfoSchema,
  ClaimResultSchema,
  FindClaimResultSchema,
  ListClaimsResultSchema,
  ReleaseClaimResultSchema,
} from "./schemas/claim.js";
export type { Backend, BatonConfig, ConfigFile, Thresholds } from "./schemas/config.js";
export { BackendSchema, BatonConfigSchema, ConfigFileSchema } from "./schemas/config.js";
export type { HealthResult } from "./schemas/health.js";
export { HealthResultSchema } from "./schemas/health.js";
export type { EventQuery, EventType, HistoryEvent, HistoryResult } from "./schemas/history.js";
export { EVENT_TYPES, HistoryEventSchema, HistoryResultSchema, NOTICE_TYPES } from "./schemas/history.js";
export type { HistoryReport, HoldSummary } from "./schemas/hold-summary.js";
export { HistoryReportSchema, HoldSummarySchema } from "./schemas/hold-summary.js";
export type {
  AcquireResult,
  CheckResult,
  ExtendResult,
  ForceReleaseResult,
  HoldInfo,
  ListLocksResult,
  LockInfo,
  ReleaseResult,
  RequestReleaseResult,
  WaiterInfo,
  WaitProgress,
} from "./schemas/lock.js";
export {
  AcquireResultSchema,
  CheckResultSchema,
  ExtendResultSchema,
  ForceReleaseResultSchema,
  HoldInfoSchema,
  ListLocksResultSchema,
  LockInfoSchema,
  ReleaseResultSchema,
  RequestReleaseResultSchema,
  WaiterInfoSchema,
  WaitProgressSchema,
} from "./schemas/lock.js";
export type { Notice, NoticesResult } from "./schemas/notice.js";
export { NoticeSchema, NoticesResultSchema } from "./schemas/notice.js";
export type {
  ChangedFile,
  Overlap,
  OverlapsResult,
  SessionChanges,
} from "./schemas/overlap.js";
export { OverlapsResultSchema } from "./schemas/overlap.js";
export type { PageFields } from "./schemas/page.js";
export { PageFieldsSchema } from "./schemas/page.js";
export type {
  ClaimRecord,
  LockMode,
  LockOwner,
  LockRecord,
  LockState,
  ReleaseRequest,
  ReservationRecord,
  SessionRecord,
  WaiterRecord,
} from "./schemas/records.js";
export {
  ClaimRecordSchema,
  LockModeSchema,
  LockRecordSchema,
  LockStateSchema,
  ReleaseRequestSchema,
  ReservationRecordSchema,
  SessionRecordSchema,
  WaiterRecordSchema,
} from "./schemas/records.js";
export type {
  CheckPathsResult,
  ListReservationsResult,
  PathCheck,
  ReleaseReservationsResult,
  ReservationConflict,
  ReservationInfo,
  ReserveResult,
} from "./schemas/reservation.js";
export {
  CheckPathsResultSchema,
  ListReservationsResultSchema,
  ReleaseReservationsResultSchema,
  ReservationInfoSchema,
  ReserveResultSchema,
} from "./schemas/reservation.js";
export type {
  CleanupResult,
  EndResult,
  HeartbeatResult,
  RegisterResult,
  SessionStatusEntry,
  StatusResult,
} from "./schemas/session.js";
export {
  CleanupResultSchema,
  EndResultSchema,
  HeartbeatResultSchema,
  RegisterResultSchema,
  SessionClaimSummarySchema,
  SessionStatusEntrySchema,
  StatusResultSchema,
  TierSchema,
} from "./schemas/session.js";
export type { WorktreeCheckResult, WorktreeSession } from "./schemas/worktree.js";
export { WorktreeCheckResultSchema } from "./schemas/worktree.js";
export type { SessionsApi } from "./sessions.js";
export { parseSince, SinceSchema } from "./since.js";
export { onTerminationSignals, TERMINATION_SIGNALS } from "./termination-signals.js";
export type { Tier } from "./tiers.js";
export { isGone, TIERS } from "./tiers.js";
export type { WaitNoticeOptions } from "./wait-notice.js";
export { WAIT_NOTICE_EVERY_SECONDS, waitNotice } from "./wait-notice.js";
export { lineStateText, ordinal, waitProgressText } from "./wait-text.js";
export { lockHolder, lockReason } from "./worktree-locks.js";
export type { WorktreesApi } from "./worktrees.js";
