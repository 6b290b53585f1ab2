import { parseTtl, parseWait } from "./bounds.js";
import { ClaimsApi } from "./claims.js";
import { type Clock, systemClock } from "./clock.js";
import type { Driver } from "./driver.js";
import { InvalidInputError } from "./errors.js";
import { formatAge } from "./format-age.js";
import { currentBranch } from "./git.js";
import { judgeHolder } from "./holder-policy.js";
import { lockNameForBranch, normalizeLockName, normalizeLockPattern, WORK_NAME } from "./lock-names.js";
import { grantedResult, heldResult } from "./lock-results.js";
import { type PageOptions, pageRequest, takePage } from "./pagination.js";
import { localHost, processStartTime } from "./platform/process-info.js";
import { ReservationsApi } from "./reservations.js";
import type { BatonConfig } from "./schemas/config.js";
import type { HealthResult } from "./schemas/health.js";
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
} from "./schemas/lock.js";
import type { SessionContext } from "./session-context.js";
import { SessionsApi } from "./sessions.js";
import { WorktreesApi } from "./worktrees.js";

/** Longest a waiter sleeps between looks when no release event comes (a holder may die silently). */
const FALLBACK_POLL_MS = 1_000;

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
  /** Seconds to wait for a held lock (0–3 600; default 0). */
  wait?: number | string;
  signal?: AbortSignal;
  /** Called each time the caller starts waiting again, with the holder and the time waited so far. */
  onWait?: (holder: LockRecord, waitedMs: number) => void;
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
      worktree: this.cwd,
    };
    const context: SessionContext = {
      driver: this.driver,
      config: this.config,
      sessionId: this.sessionId,
      owner: this.owner,
      clock: this.clock,
      cwd: this.cwd,
    };
    this.sessions = new SessionsApi(context);
    this.claims = new ClaimsApi(context, this.sessions, options.repo, options.issueTitle);
    this.reservations = new ReservationsApi(context, this.sessions);
    this.worktrees = new WorktreesApi(context);
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

  /** Takes the lock, extending it when this session holds it already; waits up to `wait` seconds. */
  async acquire(name: string, options: AcquireOptions = {}): Promise<AcquireResult> {
    const ttl = parseTtl(options.ttl ?? this.config.defaultLockTimeout);
    const wait = parseWait(options.wait ?? 0);
    const lockName = await this.resolveLockName(name);
    const started = Date.now();
    for (;;) {
      const result = await this.tryAcquire(lockName, ttl * 1000);
      if (result.acquired) {
        return wait > 0 ? { ...result, waited_seconds: (Date.now() - started) / 1000 } : result;
      }
      const holder = result.holder;
      const waited = Date.now() - started;
      const remaining = wait * 1000 - waited;
      if (remaining <= 0 || options.signal?.aborted) {
        return {
          ...heldResult(lockName, holder),
          holder_tier: result.holderTier ?? undefined,
          ...(wait > 0 ? { reason: "timeout" as const, waited_seconds: waited / 1000 } : {}),
        };
      }
      options.onWait?.(holder, waited);
      const untilExpiry = Date.parse(holder.expires_at) - this.clock.now();
      const nap = Math.max(5, Math.min(remaining, FALLBACK_POLL_MS, untilExpiry + 5));
      await this.driver.waitForRelease(lockName, nap, options.signal);
    }
  }

  private async tryAcquire(
    lockName: string,
    ttlMs: number,
  ): Promise<
    (AcquireResult & { acquired: true }) | { acquired: false; holder: LockRecord; holderTier: string | null }
  > {
    const first = await this.driver.acquireLock(lockName, this.owner, ttlMs);
    if (first.acquired) return grantedResult(first.lock, first.extended);
    const holder = first.holder;
    const judged = judgeHolder(
      holder,
      await this.driver.getSession(holder.held_by),
      this.clock.now(),
      this.config,
      false,
    );
    if (!judged.takeable) return { acquired: false, holder, holderTier: judged.tier };
    const second = await this.driver.acquireLock(lockName, this.owner, ttlMs, {
      replaceToken: holder.fencing_token,
    });
    if (!second.acquired) return { acquired: false, holder: second.holder, holderTier: null };
    const tier = judged.tier ?? "dead";
    return {
      ...grantedResult(second.lock, second.extended),
      took_over: { held_by: holder.held_by, tier },
      ...(judged.warn
        ? {
            warning: `took over ${lockName} from ${tier} session ${holder.held_by} (no heartbeat for ${formatAge(judged.ageMs ?? 0)})`,
          }
        : {}),
    };
  }

  /** Releases the lock if this session holds it. */
  async release(name: string): Promise<ReleaseResult> {
    const lockName = await this.resolveLockName(name);
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

  /** Whether the lock is free, and who holds it if not. A lock whose holder is gone counts as free. */
  async check(name: string): Promise<CheckResult> {
    const lockName = await this.resolveLockName(name);
    const lock = await this.driver.getLock(lockName);
    if (!lock) return { lock_name: lockName, available: true, locked: false, mine: false };
    const mine = lock.held_by === this.sessionId;
    const judged = mine
      ? null
      : judgeHolder(lock, await this.driver.getSession(lock.held_by), this.clock.now(), this.config, false);
    const gone = judged?.takeable === true && !judged.warn;
    return {
      lock_name: lockName,
      available: gone,
      locked: !gone,
      mine,
      held_by: lock.held_by,
      worktree: lock.worktree,
      acquired_at: lock.acquired_at,
      expires_at: lock.expires_at,
      fencing_token: lock.fencing_token,
      ttl_remaining_seconds: this.ttlRemaining(lock),
      ...(judged?.tier ? { holder_tier: judged.tier } : {}),
    };
  }

  /**
   * One page (default 100) of the unexpired locks whose names match the glob, in name order; a
   * pattern without `:` means resource locks. `next_cursor` asks for the next page.
   */
  async list(pattern = "*", options: PageOptions = {}): Promise<ListLocksResult> {
    const glob = normalizeLockPattern(pattern);
    const request = pageRequest("locks", options);
    const { items, ...page } = takePage(await this.driver.listLocks(glob), (l) => l.lock_name, request);
    return { pattern: glob, ...page, locks: items.map((l) => this.lockInfo(l)) };
  }

  /** The lock's full record, or null when nobody holds it. */
  async info(name: string): Promise<LockInfo | null> {
    const lock = await this.driver.getLock(await this.resolveLockName(name));
    return lock ? this.lockInfo(lock) : null;
  }

  /** Resets the lock's TTL to `ttl` seconds from now, if this session holds it. */
  async extend(name: string, ttl: number | string = this.config.defaultLockTimeout): Promise<ExtendResult> {
    const ttlSeconds = parseTtl(ttl);
    const lockName = await this.resolveLockName(name);
    const { outcome, lock } = await this.driver.extendLock(lockName, this.sessionId, ttlSeconds * 1000);
    if (outcome === "done" && lock) {
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

  /** Breaks the lock whoever holds it (admin), saying whose it was. */
  async forceRelease(name: string): Promise<ForceReleaseResult> {
    const lockName = await this.resolveLockName(name);
    const broke = await this.driver.forceReleaseLock(lockName);
    return broke
      ? { success: true, released: true, lock_name: lockName, broke }
      : { success: false, released: false, lock_name: lockName, reason: "lock_not_found" };
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

  private ttlRemaining(lock: LockRecord): number {
    return Math.max(0, Math.round((Date.parse(lock.expires_at) - this.clock.now()) / 100) / 10);
  }

  private lockInfo(lock: LockRecord): LockInfo {
    return { ...lock, ttl_remaining_seconds: this.ttlRemaining(lock), mine: lock.held_by === this.sessionId };
  }
}
