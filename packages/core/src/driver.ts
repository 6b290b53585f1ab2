import type { ClaimRecord } from "./schemas/claim.js";
import type { EventQuery, EventType, HistoryEvent } from "./schemas/history.js";
import type { LockMode, LockOwner, LockRecord, LockState } from "./schemas/lock.js";
import type { ReservationRecord } from "./schemas/records.js";
import type { SessionRecord } from "./schemas/session.js";

/**
 * One attempt to take a lock name (see acquireLock for the grant rule). The Coordinator fills in
 * every field; drivers never apply defaults of their own.
 */
export interface AcquireRequest {
  owner: LockOwner;
  ttlMs: number;
  mode: LockMode;
  /** Exclusive holds the name allows at once; must equal the slots in force while the name exists. */
  slots: number;
  /** Join the line (or keep one's place in it) when not granted, holding the place this long; absent: a wait-0 attempt. */
  leaseMs?: number;
  /** Fencing tokens of holds the Coordinator judged gone (dead, abandoned or stale holders): removed in this step. */
  evict?: number[];
  /** Recorded on the events of this step (e.g. why holds were evicted). */
  reason?: string;
  /** A grant after waiting also becomes a notice for the caller (a `baton run` or MCP wait). */
  notifyOnGrant?: boolean;
}

/** What acquireLock did; `state` is the name as the step left it. */
export type DriverAcquireOutcome =
  | { acquired: true; lock: LockRecord; extended: boolean; state: LockState }
  | {
      acquired: false;
      state: LockState;
      /** The caller's place in the line (1 = next), or null when it did not join it (no `leaseMs`). */
      position: number | null;
      /** Set when the name's slots in force differ from the request's: nothing changed. */
      slotsInForce?: number;
    };

/** What releaseLock and extendLock did; `lock` is the hold as it was (release) or is now (extend). */
export type DriverLockChange = { outcome: "done" | "not_owner" | "not_found"; lock: LockRecord | null };

/** What endSession removed, in one atomic step. */
export interface DriverEndOutcome {
  session: SessionRecord | null;
  /** Names of the locks whose holds it released. */
  locks: string[];
  claim: ClaimRecord | null;
}

/** What claimIssue did. */
export type DriverClaimOutcome =
  | { claimed: true; claim: ClaimRecord; replaced: ClaimRecord | null; previous: ClaimRecord | null }
  | { claimed: false; holder: ClaimRecord };

/** A page of history, oldest first, and where to continue. */
export interface EventPage {
  events: HistoryEvent[];
  /** Pass as `after` to read (or follow) what comes next. */
  cursor: string;
}

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

/** A reservation event the Coordinator hands with a change; the driver gives it its id and time. */
export interface ReservationEvent {
  type: Extract<EventType, "reservation.taken" | "reservation.released" | "reservation.overridden">;
  /** `repo:glob` (reservationEventName). */
  name: string;
  /** Whose reservation it is. */
  session: string;
  /** That reservation's host. */
  host: string;
  by: string | null;
  reason: string | null;
}

/** An event the Coordinator records on its own (recordEvents); the driver gives it its id and time. */
export interface StandaloneEvent {
  type: Extract<EventType, "overlap.found">;
  /** `repo:path` (overlapEventName). */
  name: string;
  /** The session told. */
  session: string;
  /** That session's host. */
  host: string | null;
  by: string | null;
  reason: string | null;
}

/** What changeReservations does to one repository's reservations, in one step. */
export interface DriverReservationChange {
  /** Records to store; one with the same (session_id, pattern) is replaced. */
  put: ReservationRecord[];
  /** Records to delete, by (session_id, pattern); absent ones are ignored. */
  remove: Array<Pick<ReservationRecord, "session_id" | "pattern">>;
  /** History events of this change, recorded in the same step and only when it is applied. */
  events?: ReservationEvent[];
}

/**
 * The storage contract every backend implements. Drivers own storage and atomicity only: names
 * arrive validated and normalised, and policy (tiers, takeover, slots and modes asked for) is
 * decided by the Coordinator, which asks for compare-and-swap steps where a decision races.
 *
 * Every change below is also written as a history event (schemas/history.ts) in the same atomic
 * step, and an event of a NOTICE_TYPE (or a grant with `notifyOnGrant`) also becomes a notice for
 * the event's `session`; `takeNotices` hands each notice out once. Refusals, no-ops and reads
 * write nothing. The fields each event carries (absent ones are null):
 * - every event: `name` (stored lock name, `owner/repo#N` for a claim, the session id for a
 *   session), `session` (whose hold, place, claim or session it is about), `host` (that hold's,
 *   waiter's or session record's host; null for claims), `time` (when it happened; for a hold or a
 *   place found past its expiry or lease: that expiry);
 * - `lock.acquired`, `lock.extended`, `lock.released`, `lock.expired`: `token` of the hold;
 *   `lock.acquired` after waiting in line: `waited_ms` since the caller joined it;
 * - `lock.taken_over`, `lock.force_released`, `lock.release_requested`: `session` and `token` of
 *   the hold it is about, `by` who did it or asks, `reason` as given;
 * - `lock.queued`: `position` joined at; `lock.gave_up`: `reason` (`lease expired`, or as given);
 * - `claim.taken` (a new claim), `claim.released` (also a claim replaced by the session's new one,
 *   `reason` `replaced by owner/repo#M`), `claim.overridden` (`session` the previous claimant, `by`
 *   the taker; the taker's `claim.taken` follows it);
 * - `reservation.taken` (a new reservation, not a renewal), `reservation.released` (by its holder,
 *   with its session's end, or found expired or its holder gone: `reason`, and `by` the session
 *   whose step removed it when another), `reservation.overridden` (`session` the previous holder,
 *   `by` the session whose overlapping reservation replaced it, `reason` the holder's tier): the
 *   Coordinator decides them and hands them with the change (`events`);
 * - `overlap.found` (`name` `repo:path`, `session` the session told, `by` the other session that
 *   changed the same path, `reason` where it works): recorded by `recordEvents`;
 * - `session.started` (a new record only), `session.paused` (when it becomes paused),
 *   `session.ended` / `session.found_dead` (`by`, `reason` as given).
 */
export interface Driver {
  /** Backend name: `file`, `redis`, `memory`. */
  readonly name: string;
  /** Where state lives, for messages and health: a directory, or a Redis URL with the password redacted. */
  readonly location: string;

  /**
   * One atomic attempt on `name`, first come first served without barging:
   * 1. holds past their expiry leave (`lock.expired`), waiters past their lease leave (`lock.gave_up`);
   * 2. holds whose token is in `evict` leave (`lock.taken_over`, `by` the caller);
   * 3. a caller that holds the name already extends its hold (same token and mode; `lock.extended`);
   * 4. while the name exists with other slots in force, nothing changes (`slotsInForce`);
   * 5. the caller is granted a new hold when its mode fits beside the holds (exclusive: no shared
   *    hold and fewer exclusive holds than slots; shared: no exclusive hold) and no live waiter is
   *    ahead of it; its token is above every token the name ever had and at least the clock in µs
   *    (`lock.acquired`); it leaves the line if it was in it, and if waiters remain they are woken;
   * 6. otherwise, with `leaseMs`, it joins the end of the line (`lock.queued`) or renews its place
   *    (same `since`, same place); without it nothing changes (a wait-0 refusal).
   * Steps 1 and 2 happen even when the attempt is then refused.
   */
  acquireLock(name: string, request: AcquireRequest): Promise<DriverAcquireOutcome>;
  /** Takes the session out of the name's line (`lock.gave_up` with `reason`) and wakes the line; nothing when it is not in it. */
  leaveLine(name: string, sessionId: string, reason: string): Promise<void>;
  /**
   * Deletes the session's own hold (compare-and-delete; `lock.released`), and wakes the line.
   * `not_owner` (with one of the holds as `lock`) when others hold the name, `not_found` when nobody does.
   */
  releaseLock(name: string, sessionId: string): Promise<DriverLockChange>;
  /**
   * Resets the session's hold to expire `ttlMs` from now (`lock.extended`), also setting any of the
   * holder's process facts given (`baton run` records its command's process group).
   */
  extendLock(
    name: string,
    sessionId: string,
    ttlMs: number,
    patch?: Partial<Pick<LockRecord, "pid" | "pid_start" | "pgid">>,
  ): Promise<DriverLockChange>;
  /**
   * Deletes every hold of the name, or only the one with `expectedToken`, whoever holds it; returns
   * the holds it broke (`lock.force_released`, `by`, `reason`) and wakes the line.
   */
  forceReleaseLock(
    name: string,
    options: { expectedToken?: number; by: string; reason?: string },
  ): Promise<LockRecord[]>;
  /**
   * Asks the name's holders to give it back: the request is kept on the lock (until `ttlMs` passes
   * or the name's last hold goes; a new request by the same `by` replaces its earlier one) and each
   * holder gets `lock.release_requested`. Null (nothing changed) when nobody holds it.
   */
  requestRelease(
    name: string,
    request: { by: string; reason: string | null; ttlMs: number },
  ): Promise<LockState | null>;
  /**
   * The name's live holds (in the order granted), line (in order) and requests, or null when it has
   * neither; holds past expiry, places past their lease and lapsed requests are left out, unwritten.
   */
  getLock(name: string): Promise<LockState | null>;
  /** Every existing name whose stored name matches the glob (`*`, `?`, `[...]`), sorted by name. */
  listLocks(pattern: string): Promise<LockState[]>;
  /**
   * Resolves as soon as something may have changed for `name` (a release, a grant that left
   * waiters, a waiter leaving, a session ending), or after `timeoutMs`, or when `signal` aborts;
   * never rejects for those. Waiters use it between attempts.
   */
  waitForChange(name: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;

  /** Creates or replaces a session record (`session.started` when it did not exist). */
  putSession(session: SessionRecord): Promise<void>;
  /** The session record, or null when not registered (or already ended). */
  getSession(sessionId: string): Promise<SessionRecord | null>;
  /** Changes heartbeat and paused state of an existing session (`session.paused` when it pauses); null when not registered. */
  updateSession(
    sessionId: string,
    patch: { last_heartbeat?: string; paused?: boolean },
  ): Promise<SessionRecord | null>;
  /** Every session record, in O(1) round trips for networked backends. */
  listSessions(): Promise<SessionRecord[]>;
  /**
   * Atomically removes the session, every hold it has, its places in lines, its claim and its
   * pending notices, reading
   * only that session's own index (never every lock); returns what was removed, and wakes the
   * lines it touched. `event` is `session.ended` (it ended itself) or `session.found_dead`
   * (cleanup judged it gone; `by` the session that found it). Each live hold removed is recorded
   * as `lock.released`, each hold already past its expiry as `lock.expired`, each place as
   * `lock.gave_up`, the claim as `claim.released` (all with `reason` as given), then the session's
   * own event when it had a record. A session with none of these changes nothing and records nothing.
   */
  endSession(
    sessionId: string,
    options: {
      event: Extract<EventType, "session.ended" | "session.found_dead">;
      by?: string;
      reason?: string;
    },
  ): Promise<DriverEndOutcome>;
  /**
   * Records `lock.expired` (and its notice) for each of the session's holds that expired unseen,
   * found through the session's own index; cheap when there are none. Hooks call it before
   * `takeNotices`, so a lock that lapsed while its holder was paused is still reported.
   */
  reapSession(sessionId: string): Promise<void>;

  /**
   * Atomically claims `claim.repo`#`claim.number` for `claim.session_id`, when unclaimed, already
   * this session's, or held by `replaceSession` (`claim.overridden` for the previous holder). The
   * session's other claim, if any, is released in the same step (`replaced`).
   */
  claimIssue(claim: ClaimRecord, options?: { replaceSession?: string }): Promise<DriverClaimOutcome>;
  /** Releases the session's claim (`claim.released`), returning it, or null when it had none. */
  releaseClaim(sessionId: string): Promise<ClaimRecord | null>;
  /** The claim on one issue, or null. */
  getClaim(repo: string, issue: number): Promise<ClaimRecord | null>;
  /** The claim a session holds, or null. */
  getSessionClaim(sessionId: string): Promise<ClaimRecord | null>;
  /** Every claim, or those of one repository. */
  listClaims(repo?: string): Promise<ClaimRecord[]>;

  /**
   * History matching the query, oldest first (the newest `limit` when more match). The cursor
   * stands after everything this read looked at, even when nothing matched or the log is empty:
   * reading or following `after` it gives only events written later.
   */
  readEvents(query: EventQuery): Promise<EventPage>;
  /**
   * Calls `onEvent` for every event matching the query written after `query.after` (or from now),
   * as they are written, until `signal` aborts (Redis: XREAD BLOCK; file: a watch on the log with
   * a slow poll). Resolves when aborted.
   */
  followEvents(query: EventQuery, onEvent: (event: HistoryEvent) => void, signal: AbortSignal): Promise<void>;
  /** The session's pending notices, oldest first, each the very event history keeps (same id); handed out once and then gone. */
  takeNotices(sessionId: string): Promise<HistoryEvent[]>;

  /**
   * Records the given events, in order and in one atomic step, each of a NOTICE_TYPE also as a
   * notice for its `session`: what the Coordinator finds out by itself (an overlap of changed
   * files), rather than through a change of stored state.
   */
  recordEvents(events: StandaloneEvent[]): Promise<void>;

  /** Keys of the repositories with at least one stored reservation (expired ones count until removed). */
  listReservationRepositories(): Promise<string[]>;
  /** One repository's reservations and their version; `{ version: 0, reservations: [] }` when it has none. */
  getReservations(repo: string): Promise<DriverReservations>;
  /**
   * Applies `change` to the repository's reservations atomically if their version is still
   * `expectedVersion`, recording its `events` in the same step, and returns the new version; null
   * when it moved (the Coordinator reads again and decides again). Nothing is written then.
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

/** A driver's lock steps: what a driver module for locks and lines provides. */
export type DriverLockSteps = Pick<
  Driver,
  | "acquireLock"
  | "leaveLine"
  | "releaseLock"
  | "extendLock"
  | "forceReleaseLock"
  | "requestRelease"
  | "getLock"
  | "listLocks"
  | "waitForChange"
>;

/** How a driver is made from the resolved config: what the CLI and MCP server load lazily by backend name. */
export type DriverFactory<Options> = (options: Options) => Driver;

/** How much history a driver keeps (from the config's history settings). */
export interface HistoryOptions {
  /** Record events at all (notices need them; off only to measure what recording costs). */
  enabled: boolean;
  /** Redis: the stream's approximate MAXLEN. */
  maxEvents: number;
  /** File backend: the log is rotated past this many bytes, and the two newest files are kept. */
  maxBytes: number;
}
