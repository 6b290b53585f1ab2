import type { StandaloneEvent } from "./driver.js";
import { reportOverlaps } from "./overlap-reports.js";
import { findOverlaps } from "./overlaps.js";
import type { OverlapsResult } from "./schemas/overlap.js";
import type { WorktreeCheckResult } from "./schemas/worktree.js";
import type { SessionContext } from "./session-context.js";
import { checkWorktree } from "./worktree-locks.js";

/** Worktrees of live sessions: which are in use, and the files two of them both changed. */
export class WorktreesApi {
  /** The (path, session told, other session) pairs known to be told already. */
  private readonly told = new Set<string>();

  constructor(private readonly c: SessionContext) {}

  /** The live sessions of this host working in the worktree that contains `path`. */
  check(path: string): Promise<WorktreeCheckResult> {
    return checkWorktree(this.c, path);
  }

  /** What each live session's worktree changed, and the paths changed in two or more of them. */
  overlaps(): Promise<OverlapsResult> {
    return findOverlaps(this.c);
  }

  /**
   * Tells this session and the other of each path both their worktrees changed, once per pair
   * (`overlap.found`, a notice for each side); nothing when this session has no worktree.
   */
  reportOverlaps(): Promise<StandaloneEvent[]> {
    return reportOverlaps(this.c, this.told);
  }
}
