import { isHolderProcessGone, isProcessGroupAlive, localHost } from "./platform/process-info.js";
import type { Thresholds } from "./schemas/config.js";
import type { SessionRecord } from "./schemas/session.js";
import { isGone, isTakeable, type Tier, tierForAge } from "./tiers.js";

/** A holder as judged by policy: its tier (null when it never registered), and whether what it holds may be taken. */
export interface HolderJudgement {
  tier: Tier | null;
  ageMs: number | null;
  /** Its locks and claims may be taken (stale past the stale threshold, abandoned or dead). */
  takeable: boolean;
  /** Taking needs a warning: the holder might still come back (stale, not abandoned or dead). */
  warn: boolean;
}

/** The tier of a session now: dead when its process is known gone, else by heartbeat age. */
export function sessionTier(
  session: SessionRecord,
  now: number,
  t: Thresholds,
): { tier: Tier; ageMs: number } {
  const ageMs = Math.max(0, now - Date.parse(session.last_heartbeat));
  return { tier: isHolderProcessGone(session) ? "dead" : tierForAge(ageMs, t), ageMs };
}

/** A process of this host recorded on a hold: the holder's pid, and the process group of what it runs. */
export interface HolderProcess {
  host: string;
  pid: number | null;
  pid_start: string | null;
  pgid?: number | null;
}

/** Whether the hold's process group (`baton run`'s command) still has a live member on this host. */
export function isHoldGroupAlive(process: HolderProcess): boolean {
  return process.pgid != null && process.host === localHost() && isProcessGroupAlive(process.pgid);
}

/**
 * Judges a holder from its own record (`process`: the host/pid that took the lock, if any, and the
 * group of the command it runs) and its session record. A live group keeps the hold alive whatever
 * the session's heartbeat says. `missingSessionIsDead`: claims always belong to registered
 * sessions, so a claim without one is orphaned; a lock may be taken by an unregistered shell and
 * is then kept by its TTL.
 */
export function judgeHolder(
  process: HolderProcess | null,
  session: SessionRecord | null,
  now: number,
  t: Thresholds,
  missingSessionIsDead: boolean,
): HolderJudgement {
  if (process && isHoldGroupAlive(process)) {
    const ageMs = session ? Math.max(0, now - Date.parse(session.last_heartbeat)) : null;
    return { tier: ageMs === null ? null : tierForAge(ageMs, t), ageMs, takeable: false, warn: false };
  }
  if (process && isHolderProcessGone(process))
    return { tier: "dead", ageMs: null, takeable: true, warn: false };
  if (!session) {
    return missingSessionIsDead
      ? { tier: "dead", ageMs: null, takeable: true, warn: false }
      : { tier: null, ageMs: null, takeable: false, warn: false };
  }
  const { tier, ageMs } = sessionTier(session, now, t);
  const takeable = isTakeable(tier, ageMs, t);
  return { tier, ageMs, takeable, warn: takeable && !isGone(tier) };
}
