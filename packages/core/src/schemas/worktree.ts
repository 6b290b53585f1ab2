import * as z from "zod/mini";
import { TierSchema } from "./session.js";

const describe = z.describe;

/** A live session working in a worktree. */
export const WorktreeSessionSchema = z.object({
  session_id: z.string(),
  tier: TierSchema,
  host: z.string(),
  pid: z.nullable(z.int()),
  cwd: z.string(),
  me: z.boolean(),
});
export type WorktreeSession = z.infer<typeof WorktreeSessionSchema>;

export const WorktreeCheckResultSchema = z.object({
  path: z.string().check(describe("The path asked about")),
  worktree: z.string().check(describe("The top of the worktree it lies in (the path itself outside git)")),
  in_use: z.boolean().check(describe("True when a live session of this host works in it")),
  sessions: z.array(WorktreeSessionSchema),
  git_lock: z
    .nullable(z.object({ reason: z.string(), baton: z.boolean() }))
    .check(describe("git's own lock on the linked worktree (git worktree lock), if any")),
  lifted: z
    .optional(z.string())
    .check(describe("A baton lock of a session that is gone, lifted by this check: that session's id")),
});
export type WorktreeCheckResult = z.infer<typeof WorktreeCheckResultSchema>;
