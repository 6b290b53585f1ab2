import { realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InvalidInputError } from "./errors.js";
import { gitOutput, worktreeRoot } from "./git.js";
import { judgeHolder, sessionTier } from "./holder-policy.js";
import { localHost } from "./platform/process-info.js";
import type { SessionRecord } from "./schemas/records.js";
import type { WorktreeCheckResult } from "./schemas/worktree.js";
import type { SessionContext } from "./session-context.js";
import { isGone } from "./tiers.js";

// While a live session works in a linked worktree, baton keeps it locked with git's own
// `git worktree lock`, so `git worktree remove` and `prune` refuse it. A lock is baton's when its
// reason is the one lockReason writes; any other lock is never touched.

const BATON_REASON = /^baton: session (\S+) \(/;

/** The reason baton locks a worktree with: it names the session, its host and its process. */
export function lockReason(session: Pick<SessionRecord, "session_id" | "host" | "pid">): string {
  return `baton: session ${session.session_id} (${session.host}, pid ${session.pid ?? "unknown"})`;
}

/** The session a baton lock reason names, or null for a lock baton did not set. */
export function lockHolder(reason: string): string | null {
  return BATON_REASON.exec(reason)?.[1] ?? null;
}

/** A linked worktree has a `.git` file, the main one a `.git` folder: a stat decides before any git runs. */
function looksLinked(root: string): boolean {
  return statSync(join(root, ".git"), { throwIfNoEntry: false })?.isFile() === true;
}

const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

/** git's lock on the linked worktree at `root`: null when it is not a linked worktree, else its reason or null when unlocked. */
async function lockOf(root: string): Promise<{ reason: string | null } | null> {
  if (!looksLinked(root)) return null;
  const listing = await gitOutput(root, ["worktree", "list", "--porcelain"]);
  if (listing === null) return null;
  const target = real(root);
  const entries = listing.split("\n\n").map((block) => block.split("\n"));
  // the first entry is the main worktree, never lockable
  for (const lines of entries.slice(1)) {
    if (lines[0] !== `worktree ${target}`) continue;
    const locked = lines.find((l) => l === "locked" || l.startsWith("locked "));
    return { reason: locked === undefined ? null : locked.slice("locked ".length) };
  }
  return null;
}

const lock = (root: string, reason: string) =>
  gitOutput(root, ["worktree", "lock", "--reason", reason, root]);
const unlock = (root: string) => gitOutput(root, ["worktree", "unlock", root]);

/** Whether the session is gone (dead, abandoned, ended): its lock may be lifted. */
async function isGoneSession(c: SessionContext, sessionId: string): Promise<boolean> {
  const session = await c.driver.getSession(sessionId);
  const judged = judgeHolder(null, session, c.clock.now(), c.config, true);
  return judged.takeable && !judged.warn;
}

/**
 * Locks the session's worktree for it when that is a linked worktree of this host and unlocked,
 * or locked by baton for a session that is gone. Never throws for git's sake.
 */
export async function holdWorktreeLock(c: SessionContext, session: SessionRecord): Promise<void> {
  if (!session.worktree || session.host !== localHost()) return;
  const state = await lockOf(session.worktree);
  if (!state) return;
  if (state.reason !== null) {
    const holder = lockHolder(state.reason);
    if (holder === null || holder === session.session_id || !(await isGoneSession(c, holder))) return;
    await unlock(session.worktree);
  }
  await lock(session.worktree, lockReason(session));
}

/**
 * Lifts the session's lock on its worktree (ended or found dead), and hands it to another live
 * session of this host working there, if one does. True when it lifted one.
 */
export async function liftWorktreeLock(c: SessionContext, session: SessionRecord): Promise<boolean> {
  if (!session.worktree || session.host !== localHost()) return false;
  const state = await lockOf(session.worktree);
  if (state?.reason == null || lockHolder(state.reason) !== session.session_id) return false;
  await unlock(session.worktree);
  const now = c.clock.now();
  const heir = (await c.driver.listSessions()).find(
    (s) =>
      s.session_id !== session.session_id &&
      s.host === session.host &&
      s.worktree === session.worktree &&
      !isGone(sessionTier(s, now, c.config).tier),
  );
  if (heir) await lock(session.worktree, lockReason(heir));
  return true;
}

/**
 * Which live sessions of this host work in the worktree containing `path`; a baton lock there of
 * a session that is gone is lifted on the way.
 */
export async function checkWorktree(c: SessionContext, path: string): Promise<WorktreeCheckResult> {
  const dir = resolve(c.cwd, path);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InvalidInputError(
      `invalid path ${JSON.stringify(path)}: no such folder; give a worktree's folder`,
      {
        field: "path",
      },
    );
  }
  const worktree = real((await worktreeRoot(dir)) ?? dir);
  const now = c.clock.now();
  const host = localHost();
  const sessions = (await c.driver.listSessions())
    .filter((s) => s.host === host && real(s.worktree ?? s.cwd) === worktree)
    .map((s) => ({ s, tier: sessionTier(s, now, c.config).tier }))
    .filter(({ tier }) => !isGone(tier))
    .map(({ s, tier }) => ({
      session_id: s.session_id,
      tier,
      host: s.host,
      pid: s.pid,
      cwd: s.cwd,
      me: s.session_id === c.sessionId,
    }));
  const state = await lockOf(worktree);
  const holder = state?.reason == null ? null : lockHolder(state.reason);
  let lifted: string | undefined;
  if (holder !== null && !sessions.some((s) => s.session_id === holder) && (await isGoneSession(c, holder))) {
    await unlock(worktree);
    lifted = holder;
  }
  return {
    path: dir,
    worktree,
    in_use: sessions.length > 0,
    sessions,
    git_lock: state?.reason == null || lifted ? null : { reason: state.reason, baton: holder !== null },
    ...(lifted ? { lifted } : {}),
  };
}
