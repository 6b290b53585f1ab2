import * as z from "zod/mini";
import { ReservationRecordSchema } from "./records.js";
import { TierSchema } from "./session.js";

export type { ReservationRecord } from "./records.js";

const isoTime = z.iso.datetime();
const describe = z.describe;

/** A reservation with what a reader needs to judge it. */
export const ReservationInfoSchema = z.extend(ReservationRecordSchema, {
  holder_tier: TierSchema,
  mine: z.boolean(),
  expires_in_seconds: z.number(),
});
export type ReservationInfo = z.infer<typeof ReservationInfoSchema>;

/** Another live session's reservation that stands in the way. */
export const ReservationConflictSchema = z.object({
  pattern: z.string().check(describe("The glob that was asked for")),
  held_by: z.string().check(describe("Session holding the overlapping reservation")),
  holder_pattern: z.string(),
  holder_tier: TierSchema,
  shared: z.boolean(),
  worktree: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  expires_at: isoTime,
});
export type ReservationConflict = z.infer<typeof ReservationConflictSchema>;

/** A gone or long-stale holder's reservation removed on the way. */
export const ReleasedReservationSchema = z.object({
  repo: z.string(),
  pattern: z.string(),
  session_id: z.string(),
  tier: z.optional(TierSchema),
});
export type ReleasedReservation = z.infer<typeof ReleasedReservationSchema>;

export const ReserveResultSchema = z.object({
  success: z.boolean(),
  reserved: z
    .boolean()
    .check(describe("False when another live session's reservation overlaps; nothing was written")),
  repo: z.string(),
  patterns: z.array(z.string()).check(describe("The globs, relative to the repository root")),
  shared: z.boolean(),
  expires_at: z.optional(isoTime),
  reason: z.optional(z.enum(["conflict"])),
  conflicts: z.optional(z.array(ReservationConflictSchema)),
  took_over: z
    .optional(z.array(ReleasedReservationSchema))
    .check(describe("Overlapping reservations of dead, abandoned or long-stale holders, removed")),
  warning: z.optional(z.string()),
});
export type ReserveResult = z.infer<typeof ReserveResultSchema>;

export const ReleaseReservationsResultSchema = z.object({
  success: z.boolean(),
  repo: z.string(),
  released: z.array(z.string()).check(describe("Globs released")),
  not_held: z.array(z.string()).check(describe("Globs asked for that this session did not hold")),
});
export type ReleaseReservationsResult = z.infer<typeof ReleaseReservationsResultSchema>;

export const ListReservationsResultSchema = z.object({
  repo: z.nullable(z.string()).check(describe("The repository listed, or null for every repository")),
  reservations: z.array(ReservationInfoSchema),
});
export type ListReservationsResult = z.infer<typeof ListReservationsResultSchema>;

/** One path as the edit-time check sees it. */
export const PathCheckSchema = z.object({
  path: z.string(),
  repo: z.nullable(z.string()),
  relative: z.nullable(z.string()).check(describe("The path relative to its repository root")),
  free: z.boolean().check(describe("False when another live session reserved it")),
  held_by: z.optional(z.string()),
  pattern: z.optional(z.string()),
  shared: z.optional(z.boolean()),
  holder_tier: z.optional(TierSchema),
  worktree: z.optional(z.nullable(z.string())),
  reason: z.optional(z.nullable(z.string())),
  expires_at: z.optional(isoTime),
});
export type PathCheck = z.infer<typeof PathCheckSchema>;

export const CheckPathsResultSchema = z.object({
  free: z.boolean().check(describe("True when no path is reserved by another live session")),
  paths: z.array(PathCheckSchema),
});
export type CheckPathsResult = z.infer<typeof CheckPathsResultSchema>;
