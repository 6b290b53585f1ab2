import { resolve } from "node:path";
import { pathMatches } from "./path-glob.js";
import { existingDirOf, findRepository, pathInWorktree, type Repository } from "./repository.js";
import { holderJudge, isExpired } from "./reservation-store.js";
import type { ReservationRecord } from "./schemas/records.js";
import type { CheckPathsResult, PathCheck } from "./schemas/reservation.js";
import type { SessionContext } from "./session-context.js";

/**
 * The edit-time check: for each path, the first reservation of another session that matches it
 * and whose holder is live (not dead, abandoned or stale past the stale threshold), if any.
 * Runs on every edit, so it asks the backend first and spawns git only when some repository has
 * reservations; each folder's repository and each repository's reservations are read once.
 */
export async function checkReservedPaths(c: SessionContext, paths: string[]): Promise<CheckPathsResult> {
  const absolute = paths.map((p) => resolve(c.cwd, p));
  const stored = new Set(await c.driver.listReservationRepositories());
  if (stored.size === 0) {
    return { free: true, paths: absolute.map((path) => ({ path, repo: null, relative: null, free: true })) };
  }
  const repos = new Map<string, Promise<Repository | null>>();
  const reservations = new Map<string, Promise<ReservationRecord[]>>();
  const judge = holderJudge(c);
  const now = c.clock.now();

  const one = async (path: string): Promise<PathCheck> => {
    const dir = existingDirOf(path);
    if (!repos.has(dir)) repos.set(dir, findRepository(dir));
    const repo = await repos.get(dir)!;
    const relative = repo ? pathInWorktree(repo.root, path) : null;
    if (!repo || relative === null || !stored.has(repo.key)) {
      return { path, repo: repo?.key ?? null, relative, free: true };
    }
    if (!reservations.has(repo.key)) {
      reservations.set(
        repo.key,
        c.driver.getReservations(repo.key).then((r) => r.reservations),
      );
    }
    for (const r of await reservations.get(repo.key)!) {
      if (r.session_id === c.sessionId || isExpired(r, now) || !pathMatches(r.pattern, relative)) continue;
      const judged = await judge(r.session_id);
      if (judged.takeable) continue;
      return {
        path,
        repo: repo.key,
        relative,
        free: false,
        held_by: r.session_id,
        pattern: r.pattern,
        shared: r.shared,
        holder_tier: judged.tier ?? "dead",
        worktree: r.worktree,
        reason: r.reason,
        expires_at: r.expires_at,
      };
    }
    return { path, repo: repo.key, relative, free: true };
  };

  const checked = await Promise.all(absolute.map(one));
  return { free: checked.every((p) => p.free), paths: checked };
}
