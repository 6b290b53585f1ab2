import { z } from "zod";
import { TierSchema } from "./session.js";

/** One claim on one issue, as a driver stores it. At most one per issue and one per session. */
export const ClaimRecordSchema = z.object({
  repo: z.string().describe("owner/name"),
  number: z.number().int().positive(),
  title: z.string(),
  label: z.string().describe("Terminal label, e.g. 'NHL #42: Fix auth'"),
  session_id: z.string(),
  claimed_at: z.iso.datetime(),
});
export type ClaimRecord = z.infer<typeof ClaimRecordSchema>;

export const ClaimResultSchema = z.object({
  success: z.boolean(),
  claimed: z.boolean(),
  repo: z.string(),
  number: z.number().int(),
  title: z.string().optional(),
  label: z.string().optional(),
  session_id: z.string().optional(),
  reason: z.enum(["held"]).optional(),
  held_by: z.string().optional(),
  holder_tier: TierSchema.optional(),
  holder_age_seconds: z.number().optional(),
  replaced: ClaimRecordSchema.nullable().optional().describe("This session's previous claim, now released"),
  took_over: z.object({ session_id: z.string(), tier: TierSchema }).optional(),
  warning: z.string().optional(),
});
export type ClaimResult = z.infer<typeof ClaimResultSchema>;

export const ClaimInfoSchema = ClaimRecordSchema.extend({
  holder_tier: TierSchema,
  holder_age_seconds: z.number().nullable(),
  mine: z.boolean(),
});
export type ClaimInfo = z.infer<typeof ClaimInfoSchema>;

export const ListClaimsResultSchema = z.object({
  repo: z.string().nullable(),
  claims: z.array(ClaimInfoSchema),
});
export type ListClaimsResult = z.infer<typeof ListClaimsResultSchema>;

export const ReleaseClaimResultSchema = z.object({
  success: z.boolean(),
  released: z.boolean(),
  claim: ClaimRecordSchema.nullable(),
});
export type ReleaseClaimResult = z.infer<typeof ReleaseClaimResultSchema>;

export const FindClaimResultSchema = z.object({
  repo: z.string(),
  number: z.number().int(),
  claimed: z.boolean(),
  claim: ClaimInfoSchema.nullable(),
});
export type FindClaimResult = z.infer<typeof FindClaimResultSchema>;
