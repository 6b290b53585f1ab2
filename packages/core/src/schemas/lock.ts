import * as z from "zod/mini";
import { PageFieldsSchema } from "./page.js";
import { LockModeSchema, LockRecordSchema, ReleaseRequestSchema, WaiterRecordSchema } from "./records.js";
import { TierSchema } from "./session.js";

const isoTime = z.iso.datetime().check(z.describe("ISO-8601 time, UTC"));
const describe = z.describe;

export type {
  LockMode,
  LockOwner,
  LockRecord,
  LockState,
  ReleaseRequest,
  WaiterRecord,
} from "./records.js";

/** One hold as callers see it: the record, its time left, whether it is the caller's, its holder's tier when judged. */
export const HoldInfoSchema = z.extend(LockRecordSchema, {
  ttl_remaining_seconds: z.number(),
  mine: z.boolean().check(describe("True when it is the caller's own hold")),
  tier: z
    .optional(z.nullable(TierSchema))
    .check(describe("The holding session's tier, when judged (null: not a registered session)")),
});
export type HoldInfo = z.infer<typeof HoldInfoSchema>;

/** One place in a lock's line as callers see it. */
export const WaiterInfoSchema = z.extend(WaiterRecordSchema, {
  position: z.int().check(describe("Place in the line, 1 = next")),
  mine: z.boolean(),
});
export type WaiterInfo = z.infer<typeof WaiterInfoSchema>;

/** Who holds a name, who waits for it and who asks for it back. */
const lineFields = {
  slots: z.int().check(describe("Exclusive holders allowed at once (1 for a plain lock)")),
  holders: z.array(HoldInfoSchema).check(describe("Every hold, in the order granted")),
  waiters: z.array(WaiterInfoSchema).check(describe("The line, first come first served")),
  requests: z.array(ReleaseRequestSchema).check(describe("Other sessions asking the holders to release it")),
};

/** The original's fields about the holder: of the first hold when there are several. */
const holderFields = {
  held_by: z.optional(z.string()).check(describe("Session holding the lock (the first holder when several)")),
  worktree: z.optional(z.nullable(z.string())),
  acquired_at: z.optional(isoTime),
  expires_at: z.optional(isoTime),
  holder_tier: z.optional(z.string()).check(describe("Tier of the holding session, when it is registered")),
};

export const AcquireResultSchema = z.object({
  success: z.boolean().check(describe("True when the caller holds the lock now (original field)")),
  acquired: z.boolean(),
  lock_name: z.string(),
  fencing_token: z.optional(z.int()),
  mode: z.optional(LockModeSchema),
  extended: z
    .optional(z.boolean())
    .check(describe("True when the caller already held it and the TTL was extended")),
  reason: z.optional(z.enum(["held", "timeout"])),
  waited_seconds: z.optional(z.number()),
  position: z
    .optional(z.int())
    .check(describe("Refused after waiting: the place in line it had when it stopped waiting")),
  holders: z.optional(z.array(HoldInfoSchema)).check(describe("Refused: every hold, with its holder's tier")),
  waiting: z.optional(z.int()).check(describe("Refused: how many others wait in line")),
  took_over: z
    .optional(z.object({ held_by: z.string(), tier: z.string() }))
    .check(describe("A stale, abandoned or dead holder's lock that was taken over")),
  warning: z.optional(z.string()),
  ...holderFields,
});
export type AcquireResult = z.infer<typeof AcquireResultSchema>;

/** What a waiting caller is told before each wait: enough for "2nd in line, held by S (active, 3m12s), waited 41s". */
export const WaitProgressSchema = z.object({
  lock_name: z.string(),
  mode: LockModeSchema,
  position: z.nullable(z.int()).check(describe("Place in line, 1 = next")),
  waited_ms: z.number(),
  slots: z.int(),
  holders: z.array(HoldInfoSchema).check(describe("Every hold, with its holder's tier")),
  waiting: z.int().check(describe("How many wait in line, the caller included")),
});
export type WaitProgress = z.infer<typeof WaitProgressSchema>;

export const ReleaseResultSchema = z.object({
  success: z.boolean(),
  released: z.boolean(),
  lock_name: z.string(),
  reason: z.optional(z.enum(["not_owner", "lock_not_found"])),
  held_by: z.optional(z.string()),
});
export type ReleaseResult = z.infer<typeof ReleaseResultSchema>;

export const ExtendResultSchema = z.object({
  success: z.boolean(),
  extended: z.boolean(),
  lock_name: z.string(),
  expires_at: z.optional(isoTime),
  fencing_token: z.optional(z.int()),
  reason: z.optional(z.enum(["not_owner", "lock_not_found"])),
  held_by: z.optional(z.string()),
});
export type ExtendResult = z.infer<typeof ExtendResultSchema>;

export const CheckResultSchema = z.object({
  lock_name: z.string(),
  available: z
    .boolean()
    .check(
      describe(
        "True when a newcomer would get it now: no live holder in the way, nobody waiting (original field)",
      ),
    ),
  locked: z.boolean().check(describe("True when a live session holds it")),
  mine: z.boolean().check(describe("True when the caller's session holds it")),
  fencing_token: z.optional(z.int()),
  ttl_remaining_seconds: z.optional(z.number()),
  ...holderFields,
  ...lineFields,
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** A lock name as list and info show it: the first hold's fields (original), then every hold, the line and requests. */
export const LockInfoSchema = z.extend(z.partial(LockRecordSchema), {
  lock_name: z.string(),
  ttl_remaining_seconds: z.optional(z.number()),
  mine: z.boolean().check(describe("True when the caller holds it")),
  ...lineFields,
});
export type LockInfo = z.infer<typeof LockInfoSchema>;

/** One page of the locks matching a pattern, in name order; `next_cursor` asks for the next page. */
export const ListLocksResultSchema = z.extend(PageFieldsSchema, {
  pattern: z.string().check(describe("The pattern over stored names, e.g. resource:pytest-*")),
  locks: z.array(LockInfoSchema),
});
export type ListLocksResult = z.infer<typeof ListLocksResultSchema>;

export const ForceReleaseResultSchema = z.object({
  success: z.boolean(),
  released: z.boolean(),
  lock_name: z.string(),
  reason: z.optional(z.enum(["lock_not_found"])),
  broke: z.optional(LockRecordSchema).check(describe("The hold that was broken: whose it was (the first)")),
  broken: z.array(LockRecordSchema).check(describe("Every hold that was broken")),
});
export type ForceReleaseResult = z.infer<typeof ForceReleaseResultSchema>;

export const RequestReleaseResultSchema = z.object({
  success: z.boolean(),
  requested: z.boolean(),
  lock_name: z.string(),
  reason: z.optional(z.enum(["lock_not_found"])),
  held_by: z.optional(z.array(z.string())).check(describe("The holders asked to release it")),
  expires_at: z.optional(isoTime).check(describe("When the request lapses unless the lock goes first")),
  acquire: z.optional(AcquireResultSchema).check(describe("With wait: the acquire that followed")),
});
export type RequestReleaseResult = z.infer<typeof RequestReleaseResultSchema>;
