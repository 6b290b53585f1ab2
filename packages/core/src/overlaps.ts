import { statSync } from "node:fs";
import { sessionTier } from "./holder-policy.js";
import { localHost } from "./platform/process-info.js";
import { findRepository } from "./repository.js";
import type { Overlap, OverlapsResult, SessionChanges } from "./schemas/overlap.js";
import type { SessionContext } from "./session-context.js";
import { isGone } from "./tiers.js";
import { worktreeChanges } from "./worktree-changes.js";

/**
 * What each live session's worktree on this host has changed, and every path changed in the
 * worktrees of two or more live sessions of one repository. Each worktree is read once, however
 * many sessions work in it; sessions sharing a worktree do not overlap with each other.
 */
export async function findOverlaps(c: SessionContext): Promise<OverlapsResult> {
  const now = c.clock.now();
  const host = localHost();
  const live = (await c.driver.listSessions())
    .map((s) => ({ s, tier: sessionTier(s, now, c.config).tier }))
    .filter(({ tier }) => !isGone(tier))
    .sort(
      (a, b) => a.s.started_at.localeCompare(b.s.started_at) || a.s.session_id.localeCompare(b.s.session_id),
    );

  const inspected = new Map<
    string,
    Promise<Omit<SessionChanges, "session_id" | "host" | "tier" | "me" | "branch">>
  >();
  const inspect = (worktree: string) => {
    let found = inspected.get(worktree);
    if (!found) {
      found = (async () => {
        const repo = statSync(worktree, { throwIfNoEntry: false })?.isDirectory()
          ? await findRepository(worktree)
          : null;
        if (!repo) return { worktree, repo: null, inspected: false, base: null, changed: [] };
        const { base, changed } = await worktreeChanges(repo.root);
        return { worktree, repo: repo.key, inspected: true, base, changed };
      })();
      inspected.set(worktree, found);
    }
    return found;
  };

  const sessions: SessionChanges[] = await Promise.all(
    live.map(async ({ s, tier }) => {
      const who = {
        session_id: s.session_id,
        host: s.host,
        tier,
        me: s.session_id === c.sessionId,
        branch: s.branch,
      };
      if (s.host !== host || !s.worktree) {
        return { ...who, worktree: s.worktree, repo: null, inspected: false, base: null, changed: [] };
      }
      return { ...who, ...(await inspect(s.worktree)) };
    }),
  );

  const byPath = new Map<string, Overlap>();
  for (const s of sessions) {
    if (!s.repo) continue;
    for (const file of s.changed) {
      const key = `${s.repo}\n${file.path}`;
      const overlap = byPath.get(key) ?? { repo: s.repo, path: file.path, sessions: [] };
      byPath.set(key, overlap);
      overlap.sessions.push({
        session_id: s.session_id,
        worktree: s.worktree,
        branch: s.branch,
        since: file.since,
        me: s.me,
      });
    }
  }
  const overlaps = [...byPath.values()]
    .filter((o) => new Set(o.sessions.map((s) => s.worktree)).size > 1)
    .sort((a, b) => a.repo.localeCompare(b.repo) || a.path.localeCompare(b.path));
  return { sessions, overlaps };
}
