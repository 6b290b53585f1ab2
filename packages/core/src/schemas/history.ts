import * as z from "zod/mini";

const isoTime = z.iso.datetime().check(z.describe("ISO-8601 time, UTC"));
const describe = z.describe;

/** Every kind of state change baton records. */
export const EVENT_TYPES = [
  "lock.acquired",
  "lock.extended",
  "lock.released",
  "lock.expired",
  "lock.taken_over",
  "lock.force_released",
  "lock.queued",
  "lock.gave_up",
  "lock.release_requested",
  "claim.taken",
  "claim.released",
  "claim.overridden",
  "reservation.taken",
  "reservation.released",
  "reservation.overridden",
  "overlap.found",
  "session.started",
  "session.paused",
  "session.ended",
  "session.found_dead",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The events that happen *to* a session other than the one that caused them: each also becomes a
 * notice for `session`, written in the same atomic step. (`lock.acquired` after a wait becomes one
 * too when the acquire asked for it.)
 */
export const NOTICE_TYPES = [
  "lock.expired",
  "lock.taken_over",
  "lock.force_released",
  "lock.release_requested",
  "claim.overridden",
  "overlap.found",
] as const satisfies readonly EventType[];

/**
 * One recorded state change, written atomically with the change itself. `session` is whose hold,
 * wait, claim, reservation or session it is about; `by` is the session that caused it when that is another one
 * (the taker of a taken-over lock, the admin who force-released it, the asker of a release).
 */
export const HistoryEventSchema = z.object({
  id: z.string().check(describe("Unique, and ordered within a backend (a Redis stream id, a file event id)")),
  time: isoTime,
  type: z.enum(EVENT_TYPES),
  name: z
    .string()
    .check(
      describe(
        "The lock's stored name, the claim's owner/repo#N, the reservation's repo:glob, the overlap's repo:path, or the session id",
      ),
    ),
  session: z.nullable(z.string()),
  host: z.nullable(z.string()),
  token: z.nullable(z.int()).check(describe("The fencing token of the hold the event is about")),
  by: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  waited_ms: z.nullable(z.number()).check(describe("lock.acquired after a wait: how long it waited")),
  position: z.nullable(z.int()).check(describe("lock.queued: its place in the line")),
});
export type HistoryEvent = z.infer<typeof HistoryEventSchema>;

/** A page of history, oldest first, and the cursor to continue after it. */
export const HistoryResultSchema = z.object({
  events: z.array(HistoryEventSchema),
  cursor: z.string().check(describe("Pass as `after` to read (or follow) only what comes next")),
});
export type HistoryResult = z.infer<typeof HistoryResultSchema>;

/** Which events to read: all filters optional; `after` continues from a cursor a read returned. */
export interface EventQuery {
  /** Only events at or after this time (ms since the epoch). */
  sinceMs?: number;
  /** Only events of this lock/claim/session name. */
  name?: string;
  /** Only events whose `session` or `by` is this session. */
  session?: string;
  /** Continue after the last event of an earlier read (a cursor it returned). */
  after?: string;
  /** At most this many, the newest ones when more match (reads only). */
  limit?: number;
}
