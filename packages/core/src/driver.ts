import type { ClaimRecord } from "./schemas/claim.js";
import type { LockOwner, LockRecord } from "./schemas/lock.js";
import type { ReservationRecord } from "./schemas/records.js";
import type { SessionRecord } from "./schemas/session.js";

/** What acquireLock did. */
export type DriverAcquireOutcome =
  | { acquired: true; lock: LockRecord; extended: boolean }
  | { acquired: false; holder: LockRecord };

/** What releaseLock and extendLock did; `lock` is the record as it was (release) or is now (extend). */
export type DriverLockChange = { outcome: "done" | "not_owner" | "not_found"; lock: LockRecord | null };

/** What endSession removed, in one atomic step. */
export interface DriverEndOutcome {
  session: SessionRecord | null;
  locks: string[];
  claim: ClaimRecord | null;
}

/** What claimIssue did. */
export type DriverClaimOutcome =
  | { claimed: true; claim: ClaimRecord; replaced: ClaimRecord | null; previous: ClaimRecord | null }
  | { claimed: false; holder: ClaimRecord };

/** One repository's stored reservations and the version they are at. */
export interface DriverReservations {
  /**
   * Identifies the state for a compare-and-set: every change gives a value the repository's
   * reservations never had before, except that a repository without any may read as 0.
   */
  version: number;
  /** As stored, expired ones included: the Coordinator judges them. */
  reservations: ReservationRecord[];
}

/** What changeReservations does to one repository's reservations, in one step. */
export interface DriverReservationChange {
  /** Records to store; one with the same (session_id, pattern) is replaced. */
  put: ReservationRecord[];
  /** Records to delete, by (session_id, pattern); absent ones are ignored. */
  remove: Array<Pick<ReservationRecord, "session_id" | "pattern">>;
}

/**
 * The storage contract every backend implements. Drivers own storage and atomicity only: names
 * arrive validated and normalised, and policy (tiers, takeover) is decided by the Coordinator,
 * which asks for compare-and-swap steps where a decision races.
 */
export interface Driver {
  /** Backend name: `file`, `redis`, `memory`. */
  readonly name: string;
  /** Where state lives, for messages and health: a directory, or a Redis URL with the password redacted. */
  readonly location: string;

  /**
   * Atomically takes `name` for `owner` for `ttlMs` when it is free (absent or expired), or extends
   * it when `owner.held_by` already holds it (same fencing token). With `replaceToken`, also takes it
   * when it is held with exactly that fencing token (the Coordinator judged the holder gone). A new
   * acquisition gets a fencing token greater than every earlier one for this name, forever.
   */
  acquireLock(
    name: string,
    owner: LockOwner,
    ttlMs: number,
    options?: { replaceToken?: number },
  ): Promise<DriverAcquireOutcome>;
  /** Deletes the lock only if `sessionId` holds it (compare-and-delete), and wakes waiters. */
  releaseLock(name: string, sessionId: string): Promise<DriverLockChange>;
  /** Resets the TTL to `ttlMs` from now, only if `sessionId` holds it. */
  extendLock(name: string, sessionId: string, ttlMs: number): Promise<DriverLockChange>;
  /**
   * Deletes the lock whoever holds it and returns what it was; with `expectedToken`, only if its
   * fencing token still equals that. Wakes waiters.
   */
  forceReleaseLock(name: string, options?: { expectedToken?: number }): Promise<LockRecord | null>;
  /** The unexpired lock of that name, or null. */
  getLock(name: string): Promise<LockRecord | null>;
  /** Unexpired locks whose stored name matches the glob (`*`, `?`, `[...]`), sorted by name. */
  listLocks(pattern: string): Promise<LockRecord[]>;
  /**
   * Resolves as soon as `name` may have become free (released, force-released, or its holder's
   * session ended), or after `timeoutMs`, or when `signal` aborts; never rejects for those.
   */
  waitForRelease(name: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;

  /** Creates or replaces a session record. */
  putSession(session: SessionRecord): Promise<void>;
  /** The session record, or null when not registered (or already ended). */
  getSession(sessionId: string): Promise<SessionRecord | null>;
  /** Changes heartbeat and paused state of an existing session; null when it is not registered. */
  updateSession(
    sessionId: string,
    patch: { last_heartbeat?: string; paused?: boolean },
  ): Promise<SessionRecord | null>;
  /** Every session record, in O(1) round trips for networked backends. */
  listSessions(): Promise<SessionRecord[]>;
  /** Atomically removes the session, every lock it holds and its claim; returns what was removed. */
  endSession(sessionId: string): Promise<DriverEndOutcome>;

  /**
   * Atomically claims `claim.repo`#`claim.number` for `claim.session_id`, when unclaimed, already
   * this session's, or held by `replaceSession`. The session's other claim, if any, is released in
   * the same step (`replaced`); a taken-over claim is returned as `previous`.
   */
  claimIssue(claim: ClaimRecord, options?: { replaceSession?: string }): Promise<DriverClaimOutcome>;
  /** Releases the session's claim, returning it, or null when it had none. */
  releaseClaim(sessionId: string): Promise<ClaimRecord | null>;
  /** The claim on one issue, or null. */
  getClaim(repo: string, issue: number): Promise<ClaimRecord | null>;
  /** The claim a session holds, or null. */
  getSessionClaim(sessionId: string): Promise<ClaimRecord | null>;
  /** Every claim, or those of one repository. */
  listClaims(repo?: string): Promise<ClaimRecord[]>;

  /** Keys of the repositories with at least one stored reservation (expired ones count until removed). */
  listReservationRepositories(): Promise<string[]>;
  /** One repository's reservations and their version; `{ version: 0, reservations: [] }` when it has none. */
  getReservations(repo: string): Promise<DriverReservations>;
  /**
   * Applies `change` to the repository's reservations atomically if their version is still
   * `expectedVersion`, and returns the new version; null when it moved (the Coordinator reads
   * again and decides again). Nothing is written then.
   */
  changeReservations(
    repo: string,
    expectedVersion: number,
    change: DriverReservationChange,
  ): Promise<number | null>;

  /** Checks the backend answers; throws BackendUnavailableError naming the location when not. */
  ping(): Promise<void>;
  /**
   * Optional self-check for `baton doctor`: what `ping` cannot see (a Redis database the server
   * lacks, a server without persistence), one finding per line; never throws.
   */
  diagnose?(): Promise<Array<{ level: "ok" | "warn" | "error"; message: string }>>;
  /** Releases connections, watchers and timers. The driver is unusable afterwards. */
  close(): Promise<void>;
}

/** How a driver is made from the resolved config: what the CLI and MCP server load lazily by backend name. */
export type DriverFactory<Options> = (options: Options) => Driver;
