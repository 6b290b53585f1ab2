import * as z from "zod/mini";
import { TierSchema } from "./session.js";

const isoTime = z.iso.datetime();
const describe = z.describe;

/** A file a worktree has changed, and since when. */
export const ChangedFileSchema = z.object({
  path: z.string().check(describe("Relative to the repository root")),
  since: z
    .nullable(isoTime)
    .check(
      describe("The first unpushed commit touching it, else its last change on disk; null when unknown"),
    ),
});
export type ChangedFile = z.infer<typeof ChangedFileSchema>;

/** What one live session's worktree has changed. */
export const SessionChangesSchema = z.object({
  session_id: z.string(),
  host: z.string(),
  tier: TierSchema,
  me: z.boolean(),
  worktree: z.nullable(z.string()),
  branch: z.nullable(z.string()),
  repo: z.nullable(z.string()).check(describe("Repository key, shared by its worktrees and clones")),
  inspected: z.boolean().check(describe("False for a session of another host, or a worktree that is gone")),
  base: z
    .nullable(z.string())
    .check(
      describe(
        "What unpushed commits are counted from: the upstream, origin/HEAD or the main worktree's branch",
      ),
    ),
  changed: z
    .array(ChangedFileSchema)
    .check(describe("Staged, unstaged, untracked, and in commits not on base")),
});
export type SessionChanges = z.infer<typeof SessionChangesSchema>;

/** A path changed in the worktrees of two or more live sessions of one repository. */
export const OverlapSchema = z.object({
  repo: z.string(),
  path: z.string(),
  sessions: z.array(
    z.object({
      session_id: z.string(),
      worktree: z.nullable(z.string()),
      branch: z.nullable(z.string()),
      since: z.nullable(isoTime),
      me: z.boolean(),
    }),
  ),
});
export type Overlap = z.infer<typeof OverlapSchema>;

export const OverlapsResultSchema = z.object({
  sessions: z.array(SessionChangesSchema),
  overlaps: z.array(OverlapSchema),
});
export type OverlapsResult = z.infer<typeof OverlapsResultSchema>;
