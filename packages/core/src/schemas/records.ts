import * as z from "zod/mini";

// The records drivers store, apart from the result shapes: a bundle that reads records (the CLI's
// hooks) loads this module only, since core has no side effects and the rest is never built there.

const isoTime = z.iso.datetime().check(z.describe("ISO-8601 time, UTC"));
const describe = z.describe;

/** How a hold shares its name: `exclusive` holds take the name's slots, `shared` holds coexist with each other only. */
export const LockModeSchema = z.enum(["exclusive", "shared"], "must be exclusive or shared");
export type LockMode = z.infer<typeof LockModeSchema>;

/**
 * One hold on a lock name as a driver stores it (a name may have several: slots, shared holds).
 * `lock_name` is the stored name (`resource:x`, `issue:42`).
 */
export const LockRecordSchema = z.object({
  lock_name: z.string().check(describe("Stored lock name, e.g. resource:pytest-api or issue:42")),
  held_by: z.string().check(describe("Session id of the holder")),
  host: z.string().check(describe("Host name of the holder")),
  pid: z.nullable(z.int()).check(describe("Process whose life bounds the lock on its host, if known")),
  pid_start: z
    .nullable(z.string())
    .check(describe("Start time of that process, so a reused pid is not mistaken for it")),
  pgid: z
    .nullable(z.int())
    .check(describe("A process group whose live members also keep the hold alive: baton run's command")),
  worktree: z.nullable(z.string()).check(describe("Worktree or directory of the holder")),
  mode: LockModeSchema,
  acquired_at: isoTime,
  expires_at: isoTime,
  fencing_token: z
    .int()
    .check(z.positive(), describe("Strictly increases with every acquisition of this name")),
});
export type LockRecord = z.infer<typeof LockRecordSchema>;

/** Who is asking for a lock: everything of a LockRecord that describes the holder. */
export type LockOwner = Pick<LockRecord, "held_by" | "host" | "pid" | "pid_start" | "pgid" | "worktree">;

/** A session waiting in a lock's line, first come first served; its lease keeps its place while it waits. */
export const WaiterRecordSchema = z.object({
  session_id: z.string(),
  host: z.string(),
  mode: LockModeSchema,
  since: isoTime.check(describe("When it first asked: its place in the line")),
  lease_expires_at: isoTime.check(describe("It leaves the line if it has not renewed its place by then")),
});
export type WaiterRecord = z.infer<typeof WaiterRecordSchema>;

/** Another session asking the holders to give a lock back (issue: release requests). */
export const ReleaseRequestSchema = z.object({
  by: z.string().check(describe("The session asking")),
  reason: z.nullable(z.string()),
  at: isoTime,
  expires_at: isoTime.check(describe("The request lapses then, or with the lock, whichever comes first")),
});
export type ReleaseRequest = z.infer<typeof ReleaseRequestSchema>;

/**
 * Everything about one lock name: its holds, its line of waiters (in order), its release requests,
 * and the number of exclusive holds it allows at once. A name with no holders and no waiters does
 * not exist; its slots are forgotten then (its fencing counter never is).
 */
export const LockStateSchema = z.object({
  lock_name: z.string(),
  slots: z.int().check(z.minimum(1), describe("Exclusive holds allowed at once (1 for a plain lock)")),
  holders: z.array(LockRecordSchema),
  waiters: z.array(WaiterRecordSchema),
  requests: z.array(ReleaseRequestSchema),
});
export type LockState = z.infer<typeof LockStateSchema>;

/** A registered session as a driver stores it. The heartbeat is data, so every tier is reachable. */
export const SessionRecordSchema = z.object({
  session_id: z.string(),
  host: z.string(),
  pid: z.nullable(z.int()).check(describe("Process whose life bounds the session on its host, if known")),
  pid_start: z.nullable(z.string()),
  cwd: z.string(),
  worktree: z.nullable(z.string()),
  repo: z.nullable(z.string()).check(describe("owner/name from git origin, if any")),
  branch: z.nullable(z.string()),
  started_at: isoTime,
  last_heartbeat: isoTime,
  paused: z.boolean(),
  metadata: z.record(z.string(), z.unknown()),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

/** One claim on one issue, as a driver stores it. At most one per issue and one per session. */
export const ClaimRecordSchema = z.object({
  repo: z.string().check(describe("owner/name")),
  number: z.int().check(z.positive()),
  title: z.string(),
  label: z.string().check(describe("Terminal label, e.g. 'NHL #42: Fix auth'")),
  session_id: z.string(),
  claimed_at: z.iso.datetime(),
});
export type ClaimRecord = z.infer<typeof ClaimRecordSchema>;

/**
 * A reservation of the paths a glob matches in one repository, as a driver stores it. Within its
 * repository it is identified by (session_id, pattern).
 */
export const ReservationRecordSchema = z.object({
  repo: z
    .string()
    .check(describe("Repository key shared by its worktrees and clones, e.g. github.com/acme/api")),
  pattern: z.string().check(describe("Glob relative to the repository root, e.g. src/api/**")),
  session_id: z.string().check(describe("Session holding the reservation")),
  host: z.string(),
  worktree: z.nullable(z.string()).check(describe("Worktree the holder works in")),
  shared: z
    .boolean()
    .check(describe("A read intent: other sessions may also reserve these paths shared, but not edit them")),
  reason: z.nullable(z.string()),
  reserved_at: isoTime,
  expires_at: isoTime,
});
export type ReservationRecord = z.infer<typeof ReservationRecordSchema>;
