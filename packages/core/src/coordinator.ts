import {
  checkInput,
  checkNumberInput,
  HistoryLimitSchema,
  parseSlots,
  parseTtl,
  parseWait,
  ReasonSchema,
} from "./bounds.js";
import { ClaimsApi } from "./claims.js";
import { type Clock, systemClock } from "./clock.js";
import type { Driver } from "./driver.js";
import { InvalidInputError } from "./errors.js";
import { currentBranch } from "./git.js";
import { acquireName, judgeHolds } from "./lock-acquire.js";
import { lockNameForBranch, normalizeLockName, normalizeLockPattern, WORK_NAME } from "./lock-names.js";
import { lineView, lockInfo, ttlRemaining } from "./lock-results.js";
import { noticeOf } from "./notice-text.js";
import { OriginalLocks } from "./original-locks.js";
import { type PageOptions, pageRequest, takePage } from "./pagination.js";
import { localHost, processStartTime } from "./platform/process-info.js";
import { ReservationsApi } from "./reservations.js";
import type { BatonConfig } from "./schemas/config.js";
import type { HealthResult } from "./schemas/health.js";
import type { EventQuery, HistoryEvent, HistoryResult } from "./schemas/history.js";
import type {
  AcquireResult,
  CheckResult,
  ExtendResult,
  ForceReleaseResult,
  ListLocksResult,
  LockInfo,
  LockOwner,
  LockRecord,
  ReleaseResult,
  RequestReleaseResult,
  WaitProgress,
} from "./schemas/lock.js";
import type { NoticesResult } from "./schemas/notice.js";
import { LockModeSchema } from "./schemas/records.js";
import type { SessionContext } from "./session-context.js";
import { SessionsApi } from "./sessions.js";
import { WorktreesApi } from "./worktrees.js";

/** How long a release request stands unless the lock goes first. */
const REQUEST_TTL_SECONDS = 600;

export interface CoordinatorOptions {
  driver: Driver;
  config: BatonConfig;
  /** This caller's session id (see resolveSessionIdentity). */
  sessionId: string;
  /** The process whose life bounds this session's locks on this host; null when none is known. */
  anchorPid?: number | null;
  clock?: Clock;
  /** The directory the caller works in: for `work`, the worktree, the repository. */
  cwd?: string;
  /** `owner/name` for claims; detected from git `origin` when omitted. */
  repo?: string;
  /** Looks up an issue's title; defaults to `gh issue view`. */
  issueTitle?: (repo: string, issue: number) => Promise<string | null>;
}

export interface AcquireOptions {
  /** Seconds until the lock expires unless extended (1–86 400; default DEFAULT_LOCK_TIMEOUT). */
  ttl?: number | string;
  /** Seconds to wait in line for the lock (0–3 600; default 0). */
  wait?: number | string;
  /** `exclusive` (default) or `shared`: shared holders coexist, an exclusive holder is alone. */
  mode?: string;
  /** Exclusive holders the name allows at once (1–1 000; default 1); callers of one name must agree. */
  slots?: number | string;
  signal?: AbortSignal;
  /** Called before each wait with the place in line, the holders (with tiers) and the time waited. */
  onWait?: (progress: WaitProgress) => void;
  /** A grant after waiting is also a notice for this session (`baton run`, the MCP server). */
  notifyOnGrant?: boolean;
}

/** Which history to read: a user's lock name, a session, a time, a cursor, how many. */
export interface HistoryReadOptions {
  lock?: string;
  session?: string;
  sinceMs?: number;
  after?: string;
  limit?: number | string;
}

/**
 * The one API the CLI, the MCP server and pytest-locked call. It owns naming, validation, tiers
 * and identity; its driver owns storage and atomicity.
 */
export class Coordinator {
  readonly driver: Driver;
  readonly config: BatonConfig;
  readonly sessionId: string;
  readonly clock: Clock;
  readonly cwd: string;
  readonly owner: LockOwner;
  readonly sessions: SessionsApi;
  readonly claims: ClaimsApi;
  private readonly context: SessionContext;
  readonly reservations: ReservationsApi;
  readonly worktrees: WorktreesApi;

  constructor(options: CoordinatorOptions) {
    this.driver = options.driver;
    this.config = options.config;
    this.sessionId = options.sessionId;
    this.clock = options.clock ?? systemClock;
    this.cwd = options.cwd ?? process.cwd();
    const pid = options.anchorPid ?? null;
    this.owner = {
      held_by: options.sessionId,
      host: localHost(),
      pid,
      pid_start: pid === null ? null : processStartTime(pid),
      pgid: null,
      worktree: this.cwd,
    };
    this.context = {
      driver: this.driver,
      config: this.config,
      sessionId: this.sessionId,
      owner: this.owner,
      clock: this.clock,
      cwd: this.cwd,
      original:
        this.config.backend === "file"
          ? new OriginalLocks(this.config.coordinationDir, this.config.staleThreshold)
          : null,
    };
    this.sessions = new SessionsApi(this.context);
    this.claims = new ClaimsApi(this.context, this.sessions, options.repo, options.issueTitle);
    this.reservations = new ReservationsApi(this.context, this.sessions);
    this.worktrees = new WorktreesApi(this.context);
  }

  /** The stored name for a user's lock name; `work` becomes the current branch's name. */
  async resolveLockName(name: string): Promise<string> {
    if (name !== WORK_NAME) return normalizeLockName(name);
    const branch = await currentBranch(this.cwd);
    if (!branch) {
      throw new InvalidInputError(
        `cannot derive the lock name "work": ${this.cwd} is not on a git branch; check out a branch or give a name`,
        { field: "lock_name" },
      );
    }
    return lockNameForBranch(branch);
  }

  /**
   * Takes the lock (or extends this session's hold), waiting in line up to `wait` seconds, first
   * come first served. Holders judged gone (dead, abandoned, stale past the threshold) are evicted.
   */
  async acquire(name: string, options: AcquireOptions = {}): Promise<AcquireResult> {
    const ttl = parseTtl(options.ttl ?? this.config.defaultLockTimeout);
    const wait = parseWait(options.wait ?? 0);
    const slots = parseSlots(options.slots ?? 1);
    const mode = checkInput(LockModeSchema, options.mode ?? "exclusive", "mode");
    if (mode === "shared" && slots > 1) {
      throw new InvalidInputError(
        `invalid slots ${slots}: a shared lock has no slots (any number of shared holders coexist); drop the slots or ask for an exclusive lock`,
        { field: "slots" },
      );
    }
    const lockName = await this.resolveLockName(name);
    return acquireName(this.context, lockName, {
      ttlMs: ttl * 1000,
      waitMs: wait * 1000,
      mode,
      slots,
      signal: options.signal,
      onWait: options.onWait,
      notifyOnGrant: options.notifyOnGrant,
    });
  }

  /** Releases this session's hold on the lock. */
  async release(name: string): Promise<ReleaseResult> {
    const lockName = await this.resolveLockName(name);
    // The copy goes while the hold still keeps other baton sessions out: removed after the release,
    // it could be the copy of the next holder, written between this read and this unlink.
    this.context.original?.unmirror(lockName, this.sessionId);
    const { outcome, lock } = await this.driver.releaseLock(lockName, this.sessionId);
    if (outcome === "done") return { success: true, released: true, lock_name: lockName };
    if (outcome === "not_owner") {
      return {
        success: false,
        released: false,
        lock_name: lockName,
        reason: "not_owner",
        held_by: lock?.held_by,
      };
    }
    return { success: false, released: false, lock_name: lockName, reason: "lock_not_found" };
  }

  /**
   * Who holds the lock (with tiers), who waits and who asks for it, and whether a newcomer would
   * get it now. Holders judged gone for good count as gone.
   */
  async check(name: string): Promise<CheckResult> {
    const lockName = await this.resolveLockName(name);
    // a live lock file of the original scripts holds the name as well (a mixed fleet migrating)
    const state = (await this.driver.getLock(lockName)) ?? this.context.original?.state(lockName) ?? null;
    if (!state) {
      return {
        lock_name: lockName,
        available: true,
        locked: false,
        mine: false,
        slots: 1,
        holders: [],
        waiters: [],
        requests: [],
      };
    }
    const judged = await judgeHolds(this.context, state.holders);
    const gone = new Set(judged.filter((j) => j.judgement.takeable && !j.judgement.warn).map((j) => j.hold));
    const tiers = new Map(judged.map((j) => [j.hold.held_by, j.judgement.tier]));
    const live = state.holders.filter((h) => !gone.has(h));
    const mine = state.holders.some((h) => h.held_by === this.sessionId);
    const fits = live.every((h) => h.mode === "exclusive") && live.length < state.slots;
    const first = state.holders[0];
    const firstTier = first ? tiers.get(first.held_by) : undefined;
    return {
      lock_name: lockName,
      available: !mine && fits && state.waiters.length === 0,
      locked: live.length > 0,
      mine,
      ...(first
        ? {
            held_by: first.held_by,
            worktree: first.worktree,
            acquired_at: first.acquired_at,
            expires_at: first.expires_at,
            fencing_token: first.fencing_token,
            ttl_remaining_seconds: ttlRemaining(first.expires_at, this.clock.now()),
            ...(firstTier ? { holder_tier: firstTier } : {}),
          }
        : {}),
      ...lineView(state, this.clock.now(), this.sessionId, tiers),
    };
  }

  /**
   * One page (default 100) of the lock names matching the glob, in name order, with holders, line
   * and requests; a pattern without `:` means resource locks. `next_cursor` asks for the next page.
   */
  async list(pattern = "*", options: PageOptions = {}): Promise<ListLocksResult> {
    const glob = normalizeLockPattern(pattern);
    const request = pageRequest("locks", options);
    const { items, ...page } = takePage(await this.driver.listLocks(glob), (l) => l.lock_name, request);
    const now = this.clock.now();
    return { pattern: glob, ...page, locks: items.map((l) => lockInfo(l, now, this.sessionId)) };
  }

  /** The lock's holders, line and requests, or null when nobody holds or waits for it. */
  async info(name: string): Promise<LockInfo | null> {
    const state = await this.driver.getLock(await this.resolveLockName(name));
    return state ? lockInfo(state, this.clock.now(), this.sessionId) : null;
  }

  /**
   * Resets this session's hold to expire `ttl` seconds from now, recording any process facts given
   * (`baton run`: its command's process group, which keeps the hold alive while it runs).
   */
  async extend(
    name: string,
    ttl: number | string = this.config.defaultLockTimeout,
    patch?: Partial<Pick<LockRecord, "pid" | "pid_start" | "pgid">>,
  ): Promise<ExtendResult> {
    const ttlSeconds = parseTtl(ttl);
    const lockName = await this.resolveLockName(name);
    const { outcome, lock } = await this.driver.extendLock(
      lockName,
      this.sessionId,
      ttlSeconds * 1000,
      patch,
    );
    if (outcome === "done" && lock) {
      this.context.original?.mirror(lock);
      return {
        success: true,
        extended: true,
        lock_name: lockName,
        expires_at: lock.expires_at,
        fencing_token: lock.fencing_token,
      };
    }
    return outcome === "not_owner"
      ? { success: false, extended: false, lock_name: lockName, reason: "not_owner", held_by: lock?.held_by }
      : { success: false, extended: false, lock_name: lockName, reason: "lock_not_found" };
  }

  /** Breaks every hold of the lock (admin), or the one with `token`, saying whose they were; each holder is told. */
  async forceRelease(
    name: string,
    options: { token?: number; reason?: string } = {},
  ): Promise<ForceReleaseResult> {
    const reason =
      options.reason === undefined ? undefined : checkInput(ReasonSchema, options.reason, "reason");
    const lockName = await this.resolveLockName(name);
    // The copies of the holds to break go first, while those holds keep other baton sessions out
    // (see release); a hold taken between this read and the break keeps its copy until it ends.
    if (this.context.original) {
      const holds = (await this.driver.getLock(lockName))?.holders ?? [];
      for (const hold of holds.filter(
        (h) => options.token === undefined || h.fencing_token === options.token,
      )) {
        this.context.original.unmirror(lockName, hold.held_by);
      }
    }
    const broken = await this.driver.forceReleaseLock(lockName, {
      by: this.sessionId,
      ...(options.token === undefined ? {} : { expectedToken: options.token }),
      ...(reason ? { reason } : {}),
    });
    const [broke] = broken;
    return broke
      ? { success: true, released: true, lock_name: lockName, broke, broken }
      : { success: false, released: false, lock_name: lockName, reason: "lock_not_found", broken };
  }

  /**
   * Asks the lock's holders to release it: each is told, once, who asks and why; the request shows
   * on the lock until `ttl` seconds pass (default 600) or the lock is gone. With `wait`, then waits
   * in line for it.
   */
  async requestRelease(
    name: string,
    options: Pick<AcquireOptions, "wait" | "ttl" | "mode" | "slots" | "signal" | "onWait"> & {
      reason?: string;
      requestTtl?: number | string;
    } = {},
  ): Promise<RequestReleaseResult> {
    const reason = options.reason === undefined ? null : checkInput(ReasonSchema, options.reason, "reason");
    const requestTtl = parseTtl(options.requestTtl ?? REQUEST_TTL_SECONDS, "request_ttl");
    const wait = parseWait(options.wait ?? 0);
    const lockName = await this.resolveLockName(name);
    const state = await this.driver.requestRelease(lockName, {
      by: this.sessionId,
      reason,
      ttlMs: requestTtl * 1000,
    });
    const request = state?.requests.find((r) => r.by === this.sessionId);
    const asked: RequestReleaseResult = state
      ? {
          success: true,
          requested: true,
          lock_name: lockName,
          held_by: state.holders.map((h) => h.held_by),
          ...(request ? { expires_at: request.expires_at } : {}),
        }
      : { success: false, requested: false, lock_name: lockName, reason: "lock_not_found" };
    if (wait === 0) return asked;
    const acquire = await this.acquire(lockName, {
      ttl: options.ttl,
      mode: options.mode,
      slots: options.slots,
      signal: options.signal,
      onWait: options.onWait,
      wait,
      notifyOnGrant: true,
    });
    return { ...asked, acquire };
  }

  /** Recorded events, oldest first (the newest `limit`, default 100), and the cursor to read on from. */
  async history(options: HistoryReadOptions = {}): Promise<HistoryResult> {
    return this.driver.readEvents(await this.eventQuery(options));
  }

  /** Calls `onEvent` for each new matching event as it is recorded, until `signal` aborts. */
  async followHistory(
    options: Omit<HistoryReadOptions, "limit">,
    onEvent: (event: HistoryEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const query = await this.eventQuery(options);
    return this.driver.followEvents(query, onEvent, signal);
  }

  /**
   * Records `lock.expired` (and its notice) for each of this session's holds that lapsed unseen, so
   * that a watcher learns of them without taking the notices itself.
   */
  async reapExpired(): Promise<void> {
    await this.driver.reapSession(this.sessionId);
  }

  /**
   * What happened to this session's locks and claims since it last asked (holds that lapsed while
   * it was away included), each worded once: what happened and what to do. Each notice is given once.
   */
  async notices(): Promise<NoticesResult> {
    await this.driver.reapSession(this.sessionId);
    const events = await this.driver.takeNotices(this.sessionId);
    return { session_id: this.sessionId, notices: events.map(noticeOf) };
  }

  /** Whether the backend answers, and how fast. Never throws. */
  async health(): Promise<HealthResult> {
    const started = performance.now();
    try {
      await this.driver.ping();
      const latency = Math.round((performance.now() - started) * 100) / 100;
      return {
        status: "healthy",
        backend: this.driver.name,
        location: this.driver.location,
        reachable: true,
        latency_ms: latency,
      };
    } catch (error) {
      return {
        status: "unhealthy",
        backend: this.driver.name,
        location: this.driver.location,
        reachable: false,
        error: (error as Error).message,
      };
    }
  }

  /** Closes the driver. */
  close(): Promise<void> {
    return this.driver.close();
  }

  private async eventQuery(options: HistoryReadOptions): Promise<EventQuery> {
    return {
      ...(options.lock === undefined ? {} : { name: await this.resolveLockName(options.lock) }),
      ...(options.session === undefined ? {} : { session: options.session }),
      ...(options.sinceMs === undefined ? {} : { sinceMs: options.sinceMs }),
      ...(options.after === undefined ? {} : { after: options.after }),
      limit: checkNumberInput(HistoryLimitSchema, options.limit ?? 100, "limit"),
    };
  }
}
