import * as z from "zod/mini";
import { PageFieldsSchema } from "./page.js";
import { LockRecordSchema } from "./records.js";

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

const holderFields = {
  held_by: z.optional(z.string()).check(describe("Session holding the lock")),
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
  extended: z
    .optional(z.boolean())
    .check(describe("True when the caller already held it and the TTL was extended")),
  reason: z.optional(z.enum(["held", "timeout"])),
  waited_seconds: z.optional(z.number()),
  took_over: z
    .optional(z.object({ held_by: z.string(), tier: z.string() }))
    .check(describe("A stale, abandoned or dead holder's lock that was taken over")),
  warning: z.optional(z.string()),
  ...holderFields,
});
export type AcquireResult = z.infer<typeof AcquireResultSchema>;

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
  available: z.boolean().check(describe("True when nobody holds it (original field)")),
  locked: z.boolean(),
  mine: z.boolean().check(describe("True when the caller's session holds it")),
  fencing_token: z.optional(z.int()),
  ttl_remaining_seconds: z.optional(z.number()),
  ...holderFields,
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const LockInfoSchema = z.extend(LockRecordSchema, {
  ttl_remaining_seconds: z.number(),
  mine: z.boolean(),
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
  broke: z.optional(LockRecordSchema).check(describe("The lock that was broken: whose it was")),
});
export type ForceReleaseResult = z.infer<typeof ForceReleaseResultSchema>;
