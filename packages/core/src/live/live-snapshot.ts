import * as z from "zod/mini";
import { EVENT_TYPES, HistoryEventSchema } from "../schemas/history.js";
import {
  ClaimRecordSchema,
  LockRecordSchema,
  ReleaseRequestSchema,
  SessionRecordSchema,
  WaiterRecordSchema,
} from "../schemas/records.js";
import { TierSchema } from "../schemas/session.js";

const isoTime = z.iso.datetime().check(z.describe("ISO-8601 time, UTC"));
const describe = z.describe;
const ms = (what: string) => z.number().check(z.minimum(0), describe(what));

/** A session as the live view shows it: its record, its tier now, and what it holds and waits for. */
export const LiveSessionSchema = z.extend(SessionRecordSchema, {
  tier: TierSchema,
  heartbeat_age_ms: ms("Time since its last heartbeat"),
  me: z.boolean().check(describe("The viewer's own session")),
  holds: z.int().check(describe("Holds it has on locks")),
  waits: z.int().check(describe("Lines it waits in")),
  claim: z.nullable(z.string()).check(describe("The label of its claim, if any")),
});
export type LiveSession = z.infer<typeof LiveSessionSchema>;

/** One hold on a lock, with how long it has been held and how long it has left. */
export const LiveHolderSchema = z.extend(LockRecordSchema, {
  held_ms: ms("Time since it was acquired"),
  ttl_left_ms: ms("Time until it expires unless extended"),
});
export type LiveHolder = z.infer<typeof LiveHolderSchema>;

/** One waiter in a lock's line, with its place (1 = next) and how long it has waited. */
export const LiveWaiterSchema = z.extend(WaiterRecordSchema, {
  position: z.int().check(z.positive()),
  waited_ms: ms("Time since it first asked"),
});
export type LiveWaiter = z.infer<typeof LiveWaiterSchema>;

/** A lock's state (holders, line, release requests, slots) as of the view's time. */
export const LiveLockSchema = z.object({
  lock_name: z.string(),
  slots: z.int().check(z.minimum(1)),
  holders: z.array(LiveHolderSchema),
  waiters: z.array(LiveWaiterSchema),
  requests: z.array(ReleaseRequestSchema),
});
export type LiveLock = z.infer<typeof LiveLockSchema>;

/** A claim with its holder's tier (null when the holder has no session record). */
export const LiveClaimSchema = z.extend(ClaimRecordSchema, { holder_tier: z.nullable(TierSchema) });
export type LiveClaim = z.infer<typeof LiveClaimSchema>;

/** One holder's time on a lock within the timeline's window. */
export const TimelineBarSchema = z.object({
  session: z.string(),
  token: z.nullable(z.int()),
  from: isoTime.check(describe("When the hold began, or the window's start")),
  to: z.nullable(isoTime).check(describe("When it ended; null while it is held")),
  end: z.nullable(z.enum(EVENT_TYPES)).check(describe("How it ended, when an event said so")),
  lane: z.int().check(describe("Row within the lock's row: holds at the same time get their own lanes")),
});
export type TimelineBar = z.infer<typeof TimelineBarSchema>;

export const TimelineRowSchema = z.object({
  lock_name: z.string(),
  lanes: z.int().check(z.positive()),
  bars: z.array(TimelineBarSchema),
});
export type TimelineRow = z.infer<typeof TimelineRowSchema>;

/** Who held which lock over the window (the last hour by default), one row per lock. */
export const TimelineSchema = z.object({ from: isoTime, to: isoTime, rows: z.array(TimelineRowSchema) });
export type Timeline = z.infer<typeof TimelineSchema>;

/**
 * Everything `baton status --watch` and the dashboard show at one moment: sessions, locks with
 * their holders and lines, claims, the newest events and the last hour's timeline.
 */
export const LiveSnapshotSchema = z.object({
  at: isoTime.check(describe("The moment the view describes")),
  backend: z.string(),
  location: z.string(),
  me: z.nullable(z.string()).check(describe("The viewer's session id, if it has one")),
  error: z.nullable(z.string()).check(describe("Why the last read failed; the view shows what it last had")),
  short_ids: z
    .record(z.string(), z.string())
    .check(describe("The shortest unique prefix of every session id in the view")),
  sessions: z.array(LiveSessionSchema),
  locks: z.array(LiveLockSchema),
  claims: z.array(LiveClaimSchema),
  events: z.array(HistoryEventSchema).check(describe("The newest events, newest first")),
  timeline: TimelineSchema,
});
export type LiveSnapshot = z.infer<typeof LiveSnapshotSchema>;
