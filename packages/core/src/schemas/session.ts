import { z } from "zod";
import { TIERS } from "../tiers.js";

const isoTime = z.iso.datetime();

export const TierSchema = z.enum(TIERS);

/** A registered session as a driver stores it. The heartbeat is data, so every tier is reachable. */
export const SessionRecordSchema = z.object({
  session_id: z.string(),
  host: z.string(),
  pid: z.number().int().nullable().describe("Process whose life bounds the session on its host, if known"),
  pid_start: z.string().nullable(),
  cwd: z.string(),
  worktree: z.string().nullable(),
  repo: z.string().nullable().describe("owner/name from git origin, if any"),
  branch: z.string().nullable(),
  started_at: isoTime,
  last_heartbeat: isoTime,
  paused: z.boolean(),
  metadata: z.record(z.string(), z.unknown()),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

export const SessionClaimSummarySchema = z.object({
  repo: z.string(),
  number: z.number().int(),
  title: z.string(),
  label: z.string(),
});

export const SessionStatusEntrySchema = SessionRecordSchema.extend({
  tier: TierSchema,
  heartbeat_age_seconds: z.number(),
  me: z.boolean(),
  claim: SessionClaimSummarySchema.nullable(),
  locks: z.array(z.string()),
});
export type SessionStatusEntry = z.infer<typeof SessionStatusEntrySchema>;

export const StatusResultSchema = z.object({
  me: z.string().describe("This caller's session id"),
  backend: z.string(),
  sessions: z.array(SessionStatusEntrySchema),
  counts: z.record(TierSchema, z.number().int()),
});
export type StatusResult = z.infer<typeof StatusResultSchema>;

export const RegisterResultSchema = z.object({
  success: z.boolean(),
  session_id: z.string(),
  registered: z.boolean().describe("True when this call created the record"),
  session: SessionRecordSchema,
});
export type RegisterResult = z.infer<typeof RegisterResultSchema>;

export const HeartbeatResultSchema = z.object({
  success: z.boolean(),
  session_id: z.string(),
  last_heartbeat: isoTime,
  registered: z
    .boolean()
    .describe("True when the session was not registered and this heartbeat registered it"),
  paused: z.boolean(),
});
export type HeartbeatResult = z.infer<typeof HeartbeatResultSchema>;

export const EndResultSchema = z.object({
  success: z.boolean(),
  session_id: z.string(),
  ended: z.boolean().describe("False when there was no such session"),
  released_locks: z.array(z.string()),
  released_claim: SessionClaimSummarySchema.nullable(),
});
export type EndResult = z.infer<typeof EndResultSchema>;

export const CleanupResultSchema = z.object({
  success: z.boolean(),
  removed: z.array(
    z.object({
      session_id: z.string(),
      tier: TierSchema,
      released_locks: z.array(z.string()),
      released_claim: SessionClaimSummarySchema.nullable(),
    }),
  ),
  released_locks: z.array(z.string()).describe("Locks of dead processes that had no session record"),
});
export type CleanupResult = z.infer<typeof CleanupResultSchema>;
