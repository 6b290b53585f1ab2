import * as z from "zod/mini";
import { TIERS } from "../tiers.js";
import { PageFieldsSchema } from "./page.js";
import { SessionRecordSchema } from "./records.js";

const isoTime = z.iso.datetime();
const describe = z.describe;

export type { SessionRecord } from "./records.js";

export const TierSchema = z.enum(TIERS);

export const SessionClaimSummarySchema = z.object({
  repo: z.string(),
  number: z.int(),
  title: z.string(),
  label: z.string(),
});

export const SessionStatusEntrySchema = z.extend(SessionRecordSchema, {
  tier: TierSchema,
  heartbeat_age_seconds: z.number(),
  me: z.boolean(),
  claim: z.nullable(SessionClaimSummarySchema),
  locks: z.array(z.string()).check(describe("Names of the locks it holds, the first 20 in name order")),
  lock_count: z.int().check(describe("How many locks it holds")),
});
export type SessionStatusEntry = z.infer<typeof SessionStatusEntrySchema>;

/** One page of sessions, oldest first; `counts` are by tier over every session. */
export const StatusResultSchema = z.extend(PageFieldsSchema, {
  me: z.string().check(describe("This caller's session id")),
  backend: z.string(),
  sessions: z.array(SessionStatusEntrySchema),
  counts: z.record(TierSchema, z.int()),
});
export type StatusResult = z.infer<typeof StatusResultSchema>;

export const RegisterResultSchema = z.object({
  success: z.boolean(),
  session_id: z.string(),
  registered: z.boolean().check(describe("True when this call created the record")),
  session: SessionRecordSchema,
});
export type RegisterResult = z.infer<typeof RegisterResultSchema>;

export const HeartbeatResultSchema = z.object({
  success: z.boolean(),
  session_id: z.string(),
  last_heartbeat: isoTime,
  registered: z
    .boolean()
    .check(describe("True when the session was not registered and this heartbeat registered it")),
  paused: z.boolean(),
});
export type HeartbeatResult = z.infer<typeof HeartbeatResultSchema>;

export const EndResultSchema = z.object({
  success: z.boolean(),
  session_id: z.string(),
  ended: z.boolean().check(describe("False when there was no such session")),
  released_locks: z.array(z.string()),
  released_claim: z.nullable(SessionClaimSummarySchema),
  released_reservations: z.optional(z.array(z.object({ repo: z.string(), pattern: z.string() }))),
});
export type EndResult = z.infer<typeof EndResultSchema>;

export const CleanupResultSchema = z.object({
  success: z.boolean(),
  removed: z.array(
    z.object({
      session_id: z.string(),
      tier: TierSchema,
      released_locks: z.array(z.string()),
      released_claim: z.nullable(SessionClaimSummarySchema),
    }),
  ),
  released_locks: z.array(z.string()).check(describe("Locks of dead processes that had no session record")),
  released_reservations: z
    .optional(z.array(z.object({ repo: z.string(), pattern: z.string(), session_id: z.string() })))
    .check(describe("Reservations that had expired or whose holders were gone")),
});
export type CleanupResult = z.infer<typeof CleanupResultSchema>;
