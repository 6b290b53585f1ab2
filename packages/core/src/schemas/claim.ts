import * as z from "zod/mini";
import { ClaimRecordSchema } from "./records.js";
import { TierSchema } from "./session.js";

export type { ClaimRecord } from "./records.js";

const describe = z.describe;

export const ClaimResultSchema = z.object({
  success: z.boolean(),
  claimed: z.boolean(),
  repo: z.string(),
  number: z.int(),
  title: z.optional(z.string()),
  label: z.optional(z.string()),
  session_id: z.optional(z.string()),
  reason: z.optional(z.enum(["held"])),
  held_by: z.optional(z.string()),
  holder_tier: z.optional(TierSchema),
  holder_age_seconds: z.optional(z.number()),
  replaced: z
    .optional(z.nullable(ClaimRecordSchema))
    .check(describe("This session's previous claim, now released")),
  took_over: z.optional(z.object({ session_id: z.string(), tier: TierSchema })),
  warning: z.optional(z.string()),
});
export type ClaimResult = z.infer<typeof ClaimResultSchema>;

export const ClaimInfoSchema = z.extend(ClaimRecordSchema, {
  holder_tier: TierSchema,
  holder_age_seconds: z.nullable(z.number()),
  mine: z.boolean(),
});
export type ClaimInfo = z.infer<typeof ClaimInfoSchema>;

export const ListClaimsResultSchema = z.object({
  repo: z.nullable(z.string()),
  claims: z.array(ClaimInfoSchema),
});
export type ListClaimsResult = z.infer<typeof ListClaimsResultSchema>;

export const ReleaseClaimResultSchema = z.object({
  success: z.boolean(),
  released: z.boolean(),
  claim: z.nullable(ClaimRecordSchema),
});
export type ReleaseClaimResult = z.infer<typeof ReleaseClaimResultSchema>;

export const FindClaimResultSchema = z.object({
  repo: z.string(),
  number: z.int(),
  claimed: z.boolean(),
  claim: z.nullable(ClaimInfoSchema),
});
export type FindClaimResult = z.infer<typeof FindClaimResultSchema>;
