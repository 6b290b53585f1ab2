import { z } from "zod";

const isoTime = z.iso.datetime().describe("ISO-8601 time, UTC");

/** A held lock as a driver stores it. `lock_name` is the stored name (`resource:x`, `issue:42`). */
export const LockRecordSchema = z.object({
  lock_name: z.string().describe("Stored lock name, e.g. resource:pytest-api or issue:42"),
  held_by: z.string().describe("Session id of the holder"),
  host: z.string().describe("Host name of the holder"),
  pid: z.number().int().nullable().describe("Process whose life bounds the lock on its host, if known"),
  pid_start: z
    .string()
    .nullable()
    .describe("Start time of that process, so a reused pid is not mistaken for it"),
  worktree: z.string().nullable().describe("Worktree or directory of the holder"),
  acquired_at: isoTime,
  expires_at: isoTime,
  fencing_token: z
    .number()
    .int()
    .positive()
    .describe("Strictly increases with every acquisition of this name"),
});
export type LockRecord = z.infer<typeof LockRecordSchema>;

/** Who is asking for a lock: everything of a LockRecord that describes the holder. */
export type LockOwner = Pick<LockRecord, "held_by" | "host" | "pid" | "pid_start" | "worktree">;

const holderFields = {
  held_by: z.string().optional().describe("Session holding the lock"),
  worktree: z.string().nullable().optional(),
  acquired_at: isoTime.optional(),
  expires_at: isoTime.optional(),
  holder_tier: z.string().optional().describe("Tier of the holding session, when it is registered"),
};

export const AcquireResultSchema = z.object({
  success: z.boolean().describe("True when the caller holds the lock now (original field)"),
  acquired: z.boolean(),
  lock_name: z.string(),
  fencing_token: z.number().int().optional(),
  extended: z.boolean().optional().describe("True when the caller already held it and the TTL was extended"),
  reason: z.enum(["held", "timeout"]).optional(),
  waited_seconds: z.number().optional(),
  took_over: z
    .object({ held_by: z.string(), tier: z.string() })
    .optional()
    .describe("A stale, abandoned or dead holder's lock that was taken over"),
  warning: z.string().optional(),
  ...holderFields,
});
export type AcquireResult = z.infer<typeof AcquireResultSchema>;

export const ReleaseResultSchema = z.object({
  success: z.boolean(),
  released: z.boolean(),
  lock_name: z.string(),
  reason: z.enum(["not_owner", "lock_not_found"]).optional(),
  held_by: z.string().optional(),
});
export type ReleaseResult = z.infer<typeof ReleaseResultSchema>;

export const ExtendResultSchema = z.object({
  success: z.boolean(),
  extended: z.boolean(),
  lock_name: z.string(),
  expires_at: isoTime.optional(),
  fencing_token: z.number().int().optional(),
  reason: z.enum(["not_owner", "lock_not_found"]).optional(),
  held_by: z.string().optional(),
});
export type ExtendResult = z.infer<typeof ExtendResultSchema>;

export const CheckResultSchema = z.object({
  lock_name: z.string(),
  available: z.boolean().describe("True when nobody holds it (original field)"),
  locked: z.boolean(),
  mine: z.boolean().describe("True when the caller's session holds it"),
  fencing_token: z.number().int().optional(),
  ttl_remaining_seconds: z.number().optional(),
  ...holderFields,
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const LockInfoSchema = LockRecordSchema.extend({
  ttl_remaining_seconds: z.number(),
  mine: z.boolean(),
});
export type LockInfo = z.infer<typeof LockInfoSchema>;

export const ListLocksResultSchema = z.object({
  pattern: z.string(),
  count: z.number().int(),
  locks: z.array(LockInfoSchema),
});
export type ListLocksResult = z.infer<typeof ListLocksResultSchema>;

export const ForceReleaseResultSchema = z.object({
  success: z.boolean(),
  released: z.boolean(),
  lock_name: z.string(),
  reason: z.enum(["lock_not_found"]).optional(),
  broke: LockRecordSchema.optional().describe("The lock that was broken: whose it was"),
});
export type ForceReleaseResult = z.infer<typeof ForceReleaseResultSchema>;
